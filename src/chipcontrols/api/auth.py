"""API keys and roles. Keys come in `X-API-Key` (or `Authorization: Bearer ...`) and are checked
against their stored SHA-256. Roles rank viewer < analyst < officer < admin; releasing a legal hold
is the one action reserved to officers alone."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader

from chipcontrols.api.errors import Forbidden, Unauthorized
from chipcontrols.ledger import apikeys

RANK = {role: i for i, role in enumerate(apikeys.ROLES)}
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key (create one with `chipcontrols keys create`).")


@dataclass(frozen=True)
class Caller:
    name: str
    role: str


class KeyCache:
    """Valid keys seen in the last `ttl` seconds, by hash: a check should not cost a database read.
    Revocation through this service clears the cache at once; through another process it takes
    effect within `ttl` seconds. Unknown keys are never cached (always looked up)."""

    def __init__(self, ttl: float = 5.0):
        self.ttl, self._entries, self._lock = ttl, {}, threading.Lock()

    def get(self, digest: str) -> tuple[str, str] | None:
        entry = self._entries.get(digest)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, digest: str, found: tuple[str, str]) -> None:
        with self._lock:
            self._entries[digest] = (found, time.monotonic() + self.ttl)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _lookup(ledger, key: str):
    with ledger.reader() as session:
        return apikeys.authenticate(session, key)


async def _caller(request: Request, key: str | None = Depends(_header)) -> Caller:
    if not key:
        bearer = request.headers.get("authorization", "")
        key = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
    if not key:
        raise Unauthorized("An API key is required.", hint="Send it in the X-API-Key header. Only /health answers without one.")
    cache: KeyCache = request.app.state.key_cache
    digest = apikeys.hash_key(key)
    found = cache.get(digest)
    if found is None:
        found = await run_in_threadpool(_lookup, request.app.state.ledger, key)
        if found is not None:
            cache.put(digest, found)
    if found is None:
        raise Unauthorized("The API key is not valid (unknown or revoked).", hint="Ask an admin for a key: `chipcontrols keys create`.")
    return Caller(*found)


def role(minimum: str):
    """Dependency: a caller with at least `minimum` role."""

    async def check(caller: Caller = Depends(_caller)) -> Caller:
        if RANK[caller.role] < RANK[minimum]:
            raise Forbidden(f"This action needs the {minimum} role; key '{caller.name}' has {caller.role}.",
                            hint="Use a key with a higher role.")
        return caller

    return check


async def officer_only(caller: Caller = Depends(_caller)) -> Caller:
    if caller.role != "officer":
        raise Forbidden(f"Only an officer may release a legal hold; key '{caller.name}' has role {caller.role}.",
                        hint="Ask a compliance officer to release it.")
    return caller
