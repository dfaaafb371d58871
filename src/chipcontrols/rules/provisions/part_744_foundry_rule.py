"""Jan 2025 foundry/OSAT rule (90 FR 5298): applicable advanced logic ICs a foundry or OSAT ships are presumed 3A090.a
and datacenter unless the designer is approved or authorized (or an approved OSAT packages and attests to it)."""

from __future__ import annotations

from chipcontrols.model.determination import Question, Requirement
from chipcontrols.rules.context import ItemContext, in_force, inputs
from chipcontrols.rules.pack import Provision, ProvisionSettings
from chipcontrols.vocab import ExporterRole

LOGIC = "foundry_rule"


class Settings(ProvisionSettings):
    exporter_roles: tuple[ExporterRole, ...]  # who the rule binds
    advanced_logic_process_nm_max: float
    advanced_logic_citation: str
    correction_citation: str | None = None
    review_policy_note: str


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    role = ctx.shipment.exporter_role
    if role not in settings.exporter_roles:
        roles = "|".join(settings.exporter_roles)
        if role is None:
            ctx.assumptions.append("The exporter is not a front-end fabricator (foundry) or OSAT shipping the bare IC "
                                   f"(give --exporter-role {roles} otherwise).")
        ctx.node(provision.id, provision.title, "not_applicable",
                 "Applies to front-end fabricators and OSATs only.", [provision.citation],
                 inputs=inputs(exporter_role=(role, "user" if role else "default")))
        return
    limit = settings.advanced_logic_process_nm_max
    process = ctx.chip.process_nm
    if process is not None and process > limit:
        ctx.node(provision.id, provision.title, "not_applicable", f"Process {process} nm > {limit:g} nm: not an "
                 "applicable advanced logic IC.", [settings.advanced_logic_citation], clears=True)
        return
    if ctx.shipment.approved_ic_designer is None:
        ctx.ask(Question(id="approved_ic_designer", question="Is the IC's designer an approved or authorized IC "
                         "designer, or is it packaged by an approved OSAT that attests to it?",
                         why="Otherwise a foundry/OSAT must treat an applicable advanced logic IC as 3A090.a and "
                         "datacenter.", rule_id=provision.id, answer_with="--approved-designer"))
        ctx.node(provision.id, provision.title, "needs_input", "Designer approval unknown.", [provision.citation])
        return
    if ctx.shipment.approved_ic_designer:
        ctx.node(provision.id, provision.title, "not_applicable", "Approved/authorized designer attested.",
                 [provision.citation], inputs=inputs(approved_ic_designer=(True, "user")), clears=True)
        return
    node = ctx.node(provision.id, provision.title, "applied", "Applicable advanced logic IC from a foundry/OSAT without "
                    "an approved designer: presumed 3A090.a and datacenter; license required.",
                    [provision.citation, settings.correction_citation])
    ctx.require(Requirement(rule_id=provision.id, title=provision.title, citation=provision.citation,
                            review_policy=None, review_policy_note=settings.review_policy_note), node)
