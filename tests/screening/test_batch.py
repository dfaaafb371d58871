"""Batch screening of real files: CSV and Parquet, bad rows reported by line, same output for any worker count."""

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chipcontrols.errors import InputError
from chipcontrols.screening import bundled_index
from chipcontrols.screening.batch import OUTPUT_COLUMNS, screen_file

PARTIES = [
    ["id", "name", "country", "address"],
    ["p1", "Xian Semi Electronic Co Ltd", "CN", ""],
    ["p2", "Northwind Garden Supplies GmbH", "DE", ""],
    ["p3", "", "CN", ""],  # line 4: no name
    ["p4", "Chitron Electronics Company Limited", "Atlantis", ""],  # line 5: unknown country
    ["p5", "Exodus Microelectronics Co., Ltd.", "HK", ""],
    ["p6", "too", "many", "cells", "here"],  # line 7: wrong number of cells
    ["p7", "Chi-Chuang Electronics Co Ltd", "", ""],
]


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_bad_rows_reported_by_line_rest_screened(tmp_path):
    report = screen_file(bundled_index(), _write_csv(tmp_path / "in.csv", PARTIES), tmp_path / "hits.csv")
    assert [b["line"] for b in report.bad_rows] == [4, 5, 7]
    assert "empty 'name'" in report.bad_rows[0]["error"] and "Unknown country" in report.bad_rows[1]["error"]
    assert report.rows_read == 7 and report.rows_screened == 4
    rows = _read_csv(tmp_path / "hits.csv")
    assert list(rows[0]) == OUTPUT_COLUMNS
    by_id = {}
    for r in rows:
        by_id.setdefault(r["party_id"], []).append(r)
    assert by_id["p1"][0]["status"] == "confirmed_match" and by_id["p1"][0]["federal_register_notice"] == "76 FR 71867"
    assert by_id["p2"] == [dict(by_id["p2"][0], status="clear")]
    assert report.statuses["clear"] == 1 and report.statuses["confirmed_match"] == 3


def test_same_output_whatever_the_workers_and_chunks(tmp_path):
    rows = [PARTIES[0]] + [[f"q{i}", PARTIES[1 + i % 7][1], PARTIES[1 + i % 7][2], ""] for i in range(60) if len(PARTIES[1 + i % 7]) == 4]
    src = _write_csv(tmp_path / "in.csv", rows)
    screen_file(bundled_index(), src, tmp_path / "one.csv", workers=1, chunk_size=1000)
    screen_file(bundled_index(), src, tmp_path / "two.csv", workers=2, chunk_size=7)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_parquet_in_and_out(tmp_path):
    table = pa.table({"id": ["a", "b"], "name": ["Xian Semi Electronic Co Ltd", None], "country": ["CN", "CN"]})
    pq.write_table(table, tmp_path / "in.parquet")
    report = screen_file(bundled_index(), tmp_path / "in.parquet", tmp_path / "hits.parquet")
    out = pq.read_table(tmp_path / "hits.parquet").to_pylist()
    assert report.bad_rows == [{"line": 3, "error": "empty 'name'"}]
    assert out[0]["status"] == "confirmed_match" and out[0]["score"] == 1.0 and out[0]["line"] == 2


def test_missing_name_column_writes_nothing(tmp_path):
    src = _write_csv(tmp_path / "in.csv", [["party", "country"], ["Acme", "CN"]])
    with pytest.raises(InputError, match="no 'name' column"):
        screen_file(bundled_index(), src, tmp_path / "hits.csv")
    assert not (tmp_path / "hits.csv").exists() and not list(tmp_path.glob("*.partial"))
