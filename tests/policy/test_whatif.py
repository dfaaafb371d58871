"""whatif: classification flips, treatment changes, and order books with their compute."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.policy import EXAMPLES_DIR, whatif
from chipcontrols.rules.pack import default_pack

H20_RULE = EXAMPLES_DIR / "h20_rule.yaml"
IO_2022 = EXAMPLES_DIR / "lower_2022_io.yaml"


def test_the_2022_counterfactual_catches_the_h800_and_a800():
    result = whatif(IO_2022, date="2022-12-01", destinations=["CN", "DE"])
    flipped = {f["chip_id"]: f for f in result["classification_flips"]}
    for chip in ("nvidia-h800-sxm5", "nvidia-h800-pcie", "nvidia-a800-sxm4-80gb", "nvidia-a800-pcie-80gb"):
        assert flipped[chip]["baseline"]["eccn"] is None
        assert flipped[chip]["reform"]["eccn"] == "3A090.a"
    cn = {c["chip_id"]: c for d in result["treatment_changes"] if d["destination"] == "CN" for c in d["chips"]}
    assert cn["nvidia-h800-sxm5"]["baseline"]["outcome"] == "no_license_required"
    assert cn["nvidia-h800-sxm5"]["reform"]["outcome"] == "license_required"
    assert "DE" in result["unchanged_destinations"]


def test_the_h20_rule_changes_treatment_not_classification():
    result = whatif(H20_RULE, date="2024-06-01", destinations=["CN", "SG"])
    assert result["classification_flips"] == []
    cn = {c["chip_id"]: c for d in result["treatment_changes"] if d["destination"] == "CN" for c in d["chips"]}
    assert cn["nvidia-h20"]["reform"]["outcome"] == "license_required"
    assert cn["nvidia-h20"]["reform"]["review_policy"] == "presumption_of_denial"
    assert any(rule.startswith("reform.h20-rule") for rule in cn["nvidia-h20"]["reform"]["deciding_rules"])
    assert "SG" in result["unchanged_destinations"]


def test_before_the_rule_starts_nothing_changes():
    result = whatif(H20_RULE, date="2023-12-31", destinations=["CN"])
    assert result["treatment_changes"] == []


def test_order_book_flips_and_compute(tmp_path: Path):
    orders = tmp_path / "orders.csv"
    orders.write_text("chip,quantity,destination,date,exporter,end_user_hq\n"
                      "H20,1000,CN,2024-06-01,NVIDIA,CN\n"
                      "H20,500,CN,2023-06-01,NVIDIA,CN\n"
                      "L20,300,CN,2024-06-01,NVIDIA,CN\n"
                      "H20,20,DE,2024-06-01,NVIDIA,DE\n")
    result = whatif(H20_RULE, date="2024-06-01", orders=orders, destinations=["CN"])
    book = result["orders"]
    assert [line["line"] for line in book["flipped"]] == [2]
    catalog = default_catalog()
    h20_tpp = metrics_for(catalog.chips["nvidia-h20"]).tpp
    h100_tpp = metrics_for(catalog.chips["nvidia-h100-sxm5-80gb"]).tpp
    assert book["h100_reference"]["tpp"] == h100_tpp
    assert book["totals"]["flipped_quantity"] == 1000
    assert book["totals"]["flipped_tpp"] == pytest.approx(1000 * h20_tpp)
    assert book["totals"]["flipped_h100e"] == pytest.approx(1000 * h20_tpp / h100_tpp, abs=0.1)
    assert book["totals"]["lines"] == 4


def test_bad_order_lines_are_all_reported(tmp_path: Path):
    orders = tmp_path / "orders.csv"
    orders.write_text("chip,quantity,destination,date\n"
                      "H20,ten,CN,2024-06-01\n"
                      "H999,1,CN,2024-06-01\n"
                      "H20,1,China,2024-06-01\n"
                      "H20,1,CN,2024-02-30\n"
                      "H20,1,CN,2024-06-01\n")
    with pytest.raises(InputError) as info:
        whatif(H20_RULE, orders=orders)
    problems = info.value.details["problems"]
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 4", "line 5"]


def test_order_file_with_wrong_columns_is_refused(tmp_path: Path):
    orders = tmp_path / "orders.csv"
    orders.write_text("part,qty,dest,date\nH20,1,CN,2024-06-01\n")
    with pytest.raises(InputError, match="missing column"):
        whatif(H20_RULE, orders=orders)


def test_no_reform_is_refused():
    with pytest.raises(InputError, match="No reform"):
        whatif([])


def test_default_date_is_one_on_which_the_change_is_in_force():
    assert whatif(IO_2022, destinations=["CN"])["as_of"] == "2022-10-21"
    assert whatif(EXAMPLES_DIR / "lower_a1_tpp.yaml", destinations=["CN"])["as_of"] == "2026-07-01"
    assert whatif(H20_RULE, destinations=["CN"])["as_of"] == default_pack().info.sources_through.isoformat()
