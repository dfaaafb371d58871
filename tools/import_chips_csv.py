"""One-off importer: ../shared/reference/chips.csv -> src/chipcontrols/catalog/data/*.yaml.

Kept in the repository so that the provenance of every catalog file is reproducible. After the
import, the YAML files are the source of truth and are edited by hand; re-running this script
overwrites them. Judgements made here (datacenter marketing, origin, short aliases, unconfirmed
statements) are listed explicitly below, never guessed silently.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

PRECISION_COLUMNS = {
    "fp64": "fp64_tflops",
    "fp32": "fp32_tflops",
    "tf32": "tf32_tflops",
    "fp16": "fp16_tflops",
    "bf16": "bf16_tflops",
    "fp8": "fp8_tflops",
    "int8": "int8_tops",
    "fp4": "fp4_tflops",
}

# Short names users type, mapped to the part they almost always mean (the flagship form factor).
SHORT_ALIASES = {
    "A100 SXM4 80GB": ["A100", "A100 SXM", "A100 SXM4", "A100 80GB"],
    "A100 SXM4 40GB": ["A100 40GB", "A100 SXM4 40GB"],
    "A100 PCIe (40/80GB)": ["A100 PCIe"],
    "A800 SXM4 80GB": ["A800", "A800 SXM", "A800 SXM4"],
    "A800 PCIe 80GB": ["A800 PCIe"],
    "H100 SXM5 80GB": ["H100", "H100 SXM", "H100 SXM5"],
    "H100 PCIe 80GB": ["H100 PCIe"],
    "H100 NVL (per GPU)": ["H100 NVL"],
    "H800 SXM5": ["H800", "H800 SXM", "H800 SXM5 80GB"],
    "H800 PCIe": ["H800 PCIe 80GB"],
    "H20 (HGX)": ["H20", "HGX H20"],
    "H200 SXM": ["H200", "H200 SXM5"],
    "H200 NVL": [],
    "GH200 (Hopper GPU of Grace Hopper)": ["GH200", "Grace Hopper"],
    "B200 (HGX)": ["B200", "HGX B200"],
    "GB200 (per B200 GPU)": ["GB200"],
    "B300 (HGX, Blackwell Ultra)": ["B300", "HGX B300"],
    "GB300 (per Blackwell Ultra GPU)": ["GB300"],
    "B30A (China, RUMOURED)": ["B30A"],
    "B40 / RTX Pro 6000D (China, partly RUMOURED)": ["B40", "RTX Pro 6000D"],
    "B20 (China, RUMOURED)": ["B20"],
    "GeForce RTX 4090": ["RTX 4090", "4090"],
    "GeForce RTX 4090D (China)": ["RTX 4090D", "4090D", "RTX 4090 D"],
    "GeForce RTX 3090": ["RTX 3090", "3090"],
    "GeForce RTX 5090": ["RTX 5090", "5090"],
    "GeForce RTX 5090D (China, V1)": ["RTX 5090D", "5090D"],
    "RTX 6000 Ada Generation": ["RTX 6000 Ada"],
    "RTX PRO 6000 Blackwell (Workstation/Server)": ["RTX PRO 6000", "RTX PRO 6000 Blackwell"],
    "L2 (China)": ["L2"],
    "L20 (China)": ["L20"],
    "V100 SXM2 (16/32GB)": ["V100", "V100 SXM2"],
    "Instinct MI100": ["MI100"],
    "Instinct MI210": ["MI210"],
    "Instinct MI250X": ["MI250X"],
    "Instinct MI300X": ["MI300X"],
    "Instinct MI308X (China)": ["MI308X", "MI308"],
    "Instinct MI325X": ["MI325X"],
    "Instinct MI350X": ["MI350X"],
    "Instinct MI355X": ["MI355X"],
    "Gaudi 2 (HL-225H)": ["Gaudi 2", "Gaudi2", "HL-225H"],
    "Gaudi 2 China (HL-225B)": ["HL-225B", "Gaudi 2 China"],
    "Gaudi 3 (HL-325L OAM)": ["Gaudi 3", "Gaudi3", "HL-325L"],
    "Gaudi 3 China (HL-328 OAM / HL-388 PCIe)": ["HL-328", "HL-388", "Gaudi 3 China"],
    "TPU v6e (Trillium)": ["Trillium", "TPU v6e"],
    "TPU7x (Ironwood, v7)": ["Ironwood", "TPU v7", "TPU7x"],
    "Trainium (Trn1)": ["Trainium", "Trainium1", "Trn1"],
    "Trainium2": ["Trn2"],
    "Trainium3": ["Trn3"],
    "Ascend 910 (910A)": ["Ascend 910", "910A", "Ascend 910A"],
    "Ascend 910B (910B2)": ["Ascend 910B", "910B", "Ascend 910B2"],
    "Ascend 910C": ["910C"],
    "Ascend 950 (950PR / 950DT)": ["Ascend 950", "950PR", "950DT"],
    "Ascend 920 (RUMOURED)": ["Ascend 920"],
    "Ascend 960 (roadmap)": ["Ascend 960"],
    "MLU590 (Siyuan 590)": ["MLU590", "Siyuan 590"],
    "MLU370-X8": ["MLU370"],
}

# "Designed or marketed for use in datacenters" has no regulatory definition (rules.md sec. 4); we
# record the marketing as sources describe it. Consumer and workstation cards are not datacenter.
NOT_DATACENTER = {
    "GeForce RTX 3090", "GeForce RTX 4090", "GeForce RTX 4090D (China)", "GeForce RTX 5090",
    "GeForce RTX 5090D (China, V1)", "RTX 6000 Ada Generation",
}
# Marketed both ways: treated as datacenter (the stricter reading), marked unconfirmed.
DATACENTER_AMBIGUOUS = {
    "RTX PRO 6000 Blackwell (Workstation/Server)":
        "Sold as a workstation card and as a Server Edition marketed for datacenters; treated as "
        "datacenter (the stricter reading).",
    "B40 / RTX Pro 6000D (China, partly RUMOURED)":
        "Reported as an H20 replacement for Chinese datacenters; treated as datacenter.",
}

NON_US_VENDORS = {"Huawei (HiSilicon)": "CN", "Cambricon": "CN", "Biren": "CN", "Moore Threads": "CN"}

# FP6 is not a CSV column; on AMD CDNA4 it runs at the FP4 rate and sets TPP (chips.md sec. 2.5).
EXTRA_PRECISIONS = {
    "Instinct MI350X": {"fp6": 9228.0},
    "Instinct MI355X": {"fp6": 10066.0},
}

UNCONFIRMED_MARKERS = re.compile(
    r"RUMOU?R|recalled|not retrieved|verify|LOW CONFIDENCE|Low confidence|unofficial|roadmap|"
    r"Roadmap|not disclosed|undisclosed|placeholder|assumed|estimate|unsourced|not published",
)


def slug(vendor: str, name: str) -> str:
    base = re.sub(r"\(.*?\)", "", name)
    text = f"{vendor.split()[0]} {base}".lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def number(value: str) -> float | int | None:
    if value.strip() == "":
        return None
    parsed = float(value)
    return int(parsed) if parsed.is_integer() else parsed


def unconfirmed_statements(name: str, notes: str) -> list[str]:
    statements = [s.strip() for s in re.split(r"(?<=[.;])\s+", notes) if UNCONFIRMED_MARKERS.search(s)]
    if "RUMOURED" in name or "roadmap" in name:
        statements.insert(0, f"{name}: specifications are rumoured or roadmap figures, not vendor datasheets.")
    return statements


def chip_record(row: dict[str, str]) -> dict:
    name = row["name"]
    dense = {key: number(row[col]) for key, col in PRECISION_COLUMNS.items() if number(row[col]) is not None}
    dense.update(EXTRA_PRECISIONS.get(name, {}))
    datacenter = name not in NOT_DATACENTER
    unconfirmed = unconfirmed_statements(name, row["notes"])
    if name in DATACENTER_AMBIGUOUS:
        unconfirmed.append(DATACENTER_AMBIGUOUS[name])
    if not dense:
        unconfirmed.append("No dense compute figures published; TPP cannot be computed from sources.")
    record = {
        "id": slug(row["vendor"], name),
        "vendor": row["vendor"],
        "name": name,
        "aliases": SHORT_ALIASES.get(name, []),
        "form_factor": row["form_factor"],
        "datacenter": datacenter,
        "origin_country": NON_US_VENDORS.get(row["vendor"], "US"),
        "release_date": row["release_date"] or None,
        "dense_tops": dense,
        "die_area_mm2": number(row["die_area_mm2"]),
        "dies": number(row["dies"]),
        "transistors_b": number(row["transistors_b"]),
        "process_nm": number(row["process_nm"]),
        "memory_gb": number(row["memory_gb"]),
        "memory_type": row["memory_type"] or None,
        "memory_bw_gbs": number(row["memory_bw_gbs"]),
        "interconnect_bw_gbs": number(row["interconnect_bw_gbs"]),
        "tdp_w": number(row["tdp_w"]),
        "price_usd": number(row["price_usd"]),
        "stated": {k: number(row[f"{k}_stated"]) for k in ("tpp", "pd") if number(row[f"{k}_stated"]) is not None},
        "confirmed": not ("RUMOURED" in name or "roadmap" in name or not dense),
        "unconfirmed": unconfirmed,
        "sources": [s.strip() for s in row["source_urls"].split(" | ") if s.strip()],
        "notes": row["notes"],
    }
    return record


def main(csv_path: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    seen = set()
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            record = chip_record(row)
            if record["id"] in seen:
                raise SystemExit(f"duplicate chip id {record['id']}")
            seen.add(record["id"])
            path = out / f"{record['id']}.yaml"
            header = "# Imported from shared/reference/chips.csv by tools/import_chips_csv.py; edit by hand.\n"
            path.write_text(header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100))
    print(f"wrote {len(seen)} chips to {out}")


if __name__ == "__main__":
    main(*(sys.argv[1:] or ["../shared/reference/chips.csv", "src/chipcontrols/catalog/data"]))
