"""Scenario tests as data: tests/rules/data/** mirrors the rules pack's paths.

Each case gives a chip (catalog name) or raw specs, a destination, a date and facts, and the
expected outcome / ECCN / review policy / exceptions / questions / warning codes. Expectations
left out are not checked.
"""

from pathlib import Path

import pytest
import yaml

import chipcontrols

DATA = Path(__file__).parent / "data"


def load_cases():
    for path in sorted(DATA.rglob("*.yaml")):
        spec = yaml.safe_load(path.read_text())
        defaults = spec.get("defaults", {})
        for case in spec["cases"]:
            merged = {**defaults, **case, "with": {**defaults.get("with", {}), **case.get("with", {})}}
            yield pytest.param(merged, id=f"{path.relative_to(DATA)}::{case['name']}")


@pytest.mark.parametrize("case", list(load_cases()))
def test_scenario(case):
    chip = case.get("chip") or case.get("specs")
    result = chipcontrols.check(chip=chip, to=case["to"], date=str(case["date"]), **case["with"])
    item = result["items"][0]
    expect = case["expect"]
    context = f"{result['summary']} trace={[(n['rule_id'], n['status']) for n in result['trace'] if n['status'] != 'not_in_force']}"
    if "outcome" in expect:
        assert result["outcome"] == expect["outcome"], context
    if "outcome_per_text" in expect:
        assert result["outcome_per_text"] == expect["outcome_per_text"], context
    if "eccn" in expect:
        assert item["eccn"] == expect["eccn"], context
    if "eccn_paragraph" in expect:
        assert item["eccn_paragraph"] == expect["eccn_paragraph"], context
    if "review_policy" in expect:
        assert item["review_policy"] == expect["review_policy"], context
    if "license_exceptions" in expect:
        assert item["license_exceptions"] == sorted(expect["license_exceptions"]), context
    if "questions" in expect:
        assert sorted(q["id"] for q in result["questions"]) == sorted(expect["questions"]), context
    for code in expect.get("warnings", []):
        assert code in {w["code"] for w in result["warnings"]}, f"missing warning {code}: {result['warnings']}"


def test_every_provision_and_letter_has_a_scenario_file_or_case():
    """Scenario data sits beside the rules it tests: each provision file has a twin under tests/."""
    pack_dir = Path(chipcontrols.__file__).parent / "rules" / "data" / "us_ear" / "provisions"
    missing = [p.name for p in pack_dir.glob("*.yaml")
               if not (DATA / "us_ear" / "provisions" / p.name).exists() and p.stem not in {"part_744_hbm"}]
    assert not missing, f"provisions without scenario tests: {missing}"
