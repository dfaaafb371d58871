"""An order book for what-if runs: CSV rows chip, quantity, destination, date[, exporter, end_user_hq]."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chipcontrols import inputs
from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.model.chip import Chip
from chipcontrols.policy.compute import find_chip

REQUIRED_COLUMNS = ("chip", "quantity", "destination", "date")
OPTIONAL_COLUMNS = ("exporter", "end_user_hq")


@dataclass(frozen=True)
class OrderLine:
    line: int  # 1-based line number in the file (header is line 1)
    chip: Chip
    quantity: int
    destination: str
    on: date
    exporter: str | None
    end_user_hq: str | None


def read_orders(source: str | Path | list[dict]) -> list[OrderLine]:
    """Parse and validate every line; on any problem raise one InputError listing them all."""
    if isinstance(source, list):
        rows, where = list(enumerate(source, start=2)), "orders"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"Order file '{path}' not found.", hint="Give a CSV with columns chip, quantity, "
                             "destination, date (and optional exporter, end_user_hq).")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
            if missing or unknown:
                raise InputError(f"Order file '{path}': " + "; ".join(
                    ([f"missing column(s) {', '.join(missing)}"] if missing else []) +
                    ([f"unknown column(s) {', '.join(unknown)}"] if unknown else [])),
                    hint="Columns: chip, quantity, destination, date, and optionally exporter, end_user_hq.")
            rows = [(n, {k.strip(): (v or "").strip() for k, v in row.items() if k}) for n, row in
                    enumerate(reader, start=2)]
        where = str(path)
    if not rows:
        raise InputError(f"{where} has no order lines.", hint="Add at least one line under the header.")
    lines, problems = [], []
    for number, row in rows:
        try:
            lines.append(OrderLine(
                line=number, chip=find_chip(str(row.get("chip", ""))),
                quantity=inputs.quantity(str(row.get("quantity", "")), "quantity"),
                destination=inputs.country_code(str(row.get("destination", "")), "destination"),
                on=inputs.as_date(row.get("date") or None, "date"),
                exporter=(row.get("exporter") or None),
                end_user_hq=inputs.country_code(row.get("end_user_hq") or None, "end_user_hq")))
        except ChipControlsError as exc:
            problems.append(f"line {number}: {exc.message}")
    if problems:
        raise InputError(f"{where}: {len(problems)} bad order line(s): " + "; ".join(problems),
                         hint="Fix the lines listed; nothing was evaluated.", problems=problems)
    return lines
