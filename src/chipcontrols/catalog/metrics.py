"""Export-control metrics computed from published specs (never typed in by hand).

TPP  = max over precisions of (dense TOPS x bit length), sparsity excluded, aggregated over the
       whole package (the catalog stores package-level figures). 88 FR 73458, Technical Note to 3A090.
PD   = TPP / applicable die area (logic dies only, HBM stacks excluded).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chipcontrols.model.chip import PRECISION_BITS, TF32_ALTERNATIVE_BITS, Chip


@dataclass(frozen=True)
class Metrics:
    tpp: float | None  # None when no dense figure is published
    tpp_precision: str | None  # the precision that sets TPP
    tpp_by_precision: dict[str, float] = field(default_factory=dict)
    tpp_tf32_as_32_bits: float | None = None  # the alternative reading, when it differs
    pd: float | None = None
    die_area_mm2: float | None = None
    memory_bw_gbs: float | None = None
    interconnect_bw_gbs: float | None = None
    datacenter: bool | None = None

    def to_dict(self) -> dict:
        return {
            "tpp": _round(self.tpp),
            "tpp_precision": self.tpp_precision,
            "tpp_by_precision": {k: _round(v) for k, v in self.tpp_by_precision.items()},
            "tpp_tf32_as_32_bits": _round(self.tpp_tf32_as_32_bits),
            "pd": _round(self.pd, 3),
            "die_area_mm2": self.die_area_mm2,
            "memory_bw_gbs": self.memory_bw_gbs,
            "interconnect_bw_gbs": self.interconnect_bw_gbs,
            "datacenter": self.datacenter,
        }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def tpp_by_precision(dense_tops: dict[str, float], tf32_bits: int = PRECISION_BITS["tf32"]) -> dict[str, float]:
    bits = dict(PRECISION_BITS, tf32=tf32_bits)
    unknown = set(dense_tops) - set(bits)
    if unknown:
        raise ValueError(f"unknown precision(s) {sorted(unknown)}; known: {sorted(bits)}")
    return {p: rate * bits[p] for p, rate in dense_tops.items() if rate is not None}


def total_processing_performance(dense_tops: dict[str, float]) -> tuple[float | None, str | None]:
    """Highest (TOPS x bit length) over the supported precisions, and which precision sets it."""
    by_precision = tpp_by_precision(dense_tops)
    if not by_precision:
        return None, None
    precision = max(by_precision, key=lambda p: (by_precision[p], -PRECISION_BITS[p]))
    return by_precision[precision], precision


def performance_density(tpp: float | None, die_area_mm2: float | None) -> float | None:
    if tpp is None or not die_area_mm2:
        return None
    return tpp / die_area_mm2


def metrics_for(chip: Chip) -> Metrics:
    tpp, precision = total_processing_performance(chip.dense_tops)
    alternative = None
    if "tf32" in chip.dense_tops:
        tpp32 = max(tpp_by_precision(chip.dense_tops, tf32_bits=TF32_ALTERNATIVE_BITS).values())
        alternative = tpp32 if tpp32 != tpp else None
    return Metrics(
        tpp=tpp,
        tpp_precision=precision,
        tpp_by_precision=tpp_by_precision(chip.dense_tops),
        tpp_tf32_as_32_bits=alternative,
        pd=performance_density(tpp, chip.die_area_mm2),
        die_area_mm2=chip.die_area_mm2,
        memory_bw_gbs=chip.memory_bw_gbs,
        interconnect_bw_gbs=chip.interconnect_bw_gbs,
        datacenter=chip.datacenter,
    )
