"""Sentences generated from the pack's data, so that a reform that moves a scope or a date moves the words too."""

from __future__ import annotations

from datetime import date

import pycountry

from chipcontrols.rules.pack import RulesPack, Scope


def country_name(pack: RulesPack, code: str) -> str:
    """The name the EAR uses (the pack's own spelling where it has one, e.g. Macau), else ISO 3166's."""
    if code in pack.country_names:
        return pack.country_names[code]
    found = pycountry.countries.get(alpha_2=code)
    return getattr(found, "common_name", None) or (found.name if found else code)


def join_or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def scope(pack: RulesPack, s: Scope) -> str:
    """'D:1, D:4 or D:5 (less A:5/A:6), or Macau'."""
    parts = []
    if s.any_of_groups:
        groups = join_or(list(s.any_of_groups))
        if s.except_groups:
            groups += f" (less {'/'.join(s.except_groups)})"
        parts.append(groups)
    parts += [country_name(pack, c) for c in s.plus_countries]
    return join_or(parts) if parts else "no destination"


def dated_countries(pack: RulesPack, entries) -> str:
    """'China, and Macau from 2023-01-17'."""
    words = [country_name(pack, e.country) + (f" from {e.since}" if e.since else "") for e in entries]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", and " + words[-1]


def window(start: date, end: date | None) -> str:
    return f"from {start}" + (f" to {end}" if end else "")
