"""Figures of notebook 12: q of the factors against what noise reaches, interactions, coefficients."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods.inference import ALPHA
from .labels import Names, term
from .plotting import A4_TEXT_WIDTH, PALETTE, figure


def q_bars(table: pd.DataFrame, names: Names, *, title: str, top: int = 15):
    """Horizontal bars of q (the strongest ``top`` factors) with the 95th percentile of q for noise."""
    language = names.language
    part = table.sort_values("q", ascending=False).head(top).iloc[::-1]
    fig, ax = figure("full", aspect=0.12 + 0.035 * len(part))
    labels = [names.item(f) for f in part["factor"]]
    colours = [PALETTE[0] if p <= ALPHA else "#9ecae1" for p in part["p"]]
    ax.barh(labels, part["q"], color=colours)
    ax.scatter(part["q_null_95"], labels, marker="|", s=120, color=PALETTE[3], label=term("q_null", language), zorder=3)
    ax.set_xlabel(term("q", language))
    ax.set_xlim(0, 1)
    ax.tick_params(axis="y", labelsize=6)
    ax.grid(axis="y", visible=False)
    ax.legend(frameon=False, fontsize=6, loc="lower right")
    ax.set_title(title, fontsize=8)
    return fig


def interaction_matrix(pairs: pd.DataFrame, names: Names, *, title: str):
    """Heatmap of q of every crossed pair; the cells whose q exceeds the permutation null are marked *."""
    language = names.language
    factors = list(dict.fromkeys(list(pairs["factor_a"]) + list(pairs["factor_b"])))
    matrix = pd.DataFrame(np.nan, index=factors, columns=factors)
    marks = pd.DataFrame("", index=factors, columns=factors)
    for r in pairs.itertuples(index=False):
        matrix.loc[r.factor_a, r.factor_b] = matrix.loc[r.factor_b, r.factor_a] = r.q
        marks.loc[r.factor_a, r.factor_b] = marks.loc[r.factor_b, r.factor_a] = "*" if r.p_perm <= ALPHA else ""
    fig, ax = figure("full", aspect=0.75)
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="viridis", vmin=0, vmax=1)
    for (i, j), v in np.ndenumerate(matrix.to_numpy(dtype=float)):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.2f}{marks.iat[i, j]}", ha="center", va="center", fontsize=5.5,
                    color="white" if v < 0.6 else "black")
    shown = [names.item(f) for f in factors]
    ax.set_xticks(range(len(factors)))
    ax.set_xticklabels(shown, rotation=40, ha="right", fontsize=6)
    ax.set_yticks(range(len(factors)))
    ax.set_yticklabels(shown, fontsize=6)
    ax.grid(False)
    ax.set_title(title, fontsize=8)
    fig.colorbar(image, ax=ax, shrink=0.8, label=term("q_interaction", language))
    return fig


def coefficient_plot(regression: pd.DataFrame, names: Names):
    """Standardised coefficients of each model with 95 % intervals (± 1.96 s.e.)."""
    language = names.language
    models = list(dict.fromkeys(regression["model"]))
    fig, axes = figure("full", aspect=0.38, ncols=len(models), squeeze=False, sharey=True)
    for ax, model in zip(axes[0], models, strict=True):
        part = regression[regression["model"] == model].iloc[::-1]
        y = np.arange(len(part))
        ax.errorbar(part["coefficient"], y, xerr=1.96 * part["se"], fmt="o", color=PALETTE[0], ecolor="#888888",
                    capsize=2, markersize=4)
        ax.axvline(0, color="#888888", linewidth=0.7)
        ax.set_yticks(y)
        ax.set_yticklabels([names.item(t) for t in part["term"]], fontsize=6)
        ax.set_title(term(f"model_{model.replace(' ', '_').replace('-', '_')}", language), fontsize=8)
        ax.set_xlabel(term("coefficient", language))
    fig.set_size_inches(A4_TEXT_WIDTH, 0.6 + 0.35 * regression["term"].nunique())
    fig.tight_layout()
    return fig
