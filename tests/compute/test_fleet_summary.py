"""Fleet summaries: H100-equivalents three ways, totals that add up, gaps flagged, never hidden."""

import math

import pytest

from chipcontrols import compute
from chipcontrols.catalog import default_catalog, metrics_for


def test_h800s_are_one_h100_equivalent_each_on_every_basis():
    result = compute.fleet("2048 x H800 SXM")
    h100e = result["lines"][0]["h100_equivalents"]
    assert {k: v["value"] for k, v in h100e.items()} == {"by_tpp": 2048, "by_bf16": 2048, "by_fp8": 2048}
    assert all(v["basis"] == "computed" and v["how"] for v in h100e.values())


def test_a100_h100e_follow_the_catalog_and_fp8_is_missing_not_zero():
    result = compute.fleet(["10000 x A100 SXM4 80GB"])
    line = result["lines"][0]
    a100 = default_catalog().get("A100 SXM4 80GB")
    assert math.isclose(line["h100_equivalents"]["by_bf16"]["value"], 10000 * a100.dense_tops["bf16"] / 989.5)
    assert math.isclose(line["h100_equivalents"]["by_tpp"]["value"], 10000 * metrics_for(a100).tpp / 15832)
    assert line["h100_equivalents"]["by_fp8"]["value"] is None
    assert "no dense FP8" in line["h100_equivalents"]["by_fp8"]["how"]


def test_totals_are_the_sum_of_the_lines_and_gaps_are_flagged():
    result = compute.fleet(["2048 x H800 SXM", "10000 x A100 SXM4 80GB", "100 x Ascend 910B"])
    lines, total = result["lines"], result["total"]
    assert total["chips"] == 12148
    assert total["tpp"]["value"] == pytest.approx(sum(l["total"]["tpp"]["value"] for l in lines))
    assert total["memory_gb"]["value"] == 2048 * 80 + 10000 * 80 + 100 * 64
    fp8 = total["h100_equivalents"]["by_fp8"]
    assert fp8["value"] == 2048 and "A100" in fp8["incomplete"] and "910B" in fp8["incomplete"]


def test_16_bit_stand_in_is_stated():
    line = compute.fleet("100 x Ascend 910B")["lines"][0]
    assert "FP16 rate is used" in line["h100_equivalents"]["by_bf16"]["how"]


def test_power_figures_say_their_basis_and_source():
    h100 = compute.fleet("8 x H100")["lines"][0]
    assert h100["per_chip"]["tdp_w"]["value"] == 700
    assert h100["per_chip"]["all_in_w"]["value"] == 1400
    assert h100["per_chip"]["all_in_w"]["basis"] == "reported" and h100["per_chip"]["all_in_w"]["source"]
    h20 = compute.fleet("8 x H20")["lines"][0]
    assert h20["per_chip"]["all_in_w"]["basis"] == "assumed"
    assert h20["per_chip"]["all_in_w"]["value"] == pytest.approx(h20["per_chip"]["tdp_w"]["value"] * 2)
    assert h20["total"]["all_in_power_kw"]["basis"] == "assumed"


def test_cost_uses_catalog_price_when_there_is_one():
    line = compute.fleet("10 x H100")["lines"][0]
    assert line["total"]["cost_usd"]["value"] == 10 * default_catalog().get("H100").price_usd
    assert compute.fleet("10 x H800")["lines"][0]["total"]["cost_usd"]["value"] is None


def test_without_a_date_there_is_no_classification():
    assert "classification" not in compute.fleet("1 x H100")["lines"][0]


def test_each_line_is_classified_by_the_rules_engine_on_the_date():
    # Oct 2022 rule: the H800's 400 GB/s interconnect kept it out of 3A090 until the Oct 2023 TPP-only test.
    before = compute.fleet(["2048 x H800", "100 x H20"], date="2023-03-01")["lines"]
    after = compute.fleet(["2048 x H800", "100 x H20"], date="2024-03-01")["lines"]
    assert [line["classification"]["eccn"] for line in before] == [None, None]
    assert [line["classification"]["eccn"] for line in after] == ["3A090.a", None]
    h800 = after[0]["classification"]
    assert h800["available"] and h800["as_of"] == "2024-03-01" and h800["tpp"] == 15832 and "3A090.a" in h800["basis"]


def test_bad_date_is_refused():
    from chipcontrols.errors import InputError
    with pytest.raises(InputError):
        compute.fleet("8 x H100", date="March 2024")
