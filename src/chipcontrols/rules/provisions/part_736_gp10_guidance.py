"""BIS guidance read as a warning on a vendor's parts: e.g. May 2025, using, selling or transferring Huawei Ascend
chips anywhere likely violates General Prohibition 10 (15 CFR 736.2(b)(10)). Guidance is not a license requirement,
so it warns and never changes the outcome."""

from __future__ import annotations

from chipcontrols.rules.context import ItemContext, in_force
from chipcontrols.rules.pack import Provision, ProvisionSettings

LOGIC = "vendor_guidance"


class Settings(ProvisionSettings):
    vendor_prefix: str  # the parts it reaches: the catalog vendor name starts with this
    warning: str


def evaluate(ctx: ItemContext, provision: Provision) -> None:
    if not in_force(ctx, provision):
        return
    settings: Settings = provision.settings
    if not ctx.chip.vendor.startswith(settings.vendor_prefix):
        ctx.node(provision.id, provision.title, "not_applicable", f"Reaches {settings.vendor_prefix} parts only.",
                 [provision.citation])
        return
    ctx.warn("gp10_guidance", settings.warning, provision.citation)
    ctx.node(provision.id, provision.title, "info", settings.warning, [provision.citation])
