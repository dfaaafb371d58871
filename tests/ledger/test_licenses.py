import pytest

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.ledger import Refused

from ledger_helpers import approve, cancel, license_, license_state, order, ship

H100_TPP = metrics_for(default_catalog().get("H100")).tpp


def test_shipping_decrements_units_value_and_tpp(ledger):
    license_(ledger, units=10, value_usd=1_000_000, tpp=10 * H100_TPP, chips=["H100"])
    o = order(ledger, quantity=4, license_number="D100001", ship_date="2026-02-01", unit_value_usd=30_000)
    approve(ledger, o["reference"])
    reserved = license_state(ledger, "D100001")
    assert reserved["units"] == {"authorized": 10, "reserved": 4, "used": 0, "remaining": 6}
    ship(ledger, o["reference"], on="2026-02-03")
    state = license_state(ledger, "D100001")
    assert state["units"] == {"authorized": 10, "reserved": 0, "used": 4, "remaining": 6}
    assert state["value_usd"]["used"] == 120_000 and state["value_usd"]["remaining"] == 880_000
    assert state["tpp"]["used"] == pytest.approx(4 * H100_TPP) and state["tpp"]["remaining_h100e"] == 6


def test_cancel_releases_the_reservation(ledger):
    license_(ledger, units=5)
    o = order(ledger, quantity=5, license_number="D100001", ship_date="2026-02-01")
    approve(ledger, o["reference"])
    assert license_state(ledger, "D100001")["units"]["remaining"] == 0
    cancel(ledger, o["reference"])
    assert license_state(ledger, "D100001")["units"] == {"authorized": 5, "reserved": 0, "used": 0, "remaining": 5}


def test_exhausted_license_is_refused_with_the_reason(ledger):
    license_(ledger, units=3)
    first = order(ledger, quantity=2, license_number="D100001", ship_date="2026-02-01")
    second = order(ledger, quantity=2, license_number="D100001", ship_date="2026-02-01")
    approve(ledger, first["reference"])
    with pytest.raises(Refused) as refused:
        approve(ledger, second["reference"])
    assert refused.value.details["reason"] == "exhausted"
    assert "1 units left" in refused.value.message and "needs 2" in refused.value.message
    assert license_state(ledger, "D100001")["units"]["reserved"] == 2  # the refused order took nothing


def test_value_balance_can_exhaust_before_units(ledger):
    license_(ledger, units=100, value_usd=50_000)
    o = order(ledger, quantity=3, license_number="D100001", ship_date="2026-02-01", unit_value_usd=20_000)
    with pytest.raises(Refused) as refused:
        approve(ledger, o["reference"])
    assert refused.value.details["dimension"] == "value_usd"


def test_expired_license_is_refused_at_approval_and_at_shipping(ledger):
    license_(ledger, units=10, valid_from="2025-01-01", valid_to="2025-06-30")
    late = order(ledger, license_number="D100001", ship_date="2025-07-01")
    with pytest.raises(Refused) as refused:
        approve(ledger, late["reference"])
    assert refused.value.details["reason"] == "expired" and "expired on 2025-06-30" in refused.value.message
    on_time = order(ledger, license_number="D100001", ship_date="2025-06-01")
    approve(ledger, on_time["reference"])
    with pytest.raises(Refused, match="expired on 2025-06-30"):
        ship(ledger, on_time["reference"], on="2025-07-02")
    assert license_state(ledger, "D100001")["units"]["used"] == 0


def test_license_must_cover_destination_and_chip(ledger):
    license_(ledger, units=10, chips=["H100"], destinations=["AE"])
    wrong_place = order(ledger, destination="SA", license_number="D100001", ship_date="2026-01-05")
    with pytest.raises(Refused, match="does not cover destination SA"):
        approve(ledger, wrong_place["reference"])
    wrong_chip = order(ledger, chip="H200", license_number="D100001", ship_date="2026-01-05")
    with pytest.raises(Refused, match="does not cover nvidia-h200"):
        approve(ledger, wrong_chip["reference"])


def test_bad_license_input_writes_nothing(ledger):
    with pytest.raises(InputError, match="before valid_from"):
        license_(ledger, valid_from="2026-01-01", valid_to="2025-01-01")
    with pytest.raises(InputError, match="negative"):
        license_(ledger, units=-1)
    with pytest.raises(InputError, match="not a date"):
        license_(ledger, valid_from="01/02/2025")
    with ledger.reader() as s:
        from chipcontrols.ledger import audit, licenses
        assert licenses.list_all(s) == [] and audit.verify(s)["records_checked"] == 0


def test_amounts_beyond_what_a_64_bit_column_holds_are_refused_up_front(ledger):
    with pytest.raises(InputError, match="above the ledger's limit"):
        order(ledger, quantity=10**7)
    with pytest.raises(InputError, match="above the ledger's limit"):
        order(ledger, unit_value_usd=1e8)
    with pytest.raises(InputError, match="above the ledger's limit"):
        license_(ledger, tpp=1e16)
    biggest = order(ledger, quantity=10**6, unit_value_usd=1e7, ship_date="2026-01-05",
                    license_number=license_(ledger, units=10**12, value_usd=1e13, tpp=1e15)["number"])
    approve(ledger, biggest["reference"])  # the largest allowed line fits every column on both databases
    assert license_state(ledger, "D100001")["units"]["reserved"] == 10**6
