"""Screening quality and speed, side by side, in one process, on the same list and the same queries.

Systems
  ours        chipcontrols.screening (index + scorer), alert = a hit at or above 0.80 (any status but clear)
  logic-v2    OpenSanctions nomenklatura's default matcher, alert = score >= 0.70 (its default threshold),
              scoring the union of our index's wide candidate set (the 25 best company and 25 best person names at
              min cover 0.2, without score bounds) and RapidFuzz's
              top 10 for each query; its time is the compare() calls only (candidate generation not counted)
  rf-brute    RapidFuzz token_sort_ratio of the query against every list name (default_process), alert >= 85

List: CSL extract (Nov 2023) + OFAC legacy SDN files from ../shared/data/lists.
Queries: benchmarks/data/screening_eval.csv (built by screening_evalset.py).

Speed: every system screens the same queries once, timed per query. "ours" is the steady state of a running
service: a fresh index (every cache forgotten, names and words), then --warm-up other names screened
(distinct synthetic names, none in the evaluation set), then every name cache cleared, so the timed queries
are new to it and only what the warm-up taught it about words may be warm (expansions of words on no list,
phonetic skeletons); "ours, first pass" is the same run straight after a fresh index is built. Each of
ours is timed over --passes passes (each from its own fresh index) and the median pass reported, all of them
printed. logic-v2 gets the first --warm-up-logic-v2 of those names first, untimed, and is timed once (its
pass takes half a minute).

A positive query counts as found when an alert names the expected entry (or a duplicate of it: same list
name after normalisation). Precision = found / (found + negative queries with an alert + positive queries
whose alerts name only other entries). Alerts per 1,000 clean names = clean queries with any alert.

Run: make bench-env && .venv-bench/bin/python benchmarks/screening_benchmark.py [--lists DIR] [--skip-logic-v2]
     (PYTHONPATH=src with any Python that has nomenklatura measures the uncompiled source instead)
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from chipcontrols.screening.batch import screen_file
from chipcontrols.screening.engine import screen_with
from chipcontrols.screening.index import ScreeningIndex
from chipcontrols.screening.normalise import normalise, person_tokens
from chipcontrols.screening.store import read_list_file

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # screening_evalset, for the synthetic-name recipe
RF_THRESHOLD = 85
LV2_THRESHOLD = 0.70


def load(lists: Path):
    t = time.perf_counter()
    entries = read_list_file(lists / "csl_extract_2023-11.csv", drop_cut_last_row=True) + read_list_file(lists / "ofac_sdn_legacy")
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    index = ScreeningIndex(entries)
    return entries, index, t_read, time.perf_counter() - t


def identity_keys(entries):
    """uid -> the set of uids that are the same party (CSL duplicates, CSL vs OFAC copies of an SDN entry)."""
    by_key = defaultdict(set)
    keys_of = {}
    for e in entries:
        ks = set()
        for n, role in e.all_names():
            if role == "weak":
                continue
            ks.add(person_tokens(n).key if e.kind == "person" else normalise(n).key)
        keys_of[e.uid] = ks
        for k in ks:
            by_key[k].add(e.uid)
    same = {}
    for e in entries:
        primary = person_tokens(e.name).key if e.kind == "person" else normalise(e.name).key
        same[e.uid] = by_key[primary] | {e.uid}
    return same


# -- systems ------------------------------------------------------------------------------------------
def build_mode() -> str:
    """Whether this process runs the compiled screening modules (setup.py) or their Python source."""
    import chipcontrols.screening.index as index_module

    if index_module.__file__.endswith(".py"):
        return f"Python source ({Path(index_module.__file__).parent}), not compiled"
    return "compiled with mypyc (setup.py)"


def clear_name_caches():
    """Forget every name seen (normalised names, folded words); what was learnt about words stays (a fresh
    index, fresh_index(), forgets that too)."""
    from chipcontrols.screening import normalise as norm_module

    norm_module.normalise.cache_clear()
    norm_module.person_tokens.cache_clear()
    norm_module._words.cache_clear()


def fresh_index(entries):
    """A new index with every cache forgotten, names and words: the state of a service that has just started."""
    from chipcontrols.screening import normalise as norm_module
    from chipcontrols.screening import phonetic

    clear_name_caches()
    norm_module._near_legal.cache_clear()
    phonetic.clear_cache()
    return ScreeningIndex(entries)


def run_ours(index, rows):
    alerts, lat = [], []
    for r in rows:
        t = time.perf_counter()
        res = screen_with(index, r["query"])
        lat.append(time.perf_counter() - t)
        alerts.append({h.entry["uid"] for h in res.hits})
    return alerts, lat


def run_rf(index, rows):
    names = [n.display for n in index.names]
    owners = [index.entries[n.entry].uid for n in index.names]
    processed = [utils.default_process(n) for n in names]
    alerts, lat = [], []
    for r in rows:
        t = time.perf_counter()
        found = process.extract(utils.default_process(r["query"]), processed, scorer=fuzz.token_sort_ratio,
                                score_cutoff=RF_THRESHOLD, limit=20)
        lat.append(time.perf_counter() - t)
        alerts.append({owners[i] for _, _, i in found})
    return alerts, lat


def run_logic_v2(index, rows, entries, warm_up=()):
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algo = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    schema = {"person": "Person", "company": "Company", "vessel": "Vessel", "aircraft": "Airplane"}
    cache = {}

    def ftm(e_idx):
        if e_idx not in cache:
            e = entries[e_idx]
            ent = model.make_entity(schema.get(e.kind, "LegalEntity"))
            ent.id = f"e{e_idx}"
            ent.add("name", e.name)
            ent.add("alias", list(e.aliases))
            if e.kind in ("person", "company"):
                ent.add("weakAlias", list(e.weak_aliases))
                ent.add("country", [c.lower() for c in e.countries])
            cache[e_idx] = ent
        return cache[e_idx]

    names = [utils.default_process(n.display) for n in index.names]
    alerts, lat, n_compares = [], [], 0
    for n_row, name in enumerate(warm_up):  # untimed: the same warm-up as ours (its caches, our entity cache)
        q = model.make_entity("Company")
        q.id = f"warm-{n_row}"
        q.add("name", name)
        for c in {index.names[n].entry for n in index.candidates(normalise(name), limit=25, min_cover=0.2)}:
            try:
                algo.compare(q, ftm(c), config)
            except Exception:
                pass
    for n_row, r in enumerate(rows):
        q = model.make_entity("Person" if r["kind"] == "person" else "Company")
        q.id = f"query-{n_row}"  # logic-v2 caches analysed names by entity id: each query needs its own
        q.add("name", r["query"])
        cand = {index.names[n].entry for n in index.candidates(normalise(r["query"]), limit=25, min_cover=0.2)}
        cand |= {index.names[i].entry for _, _, i in process.extract(utils.default_process(r["query"]), names, scorer=fuzz.token_sort_ratio, limit=10)}
        ents = [ftm(c) for c in sorted(cand)]
        t = time.perf_counter()
        hit = set()
        for c_idx, ent in zip(sorted(cand), ents):
            try:
                score = algo.compare(q, ent, config).score
            except Exception:  # schema pairs it refuses (e.g. Person vs Vessel) are non-matches
                score = 0.0
            if score >= LV2_THRESHOLD:
                hit.add(entries[c_idx].uid)
        lat.append(time.perf_counter() - t)
        n_compares += len(ents)
        alerts.append(hit)
    return alerts, lat, n_compares


# -- metrics ------------------------------------------------------------------------------------------
def metrics(rows, alerts, same):
    out = {}
    for kind in ("company", "person"):
        tp = fp = fn = 0
        per_class = defaultdict(lambda: [0, 0])
        clean_n = clean_alerts = 0
        hard_n = hard_alerts = 0
        for r, a in zip(rows, alerts):
            if r["kind"] != kind:
                continue
            if r["cls"] == "clean":
                clean_n += 1
                clean_alerts += bool(a)
                continue
            if r["label"] == "1":
                ok = bool(a & same.get(r["base_uid"], {r["base_uid"]}))
                per_class[r["cls"]][0] += ok
                per_class[r["cls"]][1] += 1
                if ok:
                    tp += 1
                else:
                    fn += 1
                    fp += bool(a)
            else:
                hard_n += 1
                hard_alerts += bool(a)
                fp += bool(a)
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[kind] = {
            "precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0,
            "per_class": {c: v[0] / v[1] for c, v in sorted(per_class.items())},
            "class_n": {c: v[1] for c, v in sorted(per_class.items())},
            "hard_negative_alert_rate": hard_alerts / hard_n if hard_n else 0.0,
            "alerts_per_1000_clean": 1000 * clean_alerts / clean_n if clean_n else 0.0, "clean_n": clean_n,
        }
    return out


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] * 1000


def batch_throughput(entries, names, workers):
    index = fresh_index(entries)  # no name or word may be served from an earlier run's cache (not timed)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.csv"
        with open(src, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "name"])
            w.writerows([i, n] for i, n in enumerate(names))
        t = time.perf_counter()
        screen_file(index, src, Path(tmp) / "out.csv", workers=workers)
        return len(names) / (time.perf_counter() - t)


def unique_names(rows, n):
    """n distinct names: the given queries, then synthetic company/person names on no list (same recipe as the
    evaluation set's clean names), so no name repeats and no cache flatters the figure."""
    import random

    import screening_evalset as ev

    if not ev.SYL:
        ev.SYL.update(ev.syllable_table())
    rng = random.Random(11)
    names = list(dict.fromkeys(r["query"] for r in rows))
    seen = set(names)
    syllables = sorted(ev.SYL)
    while len(names) < n:
        if rng.random() < 0.75:
            tn = "".join(rng.sample(syllables, 2)).capitalize()
            parts = [rng.choice(ev.REGIONS) if rng.random() < 0.5 else "", tn, rng.choice(ev.CLEAN_GENERIC), rng.choice(ev.CLEAN_LEGAL)]
            q = " ".join(p for p in parts if p)
        else:
            q = f"{rng.choice(ev.FIRST)} {rng.choice(syllables).capitalize()}{rng.choice(syllables)} {rng.choice(ev.LAST)}"
        if q not in seen:
            seen.add(q)
            names.append(q)
    return names[:n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", type=Path, default=HERE.resolve().parents[1] / "shared/data/lists")
    ap.add_argument("--eval", type=Path, default=HERE / "data/screening_eval.csv")
    ap.add_argument("--skip-logic-v2", action="store_true")
    ap.add_argument("--batch-names", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3, help="batch runs per setting; the best is reported")
    ap.add_argument("--batch-only", action="store_true", help="only the batch throughput figures")
    ap.add_argument("--passes", type=int, default=5, help="timed passes of ours (each from a fresh index); the median is reported")
    ap.add_argument("--warm-up", type=int, default=5000, help="distinct other names screened before the timed pass")
    ap.add_argument("--warm-up-logic-v2", type=int, default=300, help="of those, how many logic-v2 sees first")
    args = ap.parse_args()
    entries, index, t_read, t_index = load(args.lists)
    same = identity_keys(entries)
    rows = list(csv.DictReader(open(args.eval, encoding="utf-8")))
    print(f"list: {len(entries)} entries, {len(index.names)} names (read {t_read:.2f}s, index built {t_index:.2f}s); "
          f"queries: {len(rows)}; CPUs: {os.cpu_count()}; ours: {build_mode()}")
    # batch first, while the process is small (forked workers share its memory)
    batch_lines = []
    unique = unique_names(rows, args.batch_names)
    clean = [r["query"] for r in rows if r["cls"] == "clean"]
    clean_unique = unique_names([r for r in rows if r["cls"] == "clean"], args.batch_names)
    for w in (1, 2):  # best of --repeat runs: other processes on a shared machine only ever slow a run down
        mixed = max(batch_throughput(entries, unique, w) for _ in range(args.repeat))
        clean_only = max(batch_throughput(entries, clean_unique, w) for _ in range(args.repeat))
        batch_lines.append(f"workers={w}: eval queries + unique synthetic names {mixed:,.0f} names/s; "
                           f"clean-only unique names {clean_only:,.0f} names/s")
    del clean
    if args.batch_only:
        print(f"\n== batch (screen_file: CSV in, CSV out, {args.batch_names:,} distinct names, best of {args.repeat}) ==")
        print("\n".join(batch_lines))
        return
    systems = {}
    pass_lines: list[str] = []
    # ours, twice: the first pass right after a fresh index is built (every word on no list expanded for the
    # first time), then the steady state of a running service: after a warm-up on other names (distinct
    # synthetic names, none in the evaluation set), with every name cache cleared
    queries = {r["query"] for r in rows}
    warm_up = [n for n in unique_names([], args.warm_up + len(queries)) if n not in queries][: args.warm_up]
    # Each of ours is timed over --passes passes, each from a fresh index (the batch runs above screened these
    # queries too), and the median pass is reported: one pass is under a second, short enough for a burst of
    # load on a shared machine to move it by 10%; logic-v2's single pass takes half a minute.
    first, steady = [], []
    for _ in range(args.passes):
        index = fresh_index(entries)
        first.append(run_ours(index, rows))
        # the steady state starts from another fresh index, so that no word-level cache (expansions,
        # skeletons) keeps what the first pass learnt from these very queries
        index = fresh_index(entries)
        for name in warm_up:
            screen_with(index, name)
        clear_name_caches()
        steady.append(run_ours(index, rows))
    for name, passes in (("ours, first pass", first), ("ours", steady)):
        assert all(a == passes[0][0] for a, _ in passes) and passes[0][0] == first[0][0], "a cache changed an answer"
        by_time = sorted(passes, key=lambda p: sum(p[1]))
        systems[name] = by_time[len(by_time) // 2]
        pass_lines.append(f"{name}: {' / '.join(f'{len(lat) / sum(lat):,.0f}' for _, lat in passes)} queries/s "
                          f"in {len(passes)} passes, the median reported")
    a, lat = run_rf(index, rows)
    systems["rf-brute token_sort"] = (a, lat)
    if not args.skip_logic_v2:
        a, lat, n = run_logic_v2(index, rows, entries, warm_up[: args.warm_up_logic_v2])
        systems["nomenklatura logic-v2"] = (a, lat)
        print(f"logic-v2 scored {n} candidate pairs ({n / len(rows):.1f} per query): "
              f"{1000 * sum(lat) / n:.3f} ms per pair")
    results = {name: metrics(rows, a, same) for name, (a, _) in systems.items() if name != "ours, first pass"}
    classes = sorted({c for r in results.values() for k in r.values() for c in k["per_class"]})
    for kind in ("company", "person"):
        print(f"\n== {'companies' if kind == 'company' else 'persons'} ==")
        head = f"{'metric':<28}" + "".join(f"{n:>24}" for n in results)
        print(head)
        print("-" * len(head))
        for key in ("precision", "recall", "f1", "hard_negative_alert_rate", "alerts_per_1000_clean"):
            fmt = "{:>24.1f}" if key == "alerts_per_1000_clean" else "{:>24.3f}"
            print(f"{key:<28}" + "".join(fmt.format(results[n][kind][key]) for n in results))
        for c in classes:
            if c in results["ours"][kind]["per_class"]:
                n_c = results["ours"][kind]["class_n"][c]
                print(f"{'recall ' + c + f' (n={n_c})':<28}" + "".join(f"{results[n][kind]['per_class'].get(c, 0):>24.3f}" for n in results))
    print("\n== speed (single process, same queries) ==")
    print(f"{'system':<26}{'queries/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for name, (_, lat) in systems.items():
        print(f"{name:<26}{len(lat) / sum(lat):>12.0f}{pct(lat, .5):>10.2f}{pct(lat, .95):>10.2f}{pct(lat, .99):>10.2f}")
    print("\n".join(pass_lines))
    if "nomenklatura logic-v2" in systems:
        lv2 = len(systems["nomenklatura logic-v2"][1]) / sum(systems["nomenklatura logic-v2"][1])
        for name in ("ours", "ours, first pass"):
            ratio = (len(systems[name][1]) / sum(systems[name][1])) / lv2
            print(f"{name} vs logic-v2 (ours: whole screen; logic-v2: its compare() calls only): {ratio:.0f}x faster")
    print(f"\n== batch (screen_file: CSV in, CSV out, {args.batch_names:,} distinct names, best of {args.repeat}) ==")
    for line in batch_lines:
        print(line)


if __name__ == "__main__":
    main()
