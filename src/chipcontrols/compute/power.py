"""Power per chip: the catalog TDP, and an all-in cluster figure (host, network, PSU losses).

Only the H100 has a published all-in figure (~1.4 kW per GPU); other chips are scaled by the same
all-in/TDP ratio, which is an assumption and is labelled as one.
"""

from __future__ import annotations

from chipcontrols.compute.figures import figure
from chipcontrols.compute.reference_data import load
from chipcontrols.model.chip import Chip


def all_in_factor() -> float:
    ref = load("power")["reference"]
    return ref["all_in_w"] / ref["chip_tdp_w"]


def tdp_figure(chip: Chip) -> dict:
    if chip.tdp_w is None:
        return figure(None, "W", "reported", how="catalog has no TDP for this chip", source=list(chip.sources))
    return figure(float(chip.tdp_w), "W", "reported", how="catalog TDP", source=list(chip.sources))


def all_in_figure(chip: Chip) -> dict:
    ref = load("power")["reference"]
    if chip.id == ref["chip"]:
        return figure(float(ref["all_in_w"]), "W", "reported", how=ref["how"], source=ref["sources"])
    if chip.tdp_w is None:
        return figure(None, "W", "assumed", how="no TDP in the catalog, so no all-in estimate")
    factor = all_in_factor()
    return figure(chip.tdp_w * factor, "W", "assumed",
                  how=(f"TDP {chip.tdp_w:g} W x {factor:g} (the H100's all-in {ref['all_in_w']} W / TDP "
                       f"{ref['chip_tdp_w']} W ratio, assumed to carry over)"),
                  source=ref["sources"])
