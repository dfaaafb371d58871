"""The JSON shape other tools read: key names are a contract."""

import json

import chipcontrols

ITEM_KEYS = {"chip", "eccn", "tpp", "pd", "outcome", "license_exceptions", "review_policy", "citations"}


def test_check_returns_the_documented_keys():
    result = chipcontrols.check(chip="H800 SXM", to="CN", date="2023-03-01")
    assert {"outcome", "items", "questions", "warnings", "trace", "provenance"} <= set(result)
    assert ITEM_KEYS <= set(result["items"][0])
    assert result["outcome"] in {"no_license_required", "license_required", "license_exception", "indeterminate"}
    json.dumps(result)  # JSON-serialisable as is


def test_every_applied_step_is_cited_and_citations_carry_urls():
    result = chipcontrols.check(chip="H100", to="CN", date="2024-06-01", exporter="X", end_user_hq="CN",
                                owned_by_listed_party=False)
    applied = [n for n in result["trace"] if n["status"] == "applied"]
    assert applied and all(n["citations"] for n in applied)
    for cid in (c for n in applied for c in n["citations"]):
        assert result["citations"][cid]["urls"]


def test_same_input_same_answer_and_input_hash():
    a = chipcontrols.check(chip="H20", to="CN", date="2025-06-01", exporter="NVIDIA")
    b = chipcontrols.check(chip="h20", to="cn", date="2025-06-01", exporter="NVIDIA")
    assert a == b


def test_multi_item_shipment_takes_the_strictest_outcome():
    result = chipcontrols.check(items=[{"chip": "H20", "quantity": 10}, {"chip": "H100", "quantity": 2}], to="CN",
                                date="2024-06-01", exporter="X", end_user_hq="CN", owned_by_listed_party=False)
    assert [i["outcome"] for i in result["items"]] == ["no_license_required", "license_required"]
    assert result["outcome"] == "license_required"
    assert result["items"][1]["total_tpp"] == 2 * 15832


def test_warns_when_the_date_is_past_the_pack_sources():
    result = chipcontrols.check(chip="H20", to="DE", date="2026-11-28", end_user_hq="DE", owned_by_listed_party=False)
    assert result["warnings"][0]["code"] == "pack_older_than_date"


def test_classify_raw_specs_and_rules_and_timeline():
    spec = {"dense_tops": {"fp16": 150}, "die_area_mm2": 400, "datacenter": True}
    classified = chipcontrols.classify(spec, "2024-01-01")  # TPP 2,400 and PD 6.0
    assert (classified["eccn"], classified["eccn_paragraph"]) == ("3A090.a", "3A090.a.2")
    assert chipcontrols.classify(spec, "2023-03-01")["eccn"] is None  # 2022 text: TPP < 4,800
    rules = chipcontrols.rules("2024-06-01")
    statuses = {p["id"]: p["status"] for p in rules["provisions"]}
    assert statuses["part_742.license_3a090_2023"] == "in_force"
    assert statuses["part_742.license_3a090_2022"] == "ended"
    assert "NI" in rules["country_groups"]["D:5"]["members"]
    timeline = chipcontrols.timeline()
    assert timeline == sorted(timeline, key=lambda r: r["date"])
    assert {"2022-10-21", "2023-11-17", "2026-01-15"} <= {r["date"] for r in timeline}
    assert all(r["citation"] for r in timeline)


def test_chips_table_filters():
    rows = chipcontrols.chips("2024-06-01", eccn="3A090.b")
    assert rows and all(r["eccn"] == "3A090.b" for r in rows)
    assert any(r["id"] == "nvidia-l40" for r in rows)


def test_a_datacenter_override_is_visible_in_warnings_and_trace():
    result = chipcontrols.check(chip="L40", to="CN", date="2024-06-01", datacenter=False, exporter="X",
                                end_user_hq="CN", owned_by_listed_party=False)
    assert any(w["code"] == "user_override" for w in result["warnings"])
    # Not datacenter and TPP < 4,800: Note 2 takes the L40 out of 3A090.
    assert result["outcome"] == "no_license_required"
    plain = chipcontrols.check(chip="L40", to="CN", date="2024-06-01", exporter="X", end_user_hq="CN",
                               owned_by_listed_party=False)
    assert not any(w["code"] == "user_override" for w in plain["warnings"])


def test_an_unknown_parent_headquarters_is_asked_for_not_assumed():
    result = chipcontrols.check(chip="H100", to="MY", date="2024-06-01", end_user_hq="MY", exporter="X",
                                owned_by_listed_party=False)
    assert result["outcome"] == "indeterminate"
    assert [q["id"] for q in result["questions"]] == ["ultimate_parent_hq"]
