"""15 CFR 742.6(a)(6)(iii)(A) (from Oct 2023): a license for 3A090/4A090 items to any destination when for an entity
headquartered, or whose ultimate parent is headquartered, in the headquarters scope (D:5 or Macau)."""

from __future__ import annotations

from chipcontrols.model.determination import Requirement
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext, in_force, inputs, not_3a090
from chipcontrols.rules.pack import Provision, ProvisionSettings, Scope
from chipcontrols.vocab import ReviewPolicy

LOGIC = "headquarters_rule"


class Settings(ProvisionSettings):
    hq_scope: Scope
    review_policy: ReviewPolicy
    review_policy_note: str | None = None
    enforcement_note_citation: str | None = None
    destination_rule_provision: str  # the destination-based requirement that governs inside its own scope
    exceptions_provision: str


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    from chipcontrols.rules.provisions import REGISTRY

    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    c = ctx.classification
    destination_rule = ctx.provision(settings.destination_rule_provision)
    if ctx.in_scope(destination_rule.settings.destination_scope, ctx.destination):
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is itself in the destination scope; the destination rule governs.",
                 [provision.citation])
        return
    if not_3a090(ctx, provision, prefix="Not a 3A090 item: ", with_inputs=False):
        return
    where = describe.scope(ctx.pack, settings.hq_scope)
    hits = ctx.hq_in_scope(settings.hq_scope)
    read = inputs(end_user_hq=(ctx.shipment.end_user_hq, "user"),
                  ultimate_parent_hq=(ctx.shipment.ultimate_parent_hq, "user"))
    if not hits and not ctx.hq_known():
        ctx.ask_headquarters(provision.id, f"{c.eccn} items need a license to any destination when for an entity "
                             f"headquartered, or whose ultimate parent is headquartered, in {where}.")
        ctx.node(provision.id, provision.title, "needs_input", f"{c.eccn} item to {ctx.destination}: the end user's "
                 "and its ultimate parent's headquarters decide.", [provision.citation], inputs=read)
        return
    if not hits:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"End user headquartered in {ctx.shipment.end_user_hq} and its ultimate parent in "
                 f"{ctx.shipment.ultimate_parent_hq}: outside {where}.", [provision.citation], inputs=read, clears=True)
        return
    node = ctx.node(provision.id, provision.title, "applied",
                    f"{c.eccn} item for an entity headquartered in {', '.join(hits)} ({where}): license required to "
                    "any destination.", [provision.citation, settings.enforcement_note_citation], inputs=read)
    exceptions = ctx.provision(settings.exceptions_provision)
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                            review_policy=settings.review_policy, review_policy_note=settings.review_policy_note,
                            license_exceptions=REGISTRY[exceptions.logic].evaluate(ctx, exceptions, parent=node,
                                                                                   via_headquarters=True)), node)
