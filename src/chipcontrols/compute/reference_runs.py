"""Reference training runs as cited data, and each one replayed as a scenario through `training`.

The YAML stores only what sources report (or assume); sums, 6·N·D and utilizations are derived here,
so a test can check the published totals against their parts.
"""

from __future__ import annotations

from chipcontrols.catalog import default_catalog
from chipcontrols.compute import units
from chipcontrols.compute.figures import figure
from chipcontrols.compute.reference_data import load
from chipcontrols.compute.training_run import training
from chipcontrols.errors import InputError


def _runs() -> list[dict]:
    return load("runs")


def run_ids() -> list[str]:
    return [r["id"] for r in _runs()]


def get_run(run_id: str) -> dict:
    for r in _runs():
        if r["id"] == run_id.strip().lower():
            return r
    raise InputError(f"Unknown reference run '{run_id}'.", hint=f"Known runs: {', '.join(run_ids())}.")


def stage_gpu_hours(stage: dict) -> tuple[float, str]:
    """GPU-hours of a stage, and whether that number is reported or computed (wall-clock x chips)."""
    if "gpu_hours" in stage:
        return float(stage["gpu_hours"]), "reported"
    return float(stage["wall_clock_hours"]) * stage["chips"], "computed"


def derived(run: dict) -> dict:
    """The arithmetic on a run's reported figures: stage sums, cost checks, 6·N·D, utilization."""
    out: dict = {}
    stages = []
    for stage in run["stages"]:
        hours, basis = stage_gpu_hours(stage)
        how = "reported" if basis == "reported" else f"{stage['wall_clock_hours']} h x {stage['chips']} chips"
        chips = stage.get("chips", run["fleet"]["count"])
        stages.append({"name": stage["name"],
                       "gpu_hours": figure(hours, "GPU-hours", basis, how=how, source=stage.get("source")),
                       "wall_clock_days": figure(hours / chips / units.HOURS_PER_DAY, "days", "computed",
                                                 how=f"{hours:g} GPU-hours / {chips} chips / 24")})
    total = sum(s["gpu_hours"]["value"] for s in stages)
    out["stages"] = stages
    out["stage_gpu_hours_sum"] = figure(total, "GPU-hours", "computed", how=" + ".join(f"{s['gpu_hours']['value']:g}" for s in stages))
    reported_total = run.get("total_gpu_hours", {}).get("value")
    if reported_total is not None:
        out["stage_sum_matches_reported_total"] = abs(total - reported_total) < 0.5
    price = run.get("price_per_gpu_hour", {}).get("value")
    if price is not None:
        out["cost_usd"] = figure(total * price, "USD", "computed", how=f"{total:g} GPU-hours x ${price:g}")
        reported_cost = run.get("total_cost_usd", {}).get("value")
        if reported_cost:
            out["cost_vs_reported"] = figure(total * price / reported_cost, "ratio", "computed",
                                             how=f"computed cost / reported ${reported_cost:g}")
    fleet = run["fleet"]
    out["wall_clock_days"] = figure(total / fleet["count"] / units.HOURS_PER_DAY, "days", "computed",
                                    how=f"{total:g} GPU-hours / {fleet['count']} chips / 24 (all stages, back to back)")
    if "active_params" in run and "tokens" in run:
        flop = units.six_n_d(run["active_params"]["value"], run["tokens"]["value"])
        out["six_n_d"] = figure(flop, "FLOP", "computed",
                                how=f"6 x {run['active_params']['value']:g} x {run['tokens']['value']:g}")
        stage_name = run.get("six_nd_applies_to_stage")
        hours = next((s["gpu_hours"]["value"] for s in stages if s["name"] == stage_name), total)
        chip = default_catalog().get(fleet["chip"])
        out["implied_utilization"] = {
            p: figure(units.implied_utilization(flop, hours, units.tflops_to_flops(chip.dense_tops[p])),
                      "fraction of peak", "computed",
                      how=f"6ND / ({hours:g} GPU-hours of {stage_name or 'all stages'} x 3600 x {chip.dense_tops[p]:g}e12)")
            for p in ("bf16", "fp8") if chip.dense_tops.get(p)}
    return out


def runs() -> list[dict]:
    """All reference runs: the cited figures plus the derived checks."""
    return [{**r, "derived": derived(r)} for r in _runs()]


def run_scenario(run_id: str, utilization: float | None = None, date=None) -> dict:
    """Replay a reference run through `training`, with each input labelled as its source labels it."""
    run = get_run(run_id)
    d = derived(run)
    fleet = run["fleet"]
    chip = default_catalog().get(fleet["chip"])
    labels = {"chips": {"basis": fleet["basis"], "source": fleet.get("source"), "how": "reference run"}}
    kwargs = {"gpu_hours": d["stage_gpu_hours_sum"]["value"]}
    labels["gpu_hours"] = {"basis": "computed" if "total_gpu_hours" not in run else "reported",
                           "how": "sum of the stages", "source": run.get("total_gpu_hours", {}).get("source")}
    for key in ("active_params", "tokens", "price_per_gpu_hour"):
        if key in run:
            kwargs[key] = run[key]["value"]
            labels[key] = {"basis": run[key]["basis"], "source": run[key].get("source"),
                           "how": run[key].get("note", "reference run")}
    result = training(f"{fleet['count']} x {chip.id}", utilization=utilization,
                      precision="bf16",  # the conventional basis; implied utilization is shown at BF16 and FP8
                      date=date, labels=labels, **kwargs)
    return {"run": {k: run[k] for k in ("id", "name", "developer", "published", "sources")}, "derived": d,
            "training": result}
