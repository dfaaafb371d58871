"""ECCN 3A090.c (Dec 2024, 89 FR 96790): standalone high-bandwidth memory. HBM co-packaged with a logic IC follows the
IC's own classification, so for the accelerators in the catalog this provision records only that reading."""

from __future__ import annotations

from chipcontrols.rules.context import ItemContext, in_force
from chipcontrols.rules.pack import Provision, ProvisionSettings

LOGIC = "hbm_3a090c"


class Settings(ProvisionSettings):
    co_packaged_note: str  # how HBM that ships on a logic IC is treated


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    ctx.node(provision.id, provision.title, "not_applicable", provision.settings.co_packaged_note, [provision.citation])
