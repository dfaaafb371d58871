"""CLI verbs of the ledger and the service: db, serve, keys, parties, orders, licenses, caps, audit, ledger.

Every verb takes --db (default: $CHIPCONTROLS_DB, else SQLite under the data folder) and --json.
Roles are enforced by the HTTP service; the CLI opens the database directly (whoever can do that
administers the ledger), except that releasing a legal hold needs an officer's API key here too.
"""

from __future__ import annotations

import getpass
import sys
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from chipcontrols.cli.support import console, emit_json, handle_errors
from chipcontrols.errors import InputError

DB = typer.Option(None, "--db", help="Database URL (sqlite:///file or postgresql://...); default $CHIPCONTROLS_DB or the data folder.")
JSON = typer.Option(False, "--json", help="Print the JSON the Python API returns.")
ACTOR = typer.Option(None, "--actor", help="Who is acting (recorded in the audit log); default: your login name.")

db_app = typer.Typer(help="Create or migrate the ledger database.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for the HTTP service (roles: viewer, analyst, officer, admin).", no_args_is_help=True)
parties_app = typer.Typer(help="Parties: consignees, end users, parents, and who owns whom.", no_args_is_help=True)
orders_app = typer.Typer(help="Orders: add, approve (reserve), ship (consume), cancel (release).", no_args_is_help=True)
licenses_app = typer.Typer(help="Licenses and their balances in units, value and TPP.", no_args_is_help=True)
caps_app = typer.Typer(help="Allocation caps and their headroom (TPP and H100-equivalents).", invoke_without_command=True)
audit_app = typer.Typer(help="The hash-chained audit log, legal holds and retention.", no_args_is_help=True)
ledger_app = typer.Typer(help="Export/import the whole ledger as JSON lines; purge past retention.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
    app.add_typer(parties_app, name="parties")
    app.add_typer(orders_app, name="orders")
    app.add_typer(licenses_app, name="licenses")
    app.add_typer(caps_app, name="caps")
    app.add_typer(audit_app, name="audit")
    app.add_typer(ledger_app, name="ledger")


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def db_errors(func):
    """A database that cannot be reached is the user's to fix: say so, exit 2."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from sqlalchemy import exc

        from chipcontrols.ledger import DatabaseUnavailable

        try:
            return func(*args, **kwargs)
        except exc.OperationalError as error:
            raise DatabaseUnavailable(f"Cannot use the ledger database: {str(error.orig).strip().splitlines()[0]}",
                                      hint="Check --db / $CHIPCONTROLS_DB and that the server is running.") from None

    return wrapper


def verb(app: typer.Typer, name: str):
    """Register a verb with our error handling (exit 2 with message on bad input or refusal)."""

    def decorate(func):
        app.command(name)(handle_errors(db_errors(func)))
        return func

    return decorate


def _current_context():
    """The running command's context (Typer vendors click in recent versions)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # older Typer on top of click
        from click import get_current_context
    return get_current_context(silent=True)


@contextmanager
def _write(db: str | None, actor: str | None = None):
    from chipcontrols.ledger import Ledger, Refused, audit

    ledger = Ledger(db)
    ledger.require_schema()
    try:
        with ledger.transaction() as session:
            yield session
    except Refused as refusal:
        ctx = _current_context()
        verb_path = " ".join(ctx.command_path.split()[1:]) if ctx else "cli"
        params = {k: v for k, v in (ctx.params if ctx else {}).items() if k not in ("db", "as_json", "key")}
        audit.record_refusal(ledger, _actor(actor), verb_path, refusal, params)
        raise
    finally:
        ledger.dispose()


@contextmanager
def _read(db: str | None):
    from chipcontrols.ledger import Ledger

    ledger = Ledger(db)
    ledger.require_schema()
    try:
        with ledger.reader() as session:
            yield session
    finally:
        ledger.dispose()


def _show(value, as_json: bool, render=None) -> None:
    if as_json or render is None:
        emit_json(value)
    else:
        render(value)


def _table(rows: list[dict], columns: list[str], title: str) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if row.get(c) is None else str(row.get(c)) for c in columns])
    console.print(table)


# db / serve ------------------------------------------------------------------------------------
@verb(db_app, "upgrade")
def db_upgrade(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    """Create the tables or migrate them to the newest schema (Alembic)."""
    from chipcontrols.ledger import Ledger

    ledger = Ledger(db)
    revision = ledger.upgrade()
    result = {"database": repr(ledger)[8:-2], "revision": revision}
    ledger.dispose()
    _show(result, as_json, lambda r: console.print(f"Ledger at {r['database']} is at revision {r['revision']}.", highlight=False))


@handle_errors
@db_errors
def serve(db: Optional[str] = DB, host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          log_level: str = typer.Option("warning", "--log-level"),
          workers: int = typer.Option(1, "--workers", min=1, max=64, help="Uvicorn worker processes.")) -> None:
    """Run the HTTP service (FastAPI + Uvicorn); OpenAPI at /openapi.json."""
    from chipcontrols.api.server import serve as run

    console.print(f"chipcontrols serving on http://{host}:{port} (OpenAPI: /openapi.json; keys: `chipcontrols keys create`)",
                  highlight=False)
    run(db, host=host, port=port, log_level=log_level, workers=workers)


# keys ------------------------------------------------------------------------------------------
@verb(keys_app, "create")
def keys_create(name: str = typer.Argument(...), role: str = typer.Option(..., "--role", help="viewer | analyst | officer | admin"),
                db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Create an API key; the key is printed once and only its hash is stored."""
    from chipcontrols.ledger import apikeys

    with _write(db, actor) as s:
        result = apikeys.create(s, _actor(actor), name, role)
    _show(result, as_json, lambda r: console.print(f"{r['role']} key '{r['name']}': [bold]{r['key']}[/]\n{r['note']}", highlight=False))


@verb(keys_app, "list")
def keys_list(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import apikeys

    with _read(db) as s:
        rows = apikeys.list_all(s)
    _show(rows, as_json, lambda r: _table(r, ["name", "role", "created_at", "revoked"], "API keys"))


@verb(keys_app, "revoke")
def keys_revoke(name: str = typer.Argument(...), db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import apikeys

    with _write(db, actor) as s:
        result = apikeys.revoke(s, _actor(actor), name)
    _show(result, as_json, lambda r: console.print(f"Key '{r['name']}' revoked.", highlight=False))


# parties ---------------------------------------------------------------------------------------
@verb(parties_app, "add")
def parties_add(name: str = typer.Argument(...), country: str = typer.Option(..., "--country"),
                hq: Optional[str] = typer.Option(None, "--hq", help="Headquarters country (default: --country)."),
                parent_id: Optional[int] = typer.Option(None, "--parent", help="Ultimate parent's party id."),
                parent_country: Optional[str] = typer.Option(None, "--parent-country", help="Ultimate parent's HQ country."),
                db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Record a party."""
    from chipcontrols.ledger import parties

    with _write(db, actor) as s:
        result = parties.create(s, _actor(actor), name, country, hq, parent_id, parent_country)
    _show(result, as_json, lambda r: console.print(f"Party {r['id']}: {r['name']} ({r['country']}, HQ {r['hq_country']})", highlight=False))


@verb(parties_app, "link")
def parties_link(owner: int = typer.Argument(..., help="Owner's party id."), owned: int = typer.Argument(..., help="Owned party's id."),
                 percent: float = typer.Option(..., "--percent"), db: Optional[str] = DB, actor: Optional[str] = ACTOR,
                 as_json: bool = JSON) -> None:
    """Record that OWNER holds --percent of OWNED."""
    from chipcontrols.ledger import parties

    with _write(db, actor) as s:
        result = parties.link(s, _actor(actor), owner, owned, percent)
    _show(result, as_json, lambda r: console.print(f"Party {r['owner_id']} owns {r['percent']}% of party {r['owned_id']}.", highlight=False))


@verb(parties_app, "list")
def parties_list(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import parties

    with _read(db) as s:
        rows = parties.list_all(s)
    _show(rows, as_json, lambda r: _table(r, ["id", "name", "country", "hq_country", "ultimate_parent_id", "ultimate_parent_country"], "Parties"))


@verb(parties_app, "show")
def parties_show(party_id: int = typer.Argument(...), db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import parties

    with _read(db) as s:
        result = parties.describe(s, party_id)
    _show(result, as_json, emit_json)


# orders ----------------------------------------------------------------------------------------
@verb(orders_app, "add")
def orders_add(reference: str = typer.Argument(...), to: str = typer.Option(..., "--to", help="Destination country."),
               chip: list[str] = typer.Option(..., "--chip", help="Repeat for several lines."),
               quantity: list[int] = typer.Option([], "--quantity", "-n", help="Units per --chip, in order (default 1)."),
               value: list[float] = typer.Option([], "--value", help="Unit value in USD per --chip, in order."),
               ship_from: str = typer.Option("US", "--from"), consignee: Optional[int] = typer.Option(None, "--consignee"),  # in code: default origin: the United States, the jurisdiction of the only pack
               end_user: Optional[int] = typer.Option(None, "--end-user"),
               end_use: Optional[str] = typer.Option(None, "--end-use", help="civil | military | supercomputer"),
               ship_date: Optional[str] = typer.Option(None, "--ship-date"), license_number: Optional[str] = typer.Option(None, "--license"),
               exception: Optional[str] = typer.Option(None, "--exception", help="NAC, ACA, LPP, AIA or ACM."),
               nac_notified_on: Optional[str] = typer.Option(None, "--nac-notified-on"),
               db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Record an order (a draft: nothing is reserved until it is approved)."""
    from chipcontrols.ledger import orders

    if len(quantity) > len(chip) or len(value) > len(chip):
        raise InputError("More --quantity/--value values than --chip values.", hint="Give one per --chip, in order.")
    lines = [{"chip": c, "quantity": quantity[i] if i < len(quantity) else 1, "unit_value_usd": value[i] if i < len(value) else 0}
             for i, c in enumerate(chip)]
    with _write(db, actor) as s:
        result = orders.create(s, _actor(actor), reference, to, lines, ship_from, consignee, end_user, end_use, None, ship_date,
                               license_number, exception, nac_notified_on)
    _show(result, as_json, _render_order)


def _render_order(o: dict) -> None:
    console.print(f"Order {o['reference']} [bold]{o['status']}[/]: {o['total_units']} units to {o['destination']} "
                  f"({o['total_tpp']:,.0f} TPP = {o['total_h100e']} H100e, ${o['total_value_usd']:,.2f}), ship date {o['ship_date']}",
                  highlight=False)
    for r in o.get("reservations") or o.get("consumed") or o.get("released") or []:
        target = f"cap {r['cap_id']}" if r["cap_id"] else f"license {r['license_id']}"
        units = f"{r['units']} units, " if r["units"] else ""
        console.print(f"  {r['state']}: {target}: {units}{r['tpp']:,.0f} TPP", highlight=False)
    for w in o.get("warnings") or []:
        console.print(f"  [yellow]! {w}[/]", highlight=False)


def _order_verb(name: str, doc: str):
    def run(reference: str = typer.Argument(...), on: Optional[str] = typer.Option(None, "--on", help="Ship date (ship only)."),
            db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
        from chipcontrols.ledger import orders

        with _write(db, actor) as s:
            if name == "approve":
                result = orders.approve(s, _actor(actor), reference)
            elif name == "ship":
                result = orders.ship(s, _actor(actor), reference, on)
            else:
                result = orders.cancel(s, _actor(actor), reference)
        _show(result, as_json, _render_order)

    run.__doc__ = doc
    run.__name__ = f"orders_{name}"
    verb(orders_app, name)(run)


_order_verb("approve", "Determine (chipcontrols.check, stored), then reserve license units and cap headroom.")
_order_verb("ship", "Consume the reservations (refuses expired licenses and a running NAC clock).")
_order_verb("cancel", "Release the reservations.")


@verb(orders_app, "nac")
def orders_nac(reference: str = typer.Argument(...), notified_on: str = typer.Option(..., "--notified-on"),
               confirmation: Optional[str] = typer.Option(None, "--confirmation"), db: Optional[str] = DB,
               actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Record the NAC notification to BIS; shipping waits 25 days from it."""
    from chipcontrols.ledger import orders

    with _write(db, actor) as s:
        result = orders.set_nac_notification(s, _actor(actor), reference, notified_on, confirmation)
    _show(result, as_json, lambda r: console.print(f"NAC notified {r['nac_notified_on']}; earliest ship date {r['nac_earliest_ship_date']}.", highlight=False))


@verb(orders_app, "list")
def orders_list(status: Optional[str] = typer.Option(None, "--status"), db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import orders

    with _read(db) as s:
        rows = orders.list_all(s, status)
    _show(rows, as_json, lambda r: _table(r, ["reference", "status", "destination", "total_units", "total_h100e", "ship_date", "license_id",
                                              "license_exception"], "Orders"))


@verb(orders_app, "show")
def orders_show(reference: str = typer.Argument(...), db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import orders

    with _read(db) as s:
        result = orders.order_dict(orders.get(s, reference))
    _show(result, as_json, _render_order)


# licenses --------------------------------------------------------------------------------------
@verb(licenses_app, "add")
def licenses_add(number: str = typer.Argument(...), valid_from: str = typer.Option(..., "--valid-from"),
                 valid_to: str = typer.Option(..., "--valid-to"), dest: list[str] = typer.Option(..., "--dest"),
                 chip: list[str] = typer.Option([], "--chip"), party: list[int] = typer.Option([], "--party"),
                 units: Optional[int] = typer.Option(None, "--units"), value: Optional[float] = typer.Option(None, "--value"),
                 tpp: Optional[float] = typer.Option(None, "--tpp"), db: Optional[str] = DB, actor: Optional[str] = ACTOR,
                 as_json: bool = JSON) -> None:
    """Record a license with its validity, scope and authorized units / value (USD) / TPP."""
    from chipcontrols.ledger import licenses

    with _write(db, actor) as s:
        result = licenses.create(s, _actor(actor), number, valid_from, valid_to, dest, chip, party, units, value, tpp)
    _show(result, as_json, _render_license)


def _render_license(lic: dict) -> None:
    def left(balance, unit):
        if balance["authorized"] is None:
            return f"{unit} not limited"
        return f"{balance['remaining']:,} of {balance['authorized']:,} {unit} left"

    console.print(f"License {lic['number']} valid {lic['valid_from']} to {lic['valid_to']} for {', '.join(lic['destinations'])}: "
                  f"{left(lic['units'], 'units')}; {left(lic['value_usd'], 'USD')}; {left(lic['tpp'], 'TPP')}", highlight=False)


@verb(licenses_app, "list")
def licenses_list(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import licenses

    with _read(db) as s:
        rows = licenses.list_all(s)
    _show(rows, as_json, lambda r: [_render_license(x) for x in r])


@verb(licenses_app, "show")
def licenses_show(number: str = typer.Argument(...), db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import licenses

    with _read(db) as s:
        result = licenses.license_dict(licenses.get(s, number))
    _show(result, as_json, _render_license)


# caps ------------------------------------------------------------------------------------------
@caps_app.callback()
def caps_headroom(ctx: typer.Context, on: Optional[str] = typer.Option(None, "--on", help="Only caps whose period covers this date."),
                  db: Optional[str] = DB, as_json: bool = JSON) -> None:
    """Headroom of every cap (TPP and H100-equivalents); `caps add` / `caps policy` create them."""
    if ctx.invoked_subcommand is not None:
        return
    handle_errors(db_errors(_caps_headroom))(on=on, db=db, as_json=as_json)


def _caps_headroom(on, db, as_json):
    from chipcontrols.ledger import caps
    from chipcontrols.ledger.amounts import parse_day

    with _read(db) as s:
        rows = caps.headroom(s, parse_day(on, "--on") if on else None)
    if as_json:
        emit_json(rows)
        return
    table = Table(title="Allocation caps (H100e = H100-equivalents of TPP)")
    for column in ("cap", "period", "limit", "used+reserved", "headroom", "status"):
        table.add_column(column)
    for c in rows:
        if c["scope"] == "ratio":
            limit = f"{c['ratio_percent']}% of {c['reference_units']} to {c['reference_country']}"
            used, room = f"{c['consumed_units']}+{c['reserved_units']} units", f"{c['headroom_units']} units"
        else:
            limit = f"{c['limit_h100e']:,} H100e"
            used = f"{(c['consumed_tpp'] + c['reserved_tpp']) / c['h100_tpp']:,.1f} H100e"
            room = f"{c['headroom_h100e']:,} H100e\n{c['headroom_tpp']:,.0f} TPP"
        table.add_row(f"{c['name']}\n{c['scope']} {c['key']}", "\n".join(c["period"]), limit, used, room,
                      "enforced" if c["enforced"] else "advisory")
    console.print(table)
    for c in rows:
        if c["status_note"]:
            console.print(f"[dim]{c['name']}: {c['status_note']}[/]", highlight=False)


@verb(caps_app, "add")
def caps_add(name: str = typer.Argument(...), scope: str = typer.Option(..., "--scope", help="country | consignee | ultimate_parent | internal | ratio"),
             key: str = typer.Option(..., "--key", help="Country code, party id, or * (internal, all destinations)."),
             start: str = typer.Option(..., "--start"), end: str = typer.Option(..., "--end"),
             limit_tpp: Optional[float] = typer.Option(None, "--limit-tpp"), limit_h100e: Optional[float] = typer.Option(None, "--limit-h100e"),
             chip: Optional[str] = typer.Option(None, "--chip"), advisory: bool = typer.Option(False, "--advisory", help="Track, warn, never refuse."),
             ratio_percent: Optional[int] = typer.Option(None, "--ratio-percent"), reference: Optional[str] = typer.Option(None, "--reference-country"),
             db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Create a cap (a company's internal quota, or any cap you must track)."""
    from chipcontrols.ledger import caps

    with _write(db, actor) as s:
        result = caps.create(s, _actor(actor), name, scope, key, start, end, limit_tpp, limit_h100e, chip, not advisory,
                             ratio_percent=ratio_percent, reference_country=reference)
    _show(result, as_json, _render_cap)


def _render_cap(c: dict) -> None:
    if c["scope"] == "ratio":
        size = f"{c['ratio_percent']}% of units shipped to {c['reference_country']} ({c['chip_id']})"
    else:
        size = f"{c['limit_h100e']:,} H100e = {c['limit_tpp']:,.0f} TPP"
    console.print(f"Cap '{c['name']}' ({c['scope']} {c['key']}, {c['period'][0]} to {c['period'][1]}): {size}; {c['status']}",
                  highlight=False)
    if c["status_note"]:
        console.print(f"  [dim]{c['status_note']}[/]", highlight=False)


@verb(caps_app, "policy")
def caps_policy(policy: str = typer.Argument(..., help="ai_diffusion_tier2 | lpp | h200_rule_2026"),
                country: Optional[str] = typer.Option(None, "--country"), g2g: bool = typer.Option(False, "--g2g"),
                consignee: Optional[int] = typer.Option(None, "--consignee"), year: Optional[int] = typer.Option(None, "--year"),
                chip: Optional[str] = typer.Option(None, "--chip"),
                enforce: Optional[bool] = typer.Option(None, "--enforce/--advisory", help="Override the policy's default status."),
                db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Create the cap a named policy defines, with its cited figures and enforcement status."""
    from chipcontrols.ledger import caps

    with _write(db, actor) as s:
        result = caps.add_policy(s, _actor(actor), policy, country_code=country, g2g=g2g, consignee_id=consignee, year=year,
                                 chip=chip, enforced=enforce)
    _show(result, as_json, _render_cap)


# audit -----------------------------------------------------------------------------------------
@verb(audit_app, "verify")
def audit_verify(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    """Recompute the hash chain; name the first record that was changed, removed or reordered."""
    from chipcontrols.ledger import audit

    with _read(db) as s:
        result = audit.verify(s)
    if as_json:
        emit_json(result)
    elif result["ok"]:
        console.print(f"[green]OK[/]: {result['records_checked']} audit records, chain intact (head {result['head'][:16]}...).", highlight=False)
    else:
        bad = result["first_bad"]
        console.print(f"[bold red]TAMPERED[/]: first bad record is #{bad['seq']} ({bad['action']} at {bad['at']}): {bad['reason']}. "
                      f"{result['records_checked']} records before it verify.", highlight=False)
    if not result["ok"]:
        raise typer.Exit(code=1)


@verb(audit_app, "log")
def audit_log(after: int = typer.Option(0, "--after"), limit: int = typer.Option(50, "--limit"), db: Optional[str] = DB,
              as_json: bool = JSON) -> None:
    from chipcontrols.ledger import audit

    with _read(db) as s:
        rows = audit.list_records(s, limit, after)
    _show(rows, as_json, lambda r: _table(r, ["seq", "at", "actor", "action", "subject", "rules_pack_version"], "Audit log"))


@verb(audit_app, "holds")
def audit_holds(db: Optional[str] = DB, as_json: bool = JSON) -> None:
    from chipcontrols.ledger import holds

    with _read(db) as s:
        rows = holds.list_all(s)
    _show(rows, as_json, lambda r: _table(r, ["id", "scope", "subject_id", "reason", "placed_by", "active"], "Legal holds"))


@verb(audit_app, "hold")
def audit_hold(scope: str = typer.Option(..., "--scope", help="all | order | party"), reason: str = typer.Option(..., "--reason"),
               subject: Optional[int] = typer.Option(None, "--subject", help="Order or party id."), db: Optional[str] = DB,
               actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Place a legal hold: covered records may not be purged."""
    from chipcontrols.ledger import holds

    with _write(db, actor) as s:
        result = holds.place(s, _actor(actor), scope, reason, subject)
    _show(result, as_json, lambda r: console.print(f"Legal hold {r['id']} placed ({r['scope']}).", highlight=False))


@verb(audit_app, "release")
def audit_release(hold_id: int = typer.Argument(...), key: str = typer.Option(..., "--key", envvar="CHIPCONTROLS_API_KEY",
                                                                                 help="An officer's API key (only officers release holds)."),
                  db: Optional[str] = DB, as_json: bool = JSON) -> None:
    """Release a legal hold (officers only: give an officer's API key)."""
    from chipcontrols.api.errors import Forbidden
    from chipcontrols.ledger import apikeys, holds

    with _write(db) as s:
        found = apikeys.authenticate(s, key)
        if found is None or found[1] != "officer":
            raise Forbidden("Only an officer may release a legal hold.", hint="Pass an officer's API key with --key.")
        result = holds.release(s, found[0], hold_id)
    _show(result, as_json, lambda r: console.print(f"Legal hold {r['id']} released by {r['released_by']}.", highlight=False))


# ledger ----------------------------------------------------------------------------------------
@verb(ledger_app, "export")
def ledger_export(out: Optional[Path] = typer.Option(None, "--out", help="File to write (default: stdout)."), db: Optional[str] = DB) -> None:
    """Write the whole ledger as JSON lines."""
    from chipcontrols.ledger import transfer

    with _read(db) as s:
        lines = list(transfer.export_lines(s))
    text = "".join(line + "\n" for line in lines)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"Wrote {len(lines)} records to {out}.", highlight=False)


@verb(ledger_app, "import")
def ledger_import(path: Path = typer.Argument(..., exists=True, dir_okay=False), db: Optional[str] = DB, as_json: bool = JSON) -> None:
    """Load an export into an empty ledger (run `db upgrade` on it first); the audit chain must verify."""
    from chipcontrols.ledger import transfer

    with _write(db) as s:
        result = transfer.import_lines(s, path.read_text(encoding="utf-8").splitlines())
    _show(result, as_json, lambda r: console.print(f"Imported {sum(r['imported'].values())} records; audit chain verified "
                                                   f"({r['audit_verified']} records).", highlight=False))


@verb(ledger_app, "purge")
def ledger_purge(db: Optional[str] = DB, actor: Optional[str] = ACTOR, as_json: bool = JSON) -> None:
    """Delete finished orders older than five years that no legal hold covers (15 CFR 762.6)."""
    from chipcontrols.ledger import holds

    with _write(db, actor) as s:
        result = holds.purge_orders(s, _actor(actor))
    _show(result, as_json, emit_json)
