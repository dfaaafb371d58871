"""The append-only audit log: who did what, when, on which inputs, rules-pack version and list snapshot.

Each record carries the SHA-256 of its own canonical JSON, which includes the previous record's
hash; editing, deleting or reordering any record breaks every hash after it, and `verify` names the
first record that does not match. Records are kept at least five years (15 CFR 762.6).
"""

from __future__ import annotations

import hashlib
import orjson
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from chipcontrols.ledger.models import AuditRecord

GENESIS = "0" * 64
RETENTION_YEARS = 5  # 15 CFR 762.6(a): https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-762/section-762.6
HASHED_FIELDS = ("seq", "at", "actor", "action", "subject", "data", "rules_pack_version", "list_snapshot",
                 "retain_until", "prev_hash")


def canonical(value) -> str:
    """Sorted keys, no whitespace, UTF-8: the exact text every hash is taken over (orjson: fast)."""
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def record_hash(fields: dict) -> str:
    return hashlib.sha256(canonical({k: fields[k] for k in HASHED_FIELDS}).encode()).hexdigest()


def retain_until(day: date) -> date:
    try:
        return day.replace(year=day.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + RETENTION_YEARS, day=28)


def append(session: Session, actor: str, action: str, subject: str | None = None, data: dict | None = None,
           rules_pack_version: str | None = None, list_snapshot: str | None = None) -> AuditRecord:
    """Add one record at the end of the chain. Call inside Ledger.transaction() (one writer at a time)."""
    last = session.execute(select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)).first()
    if rules_pack_version is None:
        rules_pack_version = current_rules_pack_version()
    now = datetime.now(timezone.utc)
    fields = {
        "seq": (last.seq + 1) if last else 1,
        "at": now.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "subject": subject,
        "data": canonical_copy(data or {}),  # exactly what the database will give back
        "rules_pack_version": rules_pack_version,
        "list_snapshot": list_snapshot,
        "retain_until": retain_until(now.date()).isoformat(),
        "prev_hash": last.hash if last else GENESIS,
    }
    record = AuditRecord(**fields, hash=record_hash(fields))
    session.add(record)
    session.flush()
    return record


def current_rules_pack_version() -> str | None:
    """The rules pack in force in this process: every record says which rules the ledger ran under."""
    try:
        from chipcontrols.rules.pack import default_pack

        info = default_pack().info
        return f"{info.id}@{info.version}"
    except Exception:  # noqa: BLE001 - the audit log must be writable even if the pack fails to load
        return None


def record_dict(record: AuditRecord) -> dict:
    return {field: getattr(record, field) for field in (*HASHED_FIELDS, "hash")}


def verify(session: Session) -> dict:
    """Walk the chain from the start; report the first record whose hash or link does not hold."""
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for record in session.execute(select(AuditRecord).order_by(AuditRecord.seq).execution_options(yield_per=1000)).scalars():
        fields = record_dict(record)
        problem = None
        if record.seq != expected_seq:
            problem = f"sequence jumps from {expected_seq - 1} to {record.seq}: record(s) missing"
        elif record.prev_hash != expected_prev:
            problem = "prev_hash does not match the previous record's hash: a record before it was changed or removed"
        elif record_hash(fields) != record.hash:
            problem = "contents do not match the record's hash: this record was changed"
        if problem:
            return {"ok": False, "records_checked": count, "first_bad": {"seq": record.seq, "reason": problem,
                                                                       "action": record.action, "at": record.at}}
        expected_prev, expected_seq, count = record.hash, record.seq + 1, count + 1
    return {"ok": True, "records_checked": count, "first_bad": None, "head": expected_prev}


def list_records(session: Session, limit: int = 100, after_seq: int = 0) -> list[dict]:
    rows = session.execute(select(AuditRecord).where(AuditRecord.seq > after_seq).order_by(AuditRecord.seq)
                           .limit(limit)).scalars()
    return [record_dict(r) for r in rows]


def canonical_copy(value):
    """The value as it will read back from a JSON column (tuples to lists, dates to strings)."""
    return orjson.loads(canonical(value))


def record_refusal(ledger, actor: str, what: str, error, inputs=None) -> None:
    """A refusal is a decision too: log it in its own transaction (the refused one rolled back)."""
    with ledger.transaction() as session:
        append(session, actor, "refused", what, {"error": error.to_dict()["error"], "inputs": inputs})
