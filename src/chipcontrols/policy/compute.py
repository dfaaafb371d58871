"""H100-equivalents: a chip's TPP over the H100 SXM's TPP, both computed from catalog specs
(the reference chip itself is chipcontrols.compute.equivalents.h100_reference).

Epoch AI normalises by peak 8-bit OP/s; TPP (bit length x dense TOPS, the regulation's own measure)
gives the same ratio for chips whose 8-bit rate is twice their 16-bit rate, and is what the rules use.
"""

from __future__ import annotations

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.compute.equivalents import h100_reference, h100_tpp
from chipcontrols.errors import InputError
from chipcontrols.model.chip import Chip


def h100_reference_json() -> dict:
    """The reference as the policy lab's results report it."""
    chip = h100_reference()
    return {"chip_id": chip.id, "chip": chip.name, "tpp": h100_tpp()}


def find_chip(name: str) -> Chip:
    """An exact catalog id first (name lookup drops memory sizes, so '...-40gb' would match the 80 GB part)."""
    catalog = default_catalog()
    return catalog.chips.get(name) or catalog.get(name)


def chip_tpp(chip: Chip) -> float:
    tpp = metrics_for(chip).tpp
    if tpp is None:
        raise InputError(f"The catalog has no dense TOPS figure for {chip.name}, so its compute is unknown.",
                         hint="Use a chip with published dense TOPS (see 'chipcontrols chips').", chip=chip.id)
    return tpp


def h100_equivalents(tpp_total: float) -> float:
    return tpp_total / h100_tpp()
