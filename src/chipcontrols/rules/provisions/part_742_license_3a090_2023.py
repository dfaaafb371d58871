"""15 CFR 742.6(a)(6), Oct 2023 text: a license for 3A090/4A090 items to the destination scope, with review policies."""

from __future__ import annotations

from chipcontrols.model.determination import Requirement
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext, in_force, inputs, metric_inputs, not_3a090
from chipcontrols.rules.pack import Provision, ProvisionSettings, Scope, Strict
from chipcontrols.vocab import ReviewPolicy

LOGIC = "license_3a090_2023"


class ReviewPolicies(Strict):
    d5_or_macau: ReviewPolicy  # the destination is in the strict scope
    other_in_scope: ReviewPolicy
    other_in_scope_hq_d5_or_macau: ReviewPolicy  # another destination, an end user headquartered in the strict scope


class Settings(ProvisionSettings):
    destination_scope: Scope
    strict_scope: Scope  # where the strictest policy applies: D:5 and Macau
    review_policy: ReviewPolicies
    review_policy_citation: str
    exceptions_provision: str  # the license exceptions that may apply (740.8)
    review_policy_provision: str  # a later rule that changes the review policy for some exports


def _words(policy: str) -> str:
    return policy.replace("_", " ")


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    from chipcontrols.rules.provisions import REGISTRY

    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    c = ctx.classification
    if not ctx.in_scope(settings.destination_scope, ctx.destination):
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is not in {describe.scope(ctx.pack, settings.destination_scope)} on {ctx.on}.",
                 [provision.citation], inputs=inputs(destination=(ctx.destination, "user")), clears=True)
        return
    if not_3a090(ctx, provision):
        return
    policies, strict = settings.review_policy, settings.strict_scope
    strict_words = describe.scope(ctx.pack, strict)
    if ctx.in_scope(strict, ctx.destination):
        policy, note = policies.d5_or_macau, f"{ctx.destination} is in {strict_words}: {_words(policies.d5_or_macau)}."
    elif ctx.hq_in_scope(strict):
        policy = policies.other_in_scope_hq_d5_or_macau
        note = f"End user headquartered in {strict_words}."
    else:
        policy = policies.other_in_scope
        note = (f"{_words(policy).capitalize()} for destinations in the scope outside {strict_words}, unless the end user "
                f"or its parent is headquartered in {strict_words}.")
    node = ctx.node(provision.id, provision.title, "applied", f"{c.sentence} {ctx.destination} is in the destination "
                    "scope: license required.", [c.citation], parameters=c.parameters, inputs=metric_inputs(ctx))
    exceptions = ctx.provision(settings.exceptions_provision)
    requirement = Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                              review_policy=policy, review_policy_note=note,
                              license_exceptions=REGISTRY[exceptions.logic].evaluate(ctx, exceptions, parent=node,
                                                                                     via_headquarters=False))
    review = ctx.provision(settings.review_policy_provision)
    REGISTRY[review.logic].evaluate(ctx, review, parent=node, requirement=requirement)
    ctx.require(requirement, node)
