"""evaluate(shipment, as_of, rules) -> determination. Pure: no clock, no files, no network.

Outcomes are three-valued in spirit: a license is (or is not) required, or the engine cannot tell
yet and names the facts it needs. Missing facts never pass silently.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from chipcontrols.catalog.metrics import Metrics, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.model.shipment import Item, Shipment
from chipcontrols.rules import provisions as P
from chipcontrols.rules.classify import classify_3a090
from chipcontrols.rules.pack import RulesPack
from chipcontrols.rules.restricted_parties import restricted_parties

ENGINE_VERSION = "0.1.0"
EARLIEST_DATE = date(2021, 1, 1)
OUTCOME_SEVERITY = {"no_license_required": 0, "license_exception": 1, "indeterminate": 2, "license_required": 3}


def evaluate(shipment: Shipment, as_of: date, rules: RulesPack, catalog_hash: str | None = None,
             list_snapshot: dict | None = None) -> dict:
    if as_of < EARLIEST_DATE:
        raise InputError(f"Date {as_of} is before {EARLIEST_DATE}: the rules pack covers 2021 onward.",
                         hint="Ask about a date from 2021-01-01 on.")
    destination, treated = rules.resolve_destination(shipment.destination, as_of)
    items, contexts, list_citations = [], [], {}
    for item in shipment.items:
        ctx = evaluate_item(item, shipment, destination, as_of, rules, list_citations)
        contexts.append(ctx)
        items.append(_item_result(item, ctx, rules, list_citations))

    warnings = _merge([w.to_dict() for c in contexts for w in c.warnings], key="message")
    if as_of > rules.info.sources_through:
        warnings.insert(0, {"code": "pack_older_than_date", "citation": None, "message":
                            f"The rules pack includes sources up to {rules.info.sources_through}; changes after that "
                            f"date are not reflected in this answer for {as_of}."})
    questions = _merge([q.to_dict() for c in contexts for q in c.questions], key="id")
    assumptions = sorted({a for c in contexts for a in c.assumptions})
    if shipment.ship_from == "US" and "ship_from" not in shipment.model_fields_set:
        assumptions.insert(0, "Exported from the United States (give --from otherwise).")
    trace = []
    if treated is not None:
        trace.append({"rule_id": "destination", "title": "Destination treated as another", "status": "applied",
                      "sentence": f"{shipment.destination} is treated as {destination} under the EAR since {treated.since}.",
                      "item": None, "citations": [treated.citation], "inputs": {}, "parameters": []})
    trace += [node.to_dict() for c in contexts for node in c.nodes]
    outcome = max((i["outcome"] for i in items), key=OUTCOME_SEVERITY.get)
    outcome_per_text = max((i["outcome_per_text"] for i in items), key=OUTCOME_SEVERITY.get)
    cited = sorted({cid for node in trace for cid in node["citations"]} |
                   {w["citation"] for w in warnings if w["citation"]})
    return {
        "outcome": outcome,
        "outcome_per_text": outcome_per_text,
        "summary": _summary(outcome, outcome_per_text, items, destination, as_of),
        "as_of": as_of.isoformat(),
        "shipment": _shipment_echo(shipment, destination),
        "items": items,
        "questions": questions,
        "warnings": warnings,
        "assumptions": assumptions,
        "trace": trace,
        "citations": {cid: _citation(cid, rules, list_citations).model_dump(mode="json") for cid in cited},
        "provenance": {
            "engine_version": ENGINE_VERSION,
            "rules_pack": rules.info.id,
            "rules_pack_version": rules.info.version,
            "rules_pack_hash": rules.content_hash,
            "rules_sources_through": rules.info.sources_through.isoformat(),
            "catalog_hash": catalog_hash,
            "list_snapshot": list_snapshot,
            "input_hash": input_hash(shipment, as_of),
            "as_of": as_of.isoformat(),
        },
    }


def evaluate_item(item: Item, shipment: Shipment, destination: str, as_of: date, rules: RulesPack,
                  list_citations: dict | None = None) -> P.ItemContext:
    metrics = metrics_for(item.chip)
    ctx = P.ItemContext(chip=item.chip, metrics=metrics, classification=classify_3a090(metrics, as_of, rules),
                        shipment=shipment, on=as_of, pack=rules, destination=destination,
                        datacenter_source="user" if item.datacenter_overridden else "catalog")
    if item.datacenter_overridden:
        ctx.warn("user_override", f"{item.chip.name}: datacenter marketing set to {item.chip.datacenter} by the user, "
                 f"against the catalog ({not item.chip.datacenter}); the answer rests on that attestation.")
    for statement in item.chip.unconfirmed:
        ctx.warn("chip_unconfirmed", f"{item.chip.name}: {statement}")
    _tf32_check(ctx)
    P.gp10_guidance(ctx)
    if not P.subject_to_ear(ctx):
        return ctx
    for provision in P.ITEM_PROVISIONS:
        provision(ctx)
    restricted_parties(ctx, list_citations if list_citations is not None else {})
    return ctx


def _tf32_check(ctx: P.ItemContext) -> None:
    alternative = ctx.metrics.tpp_tf32_as_32_bits
    if alternative is None:
        return
    other = classify_3a090(Metrics(**{**ctx.metrics.__dict__, "tpp": alternative,
                                      "pd": alternative / ctx.metrics.die_area_mm2 if ctx.metrics.die_area_mm2 else None}),
                           ctx.on, ctx.pack)
    if other.eccn != ctx.classification.eccn:
        ctx.warn("tf32_bit_length", f"{ctx.chip.name}: counting TF32 as 32 bits gives TPP {alternative:,.0f} and "
                 f"{other.eccn or 'not 3A090'} instead of {ctx.classification.eccn or 'not 3A090'} (19 bits). BIS "
                 "has not said which bit length applies.")
    ceiling = ctx.pack.param("part_742.h200_case_by_case.tpp_below", ctx.on)
    if ceiling is not None and (ctx.metrics.tpp or 0) < ceiling.value <= alternative:
        ctx.warn("tf32_bit_length", f"{ctx.chip.name}: counting TF32 as 32 bits gives TPP {alternative:,.0f}, at or "
                 f"above the {ceiling.value:,} ceiling of the 2026 case-by-case policy (19 bits: "
                 f"{ctx.metrics.tpp:,.0f}); the review policy could be presumption of denial.", ceiling.citation)


def item_outcome(requirements: list[P.Requirement], questions: list) -> tuple[str, str | None, list[P.LicenseException]]:
    if requirements:
        strictest = max(requirements, key=lambda r: P.POLICY_STRICTNESS[r.review_policy])
        if all(r.exceptions for r in requirements):
            exceptions = [e for r in requirements for e in r.exceptions]
            return ("indeterminate" if questions else "license_exception"), strictest.review_policy, exceptions
        return "license_required", strictest.review_policy, []
    return ("indeterminate" if questions else "no_license_required"), None, []


def _citation(cid: str, rules: RulesPack, list_citations: dict):
    return rules.citations[cid] if cid in rules.citations else list_citations[cid]


def _item_result(item: Item, ctx: P.ItemContext, rules: RulesPack, list_citations: dict) -> dict:
    enforced = [r for r in ctx.requirements if r.enforced]
    outcome, policy, exceptions = item_outcome(enforced, ctx.questions)
    outcome_text, _, _ = item_outcome(ctx.requirements, ctx.questions)
    c = ctx.classification
    m = ctx.metrics
    citation_ids = sorted({cid for node in ctx.nodes if node.status == "applied" for cid in node.citations} |
                          ({c.citation} if c.citation else set()))
    return {
        "chip": item.chip.name,
        "chip_id": item.chip.id,
        "vendor": item.chip.vendor,
        "quantity": item.quantity,
        "eccn": c.eccn,
        "eccn_paragraph": c.paragraph,
        "eccn_basis": c.sentence,
        "eccn_regime": c.regime,
        "tpp": None if m.tpp is None else round(m.tpp, 1),
        "pd": None if m.pd is None else round(m.pd, 3),
        "total_tpp": None if m.tpp is None else round(m.tpp * item.quantity, 1),
        "metrics": m.to_dict(),
        "outcome": outcome,
        "outcome_per_text": outcome_text,
        "license_required": outcome in ("license_required", "license_exception"),
        "license_exceptions": sorted({e.name for e in exceptions}),
        "license_exception_details": [e.to_dict() for e in exceptions],
        "review_policy": policy,
        "requirements": [r.to_dict() for r in ctx.requirements],
        "citations": [{"id": cid, **_citation(cid, rules, list_citations).model_dump(mode="json")}
                      for cid in citation_ids if cid],
        "chip_confirmed": item.chip.confirmed and not item.chip.unconfirmed,
        "chip_sources": list(item.chip.sources),
    }


def _summary(outcome: str, outcome_text: str, items: list[dict], destination: str, as_of: date) -> str:
    names = ", ".join(f"{i['quantity']} x {i['chip']}" for i in items)
    words = {"no_license_required": "no license required", "license_required": "license required",
             "license_exception": "license exception available", "indeterminate": "indeterminate (facts needed)"}
    text = f"{names} to {destination} on {as_of}: {words[outcome]}."
    if outcome_text != outcome:
        text += f" By the CFR text (including rules not enforced): {words[outcome_text]}."
    return text


def _shipment_echo(shipment: Shipment, destination: str) -> dict:
    data = shipment.model_dump(mode="json", exclude={"items"})
    data["destination_as_treated"] = destination
    data["items"] = [{"chip_id": i.chip.id, "quantity": i.quantity, "datacenter": i.chip.datacenter} for i in shipment.items]
    return data


def input_hash(shipment: Shipment, as_of: date) -> str:
    payload = {"shipment": shipment.model_dump(mode="json"), "as_of": as_of.isoformat()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _merge(rows: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            out.append(row)
    return out
