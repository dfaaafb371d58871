"""The one bridge from compute accounting to the rules engine (`chipcontrols.classify`).

Kept to a single small function so the engine can change shape without touching the accounting.
The import is lazy: the accounting works (and says so) in a build where the engine is absent.
"""

from __future__ import annotations

from datetime import date as Date


def classify_for_compute(chip_or_specs, on: Date | str | None = None) -> dict:
    try:
        from chipcontrols import classify
    except ImportError:
        return {"available": False,
                "reason": "the rules engine (chipcontrols.classify) is not part of this build; no classification given"}
    result = classify(chip_or_specs, date=on)
    metrics = result.get("metrics") or {}
    return {
        "available": True,
        "as_of": result.get("as_of"),
        "eccn": result.get("eccn"),
        "basis": result.get("basis"),
        "tpp": metrics.get("tpp"),
        "pd": metrics.get("pd"),
        "result": result,
    }
