"""CLI verbs for compute accounting: `compute fleet|training|equivalent|runs|thresholds` and `measure`.

Each verb calls one function of chipcontrols.compute; --json prints its return value unchanged.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from chipcontrols import compute
from chipcontrols.cli.support import console, emit_json, handle_errors
from chipcontrols.compute.thresholds import rule_text

compute_app = typer.Typer(help="Compute accounting: fleets, training runs, chip equivalents, thresholds.",
                          no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Print the result as JSON (exactly what the Python API returns).")]
PLOT = Annotated[str | None, typer.Option("--plot", help="Also write a chart to this file (.png, .svg or .pdf).")]


def register(app: typer.Typer) -> None:
    app.add_typer(compute_app, name="compute")
    app.command("measure")(measure_cmd)


# --- formatting --------------------------------------------------------------------------------
PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"))


def fmt(fig: dict | None) -> str:
    if not fig or fig.get("value") is None:
        return "n/a"
    value, unit = fig["value"], fig.get("unit") or ""
    if unit in ("FLOP/s", "OP/s"):
        for scale, prefix in PREFIXES:
            if value >= scale:
                return f"{value / scale:,.3g} {prefix}{unit}"
        return f"{value:,.3g} {unit}"
    if unit in ("FLOP", "operations"):
        return f"{value:.3g} {unit}"
    if unit in ("parameters", "tokens") and value >= 1e9:
        scale, suffix = (1e12, "T") if value >= 1e12 else (1e9, "B")
        return f"{value / scale:,.4g}{suffix} {unit}"
    if unit == "USD":
        return f"${value:,.0f}"
    if unit == "ratio":
        return f"{value:.4g}x"
    if unit == "chips" and isinstance(value, float):
        return f"{value:,.1f} chips"
    if unit == "fraction of peak":
        return f"{value:.1%}"
    if isinstance(value, float) and value >= 1000:
        return f"{value:,.0f} {unit}".strip()
    if isinstance(value, float):
        return f"{value:,.4g} {unit}".strip()
    return f"{value:,} {unit}".strip()


def tag(fig: dict | None) -> str:
    return f"[dim]{fig['basis']}[/]" if fig else ""


def fig_row(table: Table, label: str, fig: dict | None, show_how: bool = True) -> None:
    how = (fig or {}).get("how", "") if show_how else ""
    if fig and fig.get("incomplete"):
        how = f"{how}; INCOMPLETE: {fig['incomplete']}"
    table.add_row(label, fmt(fig), tag(fig), f"[dim]{how}[/]")


def new_table(title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for name, style in (("figure", "bold"), ("value", None), ("basis", None), ("how", None)):
        table.add_column(name, style=style, overflow="fold")
    return table


def classification_cells(c: dict) -> tuple[str, str, str]:
    """(ECCN, basis column, explanation) for a classification from the rules engine."""
    if not c.get("available"):
        return "n/a", "", f"[dim]{c.get('reason')}[/]"
    return c.get("eccn") or "not 3A090", "rules", f"[dim]on {c.get('as_of')}: {escape(c.get('basis') or '')}[/]"


# --- compute fleet -----------------------------------------------------------------------------
@compute_app.command("fleet")
@handle_errors
def fleet_cmd(
    lines: Annotated[list[str], typer.Argument(help="Fleet lines such as '2048 x H800 SXM' (one or more).")],
    date: Annotated[str | None, typer.Option("--date", help="Also classify each line on this date (YYYY-MM-DD).")] = None,
    plot: PLOT = None,
    as_json: JSON = False,
) -> None:
    """Totals and per-line figures for a fleet: TPP, H100-equivalents, FLOP/s, memory, power, cost."""
    result = compute.fleet(lines, date=date)
    if plot:
        from chipcontrols.compute.charts import fleet_chart
        result_path = fleet_chart(result, plot)
    if as_json:
        emit_json(result)
        return
    for line in result["lines"]:
        table = new_table(f"{line['count']:,} x {line['chip']}")
        total, per = line["total"], line["per_chip"]
        fig_row(table, "TPP (total)", total["tpp"])
        for key, label in (("by_tpp", "H100e by TPP"), ("by_bf16", "H100e by dense BF16"), ("by_fp8", "H100e by dense FP8")):
            fig_row(table, label, line["h100_equivalents"][key])
        for precision, fig in total["dense_flops"].items():
            fig_row(table, f"peak dense {precision.upper()}", fig)
        fig_row(table, "memory", total["memory_gb"])
        fig_row(table, "memory bandwidth", total["memory_bw_gbs"])
        fig_row(table, "power, chips at TDP", total["chip_power_kw"])
        fig_row(table, "power, all-in", total["all_in_power_kw"])
        fig_row(table, "all-in per chip", per["all_in_w"])
        fig_row(table, "indicative chip cost", total["cost_usd"])
        if "classification" in line:
            table.add_row("classification", *classification_cells(line["classification"]))
        console.print(table)
    if len(result["lines"]) > 1:
        table = new_table(f"Fleet total ({result['total']['chips']:,} chips)")
        t = result["total"]
        fig_row(table, "TPP", t["tpp"])
        for key, label in (("by_tpp", "H100e by TPP"), ("by_bf16", "H100e by dense BF16"), ("by_fp8", "H100e by dense FP8")):
            fig_row(table, label, t["h100_equivalents"][key])
        for precision in ("bf16", "fp8"):
            if precision in t["dense_flops"]:
                fig_row(table, f"peak dense {precision.upper()}", t["dense_flops"][precision])
        for key, label in (("memory_gb", "memory"), ("memory_bw_gbs", "memory bandwidth"),
                           ("chip_power_kw", "power, chips at TDP"), ("all_in_power_kw", "power, all-in"),
                           ("cost_usd", "indicative chip cost")):
            fig_row(table, label, t[key])
        console.print(table)
    for note in result["notes"]:
        console.print(f"[dim]- {note}[/]")
    if plot:
        console.print(f"Chart written to {result_path}")


# --- compute training --------------------------------------------------------------------------
@compute_app.command("training")
@handle_errors
def training_cmd(
    chips: Annotated[str, typer.Option("--chips", help="One fleet line, e.g. '2048 x H800 SXM'.")],
    gpu_hours: Annotated[float | None, typer.Option("--gpu-hours", help="Chip-hours used, e.g. 2.788e6.")] = None,
    days: Annotated[float | None, typer.Option("--days", help="Wall-clock days (instead of --gpu-hours).")] = None,
    active_params: Annotated[float | None, typer.Option("--active-params", help="N: parameters active per token.")] = None,
    tokens: Annotated[float | None, typer.Option("--tokens", help="D: training tokens.")] = None,
    price_per_gpu_hour: Annotated[float | None, typer.Option("--price-per-gpu-hour", help="USD per chip-hour.")] = None,
    utilization: Annotated[float | None, typer.Option("--utilization", help="Fraction of peak achieved (default 0.30, Epoch's LLM default).")] = None,
    precision: Annotated[str, typer.Option("--precision", help="Peak used for the hardware estimate: bf16, fp16, fp8, tf32, fp32.")] = "bf16",
    date: Annotated[str | None, typer.Option("--date", help="Show each threshold's status on this date.")] = None,
    as_json: JSON = False,
) -> None:
    """Training compute by 6·N·D and by hardware, the utilization that reconciles them, time, cost,
    energy, and the legal compute thresholds crossed."""
    result = compute.training(chips, gpu_hours=gpu_hours, days=days, active_params=active_params, tokens=tokens,
                              price_per_gpu_hour=price_per_gpu_hour, utilization=utilization,
                              precision=precision, date=date)
    if as_json:
        emit_json(result)
        return
    print_training(result)


def print_training(result: dict, title: str | None = None) -> None:
    f = result["fleet"]
    table = new_table(title or f"Training run on {f['count']:,} x {f['chip']} (peak at {result['precision'].upper()})")
    labels = {"chips": "chips", "peak_per_chip": "peak per chip", "gpu_hours": "GPU-hours", "days": "wall-clock days",
              "utilization": "utilization", "active_params": "active parameters (N)", "tokens": "tokens (D)",
              "price_per_gpu_hour": "price per GPU-hour"}
    for key, fig in result["inputs"].items():
        fig_row(table, labels.get(key, key), fig, show_how=key != "peak_per_chip")
    c = result["compute"]
    if "six_n_d" in c:
        fig_row(table, "compute, 6·N·D", c["six_n_d"])
    fig_row(table, "compute, hardware", c["hardware"])
    for precision, fig in c.get("implied_utilization", {}).items():
        fig_row(table, f"utilization reconciling 6·N·D ({precision.upper()})", fig)
    if "gpu_hours_for_six_n_d" in c:
        fig_row(table, "GPU-hours 6·N·D needs", c["gpu_hours_for_six_n_d"])
    for key, fig in result["time"].items():
        fig_row(table, key.replace("_", " "), fig)
    if "cost_usd" in result:
        fig_row(table, "cost", result["cost_usd"])
    fig_row(table, "energy, chips at TDP", result["energy"]["chip_mwh"])
    fig_row(table, "energy, all-in", result["energy"]["all_in_mwh"], show_how=False)
    console.print(table)
    if "note" in c:
        console.print(f"[dim]Note: {c['note']}[/]")
    print_thresholds(result["thresholds"])


def print_thresholds(rows: list[dict]) -> None:
    table = Table(title="Compute thresholds", title_justify="left")
    for name in ("threshold", "rule", "status", "crossed?", "citation"):
        table.add_column(name, overflow="fold")
    for t in rows:
        crossed = ", ".join(f"{k}: {'YES' if v['crosses'] else 'no'} ({v['ratio_to_threshold']:.3g}x)"
                            for k, v in t["estimates"].items())
        status = t["status"] + (f" (on date: {t['status_on_date']})" if t.get("status_on_date") else "")
        table.add_row(t["id"], t["rule"], status, crossed, t["citation"])
    console.print(table)


# --- compute equivalent ------------------------------------------------------------------------
@compute_app.command("equivalent")
@handle_errors
def equivalent_cmd(
    lines: Annotated[list[str], typer.Argument(help="The fleet to match, e.g. '2048 x H800 SXM'.")],
    to: Annotated[str, typer.Option("--to", help="The other chip, e.g. 'Ascend 910B'.")],
    precision: Annotated[str, typer.Option("--precision", help="bf16, fp16, fp8, int8, tf32, fp32 ... or tpp.")] = "bf16",
    utilization: Annotated[float | None, typer.Option("--utilization", help="Utilization the fleet achieves (default: equal on both sides).")] = None,
    to_utilization: Annotated[float | None, typer.Option("--to-utilization", help="Utilization the other chip achieves.")] = None,
    memory: Annotated[bool, typer.Option("--memory", help="Also match memory capacity and bandwidth.")] = False,
    as_json: JSON = False,
) -> None:
    """How many of another chip match a fleet on compute (and memory), with the assumptions shown."""
    result = compute.equivalent(lines, to=to, precision=precision, utilization=utilization,
                                to_utilization=to_utilization, memory=memory)
    if as_json:
        emit_json(result)
        return
    fleet_text = " + ".join(f"{line['count']:,} x {line['chip']}" for line in result["fleet"])
    table = new_table(f"{result['to']['chip']} needed to match {fleet_text}")
    c = result["compute"]
    fig_row(table, f"fleet {result['measure'].upper()}", c["fleet_total"])
    fig_row(table, f"per {result['to']['chip']}", c["per_target_chip"], show_how=True)
    fig_row(table, f"chips to match on {result['measure'].upper()}", c["chips_needed"])
    fig_row(table, "exact ratio", c["exact"])
    for key, m in result.get("memory", {}).items():
        fig_row(table, f"chips to match memory {key}", m["chips_needed"])
    console.print(table)
    for assumption in result["assumptions"]:
        console.print(f"[dim]- assumed: {assumption}[/]")


# --- compute runs / thresholds -----------------------------------------------------------------
@compute_app.command("runs")
@handle_errors
def runs_cmd(
    run_id: Annotated[str | None, typer.Argument(help="Replay one run as a scenario, e.g. deepseek-v3.")] = None,
    utilization: Annotated[float | None, typer.Option("--utilization", help="Utilization for the scenario's hardware estimate.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Show each threshold's status on this date.")] = None,
    plot: PLOT = None,
    as_json: JSON = False,
) -> None:
    """Reference training runs as cited data (DeepSeek-V3, DeepSeek-R1, Llama 3.1 405B) with their sources."""
    if run_id:
        result = compute.run(run_id, utilization=utilization, date=date)
        if as_json:
            emit_json(result)
            return
        d = result["derived"]
        table = new_table(f"{result['run']['name']}: reported figures, checked")
        for stage in d["stages"]:
            fig_row(table, f"stage: {stage['name']}", stage["gpu_hours"])
            fig_row(table, "  wall-clock", stage["wall_clock_days"])
        fig_row(table, "sum of stages", d["stage_gpu_hours_sum"])
        if "stage_sum_matches_reported_total" in d:
            table.add_row("matches reported total", "yes" if d["stage_sum_matches_reported_total"] else "NO", "", "")
        for key, label in (("cost_usd", "cost at the price per GPU-hour"), ("cost_vs_reported", "computed / reported cost"),
                           ("wall_clock_days", "wall-clock days"), ("six_n_d", "compute, 6·N·D")):
            if key in d:
                fig_row(table, label, d[key])
        for precision, fig in d.get("implied_utilization", {}).items():
            fig_row(table, f"implied utilization ({precision.upper()})", fig)
        console.print(table)
        print_training(result["training"], title="Replayed as a training scenario")
        console.print("Sources: " + ", ".join(result["run"]["sources"]))
        return
    result = compute.runs()
    if plot:
        from chipcontrols.compute.charts import runs_chart
        written = runs_chart(result["runs"], compute.thresholds()["thresholds"], plot)
    if as_json:
        emit_json(result)
        return
    table = Table(title="Reference training runs", title_justify="left")
    for name in ("id", "run", "chips", "GPU-hours", "6·N·D FLOP", "cost", "sources"):
        table.add_column(name, overflow="fold")
    for r in result["runs"]:
        d = r["derived"]
        table.add_row(r["id"], r["name"], f"{r['fleet']['count']:,} x {r['fleet']['chip']}",
                      fmt(d["stage_gpu_hours_sum"]), fmt(d.get("six_n_d")),
                      fmt(r.get("total_cost_usd") and {**r["total_cost_usd"], "unit": "USD"}),
                      "\n".join(r["sources"]))
    console.print(table)
    if plot:
        console.print(f"Chart written to {written}")


@compute_app.command("thresholds")
@handle_errors
def thresholds_cmd(as_json: JSON = False) -> None:
    """Training-compute thresholds in law, with values, dates, status and sources."""
    result = compute.thresholds()
    if as_json:
        emit_json(result)
        return
    table = Table(title="Training-compute thresholds", title_justify="left")
    for name in ("id", "value", "status", "dates", "citation"):
        table.add_column(name, overflow="fold")
    for t in result["thresholds"]:
        dates = "\n".join(f"{k}: {v}" for k, v in t["dates"].items())
        table.add_row(t["id"], rule_text(t), t["status"], dates, t["citation"])
    console.print(table)


# --- measure -----------------------------------------------------------------------------------
@handle_errors
def measure_cmd(
    device: Annotated[str, typer.Option("--device", help="auto, cuda or cpu.")] = "auto",
    seconds: Annotated[float, typer.Option("--seconds", help="Seconds of timing per precision.")] = 1.0,
    size: Annotated[int | None, typer.Option("--size", help="Matrix size n (default 8192 on GPU, 512 on CPU).")] = None,
    precision: Annotated[list[str] | None, typer.Option("--precision", help="Only these precisions (repeatable).")] = None,
    chip: Annotated[str | None, typer.Option("--chip", help="Compare with this catalog chip instead of the detected one.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Classify on this date (YYYY-MM-DD).")] = None,
    as_json: JSON = False,
) -> None:
    """Measure the dense matmul throughput this machine achieves; measured vs declared TPP."""
    result = compute.measure(device=device, seconds=seconds, size=size, precisions=precision, chip=chip,
                             date=date)
    if as_json:
        emit_json(result)
        return
    d = result["device"]
    table = Table(title=f"Measured on {d['name']} ({d['kind']}, torch {d['torch']})", title_justify="left")
    for name in ("precision", "TFLOP/s", "measured TPP", "declared TFLOP/s", "fraction of declared", "n", "iterations"):
        table.add_column(name)
    for r in result["results"]:
        table.add_row(r["precision"].upper(), f"{r['tflops']:.4g}", f"{r['measured_tpp']:,.5g}",
                      f"{r['declared_tflops']:g}" if r["declared_tflops"] else "n/a",
                      f"{r['fraction_of_declared'] * 100:.3g}%" if r["fraction_of_declared"] else "n/a",
                      str(r["size"]), str(r["iterations"]))
    console.print(table)
    console.print(f"measured TPP: {fmt(result['measured_tpp'])}   declared TPP: {fmt(result['declared_tpp'])}"
                  + (f"   ratio: {result['ratio_measured_to_declared']:.3g}" if result["ratio_measured_to_declared"] else ""))
    for p, why in result["not_measured"].items():
        console.print(f"[dim]- {p.upper()} not measured: {why}[/]")
    if result["note"]:
        console.print(f"[dim]- {result['note']}[/]")
    c = result.get("classification") or {}
    for key in ("by_declared", "by_measured"):
        if c.get(key):
            eccn, _, why = classification_cells(c[key])
            console.print(f"classification {key.replace('_', ' ')}: {eccn}  {why}")
