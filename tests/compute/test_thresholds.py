"""The threshold data: values, comparators, ISO dates, status, sources."""

from datetime import date

import pytest

from chipcontrols import compute
from chipcontrols.compute.thresholds import crossings


def by_id():
    return {t["id"]: t for t in compute.thresholds()["thresholds"]}


def test_the_two_thresholds_the_issue_names():
    t = by_id()
    assert t["us-eccn-4e091"]["value"] == 1e26 and t["us-eccn-4e091"]["citation"].startswith("90 FR 4544")
    assert t["us-eccn-4e091"]["dates"]["not_enforced_since"] == "2025-05-13"
    assert t["eu-ai-act-art51"]["value"] == 1e25 and "2024/1689" in t["eu-ai-act-art51"]["citation"]
    assert t["eu-ai-act-art51"]["dates"]["applies_from"] == "2025-08-02"


def test_every_threshold_is_well_formed():
    for t in compute.thresholds()["thresholds"]:
        assert t["comparator"] in ("gt", "ge")
        assert t["status"] in ("in_force", "in_cfr_not_enforced", "revoked")
        assert t["sources"] and all(s.startswith("https://") for s in t["sources"])
        for value in t["dates"].values():
            date.fromisoformat(value)


@pytest.mark.parametrize("flop, crosses", [(1e25, False), (1.0000001e25, True), (9.9e24, False)])
def test_more_than_means_strictly_more(flop, crosses):
    eu = next(c for c in crossings({"x": flop}) if c["id"] == "eu-ai-act-art51")
    assert eu["estimates"]["x"]["crosses"] is crosses


def test_missing_estimates_are_skipped_not_counted_as_zero():
    rows = crossings({"six_n_d": None, "hardware": 2e26})
    assert all(set(r["estimates"]) == {"hardware"} for r in rows)


def test_callers_cannot_corrupt_the_bundled_data():
    first = compute.thresholds()["thresholds"]
    first[0]["dates"]["effective"] = "1999-01-01"
    first[0]["value"] = 1
    again = by_id()[first[0]["id"]]
    assert again["value"] != 1 and again["dates"].get("effective") != "1999-01-01"
    runs = compute.runs()["runs"]
    runs[0]["stages"][0]["gpu_hours"] = 0
    assert compute.runs()["runs"][0]["stages"][0]["gpu_hours"] != 0
