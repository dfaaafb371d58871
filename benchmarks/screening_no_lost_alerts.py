"""Do the retrieval shortcuts (MaxScore, score bounds) ever cost an alert on the full lists?

Screens each query twice against CSL extract + OFAC SDN: the normal path, and with `include_below=True`
(no score bounds), both with limit 50, and counts queries where the second alerts on an entry the first
does not. The queries are the evaluation set's plus distinct synthetic names, as in screening_benchmark.py.
tests/screening/test_retrieval.py makes the same check on the bundled sample in every test run.

Run: make bench-env && .venv-bench/bin/python benchmarks/screening_no_lost_alerts.py [--queries 12000]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from screening_benchmark import HERE, load, unique_names

from chipcontrols.screening.engine import screen_with

ALERTING = ("confirmed_match", "possible_match")


def alerts(result) -> set[str]:
    return {h.entry["uid"] for h in result.hits if h.status in ALERTING}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", type=Path, default=HERE.resolve().parents[1] / "shared/data/lists")
    ap.add_argument("--eval", type=Path, default=HERE / "data/screening_eval.csv")
    ap.add_argument("--queries", type=int, default=12000)
    args = ap.parse_args()
    _, index, _, _ = load(args.lists)
    rows = list(csv.DictReader(open(args.eval, encoding="utf-8")))
    queries = unique_names(rows, args.queries)
    lost = 0
    for q in queries:
        fast = screen_with(index, q, limit=50)
        full = screen_with(index, q, limit=50, include_below=True)
        missing = alerts(full) - alerts(fast)
        if missing:
            lost += 1
            hit = next(h for h in full.hits if h.entry["uid"] in missing)
            print(f"LOST {q!r}: {hit.matched_name!r} {hit.score} ({hit.status} without the bounds)")
    print(f"{len(queries):,} queries, {lost} with an alert lost to the shortcuts")


if __name__ == "__main__":
    main()
