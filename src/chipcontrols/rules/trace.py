"""The trace: one node per rule considered, applied or not, with its inputs, parameters and citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["applied", "not_applicable", "not_in_force", "not_enforced", "needs_input", "info"]


@dataclass
class ParameterRead:
    id: str
    value: float | int | bool | str
    effective: date
    citation: str
    confirmed: bool = True

    def to_dict(self) -> dict:
        return {"id": self.id, "value": self.value, "effective": self.effective.isoformat(),
                "citation": self.citation, "confirmed": self.confirmed}


@dataclass
class TraceNode:
    rule_id: str
    title: str
    status: Status
    sentence: str
    citations: list[str] = field(default_factory=list)
    inputs: dict = field(default_factory=dict)  # name -> {"value", "source": catalog|user|default|derived}
    parameters: list[ParameterRead] = field(default_factory=list)
    item: str | None = None  # chip id, for item-level nodes

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id, "title": self.title, "status": self.status, "sentence": self.sentence,
            "item": self.item, "citations": self.citations, "inputs": self.inputs,
            "parameters": [p.to_dict() for p in self.parameters],
        }
