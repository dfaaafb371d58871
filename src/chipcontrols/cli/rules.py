"""CLI verbs of the rules pack: `rules` (what is in force on a date) and `timeline` (every dated change)."""

from __future__ import annotations

from typing import Optional

import typer
from rich.markup import escape

import chipcontrols
from chipcontrols.cli.support import console, emit_json, handle_errors


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
    app.command("timeline")(timeline)


@handle_errors
def rules(date: Optional[str] = typer.Option(None, "--date"), as_json: bool = typer.Option(False, "--json")) -> None:
    """The rules, parameters, letters and country groups in force on a date, with citations."""
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
