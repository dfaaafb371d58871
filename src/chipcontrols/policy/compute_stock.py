"""Installed compute by country over time, in H100-equivalents, from estimated chip flows.

A flow is (year, country, chip, low, central, high, source). Each Monte Carlo draw samples every flow
independently from a two-piece uniform: half the mass evenly on [low, central], half on [central, high],
so `central` is each flow's median. Chips count as installed from the year they ship for `life_years`
years, then as retired; every draw conserves chips (shipped = installed + retired), in units and H100e.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from chipcontrols import inputs
from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.compute.equivalents import h100_tpp
from chipcontrols.policy.compute import chip_tpp, find_chip, h100_reference_json

FLOW_COLUMNS = ("year", "country", "chip", "low", "central", "high", "source")
SHIPMENT_COLUMNS = ("chip", "quantity", "destination", "date")  # the order-book / ledger shipment columns
SCENARIO_KEYS = {"id", "title", "estimate", "life_years", "life_note", "years", "flows", "reference_points"}
FLOW_KEYS = set(FLOW_COLUMNS) | {"label", "sources", "note"}
POINT_KEYS = {"year", "country", "label", "chip", "units", "h100e", "source", "sources", "note"}
DEFAULT_LIFE_YEARS = 5
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Flow:
    year: int
    country: str
    chip_id: str
    chip: str
    low: int
    central: int
    high: int
    h100e_per_unit: float
    source: str
    label: str | None = None
    note: str | None = None


def _number(value, field: str) -> int:
    if isinstance(value, bool):
        raise InputError(f"{field} must be a whole number of chips, got {value!r}.", hint="e.g. 140000")
    try:
        number = float(str(value).replace(",", "").replace("_", ""))
    except ValueError:
        raise InputError(f"{field} '{value}' is not a number.", hint="Give a count of chips, e.g. 140000.") from None
    if number < 0 or number != int(number):
        raise InputError(f"{field} must be a whole number of chips >= 0, got {value!r}.", hint="e.g. 140000")
    return int(number)


def _year(value, field: str) -> int:
    try:
        year = int(str(value))
    except ValueError:
        raise InputError(f"{field} '{value}' is not a year.", hint="e.g. 2024") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(f"{field} {year} is outside {MIN_YEAR}-{MAX_YEAR}.", hint="e.g. 2024")
    return year


def parse_flow(row: dict, where: str) -> Flow:
    unknown = set(row) - FLOW_KEYS
    if unknown:
        raise InputError(f"{where}: unknown field(s) {sorted(unknown)}.", hint=f"Fields: {', '.join(sorted(FLOW_KEYS))}.")
    missing = [k for k in FLOW_COLUMNS if row.get(k) in (None, "")]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}.",
                         hint="Every flow needs year, country, chip, low, central, high and a source URL.")
    chip = find_chip(str(row["chip"]))
    low, central, high = (_number(row[k], f"{where}: {k}") for k in ("low", "central", "high"))
    if not low <= central <= high:
        raise InputError(f"{where}: low <= central <= high does not hold ({low}, {central}, {high}).",
                         hint="Give the range's ends as low and high, the best estimate as central.")
    return Flow(year=_year(row["year"], f"{where}: year"), country=inputs.country_code(str(row["country"]), "country"),
                chip_id=chip.id, chip=chip.name, low=low, central=central, high=high,
                h100e_per_unit=chip_tpp(chip) / h100_tpp(), source=str(row["source"]),
                label=row.get("label"), note=row.get("note"))


def load_scenario(source: str | Path | dict) -> dict:
    """A scenario YAML (flows + reference points) or a flows CSV; validated whole."""
    if isinstance(source, dict):
        data, where = source, "scenario"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"Scenario file '{path}' not found.", hint="Give a scenario YAML or a flows CSV "
                             f"({', '.join(FLOW_COLUMNS)}).")
        where = str(path)
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                header = [h.strip() for h in reader.fieldnames or []]
                missing = [c for c in FLOW_COLUMNS if c not in header]
                if all(c in header for c in SHIPMENT_COLUMNS):
                    return load_scenario(_shipments_as_flows(path, reader))
                if missing:
                    raise InputError(f"{where}: missing column(s) {', '.join(missing)}.",
                                     hint=f"Columns: {', '.join(FLOW_COLUMNS)} (optional: label, note).")
                rows = [{k.strip(): v.strip() for k, v in row.items() if k and v is not None and v.strip() != ""}
                        for row in reader]
            data = {"id": path.stem, "title": f"Flows from {path.name}", "estimate": True, "flows": rows}
        else:
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise InputError(f"{where} is not valid YAML: {exc}", hint="Fix the YAML syntax.") from None
    if not isinstance(data, dict):
        raise InputError(f"{where} must be a mapping with flows.", hint="See chipcontrols/policy/scenarios/.")
    unknown = set(data) - SCENARIO_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key(s) {sorted(unknown)}.", hint=f"Keys: {', '.join(sorted(SCENARIO_KEYS))}.")
    rows = data.get("flows")
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{where} has no flows.", hint="Give at least one flow.")
    flows, problems = [], []
    for index, row in enumerate(rows):
        try:
            if not isinstance(row, dict):
                raise InputError(f"{where}: flows[{index}] must be a mapping.")
            flows.append(parse_flow(row, f"{where}: flows[{index}]"))
        except ChipControlsError as exc:
            problems.append(exc.message)
    points = []
    for index, point in enumerate(data.get("reference_points") or []):
        try:
            points.append(_reference_point(point, f"{where}: reference_points[{index}]"))
        except ChipControlsError as exc:
            problems.append(exc.message)
    if problems:
        raise InputError(f"{where}: {len(problems)} problem(s): " + "; ".join(problems),
                         hint="Fix each one; nothing was computed.", problems=problems)
    years = data.get("years") or [min(f.year for f in flows), max(f.year for f in flows)]
    return {"id": str(data.get("id", "scenario")), "title": data.get("title"), "estimate": bool(data.get("estimate", True)),
            "life_years": data.get("life_years", DEFAULT_LIFE_YEARS), "life_note": data.get("life_note"),
            "years": [_year(years[0], "years[0]"), _year(years[-1], "years[1]")], "flows": flows,
            "reference_points": points}


def _shipments_as_flows(path: Path, reader: csv.DictReader) -> dict:
    """Recorded shipments (the order-book / ledger columns) are exact flows: low = central = high."""
    rows, problems = [], []
    for number, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            year = inputs.as_date(row.get("date") or None, f"line {number}: date").year
            quantity = inputs.quantity(row.get("quantity", ""), f"line {number}: quantity")
        except ChipControlsError as exc:
            problems.append(exc.message)
            continue
        rows.append({"year": year, "country": row.get("destination"), "chip": row.get("chip"), "low": quantity,
                     "central": quantity, "high": quantity, "source": f"recorded shipments: {path.name} line {number}"})
    if problems:
        raise InputError(f"{path}: {len(problems)} bad shipment line(s): " + "; ".join(problems),
                         hint="Fix the lines listed; nothing was computed.", problems=problems)
    return {"id": path.stem, "title": f"Recorded shipments from {path.name}", "estimate": False, "flows": rows}


def _reference_point(point, where: str) -> dict:
    if not isinstance(point, dict) or set(point) - POINT_KEYS or not {"year", "country", "label", "source"} <= set(point):
        raise InputError(f"{where} needs year, country, label, source and units+chip or h100e.")
    if "h100e" in point:
        h100e = float(_number(point["h100e"], f"{where}: h100e"))
    elif "units" in point and "chip" in point:
        chip = find_chip(str(point["chip"]))
        h100e = _number(point["units"], f"{where}: units") * chip_tpp(chip) / h100_tpp()
    else:
        raise InputError(f"{where} needs units and chip, or h100e.")
    return {"year": _year(point["year"], f"{where}: year"), "country": inputs.country_code(str(point["country"]), "country"),
            "label": point["label"], "h100e": round(h100e, 1), "source": point["source"],
            "sources": point.get("sources", []), "note": point.get("note")}


def sample_flows(flows: list[Flow], samples: int, rng: np.random.Generator) -> np.ndarray:
    """Units per flow per draw (flows x samples), integers; each flow's median is its central value."""
    u = rng.random((len(flows), samples))
    low = np.array([f.low for f in flows], dtype=float)[:, None]
    mid = np.array([f.central for f in flows], dtype=float)[:, None]
    high = np.array([f.high for f in flows], dtype=float)[:, None]
    below = low + (mid - low) * (u / 0.5)
    above = mid + (high - mid) * ((u - 0.5) / 0.5)
    return np.rint(np.where(u < 0.5, below, above)).astype(np.int64)


def stock(scenario, *, country: str | None = None, life_years: int | None = None, samples: int = 2000,
          seed: int = 0, interval: float = 0.9) -> dict:
    """Installed, shipped and retired compute by country and year (H100e), central case and MC interval."""
    data = load_scenario(scenario)
    life = data["life_years"] if life_years is None else life_years
    if isinstance(life, bool) or not isinstance(life, int) or life < 1:
        raise InputError(f"life_years must be a whole number of years >= 1, got {life!r}.", hint="e.g. 5")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 10 <= samples <= 1_000_000:
        raise InputError(f"samples must be a whole number from 10 to 1,000,000, got {samples!r}.", hint="e.g. 2000")
    if not 0 < interval < 1:
        raise InputError(f"interval must be between 0 and 1, got {interval!r}.", hint="e.g. 0.9 for 5th-95th percentiles")
    flows = data["flows"]
    only = inputs.country_code(country, "country") if country else None
    countries = sorted({f.country for f in flows})
    if only and only not in countries:
        raise InputError(f"The scenario has no flows for {only}.", hint=f"Countries in it: {', '.join(countries)}.")
    first, last = data["years"]
    years = list(range(min(first, min(f.year for f in flows)), max(last, max(f.year for f in flows)) + 1))
    draws = sample_flows(flows, samples, np.random.default_rng(seed))
    central = np.array([f.central for f in flows], dtype=np.int64)
    per_unit = np.array([f.h100e_per_unit for f in flows])
    ship_year = np.array([f.year for f in flows])
    q_lo, q_hi = (1 - interval) / 2 * 100, (1 + interval) / 2 * 100

    by_country = {}
    for c in ([only] if only else countries):
        mask = np.array([f.country == c for f in flows])
        rows = []
        for year in years:
            shipped = mask & (ship_year <= year)
            retired = shipped & (ship_year + life <= year)
            installed = shipped & ~retired

            def units(sel, q=central):
                return int(q[sel].sum())

            def h100e(sel, q=central):
                return float((q[sel] * per_unit[sel]).sum())

            mc_installed = (draws[installed] * per_unit[installed][:, None]).sum(axis=0)
            mc_shipped = (draws[shipped] * per_unit[shipped][:, None]).sum(axis=0)
            mc_retired = (draws[retired] * per_unit[retired][:, None]).sum(axis=0)
            rows.append({
                "year": year,
                "installed_units": units(installed), "shipped_units": units(shipped), "retired_units": units(retired),
                "installed_h100e": round(h100e(installed), 1), "shipped_h100e": round(h100e(shipped), 1),
                "retired_h100e": round(h100e(retired), 1),
                "installed_h100e_interval": [round(float(np.percentile(mc_installed, q_lo)), 1),
                                             round(float(np.percentile(mc_installed, q_hi)), 1)],
                "installed_h100e_mean": round(float(mc_installed.mean()), 1),
                "conservation_max_error_h100e": float(np.abs(mc_shipped - mc_installed - mc_retired).max()),
                "conservation_units_exact": bool((draws[shipped].sum(axis=0) == draws[installed].sum(axis=0)
                                                  + draws[retired].sum(axis=0)).all()),
            })
        by_country[c] = rows
    return {
        "scenario": {"id": data["id"], "title": data["title"], "estimate": data["estimate"],
                     "label": "ESTIMATES: every flow is a published estimate, not a measurement." if data["estimate"]
                     else "Recorded shipments (exact quantities)."},
        "country": only,
        "years": years,
        "life_years": life,
        "life_note": data["life_note"] if life_years is None else f"Set to {life} years by the caller.",
        "method": {"samples": samples, "seed": seed, "interval": interval,
                   "distribution": "two-piece uniform per flow: half on [low, central], half on [central, high]; "
                                   "flows independent",
                   "h100_reference": h100_reference_json(),
                   "h100e": "chip TPP / H100 SXM TPP, both from the catalog"},
        "stock": by_country,
        "flows": [{"year": f.year, "country": f.country, "chip_id": f.chip_id, "chip": f.chip, "low": f.low,
                   "central": f.central, "high": f.high, "h100e_per_unit": round(f.h100e_per_unit, 4),
                   "central_h100e": round(f.central * f.h100e_per_unit, 1), "label": f.label, "source": f.source,
                   "note": f.note} for f in flows if not only or f.country == only],
        "reference_points": [p for p in data["reference_points"] if not only or p["country"] == only],
        "sources": sorted({f.source for f in flows} | {p["source"] for p in data["reference_points"]}),
    }
