"""Interpretation paragraphs generated from the results (no number is typed into a notebook).

Each function returns Markdown text; names are passed in so that the text follows the notebook's
language for regions, indicators and systems.
"""

from __future__ import annotations

import pandas as pd

from .coupling import GRADES


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe_cleaning(n_regions: int, n_years: int, n_indicators: int, log: pd.DataFrame, encoding: str) -> str:
    """What notebook 01 did to the raw panel."""
    cells = n_regions * n_years * n_indicators
    counts = log["method"].value_counts()
    filled = int(counts.get("linear-interpolation", 0) + counts.get("nearest-year", 0))
    parts = [f"The raw panel holds {cells:,} cells ({n_regions} regions × {n_years} years × {n_indicators} indicators), "
             f"read as {'an Excel workbook' if encoding == 'xlsx' else encoding.replace('-sig', ' (BOM)').upper() + ' text'}."]
    if filled:
        parts.append(f"{filled} cell(s) ({filled / cells:.2%}) were blank or held a yearbook placeholder: "
                     f"{int(counts.get('linear-interpolation', 0))} inside a series were filled by linear interpolation and "
                     f"{int(counts.get('nearest-year', 0))} at the start or end of a series took the nearest year's value.")
    else:
        parts.append("No cell was missing.")
    coerced = {m: int(n) for m, n in counts.items() if m not in ("linear-interpolation", "nearest-year")}
    if coerced:
        parts.append("Cells written in a form that needed conversion: "
                     + _list([f"{n} with {m.replace('-', ' ')}" for m, n in coerced.items()]) + ".")
    parts.append("Every such cell is listed in `imputation_log.csv` with its raw text; all other cells are used as read.")
    return " ".join(parts)


def describe_normalization(z: pd.DataFrame, first: int, last: int, names: dict[str, str], k: int = 3) -> str:
    """Which indicators moved most between the first and last year (mean normalised value)."""
    mean = z.groupby(["year", "indicator"])["z"].mean().unstack("indicator")
    change = (mean.loc[last] - mean.loc[first]).sort_values()
    up = [f"{names[i]} (+{change[i]:.2f})" for i in change.index[::-1][:k] if change[i] > 0]
    down = [f"{names[i]} ({change[i]:.2f})" for i in change.index[:k] if change[i] < 0]
    text = f"Averaged over regions, the normalised values rose most from {first} to {last} for {_list(up) or 'no indicator'}"
    text += f"; they fell for {_list(down)}." if down else "; none fell."
    return text + " (A value near 1 is the best observation of the whole panel, near 0 the worst; negative indicators are reversed.)"


def describe_weights(weights: pd.DataFrame, names: dict[str, str], system_names: dict[str, str], k: int = 3) -> str:
    """Dimension shares and the heaviest indicators of each system."""
    pooled = weights if "year" not in weights.columns else weights.groupby(["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
    lines = []
    for system, part in pooled.groupby("system", sort=False):
        shares = part.groupby("dimension", sort=False)["weight"].sum().sort_values(ascending=False)
        top = part.nlargest(k, "weight")
        lines.append(f"- **{system_names[system]}**: {system_names[shares.index[0]]} carries the largest share of the weight "
                     f"({_pct(shares.iloc[0])}), {system_names[shares.index[-1]]} the smallest ({_pct(shares.iloc[-1])}); "
                     f"the heaviest indicators are " + _list([f"{names[i]} ({w:.3f})" for i, w in zip(top['indicator'], top['weight'], strict=True)]) + ".")
    note = ("Entropy weighting gives more weight to indicators whose values differ more across the observations: "
            "a heavy weight means the indicator separates regions and years, not that it matters more in policy.")
    return "\n".join(lines) + "\n\n" + note


def describe_scores(scores: pd.DataFrame, region_names: dict[str, str], system_names: dict[str, str]) -> str:
    """Growth of the mean score of each system, leader and laggard in the last year."""
    first, last = scores["year"].min(), scores["year"].max()
    lines = []
    for system, part in scores.groupby("system", sort=False):
        mean = part.groupby("year")["score"].mean()
        end = part[part["year"] == last].set_index("region_code")["score"]
        lines.append(f"- **{system_names[system]}**: the provincial mean rose from {mean[first]:.3f} in {first} to "
                     f"{mean[last]:.3f} in {last} ({mean[last] / mean[first] - 1:+.0%}); in {last} "
                     f"{region_names[end.idxmax()]} led ({end.max():.3f}) and {region_names[end.idxmin()]} trailed ({end.min():.3f}).")
    return "\n".join(lines)


def describe_coupling(coupling: pd.DataFrame, region_names: dict[str, str], lag_labels: dict[str, str]) -> str:
    """Level and change of D, its grades in the last year and the lag types."""
    first, last = coupling["year"].min(), coupling["year"].max()
    mean = coupling.groupby("year")["D"].mean()

    def label(d: float) -> str:
        return GRADES[min(int(d * 10 + 1e-9), 9)][0]

    end = coupling[coupling["year"] == last].set_index("region_code")
    grades = end["grade_label"].value_counts()
    lags = coupling["lag_type"].value_counts()
    text = [f"The provincial mean of D moved from {mean[first]:.3f} ({label(mean[first])}) in {first} to "
            f"{mean[last]:.3f} ({label(mean[last])}) in {last}.",
            f"In {last}, {region_names[end['D'].idxmax()]} is the most coordinated region (D = {end['D'].max():.3f}, "
            f"{end.loc[end['D'].idxmax(), 'grade_label']}) and {region_names[end['D'].idxmin()]} the least "
            f"(D = {end['D'].min():.3f}, {end.loc[end['D'].idxmin(), 'grade_label']}); the grades are "
            + _list([f"{n} × {g}" for g, n in grades.items()]) + ".",
            "Over all region-years the lag types are " + _list([f"{lag_labels[t]} {n / len(coupling):.0%}" for t, n in lags.items()]) + "."]
    return " ".join(text)
