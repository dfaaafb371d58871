"""Rebuild the bundled list sample (src/chipcontrols/screening/data/sample_*) from ../shared/data/lists.

Real rows only, copied verbatim (CSL: Consolidated Screening List extract, Nov 2023; OFAC legacy SDN
files, ~2019; provenance in shared/data/README.md). Selection is deterministic:
all Military End User rows, Entity List rows with an address in CN/HK/MO/TW/SG, 40 Unverified List rows,
60 CSL SDN rows with a CN/HK/RU address, and 120 OFAC legacy SDN entries (every 60th, with their aliases
and addresses).
Run: PYTHONPATH=src python tools/build_screening_sample.py ../shared/data/lists
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/chipcontrols/screening/data"


def main(lists: Path) -> None:
    with open(lists / "csl_extract_2023-11.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0]) and r != rows[0]]
    col = {name: i for i, name in enumerate(header)}

    def countries(r):
        return {a.strip()[-2:] for a in r[col["addresses"]].split(";") if a.strip()}

    pick = []
    for r in body:
        src = r[col["source"]]
        if src.startswith("Military End User"):
            pick.append(r)
        elif src.startswith("Entity List") and countries(r) & {"CN", "HK", "MO", "TW", "SG"}:
            pick.append(r)
    pick += [r for r in body if r[col["source"]].startswith("Unverified")][:40]
    pick += [r for r in body if r[col["source"]].startswith("Specially") and countries(r) & {"CN", "HK", "RU"}][:60]
    with open(OUT / "sample_csl.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        w.writerows(pick)
    sdn_dir = lists / "ofac_sdn_legacy"
    out_dir = OUT / "sample_ofac"
    out_dir.mkdir(exist_ok=True)
    sdn = list(csv.reader(open(sdn_dir / "sdn.csv", encoding="latin-1", newline="")))
    chosen = sdn[::60]
    ids = {r[0].strip() for r in chosen}
    for name, rows_ in (("sdn.csv", chosen), ("alt.csv", None), ("add.csv", None)):
        if rows_ is None:
            rows_ = [r for r in csv.reader(open(sdn_dir / name, encoding="latin-1", newline="")) if r and r[0].strip() in ids]
        with open(out_dir / name, "w", encoding="latin-1", newline="") as fh:
            csv.writer(fh).writerows(rows_)
    print(f"CSL rows: {len(pick)}; OFAC SDN entries: {len(chosen)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists"))
