"""Interpretation paragraphs generated from the results (no number is typed into a notebook).

Each function returns Markdown text; names are passed in so that the text follows the notebook's
language for regions, indicators and systems.
"""

from __future__ import annotations

import pandas as pd

from ..methods.coupling import grade


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _gap(value: float, other: float) -> str:
    """'12.34 points above' / 'below' / 'level with'."""
    diff = value - other
    if abs(diff) < 0.005:
        return "level with"
    return f"{abs(diff):.2f} points {'above' if diff > 0 else 'below'}"


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
    label = grade(mean)["grade_label"]
    end = coupling[coupling["year"] == last].set_index("region_code")
    grades = end["grade_label"].value_counts()
    lags = coupling["lag_type"].value_counts()
    text = [f"The provincial mean of D moved from {mean[first]:.3f} ({label[first]}) in {first} to "
            f"{mean[last]:.3f} ({label[last]}) in {last}.",
            f"In {last}, {region_names[end['D'].idxmax()]} is the most coordinated region (D = {end['D'].max():.3f}, "
            f"{end.loc[end['D'].idxmax(), 'grade_label']}) and {region_names[end['D'].idxmin()]} the least "
            f"(D = {end['D'].min():.3f}, {end.loc[end['D'].idxmin(), 'grade_label']}); the grades are "
            + _list([f"{n} × {g}" for g, n in grades.items()]) + ".",
            "Over all region-years the lag types are " + _list([f"{lag_labels[t]} {n / len(coupling):.0%}" for t, n in lags.items()]) + "."]
    return " ".join(text)


def describe_ranking(changes: pd.DataFrame, region_names: dict[str, str], measure: str = "D") -> str:
    """Leader, climbers and fallers of one measure between the first and last year."""
    part = changes[changes["measure"] == measure].set_index("region_code")
    leader = part["rank_last"].idxmin()
    text = (f"By {measure}, {region_names[leader]} ranks first in the last year (it ranked {int(part.loc[leader, 'rank_first'])} "
            "in the first year).")
    up = part[part["change"] > 0].sort_values("change", ascending=False)
    down = part[part["change"] < 0].sort_values("change")
    if not up.empty:
        text += " Moved up: " + _list([f"{region_names[c]} (+{int(v)})" for c, v in up["change"].items()]) + "."
    if not down.empty:
        text += " Moved down: " + _list([f"{region_names[c]} ({int(v)})" for c, v in down["change"].items()]) + "."
    if up.empty and down.empty:
        text += " No region changed rank between the first and the last year."
    return text


def describe_dispersion(convergence: pd.DataFrame, measure_names: dict[str, str]) -> str:
    """σ-convergence verdict per measure from the CV trend."""
    lines = []
    for r in convergence.itertuples(index=False):
        verdict = ("σ-convergence: regional differences narrow" if r.converging
                   else "no σ-convergence: regional differences widen")
        lines.append(f"- **{measure_names.get(r.measure, r.measure)}**: CV {r.cv_first:.3f} → {r.cv_last:.3f} "
                     f"(trend {r.slope_per_year:+.4f} per year), {verdict}.")
    return "\n".join(lines) + "\n\nCV = σ/μ with the population standard deviation σ (the regions are the whole province)."


def describe_clusters(clusters: pd.DataFrame, silhouettes: pd.DataFrame, mean_d: pd.Series,
                      region_names: dict[str, str], agreement: float) -> str:
    """Chosen k, members and level of each cluster, and the k-means check."""
    k = int(clusters["k"].iloc[0])
    best = silhouettes.set_index("k")["silhouette"]
    parts = [f"The silhouette is highest for k = {k} ({best[k]:.3f}; tried k = {', '.join(map(str, best.index))})."]
    for cluster, members in clusters.groupby("cluster"):
        codes = members["region_code"].tolist()
        parts.append(f"Cluster {cluster} (mean D {mean_d.reindex(codes).mean():.3f}): "
                     + _list([region_names[c] for c in codes]) + ".")
    check = "identical to" if agreement == 1 else f"close to (adjusted Rand index {agreement:.2f})" if agreement >= 0.6 \
        else f"different from (adjusted Rand index {agreement:.2f}): treat the clusters with caution"
    parts.append(f"k-means with the same k gives a partition {check} Ward's.")
    return " ".join(parts)


def describe_reference(series: pd.DataFrame, bounds: pd.DataFrame, missing: list[str], language: str = "en") -> str:
    """Latest census year with a value for every area, the published years of the focus region, the bounds."""
    name_col = "area_zh" if language == "zh" else "area"
    census = series[series["basis"].str.startswith("census")]
    roles = set(series["role"])
    years = census.groupby("year")["role"].nunique()
    complete = years[years == 3] if roles == {"focus", "province", "nation"} else years.iloc[0:0]
    text = []
    if not complete.empty:
        year = int(complete.index.max())
        row = census[census["year"] == year].set_index("role")
        names = row[name_col]
        text.append(f"At the {year} census the urbanization rate was " + _list([f"{names[r]} {row.loc[r, 'value']:.2f} %" for r in row.index])
                    + f"; {names['focus']} was {_gap(row.loc['focus', 'value'], row.loc['province', 'value'])} {names['province']} and "
                    f"{_gap(row.loc['focus', 'value'], row.loc['nation', 'value'])} {names['nation']}.")
    if "focus" in roles:
        focus = series[series["role"] == "focus"]
        text.append(f"{focus[name_col].iloc[0]} has published values for {', '.join(map(str, sorted(focus['year'].unique())))} only; "
                    "other years are left empty, not interpolated.")
    for b in bounds.itertuples():
        text.append(f"For {b.year} it is only known to be {'below' if b.bound == 'upper' else 'above'} {b.value:g} % ({b.source}).")
    if missing:
        text.append(f"No published urbanization facts were found for {_list(missing)}: add them, with their source, to "
                    "`data/raw/reference/urbanization_facts.csv` (or census points to `census_prefectures.csv`).")
    text.append("The two NBS bases (as published, revised after the 2020 census) are drawn as separate lines.")
    return " ".join(text)


def describe_density(summary: pd.DataFrame, measure_names: dict[str, str]) -> str:
    """Location, peak height, number of peaks, width and tails from the first to the last year."""
    lines = []
    for measure, part in summary.groupby("measure", sort=False):
        a, b = part.iloc[0], part.iloc[-1]
        move = "to the right (higher values)" if b["peak_x"] > a["peak_x"] else "to the left (lower values)"
        height = "higher and sharper" if b["peak_height"] > a["peak_height"] else "lower and flatter"
        width = "wider (regions spread apart)" if b["width"] > a["width"] else "narrower (regions closer together)"
        counts = f"{int(a['n_peaks'])} peak(s) in {int(a['year'])} and {int(b['n_peaks'])} in {int(b['year'])}"
        if b["n_peaks"] > 1:
            peaks = counts + ": the regions are polarized into separate groups"
        elif a["n_peaks"] > 1:
            peaks = counts + ": the early polarization has disappeared"
        else:
            peaks = counts + ": no polarization"
        tail = "a right tail (a few regions far ahead)" if b["skewness"] > 0.3 else \
            "a left tail (a few regions far behind)" if b["skewness"] < -0.3 else "no marked tail"
        lines.append(f"- **{measure_names.get(measure, measure)}**: the main peak moves {move}, from {a['peak_x']:.3f} to "
                     f"{b['peak_x']:.3f}; it becomes {height}; the curve is {width}; {peaks}; in {int(b['year'])} the "
                     f"distribution has {tail} (skewness {b['skewness']:+.2f}).")
    return "\n".join(lines)


def describe_obstacles(table: pd.DataFrame, names: dict[str, str], system_names: dict[str, str], k: int = 3) -> str:
    """The main obstacles of each system over the panel and how the leading dimension changed."""
    lines = []
    first, last = table["year"].min(), table["year"].max()
    for system, part in table.groupby("system", sort=False):
        ind = part[part["level"] == "indicator"].groupby("item")["obstacle_pct"].mean().sort_values(ascending=False)
        dim = part[part["level"] == "dimension"]
        by_year = dim.groupby(["year", "item"])["obstacle_pct"].mean().unstack("item")
        lead_first, lead_last = by_year.loc[first].idxmax(), by_year.loc[last].idxmax()
        lines.append(f"- **{system_names.get(system, system)}**: the largest obstacles over the panel are "
                     + _list([f"{names.get(i, i)} ({v:.1f} %)" for i, v in ind.head(k).items()])
                     + ". " + (f"The leading dimension remained {system_names.get(lead_last, lead_last)} "
                               f"({by_year.loc[first, lead_first]:.1f} % in {first}, {by_year.loc[last, lead_last]:.1f} % in {last})."
                               if lead_first == lead_last else
                               f"The leading dimension was {system_names.get(lead_first, lead_first)} ({by_year.loc[first, lead_first]:.1f} %) "
                               f"in {first} and {system_names.get(lead_last, lead_last)} ({by_year.loc[last, lead_last]:.1f} %) in {last}."))
    return "\n".join(lines)


def describe_grey(table: pd.DataFrame, names: dict[str, str], k: int = 3) -> str:
    """Driving factors: the items most and least related to each reference (province mean sequences)."""
    lines = []
    for (reference, level), part in table.groupby(["reference", "level"], sort=False):
        ordered = part.sort_values("rank")
        top = _list([f"{names.get(i, i)} ({g:.3f})" for i, g in zip(ordered["item"].head(k), ordered["grade"].head(k), strict=True)])
        low = ordered.iloc[-1]
        lines.append(f"- **{names.get(reference, reference)}** vs {level}s: most related {top}; least related "
                     f"{names.get(low['item'], low['item'])} ({low['grade']:.3f}).")
    return "\n".join(lines) + ("\n\nA grade near 1 means the item's time path has the same shape as the reference's; "
                               "grades are comparable within one reference, not across references.")
