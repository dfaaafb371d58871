"""Snapshots in a real SQLite file: hashes, counts, the shrink guard, diff, and nothing written on refusal."""

import csv
import sqlite3

import pytest

from chipcontrols.screening import bundled_sample_paths, diff, load_list, screen_party, status
from chipcontrols.screening.csl_loader import ListFileError
from chipcontrols.screening.store import SnapshotRefused, store_path

CSL, SDN = bundled_sample_paths()


def _rows():
    with open(CSL, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        return next(reader), list(reader)


def _write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        w.writerows(rows)
    return path


def _snapshot_count():
    return sqlite3.connect(store_path()).execute("SELECT count(*) FROM snapshots").fetchone()[0]


def test_load_makes_a_dated_snapshot_with_counts():
    snap = load_list(CSL)
    assert len(snap["hash"]) == 64 and snap["current"] and snap["loaded_at"]
    assert snap["counts"]["csl:Military End User (MEU) List - Bureau of Industry and Security"] == 71
    again = load_list(CSL)
    assert again["unchanged"] and again["id"] == snap["id"]
    both = load_list(SDN)  # another feed joins, the CSL stays
    assert any(k.startswith("ofac_sdn:") for k in both["counts"]) and any(k.startswith("csl:") for k in both["counts"])
    assert status()["current"]["id"] == both["id"] and len(status()["snapshots"]) == 2


def test_snapshot_losing_a_source_is_refused_and_previous_stays(tmp_path):
    first = load_list(CSL)
    header, rows = _rows()
    no_meu = _write(tmp_path / "no_meu.csv", header, [r for r in rows if not r[1].startswith("Military End User")])
    with pytest.raises(SnapshotRefused, match="loses the whole source 'Military End User"):
        load_list(no_meu)
    assert status()["current"]["id"] == first["id"] and _snapshot_count() == 1
    assert screen_party("Xian Semi Electronic Co Ltd")["snapshot"]["hash"] == first["hash"]


def test_snapshot_losing_most_of_a_source_is_refused(tmp_path):
    load_list(CSL)
    header, rows = _rows()
    el = [r for r in rows if r[1].startswith("Entity List")]
    rest = [r for r in rows if not r[1].startswith("Entity List")]
    shrunk = _write(tmp_path / "shrunk.csv", header, rest + el[: len(el) // 3])
    with pytest.raises(SnapshotRefused, match="shrinks from"):
        load_list(shrunk)
    forced = load_list(shrunk, force=True)
    assert forced["warnings"] and "forced past the guard" in forced["warnings"][0]


def test_damaged_file_writes_nothing(tmp_path):
    load_list(CSL)
    cut = tmp_path / "cut.csv"
    data = CSL.read_text("utf-8")
    cut.write_text(data[: len(data) - 100])
    with pytest.raises(ListFileError):
        load_list(cut)
    assert _snapshot_count() == 1


def test_diff_added_removed_changed(tmp_path):
    header, rows = _rows()
    old = load_list(_write(tmp_path / "old.csv", header, rows[:-1]))
    changed = [list(r) for r in rows]
    changed[0][header.index("license_policy")] = "Presumption of denial (changed)."
    new = load_list(_write(tmp_path / "new.csv", header, changed[1:]))
    d = diff(str(old["id"]), new["hash"][:12])
    assert d["counts"] == {"added": 1, "removed": 1, "changed": 0} or d["counts"]["added"] == 1
    assert d["added"][0]["uid"] == rows[-1][0] and d["removed"][0]["uid"] == rows[0][0]
    changed_again = [list(r) for r in rows]
    changed_again[3][header.index("license_policy")] = "Case-by-case."
    newer = load_list(_write(tmp_path / "newer.csv", header, changed_again))
    d2 = diff(str(new["id"]), str(newer["id"]))
    assert any(c["uid"] == rows[3][0] and c["fields"]["license_policy"]["new"] == "Case-by-case." for c in d2["changed"])


def test_diff_unknown_snapshot():
    load_list(CSL)
    with pytest.raises(Exception, match="No snapshot 'zzz'"):
        diff("zzz", "1")


def test_entry_to_dict_holds_every_field_in_order_and_round_trips():
    """to_dict() names its fields one by one (fast compiled): it must keep every field, in declaration order,
    and from_dict() must give the same entry back."""
    from dataclasses import fields

    from chipcontrols.screening.records import ListEntry

    entry = ListEntry(uid="u1", feed="csl", source="Entity List (EL) - Bureau of Industry and Security", name="Alpha Co",
                      kind="company", entity_number="7", aliases=("A Co",), weak_aliases=("AC",), addresses=("1 Road, Beijing, CN",),
                      countries=("CN",), programs="EAR", federal_register_notice="85 FR 1", start_date="2020-01-01",
                      license_requirement="For all items", license_policy="Presumption of denial", remarks="r",
                      source_list_url="https://example.org/l", source_information_url="https://example.org/i", extra={"k": "v"})
    data = entry.to_dict()
    assert list(data) == [f.name for f in fields(ListEntry)]
    assert all(data[f.name] == getattr(entry, f.name) for f in fields(ListEntry) if f.name not in
               ("aliases", "weak_aliases", "addresses", "countries"))
    assert data["aliases"] == ["A Co"] and data["countries"] == ["CN"]
    assert ListEntry.from_dict(data) == entry and ListEntry.from_dict(data).extra == {"k": "v"}
