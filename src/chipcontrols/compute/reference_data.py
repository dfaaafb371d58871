"""Load the cited data files bundled with the compute package (thresholds, power, reference runs)."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from chipcontrols.errors import DataError

DATA_DIR = Path(__file__).parent / "data"


def load(name: str):
    """A fresh copy each call: callers (an HTTP handler, say) may change what they get without touching the cache."""
    return copy.deepcopy(_parsed(name))


@lru_cache(maxsize=None)
def _parsed(name: str):
    path = DATA_DIR / f"{name}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Bundled compute data {path.name} cannot be read: {exc}") from exc
