"""What a provision sees and records while one item is evaluated: the item context.

Provisions read the item, the shipment and the rules pack from it, and record trace nodes, requirements,
questions, warnings and assumptions into it. Nothing here reads a clock or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chipcontrols.catalog.metrics import Metrics
from chipcontrols.model.chip import Chip
from chipcontrols.model.citation import Citation
from chipcontrols.model.determination import ParameterRead, Question, Requirement, TraceNode, Warning
from chipcontrols.model.shipment import Shipment
from chipcontrols.rules.classify import Classification
from chipcontrols.rules.pack import CriteriaSet, Criterion, Provision, RulesPack, Scope


@dataclass
class ItemContext:
    index: int  # the item's position in the shipment (trace node ids start with it)
    chip: Chip
    metrics: Metrics
    classification: Classification  # under the text in force on the date
    datacenter_source: str  # "catalog" or "user" (an override)
    shipment: Shipment
    on: date
    pack: RulesPack
    destination: str  # after "treated as" (HK -> CN)
    list_citations: dict[str, Citation] = field(default_factory=dict)  # citations of list entries hit
    nodes: list[TraceNode] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    # Bookkeeping for marking the decisive nodes (engine.py): which node imposed each requirement, and
    # which not-applicable nodes say why an item is not controlled (rather than that a rule is irrelevant).
    imposed_by: list[tuple[Requirement, str]] = field(default_factory=list)
    clearing: set[str] = field(default_factory=set)

    def node(self, rule_id: str, title: str, status: str, sentence: str, citations=(), *, parent: TraceNode | None = None,
             inputs: dict | None = None, parameters: list[ParameterRead] | None = None, version: str | None = None,
             clears: bool = False) -> TraceNode:
        node = TraceNode(
            id=f"i{self.index}.n{len(self.nodes)}", parent=parent.id if parent else None, children=[], rule_id=rule_id,
            version=version, title=title, status=status, sentence=sentence, item=self.chip.id,
            citations=[c for c in citations if c], inputs=inputs or {}, parameters=parameters or [], decisive=False)
        if parent is not None:
            parent.children.append(node.id)
        if clears:
            self.clearing.add(node.id)
        self.nodes.append(node)
        return node

    def require(self, requirement: Requirement, node: TraceNode) -> None:
        self.requirements.append(requirement)
        self.imposed_by.append((requirement, node.id))

    def ask(self, question: Question) -> None:
        if all(q.id != question.id for q in self.questions):
            self.questions.append(question)

    def warn(self, code: str, message: str, citation: str | None = None) -> None:
        if all(w.message != message for w in self.warnings):
            self.warnings.append(Warning(code=code, message=message, citation=citation))

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

    def hq_in_scope(self, scope: Scope) -> list[str]:
        """The headquarters countries (end user's, ultimate parent's) inside a scope."""
        return list(dict.fromkeys(c for c in self.hq_countries() if self.in_scope(scope, c)))

    def ask_headquarters(self, rule_id: str, why: str) -> None:
        if self.shipment.end_user_hq is None:
            self.ask(Question(id="end_user_hq", question="In which country is the end user headquartered?", why=why,
                              rule_id=rule_id, answer_with="--end-user-hq / end_user_hq"))
        if self.shipment.ultimate_parent_hq is None:
            self.ask(Question(id="ultimate_parent_hq", question="In which country is the end user's ultimate parent "
                              "headquartered? (the end user's own country if it has no parent)", why=why,
                              rule_id=rule_id, answer_with="--ultimate-parent-hq / ultimate_parent_hq"))

    def provision(self, provision_id: str) -> Provision:
        return self.pack.provisions[provision_id]

    def read(self, parameter_id: str) -> ParameterRead | None:
        """A parameter's value on the date, as the trace records it; an unconfirmed value warns."""
        value = self.pack.param(parameter_id, self.on)
        if value is None:
            return None
        if not value.confirmed:
            self.warn("parameter_unconfirmed", f"{parameter_id} = {value.value}: {value.note}", value.citation)
        return ParameterRead(id=parameter_id, value=value.value, effective=value.effective,
                                             citation=value.citation, confirmed=value.confirmed)


def inputs(**pairs) -> dict[str, dict]:
    """Trace inputs: name=(value, source)."""
    return {k: {"value": v[0], "source": v[1]} for k, v in pairs.items()}  # validated into InputRead by the node


def in_force(ctx: ItemContext, provision: Provision, parent: TraceNode | None = None) -> bool:
    """True if the provision is in force on the date; otherwise record a not-in-force node."""
    if provision.in_force(ctx.on):
        return True
    window = f"from {provision.effective}" + (f" to {provision.ends}" if provision.ends else "")
    state = "switched off" if not provision.enabled else f"not on {ctx.on}"
    ctx.node(provision.id, provision.title, "not_in_force", f"In force {window}; {state}.", [provision.citation],
             parent=parent)
    return False


def metric_value(metrics: Metrics, name: str):
    if name == "memory_plus_interconnect_gbs":
        if metrics.memory_bw_gbs is None or metrics.interconnect_bw_gbs is None:
            return None
        return metrics.memory_bw_gbs + metrics.interconnect_bw_gbs
    return getattr(metrics, name)


def criterion_met(metrics: Metrics, criterion: Criterion) -> bool | None:
    value = metric_value(metrics, criterion.metric)
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


METRIC_QUESTIONS = {"tpp": "dense TOPS per precision (to compute TPP)", "die_area_mm2": "applicable die area (mm2)",
                    "interconnect_bw_gbs": "aggregate bidirectional I/O transfer rate (GB/s)",
                    "datacenter": "whether it is designed or marketed for datacenters"}


def ask_metrics(ctx: ItemContext, c: Classification, rule_id: str) -> None:
    for metric in c.missing:
        ctx.ask(Question(id=metric, question=f"What is the {ctx.chip.name}'s {METRIC_QUESTIONS.get(metric, metric)}?",
                         why=c.sentence, rule_id=rule_id, answer_with="raw specs to classify"))


def not_3a090(ctx: ItemContext, provision: Provision, prefix: str = "", with_inputs: bool = True) -> bool:
    """Record why a 3A090 requirement stops here, if it does: a metric is missing (ask for it), or the item is not
    3A090 on the date (the reason it is not controlled). False: the item is 3A090, go on."""
    c = ctx.classification
    if c.missing:
        ask_metrics(ctx, c, provision.id)
        ctx.node(provision.id, provision.title, "needs_input", c.sentence, [c.citation], parameters=c.parameters)
        return True
    if c.eccn is None:
        ctx.node(provision.id, provision.title, "not_applicable", prefix + c.sentence, [c.citation],
                 parameters=c.parameters, inputs=metric_inputs(ctx) if with_inputs else None, clears=True)
        return True
    return False


def metric_inputs(ctx: ItemContext) -> dict[str, dict]:
    m = ctx.metrics
    return inputs(tpp=(m.tpp, "derived"), pd=(None if m.pd is None else round(m.pd, 3), "derived"),
                  interconnect_bw_gbs=(m.interconnect_bw_gbs, "catalog"), memory_bw_gbs=(m.memory_bw_gbs, "catalog"),
                  datacenter=(m.datacenter, ctx.datacenter_source))


def dated_entry(entries, country: str, on: date):
    """The first entry for a country whose `since` (if any) is on or before the date."""
    return next((e for e in entries if e.country == country and (e.since is None or e.since <= on)), None)
