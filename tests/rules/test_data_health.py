"""Health checks on the rules pack's data files themselves (not on what the engine answers).

The YAML is read directly, not through chipcontrols.rules.pack, so these checks hold whatever the
loader looks like.
"""

from pathlib import Path

import pytest
import yaml

from chipcontrols.model.citation import is_primary_url  # the one list of primary hosts, in the package

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "src" / "chipcontrols" / "rules" / "data" / "us_ear"
SCENARIOS = Path(__file__).resolve().parent / "data" / "us_ear"

def citation_problems(citations: dict) -> list[str]:
    """Citations that claim a primary reading (secondary missing or false) but give no primary URL."""
    problems = []
    for cid, body in citations.items():
        urls = body.get("urls") or []
        if body.get("secondary", False) is True:
            continue
        if not any(is_primary_url(u) for u in urls):
            problems.append(f"{cid}: no primary-source URL among {urls} and not marked secondary: true")
    return problems


def load_citations() -> dict:
    return yaml.safe_load((PACK / "citations.yaml").read_text(encoding="utf-8"))


# --- citations ------------------------------------------------------------------------------------
def test_every_citation_has_a_primary_url_or_is_marked_secondary():
    problems = citation_problems(load_citations())
    assert not problems, "\n".join(problems)


def test_every_secondary_citation_says_what_was_read():
    """A citation read only through secondary sources carries a note saying so (what was read, what was not)."""
    missing = [cid for cid, body in load_citations().items() if body.get("secondary") is True and not body.get("note")]
    assert not missing, f"secondary citations without a note: {missing}"


@pytest.mark.parametrize("url, primary", [
    ("https://www.federalregister.gov/documents/2024/03/15/2024-05696/x", True),
    ("https://public-inspection.federalregister.gov/2025-00636.pdf", True),
    ("https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm", True),
    ("https://www.ecfr.gov/current/title-15/part-740", True),
    ("https://www.bis.doc.gov/index.php/regulations", True),
    ("https://ofac.treasury.gov/sanctions-programs", True),
    ("https://www.gao.gov/products/b-337935", True),
    ("https://downloads.regulations.gov/BIS-2022-0028-0001/content.htm", True),
    ("https://regulations.justia.com/regulations/fedreg/2023/01/18/2023-00888.html", False),
    ("https://www.law.cornell.edu/cfr/text/15/740.8", False),
    ("https://cset.georgetown.edu/article/bis-2023-update-explainer/", False),
    ("https://www.csis.org/analysis/x", False),
    ("https://frtracker.app/fr/2025-19001", False),
    ("https://federalregister.gov.example.com/x", False),  # a look-alike host is not the FR
    ("https://notbis.gov/x", False),
])
def test_primary_host_classification(url, primary):
    assert is_primary_url(url) is primary


def test_a_citation_marked_primary_with_only_secondary_urls_fails():
    bad = {"x": {"title": "t", "urls": ["https://regulations.justia.com/a", "https://cset.georgetown.edu/b"],
                 "secondary": False}}
    unmarked = {"y": {"title": "t", "urls": ["https://www.law.cornell.edu/cfr/text/15/740.8"]}}
    assert citation_problems(bad) and citation_problems(unmarked)
    # The same URLs pass when the citation says it was read through them only ...
    assert not citation_problems({"x": {**bad["x"], "secondary": True}})
    # ... and a primary URL is enough otherwise.
    assert not citation_problems({"z": {"title": "t", "urls": ["https://www.govinfo.gov/a", "https://cset.georgetown.edu/b"]}})


# --- scenario twins -------------------------------------------------------------------------------
# Every data file of these pack folders has a scenario file of the same name under tests/rules/data/us_ear/.
TWINNED_FOLDERS = ("provisions", "letters", "country_groups")


def pack_files(folder: str) -> list[Path]:
    return sorted((PACK / folder).glob("*.yaml"))


def test_the_twinned_pack_folders_exist_and_hold_data():
    for folder in TWINNED_FOLDERS:
        assert pack_files(folder), f"no data files in {PACK / folder}"


@pytest.mark.parametrize("folder", TWINNED_FOLDERS)
def test_every_data_file_has_a_scenario_twin(folder):
    missing = [p.name for p in pack_files(folder) if not (SCENARIOS / folder / p.name).is_file()]
    assert not missing, f"{folder} data files without a scenario twin under {SCENARIOS / folder}: {missing}"


def scenario_files() -> list[Path]:
    return sorted((SCENARIOS.parent).rglob("*.yaml"))


@pytest.mark.parametrize("folder", TWINNED_FOLDERS)
def test_every_twin_says_why_each_expectation_holds(folder):
    missing = []
    for data in pack_files(folder):
        spec = yaml.safe_load((SCENARIOS / folder / data.name).read_text(encoding="utf-8"))
        missing += [f"{data.name}::{c['name']}" for c in spec["cases"] if not str(c.get("note") or "").strip()]
    assert not missing, f"cases without a note: {missing}"
