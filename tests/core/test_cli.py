"""The CLI as a user runs it: a real subprocess, JSON on stdout, errors on stderr with exit code 2."""

import json
import subprocess
import sys

import chipcontrols


def run(*args):
    return subprocess.run([sys.executable, "-m", "chipcontrols.cli", *args], capture_output=True, text=True, timeout=120)


def test_check_json_is_exactly_the_python_result():
    proc = run("check", "--chip", "H800 SXM", "--to", "CN", "--date", "2023-03-01", "--quantity", "2048", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == chipcontrols.check(chip="H800 SXM", to="CN", date="2023-03-01", quantity=2048)


def test_check_text_explains_and_cites():
    proc = run("check", "--chip", "H100", "--to", "AE", "--date", "2024-06-01", "--end-user-hq", "AE",
               "--exporter", "X", "--no-listed-owner")
    assert proc.returncode == 0, proc.stderr
    assert "LICENSE REQUIRED" in proc.stdout and "presumption of approval" in proc.stdout
    assert "88 FR 73458" in proc.stdout


def test_bad_input_exits_2_with_a_message_and_a_fix():
    proc = run("check", "--chip", "H100", "--to", "China", "--date", "2024-06-01")
    assert proc.returncode == 2
    assert "not an ISO 3166-1 alpha-2 country code" in proc.stderr and "CN" in proc.stderr
    proc = run("check", "--chip", "H100", "--to", "CN", "--date", "2024-06-01", "--json", "--quantity", "0")
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["error"]["code"] == "invalid_input"


def test_classify_chips_rules_timeline_and_demo_run():
    assert "3A090.a.2" in run("classify", "L4", "--date", "2024-01-01").stdout
    raw = json.loads(run("classify", "--tops", "int8=600", "--datacenter", "--date", "2024-06-01", "--json").stdout)
    assert raw["eccn"] == "3A090.a"
    assert len(json.loads(run("chips", "--json").stdout)) >= 60
    assert "D:5" in run("rules", "--date", "2024-06-01").stdout
    assert "2023-11-17" in run("timeline").stdout
    demo = run("demo")
    assert demo.returncode == 0 and "NO LICENSE REQUIRED" in demo.stdout and "case by case" in demo.stdout
