"""The FastAPI application. `create_app(db_url)` wires the ledger, keys, error shape and limits."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from chipcontrols.api import (errors, routes_audit, routes_compute, routes_engine, routes_ledger, routes_policy,
                              routes_screening)
from chipcontrols.api.auth import Caller, KeyCache, role
from chipcontrols.api.limits import DEFAULT_MAX_BODY, BodyLimit
from chipcontrols.ledger import Ledger


def create_app(db_url: str | None = None, *, max_body_bytes: int = DEFAULT_MAX_BODY, ledger: Ledger | None = None,
               key_cache_seconds: float = 5.0) -> FastAPI:
    app = FastAPI(title="chipcontrols", version="0.1.0", openapi_url=None, docs_url=None, redoc_url=None,
                  description="U.S. export controls on AI chips: checks, classification, and a ledger of orders, "
                              "licenses, caps and an audit trail. Every endpoint but /health needs an X-API-Key. "
                              'Errors have one shape: {"error": {"code", "message", "hint"}}.')
    app.state.ledger = ledger or Ledger(db_url)
    app.state.key_cache = KeyCache(key_cache_seconds)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

    @app.get("/health", tags=["service"], summary="Liveness and database reachability; no key needed")
    def health(request: Request):
        try:
            with request.app.state.ledger.reader() as session:
                session.execute(text("SELECT 1"))
            return {"status": "ok", "database": "ok"}
        except Exception:  # noqa: BLE001 - health reports, never raises
            return JSONResponse({"status": "degraded", "database": "unavailable"}, status_code=503)

    @app.get("/openapi.json", tags=["service"], summary="This API's OpenAPI schema (needs a key, like everything but /health)")
    def openapi_schema(_caller: Caller = Depends(role("viewer"))):
        return JSONResponse(app.openapi())

    app.include_router(routes_engine.router)
    app.include_router(routes_ledger.router)
    app.include_router(routes_audit.router)
    app.include_router(routes_screening.router)
    app.include_router(routes_compute.router)
    app.include_router(routes_policy.router)
    return app
