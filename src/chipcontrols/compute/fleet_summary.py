"""Fleet summaries: what a set of chips adds up to, per line and in total, every figure labelled."""

from __future__ import annotations

from chipcontrols.catalog import metrics_for
from chipcontrols.compute import units
from chipcontrols.compute.classification import classify_for_compute
from chipcontrols.compute.equivalents import H100_ID, h100_reference, h100_tpp
from chipcontrols.compute.figures import figure
from chipcontrols.compute.fleet_spec import FleetLine, parse_fleet
from chipcontrols.compute.peaks import peak_tflops
from chipcontrols.compute.power import all_in_figure, tdp_figure
from chipcontrols.inputs import as_date

H100E_BASES = ("tpp", "bf16", "fp8")
FLEET_PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "fp4")


def h100_equivalents(line: FleetLine) -> dict:
    """H100-equivalents of a line three ways; H100 SXM5 figures from the catalog."""
    h100 = h100_reference()
    out = {}
    tpp = metrics_for(line.chip).tpp
    out["by_tpp"] = figure(
        units.h100_equivalents(line.count, tpp, h100_tpp()) if tpp else None, "H100e", "computed",
        how=f"{line.count} x TPP {tpp:g} / H100 TPP {h100_tpp():g}" if tpp else "chip has no TPP")
    for precision in ("bf16", "fp8"):
        rate, used, note = peak_tflops(line.chip, precision)
        ref = h100.dense_tops[precision]
        if rate is None:
            out[f"by_{precision}"] = figure(None, "H100e", "computed", how=note)
            continue
        how = f"{line.count} x {rate:g} dense {used.upper()} TFLOP/s / H100 {ref:g}"
        out[f"by_{precision}"] = figure(units.h100_equivalents(line.count, rate, ref), "H100e", "computed",
                                        how=how + (f" ({note})" if note else ""))
    return out


def line_summary(line: FleetLine, on=None) -> dict:
    chip, n = line.chip, line.count
    metrics = metrics_for(chip)
    dense = {p: float(v) for p, v in chip.dense_tops.items() if v and p in FLEET_PRECISIONS}
    tdp, all_in = tdp_figure(chip), all_in_figure(chip)
    summary = {
        **line.to_dict(),
        "per_chip": {
            "tpp": figure(metrics.tpp, "TPP", "computed",
                          how=f"max over precisions of dense TOPS x bits (set by {metrics.tpp_precision})"),
            "dense_tflops": {p: figure(v, "TFLOP/s" if not p.startswith("int") else "TOPS", "reported",
                                       source=list(chip.sources)) for p, v in dense.items()},
            "memory_gb": figure(chip.memory_gb, "GB", "reported", source=list(chip.sources)),
            "memory_bw_gbs": figure(chip.memory_bw_gbs, "GB/s", "reported", source=list(chip.sources)),
            "tdp_w": tdp,
            "all_in_w": all_in,
            "price_usd": figure(chip.price_usd, "USD", "reported",
                                how="indicative chip price from the catalog" if chip.price_usd else "no price in the catalog",
                                source=list(chip.sources)),
        },
        "total": {
            "tpp": _times(n, metrics.tpp, "TPP"),
            "dense_flops": {p: figure(units.tflops_to_flops(v) * n, "FLOP/s" if not p.startswith("int") else "OP/s",
                                      "computed", how=f"{n} x {v:g} x 1e12") for p, v in dense.items()},
            "memory_gb": _times(n, chip.memory_gb, "GB"),
            "memory_bw_gbs": _times(n, chip.memory_bw_gbs, "GB/s"),
            "chip_power_kw": _times(n, tdp["value"] / 1000 if tdp["value"] else None, "kW"),
            "all_in_power_kw": _times(n, all_in["value"] / 1000 if all_in["value"] else None, "kW",
                                      basis="assumed" if all_in["basis"] == "assumed" else "computed"),
            "cost_usd": _times(n, chip.price_usd, "USD", note="indicative: chips only, no servers or network"),
        },
        "h100_equivalents": h100_equivalents(line),
    }
    if on is not None:
        summary["classification"] = classify_for_compute(chip, on)
    return summary


def _times(n: int, value, unit: str, basis: str = "computed", note: str | None = None) -> dict:
    if value is None:
        return figure(None, unit, basis, how="not available for this chip")
    how = f"{n} x {value:g}" + (f"; {note}" if note else "")
    return figure(n * value, unit, basis, how=how)


def fleet(lines, date=None) -> dict:
    """Summarise one or more fleet lines ("2048 x H800 SXM"); classify each on `date` if given."""
    parsed = parse_fleet(lines)
    date = as_date(date) if date is not None else None
    per_line = [line_summary(line, date) for line in parsed]
    totals = {}
    for key in ("tpp", "memory_gb", "memory_bw_gbs", "chip_power_kw", "all_in_power_kw", "cost_usd"):
        totals[key] = _sum([s["total"][key] for s in per_line], per_line, key)
    precisions = sorted({p for s in per_line for p in s["total"]["dense_flops"]}, key=FLEET_PRECISIONS.index)
    totals["dense_flops"] = {p: _sum([s["total"]["dense_flops"].get(p) for s in per_line], per_line, p)
                             for p in precisions}
    totals["h100_equivalents"] = {k: _sum([s["h100_equivalents"][k] for s in per_line], per_line, k)
                                  for k in ("by_tpp", "by_bf16", "by_fp8")}
    totals["chips"] = sum(line.count for line in parsed)
    return {
        "lines": per_line,
        "total": totals,
        "h100_reference": {"chip": h100_reference().label(), "chip_id": H100_ID,
                           "tpp": h100_tpp(),
                           "dense_tflops": {p: h100_reference().dense_tops[p] for p in ("bf16", "fp8")}},
        "notes": [
            "H100e by TPP compares the export-control metric; by BF16/FP8 compares dense (non-sparse) peak FLOP/s.",
            "All figures are peaks from published specs; achieved throughput depends on utilization.",
        ],
        "date": date.isoformat() if date else None,
    }


def _sum(figures: list, per_line: list, what: str) -> dict:
    present = [f for f in figures if f is not None and f["value"] is not None]
    missing = [s["chip"] for s, f in zip(per_line, figures, strict=True) if f is None or f["value"] is None]
    unit = next((f["unit"] for f in figures if f is not None), None)
    basis = "assumed" if any(f["basis"] == "assumed" for f in present) else "computed"
    out = figure(sum(f["value"] for f in present) if present else None, unit, basis, how="sum over lines")
    if missing:
        out["incomplete"] = f"no {what} figure for: {', '.join(missing)}"
    return out
