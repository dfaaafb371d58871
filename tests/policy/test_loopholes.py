"""The loophole finder recovers the historical 'designed to the line' patterns from the pack alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chipcontrols.errors import InputError
from chipcontrols.policy import EXAMPLES_DIR, loopholes, reform_pack
from chipcontrols.policy.charts import frontier_chart
from chipcontrols.rules.pack import default_pack

AREAS = (300.0, 600.0, 814.0)  # a few die areas keep the tests fast; the CLI uses the full grid


@pytest.fixture(scope="module")
def found_2022():
    return loopholes("2022-12-01", "CN", areas=AREAS)


@pytest.fixture(scope="module")
def found_2024():
    return loopholes("2024-06-01", "CN", areas=AREAS)


def ids(rows):
    return {r["chip_id"] for r in rows}


def test_2022_h800_a800_pattern_full_compute_interconnect_just_under_the_line(found_2022):
    io_line = default_pack().param("eccn_3a090.2022.a.bidirectional_io_gbs", date(2022, 12, 1)).value
    for point in found_2022["frontier"]:
        assert point["tpp"]["unbounded"]  # any compute is free if the I/O stays under the line
        assert point["interconnect_bw_gbs"]["line"] == pytest.approx(io_line, abs=0.01)
        assert point["interconnect_bw_gbs"]["max_free"] < io_line
    pattern = ids(found_2022["patterns"]["full_compute_bandwidth_limited"]["chips"])
    assert {"nvidia-h800-sxm5", "nvidia-h800-pcie", "nvidia-a800-sxm4-80gb", "nvidia-a800-pcie-80gb"} <= pattern
    h800 = next(r for r in found_2022["chips"] if r["chip_id"] == "nvidia-h800-sxm5")
    assert h800["h100e"] == 1.0  # full H100 compute
    assert h800["headroom"]["interconnect_bw_gbs"]["line"] == pytest.approx(io_line)
    assert h800["headroom"]["tpp"]["status"] == "unconstrained"
    # The H100 itself is caught (it has 900 GB/s NVLink).
    assert next(r for r in found_2022["chips"] if r["chip_id"] == "nvidia-h100-sxm5-80gb")["outcome"] != "no_license_required"


def test_2024_h20_pattern_tpp_and_density_just_under_bandwidth_free(found_2024):
    on = date(2024, 6, 1)
    pack = default_pack()
    b1_tpp = pack.param("eccn_3a090.b.1.tpp_min", on).value
    b2_pd = pack.param("eccn_3a090.b.2.pd_min", on).value
    pattern = {r["chip_id"]: r for r in found_2024["patterns"]["compute_just_under_bandwidth_free"]["chips"]}
    h20 = pattern["nvidia-h20"]
    assert h20["headroom"]["tpp"]["line"] == pytest.approx(b1_tpp, rel=1e-4)
    assert 0 < h20["headroom"]["tpp"]["below_pct"] < 2
    assert h20["headroom"]["pd"]["line"] == pytest.approx(b2_pd, rel=1e-4)
    assert 0 < h20["headroom"]["pd"]["below_pct"] < 10
    assert h20["headroom"]["memory_bw_gbs"]["status"] == "unconstrained"
    assert h20["memory_bw_gbs"] > next(r for r in found_2024["chips"] if r["chip_id"] == "nvidia-h100-sxm5-80gb")["memory_bw_gbs"]
    assert "nvidia-h20" in ids(found_2024["near_line"])
    # Non-datacenter chips escape up to Note 2's TPP line: the 4090D pattern.
    note2 = pack.param("eccn_3a090.note2.non_datacenter_tpp", on).value
    for point in (p for p in found_2024["frontier"] if not p["datacenter"]):
        assert point["tpp"]["line"] == pytest.approx(note2, rel=1e-6)
    assert "nvidia-geforce-rtx-4090d" in ids(found_2024["near_line"])


def test_the_frontier_follows_the_pack_parameters(found_2024):
    on = date(2024, 6, 1)
    pack = default_pack()
    a2_tpp, b1_tpp = pack.param("eccn_3a090.a.2.tpp", on).value, pack.param("eccn_3a090.b.1.tpp_min", on).value
    b2_pd = pack.param("eccn_3a090.b.2.pd_min", on).value
    by_area = {p["die_area_mm2"]: p for p in found_2024["frontier"] if p["datacenter"]}
    for area, point in by_area.items():
        expected = max(a2_tpp, min(b1_tpp, b2_pd * area))
        assert point["tpp"]["line"] == pytest.approx(expected, rel=1e-6), area


def test_a_reform_moves_the_frontier():
    pack = reform_pack(EXAMPLES_DIR / "h20_rule.yaml")
    found = loopholes("2024-06-01", "CN", rules=pack, areas=(814.0,))
    [dc] = [p for p in found["frontier"] if p["datacenter"]]
    assert dc["memory_bw_gbs"]["line"] == pytest.approx(3000, abs=0.01)
    [free_dc] = [p for p in found["frontier"] if not p["datacenter"]]
    assert free_dc["memory_bw_gbs"]["unbounded"]  # the reform's rule covers datacenter chips only
    assert next(r for r in found["chips"] if r["chip_id"] == "nvidia-h20")["outcome"] == "license_required"
    assert found["rules_pack_hash"] == pack.content_hash


def test_embargoed_destination_has_no_free_design():
    found = loopholes("2024-06-01", "IR", areas=(600.0,))
    assert all(p["tpp"]["max_free"] == 0.0 for p in found["frontier"])


@pytest.mark.parametrize("margin", [0, 1, -0.1, 2, True])
def test_bad_margin_is_refused(margin):
    with pytest.raises(InputError, match="margin"):
        loopholes("2024-06-01", "CN", margin=margin, areas=(600.0,))


def test_bad_destination_is_refused():
    with pytest.raises(InputError, match="ISO 3166-1"):
        loopholes("2024-06-01", "China", areas=(600.0,))


def test_frontier_chart_is_a_png(found_2024, tmp_path: Path):
    path = frontier_chart(found_2024, tmp_path / "frontier.png")
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError, match=".png"):
        frontier_chart(found_2024, tmp_path / "frontier.svg")
