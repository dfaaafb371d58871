"""15 CFR 742.6(a)(6), Oct 2022 text: a license for 3A090 ICs (TPP and I/O test) to the listed destinations."""

from __future__ import annotations

from chipcontrols.model.determination import Requirement
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext, dated_entry, in_force, inputs, metric_inputs, not_3a090
from chipcontrols.rules.pack import DatedCountry, Provision, ProvisionSettings
from chipcontrols.vocab import ReviewPolicy

LOGIC = "license_3a090_2022"


class Settings(ProvisionSettings):
    destinations: tuple[DatedCountry, ...]
    review_policy: ReviewPolicy
    review_policy_confirmed: bool = True
    review_policy_note: str | None = None


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    entry = dated_entry(settings.destinations, ctx.destination, ctx.on)
    if entry is None:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is not a destination of the 2022 rule on {ctx.on} "
                 f"({describe.dated_countries(ctx.pack, settings.destinations)}).",
                 [provision.citation], inputs=inputs(destination=(ctx.destination, "user")), clears=True)
        return
    c = ctx.classification
    if not_3a090(ctx, provision):
        return
    if not entry.confirmed:
        ctx.warn("destination_unconfirmed", f"{ctx.destination}'s inclusion from {entry.since} is not "
                 "confirmed (publication date used as effective date).", entry.citation)
    if not settings.review_policy_confirmed:
        ctx.warn("review_policy_unconfirmed", settings.review_policy_note, provision.citation)
    node = ctx.node(provision.id, provision.title, "applied", f"{c.sentence} Destination {ctx.destination} is covered: "
                    "license required.", [c.citation, entry.citation], parameters=c.parameters,
                    inputs=metric_inputs(ctx))
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                            review_policy=settings.review_policy, review_policy_note=settings.review_policy_note), node)
