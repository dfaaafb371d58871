"""The typed determination: the trace is a tree (kept flat by id), the engine marks which nodes decided, and the
one renderer (explain) reads those marks; no face picks nodes by rule id."""

import pytest

import chipcontrols
from chipcontrols.model.determination import Determination
from chipcontrols.rules import explain

BASE = dict(exporter="Example Distributor", owned_by_listed_party=False)


def check(**kwargs):
    return chipcontrols.check(**{**BASE, **kwargs})


@pytest.mark.parametrize("kwargs, decided", [
    (dict(chip="H800 SXM", to="CN", date="2023-03-01"), {"part_742.license_3a090_2022"}),
    (dict(chip="H100", to="CN", date="2024-06-01", end_user_hq="CN"), {"part_742.license_3a090_2023"}),
    (dict(chip="H100", to="MY", date="2024-06-01", end_user_hq="CN", ultimate_parent_hq="CN"),
     {"part_742.headquarters_rule"}),
    (dict(chip="A100 SXM4 80GB", to="CN", date="2021-06-01"), {"eccn_3a090"}),
    (dict(chip="H100", to="IR", date="2024-06-01"), {"part_746.embargoes"}),
])
def test_the_engine_marks_what_decided(kwargs, decided):
    result = check(**kwargs)
    assert decided <= set(result["items"][0]["decided_by"]), result["items"][0]["decided_by"]
    assert all(n["decisive"] for n in result["trace"] if n["rule_id"] in decided and n["status"] != "not_in_force")


def test_an_exception_is_decided_by_the_requirement_and_its_exception_step():
    result = check(chip="L40", to="DE", date="2024-06-01", end_user_hq="CN", ultimate_parent_hq="CN")
    assert result["outcome"] == "license_exception"
    assert {"part_742.headquarters_rule", "part_740.nac_aca"} <= set(result["items"][0]["decided_by"])


def test_missing_facts_are_decided_by_the_steps_that_asked():
    result = check(chip="H100", to="MY", date="2024-06-01")
    assert result["outcome"] == "indeterminate"
    decisive = [n for n in result["trace"] if n["decisive"]]
    assert decisive and all(n["status"] == "needs_input" for n in decisive)


def test_the_trace_is_a_tree_with_parents_before_children():
    result = check(chip="H200 SXM", to="CN", date="2026-03-01", end_user_hq="CN")
    by_id = {n["id"]: n for n in result["trace"]}
    seen = set()
    for node in result["trace"]:
        if node["parent"] is not None:
            assert node["parent"] in seen and node["id"] in by_id[node["parent"]]["children"]
        for child in node["children"]:
            assert by_id[child]["parent"] == node["id"]
        seen.add(node["id"])
    review = next(n for n in result["trace"] if n["rule_id"] == "part_742.h200_review_policy_2026")
    assert by_id[review["parent"]]["rule_id"] == "part_742.license_3a090_2023" and review["decisive"]
    assert result["items"][0]["review_policy"] == "case_by_case"


def test_the_json_is_the_typed_model_dumped():
    result = check(chip="H20", to="CN", date="2025-06-01")
    assert Determination.model_validate(result).model_dump(mode="json") == result


def test_explain_shows_the_decisive_steps_and_the_deciding_sentence():
    result = check(chip="H800 SXM", to="CN", date="2023-03-01")
    shown = explain.why(result)
    assert any(n["decisive"] and n["rule_id"] == "part_742.license_3a090_2022" for n in shown)
    assert "not 3A090 under the 2022 text" in explain.deciding_sentence(result)
    text = explain.text(result)
    assert "NO LICENSE REQUIRED" in text and "87 FR 62186" in text


def test_the_date_3a090_began_comes_from_the_pack_not_from_code():
    sentence = explain.deciding_sentence(check(chip="A100 SXM4 80GB", to="CN", date="2021-06-01"))
    assert "2022-10-21" in sentence and "87 FR 62186" in sentence
