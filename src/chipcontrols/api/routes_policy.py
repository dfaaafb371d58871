"""Thin wrappers over chipcontrols.policy: what-if reforms, the loophole finder, compute stock."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from chipcontrols import policy
from chipcontrols.api.auth import Caller, role
from chipcontrols.api.schemas import StockRequest, WhatifRequest

router = APIRouter(prefix="/policy", tags=["policy"])


@router.post("/whatif", summary="Apply reform(s) as data and report what flips")
async def whatif(body: WhatifRequest, _caller: Caller = Depends(role("viewer"))):
    return await run_in_threadpool(
        policy.whatif, body.reforms, date=body.date.isoformat() if body.date else None, baseline=body.baseline,
        orders=body.orders, chips=body.chips, destinations=[d.upper() for d in body.destinations] if body.destinations else None)


@router.get("/loopholes", summary="The frontier of uncontrolled designs and the chips designed to the line")
async def loopholes(date: dt.date = Query(...), destination: str = Query("CN", pattern=r"^[A-Za-z]{2}$"),  # in code: the view's default destination, an input default
                    margin: float = Query(0.1, gt=0, le=1), _caller: Caller = Depends(role("viewer"))):
    return await run_in_threadpool(policy.loopholes, date.isoformat(), destination.upper(), margin)


@router.post("/stock", summary="Installed compute by country over time (H100e), Monte Carlo intervals")
async def stock(body: StockRequest, _caller: Caller = Depends(role("viewer"))):
    return await run_in_threadpool(policy.stock, body.scenario or policy.BUNDLED_SCENARIO,
                                   country=body.country.upper() if body.country else None, life_years=body.life_years,
                                   samples=body.samples, seed=body.seed)
