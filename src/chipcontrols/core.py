"""The public functions behind every face (CLI, HTTP, web). They return plain JSON-ready dicts."""

from __future__ import annotations

import math
from datetime import date

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.errors import InputError
from chipcontrols.model.chip import PRECISION_BITS, Chip
from chipcontrols.model.shipment import Item, ListHit, PartyScreening, Shipment
from chipcontrols.rules.classify import classify_3a090
from chipcontrols.rules.engine import evaluate
from chipcontrols.rules.pack import RulesPack, default_pack


MAX_TOPS = 1e9  # far above any accelerator (the largest in the catalog is ~1e4 dense TOPS); keeps figures finite
MIN_DIE_AREA_MM2 = 1.0


def resolve_chip(chip: str | dict | Chip, datacenter: bool | None = None) -> Chip:
    """A catalog name/alias/id, or raw specs (a dict), or a Chip; optionally override datacenter marketing."""
    if isinstance(chip, Chip):
        resolved = chip
    elif isinstance(chip, dict):
        resolved = chip_from_specs(chip)
    elif isinstance(chip, str):
        resolved = default_catalog().get(chip)
    else:
        raise InputError(f"chip must be a name or a dict of specs, got {type(chip).__name__}.",
                         hint="Pass a catalog name such as 'H100', or specs such as {'dense_tops': {'fp16': 400}}.")
    if datacenter is not None and datacenter != resolved.datacenter:
        resolved = resolved.model_copy(update={"datacenter": datacenter})
    return resolved


def chip_from_specs(specs: dict) -> Chip:
    """A chip that is not in the catalog, described by the user's own figures."""
    known = {"name", "vendor", "dense_tops", "die_area_mm2", "interconnect_bw_gbs", "memory_bw_gbs", "memory_gb",
             "datacenter", "process_nm", "tdp_w", "origin_country"}
    unknown = set(specs) - known
    if unknown:
        raise InputError(f"Unknown spec field(s): {', '.join(sorted(unknown))}.", hint=f"Known fields: {', '.join(sorted(known))}.")
    dense = specs.get("dense_tops") or {}
    if not isinstance(dense, dict) or not dense:
        raise InputError("Raw specs need dense_tops: dense TFLOPS/TOPS per precision.",
                         hint=f"e.g. {{'fp16': 400, 'int8': 800}}; precisions: {', '.join(PRECISION_BITS)}.")
    for precision, value in dense.items():
        if precision not in PRECISION_BITS:
            raise InputError(f"Unknown precision '{precision}'.", hint=f"Use one of: {', '.join(PRECISION_BITS)}.")
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= MAX_TOPS:
            raise InputError(f"dense_tops[{precision}] must be a number from 0 to {MAX_TOPS:,.0f}, got {value!r}.",
                             hint="Give dense (not sparse) TFLOPS or TOPS.")
    for field, minimum in (("die_area_mm2", "positive"), ("memory_gb", "positive"),
                           ("interconnect_bw_gbs", "non-negative"), ("memory_bw_gbs", "non-negative")):
        value = specs.get(field)
        bad_type = not isinstance(value, int | float) or isinstance(value, bool)
        if value is not None and (bad_type or not math.isfinite(value) or value < 0 or (minimum == "positive" and value == 0)):
            raise InputError(f"{field} must be a {minimum} number, got {value!r}.", hint="Omit it if unknown.")
    area = specs.get("die_area_mm2")
    if area is not None and area < MIN_DIE_AREA_MM2:
        raise InputError(f"die_area_mm2 {area} is below {MIN_DIE_AREA_MM2} mm2: no logic die is that small.",
                         hint="Give the applicable die area in mm2 (e.g. 814 for GH100).")
    datacenter = specs.get("datacenter")
    if datacenter is None:
        raise InputError("Raw specs need datacenter: true or false (designed or marketed for datacenters?).",
                         hint="Pass --datacenter or --no-datacenter.")
    return Chip(id="user-specified", vendor=specs.get("vendor", "user-specified"), name=specs.get("name", "user-specified chip"),
                datacenter=bool(datacenter), dense_tops={k: float(v) for k, v in dense.items()},
                die_area_mm2=specs.get("die_area_mm2"), interconnect_bw_gbs=specs.get("interconnect_bw_gbs"),
                memory_bw_gbs=specs.get("memory_bw_gbs"), memory_gb=specs.get("memory_gb"),
                process_nm=specs.get("process_nm"), tdp_w=specs.get("tdp_w"),
                origin_country=specs.get("origin_country", "US"), sources=("user-supplied specifications",),
                confirmed=False, unconfirmed=("Specifications supplied by the user, not from the catalog.",))


def build_shipment(chip=None, to=None, *, quantity=1, ship_from=None, exporter=None, end_user_hq=None,
                   ultimate_parent_hq=None, datacenter=None, end_use=None, exporter_role=None,
                   approved_ic_designer=None, owned_by_listed_party=None, subject_to_ear=None, items=None) -> Shipment:
    if items is None:
        if chip is None:
            raise InputError("No chip given.", hint="Pass chip='H100' (or items=[{'chip': 'H100', 'quantity': 8}]).")
        items = [{"chip": chip, "quantity": quantity}]
    if not items:
        raise InputError("items is empty.", hint="Give at least one item.")
    built = []
    for index, row in enumerate(items):
        if not isinstance(row, dict) or "chip" not in row:
            raise InputError(f"items[{index}] must be an object with 'chip' (and optional 'quantity').",
                             hint="e.g. {'chip': 'H100', 'quantity': 8}")
        plain = resolve_chip(row["chip"])
        chip = resolve_chip(plain, row.get("datacenter", datacenter))
        built.append(Item(chip=chip, quantity=inputs.quantity(row.get("quantity", 1), f"items[{index}].quantity"),
                          datacenter_overridden=chip.datacenter != plain.datacenter))
    if to is None:
        raise InputError("No destination given.", hint="Pass to='CN' (an ISO 3166-1 alpha-2 code).")
    fields = dict(items=tuple(built), destination=inputs.country_code(to, "destination"),
                  exporter=exporter.strip() if isinstance(exporter, str) and exporter.strip() else None,
                  end_user_hq=inputs.country_code(end_user_hq, "end_user_hq"),
                  ultimate_parent_hq=inputs.country_code(ultimate_parent_hq, "ultimate_parent_hq"),
                  end_use=inputs.choice(end_use, inputs.END_USES, "end_use"),
                  exporter_role=inputs.choice(exporter_role, inputs.EXPORTER_ROLES, "exporter_role"),
                  approved_ic_designer=approved_ic_designer, owned_by_listed_party=owned_by_listed_party,
                  subject_to_ear=subject_to_ear)
    if ship_from is not None:  # None: the default (the United States), recorded as an assumption
        fields["ship_from"] = inputs.country_code(ship_from, "ship_from")
    if fields["destination"] == "US" and fields.get("ship_from", "US") == "US":
        raise InputError("Destination and origin are both the United States: that is not an export.",
                         hint="Give the destination country (--to), or --from for a reexport to the U.S.")
    return Shipment(**fields)


def check(chip=None, to=None, date=None, *, quantity=1, ship_from=None, exporter=None, end_user_hq=None,
          ultimate_parent_hq=None, datacenter=None, end_use=None, exporter_role=None, approved_ic_designer=None,
          owned_by_listed_party=None, subject_to_ear=None, items=None, parties=None,
          rules: RulesPack | None = None) -> dict:
    """May this shipment go, under which license, exception or review policy, and why (every step cited).

    parties: [{"name": ..., "country": ..., "address": ..., "clear": [entry ids], "confirm": [entry ids]}]
    are screened against the loaded list snapshot (or the bundled sample) before the engine runs.
    """
    on = inputs.as_date(date)
    shipment = build_shipment(chip, to, quantity=quantity, ship_from=ship_from, exporter=exporter,
                              end_user_hq=end_user_hq, ultimate_parent_hq=ultimate_parent_hq, datacenter=datacenter,
                              end_use=end_use, exporter_role=exporter_role, approved_ic_designer=approved_ic_designer,
                              owned_by_listed_party=owned_by_listed_party, subject_to_ear=subject_to_ear, items=items)
    screened, snapshot = screen_parties(parties or [])
    if screened:
        shipment = shipment.model_copy(update={"parties": screened})
    return evaluate(shipment, on, rules or default_pack(), catalog_hash=default_catalog().content_hash,
                    list_snapshot=snapshot)


def screen_parties(parties: list[dict]) -> tuple[tuple[PartyScreening, ...], dict | None]:
    """Screen each party (the I/O step: the list snapshot) into records the pure engine reads."""
    if not parties:
        return (), None
    from chipcontrols import screening

    known = {"name", "country", "address", "clear", "confirm"}
    screened, snapshot = [], None
    for index, party in enumerate(parties):
        if not isinstance(party, dict) or not str(party.get("name") or "").strip():
            raise InputError(f"parties[{index}] needs a non-empty name.", hint="e.g. {'name': 'Acme Ltd', 'country': 'CN'}")
        unknown = set(party) - known
        if unknown:
            raise InputError(f"parties[{index}] has unknown field(s) {sorted(unknown)}.", hint=f"Known: {sorted(known)}.")
        country = inputs.country_code(party.get("country"), f"parties[{index}].country")
        result = screening.screen_party(party["name"].strip(), country=country, address=party.get("address"))
        snapshot = {k: result["snapshot"].get(k) for k in ("hash", "origin", "loaded_at")}
        screened.append(PartyScreening(
            name=party["name"].strip(), country=country, status=result["status"], snapshot_hash=snapshot["hash"],
            hits=tuple(ListHit.model_validate(h) for h in result["hits"]),
            cleared=tuple(party.get("clear") or ()), confirmed=tuple(party.get("confirm") or ())))
    return tuple(screened), snapshot


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
        "parameters": [p.to_dict() for p in c.parameters],
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
        if p.effective > date(2021, 1, 1):
            add(p.effective, "provision_effective", f"In force: {p.title}", p.citation, p.confirmed, p.id)
        if p.compliance:
            add(p.compliance, "compliance_date", f"Compliance required: {p.title}", p.citation, p.confirmed, p.id)
        if p.ends:
            add(p.ends, "provision_ends", f"Last day in force: {p.title}", p.citation, p.confirmed, p.id)
        for w in p.enforcement:
            add(w.start, f"enforcement_{w.status}", f"{w.status.replace('_', ' ').capitalize()}: {p.title}"
                + (f" (to {w.to})" if w.to else ""), w.citation, True, p.id)
        for v in p.setting("versions", []) or []:
            if v["effective"] > p.effective:
                add(v["effective"], "provision_version", f"New version of {p.title}: {v.get('note', '')}", v["citation"],
                    True, p.id)
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
