"""Parties, orders, licenses, caps and determinations over HTTP (JSON in, JSON out)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path, Query, Request

from chipcontrols.api.auth import Caller, role
from chipcontrols.api.idempotency import run_write
from chipcontrols.api.schemas import CancelIn, CapIn, Id, LicenseIn, NacIn, OrderIn, OwnerIn, PartyIn, PolicyIn, ShipIn
from chipcontrols.ledger import caps, determinations, licenses, orders, parties

router = APIRouter()
def _ref():
    return Path(min_length=1, max_length=100, pattern=r"^[^\x00]*$")


def _read(request: Request, work):
    with request.app.state.ledger.reader() as session:
        return work(session)


def _json(body) -> dict:
    return body.model_dump(mode="json")


# parties ---------------------------------------------------------------------------------------
@router.get("/parties", tags=["parties"])
def list_parties(request: Request, _c: Caller = Depends(role("viewer"))):
    return _read(request, parties.list_all)


@router.post("/parties", tags=["parties"], status_code=201)
def create_party(body: PartyIn, request: Request, caller: Caller = Depends(role("analyst"))):
    return run_write(request, caller, _json(body), lambda s: parties.create(
        s, caller.name, body.name, body.country, body.hq_country, body.ultimate_parent_id, body.ultimate_parent_country), 201)


@router.get("/parties/{party_id}", tags=["parties"])
def show_party(request: Request, party_id: Id = Path(), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: parties.describe(s, party_id))


@router.post("/parties/{party_id}/owners", tags=["parties"])
def add_owner(body: OwnerIn, request: Request, party_id: Id = Path(), caller: Caller = Depends(role("analyst"))):
    return run_write(request, caller, {**_json(body), "owned": party_id},
                     lambda s: parties.link(s, caller.name, body.owner_id, party_id, body.percent))


# orders ----------------------------------------------------------------------------------------
@router.get("/orders", tags=["orders"])
def list_orders(request: Request, status: str | None = Query(None, pattern="^(draft|approved|shipped|cancelled)$"),
                limit: int = Query(200, ge=1, le=1000), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: orders.list_all(s, status, limit))


@router.post("/orders", tags=["orders"], status_code=201)
def create_order(body: OrderIn, request: Request, caller: Caller = Depends(role("analyst"))):
    fields = body.model_dump(exclude={"lines"})
    lines = [line.model_dump() for line in body.lines]
    return run_write(request, caller, _json(body), lambda s: orders.create(s, caller.name, lines=lines, **fields), 201)


@router.get("/orders/{reference}", tags=["orders"])
def show_order(request: Request, reference: str = _ref(), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: orders.order_dict(orders.get(s, reference)))


@router.post("/orders/{reference}/approve", tags=["orders"], summary="Determine, then reserve license and cap headroom")
def approve_order(request: Request, reference: str = _ref(), caller: Caller = Depends(role("officer"))):
    return run_write(request, caller, {"approve": reference}, lambda s: orders.approve(s, caller.name, reference))


@router.post("/orders/{reference}/ship", tags=["orders"], summary="Consume the reservations")
def ship_order(request: Request, body: ShipIn | None = None, reference: str = _ref(), caller: Caller = Depends(role("officer"))):
    on = body.on if body else None
    return run_write(request, caller, {"ship": reference, "on": str(on)}, lambda s: orders.ship(s, caller.name, reference, on))


@router.post("/orders/{reference}/cancel", tags=["orders"], summary="Release the reservations")
def cancel_order(request: Request, body: CancelIn | None = None, reference: str = _ref(), caller: Caller = Depends(role("officer"))):
    reason = body.reason if body else None
    return run_write(request, caller, {"cancel": reference, "reason": reason},
                     lambda s: orders.cancel(s, caller.name, reference, reason))


@router.post("/orders/{reference}/nac-notification", tags=["orders"], summary="Record the BIS NAC notification (25-day clock)")
def nac_notification(body: NacIn, request: Request, reference: str = _ref(), caller: Caller = Depends(role("analyst"))):
    return run_write(request, caller, {**_json(body), "order": reference},
                     lambda s: orders.set_nac_notification(s, caller.name, reference, body.notified_on, body.confirmation))


# licenses --------------------------------------------------------------------------------------
@router.get("/licenses", tags=["licenses"])
def list_licenses(request: Request, _c: Caller = Depends(role("viewer"))):
    return _read(request, licenses.list_all)


@router.post("/licenses", tags=["licenses"], status_code=201)
def create_license(body: LicenseIn, request: Request, caller: Caller = Depends(role("officer"))):
    return run_write(request, caller, _json(body), lambda s: licenses.create(s, caller.name, **body.model_dump()), 201)


@router.get("/licenses/{number}", tags=["licenses"])
def show_license(request: Request, number: str = _ref(), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: licenses.license_dict(licenses.get(s, number)))


# caps ------------------------------------------------------------------------------------------
@router.get("/caps", tags=["caps"], summary="Headroom of every cap (in TPP and H100-equivalents)")
def list_caps(request: Request, on: date | None = Query(None), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: caps.headroom(s, on))


@router.post("/caps", tags=["caps"], status_code=201)
def create_cap(body: CapIn, request: Request, caller: Caller = Depends(role("officer"))):
    fields = body.model_dump()
    return run_write(request, caller, _json(body), lambda s: caps.create(
        s, caller.name, fields.pop("name"), fields.pop("scope"), fields.pop("key"), fields.pop("period_start"),
        fields.pop("period_end"), **fields), 201)


@router.post("/caps/policies", tags=["caps"], status_code=201, summary="Add a named policy's cap (Tier 2, LPP, 2026 China ratio)")
def add_policy(body: PolicyIn, request: Request, caller: Caller = Depends(role("officer"))):
    return run_write(request, caller, _json(body), lambda s: caps.add_policy(
        s, caller.name, body.policy, country_code=body.country, g2g=body.g2g, consignee_id=body.consignee_id,
        year=body.year, chip=body.chip, enforced=body.enforced), 201)


# determinations --------------------------------------------------------------------------------
@router.get("/determinations", tags=["determinations"])
def list_determinations(request: Request, limit: int = Query(50, ge=1, le=500), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: determinations.list_recent(s, limit))


@router.get("/determinations/{det_id}", tags=["determinations"])
def show_determination(request: Request, det_id: Id = Path(), _c: Caller = Depends(role("viewer"))):
    return _read(request, lambda s: determinations.get(s, det_id))
