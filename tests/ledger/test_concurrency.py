"""60 clients race for the last headroom / last license units; exactly the cap is consumed.

Each client has its own thread, its own connection and its own transaction, against a real database.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.ledger import Refused, orders

from ledger_helpers import cap, cap_state, license_, license_state, order

CLIENTS = 60
H100_TPP = metrics_for(default_catalog().get("H100")).tpp


def race(ledger, refs: list[str]) -> tuple[list[str], list[Refused]]:
    """Every client approves and ships its own order at the same moment."""
    barrier = threading.Barrier(len(refs))
    shipped, refused = [], []

    def client(ref):
        barrier.wait()
        try:
            with ledger.transaction() as s:
                orders.approve(s, "racer", ref, determine=False)
            with ledger.transaction() as s:
                orders.ship(s, "racer", ref, on="2026-03-02")
            shipped.append(ref)
        except Refused as exc:
            refused.append(exc)

    with ThreadPoolExecutor(max_workers=len(refs)) as pool:
        list(pool.map(client, refs))
    return shipped, refused


def test_last_cap_headroom_is_consumed_exactly(ledger):
    cap(ledger, "last-headroom", limit_h100e=37)
    refs = [order(ledger, quantity=1, ship_date="2026-03-02")["reference"] for _ in range(CLIENTS)]
    shipped, refused = race(ledger, refs)
    state = cap_state(ledger, "last-headroom")
    assert len(shipped) == 37 and len(refused) == CLIENTS - 37
    assert state["consumed_tpp"] == state["limit_tpp"] and state["reserved_tpp"] == 0 and state["headroom_tpp"] == 0
    assert all(r.details["reason"] == "cap_exceeded" for r in refused)


def test_last_license_units_are_consumed_exactly(ledger):
    license_(ledger, "D-RACE", units=23)
    refs = [order(ledger, quantity=1, license_number="D-RACE", ship_date="2026-03-02")["reference"] for _ in range(CLIENTS)]
    shipped, refused = race(ledger, refs)
    state = license_state(ledger, "D-RACE")
    assert len(shipped) == 23 and state["units"] == {"authorized": 23, "reserved": 0, "used": 23, "remaining": 0}
    assert all(r.details["reason"] == "exhausted" for r in refused)


def test_mixed_sizes_never_overdraw(ledger):
    """Uneven requests: never more than the cap, and every refusal really did not fit."""
    rng = random.Random(7)
    cap(ledger, "mixed", limit_h100e=100)
    license_(ledger, "D-MIXED", units=90)
    sizes = [rng.randint(1, 6) for _ in range(CLIENTS)]
    refs = [order(ledger, quantity=n, license_number="D-MIXED", ship_date="2026-03-02")["reference"] for n in sizes]
    by_ref = dict(zip(refs, sizes))
    shipped, refused = race(ledger, refs)
    units_left = license_state(ledger, "D-MIXED")["units"]["remaining"]
    assert sum(by_ref[r] for r in shipped) == 90 - units_left <= 90
    assert cap_state(ledger, "mixed")["consumed_tpp"] == pytest.approx(sum(by_ref[r] for r in shipped) * H100_TPP)
    assert all(r.details["needed"] > units_left for r in refused if r.details.get("dimension") == "units")
