"""Party-specific "is-informed" letters: each binds its addressee only, for the items and destinations it names."""

from __future__ import annotations

import re

from chipcontrols.model.determination import Question, Requirement
from chipcontrols.model.shipment import Shipment
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext, criteria_met, inputs
from chipcontrols.rules.pack import Coverage, Letter

EVERY_EXPORTER = "*"  # a letter-like rule that binds every exporter (policy-lab criterion rules)


def evaluate(ctx: ItemContext) -> None:
    for letter in ctx.pack.letters.values():
        _letter(ctx, letter)


def _covered(ctx: ItemContext, covers: Coverage) -> tuple[bool | None, str]:
    if ctx.chip.id in covers.chips:
        return True, f"the letter names the {ctx.chip.name}"
    if covers.criteria is None:
        return False, f"the letter does not name the {ctx.chip.name}"
    met = criteria_met(ctx.metrics, covers.criteria)
    if met is None:
        return None, "a metric the letter's criteria need is unknown for this chip"
    return met, "the chip meets the letter's criteria" if met else "the chip is below the letter's criteria"


def exporter_is(shipment: Shipment, addressee: str, aliases: tuple[str, ...] = ()) -> bool | None:
    """Does the letter bind this exporter? Names match on word boundaries ('AMD', 'Advanced Micro Devices, Inc.')."""
    if addressee == EVERY_EXPORTER:
        return True
    if shipment.exporter is None:
        return None
    return any(re.search(rf"\b{re.escape(name)}\b", shipment.exporter, re.IGNORECASE) for name in (addressee, *aliases))


def _would_reach(ctx: ItemContext, letter: Letter, covered: bool | None) -> bool:
    """Would the letter reach this item and destination (or headquarters) if it bound this exporter? Only then is
    "it binds someone else" a reason no license is needed. Read without the warnings of a real scope test."""
    if covered is not True:
        return False
    if ctx.pack.in_scope(letter.destinations, ctx.destination, ctx.on):
        return True
    return letter.hq_scope is not None and any(ctx.pack.in_scope(letter.hq_scope, hq, ctx.on)
                                               for hq in ctx.hq_countries())


def _letter(ctx: ItemContext, letter: Letter) -> None:
    if not letter.in_force(ctx.on):
        ctx.node(letter.id, letter.title, "not_in_force",
                 f"Not in force on {ctx.on} ({describe.window(letter.effective, letter.ends)}).", [letter.citation])
        return
    exporter_match = exporter_is(ctx.shipment, letter.addressee, letter.addressee_aliases)
    covered, why = _covered(ctx, letter.covers)
    if exporter_match is False:
        ctx.node(letter.id, letter.title, "not_applicable",
                 f"The letter binds {letter.addressee} only; the exporter is {ctx.shipment.exporter}.", [letter.citation],
                 inputs=inputs(exporter=(ctx.shipment.exporter, "user")), clears=_would_reach(ctx, letter, covered))
        return
    dest_in = ctx.in_scope(letter.destinations, ctx.destination)
    hq_in = bool(letter.hq_scope) and bool(ctx.hq_in_scope(letter.hq_scope))
    if covered is False or (not dest_in and not hq_in and (letter.hq_scope is None or ctx.hq_known())):
        reason = why if covered is False else f"{ctx.destination} is outside the letter's destinations"
        ctx.node(letter.id, letter.title, "not_applicable", f"Does not apply: {reason}.", [letter.citation])
        return
    if not dest_in and not hq_in:
        ctx.ask_headquarters(letter.id, f"{letter.title}: the letter also reaches companies headquartered (or whose "
                             "ultimate parent is headquartered) in its destinations.")
        ctx.node(letter.id, letter.title, "needs_input", "Needs the end user's and its ultimate parent's headquarters.",
                 [letter.citation])
        return
    if covered is None:
        ctx.ask(Question(id=f"metrics_for_{letter.id}", question=f"What are the {ctx.chip.name}'s memory and "
                         "interconnect bandwidths?", why=f"{letter.title}: {why}.", rule_id=letter.id,
                         answer_with="raw specs to classify"))
        ctx.node(letter.id, letter.title, "needs_input", why.capitalize() + ".", [letter.citation])
        return
    if exporter_match is None:
        ctx.ask(Question(id="exporter", question=f"Is the exporter {letter.addressee} (or is the item exported on its "
                         "behalf)?", why=f"{letter.title} binds {letter.addressee} only; it covers this item ({why}) "
                         "for this destination.", rule_id=letter.id, answer_with="--exporter / exporter"))
        ctx.node(letter.id, letter.title, "needs_input",
                 f"The letter covers this item ({why}) for {ctx.destination}, but binds only {letter.addressee}: "
                 "the exporter is not given.", [letter.citation])
        return
    if not letter.confirmed:
        ctx.warn("letter_unconfirmed", f"{letter.title}: {letter.note or 'letter unconfirmed'}", letter.citation)
    if not letter.covers.criteria_confirmed and ctx.chip.id not in letter.covers.chips:
        ctx.warn("letter_unconfirmed", f"{letter.title}: {letter.covers.criteria_note or 'criteria unconfirmed'}",
                 letter.citation)
    who = "Every exporter is" if letter.addressee == EVERY_EXPORTER else f"{letter.addressee} was"
    node = ctx.node(letter.id, letter.title, "applied",
                    f"{who} informed that a license is required: {why}, destination or headquarters in scope.",
                    [letter.citation], inputs=inputs(exporter=(ctx.shipment.exporter, "user")))
    ctx.require(Requirement(rule_id=letter.id, title=letter.title, citation=letter.citation,
                            review_policy=letter.review_policy,
                            review_policy_note=letter.note or "Review policy not published for this letter."), node)
