"""What the user asks about: items, destination, parties, and the facts they attest."""

from __future__ import annotations

from datetime import date

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chipcontrols.model.chip import Chip
from chipcontrols.vocab import ScreeningStatus


class Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chip: Chip
    quantity: int = Field(default=1, ge=1)
    datacenter_overridden: bool = False  # the user overrode the catalog's datacenter marketing


class ListHit(BaseModel):
    """One restricted-party list entry a party matched (from the screening module)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    list_name: str  # the entry's name on the list
    matched_name: str | None = None  # the name or alias that matched
    status: Literal["confirmed_match", "possible_match"]  # a hit is never "clear"
    source: str  # e.g. "Entity List (EL) - Bureau of Industry and Security"
    entity_number: str | None = None
    federal_register_notice: str | None = None
    start_date: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    source_list_url: str | None = None
    score: float
    explanation: str | None = None


class PartyScreening(BaseModel):
    """A party to the transaction, as screened against a list snapshot, with the user's resolutions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    country: str | None = None
    status: ScreeningStatus
    hits: tuple[ListHit, ...] = ()
    snapshot_hash: str | None = None
    cleared: tuple[str, ...] = ()  # entity numbers the user attests are NOT this party (false positives)
    confirmed: tuple[str, ...] = ()  # entity numbers the user attests ARE this party


class Shipment(BaseModel):
    """One export, reexport or transfer. Unknown facts stay None: the engine asks for them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    items: tuple[Item, ...]
    destination: str  # ISO 3166-1 alpha-2, upper case
    ship_from: str = "US"  # in code: default origin: the United States; the engine states it as an assumption
    exporter: str | None = None  # company name; is-informed letters bind named exporters
    end_user_hq: str | None = None  # country of the end user's headquarters
    ultimate_parent_hq: str | None = None
    end_use: str | None = None  # None = no knowledge of a prohibited end use attested
    exporter_role: str | None = None  # "designer", "distributor", "foundry", "osat"
    approved_ic_designer: bool | None = None  # foundry rule (2025): designer approved/authorized
    owned_by_listed_party: bool | None = None  # Affiliates rule: a party >= 50% owned by listed parties
    subject_to_ear: bool | None = None  # for foreign-made items shipped from abroad
    parties: tuple[PartyScreening, ...] = ()  # screened parties (consignee, end user, ...)
    ship_date: date | None = None
