"""Units the ledger counts in. TPP is stored as integer milli-TPP so sums and caps are exact."""

from __future__ import annotations

from datetime import date

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.compute.equivalents import h100_tpp  # the unit of 'H100-equivalents'
from chipcontrols.errors import InputError

# Bounds that keep every sum inside a signed 64-bit column on both databases.
MAX_UNITS_PER_LINE = 1_000_000
MAX_UNIT_VALUE_USD = 10_000_000
MAX_LINES = 200
MAX_LICENSE_UNITS = 10**12
MAX_VALUE_USD = 10**13
MAX_TPP = 10**15


def to_mtpp(tpp: float) -> int:
    return round(tpp * 1000)


def from_mtpp(mtpp: int | None) -> float | None:
    return None if mtpp is None else mtpp / 1000


def h100e(mtpp: int | None) -> float | None:
    return None if mtpp is None else round(mtpp / 1000 / h100_tpp(), 3)


def chip_tpp_mtpp(chip_name: str) -> tuple[str, int]:
    """(catalog id, TPP per unit in milli-TPP) for a chip name; refuses parts without a published TPP."""
    chip = default_catalog().get(chip_name)
    tpp = metrics_for(chip).tpp
    if tpp is None:
        raise InputError(f"{chip.label()} has no published dense throughput, so its TPP is unknown.",
                         hint="The ledger counts TPP; record this part only once its specs are in the catalog.")
    return chip.id, to_mtpp(tpp)


def to_cents(value_usd: float | None, maximum: float = MAX_VALUE_USD) -> int:
    if value_usd is None:
        return 0
    if isinstance(value_usd, bool) or not isinstance(value_usd, (int, float)) or value_usd != value_usd:
        raise InputError(f"Value {value_usd!r} is not a number.", hint="Give the value in U.S. dollars, e.g. 25000.")
    if value_usd < 0:
        raise InputError(f"Value {value_usd} is negative.", hint="Give the value in U.S. dollars, zero or more.")
    if value_usd > maximum:
        raise InputError(f"Value {value_usd} is above the ledger's limit of {maximum:,}.", hint="Check the amount and its unit (USD).")
    return round(value_usd * 100)


def parse_day(value, name: str) -> date:
    """inputs.as_date, in the ledger's own wording ('... is not a date.', which its tests assert)."""
    try:
        return inputs.as_date(value, name)
    except InputError:
        raise InputError(f"{name} '{value}' is not a date.", hint="Use the ISO form YYYY-MM-DD, e.g. 2025-03-01.") from None


def country(code: str | None, name: str, required: bool = True) -> str | None:
    if code is None or code == "":
        if required:
            raise InputError(f"{name} is missing.", hint="Give an ISO 3166-1 alpha-2 country code such as CN or US.")
        return None
    return inputs.country_code(str(code), name)  # the engine's own check: a real ISO 3166-1 code


def positive_int(value, name: str, maximum: int = MAX_UNITS_PER_LINE) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be a whole number, got {value!r}.", hint="Give a positive integer.")
    if value <= 0:
        raise InputError(f"{name} must be positive, got {value}.", hint="Give a positive integer (1 or more).")
    if value > maximum:
        raise InputError(f"{name} {value:,} is above the ledger's limit of {maximum:,}.", hint="Split it into several lines or orders.")
    return value
