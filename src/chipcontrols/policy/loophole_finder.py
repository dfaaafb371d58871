"""The loophole finder: for the rules in force on a date, which chip designs escape control for a
destination, and which catalog chips sit just under a line.

Nothing here knows a threshold. Every line is found by asking the engine itself (`evaluate`) about
synthetic designs and bisecting between "no license required" and anything stricter, so a reform
(or a new rule in the pack) moves the frontier with no code change.
"""

from __future__ import annotations

import math
from datetime import date

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.compute.equivalents import h100_tpp
from chipcontrols.model.chip import Chip
from chipcontrols.model.shipment import Item, Shipment
from chipcontrols.rules.engine import evaluate
from chipcontrols.rules.pack import RulesPack, default_pack

FREE = "no_license_required"
GENERIC_EXPORTER = "any exporter not named in a letter"
DIE_AREAS = tuple(range(100, 1701, 50))  # mm2: small inference dies up to two reticle-size dies
TPP_CAP = 200_000.0  # above any catalog chip (GB300: 60,000); a design free at the cap is free at any compute
BANDWIDTH_CAP = 100_000.0  # GB/s; likewise for memory and interconnect
SCALE_CAP = 1000.0  # a catalog chip needing more than 1000x on a dimension to be controlled is free on it
STEPS = 32  # bisection steps: the cap / 2**32 is far below any published precision
FLOOR_BW = 1.0  # the bandwidth of a design when compute is the question (a zero would read as 'unknown')

DIMENSIONS = {
    "tpp": "TPP (dense TOPS x bit length)",
    "pd": "performance density (TPP / die area)",
    "interconnect_bw_gbs": "aggregate bidirectional interconnect (GB/s)",
    "memory_bw_gbs": "memory bandwidth (GB/s)",
}


class _Oracle:
    """Asks the engine whether a design needs a license for the destination on the date."""

    def __init__(self, pack: RulesPack, on: date, destination: str):
        self.pack, self.on, self.destination = pack, on, destination
        self.calls = 0

    def decide(self, chip: Chip, exporter: str) -> dict:
        self.calls += 1
        shipment = Shipment(items=(Item(chip=chip),), destination=self.destination, exporter=exporter,
                            end_user_hq=self.destination, owned_by_listed_party=False)
        result = evaluate(shipment, self.on, self.pack)
        item = result.items[0]
        return {"outcome": result.outcome, "eccn": item.eccn_paragraph or item.eccn,
                "rules": sorted({r.rule_id for r in item.requirements if r.enforced})}

    def free(self, chip: Chip, exporter: str) -> bool:
        return self.decide(chip, exporter)["outcome"] == FREE


def design(tpp: float, area: float, datacenter: bool, memory_bw: float, interconnect_bw: float) -> Chip:
    return Chip(id="design", vendor="design", name="design", datacenter=datacenter, dense_tops={"int8": tpp / 8},
                die_area_mm2=area, memory_bw_gbs=memory_bw, interconnect_bw_gbs=interconnect_bw)


def _bisect(is_free, lo: float, hi: float) -> tuple[float, float]:
    """is_free(lo) is True and is_free(hi) is False; narrow to the boundary."""
    for _ in range(STEPS):
        mid = (lo + hi) / 2
        if is_free(mid):
            lo = mid
        else:
            hi = mid
    return lo, hi


def _line(is_free, cap: float) -> dict:
    """The boundary of one dimension from 0 to cap: the best free value and the first controlled one."""
    if is_free(cap):
        return {"max_free": None, "line": None, "unbounded": True}
    if not is_free(0.0):
        return {"max_free": 0.0, "line": 0.0, "unbounded": False}
    lo, hi = _bisect(is_free, 0.0, cap)
    return {"max_free": lo, "line": hi, "unbounded": False}


def _shown(line: dict) -> dict:
    """Rounded for display only: searches use the exact bracket."""
    if line["unbounded"]:
        return line
    return {"max_free": math.floor(line["max_free"] * 100) / 100, "line": round(line["line"], 2),
            "unbounded": False}


def frontier_point(oracle: _Oracle, area: float, datacenter: bool) -> dict:
    def tpp_free(t):
        return oracle.free(design(t, area, datacenter, FLOOR_BW, FLOOR_BW), GENERIC_EXPORTER)

    tpp = _line(tpp_free, TPP_CAP)
    best = TPP_CAP if tpp["unbounded"] else tpp["max_free"]
    point = {"die_area_mm2": area, "datacenter": datacenter, "tpp": _shown(tpp), "pd_at_max_tpp": None,
             "interconnect_bw_gbs": None, "memory_bw_gbs": None, "binding": None}
    if best and best > 0:
        point["pd_at_max_tpp"] = None if tpp["unbounded"] else round(best / area, 3)
        point["interconnect_bw_gbs"] = _shown(_line(
            lambda b: oracle.free(design(best, area, datacenter, FLOOR_BW, b), GENERIC_EXPORTER), BANDWIDTH_CAP))
        point["memory_bw_gbs"] = _shown(_line(
            lambda b: oracle.free(design(best, area, datacenter, b, FLOOR_BW), GENERIC_EXPORTER), BANDWIDTH_CAP))
    if not tpp["unbounded"]:
        over = oracle.decide(design(tpp["line"], area, datacenter, FLOOR_BW, FLOOR_BW), GENERIC_EXPORTER)
        point["binding"] = over
    return point


def _scaled(chip: Chip, dimension: str, k: float) -> Chip:
    if dimension == "tpp":
        return chip.model_copy(update={"dense_tops": {p: v * k for p, v in chip.dense_tops.items()}})
    if dimension == "pd":
        return chip.model_copy(update={"die_area_mm2": chip.die_area_mm2 / k})
    return chip.model_copy(update={dimension: getattr(chip, dimension) * k})


def chip_headroom(oracle: _Oracle, chip: Chip) -> dict:
    """For a free catalog chip: per dimension, how far it sits below the line (holding the rest fixed)."""
    m = metrics_for(chip)
    current = {"tpp": m.tpp, "pd": m.pd, "interconnect_bw_gbs": m.interconnect_bw_gbs, "memory_bw_gbs": m.memory_bw_gbs}
    out = {}
    for dimension in DIMENSIONS:
        value = current[dimension]
        if not value:
            out[dimension] = {"value": value, "status": "unknown"}
            continue
        line = _line(lambda k: k < 1 or oracle.free(_scaled(chip, dimension, k), chip.vendor), SCALE_CAP)
        if line["unbounded"]:
            out[dimension] = {"value": round(value, 3), "status": "unconstrained"}
            continue
        k = line["line"]
        beyond = oracle.decide(_scaled(chip, dimension, k), chip.vendor)
        # A line where the engine only runs out of facts (a metric unknown) is not a control line.
        status = "indeterminate_beyond" if beyond["outcome"] == "indeterminate" else "below_line"
        out[dimension] = {"value": round(value, 3), "status": status, "line": round(value * k, 2),
                          "below_pct": round((1 - 1 / k) * 100, 2), "beyond": beyond}
    return out


def loopholes(date=None, destination: str = "CN", margin: float = 0.1, *, rules: RulesPack | None = None,  # in code: the view's default destination, an input default
              reform=None, areas: tuple[float, ...] = DIE_AREAS) -> dict:
    """The frontier of uncontrolled designs for a destination on a date, and the catalog chips near it.

    rules: a pack to use (default: the bundled one); reform: reform file(s) applied on top of it.
    """
    from chipcontrols.policy.whatif import reform_pack

    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 < margin < 1:
        raise inputs.InputError(f"margin must be a fraction between 0 and 1, got {margin!r}.",
                                hint="e.g. 0.1 for chips within 10% under a line.")
    pack = rules or default_pack()
    if reform is not None:
        pack = reform_pack(reform)
    on = inputs.as_date(date) if date is not None else pack.info.sources_through
    dest = inputs.country_code(destination, "destination")
    oracle = _Oracle(pack, on, dest)
    frontier = [frontier_point(oracle, float(a), dc) for dc in (True, False) for a in areas]

    chips, near, bandwidth_only, compute_under = [], [], [], []
    for chip in sorted(default_catalog(), key=lambda c: (c.vendor, c.name)):
        m = metrics_for(chip)
        if m.tpp is None:
            continue
        verdict = oracle.decide(chip, chip.vendor)
        row = {"chip_id": chip.id, "chip": chip.name, "vendor": chip.vendor, "datacenter": chip.datacenter,
               "tpp": round(m.tpp, 1), "pd": None if m.pd is None else round(m.pd, 3),
               "h100e": round(m.tpp / h100_tpp(), 3), "memory_bw_gbs": chip.memory_bw_gbs,
               "interconnect_bw_gbs": chip.interconnect_bw_gbs, "die_area_mm2": chip.die_area_mm2,
               "outcome": verdict["outcome"], "eccn": verdict["eccn"], "release_date": chip.release_date,
               "released_by_date": _released(chip.release_date, on)}
        if verdict["outcome"] == FREE:
            row["headroom"] = chip_headroom(oracle, chip)
            lines = {d: h for d, h in row["headroom"].items() if h["status"] == "below_line"}
            closest = min(lines.items(), key=lambda kv: kv[1]["below_pct"], default=None)
            row["closest_line"] = None if closest is None else {"dimension": closest[0], **closest[1]}
            if closest is not None and closest[1]["below_pct"] <= margin * 100:
                near.append(row)
            head = row["headroom"]
            bandwidth_lines = [d for d in ("interconnect_bw_gbs", "memory_bw_gbs") if head[d]["status"] == "below_line"]
            if head["tpp"]["status"] == "unconstrained" and bandwidth_lines:
                bandwidth_only.append(row)
            compute_close = [d for d in ("tpp", "pd") if head[d]["status"] == "below_line"
                             and head[d]["below_pct"] <= margin * 100]
            if compute_close and head["memory_bw_gbs"]["status"] == "unconstrained":
                compute_under.append(row)
        chips.append(row)

    near.sort(key=lambda r: r["closest_line"]["below_pct"])
    bandwidth_only.sort(key=lambda r: -r["tpp"])
    compute_under.sort(key=lambda r: -(r["memory_bw_gbs"] or 0))
    return {
        "as_of": on.isoformat(),
        "destination": dest,
        "margin": margin,
        "rules_pack_hash": pack.content_hash,
        "method": ("Each line is found by bisecting synthetic designs through the rules engine (outcome 'no license "
                   f"required' vs anything stricter) for an exporter not named in any letter, end user headquartered "
                   f"in {dest}; catalog chips are evaluated with their vendor as exporter."),
        "frontier": frontier,
        "patterns": {
            "full_compute_bandwidth_limited": {
                "description": "Free at any compute: held back only by an interconnect or memory-bandwidth line "
                               "(the A800/H800 pattern under the 2022 rule).",
                "chips": [_brief(r) for r in bandwidth_only]},
            "compute_just_under_bandwidth_free": {
                "description": f"TPP or density within {margin:.0%} under a line, with memory bandwidth unconstrained "
                               "(the H20 pattern under the 2023 rule).",
                "chips": [_brief(r) for r in compute_under]},
        },
        "near_line": [_brief(r) for r in near],
        "party_specific_letters": _letters(pack, on, dest),
        "chips": chips,
        "evaluations": oracle.calls,
    }


def _brief(row: dict) -> dict:
    keep = ("chip_id", "chip", "vendor", "datacenter", "tpp", "pd", "h100e", "memory_bw_gbs", "interconnect_bw_gbs",
            "die_area_mm2", "release_date", "released_by_date", "closest_line", "headroom")
    return {k: row.get(k) for k in keep}


def _released(release_date: str | None, on: date) -> bool | None:
    """Was the chip out by the date? Catalog dates may be a year only; None when unknown."""
    if not release_date:
        return None
    return release_date <= on.isoformat()[:len(release_date)]


def _letters(pack: RulesPack, on: date, dest: str) -> list[dict]:
    rows = []
    for letter in pack.letters.values():
        if letter.in_force(on) and letter.addressee != "*" and pack.in_scope(letter.destinations, dest, on):
            rows.append({"id": letter.id, "addressee": letter.addressee, "title": letter.title,
                         "chips": list(letter.covers.chips),
                         "criteria": letter.covers.criteria.model_dump(mode="json") if letter.covers.criteria else None,
                         "citation": letter.citation})
    return rows
