"""API keys: random 256-bit secrets shown once, stored only as SHA-256 (a fast hash is enough for
high-entropy keys; there is nothing to brute-force). Roles are ordered viewer < analyst < officer < admin."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from chipcontrols.errors import InputError
from chipcontrols.ledger import audit
from chipcontrols.ledger.models import ApiKey
from chipcontrols.ledger.refusals import NotFound, Refused

ROLES = ("viewer", "analyst", "officer", "admin")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(session: Session, actor: str, name: str, role: str) -> dict:
    if role not in ROLES:
        raise InputError(f"Unknown role '{role}'.", hint=f"Use one of: {', '.join(ROLES)}.")
    if not name or not str(name).strip():
        raise InputError("An API key needs a name.", hint="e.g. 'alice' or 'erp-integration'.")
    if session.execute(select(ApiKey.id).where(ApiKey.name == name)).first():
        raise Refused(f"An API key named '{name}' exists.", hint="Pick another name or revoke the old key.")
    key = "cc_" + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=hash_key(key), role=role, created_at=datetime.now(timezone.utc)))
    session.flush()
    audit.append(session, actor, "apikey.create", f"apikey:{name}", {"name": name, "role": role})
    return {"name": name, "role": role, "key": key, "note": "Shown once; only its hash is stored."}


def revoke(session: Session, actor: str, name: str) -> dict:
    row = session.execute(select(ApiKey).where(ApiKey.name == name)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"No API key named '{name}'.", hint="List keys with `chipcontrols keys list`.")
    row.revoked_at = datetime.now(timezone.utc)
    session.flush()
    audit.append(session, actor, "apikey.revoke", f"apikey:{name}", {"name": name})
    return {"name": name, "revoked": True}


def authenticate(session: Session, key: str) -> tuple[str, str] | None:
    """(name, role) for a valid, unrevoked key; None otherwise."""
    row = session.execute(select(ApiKey.name, ApiKey.role).where(ApiKey.key_hash == hash_key(key),
                                                                 ApiKey.revoked_at.is_(None))).first()
    return (row.name, row.role) if row else None


def list_all(session: Session) -> list[dict]:
    return [{"name": k.name, "role": k.role, "created_at": str(k.created_at), "revoked": k.revoked_at is not None}
            for k in session.execute(select(ApiKey).order_by(ApiKey.id)).scalars()]
