"""evaluate(shipment, as_of, rules) -> Determination. Pure: no clock, no files, no network.

Outcomes are three-valued in spirit: a license is (or is not) required, or the engine cannot tell
yet and names the facts it needs. Missing facts never pass silently.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from chipcontrols.catalog.metrics import Metrics, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.model.citation import Citation
from chipcontrols.model.determination import (Determination, ItemResult, LicenseException, Provenance, Requirement,
                                              TraceNode, Warning)
from chipcontrols.model.shipment import Item, Shipment
from chipcontrols.rules import describe, letters
from chipcontrols.rules.classify import classify_3a090
from chipcontrols.rules.context import ItemContext
from chipcontrols.rules.jurisdiction import subject_to_ear
from chipcontrols.rules.pack import JURISDICTION_STEP, LETTERS_STEP, RulesPack
from chipcontrols.rules.provisions import REGISTRY
from chipcontrols.vocab import OUTCOME_SEVERITY, POLICY_STRICTNESS

ENGINE_VERSION = "0.1.0"
# The first day the engine answers for: the product's scope (its provisions are dated from here), not a legal date.
EARLIEST_DATE = date(2021, 1, 1)  # in code: the product's scope
WORDS = {"no_license_required": "no license required", "license_required": "license required",
         "license_exception": "license exception available", "indeterminate": "indeterminate (facts needed)"}


def evaluate(shipment: Shipment, as_of: date, rules: RulesPack, catalog_hash: str | None = None,
             list_snapshot: dict | None = None) -> Determination:
    if as_of < EARLIEST_DATE:
        raise InputError(f"Date {as_of} is before {EARLIEST_DATE}: the rules pack covers 2021 onward.",
                         hint=f"Ask about a date from {EARLIEST_DATE} on.")
    destination, treated = rules.resolve_destination(shipment.destination, as_of)
    contexts = [evaluate_item(index, item, shipment, destination, as_of, rules)
                for index, item in enumerate(shipment.items)]
    list_citations = {cid: c for ctx in contexts for cid, c in ctx.list_citations.items()}
    items = [_item_result(item, ctx, rules, list_citations) for item, ctx in zip(shipment.items, contexts)]

    warnings = _merge([w for c in contexts for w in c.warnings], key="message")
    if as_of > rules.info.sources_through:
        warnings.insert(0, Warning(code="pack_older_than_date", message=(
            f"The rules pack includes sources up to {rules.info.sources_through}; changes after that date are not "
            f"reflected in this answer for {as_of}.")))
    questions = _merge([q for c in contexts for q in c.questions], key="id")
    assumptions = sorted({a for c in contexts for a in c.assumptions})
    if shipment.ship_from == rules.info.jurisdiction and "ship_from" not in shipment.model_fields_set:
        assumptions.insert(0, f"Exported from {describe.country_name(rules, rules.info.jurisdiction)} (give --from "
                              "otherwise).")
    trace: list[TraceNode] = []
    if treated is not None:
        trace.append(TraceNode(id="d0", rule_id="destination", title="Destination treated as another", status="applied",
                               sentence=f"{shipment.destination} is treated as {destination} under the EAR since "
                                        f"{treated.since}.", citations=[treated.citation]))
    trace += [node for c in contexts for node in c.nodes]
    outcome = max((i.outcome for i in items), key=OUTCOME_SEVERITY.get)
    outcome_per_text = max((i.outcome_per_text for i in items), key=OUTCOME_SEVERITY.get)
    cited = sorted({cid for node in trace for cid in node.citations} | {w.citation for w in warnings if w.citation})
    return Determination(
        outcome=outcome,
        outcome_per_text=outcome_per_text,
        summary=_summary(outcome, outcome_per_text, items, destination, as_of),
        as_of=as_of,
        shipment=_shipment_echo(shipment, destination),
        items=items,
        questions=questions,
        warnings=warnings,
        assumptions=assumptions,
        trace=trace,
        citations={cid: _citation(cid, rules, list_citations) for cid in cited},
        provenance=Provenance(
            engine_version=ENGINE_VERSION, rules_pack=rules.info.id, rules_pack_version=rules.info.version,
            rules_pack_hash=rules.content_hash, rules_sources_through=rules.info.sources_through,
            catalog_hash=catalog_hash, list_snapshot=list_snapshot, input_hash=input_hash(shipment, as_of),
            as_of=as_of),
    )


def evaluate_item(index: int, item: Item, shipment: Shipment, destination: str, as_of: date,
                  rules: RulesPack) -> ItemContext:
    metrics = metrics_for(item.chip)
    classification = classify_3a090(metrics, as_of, rules)
    ctx = ItemContext(index=index, chip=item.chip, metrics=metrics, classification=classification, shipment=shipment,
                      on=as_of, pack=rules, destination=destination,
                      datacenter_source="user" if item.datacenter_overridden else "catalog")
    classification_node = ctx.node(classification.rule_id, classification.title,
                                   "applied" if classification.eccn else "not_applicable", classification.sentence,
                                   [classification.citation], parameters=classification.parameters)
    if item.datacenter_overridden:
        ctx.warn("user_override", f"{item.chip.name}: datacenter marketing set to {item.chip.datacenter} by the user, "
                 f"against the catalog ({not item.chip.datacenter}); the answer rests on that attestation.")
    for statement in item.chip.unconfirmed:
        ctx.warn("chip_unconfirmed", f"{item.chip.name}: {statement}")
    _tf32_check(ctx)
    for step in rules.info.evaluation_order:
        if step == JURISDICTION_STEP:
            if not subject_to_ear(ctx):
                break
        elif step == LETTERS_STEP:
            letters.evaluate(ctx)
        else:
            provision = rules.provisions[step]
            REGISTRY[provision.logic].evaluate(ctx, provision)
    _mark_decisive(ctx, classification_node)
    return ctx


def _tf32_check(ctx: ItemContext) -> None:
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
    # Ceilings of review policies keyed on TPP (the Jan 2026 rule) can flip on the bit length too.
    for provision in ctx.pack.provisions.values():
        parameter = provision.setting("tpp_parameter")
        ceiling = ctx.pack.param(parameter, ctx.on) if parameter and provision.enabled else None
        if ceiling is not None and (ctx.metrics.tpp or 0) < ceiling.value <= alternative:
            ctx.warn("tf32_bit_length", f"{ctx.chip.name}: counting TF32 as 32 bits gives TPP {alternative:,.0f}, at "
                     f"or above the {ceiling.value:,} ceiling of {provision.title} (19 bits: {ctx.metrics.tpp:,.0f}); "
                     "the review policy could be stricter.", ceiling.citation)


def item_outcome(requirements: list[Requirement], questions: list) -> tuple[str, str | None, list[LicenseException]]:
    if requirements:
        strictest = max(requirements, key=lambda r: POLICY_STRICTNESS[r.review_policy])
        if all(r.license_exceptions for r in requirements):
            exceptions = [e for r in requirements for e in r.license_exceptions]
            return ("indeterminate" if questions else "license_exception"), strictest.review_policy, exceptions
        return "license_required", strictest.review_policy, []
    return ("indeterminate" if questions else "no_license_required"), None, []


def _mark_decisive(ctx: ItemContext, classification_node: TraceNode) -> None:
    """Mark the nodes that decided the item's (enforced) outcome, so that no face has to pick them out itself.

    A license is required or an exception available: the nodes that imposed the enforced requirements (and
    their sub-steps: exceptions, review policies). Facts are missing: the nodes that asked. Nothing is
    required: the nodes that said why the item is not controlled here, else the classification.
    """
    enforced = [(r, node_id) for r, node_id in ctx.imposed_by if r.enforced]
    outcome, _, _ = item_outcome([r for r, _ in enforced], ctx.questions)
    by_id = {node.id: node for node in ctx.nodes}
    if outcome == "indeterminate":
        chosen = [n.id for n in ctx.nodes if n.status == "needs_input"]
    elif enforced:
        blocking = [node_id for r, node_id in enforced if not r.license_exceptions]
        chosen = blocking if outcome == "license_required" and blocking else [node_id for _, node_id in enforced]
    else:
        chosen = [n.id for n in ctx.nodes if n.id in ctx.clearing] or [classification_node.id]
    pending = list(chosen)
    while pending:
        node = by_id[pending.pop()]
        node.decisive = True
        pending += node.children


def _citation(cid: str, rules: RulesPack, list_citations: dict[str, Citation]) -> Citation:
    return rules.citations[cid] if cid in rules.citations else list_citations[cid]


def _item_result(item: Item, ctx: ItemContext, rules: RulesPack, list_citations: dict[str, Citation]) -> ItemResult:
    enforced = [r for r in ctx.requirements if r.enforced]
    outcome, policy, exceptions = item_outcome(enforced, ctx.questions)
    outcome_text, _, _ = item_outcome(ctx.requirements, ctx.questions)
    c = ctx.classification
    m = ctx.metrics
    citation_ids = sorted({cid for node in ctx.nodes if node.status == "applied" for cid in node.citations} |
                          ({c.citation} if c.citation else set()))
    return ItemResult(
        chip=item.chip.name, chip_id=item.chip.id, vendor=item.chip.vendor, quantity=item.quantity,
        eccn=c.eccn, eccn_paragraph=c.paragraph, eccn_basis=c.sentence, eccn_regime=c.regime,
        tpp=None if m.tpp is None else round(m.tpp, 1), pd=None if m.pd is None else round(m.pd, 3),
        total_tpp=None if m.tpp is None else round(m.tpp * item.quantity, 1), metrics=m.to_dict(),
        outcome=outcome, outcome_per_text=outcome_text,
        license_required=outcome in ("license_required", "license_exception"),
        license_exceptions=sorted({e.name for e in exceptions}), license_exception_details=exceptions,
        review_policy=policy, requirements=ctx.requirements,
        citations=[{"id": cid, **_citation(cid, rules, list_citations).model_dump()} for cid in citation_ids if cid],
        chip_confirmed=item.chip.confirmed and not item.chip.unconfirmed, chip_sources=list(item.chip.sources),
        decided_by=list(dict.fromkeys(n.rule_id for n in ctx.nodes if n.decisive)),
    )


def _summary(outcome: str, outcome_text: str, items: list[ItemResult], destination: str, as_of: date) -> str:
    names = ", ".join(f"{i.quantity} x {i.chip}" for i in items)
    text = f"{names} to {destination} on {as_of}: {WORDS[outcome]}."
    if outcome_text != outcome:
        text += f" By the CFR text (including rules not enforced): {WORDS[outcome_text]}."
    return text


def _shipment_echo(shipment: Shipment, destination: str) -> dict:
    data = shipment.model_dump(mode="json", exclude={"items"})
    data["destination_as_treated"] = destination
    data["items"] = [{"chip_id": i.chip.id, "quantity": i.quantity, "datacenter": i.chip.datacenter} for i in shipment.items]
    return data


def input_hash(shipment: Shipment, as_of: date) -> str:
    payload = {"shipment": shipment.model_dump(mode="json"), "as_of": as_of.isoformat()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _merge(rows: list, key: str) -> list:
    seen, out = set(), []
    for row in rows:
        if getattr(row, key) not in seen:
            seen.add(getattr(row, key))
            out.append(row)
    return out
