"""Reference queries: what a chip is on a date, the catalog, the rules in force, the timeline of the pack."""

from __future__ import annotations

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.determine import resolve_chip
from chipcontrols.model.chip import Chip
from chipcontrols.rules.classify import classify_3a090
from chipcontrols.rules.engine import EARLIEST_DATE
from chipcontrols.rules.pack import RulesPack, default_pack


def classify(chip, date=None, *, datacenter=None, rules: RulesPack | None = None) -> dict:
    """ECCN and metrics of a catalog chip (or raw specs) on a date (default: the pack's newest source date)."""
    pack = rules or default_pack()
    on = inputs.as_date(date) if date is not None else pack.info.sources_through
    resolved = resolve_chip(chip, datacenter)
    metrics = metrics_for(resolved)
    c = classify_3a090(metrics, on, pack)
    return {
        "chip": chip_summary(resolved),
        "as_of": on.isoformat(),
        "eccn": c.eccn,
        "eccn_paragraph": c.paragraph,
        "eccn_regime": c.regime,
        "basis": c.sentence,
        "missing": c.missing,
        "metrics": metrics.to_dict(),
        "parameters": [p.model_dump(mode="json") for p in c.parameters],
        "citation": pack.citations[c.citation].model_dump(mode="json") | {"id": c.citation} if c.citation else None,
        "warnings": [f"{resolved.name}: {s}" for s in resolved.unconfirmed],
        "provenance": {"rules_pack_hash": pack.content_hash, "catalog_hash": default_catalog().content_hash},
    }


def chip_summary(chip: Chip) -> dict:
    return {"id": chip.id, "vendor": chip.vendor, "name": chip.name, "aliases": list(chip.aliases),
            "form_factor": chip.form_factor, "datacenter": chip.datacenter, "origin_country": chip.origin_country,
            "release_date": chip.release_date, "dense_tops": chip.dense_tops, "die_area_mm2": chip.die_area_mm2,
            "memory_gb": chip.memory_gb, "memory_bw_gbs": chip.memory_bw_gbs,
            "interconnect_bw_gbs": chip.interconnect_bw_gbs, "tdp_w": chip.tdp_w, "price_usd": chip.price_usd,
            "confirmed": chip.confirmed and not chip.unconfirmed, "unconfirmed": list(chip.unconfirmed),
            "sources": list(chip.sources)}


def chips(date=None, *, vendor: str | None = None, eccn: str | None = None, datacenter: bool | None = None,
          rules: RulesPack | None = None) -> list[dict]:
    """The catalog with TPP / PD / ECCN on a date, optionally filtered."""
    pack = rules or default_pack()
    on = inputs.as_date(date) if date is not None else pack.info.sources_through
    rows = []
    for chip in sorted(default_catalog(), key=lambda c: (c.vendor, c.name)):
        if vendor and vendor.lower() not in chip.vendor.lower():
            continue
        if datacenter is not None and chip.datacenter != datacenter:
            continue
        metrics = metrics_for(chip)
        c = classify_3a090(metrics, on, pack)
        if eccn and (c.eccn or "none").lower() != eccn.lower() and not (eccn.lower() == "none" and c.eccn is None):
            continue
        rows.append({"id": chip.id, "vendor": chip.vendor, "name": chip.name, "datacenter": chip.datacenter,
                     "tpp": None if metrics.tpp is None else round(metrics.tpp, 1),
                     "pd": None if metrics.pd is None else round(metrics.pd, 3),
                     "memory_bw_gbs": chip.memory_bw_gbs, "interconnect_bw_gbs": chip.interconnect_bw_gbs,
                     "eccn": c.eccn, "eccn_paragraph": c.paragraph, "missing": c.missing,
                     "confirmed": chip.confirmed and not chip.unconfirmed, "as_of": on.isoformat()})
    return rows


def rules(date=None, *, pack: RulesPack | None = None) -> dict:
    """The provisions, parameters, letters and country groups in force on a date, with citations."""
    pack = pack or default_pack()
    on = inputs.as_date(date) if date is not None else pack.info.sources_through
    cites = set()

    def cite(cid):
        cites.add(cid)
        return cid

    provisions = []
    for p in pack.provisions.values():
        window = p.enforcement_on(on)
        status = "in_force" if p.in_force(on) else ("not_yet" if on < p.effective else "ended")
        if status == "in_force" and window is not None:
            status = window.status
        if status == "in_force" and p.compliance and on < p.compliance:
            status = "compliance_not_yet_required"
        provisions.append({"id": p.id, "title": p.title, "status": status, "effective": p.effective.isoformat(),
                           "ends": p.ends.isoformat() if p.ends else None, "citation": cite(p.citation),
                           "confirmed": p.confirmed, "note": p.note})
    parameters = []
    for param in pack.parameters.values():
        v = param.at(on)
        if v is not None:
            parameters.append({"id": param.id, "description": param.description, "unit": param.unit, "value": v.value,
                               "effective": v.effective.isoformat(), "citation": cite(v.citation),
                               "confirmed": v.confirmed, "note": v.note})
    letters = [{"id": l.id, "title": l.title, "addressee": l.addressee, "effective": l.effective.isoformat(),
                "citation": cite(l.citation), "confirmed": l.confirmed}
               for l in pack.letters.values() if l.in_force(on)]
    groups = {g.id: {"name": g.name, "members": sorted(pack.members(g.id, on)), "citation": cite(g.citation),
                     "confirmed": g.confirmed} for g in pack.groups.values()}
    return {"as_of": on.isoformat(), "rules_pack_version": pack.info.version, "rules_pack_hash": pack.content_hash,
            "sources_through": pack.info.sources_through.isoformat(), "baseline_note": pack.info.baseline_note,
            "provisions": provisions, "parameters": parameters, "letters": letters, "country_groups": groups,
            "citations": {cid: pack.citations[cid].model_dump(mode="json") for cid in sorted(cites)}}


def timeline(*, pack: RulesPack | None = None) -> list[dict]:
    """Every dated change in the pack since 2021, oldest first, each with its citation."""
    pack = pack or default_pack()
    rows = []

    def add(day, kind, title, citation, confirmed=True, ref=None):
        rows.append({"date": day.isoformat(), "kind": kind, "title": title, "citation": citation,
                     "citation_short": pack.citations[citation].short(), "confirmed": confirmed, "ref": ref})

    for p in pack.provisions.values():
        if p.effective > EARLIEST_DATE:
            add(p.effective, "provision_effective", f"In force: {p.title}", p.citation, p.confirmed, p.id)
        if p.compliance:
            add(p.compliance, "compliance_date", f"Compliance required: {p.title}", p.citation, p.confirmed, p.id)
        if p.ends:
            add(p.ends, "provision_ends", f"Last day in force: {p.title}", p.citation, p.confirmed, p.id)
        for w in p.enforcement:
            add(w.start, f"enforcement_{w.status}", f"{w.status.replace('_', ' ').capitalize()}: {p.title}"
                + (f" (to {w.to})" if w.to else ""), w.citation, True, p.id)
        for v in p.setting("versions", ()):
            if v.effective > p.effective:
                add(v.effective, "provision_version", f"New version of {p.title}: {v.note or ''}", v.citation, True, p.id)
    for l in pack.letters.values():
        add(l.effective, "is_informed_letter", l.title, l.citation, l.confirmed, l.id)
    for g in pack.groups.values():
        for m in g.members:
            if m.since:
                add(m.since, "country_group_change", f"{m.country} joins Country Group {g.id}", m.citation or g.citation,
                    g.is_confirmed(m), g.id)
            if m.until:
                add(m.until, "country_group_change", f"{m.country} leaves Country Group {g.id} (last day)",
                    m.citation or g.citation, g.is_confirmed(m), g.id)
    for e in pack.events:
        add(e.date, "event", e.title, e.citation)
    return sorted(rows, key=lambda r: (r["date"], r["kind"], r["title"]))
