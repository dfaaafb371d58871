"""Peak dense throughput of a catalog chip at a precision, with any stand-in made explicit.

BF16 and FP16 have the same bit length and, on every part we list, the same dense rate where both
are published; when a chip publishes only one we use it for the other and say so. Nothing else is
substituted: FP8 is not INT8 (integer ops are not FLOP), and a chip without FP8 has no FP8 peak.
"""

from __future__ import annotations

from chipcontrols.catalog import metrics_for
from chipcontrols.errors import InputError
from chipcontrols.model.chip import Chip

PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp6", "fp4", "int4")
MEASURES = ("tpp",) + PRECISIONS
SIXTEEN_BIT_STAND_IN = {"bf16": "fp16", "fp16": "bf16"}


def check_precision(precision: str, allowed=MEASURES) -> str:
    key = (precision or "").strip().lower()
    if key not in allowed:
        raise InputError(f"Unknown precision '{precision}'.", hint=f"Use one of: {', '.join(allowed)}.")
    return key


def peak_tflops(chip: Chip, precision: str) -> tuple[float | None, str | None, str | None]:
    """(dense TFLOP/s or TOPS, the precision actually used, a note when a stand-in was used)."""
    rate = chip.dense_tops.get(precision)
    if rate:
        return float(rate), precision, None
    stand_in = SIXTEEN_BIT_STAND_IN.get(precision)
    if stand_in and chip.dense_tops.get(stand_in):
        note = f"{chip.name} publishes no dense {precision.upper()} figure; its {stand_in.upper()} rate is used (same bit length)"
        return float(chip.dense_tops[stand_in]), stand_in, note
    return None, None, f"{chip.name} publishes no dense {precision.upper()} figure"


def measure_value(chip: Chip, measure: str) -> tuple[float | None, str | None, str | None]:
    """Like peak_tflops, but 'tpp' gives the chip's Total Processing Performance."""
    if measure == "tpp":
        metrics = metrics_for(chip)
        return metrics.tpp, metrics.tpp_precision, None if metrics.tpp else f"{chip.name} has no TPP (no dense figure)"
    return peak_tflops(chip, measure)
