"""The policy verbs: --json prints exactly what the Python functions return; bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chipcontrols import policy
from chipcontrols.cli import app
from chipcontrols.cli.support import to_json

runner = CliRunner()
H20_RULE = str(policy.EXAMPLES_DIR / "h20_rule.yaml")


def test_whatif_json_is_the_python_result():
    result = runner.invoke(app, ["whatif", H20_RULE, "--date", "2024-06-01", "--destination", "CN", "--json"])
    assert result.exit_code == 0, result.output
    expected = policy.whatif(H20_RULE, date="2024-06-01", destinations=["CN"])
    assert json.loads(result.stdout) == json.loads(to_json(expected))


def test_whatif_text_shows_sheet_and_flips():
    result = runner.invoke(app, ["whatif", H20_RULE, "--date", "2024-06-01", "--destination", "CN"])
    assert result.exit_code == 0, result.output
    assert "Reform sheet" in result.stdout and "H20" in result.stdout


def test_bad_reform_exits_2_with_reason(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nchanges:\n  - {kind: parameter, path: parameters.eccn_3a090.a.1.tpp, "
                   "value: 600, unit: GB/s}\n")
    result = runner.invoke(app, ["whatif", str(bad), "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stderr)["error"]
    assert "measured in tpp" in error["message"]


def test_loopholes_writes_chart_and_json(tmp_path: Path):
    chart = tmp_path / "frontier.png"
    result = runner.invoke(app, ["loopholes", "--date", "2022-12-01", "--destination", "CN", "--plot", str(chart),
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "nvidia-h800-sxm5" in {c["chip_id"] for c in data["patterns"]["full_compute_bandwidth_limited"]["chips"]}
    assert chart.read_bytes()[:4] == b"\x89PNG"


def test_loopholes_refuses_a_bad_plot_path_before_work(tmp_path: Path):
    result = runner.invoke(app, ["loopholes", "--date", "2024-06-01", "--plot", str(tmp_path / "no" / "x.png")])
    assert result.exit_code == 2
    assert not (tmp_path / "no").exists()


def test_stock_text_and_json(tmp_path: Path):
    chart = tmp_path / "stock.png"
    result = runner.invoke(app, ["stock", str(policy.BUNDLED_SCENARIO), "--country", "CN", "--samples", "200",
                                 "--plot", str(chart)])
    assert result.exit_code == 0, result.output
    assert "ESTIMATES" in result.stdout and chart.exists()
    result = runner.invoke(app, ["stock", str(policy.BUNDLED_SCENARIO), "--samples", "200", "--json"])
    assert json.loads(result.stdout) == json.loads(to_json(policy.stock(policy.BUNDLED_SCENARIO, samples=200)))
