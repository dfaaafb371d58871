"""Jan 2025 AI Diffusion framework (90 FR 4544): a worldwide license requirement for 3A090.a items by tier, with
AIA and LPP. It is in the CFR text but not enforced: its requirement counts in `outcome_per_text` only."""

from __future__ import annotations

from chipcontrols.model.determination import LicenseException, Requirement
from chipcontrols.rules.context import ItemContext, in_force
from chipcontrols.rules.pack import Provision, ProvisionSettings, Scope

LOGIC = "ai_diffusion"


class Settings(ProvisionSettings):
    eccn: str  # the ECCN the worldwide requirement covers
    tier1_group: str
    tier3_scope: Scope
    aia_conditions: tuple[str, ...]
    lpp_parameter: str
    lpp_condition: str  # {tpp}: the per-consignee allowance
    tier2_aca_condition: str  # ACA for non-datacenter items to Tier 2


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    c = ctx.classification
    if c.eccn != settings.eccn:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"The worldwide requirement covers {settings.eccn} items only." if not c.missing else
                 "Classification incomplete.", [provision.citation], clears=not c.missing)
        return
    window = provision.enforcement_on(ctx.on)
    if window is not None:
        status_sentence = f"Not enforced from {window.start} ({window.note})."
        citations = [provision.citation, window.citation]
    else:
        status_sentence = f"Effective {provision.effective} but compliance not required until {provision.compliance}."
        citations = [provision.citation]
    if ctx.in_group(settings.tier1_group, ctx.destination):
        options = [LicenseException(name="AIA", citation=provision.citation, conditions=list(settings.aia_conditions))]
        tier, policy = "Tier 1", None
    elif ctx.in_scope(settings.tier3_scope, ctx.destination):
        options, tier, policy = [], "Tier 3", "presumption_of_denial"
    else:
        lpp = ctx.pack.param(settings.lpp_parameter, ctx.on)
        options = [LicenseException(name="LPP", citation=provision.citation,
                                    conditions=[settings.lpp_condition.format(tpp=f"{lpp.value:,}")])]
        if not ctx.metrics.datacenter:
            options.append(LicenseException(name="ACA", citation=provision.citation,
                                            conditions=[settings.tier2_aca_condition]))
        tier, policy = "Tier 2", "presumption_of_approval"
    node = ctx.node(provision.id, provision.title, "not_enforced",
                    f"By the CFR text: {settings.eccn} item to a {tier} destination needs a license"
                    + (f" (exceptions: {', '.join(o.name for o in options)})" if options else "")
                    + f". {status_sentence}", citations)
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                            review_policy=policy, review_policy_note=f"{tier} under the AI Diffusion text.",
                            license_exceptions=options, enforced=False), node)
    ctx.warn("rule_not_enforced", f"The AI Diffusion rule's worldwide requirement is in the CFR but not enforced on "
             f"{ctx.on}: {status_sentence}", window.citation if window else provision.citation)
