"""Restricted-party screening: load official lists into dated snapshots, screen names, explain hits.

Python API:
    match(name1, name2, kind=None) -> MatchResult (.score 0..1, .is_match)
    screen(name, country=None, address=None, ...) -> ScreenResult (ranked hits with explanation)
    screen_party(name, country=None, address=None) -> dict (the shape `check --party` consumes)
    load_list(path), status(), diff(old, new): list snapshots
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from chipcontrols.screening.engine import ALERT_THRESHOLD, MatchResult, ScreenResult, match_with, screen_with
from chipcontrols.screening.index import ScreeningIndex
from chipcontrols.screening.store import ListFileError, SnapshotRefused, current_hash, current_snapshot, diff, load_list, status

_CACHE: dict[str, ScreeningIndex] = {}


def bundled_sample_paths() -> list[Path]:
    base = Path(str(resources.files("chipcontrols.screening").joinpath("data")))
    return [base / "sample_csl.csv", base / "sample_ofac" / "sdn.csv"]


def bundled_index() -> ScreeningIndex:
    if "bundled" not in _CACHE:
        from chipcontrols.screening.store import content_hash, read_list_file, source_counts

        entries = []
        for p in bundled_sample_paths():
            entries += read_list_file(p)
        _CACHE["bundled"] = ScreeningIndex(entries, {
            "id": None, "hash": content_hash(entries), "loaded_at": None, "origin": "bundled sample",
            "counts": source_counts(entries), "total_entries": len(entries)})
    return _CACHE["bundled"]


def default_index() -> ScreeningIndex:
    """The index of the current snapshot, or of the bundled sample when no list was loaded."""
    key = current_hash()
    if key is None:
        return bundled_index()
    if key not in _CACHE:
        snap, entries = current_snapshot()
        for old_key in [k for k in _CACHE if k != "bundled"]:
            del _CACHE[old_key]
        _CACHE[key] = ScreeningIndex(entries, {"id": snap["id"], "hash": snap["hash"], "loaded_at": snap["loaded_at"],
                                               "origin": "store", "counts": snap["counts"], "total_entries": snap["total_entries"]})
    return _CACHE[key]


def match(name1: str, name2: str, kind: str | None = None) -> MatchResult:
    return match_with(default_index(), name1, name2, kind)


def screen(name: str, country: str | None = None, address: str | None = None, limit: int = 10,
           threshold: float = ALERT_THRESHOLD, kind: str | None = None, index: ScreeningIndex | None = None) -> ScreenResult:
    return screen_with(index or default_index(), name, country, address, limit=limit, threshold=threshold, kind=kind)


def screen_party(name: str, country: str | None = None, address: str | None = None) -> dict:
    """The contract `check --party` uses: status clear / possible_match / confirmed_match, flat hits."""
    result = screen(name, country, address)
    hits = []
    for h in result.hits:
        e = h.entry
        hits.append({
            "name": name,
            "matched_name": h.matched_name,
            "list_name": e["name"],
            "status": h.status,
            "source": e["source"],
            "entity_number": e["entity_number"] or e["uid"],
            "federal_register_notice": e["federal_register_notice"],
            "start_date": e["start_date"],
            "license_requirement": e["license_requirement"],
            "license_policy": e["license_policy"],
            "source_list_url": e["source_list_url"],
            "score": h.score,
            "explanation": h.explanation.get("summary", ""),
            "details": h.explanation,
        })
    return {"status": result.status, "hits": hits, "snapshot": result.snapshot, "settings": result.settings}


__all__ = ["match", "screen", "screen_party", "load_list", "status", "diff", "default_index", "bundled_index",
           "ScreeningIndex", "ScreenResult", "MatchResult", "ListFileError", "SnapshotRefused", "ALERT_THRESHOLD"]
