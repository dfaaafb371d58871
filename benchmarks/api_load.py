"""Load benchmark of the HTTP check endpoint, loopback only, bounded in requests and time.

Starts `chipcontrols serve` (one Uvicorn process) on a fresh ledger, creates an API key, then drives
POST /check from keep-alive client threads: first plain checks, then checks recorded in the ledger
(determination + hash-chained audit record, one write transaction each). Prints throughput and
p50/p99 latency for each. Target on 2 cores: >= 500 checks/s with p99 < 50 ms.

    PYTHONPATH=src python benchmarks/api_load.py [--requests 4000] [--clients 8] [--workers 1] [--db URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BODY = {"chip": "H100", "to": "CN", "date": "2026-03-01", "end_user_hq": "CN", "quantity": 8}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_phase(port: int, key: str, body: dict, total: int, clients: int, max_seconds: float) -> dict:
    payload = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-API-Key": key}
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    per_client = total // clients
    deadline = time.monotonic() + max_seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        mine = []
        for _ in range(per_client):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            conn.request("POST", "/check", payload, headers)
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append((response.status, data[:200]))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "errors": len(errors), "seconds": round(elapsed, 2),
            "per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 2),
            "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2),
            "first_error": errors[0] if errors else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000, help="per phase (bounded)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
    parser.add_argument("--max-seconds", type=float, default=30.0, help="per phase (bounded)")
    parser.add_argument("--workers", type=int, default=1, help="chipcontrols serve --workers")
    parser.add_argument("--db", default=None, help="ledger URL (default: a fresh SQLite file in a temp folder)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory() as home:
        env["CHIPCONTROLS_HOME"] = home
        db = args.db or f"sqlite:///{home}/ledger.sqlite"
        cli = [sys.executable, "-m", "chipcontrols.cli"]
        subprocess.run([*cli, "db", "upgrade", "--db", db], env=env, check=True, capture_output=True)
        made = subprocess.run([*cli, "keys", "create", "bench", "--role", "analyst", "--db", db, "--json"], env=env,
                              check=True, capture_output=True, text=True)
        key = json.loads(made.stdout)["key"]
        port = free_port()
        server = subprocess.Popen([*cli, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(200):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.05)
            run_phase(port, key, BODY, 200, 4, 10)  # warm-up (imports, caches, connection pool)
            results = {
                "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "database": db.split(":")[0]},
                "settings": {"requests_per_phase": args.requests, "clients": args.clients, "workers": args.workers},
                "check": run_phase(port, key, BODY, args.requests, args.clients, args.max_seconds),
                "check_with_ledger_write": run_phase(port, key, {**BODY, "record": True}, args.requests, args.clients,
                                                     args.max_seconds),
            }
        finally:
            server.terminate()
            server.wait(10)
    print(json.dumps(results, indent=2))
    for phase in ("check", "check_with_ledger_write"):
        r = results[phase]
        verdict = "meets" if r["per_second"] >= 500 and r["p99_ms"] < 50 else "MISSES"
        print(f"{phase}: {r['per_second']} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, "
              f"{r['errors']} errors -> {verdict} the target (>= 500/s, p99 < 50 ms)")


if __name__ == "__main__":
    main()
