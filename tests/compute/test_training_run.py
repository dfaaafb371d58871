"""Training estimates: the DeepSeek-V3 arithmetic as published, thresholds, and refused inputs."""

import math

import pytest

from chipcontrols import compute
from chipcontrols.errors import InputError

DEEPSEEK = dict(gpu_hours=2.788e6, active_params=37e9, tokens=14.8e12, price_per_gpu_hour=2)


def test_deepseek_v3_as_in_the_issue():
    r = compute.training("2048 x H800 SXM", utilization=0.35, **DEEPSEEK)
    assert r["compute"]["six_n_d"]["value"] == pytest.approx(3.2856e24)
    assert r["compute"]["six_n_d"]["value"] == pytest.approx(3.3e24, rel=0.01)
    assert r["cost_usd"]["value"] == pytest.approx(5.576e6)
    assert r["time"]["wall_clock_days"]["value"] == pytest.approx(2.788e6 / 2048 / 24)
    assert r["compute"]["hardware"]["value"] == pytest.approx(2.788e6 * 3600 * 989.5e12 * 0.35)
    # the utilization that reconciles the two estimates, at both peaks
    bf16 = r["compute"]["implied_utilization"]["bf16"]["value"]
    assert bf16 == pytest.approx(3.2856e24 / (2.788e6 * 3600 * 989.5e12), rel=1e-6)
    assert r["compute"]["implied_utilization"]["fp8"]["value"] == pytest.approx(bf16 / 2, rel=1e-6)
    assert r["energy"]["chip_mwh"]["value"] == pytest.approx(2.788e6 * 700 / 1e6)


def test_every_figure_is_labelled():
    r = compute.training("2048 x H800 SXM", **DEEPSEEK)
    figures = [*r["inputs"].values(), *[v for k, v in r["compute"].items() if isinstance(v, dict) and "value" in v],
               *r["compute"]["implied_utilization"].values(), *r["time"].values(), r["cost_usd"], *r["energy"].values()]
    assert figures and all(f["basis"] in ("reported", "computed", "assumed") for f in figures)
    assert r["inputs"]["utilization"] == {**r["inputs"]["utilization"], "value": 0.30, "basis": "assumed"}
    assert r["inputs"]["utilization"]["source"].startswith("https://")


def test_days_instead_of_gpu_hours():
    r = compute.training("16384 x H100", days=54, utilization=0.4)
    assert r["time"]["gpu_hours"]["value"] == 54 * 24 * 16384


def test_deepseek_crosses_no_threshold_llama_crosses_the_eu_one():
    ds = compute.training("2048 x H800 SXM", **DEEPSEEK)
    assert not any(e["crosses"] for t in ds["thresholds"] for e in t["estimates"].values())
    llama = compute.training("16384 x H100", gpu_hours=30.84e6, active_params=405e9, tokens=15.6e12)
    by_id = {t["id"]: t for t in llama["thresholds"]}
    assert by_id["eu-ai-act-art51"]["estimates"]["six_n_d"]["crosses"] is True
    assert by_id["us-eccn-4e091"]["estimates"]["six_n_d"]["crosses"] is False
    assert by_id["us-eccn-4e091"]["status"] == "in_cfr_not_enforced"


def test_threshold_status_on_a_date():
    r = compute.training("1 x H100", gpu_hours=1, date=compute_date("2024-06-01"))
    by_id = {t["id"]: t["status_on_date"] for t in r["thresholds"]}
    assert by_id == {"us-eccn-4e091": "not_yet", "eu-ai-act-art51": "not_yet", "us-eo-14110-reporting": "in_force"}
    r = compute.training("1 x H100", gpu_hours=1, date=compute_date("2025-03-01"))
    by_id = {t["id"]: t["status_on_date"] for t in r["thresholds"]}
    assert by_id == {"us-eccn-4e091": "in_force", "eu-ai-act-art51": "not_yet", "us-eo-14110-reporting": "revoked"}
    r = compute.training("1 x H100", gpu_hours=1, date=compute_date("2025-09-01"))
    by_id = {t["id"]: t["status_on_date"] for t in r["thresholds"]}
    assert by_id == {"us-eccn-4e091": "in_cfr_not_enforced", "eu-ai-act-art51": "in_force", "us-eo-14110-reporting": "revoked"}


def compute_date(text):
    from datetime import date
    return date.fromisoformat(text)


def test_dates_may_be_strings_and_bad_ones_are_refused():
    by_string = compute.training("1 x H100", gpu_hours=1, date="2025-09-01")["thresholds"]
    by_date = compute.training("1 x H100", gpu_hours=1, date=compute_date("2025-09-01"))["thresholds"]
    assert by_string == by_date
    assert compute.run("deepseek-v3", date="2024-06-01")["training"]["thresholds"][0]["status_on_date"] == "not_yet"
    with pytest.raises(InputError, match="not a valid date"):
        compute.training("1 x H100", gpu_hours=1, date="2025-13-01")


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(gpu_hours=-5), "GPU-hours must be greater than 0"),
    (dict(gpu_hours=0), "GPU-hours must be greater than 0"),
    (dict(gpu_hours=float("nan")), "finite"),
    (dict(gpu_hours="lots"), "not a number"),
    (dict(gpu_hours=10, utilization=1.2), "between 0 and 1"),
    (dict(gpu_hours=10, utilization=0), "between 0 and 1"),
    (dict(gpu_hours=10, days=3), "one way"),
    (dict(), "missing"),
    (dict(gpu_hours=10, active_params=37e9), "both"),
    (dict(gpu_hours=10, price_per_gpu_hour=-1), "cannot be negative"),
    (dict(gpu_hours=10, precision="fp12"), "Unknown precision"),
])
def test_bad_inputs_are_refused_with_a_hint(kwargs, fragment):
    with pytest.raises(InputError, match=fragment) as err:
        compute.training("2048 x H800 SXM", **kwargs)
    assert err.value.hint


def test_mixed_fleet_is_refused():
    with pytest.raises(InputError, match="one kind of chip"):
        compute.training(["8 x H100", "8 x A100 SXM4 80GB"], gpu_hours=10)


def test_precision_the_chip_lacks_is_refused():
    with pytest.raises(InputError, match="no dense FP8"):
        compute.training("8 x A100 SXM4 80GB", gpu_hours=10, precision="fp8")


def test_fp8_peak_doubles_hardware_estimate_on_hopper():
    bf16 = compute.training("8 x H100", gpu_hours=10, utilization=0.5)["compute"]["hardware"]["value"]
    fp8 = compute.training("8 x H100", gpu_hours=10, utilization=0.5, precision="fp8")["compute"]["hardware"]["value"]
    assert math.isclose(fp8, 2 * bf16, rel_tol=1e-3)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.floats(max_value=0), st.just(float("nan")), st.just(float("inf"))))
def test_no_non_positive_or_non_finite_gpu_hours_is_accepted(hours):
    with pytest.raises(InputError):
        compute.training("8 x H100", gpu_hours=hours)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.floats(max_value=0), st.floats(min_value=1.0000001, max_value=1e9)))
def test_no_utilization_outside_zero_to_one_is_accepted(utilization):
    with pytest.raises(InputError, match="utilization"):
        compute.training("8 x H100", gpu_hours=10, utilization=utilization)


@settings(max_examples=60, deadline=None)
@given(hours=st.floats(min_value=1, max_value=1e9), utilization=st.floats(min_value=0.01, max_value=1),
       n=st.floats(min_value=1e6, max_value=1e13), d=st.floats(min_value=1e6, max_value=1e14))
def test_hardware_estimate_at_the_implied_utilization_equals_six_n_d(hours, utilization, n, d):
    first = compute.training("8 x H100", gpu_hours=hours, active_params=n, tokens=d, utilization=utilization)
    implied = first["compute"]["implied_utilization"]["bf16"]["value"]
    if 0 < implied <= 1:
        again = compute.training("8 x H100", gpu_hours=hours, active_params=n, tokens=d, utilization=implied)
        assert again["compute"]["hardware"]["value"] == pytest.approx(again["compute"]["six_n_d"]["value"], rel=1e-9)
