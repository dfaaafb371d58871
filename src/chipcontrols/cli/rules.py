"""CLI verbs of the rules pack: `rules` (what is in force on a date), `rules explain` (a provision's page for a
lawyer's review) and `timeline` (every dated change)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

import chipcontrols
from chipcontrols.cli.support import console, emit_json, handle_errors


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The rules pack: what is in force on a date; `rules explain` for one provision.",
                        invoke_without_command=True, no_args_is_help=False)
    group.callback()(rules)
    group.command("explain")(explain)
    app.add_typer(group, name="rules")
    app.command("timeline")(timeline)


@handle_errors
def rules(ctx: typer.Context, date: Optional[str] = typer.Option(None, "--date"),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """The rules, parameters, letters and country groups in force on a date, with citations."""
    if ctx.invoked_subcommand is not None:
        return
    result = chipcontrols.rules(date)
    if as_json:
        emit_json(result)
        return
    console.print(f"[bold]Rules in force on {result['as_of']}[/] (pack {result['rules_pack_version']}, sources through "
                  f"{result['sources_through']})", highlight=False)
    for p in result["provisions"]:
        console.print(f"  {escape('[' + p['status'] + ']')} {escape(p['title'])} [dim]({p['citation']})[/]", highlight=False)
    console.print("[bold]Parameters[/]")
    for p in result["parameters"]:
        flag = "" if p["confirmed"] else " [yellow](unconfirmed)[/]"
        console.print(f"  {p['id']} = {p['value']} {p['unit']} since {p['effective']}{flag} [dim]({p['citation']})[/]",
                      highlight=False)
    console.print("[bold]Is-informed letters in force[/]")
    for l in result["letters"]:
        console.print(f"  {l['addressee']}: {l['title']} (from {l['effective']})", highlight=False)
    console.print("[bold]Country groups[/]")
    for gid, g in result["country_groups"].items():
        console.print(f"  {gid} ({len(g['members'])}): {' '.join(g['members'])}", highlight=False)


@handle_errors
def timeline(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every dated change since 2021, with its citation."""
    rows = chipcontrols.timeline()
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        flag = "" if r["confirmed"] else " [yellow](unconfirmed)[/]"
        console.print(f"{r['date']}  {r['title']}{flag} [dim]({r['citation_short']})[/]", highlight=False)


@handle_errors
def explain(provision: str = typer.Argument(..., help="Provision id (e.g. part_742.headquarters_rule) or its file name."),
            html: Optional[Path] = typer.Option(None, "--html", help="Write the page as HTML to this file."),
            scenarios: Optional[Path] = typer.Option(None, "--scenarios", help="Scenario folder (default: the "
                                                     "repository's tests/rules/data/us_ear, when run from a checkout)."),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """A provision's page for review: dated text and parameters with citations, its sentences, its scenarios."""
    from chipcontrols.errors import InputError
    from chipcontrols.rules import provision_page

    if html is not None and not html.parent.is_dir():
        raise InputError(f"--html {html}: the folder {html.parent} does not exist.", hint="Create it, or give another path.")
    if scenarios is not None and not scenarios.is_dir():
        raise InputError(f"--scenarios {scenarios} is not a folder.", hint="Give the scenario folder, e.g. "
                         "tests/rules/data/us_ear.")
    page = provision_page.provision_page(provision, scenarios_dir=scenarios)
    if html is not None:
        html.write_text(provision_page.render_html(page), encoding="utf-8")
    if as_json:
        emit_json(page)
        return
    console.print(f"[bold]{escape(page['title'])}[/]  [dim]{page['id']} ({page['file']})[/]", highlight=False)
    dates = f"effective {page['effective']}" + (f", compliance {page['compliance']}" if page["compliance"] else "") \
        + (f", ends {page['ends']}" if page["ends"] else "")
    console.print(f"  {dates}; confirmed: {'yes' if page['confirmed'] else 'NO'}", highlight=False)
    for w in page["enforcement"]:
        console.print(f"  enforcement: {w['status']} from {w['from']}" + (f" to {w['to']}" if w.get("to") else ""),
                      highlight=False)
    for p in page["parameters"]:
        for v in p["values"]:
            console.print(f"  {p['id']} = {v['value']} {p['unit']} from {v['effective']} [dim]({v['citation']})[/]",
                          highlight=False)
    console.print("[bold]Sentences[/]")
    for s in page["sentences"]:
        console.print(f"  {escape('[' + s['status'] + ']')} {escape(s['sentence'])}", highlight=False)
    console.print(f"[bold]Scenarios[/] ({page['scenario_file'] or 'none found'})")
    for s in page["scenarios"]:
        flag = "" if s["agrees"] else " [red](engine disagrees)[/]"
        console.print(f"  {s['date']} {escape(s['chip'])} -> {s['to']}: {s['outcome']}{flag}  [dim]{escape(s['why'])}[/]",
                      highlight=False)
    console.print("[bold]Citations[/]")
    for cid, c in page["citations"].items():
        kind = "primary" if c["primary"] else "[yellow]secondary[/]"
        console.print(f"  {cid}: {escape(c['title'])} ({kind}) {c['urls'][0]}", highlight=False)
    if html is not None:
        console.print(f"[dim]Wrote {html}[/]", highlight=False)
