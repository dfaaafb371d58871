"""The database goes away mid-request: the answer is a 503, and nothing committed is lost."""

import sqlite3
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

from chipcontrols.ledger import Ledger, audit

from api_server import api_for
from ledger_backends import drop_schema, fresh_schema_url, postgres_base_url
from tcp_proxy import TcpProxy


APP_NAME = "chipcontrols_outage_test"


def _terminate_backends(base, app_name):
    engine = sa.create_engine(base)
    with engine.begin() as c:
        c.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :a"), {"a": app_name})
    engine.dispose()


def _names(ledger):
    with ledger.reader() as s:
        return [r[0] for r in s.execute(sa.text("SELECT name FROM parties ORDER BY id"))]


def test_postgres_cut_mid_request_gives_503_and_keeps_commits():
    base = postgres_base_url()
    url, schema = fresh_schema_url(base)
    parts = urlsplit(url)
    proxy = TcpProxy(parts.hostname, parts.port)
    port = proxy.start()
    ledger = Ledger(urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{port}",
                                              query=parts.query + f"&application_name={APP_NAME}")))
    try:
        ledger.upgrade()
        with api_for(ledger) as api:
            client = api.as_("analyst")
            assert client.post("/parties", json={"name": "Committed", "country": "AE"}).status_code == 201
            blocker = ledger._writer()  # another writer holds the ledger lock, so the next request waits mid-transaction
            blocker.begin()
            blocker.execute(sa.text("SELECT pg_advisory_xact_lock(7620001)"))
            answers = []
            waiting = threading.Thread(target=lambda: answers.append(
                client.post("/parties", json={"name": "In flight", "country": "AE"})))
            waiting.start()
            time.sleep(0.5)
            proxy.stop()  # the database vanishes while that request is inside its transaction:
            _terminate_backends(base, APP_NAME)  # no new connections, and every open one is killed server-side
            waiting.join(30)
            assert answers[0].status_code == 503 and answers[0].json()["error"]["code"] == "database_unavailable"
            assert client.post("/parties", json={"name": "Refused", "country": "AE"}).status_code == 503
            assert api.anon.get("/health").status_code == 503
            try:
                blocker.close()
            except Exception:  # noqa: BLE001 - its connection is gone too
                pass
            proxy.start()  # the database comes back on the same address
            assert client.post("/parties", json={"name": "After", "country": "AE"}).status_code == 201
            assert api.anon.get("/health").json()["database"] == "ok"
        assert _names(ledger) == ["Committed", "After"]
        with ledger.reader() as s:
            assert audit.verify(s)["ok"]
    finally:
        ledger.dispose()
        proxy.stop()
        drop_schema(base, schema)


def test_sqlite_locked_out_gives_503_and_keeps_commits(tmp_path):
    path = tmp_path / "ledger.sqlite"
    ledger = Ledger(f"sqlite:///{path}", busy_timeout_ms=300)
    ledger.upgrade()
    with api_for(ledger) as api:
        client = api.as_("analyst")
        assert client.post("/parties", json={"name": "Committed", "country": "AE"}).status_code == 201
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another process takes the whole database away
        refused = client.post("/parties", json={"name": "Refused", "country": "AE"})
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "database_unavailable"
        assert "nothing was written" in refused.json()["error"]["message"]
        other.execute("ROLLBACK")
        other.close()
        assert client.post("/parties", json={"name": "After", "country": "AE"}).status_code == 201
    assert _names(ledger) == ["Committed", "After"]
    ledger.dispose()
