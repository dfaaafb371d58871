"""What the user asks about: items, destination, parties, and the facts they attest."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from chipcontrols.model.chip import Chip


class Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chip: Chip
    quantity: int = Field(default=1, ge=1)


class Shipment(BaseModel):
    """One export, reexport or transfer. Unknown facts stay None: the engine asks for them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    items: tuple[Item, ...]
    destination: str  # ISO 3166-1 alpha-2, upper case
    ship_from: str = "US"
    exporter: str | None = None  # company name; is-informed letters bind named exporters
    end_user_hq: str | None = None  # country of the end user's headquarters
    ultimate_parent_hq: str | None = None
    end_use: str | None = None  # None = no knowledge of a prohibited end use attested
    exporter_role: str | None = None  # "designer", "distributor", "foundry", "osat"
    approved_ic_designer: bool | None = None  # foundry rule (2025): designer approved/authorized
    owned_by_listed_party: bool | None = None  # Affiliates rule: a party >= 50% owned by listed parties
    subject_to_ear: bool | None = None  # for foreign-made items shipped from abroad
    ship_date: date | None = None
