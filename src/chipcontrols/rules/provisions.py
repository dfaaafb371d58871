"""One function per legal provision. Each reads the item context and records what it found.

Every function appends exactly one trace node (applied, not applicable, not in force, not enforced,
or needs input) and may add a requirement or a question. Nothing here reads a clock or a file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from chipcontrols.catalog.metrics import Metrics
from chipcontrols.model.chip import Chip
from chipcontrols.model.shipment import Shipment
from chipcontrols.rules.classify import Classification
from chipcontrols.rules.pack import Coverage, CriteriaSet, Criterion, Letter, Provision, RulesPack, Scope
from chipcontrols.rules.trace import ParameterRead, TraceNode

POLICY_STRICTNESS = {None: 0, "presumption_of_approval": 1, "case_by_case": 2,
                     "presumption_of_denial": 3, "policy_of_denial": 4}


@dataclass
class LicenseException:
    name: str  # "NAC", "ACA", "LPP", "AIA"
    citation: str
    conditions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Requirement:
    rule_id: str
    title: str
    citation: str
    review_policy: str | None
    review_policy_note: str | None = None
    exceptions: list[LicenseException] = field(default_factory=list)
    enforced: bool = True  # False: in the CFR text but not enforced (or not yet required)

    def to_dict(self) -> dict:
        return {"rule_id": self.rule_id, "title": self.title, "citation": self.citation,
                "review_policy": self.review_policy, "review_policy_note": self.review_policy_note,
                "license_exceptions": [e.to_dict() for e in self.exceptions], "enforced": self.enforced}


@dataclass
class Question:
    id: str
    text: str
    why: str
    rule_id: str
    answer_with: str  # the CLI option / API field that answers it

    def to_dict(self) -> dict:
        return {"id": self.id, "question": self.text, "why": self.why, "rule_id": self.rule_id,
                "answer_with": self.answer_with}


@dataclass
class Warning:
    code: str
    message: str
    citation: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ItemContext:
    chip: Chip
    metrics: Metrics
    classification: Classification  # under the text in force on the date
    datacenter_source: str  # "catalog" or "user" (an override)
    shipment: Shipment
    on: date
    pack: RulesPack
    destination: str  # after "treated as" (HK -> CN)
    nodes: list[TraceNode] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def node(self, provision_id: str, title: str, status: str, sentence: str, citations=(), **extra) -> TraceNode:
        node = TraceNode(provision_id, title, status, sentence, [c for c in citations if c], item=self.chip.id, **extra)
        self.nodes.append(node)
        return node

    def ask(self, question: Question) -> None:
        if all(q.id != question.id for q in self.questions):
            self.questions.append(question)

    def warn(self, code: str, message: str, citation: str | None = None) -> None:
        if all(w.message != message for w in self.warnings):
            self.warnings.append(Warning(code, message, citation))

    def in_group(self, group: str, country: str) -> bool:
        membership = self.pack.group_membership(group, country, self.on)
        if membership is not None and not self.pack.groups[group].is_confirmed(membership):
            note = f" ({membership.note})" if membership.note else ""
            self.warn("group_unconfirmed", f"{country}'s membership of Country Group {group} on {self.on} is "
                      f"unconfirmed{note}.", membership.citation or self.pack.groups[group].citation)
        lapsed = None if membership is not None else self.pack.groups[group].lapsed_unconfirmed(country, self.on)
        if lapsed is not None:
            note = f" ({lapsed.note})" if lapsed.note else ""
            self.warn("group_unconfirmed", f"{country} is treated as out of Country Group {group} after {lapsed.until}, "
                      f"a date no source confirms{note}; if it was still a member on {self.on}, the answer differs.",
                      lapsed.citation or self.pack.groups[group].citation)
        return membership is not None

    def in_scope(self, scope: Scope, country: str) -> bool:
        if country in scope.plus_countries:
            return True
        inside = any([self.in_group(g, country) for g in scope.any_of_groups])
        return inside and not any([self.in_group(g, country) for g in scope.except_groups])

    def hq_countries(self) -> list[str]:
        return [c for c in (self.shipment.end_user_hq, self.shipment.ultimate_parent_hq) if c]

    def hq_known(self) -> bool:
        """Both the end user's and its ultimate parent's headquarters are known."""
        return self.shipment.end_user_hq is not None and self.shipment.ultimate_parent_hq is not None

    def ask_headquarters(self, rule_id: str, why: str) -> None:
        if self.shipment.end_user_hq is None:
            self.ask(Question("end_user_hq", "In which country is the end user headquartered?", why, rule_id,
                              "--end-user-hq / end_user_hq"))
        if self.shipment.ultimate_parent_hq is None:
            self.ask(Question("ultimate_parent_hq", "In which country is the end user's ultimate parent headquartered? "
                              "(the end user's own country if it has no parent)", why, rule_id,
                              "--ultimate-parent-hq / ultimate_parent_hq"))

    def provision(self, provision_id: str) -> Provision:
        return self.pack.provisions[provision_id]


def _in_force(ctx: ItemContext, provision: Provision) -> bool:
    """True if the provision is in force on the date; otherwise record a not-in-force node."""
    if provision.in_force(ctx.on):
        return True
    window = f"from {provision.effective}" + (f" to {provision.ends}" if provision.ends else "")
    state = "switched off" if not provision.enabled else f"not on {ctx.on}"
    ctx.node(provision.id, provision.title, "not_in_force", f"In force {window}; {state}.", [provision.citation])
    return False


def _inputs(**pairs) -> dict:
    return {k: {"value": v[0], "source": v[1]} for k, v in pairs.items()}


def _metric_value(metrics: Metrics, name: str):
    if name == "memory_plus_interconnect_gbs":
        if metrics.memory_bw_gbs is None or metrics.interconnect_bw_gbs is None:
            return None
        return metrics.memory_bw_gbs + metrics.interconnect_bw_gbs
    return getattr(metrics, name)


def criterion_met(metrics: Metrics, criterion: Criterion) -> bool | None:
    value = _metric_value(metrics, criterion.metric)
    if value is None:
        return None
    return {">=": value >= criterion.value, ">": value > criterion.value, "<=": value <= criterion.value,
            "<": value < criterion.value, "==": value == criterion.value}[criterion.op]


def criteria_met(metrics: Metrics, criteria: CriteriaSet) -> bool | None:
    """Three-valued: True, False, or None when an unknown metric decides."""
    results_all = [criterion_met(metrics, c) for c in criteria.all_of]
    results_any = [criterion_met(metrics, c) for c in criteria.any_of]
    all_part = None if None in results_all and False not in results_all else all(r for r in results_all)
    if criteria.any_of:
        any_part = True if True in results_any else (None if None in results_any else False)
    else:
        any_part = True
    if all_part is False or any_part is False:
        return False
    if all_part is None or any_part is None:
        return None
    return True


# --- part 746: embargoes ---------------------------------------------------------------------------
def embargo(ctx: ItemContext) -> None:
    provision = ctx.provision("part_746.embargoes")
    for entry in provision.setting("destinations", []):
        since = entry.get("since")
        if entry["country"] == ctx.destination and (since is None or since <= ctx.on) and provision.enabled:
            note = f" {entry['note']}." if entry.get("note") else ""
            ctx.node(provision.id, provision.title, "applied",
                     f"{ctx.destination} is under a comprehensive embargo or sanctions regime on {ctx.on}: a license "
                     f"is required for these items.{note}", [entry["citation"]],
                     inputs=_inputs(destination=(ctx.destination, "user")))
            ctx.requirements.append(Requirement(provision.id, provision.title, entry["citation"],
                                                entry.get("review_policy")))
            return
    ctx.node(provision.id, provision.title, "not_applicable",
             f"{ctx.destination} is not an embargoed or sanctioned destination under part 746 on {ctx.on}.",
             [provision.citation], inputs=_inputs(destination=(ctx.destination, "user")))


# --- is-informed letters ---------------------------------------------------------------------------
def _covered(ctx: ItemContext, covers: Coverage) -> tuple[bool | None, str]:
    if ctx.chip.id in covers.chips:
        return True, f"the letter names the {ctx.chip.name}"
    if covers.criteria is None:
        return False, f"the letter does not name the {ctx.chip.name}"
    met = criteria_met(ctx.metrics, covers.criteria)
    if met is None:
        return None, "a metric the letter's criteria need is unknown for this chip"
    return met, "the chip meets the letter's criteria" if met else "the chip is below the letter's criteria"


EVERY_EXPORTER = "*"  # a letter-like rule that binds every exporter (policy-lab criterion rules)


def _exporter_is(shipment: Shipment, addressee: str, aliases: tuple[str, ...] = ()) -> bool | None:
    """Does the letter bind this exporter? Names match on word boundaries ('AMD', 'Advanced Micro Devices, Inc.')."""
    if addressee == EVERY_EXPORTER:
        return True
    if shipment.exporter is None:
        return None
    return any(re.search(rf"\b{re.escape(name)}\b", shipment.exporter, re.IGNORECASE) for name in (addressee, *aliases))


def letters(ctx: ItemContext) -> None:
    for letter in ctx.pack.letters.values():
        _letter(ctx, letter)


def _letter(ctx: ItemContext, letter: Letter) -> None:
    if not letter.in_force(ctx.on):
        ctx.node(letter.id, letter.title, "not_in_force",
                 f"Not in force on {ctx.on} (from {letter.effective}" + (f" to {letter.ends}" if letter.ends else "") + ").",
                 [letter.citation])
        return
    if _exporter_is(ctx.shipment, letter.addressee, letter.addressee_aliases) is False:
        ctx.node(letter.id, letter.title, "not_applicable",
                 f"The letter binds {letter.addressee} only; the exporter is {ctx.shipment.exporter}.", [letter.citation],
                 inputs=_inputs(exporter=(ctx.shipment.exporter, "user")))
        return
    covered, why = _covered(ctx, letter.covers)
    dest_in = ctx.in_scope(letter.destinations, ctx.destination)
    hq_in = bool(letter.hq_scope) and any(ctx.in_scope(letter.hq_scope, c) for c in ctx.hq_countries())
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
        ctx.ask(Question(f"metrics_for_{letter.id}", f"What are the {ctx.chip.name}'s memory and interconnect bandwidths?",
                         f"{letter.title}: {why}.", letter.id, "raw specs to classify"))
        ctx.node(letter.id, letter.title, "needs_input", why.capitalize() + ".", [letter.citation])
        return
    exporter_match = _exporter_is(ctx.shipment, letter.addressee, letter.addressee_aliases)
    unconfirmed = []
    if not letter.confirmed:
        unconfirmed.append(letter.note or "letter unconfirmed")
    if not letter.covers.criteria_confirmed and ctx.chip.id not in letter.covers.chips:
        unconfirmed.append(letter.covers.criteria_note or "criteria unconfirmed")
    if exporter_match is None:
        ctx.ask(Question("exporter", f"Is the exporter {letter.addressee} (or is the item exported on its behalf)?",
                         f"{letter.title} binds {letter.addressee} only; it covers this item ({why}) for this destination.",
                         letter.id, "--exporter / exporter"))
        ctx.node(letter.id, letter.title, "needs_input",
                 f"The letter covers this item ({why}) for {ctx.destination}, but binds only {letter.addressee}: "
                 "the exporter is not given.", [letter.citation])
        return
    for text in unconfirmed:
        ctx.warn("letter_unconfirmed", f"{letter.title}: {text}", letter.citation)
    who = "Every exporter is" if letter.addressee == EVERY_EXPORTER else f"{letter.addressee} was"
    ctx.node(letter.id, letter.title, "applied",
             f"{who} informed that a license is required: {why}, destination or headquarters in scope.",
             [letter.citation], inputs=_inputs(exporter=(ctx.shipment.exporter, "user")))
    note = letter.note
    ctx.requirements.append(Requirement(letter.id, letter.title, letter.citation, letter.review_policy,
                                        review_policy_note=note or "Review policy not published for this letter."))


# --- 742.6(a)(6): 3A090 license requirements ------------------------------------------------------
def license_3a090_2022(ctx: ItemContext) -> None:
    provision = ctx.provision("part_742.license_3a090_2022")
    if not _in_force(ctx, provision):
        return
    listed = [d for d in provision.setting("destinations") if d["country"] == ctx.destination
              and (d.get("since") is None or d["since"] <= ctx.on)]
    if not listed:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is not a destination of the 2022 rule on {ctx.on} (China, and Macau from 2023-01-18).",
                 [provision.citation], inputs=_inputs(destination=(ctx.destination, "user")))
        return
    c = ctx.classification
    if c.missing:
        _ask_metrics(ctx, c, provision.id)
        ctx.node(provision.id, provision.title, "needs_input", c.sentence, [c.citation], parameters=c.parameters)
        return
    if c.eccn is None:
        ctx.node(provision.id, provision.title, "not_applicable", c.sentence, [c.citation], parameters=c.parameters,
                 inputs=_metric_inputs(ctx))
        return
    if not listed[0].get("confirmed", True):
        ctx.warn("destination_unconfirmed", f"{ctx.destination}'s inclusion from {listed[0].get('since')} is not "
                 "confirmed (publication date used as effective date).", listed[0]["citation"])
    if not provision.setting("review_policy_confirmed", True):
        ctx.warn("review_policy_unconfirmed", provision.setting("review_policy_note"), provision.citation)
    ctx.node(provision.id, provision.title, "applied", f"{c.sentence} Destination {ctx.destination} is covered: "
             "license required.", [c.citation, listed[0]["citation"]], parameters=c.parameters, inputs=_metric_inputs(ctx))
    ctx.requirements.append(Requirement(provision.id, provision.title, provision.citation,
                                        provision.setting("review_policy"), provision.setting("review_policy_note")))


def scope_2023(ctx: ItemContext) -> Scope:
    return Scope(**ctx.provision("part_742.license_3a090_2023").setting("destination_scope"))


def license_3a090_2023(ctx: ItemContext) -> None:
    provision = ctx.provision("part_742.license_3a090_2023")
    if not _in_force(ctx, provision):
        return
    c = ctx.classification
    in_scope = ctx.in_scope(scope_2023(ctx), ctx.destination)
    if not in_scope:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is not in D:1, D:4 or D:5 (less A:5/A:6), nor Macau, on {ctx.on}.",
                 [provision.citation], inputs=_inputs(destination=(ctx.destination, "user")))
        return
    if c.missing:
        _ask_metrics(ctx, c, provision.id)
        ctx.node(provision.id, provision.title, "needs_input", c.sentence, [c.citation], parameters=c.parameters)
        return
    if c.eccn is None:
        ctx.node(provision.id, provision.title, "not_applicable", c.sentence, [c.citation], parameters=c.parameters,
                 inputs=_metric_inputs(ctx))
        return
    policies = provision.setting("review_policy")
    d5_or_macau = ctx.destination == "MO" or ctx.in_group("D:5", ctx.destination)
    hq_d5 = any(c_ == "MO" or ctx.in_group("D:5", c_) for c_ in ctx.hq_countries())
    if d5_or_macau:
        policy, note = policies["d5_or_macau"], f"{ctx.destination} is in D:5 or is Macau: presumption of denial."
    elif hq_d5:
        policy, note = policies["other_in_scope_hq_d5_or_macau"], "End user headquartered in D:5 or Macau."
    else:
        policy = policies["other_in_scope"]
        note = "Presumption of approval for D:1/D:4 destinations, unless the end user or its parent is headquartered in D:5 or Macau."
    requirement = Requirement(provision.id, provision.title, provision.citation, policy, note,
                              exceptions=nac_aca_options(ctx, via_headquarters=False))
    ctx.node(provision.id, provision.title, "applied", f"{c.sentence} {ctx.destination} is in the destination scope: "
             "license required.", [c.citation], parameters=c.parameters, inputs=_metric_inputs(ctx))
    _h200_review(ctx, requirement)
    ctx.requirements.append(requirement)


def _h200_review(ctx: ItemContext, requirement: Requirement) -> None:
    """The Jan 2026 rule changes the review policy (not the requirement) for some China/Macau exports."""
    provision = ctx.provision("part_742.h200_review_policy_2026")
    if not provision.in_force(ctx.on) or ctx.destination not in provision.setting("destinations"):
        return
    reads = []
    tpp_limit = ctx.pack.param("part_742.h200_case_by_case.tpp_below", ctx.on)
    bw_limit = ctx.pack.param("part_742.h200_case_by_case.dram_bandwidth_below_gbs", ctx.on)
    for pid, v in (("part_742.h200_case_by_case.tpp_below", tpp_limit),
                   ("part_742.h200_case_by_case.dram_bandwidth_below_gbs", bw_limit)):
        reads.append(ParameterRead(pid, v.value, v.effective, v.citation, v.confirmed))
        if not v.confirmed:
            ctx.warn("parameter_unconfirmed", f"{pid} = {v.value}: {v.note}", v.citation)
    m = ctx.metrics
    title = provision.title
    if ctx.shipment.ship_from != "US":
        ctx.node(provision.id, title, "not_applicable", f"Shipped from {ctx.shipment.ship_from}, not exported from the "
                 "United States: presumption of denial stays.", [provision.citation], parameters=reads)
        return
    if m.memory_bw_gbs is None:
        ctx.ask(Question("memory_bw_gbs", f"What is the {ctx.chip.name}'s total DRAM bandwidth (GB/s)?",
                         "The 2026 case-by-case policy applies only below the DRAM bandwidth ceiling.",
                         provision.id, "raw specs to classify"))
        ctx.node(provision.id, title, "needs_input", "DRAM bandwidth unknown.", [provision.citation], parameters=reads)
        return
    if m.tpp < tpp_limit.value and m.memory_bw_gbs < bw_limit.value:
        requirement.review_policy = "case_by_case"
        requirement.review_policy_note = ("Case-by-case under the Jan 2026 rule (exports from the U.S.), subject to: "
                                          + "; ".join(provision.setting("conditions")) + ".")
        ctx.node(provision.id, title, "applied", f"TPP {m.tpp:,.0f} < {tpp_limit.value:,} and DRAM bandwidth "
                 f"{m.memory_bw_gbs:,.0f} GB/s < {bw_limit.value:,} GB/s, exported from the U.S.: case-by-case review.",
                 [provision.citation], parameters=reads, inputs=_metric_inputs(ctx))
    else:
        ctx.node(provision.id, title, "not_applicable", f"TPP {m.tpp:,.0f} or DRAM bandwidth {m.memory_bw_gbs:,.0f} GB/s "
                 f"is at or above the ceilings ({tpp_limit.value:,}; {bw_limit.value:,} GB/s): presumption of denial stays.",
                 [provision.citation], parameters=reads, inputs=_metric_inputs(ctx))


def headquarters_rule(ctx: ItemContext) -> None:
    provision = ctx.provision("part_742.headquarters_rule")
    if not _in_force(ctx, provision):
        return
    c = ctx.classification
    if ctx.in_scope(scope_2023(ctx), ctx.destination):
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{ctx.destination} is itself in the destination scope; the destination rule governs.", [provision.citation])
        return
    if c.missing:
        _ask_metrics(ctx, c, provision.id)
        ctx.node(provision.id, provision.title, "needs_input", c.sentence, [c.citation], parameters=c.parameters)
        return
    if c.eccn is None:
        ctx.node(provision.id, provision.title, "not_applicable", f"Not a 3A090 item: {c.sentence}", [c.citation],
                 parameters=c.parameters)
        return
    hq_scope = Scope(**provision.setting("hq_scope"))
    hits = [h for h in ctx.hq_countries() if ctx.in_scope(hq_scope, h)]
    inputs = _inputs(end_user_hq=(ctx.shipment.end_user_hq, "user"),
                     ultimate_parent_hq=(ctx.shipment.ultimate_parent_hq, "user"))
    if not hits and not ctx.hq_known():
        ctx.ask_headquarters(provision.id, f"{c.eccn} items need a license to any destination when for an entity "
                             "headquartered, or whose ultimate parent is headquartered, in D:5 or Macau.")
        ctx.node(provision.id, provision.title, "needs_input", f"{c.eccn} item to {ctx.destination}: the end user's "
                 "and its ultimate parent's headquarters decide.", [provision.citation], inputs=inputs)
        return
    if not hits:
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"End user headquartered in {ctx.shipment.end_user_hq} and its ultimate parent in "
                 f"{ctx.shipment.ultimate_parent_hq}: outside D:5 and Macau.", [provision.citation], inputs=inputs)
        return
    ctx.node(provision.id, provision.title, "applied",
             f"{c.eccn} item for an entity headquartered in {', '.join(hits)} (D:5 or Macau): license required to any "
             "destination.", [provision.citation, provision.setting("enforcement_note_citation")], inputs=inputs)
    ctx.requirements.append(Requirement(provision.id, provision.title, provision.citation,
                                        provision.setting("review_policy"), provision.setting("review_policy_note"),
                                        exceptions=nac_aca_options(ctx, via_headquarters=True)))


# --- 740.8: NAC / ACA --------------------------------------------------------------------------------
def nac_aca_options(ctx: ItemContext, via_headquarters: bool) -> list[LicenseException]:
    provision = ctx.provision("part_740.nac_aca")
    c = ctx.classification
    if not provision.in_force(ctx.on) or c.regime != "2023":
        return []
    if ctx.metrics.datacenter and c.eccn == "3A090.a":
        ctx.node(provision.id, provision.title, "not_applicable",
                 f"{provision.setting('ineligible')}: no NAC or ACA.", [provision.citation])
        return []
    days = ctx.pack.param("part_740.nac.notification_days", ctx.on)
    notify = (f"Notify BIS at least {days.value} calendar days before shipment (AES license code C67 with the NAC "
              "confirmation number); BIS may object and require a license.")
    d5_or_macau = ctx.destination == "MO" or ctx.in_group("D:5", ctx.destination)
    hq_d5 = via_headquarters or any(h == "MO" or ctx.in_group("D:5", h) for h in ctx.hq_countries())
    version = [v for v in provision.setting("versions") if v["effective"] <= ctx.on
               and (v.get("ends") is None or ctx.on <= v["ends"])][0]
    if version["version"] == "2023-11":
        conditions = [notify] if (d5_or_macau or hq_d5) else ["No notification (destination not in D:5 or Macau)."]
        if d5_or_macau or hq_d5:
            ctx.warn("source_discrepancy", "NAC notification scope, Nov 2023 - Apr 2024: BIS's Oct 2023 OMB memo "
                     "describes notification for China or Macau only; later descriptions say Macau and all of D:5.",
                     version["citation"])
        option = LicenseException("NAC", version["citation"], conditions)
    elif d5_or_macau or hq_d5:
        option = LicenseException("NAC", version["citation"], [notify])
    elif not ctx.hq_known():
        # ACA is for parties not headquartered in D:5/Macau; until that is known the answer cannot be settled.
        ctx.ask_headquarters(provision.id, "ACA (no notification) applies only if neither the end user nor its "
                             "ultimate parent is headquartered in D:5 or Macau; otherwise NAC with notification.")
        option = LicenseException("ACA", version["citation"], [
            "Only if neither the end user nor its ultimate parent is headquartered in D:5 or Macau (else NAC: "
            + notify + ")"])
    else:
        option = LicenseException("ACA", version["citation"], ["No notification required (D:1/D:4 destination "
                                                                "not in D:5 and not Macau; parties not "
                                                                "headquartered in D:5 or Macau)."])
    ctx.node(provision.id, provision.title, "applied", f"{c.eccn} item not both datacenter and 3A090.a: License "
             f"Exception {option.name} is available. " + " ".join(option.conditions), [version["citation"]],
             parameters=[ParameterRead("part_740.nac.notification_days", days.value, days.effective, days.citation)])
    return [option]


# --- AI Diffusion (text in the CFR, not enforced) ---------------------------------------------------
def ai_diffusion(ctx: ItemContext) -> None:
    provision = ctx.provision("part_742.ai_diffusion_worldwide")
    if not _in_force(ctx, provision):
        return
    c = ctx.classification
    if c.eccn != "3A090.a":
        ctx.node(provision.id, provision.title, "not_applicable",
                 "The worldwide requirement covers 3A090.a/4A090.a items only." if not c.missing else
                 "Classification incomplete.", [provision.citation])
        return
    window = provision.enforcement_on(ctx.on)
    if window is not None:
        status_sentence = f"Not enforced from {window.start} ({window.note})."
        citations = [provision.citation, window.citation]
    else:
        status_sentence = (f"Effective {provision.effective} but compliance not required until {provision.compliance}.")
        citations = [provision.citation]
    tier1 = ctx.in_group(provision.setting("tier1_group"), ctx.destination)
    tier3 = ctx.in_scope(Scope(**provision.setting("tier3_scope")), ctx.destination)
    if tier1:
        options = [LicenseException("AIA", provision.citation, ["End-use certification to BIS before export",
                                                                 "Entity not headquartered outside Tier 1 destinations"])]
        tier, policy = "Tier 1", None
    elif tier3:
        options, tier, policy = [], "Tier 3", "presumption_of_denial"
    else:
        lpp = ctx.pack.param("part_740.lpp.tpp_per_consignee_per_year", ctx.on)
        options = [LicenseException("LPP", provision.citation, [
            f"At most {lpp.value:,} TPP per ultimate consignee per calendar year (unconfirmed figure), notification to BIS"])]
        if not ctx.metrics.datacenter:
            options.append(LicenseException("ACA", provision.citation, ["Non-datacenter 3A090.a item to a Tier 2 destination"]))
        tier, policy = "Tier 2", "presumption_of_approval"
    ctx.node(provision.id, provision.title, "not_enforced",
             f"By the CFR text: 3A090.a item to a {tier} destination needs a license"
             + (f" (exceptions: {', '.join(o.name for o in options)})" if options else "") + f". {status_sentence}",
             citations)
    ctx.requirements.append(Requirement(provision.id, provision.title, provision.citation, policy,
                                        f"{tier} under the AI Diffusion text.", exceptions=options, enforced=False))
    ctx.warn("rule_not_enforced", f"The AI Diffusion rule's worldwide requirement is in the CFR but not enforced on "
             f"{ctx.on}: {status_sentence}", window.citation if window else provision.citation)


# --- foundry / OSAT due diligence ----------------------------------------------------------------------
def foundry_rule(ctx: ItemContext) -> None:
    provision = ctx.provision("part_744.foundry_due_diligence")
    if not _in_force(ctx, provision):
        return
    role = ctx.shipment.exporter_role
    if role not in ("foundry", "osat"):
        if role is None:
            ctx.assumptions.append("The exporter is not a front-end fabricator (foundry) or OSAT shipping the bare IC "
                                   "(give --exporter-role foundry|osat otherwise).")
        ctx.node(provision.id, provision.title, "not_applicable",
                 "Applies to front-end fabricators and OSATs only.", [provision.citation],
                 inputs=_inputs(exporter_role=(role, "user" if role else "default")))
        return
    limit = provision.setting("advanced_logic_process_nm_max")
    process = ctx.chip.process_nm
    if process is not None and process > limit:
        ctx.node(provision.id, provision.title, "not_applicable", f"Process {process} nm > {limit} nm: not an applicable "
                 "advanced logic IC.", [provision.citation])
        return
    if ctx.shipment.approved_ic_designer is None:
        ctx.ask(Question("approved_ic_designer", "Is the IC's designer an approved or authorized IC designer, or is it "
                         "packaged by an approved OSAT that attests to it?", "Otherwise a foundry/OSAT must treat an "
                         "applicable advanced logic IC as 3A090.a and datacenter.", provision.id, "--approved-designer"))
        ctx.node(provision.id, provision.title, "needs_input", "Designer approval unknown.", [provision.citation])
        return
    if ctx.shipment.approved_ic_designer:
        ctx.node(provision.id, provision.title, "not_applicable", "Approved/authorized designer attested.",
                 [provision.citation], inputs=_inputs(approved_ic_designer=(True, "user")))
        return
    ctx.node(provision.id, provision.title, "applied", "Applicable advanced logic IC from a foundry/OSAT without an "
             "approved designer: presumed 3A090.a and datacenter; license required.", [provision.citation,
                                                                                        "foundry_correction_2025_02_14"])
    ctx.requirements.append(Requirement(provision.id, provision.title, provision.citation, None,
                                        "Review policy not confirmed in the sources read."))


# --- Affiliates rule ----------------------------------------------------------------------------------
def affiliates_rule(ctx: ItemContext) -> None:
    provision = ctx.provision("part_744.affiliates_rule")
    if not _in_force(ctx, provision):
        return
    window = provision.enforcement_on(ctx.on)
    if window is not None and window.status == "suspended":
        ctx.node(provision.id, provision.title, "not_enforced", f"Suspended {window.start} to {window.to}.",
                 [window.citation])
        return
    if window is not None and window.status == "unknown":
        ctx.warn("enforcement_unknown", f"{provision.title}: {window.note}.", window.citation)
    ctx.warn("provision_unconfirmed", "The Affiliates rule's FR citation is unconfirmed.", provision.citation)
    owned = ctx.shipment.owned_by_listed_party
    if owned is None:
        ctx.ask(Question("owned_by_listed_party", "Is any party to the transaction 50% or more owned, directly or "
                         "indirectly, by parties on the Entity List, the MEU List or certain SDN programs?",
                         "The Affiliates rule extends those parties' restrictions to their affiliates.", provision.id,
                         "--listed-owner/--no-listed-owner"))
        ctx.node(provision.id, provision.title, "needs_input", "Ownership by listed parties unknown.", [provision.citation])
        return
    if not owned:
        ctx.node(provision.id, provision.title, "not_applicable", "No party is 50% or more owned by listed parties (attested).",
                 [provision.citation], inputs=_inputs(owned_by_listed_party=(False, "user")))
        return
    ctx.node(provision.id, provision.title, "applied", "A party is 50% or more owned by listed parties: the most "
             "restrictive owner's license requirement applies.", [provision.citation],
             inputs=_inputs(owned_by_listed_party=(True, "user")))
    ctx.requirements.append(Requirement(provision.id, provision.title, provision.citation, "presumption_of_denial",
                                        "The most restrictive listed owner's review policy applies (Entity List entries "
                                        "mostly carry a presumption of denial; check the owner's entry)."))


# --- knowledge-based end-use controls ---------------------------------------------------------------
def end_use_controls(ctx: ItemContext) -> None:
    provision = ctx.provision("part_744.end_use_controls")
    end_use = ctx.shipment.end_use
    if end_use is None:
        ctx.assumptions.append("No knowledge of a military, military-intelligence, supercomputer or advanced-IC "
                               "production end use or end user (give --end-use otherwise).")
        ctx.node(provision.id, provision.title, "not_applicable", "No knowledge of a prohibited end use attested "
                 "(assumed); these controls apply on knowledge.", [provision.citation],
                 inputs=_inputs(end_use=(None, "default")))
        return
    if end_use == "civil":
        ctx.node(provision.id, provision.title, "not_applicable", "Civil end use attested.", [provision.citation],
                 inputs=_inputs(end_use=("civil", "user")))
        return
    if end_use == "military":
        countries = [e for e in provision.setting("military_end_use_countries")
                     if e["country"] == ctx.destination and (e.get("since") is None or e["since"] <= ctx.on)]
        if countries:
            ctx.node(provision.id, provision.title, "applied", f"Military end use or end user in {ctx.destination}: "
                     "license required (744.21).", [countries[0]["citation"]], inputs=_inputs(end_use=(end_use, "user")))
            ctx.requirements.append(Requirement(provision.id, "Military end use/user (744.21)", countries[0]["citation"],
                                                "presumption_of_denial"))
            return
        ctx.node(provision.id, provision.title, "not_applicable", f"744.21 does not list {ctx.destination}.",
                 [provision.citation])
        return
    if end_use == "supercomputer":
        sc = provision.setting("supercomputer_end_use")
        if sc["effective"] <= ctx.on and ctx.destination in sc["destinations"]["plus_countries"]:
            if not sc.get("confirmed", True):
                ctx.warn("date_unconfirmed", sc["note"], sc["citation"])
            ctx.node(provision.id, provision.title, "applied", "Supercomputer or advanced-IC end use in "
                     f"{ctx.destination}: license required (744.23).", [sc["citation"]],
                     inputs=_inputs(end_use=(end_use, "user")))
            ctx.requirements.append(Requirement(provision.id, "Supercomputer / advanced-IC end use (744.23)",
                                                sc["citation"], "presumption_of_denial"))
            return
        ctx.node(provision.id, provision.title, "not_applicable", "744.23 does not reach this destination on this date.",
                 [sc["citation"]])


# --- 3A090.c (standalone HBM) --------------------------------------------------------------------------
def hbm_3a090c(ctx: ItemContext) -> None:
    provision = ctx.provision("part_744.hbm_3a090c")
    if not _in_force(ctx, provision):
        return
    ctx.node(provision.id, provision.title, "not_applicable", "3A090.c covers standalone HBM; HBM co-packaged with a "
             "logic IC follows the IC's own TPP/PD classification.", [provision.citation])


# --- foreign-made items ----------------------------------------------------------------------------------
def subject_to_ear(ctx: ItemContext) -> bool:
    """False stops evaluation: the EAR does not reach the item."""
    chip, shipment = ctx.chip, ctx.shipment
    if chip.origin_country == "US" or shipment.ship_from == "US":
        return True
    if shipment.subject_to_ear is None:
        ctx.ask(Question("subject_to_ear", f"Is this {chip.origin_country}-made item, shipped from {shipment.ship_from}, "
                         "subject to the EAR (foreign direct product rules, de minimis U.S. content)?",
                         "Foreign-made items outside the United States are subject to the EAR only in those cases.",
                         "subject_to_ear", "--subject-to-ear/--not-subject-to-ear"))
        ctx.node("subject_to_ear", "Jurisdiction: is the item subject to the EAR?", "needs_input",
                 "Foreign-made item shipped from abroad: jurisdiction not established.", [])
        return True
    if not shipment.subject_to_ear:
        ctx.node("subject_to_ear", "Jurisdiction: is the item subject to the EAR?", "not_applicable",
                 "The user attests the item is not subject to the EAR: no EAR requirement applies.", [],
                 inputs=_inputs(subject_to_ear=(False, "user")))
        return False
    return True


def gp10_guidance(ctx: ItemContext) -> None:
    if ctx.chip.vendor.startswith("Huawei") and ctx.on >= date(2025, 5, 13):
        ctx.warn("gp10_guidance", "BIS guidance (May 2025): using, selling or transferring Huawei Ascend chips anywhere "
                 "likely violates General Prohibition 10.", "gp10_ascend_guidance_2025_05_13")


def _ask_metrics(ctx: ItemContext, c: Classification, rule_id: str) -> None:
    names = {"tpp": "dense TOPS per precision (to compute TPP)", "die_area_mm2": "applicable die area (mm2)",
             "interconnect_bw_gbs": "aggregate bidirectional I/O transfer rate (GB/s)",
             "datacenter": "whether it is designed or marketed for datacenters"}
    for metric in c.missing:
        ctx.ask(Question(metric, f"What is the {ctx.chip.name}'s {names.get(metric, metric)}?", c.sentence, rule_id,
                         "raw specs to classify"))


def _metric_inputs(ctx: ItemContext) -> dict:
    m = ctx.metrics
    return _inputs(tpp=(m.tpp, "derived"), pd=(None if m.pd is None else round(m.pd, 3), "derived"),
                   interconnect_bw_gbs=(m.interconnect_bw_gbs, "catalog"), memory_bw_gbs=(m.memory_bw_gbs, "catalog"),
                   datacenter=(m.datacenter, ctx.datacenter_source))


# The order in which provisions are considered for each item (the trace follows it).
ITEM_PROVISIONS = (embargo, letters, license_3a090_2022, license_3a090_2023, headquarters_rule, ai_diffusion,
                   foundry_rule, affiliates_rule, end_use_controls, hbm_3a090c)
