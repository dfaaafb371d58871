from datetime import date

import pytest

from chipcontrols.errors import DataError
from chipcontrols.rules.pack import build_pack, default_pack, load_raw


def test_pack_loads_and_every_reference_resolves():
    pack = default_pack()
    assert pack.parameters and pack.provisions and pack.letters
    assert len(pack.content_hash) == 16


def test_a_value_citing_an_unknown_source_fails_validation():
    raw = load_raw()
    raw["parameters"]["eccn_3a090.a.1.tpp"]["values"][0]["citation"] = "no_such_source"
    with pytest.raises(DataError, match="no_such_source"):
        build_pack(raw)


def test_a_citation_without_a_url_fails_validation():
    raw = load_raw()
    raw["citations"]["ifr_2023_10_17"]["urls"] = []
    with pytest.raises(DataError, match="URL"):
        build_pack(raw)


def test_destination_scope_matches_published_counts():
    """CSET: 44 countries + Macau in Oct 2023; Nicaragua's 2024 move makes it 46 with Macau."""
    pack = default_pack()
    scope = pack.provisions["part_742.license_3a090_2023"].settings.destination_scope
    assert len(pack.scope_members(scope, date(2023, 11, 17))) == 45
    assert len(pack.scope_members(scope, date(2024, 6, 1))) == 46
    assert "IL" not in pack.scope_members(scope, date(2024, 6, 1))


def test_hong_kong_is_treated_as_china_since_2020():
    assert default_pack().resolve_destination("HK", date(2021, 1, 1))[0] == "CN"


def test_parameters_have_no_gaps_or_overlaps_per_id():
    for parameter in default_pack().parameters.values():
        values = sorted(parameter.values, key=lambda v: v.effective)
        for earlier, later in zip(values, values[1:]):
            assert earlier.ends is not None and earlier.ends < later.effective, parameter.id
