"""Compute stock: conservation, intervals, retirement, cited flows, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.policy import BUNDLED_SCENARIO, stock
from chipcontrols.policy.charts import stock_chart
from chipcontrols.policy.compute_stock import load_scenario


@pytest.fixture(scope="module")
def bundled():
    return stock(BUNDLED_SCENARIO, samples=500)


def test_bundled_scenario_is_cited_and_labelled_as_estimates(bundled):
    assert bundled["scenario"]["estimate"] is True
    assert "ESTIMATES" in bundled["scenario"]["label"]
    for flow in bundled["flows"]:
        assert flow["source"].startswith("https://")
        assert flow["low"] <= flow["central"] <= flow["high"]
    chips = {f["chip_id"] for f in bundled["flows"]}
    assert {"nvidia-h20", "nvidia-h100-sxm5-80gb", "huawei-ascend-910c"} <= chips
    assert all(p["source"].startswith("https://") for p in bundled["reference_points"])


def test_conservation_shipped_equals_installed_plus_retired(bundled):
    for rows in bundled["stock"].values():
        for row in rows:
            assert row["shipped_units"] == row["installed_units"] + row["retired_units"]
            assert row["shipped_h100e"] == pytest.approx(row["installed_h100e"] + row["retired_h100e"], abs=0.2)
            assert row["conservation_units_exact"]
            assert row["conservation_max_error_h100e"] < 1e-6


def test_intervals_contain_the_central_case(bundled):
    for rows in bundled["stock"].values():
        for row in rows:
            low, high = row["installed_h100e_interval"]
            assert low <= row["installed_h100e"] <= high


def test_h100_equivalents_come_from_catalog_tpp(bundled):
    catalog = default_catalog()
    h100 = metrics_for(catalog.chips["nvidia-h100-sxm5-80gb"]).tpp
    h20 = next(f for f in bundled["flows"] if f["chip_id"] == "nvidia-h20")
    assert h20["h100e_per_unit"] == pytest.approx(metrics_for(catalog.chips["nvidia-h20"]).tpp / h100, abs=1e-4)


def flows_csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "flows.csv"
    path.write_text("year,country,chip,low,central,high,source\n" + "\n".join(rows) + "\n")
    return path


def test_retirement_after_the_configured_life(tmp_path: Path):
    path = flows_csv(tmp_path, ["2020,CN,H100 SXM5,100,100,100,https://example.org/a",
                                "2023,AE,H100 SXM5,50,60,70,https://example.org/b"])
    three = stock(path, life_years=3, samples=100)
    cn = {r["year"]: r for r in three["stock"]["CN"]}
    assert cn[2022]["installed_units"] == 100
    assert cn[2023]["installed_units"] == 0 and cn[2023]["retired_units"] == 100
    assert cn[2023]["installed_h100e_interval"] == [0.0, 0.0]
    ten = stock(path, life_years=10, samples=100)
    assert {r["year"]: r for r in ten["stock"]["CN"]}[2023]["installed_units"] == 100
    only_ae = stock(path, country="AE", samples=100)
    assert list(only_ae["stock"]) == ["AE"]
    assert all(f["country"] == "AE" for f in only_ae["flows"])


def test_same_seed_same_answer(tmp_path: Path):
    path = flows_csv(tmp_path, ["2024,CN,H20,10,500,1000,https://example.org/a"])
    assert stock(path, seed=7, samples=200) == stock(path, seed=7, samples=200)
    assert stock(path, seed=7, samples=200)["stock"] != stock(path, seed=8, samples=200)["stock"]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 8), st.integers(0, 99))
def test_one_flow_interval_contains_central_and_conserves(a, b, c, life, seed):
    low, central, high = sorted((a, b, c))
    data = {"id": "p", "title": "property", "flows": [{"year": 2024, "country": "CN", "chip": "H20", "low": low,
                                                        "central": central, "high": high, "source": "https://x.org"}],
            "years": [2024, 2034]}
    result = stock(data, life_years=life, samples=200, seed=seed)
    for row in result["stock"]["CN"]:
        lo, hi = row["installed_h100e_interval"]
        assert lo - 1e-6 <= row["installed_h100e"] <= hi + 1e-6
        assert row["conservation_units_exact"]
        assert row["shipped_units"] == row["installed_units"] + row["retired_units"]


@pytest.mark.parametrize("row, reason", [
    ("2024,CN,H20,10,5,20,https://x.org", "low <= central <= high"),
    ("2024,CN,H999,1,2,3,https://x.org", "Unknown chip"),
    ("2024,CN,H20,1,2,3,", "missing source"),
    ("2024,China,H20,1,2,3,https://x.org", "ISO 3166-1"),
    ("24x,CN,H20,1,2,3,https://x.org", "not a year"),
    ("2024,CN,H20,1.5,2,3,https://x.org", "whole number"),
    ("2024,CN,H20,-1,2,3,https://x.org", "whole number"),
    ("2024,CN,B20,1,2,3,https://x.org", "no dense TOPS"),
])
def test_bad_flows_are_refused_with_the_reason(tmp_path: Path, row, reason):
    with pytest.raises(InputError) as info:
        stock(flows_csv(tmp_path, ["2024,CN,H20,1,2,3,https://x.org", row]))
    assert reason in info.value.message
    assert len(info.value.details["problems"]) == 1


@pytest.mark.parametrize("kwargs, reason", [
    ({"life_years": 0}, "life_years"), ({"samples": 1}, "samples"), ({"interval": 1.5}, "interval"),
    ({"country": "FR"}, "no flows for FR"),
])
def test_bad_options_are_refused(kwargs, reason):
    with pytest.raises(InputError, match=reason):
        stock(BUNDLED_SCENARIO, **kwargs)


def test_missing_columns_and_files_are_refused(tmp_path: Path):
    bad = tmp_path / "flows.csv"
    bad.write_text("year,country,chip,units\n2024,CN,H20,5\n")
    with pytest.raises(InputError, match="missing column"):
        load_scenario(bad)
    with pytest.raises(InputError, match="not found"):
        load_scenario(tmp_path / "none.yaml")


def test_stock_chart_is_a_png(bundled, tmp_path: Path):
    path = stock_chart(bundled, tmp_path / "stock.png")
    assert Path(path).read_bytes()[:4] == b"\x89PNG"


def test_recorded_shipments_are_exact_flows(tmp_path: Path):
    path = tmp_path / "shipments.csv"
    path.write_text("chip,quantity,destination,date\nH100 SXM5,100,AE,2024-03-01\nH100 SXM5,50,AE,2024-09-01\n"
                    "H20,10,CN,2025-01-02\n")
    result = stock(path, samples=50, life_years=2)
    assert result["scenario"]["estimate"] is False
    ae = {r["year"]: r for r in result["stock"]["AE"]}
    assert ae[2024]["installed_units"] == 150 and ae[2024]["installed_h100e"] == pytest.approx(150)
    assert ae[2024]["installed_h100e_interval"] == [150.0, 150.0]
    assert ae[2025]["installed_units"] == 150
    bad = tmp_path / "bad.csv"
    bad.write_text("chip,quantity,destination,date\nH20,0,CN,2025-01-02\nH20,5,CN,someday\n")
    with pytest.raises(InputError) as info:
        stock(bad)
    assert len(info.value.details["problems"]) == 2
