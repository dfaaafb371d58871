"""One module per legal provision, named like its data file (rules/data/us_ear/provisions/NAME.yaml) and its
scenario file (tests/rules/data/us_ear/provisions/NAME.yaml).

Each module declares:
  LOGIC      the `logic:` name its data files use
  Settings   the typed settings of that logic (a ProvisionSettings: unknown keys are refused at load)
  evaluate   the pure function that applies it to one item and records exactly one trace node (its own)
  TOP_LEVEL  False for provisions applied from within another (license exceptions, review policies); those
             are named by the other provision's `*_provision` settings instead of the pack's evaluation order
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

from chipcontrols.rules.pack import ProvisionSettings


@dataclass(frozen=True)
class Logic:
    name: str
    module: str
    settings: type[ProvisionSettings]
    evaluate: Callable
    top_level: bool


def _discover() -> dict[str, Logic]:
    registry: dict[str, Logic] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module: ModuleType = importlib.import_module(f"{__name__}.{info.name}")
        logic = Logic(module.LOGIC, info.name, module.Settings, module.evaluate, getattr(module, "TOP_LEVEL", True))
        if logic.name in registry:
            raise RuntimeError(f"logic '{logic.name}' is registered by {registry[logic.name].module} and {info.name}")
        registry[logic.name] = logic
    return registry


REGISTRY: dict[str, Logic] = _discover()
