"""Classify an IC under ECCN 3A090 on a date. Pure: metrics and the rules pack in, answer out.

Returns the paragraph met (or None), the rule text that was in force, and the facts still missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chipcontrols.catalog.metrics import Metrics
from chipcontrols.rules.pack import RulesPack
from chipcontrols.model.determination import ParameterRead

RULE_2022_START = "eccn_3a090.2022.a.tpp"
RULE_2023_START = "eccn_3a090.a.1.tpp"
RULE_ID = "eccn_3a090"
TITLE = "ECCN 3A090 classification (Commerce Control List, supplement 1 to part 774)"


@dataclass
class Classification:
    eccn: str | None  # "3A090.a", "3A090.b", or None (not 3A090 / no 3A090 on that date)
    regime: str  # "none", "2022", "2023"
    sentence: str
    paragraph: str | None = None  # e.g. "3A090.a.2"
    missing: list[str] = field(default_factory=list)  # metric names needed but unknown
    parameters: list[ParameterRead] = field(default_factory=list)
    citation: str | None = None
    rule_id: str = RULE_ID
    title: str = TITLE

    @property
    def determined(self) -> bool:
        return not self.missing


def _read(pack: RulesPack, pid: str, on: date, reads: list[ParameterRead]):
    value = pack.param(pid, on)
    if value is None:
        return None
    reads.append(ParameterRead(id=pid, value=value.value, effective=value.effective,
                                               citation=value.citation, confirmed=value.confirmed))
    return value.value


def classify_3a090(metrics: Metrics, on: date, pack: RulesPack) -> Classification:
    reads: list[ParameterRead] = []
    if pack.param(RULE_2023_START, on) is not None:
        return _classify_2023(metrics, on, pack, reads)
    if pack.param(RULE_2022_START, on) is not None:
        return _classify_2022(metrics, on, pack, reads)
    first = min((v for v in pack.parameters[RULE_2022_START].values if v.effective > on), key=lambda v: v.effective,
                default=None)
    cite = pack.citations[first.citation] if first else None
    since = f" (it dates from {first.effective}, {cite.fr or cite.short()})" if first else ""
    return Classification(None, "none", f"ECCN 3A090 did not exist on {on}{since}: no chip-specific CCL control "
                          "applied.")


def _classify_2022(m: Metrics, on: date, pack: RulesPack, reads: list) -> Classification:
    tpp_min = _read(pack, "eccn_3a090.2022.a.tpp", on, reads)
    io_min = _read(pack, "eccn_3a090.2022.a.bidirectional_io_gbs", on, reads)
    cite = reads[0].citation
    if m.tpp is None:
        return Classification(None, "2022", "TPP unknown: cannot apply the 2022 3A090 test.", missing=["tpp"],
                              parameters=reads, citation=cite)
    if m.tpp < tpp_min:
        return Classification(None, "2022", f"TPP {m.tpp:,.0f} < {tpp_min:,}: not 3A090 under the 2022 text.",
                              parameters=reads, citation=cite)
    if m.interconnect_bw_gbs is None:
        return Classification(None, "2022", f"TPP {m.tpp:,.0f} >= {tpp_min:,} but the aggregate bidirectional "
                              "transfer rate is unknown.", missing=["interconnect_bw_gbs"], parameters=reads, citation=cite)
    if m.interconnect_bw_gbs < io_min:
        return Classification(None, "2022", f"TPP {m.tpp:,.0f} >= {tpp_min:,} but bidirectional I/O "
                              f"{m.interconnect_bw_gbs:,.0f} GB/s < {io_min:,} GB/s: not 3A090 under the 2022 "
                              "text (both prongs are required).", parameters=reads, citation=cite)
    return Classification("3A090.a", "2022", f"TPP {m.tpp:,.0f} >= {tpp_min:,} and bidirectional I/O "
                          f"{m.interconnect_bw_gbs:,.0f} GB/s >= {io_min:,} GB/s: 3A090 (2022 text).",
                          paragraph="3A090.a", parameters=reads, citation=cite)


def _classify_2023(m: Metrics, on: date, pack: RulesPack, reads: list) -> Classification:
    a1_tpp = _read(pack, "eccn_3a090.a.1.tpp", on, reads)
    a2_tpp = _read(pack, "eccn_3a090.a.2.tpp", on, reads)
    a2_pd = _read(pack, "eccn_3a090.a.2.pd", on, reads)
    b1_tpp = _read(pack, "eccn_3a090.b.1.tpp_min", on, reads)
    b1_pd = _read(pack, "eccn_3a090.b.1.pd_min", on, reads)
    b2_tpp = _read(pack, "eccn_3a090.b.2.tpp_min", on, reads)
    b2_pd = _read(pack, "eccn_3a090.b.2.pd_min", on, reads)
    note2_tpp = _read(pack, "eccn_3a090.note2.non_datacenter_tpp", on, reads)
    cite = reads[0].citation

    def result(eccn, paragraph, sentence, missing=()):
        return Classification(eccn, "2023", sentence, paragraph=paragraph, missing=list(missing),
                              parameters=reads, citation=cite)

    if m.tpp is None:
        return result(None, None, "TPP unknown: cannot apply the 3A090 tests.", ["tpp"])
    tpp = m.tpp
    if m.datacenter is None and tpp < note2_tpp:
        return result(None, None, "Whether the item is designed or marketed for datacenters is unknown, and "
                      f"with TPP {tpp:,.0f} < {note2_tpp:,} that decides Note 2.", ["datacenter"])
    if m.datacenter is False and tpp < note2_tpp:
        return result(None, None, f"Not designed or marketed for datacenters and TPP {tpp:,.0f} < {note2_tpp:,}: "
                      "outside 3A090 (Note 2).")
    if tpp >= a1_tpp:
        return result("3A090.a", "3A090.a.1", f"TPP {tpp:,.0f} >= {a1_tpp:,}: 3A090.a.1.")
    if tpp < min(a2_tpp, b2_tpp):
        return result(None, None, f"TPP {tpp:,.0f} < {min(a2_tpp, b2_tpp):,}: below every 3A090 test.")
    if m.pd is None:
        return result(None, None, f"TPP {tpp:,.0f} is between {min(a2_tpp, b2_tpp):,} and {a1_tpp:,}, so the "
                      "performance-density tests decide, but the applicable die area is unknown.", ["die_area_mm2"])
    pd = m.pd
    if tpp >= a2_tpp and pd >= a2_pd:
        return result("3A090.a", "3A090.a.2", f"TPP {tpp:,.0f} >= {a2_tpp:,} and PD {pd:.2f} >= {a2_pd}: 3A090.a.2.")
    if b1_tpp <= tpp < a1_tpp and b1_pd <= pd < a2_pd:
        return result("3A090.b", "3A090.b.1", f"{b1_tpp:,} <= TPP {tpp:,.0f} < {a1_tpp:,} and {b1_pd} <= PD "
                      f"{pd:.2f} < {a2_pd}: 3A090.b.1.")
    if tpp >= b2_tpp and b2_pd <= pd < a2_pd:
        return result("3A090.b", "3A090.b.2", f"TPP {tpp:,.0f} >= {b2_tpp:,} and {b2_pd} <= PD {pd:.2f} < "
                      f"{a2_pd}: 3A090.b.2.")
    return result(None, None, f"TPP {tpp:,.0f} and PD {pd:.2f} meet none of 3A090.a.1 (TPP >= {a1_tpp:,}), "
                  f"a.2 (TPP >= {a2_tpp:,} and PD >= {a2_pd}), b.1 (TPP {b1_tpp:,}-{a1_tpp:,} and PD "
                  f"{b1_pd}-{a2_pd}) or b.2 (TPP >= {b2_tpp:,} and PD {b2_pd}-{a2_pd}).")
