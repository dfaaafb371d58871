"""Export and import the whole ledger as JSON lines: {"table": ..., "row": {...}} per line, in
dependency order. Import goes into an empty ledger and keeps ids, so the audit chain still verifies."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone

from sqlalchemy import Date, DateTime, Integer, func, insert, select, text
from sqlalchemy.orm import Session

from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.models import Base
from chipcontrols.ledger.refusals import Refused

TABLES = ("parties", "ownership_links", "licenses", "caps", "determinations", "orders", "order_lines", "reservations",
          "legal_holds", "api_keys", "idempotency_keys", "audit_log")


def _plain(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def export_lines(session: Session) -> Iterator[str]:
    for name in TABLES:
        table = Base.metadata.tables[name]
        key = list(table.primary_key.columns)[0]
        for row in session.execute(select(table).order_by(key)).mappings():
            yield json.dumps({"table": name, "row": {k: _plain(v) for k, v in row.items()}}, sort_keys=True,
                             ensure_ascii=False)


def import_lines(session: Session, lines: Iterable[str]) -> dict:
    """Load an export into an empty ledger (refuses otherwise); validates every line before writing."""
    for name in TABLES:
        if session.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar():
            raise Refused(f"The target ledger is not empty (table {name} has rows).",
                          hint="Import into a fresh database: `chipcontrols db upgrade --db <new url>` first.")
    batches: dict[str, list[dict]] = {name: [] for name in TABLES}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            name, row = record["table"], record["row"]
        except (ValueError, KeyError, TypeError):
            raise InputError(f"Line {number} is not an export record.", hint='Each line is {"table": ..., "row": {...}}.') from None
        if name not in batches:
            raise InputError(f"Line {number} names unknown table '{name}'.", hint=f"Known: {', '.join(TABLES)}.")
        batches[name].append(_typed(Base.metadata.tables[name], row, number))
    for name in TABLES:
        if batches[name]:
            session.execute(insert(Base.metadata.tables[name]), batches[name])
    if session.bind.dialect.name == "postgresql":
        for name in TABLES:
            table = Base.metadata.tables[name]
            key = list(table.primary_key.columns)[0]
            if isinstance(key.type, Integer):  # serial keys: continue numbering after the imported ids
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', '{key.name}'), "
                                     f"COALESCE((SELECT MAX({key.name}) FROM {name}), 0) + 1, false)"))
    counts = {name: len(rows) for name, rows in batches.items()}
    session.flush()
    verdict = audit.verify(session)
    if not verdict["ok"]:
        raise InputError(f"The imported audit log does not verify: {verdict['first_bad']}.",
                         hint="The export was altered or truncated; import an untouched file.")
    audit.append(session, "import", "ledger.import", None, {"counts": counts})
    return {"imported": counts, "audit_verified": verdict["records_checked"]}


def _typed(table, row: dict, number: int) -> dict:
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise InputError(f"Line {number}: unknown column(s) {sorted(unknown)} for {table.name}.", hint="Import an export of the same schema.")
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        # ISO strings that export_lines wrote (our own export format), not typed input: fromisoformat
        if value is not None and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[column.name] = value
    return out
