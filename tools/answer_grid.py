"""Write the engine's answers over a grid of shipments as JSON lines, to compare two versions of the code or pack.

    PYTHONPATH=src python tools/answer_grid.py OUT.jsonl            # in each checkout
    python tools/answer_grid.py --diff A.jsonl B.jsonl             # what changed, counted, with an example each

The grid: every catalog chip x 24 destinations x 18 dates at the rules' edges x 4 sets of facts (about 114,000
shipments). Each line holds the outcome, the outcome by the CFR text, per item the ECCN, paragraph, review policy,
exceptions and outcome, the question ids and the warning codes. Used to show that the Dec 2026 renovation changed
no answer; a rules change should change exactly the lines it means to.
"""

from __future__ import annotations

import collections
import itertools
import json
import sys

DESTINATIONS = ["CN", "MO", "HK", "RU", "BY", "IR", "KP", "CU", "SY", "VN", "AE", "SA", "MY", "SG", "IN", "IL", "DE",
                "US", "KH", "NI", "CY", "TW", "MX", "ET"]
DATES = ["2021-06-01", "2022-02-24", "2022-03-02", "2022-09-15", "2022-10-21", "2023-01-18", "2023-10-24",
         "2023-11-17", "2024-04-04", "2024-12-02", "2025-01-16", "2025-04-15", "2025-05-13", "2025-09-29",
         "2025-11-10", "2026-01-15", "2026-02-03", "2026-11-10"]
FACTS = [{}, {"exporter": "NVIDIA", "end_user_hq": "CN", "ultimate_parent_hq": "CN", "owned_by_listed_party": False},
         {"exporter": "Example Distributor", "end_user_hq": "DE", "ultimate_parent_hq": "US",
          "owned_by_listed_party": False, "end_use": "civil"},
         {"exporter": "AMD", "ship_from": "TW", "end_use": "military", "exporter_role": "foundry",
          "approved_ic_designer": False}]


def write(path: str) -> int:
    import chipcontrols
    from chipcontrols.errors import ChipControlsError

    chips = [c["name"] for c in chipcontrols.chips()]
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for chip, to, day, facts in itertools.product(chips, DESTINATIONS, DATES, FACTS):
            if to == "US" and "ship_from" not in facts:
                continue
            key = [chip, to, day, facts]
            try:
                r = chipcontrols.check(chip=chip, to=to, date=day, **facts)
            except ChipControlsError as exc:
                out.write(json.dumps({"k": key, "error": exc.message}) + "\n")
                continue
            row = {"k": key, "outcome": r["outcome"], "text": r["outcome_per_text"],
                   "items": [[i["eccn"], i["eccn_paragraph"], i["review_policy"], i["license_exceptions"], i["outcome"]]
                             for i in r["items"]],
                   "questions": sorted(q["id"] for q in r["questions"]),
                   "warnings": sorted({w["code"] for w in r["warnings"]})}
            out.write(json.dumps(row, sort_keys=True) + "\n")
            count += 1
    return count


def diff(path_a: str, path_b: str) -> collections.Counter:
    changed, examples = collections.Counter(), {}
    with open(path_a, encoding="utf-8") as fa, open(path_b, encoding="utf-8") as fb:
        for line_a, line_b in zip(fa, fb):
            a, b = json.loads(line_a), json.loads(line_b)
            if a["k"] != b["k"]:
                raise SystemExit("The two files are not over the same grid.")
            for key in ("outcome", "text", "items", "questions", "warnings", "error"):
                if a.get(key) != b.get(key):
                    changed[key] += 1
                    examples.setdefault(key, (a, b))
    for key, (a, b) in examples.items():
        print(f"{key}: {changed[key]} shipment(s); e.g. {a['k']}: {a.get(key)} -> {b.get(key)}")
    print("no answer changed" if not changed else f"{sum(changed.values())} changes")
    return changed


if __name__ == "__main__":
    if sys.argv[1:2] == ["--diff"]:
        diff(sys.argv[2], sys.argv[3])
    else:
        print(write(sys.argv[1]), "shipments written")
