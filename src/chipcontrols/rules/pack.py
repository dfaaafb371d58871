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
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chipcontrols.errors import DataError
from chipcontrols.model.citation import Citation
from chipcontrols.vocab import Comparison, EnforcementStatus, Metric, ReviewPolicy

PACK_DIR = Path(__file__).parent / "data" / "us_ear"


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
    status: EnforcementStatus
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


class ProvisionSettings(Strict):
    """The settings of one provision logic. Each module under rules/provisions/ subclasses it; unknown keys fail."""


class Provision(Strict):
    """A legal provision: its logic name, dates, citation, enforcement, and the typed settings of its logic.

    In its YAML file the settings sit beside the common keys; `build_pack` moves them under `settings` and
    validates them with the model the provision's logic registers (rules/provisions/).
    """

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
    settings: ProvisionSettings

    def in_force(self, day: date) -> bool:
        return self.enabled and self.effective <= day and (self.ends is None or day <= self.ends)

    def enforcement_on(self, day: date) -> EnforcementWindow | None:
        for window in self.enforcement:
            if window.covers(day):
                return window
        return None

    def setting(self, key: str, default: Any = None) -> Any:
        return getattr(self.settings, key, default)


PROVISION_KEYS = frozenset(Provision.model_fields) - {"settings"}


class Criterion(Strict):
    metric: Metric
    op: Comparison
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


class CapPolicy(Strict):
    """An allocation cap a rule sets (or set), as the ledger offers it: figure, period and status, cited."""

    id: str
    title: str
    kind: Literal["country_period", "consignee_year", "ratio"]  # the cap it creates (ledger/caps.py)
    parameter: str  # the dated parameter that holds the figure
    figure_on: date | None = None  # the date the figure is read on (the rule's effective date); None: the cap's own date
    enforced: bool  # the default for a cap created from this policy
    period_from: date | None = None
    period_to: date | None = None
    period_citation: str | None = None
    g2g_factor: float | None = None  # the figure is multiplied by this for a government-to-government agreement
    key: str | None = None  # ratio caps: the destination whose volume is capped
    reference_country: str | None = None  # ratio caps: the country whose volume is the reference
    citation: str
    status_note: str


class PackInfo(Strict):
    id: str
    title: str
    version: str
    jurisdiction: str  # the country whose export rules the pack encodes (ISO 3166-1 alpha-2)
    sources_through: date
    baseline_note: str | None = None
    # The order in which the provisions (and the is-informed letters, "letters") are considered for each
    # item; the trace follows it. Provisions not listed are applied from within another (see its settings).
    evaluation_order: tuple[str, ...]


LETTERS_STEP = "letters"  # evaluation-order steps that are not provisions: the is-informed letters,
JURISDICTION_STEP = "jurisdiction"  # and the test whether the EAR reaches the item at all (rules/jurisdiction.py)


class RulesPack(Strict):
    info: PackInfo
    citations: dict[str, Citation]
    parameters: dict[str, Parameter]
    groups: dict[str, CountryGroup]
    provisions: dict[str, Provision]
    letters: dict[str, Letter]
    treated_as: tuple[TreatedAs, ...]
    country_names: dict[str, str]  # how the EAR spells the destinations named in generated sentences
    events: tuple[Event, ...]
    cap_policies: dict[str, CapPolicy]
    content_hash: str
    # Where each entry was read from ("provisions.<id>" -> "provisions/<file>.yaml"); not part of the content hash.
    source_files: dict[str, str] = {}

    @model_validator(mode="after")
    def every_reference_resolves(self) -> RulesPack:
        """Every citation, country group, parameter and provision a value names exists, however deeply nested."""
        missing: list[str] = []
        known = {"citation": self.citations, "group": self.groups, "provision": self.provisions}
        for section in ("parameters", "groups", "provisions", "letters", "treated_as", "events", "cap_policies"):
            for path, kind, ref in references(getattr(self, section), section):
                if ref not in known[kind]:
                    hint = f" (known: {', '.join(self.groups)})" if kind == "group" else ""
                    missing.append(f"{path} names unknown {kind} '{ref}'{hint}")
        for step in self.info.evaluation_order:
            if step not in (LETTERS_STEP, JURISDICTION_STEP) and step not in self.provisions:
                missing.append(f"info.evaluation_order names unknown provision '{step}'")
        for policy in self.cap_policies.values():
            if policy.parameter not in self.parameters:
                missing.append(f"cap_policies.{policy.id}.parameter names unknown parameter '{policy.parameter}'")
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


def references(value: Any, where: str = "") -> list[tuple[str, str, str]]:
    """Every (key path, kind, id) a value names, however deeply nested: citations (fields `citation` and
    `*_citation`), country groups (in a Scope) and provisions (fields `*_provision`)."""
    found: list[tuple[str, str, str]] = []
    if isinstance(value, BaseModel):
        if isinstance(value, Scope):
            found += [(where, "group", gid) for gid in (*value.any_of_groups, *value.except_groups)]
        for name in type(value).model_fields:
            field_value, path = getattr(value, name), f"{where}.{name}"
            if (name == "citation" or name.endswith("_citation")) and field_value is not None:
                found.append((path, "citation", field_value))
            elif name.endswith("_provision") and isinstance(field_value, str):
                found.append((path, "provision", field_value))
            else:
                found += references(field_value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            found += references(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += references(item, f"{where}[{index}]")
    return found


# --- loading ---------------------------------------------------------------------------------------
FILES_KEY = "_files"  # where each entry of a raw pack came from, for error messages (not part of the pack)


def load_raw(pack_dir: Path = PACK_DIR) -> dict:
    """Read every YAML file of the pack into one nested dict (the shape reforms edit)."""

    def read(path: Path):
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DataError(f"Rules pack file {path.relative_to(pack_dir)} is not valid YAML: {exc}",
                            hint="Fix the YAML syntax in that file.") from None

    files: dict[str, str] = {}
    destinations = read(pack_dir / "destinations.yaml")
    raw = {
        "info": read(pack_dir / "pack.yaml"),
        "citations": read(pack_dir / "citations.yaml"),
        "parameters": {},
        "groups": {},
        "provisions": {},
        "letters": {},
        "treated_as": destinations["treated_as"],
        "country_names": destinations["country_names"],
        "events": read(pack_dir / "events.yaml"),
        "cap_policies": read(pack_dir / "cap_policies.yaml"),
        FILES_KEY: files,
    }
    for section, name in (("info", "pack.yaml"), ("citations", "citations.yaml"), ("treated_as", "destinations.yaml"),
                          ("country_names", "destinations.yaml"),
                          ("events", "events.yaml"), ("cap_policies", "cap_policies.yaml")):
        files[section] = name
    for path in sorted((pack_dir / "parameters").glob("*.yaml")):
        for pid, body in read(path).items():
            if pid in raw["parameters"]:
                raise DataError(f"Parameter '{pid}' is defined twice (second time in {path.name}).")
            raw["parameters"][pid] = {"id": pid, **body}
            files[f"parameters.{pid}"] = f"parameters/{path.name}"
    for kind, folder in (("groups", "country_groups"), ("provisions", "provisions"), ("letters", "letters")):
        for path in sorted((pack_dir / folder).glob("*.yaml")):
            body = read(path)
            if not isinstance(body, dict) or "id" not in body:
                raise DataError(f"Rules pack file {folder}/{path.name} has no 'id'.", hint="Give the entry an id.")
            if body["id"] in raw[kind]:
                raise DataError(f"{kind[:-1]} '{body['id']}' is defined twice (second time in {path.name}).")
            raw[kind][body["id"]] = body
            files[f"{kind}.{body['id']}"] = f"{folder}/{path.name}"
    return raw


def raw_hash(raw: dict) -> str:
    content = {k: v for k, v in raw.items() if k != FILES_KEY}
    canonical = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def build_pack(raw: dict) -> RulesPack:
    """Validate a raw pack dict whole; raise DataError naming every problem (file, key path, allowed values)."""
    from chipcontrols.rules.provisions import REGISTRY  # the logics register their settings models there

    files = raw.get(FILES_KEY, {})
    problems: list[str] = []
    content = {k: v for k, v in raw.items() if k != FILES_KEY}
    provisions = {}
    for pid, body in (content.get("provisions") or {}).items():
        where = _where(files, ("provisions", pid))
        if not isinstance(body, dict):
            problems.append(f"{where}: a provision must be a mapping")
            continue
        logic = REGISTRY.get(body.get("logic"))
        if logic is None:
            problems.append(f"{where}: logic {body.get('logic')!r} is not one of {', '.join(sorted(REGISTRY))}")
            continue
        common = {k: v for k, v in body.items() if k in PROVISION_KEYS}
        settings = {k: v for k, v in body.items() if k not in PROVISION_KEYS}
        try:
            common["settings"] = logic.settings.model_validate(settings)
        except ValidationError as exc:
            problems += [_problem(e, files, ("provisions", pid), logic.settings) for e in exc.errors()]
            continue
        provisions[pid] = common
    order = list((content.get("info") or {}).get("evaluation_order") or [])
    for pid, body in provisions.items():
        # A provision is considered on its own (listed in the order) or from within another, never both or neither.
        top_level, listed = REGISTRY[body["logic"]].top_level, pid in order
        if top_level != listed:
            where = _where(files, ("provisions", pid))
            problems.append(f"{where}: logic '{body['logic']}' is " + (
                "applied on its own, so info.evaluation_order (pack.yaml) must list it" if top_level else
                "applied from within another provision, so info.evaluation_order (pack.yaml) must not list it"))
    if problems:
        raise DataError("Rules pack is invalid: " + "; ".join(problems), hint=_HINT, problems=problems)
    try:
        return RulesPack.model_validate({**content, "provisions": provisions, "content_hash": raw_hash(raw),
                                         "source_files": files})
    except ValidationError as exc:
        problems = [_problem(e, files, (), RulesPack) for e in exc.errors()]
        raise DataError("Rules pack is invalid: " + "; ".join(problems), hint=_HINT, problems=problems) from None


_HINT = "Fix the key named in that file; the allowed keys and values are listed with each problem."


def _where(files: dict, loc: tuple) -> str:
    """The file an error location belongs to, and the key path inside the pack."""
    path = ".".join(str(p) for p in loc)
    for depth in (2, 1):
        key = ".".join(str(p) for p in loc[:depth])
        if key in files:
            return f"{files[key]} ({path})"
    return path or "pack"


def _problem(error: dict, files: dict, prefix: tuple, model: type[BaseModel]) -> str:
    loc = prefix + tuple(error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(error["loc"]))
        if prefix[:1] == ("provisions",) and len(error["loc"]) == 1:
            allowed = sorted(set(allowed) | PROVISION_KEYS)
        if allowed:
            message = f"unknown key (allowed: {', '.join(sorted(allowed))})"
    return f"{_where(files, loc)}: {message}"


def _allowed_keys(model: Any, loc: tuple) -> list[str]:
    """The field names of the model found at an error location (loc ends with the unknown key)."""
    current = model
    for part in loc[:-1]:
        current = _inner_model(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(current: Any, part: Any) -> Any:
    if isinstance(current, type) and issubclass(current, BaseModel):
        field = current.model_fields.get(str(part)) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        return _unwrap(field.annotation) if field is not None else None
    origin = get_origin(current)
    if origin in (dict,):
        return _unwrap(get_args(current)[1])
    if origin in (tuple, list):
        return _unwrap(get_args(current)[0])
    return None


def _unwrap(annotation: Any) -> Any:
    """X | None -> X; a model stays a model; containers stay as they are."""
    if get_origin(annotation) in (Union, type(int | None)):
        options = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation


@lru_cache(maxsize=1)
def default_pack() -> RulesPack:
    return build_pack(load_raw())
