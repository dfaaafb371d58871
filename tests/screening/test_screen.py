"""screen / screen_party / match against the bundled sample of real list entries."""

import pytest

from chipcontrols.errors import InputError
from chipcontrols.screening import bundled_index, match, screen, screen_party

EL = "Entity List (EL) - Bureau of Industry and Security"


def test_confirmed_entity_list_hit_carries_citation_and_policy():
    result = screen_party("XIAN SEMI ELECTRONIC COMPANY LIMITED", country="CN")
    assert result["status"] == "confirmed_match"
    hit = result["hits"][0]
    assert hit["source"] == EL and hit["federal_register_notice"] == "76 FR 71867"
    assert hit["start_date"] == "2011-11-21" and hit["license_policy"] == "Presumption of denial."
    assert "744.11" in hit["license_requirement"] and hit["score"] == 1.0
    assert "identical after normalisation" in hit["explanation"]
    assert set(hit) >= {"name", "matched_name", "source", "entity_number", "federal_register_notice", "start_date",
                        "license_requirement", "license_policy", "score", "explanation"}
    assert len(result["snapshot"]["hash"]) == 64


def test_alias_hit_is_confirmed_and_says_which_alias():
    hits = screen("Exodus Microelectronics Co Ltd").hits
    assert hits[0].entry["name"] == "Exodus Microelectronics Company Limited"  # its own entry, primary name first
    hit = next(h for h in hits if h.entry["name"] == "Xian Semi Electronic Co., Ltd")  # ... and listed as an alias here
    assert hit.status == "confirmed_match" and hit.role == "alias" and hit.matched_name == "Exodus Microelectronics Co., Ltd"


def test_country_mismatch_blocks_confirmation():
    result = screen("Xian Semi Electronic Co Ltd", country="DE")
    assert result.status == "possible_match" and result.hits[0].score < 1.0
    assert "DE is not among the entry's countries" in result.hits[0].explanation["country"]


def test_variants_give_possible_matches_and_explain_tokens():
    result = screen("Xian Semi Electronik Co")  # typo
    assert result.status == "possible_match"
    pairs = result.hits[0].explanation["token_pairs"]
    assert {"query": "electronik", "list": "electronic", "similarity": pairs[2]["similarity"], "how": "edit_distance_1"} in pairs


def test_acronym_alone_is_only_a_possible_match():
    result = screen("CASC")
    assert result.status == "possible_match"
    assert result.hits[0].explanation["name_role"] == "weak" and result.hits[0].score <= 0.85


def test_clean_name_is_clear():
    assert screen_party("Northwind Garden Supplies GmbH")["status"] == "clear"


def test_hard_negative_sharing_region_and_industry_words_is_clear():
    # "Chitron Electronics Company Ltd" (Shanghai) is listed; a different trade name must not alert
    assert screen("Shanghai Minghua Electronics Company Ltd").status == "clear"


def test_address_match_on_its_own_alerts():
    index = bundled_index()
    entry = next(e for e in index.entries if e.name == "Xian Semi Electronic Co., Ltd")
    result = screen("Totally Different Trading Co", address=entry.addresses[0])
    hit = next(h for h in result.hits if h.entry["uid"] == entry.uid)
    assert hit.status == "possible_match" and hit.explanation["address"]["similarity"] >= 0.8


def test_results_are_ranked_and_deterministic():
    a = screen("China Aerospace Science and Technology Corp").to_dict()
    b = screen("China Aerospace Science and Technology Corp").to_dict()
    assert a == b
    scores = [h["score"] for h in a["hits"] if h["status"] == "possible_match"]
    assert scores == sorted(scores, reverse=True)


def test_match_api():
    m = match("Hefei Bitland Information Technology Co., Ltd.", "HEFEI BITLAND INFORMATION TECHNOLOGY COMPANY LIMITED")
    assert m.score == 1.0 and m.is_match and m.kind == "company"
    assert not match("Hefei Bitland Information Technology", "Hefei Lianbao Information Technology").is_match
    assert 0.0 <= match("a", "b").score <= 1.0


@pytest.mark.parametrize("bad", ["", "   ", "x" * 1001, "!!!"])
def test_bad_names_are_refused(bad):
    with pytest.raises(InputError):
        screen(bad)


def test_unknown_country_and_kind_are_refused():
    with pytest.raises(InputError, match="Unknown country"):
        screen("Acme", country="Atlantis")
    with pytest.raises(InputError, match="kind"):
        match("a", "b", kind="vessel")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "CN", "HK", "RU"]))
def test_any_text_gives_a_bounded_result_or_a_clear_error(text, country):
    try:
        result = screen(text, country=country)
    except InputError as exc:
        assert exc.message and exc.hint
        return
    assert result.status in ("clear", "possible_match", "confirmed_match")
    assert all(0.0 <= h.score <= 1.0 for h in result.hits)
    assert [h.status for h in result.hits] == sorted((h.status for h in result.hits), key=["confirmed_match", "possible_match"].index)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_match_scores_are_bounded_and_identity_is_perfect(a, b):
    try:
        m = match(a, b)
    except InputError:
        return
    assert 0.0 <= m.score <= 1.0
    assert match(a, a).score == 1.0


@pytest.mark.parametrize("name", [None, 3.5, float("nan"), "", "   "])
def test_a_missing_or_non_text_name_is_refused_saying_what_to_give(name):
    # a CSV cell read by pandas can be NaN; compiled or not, the answer is the same clear error
    with pytest.raises(InputError, match="party name is empty"):
        screen(name)
    with pytest.raises(InputError, match="party name is empty"):
        match(name, "Huawei Technologies Co., Ltd.")


@pytest.mark.parametrize("limit", [0, -1, None, 2.0, True])
def test_a_limit_that_is_not_a_positive_whole_number_is_refused(limit):
    with pytest.raises(InputError, match="is not a positive whole number"):
        screen("Xian Semi Electronic Co Ltd", limit=limit)
