"""An accelerator as the catalog describes it: published specs, never derived figures."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# Bit length per operation for each precision. TF32 is stored in 32-bit registers but carries
# 19 significant bits; the regulation does not say which counts (chips.md, sec. 2.4). We use 19
# and report the 32-bit reading as well wherever it would change a classification.
PRECISION_BITS: dict[str, int] = {
    "fp64": 64, "fp32": 32, "tf32": 19, "fp16": 16, "bf16": 16,
    "fp8": 8, "int8": 8, "fp6": 6, "fp4": 4, "int4": 4,
}
TF32_ALTERNATIVE_BITS = 32


class Chip(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    vendor: str
    name: str
    aliases: tuple[str, ...] = ()
    form_factor: str | None = None
    datacenter: bool  # "designed or marketed for use in datacenters" (Note 2 to 3A090)
    origin_country: str = "US"  # in code: the catalog's default country of manufacture (each file may say otherwise)
    release_date: str | None = None
    dense_tops: dict[str, float] = Field(default_factory=dict)  # dense TFLOPS/TOPS per precision
    die_area_mm2: float | None = None  # applicable (logic) die area, summed over dies
    dies: int | None = None
    transistors_b: float | None = None
    process_nm: float | None = None
    memory_gb: float | None = None
    memory_type: str | None = None
    memory_bw_gbs: float | None = None
    interconnect_bw_gbs: float | None = None  # aggregate bidirectional chip-to-chip I/O
    tdp_w: float | None = None
    price_usd: float | None = None
    stated: dict[str, float] = Field(default_factory=dict)  # figures sources state, for cross-checks
    confirmed: bool = True
    unconfirmed: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str | None = None

    def label(self) -> str:
        return f"{self.vendor} {self.name}"
