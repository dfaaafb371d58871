"""`measure` runs for real on the CPU with tiny matrices (PyTorch CPU build; no GPU in CI)."""

import sys

import pytest

from chipcontrols import compute
from chipcontrols.catalog.metrics import tpp_by_precision
from chipcontrols.compute.matmul_benchmark import MissingDependencyError, pick_device
from chipcontrols.errors import InputError, UnknownChipError

torch = pytest.importorskip("torch", reason="install the test extra: pip install '.[test]'")

TINY = dict(device="cpu", seconds=0.02, size=64)


def test_cpu_measurement_reports_each_precision_and_the_measured_tpp():
    r = compute.measure(**TINY)
    assert r["device"]["kind"] == "cpu" and r["device"]["torch"] == torch.__version__
    measured = {row["precision"]: row for row in r["results"]}
    assert {"fp32", "bf16"} <= set(measured)
    for row in measured.values():
        assert row["tflops"] > 0 and row["iterations"] >= 1 and row["seconds"] >= 0.02 and row["size"] == 64
    expected = max(tpp_by_precision({p: row["tflops"] for p, row in measured.items()}).values())
    assert r["measured_tpp"]["value"] == pytest.approx(expected, rel=1e-3)
    assert r["catalog_chip"] is None and r["declared_tpp"]["value"] is None and r["ratio_measured_to_declared"] is None
    assert "tf32" in r["not_measured"]  # TF32 is a CUDA tensor-core mode


def test_comparing_with_a_catalog_chip_gives_the_ratio_and_says_it_was_asked_for():
    r = compute.measure(precisions=["fp32"], chip="H100", **TINY)
    assert r["catalog_chip"]["chip_id"] == "nvidia-h100-sxm5-80gb"
    assert r["declared_tpp"]["value"] == 15832
    assert r["ratio_measured_to_declared"] == pytest.approx(r["measured_tpp"]["value"] / 15832, rel=1e-2)
    row = r["results"][0]
    assert row["declared_tflops"] == 67 and row["fraction_of_declared"] == pytest.approx(row["tflops"] / 67, rel=1e-2)
    assert "asked for" in r["note"]
    assert set(r["classification"]) == {"by_declared", "by_measured"}


def test_only_requested_precisions_are_measured():
    r = compute.measure(precisions=["bf16", "tf32"], **TINY)
    assert [row["precision"] for row in r["results"]] == ["bf16"]
    assert r["not_measured"] == {"tf32": "not supported on this device/build"}


@pytest.mark.parametrize("kwargs, error, fragment", [
    (dict(device="tpu"), InputError, "Unknown device"),
    (dict(seconds=0), InputError, "greater than 0"),
    (dict(size=8), InputError, "at least 16"),
    (dict(precisions=["fp12"]), InputError, "Unknown precision"),
    (dict(chip="H9000"), UnknownChipError, "--chip"),
])
def test_bad_input(kwargs, error, fragment):
    with pytest.raises(error, match=fragment):
        compute.measure(**{**TINY, **kwargs})


def test_cuda_is_refused_clearly_when_there_is_no_gpu():
    if torch.cuda.is_available():
        assert pick_device(torch, "cuda") == "cuda"
    else:
        with pytest.raises(InputError, match="no CUDA GPU"):
            compute.measure(device="cuda", seconds=0.01)


def test_without_pytorch_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail as if not installed
    with pytest.raises(MissingDependencyError, match="PyTorch") as err:
        compute.measure(**TINY)
    assert "chipcontrols[measure]" in err.value.hint
    assert err.value.to_dict()["error"]["code"] == "missing_dependency"


def test_classified_by_declared_specs_and_by_measured_throughput():
    r = compute.measure(precisions=["fp32"], chip="H100", date="2024-03-01", **TINY)
    declared, measured = r["classification"]["by_declared"], r["classification"]["by_measured"]
    assert declared["eccn"] == "3A090.a" and declared["tpp"] == 15832
    assert measured["available"] and measured["eccn"] is None  # a CPU-sized TPP is far below every test
    assert measured["tpp"] == pytest.approx(r["measured_tpp"]["value"], abs=0.1)
