"""Thin wrappers over the public functions: check, classify, chips, rules, timeline."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request

from chipcontrols.api.auth import Caller, role
from chipcontrols.api.idempotency import run_write
from chipcontrols.api.schemas import CheckRequest, ClassifyRequest
from chipcontrols.catalog import default_catalog, metrics_for

router = APIRouter(tags=["engine"])


def check_inputs(body: CheckRequest) -> dict:
    inputs = body.model_dump(exclude={"record"}, exclude_none=True)
    if body.date is not None:
        inputs["date"] = body.date.isoformat()
    for key in ("to", "ship_from", "end_user_hq", "ultimate_parent_hq"):
        if key in inputs:
            inputs[key] = inputs[key].upper()
    return inputs


@router.post("/check", summary="Is a license required? (optionally stored as a determination)")
def check(body: CheckRequest, request: Request, caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    inputs = check_inputs(body)
    if not body.record:
        return chipcontrols.check(**inputs)
    role("analyst")(caller)
    from chipcontrols.ledger import determinations

    return run_write(request, caller, body.model_dump(mode="json"),
                     lambda s: determinations.check_and_record(s, caller.name, **inputs))


@router.post("/classify", summary="ECCN and metrics for a chip")
def classify(body: ClassifyRequest, _caller: Caller = Depends(role("viewer"))):
    import chipcontrols

    return chipcontrols.classify(body.chip, date=body.date.isoformat() if body.date else None)


@router.get("/chips", summary="The chip catalog with computed metrics")
def chips(_caller: Caller = Depends(role("viewer"))):
    return [{"id": c.id, "vendor": c.vendor, "name": c.name, "datacenter": c.datacenter, **metrics_for(c).to_dict()}
            for c in default_catalog()]


@router.get("/chips/{name}", summary="One chip: specs, sources and metrics")
def chip(name: str = Path(max_length=200), _caller: Caller = Depends(role("viewer"))):
    found = default_catalog().get(name)
    return {"chip": found.model_dump(mode="json"), "metrics": metrics_for(found).to_dict()}
