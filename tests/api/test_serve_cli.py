"""`chipcontrols serve` as a user runs it: a separate process on loopback."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _wait_healthy(base):
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{base} never became healthy")


def test_serve_runs_the_service(tmp_path):
    env = dict(os.environ, PYTHONPATH=SRC, CHIPCONTROLS_HOME=str(tmp_path), CHIPCONTROLS_DB=f"sqlite:///{tmp_path}/l.sqlite")
    cli = [sys.executable, "-m", "chipcontrols.cli"]
    refused = subprocess.run([*cli, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "chipcontrols db upgrade" in refused.stderr  # no schema yet: says how to fix
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    key = json.loads(subprocess.run([*cli, "keys", "create", "v", "--role", "viewer", "--json"], env=env, check=True,
                                    capture_output=True, text=True, timeout=60).stdout)["key"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base)
        assert httpx.get(f"{base}/health").json() == {"status": "ok", "database": "ok"}
        assert httpx.get(f"{base}/caps").status_code == 401
        checked = httpx.post(f"{base}/check", headers={"X-API-Key": key},
                             json={"chip": "H20", "to": "CN", "date": "2025-05-01", "end_user_hq": "CN"})
        assert checked.status_code == 200 and checked.json()["outcome"] in ("license_required", "indeterminate")
        spec = httpx.get(f"{base}/openapi.json", headers={"X-API-Key": key}).json()
        assert {"/check", "/orders/{reference}/approve", "/caps", "/audit/verify"} <= set(spec["paths"])
    finally:
        server.terminate()
        server.wait(10)


def test_serve_with_two_workers_shares_one_ledger(tmp_path):
    env = dict(os.environ, PYTHONPATH=SRC, CHIPCONTROLS_HOME=str(tmp_path), CHIPCONTROLS_DB=f"sqlite:///{tmp_path}/l.sqlite")
    cli = [sys.executable, "-m", "chipcontrols.cli"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    key = json.loads(subprocess.run([*cli, "keys", "create", "a", "--role", "analyst", "--json"], env=env, check=True,
                                    capture_output=True, text=True, timeout=60).stdout)["key"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_healthy(base)
        with httpx.Client(base_url=base, headers={"X-API-Key": key}) as client:
            for i in range(20):  # new connections land on either worker; all see the same ledger
                with httpx.Client(base_url=base, headers={"X-API-Key": key}) as fresh:
                    assert fresh.post("/parties", json={"name": f"P{i}", "country": "AE"}).status_code == 201
            assert len(client.get("/parties").json()) == 20
            assert client.get("/audit/verify").json()["ok"] is True
    finally:
        server.terminate()
        server.wait(15)
