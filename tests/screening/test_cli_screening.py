"""The CLI verbs, run through Typer's runner on an app carrying only the screening verbs."""

import json

import typer
from typer.testing import CliRunner

from chipcontrols.cli import screening as cli_screening
from chipcontrols.screening import bundled_sample_paths, screen

CSL, SDN = bundled_sample_paths()
runner = CliRunner()


def _app():
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    cli_screening.register(app)
    return app


def test_screen_json_is_the_python_result():
    out = runner.invoke(_app(), ["screen", "Xian Semi Electronic Co Ltd", "--country", "CN", "--json"])
    assert out.exit_code == 0
    assert json.loads(out.stdout) == json.loads(json.dumps(screen("Xian Semi Electronic Co Ltd", country="CN").to_dict()))


def test_screen_text_shows_list_citation_and_why():
    out = runner.invoke(_app(), ["screen", "Xian Semi Electronic Co Ltd"], env={"COLUMNS": "200"})
    assert out.exit_code == 0
    assert "CONFIRMED MATCH" in out.stdout and "76 FR 71867" in out.stdout and "Presumption of denial." in out.stdout
    assert "Why:" in out.stdout


def test_lists_load_status_diff(tmp_path):
    app = _app()
    first = runner.invoke(app, ["lists", "load", str(CSL), "--json"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["lists", "load", str(SDN), "--json"])
    st = json.loads(runner.invoke(app, ["lists", "status", "--json"]).stdout)
    assert st["current"]["id"] == json.loads(second.stdout)["id"] and len(st["snapshots"]) == 2
    d = json.loads(runner.invoke(app, ["lists", "diff", "1", "2", "--json"]).stdout)
    assert d["counts"]["added"] == json.loads(second.stdout)["counts"]["ofac_sdn:Specially Designated Nationals (SDN) - Treasury Department"]


def test_bad_inputs_exit_2_with_a_hint(tmp_path):
    app = _app()
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nAcme\n")
    out = runner.invoke(app, ["lists", "load", str(bad)])
    assert out.exit_code == 2 and "missing columns" in out.output and "How to fix" in out.output
    assert runner.invoke(app, ["screen"]).exit_code == 2
    out = runner.invoke(app, ["screen", "--file", str(bad)])
    assert out.exit_code == 2 and "-o" in out.output


def test_screen_file(tmp_path):
    src = tmp_path / "parties.csv"
    src.write_text("id,name,country\n1,Xian Semi Electronic Co Ltd,CN\n2,,CN\n3,Northwind Garden Supplies GmbH,DE\n")
    out = runner.invoke(_app(), ["screen", "--file", str(src), "-o", str(tmp_path / "hits.csv")])
    assert out.exit_code == 0, out.output
    assert "Screened 2 of 3 rows" in out.output and "line 3:" in out.output
    assert (tmp_path / "hits.csv").read_text().count("\n") == 3
