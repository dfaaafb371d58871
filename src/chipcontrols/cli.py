"""The command line: thin verbs over the public functions in chipcontrols/__init__.py.

`--json` prints exactly the structure the Python API returns (and the HTTP API serves).
Each area keeps its verbs in its own cli_<area>.py and registers them below.
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
from chipcontrols import cli_core  # noqa: E402

cli_core.register(app)
from chipcontrols import cli_ledger  # noqa: E402

cli_ledger.register(app)
from chipcontrols import cli_compute  # noqa: E402

cli_compute.register(app)
from chipcontrols import cli_policy  # noqa: E402

cli_policy.register(app)
from chipcontrols import cli_screening  # noqa: E402

cli_screening.register(app)
# ------------------------------------------------------------------------------------------------


def main() -> None:
    app()


if __name__ == "__main__":
    main()
