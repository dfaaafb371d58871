"""Read OFAC's legacy SDN files: sdn.csv (entries), alt.csv (aliases), add.csv (addresses).

Headerless CSV, latin-1, "-0-" for empty. The three files are read together; the loader takes sdn.csv
(or the folder holding it) and picks alt.csv/add.csv from beside it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from chipcontrols.screening.countries import to_code
from chipcontrols.screening.csl_loader import ListFileError
from chipcontrols.screening.name_parsing import person_display, quoted_akas, split_name
from chipcontrols.screening.records import ListEntry

SDN_SOURCE = "Specially Designated Nationals (SDN) - Treasury Department"
SDN_URL = "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"
KINDS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "company"}
WIDTH = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6}


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("latin-1").replace("\x1a", "")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, bad = [], []
    width = WIDTH[path.name.lower()]
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                bad.append(f"line {reader.line_num}: {len(row)} cells, expected {width}")
                continue
            if not row[0].strip().isdigit():
                bad.append(f"line {reader.line_num}: entry number '{row[0][:20]}' is not a number")
                continue
            rows.append([_cell(c) for c in row])
    except csv.Error as exc:
        bad.append(f"line {reader.line_num}: {exc} (file cut short?)")
    if bad:
        raise ListFileError(
            f"{path.name} is damaged ({len(bad)} bad rows), nothing was loaded: " + "; ".join(bad[:5]),
            hint="Download sdn.csv, alt.csv and add.csv again from OFAC. The snapshot in force is unchanged.",
            bad_rows=bad[:50],
        )
    return rows


def read_ofac_legacy(path: Path) -> list[ListEntry]:
    folder = path if path.is_dir() else path.parent
    sdn_path = folder / "sdn.csv" if path.is_dir() else path
    if not sdn_path.exists():
        raise ListFileError(f"No sdn.csv in {folder}.", hint="Pass OFAC's legacy sdn.csv (alt.csv and add.csv beside it).")
    sdn = _rows(sdn_path)
    if not sdn:
        raise ListFileError(f"{sdn_path.name} has no entries.", hint="Download it again from OFAC.")
    aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if (folder / "alt.csv").exists():
        for ent, _num, alt_type, alt_name, _rem in _rows(folder / "alt.csv"):
            aliases[ent.strip()].append((alt_type.lower(), alt_name))
    addresses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if (folder / "add.csv").exists():
        for ent, _num, street, city, country, _rem in _rows(folder / "add.csv"):
            addresses[ent.strip()].append((", ".join(p for p in (street, city, country) if p), country))
    entries = []
    for ent_num, name, sdn_type, program, title, *_vessel, remarks in sdn:
        ent_num = ent_num.strip()
        kind = KINDS.get(sdn_type.lower(), "company")
        primary, more, weak = split_name(name)
        if kind == "person":
            primary = person_display(primary)
        alias_names = list(more)
        for _alt_type, alt_name in aliases.get(ent_num, []):  # aka, fka, nka: all names it is known by
            alias_names.append(person_display(alt_name) if kind == "person" else alt_name)
        weak += quoted_akas(remarks)
        addr = addresses.get(ent_num, [])
        entries.append(
            ListEntry(
                uid=f"sdn:{ent_num}",
                feed="ofac_sdn",
                source=SDN_SOURCE,
                name=primary,
                kind=kind,
                entity_number=ent_num,
                aliases=tuple(dict.fromkeys(a for a in alias_names if a and a != primary)),
                weak_aliases=tuple(dict.fromkeys(weak)),
                addresses=tuple(a for a, _ in addr if a),
                countries=tuple(dict.fromkeys(c for c in (to_code(c) for _, c in addr) if c)),
                programs=program,
                remarks=remarks,
                source_list_url=SDN_URL,
                extra={"title": title} if title else {},
            )
        )
    return entries
