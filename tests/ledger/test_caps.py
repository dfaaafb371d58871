import pytest

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.ledger import Refused, caps

from ledger_helpers import approve, cancel, cap, cap_state, order, party, ship

H100_TPP = metrics_for(default_catalog().get("H100")).tpp
H200_TPP = metrics_for(default_catalog().get("H200")).tpp


def test_reserve_release_consume_and_headroom_in_h100e(ledger):
    cap(ledger, limit_h100e=10)
    a, b = order(ledger, quantity=4, ship_date="2026-03-01"), order(ledger, quantity=3, ship_date="2026-03-01")
    approve(ledger, a["reference"]), approve(ledger, b["reference"])
    assert cap_state(ledger, "ae-internal")["headroom_h100e"] == 3
    cancel(ledger, b["reference"])
    ship(ledger, a["reference"], on="2026-03-02")
    state = cap_state(ledger, "ae-internal")
    assert state["consumed_tpp"] == pytest.approx(4 * H100_TPP) and state["reserved_tpp"] == 0
    assert state["headroom_h100e"] == 6 and state["limit_tpp"] == pytest.approx(10 * H100_TPP)


def test_cap_refuses_past_its_headroom_and_names_the_cap(ledger):
    cap(ledger, limit_tpp=2 * H100_TPP)
    o = order(ledger, quantity=3, ship_date="2026-03-01")
    with pytest.raises(Refused) as refused:
        approve(ledger, o["reference"])
    assert refused.value.details["cap"] == "ae-internal" and refused.value.details["reason"] == "cap_exceeded"
    assert cap_state(ledger, "ae-internal")["reserved_tpp"] == 0


def test_caps_outside_their_period_or_chip_do_not_count(ledger):
    cap(ledger, "h200-only", chip="H200", limit_h100e=0)
    cap(ledger, "2025-only", period_start="2025-01-01", period_end="2025-12-31", limit_h100e=0)
    o = order(ledger, chip="H100", quantity=2, ship_date="2026-03-01")
    approve(ledger, o["reference"])  # neither cap applies
    assert cap_state(ledger, "h200-only")["reserved_tpp"] == 0


def test_consignee_and_ultimate_parent_caps(ledger):
    parent = party(ledger, "Parent Holdings", "SG")
    child = party(ledger, "Child Cloud", "AE", ultimate_parent_id=parent["id"])
    cap(ledger, "parent-cap", scope="ultimate_parent", key=str(parent["id"]), limit_h100e=5)
    cap(ledger, "child-cap", scope="consignee", key=str(child["id"]), limit_h100e=100)
    approve(ledger, order(ledger, quantity=5, consignee_id=child["id"], ship_date="2026-03-01")["reference"])
    with pytest.raises(Refused, match="parent-cap"):
        approve(ledger, order(ledger, quantity=1, consignee_id=child["id"], ship_date="2026-03-01")["reference"])
    assert cap_state(ledger, "child-cap")["reserved_tpp"] == pytest.approx(5 * H100_TPP)


def test_ultimate_parent_resolved_through_majority_ownership(ledger):
    from chipcontrols.ledger import parties

    top = party(ledger, "Top Co", "HK")
    mid = party(ledger, "Mid Co", "SG")
    leaf = party(ledger, "Leaf Co", "MY")
    with ledger.transaction() as s:
        parties.link(s, "tester", top["id"], mid["id"], 60)
        parties.link(s, "tester", mid["id"], leaf["id"], 51)
    with ledger.reader() as s:
        assert parties.describe(s, leaf["id"])["resolved_ultimate_parent"] == {"id": top["id"], "name": "Top Co", "country": "HK"}
    cap(ledger, "top", scope="ultimate_parent", key=str(top["id"]), limit_h100e=1)
    with pytest.raises(Refused, match="'top'"):
        approve(ledger, order(ledger, destination="MY", quantity=2, consignee_id=leaf["id"], ship_date="2026-03-01")["reference"])


def test_ai_diffusion_tier2_policy_is_advisory_and_says_so(ledger):
    with ledger.transaction() as s:
        made = caps.add_policy(s, "tester", "ai_diffusion_tier2", country_code="IN")
    assert made["limit_h100e"] == 49_901 and made["limit_tpp"] == pytest.approx(49_901 * H100_TPP)
    assert made["enforced"] is False and "2025-05-13" in made["status_note"] and made["status"].startswith("advisory")
    assert "90 FR 4544" in made["source"] and "UNCONFIRMED" in made["status_note"]  # figure from the cited rules pack
    with ledger.transaction() as s:
        assert caps.add_policy(s, "tester", "ai_diffusion_tier2", country_code="IN", g2g=True)["limit_h100e"] == 2 * 49_901
    with ledger.transaction() as s:
        caps.create(s, "tester", "tiny-advisory", "country", "IN", "2025-01-01", "2027-12-31", limit_h100e=1, enforced=False)
    result = approve(ledger, order(ledger, destination="IN", quantity=2, ship_date="2025-03-01")["reference"])
    assert any("tiny-advisory" in w for w in result["warnings"])  # exceeded, but not enforced: warned


def test_china_volume_within_half_of_us_volume(ledger):
    with ledger.transaction() as s:
        made = caps.add_policy(s, "tester", "h200_rule_2026", chip="H200")
    assert made["ratio_percent"] == 50 and made["reference_country"] == "US"
    china = order(ledger, destination="CN", chip="H200", quantity=1, ship_date="2026-02-01")
    with pytest.raises(Refused, match="50% of the 0 units shipped to US"):
        approve(ledger, china["reference"])
    us = order(ledger, destination="US", chip="H200", quantity=10, ship_date="2026-02-01")
    approve(ledger, us["reference"]), ship(ledger, us["reference"], on="2026-02-01")
    five = order(ledger, destination="CN", chip="H200", quantity=5, ship_date="2026-02-02")
    approve(ledger, five["reference"])
    with pytest.raises(Refused):
        approve(ledger, order(ledger, destination="CN", chip="H200", quantity=1, ship_date="2026-02-02")["reference"])
    assert cap_state(ledger, made["name"])["headroom_units"] == 0


def test_lpp_counts_per_consignee_per_calendar_year(ledger):
    consignee = party(ledger, "LPP Cloud", "IN")
    per_year_units = int(26_900_000 // H100_TPP)  # 1699 H100s fit in 26.9M TPP
    ok = order(ledger, destination="IN", quantity=per_year_units, consignee_id=consignee["id"], license_exception="LPP",
               ship_date="2025-03-01")
    approve(ledger, ok["reference"])
    with pytest.raises(Refused, match="lpp-"):
        approve(ledger, order(ledger, destination="IN", quantity=1, consignee_id=consignee["id"], license_exception="LPP",
                              ship_date="2025-03-01")["reference"])
    approve(ledger, order(ledger, destination="IN", quantity=1, consignee_id=consignee["id"], license_exception="LPP",
                          ship_date="2026-01-02")["reference"])  # a new calendar year, a new allowance
    state = cap_state(ledger, f"lpp-{consignee['id']}-2025")
    assert state["limit_tpp"] == 26_900_000 and state["headroom_tpp"] < H100_TPP


def test_ids_beyond_an_integer_key_are_not_found_not_a_crash(ledger):
    from chipcontrols.ledger import NotFound

    with pytest.raises(NotFound):
        cap(ledger, "huge", scope="consignee", key="99999999999999999999", limit_h100e=1)
    with pytest.raises(NotFound):
        order(ledger, consignee_id=2**40)


def test_a_policy_asked_for_before_it_existed_is_bad_input(ledger):
    from chipcontrols.errors import InputError

    consignee = party(ledger, "Early Cloud", "IN")
    with pytest.raises(InputError, match="did not exist then"):
        with ledger.transaction() as s:
            caps.add_policy(s, "tester", "lpp", consignee_id=consignee["id"], year=2020)
