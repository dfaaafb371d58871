"""CLI verbs of the engine: check, classify, chips, demo, web (`rules` and `timeline` are in rules.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
import yaml
from rich.markup import escape
from rich.table import Table

import chipcontrols
from chipcontrols.rules import explain
from chipcontrols.cli.support import console, emit_json, handle_errors
from chipcontrols.errors import InputError
from chipcontrols.model.chip import PRECISION_BITS

OUTCOME_STYLE = {"no_license_required": "green", "license_exception": "yellow", "license_required": "red",
                 "indeterminate": "magenta"}
SCENARIO = Path(__file__).parent.parent / "scenarios" / "deepseek_story.yaml"


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("classify")(classify)
    app.command("chips")(chips)
    app.command("demo")(demo)
    app.command("web")(web)


def _tristate(flag: Optional[bool]) -> Optional[bool]:
    return flag


@handle_errors
def check(
    chip: list[str] = typer.Option(..., "--chip", help="Catalog name, alias or id; repeat for several items."),
    to: str = typer.Option(..., "--to", help="Destination, ISO 3166-1 alpha-2 (CN, HK, MO, AE, ...)."),
    date: str = typer.Option(..., "--date", help="Date of the export, YYYY-MM-DD."),
    quantity: list[int] = typer.Option([], "--quantity", "-n", help="Units per --chip, in the same order (default 1)."),
    ship_from: Optional[str] = typer.Option(None, "--from", help="Country shipped from (default: US)."),
    exporter: Optional[str] = typer.Option(None, "--exporter", help="Exporting company (letters bind named exporters)."),
    end_user_hq: Optional[str] = typer.Option(None, "--end-user-hq", help="End user's headquarters country."),
    ultimate_parent_hq: Optional[str] = typer.Option(None, "--ultimate-parent-hq", help="Ultimate parent's HQ country."),
    datacenter: Optional[bool] = typer.Option(None, "--datacenter/--no-datacenter", help="Override datacenter marketing."),
    end_use: Optional[str] = typer.Option(None, "--end-use", help="civil | military | supercomputer (knowledge)."),
    exporter_role: Optional[str] = typer.Option(None, "--exporter-role", help="designer | distributor | foundry | osat."),
    approved_designer: Optional[bool] = typer.Option(None, "--approved-designer/--unapproved-designer"),
    listed_owner: Optional[bool] = typer.Option(None, "--listed-owner/--no-listed-owner",
                                                help="A party is >=50% owned by Entity List/MEU/SDN parties."),
    subject_to_ear: Optional[bool] = typer.Option(None, "--subject-to-ear/--not-subject-to-ear"),
    party: list[str] = typer.Option([], "--party", help="A party to screen (consignee, end user); repeatable."),
    party_country: list[str] = typer.Option([], "--party-country", help="Country of each --party, in order."),
    party_address: list[str] = typer.Option([], "--party-address", help="Address of each --party, in order."),
    clear_match: list[str] = typer.Option([], "--clear-match", help="A list entry id you attest is NOT the party."),
    confirm_match: list[str] = typer.Option([], "--confirm-match", help="A list entry id you attest IS the party."),
    full_trace: bool = typer.Option(False, "--full-trace", help="Show every rule considered, not only the deciding ones."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON determination."),
) -> None:
    """May this shipment go? Outcome, ECCN, license exceptions, review policy, and why (cited)."""
    if len(quantity) > len(chip):
        raise InputError("More --quantity values than --chip values.", hint="Give one --quantity per --chip, in order.")
    items = [{"chip": c, "quantity": quantity[i] if i < len(quantity) else 1} for i, c in enumerate(chip)]
    if len(party_country) > len(party) or len(party_address) > len(party):
        raise InputError("More --party-country/--party-address values than --party values.",
                         hint="Give them in the same order as the --party values.")
    parties = [{"name": name, "country": party_country[i] if i < len(party_country) else None,
                "address": party_address[i] if i < len(party_address) else None,
                "clear": clear_match, "confirm": confirm_match} for i, name in enumerate(party)]
    result = chipcontrols.check(items=items, to=to, date=date, ship_from=ship_from, exporter=exporter,
                                end_user_hq=end_user_hq, ultimate_parent_hq=ultimate_parent_hq, datacenter=datacenter,
                                end_use=end_use, exporter_role=exporter_role, approved_ic_designer=approved_designer,
                                owned_by_listed_party=listed_owner, subject_to_ear=subject_to_ear, parties=parties)
    if as_json:
        emit_json(result)
    else:
        render_determination(result, full_trace)


def render_determination(result: dict, full_trace: bool = False) -> None:
    """The terminal's styling of explain's pieces (the words and the choice of steps are explain's)."""
    style = OUTCOME_STYLE[result["outcome"]]
    console.print(f"[bold {style}]{explain.headline(result)}[/]  {escape(result['summary'])}", highlight=False)
    for item in result["items"]:
        console.print(f"  {escape(explain.item_line(item))}", highlight=False)
    for line in explain.exception_lines(result):
        console.print(f"[yellow]{escape(line)}[/]", highlight=False)
    for line in explain.policy_notes(result):
        console.print(f"[dim]{escape(line)}[/]", highlight=False)
    if result["questions"]:
        console.print("\n[bold magenta]Facts needed[/]")
        for q in result["questions"]:
            console.print(f"  ? {escape(q['question'])}  [dim]({escape(q['why'])} Answer with "
                          f"{escape(q['answer_with'])}.)[/]", highlight=False)
    console.print("\n[bold]Why[/] [dim](* decided the answer)[/]")
    for node in explain.why(result, full_trace):
        mark = "[bold]*[/]" if node["decisive"] else " "
        console.print(f"{'  ' * (node['depth'] + 1)}{mark}{escape('[' + node['status'] + ']')} {escape(node['title'])}: "
                      f"{escape(node['sentence'])} [dim]{escape(', '.join(node['cites']))}[/]", highlight=False)
    if result["assumptions"]:
        console.print("\n[bold]Assumed[/]")
        for a in result["assumptions"]:
            console.print(f"  - {escape(a)}", highlight=False)
    if result["warnings"]:
        console.print("\n[bold yellow]Warnings[/]")
        for w in result["warnings"]:
            console.print(f"  ! {escape(w['message'])}", highlight=False)
    console.print(f"\n[dim]{explain.provenance_line(result)}[/]", highlight=False)


@handle_errors
def classify(
    chip: Optional[str] = typer.Argument(None, help="Catalog name, alias or id (omit to give raw specs)."),
    date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD (default: newest date the pack covers)."),
    tops: list[str] = typer.Option([], "--tops", help="Dense TOPS per precision, e.g. --tops fp16=400 --tops int8=800."),
    die_area: Optional[float] = typer.Option(None, "--die-area", help="Applicable die area, mm2."),
    interconnect: Optional[float] = typer.Option(None, "--interconnect", help="Bidirectional I/O, GB/s."),
    memory_bw: Optional[float] = typer.Option(None, "--memory-bw", help="Memory bandwidth, GB/s."),
    datacenter: Optional[bool] = typer.Option(None, "--datacenter/--no-datacenter"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """ECCN and metrics of a chip on a date; also for raw specs of a chip not in the catalog."""
    if chip is None:
        if not tops:
            raise InputError("Give a chip name, or raw specs with --tops.", hint="e.g. classify --tops fp16=400 "
                             "--die-area 600 --datacenter")
        dense = {}
        for pair in tops:
            precision, _, value = pair.partition("=")
            if precision not in PRECISION_BITS or not value:
                raise InputError(f"--tops '{pair}' is not PRECISION=VALUE.", hint=f"Precisions: {', '.join(PRECISION_BITS)}.")
            try:
                dense[precision] = float(value)
            except ValueError:
                raise InputError(f"--tops '{pair}': '{value}' is not a number.", hint="e.g. --tops fp16=400") from None
        spec = {"dense_tops": dense, "die_area_mm2": die_area, "interconnect_bw_gbs": interconnect,
                "memory_bw_gbs": memory_bw, "datacenter": datacenter}
        result = chipcontrols.classify(spec, date)
    else:
        result = chipcontrols.classify(chip, date, datacenter=datacenter)
    if as_json:
        emit_json(result)
        return
    m, c = result["metrics"], result["chip"]
    console.print(f"[bold]{c['vendor']} {c['name']}[/] on {result['as_of']}: "
                  f"[bold]{result['eccn_paragraph'] or result['eccn'] or 'not 3A090'}[/]", highlight=False)
    console.print(f"  {result['basis']}", highlight=False)
    console.print(f"  TPP {explain.number(m['tpp'])} (from {m['tpp_precision']}), PD {explain.number(m['pd'], 2)}, "
                  f"die {m['die_area_mm2']} mm2, "
                  f"memory {m['memory_bw_gbs']} GB/s, interconnect {m['interconnect_bw_gbs']} GB/s, "
                  f"datacenter {m['datacenter']}", highlight=False)
    if result["citation"]:
        console.print(f"  [dim]{result['citation']['fr'] or ''} {result['citation']['title']}[/]", highlight=False)
    for w in result["warnings"]:
        console.print(f"  [yellow]! {w}[/]", highlight=False)


@handle_errors
def chips(
    date: Optional[str] = typer.Option(None, "--date"),
    vendor: Optional[str] = typer.Option(None, "--vendor"),
    eccn: Optional[str] = typer.Option(None, "--eccn", help="3A090.a, 3A090.b or none."),
    datacenter: Optional[bool] = typer.Option(None, "--datacenter/--no-datacenter"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The catalog with TPP, PD and ECCN on a date."""
    rows = chipcontrols.chips(date, vendor=vendor, eccn=eccn, datacenter=datacenter)
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"{len(rows)} accelerators, ECCN as of {rows[0]['as_of'] if rows else date}")
    for column in ("vendor", "name", "DC", "TPP", "PD", "mem GB/s", "I/O GB/s", "ECCN", ""):
        table.add_column(column)
    for r in rows:
        table.add_row(r["vendor"], r["name"], "yes" if r["datacenter"] else "no", explain.number(r["tpp"]),
                      explain.number(r["pd"], 2),
                      explain.number(r["memory_bw_gbs"]), explain.number(r["interconnect_bw_gbs"]),
                      r["eccn_paragraph"] or r["eccn"] or ("?" if r["missing"] else "-"),
                      "" if r["confirmed"] else "[yellow]unconfirmed[/]")
    console.print(table)


@handle_errors
def demo(as_json: bool = typer.Option(False, "--json")) -> None:
    """The chips of the DeepSeek story to China, 2021-2026, and why each answer changes."""
    scenario = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    results = []
    for case in scenario["cases"]:
        result = chipcontrols.check(chip=case["chip"], to=scenario["destination"], date=case["date"],
                                    exporter=case.get("exporter"), ship_from=case.get("ship_from"),
                                    end_user_hq=scenario["destination"], owned_by_listed_party=False)
        results.append({"case": case, "result": result})
    if as_json:
        emit_json([{"case": {**r["case"], "date": str(r["case"]["date"])}, "outcome": r["result"]["outcome"],
                    "items": r["result"]["items"], "trace": r["result"]["trace"]} for r in results])
        return
    console.print(f"[bold]{scenario['title']}[/]\n", highlight=False)
    for r in results:
        case, res = r["case"], r["result"]
        item = res["items"][0]
        outcome = res["outcome"]
        extra = ", ".join(item["license_exceptions"]) or (item["review_policy"] or "").replace("_", " ")
        console.print(f"[bold]{case['date']}[/]  {item['chip']}  (exporter {case.get('exporter') or '?'}, from "
                      f"{case.get('ship_from', 'US')})  TPP {explain.number(item['tpp'])}  ECCN {item['eccn_paragraph'] or '-'}  -> "  # in code: the demo's default origin, as its scenario file states
                      f"[bold {OUTCOME_STYLE[outcome]}]{outcome.replace('_', ' ').upper()}[/]"
                      + (f" ({extra})" if extra else ""), highlight=False)
        console.print(f"    {case['note']}", highlight=False)
        console.print(f"    [dim]why: {explain.deciding_sentence(res)}[/]", highlight=False)
    console.print("\n[dim]Each row is: chipcontrols check --chip CHIP --to CN --date DATE --exporter EXPORTER "
                  "[--from TW] --end-user-hq CN --no-listed-owner[/]", highlight=False)


def web(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8001, "--port")) -> None:
    """Serve the read-only web UI (check, chips, rules, timeline, loopholes, what-if, stock)."""
    import uvicorn

    from chipcontrols.web import create_web_app

    uvicorn.run(create_web_app(), host=host, port=port, log_level="warning")
