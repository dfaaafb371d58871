"""Errors the ledger raises besides bad input: a missing record, and a refusal with its reason."""

from __future__ import annotations

from chipcontrols.errors import ChipControlsError


class NotFound(ChipControlsError):
    code = "not_found"


class Refused(ChipControlsError):
    """The request is well formed but the ledger says no: exhausted license, cap, expired, on hold..."""

    code = "refused"
