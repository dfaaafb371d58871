"""Thin wrappers over chipcontrols.screening: screen a name, list snapshots, load a list file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from chipcontrols import screening
from chipcontrols.api.auth import Caller, role

router = APIRouter(tags=["screening"])
FORMATS = ("csl-csv", "csl-json")


@router.get("/screen", summary="Screen one party against the list snapshot in force (ranked, explained hits)")
def screen(name: str = Query(min_length=1, max_length=300), country: str | None = Query(None, pattern=r"^[A-Za-z]{2}$"),
           address: str | None = Query(None, max_length=2000), limit: int = Query(10, ge=1, le=100),
           _caller: Caller = Depends(role("viewer"))):
    return screening.screen(name, country.upper() if country else None, address, limit=limit).to_dict()


@router.get("/lists", summary="The list snapshot in force and the ones before it")
def lists_status(_caller: Caller = Depends(role("viewer"))):
    return screening.status()


@router.get("/lists/diff", summary="Entries added, removed and changed between two snapshots")
def lists_diff(old: str = Query(max_length=100), new: str = Query(max_length=100),
               _caller: Caller = Depends(role("viewer"))):
    return screening.diff(old, new)


@router.post("/lists", status_code=201, summary="Load a CSL file (CSV or JSON) sent as the request body (admin)")
async def lists_load(request: Request, format: str = Query(..., pattern="^(csl-csv|csl-json)$"),
                     force: bool = Query(False), _caller: Caller = Depends(role("admin"))):
    body = await request.body()
    suffix = ".csv" if format == "csl-csv" else ".json"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        return await run_in_threadpool(screening.load_list, path, format, force)
