"""screen_party() output is what the engine's restricted-party rule reads (model/shipment.py on main)."""

from chipcontrols.model.shipment import ListHit, PartyScreening
from chipcontrols.rules.provisions.part_744_restricted_parties import list_kind, review_policy_from_text
from chipcontrols.screening import screen_party


def _party(name, country=None):
    result = screen_party(name, country=country)
    return PartyScreening(name=name, country=country, status=result["status"],
                          hits=tuple(ListHit(**h) for h in result["hits"]), snapshot_hash=result["snapshot"]["hash"])


def test_confirmed_entity_list_party_validates_and_maps_to_a_policy():
    party = _party("Xian Semi Electronic Co Ltd", "CN")
    assert party.status == "confirmed_match"
    hit = party.hits[0]
    assert list_kind(hit.source) == "Entity List" and review_policy_from_text(hit.license_policy) == "presumption_of_denial"
    assert hit.federal_register_notice == "76 FR 71867" and hit.entity_number


def test_possible_and_clear_parties_validate():
    assert _party("Xian Semi Electronik Co").status == "possible_match"
    clear = _party("Northwind Garden Supplies GmbH", "DE")
    assert clear.status == "clear" and clear.hits == ()


def test_meu_party_maps_to_the_meu_list():
    party = _party("Academy of Aerospace Solid Propulsion Technology", "CN")
    assert party.status == "confirmed_match" and list_kind(party.hits[0].source) == "Military End User"
