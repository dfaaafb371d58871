"""The engine's reading of screening results. Entries are real CSL rows (extract of Nov 2023)."""

import pytest

from chipcontrols.catalog import default_catalog
from chipcontrols.model.shipment import Item, ListHit, PartyScreening, Shipment
from chipcontrols.rules.engine import evaluate
from chipcontrols.rules.pack import default_pack
from chipcontrols.rules.provisions.part_744_restricted_parties import review_policy_from_text

BUAA = dict(list_name="Beijing University of Aeronautics and Astronautics (BUAA)",
            source="Entity List (EL) - Bureau of Industry and Security",
            federal_register_notice="66 FR 24266;70 FR 54629;75 FR 78877; 88 FR", start_date="2001-05-14",
            license_requirement="For all items subject to the EAR. (See §744.11 of the EAR)",
            license_policy="Presumption of denial",
            source_list_url="https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list")


def run(party: PartyScreening, chip="H20", to="CN", day="2024-06-01"):
    from datetime import date
    shipment = Shipment(items=(Item(chip=default_catalog().get(chip)),), destination=to, exporter="X",
                        end_user_hq=to, owned_by_listed_party=False, parties=(party,))
    return evaluate(shipment, date.fromisoformat(day), default_pack()).model_dump(mode="json")


def test_confirmed_entity_list_hit_requires_a_license_with_the_entrys_policy_and_citation():
    hit = ListHit(status="confirmed_match", score=1.0, matched_name="BUAA", **BUAA)
    result = run(PartyScreening(name="Beijing University of Aeronautics and Astronautics", status="confirmed_match",
                                hits=(hit,)))
    # The H20 is uncontrolled by itself in 2024: the Entity List entry alone requires the license.
    assert result["outcome"] == "license_required"
    assert result["items"][0]["review_policy"] == "presumption_of_denial"
    cited = [c for c in result["items"][0]["citations"] if c["id"].startswith("list:")]
    assert cited and "66 FR 24266" in cited[0]["fr"]


def test_possible_match_is_never_a_silent_pass():
    hit = ListHit(status="possible_match", score=0.81, entity_number="EL-123", **{k: v for k, v in BUAA.items()})
    party = PartyScreening(name="Beijing Aero University", status="possible_match", hits=(hit,))
    result = run(party)
    assert result["outcome"] == "indeterminate"
    assert result["questions"][0]["id"] == "party_match:Beijing Aero University:EL-123"
    cleared = run(party.model_copy(update={"cleared": ("EL-123",)}))
    assert cleared["outcome"] == "no_license_required"
    confirmed = run(party.model_copy(update={"confirmed": ("EL-123",)}))
    assert confirmed["outcome"] == "license_required"


def test_unverified_list_is_a_red_flag_not_a_license_requirement():
    hit = ListHit(status="confirmed_match", score=1.0, list_name="Atlas Sanatgaran",
                  source="Unverified List (UVL) - Bureau of Industry and Security")
    result = run(PartyScreening(name="Atlas Sanatgaran", status="confirmed_match", hits=(hit,)), to="AE")
    assert any(w["code"] == "unverified_list" for w in result["warnings"])


def test_no_party_screened_is_stated_as_an_assumption():
    from datetime import date
    shipment = Shipment(items=(Item(chip=default_catalog().get("H20")),), destination="CN")
    result = evaluate(shipment, date(2024, 6, 1), default_pack()).model_dump(mode="json")
    assert any("restricted-party" in a for a in result["assumptions"])


@pytest.mark.parametrize("text, policy", [("Presumption of Denial", "presumption_of_denial"),
                                          ("Case-by-case review", "case_by_case"),
                                          ("Policy of denial for all items", "policy_of_denial"),
                                          ("See §744.3(d) of this part", None), (None, None)])
def test_review_policy_from_entry_text(text, policy):
    assert review_policy_from_text(text) == policy
