"""A real Uvicorn server on loopback, in a thread, over a real ledger."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import httpx
import uvicorn

from chipcontrols.api import create_app
from chipcontrols.ledger import apikeys


@contextmanager
def running(app):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # proto set: asyncio then turns on TCP_NODELAY
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False, timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def make_keys(ledger) -> dict[str, str]:
    keys = {}
    with ledger.transaction() as s:
        for role in apikeys.ROLES:
            keys[role] = apikeys.create(s, "setup", f"{role}-key", role)["key"]
    return keys


class Api:
    """httpx client per role: api.as_("officer").post(...)."""

    def __init__(self, base: str, keys: dict[str, str]):
        self.base, self.keys = base, keys
        self._clients = {role: httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=60) for role, key in keys.items()}
        self.anon = httpx.Client(base_url=base, timeout=60)

    def as_(self, role: str) -> httpx.Client:
        return self._clients[role]

    def close(self):
        for c in (*self._clients.values(), self.anon):
            c.close()


@contextmanager
def api_for(ledger, **app_kwargs):
    keys = make_keys(ledger)
    with running(create_app(ledger=ledger, **app_kwargs)) as base:
        api = Api(base, keys)
        try:
            yield api
        finally:
            api.close()
