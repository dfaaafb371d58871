"""Charts are drawn for real (matplotlib, Agg) and written where asked."""

import pytest

from chipcontrols import compute
from chipcontrols.compute.charts import fleet_chart, runs_chart
from chipcontrols.errors import InputError

pytest.importorskip("matplotlib", reason="install the test extra: pip install '.[test]'")
PNG = b"\x89PNG\r\n\x1a\n"


def test_fleet_chart_is_a_png(tmp_path):
    result = compute.fleet(["2048 x H800 SXM", "10000 x A100 SXM4 80GB", "5000 x Ascend 910B"])
    path = fleet_chart(result, tmp_path / "fleet.png")
    data = (tmp_path / "fleet.png").read_bytes()
    assert path.endswith("fleet.png") and data.startswith(PNG) and len(data) > 10_000


def test_runs_chart_is_an_svg_with_the_thresholds(tmp_path):
    runs_chart(compute.runs()["runs"], compute.thresholds()["thresholds"], tmp_path / "runs.svg")
    text = (tmp_path / "runs.svg").read_text()
    assert "<svg" in text and "DeepSeek-V3" in text and "eu-ai-act-art51" in text


@pytest.mark.parametrize("name", ["fleet.txt", "no_such_folder/fleet.png"])
def test_bad_chart_path_is_refused_and_nothing_is_written(tmp_path, name):
    with pytest.raises(InputError):
        fleet_chart(compute.fleet("8 x H100"), tmp_path / name)
    assert not (tmp_path / name).exists()
