"""Thin wrappers over chipcontrols.compute: fleets, training runs, equivalents, reference runs, thresholds."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path

from chipcontrols import compute
from chipcontrols.api.auth import Caller, role
from chipcontrols.api.schemas import EquivalentRequest, FleetRequest, TrainingRequest

router = APIRouter(prefix="/compute", tags=["compute"])


@router.post("/fleet", summary="Totals and per-line figures of a fleet, optionally classified on a date")
def fleet(body: FleetRequest, _caller: Caller = Depends(role("viewer"))):
    return compute.fleet(body.lines, date=body.date.isoformat() if body.date else None)


@router.post("/training", summary="Training compute by 6ND and by hardware, reconciled; thresholds crossed")
def training(body: TrainingRequest, _caller: Caller = Depends(role("viewer"))):
    fields = body.model_dump(exclude_none=True)
    if body.date:
        fields["date"] = body.date.isoformat()
    return compute.training(**fields)


@router.post("/equivalent", summary="How many of another chip match a fleet on compute (and memory)")
def equivalent(body: EquivalentRequest, _caller: Caller = Depends(role("viewer"))):
    return compute.equivalent(body.lines, to=body.to, precision=body.precision, memory=body.memory)


@router.get("/runs", summary="Reference training runs as cited data")
def runs(_caller: Caller = Depends(role("viewer"))):
    return compute.runs()


@router.get("/runs/{run_id}", summary="One reference run, its figures checked and replayed")
def run(run_id: str = Path(max_length=100), _caller: Caller = Depends(role("viewer"))):
    return compute.run(run_id)


@router.get("/thresholds", summary="Compute thresholds (ECCN 4E091, EU AI Act, ...) with dates and status")
def thresholds(_caller: Caller = Depends(role("viewer"))):
    return compute.thresholds()
