"""Licenses: scope, validity and balances in units, value and TPP.

Balances move only through conditional UPDATEs (`WHERE authorized - reserved - used >= :n`), so
two requests can never both take the last units, whatever the database.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.amounts import MAX_LICENSE_UNITS, MAX_TPP, MAX_VALUE_USD, chip_tpp_mtpp, country, from_mtpp, h100e, parse_day, to_cents, to_mtpp
from chipcontrols.ledger.models import License
from chipcontrols.ledger.refusals import NotFound, Refused


def license_dict(lic: License) -> dict:
    def left(authorized, reserved, used):
        return None if authorized is None else authorized - reserved - used

    return {
        "id": lic.id, "number": lic.number, "valid_from": lic.valid_from.isoformat(), "valid_to": lic.valid_to.isoformat(),
        "destinations": lic.destinations, "chip_ids": lic.chip_ids, "party_ids": lic.party_ids,
        "units": {"authorized": lic.units_authorized, "reserved": lic.units_reserved, "used": lic.units_used,
                  "remaining": left(lic.units_authorized, lic.units_reserved, lic.units_used)},
        "value_usd": {"authorized": _usd(lic.value_authorized_cents), "reserved": _usd(lic.value_reserved_cents),
                      "used": _usd(lic.value_used_cents),
                      "remaining": _usd(left(lic.value_authorized_cents, lic.value_reserved_cents, lic.value_used_cents))},
        "tpp": {"authorized": from_mtpp(lic.tpp_authorized_mtpp), "reserved": from_mtpp(lic.tpp_reserved_mtpp),
                "used": from_mtpp(lic.tpp_used_mtpp),
                "remaining": from_mtpp(left(lic.tpp_authorized_mtpp, lic.tpp_reserved_mtpp, lic.tpp_used_mtpp)),
                "remaining_h100e": h100e(left(lic.tpp_authorized_mtpp, lic.tpp_reserved_mtpp, lic.tpp_used_mtpp))},
    }


def _usd(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def get(session: Session, number_or_id) -> License:
    if isinstance(number_or_id, int):
        lic = session.get(License, number_or_id) if 1 <= number_or_id <= 2_147_483_647 else None
    else:
        lic = session.execute(select(License).where(License.number == str(number_or_id))).scalar_one_or_none()
    if lic is None:
        raise NotFound(f"No license '{number_or_id}' in the ledger.", hint="List licenses with `chipcontrols licenses list`.")
    return lic


def create(session: Session, actor: str, number: str, valid_from, valid_to, destinations: list[str],
           chips: list[str] | None = None, party_ids: list[int] | None = None, units: int | None = None,
           value_usd: float | None = None, tpp: float | None = None) -> dict:
    if not number or not str(number).strip():
        raise InputError("A license needs its number.", hint="Give the BIS license number, e.g. D1234567.")
    start, end = parse_day(valid_from, "valid_from"), parse_day(valid_to, "valid_to")
    if end < start:
        raise InputError(f"valid_to {end} is before valid_from {start}.", hint="Check the license's validity dates.")
    if not destinations:
        raise InputError("A license names at least one destination.", hint="Give ISO country codes, e.g. ['CN'].")
    for name, amount, maximum in (("units", units, MAX_LICENSE_UNITS), ("value_usd", value_usd, MAX_VALUE_USD), ("tpp", tpp, MAX_TPP)):
        if amount is None:
            continue
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount != amount:
            raise InputError(f"License {name} {amount!r} is not a number.", hint=f"Give the authorized {name}, or leave it out.")
        if amount < 0:
            raise InputError(f"License {name} {amount} is negative.", hint=f"Give the authorized {name}, zero or more, or leave it out.")
        if amount > maximum:
            raise InputError(f"License {name} {amount:,} is above the ledger's limit of {maximum:,}.", hint="Check the figure and its unit.")
    if units is not None and not isinstance(units, int):
        raise InputError(f"License units must be a whole number, got {units!r}.", hint="e.g. 100")
    if session.execute(select(License.id).where(License.number == str(number).strip())).first():
        raise Refused(f"License {number} is already in the ledger.", hint="License numbers are unique; show it with `licenses show`.")
    lic = License(number=str(number).strip(), valid_from=start, valid_to=end,
                  destinations=sorted({country(d, "destination") for d in destinations}),
                  chip_ids=sorted({chip_tpp_mtpp(c)[0] for c in (chips or [])}), party_ids=sorted(set(party_ids or [])),
                  units_authorized=units, value_authorized_cents=None if value_usd is None else to_cents(value_usd),
                  tpp_authorized_mtpp=None if tpp is None else to_mtpp(tpp),
                  units_reserved=0, units_used=0, value_reserved_cents=0, value_used_cents=0,
                  tpp_reserved_mtpp=0, tpp_used_mtpp=0, created_at=datetime.now(timezone.utc))
    session.add(lic)
    session.flush()
    result = license_dict(lic)
    audit.append(session, actor, "license.create", f"license:{lic.number}", result)
    return result


def refuse_if_unusable(lic: License, on: date, destination: str, chip_ids: set[str], consignee_id: int | None) -> None:
    """Raise Refused with the reason if this license cannot cover a shipment on `on`."""
    if on > lic.valid_to:
        raise Refused(f"License {lic.number} expired on {lic.valid_to}; shipment date is {on}.",
                      hint="Ship under a valid license or apply for a new one.", reason="expired")
    if on < lic.valid_from:
        raise Refused(f"License {lic.number} is not valid until {lic.valid_from}; shipment date is {on}.",
                      hint="Ship on or after the validity start.", reason="not_yet_valid")
    if destination not in lic.destinations:
        raise Refused(f"License {lic.number} does not cover destination {destination} (covers {', '.join(lic.destinations)}).",
                      hint="Use a license that names this destination.", reason="destination_not_covered")
    uncovered = sorted(chip_ids - set(lic.chip_ids)) if lic.chip_ids else []
    if uncovered:
        raise Refused(f"License {lic.number} does not cover {', '.join(uncovered)}.",
                      hint="Use a license whose items include every chip on the order.", reason="item_not_covered")
    if lic.party_ids and consignee_id not in lic.party_ids:
        raise Refused(f"License {lic.number} does not name consignee {consignee_id}.",
                      hint="Use a license that names this consignee.", reason="party_not_covered")


def reserve(session: Session, lic: License, units: int, cents: int, mtpp: int) -> None:
    """Take units/value/TPP from the license's remaining balance, atomically, or refuse saying which ran out."""
    result = session.execute(
        update(License).where(
            License.id == lic.id,
            or_(License.units_authorized.is_(None), License.units_authorized - License.units_reserved - License.units_used >= units),
            or_(License.value_authorized_cents.is_(None),
                License.value_authorized_cents - License.value_reserved_cents - License.value_used_cents >= cents),
            or_(License.tpp_authorized_mtpp.is_(None), License.tpp_authorized_mtpp - License.tpp_reserved_mtpp - License.tpp_used_mtpp >= mtpp),
        ).values(units_reserved=License.units_reserved + units, value_reserved_cents=License.value_reserved_cents + cents,
                 tpp_reserved_mtpp=License.tpp_reserved_mtpp + mtpp).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        session.refresh(lic)
        return
    session.refresh(lic)
    balance = license_dict(lic)
    for dimension, needed in (("units", units), ("value_usd", cents / 100), ("tpp", mtpp / 1000)):
        remaining = balance[dimension]["remaining"]
        if remaining is not None and remaining < needed:
            raise Refused(f"License {lic.number} is exhausted: {remaining} {dimension} left, the order needs {needed}.",
                          hint="Reduce the quantity, or ship the rest under another license.", reason="exhausted",
                          dimension=dimension, remaining=remaining, needed=needed)
    raise Refused(f"License {lic.number} could not be drawn down.", hint="Retry; if it persists, check its balances.")


def settle(session: Session, license_id: int, units: int, cents: int, mtpp: int, consume: bool) -> None:
    """Move a reservation to used (ship) or back to free (cancel)."""
    values = dict(units_reserved=License.units_reserved - units, value_reserved_cents=License.value_reserved_cents - cents,
                  tpp_reserved_mtpp=License.tpp_reserved_mtpp - mtpp)
    if consume:
        values.update(units_used=License.units_used + units, value_used_cents=License.value_used_cents + cents,
                      tpp_used_mtpp=License.tpp_used_mtpp + mtpp)
    session.execute(update(License).where(License.id == license_id).values(**values)
                    .execution_options(synchronize_session=False))


def list_all(session: Session) -> list[dict]:
    return [license_dict(lic) for lic in session.execute(select(License).order_by(License.id)).scalars()]
