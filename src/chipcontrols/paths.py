"""Where local state lives (list snapshots, the default SQLite ledger).

$CHIPCONTROLS_HOME if set, else ~/.chipcontrols. Tests point it at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    root = Path(os.environ.get("CHIPCONTROLS_HOME") or Path.home() / ".chipcontrols")
    root.mkdir(parents=True, exist_ok=True)
    return root
