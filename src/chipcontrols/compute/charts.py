"""Charts where a picture says it better: fleets side by side in H100-equivalents, and reference
runs against the legal compute thresholds. matplotlib (Agg backend, no display) is optional."""

from __future__ import annotations

import textwrap

from chipcontrols.charting import chart_path, pyplot

H100E_LABELS = {"by_tpp": "by TPP", "by_bf16": "by dense BF16", "by_fp8": "by dense FP8"}


def fleet_chart(result: dict, path) -> str:
    """Grouped bars: each fleet line's H100-equivalents by TPP, BF16 and FP8 (missing = no bar)."""
    target = chart_path(path)
    plt = pyplot()
    lines = result["lines"]
    fig, ax = plt.subplots(figsize=(max(6, 2.2 * len(lines)), 4.2))
    width = 0.8 / len(H100E_LABELS)
    for i, (key, label) in enumerate(H100E_LABELS.items()):
        values = [line["h100_equivalents"][key]["value"] or 0 for line in lines]
        xs = [j + (i - 1) * width for j in range(len(lines))]
        bars = ax.bar(xs, values, width, label=label)
        ax.bar_label(bars, labels=[f"{v:,.0f}" if v else "n/a" for v in values], fontsize=7)
    ax.set_xticks(range(len(lines)), [f"{line['count']:,} x\n" + "\n".join(textwrap.wrap(line["chip"], 22))
                                      for line in lines], fontsize=8)
    ax.set_ylabel("H100-equivalents (H100 SXM5 = 1)")
    ax.set_title("Fleets in H100-equivalents (peak, dense)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return str(target)


def runs_chart(runs: list[dict], thresholds: list[dict], path) -> str:
    """Log-scale bars of each run's 6·N·D compute, with the threshold lines drawn across."""
    target = chart_path(path)
    plt = pyplot()
    named = [(r["name"].split(" (")[0], r["derived"]["six_n_d"]["value"]) for r in runs if "six_n_d" in r["derived"]]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    bars = ax.bar([n for n, _ in named], [v for _, v in named], color="#4C72B0")
    ax.bar_label(bars, labels=[f"{v:.2g}" for _, v in named], fontsize=8)
    ax.set_yscale("log")
    by_value: dict[float, list[dict]] = {}
    for t in thresholds:
        by_value.setdefault(t["value"], []).append(t)
    for value, group in by_value.items():  # thresholds at the same value share one line and one label
        style = "--" if any(t["status"] == "in_force" for t in group) else ":"
        ax.axhline(value, linestyle=style, color="#C44E52" if group[0]["jurisdiction"] == "US" else "#55A868")  # in code: colours U.S. thresholds apart from the EU's on the chart;
        label = "; ".join(f"{t['id']} ({t['status']})" for t in group)
        ax.text(len(named) - 0.5, value * 1.15, label, ha="right", fontsize=7)
    ax.set_ylim(top=max([v for _, v in named] + list(by_value)) * 4)
    ax.set_ylabel("training compute, FLOP (6·N·D)")
    ax.set_title("Reference runs against compute thresholds")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return str(target)
