"""Screen a file of parties (CSV or Parquet in, CSV or Parquet out), streaming in fixed-size chunks.

Memory stays bounded whatever the file size: rows are read chunk by chunk, at most 2 chunks per worker
are in flight, and results are written as they come back, in input order (so the output is the same
for the same snapshot and settings, whatever the number of workers). A row that cannot be screened
(no name, unknown country) is reported with its line number and the rest are screened.
"""

from __future__ import annotations

import csv
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.screening.engine import ALERT_THRESHOLD, screen_with
from chipcontrols.screening.index import ScreeningIndex

OUTPUT_COLUMNS = [
    "line", "party_id", "party_name", "party_country", "status", "score", "matched_name", "list_name", "source",
    "entity_number", "federal_register_notice", "start_date", "license_requirement", "license_policy", "explanation",
    "snapshot_hash",
]
CHUNK = 2000


@dataclass
class BatchReport:
    rows_read: int = 0
    rows_screened: int = 0
    bad_rows: list[dict] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    hits_written: int = 0
    output: str = ""
    snapshot: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"rows_read": self.rows_read, "rows_screened": self.rows_screened, "bad_rows": self.bad_rows,
                "statuses": self.statuses, "hits_written": self.hits_written, "output": self.output, "snapshot": self.snapshot}


def _fmt(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError("Parquet files need pyarrow.", hint="pip install 'chipcontrols[parquet]', or use CSV.") from None
        return "parquet"
    if suffix in (".csv", ".txt", ""):
        return "csv"
    raise InputError(f"Cannot tell the format of {path.name}.", hint="Use a .csv or .parquet file.")


def _read_rows(path: Path, name_col: str) -> Iterator[tuple[int, dict]]:
    """(line number, row) pairs. CSV lines are physical line numbers (header = 1); Parquet rows count from 2
    so that messages read the same."""
    if _fmt(path) == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if not header or name_col not in header:
                raise InputError(f"{path.name} has no '{name_col}' column (columns: {', '.join(header or [])}).",
                                 hint="Name the column of party names with --name-column.")
            start = reader.line_num + 1
            for row in reader:
                line, start = start, reader.line_num + 1
                if len(row) != len(header):
                    yield line, {"__error__": f"{len(row)} cells, expected {len(header)}"}
                else:
                    yield line, dict(zip(header, row))
    else:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        if name_col not in pf.schema_arrow.names:
            raise InputError(f"{path.name} has no '{name_col}' column (columns: {', '.join(pf.schema_arrow.names)}).",
                             hint="Name the column of party names with --name-column.")
        line = 2
        for batch in pf.iter_batches(batch_size=CHUNK):
            for row in batch.to_pylist():
                yield line, {k: ("" if v is None else str(v)) for k, v in row.items()}
                line += 1


_WORKER_INDEX: ScreeningIndex | None = None


def _init_worker(index: ScreeningIndex | None) -> None:
    global _WORKER_INDEX
    if index is not None:
        _WORKER_INDEX = index


def _screen_chunk(args) -> list[tuple[int, list[dict] | None, str | None]]:
    chunk, cols, threshold = args
    name_col, country_col, address_col, id_col = cols
    index = _WORKER_INDEX
    out = []
    for line, row in chunk:
        if "__error__" in row:
            out.append((line, None, row["__error__"]))
            continue
        name = (row.get(name_col) or "").strip()
        if not name:
            out.append((line, None, f"empty '{name_col}'"))
            continue
        try:
            res = screen_with(index, name, row.get(country_col) or None, row.get(address_col) or None, threshold=threshold)
        except ChipControlsError as exc:
            out.append((line, None, exc.message))
            continue
        base = {"line": line, "party_id": row.get(id_col, "") if id_col else "", "party_name": name,
                "party_country": res.query["country"] or "", "snapshot_hash": index.snapshot.get("hash", "")}
        rows = []
        for h in res.hits:
            e = h.entry
            rows.append({**base, "status": h.status, "score": h.score, "matched_name": h.matched_name, "list_name": e["name"],
                         "source": e["source"], "entity_number": e["entity_number"] or e["uid"],
                         "federal_register_notice": e["federal_register_notice"], "start_date": e["start_date"],
                         "license_requirement": e["license_requirement"], "license_policy": e["license_policy"],
                         "explanation": h.explanation.get("summary", "")})
        if not rows:
            rows.append({**base, "status": "clear", "score": "", **{c: "" for c in OUTPUT_COLUMNS if c not in base and c not in ("status", "score")}})
        out.append((line, rows, None))
    return out


class _Writer:
    def __init__(self, path: Path):
        self.path, self.fmt = path, _fmt(path)
        self.tmp = path.with_name(path.name + ".partial")
        if self.fmt == "csv":
            self.fh = open(self.tmp, "w", encoding="utf-8", newline="")
            self.csv = csv.DictWriter(self.fh, fieldnames=OUTPUT_COLUMNS)
            self.csv.writeheader()
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            self.schema = pa.schema([(c, pa.float64() if c == "score" else pa.int64() if c == "line" else pa.string()) for c in OUTPUT_COLUMNS])
            self.pq = pq.ParquetWriter(self.tmp, self.schema)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.fmt == "csv":
            self.csv.writerows(rows)
        else:
            import pyarrow as pa

            cols = {c: [(r[c] if r[c] != "" else None) if c == "score" else r[c] for r in rows] for c in OUTPUT_COLUMNS}
            self.pq.write_table(pa.table(cols, schema=self.schema))

    def close(self, ok: bool) -> None:
        if self.fmt == "csv":
            self.fh.close()
        else:
            self.pq.close()
        if ok:
            self.tmp.replace(self.path)  # the output appears whole or not at all
        else:
            self.tmp.unlink(missing_ok=True)


def _chunks(rows: Iterator[tuple[int, dict]], size: int) -> Iterator[list[tuple[int, dict]]]:
    chunk = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_file(index: ScreeningIndex, input_path: str | Path, output_path: str | Path, name_column: str = "name",
                country_column: str = "country", address_column: str = "address", id_column: str | None = "id",
                threshold: float = ALERT_THRESHOLD, workers: int = 1, chunk_size: int = CHUNK,
                progress: Callable[[int], None] | None = None) -> BatchReport:
    src, dst = Path(input_path), Path(output_path)
    if not src.exists():
        raise InputError(f"Input file {src} does not exist.", hint="Give a CSV or Parquet file with a 'name' column.")
    if src.resolve() == dst.resolve():
        raise InputError("The output file is the input file.", hint="Write hits to another path with -o.")
    _fmt(dst)
    rows = _read_rows(src, name_column)
    first = next(rows, None)  # header errors surface before anything is written
    report = BatchReport(output=str(dst), snapshot=index.snapshot)
    cols = (name_column, country_column, address_column, id_column)

    def all_rows():
        if first is not None:
            yield first
        yield from rows

    writer = _Writer(dst)
    ok = False
    try:
        tasks = ((c, cols, threshold) for c in _chunks(all_rows(), chunk_size))
        for results in _run(index, tasks, workers):
            for line, out_rows, error in results:
                report.rows_read += 1
                if error:
                    report.bad_rows.append({"line": line, "error": error})
                    continue
                report.rows_screened += 1
                status = out_rows[0]["status"] if out_rows[0]["status"] == "clear" else (
                    "confirmed_match" if any(r["status"] == "confirmed_match" for r in out_rows) else "possible_match")
                report.statuses[status] = report.statuses.get(status, 0) + 1
                if status != "clear":
                    report.hits_written += len(out_rows)
                writer.write(out_rows)
            if progress:
                progress(len(results))
        ok = True
    finally:
        writer.close(ok)
    report.statuses = dict(sorted(report.statuses.items()))
    return report


def _run(index: ScreeningIndex, tasks, workers: int):
    if workers <= 1:
        _init_worker(index)
        for t in tasks:
            yield _screen_chunk(t)
        return
    ctx = mp.get_context("fork")  # workers inherit the built index (copy-on-write), no re-pickling
    global _WORKER_INDEX
    _WORKER_INDEX = index
    with ctx.Pool(workers) as pool:
        window: deque = deque()
        for t in tasks:
            window.append(pool.apply_async(_screen_chunk, (t,)))
            if len(window) >= 2 * workers:  # bounded: never more than 2 chunks per worker in flight
                yield window.popleft().get()
        while window:
            yield window.popleft().get()
