"""Training-run estimates: 6·N·D and chips x peak x utilization x time, reconciled; cost, energy,
and the compute thresholds the run crosses. Every figure says whether it is reported, computed or assumed.
"""

from __future__ import annotations

from chipcontrols.compute import units
from chipcontrols.compute.figures import figure
from chipcontrols.compute.fleet_spec import parse_fleet
from chipcontrols.compute.peaks import check_precision, peak_tflops
from chipcontrols.compute.power import all_in_figure, tdp_figure
from chipcontrols.compute.thresholds import crossings
from chipcontrols.compute.validate import fraction, non_negative, positive
from chipcontrols.errors import InputError
from chipcontrols.inputs import as_date

# Epoch AI's default when utilization is unknown: 30% for large language models.
DEFAULT_UTILIZATION = 0.30
DEFAULT_UTILIZATION_SOURCE = "https://ansonwhho.github.io/2022/01/20/estimating-training-compute-of-deep-learning-models.html"
TRAINING_PRECISIONS = ("bf16", "fp16", "fp8", "tf32", "fp32")


def training(chips, gpu_hours=None, days=None, active_params=None, tokens=None, price_per_gpu_hour=None,
             utilization=None, precision: str = "bf16", date=None, labels: dict | None = None) -> dict:
    """Estimate a training run on one kind of chip.

    chips: one fleet line, e.g. "2048 x H800 SXM". Give the run's length as gpu_hours (chip-hours, all
    stages you want counted) or days (wall-clock). labels optionally overrides the basis/source of the
    inputs (reference runs pass "reported" with their source); by default inputs are "reported" by the
    caller, and the utilization is "assumed".
    """
    lines = parse_fleet(chips)
    if len(lines) != 1:
        raise InputError("A training estimate takes one kind of chip.",
                         hint="Give a single line such as '2048 x H800 SXM'; mixed fleets: run one estimate per line.")
    line = lines[0]
    precision = check_precision(precision, TRAINING_PRECISIONS)
    gpu_hours = positive(gpu_hours, "GPU-hours", "Give the chip-hours the run used, e.g. --gpu-hours 2.788e6.")
    days = positive(days, "days", "Give the wall-clock length in days, e.g. --days 57.")
    if (gpu_hours is None) == (days is None):
        raise InputError("Give the run's length one way: GPU-hours or wall-clock days." if gpu_hours else
                         "The run's length is missing.",
                         hint="Use --gpu-hours (chip-hours, e.g. 2.788e6) or --days (wall-clock), not both.")
    active_params = positive(active_params, "active parameters", "e.g. --active-params 37e9")
    tokens = positive(tokens, "tokens", "e.g. --tokens 14.8e12")
    if (active_params is None) != (tokens is None):
        raise InputError("6·N·D needs both the active parameters (N) and the training tokens (D).",
                         hint="Give both --active-params and --tokens, or neither.")
    price = non_negative(price_per_gpu_hour, "price per GPU-hour")
    on = as_date(date) if date is not None else None
    util_given = fraction(utilization, "utilization")
    labels = labels or {}

    def given(name, value, unit, default_basis="reported"):
        label = labels.get(name, {})
        return figure(value, unit, label.get("basis", default_basis), how=label.get("how", "input"),
                      source=label.get("source"))

    chip, n = line.chip, line.count
    peak, used, stand_in = peak_tflops(chip, precision)
    if peak is None:
        raise InputError(f"{chip.name} has no dense {precision.upper()} figure in the catalog.",
                         hint=f"Choose a precision it has: {', '.join(p for p in chip.dense_tops if p in TRAINING_PRECISIONS)}.")
    peak_flops = units.tflops_to_flops(peak)

    out: dict = {"fleet": line.to_dict(), "precision": used, "inputs": {}, "compute": {}, "time": {}}
    inputs = out["inputs"]
    inputs["chips"] = given("chips", n, "chips")
    inputs["peak_per_chip"] = figure(peak, "TFLOP/s", "reported", how=f"catalog dense {used.upper()}" +
                                     (f"; {stand_in}" if stand_in else ""), source=list(chip.sources))
    if gpu_hours is not None:
        inputs["gpu_hours"] = given("gpu_hours", gpu_hours, "GPU-hours")
        wall_hours = units.wall_clock_hours(gpu_hours, n)
        out["time"]["wall_clock_days"] = figure(wall_hours / units.HOURS_PER_DAY, "days", "computed",
                                                how=f"{gpu_hours:g} GPU-hours / {n} chips / 24")
    else:
        inputs["days"] = given("days", days, "days")
        gpu_hours = days * units.HOURS_PER_DAY * n
        out["time"]["gpu_hours"] = figure(gpu_hours, "GPU-hours", "computed", how=f"{days:g} days x 24 x {n} chips")
        out["time"]["wall_clock_days"] = figure(days, "days", inputs["days"]["basis"], how="input")
    util = util_given if util_given is not None else DEFAULT_UTILIZATION
    inputs["utilization"] = figure(util, "fraction of peak", "assumed",
                                   how="input" if util_given is not None else "Epoch AI's default for LLMs when unknown",
                                   source=None if util_given is not None else DEFAULT_UTILIZATION_SOURCE)

    hardware = units.hardware_flop(gpu_hours, peak_flops, util)
    out["compute"]["hardware"] = figure(hardware, "FLOP", "assumed" if util_given is None else "computed",
                                        how=f"{gpu_hours:g} GPU-hours x 3600 s x {peak:g}e12 FLOP/s x {util:g} utilization")
    estimates = {"hardware": hardware}
    if active_params is not None:
        inputs["active_params"] = given("active_params", active_params, "parameters")
        inputs["tokens"] = given("tokens", tokens, "tokens")
        flop = units.six_n_d(active_params, tokens)
        estimates["six_n_d"] = flop
        out["compute"]["six_n_d"] = figure(flop, "FLOP", "computed", how=f"6 x {active_params:g} x {tokens:g}")
        out["compute"]["implied_utilization"] = {
            p: figure(units.implied_utilization(flop, gpu_hours, units.tflops_to_flops(rate)), "fraction of peak",
                      "computed", how=f"6ND / ({gpu_hours:g} GPU-hours x 3600 x {rate:g}e12) at dense {p.upper()}")
            for p, rate in _training_peaks(chip).items()}
        out["compute"]["gpu_hours_for_six_n_d"] = figure(
            units.gpu_hours_for(flop, peak_flops, util), "GPU-hours", "computed",
            how=f"6ND / ({peak:g}e12 FLOP/s x {util:g} x 3600)")
        out["compute"]["note"] = ("6·N·D counts the training tokens given; if the GPU-hours include other stages "
                                  "(context extension, post-training), the implied utilization is understated.")
    if price is not None:
        inputs["price_per_gpu_hour"] = given("price_per_gpu_hour", price, "USD per GPU-hour", "assumed")
        out["cost_usd"] = figure(gpu_hours * price, "USD", "computed", how=f"{gpu_hours:g} GPU-hours x ${price:g}")
    tdp, all_in = tdp_figure(chip), all_in_figure(chip)
    out["energy"] = {
        "chip_mwh": figure(units.energy_kwh(gpu_hours, tdp["value"]) / 1000 if tdp["value"] else None, "MWh",
                           "computed", how=f"{gpu_hours:g} GPU-hours x {tdp['value']} W TDP (chips at TDP)"),
        "all_in_mwh": figure(units.energy_kwh(gpu_hours, all_in["value"]) / 1000 if all_in["value"] else None, "MWh",
                             all_in["basis"] if all_in["basis"] == "assumed" else "computed",
                             how=f"{gpu_hours:g} GPU-hours x {all_in['value']} W all-in per chip ({all_in['how']})"),
    }
    out["thresholds"] = crossings(estimates, on)
    return out


def _training_peaks(chip) -> dict[str, float]:
    peaks = {}
    for p in ("bf16", "fp8"):
        rate, used, _ = peak_tflops(chip, p)
        if rate is not None and used not in peaks:
            peaks[used] = rate
    return peaks
