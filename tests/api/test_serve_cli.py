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
        for _ in range(200):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
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
