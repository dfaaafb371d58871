"""Unit conversions: round trips and inverses hold for any sensible magnitude."""

import math

from hypothesis import given
from hypothesis import strategies as st

from chipcontrols.compute import units

positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
fractions = st.floats(min_value=0.01, max_value=1.0)
counts = st.integers(min_value=1, max_value=1_000_000)


@given(positive)
def test_tflops_round_trip(tflops):
    assert math.isclose(units.flops_to_tflops(units.tflops_to_flops(tflops)), tflops, rel_tol=1e-12)


@given(positive, positive, fractions)
def test_gpu_hours_for_inverts_hardware_flop(gpu_hours, peak_tflops, utilization):
    flops = units.tflops_to_flops(peak_tflops)
    total = units.hardware_flop(gpu_hours, flops, utilization)
    assert math.isclose(units.gpu_hours_for(total, flops, utilization), gpu_hours, rel_tol=1e-9)


@given(positive, positive, fractions)
def test_implied_utilization_recovers_the_utilization_used(gpu_hours, peak_tflops, utilization):
    flops = units.tflops_to_flops(peak_tflops)
    total = units.hardware_flop(gpu_hours, flops, utilization)
    assert math.isclose(units.implied_utilization(total, gpu_hours, flops), utilization, rel_tol=1e-9)


@given(counts, positive)
def test_h100_equivalents_of_h100s_is_the_count(count, h100_rate):
    assert math.isclose(units.h100_equivalents(count, h100_rate, h100_rate), count, rel_tol=1e-12)


@given(counts, positive, positive)
def test_h100_equivalents_scale_linearly(count, rate, h100_rate):
    one = units.h100_equivalents(1, rate, h100_rate)
    assert math.isclose(units.h100_equivalents(count, rate, h100_rate), count * one, rel_tol=1e-9)


@given(positive, counts)
def test_wall_clock_times_chips_gives_back_gpu_hours(gpu_hours, chips):
    assert math.isclose(units.wall_clock_hours(gpu_hours, chips) * chips, gpu_hours, rel_tol=1e-12)


def test_gpu_hours_to_seconds():
    assert units.gpu_hours_to_seconds(2.664e6) == 9.5904e9


def test_six_n_d_for_deepseek_v3():
    assert math.isclose(units.six_n_d(37e9, 14.8e12), 3.2856e24, rel_tol=1e-12)


@given(positive, positive)
def test_energy_kwh_is_hours_times_kilowatts(gpu_hours, watts):
    assert math.isclose(units.energy_kwh(gpu_hours, watts), gpu_hours * watts / 1000, rel_tol=1e-12)
