"""Chip equivalents: the arithmetic, the stated assumptions, and refused inputs."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipcontrols import compute
from chipcontrols.catalog import default_catalog
from chipcontrols.errors import InputError, UnknownChipError


def test_ascend_910b_needed_to_match_deepseeks_h800s():
    r = compute.equivalent("2048 x H800 SXM", to="Ascend 910B", memory=True)
    b910 = default_catalog().get("Ascend 910B")
    exact = 2048 * 989.5 / b910.dense_tops["fp16"]
    assert r["compute"]["exact"]["value"] == pytest.approx(exact)
    assert r["compute"]["chips_needed"]["value"] == math.ceil(exact)
    assert any("FP16 rate is used" in a for a in r["assumptions"])
    assert any("equal utilization" in a for a in r["assumptions"])
    assert r["memory"]["capacity"]["chips_needed"]["value"] == math.ceil(2048 * 80 / b910.memory_gb)
    assert r["memory"]["bandwidth"]["chips_needed"]["value"] == math.ceil(2048 * 3350 / b910.memory_bw_gbs)


def test_lower_utilization_on_the_other_chip_needs_more_of_them():
    base = compute.equivalent("2048 x H800 SXM", to="Ascend 910C")["compute"]["exact"]["value"]
    worse = compute.equivalent("2048 x H800 SXM", to="Ascend 910C", utilization=0.4, to_utilization=0.2)
    assert worse["compute"]["exact"]["value"] == pytest.approx(2 * base)


def test_tpp_measure():
    r = compute.equivalent("10 x H100", to="H20", precision="tpp")
    h20 = default_catalog().get("H20")
    from chipcontrols.catalog import metrics_for
    assert r["compute"]["exact"]["value"] == pytest.approx(10 * 15832 / metrics_for(h20).tpp)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=100_000))
def test_matching_a_chip_with_itself_gives_the_same_count(count):
    r = compute.equivalent(f"{count} x H100", to="H100", memory=True)
    assert r["compute"]["chips_needed"]["value"] == count
    assert r["memory"]["capacity"]["chips_needed"]["value"] == count


def test_precision_the_target_lacks_is_refused():
    with pytest.raises(InputError, match="no FP8"):
        compute.equivalent("2048 x H800", to="Ascend 910B", precision="fp8")


def test_precision_the_fleet_lacks_is_refused():
    with pytest.raises(InputError, match="no FP8"):
        compute.equivalent("100 x A100 SXM4 80GB", to="H100", precision="fp8")


def test_unknown_target_chip():
    with pytest.raises(UnknownChipError, match="--to"):
        compute.equivalent("2048 x H800", to="Ascend 9999")


@pytest.mark.parametrize("kwargs", [dict(utilization=1.5), dict(to_utilization=-0.1), dict(precision="fp7")])
def test_bad_options(kwargs):
    with pytest.raises(InputError):
        compute.equivalent("2048 x H800", to="Ascend 910C", **kwargs)
