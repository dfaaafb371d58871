from datetime import date

import pytest

from chipcontrols.errors import InputError
from chipcontrols.ledger import Ledger, Refused, audit, holds, transfer
from chipcontrols.ledger.models import Order
from sqlalchemy import update

from ledger_helpers import approve, cancel, cap, license_, order, party, ship


def _fill(ledger):
    p = party(ledger)
    license_(ledger, units=50, value_usd=5_000_000)
    cap(ledger, limit_h100e=40)
    a = order(ledger, quantity=3, consignee_id=p["id"], license_number="D100001", ship_date="2026-03-01")
    b = order(ledger, quantity=2, consignee_id=p["id"], license_number="D100001", ship_date="2026-03-01")
    approve(ledger, a["reference"]), approve(ledger, b["reference"])
    ship(ledger, a["reference"], on="2026-03-02"), cancel(ledger, b["reference"])
    return a, b


def test_export_import_round_trip(ledger, other_ledger_url):
    _fill(ledger)
    with ledger.reader() as s:
        exported = list(transfer.export_lines(s))
    target = Ledger(other_ledger_url)  # same backend: on PostgreSQL this also exercises the sequence reset
    target.upgrade()
    with target.transaction() as s:
        summary = transfer.import_lines(s, exported)
    assert summary["imported"]["orders"] == 2 and summary["audit_verified"] == summary["imported"]["audit_log"]
    with target.reader() as s:
        again = list(transfer.export_lines(s))
        assert audit.verify(s)["ok"]
    assert again[:-1] == exported and '"action": "ledger.import"' in again[-1]
    with target.transaction() as s:  # ids continue after the imported ones
        from chipcontrols.ledger import parties
        assert parties.create(s, "t", "New", "US")["id"] == 2
    approve(target, order(target, quantity=1, license_number="D100001", ship_date="2026-03-03")["reference"])
    with target.reader() as s:
        assert audit.verify(s)["ok"]
    target.dispose()


def test_export_moves_between_backends(ledger, tmp_path):
    """SQLite <-> PostgreSQL: the same lines come out of both."""
    _fill(ledger)
    with ledger.reader() as s:
        exported = list(transfer.export_lines(s))
    target = Ledger(f"sqlite:///{tmp_path}/cross.sqlite")
    target.upgrade()
    with target.transaction() as s:
        transfer.import_lines(s, exported)
    with target.reader() as s:
        assert list(transfer.export_lines(s))[:-1] == exported
    target.dispose()


def test_import_refuses_a_non_empty_ledger_and_a_broken_file(ledger, tmp_path):
    _fill(ledger)
    with ledger.reader() as s:
        exported = list(transfer.export_lines(s))
    with pytest.raises(Refused, match="not empty"):
        with ledger.transaction() as s:
            transfer.import_lines(s, exported)
    target = Ledger(f"sqlite:///{tmp_path}/copy.sqlite")
    target.upgrade()
    tampered = [line.replace('"actor": "officer"', '"actor": "mallory"', 1) if '"audit_log"' in line else line
                for line in exported]
    with pytest.raises(InputError, match="does not verify"):
        with target.transaction() as s:
            transfer.import_lines(s, tampered)
    with pytest.raises(InputError, match="Line 2 is not an export record"):
        with target.transaction() as s:
            transfer.import_lines(s, [exported[0], "{not json"])
    with target.reader() as s:
        assert list(transfer.export_lines(s)) == []  # nothing partial was written
    target.dispose()


def test_purge_keeps_records_within_five_years_and_under_hold(ledger):
    a, b = _fill(ledger)
    with ledger.transaction() as s:  # age the orders: shipped/cancelled in 2020
        s.execute(update(Order).values(ship_date=date(2020, 1, 1)))
    with ledger.transaction() as s:
        hold = holds.place(s, "officer", "order", "subpoena 2026-17", subject_id=a["id"])
    with ledger.transaction() as s:
        kept = holds.purge_orders(s, "admin", today=date(2024, 6, 1))  # within 5 years: nothing goes
    assert kept["purged"] == [] and kept["kept_under_hold"] == []
    with ledger.transaction() as s:
        result = holds.purge_orders(s, "admin", today=date(2026, 6, 1))
    assert result["purged"] == [b["reference"]] and result["kept_under_hold"] == [a["reference"]]
    with ledger.transaction() as s:
        holds.release(s, "officer", hold["id"])
        holds.place(s, "officer", "all", "litigation")
    with pytest.raises(Refused, match="ledger-wide legal hold"):
        with ledger.transaction() as s:
            holds.purge_orders(s, "admin", today=date(2026, 6, 1))
    with ledger.reader() as s:
        assert audit.verify(s)["ok"]
