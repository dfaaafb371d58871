"""The audit log, legal holds, API keys and the ledger export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from chipcontrols.api.auth import Caller, officer_only, role
from chipcontrols.api.idempotency import run_write
from chipcontrols.api.schemas import HoldIn, Id, KeyIn
from chipcontrols.ledger import apikeys, audit, holds, transfer

router = APIRouter()


@router.get("/audit", tags=["audit"])
def audit_log(request: Request, after_seq: int = Query(0, ge=0, le=2_147_483_647), limit: int = Query(100, ge=1, le=1000),
              _c: Caller = Depends(role("viewer"))):
    with request.app.state.ledger.reader() as session:
        return audit.list_records(session, limit, after_seq)


@router.get("/audit/verify", tags=["audit"], summary="Recompute the hash chain; names the first bad record")
def audit_verify(request: Request, _c: Caller = Depends(role("viewer"))):
    with request.app.state.ledger.reader() as session:
        return audit.verify(session)


@router.get("/holds", tags=["audit"])
def list_holds(request: Request, _c: Caller = Depends(role("viewer"))):
    with request.app.state.ledger.reader() as session:
        return holds.list_all(session)


@router.post("/holds", tags=["audit"], status_code=201)
def place_hold(body: HoldIn, request: Request, caller: Caller = Depends(role("officer"))):
    return run_write(request, caller, body.model_dump(mode="json"),
                     lambda s: holds.place(s, caller.name, body.scope, body.reason, body.subject_id), 201)


@router.post("/holds/{hold_id}/release", tags=["audit"], summary="Officers only")
def release_hold(request: Request, hold_id: Id = Path(), caller: Caller = Depends(officer_only)):
    return run_write(request, caller, {"release": hold_id}, lambda s: holds.release(s, caller.name, hold_id))


@router.get("/keys", tags=["admin"])
def list_keys(request: Request, _c: Caller = Depends(role("admin"))):
    with request.app.state.ledger.reader() as session:
        return apikeys.list_all(session)


@router.post("/keys", tags=["admin"], status_code=201)
def create_key(body: KeyIn, request: Request, caller: Caller = Depends(role("admin"))):
    return run_write(request, caller, body.model_dump(), lambda s: apikeys.create(s, caller.name, body.name, body.role), 201)


@router.post("/keys/{name}/revoke", tags=["admin"])
def revoke_key(request: Request, name: str = Path(min_length=1, max_length=100, pattern=r"^[^\x00]*$"),
               caller: Caller = Depends(role("admin"))):
    response = run_write(request, caller, {"revoke": name}, lambda s: apikeys.revoke(s, caller.name, name))
    request.app.state.key_cache.clear()  # the revoked key stops working now, not after the cache's TTL
    return response


@router.get("/ledger/export", tags=["admin"], summary="The whole ledger as JSON lines")
def export(request: Request, _c: Caller = Depends(role("admin"))):
    with request.app.state.ledger.reader() as session:
        lines = [line + "\n" for line in transfer.export_lines(session)]
    return StreamingResponse(iter(lines), media_type="application/x-ndjson")


@router.post("/ledger/purge", tags=["admin"], summary="Delete finished orders past 5-year retention that no hold covers")
def purge(request: Request, caller: Caller = Depends(role("admin"))):
    return run_write(request, caller, {"purge": True}, lambda s: holds.purge_orders(s, caller.name))
