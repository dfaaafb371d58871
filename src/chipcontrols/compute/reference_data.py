"""Load the cited data files bundled with the compute package (thresholds, power, reference runs)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from chipcontrols.errors import DataError

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str):
    path = DATA_DIR / f"{name}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Bundled compute data {path.name} cannot be read: {exc}") from exc
