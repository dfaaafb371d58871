"""Is the item subject to the EAR at all? Items exported from the pack's jurisdiction, or made there, are; a
foreign-made item shipped from abroad is only in the cases the user attests (foreign direct product rules,
de minimis), and until then the engine asks."""

from __future__ import annotations

from chipcontrols.model.determination import Question
from chipcontrols.rules.context import ItemContext, inputs

RULE_ID = "subject_to_ear"
TITLE = "Jurisdiction: is the item subject to the EAR?"


def subject_to_ear(ctx: ItemContext) -> bool:
    """False stops evaluation: the EAR does not reach the item."""
    chip, shipment, home = ctx.chip, ctx.shipment, ctx.pack.info.jurisdiction
    if chip.origin_country == home or shipment.ship_from == home:
        return True
    if shipment.subject_to_ear is None:
        ctx.ask(Question(id=RULE_ID, question=f"Is this {chip.origin_country}-made item, shipped from "
                         f"{shipment.ship_from}, subject to the EAR (foreign direct product rules, de minimis U.S. "
                         "content)?", why="Foreign-made items outside the United States are subject to the EAR only in "
                         "those cases.", rule_id=RULE_ID, answer_with="--subject-to-ear/--not-subject-to-ear"))
        ctx.node(RULE_ID, TITLE, "needs_input", "Foreign-made item shipped from abroad: jurisdiction not established.", [])
        return True
    if not shipment.subject_to_ear:
        ctx.node(RULE_ID, TITLE, "not_applicable", "The user attests the item is not subject to the EAR: no EAR "
                 "requirement applies.", [], inputs=inputs(subject_to_ear=(False, "user")), clears=True)
        return False
    return True
