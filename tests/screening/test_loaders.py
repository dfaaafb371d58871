"""Real list files (the bundled sample, copied verbatim from the official lists) in every supported format."""

import csv
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipcontrols.screening import bundled_sample_paths
from chipcontrols.screening.csl_loader import CSL_FIELDS, ListFileError, read_csl_csv, read_csl_json
from chipcontrols.screening.ofac_loader import read_ofac_legacy

CSL, SDN = bundled_sample_paths()


def test_csl_csv_all_29_fields_and_entries():
    entries = read_csl_csv(CSL)
    with open(CSL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(CSL_FIELDS) == 29 and len(entries) == len(rows)
    semi = next(e for e in entries if e.name == "Xian Semi Electronic Co., Ltd")
    assert semi.source == "Entity List (EL) - Bureau of Industry and Security"
    assert semi.federal_register_notice == "76 FR 71867" and semi.countries == ("CN",)
    assert "Exodus Microelectronics Co., Ltd" in semi.aliases
    assert semi.license_policy == "Presumption of denial."
    meu = [e for e in entries if e.source.startswith("Military End User")]
    assert len(meu) == 71


def test_csl_json_as_served_by_the_api(tmp_path):
    with open(CSL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    api_rows = []
    for r in rows:  # the API gives lists for multi-valued fields and structured addresses
        r = dict(r)
        r["alt_names"] = [a.strip() for a in r["alt_names"].split(";") if a.strip()]
        r["addresses"] = [{"address": a.rsplit(",", 1)[0].strip(), "country": a.rsplit(",", 1)[-1].strip()}
                          for a in r["addresses"].split(";") if a.strip()]
        api_rows.append(r)
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"total": len(api_rows), "results": api_rows}))
    from_json = read_csl_json(path)
    from_csv = read_csl_csv(CSL)
    assert [e.uid for e in from_json] == [e.uid for e in from_csv]
    assert [e.countries for e in from_json] == [e.countries for e in from_csv]


def test_ofac_legacy_three_files():
    entries = read_ofac_legacy(SDN)
    aero = next(e for e in entries if e.entity_number == "36")
    assert aero.name == "AEROCARIBBEAN AIRLINES" and aero.aliases == ("AERO-CARIBBEAN",) and aero.countries == ("CU",)
    rihs = next(e for e in entries if e.entity_number == "7149")  # remarks "a.k.a. 'RIHS'" -> weak alias
    assert "RIHS" in rihs.weak_aliases and {"PK", "AF"} <= set(rihs.countries)
    person = next(e for e in entries if e.entity_number == "2676")
    assert person.kind == "person" and person.name.endswith("AL ZAWAHIRI")


def test_truncated_csl_is_refused_with_the_line(tmp_path):
    data = CSL.read_text("utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(data[: len(data) // 2])
    with pytest.raises(ListFileError) as err:
        read_csl_csv(cut)
    assert "line" in err.value.message and "nothing was loaded" in err.value.message
    warnings = []  # the explicit opt-in drops only that last cut row, and says so
    entries = read_csl_csv(cut, drop_cut_last_row=True, warnings=warnings)
    assert entries and warnings and "dropped its last row" in warnings[0]


def test_missing_columns_and_bad_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,source\nAcme,Entity List\n")
    with pytest.raises(ListFileError, match="missing columns"):
        read_csl_csv(bad)
    lines = CSL.read_text("utf-8").splitlines(keepends=True)
    lines[5] = '"x","y"\n'
    short = tmp_path / "short.csv"
    short.write_text("".join(lines))
    with pytest.raises(ListFileError, match="line 6: 2 cells"):
        read_csl_csv(short)


def test_truncated_ofac_is_refused(tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        (tmp_path / name).write_bytes((SDN.parent / name).read_bytes())
    data = (tmp_path / "sdn.csv").read_bytes()
    (tmp_path / "sdn.csv").write_bytes(data[: len(data) - 40])
    with pytest.raises(ListFileError, match="sdn.csv is damaged"):
        read_ofac_legacy(tmp_path / "sdn.csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_garbage_never_loads_silently(tmp_path, blob):
    path = tmp_path / "garbage.csv"
    path.write_bytes(blob)
    with pytest.raises(ListFileError):
        read_csl_csv(path)
