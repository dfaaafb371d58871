"""15 CFR part 746: embargoed and sanctioned destinations (Cuba, Iran, North Korea, Syria; Russia, Belarus)."""

from __future__ import annotations

from chipcontrols.model.determination import Requirement
from chipcontrols.rules.context import ItemContext, dated_entry, inputs
from chipcontrols.rules.pack import DatedCountry, Provision, ProvisionSettings

LOGIC = "embargo"


class Settings(ProvisionSettings):
    destinations: tuple[DatedCountry, ...]


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    entry = dated_entry(provision.settings.destinations, ctx.destination, ctx.on) if provision.enabled else None
    read = inputs(destination=(ctx.destination, "user"))
    if entry is None:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is not an embargoed or sanctioned destination under part 746 on {ctx.on}.",
                 [provision.citation], inputs=read)
        return
    note = f" {entry.note}." if entry.note else ""
    node = ctx.node(provision.id, provision.title, "applied",
                    f"{ctx.destination} is under a comprehensive embargo or sanctions regime on {ctx.on}: a license "
                    f"is required for these items.{note}", [entry.citation], inputs=read)
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=entry.citation,
                            review_policy=entry.review_policy), node)
