"""Reference runs: the published figures check out against their parts, and every figure is cited."""

import pytest

from chipcontrols import compute
from chipcontrols.catalog import default_catalog
from chipcontrols.compute.reference_runs import get_run
from chipcontrols.errors import InputError


def runs_by_id():
    return {r["id"]: r for r in compute.runs()["runs"]}


def test_deepseek_v3_stage_gpu_hours_sum_to_the_published_total():
    v3 = runs_by_id()["deepseek-v3"]
    stages = {s["name"]: s["gpu_hours"]["value"] for s in v3["derived"]["stages"]}
    assert stages == {"pre-training": 2_664_000, "context extension": 119_000, "post-training": 5_000}
    assert v3["derived"]["stage_gpu_hours_sum"]["value"] == 2_788_000 == v3["total_gpu_hours"]["value"]
    assert v3["derived"]["stage_sum_matches_reported_total"] is True


def test_deepseek_v3_cost_is_5_576_million_at_2_dollars():
    v3 = runs_by_id()["deepseek-v3"]
    assert v3["derived"]["cost_usd"]["value"] == pytest.approx(5_576_000)
    assert v3["derived"]["cost_vs_reported"]["value"] == pytest.approx(1.0)
    stage_costs = sum(s["cost_usd"] for s in v3["stages"])
    assert stage_costs == v3["total_cost_usd"]["value"]


def test_deepseek_v3_six_n_d_and_utilization_on_the_pre_training_stage():
    d = runs_by_id()["deepseek-v3"]["derived"]
    assert d["six_n_d"]["value"] == pytest.approx(3.3e24, rel=0.01)
    # 3.2856e24 / (2.664e6 h x 3600 s x 989.5e12) = 34.6% of dense BF16 peak
    assert d["implied_utilization"]["bf16"]["value"] == pytest.approx(0.3462, abs=5e-4)
    assert d["implied_utilization"]["fp8"]["value"] == pytest.approx(0.1731, abs=5e-4)


def test_deepseek_v3_pre_training_took_54_days_on_2048_gpus():
    stages = {s["name"]: s for s in runs_by_id()["deepseek-v3"]["derived"]["stages"]}
    assert stages["pre-training"]["wall_clock_days"]["value"] == pytest.approx(2_664_000 / 2048 / 24)
    assert stages["pre-training"]["wall_clock_days"]["value"] == pytest.approx(54.2, abs=0.05)


def test_deepseek_v3_gpu_hours_per_trillion_tokens_match_the_days_reported():
    v3 = get_run("deepseek-v3")
    days = v3["gpu_hours_per_trillion_tokens"]["value"] / v3["fleet"]["count"] / 24
    assert days == pytest.approx(3.7, abs=0.05)


def test_deepseek_r1_cost_arithmetic_supports_512_gpus():
    r1 = runs_by_id()["deepseek-r1"]
    assert r1["derived"]["stage_gpu_hours_sum"]["value"] == 198 * 512 + 80 * 512 + 5000 == 147_336
    assert r1["derived"]["cost_usd"]["value"] == pytest.approx(294_672)
    assert r1["derived"]["cost_vs_reported"]["value"] == pytest.approx(1.0, abs=0.01)
    bases = {s["name"]: s["gpu_hours"]["basis"] for s in r1["derived"]["stages"]}
    assert bases == {"R1-Zero RL": "computed", "R1 RL": "computed", "SFT data creation": "reported"}


def test_llama_405b_six_n_d_matches_the_reported_3_8e25():
    llama = runs_by_id()["llama-3.1-405b"]
    assert llama["derived"]["six_n_d"]["value"] == pytest.approx(llama["reported_training_flop"]["value"], rel=0.01)


def test_every_reported_figure_has_a_basis_and_every_run_sources():
    for run in compute.runs()["runs"]:
        assert run["sources"] and all(s.startswith("https://") for s in run["sources"])
        default_catalog().get(run["fleet"]["chip"])  # the chip is in the catalog
        for key in ("fleet", "total_params", "active_params", "tokens", "total_gpu_hours", "price_per_gpu_hour",
                    "total_cost_usd"):
            if key in run:
                assert run[key]["basis"] in ("reported", "assumed"), (run["id"], key)
                if run[key]["basis"] == "reported":
                    assert run[key]["source"].startswith("https://"), (run["id"], key)
        for stage in run["stages"]:
            assert stage["basis"] == "reported" and stage["source"].startswith("https://")


def test_scenario_replays_the_run_through_training_with_its_labels():
    s = compute.run("deepseek-v3")
    t = s["training"]
    assert t["cost_usd"]["value"] == pytest.approx(5_576_000)
    assert t["inputs"]["gpu_hours"]["basis"] == "reported"
    assert t["inputs"]["price_per_gpu_hour"]["basis"] == "assumed"
    assert t["inputs"]["active_params"]["source"] == "https://arxiv.org/abs/2412.19437"
    assert t["inputs"]["utilization"]["value"] == 0.30


def test_unknown_run_lists_the_known_ones():
    with pytest.raises(InputError, match="Unknown reference run") as err:
        compute.run("gpt-9")
    assert "deepseek-v3" in err.value.hint
