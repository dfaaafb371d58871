"""Determinations: the shipment a user describes, checked against the rules pack (and its parties screened).

The public `check` behind every face (CLI, HTTP, web) returns the Determination as JSON-ready data."""

from __future__ import annotations

import inspect
import math

from chipcontrols import inputs
from chipcontrols.catalog import default_catalog
from chipcontrols.errors import InputError
from chipcontrols.model.chip import PRECISION_BITS, Chip
from chipcontrols.model.determination import Determination
from chipcontrols.model.shipment import Item, ListHit, PartyScreening, Shipment
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
                origin_country=specs.get("origin_country", "US"), sources=("user-supplied specifications",),  # in code: a user's raw specs default to a U.S.-made part, the case the EAR reaches plainly
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
    if fields["destination"] == "US" and fields.get("ship_from", "US") == "US":  # in code: U.S. to U.S. is no export under the only pack's jurisdiction
        raise InputError("Destination and origin are both the United States: that is not an export.",
                         hint="Give the destination country (--to), or --from for a reexport to the U.S.")
    return Shipment(**fields)


def determine(chip=None, to=None, date=None, *, quantity=1, ship_from=None, exporter=None, end_user_hq=None,
              ultimate_parent_hq=None, datacenter=None, end_use=None, exporter_role=None, approved_ic_designer=None,
              owned_by_listed_party=None, subject_to_ear=None, items=None, parties=None,
              rules: RulesPack | None = None) -> Determination:
    """The typed determination behind `check` (for callers that want the model, or its JSON text directly)."""
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


def check(*args, **kwargs) -> dict:
    """May this shipment go, under which license, exception or review policy, and why (every step cited).

    Returns the Determination (see `determine`) as JSON-ready data: what the CLI's --json and the HTTP API show.
    parties: [{"name": ..., "country": ..., "address": ..., "clear": [entry ids], "confirm": [entry ids]}] are
    screened against the loaded list snapshot (or the bundled sample) before the engine runs.
    """
    return determine(*args, **kwargs).model_dump(mode="json")


# help() and IDEs show determine's parameters for check
check.__signature__ = inspect.signature(determine).replace(return_annotation=dict)  # type: ignore[attr-defined]


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


