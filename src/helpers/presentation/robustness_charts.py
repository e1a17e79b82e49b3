"""Figures of notebook 13: the claims under the method variants, the agreement of the variants,
and the bootstrap intervals of the weights, of D and of the ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import Names, term, variant_label
from .plotting import A4_TEXT_WIDTH, PALETTE, figure, wrap
from .selection import highlighted, is_many

SOLID, FRAGILE = PALETTE[2], PALETTE[1]


def _errors(rows: pd.DataFrame) -> np.ndarray:
    """Error bars from an estimate to its interval. An estimate that does not vary across resamples (equal
    weights) can lie a rounding error outside its interval: that distance is drawn as none."""
    return np.clip([rows["estimate"] - rows["low"], rows["high"] - rows["estimate"]], 0, None)


def claims_chart(statements: list[str], holds: pd.Series, *, total: int, language: str = "en"):
    """One bar per conclusion: in how many variants it holds (green when in all of them)."""
    y = np.arange(len(statements))[::-1]
    fig, ax = figure("full", aspect=0.1 + 0.05 * len(statements))
    values = holds.to_numpy()
    ax.barh(y, values, color=[SOLID if v == total else FRAGILE for v in values])
    for yi, v in zip(y, values, strict=True):
        ax.text(v + total * 0.01, yi, f"{v}/{total}", va="center", fontsize=6)
    ax.set_yticks(y)
    ax.set_yticklabels([wrap(s, 58) for s in statements], fontsize=6)
    ax.set_xlim(0, total * 1.12)
    ax.set_xlabel(term("holds", language))
    ax.grid(axis="y", visible=False)
    ax.set_title(term("claims_title", language, total=total), fontsize=8)
    fig.set_size_inches(A4_TEXT_WIDTH, 0.8 + 0.28 * len(statements))
    fig.tight_layout()
    return fig


def agreement_heatmap(agreement: pd.DataFrame, variants: list[str], *, own: str, language: str = "en"):
    """Spearman ρ of D between every pair of variants, pooled over the region-years."""
    part = agreement[(agreement["scope"] == "pooled") & (agreement["statistic"] == "spearman")]
    matrix = pd.DataFrame(np.eye(len(variants)), index=variants, columns=variants)
    for r in part.itertuples(index=False):
        matrix.loc[r.variant_a, r.variant_b] = matrix.loc[r.variant_b, r.variant_a] = r.value
    fig, ax = figure("full", aspect=0.9)
    low = float(np.floor(min(matrix.to_numpy().min(), 0.9) * 20) / 20)
    image = ax.imshow(matrix.to_numpy(), cmap="viridis", vmin=low, vmax=1)
    shown = [("★ " if v == own else "") + variant_label(v, language) for v in variants]
    ax.set_xticks(range(len(variants)))
    ax.set_xticklabels(shown, rotation=90, fontsize=4.5)
    ax.set_yticks(range(len(variants)))
    ax.set_yticklabels(shown, fontsize=4.5)
    ax.grid(False)
    ax.set_title(term("agreement_title", language), fontsize=8)
    fig.colorbar(image, ax=ax, shrink=0.7, label="Spearman ρ")
    fig.tight_layout()
    return fig


def weight_intervals(boot: pd.DataFrame, systems: dict[str, list[str]], names: Names, *, reps: int):
    """The weight of every indicator with its 95 % interval, one panel per system."""
    language = names.language
    part = boot[boot["quantity"] == "weight"].set_index("item")
    fig, axes = figure("full", ncols=len(systems), squeeze=False)
    for ax, (system, members) in zip(axes[0], systems.items(), strict=True):
        rows = part.reindex(members).iloc[::-1]
        y = np.arange(len(rows))
        ax.errorbar(rows["estimate"], y, xerr=_errors(rows),
                    fmt="o", color=PALETTE[0], ecolor="#888888", capsize=1.5, markersize=3)
        ax.set_yticks(y)
        ax.set_yticklabels([names.indicators.get(i, i) for i in rows.index], fontsize=5)
        ax.set_xlabel(term("weight", language))
        ax.set_title(system, fontsize=7)
        ax.set_xlim(left=0)
    fig.suptitle(term("weights_interval_title", language, reps=reps), fontsize=8)
    fig.set_size_inches(A4_TEXT_WIDTH, 0.9 + 0.14 * max(len(m) for m in systems.values()))
    fig.tight_layout()
    return fig


def d_intervals(boot: pd.DataFrame, regions: dict[str, str], *, year: int, language: str = "en",
                focus: str | None = None):
    """D of the last year per region with its interval (left) and the range of its rank (right);
    with many regions, the focus region and the ten highest and lowest."""
    d = boot[boot["quantity"] == "D"].set_index("item").sort_values("estimate")
    hidden = 0
    if is_many(len(d)):
        shown = highlighted(d["estimate"], focus, n=10)
        hidden = len(d) - len(shown)
        d = d.loc[shown].sort_values("estimate")
    rank = boot[boot["quantity"] == "rank"].set_index("item").reindex(d.index)
    y = np.arange(len(d))
    fig, (left, right) = figure("full", ncols=2, sharey=True, gridspec_kw={"width_ratios": [2, 1]})
    left.errorbar(d["estimate"], y, xerr=_errors(d), fmt="o",
                  color=PALETTE[0], ecolor="#888888", capsize=1.5, markersize=3)
    left.set_yticks(y)
    left.set_yticklabels([regions.get(c, c) for c in d.index], fontsize=6)
    left.set_xlabel("D")
    left.set_title(term("d_interval_title", language, year=year), fontsize=8)
    right.hlines(y, rank["low"], rank["high"], color="#888888", linewidth=2)
    right.plot(rank["estimate"], y, "o", color=PALETTE[3], markersize=3)
    right.invert_xaxis()
    right.set_xlabel(term("ranking", language))
    right.set_title(term("rank_interval_title", language, year=year), fontsize=8)
    if hidden:
        left.set_xlabel(f"D — {term('not_shown', language, count=hidden, file='bootstrap.csv')}")
    fig.set_size_inches(A4_TEXT_WIDTH, 0.9 + 0.22 * len(d))
    fig.tight_layout()
    return fig
