"""Request bodies. Bounds keep every value inside what both databases store (no overflow, no NUL)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from chipcontrols.rules.pack import default_pack
from chipcontrols.vocab import CapScope, EndUse, ExporterRole, LicenseExceptionName, Precision, Role

NO_NUL = r"^[^\x00]*$"
Country = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$"), Field(description="ISO 3166-1 alpha-2, e.g. CN")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300, pattern=NO_NUL)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL)]
Text = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Units = Annotated[int, Field(ge=1, le=1_000_000)]
# The allocation-cap policies the rules pack defines (their ids are pack data, so the schema follows the pack).
CapPolicyId = Literal[tuple(default_pack().cap_policies)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckItem(Strict):
    chip: Name
    quantity: Units = 1


class CheckParty(Strict):
    name: Name
    country: Country | None = None
    address: Text | None = None
    clear: list[Short] = Field(default_factory=list, max_length=50, description="List entry ids attested NOT this party.")
    confirm: list[Short] = Field(default_factory=list, max_length=50, description="List entry ids attested to BE this party.")


class CheckRequest(Strict):
    chip: Name | None = None
    to: Country
    date: dt.date | None = None
    quantity: Units = 1
    ship_from: Country | None = Field(default=None, description="Default: the United States, reported as an assumption.")
    exporter: Name | None = None
    end_user_hq: Country | None = None
    ultimate_parent_hq: Country | None = None
    datacenter: bool | None = None
    end_use: EndUse | None = None
    exporter_role: ExporterRole | None = None
    approved_ic_designer: bool | None = None
    owned_by_listed_party: bool | None = Field(default=None, description="A party is >=50% owned by Entity List/MEU/SDN parties.")
    subject_to_ear: bool | None = None
    items: list[CheckItem] | None = Field(default=None, max_length=100)
    parties: list[CheckParty] | None = Field(default=None, max_length=20,
                                             description="Parties to screen against the list snapshot in force.")
    record: bool = Field(default=False, description="Store the answer as a determination (analyst role).")


class ChipSpecs(Strict):
    """A chip not in the catalog, by its published figures."""

    name: Name | None = None
    vendor: Name | None = None
    dense_tops: dict[Precision,
                     Annotated[float, Field(ge=0, le=1e7)]] = Field(min_length=1)
    datacenter: bool
    die_area_mm2: Annotated[float, Field(ge=1, le=1e5, description="Applicable (logic) die area, mm2")] | None = None
    interconnect_bw_gbs: Annotated[float, Field(ge=0, le=1e9)] | None = None
    memory_bw_gbs: Annotated[float, Field(ge=0, le=1e9)] | None = None
    memory_gb: Annotated[float, Field(gt=0, le=1e9)] | None = None


class ClassifyRequest(Strict):
    chip: Name | None = Field(default=None, description="Catalog name, alias or id; or give specs instead.")
    specs: ChipSpecs | None = None
    date: dt.date | None = None
    datacenter: bool | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.chip is None) == (self.specs is None):
            raise ValueError("give exactly one of chip or specs")
        return self


class PartyIn(Strict):
    name: Name
    country: Country
    hq_country: Country | None = None
    ultimate_parent_id: Id | None = None
    ultimate_parent_country: Country | None = None


class OwnerIn(Strict):
    owner_id: Id
    percent: float = Field(gt=0, le=100)


class LineIn(Strict):
    chip: Name
    quantity: Units
    unit_value_usd: float = Field(default=0, ge=0, le=1e7)


class OrderIn(Strict):
    reference: Short
    destination: Country
    lines: list[LineIn] = Field(min_length=1, max_length=200)
    ship_from: Country = "US"  # in code: default origin: the United States, the jurisdiction of the only pack
    consignee_id: Id | None = None
    end_user_id: Id | None = None
    end_use: EndUse | None = None
    order_date: dt.date | None = None
    ship_date: dt.date | None = None
    license_number: Short | None = None
    license_exception: LicenseExceptionName | None = None
    nac_notified_on: dt.date | None = None
    nac_confirmation: Annotated[str, StringConstraints(max_length=50, pattern=NO_NUL)] | None = None


class ShipIn(Strict):
    on: dt.date | None = None


class CancelIn(Strict):
    reason: Text | None = None


class NacIn(Strict):
    notified_on: dt.date
    confirmation: Annotated[str, StringConstraints(max_length=50, pattern=NO_NUL)] | None = None


class LicenseIn(Strict):
    number: Short
    valid_from: dt.date
    valid_to: dt.date
    destinations: list[Country] = Field(min_length=1, max_length=250)
    chips: list[Name] = Field(default_factory=list, max_length=100)
    party_ids: list[Id] = Field(default_factory=list, max_length=100)
    units: Annotated[int, Field(ge=0, le=10**12)] | None = None
    value_usd: Annotated[float, Field(ge=0, le=1e13)] | None = None
    tpp: Annotated[float, Field(ge=0, le=1e15)] | None = None


class CapIn(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
    scope: CapScope
    key: Short
    period_start: dt.date
    period_end: dt.date
    limit_tpp: Annotated[float, Field(ge=0, le=1e15)] | None = None
    limit_h100e: Annotated[float, Field(ge=0, le=1e10)] | None = Field(default=None, description="At most 10^15 TPP in all.")
    chip: Name | None = None
    enforced: bool = True
    ratio_percent: Annotated[int, Field(ge=1, le=1000)] | None = None
    reference_country: Country | None = None
    status_note: Text | None = None
    source: Text | None = None


class PolicyIn(Strict):
    policy: CapPolicyId
    country: Country | None = None
    g2g: bool = False
    consignee_id: Id | None = None
    year: Annotated[int, Field(ge=2020, le=2100)] | None = None
    chip: Name | None = None
    enforced: bool | None = None


class HoldIn(Strict):
    scope: Literal["all", "order", "party"]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=NO_NUL)]
    subject_id: Id | None = None


class KeyIn(Strict):
    name: Short
    role: Role


class FleetRequest(Strict):
    lines: list[Short] = Field(min_length=1, max_length=50, description='Fleet lines such as "2048 x H800 SXM".')
    date: dt.date | None = None


class TrainingRequest(Strict):
    chips: Short = Field(description='One fleet line, e.g. "2048 x H800 SXM".')
    gpu_hours: Annotated[float, Field(gt=0, le=1e12)] | None = None
    days: Annotated[float, Field(gt=0, le=1e5)] | None = None
    active_params: Annotated[float, Field(gt=0, le=1e16)] | None = None
    tokens: Annotated[float, Field(gt=0, le=1e18)] | None = None
    price_per_gpu_hour: Annotated[float, Field(ge=0, le=1e6)] | None = None
    utilization: Annotated[float, Field(gt=0, le=1)] | None = None
    precision: Literal["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4"] = "bf16"
    date: dt.date | None = None


class EquivalentRequest(Strict):
    lines: list[Short] = Field(min_length=1, max_length=50)
    to: Name
    precision: Literal["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4", "tpp"] = "bf16"
    memory: bool = False


class WhatifRequest(Strict):
    reforms: list[dict] = Field(min_length=1, max_length=10, description="Reform documents (the YAML files' content).")
    baseline: list[dict] | None = Field(default=None, max_length=10)
    date: dt.date | None = None
    orders: list[dict] | None = Field(default=None, max_length=10_000)
    chips: list[Name] | None = Field(default=None, max_length=200)
    destinations: list[Country] | None = Field(default=None, max_length=250)


class StockRequest(Strict):
    scenario: dict | None = Field(default=None, description="A scenario document; default: the bundled China estimates.")
    country: Country | None = None
    life_years: Annotated[int, Field(ge=1, le=50)] | None = None
    samples: Annotated[int, Field(ge=10, le=100_000)] = 2000
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
