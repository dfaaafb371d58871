"""Fleet lines: good ones parse, bad ones fail with a message that says what is wrong."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipcontrols.compute.fleet_spec import parse_fleet, parse_fleet_line
from chipcontrols.errors import InputError, UnknownChipError


@pytest.mark.parametrize("text, count, chip_id", [
    ("2048 x H800 SXM", 2048, "nvidia-h800-sxm5"),
    ("16,384 x H100", 16384, "nvidia-h100-sxm5-80gb"),
    ("10000x A100 SXM4 80GB", 10000, "nvidia-a100-sxm4-80gb"),
    ("3 × Ascend 910B", 3, "huawei-ascend-910b"),
    ("  5 * H20  ", 5, "nvidia-h20"),
    ("1 X nvidia-h800-sxm5", 1, "nvidia-h800-sxm5"),
])
def test_parses(text, count, chip_id):
    line = parse_fleet_line(text)
    assert (line.count, line.chip.id) == (count, chip_id)


def test_count_without_chip_is_refused():
    with pytest.raises(InputError, match="names no chip"):
        parse_fleet_line("2048 x")


def test_unknown_chip_passes_catalog_candidates_on():
    with pytest.raises(UnknownChipError) as err:
        parse_fleet_line("2048 x H8000 SXM")
    assert "2048 x H8000 SXM" in err.value.message
    assert err.value.details["candidates"], "the catalog's suggestions must reach the user"
    assert err.value.to_dict()["error"]["code"] == "unknown_chip"


@pytest.mark.parametrize("text, fragment", [
    ("0 x H100", "at least 1"),
    ("-3 x H100", "at least 1"),
    ("2.5 x H100", "not a whole number"),
    ("1,00 x H100", "not a whole number"),
    ("many x H100", "not a whole number"),
    ("H100", "COUNT x CHIP"),
    ("2048 H100", "COUNT x CHIP"),
    ("", "Empty"),
])
def test_bad_lines(text, fragment):
    with pytest.raises(InputError, match=fragment) as err:
        parse_fleet_line(text)
    assert err.value.hint


@given(st.integers(min_value=1, max_value=10**9))
def test_any_positive_count_parses_with_or_without_thousands_separators(count):
    assert parse_fleet_line(f"{count} x H100").count == count
    assert parse_fleet_line(f"{count:,} x H100").count == count


@given(st.integers(max_value=0))
def test_no_non_positive_count_parses(count):
    with pytest.raises(InputError):
        parse_fleet_line(f"{count} x H100")


def test_one_bad_line_fails_the_whole_fleet():
    with pytest.raises(UnknownChipError):
        parse_fleet(["2048 x H800", "10 x NoSuchChip"])


def test_empty_fleet_is_refused():
    with pytest.raises(InputError, match="No fleet"):
        parse_fleet([])
