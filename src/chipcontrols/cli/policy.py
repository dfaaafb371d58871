"""CLI verbs of the policy lab: whatif, loopholes, stock. Thin: each prints what chipcontrols.policy returns."""

from __future__ import annotations

from typing import Optional

import typer
from rich.table import Table

from chipcontrols import policy
from chipcontrols.cli.support import console, emit_json, handle_errors
from chipcontrols.charting import chart_path
from chipcontrols.policy.charts import PNG_ONLY, frontier_chart, stock_chart


def register(app: typer.Typer) -> None:
    app.command("whatif")(whatif)
    app.command("loopholes")(loopholes)
    app.command("stock")(stock)


def _value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return "; ".join(_value(x) for x in v) or "-"
    if isinstance(v, dict):
        if set(v) == {"metric", "op", "value"}:
            return f"{v['metric']} {v['op']} {_value(v['value'])}"
        if "value" in v and "effective" in v:
            span = f"{v['effective']}" + (f" to {v['ends']}" if v.get("ends") else " on")
            return f"{v['value']:,} ({span})" if isinstance(v["value"], int | float) else f"{v['value']} ({span})"
        return ", ".join(f"{k}={_value(x)}" for k, x in v.items() if x is not None)
    return f"{v:,}" if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


@handle_errors
def whatif(
    reform: list[str] = typer.Argument(..., help="Reform YAML file(s); several stack, applied in order."),
    date: Optional[str] = typer.Option(None, "--date", help="Compare on this date (default: the latest the reform needs)."),
    baseline: list[str] = typer.Option([], "--baseline", help="Reform file(s) forming the baseline (default: the pack)."),
    orders: Optional[str] = typer.Option(None, "--orders", help="CSV: chip, quantity, destination, date[, exporter, end_user_hq]."),
    destination: list[str] = typer.Option([], "--destination", help="Reference destinations (default: a built-in set)."),
    chip: list[str] = typer.Option([], "--chip", help="Reference chips (default: the whole catalog)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON result."),
) -> None:
    """What a reform changes: the reform sheet, chips whose classification flips, destinations whose treatment changes."""
    result = policy.whatif(reform, date=date, baseline=baseline or None, orders=orders, destinations=destination or None,
                           chips=chip or None)
    if as_json:
        emit_json(result)
        return
    for r in result["reforms"]:
        console.print(f"[bold]Reform[/] {r['id']} ({r['hash']}): {r['title']}", highlight=False)
    base = ", ".join(r["id"] for r in result["baseline"]["reforms"]) or "rules pack"
    console.print(f"Baseline: {base} ({result['baseline']['rules_pack_hash']}); reformed pack "
                  f"{result['reform_rules_pack_hash']}; compared on {result['as_of']}\n", highlight=False)
    sheet = Table(title="Reform sheet", show_lines=True)
    for column in ("change", "path", "baseline", "reform", "replaces"):
        sheet.add_column(column, overflow="fold")
    for e in result["sheet"]:
        replaces = "; ".join(filter(None, (c.get("fr") or c.get("cfr") or c["title"] for c in e["replaces_citations"])))
        sheet.add_row(e["kind"], e["path"], _value(e["baseline"]), _value(e["reform"]), replaces or "-")
    console.print(sheet)
    for c in result["conflicts"]:
        console.print(f"[yellow]Conflict[/] on {c['target']}: {c['resolution']}.", highlight=False)
    if result["classification_flips"]:
        table = Table(title=f"Classification flips on {result['as_of']}")
        for column in ("chip", "TPP", "PD", "baseline", "reform"):
            table.add_column(column)
        for f in result["classification_flips"]:
            table.add_row(f["chip"], _value(f["tpp"]), _value(f["pd"]), f["baseline"]["paragraph"] or "not 3A090",
                          f["reform"]["paragraph"] or "not 3A090")
        console.print(table)
    else:
        console.print("No chip's ECCN classification changes on that date.")
    if result["treatment_changes"]:
        table = Table(title="Destinations whose treatment changes (reference chips)")
        for column in ("destination", "chip", "baseline", "reform"):
            table.add_column(column)
        for d in result["treatment_changes"]:
            for c in d["chips"]:
                table.add_row(d["destination"], c["chip"], _treatment(c["baseline"]), _treatment(c["reform"]))
        console.print(table)
    console.print(f"Unchanged: {', '.join(result['unchanged_destinations']) or '-'}", highlight=False)
    if result["orders"] is not None:
        totals = result["orders"]["totals"]
        console.print(f"\n[bold]Order book[/]: {totals['flipped_lines']} of {totals['lines']} lines flip, carrying "
                      f"{totals['flipped_quantity']:,} chips = TPP {totals['flipped_tpp']:,.0f} = "
                      f"{totals['flipped_h100e']:,.1f} H100e (H100 TPP {result['orders']['h100_reference']['tpp']:,.0f})"
                      + (f"; {totals['unknown_tpp_lines']} flipped line(s) of unknown TPP not in the compute total"
                         if totals["unknown_tpp_lines"] else "") + ".", highlight=False)
        for line in result["orders"]["flipped"]:
            console.print(f"  line {line['line']}: {line['quantity']} x {line['chip']} to {line['destination']} on "
                          f"{line['date']}: {_treatment(line['baseline'])} -> {_treatment(line['reform'])} "
                          f"({_value(line['h100e'])} H100e)", highlight=False)
    console.print("[dim]Assumed for the reference set: " + " ".join(result["reference"]["assumptions"]) + "[/]",
                  highlight=False)


def _treatment(t: dict) -> str:
    text = t["outcome"].replace("_", " ")
    if t["review_policy"]:
        text += f" ({t['review_policy'].replace('_', ' ')})"
    if t["license_exceptions"]:
        text += f" [{', '.join(t['license_exceptions'])}]"
    return text


@handle_errors
def loopholes(
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD: the rules in force on this date."),
    destination: str = typer.Option("CN", "--destination", help="ISO 3166-1 alpha-2 destination."),  # in code: the view's default destination, an input default
    margin: float = typer.Option(0.1, "--margin", help="Report catalog chips within this fraction under a line."),
    reform: list[str] = typer.Option([], "--reform", help="Apply reform file(s) first (a reform moves the frontier)."),
    plot: Optional[str] = typer.Option(None, "--plot", help="Write the frontier chart to this PNG."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON result."),
) -> None:
    """Designs that escape control for a destination on a date, and catalog chips designed to the line."""
    if plot:
        chart_path(plot, PNG_ONLY)
    result = policy.loopholes(date, destination, margin, reform=reform or None)
    chart = frontier_chart(result, plot) if plot else None
    if as_json:
        emit_json(result)
        return
    console.print(f"[bold]Loopholes for {result['destination']} on {result['as_of']}[/] (rules {result['rules_pack_hash']})",
                  highlight=False)
    table = Table(title="Frontier: the best a free design can have (die areas where a limit changes)")
    for column in ("die area", "datacenter", "max TPP", "PD there", "max interconnect", "max memory bw", "next step"):
        table.add_column(column)
    for p in _breakpoints(result["frontier"]):
        binding = p["binding"]
        table.add_row(f"{p['die_area_mm2']:.0f}", "yes" if p["datacenter"] else "no", _limit(p["tpp"]),
                      _value(p["pd_at_max_tpp"]), _limit(p["interconnect_bw_gbs"]), _limit(p["memory_bw_gbs"]),
                      f"{binding['eccn'] or binding['outcome']}" if binding else "-")
    console.print(table)
    for key, pattern in result["patterns"].items():
        console.print(f"\n[bold]{key}[/]: {pattern['description']}", highlight=False)
        for c in pattern["chips"]:
            console.print("  " + _chip_line(c), highlight=False)
    console.print(f"\n[bold]Within {result['margin']:.0%} under a line[/]")
    for c in result["near_line"]:
        console.print("  " + _chip_line(c), highlight=False)
    for letter in result["party_specific_letters"]:
        console.print(f"[dim]Also binding {letter['addressee']} only: {letter['title']}[/]", highlight=False)
    if chart:
        console.print(f"Chart: {chart}", highlight=False)


def _breakpoints(frontier: list[dict]) -> list[dict]:
    """The first and last die area of each datacenter status, and every area where a limit changes."""
    def key(p):
        return tuple(_limit(p[k]) for k in ("tpp", "interconnect_bw_gbs", "memory_bw_gbs"))

    shown = []
    for status in (True, False):
        rows = [p for p in frontier if p["datacenter"] == status]
        for i, p in enumerate(rows):
            edge = i in (0, len(rows) - 1)
            if edge or key(p) != key(rows[i - 1]) or key(p) != key(rows[i + 1]):
                shown.append(p)
    return shown


def _limit(line: dict | None) -> str:
    if line is None:
        return "-"
    if line["unbounded"]:
        return "no limit"
    return f"< {line['line']:,.2f}"


def _chip_line(c: dict) -> str:
    parts = []
    for dim, h in c["headroom"].items():
        if h["status"] == "below_line":
            parts.append(f"{dim} {h['value']:,} is {h['below_pct']:.1f}% under {h['line']:,}")
        elif h["status"] == "unconstrained":
            parts.append(f"{dim} {h['value']:,} free")
    later = f", released {c['release_date']}" if c.get("released_by_date") is False else ""
    return f"{c['chip']} ({c['vendor']}, {c['h100e']:.2f} H100e{later}): " + "; ".join(parts)


@handle_errors
def stock(
    scenario: str = typer.Argument(..., help="Scenario YAML, flows CSV (year, country, chip, low, central, high, "
                                   "source), or shipments CSV (chip, quantity, destination, date)."),
    country: Optional[str] = typer.Option(None, "--country", help="Only this country."),
    life: Optional[int] = typer.Option(None, "--life", help="Years a chip stays installed (default: the scenario's)."),
    samples: int = typer.Option(2000, "--samples", help="Monte Carlo draws."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same answer)."),
    plot: Optional[str] = typer.Option(None, "--plot", help="Write the stock chart to this PNG."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON result."),
) -> None:
    """Installed AI compute by country over time (H100e), with Monte Carlo intervals; estimates, cited."""
    if plot:
        chart_path(plot, PNG_ONLY)
    result = policy.stock(scenario, country=country, life_years=life, samples=samples, seed=seed)
    chart = stock_chart(result, plot) if plot else None
    if as_json:
        emit_json(result)
        return
    console.print(f"[bold]{result['scenario']['title']}[/]\n[yellow]{result['scenario']['label']}[/] Retirement after "
                  f"{result['life_years']} years. {result['life_note'] or ''}", highlight=False)
    for c, rows in result["stock"].items():
        table = Table(title=f"{c}: installed compute (H100e)")
        for column in ("year", "installed (central)", f"{result['method']['interval']:.0%} interval", "shipped (cum.)",
                       "retired (cum.)", "installed units"):
            table.add_column(column, justify="right")
        for r in rows:
            lo, hi = r["installed_h100e_interval"]
            table.add_row(str(r["year"]), f"{r['installed_h100e']:,.0f}", f"{lo:,.0f} - {hi:,.0f}",
                          f"{r['shipped_h100e']:,.0f}", f"{r['retired_h100e']:,.0f}", f"{r['installed_units']:,}")
        console.print(table)
    console.print("[bold]Flows[/]")
    for f in result["flows"]:
        console.print(f"  {f['year']} {f['country']} {f['chip']}: {f['low']:,} / {f['central']:,} / {f['high']:,} "
                      f"({f['central_h100e']:,.0f} H100e central) - {f['source']}", highlight=False)
    for p in result["reference_points"]:
        console.print(f"  reference {p['year']} {p['country']}: {p['label']}: {p['h100e']:,.0f} H100e - {p['source']}",
                      highlight=False)
    if chart:
        console.print(f"Chart: {chart}", highlight=False)
