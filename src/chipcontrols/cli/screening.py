"""CLI verbs for screening: `lists load|status|diff` and `screen` (one name or a whole file)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from chipcontrols.cli.support import console, emit_json, handle_errors
from chipcontrols.errors import InputError

lists_app = typer.Typer(help="Official screening lists: load snapshots, see what is in force, compare.", no_args_is_help=True)


@lists_app.command("load")
@handle_errors
def lists_load(
    file: Path = typer.Argument(..., help="CSL CSV or JSON from trade.gov, or OFAC's legacy sdn.csv (alt.csv, add.csv beside it)."),
    fmt: str = typer.Option(None, "--format", help="csl-csv, csl-json or ofac-legacy (default: from the file name)."),
    force: bool = typer.Option(False, "--force", help="Accept a snapshot that loses a source or most of one."),
    drop_cut_last_row: bool = typer.Option(False, "--drop-cut-last-row", help="Accept a CSL CSV whose only fault is a last row cut short (recorded as a warning)."),
    as_json: bool = typer.Option(False, "--json", help="Print the snapshot as JSON."),
):
    """Load a list file as a new dated snapshot (refused if it loses a whole source or most of one)."""
    from chipcontrols.screening import load_list

    snap = load_list(file, fmt=fmt, force=force, drop_cut_last_row=drop_cut_last_row)
    if as_json:
        emit_json(snap)
        return
    verb = "unchanged, still" if snap["unchanged"] else "now"
    console.print(f"Snapshot {snap['id']} is {verb} in force: {snap['total_entries']} entries, hash {snap['hash'][:16]}…")
    _print_counts(snap["counts"])
    for w in snap["warnings"]:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)


def _print_counts(counts: dict) -> None:
    table = Table("feed", "source", "rows")
    for key, n in counts.items():
        feed, source = key.split(":", 1)
        table.add_row(feed, source, str(n))
    console.print(table)


@lists_app.command("status")
@handle_errors
def lists_status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """The snapshot in force and the ones before it."""
    from chipcontrols.screening import status

    st = status()
    if as_json:
        emit_json(st)
        return
    if not st["current"]:
        console.print("No list loaded: screening uses the bundled sample of real entries. Load lists with `chipcontrols lists load FILE`.")
        return
    cur = st["current"]
    console.print(f"In force: snapshot {cur['id']} loaded {cur['loaded_at']}, {cur['total_entries']} entries, hash {cur['hash']}")
    _print_counts(cur["counts"])
    for s in st["snapshots"]:
        console.print(f"  {'*' if s['current'] else ' '} {s['id']:>3}  {s['loaded_at']}  {s['total_entries']:>6} entries  {s['hash'][:16]}  {s['files']['path']}", highlight=False)


@lists_app.command("diff")
@handle_errors
def lists_diff(old: str = typer.Argument(..., help="Snapshot id or hash prefix."), new: str = typer.Argument(..., help="Snapshot id or hash prefix."),
               as_json: bool = typer.Option(False, "--json", help="Print JSON.")):
    """Entries added, removed and changed between two snapshots."""
    from chipcontrols.screening import diff

    d = diff(old, new)
    if as_json:
        emit_json(d)
        return
    console.print(f"Snapshot {d['old']} -> {d['new']}: {d['counts']['added']} added, {d['counts']['removed']} removed, {d['counts']['changed']} changed")
    for label, items in (("+", d["added"]), ("-", d["removed"])):
        for e in items[:50]:
            console.print(f"  {label} {e['name']}  [dim]({e['source']})[/]", highlight=False)
    for c in d["changed"][:50]:
        console.print(f"  ~ {c['name']}: {', '.join(c['fields'])}", highlight=False)


@handle_errors
def screen_cmd(
    name: str = typer.Argument(None, help="The party's name, as written on the order."),
    country: str = typer.Option(None, "--country", help="The party's country (ISO-2 such as CN, or a name)."),
    address: str = typer.Option(None, "--address", help="The party's address; listed addresses are matched too."),
    file: Path = typer.Option(None, "--file", help="Screen every row of a CSV or Parquet file (columns: name, and optionally id, country, address)."),
    output: Path = typer.Option(None, "-o", "--output", help="Where to write hits for --file (.csv or .parquet)."),
    name_column: str = typer.Option("name", "--name-column", help="Column holding party names in --file."),
    workers: int = typer.Option(1, "--workers", help="Processes for --file (output order and content do not depend on it)."),
    limit: int = typer.Option(10, "--limit", help="Most hits to show."),
    threshold: float = typer.Option(None, "--threshold", help="Alert threshold (default 0.80)."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly what the Python API returns."),
):
    """Screen a party (or a file of parties) against the restricted-party lists in force."""
    from chipcontrols import screening
    from chipcontrols.screening.engine import ALERT_THRESHOLD

    threshold = ALERT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"--threshold {threshold} is outside (0, 1].", hint="Use e.g. 0.8.")
    if file is not None:
        if name:
            raise InputError("Give a name or --file, not both.", hint="Screen one party by name, or many with --file.")
        if output is None:
            raise InputError("--file needs -o OUTPUT.", hint="e.g. chipcontrols screen --file parties.csv -o hits.csv")
        return _screen_file(screening, file, output, name_column, workers, threshold, as_json)
    if not name:
        raise InputError("No party name given.", hint='chipcontrols screen "Hefei Bitland Information Technology Co Ltd" --country CN')
    result = screening.screen(name, country=country, address=address, limit=limit, threshold=threshold)
    if as_json:
        emit_json(result.to_dict())
        return
    snap = result.snapshot
    colour = {"clear": "green", "possible_match": "yellow", "confirmed_match": "bold red"}[result.status]
    console.print(f"[{colour}]{result.status.replace('_', ' ').upper()}[/]  {name}" + (f" ({result.query['country']})" if result.query["country"] else ""), highlight=False)
    console.print(f"[dim]lists: {snap.get('origin')} {str(snap.get('hash'))[:16]}, {snap.get('total_entries')} entries; alert threshold {threshold}[/]", highlight=False)
    for i, h in enumerate(result.hits, 1):
        e = h.entry
        console.print(f"\n{i}. [bold]{e['name']}[/]  score {h.score:.2f}  [{'bold red' if h.status == 'confirmed_match' else 'yellow'}]{h.status}[/]", highlight=False)
        console.print(f"   {e['source']}" + (f", entry {e['entity_number']}" if e["entity_number"] else ""), highlight=False)
        if e["federal_register_notice"]:
            console.print(f"   Federal Register: {e['federal_register_notice']} (effective {e['start_date'] or 'n/a'})", highlight=False)
        if e["license_requirement"]:
            console.print(f"   License requirement: {e['license_requirement']}", highlight=False)
        if e["license_policy"]:
            console.print(f"   License policy: {e['license_policy']}", highlight=False)
        if e["addresses"]:
            console.print(f"   Address: {e['addresses'][0]}" + (f" (+{len(e['addresses']) - 1} more)" if len(e["addresses"]) > 1 else ""), highlight=False)
        console.print(f"   Why: {h.explanation.get('summary', '')}", highlight=False)
        pairs = h.explanation.get("token_pairs") or []
        if pairs:
            console.print("   Tokens: " + ", ".join(f"{p['query']}~{p['list']} {p['similarity']:.2f} ({p['how']})" for p in pairs), highlight=False)


def _screen_file(screening, file: Path, output: Path, name_column: str, workers: int, threshold: float, as_json: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from chipcontrols.screening.batch import screen_file

    index = screening.default_index()
    total = _count_rows(file)
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True,
                  console=console, disable=as_json or not console.is_terminal) as progress:
        task = progress.add_task("screen", total=total)
        report = screen_file(index, file, output, name_column=name_column, threshold=threshold, workers=max(1, workers),
                             progress=lambda n: progress.advance(task, n))
    if as_json:
        emit_json(report.to_dict())
        return
    console.print(f"Screened {report.rows_screened} of {report.rows_read} rows -> {output}: " +
                  ", ".join(f"{k} {v}" for k, v in report.statuses.items()), highlight=False)
    for bad in report.bad_rows[:20]:
        console.print(f"[yellow]line {bad['line']}:[/] {bad['error']} (not screened)", highlight=False)
    if len(report.bad_rows) > 20:
        console.print(f"[yellow]… and {len(report.bad_rows) - 20} more bad rows[/]")


def _count_rows(file: Path) -> int | None:
    try:
        if file.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.ParquetFile(file).metadata.num_rows
        with open(file, "rb") as fh:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1, 0)
    except OSError:
        return None


def register(app: typer.Typer) -> None:
    app.add_typer(lists_app, name="lists")
    app.command("screen")(screen_cmd)
