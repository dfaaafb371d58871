"""check --party end to end: real screening against the bundled list sample, then the engine."""

import json
import subprocess
import sys

import pytest

import chipcontrols
from chipcontrols.errors import InputError

BASE = dict(chip="H20", to="CN", date="2024-06-01", exporter="X", end_user_hq="CN", owned_by_listed_party=False)


def test_confirmed_entity_list_party_makes_an_uncontrolled_chip_need_a_license():
    result = chipcontrols.check(**BASE, parties=[{"name": "Xian Semi Electronic", "country": "CN"}])
    assert result["outcome"] == "license_required"
    assert result["items"][0]["review_policy"] == "presumption_of_denial"
    assert "76 FR 71867" in json.dumps(result["citations"])
    assert result["provenance"]["list_snapshot"]["hash"]


def test_possible_match_asks_and_the_user_can_clear_or_confirm_it():
    party = {"name": "Xian Semi Electric Co"}
    result = chipcontrols.check(**BASE, parties=[party])
    assert result["outcome"] == "indeterminate"
    question = result["questions"][0]
    entry_id = question["id"].split(":")[-1]
    cleared = chipcontrols.check(**BASE, parties=[{**party, "clear": [entry_id]}])
    assert cleared["outcome"] == "no_license_required"
    confirmed = chipcontrols.check(**BASE, parties=[{**party, "confirm": [entry_id]}])
    assert confirmed["outcome"] == "license_required"


def test_clean_party_leaves_the_answer_alone():
    result = chipcontrols.check(**BASE, parties=[{"name": "Zebra Orchard Bakery GmbH", "country": "DE"}])
    assert result["outcome"] == "no_license_required"
    assert any(n["rule_id"] == "part_744.restricted_parties" and n["status"] == "not_applicable" for n in result["trace"])


@pytest.mark.parametrize("parties", [[{"name": ""}], [{"name": "Acme", "country": "Narnia"}], [{"name": "A", "x": 1}]])
def test_bad_parties_are_refused(parties):
    with pytest.raises(InputError):
        chipcontrols.check(**BASE, parties=parties)


def test_cli_party_options():
    proc = subprocess.run([sys.executable, "-m", "chipcontrols.cli", "check", "--chip", "H20", "--to", "CN", "--date",
                           "2024-06-01", "--exporter", "X", "--end-user-hq", "CN", "--no-listed-owner", "--party",
                           "Xian Semi Electronic", "--party-country", "CN", "--json"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["outcome"] == "license_required"
