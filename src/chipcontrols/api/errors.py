"""One error shape for every failure: {"error": {"code", "message", "hint", ...}} with a fitting status."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from chipcontrols.errors import ChipControlsError, InputError, UnknownChipError

log = logging.getLogger("chipcontrols.api")

STATUS_BY_CODE = {
    "invalid_input": 422, "unknown_chip": 422, "not_found": 404, "refused": 409, "unauthorized": 401,
    "forbidden": 403, "body_too_large": 413, "database_unavailable": 503, "schema_not_ready": 503,
    "idempotency_conflict": 422, "malformed_json": 400, "invalid_data": 500,
}


class Unauthorized(ChipControlsError):
    code = "unauthorized"


class Forbidden(ChipControlsError):
    code = "forbidden"


class BodyTooLarge(ChipControlsError):
    code = "body_too_large"


class IdempotencyConflict(ChipControlsError):
    code = "idempotency_conflict"


def error_response(status: int, code: str, message: str, hint: str | None = None, **details) -> JSONResponse:
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    return JSONResponse({"error": {"code": code, "message": message, "hint": hint, **details}}, status_code=status,
                        headers=headers)


def _from_chipcontrols(_request: Request, exc: ChipControlsError) -> JSONResponse:
    body = exc.to_dict()
    return JSONResponse(body, status_code=STATUS_BY_CODE.get(exc.code, 400),
                        headers={"WWW-Authenticate": "ApiKey"} if exc.code == "unauthorized" else None)


def _from_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid")
        return error_response(400, "malformed_json", f"The request body is not valid JSON: {detail.get('ctx', {}).get('error', 'parse error')}.",
                              "Send a JSON object with Content-Type: application/json.")
    problems = []
    for e in errors[:5]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        got = e.get("input")
        shown = "" if isinstance(got, (dict, list)) or got is None else f" (got {str(got)[:60]!r})"
        problems.append(f"{where}: {e.get('msg')}{shown}")
    return error_response(422, "invalid_input", "Invalid request: " + "; ".join(problems) + ".",
                          "Fix the fields named; the schema is at /openapi.json. Dates are YYYY-MM-DD.",
                          fields=[".".join(str(p) for p in e.get("loc", ())) for e in errors[:5]])


def _from_http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    hint = "See /openapi.json for the endpoints." if exc.status_code in (404, 405) else None
    return error_response(exc.status_code, code, str(exc.detail), hint)


def _from_database(_request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, sa_exc.DBAPIError) and not isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)) \
            and not exc.connection_invalidated:
        if isinstance(exc, sa_exc.IntegrityError):
            return error_response(409, "conflict", "The change conflicts with a record already in the ledger.",
                                  "Retry the request; if it repeats, the record already exists.")
        log.exception("database error")
        return error_response(500, "internal_error", "Unexpected database error.", "Report this with the request you sent.")
    log.warning("database unavailable: %s", exc)
    return error_response(503, "database_unavailable", "The ledger database is unavailable; nothing was written by this request.",
                          "Retry shortly. Committed records are safe; retries with the same Idempotency-Key are not counted twice.")


def _from_anything(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error")
    return error_response(500, "internal_error", f"Unexpected error: {type(exc).__name__}.", "Report this with the request you sent.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ChipControlsError, _from_chipcontrols)
    app.add_exception_handler(RequestValidationError, _from_validation)
    app.add_exception_handler(StarletteHTTPException, _from_http)
    app.add_exception_handler(sa_exc.SQLAlchemyError, _from_database)
    app.add_exception_handler(Exception, _from_anything)


__all__ = ["BodyTooLarge", "Forbidden", "IdempotencyConflict", "InputError", "Unauthorized", "UnknownChipError", "install"]
