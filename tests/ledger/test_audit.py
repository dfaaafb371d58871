from datetime import date

import pytest
import sqlalchemy as sa

from chipcontrols.ledger import audit

from ledger_helpers import approve, cap, order, party


def _fill(ledger):
    party(ledger), cap(ledger, limit_h100e=10)
    approve(ledger, order(ledger, quantity=2, ship_date="2026-03-01")["reference"])


def _tamper(ledger, sql: str):
    """What an insider with database access could do: drop the guard triggers, then edit."""
    with ledger.engine.begin() as c:
        for verb in ("update", "delete"):
            c.exec_driver_sql(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}" + (" ON audit_log" if ledger.dialect == "postgresql" else ""))
        c.exec_driver_sql(sql)


def test_every_change_is_logged_and_the_chain_verifies(ledger):
    _fill(ledger)
    with ledger.reader() as s:
        records = audit.list_records(s)
        verdict = audit.verify(s)
    assert [r["action"] for r in records] == ["party.create", "cap.create", "order.create", "order.approve"]
    assert verdict["ok"] and verdict["records_checked"] == 4
    assert records[1]["prev_hash"] == records[0]["hash"] and records[0]["prev_hash"] == audit.GENESIS
    assert records[-1]["actor"] == "officer" and records[-1]["data"]["reference"].startswith("PO-")


def test_database_refuses_to_update_or_delete_audit_records(ledger):
    _fill(ledger)
    for sql in ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with ledger.engine.begin() as c:
                c.exec_driver_sql(sql)


def test_verify_names_the_first_edited_record(ledger):
    _fill(ledger)
    _tamper(ledger, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    with ledger.reader() as s:
        verdict = audit.verify(s)
    assert not verdict["ok"] and verdict["first_bad"]["seq"] == 3 and "changed" in verdict["first_bad"]["reason"]
    assert verdict["records_checked"] == 2


def test_verify_detects_a_deleted_record(ledger):
    _fill(ledger)
    _tamper(ledger, "DELETE FROM audit_log WHERE seq = 2")
    with ledger.reader() as s:
        verdict = audit.verify(s)
    assert verdict["first_bad"]["seq"] == 3 and "missing" in verdict["first_bad"]["reason"]


def test_verify_detects_a_rewritten_and_rehashed_record_by_the_broken_link(ledger):
    _fill(ledger)
    with ledger.reader() as s:
        second = audit.list_records(s)[1]
    forged = {**second, "actor": "mallory"}
    new_hash = audit.record_hash(forged)
    _tamper(ledger, f"UPDATE audit_log SET actor = 'mallory', hash = '{new_hash}' WHERE seq = 2")
    with ledger.reader() as s:
        verdict = audit.verify(s)
    assert verdict["first_bad"]["seq"] == 3 and "prev_hash" in verdict["first_bad"]["reason"]


def test_records_are_retained_five_years():
    assert audit.retain_until(date(2026, 3, 1)) == date(2031, 3, 1)
    assert audit.retain_until(date(2028, 2, 29)) == date(2033, 2, 28)
