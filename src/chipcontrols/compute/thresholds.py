"""Training-compute thresholds in law (cited data), and which ones an estimate crosses."""

from __future__ import annotations

import math
from datetime import date as Date

from chipcontrols.compute.reference_data import load

COMPARATORS = {"gt": (lambda x, t: x > t, "more than"), "ge": (lambda x, t: x >= t, "at least")}


def thresholds() -> list[dict]:
    """Every threshold with its value, comparator, dates, status and sources (a copy: callers may mutate)."""
    return [dict(t) for t in load("thresholds")]


def status_on(threshold: dict, on: Date | None) -> str:
    """The status on a date: 'not_yet' before it applies (EU: from 2025-08-02, not from entry into force);
    otherwise its recorded status, except a revoked or unenforced one is 'in_force' before that happened."""
    if on is None:
        return threshold["status"]
    # our bundled thresholds data, not user input: fromisoformat (inputs.as_date parses what users type)
    dates = {k: Date.fromisoformat(v) for k, v in threshold["dates"].items()}
    start = dates.get("applies_from") or dates.get("effective") or dates.get("entered_into_force") or dates.get("signed")
    if start and on < start:
        return "not_yet"
    for key in ("revoked", "not_enforced_since"):
        if key in dates:
            return threshold["status"] if on >= dates[key] else "in_force"
    return threshold["status"]


def crossings(estimates: dict[str, float | None], on: Date | None = None) -> list[dict]:
    """For each threshold: does each FLOP estimate cross it, and by what factor."""
    out = []
    for t in thresholds():
        test, _ = COMPARATORS[t["comparator"]]
        by_estimate = {}
        for name, flop in estimates.items():
            if flop is None or not math.isfinite(flop):
                continue
            by_estimate[name] = {"crosses": test(flop, t["value"]), "ratio_to_threshold": float(f"{flop / t['value']:.4g}")}
        out.append({
            "id": t["id"], "name": t["name"], "jurisdiction": t["jurisdiction"],
            "rule": rule_text(t),
            "value": t["value"], "unit": t["unit"], "comparator": t["comparator"],
            "comparator_note": t.get("comparator_note"),
            "status": t["status"], "status_on_date": status_on(t, on) if on else None,
            "status_note": t.get("status_note"), "dates": t["dates"], "citation": t["citation"],
            "sources": t["sources"], "estimates": by_estimate,
        })
    return out


def rule_text(threshold: dict) -> str:
    """e.g. 'more than 10^26 operations'."""
    words = COMPARATORS[threshold["comparator"]][1]
    return f"{words} {_power_of_ten(threshold['value'])} {threshold['unit']}"


def _power_of_ten(value: float) -> str:
    exponent = round(math.log10(value))
    return f"10^{exponent}" if math.isclose(value, 10.0 ** exponent) else f"{value:g}"
