"""Parties (consignees, end users, parents) with their countries and ownership links."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.amounts import country
from chipcontrols.ledger.models import OwnershipLink, Party
from chipcontrols.ledger.refusals import NotFound


def party_dict(p: Party) -> dict:
    return {"id": p.id, "name": p.name, "country": p.country, "hq_country": p.hq_country,
            "ultimate_parent_id": p.ultimate_parent_id, "ultimate_parent_country": p.ultimate_parent_country}


def get(session: Session, party_id: int) -> Party:
    party = session.get(Party, party_id) if 1 <= party_id <= 2_147_483_647 else None  # beyond an INTEGER key
    if party is None:
        raise NotFound(f"No party with id {party_id}.", hint="List parties with `chipcontrols parties list`.")
    return party


def create(session: Session, actor: str, name: str, country_code: str, hq_country: str | None = None,
           ultimate_parent_id: int | None = None, ultimate_parent_country: str | None = None) -> dict:
    if not name or not str(name).strip():
        raise InputError("A party needs a name.", hint="Give the legal name, e.g. 'Example Cloud Ltd'.")
    located = country(country_code, "country")
    parent = get(session, ultimate_parent_id) if ultimate_parent_id is not None else None
    if parent is not None and ultimate_parent_country is None:
        ultimate_parent_country = parent.hq_country or parent.country
    party = Party(name=str(name).strip(), country=located, hq_country=country(hq_country, "hq_country", required=False) or located,
                  ultimate_parent_id=ultimate_parent_id,
                  ultimate_parent_country=country(ultimate_parent_country, "ultimate_parent_country", required=False),
                  created_at=datetime.now(timezone.utc))
    session.add(party)
    session.flush()
    result = party_dict(party)
    audit.append(session, actor, "party.create", f"party:{party.id}", result)
    return result


def link(session: Session, actor: str, owner_id: int, owned_id: int, percent: float) -> dict:
    """Record that `owner` holds `percent` of `owned`."""
    get(session, owner_id), get(session, owned_id)
    if owner_id == owned_id:
        raise InputError("A party cannot own itself.", hint="Give two different party ids.")
    if not 0 < percent <= 100:
        raise InputError(f"Ownership percent {percent} is out of range.", hint="Give a share above 0 and at most 100.")
    existing = session.execute(select(OwnershipLink).where(OwnershipLink.owner_id == owner_id,
                                                           OwnershipLink.owned_id == owned_id)).scalar_one_or_none()
    if existing:
        existing.percent = percent
    else:
        session.add(OwnershipLink(owner_id=owner_id, owned_id=owned_id, percent=percent))
    session.flush()
    result = {"owner_id": owner_id, "owned_id": owned_id, "percent": percent}
    audit.append(session, actor, "party.link", f"party:{owned_id}", result)
    return result


def ultimate_parent(session: Session, party: Party) -> Party:
    """The declared ultimate parent, else the top of the majority-ownership chain, else the party itself."""
    if party.ultimate_parent_id is not None:
        return get(session, party.ultimate_parent_id)
    seen, current = {party.id}, party
    while True:
        owner = session.execute(select(OwnershipLink).where(OwnershipLink.owned_id == current.id,
                                                            OwnershipLink.percent > 50)).scalars().first()
        if owner is None or owner.owner_id in seen:
            return current
        seen.add(owner.owner_id)
        current = get(session, owner.owner_id)


def describe(session: Session, party_id: int) -> dict:
    party = get(session, party_id)
    owners = session.execute(select(OwnershipLink).where(OwnershipLink.owned_id == party_id)).scalars()
    owns = session.execute(select(OwnershipLink).where(OwnershipLink.owner_id == party_id)).scalars()
    top = ultimate_parent(session, party)
    return {**party_dict(party),
            "owners": [{"party_id": o.owner_id, "percent": o.percent} for o in owners],
            "owns": [{"party_id": o.owned_id, "percent": o.percent} for o in owns],
            "resolved_ultimate_parent": {"id": top.id, "name": top.name, "country": top.hq_country or top.country}}


def list_all(session: Session) -> list[dict]:
    return [party_dict(p) for p in session.execute(select(Party).order_by(Party.id)).scalars()]
