"""Property tests: monotonicity of controls in TPP, and clear errors for bad input."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chipcontrols
from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.rules.engine import OUTCOME_SEVERITY
from chipcontrols.vocab import POLICY_STRICTNESS

DATES = ["2021-06-01", "2022-09-01", "2023-03-01", "2023-10-25", "2024-06-01", "2025-06-01", "2026-03-01"]
DESTINATIONS = ["CN", "MO", "AE", "VN", "DE", "IN", "MY", "RU", "IR"]


def strictness(result):
    item = result["items"][0]
    return (OUTCOME_SEVERITY[result["outcome"]], POLICY_STRICTNESS[item["review_policy"]])


@settings(max_examples=150, deadline=None)
@given(
    tops=st.floats(min_value=10, max_value=5000, allow_nan=False),
    factor=st.floats(min_value=1.0, max_value=4.0),
    area=st.floats(min_value=100, max_value=2000),
    io=st.floats(min_value=0, max_value=2000),
    bw=st.floats(min_value=100, max_value=10000),
    datacenter=st.booleans(),
    day=st.sampled_from(DATES),
    to=st.sampled_from(DESTINATIONS),
    hq=st.sampled_from(["same", "CN", "US"]),
    exporter=st.sampled_from(["NVIDIA", "Example Distributor"]),
)
def test_raising_tpp_never_relaxes_controls(tops, factor, area, io, bw, datacenter, day, to, hq, exporter):
    def run(t):
        specs = {"dense_tops": {"int8": t}, "die_area_mm2": area, "interconnect_bw_gbs": io, "memory_bw_gbs": bw,
                 "datacenter": datacenter}
        return chipcontrols.check(chip=specs, to=to, date=day, exporter=exporter,
                                  end_user_hq=to if hq == "same" else hq, owned_by_listed_party=False)

    low, high = run(tops), run(tops * factor)
    assert strictness(high) >= strictness(low), (low["summary"], high["summary"])


@given(code=st.text(max_size=5))
def test_bad_country_codes_give_a_clear_error(code):
    try:
        chipcontrols.check(chip="H100", to=code, date="2024-06-01")
    except InputError as exc:
        assert exc.message and exc.hint
    except ChipControlsError as exc:  # pragma: no cover - any other of our errors is also a clear refusal
        assert exc.message


@given(text=st.text(max_size=12))
def test_bad_dates_give_a_clear_error(text):
    try:
        date.fromisoformat(text)
        return  # a valid ISO date: nothing to check here
    except ValueError:
        pass
    with pytest.raises(InputError, match="date"):
        chipcontrols.check(chip="H100", to="CN", date=text)


@given(quantity=st.integers(max_value=0))
def test_non_positive_quantities_are_refused(quantity):
    with pytest.raises(InputError, match="at least 1"):
        chipcontrols.check(chip="H100", to="CN", date="2024-06-01", quantity=quantity)


def test_dates_before_2021_are_refused():
    with pytest.raises(InputError, match="2021"):
        chipcontrols.check(chip="H100", to="CN", date="2020-12-31")


def test_unknown_chip_error_names_candidates():
    with pytest.raises(ChipControlsError) as err:
        chipcontrols.check(chip="H8OO", to="CN", date="2024-06-01")
    assert err.value.details["candidates"]


def test_united_states_to_united_states_is_not_an_export():
    with pytest.raises(InputError, match="not an export"):
        chipcontrols.check(chip="H100", to="US", date="2024-06-01")


@given(area=st.floats(allow_nan=True, allow_infinity=True), tops=st.floats(allow_nan=True, allow_infinity=True))
def test_raw_specs_give_finite_json_or_a_clear_error(area, tops):
    import json

    specs = {"dense_tops": {"int8": tops}, "die_area_mm2": area, "datacenter": True}
    try:
        result = chipcontrols.classify(specs, "2024-06-01")
    except InputError as exc:
        assert exc.hint
        return
    json.dumps(result, allow_nan=False)  # strict JSON: no Infinity or NaN
