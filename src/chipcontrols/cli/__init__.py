"""The command line: thin verbs over the public functions in chipcontrols/__init__.py.

`--json` prints exactly the structure the Python API returns (and the HTTP API serves).
Each area keeps its verbs in its own module of this package and registers them below;
support.py holds the conventions they share (one JSON shape, one error shape, exit codes).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="chipcontrols",
    help="Export controls on AI chips: classify, check, explain, cite.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# --- areas register their verbs here (one line each) -------------------------------------------
from chipcontrols.cli import compute, engine, ledger, policy, rules, screening  # noqa: E402

engine.register(app)
rules.register(app)
ledger.register(app)
compute.register(app)
policy.register(app)
screening.register(app)
# ------------------------------------------------------------------------------------------------


def main() -> None:
    app()
