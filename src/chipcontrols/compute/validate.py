"""Checks on numeric inputs: finite, in range, with a message that says how to fix it."""

from __future__ import annotations

import math

from chipcontrols.errors import InputError


def positive(value, name: str, hint: str | None = None) -> float | None:
    if value is None:
        return None
    number = _number(value, name)
    if number <= 0:
        raise InputError(f"{name} must be greater than 0, not {value}.", hint=hint or f"Give a positive {name}.")
    return number


def non_negative(value, name: str) -> float | None:
    if value is None:
        return None
    number = _number(value, name)
    if number < 0:
        raise InputError(f"{name} cannot be negative ({value}).", hint=f"Give {name} as 0 or more.")
    return number


def fraction(value, name: str) -> float | None:
    """A utilization: greater than 0 and at most 1."""
    if value is None:
        return None
    number = _number(value, name)
    if not 0 < number <= 1:
        raise InputError(f"{name} must be between 0 and 1 (a fraction of peak), not {value}.",
                         hint=f"Write e.g. 0.35 for 35%; {name} above 1 would mean beating the chip's peak.")
    return number


def _number(value, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} '{value}' is not a number.", hint=f"Give {name} as a number, e.g. 2.788e6.") from None
    if not math.isfinite(number):
        raise InputError(f"{name} must be a finite number, not {value}.", hint=f"Give {name} as an ordinary number.")
    return number
