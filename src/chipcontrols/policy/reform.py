"""Reforms as data: a YAML file of changes to the rules pack, validated whole, never Python.

A reform edits a deep copy of the pack's raw dict (the baseline is never touched) and the result is
validated by the same `build_pack` as the real pack. Change kinds form a closed vocabulary:

  parameter   set a dated value of a parameter (a threshold, a cap), optionally for a window only
  switch      turn a provision or letter on or off
  set         change one scalar field of a provision or letter (a date, a setting), same type as before
  membership  add a country to, or remove it from, a country group (dated)
  rule        add a criterion rule (closed metric vocabulary) binding every exporter ("addressee: *"),
              evaluated like an is-informed letter: the H20-style memory/interconnect test
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from chipcontrols import inputs
from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.rules.pack import RulesPack, build_pack
from chipcontrols.vocab import COMPARISONS, REVIEW_POLICIES

KINDS = ("parameter", "switch", "set", "membership", "rule")
SECTIONS = ("parameters", "provisions", "letters", "groups")
METRIC_UNITS = {"tpp": "tpp", "pd": "tpp/mm2", "memory_bw_gbs": "GB/s", "interconnect_bw_gbs": "GB/s",
                "memory_plus_interconnect_gbs": "GB/s", "datacenter": "bool", "die_area_mm2": "mm2",
                "memory_gb": "GB"}
OPS = COMPARISONS
PROTECTED_FIELDS = {"id", "logic", "citation"}
TOP_KEYS = {"id", "title", "description", "sources", "changes"}
FIELDS = {
    "parameter": {"kind", "path", "value", "unit", "from", "until", "note"},
    "switch": {"kind", "path", "enabled", "note"},
    "set": {"kind", "path", "value", "note"},
    "membership": {"kind", "path", "country", "action", "from", "until", "note"},
    "rule": {"kind", "id", "title", "from", "until", "destinations", "criteria", "review_policy", "note"},
}
REQUIRED = {"parameter": {"path", "value", "unit"}, "switch": {"path", "enabled"}, "set": {"path", "value"},
            "membership": {"path", "country", "action"}, "rule": {"id", "title", "from", "destinations", "criteria"}}
FAR_FUTURE = date(9999, 12, 31)  # in code: an open-ended window's end, a sentinel


def _norm_unit(unit: str) -> str:
    return str(unit).replace(" ", "").lower()


@dataclass(frozen=True)
class Reform:
    id: str
    title: str
    description: str | None
    sources: tuple[str, ...]
    changes: tuple[dict, ...]
    origin: str | None = None  # the file it came from, for messages only (not part of its identity)

    @property
    def content(self) -> dict:
        return {"id": self.id, "title": self.title, "description": self.description, "sources": list(self.sources),
                "changes": list(self.changes)}

    @property
    def hash(self) -> str:
        """Identity: the same content gives the same hash wherever the file lives."""
        canonical = json.dumps(self.content, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def citation_id(self) -> str:
        return f"reform.{self.id}"

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "description": self.description, "hash": self.hash,
                "sources": list(self.sources), "changes": len(self.changes), "file": self.origin}


@dataclass
class Applied:
    """The result of applying reforms on a raw pack: the new raw dict, its pack, the sheet, conflicts."""

    raw: dict
    pack: RulesPack
    reforms: list[Reform]
    sheet: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)


# --- loading -------------------------------------------------------------------------------------
def load_reform(source: str | Path | dict | Reform) -> Reform:
    """A reform from a YAML file path, or an already parsed dict. Checks its shape, not the pack."""
    if isinstance(source, Reform):
        return source
    origin = None
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise InputError(f"Reform file '{path}' not found.", hint="Give the path of a reform YAML file; examples "
                             "are in chipcontrols/policy/examples/.")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise InputError(f"Reform file '{path}' is not valid YAML: {exc}", hint="Fix the YAML syntax.") from None
        origin = str(path)
    else:
        data = source
    if not isinstance(data, dict):
        raise InputError("A reform must be a mapping with id, title and changes.",
                         hint="See chipcontrols/policy/examples/ for the format.")
    where = origin or "reform"
    problems = []
    unknown = set(data) - TOP_KEYS
    if unknown:
        problems.append(f"unknown top-level key(s) {sorted(unknown)} (allowed: {sorted(TOP_KEYS)})")
    rid = data.get("id")
    if not isinstance(rid, str) or not rid.strip() or any(ch.isspace() for ch in rid):
        problems.append("'id' must be a non-empty name without spaces")
    if not isinstance(data.get("title"), str) or not data.get("title", "").strip():
        problems.append("'title' must be a non-empty string")
    sources = data.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
        problems.append("'sources' must be a list of URLs")
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        problems.append("'changes' must be a non-empty list")
        changes = []
    for index, change in enumerate(changes):
        problems += [f"changes[{index}]: {p}" for p in _shape_problems(change)]
    if problems:
        raise InputError(f"{where} is not a valid reform: " + "; ".join(problems),
                         hint="See chipcontrols/policy/examples/ for the format.", problems=problems)
    return Reform(id=rid.strip(), title=data["title"].strip(), description=data.get("description"),
                  sources=tuple(s.strip() for s in sources), changes=tuple(_jsonable(c) for c in changes),
                  origin=origin)


def _shape_problems(change) -> list[str]:
    if not isinstance(change, dict):
        return ["each change must be a mapping"]
    kind = change.get("kind")
    if kind not in KINDS:
        return [f"kind {kind!r} is not one of {', '.join(KINDS)}"]
    problems = []
    unknown = set(change) - FIELDS[kind]
    if unknown:
        problems.append(f"unknown field(s) {sorted(unknown)} for kind '{kind}' (allowed: {sorted(FIELDS[kind])})")
    missing = REQUIRED[kind] - set(change)
    if missing:
        problems.append(f"missing field(s) {sorted(missing)} for kind '{kind}'")
    for key in ("from", "until"):
        if change.get(key) is not None:
            try:
                inputs.as_date(change[key], key)
            except InputError:
                problems.append(f"'{key}' {change[key]!r} is not a date (YYYY-MM-DD)")
    return problems


def _jsonable(value):
    """Dates as ISO strings so a reform hashes and prints the same however it was read."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _date(value) -> date | None:
    return None if value is None else inputs.as_date(value)


# --- paths ---------------------------------------------------------------------------------------
def resolve_path(raw: dict, path: str) -> tuple[str, str, list[str]]:
    """'parameters.eccn_3a090.a.1.tpp' -> ('parameters', 'eccn_3a090.a.1.tpp', []); ids may contain dots,
    so the longest id that prefixes the rest wins; what remains is a field path inside the entry."""
    if not isinstance(path, str) or "." not in path:
        raise KeyError(f"path {path!r} must start with one of {', '.join(SECTIONS)} followed by an id")
    section, rest = path.split(".", 1)
    if section not in SECTIONS:
        raise KeyError(f"path '{path}' starts with '{section}', not one of {', '.join(SECTIONS)}")
    candidates = [key for key in raw[section] if rest == key or rest.startswith(key + ".")]
    if not candidates:
        close = sorted(raw[section], key=lambda k: -_common_prefix(k, rest))[:3]
        raise KeyError(f"path '{path}': no {section[:-1]} '{rest}' in the pack (closest: {', '.join(close)})")
    key = max(candidates, key=len)
    remainder = rest[len(key) + 1:]
    return section, key, remainder.split(".") if remainder else []


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# --- applying ------------------------------------------------------------------------------------
def apply_reforms(base_raw: dict, reforms: list[Reform]) -> Applied:
    """Apply reforms in order to a deep copy of base_raw. Every problem in every reform is collected
    first; if there is any, nothing is returned (InputError naming them all)."""
    raw = copy.deepcopy(base_raw)
    sheet, touched, problems = [], [], []
    for reform in reforms:
        raw["citations"][reform.citation_id] = {
            "title": f"Reform '{reform.id}': {reform.title} (hypothetical, not law)",
            "urls": list(reform.sources) or [f"urn:chipcontrols:reform:{reform.hash}"],
            "note": "A what-if change evaluated by the policy lab; not a published rule.",
        }
        own: list[tuple] = []
        for index, change in enumerate(reform.changes):
            try:
                entry, keys = _apply_change(raw, reform, change)
            except (KeyError, ValueError, TypeError) as exc:
                message = exc.args[0] if exc.args else str(exc)
                problems.append(f"{reform.origin or reform.id}: changes[{index}] ({change.get('kind')}): {message}")
                continue
            for key in keys:
                clash = next((k for k in own if _overlaps(k, key)), None)
                if clash is not None:
                    problems.append(f"{reform.origin or reform.id}: changes[{index}] overlaps an earlier change of "
                                    f"the same reform on {key[0]} ({_window_text(clash)} vs {_window_text(key)})")
            own += keys
            entry.update({"reform_id": reform.id, "reform_hash": reform.hash, "change": index, "note": change.get("note")})
            sheet.append(entry)
        touched.append((reform, own))
    if problems:
        raise InputError("Reform refused, nothing was applied: " + "; ".join(problems),
                         hint="Fix each change listed (paths come from 'chipcontrols rules --json').", problems=problems)
    try:
        pack = build_pack(raw)
    except ChipControlsError as exc:
        raise InputError(f"Reform refused: the reformed rules pack is invalid: {exc.message}",
                         hint="Check the values and dates of the changes.") from None
    _probe(pack)
    return Applied(raw=raw, pack=pack, reforms=list(reforms), sheet=sheet, conflicts=_conflicts(touched))


def _overlaps(a: tuple, b: tuple) -> bool:
    if a[0] != b[0]:
        return False
    return a[1] <= b[2] and b[1] <= a[2]


def _window_text(key: tuple) -> str:
    start, end = key[1], key[2]
    return f"{'start' if start == date.min else start} to {'open end' if end == FAR_FUTURE else end}"


def _conflicts(touched: list[tuple]) -> list[dict]:
    """Two reforms of a stack that change the same thing over overlapping dates: the later one wins."""
    found = []
    for i, (first, keys_a) in enumerate(touched):
        for second, keys_b in touched[i + 1:]:
            for a in keys_a:
                for b in keys_b:
                    if _overlaps(a, b):
                        found.append({"target": a[0], "reforms": [first.id, second.id],
                                      "windows": [_window_text(a), _window_text(b)],
                                      "resolution": f"'{second.id}' is applied after '{first.id}' and wins where they overlap"})
    return found


def _apply_change(raw: dict, reform: Reform, change: dict) -> tuple[dict, list[tuple]]:
    kind = change["kind"]
    if kind == "parameter":
        return _parameter(raw, reform, change)
    if kind == "switch":
        return _switch(raw, change)
    if kind == "set":
        return _set(raw, change)
    if kind == "membership":
        return _membership(raw, reform, change)
    return _rule(raw, reform, change)


def _cite(raw: dict, cid: str | None) -> dict | None:
    if cid is None or cid not in raw["citations"]:
        return None
    body = raw["citations"][cid]
    return {"id": cid, "title": body.get("title"), "fr": body.get("fr"), "cfr": body.get("cfr"),
            "urls": list(body.get("urls", []))}


def _parameter(raw: dict, reform: Reform, change: dict):
    section, pid, rest = resolve_path(raw, change["path"])
    if section != "parameters" or rest:
        raise KeyError(f"path '{change['path']}' is not a parameter (kind 'parameter' takes parameters.<id>)")
    param = raw["parameters"][pid]
    value = change["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"value {value!r} must be a number in {param['unit']}")
    if value < 0:
        raise ValueError(f"value {value} must not be negative")
    if _norm_unit(change["unit"]) != _norm_unit(param["unit"]):
        raise ValueError(f"'{pid}' is measured in {param['unit']}, but the change gives {change['unit']}; "
                         f"convert the value to {param['unit']}")
    values = param["values"]
    life_start = min(_date(v["effective"]) for v in values)
    ends = [_date(v.get("ends")) for v in values]
    life_end = None if any(e is None for e in ends) else max(ends)
    start = _date(change.get("from")) or life_start
    end = _date(change.get("until")) or life_end
    if start < life_start:
        raise ValueError(f"'{pid}' exists from {life_start}; a value from {start} would create the test before its rule "
                         "existed (change the rule's dates with kind 'set' on the provision instead)")
    if life_end is not None and end is not None and end > life_end:
        raise ValueError(f"'{pid}' ends on {life_end}; the change runs to {end}")
    if end is not None and end < start:
        raise ValueError(f"'until' {end} is before 'from' {start}")
    replaced, kept = [], []
    for v in values:
        e, n = _date(v["effective"]), _date(v.get("ends"))
        if (n is not None and n < start) or (end is not None and e > end):
            kept.append(v)
            continue
        replaced.append(v)
        if e < start:
            kept.append({**v, "ends": start - timedelta(days=1)})
        if end is not None and (n is None or n > end):
            kept.append({**v, "effective": end + timedelta(days=1)})
    new = {"value": value, "effective": start, "citation": reform.citation_id,
           "note": f"Reform '{reform.id}' (hypothetical value, not law)"}
    if end is not None:
        new["ends"] = end
    param["values"] = sorted(kept + [new], key=lambda v: _date(v["effective"]))
    entry = {"kind": "parameter", "path": change["path"], "unit": param["unit"], "description": param["description"],
             "baseline": [_value_view(v) for v in replaced],
             "reform": _value_view(new),
             "replaces_citations": _unique([_cite(raw, v["citation"]) for v in replaced])}
    return entry, [(change["path"], start, end or FAR_FUTURE)]


def _value_view(v: dict) -> dict:
    return {"value": v["value"], "effective": str(_date(v["effective"])),
            "ends": str(_date(v["ends"])) if v.get("ends") else None, "citation": v["citation"]}


def _unique(cites: list) -> list:
    seen, out = set(), []
    for c in cites:
        if c and c["id"] not in seen:
            seen.add(c["id"])
            out.append(c)
    return out


def _switch(raw: dict, change: dict):
    section, key, rest = resolve_path(raw, change["path"])
    if section not in ("provisions", "letters") or rest:
        raise KeyError(f"path '{change['path']}' is not a provision or letter (kind 'switch' takes "
                       "provisions.<id> or letters.<id>)")
    if not isinstance(change["enabled"], bool):
        raise TypeError(f"'enabled' must be true or false, got {change['enabled']!r}")
    body = raw[section][key]
    before = body.get("enabled", True)
    body["enabled"] = change["enabled"]
    entry = {"kind": "switch", "path": change["path"], "description": body.get("title"),
             "baseline": {"enabled": before}, "reform": {"enabled": change["enabled"]},
             "replaces_citations": _unique([_cite(raw, body.get("citation"))])}
    return entry, [(change["path"], date.min, FAR_FUTURE)]


def _set(raw: dict, change: dict):
    section, key, rest = resolve_path(raw, change["path"])
    if section not in ("provisions", "letters") or not rest:
        raise KeyError(f"path '{change['path']}' must name a field of a provision or letter, e.g. "
                       "provisions.part_742.license_3a090_2023.effective")
    if rest[0] in PROTECTED_FIELDS:
        raise KeyError(f"field '{rest[0]}' cannot be changed by a reform")
    holder = raw[section][key]
    for part in rest[:-1]:
        if not isinstance(holder, dict) or part not in holder:
            raise KeyError(f"path '{change['path']}': no field '{part}'")
        holder = holder[part]
    last = rest[-1]
    if not isinstance(holder, dict) or last not in holder:
        known = sorted(holder) if isinstance(holder, dict) else []
        raise KeyError(f"path '{change['path']}': no field '{last}' (fields here: {', '.join(map(str, known))})")
    before, value = holder[last], change["value"]
    value = _same_type(before, value, change["path"])
    holder[last] = value
    cite = holder.get("citation") if isinstance(holder, dict) else None
    entry = {"kind": "set", "path": change["path"], "description": raw[section][key].get("title"),
             "baseline": {"value": _jsonable(before)}, "reform": {"value": _jsonable(value)},
             "replaces_citations": _unique([_cite(raw, cite), _cite(raw, raw[section][key].get("citation"))])}
    return entry, [(change["path"], date.min, FAR_FUTURE)]


def _same_type(before, value, path: str):
    if isinstance(before, date):
        try:
            return _date(value)
        except InputError:
            raise TypeError(f"'{path}' is a date; {value!r} is not (YYYY-MM-DD)") from None
    if isinstance(before, bool):
        if not isinstance(value, bool):
            raise TypeError(f"'{path}' is true/false; got {value!r}")
        return value
    if isinstance(before, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"'{path}' is a number; got {value!r}")
        return value
    if isinstance(before, str):
        if not isinstance(value, str):
            raise TypeError(f"'{path}' is text; got {value!r}")
        return value
    if before is None:
        if isinstance(value, dict | list):
            raise TypeError(f"'{path}': only scalar values can be set")
        return value
    raise TypeError(f"'{path}' holds a {type(before).__name__}; only scalar fields (dates, numbers, true/false, text) "
                    "can be set")


def _membership(raw: dict, reform: Reform, change: dict):
    section, gid, rest = resolve_path(raw, change["path"])
    if section != "groups" or rest:
        raise KeyError(f"path '{change['path']}' is not a country group (kind 'membership' takes groups.<id>)")
    try:
        country = inputs.country_code(change["country"], "country")
    except InputError as exc:
        raise ValueError(exc.message) from None
    action = change["action"]
    if action not in ("add", "remove"):
        raise ValueError(f"action {action!r} must be 'add' or 'remove'")
    start, end = _date(change.get("from")), _date(change.get("until"))
    if start and end and end < start:
        raise ValueError(f"'until' {end} is before 'from' {start}")
    lo, hi = start or date.min, end or FAR_FUTURE
    group = raw["groups"][gid]
    members = group["members"]
    mine = [m for m in members if m["country"] == country]
    overlapping = [m for m in mine if (_date(m.get("since")) or date.min) <= hi and lo <= (_date(m.get("until")) or FAR_FUTURE)]
    if action == "add":
        if overlapping:
            m = overlapping[0]
            raise ValueError(f"{country} is already in {gid} from {m.get('since') or 'the baseline'} to "
                             f"{m.get('until') or 'open end'}; that overlaps {start or 'the baseline'} to {end or 'open end'}")
        new = {"country": country, "citation": reform.citation_id}
        if start:
            new["since"] = start
        if end:
            new["until"] = end
        members.append(new)
        baseline, after = None, _member_view(new)
        replaced = []
    else:
        if not overlapping:
            raise ValueError(f"{country} is not in {gid} at any time from {start or 'the baseline'} to {end or 'open end'}")
        kept = [m for m in members if m not in overlapping]
        for m in overlapping:
            since, until = _date(m.get("since")), _date(m.get("until"))
            if start and (since or date.min) < start:
                kept.append({**m, "until": start - timedelta(days=1)})
            if end and (until or FAR_FUTURE) > end:
                kept.append({**m, "since": end + timedelta(days=1)})
        group["members"] = kept
        baseline, after = [_member_view(m) for m in overlapping], {"removed_from": str(start) if start else "baseline",
                                                                   "removed_until": str(end) if end else None}
        replaced = overlapping
    entry = {"kind": "membership", "path": change["path"], "description": f"{country} {action} Country Group {gid}",
             "country": country, "action": action, "baseline": baseline, "reform": after,
             "replaces_citations": _unique([_cite(raw, m.get("citation") or group.get("citation")) for m in replaced]
                                           or [_cite(raw, group.get("citation"))])}
    return entry, [(f"{change['path']}:{country}", lo, hi)]


def _member_view(m: dict) -> dict:
    return {"country": m["country"], "since": str(m["since"]) if m.get("since") else None,
            "until": str(m["until"]) if m.get("until") else None, "citation": m.get("citation")}


def _rule(raw: dict, reform: Reform, change: dict):
    rule_id = change["id"]
    if not isinstance(rule_id, str) or not rule_id or any(ch.isspace() for ch in rule_id):
        raise ValueError("rule 'id' must be a name without spaces")
    letter_id = f"reform.{reform.id}.{rule_id}"
    if letter_id in raw["letters"]:
        raise ValueError(f"a rule '{letter_id}' already exists")
    criteria = _criteria(change["criteria"])
    destinations = change["destinations"]
    if isinstance(destinations, dict) and set(destinations) == {"same_as"}:
        section, key, rest = resolve_path(raw, destinations["same_as"])
        scope = raw[section][key].get("destination_scope") if section == "provisions" and not rest else None
        if scope is None:
            raise KeyError(f"destinations same_as '{destinations['same_as']}' must name a provision with a "
                           "destination_scope (e.g. provisions.part_742.license_3a090_2023)")
        destinations = copy.deepcopy(scope)
    if not isinstance(destinations, dict) or set(destinations) - {"any_of_groups", "except_groups", "plus_countries"}:
        raise ValueError("destinations must be {any_of_groups, except_groups, plus_countries} or {same_as: provisions.<id>}")
    for gid in list(destinations.get("any_of_groups", [])) + list(destinations.get("except_groups", [])):
        if gid not in raw["groups"]:
            raise KeyError(f"destinations name unknown country group '{gid}' (known: {', '.join(raw['groups'])})")
    for country in destinations.get("plus_countries", []):
        try:
            inputs.country_code(country, "plus_countries")
        except InputError as exc:
            raise ValueError(exc.message) from None
    policy = change.get("review_policy")
    if policy is not None and policy not in REVIEW_POLICIES:
        raise ValueError(f"review_policy {policy!r} is not one of {', '.join(REVIEW_POLICIES)}")
    start, end = _date(change["from"]), _date(change.get("until"))
    if end and end < start:
        raise ValueError(f"'until' {end} is before 'from' {start}")
    letter = {"id": letter_id, "title": change["title"], "addressee": "*", "effective": start,
              "citation": reform.citation_id, "destinations": destinations, "covers": {"criteria": criteria},
              "review_policy": policy, "note": change.get("note") or f"Criterion rule added by reform '{reform.id}'."}
    if end:
        letter["ends"] = end
    raw["letters"][letter_id] = letter
    entry = {"kind": "rule", "path": f"letters.{letter_id}", "description": change["title"], "baseline": None,
             "reform": {"addressee": "* (every exporter)", "effective": str(start), "ends": str(end) if end else None,
                        "destinations": destinations, "criteria": criteria, "review_policy": policy},
             "replaces_citations": []}
    return entry, [(f"letters.{letter_id}", start, end or FAR_FUTURE)]


def _criteria(criteria) -> dict:
    if not isinstance(criteria, dict) or not criteria or set(criteria) - {"all_of", "any_of"}:
        raise ValueError("criteria must be {all_of: [...], any_of: [...]} (one or both)")
    out = {}
    for part in ("all_of", "any_of"):
        rows = criteria.get(part, [])
        if not isinstance(rows, list):
            raise ValueError(f"criteria.{part} must be a list")
        cleaned = []
        for row in rows:
            if not isinstance(row, dict) or set(row) - {"metric", "op", "value", "unit"} or not {"metric", "op", "value"} <= set(row):
                raise ValueError(f"criterion {row!r} must have metric, op, value (and optional unit)")
            metric, op, value = row["metric"], row["op"], row["value"]
            if metric not in METRIC_UNITS:
                raise ValueError(f"criterion metric {metric!r} is not one of {', '.join(METRIC_UNITS)}")
            if op not in OPS:
                raise ValueError(f"criterion op {op!r} is not one of {', '.join(OPS)}")
            if metric == "datacenter":
                if op != "==" or not isinstance(value, bool):
                    raise ValueError("the datacenter criterion takes op '==' and value true or false")
            else:
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError(f"criterion {metric} needs a number in {METRIC_UNITS[metric]}, got {value!r}")
                if "unit" in row and _norm_unit(row["unit"]) != _norm_unit(METRIC_UNITS[metric]):
                    raise ValueError(f"criterion {metric} is measured in {METRIC_UNITS[metric]}, but the change gives "
                                     f"{row['unit']}; convert the value")
            cleaned.append({"metric": metric, "op": op, "value": value})
        if cleaned:
            out[part] = cleaned
    if not out:
        raise ValueError("criteria must contain at least one criterion")
    return out


def _probe(pack: RulesPack) -> None:
    """Classify probe designs on every date a value starts or ends: a reform must not leave a 3A090 test
    half-defined (one threshold with no value while the others apply)."""
    from chipcontrols.catalog.metrics import Metrics
    from chipcontrols.rules.classify import classify_3a090

    days = set()
    for p in pack.parameters.values():
        for v in p.values:
            days.add(v.effective)
            if v.ends:
                days.add(v.ends)
                days.add(v.ends + timedelta(days=1))
    probes = [Metrics(tpp=t, tpp_precision="int8", pd=t / 800, die_area_mm2=800, memory_bw_gbs=1000,
                      interconnect_bw_gbs=700, datacenter=dc) for t in (1000, 3000, 10000) for dc in (True, False)]
    for day in sorted(days):
        for m in probes:
            try:
                classify_3a090(m, day, pack)
            except (TypeError, AttributeError) as exc:
                raise InputError(f"Reform refused: on {day} the 3A090 test is incomplete ({exc}); a reform must give "
                                 "every threshold of a test the same dates.",
                                 hint="Align the 'from'/'until' of the parameter changes with the rule's dates.") from None
