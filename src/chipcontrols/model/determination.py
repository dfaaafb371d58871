"""The determination: what the engine answers, as typed records. No I/O here.

`Determination.model_dump(mode="json")` is the JSON contract that the Python API, the CLI's --json and
the HTTP API return (keys are only ever added). The trace is a tree kept flat: each node lists its
children by id and names its parent, in pre-order (a parent before its children), so consumers that
walk the list see every rule considered, and renderers that want the tree rebuild it from the ids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chipcontrols.model.citation import Citation
from chipcontrols.vocab import InputSource, LicenseExceptionName, Outcome, ReviewPolicy, TraceStatus


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParameterRead(Record):
    """A dated parameter value the engine read, with the citation it carries."""

    id: str
    value: float | int | bool | str
    effective: date
    citation: str
    confirmed: bool = True


class InputRead(Record):
    value: Any = None
    source: InputSource


class TraceNode(Record):
    """One rule considered for one item: what it read, what it found, and whether it decided the answer."""

    id: str = ""  # "i0.n3": item 0, node 3; assigned by the engine
    parent: str | None = None
    children: list[str] = Field(default_factory=list)
    rule_id: str
    version: str | None = None  # the version of the rule in force, where a provision has several
    title: str
    status: TraceStatus
    sentence: str
    item: str | None = None  # chip id, for item-level nodes
    citations: list[str] = Field(default_factory=list)
    inputs: dict[str, InputRead] = Field(default_factory=dict)
    parameters: list[ParameterRead] = Field(default_factory=list)
    decisive: bool = False  # this node decided its item's outcome (or review policy, or exception)


class LicenseException(Record):
    name: LicenseExceptionName
    citation: str
    conditions: list[str] = Field(default_factory=list)


class Requirement(Record):
    rule_id: str
    title: str
    citation: str
    review_policy: ReviewPolicy | None
    review_policy_note: str | None = None
    license_exceptions: list[LicenseException] = Field(default_factory=list)
    enforced: bool = True  # False: in the CFR text but not enforced (or not yet required)


class Question(Record):
    id: str
    question: str
    why: str
    rule_id: str
    answer_with: str  # the CLI option / API field that answers it


class Warning(Record):
    code: str
    message: str
    citation: str | None = None


class ItemCitation(Citation):
    id: str


class ItemResult(Record):
    chip: str
    chip_id: str
    vendor: str
    quantity: int
    eccn: str | None
    eccn_paragraph: str | None
    eccn_basis: str
    eccn_regime: str
    tpp: float | None
    pd: float | None
    total_tpp: float | None
    metrics: dict[str, Any]
    outcome: Outcome
    outcome_per_text: Outcome
    license_required: bool
    license_exceptions: list[LicenseExceptionName]
    license_exception_details: list[LicenseException]
    review_policy: ReviewPolicy | None
    requirements: list[Requirement]
    citations: list[ItemCitation]
    chip_confirmed: bool
    chip_sources: list[str]
    decided_by: list[str] = Field(default_factory=list)  # rule ids of the decisive trace nodes


class Provenance(Record):
    engine_version: str
    rules_pack: str
    rules_pack_version: str
    rules_pack_hash: str
    rules_sources_through: date
    catalog_hash: str | None
    list_snapshot: dict[str, Any] | None
    input_hash: str
    as_of: date


class Determination(Record):
    outcome: Outcome
    outcome_per_text: Outcome  # counting rules in the CFR text that are not enforced
    summary: str
    as_of: date
    shipment: dict[str, Any]
    items: list[ItemResult]
    questions: list[Question]
    warnings: list[Warning]
    assumptions: list[str]
    trace: list[TraceNode]
    citations: dict[str, Citation]
    provenance: Provenance


class RecordedDetermination(Determination):
    """A determination as the HTTP API returns it when asked to record it in the ledger."""

    determination_id: int | None = None
