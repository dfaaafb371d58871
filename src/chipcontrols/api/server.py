"""Run the service with Uvicorn (what `chipcontrols serve` calls)."""

from __future__ import annotations

import os
import socket

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from chipcontrols.api.app import create_app
from chipcontrols.ledger import Ledger, resolve_url

_URL_FOR_WORKERS = "CHIPCONTROLS_SERVE_DB"


class NoDelayH11Protocol(H11Protocol):
    """Uvicorn writes a response's head and body separately; on a socket without TCP_NODELAY (what
    uvicorn binds for --workers) Nagle's algorithm then waits for the client's delayed ACK, ~40 ms
    per keep-alive request. Turn it off on every connection."""

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)


def serve(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning",
          workers: int = 1) -> None:
    ledger = Ledger(db_url)
    ledger.require_schema()
    if workers <= 1:
        uvicorn.run(create_app(ledger=ledger), host=host, port=port, log_level=log_level, access_log=False,
                    http=NoDelayH11Protocol)
        return
    # Several processes share the port; each opens its own ledger from the URL. Writers still
    # serialise in the database (advisory lock / BEGIN IMMEDIATE), so the guarantees are unchanged.
    ledger.dispose()
    os.environ[_URL_FOR_WORKERS] = resolve_url(db_url)
    uvicorn.run("chipcontrols.api.server:app_for_worker", factory=True, host=host, port=port, log_level=log_level,
                access_log=False, workers=workers, http=NoDelayH11Protocol)


def app_for_worker():
    return create_app(os.environ[_URL_FOR_WORKERS])
