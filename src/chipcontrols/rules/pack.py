"""The rules pack: the regulations as dated, cited data, loaded and validated whole.

A pack is built from a raw nested dict (read from YAML files) so that reforms (the policy lab)
can be applied as edits to that dict and validated the same way before anything is evaluated.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chipcontrols.errors import DataError
from chipcontrols.model.citation import Citation

PACK_DIR = Path(__file__).parent / "data" / "us_ear"
ReviewPolicy = Literal["presumption_of_denial", "presumption_of_approval", "case_by_case", "policy_of_denial"]


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ParameterValue(Strict):
    value: float | int
    effective: date
    ends: date | None = None
    citation: str
    confirmed: bool = True
    note: str | None = None


class Parameter(Strict):
    id: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]

    def at(self, on: date) -> ParameterValue | None:
        in_force = [v for v in self.values if v.effective <= on and (v.ends is None or on <= v.ends)]
        return max(in_force, key=lambda v: v.effective) if in_force else None


class Membership(Strict):
    country: str
    since: date | None = None  # None: member since before the pack's baseline
    until: date | None = None  # last day of membership
    citation: str | None = None
    confirmed: bool | None = None  # None: inherits the group's
    note: str | None = None

    def on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


class CountryGroup(Strict):
    id: str
    name: str
    citation: str
    confirmed: bool = True
    note: str | None = None
    members: tuple[Membership, ...]

    def membership(self, country: str, on: date) -> Membership | None:
        for m in self.members:
            if m.country == country and m.on(on):
                return m
        return None

    def is_confirmed(self, membership: Membership) -> bool:
        return self.confirmed if membership.confirmed is None else membership.confirmed

    def lapsed_unconfirmed(self, country: str, on: date) -> Membership | None:
        """A membership that ended before `on` on a date no source confirms (non-membership is then uncertain)."""
        for m in self.members:
            if m.country == country and m.until is not None and m.until < on and not self.is_confirmed(m):
                return m
        return None


class Scope(Strict):
    """A destination set: union of groups, minus groups, plus named countries (dated where needed)."""

    any_of_groups: tuple[str, ...] = ()
    except_groups: tuple[str, ...] = ()
    plus_countries: tuple[str, ...] = ()


class EnforcementWindow(Strict):
    start: date = Field(alias="from")
    to: date | None = None
    status: Literal["not_enforced", "suspended", "unknown"]
    citation: str
    note: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.to is None or day <= self.to)


class DatedCountry(Strict):
    country: str
    since: date | None = None
    citation: str
    confirmed: bool = True
    review_policy: ReviewPolicy | None = None
    note: str | None = None


class Provision(BaseModel):
    """A legal provision: its logic name, dates, citation, enforcement; other keys are its settings."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    title: str
    logic: str
    effective: date
    ends: date | None = None
    compliance: date | None = None
    citation: str
    confirmed: bool = True
    enabled: bool = True  # reforms may switch a provision off
    enforcement: tuple[EnforcementWindow, ...] = ()
    note: str | None = None

    def in_force(self, day: date) -> bool:
        return self.enabled and self.effective <= day and (self.ends is None or day <= self.ends)

    def enforcement_on(self, day: date) -> EnforcementWindow | None:
        for window in self.enforcement:
            if window.covers(day):
                return window
        return None

    def setting(self, key: str, default: Any = None) -> Any:
        return (self.model_extra or {}).get(key, default)


class Criterion(Strict):
    metric: Literal["tpp", "pd", "memory_bw_gbs", "interconnect_bw_gbs", "memory_plus_interconnect_gbs",
                    "datacenter", "die_area_mm2", "memory_gb"]
    op: Literal[">=", ">", "<=", "<", "=="]
    value: float | bool


class CriteriaSet(Strict):
    all_of: tuple[Criterion, ...] = ()
    any_of: tuple[Criterion, ...] = ()


class Coverage(Strict):
    chips: tuple[str, ...] = ()
    criteria: CriteriaSet | None = None
    criteria_confirmed: bool = True
    criteria_note: str | None = None


class Letter(Strict):
    """A party-specific 'is-informed' letter: binds its addressee only."""

    id: str
    title: str
    addressee: str
    addressee_aliases: tuple[str, ...] = ()  # other names of the addressee (legal name, subsidiaries)
    effective: date
    ends: date | None = None
    citation: str
    confirmed: bool = True
    enabled: bool = True
    note: str | None = None
    destinations: Scope
    hq_scope: Scope | None = None
    covers: Coverage
    review_policy: ReviewPolicy | None = None

    def in_force(self, day: date) -> bool:
        return self.enabled and self.effective <= day and (self.ends is None or day <= self.ends)


class TreatedAs(Strict):
    destination: str
    as_: str = Field(alias="as")
    since: date
    citation: str


class Event(Strict):
    date: date
    title: str
    citation: str


class PackInfo(Strict):
    id: str
    title: str
    version: str
    sources_through: date
    baseline_note: str | None = None


class RulesPack(Strict):
    info: PackInfo
    citations: dict[str, Citation]
    parameters: dict[str, Parameter]
    groups: dict[str, CountryGroup]
    provisions: dict[str, Provision]
    letters: dict[str, Letter]
    treated_as: tuple[TreatedAs, ...]
    events: tuple[Event, ...]
    content_hash: str

    @model_validator(mode="after")
    def every_reference_resolves(self) -> RulesPack:
        missing = []

        def need(cid: str | None, where: str) -> None:
            if cid is not None and cid not in self.citations:
                missing.append(f"{where} cites unknown citation '{cid}'")

        for p in self.parameters.values():
            for v in p.values:
                need(v.citation, f"parameter {p.id}")
        for g in self.groups.values():
            need(g.citation, f"group {g.id}")
            for m in g.members:
                need(m.citation, f"group {g.id} member {m.country}")
        for pr in self.provisions.values():
            need(pr.citation, f"provision {pr.id}")
            for w in pr.enforcement:
                need(w.citation, f"provision {pr.id} enforcement")
        for letter in self.letters.values():
            need(letter.citation, f"letter {letter.id}")
        for e in self.events:
            need(e.citation, f"event {e.title}")
        for t in self.treated_as:
            need(t.citation, f"destination {t.destination}")
        if missing:
            raise ValueError("; ".join(missing))
        return self

    # --- queries used by the engine -------------------------------------------------------------
    def param(self, param_id: str, on: date) -> ParameterValue | None:
        parameter = self.parameters.get(param_id)
        if parameter is None:
            raise DataError(f"Rules pack has no parameter '{param_id}'.")
        return parameter.at(on)

    def group_membership(self, group_id: str, country: str, on: date) -> Membership | None:
        group = self.groups.get(group_id)
        if group is None:
            raise DataError(f"Rules pack has no country group '{group_id}'.")
        return group.membership(country, on)

    def members(self, group_id: str, on: date) -> set[str]:
        return {m.country for m in self.groups[group_id].members if m.on(on)}

    def in_scope(self, scope: Scope, country: str, on: date) -> bool:
        if country in scope.plus_countries:
            return True
        inside = any(self.group_membership(g, country, on) for g in scope.any_of_groups)
        excluded = any(self.group_membership(g, country, on) for g in scope.except_groups)
        return inside and not excluded

    def scope_members(self, scope: Scope, on: date) -> set[str]:
        inside = set().union(*(self.members(g, on) for g in scope.any_of_groups)) if scope.any_of_groups else set()
        excluded = set().union(*(self.members(g, on) for g in scope.except_groups)) if scope.except_groups else set()
        return (inside - excluded) | set(scope.plus_countries)

    def resolve_destination(self, country: str, on: date) -> tuple[str, TreatedAs | None]:
        for rule in self.treated_as:
            if rule.destination == country and rule.since <= on:
                return rule.as_, rule
        return country, None


# --- loading ---------------------------------------------------------------------------------------
def load_raw(pack_dir: Path = PACK_DIR) -> dict:
    """Read every YAML file of the pack into one nested dict (the shape reforms edit)."""

    def read(path: Path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    raw = {
        "info": read(pack_dir / "pack.yaml"),
        "citations": read(pack_dir / "citations.yaml"),
        "parameters": {},
        "groups": {},
        "provisions": {},
        "letters": {},
        "treated_as": read(pack_dir / "destinations.yaml")["treated_as"],
        "events": read(pack_dir / "events.yaml"),
    }
    for path in sorted((pack_dir / "parameters").glob("*.yaml")):
        for pid, body in read(path).items():
            if pid in raw["parameters"]:
                raise DataError(f"Parameter '{pid}' is defined twice (second time in {path.name}).")
            raw["parameters"][pid] = {"id": pid, **body}
    for kind, folder in (("groups", "country_groups"), ("provisions", "provisions"), ("letters", "letters")):
        for path in sorted((pack_dir / folder).glob("*.yaml")):
            body = read(path)
            if body["id"] in raw[kind]:
                raise DataError(f"{kind[:-1]} '{body['id']}' is defined twice (second time in {path.name}).")
            raw[kind][body["id"]] = body
    return raw


def raw_hash(raw: dict) -> str:
    canonical = json.dumps(raw, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def build_pack(raw: dict) -> RulesPack:
    """Validate a raw pack dict whole; raise DataError naming every problem."""
    try:
        return RulesPack.model_validate({**raw, "content_hash": raw_hash(raw)})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise DataError(f"Rules pack is invalid: {problems}") from exc


@lru_cache(maxsize=1)
def default_pack() -> RulesPack:
    return build_pack(load_raw())
