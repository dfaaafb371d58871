"""In-process speed of one check() (the engine, the typed determination and its JSON), on four typical shipments.

    PYTHONPATH=src python benchmarks/check_speed.py      # run in two checkouts to compare versions

Prints the median over 5 passes of 1,000 checks. Figures of 2026-12-06 are in the README (Design decisions).
"""

import time, chipcontrols, statistics
cases=[dict(chip='H100', to='CN', date='2024-06-01', exporter='X', end_user_hq='CN', owned_by_listed_party=False),
       dict(chip='H800 SXM', to='CN', date='2023-03-01'), dict(chip='H20', to='MY', date='2025-06-01'),
       dict(chip='L40', to='DE', date='2024-06-01', end_user_hq='CN', ultimate_parent_hq='CN')]
for c in cases: chipcontrols.check(**c)
runs=[]
for _ in range(5):
    t=time.perf_counter()
    for _ in range(250):
        for c in cases: chipcontrols.check(**c)
    runs.append((time.perf_counter()-t)/1000*1e3)
print(f"median {statistics.median(runs):.3f} ms per check; runs {[round(r,3) for r in runs]}")
