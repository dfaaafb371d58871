"""Policy lab timings: whatif (full catalog x reference destinations), loopholes (full grid), stock (MC).

Run: PYTHONPATH=src python benchmarks/policy_lab.py
Prints figures; asserts nothing (targets belong in the README, not in unit tests).
"""

from __future__ import annotations

import time

from chipcontrols import policy


def timed(label: str, func, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<62} {best * 1000:8.0f} ms")
    return result


def main() -> None:
    h20 = policy.EXAMPLES_DIR / "h20_rule.yaml"
    result = timed("whatif h20_rule, 68 chips x 20 destinations, 2 packs", lambda: policy.whatif(h20, date="2024-06-01"))
    pairs = result["reference"]["chips"] * len(result["reference"]["destinations"]) * 2
    print(f"{'  engine evaluations in that whatif':<62} {pairs:8d}")
    for day in ("2022-12-01", "2024-06-01"):
        found = timed(f"loopholes {day} CN, 33 die areas x 2 + catalog headroom", lambda: policy.loopholes(day, "CN"))
        print(f"{'  engine evaluations':<62} {found['evaluations']:8d}")
    for samples in (2_000, 20_000, 200_000):
        timed(f"stock bundled CN scenario, {samples:,} Monte Carlo draws",
              lambda: policy.stock(policy.BUNDLED_SCENARIO, country="CN", samples=samples))


if __name__ == "__main__":
    main()
