"""Reforms as data: validated whole, applied to a copy, identified by content, stackable."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chipcontrols
from chipcontrols.errors import InputError
from chipcontrols.policy import EXAMPLES_DIR, apply_reforms, load_reform, reform_pack, whatif
from chipcontrols.rules.pack import default_pack, load_raw

H20_RULE = EXAMPLES_DIR / "h20_rule.yaml"
LOWER_A1 = EXAMPLES_DIR / "lower_a1_tpp.yaml"


def reform(*changes, rid="t") -> dict:
    return {"id": rid, "title": f"test reform {rid}", "changes": list(changes)}


def param(path="parameters.eccn_3a090.a.1.tpp", value=2400, unit="tpp", **extra) -> dict:
    return {"kind": "parameter", "path": path, "value": value, "unit": unit, **extra}


def refused(data) -> InputError:
    with pytest.raises(InputError) as info:
        apply_reforms(load_raw(), [load_reform(data)])
    return info.value


# --- the baseline is never changed ----------------------------------------------------------------
def test_applying_a_reform_leaves_the_baseline_untouched():
    raw = load_raw()
    before = copy.deepcopy(raw)
    pack_hash = default_pack().content_hash
    h20_before = chipcontrols.check("H20", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN")["outcome"]
    applied = apply_reforms(raw, [load_reform(H20_RULE), load_reform(LOWER_A1)])
    assert raw == before
    assert default_pack().content_hash == pack_hash
    assert applied.pack.content_hash != pack_hash
    assert chipcontrols.check("H20", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN")["outcome"] == h20_before
    assert chipcontrols.check("H20", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN",
                              rules=applied.pack)["outcome"] == "license_required"


# --- identity ---------------------------------------------------------------------------------------
def test_same_reform_same_hash_and_same_results(tmp_path: Path):
    copy_path = tmp_path / "elsewhere.yaml"
    copy_path.write_text(H20_RULE.read_text())
    as_dict = yaml.safe_load(H20_RULE.read_text())
    hashes = {load_reform(H20_RULE).hash, load_reform(copy_path).hash, load_reform(as_dict).hash}
    assert len(hashes) == 1
    first = whatif(H20_RULE, date="2024-06-01", destinations=["CN", "AE"])
    second = whatif(copy_path, date="2024-06-01", destinations=["CN", "AE"])
    for key in ("stack_hash", "sheet", "classification_flips", "treatment_changes"):
        assert first[key] == second[key]


def test_a_different_value_is_a_different_reform():
    a = load_reform(reform(param(value=2400)))
    b = load_reform(reform(param(value=2401)))
    assert a.hash != b.hash
    assert reform_pack(a).content_hash != reform_pack(b).content_hash


# --- what each kind of change does --------------------------------------------------------------------
def test_parameter_window_applies_only_inside_its_dates():
    pack = reform_pack(reform(param(**{"from": "2025-01-01", "until": "2025-12-31"})))
    assert pack.param("eccn_3a090.a.1.tpp", date(2024, 12, 31)).value == 4800
    assert pack.param("eccn_3a090.a.1.tpp", date(2025, 6, 1)).value == 2400
    assert pack.param("eccn_3a090.a.1.tpp", date(2026, 1, 1)).value == 4800
    # The A30 (TPP 2,640, PD 3.2: 3A090.b) meets 3A090.a.1 only inside the window.
    assert chipcontrols.classify("A30", "2025-06-01", rules=pack)["eccn_paragraph"] == "3A090.a.1"
    assert chipcontrols.classify("A30", "2026-06-01", rules=pack)["eccn_paragraph"] != "3A090.a.1"


def test_sheet_shows_baseline_reform_and_the_citation_replaced():
    applied = apply_reforms(load_raw(), [load_reform(LOWER_A1)])
    [entry] = applied.sheet
    assert entry["path"] == "parameters.eccn_3a090.a.1.tpp"
    assert entry["baseline"][0]["value"] == 4800
    assert entry["reform"]["value"] == 2400
    assert [c["id"] for c in entry["replaces_citations"]] == ["ifr_2023_10_17"]
    assert entry["replaces_citations"][0]["urls"]


def test_switch_turns_a_provision_off():
    pack = reform_pack(reform({"kind": "switch", "path": "provisions.part_742.license_3a090_2023", "enabled": False}))
    base = chipcontrols.check("A30", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN")
    after = chipcontrols.check("A30", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN", rules=pack)
    assert base["outcome"] != "no_license_required"
    assert after["outcome"] == "no_license_required"


def test_set_changes_a_provision_date_with_the_same_type():
    pack = reform_pack(reform({"kind": "set", "path": "provisions.part_742.headquarters_rule.effective",
                               "value": "2026-01-01"}))
    assert pack.provisions["part_742.headquarters_rule"].effective == date(2026, 1, 1)
    error = refused(reform({"kind": "set", "path": "provisions.part_742.headquarters_rule.effective", "value": 5}))
    assert "is a date" in error.message


def test_membership_add_and_remove_are_dated():
    pack = reform_pack(reform({"kind": "membership", "path": "groups.D:5", "country": "VN", "action": "add",
                               "from": "2026-07-01"},
                              {"kind": "membership", "path": "groups.D:5", "country": "ZW", "action": "remove",
                               "from": "2026-07-01"}))
    assert "VN" not in pack.members("D:5", date(2026, 6, 30))
    assert "VN" in pack.members("D:5", date(2026, 7, 1))
    assert "ZW" in pack.members("D:5", date(2026, 6, 30))
    assert "ZW" not in pack.members("D:5", date(2026, 7, 1))


def test_rule_binds_every_exporter():
    pack = reform_pack(H20_RULE)
    for exporter in ("NVIDIA", "Some Reseller Pte Ltd", None):
        result = chipcontrols.check("H20", "CN", "2024-06-01", exporter=exporter, end_user_hq="CN", rules=pack)
        assert result["outcome"] == "license_required", exporter
        applied = [n for n in result["trace"] if n["rule_id"].startswith("reform.") and n["status"] == "applied"]
        assert applied and "Every exporter" in applied[0]["sentence"]
    # Below the bandwidth line: untouched.
    assert chipcontrols.check("L20", "CN", "2024-06-01", exporter="NVIDIA", end_user_hq="CN",
                              rules=pack)["outcome"] == "no_license_required"


def test_named_letters_still_bind_only_their_addressee():
    assert all(letter.addressee != "*" for letter in default_pack().letters.values())
    other = chipcontrols.check("H20", "CN", "2025-06-01", exporter="AMD", end_user_hq="CN")
    named = chipcontrols.check("H20", "CN", "2025-06-01", exporter="NVIDIA", end_user_hq="CN")
    assert other["outcome"] == "no_license_required"
    assert named["outcome"] == "license_required"


# --- refusals: the whole reform, with the reason -----------------------------------------------------
@pytest.mark.parametrize("change, reason", [
    (param(path="parameters.eccn_3a090.a.9.tpp"), "no parameter"),
    (param(path="thresholds.a.1"), "not one of"),
    (param(unit="GB/s"), "measured in tpp"),
    (param(value="2400"), "must be a number"),
    (param(value=True), "must be a number"),
    (param(**{"from": "2020-01-01"}), "before its rule existed"),
    (param(path="parameters.eccn_3a090.2022.a.tpp", **{"until": "2024-01-01"}), "ends on"),
    ({"kind": "switch", "path": "provisions.part_742.nope", "enabled": False}, "no provision"),
    ({"kind": "switch", "path": "provisions.part_742.headquarters_rule", "enabled": "no"}, "true or false"),
    ({"kind": "membership", "path": "groups.D:5", "country": "CN", "action": "add"}, "already in D:5"),
    ({"kind": "membership", "path": "groups.D:5", "country": "FR", "action": "remove"}, "is not in D:5"),
    ({"kind": "membership", "path": "groups.D:5", "country": "XX", "action": "add"}, "ISO 3166-1"),
    ({"kind": "rule", "id": "r", "title": "t", "from": "2025-01-01", "destinations": {"plus_countries": ["CN"]},
      "criteria": {"all_of": [{"metric": "memory_bw_gbs", "op": ">=", "value": 3, "unit": "TB/s"}]}}, "measured in GB/s"),
    ({"kind": "rule", "id": "r", "title": "t", "from": "2025-01-01", "destinations": {"plus_countries": ["CN"]},
      "criteria": {"all_of": [{"metric": "flops", "op": ">=", "value": 3}]}}, "not one of"),
    ({"kind": "rule", "id": "r", "title": "t", "from": "2025-01-01", "destinations": {"any_of_groups": ["Z:9"]},
      "criteria": {"all_of": [{"metric": "tpp", "op": ">=", "value": 3}]}}, "unknown country group"),
])
def test_bad_changes_are_refused_with_the_reason(change, reason):
    error = refused(reform(change))
    assert reason in error.message
    assert "nothing was applied" in error.message


@pytest.mark.parametrize("data, reason", [
    ({"id": "x", "title": "t", "changes": []}, "non-empty list"),
    ({"id": "x", "title": "t", "changes": [{"kind": "python", "code": "import os"}]}, "is not one of"),
    ({"id": "x", "title": "t", "changes": [param(extra=1)]}, "unknown field"),
    ({"id": "x", "title": "t", "changes": [{"kind": "parameter", "path": "parameters.eccn_3a090.a.1.tpp"}]}, "missing"),
    ({"id": "x y", "title": "t", "changes": [param()]}, "without spaces"),
    ({"id": "x", "title": "t", "changes": [param(**{"from": "2025-13-01"})]}, "not a date"),
    ({"id": "x", "title": "t", "apply": "rm -rf", "changes": [param()]}, "unknown top-level"),
])
def test_malformed_reform_files_are_refused(data, reason):
    with pytest.raises(InputError) as info:
        load_reform(data)
    assert reason in info.value.message


def test_overlapping_dates_in_one_reform_are_refused():
    error = refused(reform(param(value=3000, **{"from": "2025-01-01", "until": "2025-12-31"}),
                           param(value=2000, **{"from": "2025-06-01"})))
    assert "overlaps an earlier change" in error.message
    # Adjacent windows do not overlap.
    pack = reform_pack(reform(param(value=3000, **{"from": "2025-01-01", "until": "2025-12-31"}),
                              param(value=2000, **{"from": "2026-01-01"})))
    assert pack.param("eccn_3a090.a.1.tpp", date(2026, 1, 1)).value == 2000


def test_every_problem_is_reported_at_once():
    error = refused(reform(param(unit="GB/s"), {"kind": "switch", "path": "provisions.nope", "enabled": False}))
    assert len(error.details["problems"]) == 2


def test_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(InputError, match="not found"):
        load_reform(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_reform(bad)


# --- stacks and baselines ------------------------------------------------------------------------------
def test_stacked_reforms_report_conflicts_and_the_later_wins():
    first = load_reform(reform(param(value=3000), rid="first"))
    second = load_reform(reform(param(value=2000, **{"from": "2025-01-01"}), rid="second"))
    applied = apply_reforms(load_raw(), [first, second])
    [conflict] = applied.conflicts
    assert conflict["reforms"] == ["first", "second"]
    assert applied.pack.param("eccn_3a090.a.1.tpp", date(2024, 6, 1)).value == 3000
    assert applied.pack.param("eccn_3a090.a.1.tpp", date(2025, 6, 1)).value == 2000
    disjoint = load_reform(reform({"kind": "switch", "path": "provisions.part_742.headquarters_rule", "enabled": False},
                                  rid="other"))
    assert apply_reforms(load_raw(), [first, disjoint]).conflicts == []


def test_any_reform_can_be_the_baseline():
    result = whatif(LOWER_A1, baseline=H20_RULE, date="2026-07-01", destinations=["CN"])
    assert result["baseline"]["rules_pack_hash"] == reform_pack(H20_RULE).content_hash
    assert result["baseline"]["reforms"][0]["id"] == "h20-rule"
    assert result["reform_rules_pack_hash"] == reform_pack([H20_RULE, LOWER_A1]).content_hash
    # On top of the H20 rule, the H20 is already licensed: lowering a.1 changes its ECCN, not its need for a license.
    h20 = [c for d in result["treatment_changes"] for c in d["chips"] if c["chip_id"] == "nvidia-h20"]
    assert all(c["baseline"]["outcome"] == "license_required" for c in h20)


# --- property: arbitrary junk never gets past validation or changes the baseline -------------------------
junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children,
                                                                                       max_size=4), max_leaves=8)
changes = st.fixed_dictionaries({"kind": st.sampled_from(["parameter", "switch", "set", "membership", "rule"]),
                                 "path": st.sampled_from(["parameters.eccn_3a090.a.1.tpp", "groups.D:5",
                                                          "provisions.part_742.headquarters_rule",
                                                          "provisions.part_742.headquarters_rule.effective",
                                                          "letters.letter.h20_2025_04_09", "parameters.x"])},
                                optional={"value": junk, "unit": junk, "enabled": junk, "country": junk,
                                          "action": junk, "from": junk, "until": junk, "id": junk, "title": junk,
                                          "destinations": junk, "criteria": junk})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(changes, min_size=1, max_size=3))
def test_junk_reforms_are_refused_cleanly_or_give_a_valid_pack(change_list):
    raw = load_raw()
    before = copy.deepcopy(raw)
    try:
        applied = apply_reforms(raw, [load_reform(reform(*change_list))])
    except InputError as exc:
        assert exc.message
    else:
        assert applied.pack.content_hash
    assert raw == before


def test_a_cap_change_moves_the_review_policy():
    # The Jan 2026 case-by-case policy applies below a DRAM-bandwidth ceiling; the H200 has 4,800 GB/s.
    cap = reform({"kind": "parameter", "path": "parameters.part_742.h200_case_by_case.dram_bandwidth_below_gbs",
                  "value": 4000, "unit": "GB/s"})
    base = chipcontrols.check("H200 SXM", "CN", "2026-06-01", exporter="NVIDIA", end_user_hq="CN")
    after = chipcontrols.check("H200 SXM", "CN", "2026-06-01", exporter="NVIDIA", end_user_hq="CN",
                               rules=reform_pack(cap))
    assert base["items"][0]["review_policy"] == "case_by_case"
    assert after["items"][0]["review_policy"] == "presumption_of_denial"


def test_switch_turns_a_letter_off():
    pack = reform_pack(reform({"kind": "switch", "path": "letters.letter.h20_2025_04_09", "enabled": False}))
    base = chipcontrols.check("H20", "CN", "2025-06-01", exporter="NVIDIA", end_user_hq="CN")
    after = chipcontrols.check("H20", "CN", "2025-06-01", exporter="NVIDIA", end_user_hq="CN", rules=pack)
    assert base["outcome"] == "license_required"
    assert after["outcome"] == "no_license_required"
