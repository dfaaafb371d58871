"""Read the trade.gov Consolidated Screening List: the 29-column CSV or the JSON the API serves.

A list file is either read whole or refused: a missing column, a row with the wrong number of cells
(a truncated download), or an entry without a name stops the load with the line numbers, so a broken
file can never replace a good snapshot.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from chipcontrols.errors import InputError
from chipcontrols.screening.countries import code_at_end, to_code
from chipcontrols.screening.name_parsing import split_alias_cell, split_name
from chipcontrols.screening.normalise import GENERIC, LEGAL, REGION, normalise
from chipcontrols.screening.records import ListEntry

CSL_FIELDS = (
    "_id source entity_number type programs name title addresses federal_register_notice start_date end_date "
    "standard_order license_requirement license_policy call_sign vessel_type gross_tonnage "
    "gross_registered_tonnage vessel_flag vessel_owner remarks source_list_url alt_names citizenships "
    "dates_of_birth nationalities places_of_birth source_information_url ids"
).split()

KIND_BY_TYPE = {"individual": "person", "entity": "company", "vessel": "vessel", "aircraft": "aircraft"}


class ListFileError(InputError):
    code = "invalid_list_file"


def guess_kind(name: str) -> str:
    """BIS rows in the CSL have no type: a name with a legal form, industry or place word, digits or many
    words is a company; a short plain name is a person."""
    norm = normalise(name)
    if any(c in (LEGAL, GENERIC, REGION) for c in norm.classes) or any(t.isdigit() for t in norm.tokens):
        return "company"
    return "person" if 2 <= len(norm.tokens) <= 4 else "company"


def _split_multi(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def entry_from_row(row: dict, line: int | None = None) -> ListEntry:
    raw_name = (row.get("name") or "").strip()
    if not raw_name:
        raise ListFileError(f"Entry without a name at line {line}." if line else "Entry without a name.")
    primary, aliases, weak = split_name(raw_name)
    alt = row.get("alt_names") or ""
    alt_list = alt if isinstance(alt, list) else split_alias_cell(alt)
    for a in alt_list:
        p, more, w = split_name(a)
        aliases += [p, *more]
        weak += w
    if primary != raw_name.strip() and raw_name not in aliases:
        aliases.append(raw_name)  # users type what they see on the list
    addresses = row.get("addresses") or ""
    if isinstance(addresses, list):
        addr_list, countries = [], []
        for a in addresses:
            if isinstance(a, dict):
                parts = [a.get(k) or "" for k in ("address", "city", "state", "postal_code", "country")]
                addr_list.append(", ".join(p for p in parts if p))
                if to_code(a.get("country")):
                    countries.append(to_code(a.get("country")))
            else:
                addr_list.append(str(a))
                if code_at_end(str(a)):
                    countries.append(code_at_end(str(a)))
    else:
        addr_list = _split_multi(addresses)
        countries = [c for c in (code_at_end(a) for a in addr_list) if c]
    for field in ("nationalities", "citizenships"):
        value = row.get(field) or ""
        for c in value if isinstance(value, list) else _split_multi(value):
            if to_code(c):
                countries.append(to_code(c))
    kind = KIND_BY_TYPE.get((row.get("type") or "").strip().lower()) or guess_kind(primary)
    uid = str(row.get("_id") or row.get("id") or "").strip() or f"{row.get('source')}:{row.get('entity_number')}:{primary}"

    def text(key: str) -> str:
        value = row.get(key) or ""
        return "; ".join(map(str, value)) if isinstance(value, list) else str(value).strip()

    return ListEntry(
        uid=uid,
        feed="csl",
        source=text("source"),
        name=primary,
        kind=kind,
        entity_number=text("entity_number"),
        aliases=tuple(dict.fromkeys(a for a in aliases if a and a != primary)),
        weak_aliases=tuple(dict.fromkeys(weak)),
        addresses=tuple(addr_list),
        countries=tuple(dict.fromkeys(countries)),
        programs=text("programs"),
        federal_register_notice=text("federal_register_notice"),
        start_date=text("start_date"),
        license_requirement=text("license_requirement"),
        license_policy=text("license_policy"),
        remarks=text("remarks"),
        source_list_url=text("source_list_url"),
        source_information_url=text("source_information_url"),
    )


def read_csl_csv(path: Path, drop_cut_last_row: bool = False, warnings: list[str] | None = None) -> list[ListEntry]:
    """Read the whole file or refuse it. `drop_cut_last_row` accepts a file whose only fault is a last row cut
    short (a download stopped mid-row): that row is dropped and a warning recorded, never silently."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFileError(f"{path.name} is not UTF-8 text (byte {exc.start}).", hint="Download the CSV again from trade.gov.") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ListFileError(f"{path.name} is empty.", hint="Download the CSV again from trade.gov.") from None
    missing = [f for f in CSL_FIELDS if f not in header]
    if missing:
        raise ListFileError(
            f"{path.name} is not a Consolidated Screening List CSV: missing columns {', '.join(missing)}.",
            hint="Use the 29-column CSV from https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        )
    entries, bad = [], []
    cut_at_end = False
    try:
        for row in reader:
            line = reader.line_num
            if not row or row == header:  # blank line, or a header repeated inside the file
                continue
            if len(row) != len(header):
                bad.append(f"line {line}: {len(row)} cells, expected {len(header)}")
                continue
            record = dict(zip(header, row))
            try:
                entries.append(entry_from_row(record, line))
            except ListFileError as exc:
                bad.append(exc.message)
    except csv.Error as exc:
        bad.append(f"line {reader.line_num}: {exc} (file cut short?)")
        cut_at_end = "end of data" in str(exc)
    if drop_cut_last_row and len(bad) == 1 and (cut_at_end or not text.endswith("\n")):
        if warnings is not None:
            warnings.append(f"{path.name}: dropped its last row, cut short ({bad[0]}).")
        if not cut_at_end and entries:
            entries.pop()  # the short row was parsed; it is the last entry read
        bad = []
    if bad:
        raise ListFileError(
            f"{path.name} is damaged ({len(bad)} bad rows), nothing was loaded: " + "; ".join(bad[:5]),
            hint="The file looks truncated or edited; download it again. The snapshot in force is unchanged.",
            bad_rows=bad[:50],
        )
    if not entries:
        raise ListFileError(f"{path.name} has no entries.", hint="Download the CSV again from trade.gov.")
    return entries


def read_csl_json(path: Path) -> list[ListEntry]:
    try:
        doc = json.loads(path.read_text("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ListFileError(f"{path.name} is not valid JSON ({exc}).", hint="The download may be truncated; fetch it again.") from None
    rows = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(rows, list) or not rows:
        raise ListFileError(f"{path.name} holds no CSL results.", hint='Expected {"results": [...]} as served by the trade.gov CSL API, or a list of rows.')
    entries, bad = [], []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not row.get("source"):
            bad.append(f"result {i}: not a CSL row (no source)")
            continue
        try:
            entries.append(entry_from_row(row, i))
        except ListFileError:
            bad.append(f"result {i}: no name")
    if bad:
        raise ListFileError(f"{path.name} is damaged, nothing was loaded: " + "; ".join(bad[:5]), hint="Fetch the file again.", bad_rows=bad[:50])
    return entries
