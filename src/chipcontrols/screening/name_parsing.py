"""Split list name fields into a primary name, aliases and weak aliases.

Handles what the lists actually contain (see shared/reference/screening.md §2.1, §7): "X (a.k.a. Y)",
"X, f.k.a. Y", "(formerly Y)", acronyms in parentheses "(CASC)" (weak alias: evidence, never a
confirmation on its own), notes such as "(Parent Organization: ...)" (dropped: the parent is another
entity), "and any successor, sub-unit, or subsidiary thereof", and CSL alias cells joined by "; " with
the last one prefixed "and ".
"""

from __future__ import annotations

import re

_AKA = re.compile(r"\b(?:a\.?k\.?a\.?|f\.?k\.?a\.?|n\.?k\.?a\.?|formerly(?: known as)?|also known as|previously)\s*[:,]?\s*", re.I)
_SUCCESSOR = re.compile(r",?\s*(?:and|or)?\s*any successors?,?\s*sub-?units?,?\s*(?:or|and)?\s*subsidiar(?:y|ies)\s*(?:thereof)?\.?", re.I)
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&\-\. ]{1,11}$")
_QUOTED = re.compile(r"""a\.k\.a\.?\s*['"‘“]([^'"’”]+)['"’”]""", re.I)


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip(" ;,.")


def split_name(raw: str) -> tuple[str, list[str], list[str]]:
    """One name cell -> (primary, aliases, weak aliases)."""
    aliases: list[str] = []
    weak: list[str] = []
    text = _SUCCESSOR.sub("", raw or "")

    def paren(inner: str) -> str:
        inner = inner.strip()
        if _AKA.match(inner):
            for piece in inner.split(";"):
                piece = clean(_AKA.sub("", piece.strip(), count=1))
                if piece:
                    aliases.append(piece)
            return " "
        if ":" in inner or inner.lower().startswith(("see ", "subordinate", "parent", "including")):
            return " "
        if _ACRONYM.match(inner) and len(inner.replace(" ", "")) <= 10:
            weak.append(inner)
            return " "
        return " " + inner + " "  # "(Hong Kong)" and the like stay part of the name

    text = _replace_top_level_parens(text, paren)
    parts = _AKA.split(text)
    primary = clean(parts[0])
    aliases += [clean(p) for p in parts[1:] if clean(p)]
    if not primary and aliases:
        primary = aliases.pop(0)
    # the full original form is an alias too when we changed it (users type what they see on the list)
    return primary, aliases, weak


def split_alias_cell(cell: str) -> list[str]:
    """CSL alt_names: "A; B; and C" -> [A, B, C]."""
    out = []
    for part in (cell or "").split(";"):
        part = re.sub(r"^\s*and\s+", "", part.strip(), flags=re.I)
        part = clean(part)
        if part:
            out.append(part)
    return out


def quoted_akas(remarks: str) -> list[str]:
    """OFAC remarks such as "a.k.a. 'BNC'." hold weak aliases."""
    return [clean(m) for m in _QUOTED.findall(remarks or "") if clean(m)]


def person_display(name: str) -> str:
    """OFAC writes persons "LAST, First Middle"; show and match them as "First Middle LAST"."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if first and last:
            return f"{first} {last}"
    return name


def _replace_top_level_parens(text: str, fn) -> str:
    """Apply fn to the inside of each outermost (...) group; unbalanced parentheses are left as text."""
    out, depth, start, last = [], 0, 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[last:start])
                out.append(fn(text[start + 1 : i]))
                last = i + 1
    out.append(text[last:] if depth == 0 else text[last:].replace("(", " "))
    return "".join(out)
