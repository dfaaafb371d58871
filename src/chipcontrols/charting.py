"""What every chart needs: matplotlib on the Agg backend (no display), and a checked output path.

matplotlib is optional (the 'plot' extra); without it, asking for a chart is a clear error.
"""

from __future__ import annotations

from pathlib import Path

from chipcontrols.errors import InputError, MissingDependencyError

CHART_SUFFIXES = (".png", ".svg", ".pdf")


def pyplot():
    try:
        import matplotlib
    except ImportError:
        raise MissingDependencyError("Charts need matplotlib, which is not installed.",
                                     hint="Install the optional extra: pip install 'chipcontrols[plot]'.") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def chart_path(path: str | Path, suffixes: tuple[str, ...] = CHART_SUFFIXES) -> Path:
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise InputError(f"Chart file '{path}' must end in {' or '.join(suffixes)}.", hint="e.g. --plot chart.png")
    if not target.parent.exists():
        raise InputError(f"Folder '{target.parent}' does not exist.", hint="Create it first or pick another path.")
    return target
