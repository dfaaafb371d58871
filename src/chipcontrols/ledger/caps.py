"""Allocation caps in TPP (shown also in H100-equivalents), and the China-to-U.S. volume ratio.

Scopes: country (destination), consignee (party id), ultimate_parent (party id), internal (a company
quota on a destination or '*'), ratio (units to `key` <= ratio_percent % of units shipped to
`reference_country`, per product). Approving reserves, cancelling releases, shipping consumes.
Every change is a conditional UPDATE that refuses rather than overdraws.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from chipcontrols.compute.equivalents import h100_tpp
from chipcontrols.errors import InputError
from chipcontrols.vocab import CAP_SCOPES
from chipcontrols.ledger import audit
from chipcontrols.ledger.amounts import MAX_TPP, chip_tpp_mtpp, country, from_mtpp, h100e, parse_day, to_mtpp
from chipcontrols.ledger.models import Cap
from chipcontrols.ledger.refusals import NotFound, Refused

SCOPES = CAP_SCOPES

# The allocation-cap policies rules set are pack data (rules/data/us_ear/cap_policies.yaml): their figures are
# dated, cited parameters, and their periods, status and default enforcement are stated there with citations.
# H100-equivalents convert through the catalog's H100 TPP. The cap each kind of policy creates:
#   country_period  a country cap over the policy's period (optionally multiplied by its G2G factor)
#   consignee_year  a per-consignee cap for one calendar year
#   ratio           a per-product ratio of one country's volume to a reference country's


def policy_figure(parameter: str, on) -> tuple[float, str, str]:
    """(value, source text, 'UNCONFIRMED' note or '') of a rules-pack parameter on a date."""
    from chipcontrols.rules.pack import default_pack

    pack = default_pack()
    value = pack.param(parameter, parse_day(on, "date"))
    if value is None:
        raise InputError(f"The rules pack has no value for {parameter} on {on}: the policy did not exist then.",
                         hint="Choose a date (year) on or after the rule took effect.")
    citation = pack.citations[value.citation]
    source = _source(citation) + f" ({parameter} = {value.value}, effective {value.effective})"
    unconfirmed = "" if value.confirmed else f" UNCONFIRMED: {value.note or 'not read in the primary source'}."
    return value.value, source, unconfirmed


def cap_dict(cap: Cap) -> dict:
    result = {"id": cap.id, "name": cap.name, "scope": cap.scope, "key": cap.key, "chip_id": cap.chip_id,
              "period": [cap.period_start.isoformat(), cap.period_end.isoformat()], "policy": cap.policy,
              "enforced": cap.enforced, "status": "enforced" if cap.enforced else "advisory (not enforced)",
              "status_note": cap.status_note, "source": cap.source}
    if cap.scope == "ratio":
        allowed = cap.ratio_percent * cap.reference_units // 100
        result.update(ratio_percent=cap.ratio_percent, reference_country=cap.reference_country,
                      reference_units=cap.reference_units, reserved_units=cap.reserved_units,
                      consumed_units=cap.consumed_units, allowed_units=allowed,
                      headroom_units=allowed - cap.reserved_units - cap.consumed_units)
    else:
        headroom = None if cap.limit_mtpp is None else cap.limit_mtpp - cap.reserved_mtpp - cap.consumed_mtpp
        result.update(limit_tpp=from_mtpp(cap.limit_mtpp), reserved_tpp=from_mtpp(cap.reserved_mtpp),
                      consumed_tpp=from_mtpp(cap.consumed_mtpp), headroom_tpp=from_mtpp(headroom),
                      limit_h100e=h100e(cap.limit_mtpp), headroom_h100e=h100e(headroom), h100_tpp=h100_tpp())
    return result


def get(session: Session, cap_id_or_name) -> Cap:
    if isinstance(cap_id_or_name, int):
        cap = session.get(Cap, cap_id_or_name) if 1 <= cap_id_or_name <= 2_147_483_647 else None
    else:
        cap = session.execute(select(Cap).where(Cap.name == str(cap_id_or_name))).scalar_one_or_none()
    if cap is None:
        raise NotFound(f"No cap '{cap_id_or_name}'.", hint="List caps with `chipcontrols caps`.")
    return cap


def create(session: Session, actor: str, name: str, scope: str, key: str, period_start, period_end,
           limit_tpp: float | None = None, limit_h100e: float | None = None, chip: str | None = None,
           enforced: bool = True, policy: str | None = None, status_note: str | None = None, source: str | None = None,
           ratio_percent: int | None = None, reference_country: str | None = None) -> dict:
    if scope not in SCOPES:
        raise InputError(f"Unknown cap scope '{scope}'.", hint=f"Use one of: {', '.join(SCOPES)}.")
    if not name or not str(name).strip():
        raise InputError("A cap needs a name.", hint="e.g. 'internal-2026-AE'.")
    start, end = parse_day(period_start, "period_start"), parse_day(period_end, "period_end")
    if end < start:
        raise InputError(f"Period end {end} is before its start {start}.", hint="Check the period.")
    if scope in ("country", "ratio") or (scope == "internal" and key != "*"):
        key = country(key, "key")
    elif scope in ("consignee", "ultimate_parent"):
        from chipcontrols.ledger import parties
        if not str(key).isdigit():
            raise InputError(f"A {scope} cap's key is a party id, got '{key}'.", hint="List parties with `chipcontrols parties list`.")
        key = str(parties.get(session, int(key)).id)
    chip_id = chip_tpp_mtpp(chip)[0] if chip else None
    if scope == "ratio":
        if not ratio_percent or ratio_percent <= 0 or not reference_country or chip_id is None:
            raise InputError("A ratio cap needs ratio_percent > 0, reference_country and a chip.",
                             hint="e.g. scope=ratio key=CN reference_country=US ratio_percent=50 chip=H200.")
        limit_mtpp = None
    else:
        if (limit_tpp is None) == (limit_h100e is None):
            raise InputError("Give exactly one of limit_tpp or limit_h100e.", hint="e.g. limit_h100e=1000.")
        limit = limit_tpp if limit_tpp is not None else limit_h100e * h100_tpp()
        if limit != limit or limit < 0:
            raise InputError(f"Cap limit {limit} is not a non-negative number.", hint="Give a limit of zero or more.")
        if limit > MAX_TPP:
            raise InputError(f"Cap limit {limit:,.0f} TPP is above the ledger's limit of {MAX_TPP:,}.", hint="Check the figure and its unit.")
        limit_mtpp = to_mtpp(limit)
    if session.execute(select(Cap.id).where(Cap.name == str(name).strip())).first():
        raise Refused(f"A cap named '{name}' already exists.", hint="Cap names are unique.")
    cap = Cap(name=str(name).strip(), scope=scope, key=key, chip_id=chip_id, period_start=start, period_end=end,
              limit_mtpp=limit_mtpp, reserved_mtpp=0, consumed_mtpp=0, reference_country=country(reference_country, "reference_country", required=False),
              ratio_percent=ratio_percent, reference_units=0, reserved_units=0, consumed_units=0, policy=policy,
              enforced=enforced, status_note=status_note, source=source, created_at=datetime.now(timezone.utc))
    session.add(cap)
    session.flush()
    result = cap_dict(cap)
    audit.append(session, actor, "cap.create", f"cap:{cap.name}", result)
    return result


def add_policy(session: Session, actor: str, policy: str, *, country_code: str | None = None, g2g: bool = False,
               consignee_id: int | None = None, year: int | None = None, chip: str | None = None,
               enforced: bool | None = None) -> dict:
    """Create the cap a named policy of the rules pack defines (its figures, period and sources are pack data)."""
    from chipcontrols.rules.pack import default_pack

    pack = default_pack()
    policies = pack.cap_policies
    if policy not in policies:
        raise InputError(f"Unknown policy '{policy}'.", hint=f"Use one of: {', '.join(policies)}.")
    spec = policies[policy]
    enforced = spec.enforced if enforced is None else enforced
    name = policy.replace("_", "-")
    status = spec.status_note + f" ({_source(pack.citations[spec.citation])})"
    period = (spec.period_from.isoformat() if spec.period_from else None,
              spec.period_to.isoformat() if spec.period_to else FAR_FUTURE)
    if spec.kind == "country_period":
        h100e_cap, source, unconfirmed = policy_figure(spec.parameter, spec.figure_on)
        code = country(country_code, "country")
        if spec.period_citation:
            source += f" ; period and G2G: {_source(pack.citations[spec.period_citation])}"
        return create(session, actor, f"{name}-{code}{'-g2g' if g2g else ''}", "country", code, *period,
                      limit_h100e=h100e_cap * (spec.g2g_factor if g2g and spec.g2g_factor else 1), chip=chip,
                      policy=policy, enforced=enforced, status_note=status + unconfirmed, source=source)
    if spec.kind == "consignee_year":
        if consignee_id is None or year is None:
            raise InputError(f"The {policy} cap is per consignee and calendar year.", hint="Give consignee_id and year.")
        tpp, source, unconfirmed = policy_figure(spec.parameter, f"{year}-12-31")
        return create(session, actor, f"{name}-{consignee_id}-{year}", "consignee", str(consignee_id),
                      f"{year}-01-01", f"{year}-12-31", limit_tpp=tpp, policy=policy, enforced=enforced,
                      status_note=status + unconfirmed, source=source)
    if chip is None:
        raise InputError(f"The {policy} volume condition is per product.", hint="Give the chip, e.g. H200.")
    share, source, unconfirmed = policy_figure(spec.parameter, spec.figure_on)
    chip_id = chip_tpp_mtpp(chip)[0]
    return create(session, actor, f"{name}-{chip_id}", "ratio", spec.key, *period, chip=chip,
                  ratio_percent=round(share * 100), reference_country=spec.reference_country, policy=policy,
                  enforced=enforced, status_note=status + unconfirmed, source=source)


FAR_FUTURE = "9999-12-31"  # an open-ended period


def _source(citation) -> str:
    return f"{citation.fr or ''} {citation.title}: ".lstrip() + " ; ".join(citation.urls)


def matching(session: Session, on: date, destination: str, consignee_id: int | None, parent_id: int | None,
             chip_ids: set[str]) -> list[Cap]:
    """Caps an order to `destination` for these parties and chips counts against, in id order (lock order)."""
    keys = [and_(Cap.scope == "country", Cap.key == destination), and_(Cap.scope == "ratio", Cap.key == destination),
            and_(Cap.scope == "internal", Cap.key.in_([destination, "*"]))]
    if consignee_id is not None:
        keys.append(and_(Cap.scope == "consignee", Cap.key == str(consignee_id)))
    if parent_id is not None:
        keys.append(and_(Cap.scope == "ultimate_parent", Cap.key == str(parent_id)))
    query = select(Cap).where(or_(*keys), Cap.period_start <= on, Cap.period_end >= on,
                              or_(Cap.chip_id.is_(None), Cap.chip_id.in_(chip_ids))).order_by(Cap.id)
    return list(session.execute(query).scalars())


def reserve(session: Session, cap: Cap, mtpp: int, units: int) -> str | None:
    """Reserve headroom atomically. Refuses on an enforced cap; returns a warning on an advisory one."""
    if cap.scope == "ratio":
        fits = (Cap.consumed_units + Cap.reserved_units + units) * 100 <= Cap.ratio_percent * Cap.reference_units
        values = {"reserved_units": Cap.reserved_units + units}
    else:
        fits = or_(Cap.limit_mtpp.is_(None), Cap.limit_mtpp - Cap.reserved_mtpp - Cap.consumed_mtpp >= mtpp)
        values = {"reserved_mtpp": Cap.reserved_mtpp + mtpp}
    updated = session.execute(update(Cap).where(Cap.id == cap.id, or_(Cap.enforced.is_(False), fits)).values(**values)
                              .execution_options(synchronize_session=False)).rowcount
    session.refresh(cap)
    if updated != 1:
        state = cap_dict(cap)
        if cap.scope == "ratio":
            raise Refused(f"Cap '{cap.name}': {units} more units to {cap.key} would exceed {cap.ratio_percent}% of the "
                          f"{cap.reference_units} units shipped to {cap.reference_country} ({state['headroom_units']} left).",
                          hint="Ship more to the reference country first, or reduce the quantity.", reason="cap_exceeded",
                          cap=cap.name, headroom_units=state["headroom_units"], needed_units=units)
        raise Refused(f"Cap '{cap.name}' has {state['headroom_tpp']} TPP ({state['headroom_h100e']} H100e) of headroom; "
                      f"the order needs {mtpp / 1000} TPP.", hint="Reduce the quantity or wait for headroom to be released.",
                      reason="cap_exceeded", cap=cap.name, headroom_tpp=state["headroom_tpp"], needed_tpp=mtpp / 1000)
    state = cap_dict(cap)
    over = state.get("headroom_units", state.get("headroom_tpp"))
    if over is not None and over < 0:
        return f"Advisory cap '{cap.name}' is exceeded ({cap.status_note or 'not enforced'})."
    return None


def settle(session: Session, cap_id: int, mtpp: int, units: int, consume: bool) -> None:
    values = {"reserved_mtpp": Cap.reserved_mtpp - mtpp, "reserved_units": Cap.reserved_units - units}
    if consume:
        values.update(consumed_mtpp=Cap.consumed_mtpp + mtpp, consumed_units=Cap.consumed_units + units)
    session.execute(update(Cap).where(Cap.id == cap_id).values(**values).execution_options(synchronize_session=False))


def add_reference_volume(session: Session, on: date, destination: str, units_by_chip: dict[str, int]) -> None:
    """Shipping to a ratio cap's reference country (the U.S.) grows what may go to its key country."""
    for chip_id, units in units_by_chip.items():
        session.execute(update(Cap).where(Cap.scope == "ratio", Cap.reference_country == destination, Cap.chip_id == chip_id,
                                          Cap.period_start <= on, Cap.period_end >= on)
                        .values(reference_units=Cap.reference_units + units).execution_options(synchronize_session=False))


def headroom(session: Session, on: date | None = None) -> list[dict]:
    query = select(Cap).order_by(Cap.id)
    if on is not None:
        query = query.where(Cap.period_start <= on, Cap.period_end >= on)
    return [cap_dict(c) for c in session.execute(query).scalars()]
