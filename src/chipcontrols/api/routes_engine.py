"""Thin wrappers over the public functions: check, classify, chips, rules, timeline."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from chipcontrols.api.auth import RANK, Caller, role
from chipcontrols.api.errors import Forbidden
from chipcontrols.api.idempotency import run_write
from chipcontrols.api.schemas import CheckRequest, ClassifyRequest
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.determine import determine
from chipcontrols.model.determination import RecordedDetermination
from chipcontrols.reference import chip_summary

router = APIRouter(tags=["engine"])


def check_inputs(body: CheckRequest) -> dict:
    inputs = body.model_dump(exclude={"record"}, exclude_none=True)
    if body.date is not None:
        inputs["date"] = body.date.isoformat()
    for key in ("to", "ship_from", "end_user_hq", "ultimate_parent_hq"):
        if key in inputs:
            inputs[key] = inputs[key].upper()
    return inputs


@router.post("/check", summary="Is a license required? (optionally stored as a determination)",
             response_model=RecordedDetermination)
async def check(body: CheckRequest, request: Request, caller: Caller = Depends(role("viewer"))):
    inputs = check_inputs(body)
    determination = determine(**inputs)  # pure and sub-millisecond: answered on the event loop
    if not body.record:
        return Response(determination.model_dump_json(), media_type="application/json")  # serialised once, in Rust
    result = determination.model_dump(mode="json")
    if RANK[caller.role] < RANK["analyst"]:
        raise Forbidden(f"Recording a determination needs the analyst role; key '{caller.name}' has {caller.role}.",
                        hint="Use an analyst key, or leave out record.")
    from chipcontrols.ledger import determinations

    def store(session):  # only the insert runs inside the serialised write transaction
        return {**result, "determination_id": determinations.record(session, caller.name, inputs, result).id}

    return await run_in_threadpool(run_write, request, caller, body.model_dump(mode="json"), store)


@router.post("/classify", summary="ECCN and metrics for a catalog chip or raw specs")
def classify(body: ClassifyRequest, _caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    return chipcontrols.classify(body.chip if body.chip is not None else body.specs.model_dump(exclude_none=True),
                                 date=body.date.isoformat() if body.date else None, datacenter=body.datacenter)


@router.get("/chips", summary="The catalog with TPP / PD / ECCN on a date")
def chips(date: dt.date | None = Query(None), vendor: str | None = Query(None, max_length=100),
          eccn: str | None = Query(None, max_length=30), datacenter: bool | None = Query(None),
          _caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    return chipcontrols.chips(date.isoformat() if date else None, vendor=vendor, eccn=eccn, datacenter=datacenter)


@router.get("/rules", summary="Provisions, parameters, letters and country groups in force on a date")
def rules(date: dt.date | None = Query(None), _caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    return chipcontrols.rules(date.isoformat() if date else None)


@router.get("/timeline", summary="Every dated change in the rules pack, oldest first")
def timeline(_caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    return chipcontrols.timeline()


@router.get("/chips/{name}", summary="One chip: specs, sources and metrics")
def chip(name: str = Path(max_length=200), _caller: Caller = Depends(role("viewer"))):
    found = default_catalog().get(name)
    return {"chip": chip_summary(found), "metrics": metrics_for(found).to_dict()}
