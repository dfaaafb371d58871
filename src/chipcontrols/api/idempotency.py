"""Idempotency keys: a retried write returns the first answer and is never counted twice.

The stored answer is written in the same transaction as the change it describes, and every write
transaction is serialised (see ledger/db.py), so a retry either sees the committed answer or finds
nothing was committed and runs again.
"""

from __future__ import annotations

import hashlib
import json

import orjson
from collections.abc import Callable
from datetime import datetime, timezone

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from chipcontrols.api.auth import Caller
from chipcontrols.api.errors import IdempotencyConflict
from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.models import IdempotencyRecord
from chipcontrols.ledger.refusals import Refused

HEADER = "Idempotency-Key"


def run_write(request: Request, caller: Caller, payload, work: Callable, status_code: int = 200) -> JSONResponse:
    """Run `work(session)` in one write transaction, honouring an Idempotency-Key header if sent."""
    key = request.headers.get(HEADER)
    if key is not None and not (0 < len(key) <= 150):
        raise InputError("Idempotency-Key must be 1 to 150 characters.", hint="Use a UUID per logical request.")
    scoped = f"{caller.name}:{request.method}:{request.url.path}:{key}"
    fingerprint = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    try:
        return _run(request, caller, payload, work, status_code, key, scoped, fingerprint)
    except Refused as refusal:
        audit.record_refusal(request.app.state.ledger, caller.name, f"{request.method} {request.url.path}", refusal, payload)
        raise


def _run(request, caller, payload, work, status_code, key, scoped, fingerprint):
    with request.app.state.ledger.transaction() as session:
        if key is not None:
            earlier = session.get(IdempotencyRecord, scoped)
            if earlier is not None:
                if earlier.request_hash != fingerprint:
                    raise IdempotencyConflict(f"Idempotency-Key '{key}' was already used for a different request.",
                                              hint="Use a new key for a new request.")
                return JSONResponse(earlier.response, status_code=earlier.status_code, headers={"Idempotent-Replayed": "true"})
        result = work(session)
        content = orjson.dumps(result, default=str, option=orjson.OPT_NON_STR_KEYS)
        if key is not None:
            session.add(IdempotencyRecord(key=scoped, request_hash=fingerprint, status_code=status_code,
                                          response=orjson.loads(content), created_at=datetime.now(timezone.utc)))
    return Response(content, status_code=status_code, media_type="application/json")
