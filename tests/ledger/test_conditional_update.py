"""The second guard: even without the ledger-wide write lock, the conditional UPDATE alone never
overdraws. Run on PostgreSQL (READ COMMITTED, 60 concurrent transactions); SQLite always takes its
database lock at BEGIN IMMEDIATE, so there is no lock-free path to test there."""

import threading
from concurrent.futures import ThreadPoolExecutor

from chipcontrols.ledger import Ledger, Refused, licenses

from ledger_backends import drop_schema, fresh_schema_url, postgres_base_url
from ledger_helpers import license_, license_state


def test_conditional_update_alone_never_overdraws_on_postgresql():
    base = postgres_base_url()
    url, schema = fresh_schema_url(base)
    ledger = Ledger(url)
    try:
        ledger.upgrade()
        license_(ledger, "D-GUARD", units=17)
        barrier = threading.Barrier(60)
        taken = []

        def client(_):
            barrier.wait()
            with ledger._writer() as session, session.begin():  # no advisory lock: only the UPDATE's WHERE protects
                lic = licenses.get(session, "D-GUARD")
                try:
                    licenses.reserve(session, lic, 1, 0, 0)
                    taken.append(1)
                except Refused:
                    pass

        with ThreadPoolExecutor(60) as pool:
            list(pool.map(client, range(60)))
        assert len(taken) == 17 and license_state(ledger, "D-GUARD")["units"]["remaining"] == 0
    finally:
        ledger.dispose()
        drop_schema(base, schema)
