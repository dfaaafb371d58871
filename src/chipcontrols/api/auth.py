"""API keys and roles. Keys come in `X-API-Key` (or `Authorization: Bearer ...`) and are checked
against their stored SHA-256. Roles rank viewer < analyst < officer < admin; releasing a legal hold
is the one action reserved to officers alone."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from chipcontrols.api.errors import Forbidden, Unauthorized
from chipcontrols.ledger import apikeys

RANK = {role: i for i, role in enumerate(apikeys.ROLES)}
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key (create one with `chipcontrols keys create`).")


@dataclass(frozen=True)
class Caller:
    name: str
    role: str


def _caller(request: Request, key: str | None = Depends(_header)) -> Caller:
    if not key:
        bearer = request.headers.get("authorization", "")
        key = bearer[7:].strip() if bearer.lower().startswith("bearer ") else None
    if not key:
        raise Unauthorized("An API key is required.", hint="Send it in the X-API-Key header. Only /health answers without one.")
    ledger = request.app.state.ledger
    with ledger.reader() as session:
        found = apikeys.authenticate(session, key)
    if found is None:
        raise Unauthorized("The API key is not valid (unknown or revoked).", hint="Ask an admin for a key: `chipcontrols keys create`.")
    return Caller(*found)


def role(minimum: str):
    """Dependency: a caller with at least `minimum` role."""

    def check(caller: Caller = Depends(_caller)) -> Caller:
        if RANK[caller.role] < RANK[minimum]:
            raise Forbidden(f"This action needs the {minimum} role; key '{caller.name}' has {caller.role}.",
                            hint="Use a key with a higher role.")
        return caller

    return check


def officer_only(caller: Caller = Depends(_caller)) -> Caller:
    if caller.role != "officer":
        raise Forbidden(f"Only an officer may release a legal hold; key '{caller.name}' has role {caller.role}.",
                        hint="Ask a compliance officer to release it.")
    return caller
