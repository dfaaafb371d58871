"""Dated list snapshots in an embedded SQLite file under chipcontrols.paths.data_dir().

Each load makes a new snapshot = the entries of the file just read + the entries of the other feed(s)
still in force (loading OFAC's SDN files does not drop the CSL, and vice versa). A snapshot records a
SHA-256 content hash and per-source row counts. Guard: a load that loses a whole source, or more than
half of a source's rows, compared with the snapshot in force, is refused and nothing is written.
Everything is written in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from chipcontrols.errors import InputError
from chipcontrols.paths import data_dir
from chipcontrols.screening.csl_loader import ListFileError, read_csl_csv, read_csl_json
from chipcontrols.screening.ofac_loader import read_ofac_legacy
from chipcontrols.screening.records import ListEntry

SHRINK_LIMIT = 0.5  # refuse when a source keeps fewer than half its rows
MIN_ROWS_FOR_SHRINK_RULE = 10

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    files TEXT NOT NULL,
    counts TEXT NOT NULL,
    warnings TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS entries (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
    uid TEXT NOT NULL,
    feed TEXT NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, uid)
);
"""


class SnapshotRefused(InputError):
    code = "snapshot_refused"


def store_path() -> Path:
    return data_dir() / "screening.sqlite"


def _connect() -> sqlite3.Connection:
    con = sqlite3.connect(store_path())
    con.executescript(SCHEMA)
    return con


def read_list_file(path: str | Path, fmt: str | None = None, drop_cut_last_row: bool = False, warnings: list[str] | None = None) -> list[ListEntry]:
    """Any supported list file -> entries. fmt: csl-csv, csl-json, ofac-legacy (guessed from the name)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"List file {p} does not exist.", hint="Give the path of the downloaded CSL CSV/JSON or OFAC sdn.csv.")
    if fmt is None:
        name = p.name.lower()
        if p.is_dir() or name == "sdn.csv":
            fmt = "ofac-legacy"
        elif name.endswith(".json"):
            fmt = "csl-json"
        elif name.endswith(".csv"):
            fmt = "csl-csv"
        else:
            raise InputError(f"Cannot tell what list {p.name} is.", hint="Pass --format csl-csv, csl-json or ofac-legacy.")
    if fmt == "csl-csv":
        return read_csl_csv(p, drop_cut_last_row, warnings)
    if fmt == "csl-json":
        return read_csl_json(p)
    if fmt == "ofac-legacy":
        return read_ofac_legacy(p)
    raise InputError(f"Unknown list format '{fmt}'.", hint="Use csl-csv, csl-json or ofac-legacy.")


def content_hash(entries: list[ListEntry]) -> str:
    h = hashlib.sha256()
    for e in sorted(entries, key=lambda e: (e.feed, e.uid)):
        h.update(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def source_counts(entries: list[ListEntry]) -> dict[str, int]:
    return dict(sorted(Counter(f"{e.feed}:{e.source}" for e in entries).items()))


def guard(old_counts: dict[str, int], new_counts: dict[str, int], feeds: set[str]) -> list[str]:
    """Reasons to refuse the new snapshot (empty list: accept)."""
    problems = []
    for key, old in old_counts.items():
        if key.split(":", 1)[0] not in feeds:
            continue
        new = new_counts.get(key, 0)
        source = key.split(":", 1)[1]
        if new == 0:
            problems.append(f"it loses the whole source '{source}' ({old} rows in the snapshot in force)")
        elif old >= MIN_ROWS_FOR_SHRINK_RULE and new < old * SHRINK_LIMIT:
            problems.append(f"source '{source}' shrinks from {old} to {new} rows (more than half lost)")
    return problems


def load_list(path: str | Path, fmt: str | None = None, force: bool = False, drop_cut_last_row: bool = False) -> dict:
    """Read a list file and make it part of a new current snapshot. Returns the snapshot summary."""
    warnings: list[str] = []
    new_entries = read_list_file(path, fmt, drop_cut_last_row, warnings)
    feeds = {e.feed for e in new_entries}
    uids = [e.uid for e in new_entries]
    if len(set(uids)) != len(uids):
        dupes = sorted(u for u, n in Counter(uids).items() if n > 1)[:5]
        warnings.append(f"{len(uids) - len(set(uids))} duplicate entry ids kept once: {', '.join(dupes)}")
        new_entries = list({e.uid: e for e in new_entries}.values())
    with closing(_connect()) as con:
        cur = con.execute("SELECT id, counts FROM snapshots WHERE is_current = 1").fetchone()
        kept: list[ListEntry] = []
        if cur:
            old_counts = json.loads(cur[1])
            problems = guard(old_counts, source_counts(new_entries), feeds)
            if problems and not force:
                raise SnapshotRefused(
                    f"Refused {Path(path).name}: " + "; ".join(problems) + f". Snapshot {cur[0]} stays in force.",
                    hint="Check the download (an outage can drop a list). If the change is real, load again with --force.",
                    problems=problems,
                )
            if problems:
                warnings += [f"forced past the guard: {p}" for p in problems]
            kept = [ListEntry.from_dict(json.loads(d)) for (d,) in con.execute(
                "SELECT data FROM entries WHERE snapshot_id = ? AND feed NOT IN (%s)" % ",".join("?" * len(feeds)),
                (cur[0], *sorted(feeds)))]
        entries = kept + new_entries
        digest = content_hash(entries)
        if cur and con.execute("SELECT hash FROM snapshots WHERE id = ?", (cur[0],)).fetchone()[0] == digest:
            return {**_summary(con, cur[0]), "unchanged": True}
        files = {"path": str(Path(path).resolve()), "feeds": sorted(feeds), "file_sha256": _file_hash(Path(path))}
        with con:  # one transaction: all or nothing
            con.execute("UPDATE snapshots SET is_current = 0")
            sid = con.execute(
                "INSERT INTO snapshots (hash, loaded_at, files, counts, warnings, is_current) VALUES (?, ?, ?, ?, ?, 1)",
                (digest, datetime.now(timezone.utc).isoformat(timespec="seconds"), json.dumps(files),
                 json.dumps(source_counts(entries)), json.dumps(warnings)),
            ).lastrowid
            con.executemany(
                "INSERT INTO entries (snapshot_id, uid, feed, source, data) VALUES (?, ?, ?, ?, ?)",
                [(sid, e.uid, e.feed, e.source, json.dumps(e.to_dict(), ensure_ascii=False)) for e in entries],
            )
        return {**_summary(con, sid), "unchanged": False}


def _file_hash(p: Path) -> str:
    if p.is_dir():
        p = p / "sdn.csv"
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _summary(con: sqlite3.Connection, sid: int) -> dict:
    row = con.execute("SELECT id, hash, loaded_at, files, counts, warnings, is_current FROM snapshots WHERE id = ?", (sid,)).fetchone()
    counts = json.loads(row[4])
    return {"id": row[0], "hash": row[1], "loaded_at": row[2], "files": json.loads(row[3]), "counts": counts,
            "total_entries": sum(counts.values()), "warnings": json.loads(row[5]), "current": bool(row[6])}


def status() -> dict:
    if not store_path().exists():
        return {"store": str(store_path()), "current": None, "snapshots": []}
    with closing(_connect()) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM snapshots ORDER BY id")]
        snaps = [_summary(con, i) for i in ids]
    return {"store": str(store_path()), "current": next((s for s in snaps if s["current"]), None), "snapshots": snaps}


def current_hash() -> str | None:
    """The content hash of the snapshot in force (one indexed read: cheap enough to ask on every screen)."""
    if not store_path().exists():
        return None
    with closing(_connect()) as con:
        row = con.execute("SELECT hash FROM snapshots WHERE is_current = 1").fetchone()
    return row[0] if row else None


def current_snapshot() -> tuple[dict, list[ListEntry]] | None:
    if not store_path().exists():
        return None
    with closing(_connect()) as con:
        cur = con.execute("SELECT id FROM snapshots WHERE is_current = 1").fetchone()
        if not cur:
            return None
        entries = [ListEntry.from_dict(json.loads(d)) for (d,) in con.execute("SELECT data FROM entries WHERE snapshot_id = ? ORDER BY feed, uid", (cur[0],))]
        return _summary(con, cur[0]), entries


def _resolve(con: sqlite3.Connection, ref: str) -> int:
    ref = str(ref).strip()
    if ref.isdigit():
        row = con.execute("SELECT id FROM snapshots WHERE id = ?", (int(ref),)).fetchone()
    else:
        rows = con.execute("SELECT id FROM snapshots WHERE hash LIKE ?", (ref + "%",)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if not row:
        raise InputError(f"No snapshot '{ref}'.", hint="Use an id or a hash prefix shown by `chipcontrols lists status`.")
    return row[0]


DIFF_FIELDS = ("name", "aliases", "addresses", "countries", "federal_register_notice", "start_date", "license_requirement", "license_policy", "programs", "kind")


def diff(old: str, new: str) -> dict:
    """Entries added, removed and changed (field by field) between two snapshots."""
    if not store_path().exists():
        raise InputError("No list snapshots yet.", hint="Load one with `chipcontrols lists load FILE`.")
    with closing(_connect()) as con:
        a, b = _resolve(con, old), _resolve(con, new)

        def entries(sid):
            return {uid: json.loads(d) for uid, d in con.execute("SELECT uid, data FROM entries WHERE snapshot_id = ?", (sid,))}

        ea, eb = entries(a), entries(b)
    brief = lambda d: {"uid": d["uid"], "source": d["source"], "name": d["name"]}  # noqa: E731
    changed = []
    for uid in sorted(set(ea) & set(eb)):
        fields = {f: {"old": ea[uid].get(f), "new": eb[uid].get(f)} for f in DIFF_FIELDS if ea[uid].get(f) != eb[uid].get(f)}
        if fields:
            changed.append({**brief(eb[uid]), "fields": fields})
    return {
        "old": a, "new": b,
        "added": [brief(eb[u]) for u in sorted(set(eb) - set(ea))],
        "removed": [brief(ea[u]) for u in sorted(set(ea) - set(eb))],
        "changed": changed,
        "counts": {"added": len(set(eb) - set(ea)), "removed": len(set(ea) - set(eb)), "changed": len(changed)},
    }


__all__ = ["ListFileError", "SnapshotRefused", "load_list", "status", "diff", "current_snapshot", "read_list_file"]
