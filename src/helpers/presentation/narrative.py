"""Interpretation paragraphs generated from the results (no number is typed into a notebook).

Each function returns Markdown in the language of ``names`` (:class:`~.labels.Names`), names the
method options actually used, and takes every number from the result tables. The sentence
templates are in :mod:`.labels.sentences`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods.coupling import grade
from ..methods.drivers import ENHANCING
from ..methods.inference import ALPHA
from .labels import (
    Names,
    area_name,
    claim_statement,
    depends_text,
    fixed,
    grade_name,
    join,
    listing,
    localized,
    option_name,
    p_value,
    paragraph,
    percent,
    signed,
    term,
    text,
    variant_label,
    weighting_description,
    whole_number,
    with_value,
)
from .selection import highlighted, is_many

SMALL_PROVINCE = 8   # fewer regions than the smallest study this project was built for: say what that costs
# Where the wording of a sentence changes; the sentences print the number itself wherever it helps the reader judge.
LEVEL_GAP = 0.005            # a gap that rounds to 0.00 is called level
ARI_CLOSE = 0.6              # adjusted Rand index from which two clusterings are called close
SKEW_TAIL = 0.3              # |skewness| from which a density is said to have a long tail
TAU_AGREE, TAU_PARTLY = 0.6, 0.2   # Kendall's τ between two rankings of drivers: agree, partly agree
FEW_RESAMPLES = 1000         # fewer distinct bootstrap resamples than this: intervals are coarse, say so


def _measure(names: Names, measure: str) -> str:
    """The name of a measure as the subject of a sentence: a system or dimension, or D (耦合协调度 in Chinese)."""
    return term("D_measure", names.language) if measure == "D" else names.item(measure)


def _gap(value: float, other: float, language: str) -> str:
    """'0.12 above' / 'below' / 'level with' (for percentage points)."""
    diff = value - other
    if abs(diff) < LEVEL_GAP:
        return text("gap.level", language)
    return text("gap.above" if diff > 0 else "gap.below", language, diff=abs(diff))


def describe_cleaning(log: pd.DataFrame, names: Names, *, n_regions: int, n_years: int, n_indicators: int,
                      encoding: str) -> str:
    """What notebook 01 did to the raw panel."""
    lang = names.language
    cells = n_regions * n_years * n_indicators
    counts = log["method"].value_counts()
    interpolated, nearest = int(counts.get("linear-interpolation", 0)), int(counts.get("nearest-year", 0))
    if encoding == "xlsx":
        source = text("cleaning.xlsx", lang)
    else:
        name = encoding.removesuffix("-sig").upper()
        source = text("cleaning.text", lang, encoding=text("cleaning.bom", lang, encoding=name)
                      if encoding.endswith("-sig") else name)
    parts = [text("cleaning.cells", lang, cells=whole_number(cells, lang), regions=n_regions, years=n_years,
                  indicators=n_indicators, source=source)]
    filled = interpolated + nearest
    if filled:
        parts.append(text("cleaning.filled", lang, filled=filled, share=percent(filled / cells, lang, 2),
                          interpolated=interpolated, nearest=nearest))
    else:
        parts.append(text("cleaning.none_missing", lang))
    coerced = {m: int(n) for m, n in counts.items() if m not in ("linear-interpolation", "nearest-year")}
    if coerced:
        parts.append(text("cleaning.coerced", lang, cells=join(
            [text("cleaning.coerced_item", lang, n=n, method=text(f"coercion.{m}", lang)) for m, n in coerced.items()], lang)))
    parts.append(text("cleaning.logged", lang))
    return paragraph(parts, lang)


def describe_normalization(z: pd.DataFrame, names: Names, *, first: int, last: int, k: int = 3) -> str:
    """Which indicators moved most between the first and last year (mean normalised value)."""
    lang = names.language
    mean = z.groupby(["year", "indicator"])["z"].mean().unstack("indicator")
    change = (mean.loc[last] - mean.loc[first]).sort_values()
    up = [with_value(names.item(i), signed(change[i], 2), lang) for i in change.index[::-1][:k] if change[i] > 0]
    down = [with_value(names.item(i), signed(change[i], 2), lang) for i in change.index[:k] if change[i] < 0]
    rose = (text("normalization.rose", lang, first=first, last=last, items=join(up, lang)) if up
            else text("normalization.none_rose", lang, first=first, last=last))
    fell = text("normalization.fell", lang, items=join(down, lang)) if down else text("normalization.none_fell", lang)
    parts = [rose + fell]
    parts.append(text("normalization.reading", lang))
    return paragraph(parts, lang)


def describe_weights(weights: pd.DataFrame, names: Names, *, weighting: str, entropy_mode: str, k: int = 3) -> str:
    """Dimension shares and the heaviest indicators of each system, under the weighting used."""
    lang = names.language
    pooled = weights if "year" not in weights.columns else weights.groupby(
        ["system", "dimension", "indicator"], sort=False)["weight"].mean().reset_index()
    lines = [text("weights.method", lang, method=weighting_description(weighting, entropy_mode, lang))]
    for system, part in pooled.groupby("system", sort=False):
        shares = part.groupby("dimension", sort=False)["weight"].sum().sort_values(ascending=False)
        top = part.nlargest(k, "weight")
        heaviest = join([with_value(names.item(i), f"{w:.3f}", lang)
                         for i, w in zip(top["indicator"], top["weight"], strict=True)], lang)
        lines.append(text("weights.system", lang, system=names.item(system), top_dim=names.item(shares.index[0]),
                          top_share=percent(shares.iloc[0], lang), low_dim=names.item(shares.index[-1]),
                          low_share=percent(shares.iloc[-1], lang), heaviest=heaviest))
    return "\n".join(lines) + "\n\n" + text(f"weights.meaning.{weighting}", lang)


def describe_scores(scores: pd.DataFrame, names: Names) -> str:
    """Growth of the mean score of each system, leader and laggard in the last year."""
    lang = names.language
    first, last = scores["year"].min(), scores["year"].max()
    lines = []
    for system, part in scores.groupby("system", sort=False):
        mean = part.groupby("year")["score"].mean()
        end = part[part["year"] == last].set_index("region_code")["score"]
        lines.append(text("scores.system", lang, system=names.item(system), m0=mean[first], first=first, m1=mean[last],
                          last=last, growth=mean[last] / mean[first] - 1, leader=names.region(end.idxmax()),
                          top=end.max(), laggard=names.region(end.idxmin()), bottom=end.min()))
    return "\n".join(lines)


def describe_coupling(coupling: pd.DataFrame, names: Names, *, lag_labels: dict[str, str], formula: str) -> str:
    """Level and change of D, its grades in the last year and the lag types, under the formula used."""
    lang = names.language
    first, last = coupling["year"].min(), coupling["year"].max()
    mean = coupling.groupby("year")["D"].mean()
    level = grade(mean)
    end = coupling[coupling["year"] == last].set_index("region_code")
    top, bottom = end["D"].idxmax(), end["D"].idxmin()
    grades = end["grade"].value_counts().sort_index(ascending=False)
    lags = coupling["lagging"].value_counts()
    parts = [text("coupling.formula", lang, formula=option_name("coupling_formula", formula, lang)),
             text("coupling.mean", lang, m0=mean[first], g0=grade_name(level[first], lang), first=first,
                  m1=mean[last], g1=grade_name(level[last], lang), last=last),
             text("coupling.extremes", lang, last=last, top=names.region(top), d_top=end.loc[top, "D"],
                  g_top=grade_name(end.loc[top, "grade"], lang), bottom=names.region(bottom), d_bottom=end.loc[bottom, "D"],
                  g_bottom=grade_name(end.loc[bottom, "grade"], lang), mean=mean[last],
                  grades=join([text("coupling.grade_count", lang, n=n, grade=grade_name(g, lang)) for g, n in grades.items()], lang)),
             text("coupling.lags", lang, lags=join([text("coupling.lag_share", lang, lag=lag_labels[t],
                                                         share=percent(n / len(coupling), lang, 0))
                                                    for t, n in lags.items()], lang))]
    return paragraph(parts, lang)


def describe_ranking(changes: pd.DataFrame, names: Names, measure: str = "D") -> str:
    """Leader, climbers and fallers of one measure between the first and last year."""
    lang = names.language
    part = changes[changes["measure"] == measure].set_index("region_code")
    leader = part["rank_last"].idxmin()
    parts = [text("ranking.leader", lang, measure=_measure(names, measure), leader=names.region(leader),
                  rank_first=int(part.loc[leader, "rank_first"]))]
    up = part[part["change"] > 0].sort_values("change", ascending=False)
    down = part[part["change"] < 0].sort_values("change")
    if not up.empty:
        parts.append(text("ranking.up", lang, regions=join([text("ranking.moved_up", lang, region=names.region(c), n=int(v))
                                                            for c, v in up["change"].items()], lang)))
    if not down.empty:
        parts.append(text("ranking.down", lang, regions=join([text("ranking.moved_down", lang, region=names.region(c), n=-int(v))
                                                              for c, v in down["change"].items()], lang)))
    if up.empty and down.empty:
        parts.append(text("ranking.unchanged", lang))
    return paragraph(parts, lang)


def describe_dispersion(convergence: pd.DataFrame, names: Names) -> str:
    """σ-convergence verdict per measure from the CV trend."""
    lang = names.language
    lines = [text("dispersion.measure", lang, measure=_measure(names, r.measure), cv0=r.cv_first, cv1=r.cv_last,
                  slope=signed(r.slope_per_year, 4), verdict=text("dispersion.converging" if r.converging else "dispersion.diverging", lang))
             for r in convergence.itertuples(index=False)]
    return "\n".join(lines) + "\n\n" + text("dispersion.population", lang)


def describe_clusters(clusters: pd.DataFrame, silhouettes: pd.DataFrame, mean_d: pd.Series, names: Names, *,
                      agreement: float) -> str:
    """Chosen k, members and level of each cluster, and the k-means check."""
    lang = names.language
    k = int(clusters["k"].iloc[0])
    best = silhouettes.set_index("k")["silhouette"]
    parts = [text("clusters.k", lang, k=k, s=best[k], tried=listing(map(str, best.index), lang))]
    for cluster, members in clusters.groupby("cluster"):
        codes = members["region_code"].tolist()
        parts.append(text("clusters.member", lang, cluster=cluster, mean=mean_d.reindex(codes).mean(),
                          regions=join([names.region(c) for c in codes], lang)))
    key = "clusters.same" if agreement == 1 else "clusters.close" if agreement >= ARI_CLOSE else "clusters.different"
    parts.append(text(key, lang, ari=agreement))
    return paragraph(parts, lang)


def describe_reference(series: pd.DataFrame, bounds: pd.DataFrame, missing: pd.DataFrame, *, language: str = "en") -> str:
    """Latest census year with a value for every area, the published years of the focus region, the bounds."""
    census = series[series["basis"].str.startswith("census")]
    roles = set(series["role"])
    years = census.groupby("year")["role"].nunique()
    complete = years[years == 3] if roles == {"focus", "province", "nation"} else years.iloc[0:0]
    parts = []
    if not complete.empty:
        year = int(complete.index.max())
        row = census[census["year"] == year].set_index("role")
        area = {r: area_name(row.loc[r], language) for r in row.index}
        parts.append(text("reference.census", language, year=year,
                          values=join([text("reference.area_value", language, area=area[r], value=f"{row.loc[r, 'value']:.2f}")
                                       for r in row.index], language),
                          focus=area["focus"], province=area["province"], nation=area["nation"],
                          gap_province=_gap(row.loc["focus", "value"], row.loc["province", "value"], language),
                          gap_nation=_gap(row.loc["focus", "value"], row.loc["nation", "value"], language)))
    focus = series[series["role"] == "focus"]
    if not focus.empty:
        parts.append(text("reference.focus_years", language, focus=area_name(focus.iloc[0], language),
                          years=listing(sorted(focus["year"].unique()), language)))
    for b, source in zip(bounds.itertuples(), localized(bounds, "source", language), strict=True):
        parts.append(text("reference.bound_upper" if b.bound == "upper" else "reference.bound_lower", language,
                          year=b.year, value=b.value, source=source))
    if len(missing):
        parts.append(text("reference.missing", language, areas=join([area_name(r, language) for _, r in missing.iterrows()], language)))
    parts.append(text("reference.bases", language))
    return paragraph(parts, language)


def describe_density(summary: pd.DataFrame, names: Names, *, bandwidth: str, boundary: str) -> str:
    """Location, peak height, number of peaks, width and tails from the first to the last year."""
    lang = names.language
    lines = [text("density.rule", lang, rule=option_name("bandwidth", bandwidth, lang),
                  boundary=option_name("kde_boundary", boundary, lang))]
    for measure, part in summary.groupby("measure", sort=False):
        a, b = part.iloc[0], part.iloc[-1]
        if b["n_peaks"] == 2:
            peaks = "density.polarized_two"
        elif b["n_peaks"] > 2:
            peaks = "density.polarized"
        elif a["n_peaks"] > 1:
            peaks = "density.depolarized"
        else:
            peaks = "density.single"
        tail = "density.right_tail" if b["skewness"] > SKEW_TAIL else "density.left_tail" if b["skewness"] < -SKEW_TAIL else "density.no_tail"
        lines.append(text("density.measure", lang, measure=_measure(names, measure),
                          move=text("density.right" if b["peak_x"] > a["peak_x"] else "density.left", lang),
                          x0=a["peak_x"], x1=b["peak_x"],
                          height=text("density.sharper" if b["peak_height"] > a["peak_height"] else "density.flatter", lang),
                          width=text("density.wider" if b["width"] > a["width"] else "density.narrower", lang),
                          peaks=text(peaks, lang, n0=int(a["n_peaks"]), y0=int(a["year"]), n1=int(b["n_peaks"]), y1=int(b["year"])),
                          year=int(b["year"]), tail=text(tail, lang), skew=fixed(b["skewness"], 2)))
    return "\n".join(lines) + "\n\n" + text("density.absolute", lang)


def describe_obstacles(table: pd.DataFrame, names: Names, *, weighting: str, entropy_mode: str, k: int = 3) -> str:
    """The main obstacles of each system over the panel and how the leading dimension changed."""
    lang = names.language
    first, last = table["year"].min(), table["year"].max()
    lines = [text("obstacles.weights", lang, method=weighting_description(weighting, entropy_mode, lang))]
    for system, part in table.groupby("system", sort=False):
        ind = part[part["level"] == "indicator"].groupby("item")["obstacle_pct"].mean().sort_values(ascending=False)
        by_year = part[part["level"] == "dimension"].groupby(["year", "item"])["obstacle_pct"].mean().unstack("item")
        lead_first, lead_last = by_year.loc[first].idxmax(), by_year.loc[last].idxmax()
        values = dict(d0=names.item(lead_first), v0=by_year.loc[first, lead_first], first=first,
                      d1=names.item(lead_last), v1=by_year.loc[last, lead_last], last=last)
        lead = text("obstacles.same_lead" if lead_first == lead_last else "obstacles.new_lead", lang, **values)
        lines.append(text("obstacles.system", lang, system=names.item(system), lead=lead,
                          items=join([with_value(names.item(i), f"{v:.1f}%", lang) for i, v in ind.head(k).items()], lang)))
    return "\n".join(lines)


def describe_grey(table: pd.DataFrame, names: Names, *, rho: float, dimensionless: str, k: int = 3) -> str:
    """Driving factors: the items most and least related to each reference (province mean sequences)."""
    lang = names.language
    lines = [text("grey.settings", lang, rho=rho, transform=option_name("grey_dimensionless", dimensionless, lang))]
    for (reference, level), part in table.groupby(["reference", "level"], sort=False):
        ordered = part.sort_values("rank")
        top = join([with_value(names.item(i), f"{g:.3f}", lang)
                    for i, g in zip(ordered["item"].head(k), ordered["grade"].head(k), strict=True)], lang)
        low = ordered.iloc[-1]
        lines.append(text("grey.reference", lang, reference=_measure(names, reference), level=text(f"grey.level.{level}", lang),
                          top=top, low=names.item(low["item"]), low_grade=low["grade"]))
    return "\n".join(lines) + "\n\n" + text("grey.meaning", lang)


def _bearing(dx: float, dy: float, language: str) -> str:
    """The compass direction of a move (8 points)."""
    points = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
    angle = np.degrees(np.arctan2(dx, dy)) % 360
    return text(f"compass.{points[int(((angle + 22.5) % 360) // 45)]}", language)


def describe_weights_of_space(w_table: pd.DataFrame, islands: list[str], names: Names, *, n: int, contiguity: str) -> str:
    """How the neighbours were found, and the regions given a nearest neighbour."""
    lang = names.language
    k = w_table.groupby("region_code").size()
    parts = [text("spatial.weights", lang, n=n, contiguity=option_name("contiguity", contiguity, lang),
                  k_min=int(k.min()), k_max=int(k.max()), k_mean=float(k.mean()))]
    if islands:
        parts.append(text("spatial.islands", lang, regions=join([names.region(c) for c in islands], lang)))
    return paragraph(parts, lang)


def describe_power(w, attainable: pd.Series, names: Names, *, power: float, size: float, rho: float,
                   permutations: int, reps: int, alpha: float = ALPHA) -> str:
    """What a province of n regions can and cannot show with these tests (power and size of the
    permutation test by simulation, the attainable p of each region, the layout's limits)."""
    lang = names.language
    n = w.n
    reachable = int((attainable <= alpha).sum())
    key = "spatial.attainable_none" if reachable == 0 else "spatial.attainable_all" if reachable == n else "spatial.attainable"
    parts = [text("spatial.power", lang, n=n, rho=rho, power=percent(power, lang, 0), size=percent(size, lang, 0),
                  permutations=permutations, reps=reps),
             text(key, lang, reachable=reachable, n=n, alpha=alpha, smallest=float(attainable.min()))]
    blocked = attainable[attainable > alpha]
    if 0 < len(blocked) < n:
        parts.append(text("spatial.blocked", lang, regions=join([with_value(names.region(c), f"{p:.3f}", lang)
                                                                for c, p in blocked.items()], lang)))
    everywhere = [c for c, k in w.cardinalities.items() if k == n - 1]
    if everywhere:
        parts.append(text("spatial.borders_all", lang, regions=join([names.region(c) for c in everywhere], lang)))
    if n < SMALL_PROVINCE:
        parts.append(text("spatial.few_regions", lang, n=n, minimum=SMALL_PROVINCE))
    return paragraph(parts, lang)


def describe_spatial(moran: pd.DataFrame, lisa: pd.DataFrame, spots: pd.DataFrame, centres: pd.DataFrame,
                     names: Names, *, power: float, ellipse_axes: str, alpha: float = ALPHA) -> str:
    """Global autocorrelation over time, local clusters and hot spots, the drift of the centre.

    Never concludes "no spatial autocorrelation" from a non-significant test: with few regions the
    test has little power (``power``: the share of samples in which a moderate dependence is found).
    Local results are given at α with the number that survives the false discovery rate; a region
    without a test is named as such.
    """
    lang = names.language
    lines = []
    for measure, part in moran.groupby("measure", sort=False):
        part = part.sort_values("year")
        a, b = part.iloc[0], part.iloc[-1]
        significant = part[part["p_sim"] <= alpha]
        key = "spatial.moran_none" if significant.empty else "spatial.moran_some"
        lines.append("- " + text(key, lang, measure=_measure(names, measure), i0=fixed(a["I"]), y0=int(a["year"]), i1=fixed(b["I"]),
                                 y1=int(b["year"]), k=len(significant), total=len(part),
                                 years=listing([str(int(y)) for y in significant["year"]], lang),
                                 power=percent(power, lang, 0)))
    d_lisa = lisa[lisa["measure"] == "D"]
    year = int(lisa["year"].iloc[0])
    found = d_lisa[d_lisa["significant"]]
    if found.empty:
        lines.append(text("spatial.lisa_none", lang, year=year))
    else:
        lines.append(paragraph([text("spatial.lisa_some", lang, year=year, clusters=join(
            [text("spatial.region_result", lang, region=names.region(r.region_code),
                  result=text(f"quadrant.{r.quadrant}", lang), p=p_value(r.p_sim, lang)) for r in found.itertuples()], lang)),
            text("spatial.fdr", lang, k=int(d_lisa["significant_fdr"].sum()), raw=len(found),
                 m=int((d_lisa["undefined"] == "").sum()))], lang))
    d_spots = spots[spots["measure"] == "D"]
    found = d_spots[d_spots["significant"]]
    if found.empty:
        lines.append(text("spatial.spots_none", lang, year=year))
    else:
        lines.append(paragraph([text("spatial.spots_some", lang, year=year, spots=join(
            [text("spatial.region_result", lang, region=names.region(code), result=text(f"spot.{kind}", lang),
                  p=p_value(p, lang)) for code, kind, p in zip(found["region_code"], found["class"], found["p"], strict=True)],
            lang)),
            text("spatial.fdr", lang, k=int(d_spots["significant_fdr"].sum()), raw=len(found),
                 m=int((d_spots["undefined"] == "").sum()))], lang))
    untested = d_lisa[d_lisa["undefined"] != ""]
    if len(untested):
        lines.append(text("spatial.untested", lang, regions=join([names.region(c) for c in untested["region_code"]], lang)))
    d = centres[centres["measure"] == "D"].sort_values("year")
    a, b = d.iloc[0], d.iloc[-1]
    area0, area1 = a["sigma_major"] * a["sigma_minor"], b["sigma_major"] * b["sigma_minor"]
    lines.append(text("spatial.centre", lang, y0=int(a["year"]), y1=int(b["year"]),
                      km=float(np.hypot(b["x"] - a["x"], b["y"] - a["y"]) / 1000),
                      direction=_bearing(b["x"] - a["x"], b["y"] - a["y"], lang), angle=float(b["angle"]),
                      change=area1 / area0 - 1, axes=option_name("ellipse_axes", ellipse_axes, lang)))
    return "\n\n".join(lines)


def describe_no_boundaries(province: str, language: str = "en") -> str:
    """What notebook 09 needs and how to get it, for a province without boundaries."""
    return text("spatial.no_boundaries", language, province=province)


def _slope(years, values) -> float:
    return float(np.polyfit(np.asarray(years, dtype=float), np.asarray(values, dtype=float), 1)[0])


def describe_disparity(disparity: pd.DataFrame, group_sizes: pd.Series, names: Names, *, measure: str = "D") -> str:
    """Do CV, Gini and Theil agree on convergence; where does inequality lie (Dagum); group caveats."""
    lang = names.language
    part = disparity[(disparity["measure"] == measure) & (disparity["component"] == "total")]
    lines = []
    trends = {}
    for method in ("cv", "gini", "theil"):
        series = part[part["method"] == method].sort_values("year")
        trends[method] = _slope(series["year"], series["value"])
    falling = [m for m, s in trends.items() if s < 0]
    key = "disparity.all_fall" if len(falling) == 3 else "disparity.all_rise" if not falling else "disparity.disagree"
    lines.append(text(key, lang, measure=_measure(names, measure), **{f"{m}_slope": signed(s, 4) for m, s in trends.items()},
                      falling=join([text(f"disparity.method.{m}", lang) for m in falling], lang),
                      rising=join([text(f"disparity.method.{m}", lang) for m in trends if m not in falling], lang)))
    dagum = disparity[(disparity["measure"] == measure) & (disparity["method"] == "dagum")]
    if dagum.empty:
        lines.append(text("disparity.no_groups", lang))
    else:
        last = int(dagum["year"].max())
        shares = dagum[(dagum["year"] == last) & (dagum["component"] != "total")].set_index("component")["share"]
        first_share = dagum[(dagum["year"] == dagum["year"].min()) & (dagum["component"] == "between")]["share"].iloc[0]
        lines.append(text("disparity.dagum", lang, year=last, within=percent(shares["within"], lang),
                          between=percent(shares["between"], lang), transvariation=percent(shares["transvariation"], lang),
                          largest=text(f"disparity.component.{shares.idxmax()}", lang),
                          first=int(dagum["year"].min()), between_first=percent(first_share, lang)))
        singles = [g for g, n in group_sizes.items() if n == 1]
        if singles:
            lines.append(text("disparity.single", lang, groups=join([names.groups.get(g, g) for g in singles], lang)))
    return "\n\n".join(lines)


def describe_markov(classic, conditional: dict | None, band_names: dict, names: Names, *, estimated: bool,
                    skipped_reason: str = "") -> str:
    """Stability and mobility between the coordination classes, with the counts behind them."""
    from ..methods.dynamics import MIN_TRANSITIONS

    lang = names.language
    totals = classic.row_totals
    usable = [c for c in classic.counts.index if totals[c] >= MIN_TRANSITIONS]
    lines = [text("markov.total", lang, n=int(totals.sum()), k=len(totals), minimum=MIN_TRANSITIONS)]
    for c in usable:
        p = classic.probabilities.loc[c]
        up = float(p[[j for j in p.index if j > c]].sum())
        down = float(p[[j for j in p.index if j < c]].sum())
        lines.append(text("markov.row", lang, band=band_names[c], n=int(totals[c]), stay=percent(p[c], lang, 0),
                          up=percent(up, lang, 0), down=percent(down, lang, 0)))
    if classic.sparse_rows:
        lines.append(text("markov.sparse", lang, bands=join([text("markov.band_count", lang, band=band_names[c],
                                                                  n=int(totals[c])) for c in classic.sparse_rows], lang)))
    if classic.steady_state.notna().all():
        top = classic.steady_state.idxmax()
        lines.append(text("markov.steady", lang, band=band_names[top], share=percent(classic.steady_state[top], lang, 0)))
    else:
        empty = [band_names[c] for c, n in totals.items() if n == 0]
        lines.append(text("markov.no_steady", lang, bands=join(empty, lang)) if empty else text("markov.not_ergodic", lang))
    lines.append(text("markov.spatial_done", lang) if estimated else text("markov.spatial_skipped", lang, reason=skipped_reason))
    return "\n\n".join(lines)


def describe_forecast(table: pd.DataFrame, names: Names, *, horizon: int, measure: str = "D") -> str:
    """How many regions' series GM(1,1) could model and with which accuracy, which forecasts are not
    usable or stop at the bounds, and the forecast of the mean of the regions (not counted as a region)."""
    from ..methods.forecast import GRADES, NOT_MODELLED

    lang = names.language
    part = table[table["measure"] == measure]
    series = part.drop_duplicates("region_code").set_index("region_code")
    regions = series.drop(index="mean", errors="ignore")
    counts = regions["grade"].value_counts()
    grades = [text("forecast.grade_count", lang, n=int(counts[g]), grade=text(f"forecast.grade.{g}", lang))
              for g in GRADES if g in counts]
    if NOT_MODELLED in counts:
        grades.append(text("forecast.not_modelled_count", lang, n=int(counts[NOT_MODELLED])))
    lines = [text("forecast.summary", lang, n=len(regions), measure=_measure(names, measure), grades=listing(grades, lang))]
    failed = regions[regions["grade"] == NOT_MODELLED]
    if len(failed):
        lines.append(text("forecast.failed", lang, regions=join([with_value(names.region(c), _reason(part[part["region_code"] == c], lang), lang)
                                                                 for c in failed.index], lang)))
    unusable = regions[(regions["grade"] != NOT_MODELLED) & ~regions["usable"].astype(bool)]
    if len(unusable):
        lines.append(text("forecast.unusable", lang, regions=join([names.region(c) for c in unusable.index], lang)))
    stopped = series[series["leaves_in"].notna() & series["usable"].astype(bool)]
    if len(stopped):
        lines.append(text("forecast.stopped", lang, regions=join(
            [text("forecast.region_year", lang, region=text("forecast.mean_name", lang) if c == "mean" else names.region(c),
                  year=int(y)) for c, y in stopped["leaves_in"].items()], lang)))
    if "mean" in series.index:
        mean = series.loc["mean"]
        future = part[(part["region_code"] == "mean") & (part["kind"] == "forecast")]
        if not bool(mean["usable"]) and mean["grade"] != NOT_MODELLED:
            lines.append(text("forecast.mean_unusable", lang, grade=text(f"forecast.grade.{mean['grade']}", lang),
                              C=mean["C"], P=mean["P"]))
        elif len(future):
            end = future.iloc[-1]
            lines.append(text("forecast.mean", lang, measure=_measure(names, measure), year=int(end["year"]), value=end["value"],
                              a=fixed(end["a"], 4), grade=text(f"forecast.grade.{end['grade']}", lang), C=end["C"], P=end["P"]))
    lines.append(text("forecast.caveat", lang, horizon=horizon))
    return "\n\n".join(lines)


def _reason(rows: pd.DataFrame, language: str) -> str:
    """Why GM(1,1) did not model one series (its rows of ``forecast.csv``), with the numbers behind it."""
    from ..methods import forecast

    observed = rows.loc[rows["kind"] == "observed"].sort_values("year")["value"].to_numpy()
    reason = rows["reason"].iloc[0]
    if reason == forecast.NOT_SMOOTH:
        k, ratio, low, high = forecast.first_rough_ratio(observed)
        return text("forecast.reason.ratio", language, k=k, ratio=fixed(ratio, 4), low=fixed(low, 4), high=fixed(high, 4))
    if reason == forecast.TOO_SHORT:
        return text("forecast.reason.short", language, n=len(observed), minimum=forecast.MIN_POINTS)
    return text("forecast.reason.nonpositive", language)


def describe_drivers(geodetector: pd.DataFrame, pairs: pd.DataFrame, regression: pd.DataFrame | None,
                     taus: pd.DataFrame, names: Names, *, n_units: int, method: str, reference: str = "small-T",
                     measure: str = "D", alpha: float = ALPHA) -> str:
    """What the detectors, the regression and their agreement support, stated with the sample size."""
    lang = names.language
    lines = []
    dims = geodetector[(geodetector["measure"] == measure) & (geodetector["level"] == "dimension")].sort_values("q", ascending=False)
    beyond = dims[dims["q"] > dims["q_null_95"]]
    lines.append(text("drivers.factor", lang, measure=_measure(names, measure), n=n_units,
                      method=option_name("discretization", method, lang),
                      top=join([text("drivers.factor_item", lang, factor=names.item(r.factor), q=r.q, p=p_value(r.p, lang))
                                for r in dims.head(3).itertuples()], lang),
                      beyond=len(beyond), total=len(dims)))
    part = pairs[pairs["measure"] == measure]
    if len(part):
        enhance = part[part["type"].isin(ENHANCING)]
        real = enhance[enhance["p_perm"] <= alpha]
        key = ("drivers.interactions_none" if not len(real) else
               "drivers.interactions_all" if len(real) == len(enhance) else "drivers.interactions")
        lines.append(text(key, lang, total=len(part), enhance=len(enhance), real=len(real),
                          strongest=join([text("drivers.pair_item", lang, a=names.item(r.factor_a), b=names.item(r.factor_b),
                                               q=r.q) for r in real.sort_values("q", ascending=False).head(2).itertuples()],
                                         lang)))
    if regression is None or regression.empty:
        lines.append(text("drivers.no_regression", lang))
    else:
        fe = regression[regression["model"] == "two-way fixed effects"]
        significant = fe[fe["p"] <= alpha]
        lines.append(text("drivers.regression" if len(significant) else "drivers.regression_none", lang,
                          n=int(fe["n"].iloc[0]), r2=fe["r2_within"].iloc[0],
                          reference=option_name("dk_reference", reference, lang),
                          significant=join([text("drivers.coefficient_item", lang, term=names.item(r.term),
                                                 coefficient=signed(r.coefficient), p=p_value(r.p, lang))
                                            for r in significant.itertuples()], lang)))
        frac = regression[regression["model"] == "fractional logit"].set_index("term")["coefficient"]
        same = int((np.sign(frac.reindex(fe["term"]).to_numpy()) == np.sign(fe["coefficient"].to_numpy())).sum())
        lines.append(text("drivers.fractional", lang, same=same, total=len(fe)))
    for r in taus.itertuples(index=False):
        if not np.isfinite(r.tau):
            continue
        key = "drivers.agree" if r.tau >= TAU_AGREE else "drivers.partly" if r.tau >= TAU_PARTLY else "drivers.disagree"
        lines.append(text(key, lang, kind=text(f"drivers.kind.{r.kind}", lang), a=text(f"drivers.method.{r.method_a}", lang),
                          b=text(f"drivers.method.{r.method_b}", lang), tau=fixed(r.tau, 2), n=r.n))
    return "\n\n".join(lines)


def claim_rows(claims: pd.DataFrame, names: Names, config, *, capital: bool = False) -> pd.DataFrame:
    """The conclusions of ``claims.csv`` as statements (statement, holds, variants_total, depends_on: the
    option values it depends on, in words), one row per claim in the order of the file; with many regions
    the lag types that hold in every variant become one row (the others stay, the least robust first, at
    most ten)."""
    claims = claims.fillna({"subject": "", "option": "", "value": ""})
    keys = ["claim", "subject"]
    heads = claims.drop_duplicates(keys)
    conditions = {key: [c for c in part[["option", "value", "fails", "of"]].to_dict("records") if c["option"]]
                  for key, part in claims.groupby(keys, sort=False)}
    rows = pd.DataFrame({"statement": [claim_statement(r.claim, r.subject, r.finding, names, config, capital)
                                       for r in heads.itertuples()],
                         "holds": heads["holds"].to_numpy(), "variants_total": heads["variants_total"].to_numpy(),
                         "depends_on": [depends_text(conditions[(r.claim, r.subject)], r.holds < r.variants_total,
                                                     names.language) for r in heads.itertuples()],
                         "lagging": (heads["claim"] == "lagging").to_numpy()})
    if not is_many(int(rows["lagging"].sum())):
        return rows.drop(columns="lagging")
    lagging = rows[rows["lagging"]]
    solid = lagging[lagging["holds"] == lagging["variants_total"]]
    fragile = lagging[lagging["holds"] < lagging["variants_total"]].sort_values("holds", kind="mergesort").head(10)
    statement = text("claim.lagging_summary", names.language, solid=len(solid), total=len(lagging), year=config.last_year)
    summary = pd.DataFrame({"statement": [statement[:1].upper() + statement[1:] if capital else statement],
                            "holds": [int(rows["variants_total"].iloc[0])], "variants_total": [int(rows["variants_total"].iloc[0])],
                            "depends_on": [""], "lagging": [False]})
    return pd.concat([rows[~rows["lagging"]], summary, fragile], ignore_index=True).drop(columns="lagging")


def describe_robustness(claims: pd.DataFrame, agreement: pd.DataFrame, boot: pd.DataFrame, names: Names, config, *,
                        own: str, failed: dict[str, str], reps_asked: int, seed: int, distinct: int) -> str:
    """Which conclusions hold under every method variant, how the rankings agree, what the bootstrap shows."""
    lang = names.language
    total = int(claims["variants_total"].iloc[0])
    lines = [text("robust.variants", lang, total=total, own=variant_label(own, lang, prose=True),
                  failed=text("robust.failed", lang, n=len(failed),
                              which=join([variant_label(v, lang, prose=True) for v in failed], lang))
                  if failed else "")]
    rows = claim_rows(claims, names, config)
    solid = rows[rows["holds"] == rows["variants_total"]]
    fragile = [text("robust.fragile_item", lang, claim=r.statement, holds=r.holds, variants=r.variants_total,
                    depends=r.depends_on)
               for r in rows[rows["holds"] < rows["variants_total"]].itertuples()]
    claims = claims.drop_duplicates(["claim", "subject"])   # one row per claim (claims.csv has one per condition)
    failing = int((claims["holds"] < claims["variants_total"]).sum())
    lines.append(text("robust.solid", lang, n=len(claims) - failing, total=len(claims),
                      claims=listing(solid["statement"], lang, sentences=True) or text("robust.none", lang)))
    if fragile:
        lines.append(text("robust.fragile", lang, n=failing, total=len(claims),
                          claims=listing(fragile, lang, sentences=True)))
    w = agreement[agreement["statistic"] == "kendall_w"].set_index("scope")["value"]
    yearly = w.drop("pooled")
    last = str(config.last_year)
    rho = agreement[(agreement["scope"] == last) & (agreement["statistic"] == "spearman")]
    if len(rho):
        worst = rho.loc[rho["value"].idxmin()]
        lines.append(text("robust.agreement", lang, variants=total, w_pooled=w["pooled"], w_low=yearly.min(),
                          w_high=yearly.max(), n=int(agreement.loc[agreement["scope"] == "pooled", "n"].iloc[0]), year=last,
                          a=variant_label(worst["variant_a"], lang, prose=True),
                          b=variant_label(worst["variant_b"], lang, prose=True),
                          rho=worst["value"]))
    if boot.empty:
        lines.append(text("robust.no_bootstrap", lang))
        return "\n\n".join(lines)
    weights = boot[boot["quantity"] == "weight"]
    widest = weights.loc[(weights["high"] - weights["low"]).idxmax()]
    regions = len(boot[boot["quantity"] == "D"])
    lines.append(text("robust.bootstrap", lang, reps=int(boot["reps"].iloc[0]), asked=reps_asked, seed=seed,
                      regions=regions, distinct=whole_number(distinct, lang),
                      indicator=names.item(widest["item"]), estimate=widest["estimate"], low=widest["low"],
                      high=widest["high"]))
    if distinct < FEW_RESAMPLES:
        lines.append(text("robust.few_regions", lang, regions=regions, distinct=whole_number(distinct, lang)))
    ranks = boot[boot["quantity"] == "rank"]
    if is_many(len(ranks)):      # the regions at both ends of the ranking
        ranks = ranks.set_index("item").loc[highlighted(-ranks.set_index("item")["estimate"], names.focus, n=5)].reset_index()
    fixed = ranks[ranks["low"] == ranks["high"]]
    moving = ranks[ranks["low"] < ranks["high"]].sort_values("estimate")
    lines.append(text("robust.ranks", lang, year=last,
                      fixed=join([names.region(r) for r in fixed["item"]], lang) or text("robust.no_fixed", lang),
                      moving=join([text("robust.rank_range", lang, region=names.region(r.item), low=int(r.low), high=int(r.high))
                                   for r in moving.itertuples()], lang) or text("robust.all_fixed", lang)))
    return "\n\n".join(lines)


# ---------------------------------------------------------------------------------------------- notebook 14

def describe_spillover_skipped(reason: str, n: int, names: Names) -> str:
    """Why notebook 14 estimates nothing for this province, in one sentence."""
    from ..methods.econometrics import MIN_SPILLOVER_REGIONS

    return text(f"spill.skipped.{reason}", names.language, n=n, minimum=MIN_SPILLOVER_REGIONS)


def describe_spillover_weights(w, names: Names, *, kind: str, k: int) -> str:
    """The spatial weights of the spatial econometric models."""
    return text(f"spill.weights.{kind}", names.language, n=w.n, k=k, k_mean=float(np.mean(list(w.cardinalities.values()))))


def describe_model_choice(tests: pd.DataFrame, names: Names, alpha: float = ALPHA) -> str:
    """LM and robust LM tests, Wald and LR tests of the SDM against the SAR and the SEM, Hausman."""
    lang = names.language
    t = tests.set_index("test")

    def result(test: str) -> str:
        return text("spill.test_result", lang, statistic=t.loc[test, "statistic"], p=p_value(t.loc[test, "p"], lang))

    lag, error = t.loc["robust_lm_lag", "p"] <= alpha, t.loc["robust_lm_error", "p"] <= alpha
    verdict = "spill.lm.both" if lag and error else "spill.lm.lag" if lag else "spill.lm.error" if error else "spill.lm.none"
    reject = t.loc[["wald_sdm_sar", "wald_sdm_sem", "lr_sdm_sar", "lr_sdm_sem"], "p"] <= alpha
    parts = [text("spill.lm", lang, lag=result("lm_lag"), error=result("lm_error"), robust_lag=result("robust_lm_lag"),
                  robust_error=result("robust_lm_error")),
             text(verdict, lang),
             text("spill.reduce", lang, wald_sar=result("wald_sdm_sar"), lr_sar=result("lr_sdm_sar"),
                  wald_sem=result("wald_sdm_sem"), lr_sem=result("lr_sdm_sem")),
             text("spill.reduce.keep" if reject.all() else "spill.reduce.simplify", lang),
             text("spill.hausman", lang, statistic=t.loc["hausman", "statistic"], p=p_value(t.loc["hausman", "p"], lang))]
    return paragraph(parts, lang)


def describe_spillovers(models: pd.DataFrame, effects: pd.DataFrame, fit: pd.DataFrame, names: Names, *, draws: int,
                        alpha: float = ALPHA) -> str:
    """ρ of the spatial Durbin model, the direct, indirect and total effect of every driver, what they mean
    and what the sample supports."""
    lang = names.language
    rho = models[(models["model"] == "SDM") & (models["term"] == "rho")].iloc[0]
    meaning = "spill.rho.none" if rho["p"] > alpha else "spill.rho.positive" if rho["estimate"] > 0 else "spill.rho.negative"
    lines = [text("spill.rho", lang, rho=rho["estimate"], p=p_value(rho["p"], lang), meaning=text(meaning, lang)),
             text("spill.effects", lang)]
    sdm = effects[effects["model"] == "SDM"].pivot(index="term", columns="effect", values=["estimate", "p"])
    for term_ in dict.fromkeys(effects.loc[effects["model"] == "SDM", "term"]):
        row = sdm.loc[term_]
        lines.append(text("spill.effect_row", lang, driver=names.item(term_),
                          **{kind: row[("estimate", kind)] for kind in ("direct", "indirect", "total")},
                          **{f"{kind}_p": p_value(row[("p", kind)], lang) for kind in ("direct", "indirect", "total")}))
    size = fit.set_index("model").loc["SDM"]
    lines.append("\n" + text("spill.meaning", lang, draws=draws, n=int(size["n"]), T=int(size["T"])))
    return "\n".join(lines)


def describe_gwr(bandwidths: pd.DataFrame, names: Names, *, year: int, skipped: dict[str, int]) -> str:
    """Bandwidths and the share of regions with a significant local coefficient, per model; models left out."""
    from ..methods.econometrics import GWR_MAX_REGIONS, MGWR_MAX_REGIONS

    lang = names.language
    lines = []
    for model, part in bandwidths.groupby("model", sort=False):
        part = part[part["term"] != "const"]
        lines.append(text("spill.gwr", lang, model=model.upper(), year=year,
                          bandwidths=join([text("spill.gwr_item", lang, term=names.item(r.term), value=f"{r.bandwidth:g}")
                                           for r in part.itertuples()], lang),
                          shares=join([text("spill.gwr_item", lang, term=names.item(r.term),
                                            value=percent(r.share_significant, lang, 0)) for r in part.itertuples()], lang)))
    maxima = {"gwr": GWR_MAX_REGIONS, "mgwr": MGWR_MAX_REGIONS}
    lines += [text("spill.gwr_skipped", lang, model=model.upper(), n=n, maximum=maxima[model]) for model, n in skipped.items()]
    return "\n\n".join(lines)


def describe_spatial_convergence(row: pd.Series, names: Names, alpha: float = ALPHA) -> str:
    """Spatial conditional β-convergence of D: β, speed and half-life, ρ."""
    lang = names.language
    converging = row["p"] <= alpha and row["beta"] < 0 and np.isfinite(row["half_life"])
    verdict = text("spill.converging", lang, speed=percent(row["speed"], lang, 2), half_life=row["half_life"]) \
        if converging else text("spill.not_converging", lang)
    return text("spill.convergence", lang, beta=row["beta"], p=p_value(row["p"], lang), verdict=verdict,
                rho=row["rho"], rho_p=p_value(row["rho_p"], lang))


# ---------------------------------------------------------------------------------------------- issue 21 analyses

def describe_topsis(closeness: pd.DataFrame, scores: pd.DataFrame, names: Names, *, composite: str) -> str:
    """Entropy-TOPSIS beside the weighted sum: how far the two composites rank the region-years alike, and
    which one the coupling of this study uses."""
    lang = names.language
    lines = [text(f"topsis.used.{composite}", lang)]
    last = int(scores["year"].max())
    for system, part in closeness[closeness["level"] == "system"].groupby("item", sort=False):
        both = part.merge(scores[scores["system"] == system], on=["region_code", "year"])
        rho = both["closeness"].rank().corr(both["score"].rank())
        end = both[both["year"] == last].set_index("region_code")
        lines.append(text("topsis.system", lang, system=names.item(system), rho=rho, year=last,
                          top_topsis=names.region(end["closeness"].idxmax()), top_sum=names.region(end["score"].idxmax())))
    return paragraph(lines, lang)


def describe_development_types(types: pd.DataFrame, names: Names, *, numerator: str, denominator: str, low: float,
                               high: float) -> str:
    """Relative development degree E: the bands over the panel and in the last year, the combined types."""
    from ..methods.coupling import RELATIVE_BANDS

    lang = names.language
    last = int(types["year"].max())
    band_name = {b: text(f"devtype.band.{b}", lang, numerator=names.item(numerator), denominator=names.item(denominator))
                 for b in RELATIVE_BANDS}
    shares = types["band"].value_counts(normalize=True).reindex(RELATIVE_BANDS).fillna(0)
    end = types[types["year"] == last]
    common = end.groupby(["grade", "band"]).size().sort_values(ascending=False, kind="mergesort")
    grade_, band = common.index[0]
    parts = [text("devtype.rule", lang, numerator=names.item(numerator), denominator=names.item(denominator), low=low,
                  high=high),
             text("devtype.panel", lang, shares=join([text("devtype.share", lang, band=band_name[b], share=percent(s, lang, 0))
                                                      for b, s in shares.items()], lang)),
             text("devtype.last", lang, year=last, n=int(common.iloc[0]), total=len(end),
                  type=text("devtype.combined", lang, grade=grade_name(grade_, lang), band=band_name[band]))]
    return paragraph(parts, lang)


def describe_single_system(analysis: str, names: Names, system: str) -> str:
    """Why a comparison of two systems (``analysis``: ``"devtype"`` or ``"bivariate"``) is not computed."""
    return text(f"single_system.{analysis}", names.language, system=names.item(system))


def describe_bivariate(moran: pd.DataFrame, lisa: pd.DataFrame, names: Names, *, alpha: float = ALPHA) -> str:
    """Bivariate Moran's I of each system with the neighbours' other system over the years, and the local
    clusters of the last year with the false discovery rate."""
    lang = names.language
    lines = []
    for (x, y), part in moran.groupby(["x", "y"], sort=False):
        part = part.sort_values("year")
        significant = part[part["p_sim"] <= alpha]
        a, b = part.iloc[0], part.iloc[-1]
        lines.append("- " + text("bivariate.global" if len(significant) else "bivariate.global_none", lang,
                                 x=names.item(x), y=names.item(y), i0=a["I"], y0=int(a["year"]), i1=b["I"],
                                 y1=int(b["year"]), k=len(significant), total=len(part),
                                 years=listing([str(int(v)) for v in significant["year"]], lang)))
    for (x, y), part in lisa.groupby(["x", "y"], sort=False):
        found = part[part["significant"]]
        year = int(part["year"].iloc[0])
        if found.empty:
            lines.append(text("bivariate.local_none", lang, x=names.item(x), y=names.item(y), year=year))
        else:
            lines.append(paragraph([text("bivariate.local", lang, x=names.item(x), y=names.item(y), year=year, clusters=join(
                [text("spatial.region_result", lang, region=names.region(r.region_code),
                      result=text(f"quadrant.{r.quadrant}", lang), p=p_value(r.p_sim, lang)) for r in found.itertuples()],
                lang)), text("spatial.fdr", lang, k=int(part["significant_fdr"].sum()), raw=len(found),
                             m=int((part["undefined"] == "").sum()))], lang))
    return "\n\n".join(lines)


def describe_centre_mismatch(mismatch: pd.DataFrame, migration: pd.DataFrame, names: Names, *, origin: str,
                             target: str) -> str:
    """How far apart the two systems' centres of gravity lie and in which direction, and how far each
    centre travelled."""
    lang = names.language
    a, b = mismatch.iloc[0], mismatch.iloc[-1]

    def direction(code: str) -> str:
        return text(f"compass.{code}", lang) if code else text("mismatch.same_place", lang)

    parts = [text("mismatch.distance", lang, origin=names.item(origin), target=names.item(target), y0=int(a["year"]),
                  d0=a["distance_km"], dir0=direction(a["direction"]), y1=int(b["year"]), d1=b["distance_km"],
                  dir1=direction(b["direction"]),
                  trend=text("mismatch.closer" if b["distance_km"] < a["distance_km"] else "mismatch.apart", lang))]
    for measure, part in migration.groupby("measure", sort=False):
        part = part.sort_values("from_year")
        parts.append(text("mismatch.migration", lang, measure=names.item(measure), km=part["cumulative_km"].iloc[-1],
                          longest=part["distance_km"].max(),
                          span=text("mismatch.span", lang, a=int(part.loc[part["distance_km"].idxmax(), "from_year"]),
                                    b=int(part.loc[part["distance_km"].idxmax(), "to_year"]))))
    return paragraph(parts, lang)


def describe_beta_convergence(table: pd.DataFrame, names: Names, alpha: float = ALPHA) -> str:
    """Absolute and conditional β-convergence of every measure: β, p, speed and half-life, stated with
    the number of regions the clustered standard errors rest on."""
    lang = names.language
    lines = []
    for r in table.itertuples(index=False):
        if r.undefined:
            lines.append("- " + text(f"beta.undefined.{r.undefined}", lang, measure=names.item(r.measure),
                                     kind=text(f"beta.kind.{r.kind}", lang)))
            continue
        converging = r.p <= alpha and r.beta < 0 and np.isfinite(r.half_life)
        verdict = text("beta.converging", lang, speed=percent(r.speed, lang, 2), half_life=r.half_life) if converging \
            else text("beta.not_converging", lang)
        lines.append("- " + text("beta.row", lang, measure=names.item(r.measure), kind=text(f"beta.kind.{r.kind}", lang),
                                 beta=r.beta, p=p_value(r.p, lang), verdict=verdict))
    regions = int(table["regions"].max()) if table["regions"].notna().any() else 0
    if not regions:
        return "\n".join(lines)
    return "\n".join(lines) + "\n\n" + text("beta.caveat", lang, regions=regions, df=regions - 1)


def describe_lisa_dynamics(markov: dict, transitions: pd.DataFrame, paths: pd.DataFrame, names: Names) -> str:
    """How often regions keep their quadrant of the Moran scatter plot, Rey's transition types, and the
    longest and most tortuous LISA time paths."""
    lang = names.language
    counts = markov["counts"]
    stay = float(np.trace(counts.to_numpy()) / counts.to_numpy().sum()) if counts.to_numpy().sum() else np.nan
    share = transitions["share"]
    longest = paths.loc[paths["relative_length"].idxmax()]
    finite = paths[np.isfinite(paths["tortuosity"])]
    parts = [text("lisa_dyn.stay", lang, n=int(counts.to_numpy().sum()), stay=percent(stay, lang, 0)),
             text("lisa_dyn.types", lang, t0=percent(share.get("0", 0), lang, 0), t1=percent(share.get("I", 0), lang, 0),
                  t2=percent(share.get("II", 0), lang, 0),
                  t3=percent(share.get("IIIA", 0) + share.get("IIIB", 0), lang, 0)),
             text("lisa_dyn.paths", lang, region=names.region(longest["region_code"]), relative=longest["relative_length"],
                  tortuous=names.region(finite.loc[finite["tortuosity"].idxmax(), "region_code"]) if len(finite) else "—")]
    return paragraph(parts, lang)
