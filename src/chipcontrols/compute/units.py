"""Unit conversions for compute accounting: one place, so every verb converts the same way.

Conventions: rates in FLOP/s (catalog figures are TFLOP/s = 1e12 FLOP/s); amounts in FLOP;
time in chip-hours ("GPU-hours": one chip busy for one hour); energy in kWh.
"""

from __future__ import annotations

TERA = 1e12
SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24.0


def tflops_to_flops(tflops: float) -> float:
    return tflops * TERA


def flops_to_tflops(flops: float) -> float:
    return flops / TERA


def gpu_hours_to_seconds(gpu_hours: float) -> float:
    """Chip-seconds in `gpu_hours` chip-hours."""
    return gpu_hours * SECONDS_PER_HOUR


def wall_clock_hours(gpu_hours: float, chips: int) -> float:
    """Hours on the wall clock when `chips` chips share `gpu_hours` evenly."""
    return gpu_hours / chips


def gpu_hours_for(total_flop: float, peak_flops: float, utilization: float) -> float:
    """Chip-hours needed to perform `total_flop` at `utilization` of a `peak_flops` chip."""
    return total_flop / (peak_flops * utilization * SECONDS_PER_HOUR)


def hardware_flop(gpu_hours: float, peak_flops: float, utilization: float) -> float:
    """FLOP performed: chip-hours x peak FLOP/s x utilization x 3600 s/h."""
    return gpu_hours * SECONDS_PER_HOUR * peak_flops * utilization


def six_n_d(active_params: float, tokens: float) -> float:
    """Training FLOP of a transformer: 2ND forward + 4ND backward (Kaplan et al.; Epoch).

    For mixture-of-experts models N is the parameters active per token.
    """
    return 6.0 * active_params * tokens


def implied_utilization(total_flop: float, gpu_hours: float, peak_flops: float) -> float:
    """The utilization that makes chip-hours x peak agree with a FLOP count."""
    return total_flop / (gpu_hours * SECONDS_PER_HOUR * peak_flops)


def h100_equivalents(count: float, per_chip: float, h100_per_chip: float) -> float:
    """How many H100s deliver the same total of a figure (TPP, or FLOP/s at one precision)."""
    return count * per_chip / h100_per_chip


def energy_kwh(gpu_hours: float, watts_per_chip: float) -> float:
    return gpu_hours * watts_per_chip / 1000.0
