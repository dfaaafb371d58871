"""Jan 2026 rule (91 FR 1684): case-by-case review for some China/Macau exports from the United States below a TPP
and a DRAM-bandwidth ceiling. It changes the review policy of the 3A090 license requirement, not the requirement."""

from __future__ import annotations

from chipcontrols.model.determination import Question, Requirement, TraceNode
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext, metric_inputs
from chipcontrols.rules.pack import Provision, ProvisionSettings
from chipcontrols.vocab import ReviewPolicy

LOGIC = "h200_review_policy"
TOP_LEVEL = False


class Settings(ProvisionSettings):
    destinations: tuple[str, ...]
    exported_from: tuple[str, ...]  # the policy covers exports from these countries only
    review_policy: ReviewPolicy  # the policy it sets below the ceilings
    tpp_parameter: str
    dram_bandwidth_parameter: str
    conditions: tuple[str, ...]


def evaluate(ctx: ItemContext, provision: Provision, *, parent: TraceNode, requirement: Requirement) -> None:
    settings: Settings = provision.settings
    if not provision.in_force(ctx.on) or ctx.destination not in settings.destinations:
        return
    tpp_limit, bw_limit = ctx.read(settings.tpp_parameter), ctx.read(settings.dram_bandwidth_parameter)
    reads = [tpp_limit, bw_limit]
    m, title = ctx.metrics, provision.title
    origins = describe.join_or([describe.country_name(ctx.pack, c) for c in settings.exported_from])
    if ctx.shipment.ship_from not in settings.exported_from:
        ctx.node(provision.id, title, "not_applicable", f"Shipped from {ctx.shipment.ship_from}, not exported from "
                 f"{origins}: {requirement.review_policy.replace('_', ' ')} stays.", [provision.citation],
                 parameters=reads, parent=parent)
        return
    if m.memory_bw_gbs is None:
        ctx.ask(Question(id="memory_bw_gbs", question=f"What is the {ctx.chip.name}'s total DRAM bandwidth (GB/s)?",
                         why="The 2026 case-by-case policy applies only below the DRAM bandwidth ceiling.",
                         rule_id=provision.id, answer_with="raw specs to classify"))
        ctx.node(provision.id, title, "needs_input", "DRAM bandwidth unknown.", [provision.citation], parameters=reads,
                 parent=parent)
        return
    if m.tpp < tpp_limit.value and m.memory_bw_gbs < bw_limit.value:
        requirement.review_policy = settings.review_policy
        requirement.review_policy_note = (f"{settings.review_policy.replace('_', '-').capitalize()} under "
                                          f"{provision.title} (exports from {origins}), subject to: " + "; ".join(settings.conditions)
                                          + ".")
        ctx.node(provision.id, title, "applied", f"TPP {m.tpp:,.0f} < {tpp_limit.value:,} and DRAM bandwidth "
                 f"{m.memory_bw_gbs:,.0f} GB/s < {bw_limit.value:,} GB/s, exported from {origins}: "
                 f"{settings.review_policy.replace('_', '-')} review.", [provision.citation], parameters=reads,
                 inputs=metric_inputs(ctx), parent=parent)
    else:
        ctx.node(provision.id, title, "not_applicable", f"TPP {m.tpp:,.0f} or DRAM bandwidth {m.memory_bw_gbs:,.0f} GB/s "
                 f"is at or above the ceilings ({tpp_limit.value:,}; {bw_limit.value:,} GB/s): "
                 f"{requirement.review_policy.replace('_', ' ')} stays.", [provision.citation], parameters=reads,
                 inputs=metric_inputs(ctx), parent=parent)
