"""Compute accounting: fleets, training runs, chip equivalents, legal compute thresholds, and
measuring a real chip. Every function is pure (apart from `measure`, which times the local machine)
and returns plain JSON-shaped dicts: the CLI prints them with --json, an HTTP API can serve them as is.
"""

from chipcontrols.compute.equivalents import equivalent
from chipcontrols.compute.fleet_summary import fleet
from chipcontrols.compute.matmul_benchmark import measure
from chipcontrols.compute.reference_runs import run_scenario
from chipcontrols.compute.reference_runs import runs as _runs
from chipcontrols.compute.thresholds import thresholds as _thresholds
from chipcontrols.compute.training_run import training


def runs() -> dict:
    """The reference training runs (cited figures, with the derived checks)."""
    return {"runs": _runs()}


def run(run_id: str, utilization: float | None = None, date=None) -> dict:
    """One reference run replayed as a training scenario."""
    return run_scenario(run_id, utilization=utilization, date=date)


def thresholds() -> dict:
    """Training-compute thresholds in law, with values, dates, status and sources."""
    return {"thresholds": _thresholds()}


__all__ = ["equivalent", "fleet", "measure", "run", "runs", "thresholds", "training"]
