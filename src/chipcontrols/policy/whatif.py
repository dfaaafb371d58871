"""whatif: what a reform (or a stack of them) changes, against a baseline, on a date.

Pure over its inputs: the baseline pack is rebuilt from its raw dict, reforms are applied to a deep copy,
and every comparison runs the same engine (`evaluate`) on both packs.
"""

from __future__ import annotations

from datetime import date

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.determine import build_shipment
from chipcontrols.model.determination import Determination
from chipcontrols.errors import InputError
from chipcontrols.policy.compute import find_chip, h100_equivalents, h100_reference_json
from chipcontrols.policy.orders import read_orders
from chipcontrols.policy.reform import Applied, Reform, apply_reforms, load_reform
from chipcontrols.rules.classify import classify_3a090
from chipcontrols.rules.engine import evaluate
from chipcontrols.rules.pack import RulesPack, build_pack, load_raw

# Destinations compared by default: the 3A090 destinations and their usual transit and allied peers.
# The policy lab's reference destinations: an analyst's choice of rows to show, not law.
REFERENCE_DESTINATIONS = ("CN", "MO", "HK", "RU", "IR", "KP", "BY", "VN", "AE", "SA", "SG", "MY", "IN", "IL",  # in code: rows
                          "TW", "KR", "JP", "DE", "NL", "GB")  # in code: (the same list)
REFERENCE_ASSUMPTIONS = [
    "Each chip is exported from the United States by its own vendor (so vendor-addressed letters apply).",
    "The end user is headquartered in the destination country.",
    "No party is owned 50% or more by listed parties; no prohibited end use is known.",
]


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def build_baseline(baseline=None, base_raw: dict | None = None) -> Applied:
    """The default pack, or the default pack with reforms applied ('any reform can be the baseline')."""
    raw = base_raw if base_raw is not None else load_raw()
    reforms = [load_reform(r) for r in _as_list(baseline)]
    if reforms:
        return apply_reforms(raw, reforms)
    return Applied(raw=raw, pack=build_pack(raw), reforms=[])


def whatif(reform, *, date=None, baseline=None, orders=None, chips: list[str] | None = None,
           destinations: list[str] | None = None) -> dict:
    """Apply reform(s) (path, dict, or a list of them: a stack) to the baseline and report what changes.

    reform/baseline: reform file paths or parsed dicts; orders: a CSV path or a list of row dicts.
    """
    reforms: list[Reform] = [load_reform(r) for r in _as_list(reform)]
    if not reforms:
        raise InputError("No reform given.", hint="Pass a reform YAML file (see chipcontrols/policy/examples/).")
    base = build_baseline(baseline)
    applied = apply_reforms(base.raw, reforms)
    on = inputs.as_date(date) if date is not None else _default_date(base.pack, applied.sheet)
    catalog = default_catalog()
    reference_chips = [find_chip(c) for c in chips] if chips else sorted(catalog, key=lambda c: (c.vendor, c.name))
    dests = [inputs.country_code(d, "destination") for d in destinations] if destinations else _destinations(applied)
    order_lines = read_orders(orders) if orders is not None else None

    result = {
        "as_of": on.isoformat(),
        "reforms": [r.summary() for r in reforms],
        "stack_hash": applied.pack.content_hash,
        "baseline": {"reforms": [r.summary() for r in base.reforms], "rules_pack_hash": base.pack.content_hash,
                     "rules_pack_version": base.pack.info.version},
        "reform_rules_pack_hash": applied.pack.content_hash,
        "sheet": applied.sheet,
        "conflicts": applied.conflicts,
        "classification_flips": _classification_flips(reference_chips, on, base.pack, applied.pack),
        "treatment_changes": [],
        "unchanged_destinations": [],
        "reference": {"chips": len(reference_chips), "destinations": dests, "assumptions": REFERENCE_ASSUMPTIONS},
        "orders": None,
    }
    for dest in dests:
        changed = _treatment_changes(reference_chips, dest, on, base.pack, applied.pack)
        if changed:
            result["treatment_changes"].append({"destination": dest, "chips": changed})
        else:
            result["unchanged_destinations"].append(dest)
    if order_lines is not None:
        result["orders"] = _order_flips(order_lines, base.pack, applied.pack)
    return result


def _default_date(pack: RulesPack, sheet: list[dict]) -> date:
    """The pack's newest source date if every dated change is in force then; otherwise the latest start of
    a dated change (so a reform of the 2022 rule is compared while that rule was in force)."""
    newest = pack.info.sources_through
    windows = []
    for entry in sheet:
        after = entry.get("reform")
        if isinstance(after, dict) and after.get("effective"):
            # ISO strings the reform sheet wrote (str of a parsed date), not user input: fromisoformat
            windows.append((date.fromisoformat(after["effective"]),
                            date.fromisoformat(after["ends"]) if after.get("ends") else None))
    if not windows or any(start <= newest and (end is None or newest <= end) for start, end in windows):
        return newest
    return max(start for start, _ in windows)


def _destinations(applied: Applied) -> list[str]:
    extra = [e["country"] for e in applied.sheet if e["kind"] == "membership"]
    extra += [c for e in applied.sheet if e["kind"] == "rule" for c in e["reform"]["destinations"].get("plus_countries", [])]
    return list(dict.fromkeys([*REFERENCE_DESTINATIONS, *extra]))


def _classification_flips(chips, on: date, base: RulesPack, reform: RulesPack) -> list[dict]:
    flips = []
    for chip in chips:
        m = metrics_for(chip)
        a, b = classify_3a090(m, on, base), classify_3a090(m, on, reform)
        if (a.eccn, a.paragraph, bool(a.missing)) != (b.eccn, b.paragraph, bool(b.missing)):
            flips.append({"chip_id": chip.id, "chip": chip.name, "vendor": chip.vendor,
                          "tpp": None if m.tpp is None else round(m.tpp, 1), "pd": None if m.pd is None else round(m.pd, 3),
                          "baseline": {"eccn": a.eccn, "paragraph": a.paragraph, "basis": a.sentence},
                          "reform": {"eccn": b.eccn, "paragraph": b.paragraph, "basis": b.sentence}})
    return flips


def _treatment(determination: Determination) -> dict:
    item = determination.items[0]
    return {"outcome": determination.outcome, "review_policy": item.review_policy,
            "license_exceptions": list(item.license_exceptions),
            "deciding_rules": sorted({r.rule_id for r in item.requirements if r.enforced})}


def _same(a: dict, b: dict) -> bool:
    return (a["outcome"], a["review_policy"], a["license_exceptions"]) == (b["outcome"], b["review_policy"],
                                                                          b["license_exceptions"])


def _treatment_changes(chips, dest: str, on: date, base: RulesPack, reform: RulesPack) -> list[dict]:
    changed = []
    for chip in chips:
        shipment = build_shipment(chip, dest, exporter=chip.vendor, end_user_hq=dest, owned_by_listed_party=False)
        a, b = _treatment(evaluate(shipment, on, base)), _treatment(evaluate(shipment, on, reform))
        if not _same(a, b):
            changed.append({"chip_id": chip.id, "chip": chip.name, "baseline": a, "reform": b})
    return changed


def _order_flips(lines, base: RulesPack, reform: RulesPack) -> dict:
    flipped = []
    totals = {"lines": len(lines), "quantity": sum(line.quantity for line in lines), "flipped_lines": 0,
              "flipped_quantity": 0, "flipped_tpp": 0.0, "flipped_h100e": 0.0, "unknown_tpp_lines": 0}
    for line in lines:
        shipment = build_shipment(line.chip, line.destination, quantity=line.quantity, exporter=line.exporter,
                                  end_user_hq=line.end_user_hq)
        a, b = _treatment(evaluate(shipment, line.on, base)), _treatment(evaluate(shipment, line.on, reform))
        if _same(a, b):
            continue
        tpp = metrics_for(line.chip).tpp
        total = None if tpp is None else tpp * line.quantity
        flipped.append({"line": line.line, "chip": line.chip.name, "chip_id": line.chip.id, "quantity": line.quantity,
                        "destination": line.destination, "date": line.on.isoformat(), "exporter": line.exporter,
                        "baseline": a, "reform": b, "tpp_total": None if total is None else round(total, 1),
                        "h100e": None if total is None else round(h100_equivalents(total), 1)})
        totals["flipped_lines"] += 1
        totals["flipped_quantity"] += line.quantity
        if total is None:
            totals["unknown_tpp_lines"] += 1
        else:
            totals["flipped_tpp"] += total
            totals["flipped_h100e"] += h100_equivalents(total)
    totals["flipped_tpp"] = round(totals["flipped_tpp"], 1)
    totals["flipped_h100e"] = round(totals["flipped_h100e"], 1)
    return {"flipped": flipped, "totals": totals,
            "h100_reference": h100_reference_json()}


def reform_pack(reform, baseline=None) -> RulesPack:
    """The rules pack with reform(s) applied: pass it as rules= to check/classify/chips, or to loopholes."""
    base = build_baseline(baseline)
    return apply_reforms(base.raw, [load_reform(r) for r in _as_list(reform)]).pack


