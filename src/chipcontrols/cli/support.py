"""Helpers every CLI verb shares: one JSON shape, one error shape, exit codes.

Exit codes: 0 ok, 2 bad input (message on stderr), 1 internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps

import typer
from rich.console import Console

from chipcontrols.errors import ChipControlsError, InputError

console = Console()
error_console = Console(stderr=True)


def to_json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(value) -> None:
    typer.echo(to_json(value))


def handle_errors(func: Callable) -> Callable:
    """Turn ChipControlsError into exit code 2 with the message (and JSON under --json)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ChipControlsError as exc:
            if kwargs.get("as_json"):
                typer.echo(to_json(exc.to_dict()), err=True)
            else:
                error_console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
                if exc.hint:
                    error_console.print(f"[dim]How to fix:[/] {exc.hint}", highlight=False)
            raise typer.Exit(code=2) from None

    return wrapper


def fail(message: str, hint: str | None = None) -> None:
    raise InputError(message, hint=hint)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
