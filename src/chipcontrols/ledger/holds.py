"""Retention (15 CFR 762.6: at least five years) and legal holds.

Determinations and the audit log are never deleted (database triggers refuse it). Orders may be
purged only when finished more than five years ago and no active hold covers them. Placing a hold
is open to officers and admins; releasing one is for officers only (the API enforces roles).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.models import LegalHold, Order, OrderLine, Reservation
from chipcontrols.ledger.refusals import NotFound, Refused

HOLD_SCOPES = ("all", "order", "party")


def hold_dict(h: LegalHold) -> dict:
    return {"id": h.id, "scope": h.scope, "subject_id": h.subject_id, "reason": h.reason, "placed_by": h.placed_by,
            "placed_at": _iso(h.placed_at), "released_by": h.released_by, "released_at": _iso(h.released_at),
            "active": h.released_at is None}


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def place(session: Session, actor: str, scope: str, reason: str, subject_id: int | None = None) -> dict:
    if scope not in HOLD_SCOPES:
        raise InputError(f"Unknown hold scope '{scope}'.", hint=f"Use one of: {', '.join(HOLD_SCOPES)}.")
    if scope != "all" and subject_id is None:
        raise InputError(f"A '{scope}' hold needs the id it covers.", hint="Give subject_id.")
    if not reason or not str(reason).strip():
        raise InputError("A legal hold needs a reason.", hint="e.g. 'subpoena 2026-17'.")
    hold = LegalHold(scope=scope, subject_id=subject_id, reason=str(reason).strip(), placed_by=actor,
                     placed_at=datetime.now(timezone.utc))
    session.add(hold)
    session.flush()
    result = hold_dict(hold)
    audit.append(session, actor, "hold.place", f"hold:{hold.id}", result)
    return result


def release(session: Session, actor: str, hold_id: int) -> dict:
    hold = session.get(LegalHold, hold_id) if 1 <= hold_id <= 2_147_483_647 else None
    if hold is None:
        raise NotFound(f"No legal hold {hold_id}.", hint="List holds with `chipcontrols audit holds`.")
    if hold.released_at is not None:
        raise Refused(f"Legal hold {hold_id} was already released.", hint="Nothing to do.", reason="bad_state")
    hold.released_by, hold.released_at = actor, datetime.now(timezone.utc)
    session.flush()
    result = hold_dict(hold)
    audit.append(session, actor, "hold.release", f"hold:{hold.id}", result)
    return result


def list_all(session: Session) -> list[dict]:
    return [hold_dict(h) for h in session.execute(select(LegalHold).order_by(LegalHold.id)).scalars()]


def purge_orders(session: Session, actor: str, today: date | None = None) -> dict:
    """Delete finished orders past retention that no active hold covers; report what was kept and why."""
    today = today or datetime.now(timezone.utc).date()
    cutoff = _years_before(today, audit.RETENTION_YEARS)
    active = list(session.execute(select(LegalHold).where(LegalHold.released_at.is_(None))).scalars())
    if any(h.scope == "all" for h in active):
        raise Refused("A ledger-wide legal hold is active; nothing may be purged.", hint="An officer must release it first.",
                      reason="legal_hold")
    held_orders = {h.subject_id for h in active if h.scope == "order"}
    held_parties = {h.subject_id for h in active if h.scope == "party"}
    candidates = session.execute(select(Order).where(Order.status.in_(("shipped", "cancelled")),
                                                     Order.ship_date < cutoff)).scalars()
    purged, kept = [], []
    for order in candidates:
        if order.id in held_orders or order.consignee_id in held_parties or order.end_user_id in held_parties:
            kept.append(order.reference)
            continue
        purged.append(order.reference)
        session.execute(delete(Reservation).where(Reservation.order_id == order.id))
        session.execute(delete(OrderLine).where(OrderLine.order_id == order.id))
        session.delete(order)
    session.flush()
    result = {"cutoff": cutoff.isoformat(), "purged": purged, "kept_under_hold": kept}
    audit.append(session, actor, "ledger.purge", None, result)
    return result


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
