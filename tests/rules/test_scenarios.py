"""Scenario tests as data: tests/rules/data/** mirrors the rules pack's paths.

Each case gives a chip (catalog name) or raw specs, a destination, a date and facts, and the expected outcome and,
for every item, ECCN / review policy / exceptions / the provisions that decided, plus questions and warning codes.
Expectations left out are not checked; an unknown key is an error (a misspelt expectation must not pass silently).
"""

from pathlib import Path

import pytest
import yaml

import chipcontrols
from chipcontrols.model.determination import Determination

DATA = Path(__file__).parent / "data"
CASE_KEYS = {"name", "chip", "specs", "to", "date", "with", "expect", "note"}
RESULT_KEYS = {"outcome", "outcome_per_text", "questions", "warnings", "no_warnings"}
ITEM_KEYS = {"eccn", "eccn_paragraph", "review_policy", "license_exceptions", "decided_by"}


def load_cases():
    for path in sorted(DATA.rglob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        unknown_top = set(spec) - {"defaults", "cases"}
        assert not unknown_top, f"{path}: unknown top-level keys {unknown_top}"
        defaults = spec.get("defaults", {})
        for case in spec["cases"]:
            merged = {**defaults, **case, "with": {**defaults.get("with", {}), **case.get("with", {})}}
            merged["with"] = {k: v for k, v in merged["with"].items() if v is not None}
            yield pytest.param(merged, id=f"{path.relative_to(DATA)}::{case['name']}")


CASES = list(load_cases())


@pytest.mark.parametrize("case", CASES)
def test_scenario(case):
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case key(s) {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}"
    expect = case["expect"]
    unknown = set(expect) - RESULT_KEYS - ITEM_KEYS
    assert not unknown, f"unknown expect key(s) {sorted(unknown)}; allowed: {sorted(RESULT_KEYS | ITEM_KEYS)}"
    chip = case.get("chip") or case.get("specs")
    result = chipcontrols.check(chip=chip, to=case["to"], date=str(case["date"]), **case["with"])
    Determination.model_validate(result)  # the engine builds its trace without re-validation: check the whole here
    context = f"{result['summary']} trace={[(n['rule_id'], n['status']) for n in result['trace'] if n['status'] != 'not_in_force']}"
    if "outcome" in expect:
        assert result["outcome"] == expect["outcome"], context
    if "outcome_per_text" in expect:
        assert result["outcome_per_text"] == expect["outcome_per_text"], context
    if "questions" in expect:
        assert sorted(q["id"] for q in result["questions"]) == sorted(expect["questions"]), context
    codes = {w["code"] for w in result["warnings"]}
    for code in expect.get("warnings", []):
        assert code in codes, f"missing warning {code}: {result['warnings']}"
    for code in expect.get("no_warnings", []):
        assert code not in codes, f"unexpected warning {code}: {result['warnings']}"
    for item in result["items"]:
        where = f"item {item['chip']}: {context}"
        for key in ("eccn", "eccn_paragraph", "review_policy"):
            if key in expect:
                assert item[key] == expect[key], where
        if "license_exceptions" in expect:
            assert item["license_exceptions"] == sorted(expect["license_exceptions"]), where
        for rule_id in expect.get("decided_by", []):
            assert rule_id in item["decided_by"], f"{rule_id} did not decide: decided_by={item['decided_by']}; {where}"


def test_the_runner_refuses_an_unknown_expectation():
    """A misspelt key must fail, not pass for the wrong reason."""
    case = {**CASES[0].values[0], "expect": {"outcom": "no_license_required"}}
    with pytest.raises(AssertionError, match="unknown expect key"):
        test_scenario(case)
