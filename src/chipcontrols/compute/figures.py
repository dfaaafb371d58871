"""A figure with its provenance: every number we print says where it came from.

basis is one of:
  reported  - copied from a cited source (the source is given)
  computed  - arithmetic on other figures (the formula is given)
  assumed   - a default or user input standing in for an unknown (why is given)
"""

from __future__ import annotations

BASES = ("reported", "computed", "assumed")


def figure(value, unit: str | None, basis: str, how: str | None = None, source: str | list | None = None) -> dict:
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    out = {"value": _clean(value), "unit": unit, "basis": basis}
    if how:
        out["how"] = how
    if source:
        out["source"] = source
    return out


def _clean(value):
    """Round floats to 12 significant digits (drops float noise, keeps exact counts) so JSON output is stable and readable."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    return value
