"""15 CFR 740.8: License Exceptions NAC (with notification) and ACA (without), by version. Applied from within the
3A090 license requirements, which carry the exceptions it makes available."""

from __future__ import annotations

from datetime import date

from chipcontrols.model.determination import LicenseException, TraceNode
from chipcontrols.rules import describe
from chipcontrols.rules.context import ItemContext
from chipcontrols.rules.pack import Provision, ProvisionSettings, Scope, Strict

LOGIC = "nac_aca"
TOP_LEVEL = False


class Version(Strict):
    version: str
    effective: date
    ends: date | None = None
    citation: str
    note: str | None = None
    # "nac_only": one exception, notification where the notify scope applies; "nac_or_aca": NAC with
    # notification in the notify scope, ACA without notification elsewhere.
    kind: str
    discrepancy: str | None = None  # a conflict between sources about this version, shown as a warning


class Settings(ProvisionSettings):
    versions: tuple[Version, ...]
    ineligible: str  # which items may not use the exceptions
    ineligible_eccn: str  # ... the ECCN those items have, with datacenter marketing
    regime: str  # the 3A090 text the exceptions belong to (classify.Classification.regime)
    notify_scope: Scope  # destinations (and headquarters) for which NAC needs a notification
    notification_parameter: str
    notification_condition: str  # {days}: the notification period
    no_notification_condition: str
    aca_condition: str
    aca_unsettled_condition: str  # {notify}: the notification condition


def version_on(settings: Settings, on: date) -> Version | None:
    return next((v for v in settings.versions if v.effective <= on and (v.ends is None or on <= v.ends)), None)


def evaluate(ctx: ItemContext, provision: Provision, *, parent: TraceNode,
             via_headquarters: bool) -> list[LicenseException]:
    settings: Settings = provision.settings
    c = ctx.classification
    if not provision.in_force(ctx.on) or c.regime != settings.regime:
        return []
    version = version_on(settings, ctx.on)
    if ctx.metrics.datacenter and c.eccn == settings.ineligible_eccn:
        ctx.node(provision.id, provision.title, "not_applicable", f"{settings.ineligible}: no NAC or ACA.",
                 [provision.citation], parent=parent, version=version.version if version else None)
        return []
    days = ctx.read(settings.notification_parameter)
    notify = settings.notification_condition.format(days=days.value)
    notify_dest = ctx.in_scope(settings.notify_scope, ctx.destination)
    notify_hq = via_headquarters or bool(ctx.hq_in_scope(settings.notify_scope))
    if version.kind == "nac_only":
        conditions = [notify] if (notify_dest or notify_hq) else [settings.no_notification_condition]
        if (notify_dest or notify_hq) and version.discrepancy:
            ctx.warn("source_discrepancy", version.discrepancy, version.citation)
        option = LicenseException(name="NAC", citation=version.citation, conditions=conditions)
    elif notify_dest or notify_hq:
        option = LicenseException(name="NAC", citation=version.citation, conditions=[notify])
    elif not ctx.hq_known():
        # ACA is for parties not headquartered in the notify scope; until that is known the answer is not settled.
        where = describe.scope(ctx.pack, settings.notify_scope)
        ctx.ask_headquarters(provision.id, f"ACA (no notification) applies only if neither the end user nor its "
                             f"ultimate parent is headquartered in {where}; otherwise NAC with notification.")
        option = LicenseException(name="ACA", citation=version.citation,
                                  conditions=[settings.aca_unsettled_condition.format(notify=notify)])
    else:
        option = LicenseException(name="ACA", citation=version.citation, conditions=[settings.aca_condition])
    ctx.node(provision.id, provision.title, "applied", f"{c.eccn} item not both datacenter and "
             f"{settings.ineligible_eccn}: License Exception {option.name} is available. " + " ".join(option.conditions),
             [version.citation], parameters=[days], parent=parent, version=version.version)
    return [option]
