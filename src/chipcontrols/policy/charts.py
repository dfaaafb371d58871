"""PNG charts for the policy lab (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

from chipcontrols.charting import chart_path, pyplot

PNG_ONLY = (".png",)


def frontier_chart(result: dict, path: str | Path) -> str:
    """Left: the best free TPP by die area (datacenter and not), with catalog chips. Right: the best free
    interconnect and memory bandwidth at that TPP, with the free catalog chips' own bandwidths."""
    target = chart_path(path, PNG_ONLY)
    plt = pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    cap_note = []
    for datacenter, style in ((True, "-"), (False, "--")):
        pts = [p for p in result["frontier"] if p["datacenter"] == datacenter]
        xs = [p["die_area_mm2"] for p in pts]
        tpp = [p["tpp"]["max_free"] for p in pts]
        label = "datacenter" if datacenter else "not datacenter"
        if all(t is None for t in tpp):
            cap_note.append(f"{label}: no TPP limit")
        else:
            left.plot(xs, [t if t is not None else float("nan") for t in tpp], style, color="black",
                      label=f"best free TPP ({label})")
        for key, color in (("interconnect_bw_gbs", "tab:blue"), ("memory_bw_gbs", "tab:purple")):
            ys = [(p[key] or {}).get("max_free") for p in pts]
            if any(y is not None for y in ys):
                right.plot(xs, [y if y is not None else float("nan") for y in ys], style, color=color,
                           label=f"best free {key.replace('_gbs', '').replace('_', ' ')} ({label})")
            elif pts and all((p[key] or {}).get("unbounded") for p in pts):
                cap_note.append(f"{key.replace('_gbs', '').replace('_', ' ')} ({label}): no limit")
    near = {r["chip_id"] for r in result["near_line"]}
    pattern = {c["chip_id"] for p in result["patterns"].values() for c in p["chips"]}
    for row in result["chips"]:
        if row["die_area_mm2"] is None:
            continue
        free = row["outcome"] == "no_license_required"
        left.scatter(row["die_area_mm2"], row["tpp"], s=28, marker="o" if free else "x",
                     color="tab:green" if free else "tab:red", alpha=0.8)
        if row["chip_id"] in near or row["chip_id"] in pattern:
            left.annotate(row["chip"], (row["die_area_mm2"], row["tpp"]), fontsize=7, xytext=(3, 3),
                          textcoords="offset points")
        if free:
            for key, marker in (("interconnect_bw_gbs", "^"), ("memory_bw_gbs", "s")):
                if row[key] is not None:
                    right.scatter(row["die_area_mm2"], row[key], s=22, marker=marker, color="tab:green", alpha=0.7)
            if row["chip_id"] in near or row["chip_id"] in pattern:
                closest = (row.get("closest_line") or {}).get("dimension")
                key = closest if closest in ("interconnect_bw_gbs", "memory_bw_gbs") else "memory_bw_gbs"
                y = row[key] or row["interconnect_bw_gbs"]
                if y is not None:
                    right.annotate(row["chip"], (row["die_area_mm2"], y), fontsize=7, xytext=(3, 3),
                                   textcoords="offset points")
    left.set_yscale("log")
    left.set_xlabel("applicable die area (mm2)")
    left.set_ylabel("TPP")
    left.set_title(f"Free designs for {result['destination']} on {result['as_of']} (x: controlled, o: free)")
    right.set_xlabel("applicable die area (mm2)")
    right.set_ylabel("GB/s (at the best free TPP)")
    right.set_title("Bandwidth frontier; free catalog chips (^ interconnect, s memory)")
    if cap_note:
        right.text(0.02, 0.98, "\n".join(cap_note), transform=right.transAxes, va="top", fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return str(target)


def stock_chart(result: dict, path: str | Path) -> str:
    target = chart_path(path, PNG_ONLY)
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(9, 5))
    for index, (country, rows) in enumerate(result["stock"].items()):
        color = f"C{index}"
        years = [r["year"] for r in rows]
        ax.plot(years, [r["installed_h100e"] for r in rows], "-o", color=color, label=f"{country} installed (central)")
        ax.fill_between(years, [r["installed_h100e_interval"][0] for r in rows],
                        [r["installed_h100e_interval"][1] for r in rows], color=color, alpha=0.2,
                        label=f"{country} {result['method']['interval']:.0%} interval")
        ax.plot(years, [r["shipped_h100e"] for r in rows], ":", color=color, label=f"{country} shipped (cumulative)")
    for point in result["reference_points"]:
        ax.scatter(point["year"], point["h100e"], marker="*", s=120, color="black", zorder=5)
        ax.annotate(point["label"][:60], (point["year"], point["h100e"]), fontsize=7, xytext=(-10, 6),
                    textcoords="offset points", ha="right")
    ax.set_xlabel("year")
    ax.set_ylabel("H100-equivalents (TPP / H100 SXM TPP)")
    ax.set_title(f"{result['scenario']['title']}\nESTIMATES; retirement after {result['life_years']} years", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return str(target)
