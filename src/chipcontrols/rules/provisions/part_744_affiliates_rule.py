"""Sep 2025 Affiliates rule: the restrictions of Entity List, MEU List and certain SDN parties extend to entities
they own 50% or more of, directly or indirectly. Suspended for a year from 2025-11-10 (see its enforcement data)."""

from __future__ import annotations

from chipcontrols.model.determination import Question, Requirement
from chipcontrols.rules.context import ItemContext, in_force, inputs
from chipcontrols.rules.pack import Provision, ProvisionSettings
from chipcontrols.vocab import ReviewPolicy

LOGIC = "affiliates_rule"


class Settings(ProvisionSettings):
    question: str  # the fact the rule turns on, as a question to the user
    question_why: str
    review_policy: ReviewPolicy
    review_policy_note: str


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    window = provision.enforcement_on(ctx.on)
    if window is not None and window.status == "suspended":
        ctx.node(provision.id, provision.title, "not_enforced", f"Suspended {window.start} to {window.to}.",
                 [window.citation])
        return
    if window is not None and window.status == "unknown":
        ctx.warn("enforcement_unknown", f"{provision.title}: {window.note}.", window.citation)
    if not provision.confirmed:
        ctx.warn("provision_unconfirmed", f"{provision.title}: {provision.note or 'not confirmed in a primary source'}",
                 provision.citation)
    owned = ctx.shipment.owned_by_listed_party
    if owned is None:
        ctx.ask(Question(id="owned_by_listed_party", question=settings.question, why=settings.question_why,
                         rule_id=provision.id, answer_with="--listed-owner/--no-listed-owner"))
        ctx.node(provision.id, provision.title, "needs_input", "Ownership by listed parties unknown.",
                 [provision.citation])
        return
    if not owned:
        ctx.node(provision.id, provision.title, "not_applicable", "No party is owned by listed parties at or above the "
                 "rule's threshold (attested).", [provision.citation],
                 inputs=inputs(owned_by_listed_party=(False, "user")), clears=True)
        return
    node = ctx.node(provision.id, provision.title, "applied", "A party is owned by listed parties at or above the "
                    "rule's threshold: the most restrictive owner's license requirement applies.", [provision.citation],
                    inputs=inputs(owned_by_listed_party=(True, "user")))
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                            review_policy=settings.review_policy, review_policy_note=settings.review_policy_note), node)
