"""Country names and ISO-2 codes, so "CN", "China" and OFAC's "Korea, North" compare."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return json.loads(resources.files("chipcontrols.screening").joinpath("data/country_names.json").read_text("utf-8"))["names"]


def to_code(text: str | None) -> str | None:
    """"CN" / "cn" / "China" / "Korea, North" -> ISO-2, or None when unknown."""
    if not text:
        return None
    t = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", t):
        return t.upper()
    return _names().get(t.lower())


def code_at_end(address: str) -> str | None:
    """CSL addresses end with ", CC"."""
    m = re.search(r"(?:^|,)\s*([A-Z]{2})\s*$", address or "")
    return m.group(1) if m else None
