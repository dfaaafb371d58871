"""One error type for every bad input: what is wrong, and how to fix it.

Faces turn these into one shape: CLI exit code 2 with the message, HTTP 4xx with the same JSON.
"""

from __future__ import annotations


class ChipControlsError(Exception):
    """Base error: a message for the user, a hint on how to fix it, and a stable code."""

    code = "invalid_input"

    def __init__(self, message: str, hint: str | None = None, **details):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def to_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "hint": self.hint, **self.details}}

    def __str__(self) -> str:
        return self.message + (f" ({self.hint})" if self.hint else "")


class InputError(ChipControlsError):
    code = "invalid_input"


class UnknownChipError(ChipControlsError):
    code = "unknown_chip"


class DataError(ChipControlsError):
    """The bundled data (catalog, rules pack) is malformed: a bug in our data, not the user's input."""

    code = "invalid_data"


class MissingDependencyError(ChipControlsError):
    """An optional extra (PyTorch for measure, matplotlib for charts) is not installed."""

    code = "missing_dependency"
