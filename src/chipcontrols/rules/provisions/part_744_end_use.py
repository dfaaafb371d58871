"""Knowledge-based end-use and end-user controls: military end use/user (744.21), supercomputer and advanced-IC
end uses (744.23). They apply when the user states such an end use (knowledge); otherwise that is an assumption."""

from __future__ import annotations

from datetime import date

from chipcontrols.model.determination import Requirement
from chipcontrols.rules.context import ItemContext, dated_entry, inputs
from chipcontrols.rules.pack import DatedCountry, Provision, ProvisionSettings, Scope, Strict
from chipcontrols.vocab import ReviewPolicy

LOGIC = "end_use_controls"


class EndUseRule(Strict):
    title: str
    effective: date | None = None
    citation: str
    confirmed: bool = True
    note: str | None = None
    review_policy: ReviewPolicy


class MilitaryEndUse(EndUseRule):
    countries: tuple[DatedCountry, ...]


class SupercomputerEndUse(EndUseRule):
    destinations: Scope


class Settings(ProvisionSettings):
    military_end_use: MilitaryEndUse
    supercomputer_end_use: SupercomputerEndUse


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    settings: Settings = provision.settings
    end_use = ctx.shipment.end_use
    if end_use is None:
        ctx.assumptions.append("No knowledge of a military, military-intelligence, supercomputer or advanced-IC "
                               "production end use or end user (give --end-use otherwise).")
        ctx.node(provision.id, provision.title, "not_applicable", "No knowledge of a prohibited end use attested "
                 "(assumed); these controls apply on knowledge.", [provision.citation],
                 inputs=inputs(end_use=(None, "default")))
        return
    read = inputs(end_use=(end_use, "user"))
    if end_use == "civil":
        ctx.node(provision.id, provision.title, "not_applicable", "Civil end use attested.", [provision.citation],
                 inputs=read, clears=True)
        return
    if end_use == "military":
        rule = settings.military_end_use
        entry = dated_entry(rule.countries, ctx.destination, ctx.on)
        if entry is None:
            ctx.node(provision.id, provision.title, "not_applicable", f"{rule.title} does not list {ctx.destination} "
                     f"on {ctx.on}.", [rule.citation], inputs=read, clears=True)
            return
        node = ctx.node(provision.id, provision.title, "applied", f"Military end use or end user in {ctx.destination}: "
                        f"license required ({rule.title}).", [entry.citation], inputs=read)
        ctx.require(Requirement(rule_id=provision.id, title=rule.title, citation=entry.citation,
                                review_policy=rule.review_policy), node)
        return
    rule = settings.supercomputer_end_use
    if (rule.effective is None or rule.effective <= ctx.on) and ctx.in_scope(rule.destinations, ctx.destination):
        if not rule.confirmed:
            ctx.warn("date_unconfirmed", rule.note, rule.citation)
        node = ctx.node(provision.id, provision.title, "applied", "Supercomputer or advanced-IC end use in "
                        f"{ctx.destination}: license required ({rule.title}).", [rule.citation], inputs=read)
        ctx.require(Requirement(rule_id=provision.id, title=rule.title, citation=rule.citation,
                                review_policy=rule.review_policy), node)
        return
    ctx.node(provision.id, provision.title, "not_applicable", f"{rule.title} does not reach this destination on this "
             "date.", [rule.citation], inputs=read, clears=True)
