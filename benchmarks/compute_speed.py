"""Speed of the compute-accounting functions, and the CPU matmul measurement, as printed figures.

Run: PYTHONPATH=src python benchmarks/compute_speed.py
"""

from __future__ import annotations

import time

from chipcontrols import compute


def per_call_ms(fn, repeat: int = 200) -> float:
    fn()  # warm caches (catalog, YAML)
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    cases = {
        "fleet (3 lines)": lambda: compute.fleet(["2048 x H800 SXM", "10000 x A100 SXM4 80GB", "5000 x Ascend 910B"]),
        "training (DeepSeek-V3 inputs)": lambda: compute.training("2048 x H800 SXM", gpu_hours=2.788e6, active_params=37e9,
                                                                   tokens=14.8e12, price_per_gpu_hour=2),
        "equivalent (H800 -> 910B, memory)": lambda: compute.equivalent("2048 x H800 SXM", to="Ascend 910B", memory=True),
        "runs (all, derived)": compute.runs,
        "run scenario (deepseek-v3)": lambda: compute.run("deepseek-v3"),
    }
    print("function                              ms per call")
    for name, fn in cases.items():
        print(f"{name:<37} {per_call_ms(fn):8.3f}")
    try:
        result = compute.measure(device="cpu", seconds=1.0, size=1024)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not fail
        print(f"\nmeasure: not run ({exc})")
        return
    print(f"\nmeasure on {result['device']['name']} (torch {result['device']['torch']}, "
          f"{result['device']['threads']} threads), n=1024, 1 s per precision")
    print("precision   TFLOP/s   measured TPP")
    for row in result["results"]:
        print(f"{row['precision']:<9} {row['tflops']:9.4g} {row['measured_tpp']:14.5g}")
    print(f"measured TPP (max): {result['measured_tpp']['value']:.4g}")


if __name__ == "__main__":
    main()
