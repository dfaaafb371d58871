"""Person-name screening on an external benchmark: sanctions-screening-benchmark (PyPI, module `ssb`).

How the benchmark is generated
  Tool       sanctions-screening-benchmark 0.1.0 (pip install sanctions-screening-benchmark==0.1.0 into the
             benchmark environment only; it is not a project dependency).
  List       OFAC legacy SDN files ../shared/data/lists/ofac_sdn_legacy/{sdn,alt}.csv (a full SDN snapshot of
             about early 2019, 7,378 entries / 9,681 aliases; see ../shared/data/README.md). ssb's `generate`
             fetches the live list from treasury.gov, which this machine cannot reach. Its offline path,
             `ssb.sources.load_fixture(path)`, parses any file in OFAC's legacy sdn.csv format and reads
             aliases from a sibling file named `synthetic_list_alt.csv`; this script copies sdn.csv and
             alt.csv (under that name) into a temporary folder and calls it, so the snapshot is parsed by
             ssb's own OFAC parser, as `generate --source ofac_sdn` would. Nothing in ssb is patched, and no list
             data is written outside the temporary folder.
  Build      ssb.benchmark.build(snapshot, limit=250, seed=0, max_per_class=2, individuals_only=True,
             negatives_per_class=1), i.e. ssb's CLI defaults (`ssb generate --limit 250 --seed 0`): the first 250
             individuals (SDN_Type "individual", at least two words, sorted by ent_num as text), 19
             perturbation classes (benign / adversarial / degraded) on each primary name, and three classes
             of synthetic negatives (cross_pair, token_swap, edit_beyond). The script prints SHA-256 digests
             of the list files and of the generated cases, so a rerun can be checked to be the same benchmark.
             --limit 500 (about 11,000 cases) is possible but takes roughly twice as long (ssb's matcher and
             logic-v2 are the slow part). Only 16 of the 19 classes yield cases here: the SDN file is ASCII (no
             diacritics cases) and ssb drops variants equal to the name after case folding (no case_fold cases).

Systems (all in this process, on the same cases)
  ssb baseline   ssb's reference matcher (normalise, token-set Jaro-Winkler) scored by ssb.benchmark.score at
                 its default threshold (0.85) against ssb's candidate pool: all names (primary + aliases) of
                 the sampled individuals only. ssb's rule: a positive is found when the single best-scoring
                 candidate is at or above the threshold and is the expected entity; a negative is a false
                 alert when any candidate reaches the threshold. Each case is scored by ssb.benchmark.score
                 on a one-case benchmark (same rule, so per-case outcomes are available), in forked worker
                 processes (one while the other systems run, two after); its queries/s is per CPU (cases over
                 the workers' CPU time).
  ours           chipcontrols.screening: ScreeningIndex over the WHOLE SDN file (all 7,378 entries, all types),
                 screen_with(index, query, kind=None), default alert threshold 0.80. A positive is found when
                 any returned hit is the expected entry (uid "sdn:<ent_num>"); "top-1" is also shown (the
                 best hit is the expected entry, ssb's rule). A negative is a false alert when any hit returns.
  logic-v2       nomenklatura's logic-v2 (ScoringConfig.defaults(), alert >= 0.70), scoring the query (an FtM
                 Person) against the union of our index's wide candidate set and RapidFuzz's top 10 over all
                 list names: run_logic_v2 from benchmarks/screening_benchmark.py, unchanged. Found = any alert is
                 the expected entry. Its queries/s counts its compare() calls only, not candidate generation.

Precision = found positives / (found positives + negatives with an alert) -- ssb's definition; it depends on
the ratio of positives to negatives in ssb's mix and is NOT a production alert rate. F1 from that precision
and overall recall.

Run (about 3.5 minutes on the 2-CPU dev machine; quality figures are deterministic, queries/s are not):
  make bench-env && .venv-bench/bin/python benchmarks/screening_person_benchmark.py [--lists DIR] [--limit 250]
      [--seed 0] [--save-benchmark PATH]   (PATH: ssb's JSON, usable with `ssb evaluate PATH`)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from ssb import benchmark as bm
from ssb import matching, perturb, sources

from chipcontrols.screening.engine import screen_with
from chipcontrols.screening.index import ScreeningIndex
from chipcontrols.screening.store import read_list_file

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from screening_benchmark import LV2_THRESHOLD, build_mode, run_logic_v2  # noqa: E402  same logic-v2 harness as the main benchmark


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(sdn_dir: Path, limit: int, seed: int) -> bm.Benchmark:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copy(sdn_dir / "sdn.csv", tmp / "sdn.csv")
        shutil.copy(sdn_dir / "alt.csv", tmp / "synthetic_list_alt.csv")  # the sibling name load_fixture reads
        snapshot = sources.load_fixture(tmp / "sdn.csv")
    snapshot.source = "ofac_sdn (local legacy file)"
    snapshot.endpoint = str(sdn_dir / "sdn.csv")
    snapshot.retrieved_at = "n/a (local snapshot, about early 2019)"
    return bm.build(snapshot, limit=limit, seed=seed, max_per_class=2, individuals_only=True, negatives_per_class=1)


# -- ssb's own matcher, through ssb's own scoring ---------------------------------------------------------
_BENCH = None  # set before forking
_NEXT = None  # shared counter: the next case to score, so a second worker can join later and share the rest


def _ssb_worker():
    t = time.process_time()
    matcher = matching.BaselineMatcher()
    out = []
    while True:
        with _NEXT.get_lock():
            i = _NEXT.value
            _NEXT.value += 1
        if i >= len(_BENCH.cases):
            break
        case = _BENCH.cases[i]
        sc = bm.score(bm.Benchmark(_BENCH.manifest, [case], _BENCH.candidates), matcher)
        ok = sc.by_class[0].hits == 1 if case.expected_entity_id is not None else sc.false_positive_rate > 0
        out.append((i, ok, sc.threshold))
    return out, time.process_time() - t


# -- ours ---------------------------------------------------------------------------------------------------
def run_ours(index, cases):
    res, lat = [], []
    for c in cases:
        t = time.perf_counter()
        r = screen_with(index, c.query, kind=None)
        lat.append(time.perf_counter() - t)
        res.append([(h.entry["uid"], h.score) for h in r.hits])  # best first
    return res, lat


def summarise(cases, found, alert):
    """found[i]: positive i recovered; alert[i]: negative i alerted. Returns per-class and overall figures."""
    per = {}
    for i, c in enumerate(cases):
        k = per.setdefault(c.perturbation, [0, 0])
        k[0] += 1
        k[1] += found[i] if c.expected_entity_id is not None else alert[i]
    pos = [i for i, c in enumerate(cases) if c.expected_entity_id is not None]
    neg = [i for i, c in enumerate(cases) if c.expected_entity_id is None]
    tp = sum(found[i] for i in pos)
    fp = sum(alert[i] for i in neg)
    recall = tp / len(pos)
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return per, {"recall": recall, "far": fp / len(neg), "precision": precision, "f1": f1, "tp": tp, "fp": fp}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", type=Path, default=HERE.resolve().parents[1] / "shared/data/lists")
    ap.add_argument("--limit", type=int, default=250)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save-benchmark", type=Path, default=None)
    ap.add_argument("--examples", type=int, default=3, help="missed queries shown per class where ours < 0.95")
    args = ap.parse_args()
    sdn_dir = args.lists / "ofac_sdn_legacy"

    global _BENCH
    bench = generate(sdn_dir, args.limit, args.seed)
    _BENCH = bench
    cases = bench.cases
    digest = hashlib.sha256(json.dumps([asdict(c) for c in cases], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    m = bench.manifest
    print(f"ssb {version('sanctions-screening-benchmark')}: seed {m.seed}, limit {args.limit}, max_per_class {m.max_per_class}, "
          f"negatives_per_class 1; {m.entity_count} individuals, {m.case_count} cases ({m.positive_count} positive, "
          f"{m.negative_count} negative); ssb candidate pool {sum(len(v) for v in bench.candidates.values())} names")
    print(f"list: {sdn_dir}/sdn.csv sha256 {sha256(sdn_dir / 'sdn.csv')[:16]}, alt.csv sha256 {sha256(sdn_dir / 'alt.csv')[:16]}; "
          f"cases sha256 {digest[:16]}")
    if args.save_benchmark:
        bench.to_json(args.save_benchmark)
        print(f"benchmark written to {args.save_benchmark}")

    # ssb's matcher is pure Python brute force: one forked worker runs it while ours and logic-v2 run here,
    # a second joins when they are done (at most two busy processes, one per CPU on the reference machine)
    global _NEXT
    ctx = mp.get_context("fork")
    _NEXT = ctx.Value("i", 0)
    pools = [ctx.Pool(1)]
    ssb_async = [pools[0].apply_async(_ssb_worker)]

    t = time.perf_counter()
    entries = read_list_file(sdn_dir)
    index = ScreeningIndex(entries)
    print(f"our index: {len(entries)} entries, {len(index.names)} names, built in {time.perf_counter() - t:.1f}s; CPUs: {os.cpu_count()}; "
          f"ours: {build_mode()}")

    ours, ours_lat = run_ours(index, cases)
    rows = [{"query": c.query, "kind": "person"} for c in cases]
    lv2_alerts, lv2_lat, n_cmp = run_logic_v2(index, rows, entries)
    pools.append(ctx.Pool(1))
    ssb_async.append(pools[1].apply_async(_ssb_worker))
    ssb_out, ssb_time = [], 0.0
    for a, p in zip(ssb_async, pools):
        out, cpu = a.get()
        ssb_out += out
        ssb_time += cpu
        p.close()
        p.join()
    assert sorted(i for i, _, _ in ssb_out) == list(range(len(cases)))
    ssb_threshold = ssb_out[0][2]

    exp = [f"sdn:{c.expected_entity_id}" if c.expected_entity_id is not None else None for c in cases]
    systems = {}
    ok = [False] * len(cases)
    for i, hit, _ in ssb_out:
        ok[i] = hit
    systems[f"ssb baseline ({ssb_threshold})"] = (ok, ok, len(cases) / ssb_time)
    systems["ours any-hit (0.80)"] = ([exp[i] in {u for u, _ in r} for i, r in enumerate(ours)],
                                      [bool(r) for r in ours], len(cases) / sum(ours_lat))
    systems["ours top-1 (0.80)"] = ([bool(r) and r[0][0] == exp[i] for i, r in enumerate(ours)],
                                    [bool(r) for r in ours], len(cases) / sum(ours_lat))
    systems[f"logic-v2 ({LV2_THRESHOLD})"] = ([exp[i] in a for i, a in enumerate(lv2_alerts)],
                                              [bool(a) for a in lv2_alerts], len(cases) / sum(lv2_lat))
    summary = {name: summarise(cases, f, a) for name, (f, a, _) in systems.items()}

    names = list(systems)
    w = 22
    head = f"{'class':<18}{'family':<12}{'N':>6}" + "".join(f"{n:>{w}}" for n in names)
    print("\n" + head)
    print("-" * len(head))
    fam_order = [perturb.BENIGN, perturb.ADVERSARIAL, perturb.DEGRADED, "negative"]
    fam_of = {c.perturbation: c.family for c in cases}
    for fam in fam_order:
        print(f"[{fam}: {'false-alert rate' if fam == 'negative' else 'recall'}]")
        for cls in sorted(k for k in fam_of if fam_of[k] == fam):
            n = summary[names[0]][0][cls][0]
            cells = "".join(f"{summary[s][0][cls][1] / n:>{w}.3f}" for s in names)
            print(f"{cls:<18}{fam:<12}{n:>6}{cells}")
        print()
    npos, nneg = m.positive_count, m.negative_count
    for key, label, n in (("recall", "overall recall", npos), ("far", "false-alert rate", nneg),
                          ("precision", "precision", None), ("f1", "F1", None)):
        print(f"{label:<30}{(n if n else ''):>6}" + "".join(f"{summary[s][1][key]:>{w}.3f}" for s in names))
    print(f"{'queries/s':<36}" + "".join(f"{systems[s][2]:>{w},.0f}" for s in names))
    print(f"\nssb baseline: pool of {args.limit} individuals' names, brute force, per CPU; "
          f"logic-v2: {n_cmp / len(cases):.1f} candidates/query, compare() time only; ours: screen_with end to end.")

    # where ours misses: a few examples per class (ssb's rule is not used here: any-hit)
    found = systems["ours any-hit (0.80)"][0]
    by_uid = {e.uid: e.name for e in entries}
    shown = False
    for cls in sorted(fam_of):
        if fam_of[cls] == "negative":
            continue
        n, h = summary["ours any-hit (0.80)"][0][cls]
        if h / n >= 0.95:
            continue
        if not shown:
            print("\nours: missed positives (classes below 0.95 recall)")
            shown = True
        miss = [i for i, c in enumerate(cases) if c.perturbation == cls and not found[i]]
        print(f"  {cls}: {len(miss)} of {n} missed")
        for i in miss[: args.examples]:
            top = ours[i][0] if ours[i] else None
            got = f"best hit {by_uid[top[0]]!r} {top[1]:.2f}" if top else "no hit"
            print(f"    {cases[i].query!r} (list: {cases[i].source_name!r}) -> {got}")
    alerts = [i for i, c in enumerate(cases) if c.expected_entity_id is None and ours[i]]
    if alerts:
        print(f"\nours: alerts on ssb negatives ({len(alerts)}), first {args.examples * 2}:")
        for i in alerts[: args.examples * 2]:
            u, s = ours[i][0]
            print(f"    [{cases[i].perturbation}] {cases[i].query!r} (made from {cases[i].source_name!r}) -> {by_uid[u]!r} {s:.2f}")


if __name__ == "__main__":
    main()
