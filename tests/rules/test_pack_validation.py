"""A bad pack or a bad reform is refused whole before anything runs, with the file, the key path and the allowed
values; never a KeyError later, never a 500 over HTTP."""

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chipcontrols import policy
from chipcontrols.cli import app
from chipcontrols.errors import DataError, InputError
from chipcontrols.rules.pack import build_pack, load_raw
from chipcontrols.vocab import REVIEW_POLICIES

RAW = load_raw()
HQ = "part_742.headquarters_rule"


def refused(edit) -> DataError:
    raw = copy.deepcopy(RAW)
    edit(raw)
    with pytest.raises(DataError) as err:
        build_pack(raw)
    return err.value


def test_a_misspelt_provision_key_is_refused_with_file_path_and_allowed_keys():
    def edit(raw):
        raw["provisions"][HQ]["reveiw_policy"] = raw["provisions"][HQ].pop("review_policy")

    error = refused(edit)
    assert "provisions/part_742_hq_rule.yaml" in error.message
    assert "provisions.part_742.headquarters_rule.reveiw_policy" in error.message
    assert "unknown key" in error.message and "review_policy" in error.message  # the allowed keys are listed


def test_a_misspelt_review_policy_names_the_allowed_values():
    error = refused(lambda raw: raw["provisions"][HQ].update(review_policy="case_by_cse"))
    assert "part_742_hq_rule.yaml" in error.message and "review_policy" in error.message
    assert all(p in error.message for p in REVIEW_POLICIES)


def test_a_dangling_nested_citation_is_refused():
    def edit(raw):
        raw["provisions"]["part_740.nac_aca"]["versions"][1]["citation"] = "no_such_source"

    error = refused(edit)
    assert "no_such_source" in error.message and "versions[1].citation" in error.message


def test_a_nested_list_effect_citation_must_resolve_too():
    error = refused(lambda raw: raw["provisions"]["part_744.restricted_parties"]["list_effects"][0].update(
        citation="nowhere"))
    assert "list_effects[0].citation" in error.message and "nowhere" in error.message


def test_a_scope_naming_an_unknown_country_group_is_refused():
    error = refused(lambda raw: raw["provisions"][HQ]["hq_scope"].update(any_of_groups=["D:9"]))
    assert "D:9" in error.message


def test_an_unknown_logic_lists_the_registered_ones():
    error = refused(lambda raw: raw["provisions"][HQ].update(logic="headquarters"))
    assert "headquarters_rule" in error.message and "part_742_hq_rule.yaml" in error.message


def test_a_missing_setting_is_refused_not_a_keyerror_later():
    error = refused(lambda raw: raw["provisions"][HQ].pop("hq_scope"))
    assert "hq_scope" in error.message and "Field required" in error.message


def test_a_provision_named_in_the_evaluation_order_must_exist():
    error = refused(lambda raw: raw["info"]["evaluation_order"].append("part_999.nothing"))
    assert "part_999.nothing" in error.message


def test_a_cap_policy_parameter_must_exist():
    error = refused(lambda raw: raw["cap_policies"]["lpp"].update(parameter="no.such.parameter"))
    assert "no.such.parameter" in error.message


def test_problems_are_listed_one_by_one_for_tools():
    def edit(raw):
        raw["provisions"][HQ]["review_policy"] = "maybe"
        raw["provisions"]["part_742.license_3a090_2022"]["destinatons"] = []

    error = refused(edit)
    assert len(error.to_dict()["error"]["problems"]) >= 2


@settings(max_examples=40, deadline=None)
@given(key=st.text(min_size=1, max_size=20).filter(lambda k: k not in RAW["provisions"][HQ]),
       value=st.one_of(st.integers(), st.text(max_size=10), st.booleans()))
def test_any_unknown_key_is_refused(key, value):
    raw = copy.deepcopy(RAW)
    raw["provisions"][HQ][key] = value
    with pytest.raises(DataError, match="unknown key|Field required|not one of"):
        build_pack(raw)


# --- the same through a reform, from Python, the CLI and HTTP ---------------------------------------------
BAD_POLICY = {"id": "bad-policy", "title": "A misspelt review policy",
              "changes": [{"kind": "set", "path": f"provisions.{HQ}.review_policy", "value": "case_by_cse"}]}


def test_a_reform_with_a_bad_review_policy_is_refused_in_python():
    with pytest.raises(InputError) as err:
        policy.whatif([BAD_POLICY], date="2024-06-01")
    assert "review_policy" in err.value.message and "case_by_case" in err.value.message


def test_a_reform_with_a_bad_review_policy_exits_2_from_the_cli(tmp_path: Path):
    import yaml

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(BAD_POLICY))
    result = CliRunner().invoke(app, ["whatif", str(path), "--json"])
    assert result.exit_code == 2
    assert "case_by_case" in json.loads(result.stderr)["error"]["message"]


def test_the_reform_vocabularies_are_the_packs():
    """A reform's rule criteria and review policies take exactly the values the pack's own models accept."""
    from chipcontrols.policy import reform
    from chipcontrols.vocab import COMPARISONS, METRICS

    assert set(reform.METRIC_UNITS) == set(METRICS) and reform.OPS == COMPARISONS
    assert reform.REVIEW_POLICIES == REVIEW_POLICIES


def test_every_provision_file_has_its_module_and_every_module_its_file():
    """rules/provisions/NAME.py beside rules/data/us_ear/provisions/NAME.yaml, with the same logic."""
    import yaml

    from chipcontrols.rules.pack import PACK_DIR
    from chipcontrols.rules.provisions import REGISTRY

    files = {p.stem: yaml.safe_load(p.read_text())["logic"] for p in (PACK_DIR / "provisions").glob("*.yaml")}
    modules = {logic.module: logic.name for logic in REGISTRY.values()}
    assert files == modules


def test_a_provision_left_out_of_the_evaluation_order_is_refused():
    """Else it would silently never run: a 'no license required' nobody asked for."""
    error = refused(lambda raw: raw["info"]["evaluation_order"].remove("part_746.embargoes"))
    assert "part_746_embargoes.yaml" in error.message and "evaluation_order" in error.message


def test_a_sub_provision_listed_on_its_own_is_refused():
    error = refused(lambda raw: raw["info"]["evaluation_order"].append("part_740.nac_aca"))
    assert "part_740_nac_aca.yaml" in error.message and "must not list it" in error.message
