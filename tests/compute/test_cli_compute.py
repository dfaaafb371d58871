"""The CLI verbs: --json prints exactly what the Python API returns; bad input exits 2 with the error."""

import json

import pytest
import typer
from typer.testing import CliRunner

from chipcontrols import compute
from chipcontrols.cli.compute import register

runner = CliRunner()


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()
    register(app)

    @app.command("version")  # a second verb so Typer keeps sub-command names
    def _version():
        pass

    return app


def run_json(app, *args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_fleet_json_is_the_python_result(app):
    assert run_json(app, "compute", "fleet", "2048 x H800 SXM", "10 x H100") == \
        json.loads(json.dumps(compute.fleet(["2048 x H800 SXM", "10 x H100"])))


def test_training_json_is_the_python_result(app):
    out = run_json(app, "compute", "training", "--chips", "2048 x H800 SXM", "--gpu-hours", "2.788e6",
                   "--active-params", "37e9", "--tokens", "14.8e12", "--price-per-gpu-hour", "2")
    assert out == json.loads(json.dumps(compute.training("2048 x H800 SXM", gpu_hours=2.788e6, active_params=37e9,
                                                         tokens=14.8e12, price_per_gpu_hour=2)))
    assert out["cost_usd"]["value"] == 5576000


def test_equivalent_json_is_the_python_result(app):
    out = run_json(app, "compute", "equivalent", "2048 x H800 SXM", "--to", "Ascend 910B", "--memory")
    assert out == json.loads(json.dumps(compute.equivalent("2048 x H800 SXM", to="Ascend 910B", memory=True)))


def test_runs_and_thresholds_json(app):
    assert run_json(app, "compute", "runs") == json.loads(json.dumps(compute.runs()))
    assert run_json(app, "compute", "runs", "deepseek-v3")["derived"]["cost_usd"]["value"] == 5576000
    assert run_json(app, "compute", "thresholds") == json.loads(json.dumps(compute.thresholds()))


def test_text_output_shows_the_deepseek_arithmetic(app):
    result = runner.invoke(app, ["compute", "runs", "deepseek-v3"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("2,788,000", "$5,576,000", "3.29e+24", "34.6%", "us-eccn-4e091", "eu-ai-act-art51"):
        assert text in result.stdout


def test_measure_json_on_cpu(app):
    pytest.importorskip("torch")
    out = run_json(app, "measure", "--device", "cpu", "--seconds", "0.02", "--size", "64", "--precision", "fp32")
    assert [r["precision"] for r in out["results"]] == ["fp32"] and out["results"][0]["tflops"] > 0


def test_plot_writes_a_chart(app, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "fleet.png"
    result = runner.invoke(app, ["compute", "fleet", "2048 x H800", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("args, code, fragment", [
    (["compute", "fleet", "2048 x"], "invalid_input", "names no chip"),
    (["compute", "fleet", "2048 x H8000"], "unknown_chip", "Unknown chip"),
    (["compute", "training", "--chips", "8 x H100", "--gpu-hours", "-5"], "invalid_input", "greater than 0"),
    (["compute", "training", "--chips", "8 x H100", "--gpu-hours", "5", "--utilization", "1.5"], "invalid_input", "between 0 and 1"),
    (["compute", "equivalent", "8 x H100", "--to", "Nope 1"], "unknown_chip", "--to"),
    (["compute", "runs", "gpt-9"], "invalid_input", "Unknown reference run"),
    (["measure", "--device", "tpu"], "invalid_input", "Unknown device"),
])
def test_bad_input_exits_2_with_the_error_shape(app, args, code, fragment):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stderr)["error"]
    assert error["code"] == code and fragment in error["message"] and error["hint"]
    assert result.stdout == ""
    text = runner.invoke(app, args)
    assert text.exit_code == 2 and fragment in text.stderr


def test_verbs_are_registered_in_the_project_cli():
    from chipcontrols.cli import app as project_app
    result = runner.invoke(project_app, ["compute", "runs", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)["runs"]] == ["deepseek-v3", "deepseek-r1", "llama-3.1-405b"]
    assert "measure" in runner.invoke(project_app, ["--help"]).stdout
