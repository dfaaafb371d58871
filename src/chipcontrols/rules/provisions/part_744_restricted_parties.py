"""Parties on restricted-party lists (Entity List, MEU List, Denied Persons, SDN, Unverified List, ...): the license
requirement and review policy their entries carry, by list (the effects are pack data, cited).

Pure: the screening (I/O against a list snapshot) happens at the edge; this reads its results. A possible match is
never a silent pass: it makes the answer indeterminate until the user confirms or clears it.
"""

from __future__ import annotations

import re

from chipcontrols.model.citation import Citation
from chipcontrols.model.determination import Question, Requirement
from chipcontrols.model.shipment import ListHit, PartyScreening
from chipcontrols.rules.context import ItemContext, inputs
from chipcontrols.rules.pack import Provision, ProvisionSettings, Strict
from chipcontrols.vocab import ListEffect, ReviewPolicy

LOGIC = "restricted_parties"


class ListEffectRule(Strict):
    source_prefix: str  # how the list's entries name their source in the CSL ("Entity List (EL) - ...")
    list: str  # the list's short name
    effect: ListEffect  # license: an EAR license requirement; red_flag: a red flag; warning: another program
    default_review_policy: ReviewPolicy | None = None  # when the entry does not state one
    citation: str


class Settings(ProvisionSettings):
    list_effects: tuple[ListEffectRule, ...]
    other_lists_citation: str  # what binds a hit on a list the table does not name (another program's rules)
    snapshot_url: str  # where the lists are published, for citations of entries that carry no URL of their own


def review_policy_from_text(text: str | None) -> str | None:
    """Map an entry's free-text license policy to the engine's vocabulary (None if it does not say)."""
    if not text:
        return None
    t = text.lower()
    if "presumption of denial" in t:
        return "presumption_of_denial"
    if "policy of denial" in t:
        return "policy_of_denial"
    if "case-by-case" in t or "case by case" in t:
        return "case_by_case"
    if "presumption of approval" in t:
        return "presumption_of_approval"
    return None


def list_effect(settings: Settings, source: str) -> ListEffectRule | None:
    return next((rule for rule in settings.list_effects if source.startswith(rule.source_prefix)), None)


def hit_citation_id(hit: ListHit) -> str:
    return "list:" + re.sub(r"[^A-Za-z0-9_.-]+", "_", hit.entity_number or hit.list_name)


def hit_citation(hit: ListHit, settings: Settings) -> Citation:
    return Citation(title=f"{hit.source}: {hit.list_name}", fr=hit.federal_register_notice or None,
                    urls=(hit.source_list_url or settings.snapshot_url,),
                    note=f"listed {hit.start_date}" if hit.start_date else None)


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    parties = ctx.shipment.parties
    if not parties:
        ctx.node(provision.id, provision.title, "not_applicable", "No party was screened (give --party to screen the "
                 "consignee and end user against the loaded lists).", [])
        ctx.assumptions.append("No party to the transaction is on a restricted-party list (no --party screened).")
        return
    for party in parties:
        _party(ctx, provision, party)


def _party(ctx: ItemContext, provision: Provision, party: PartyScreening) -> None:
    settings: Settings = provision.settings
    read = inputs(party=(party.name, "user"), snapshot=(party.snapshot_hash, "list snapshot"))
    live = [h for h in party.hits if (h.entity_number or h.list_name) not in party.cleared]
    cleared = len(party.hits) - len(live)
    if not live:
        note = f" ({cleared} possible match(es) cleared by the user)" if cleared else ""
        ctx.node(provision.id, provision.title, "not_applicable", f"{party.name}: no list entry matched{note}.", [],
                 inputs=read, clears=True)
        return
    for hit in live:
        key = hit.entity_number or hit.list_name
        cid = hit_citation_id(hit)
        ctx.list_citations[cid] = hit_citation(hit, settings)
        if not (hit.status == "confirmed_match" or key in party.confirmed):
            ctx.ask(Question(id=f"party_match:{party.name}:{key}", question=f"Is '{party.name}' the listed "
                             f"'{hit.list_name}' ({hit.source}, score {hit.score:.2f})? Confirm or clear the match.",
                             why=f"Possible list match: {hit.explanation or 'names are similar'}.",
                             rule_id=provision.id, answer_with=f"--confirm-match {key} / --clear-match {key}"))
            ctx.node(provision.id, provision.title, "needs_input", f"{party.name}: possible match with {hit.list_name} "
                     f"on the {hit.source} (score {hit.score:.2f}); it must be confirmed or cleared.", [cid])
            continue
        rule = list_effect(settings, hit.source)
        effect = rule.effect if rule else "warning"
        if effect == "license":
            policy = review_policy_from_text(hit.license_policy) or rule.default_review_policy
            node = ctx.node(provision.id, provision.title, "applied", f"{party.name} is {hit.list_name} on the "
                            f"{hit.source}: {hit.license_requirement or 'license required'}; policy: "
                            f"{hit.license_policy or policy}.", [cid, rule.citation], inputs=read)
            ctx.require(Requirement(rule_id=provision.id, title=f"{rule.list} entry: {hit.list_name}", citation=cid,
                                    review_policy=policy, review_policy_note=hit.license_policy or None), node)
        elif effect == "red_flag":
            ctx.warn("unverified_list", f"{party.name} is on the {rule.list} ({hit.list_name}): obtain a UVL "
                     "statement before export; license exceptions are not available.", cid)
            ctx.node(provision.id, provision.title, "applied", f"{party.name} is on the {rule.list}: red flag, UVL "
                     "statement needed, no license exceptions.", [cid, rule.citation])
        else:
            ctx.warn("listed_party", f"{party.name} matches {hit.list_name} on the {hit.source}: check that "
                     "program's restrictions.", cid)
            ctx.node(provision.id, provision.title, "info", f"{party.name} is on the {hit.source} (not an EAR license "
                     "list).", [cid, rule.citation if rule else settings.other_lists_citation])


def list_kind(source: str, pack=None) -> str | None:
    """The short name of the list a hit's source names, by the pack's table (the default pack unless given)."""
    from chipcontrols.rules.pack import default_pack

    pack = pack or default_pack()
    provision = next(p for p in pack.provisions.values() if p.logic == LOGIC)
    rule = list_effect(provision.settings, source)
    return rule.list if rule else None
