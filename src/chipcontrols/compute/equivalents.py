"""How many of another chip match a fleet: on compute at a precision (or TPP), and on memory.

N_other = N x F x u / (F_other x u_other), F = dense peak at the precision, u = achieved utilization.
The utilizations are assumptions (equal by default); memory matches need no utilization.
"""

from __future__ import annotations

import math
from functools import lru_cache

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.compute.figures import figure
from chipcontrols.compute.fleet_spec import parse_fleet, resolve_chip
from chipcontrols.compute.peaks import MEASURES, check_precision, measure_value
from chipcontrols.compute.validate import fraction
from chipcontrols.errors import InputError, UnknownChipError
from chipcontrols.model.chip import Chip

# The one place the H100-equivalent reference is named: fleets, the ledger and the policy lab all count in it.
H100_ID = "nvidia-h100-sxm5-80gb"


def h100_reference() -> Chip:
    """The chip one H100-equivalent is: the H100 SXM5 80GB, with its specs from the catalog."""
    return default_catalog().chips[H100_ID]


@lru_cache(maxsize=1)
def h100_tpp() -> float:
    """TPP of the reference H100, computed from the catalog's specs, never typed in."""
    return metrics_for(h100_reference()).tpp


def equivalent(chips, to: str, precision: str = "bf16", utilization: float | None = None,
               to_utilization: float | None = None, memory: bool = False) -> dict:
    """Count of `to` chips matching the fleet `chips` (one or more lines)."""
    lines = parse_fleet(chips)
    try:
        target = resolve_chip(to)
    except UnknownChipError as exc:
        raise UnknownChipError(f"--to: {exc.message}", hint=exc.hint, **exc.details) from None
    measure = check_precision(precision, MEASURES)
    u_src = fraction(utilization, "utilization") or 1.0
    u_dst = fraction(to_utilization, "target utilization") or u_src
    ratio_note = ("equal utilization assumed on both sides" if utilization is None and to_utilization is None
                  else f"utilization {u_src:g} on the fleet, {u_dst:g} on {target.name}")

    target_rate, target_used, target_note = measure_value(target, measure)
    if target_rate is None:
        raise InputError(f"{target.name} has no {measure.upper()} figure in the catalog.",
                         hint=f"Try another precision: {', '.join(target.dense_tops)} or tpp.")
    unit = "TPP" if measure == "tpp" else "TOPS" if measure.startswith("int") else "TFLOP/s"
    source_total, parts, assumptions = 0.0, [], [ratio_note]
    for line in lines:
        rate, used, note = measure_value(line.chip, measure)
        if rate is None:
            raise InputError(f"{line.chip.name} has no {measure.upper()} figure, so the fleet cannot be matched on it.",
                             hint="Choose a precision every chip in the fleet publishes, or tpp.")
        if note:
            assumptions.append(note)
        source_total += line.count * rate
        parts.append(f"{line.count} x {rate:g}")
    if target_note:
        assumptions.append(target_note)
    exact = source_total * u_src / (target_rate * u_dst)
    result = {
        "fleet": [line.to_dict() for line in lines],
        "to": {"chip": target.label(), "chip_id": target.id},
        "measure": measure,
        "compute": {
            "fleet_total": figure(source_total, unit, "computed", how=" + ".join(parts) + f" ({measure.upper()})"),
            "per_target_chip": figure(target_rate, unit, "reported" if measure != "tpp" else "computed",
                                      how=(f"TPP from the catalog's dense {target_used.upper()} figure" if measure == "tpp"
                                           else f"catalog dense {target_used.upper()}"),
                                      source=list(target.sources)),
            "exact": figure(exact, "chips", "computed",
                            how=f"{source_total:g} x {u_src:g} / ({target_rate:g} x {u_dst:g})"),
            "chips_needed": figure(math.ceil(exact - 1e-9), "chips", "computed", how="rounded up"),
        },
        "assumptions": assumptions + [
            "peak dense figures from the catalog; sparsity excluded",
            "interconnect, software maturity and scaling losses are not modelled: matching peak FLOP/s is a lower bound on chips needed",
        ],
    }
    if memory:
        result["memory"] = {
            "capacity": _match(lines, target, "memory_gb", "GB"),
            "bandwidth": _match(lines, target, "memory_bw_gbs", "GB/s"),
        }
    return result


def _match(lines, target, field: str, unit: str) -> dict:
    per_target = getattr(target, field)
    missing = [line.chip.name for line in lines if getattr(line.chip, field) is None]
    if per_target is None or missing:
        return {"chips_needed": figure(None, "chips", "computed",
                                       how=f"no {field} figure for: {', '.join(missing + ([target.name] if per_target is None else []))}")}
    total = sum(line.count * getattr(line.chip, field) for line in lines)
    exact = total / per_target
    return {
        "fleet_total": figure(total, unit, "computed", how=" + ".join(f"{l.count} x {getattr(l.chip, field):g}" for l in lines)),
        "per_target_chip": figure(per_target, unit, "reported", source=list(target.sources)),
        "chips_needed": figure(math.ceil(exact - 1e-9), "chips", "computed", how=f"{total:g} / {per_target:g}, rounded up"),
    }
