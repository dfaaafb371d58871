"""Validate what users type, with errors that say what is wrong and how to fix it."""

from __future__ import annotations

import re
from datetime import date

import pycountry

from chipcontrols.errors import InputError
from chipcontrols.vocab import END_USES, EXPORTER_ROLES  # noqa: F401  (the choices the validators accept)


def country_code(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code) or pycountry.countries.get(alpha_2=code) is None:
        by_name = pycountry.countries.get(name=value.strip()) if len(value.strip()) > 2 else None
        hint = (f"Did you mean {by_name.alpha_2} ({by_name.name})?" if by_name else
                "Use an ISO 3166-1 alpha-2 code such as CN, HK, MO, US, DE, AE.")
        raise InputError(f"{field} '{value}' is not an ISO 3166-1 alpha-2 country code.", hint=hint, field=field)
    return code


def as_date(value, field: str = "date") -> date:
    if isinstance(value, date):
        return value
    if value is None:
        raise InputError(f"{field} is required.", hint="Give a date as YYYY-MM-DD, e.g. 2023-03-01.", field=field)
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{field} '{value}' is not a valid date.", hint="Use YYYY-MM-DD, e.g. 2023-03-01.",
                         field=field) from None


def quantity(value, field: str = "quantity") -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{field} must be a whole number, got {value!r}.", hint="Give a positive integer.", field=field)
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{field} '{value}' is not a whole number.", hint="Give a positive integer.", field=field) from None
    if number < 1:
        raise InputError(f"{field} must be at least 1, got {number}.", hint="Give a positive integer.", field=field)
    return number


def choice(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise InputError(f"{field} '{value}' is not one of {', '.join(allowed)}.", hint=f"Use one of: {', '.join(allowed)}.",
                         field=field)
    return value
