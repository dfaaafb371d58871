"""Small builders for ledger tests (real ledger, real database)."""

from __future__ import annotations

import itertools

from chipcontrols.ledger import caps, licenses, orders, parties

_refs = itertools.count(1)


def party(ledger, name="Example Cloud", country="AE", **kw) -> dict:
    with ledger.transaction() as s:
        return parties.create(s, "tester", name, country, **kw)


def order(ledger, destination="AE", chip="H100", quantity=1, **kw) -> dict:
    with ledger.transaction() as s:
        return orders.create(s, "tester", f"PO-{next(_refs)}", destination,
                             [{"chip": chip, "quantity": quantity, "unit_value_usd": kw.pop("unit_value_usd", 25_000)}], **kw)


def approve(ledger, ref, determine=False) -> dict:
    with ledger.transaction() as s:
        return orders.approve(s, "officer", ref, determine=determine)


def ship(ledger, ref, on=None) -> dict:
    with ledger.transaction() as s:
        return orders.ship(s, "officer", ref, on=on)


def cancel(ledger, ref) -> dict:
    with ledger.transaction() as s:
        return orders.cancel(s, "officer", ref)


def license_(ledger, number="D100001", destinations=("AE",), **kw) -> dict:
    kw.setdefault("valid_from", "2025-01-01")
    kw.setdefault("valid_to", "2027-12-31")
    with ledger.transaction() as s:
        return licenses.create(s, "tester", number, destinations=list(destinations), **kw)


def cap(ledger, name="ae-internal", scope="country", key="AE", **kw) -> dict:
    kw.setdefault("period_start", "2025-01-01")
    kw.setdefault("period_end", "2027-12-31")
    with ledger.transaction() as s:
        return caps.create(s, "tester", name, scope, key, **kw)


def cap_state(ledger, name) -> dict:
    with ledger.reader() as s:
        return caps.cap_dict(caps.get(s, name))


def license_state(ledger, number) -> dict:
    with ledger.reader() as s:
        return licenses.license_dict(licenses.get(s, number))
