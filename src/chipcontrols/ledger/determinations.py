"""Determinations: the engine's answer for an order, stored once and never changed."""

from __future__ import annotations

import hashlib

import orjson
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from chipcontrols.ledger import audit
from chipcontrols.ledger.models import Determination
from chipcontrols.ledger.refusals import NotFound


def run_check(**inputs) -> dict:
    """Ask the rules engine (chipcontrols.check); imported here so the ledger loads without it."""
    import chipcontrols

    return chipcontrols.check(**inputs)


def rules_pack_version(result: dict) -> str | None:
    """'pack-id@version' from the engine's provenance (the same form the audit log uses)."""
    provenance = result.get("provenance") or {}
    version = provenance.get("rules_pack_version")
    if version is None:
        return None
    pack = provenance.get("rules_pack")
    return f"{pack}@{version}" if isinstance(pack, str) else str(version)


def list_snapshot(result: dict) -> str | None:
    provenance = result.get("provenance") or {}
    value = provenance.get("list_snapshot") or provenance.get("lists")
    return None if value is None else audit.canonical(value)[:200]


def record(session: Session, actor: str, inputs: dict, result: dict) -> Determination:
    text = audit.canonical({"inputs": inputs, "result": result})
    digest = hashlib.sha256(text.encode()).hexdigest()
    both = orjson.loads(text)
    inputs, result = both["inputs"], both["result"]
    det = Determination(created_at=datetime.now(timezone.utc), created_by=actor, outcome=str(result.get("outcome")),
                        inputs=inputs, result=result, rules_pack_version=rules_pack_version(result), content_hash=digest)
    session.add(det)
    session.flush()
    audit.append(session, actor, "determination.record", f"determination:{det.id}",
                 {"inputs": inputs, "outcome": det.outcome, "content_hash": digest},
                 rules_pack_version=det.rules_pack_version, list_snapshot=list_snapshot(result))
    return det


def check_and_record(session: Session, actor: str, **inputs) -> dict:
    """Run check() and keep its answer; returns the answer plus the determination id."""
    result = run_check(**inputs)
    det = record(session, actor, inputs, result)
    return {**result, "determination_id": det.id}


def determination_dict(det: Determination) -> dict:
    return {"id": det.id, "created_at": det.created_at.isoformat(), "created_by": det.created_by, "outcome": det.outcome,
            "inputs": det.inputs, "result": det.result, "rules_pack_version": det.rules_pack_version,
            "content_hash": det.content_hash}


def get(session: Session, det_id: int) -> dict:
    det = session.get(Determination, det_id) if 1 <= det_id <= 2_147_483_647 else None
    if det is None:
        raise NotFound(f"No determination {det_id}.", hint="Determinations are listed on their orders.")
    return determination_dict(det)


def list_recent(session: Session, limit: int = 50) -> list[dict]:
    rows = session.execute(select(Determination).order_by(Determination.id.desc()).limit(limit)).scalars()
    return [determination_dict(d) for d in rows]
