"""Parse fleet lines such as "2048 x H800 SXM" into (count, catalog chip).

Accepted: a positive whole count, a separator (x, X, ×, *), then a catalog name or alias.
Thousands separators in the count are fine ("16,384 x H100"). Anything else is refused with a
message saying what is wrong, because a silently misread count would corrupt every total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chipcontrols.catalog import default_catalog
from chipcontrols.errors import InputError, UnknownChipError
from chipcontrols.model.chip import Chip

EXAMPLE = "'2048 x H800 SXM'"
_LINE = re.compile(r"^\s*(?P<count>[^\sx×*X]+)\s*[x×*X]\s*(?P<chip>.*?)\s*$")
_COUNT = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")


@dataclass(frozen=True)
class FleetLine:
    count: int
    chip: Chip
    text: str  # as the user wrote it

    def to_dict(self) -> dict:
        return {"count": self.count, "chip": self.chip.label(), "chip_id": self.chip.id, "text": self.text}


def parse_count(raw: str, context: str) -> int:
    cleaned = raw.strip().replace("_", "")
    if not _COUNT.match(cleaned):
        raise InputError(f"{context}: the count '{raw}' is not a whole number.",
                         hint=f"Write a positive whole number of chips, e.g. {EXAMPLE}.")
    count = int(cleaned.replace(",", ""))
    if count <= 0:
        raise InputError(f"{context}: the count must be at least 1, not {count}.",
                         hint=f"Write a positive whole number of chips, e.g. {EXAMPLE}.")
    return count


def parse_fleet_line(text: str) -> FleetLine:
    if text is None or not str(text).strip():
        raise InputError("Empty fleet line.", hint=f"Write a count and a chip, e.g. {EXAMPLE}.")
    match = _LINE.match(text)
    if not match:
        raise InputError(f"Fleet line '{text}' is not of the form COUNT x CHIP.",
                         hint=f"Write a count, an 'x', then a catalog chip name, e.g. {EXAMPLE}.")
    count = parse_count(match["count"], f"Fleet line '{text}'")
    name = match["chip"]
    if not name:
        raise InputError(f"Fleet line '{text}' names no chip after the count.",
                         hint=f"Add a catalog chip name after the 'x', e.g. {EXAMPLE}.")
    try:
        chip = default_catalog().get(name)
    except UnknownChipError as exc:
        raise UnknownChipError(f"Fleet line '{text}': {exc.message}", hint=exc.hint, **exc.details) from None
    return FleetLine(count=count, chip=chip, text=text.strip())


def parse_fleet(lines) -> list[FleetLine]:
    """Parse every line first, so a bad line anywhere fails the whole request (no partial answer)."""
    if isinstance(lines, str):
        lines = [lines]
    lines = list(lines or [])
    if not lines:
        raise InputError("No fleet given.", hint=f"Give one or more lines such as {EXAMPLE}.")
    return [parse_fleet_line(line) for line in lines]


def resolve_chip(name: str) -> Chip:
    return default_catalog().get(name)
