"""Orders and their life cycle: draft -> approved (reserve) -> shipped (consume), or cancelled (release).

Approval asks the rules engine for a determination, stores it, and refuses what the determination
does not allow (license required but none attached; indeterminate). Then it reserves, in one
transaction and in id order, against the license and every cap the order counts against.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import false, select
from sqlalchemy.orm import Session, selectinload

from chipcontrols import inputs
from chipcontrols.errors import InputError
from chipcontrols.ledger import audit, caps, determinations, licenses, parties
from chipcontrols.ledger.amounts import MAX_LINES, MAX_UNIT_VALUE_USD, chip_tpp_mtpp, country, from_mtpp, h100e, parse_day, positive_int, to_cents
from chipcontrols.ledger.models import Cap, Order, OrderLine, Reservation
from chipcontrols.ledger.refusals import NotFound, Refused

NAC_DAYS_PARAMETER = "part_740.nac.notification_days"  # from the rules pack (cited), not typed here
EXCEPTIONS = ("NAC", "ACA", "LPP", "AIA", "ACM")


def order_dict(order: Order) -> dict:
    lines = [{"id": ln.id, "chip_id": ln.chip_id, "quantity": ln.quantity, "unit_value_usd": ln.unit_value_cents / 100,
              "tpp_per_unit": from_mtpp(ln.tpp_per_unit_mtpp), "total_tpp": from_mtpp(ln.tpp_per_unit_mtpp * ln.quantity)}
             for ln in order.lines]
    total = sum(ln.tpp_per_unit_mtpp * ln.quantity for ln in order.lines)
    return {"id": order.id, "reference": order.reference, "status": order.status, "ship_from": order.ship_from,
            "destination": order.destination, "consignee_id": order.consignee_id, "end_user_id": order.end_user_id,
            "end_use": order.end_use, "order_date": order.order_date.isoformat(), "ship_date": order.ship_date.isoformat(),
            "license_id": order.license_id, "license_exception": order.license_exception,
            "nac_notified_on": order.nac_notified_on.isoformat() if order.nac_notified_on else None,
            "nac_confirmation": order.nac_confirmation, "determination_id": order.determination_id,
            "lines": lines, "total_units": sum(ln.quantity for ln in order.lines), "total_tpp": from_mtpp(total),
            "total_h100e": h100e(total), "total_value_usd": sum(ln.unit_value_cents * ln.quantity for ln in order.lines) / 100}


def get(session: Session, order_id_or_ref) -> Order:
    query = select(Order).options(selectinload(Order.lines))
    if isinstance(order_id_or_ref, int):
        query = query.where(Order.id == order_id_or_ref if 1 <= order_id_or_ref <= 2_147_483_647 else false())
    else:
        query = query.where(Order.reference == str(order_id_or_ref))
    order = session.execute(query).scalar_one_or_none()
    if order is None:
        raise NotFound(f"No order '{order_id_or_ref}'.", hint="List orders with `chipcontrols orders list`.")
    return order


def create(session: Session, actor: str, reference: str, destination: str, lines: list[dict], ship_from: str = "US",  # in code: default origin: the United States, the jurisdiction of the only pack
           consignee_id: int | None = None, end_user_id: int | None = None, end_use: str | None = None,
           order_date=None, ship_date=None, license_number: str | None = None, license_exception: str | None = None,
           nac_notified_on=None, nac_confirmation: str | None = None) -> dict:
    """Validate everything first, then write: bad input writes nothing."""
    if not reference or not str(reference).strip():
        raise InputError("An order needs a reference.", hint="Give your order number, e.g. PO-2026-0001.")
    if not lines:
        raise InputError("An order needs at least one line.", hint="Give lines as [{chip, quantity, unit_value_usd}].")
    if len(lines) > MAX_LINES:
        raise InputError(f"An order has at most {MAX_LINES} lines, got {len(lines)}.", hint="Split it into several orders.")
    built = []
    for i, line in enumerate(lines, 1):
        if not isinstance(line, dict) or "chip" not in line:
            raise InputError(f"Line {i} has no chip.", hint="Each line is {chip, quantity, unit_value_usd}.")
        chip_id, mtpp = chip_tpp_mtpp(line["chip"])
        built.append(OrderLine(chip_id=chip_id, quantity=positive_int(line.get("quantity", 1), f"line {i} quantity"),
                               unit_value_cents=to_cents(line.get("unit_value_usd"), MAX_UNIT_VALUE_USD), tpp_per_unit_mtpp=mtpp))
    today = datetime.now(timezone.utc).date()
    exception = str(license_exception).upper() if license_exception else None
    if exception is not None and exception not in EXCEPTIONS:
        raise InputError(f"Unknown license exception '{license_exception}'.", hint=f"Use one of: {', '.join(EXCEPTIONS)}.")
    for pid in (consignee_id, end_user_id):
        if pid is not None:
            parties.get(session, pid)
    if exception == "LPP" and consignee_id is None:
        raise InputError("LPP is counted per ultimate consignee.", hint="Give consignee_id for an LPP order.")
    lic = licenses.get(session, license_number) if license_number else None
    if session.execute(select(Order.id).where(Order.reference == str(reference).strip())).first():
        raise Refused(f"Order {reference} already exists.", hint="Order references are unique.")
    now = datetime.now(timezone.utc)
    order = Order(reference=str(reference).strip(), status="draft", ship_from=country(ship_from, "ship_from"),
                  destination=country(destination, "destination"), consignee_id=consignee_id, end_user_id=end_user_id,
                  end_use=inputs.choice(end_use, inputs.END_USES, "end_use"), order_date=parse_day(order_date or today, "order_date"),
                  ship_date=parse_day(ship_date or today, "ship_date"), license_id=lic.id if lic else None,
                  license_exception=exception,
                  nac_notified_on=parse_day(nac_notified_on, "nac_notified_on") if nac_notified_on else None,
                  nac_confirmation=nac_confirmation, created_by=actor, created_at=now, updated_at=now, lines=built)
    session.add(order)
    session.flush()
    result = order_dict(order)
    audit.append(session, actor, "order.create", f"order:{order.reference}", result)
    return result


def _check_inputs(session: Session, order: Order) -> dict:
    end_user = parties.get(session, order.end_user_id or order.consignee_id) if (order.end_user_id or order.consignee_id) else None
    parent = parties.ultimate_parent(session, end_user) if end_user else None
    consignee = parties.get(session, order.consignee_id) if order.consignee_id else None
    screened = [p for p in {id(p): p for p in (consignee, end_user) if p is not None}.values()]
    return {"to": order.destination, "date": order.ship_date.isoformat(), "ship_from": order.ship_from,
            # Every named party is screened against the list snapshot in force (check() does it).
            "parties": [{"name": p.name, "country": p.country} for p in screened],
            "items": [{"chip": ln.chip_id, "quantity": ln.quantity} for ln in order.lines],
            "end_user_hq": (end_user.hq_country or end_user.country) if end_user else None,
            "ultimate_parent_hq": (end_user.ultimate_parent_country or (parent.hq_country or parent.country))
            if end_user else None,
            "end_use": order.end_use}


def _refuse_unless_allowed(order: Order, result: dict) -> None:
    outcome = result.get("outcome")
    if outcome == "indeterminate":
        questions = "; ".join(str(q.get("question", q)) if isinstance(q, dict) else str(q) for q in result.get("questions") or [])
        raise Refused(f"The determination for order {order.reference} is indeterminate: {questions or 'facts missing'}.",
                      hint="Record the missing facts on the order's parties, then approve again.", reason="indeterminate")
    if order.license_id is not None:
        return
    if outcome == "license_required":
        raise Refused(f"Order {order.reference} needs a license (the determination says license_required).",
                      hint="Attach a license number to the order.", reason="license_required")
    if outcome == "license_exception":
        allowed = None
        for item in result.get("items") or []:
            names = {str(n).upper() for n in item.get("license_exceptions") or []}
            allowed = names if allowed is None else allowed & names
        if not order.license_exception or order.license_exception not in (allowed or set()):
            raise Refused(f"Order {order.reference} may ship only under a license or a license exception "
                          f"({', '.join(sorted(allowed or [])) or 'none named'}).",
                          hint="Set license_exception on the order to one the determination names, or attach a license.",
                          reason="license_exception_required")


def approve(session: Session, actor: str, order_id_or_ref, determine: bool = True) -> dict:
    order = get(session, order_id_or_ref)
    if order.status != "draft":
        raise Refused(f"Order {order.reference} is {order.status}; only a draft can be approved.", hint="Show it with `orders show`.",
                      reason="bad_state")
    domestic = order.destination == order.ship_from  # a sale inside one country is not an export: nothing to determine
    if determine and not domestic:
        inputs = _check_inputs(session, order)
        result = determinations.run_check(**inputs)
        det = determinations.record(session, actor, inputs, result)
        order.determination_id = det.id
        _refuse_unless_allowed(order, result)
    chip_ids = {ln.chip_id for ln in order.lines}
    units = sum(ln.quantity for ln in order.lines)
    cents = sum(ln.quantity * ln.unit_value_cents for ln in order.lines)
    mtpp = sum(ln.quantity * ln.tpp_per_unit_mtpp for ln in order.lines)
    reservations, warnings = [], []
    if order.license_id is not None:
        lic = licenses.get(session, order.license_id)
        licenses.refuse_if_unusable(lic, order.ship_date, order.destination, chip_ids, order.consignee_id)
        licenses.reserve(session, lic, units, cents, mtpp)
        reservations.append(Reservation(order_id=order.id, license_id=lic.id, units=units, value_cents=cents, mtpp=mtpp,
                                        state="reserved"))
    consignee = parties.get(session, order.consignee_id) if order.consignee_id else None
    parent = parties.ultimate_parent(session, consignee) if consignee else None
    if order.license_exception == "LPP":
        _ensure_lpp_cap(session, actor, order.consignee_id, order.ship_date.year)
    for cap in caps.matching(session, order.ship_date, order.destination, order.consignee_id,
                             parent.id if parent else None, chip_ids):
        if cap.policy == "lpp" and order.license_exception != "LPP":
            continue  # the LPP allowance counts only shipments made under LPP
        lines = [ln for ln in order.lines if cap.chip_id is None or ln.chip_id == cap.chip_id]
        cap_mtpp = sum(ln.quantity * ln.tpp_per_unit_mtpp for ln in lines)
        cap_units = sum(ln.quantity for ln in lines) if cap.scope == "ratio" else 0
        warning = caps.reserve(session, cap, cap_mtpp, cap_units)
        if warning:
            warnings.append(warning)
        reservations.append(Reservation(order_id=order.id, cap_id=cap.id, units=cap_units, mtpp=cap_mtpp, state="reserved"))
    session.add_all(reservations)
    order.status, order.updated_at = "approved", datetime.now(timezone.utc)
    session.flush()
    if domestic:
        warnings.append(f"Domestic sale ({order.ship_from} to {order.destination}): not an export, no determination made.")
    result = {**order_dict(order), "reservations": [_reservation_dict(r) for r in reservations], "warnings": warnings}
    audit.append(session, actor, "order.approve", f"order:{order.reference}", result)
    return result


def _ensure_lpp_cap(session: Session, actor: str, consignee_id: int, year: int) -> None:
    exists = session.execute(select(Cap.id).where(Cap.policy == "lpp", Cap.key == str(consignee_id),
                                                  Cap.period_start == date(year, 1, 1))).first()
    if not exists:
        caps.add_policy(session, actor, "lpp", consignee_id=consignee_id, year=year)


def _reservation_dict(r: Reservation) -> dict:
    return {"cap_id": r.cap_id, "license_id": r.license_id, "units": r.units, "value_usd": r.value_cents / 100,
            "tpp": from_mtpp(r.mtpp), "state": r.state}


def _settle(session: Session, order: Order, consume: bool) -> list[Reservation]:
    held = list(session.execute(select(Reservation).where(Reservation.order_id == order.id, Reservation.state == "reserved")
                                .order_by(Reservation.id)).scalars())
    for r in held:
        if r.license_id is not None:
            licenses.settle(session, r.license_id, r.units, r.value_cents, r.mtpp, consume)
        else:
            caps.settle(session, r.cap_id, r.mtpp, r.units, consume)
        r.state = "consumed" if consume else "released"
    return held


def cancel(session: Session, actor: str, order_id_or_ref, reason: str | None = None) -> dict:
    order = get(session, order_id_or_ref)
    if order.status not in ("draft", "approved"):
        raise Refused(f"Order {order.reference} is {order.status} and cannot be cancelled.",
                      hint="Only draft or approved orders can be cancelled.", reason="bad_state")
    released = _settle(session, order, consume=False)
    order.status, order.updated_at = "cancelled", datetime.now(timezone.utc)
    session.flush()
    result = {**order_dict(order), "released": [_reservation_dict(r) for r in released]}
    audit.append(session, actor, "order.cancel", f"order:{order.reference}", {**result, "reason": reason})
    return result


def ship(session: Session, actor: str, order_id_or_ref, on=None) -> dict:
    order = get(session, order_id_or_ref)
    if order.status != "approved":
        raise Refused(f"Order {order.reference} is {order.status}; only an approved order ships.",
                      hint="Approve it first (that reserves the license and cap headroom).", reason="bad_state")
    day = parse_day(on, "ship date") if on else datetime.now(timezone.utc).date()
    if order.license_id is not None:
        lic = licenses.get(session, order.license_id)
        licenses.refuse_if_unusable(lic, day, order.destination, {ln.chip_id for ln in order.lines}, order.consignee_id)
    if order.license_exception == "NAC":
        if order.nac_notified_on is None:
            raise Refused(f"Order {order.reference} ships under NAC but no BIS notification is recorded.",
                          hint="Record nac_notified_on (and the confirmation number) on the order.", reason="nac_not_notified")
        days = nac_notice_days(order.nac_notified_on)
        earliest = order.nac_notified_on + timedelta(days=days)
        if day < earliest:
            raise Refused(f"NAC: notified {order.nac_notified_on}; the {days}-day clock runs until {earliest}, so it cannot ship on {day}.",
                          hint=f"Ship on or after {earliest}.", reason="nac_clock", earliest_ship_date=earliest.isoformat())
    consumed = _settle(session, order, consume=True)
    caps.add_reference_volume(session, day, order.destination,
                              _units_by_chip(order))
    order.status, order.ship_date, order.updated_at = "shipped", day, datetime.now(timezone.utc)
    session.flush()
    result = {**order_dict(order), "consumed": [_reservation_dict(r) for r in consumed]}
    audit.append(session, actor, "order.ship", f"order:{order.reference}", result)
    return result


def _units_by_chip(order: Order) -> dict[str, int]:
    units: dict[str, int] = {}
    for ln in order.lines:
        units[ln.chip_id] = units.get(ln.chip_id, 0) + ln.quantity
    return units


def set_nac_notification(session: Session, actor: str, order_id_or_ref, notified_on, confirmation: str | None) -> dict:
    order = get(session, order_id_or_ref)
    order.nac_notified_on = parse_day(notified_on, "nac_notified_on")
    order.nac_confirmation = confirmation
    order.updated_at = datetime.now(timezone.utc)
    session.flush()
    result = order_dict(order)
    audit.append(session, actor, "order.nac_notified", f"order:{order.reference}", result)
    days = nac_notice_days(order.nac_notified_on)
    return {**result, "nac_notice_days": days,
            "nac_earliest_ship_date": (order.nac_notified_on + timedelta(days=days)).isoformat()}


def nac_notice_days(notified_on: date) -> int:
    from chipcontrols.rules.pack import default_pack

    value = default_pack().param(NAC_DAYS_PARAMETER, notified_on)
    if value is None:
        raise Refused(f"License Exception NAC did not exist on {notified_on} (no notification period in the rules).",
                      hint="Check the notification date; NAC exists from the Oct 2023 rule onward.", reason="nac_not_in_force")
    return int(value.value)


def list_all(session: Session, status: str | None = None, limit: int = 200) -> list[dict]:
    query = select(Order).options(selectinload(Order.lines)).order_by(Order.id).limit(limit)
    if status:
        query = query.where(Order.status == status)
    return [order_dict(o) for o in session.execute(query).scalars()]
