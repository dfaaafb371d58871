"""Measure the dense matrix-multiply throughput this machine actually achieves, per precision,
and set the "measured TPP" beside the catalog's declared TPP for the detected chip.

PyTorch is an optional extra (`pip install 'chipcontrols[measure]'`). On a machine without a GPU it
measures the CPU (no catalog entry, so no declared TPP). Throughput = 2·n³ FLOP per n×n matmul,
timed after a warm-up, with the device synchronised before the clock is read.
"""

from __future__ import annotations

import platform
import time

from chipcontrols.catalog import default_catalog, metrics_for
from chipcontrols.catalog.metrics import tpp_by_precision
from chipcontrols.compute.classification import classify_for_compute
from chipcontrols.compute.figures import figure
from chipcontrols.compute.validate import positive
from chipcontrols.errors import InputError, MissingDependencyError, UnknownChipError
from chipcontrols.inputs import as_date

DEVICES = ("auto", "cuda", "cpu")
DEFAULT_SIZE = {"cuda": 8192, "cpu": 512}
ORDER = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8")
# Device names the CUDA driver reports that the catalog's name matching cannot resolve on its own.
DRIVER_NAMES = {"NVIDIA H100 80GB HBM3": "nvidia-h100-sxm5-80gb"}


def _torch():
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("Measuring needs PyTorch, which is not installed.",
                                     hint="Install the optional extra: pip install 'chipcontrols[measure]'.") from None
    return torch


def pick_device(torch, device: str | None) -> str:
    device = (device or "auto").strip().lower()
    if device not in DEVICES:
        raise InputError(f"Unknown device '{device}'.", hint=f"Use one of: {', '.join(DEVICES)}.")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda was asked for, but PyTorch sees no CUDA GPU on this machine.",
                         hint="Use --device cpu (or auto), or install a CUDA build of PyTorch on a GPU machine.")
    return device


def supported_precisions(torch, device: str) -> list[str]:
    out = ["fp32"]
    if device == "cuda":
        major, minor = torch.cuda.get_device_capability(0)
        if major >= 8:
            out.append("tf32")
        if torch.cuda.is_bf16_supported():
            out.append("bf16")
        out.append("fp16")
        if (major, minor) >= (8, 9) and hasattr(torch, "float8_e4m3fn") and hasattr(torch, "_scaled_mm"):
            out.append("fp8")
        if hasattr(torch, "_int_mm"):
            out.append("int8")
    else:
        out += ["bf16", "fp16"]
        if hasattr(torch, "float8_e4m3fn") and hasattr(torch, "_scaled_mm"):
            out.append("fp8")
        if hasattr(torch, "_int_mm"):
            out.append("int8")
    return out


def _operation(torch, precision: str, n: int, device: str):
    """A zero-argument callable doing one n×n×n matmul at `precision`."""
    if precision in ("fp32", "tf32", "bf16", "fp16"):
        dtype = {"fp32": torch.float32, "tf32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
        a = torch.randn(n, n, device=device, dtype=dtype)
        b = torch.randn(n, n, device=device, dtype=dtype)
        return lambda: torch.matmul(a, b)
    if precision == "fp8":
        a = torch.randn(n, n, device=device).to(torch.float8_e4m3fn)
        b = torch.randn(n, n, device=device).to(torch.float8_e4m3fn).t()  # column-major, as _scaled_mm wants
        one = torch.tensor(1.0, device=device)
        return lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    if precision == "int8":
        a = torch.randint(-64, 64, (n, n), device=device, dtype=torch.int8)
        b = torch.randint(-64, 64, (n, n), device=device, dtype=torch.int8)
        return lambda: torch._int_mm(a, b)
    raise ValueError(precision)


def time_matmul(torch, precision: str, n: int, device: str, seconds: float) -> dict:
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    previous_tf32 = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
    try:
        op = _operation(torch, precision, n, device)
        op()
        sync()  # warm-up: kernels chosen and loaded
        iterations, batch = 0, 1
        start = time.perf_counter()
        while True:
            for _ in range(batch):
                op()
            sync()
            iterations += batch
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
            batch = min(batch * 2, 64)
    finally:
        torch.backends.cuda.matmul.allow_tf32 = previous_tf32
    flop = 2.0 * n ** 3 * iterations
    return {"precision": precision, "size": n, "iterations": iterations, "seconds": round(elapsed, 4),
            "tflops": flop / elapsed / 1e12}


def detect_chip(torch, device: str, as_chip: str | None = None) -> tuple[str, object | None, str | None]:
    """(device name as the system reports it, the catalog chip to compare with, a note)."""
    name = torch.cuda.get_device_name(0) if device == "cuda" else _cpu_name()
    if as_chip:
        try:
            chip = default_catalog().get(as_chip)
        except UnknownChipError as exc:
            raise UnknownChipError(f"--chip: {exc.message}", hint=exc.hint, **exc.details) from None
        return name, chip, f"compared with the catalog's {chip.label()} because it was asked for (--chip), not detected"
    if device == "cuda":
        try:
            return name, default_catalog().get(DRIVER_NAMES.get(name, name)), None
        except UnknownChipError as exc:
            return name, None, f"'{name}' is not in the catalog ({exc.message})"
    return name, None, "CPUs are not in the chip catalog, so there is no declared TPP to compare with"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def measure(device: str | None = "auto", seconds: float = 1.0, size: int | None = None,
            precisions: list[str] | None = None, chip: str | None = None, date=None) -> dict:
    """Measure matmul TFLOP/s per precision; compare measured TPP with the catalog's declared TPP.

    chip: compare with this catalog chip instead of the detected one (e.g. when the driver's name is
    not in the catalog); the output says the comparison was asked for, not detected.
    """
    seconds = positive(seconds, "seconds", "Give the time per precision in seconds, e.g. --seconds 2.")
    date = as_date(date) if date is not None else None
    if size is not None and (int(size) != size or size < 16):
        raise InputError(f"Matrix size must be a whole number of at least 16, not {size}.", hint="e.g. --size 4096.")
    torch = _torch()
    device = pick_device(torch, device)
    available = supported_precisions(torch, device)
    if precisions:
        unknown = [p for p in precisions if p not in ORDER]
        if unknown:
            raise InputError(f"Unknown precision(s): {', '.join(unknown)}.", hint=f"Use any of: {', '.join(ORDER)}.")
        wanted = [p for p in precisions if p in available]
        skipped = [p for p in precisions if p not in available]
    else:
        wanted, skipped = available, [p for p in ORDER if p not in available]
    n = int(size or DEFAULT_SIZE[device])
    name, chip, note = detect_chip(torch, device, chip)

    rows, failures = [], {}
    for precision in wanted:
        try:
            rows.append(time_matmul(torch, precision, n, device, seconds))
        except (RuntimeError, NotImplementedError) as exc:  # an op this build/device lacks
            failures[precision] = str(exc).splitlines()[0][:200]
    measured = {r["precision"]: r["tflops"] for r in rows}
    measured_by_precision = tpp_by_precision(measured) if measured else {}
    measured_tpp = max(measured_by_precision.values()) if measured_by_precision else None
    declared = metrics_for(chip) if chip else None

    table = []
    for r in rows:
        p = r["precision"]
        declared_rate = chip.dense_tops.get(p) if chip else None
        table.append({**r, "tflops": float(f"{r['tflops']:.4g}"),
                      "measured_tpp": float(f"{measured_by_precision[p]:.5g}"),
                      "declared_tflops": declared_rate,
                      "fraction_of_declared": float(f"{r['tflops'] / declared_rate:.3g}") if declared_rate else None})
    result = {
        "device": {"kind": device, "name": name, "torch": torch.__version__,
                   "threads": torch.get_num_threads() if device == "cpu" else None},
        "catalog_chip": {"chip": chip.label(), "chip_id": chip.id} if chip else None,
        "note": note,
        "results": table,
        "not_measured": {**{p: "not supported on this device/build" for p in skipped}, **failures},
        "measured_tpp": figure(measured_tpp, "TPP", "computed",
                               how="max over measured precisions of TFLOP/s x bit length (TF32 as 19 bits)"),
        "declared_tpp": figure(declared.tpp if declared else None, "TPP", "computed",
                               how="catalog dense figures" if declared else note),
        "ratio_measured_to_declared": (float(f"{measured_tpp / declared.tpp:.3g}")
                                       if declared and declared.tpp and measured_tpp else None),
        "caveats": [
            "Measured with square matmuls of one size; real workloads reach less.",
            "On CPUs, FP8/INT8/FP16 may run through slow or emulated kernels; these numbers measure the software stack too.",
        ],
    }
    result["classification"] = classify_measured(chip, measured, date) if measured else None
    return result


def classify_measured(chip, measured: dict[str, float], on) -> dict:
    """Classify by the catalog's declared specs and by the measured throughput (other specs from the catalog)."""
    specs = {"name": f"{chip.name} (measured)" if chip else "this machine (measured)",
             "dense_tops": {p: float(f"{v:.6g}") for p, v in measured.items()},
             "die_area_mm2": chip.die_area_mm2 if chip else None,
             "memory_gb": chip.memory_gb if chip else None,
             "memory_bw_gbs": chip.memory_bw_gbs if chip else None,
             "interconnect_bw_gbs": chip.interconnect_bw_gbs if chip else None,
             "datacenter": chip.datacenter if chip else False}
    return {"by_declared": classify_for_compute(chip, on) if chip else None,
            "by_measured": classify_for_compute(specs, on)}
