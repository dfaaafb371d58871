"""A page per provision a lawyer can review, generated for the docs: every provision has one, it cites its sources,
shows its parameters, the sentences it produced and its scenario table, and the committed pages are current."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipcontrols.cli import app
from chipcontrols.rules.pack import default_pack
from chipcontrols.rules.provision_page import provision_page, render_html, write_all

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "rules" / "data" / "us_ear"


@pytest.mark.parametrize("provision_id", sorted(default_pack().provisions))
def test_every_provision_has_a_reviewable_page(provision_id):
    page = provision_page(provision_id, scenarios_dir=SCENARIOS)
    assert page["scenarios_found"] and page["sentences"], provision_id
    assert page["citation"] in page["citations"]
    assert all(s["agrees"] for s in page["scenarios"]), [s for s in page["scenarios"] if not s["agrees"]]
    html = render_html(page)
    assert page["title"].split(" (")[0][:40] in html.replace("&amp;", "&")
    assert default_pack().citations[page["citation"]].urls[0] in html


def test_the_hq_rule_page_shows_its_scope_its_policy_and_a_scenario():
    page = provision_page("part_742_hq_rule", scenarios_dir=SCENARIOS)
    assert page["id"] == "part_742.headquarters_rule"
    assert page["settings"]["review_policy"] == "case_by_case"
    assert any(s["to"] == "MY" and s["outcome"] == "license_required" for s in page["scenarios"])
    assert any("D:5 or Macau" in s["sentence"] for s in page["sentences"])


def test_cli_writes_the_html_and_prints_json(tmp_path):
    out = tmp_path / "hq.html"
    result = CliRunner().invoke(app, ["rules", "explain", "part_742.headquarters_rule", "--html", str(out),
                                      "--scenarios", str(SCENARIOS), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "part_742.headquarters_rule"
    assert "<table>" in out.read_text()


def test_a_bad_output_or_scenario_folder_is_refused_before_any_work(tmp_path):
    result = CliRunner().invoke(app, ["rules", "explain", "part_742_hq_rule", "--html", str(tmp_path / "no" / "x.html")])
    assert result.exit_code == 2 and "does not" in result.stderr and not (tmp_path / "no").exists()
    result = CliRunner().invoke(app, ["rules", "explain", "part_742_hq_rule", "--scenarios", str(tmp_path / "none")])
    assert result.exit_code == 2 and "not a" in result.stderr


def test_an_unknown_provision_is_a_clear_error():
    result = CliRunner().invoke(app, ["rules", "explain", "part_999.nothing"])
    assert result.exit_code == 2 and "part_742.headquarters_rule" in result.stderr


def test_the_committed_docs_pages_are_current(tmp_path):
    written = write_all(tmp_path, scenarios_dir=SCENARIOS)
    for path in written:
        committed = ROOT / "docs" / "provisions" / path.name
        assert committed.is_file(), f"{committed} missing: run python tools/generate_provision_pages.py"
        assert committed.read_text() == path.read_text(), f"{committed} is stale: run python tools/generate_provision_pages.py"
