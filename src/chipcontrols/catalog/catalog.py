"""Load the accelerator catalog (one YAML file per part) and resolve names users type."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz, process

from chipcontrols.errors import DataError, UnknownChipError
from chipcontrols.model.chip import Chip

DATA_DIR = Path(__file__).parent / "data"
NOISE_WORDS = {"gpu", "accelerator", "card", "module", "tensor", "core"}
VENDOR_WORDS = {"nvidia", "amd", "intel", "habana", "google", "aws", "amazon", "annapurna", "huawei",
                "hisilicon", "cambricon", "biren", "moore", "threads", "instinct", "geforce", "tesla"}


def normalize_name(text: str, keep_memory: bool = False) -> str:
    """Lower case, punctuation to spaces, vendor and filler words dropped; memory sizes too unless kept."""
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    words = [w for w in text.split() if w not in VENDOR_WORDS and w not in NOISE_WORDS
             and (keep_memory or not re.fullmatch(r"\d+gb", w))]
    return " ".join(words)


def compact(text: str, keep_memory: bool = False) -> str:
    return normalize_name(text, keep_memory).replace(" ", "")


@dataclass(frozen=True)
class Catalog:
    chips: dict[str, Chip]
    content_hash: str

    def __iter__(self):
        return iter(self.chips.values())

    def __len__(self) -> int:
        return len(self.chips)

    def get(self, name: str) -> Chip:
        """Resolve an id, name or alias; raise UnknownChipError with the closest candidates."""
        if not name or not name.strip():
            raise UnknownChipError("No chip name given.", hint="Pass a catalog name such as 'H100' or an id.")
        # A memory size the user typed ("A100 40GB") must pick that part; only then try without it.
        exact = self._exact_index().get(compact(name, keep_memory=True)) or self._exact_index().get(compact(name))
        if exact is not None and len(exact) == 1:
            return self.chips[exact[0]]
        if exact is not None:
            raise UnknownChipError(
                f"'{name}' is ambiguous: it matches {', '.join(self.chips[c].name for c in exact)}.",
                hint="Use one of the full names or ids listed.", candidates=exact)
        # Fuzzy matches are suggestions only: one character separates an H100 from an H800.
        candidates = self.closest(name)
        shown = ", ".join(f"{self.chips[c].name} ({c})" for c, _ in candidates[:5])
        raise UnknownChipError(
            f"Unknown chip '{name}'." + (f" Closest: {shown}." if shown else ""),
            hint="Run 'chipcontrols chips' for the catalog, or give raw specs to 'chipcontrols classify'.",
            candidates=[c for c, _ in candidates[:5]])

    def closest(self, name: str, limit: int = 5) -> list[tuple[str, float]]:
        choices = {}
        for chip in self.chips.values():
            for label in (chip.name, *chip.aliases, chip.id):
                choices[(chip.id, label)] = normalize_name(label)
        found = process.extract(normalize_name(name), choices, scorer=fuzz.token_set_ratio, limit=limit * 4)
        best: dict[str, float] = {}
        for _, score, (chip_id, _) in found:
            best[chip_id] = max(best.get(chip_id, 0), score)
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    @lru_cache(maxsize=1)  # noqa: B019 - the catalog is immutable and lives for the process
    def _exact_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for chip in self.chips.values():
            labels = [chip.id, chip.name, re.sub(r"\(.*?\)", "", chip.name), f"{chip.vendor} {chip.name}", *chip.aliases]
            keys = {compact(label, keep) for label in labels for keep in (False, True)}
            for key in keys:
                if chip.id not in index.setdefault(key, []):
                    index[key].append(chip.id)
        # An explicit alias wins over a name fragment shared by several parts.
        for chip in self.chips.values():
            for alias in chip.aliases:
                index[compact(alias)] = [chip.id]
                index[compact(alias, keep_memory=True)] = [chip.id]
        return index

    __hash__ = object.__hash__


def load_catalog(data_dir: Path = DATA_DIR) -> Catalog:
    chips: dict[str, Chip] = {}
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.yaml")):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        try:
            chip = Chip.model_validate(yaml.safe_load(raw))
        except ValidationError as exc:
            raise DataError(f"Catalog file {path.name} is invalid: {exc}") from exc
        if not chip.sources:
            raise DataError(f"Catalog file {path.name} has no sources; every figure needs one.")
        if chip.id in chips:
            raise DataError(f"Duplicate chip id {chip.id} in {path.name}.")
        chips[chip.id] = chip
    return Catalog(chips=chips, content_hash=digest.hexdigest()[:16])


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
