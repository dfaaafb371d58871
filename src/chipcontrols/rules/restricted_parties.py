"""Parties on restricted-party lists: the license requirement and review policy their entries carry.

Pure: the screening (I/O against a list snapshot) happens at the edge; this reads its results.
A possible match is never a silent pass: it makes the answer indeterminate until the user confirms
or clears it.
"""

from __future__ import annotations

import re

from chipcontrols.model.citation import Citation
from chipcontrols.model.shipment import ListHit, PartyScreening
from chipcontrols.rules.provisions import ItemContext, Question, Requirement

RULE_ID = "part_744.restricted_parties"
TITLE = "Restricted-party lists (Entity List, MEU List, Denied Persons, SDN, Unverified List, ...)"
CSL_URL = "https://www.trade.gov/consolidated-screening-list"

# List -> (how it binds, review policy when the entry does not state one). Keyed on the CSL source prefix.
LIST_EFFECTS = {
    "Entity List": ("license", None),
    "Military End User": ("license", "presumption_of_denial"),
    "Denied Persons": ("license", "policy_of_denial"),
    "Specially Designated Nationals": ("license", "policy_of_denial"),
    "Unverified List": ("red_flag", None),
}


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


def list_kind(source: str) -> str | None:
    return next((key for key in LIST_EFFECTS if source.startswith(key)), None)


def hit_citation_id(hit: ListHit) -> str:
    return "list:" + re.sub(r"[^A-Za-z0-9_.-]+", "_", hit.entity_number or hit.list_name)


def hit_citation(hit: ListHit) -> Citation:
    return Citation(title=f"{hit.source}: {hit.list_name}", fr=hit.federal_register_notice or None,
                    urls=(hit.source_list_url or CSL_URL,),
                    note=f"listed {hit.start_date}" if hit.start_date else None)


def restricted_parties(ctx: ItemContext, citations: dict[str, Citation]) -> None:
    parties = ctx.shipment.parties
    if not parties:
        ctx.node(RULE_ID, TITLE, "not_applicable", "No party was screened (give --party to screen the consignee and "
                 "end user against the loaded lists).", [])
        ctx.assumptions.append("No party to the transaction is on a restricted-party list (no --party screened).")
        return
    for party in parties:
        _party(ctx, party, citations)


def _party(ctx: ItemContext, party: PartyScreening, citations: dict[str, Citation]) -> None:
    live = [h for h in party.hits if (h.entity_number or h.list_name) not in party.cleared]
    cleared = len(party.hits) - len(live)
    if not live:
        note = f" ({cleared} possible match(es) cleared by the user)" if cleared else ""
        ctx.node(RULE_ID, TITLE, "not_applicable", f"{party.name}: no list entry matched{note}.", [],
                 inputs={"party": {"value": party.name, "source": "user"},
                         "snapshot": {"value": party.snapshot_hash, "source": "list snapshot"}})
        return
    for hit in live:
        key = hit.entity_number or hit.list_name
        cid = hit_citation_id(hit)
        citations[cid] = hit_citation(hit)
        confirmed = hit.status == "confirmed_match" or key in party.confirmed
        if not confirmed:
            ctx.ask(Question(f"party_match:{party.name}:{key}", f"Is '{party.name}' the listed '{hit.list_name}' "
                             f"({hit.source}, score {hit.score:.2f})? Confirm or clear the match.",
                             f"Possible list match: {hit.explanation or 'names are similar'}.", RULE_ID,
                             f"--confirm-match {key} / --clear-match {key}"))
            ctx.node(RULE_ID, TITLE, "needs_input", f"{party.name}: possible match with {hit.list_name} on the "
                     f"{hit.source} (score {hit.score:.2f}); it must be confirmed or cleared.", [cid])
            continue
        kind = list_kind(hit.source)
        effect, default_policy = LIST_EFFECTS.get(kind, ("warning", None))
        if effect == "license":
            policy = review_policy_from_text(hit.license_policy) or default_policy
            ctx.node(RULE_ID, TITLE, "applied", f"{party.name} is {hit.list_name} on the {hit.source}: "
                     f"{hit.license_requirement or 'license required'}; policy: {hit.license_policy or policy}.", [cid],
                     inputs={"party": {"value": party.name, "source": "user"},
                             "snapshot": {"value": party.snapshot_hash, "source": "list snapshot"}})
            ctx.requirements.append(Requirement(RULE_ID, f"{kind} entry: {hit.list_name}", cid, policy,
                                                hit.license_policy or None))
        elif effect == "red_flag":
            ctx.warn("unverified_list", f"{party.name} is on the Unverified List ({hit.list_name}): obtain a UVL "
                     "statement before export; license exceptions are not available.", cid)
            ctx.node(RULE_ID, TITLE, "applied", f"{party.name} is on the Unverified List: red flag, UVL statement "
                     "needed, no license exceptions.", [cid])
        else:
            ctx.warn("listed_party", f"{party.name} matches {hit.list_name} on the {hit.source}: check that "
                     "program's restrictions.", cid)
            ctx.node(RULE_ID, TITLE, "info", f"{party.name} is on the {hit.source} (not an EAR license list).", [cid])
