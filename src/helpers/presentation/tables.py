"""Thesis tables: compact, labelled views of the processed results.

Each function takes result tables (as the notebooks write them) and :class:`~.labels.Names` and
returns a small DataFrame whose index is a meaningful row label (region, indicator, year …) and
whose headers are in the names' language. :func:`result_tables` assembles the numbered set that
the exports write as LaTeX, Excel and Word, with titles that name the method options of the run.
The notebooks show the same views.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..data import catalog
from ..data.config import AnalysisOptions, ProvinceConfig
from ..data.io import read_table
from ..data.paths import ProvincePaths
from ..data.validate import Meta
from ..methods import comparison, dynamics, obstacle
from . import labels
from .labels import Names, headers, in_declared_order, lag_label, term, text
from .narrative import claim_rows
from .selection import is_many


@dataclass(frozen=True)
class ResultTable:
    key: str          # file stem, e.g. "t03_coupling_d"
    title: str        # caption without province and data-status note, in the run's language
    frame: pd.DataFrame
    decimals: int = 3
    notes: tuple[str, ...] = field(default_factory=tuple)   # printed under the table
    full: pd.DataFrame | None = None   # every row, for the workbook, when ``frame`` shows the extremes only
    excerpt: str | None = None         # the note saying so, under ``frame`` only

    @property
    def shown_notes(self) -> tuple[str, ...]:
        """The notes under ``frame`` (LaTeX, Word): the table's notes and, for an excerpt, the note saying so."""
        return (*self.notes, self.excerpt) if self.excerpt else self.notes

    @property
    def every_row(self) -> pd.DataFrame:
        """The whole table (the workbook's sheet)."""
        return self.full if self.full is not None else self.frame


def _by_region(frame: pd.DataFrame, names: Names) -> pd.DataFrame:
    frame.index = [names.region(c) for c in frame.index]
    frame.index.name = term("region", names.language)
    return frame


def indicator_system(indicators: pd.DataFrame, weights: pd.DataFrame | None, names: Names) -> pd.DataFrame:
    """One row per indicator (id): system, dimension, name, unit, direction and (mean) weight when given."""
    lang = names.language
    out = pd.DataFrame({
        "system": indicators["system"].map(names.systems).to_numpy(),
        "dimension": indicators["dimension"].map(names.systems).to_numpy(),
        "name": indicators[labels.pick(("name", "name_zh"), lang)].to_numpy(),
        "unit": labels.indicator_units(indicators, lang).to_numpy(),
        "direction": indicators["direction"].to_numpy(),
    }, index=pd.Index(indicators["id"].to_numpy(), name=term("indicator", lang)))
    if weights is not None:
        out["weight"] = indicators["id"].map(weights.groupby("indicator", sort=False)["weight"].mean()).to_numpy()
    out.columns = headers(out.columns, lang)
    return out


def by_region_and_year(frame: pd.DataFrame, value: str, names: Names) -> pd.DataFrame:
    """Regions (rows) × years (columns) of ``value``."""
    wide = frame.pivot(index="region_code", columns="year", values=value)
    wide.columns.name = None
    return _by_region(wide, names)


def coupling_year(coupling: pd.DataFrame, names: Names, config: ProvinceConfig, *, year: int, subsystems: list[str]) -> pd.DataFrame:
    """U columns, C, T, D, grade and lag type of every region in one year."""
    lang = names.language
    part = coupling[coupling["year"] == year].set_index("region_code")
    out = part[subsystems + ["C", "T", "D"]].rename(columns=names.systems)
    out[term("grade_label", lang)] = [labels.grade_name(g, lang) for g in part["grade"]]
    out[term("lag_type", lang)] = [lag_label(t, config, lang) for t in part["lagging"]]
    return _by_region(out, names)


def rank_change_table(changes: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
    part = changes[changes["measure"] == measure].sort_values("rank_last")
    out = part.set_index("region_code")[["rank_first", "rank_last", "change"]]
    out.columns = headers(out.columns, names.language)
    return _by_region(out, names)


def cv_table(disp: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Years × measures of the coefficient of variation."""
    wide = disp.pivot(index="year", columns="measure", values="cv")
    wide = wide[list(dict.fromkeys(disp["measure"]))].rename(columns=names.systems)
    wide.columns.name = None
    wide.index.name = term("year", names.language)
    return wide


def group_table(groups: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
    """Region groups × years of the mean of one measure."""
    part = groups[groups["measure"] == measure]
    wide = part.pivot(index="group", columns="year", values="mean")
    wide.index = [names.groups.get(g, g) for g in wide.index]
    wide.index.name, wide.columns.name = term("group", names.language), None
    return wide


def reference_table(series: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The published urbanization facts shown: area and year as row labels, value, basis, source."""
    lang = names.language
    out = pd.DataFrame({"value": series["value"].to_numpy(), "basis": [labels.basis_name(b, lang) for b in series["basis"]],
                        "source": labels.localized(series, "source", lang).to_numpy()},
                       index=pd.MultiIndex.from_arrays([[labels.area_name(r, lang) for _, r in series.iterrows()],
                                                        series["year"].to_numpy()], names=headers(["area", "year"], lang)))
    out.columns = headers(out.columns, lang)
    return out


def bandwidth_table(summary: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Years × measures of the kernel bandwidth h."""
    wide = summary.pivot(index="year", columns="measure", values="bandwidth")
    wide = wide[list(dict.fromkeys(summary["measure"]))].rename(columns=names.systems)
    wide.index.name, wide.columns.name = term("year", names.language), None
    return wide


def density_table(summary: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Shape of every density curve: measure and year as row labels, peak, height, peaks, width, skewness."""
    lang = names.language
    columns = ["peak_x", "peak_height", "n_peaks", "width", "skewness", "bandwidth"]
    out = summary[columns].copy()
    out.index = pd.MultiIndex.from_arrays([[names.item(m) for m in summary["measure"]], summary["year"]],
                                          names=headers(["measure", "year"], lang))
    out.columns = headers(columns, lang)
    return out


def top_grey_indicators(grey: pd.DataFrame, names: Names, n: int = 5) -> pd.DataFrame:
    """Rank (rows) × reference (columns): the indicators most related to each reference."""
    part = grey[(grey["level"] == "indicator") & (grey["rank"] <= n)]
    wide = part.assign(item=part["item"].map(names.item)).pivot(index="rank", columns="reference", values="item")
    wide = wide.rename(columns=names.systems)
    wide.index.name, wide.columns.name = term("ranking", names.language), None
    return wide


def moran_table(moran: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Years × measures of Moran's I with its two-sided permutation p."""
    wide = moran.pivot(index="year", columns="measure", values=["I", "p_sim"])
    measures = list(dict.fromkeys(moran["measure"]))
    wide = wide.reindex(columns=pd.MultiIndex.from_product([measures, ["I", "p_sim"]]).swaplevel(0, 1)).swaplevel(0, 1, axis=1)
    wide.columns = pd.MultiIndex.from_tuples([(names.item(m), "I" if s == "I" else "p") for m, s in wide.columns])
    for column in [c for c in wide.columns if c[1] == "p"]:
        wide[column] = wide[column].map(labels.p_cell)
    wide.index.name = term("year", names.language)
    return wide


def local_table(lisa: pd.DataFrame, spots: pd.DataFrame, names: Names, *, measure: str) -> pd.DataFrame:
    """One row per region: LISA (Is, quadrant, p, attainable p, significant under the false discovery
    rate) and Gi* (z, p, class, the same) of one measure; an untested region shows "—" for its p."""
    lang = names.language
    left = lisa[lisa["measure"] == measure].set_index("region_code")
    right = spots[spots["measure"] == measure].set_index("region_code").reindex(left.index)

    def flags(frame: pd.DataFrame) -> list[str]:
        return [term("yes" if f else "no", lang) for f in frame["significant_fdr"]]

    out = pd.DataFrame({"Is": left["Is"], "quadrant": [term(q, lang) for q in left["quadrant"]],
                        "p_lisa": left["p_sim"].where(left["undefined"] == "").map(labels.p_cell),
                        "attainable_p": left["attainable_p"], "lisa_fdr": flags(left), "gi_z": right["z"],
                        "p_gi": right["p"].where(right["undefined"] == "").map(labels.p_cell),
                        "class": [term(c, lang) for c in right["class"]], "gi_fdr": flags(right)}, index=left.index)
    out.columns = headers(out.columns, lang)
    return _by_region(out, names)


def disparity_table(disparity: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
    """Years × (CV, Gini, Theil and, with groups, Dagum's parts and their shares) of one measure."""
    lang = names.language
    part = disparity[disparity["measure"] == measure]
    totals = part[part["component"] == "total"].pivot_table(index="year", columns="method", values="value")
    out = pd.DataFrame({term(f"method_{m}", lang): totals[m] for m in ("cv", "gini", "theil") if m in totals})
    dagum = part[part["method"] == "dagum"]
    for component in ("within", "between", "transvariation"):
        rows = dagum[dagum["component"] == component].set_index("year")
        if len(rows):
            out[term(f"dagum_{component}", lang)] = rows["value"]
            out[f"{term(f'dagum_{component}', lang)} %"] = 100 * rows["share"]
    out.index.name = term("year", lang)
    return out


def transition_table(result, bands: dict[int, tuple[int, int]], names: Names, *, estimated: bool = True) -> pd.DataFrame:
    """Classes × classes of 'probability (count)' (counts alone when not ``estimated``), the transitions
    out of each class and the steady state; the columns carry the grades of each band (1–3, …)."""
    lang = names.language
    counts = result.counts.astype(int).astype(str)
    cells = (result.probabilities.map(lambda p: "–" if pd.isna(p) else f"{p:.2f}") + " (" + counts + ")") if estimated \
        else counts
    cells.index = [labels.band_name(bands[c], lang) for c in cells.index]
    cells.columns = [labels.band_grades(bands[c], lang) for c in cells.columns]
    cells[term("transitions", lang)] = result.row_totals.astype(int).to_numpy()
    if estimated:
        cells[term("steady_state", lang)] = result.steady_state.map(lambda v: "–" if pd.isna(v) else labels.fixed(v)).to_numpy()
    cells.index.name = term("band", lang)
    return cells


def forecast_summary(forecast: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
    """Per region (and the mean): a, b, C, P, accuracy, whether the model may be used for forecasting
    (good or qualified), the last forecast and its year (earlier than the horizon when the forecast
    stops at the bounds [0, 1])."""
    lang = names.language
    part = forecast[forecast["measure"] == measure]
    first = part.drop_duplicates("region_code").set_index("region_code")
    future = part[part["kind"] == "forecast"].groupby("region_code")
    out = pd.DataFrame({"a": first["a"], "b": first["b"], "C": first["C"], "P": first["P"],
                        "accuracy": [term("grade_" + g.replace(" ", "_"), lang) for g in first["grade"]],
                        "usable": [term("yes" if u else "no", lang) for u in first["usable"].astype(bool)],
                        "forecast": future["value"].last().reindex(first.index),
                        "forecast_year": future["year"].last().reindex(first.index).astype("Int64")})
    out.columns = headers(out.columns, lang)
    out.index = [term("mean_of_regions", lang) if c == "mean" else names.region(c) for c in out.index]
    out.index.name = term("region", lang)
    return out


def geodetector_table(geodetector: pd.DataFrame, names: Names, *, measure: str, level: str) -> pd.DataFrame:
    """The factors of one level for one measure, strongest first: strata, q, p and q for noise."""
    part = geodetector[(geodetector["measure"] == measure) & (geodetector["level"] == level)].sort_values("q", ascending=False)
    out = part.set_index("factor")[["strata", "q", "p", "q_null_95"]].assign(p=lambda f: f["p"].map(labels.p_cell))
    out.index = [names.item(f) for f in out.index]
    out.index.name = term("factor", names.language)
    out.columns = headers(out.columns, names.language)
    return out


def interactions_table(pairs: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
    """Every crossed pair of one measure: q of each factor and of the pair, its type and permutation p."""
    lang = names.language
    part = pairs[pairs["measure"] == measure].sort_values("q", ascending=False)
    out = pd.DataFrame({"q_a": part["q_a"].to_numpy(), "q_b": part["q_b"].to_numpy(), "q": part["q"].to_numpy(),
                        "type": [term(x, lang) for x in part["type"]], "p_perm": part["p_perm"].map(labels.p_cell).to_numpy(),
                        "q_null_95": part["q_null_95"].to_numpy()},
                       index=pd.MultiIndex.from_arrays([[names.item(f) for f in part["factor_a"]],
                                                        [names.item(f) for f in part["factor_b"]]],
                                                       names=headers(["factor_a", "factor_b"], lang)))
    out.columns = headers(out.columns, lang)
    return out


def regression_table(regression: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Model and driver as row labels: coefficient, s.e., p, n, within R²."""
    lang = names.language
    out = regression.set_index(["model", "term"])[["coefficient", "se", "p", "n", "r2_within"]]
    out = out.assign(p=out["p"].map(labels.p_cell))
    out.index = pd.MultiIndex.from_tuples([(term(f"model_{m.replace(' ', '_').replace('-', '_')}", lang), names.item(d))
                                           for m, d in out.index], names=headers(["model", "term"], lang))
    out.columns = headers(["coefficient", "se", "p", "n", "r2_within"], lang)
    return out


def agreement_table(agreement: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Kind and item as row labels: the grey relational grade, q and coefficient, and their ranks."""
    lang = names.language
    out = agreement.set_index(["kind", "item"])
    out.index = pd.MultiIndex.from_tuples([(term(k, lang), names.item(i)) for k, i in out.index],
                                          names=headers(["kind", "item"], lang))
    out.columns = headers(out.columns, lang)
    return out


def tau_table(taus: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Kendall's τ between the rankings of two methods, per kind of factor."""
    out = pd.DataFrame({"τ": taus["tau"].to_numpy(), "p": taus["p"].map(labels.p_cell).to_numpy(),
                        term("n", language): taus["n"].to_numpy()},
                       index=pd.MultiIndex.from_tuples(
                           [(term(k, language), text(f"drivers.method.{a}", language), text(f"drivers.method.{b}", language))
                            for k, a, b in zip(taus["kind"], taus["method_a"], taus["method_b"], strict=True)],
                           names=headers(["kind", "method_a", "method_b"], language)))
    return out


STARS = ((0.01, "***"), (0.05, "**"), (0.1, "*"))   # the convention of economics journals


def starred(estimate: float, p: float, decimals: int = 4) -> str:
    """``0.1234***`` for p < 0.01, ``**`` below 0.05, ``*`` below 0.1.

    Examples
    --------
    >>> starred(0.12345, 0.003), starred(-1.5, 0.07, 2), starred(0.2, 0.5)
    ('0.1235***', '-1.50*', '0.2000')
    """
    stars = next((mark for limit, mark in STARS if p < limit), "")
    return f"{estimate:.{decimals}f}{stars}"


def _with_se(estimate: float, se: float, p: float) -> str:
    return "" if pd.isna(estimate) else f"{starred(estimate, p)} ({se:.4f})"


def spatial_model_table(models: pd.DataFrame, fit: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Terms × models (SDM, SAR, SEM): estimate with stars and its standard error in brackets; then the
    log-likelihood, AIC, pseudo R² and the number of region-years."""
    lang = names.language
    order = list(dict.fromkeys(models["term"]))
    cells = {m: {t: _with_se(r.estimate, r.se, r.p) for t, r in part.set_index("term").iterrows()}
             for m, part in models.groupby("model", sort=False)}
    out = pd.DataFrame(cells).reindex(order).fillna("")
    statistics = fit.set_index("model")
    for key in ("loglik", "aic", "pseudo_r2"):
        out.loc[key] = [f"{statistics.loc[m, key]:.3f}" for m in out.columns]
    out.loc["n"] = [f"{int(statistics.loc[m, 'n']) * int(statistics.loc[m, 'T'])}" for m in out.columns]

    def row_label(key: str) -> str:
        if key.startswith("W_"):
            return f"W × {names.item(key[2:])}"
        return term(key, lang) if key in ("loglik", "aic", "pseudo_r2", "n") else {"rho": "ρ", "lambda": "λ"}.get(key, names.item(key))

    out.index = [row_label(k) for k in out.index]
    out.index.name = term("variable", lang)
    return out


def effects_table(effects: pd.DataFrame, names: Names, model: str = "SDM") -> pd.DataFrame:
    """Drivers × (direct, indirect, total) of ``model``: estimate with stars and standard error."""
    lang = names.language
    part = effects[effects["model"] == model]
    out = pd.DataFrame({term(f"effect_{kind}", lang): {names.item(r.term): _with_se(r.estimate, r.se, r.p)
                                                       for r in part[part["effect"] == kind].itertuples()}
                        for kind in ("direct", "indirect", "total")})
    out.index.name = term("variable", lang)
    return out


def development_type_table(types: pd.DataFrame, names: Names, *, numerator: str, denominator: str) -> pd.DataFrame:
    """The last year, one row per region: E, its band, D, its grade and the combined type."""
    lang = names.language
    last = types[types["year"] == types["year"].max()].set_index("region_code")
    band = {b: text(f"devtype.band.{b}", lang, numerator=names.item(numerator), denominator=names.item(denominator))
            for b in set(last["band"])}
    out = pd.DataFrame({"E": last["E"], "band": last["band"].map(band), "D": last["D"],
                        "grade_label": [labels.grade_name(g, lang) for g in last["grade"]],
                        "combined_type": [text("devtype.combined", lang, grade=labels.grade_name(g, lang), band=band[b])
                                          for g, b in zip(last["grade"], last["band"], strict=True)]}, index=last.index)
    out.columns = headers(out.columns, lang)
    return _by_region(out, names)


def bivariate_moran_table(moran: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Years × pairs (x with the neighbours' y): bivariate Moran's I and its two-sided permutation p."""
    lang = names.language
    frames = {}
    for (x, y), part in moran.groupby(["x", "y"], sort=False):
        pair = text("bivariate.pair", lang, x=names.item(x), y=names.item(y))
        part = part.set_index("year").sort_index()
        frames[(pair, "I")] = part["I"]
        frames[(pair, "p")] = part["p_sim"].map(labels.p_cell)
    out = pd.DataFrame(frames)
    out.index.name = term("year", lang)
    return out


def centre_mismatch_table(mismatch: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Years: the distance between the two centres (km), the bearing and the compass direction."""
    lang = names.language
    out = pd.DataFrame({"distance_km": mismatch["distance_km"].to_numpy(), "bearing": mismatch["bearing"].to_numpy(),
                        "direction": [text(f"compass.{d}", lang) if d else "—" for d in mismatch["direction"]]},
                       index=pd.Index(mismatch["year"].to_numpy(), name=term("year", lang)))
    out.columns = headers(out.columns, lang)
    return out


def beta_table(beta: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Measure and kind (absolute, conditional): β with stars, its standard error, p, speed and half-life."""
    lang = names.language
    out = pd.DataFrame({"beta": [starred(b, p) for b, p in zip(beta["beta"], beta["p"], strict=True)],
                        "se": beta["se"].to_numpy(), "p": beta["p"].map(labels.p_cell).to_numpy(),
                        "speed": beta["speed"].to_numpy(), "half_life": beta["half_life"].to_numpy()},
                       index=pd.MultiIndex.from_arrays([[names.item(m) for m in beta["measure"]],
                                                        [text(f"beta.kind.{k}", lang) for k in beta["kind"]]],
                                                       names=headers(["measure", "kind"], lang)))
    out.columns = headers(out.columns, lang)
    return out


def lisa_markov_table(table: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Quadrant × quadrant of the LISA Markov chain: 'probability (count)'."""
    counts = table.pivot(index="from_quadrant", columns="to_quadrant", values="count")
    probabilities = table.pivot(index="from_quadrant", columns="to_quadrant", values="probability")
    order = list(dict.fromkeys(table["from_quadrant"]))
    cells = probabilities.reindex(index=order, columns=order).map(lambda p: "–" if pd.isna(p) else f"{p:.2f}") \
        + " (" + counts.reindex(index=order, columns=order).astype(int).astype(str) + ")"
    cells.index = [term(q, language) for q in cells.index]
    cells.columns = [term(q, language) for q in cells.columns]
    cells.index.name = term("quadrant_from", language)
    return cells


def space_time_table(table: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Rey's space–time transition types: what each means, its count and share."""
    out = pd.DataFrame({"meaning": [text(f"spacetime.{t}", language) for t in table["type"]],
                        "count": table["count"].to_numpy(), "share": table["share"].to_numpy()},
                       index=pd.Index(table["type"].to_numpy(), name=term("transition_type", language)))
    out.columns = headers(out.columns, language)
    return out


def policy_table(documents: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Date, issuer, title (with its number) and what each document set, in ``language``."""
    titles = labels.localized(documents, "title", language)
    numbered = [text("policy.numbered", language, title=t, number=n) if n else t
                for t, n in zip(titles, documents["number"], strict=True)]
    return pd.DataFrame({term("issuer", language): labels.localized(documents, "issuer", language).to_numpy(),
                         term("document", language): numbered,
                         term("what_it_set", language): labels.localized(documents, "set", language).to_numpy()},
                        index=pd.Index(documents["date"], name=term("date", language)))


def claims_table(claims: pd.DataFrame, names: Names, config: ProvinceConfig) -> pd.DataFrame:
    """Every headline conclusion: in how many variants it holds and what it depends on."""
    lang = names.language
    rows = claim_rows(claims, names, config, capital=True)
    out = pd.DataFrame({
        term("claim", lang): rows["statement"],
        term("holds", lang): [f"{h}/{t}" for h, t in zip(rows["holds"], rows["variants_total"], strict=True)],
        term("depends_on", lang): rows["depends_on"].to_numpy(),
    })
    return out.set_index(term("claim", lang))


def bootstrap_table(boot: pd.DataFrame, names: Names) -> pd.DataFrame:
    """D of the last year per region with its interval, and the rank with its interval, highest D first."""
    lang = names.language
    d = boot[boot["quantity"] == "D"].set_index("item")
    rank = boot[boot["quantity"] == "rank"].set_index("item").reindex(d.index)
    out = pd.DataFrame({"D": d["estimate"].round(4).to_numpy(),
                        term("interval", lang): [f"[{lo:.4f}, {hi:.4f}]" for lo, hi in zip(d["low"], d["high"], strict=True)],
                        term("ranking", lang): rank["estimate"].astype(int).to_numpy(),
                        term("rank_range", lang): [labels.band_grades((int(lo), int(hi)), lang)
                                                   for lo, hi in zip(rank["low"], rank["high"], strict=True)]},
                       index=[names.region(c) for c in d.index]).sort_values("D", ascending=False)
    out.index.name = term("region", lang)
    return out


def cluster_table(clusters: pd.DataFrame, names: Names) -> pd.DataFrame:
    lang = names.language
    rows = {c: {"members": labels.join([names.region(r) for r in g["region_code"]], lang), "mean_D": g["mean_D"].mean()}
            for c, g in clusters.groupby("cluster")}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.columns = headers(out.columns, lang)
    out.index.name = term("cluster", lang)
    return out


def top_obstacle_table(top: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Regions × rank: ``ID (share %)`` of the largest obstacles (one system, one year)."""
    cells = top.assign(cell=top["item"] + " (" + top["obstacle_pct"].map(lambda v: f"{v:.1f}") + "%)")
    wide = cells.pivot(index="region_code", columns="rank", values="cell")
    wide.columns = [term("rank_n", names.language, r=r) for r in wide.columns]
    return _by_region(wide, names)


def unobstructed_notes(absent: pd.DataFrame, names: Names) -> tuple[str, ...]:
    """Why a region has no row in an obstacle table: it is the best observation on every indicator."""
    return tuple(text("table.unobstructed", names.language, region=names.region(r.region_code), year=r.year,
                      system=names.item(r.system)) for r in absent.itertuples(index=False))


def dimension_obstacles(obstacles: pd.DataFrame, config: ProvinceConfig, names: Names) -> pd.DataFrame:
    """Dimensions (declared order) × years of the provincial mean obstacle degree (%)."""
    dims = obstacles[obstacles["level"] == "dimension"].groupby(["item", "year"])["obstacle_pct"].mean().unstack("year")
    dims = in_declared_order(dims, config, "index").rename(index=names.systems)
    dims.index.name, dims.columns.name = term("dimension", names.language), None
    return dims


def grey_dimension_table(grey: pd.DataFrame, config: ProvinceConfig, names: Names, *, scope: str = "province") -> pd.DataFrame:
    """Dimensions × references (systems, D) of the grey relational grades of one scope."""
    part = grey[(grey["scope"] == scope) & (grey["level"] == "dimension")]
    wide = in_declared_order(part.pivot(index="item", columns="reference", values="grade"), config)
    wide = wide.rename(index=names.systems, columns=names.systems)
    wide.index.name, wide.columns.name = term("dimension", names.language), None
    return wide


def imputation_table(log: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Every filled or converted cell: region, year and indicator as row labels, raw text, value, method."""
    lang = names.language
    out = pd.DataFrame({"raw": [text("quoted", lang, text=r) for r in log["raw"]], "value": log["value"].to_numpy(),
                        "method": [term(m, lang) for m in log["method"]]},
                       index=pd.MultiIndex.from_arrays([[names.region(c) for c in log["region_code"]], log["year"],
                                                        log["indicator"]],
                                                       names=headers(["region", "year", "indicator"], lang)))
    out.columns = headers(["raw", "value", "method"], lang)
    return out


def cleaning_table(log: pd.DataFrame, names: Names) -> pd.DataFrame:
    """How many cells each cleaning method touched."""
    lang = names.language
    counts = log["method"].value_counts()
    out = pd.DataFrame({term("cells", lang): counts.to_numpy()}, index=[term(m, lang) for m in counts.index])
    out.index.name = term("method", lang)
    return out


def parameter_table(options: dict, language: str, *, extra: list[tuple[str, str]] = ()) -> pd.DataFrame:
    """The parameters of a section as its methods text names them: each option in words with its value
    (:func:`labels.option_rows`), then the ``extra`` rows (a label and a value each).

    Examples
    --------
    >>> parameter_table({"grey_rho": 0.5}, "en", extra=[("Regions", "8")]).to_dict("index")
    {'Distinguishing coefficient ρ': {'Value': '0.5'}, 'Regions': {'Value': '8'}}
    """
    head = [term("nb.parameter", language), term("nb.setting", language)]
    return pd.DataFrame([*labels.option_rows(options, language), *extra], columns=head).set_index(head[0])


def weight_shares(weights: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Weight of each dimension (mean over years in per-year mode), rows system × dimension."""
    lang = names.language
    shares = weights.groupby(["system", "dimension", "year"] if "year" in weights.columns else ["system", "dimension"],
                             sort=False)["weight"].sum()
    if "year" in weights.columns:
        shares = shares.groupby(level=["system", "dimension"], sort=False).mean()
    out = shares.rename(term("weight", lang)).to_frame()
    out.index = pd.MultiIndex.from_tuples([(names.item(s), names.item(d)) for s, d in out.index],
                                          names=[term("system", lang), term("dimension", lang)])
    return out


@dataclass(frozen=True)
class Sources:
    """What a thesis table is built from: the processed tables (None when absent), the province, the
    names and options of the run."""

    read: object               # catalog.Output → DataFrame | None
    meta: Meta
    names: Names
    options: AnalysisOptions
    language: str

    @property
    def config(self) -> ProvinceConfig:
        return self.meta.config

    def caption(self, key: str, **values) -> str:
        return text(f"table.{key.split('_')[0]}", self.language, **values)


def _t01(s: Sources, weights: pd.DataFrame) -> list[ResultTable]:
    method = labels.weighting_description(s.options.weighting, s.options.entropy_mode, s.language)
    return [ResultTable("t01_indicator_system", s.caption("t01", method=method),
                        indicator_system(s.meta.indicators, weights, s.names),
                        notes=labels.missing_unit_note(s.meta.indicators, s.language))]


def _t02(s: Sources, scores: pd.DataFrame) -> list[ResultTable]:
    return [ResultTable(f"t02_scores_{system}", s.caption("t02", system=s.names.item(system)),
                        by_region_and_year(scores[scores["system"] == system], "score", s.names))
            for system in s.config.system_ids]


def _t03(s: Sources, coupling: pd.DataFrame) -> list[ResultTable]:
    last = int(coupling["year"].max())
    formula = labels.option_name("coupling_formula", s.options.coupling_formula, s.language)
    subsystems = [c for c in coupling.columns if c not in catalog.COUPLING.columns + ("region_code", "year")]
    return [ResultTable("t03_coupling_d", s.caption("t03", formula=formula), by_region_and_year(coupling, "D", s.names)),
            ResultTable("t04_coupling_last_year", s.caption("t04", year=last),
                        coupling_year(coupling, s.names, s.config, year=last, subsystems=subsystems))]


def _t05(s: Sources, ranking: pd.DataFrame) -> list[ResultTable]:
    return [ResultTable("t05_ranking", s.caption("t05"), rank_change_table(comparison.rank_changes(ranking), "D", s.names))]


def _t08(s: Sources, obstacles: pd.DataFrame) -> list[ResultTable]:
    last = int(obstacles["year"].max())
    out = []
    for system in s.config.system_ids:
        part = obstacles[(obstacles["year"] == last) & (obstacles["system"] == system)]
        absent = s.meta.regions.loc[~s.meta.regions["region_code"].isin(part["region_code"]), ["region_code"]]
        out.append(ResultTable(f"t08_obstacles_{system}", s.caption("t08", system=s.names.item(system), year=last),
                               top_obstacle_table(obstacle.top_obstacles(part, s.options.top_n), s.names),
                               notes=unobstructed_notes(absent.assign(year=last, system=system), s.names)))
    method = labels.weighting_description(s.options.weighting, s.options.entropy_mode, s.language)
    out.append(ResultTable("t09_dimension_obstacles", s.caption("t09", method=method),
                           dimension_obstacles(obstacles, s.config, s.names)))
    return out


def _t12(s: Sources, moran: pd.DataFrame) -> list[ResultTable]:
    contiguity = labels.option_name("contiguity", s.options.contiguity, s.language)
    return [ResultTable("t12_moran", s.caption("t12", permutations=s.options.permutations, contiguity=contiguity),
                        moran_table(moran, s.names))]


def _t14(s: Sources, markov: pd.DataFrame) -> list[ResultTable]:
    classic = markov[markov["kind"] == "classic"].pivot(index="from_class", columns="to_class", values="count")
    bands = dict(enumerate(dynamics.grade_bands(s.options.markov_classes), start=1))
    return [ResultTable("t14_markov", s.caption("t14"), transition_table(dynamics.from_counts(classic), bands, s.names))]


def _t20(s: Sources, documents: pd.DataFrame) -> list[ResultTable]:
    return [ResultTable("t20_policy_documents", s.caption("t20"), policy_table(documents.fillna(""), s.language),
                        notes=(text("table.t20_sources", s.language, sources=labels.listing(
                            dict.fromkeys(labels.localized(documents, "source", s.language)), s.language, sentences=True)),))]


def _t21(s: Sources, models: pd.DataFrame, fit: pd.DataFrame, effects: pd.DataFrame) -> list[ResultTable]:
    stars = (text("table.stars", s.language),)
    return [ResultTable("t21_spatial_models", s.caption("t21"), spatial_model_table(models, fit, s.names), notes=stars),
            ResultTable("t22_spatial_effects", s.caption("t22"), effects_table(effects, s.names), notes=stars)]


def _pair(s: Sources) -> tuple[str, str]:
    return s.config.system_ids[0], s.config.system_ids[1]


# The thesis tables in the order they are numbered: the view of each (key prefix → the function
# that builds it from its source tables), with the decimals of its numbers. The sources and the
# caption key of every table are declared in helpers.data.catalog.THESIS_TABLES.
VIEWS = {
    "t01": _t01,
    "t02": _t02,
    "t03": _t03,
    "t05": _t05,
    "t06": lambda s, disp: [ResultTable("t06_dispersion", s.caption("t06"), cv_table(disp, s.names))],
    "t07": lambda s, clusters: [ResultTable("t07_clusters", s.caption("t07"), cluster_table(clusters, s.names))],
    "t08": _t08,
    "t10": lambda s, grey: [ResultTable("t10_grey_relational", s.caption("t10", rho=s.options.grey_rho),
                                        grey_dimension_table(grey, s.config, s.names))],
    "t11": lambda s, log: [ResultTable("t11_data_cleaning", s.caption("t11"), cleaning_table(log, s.names))],
    "t12": _t12,
    "t13": lambda s, disparity: [ResultTable("t13_disparity", s.caption("t13"), disparity_table(disparity, "D", s.names))],
    "t14": _t14,
    "t15": lambda s, forecast: [ResultTable("t15_forecast", s.caption("t15", year=int(forecast["year"].max())),
                                            forecast_summary(forecast, "D", s.names))],
    "t16": lambda s, geo: [ResultTable("t16_geodetector", s.caption(
        "t16", method=labels.option_name("discretization", s.options.discretization, s.language)),
        geodetector_table(geo, s.names, measure="D", level="dimension"))],
    "t17": lambda s, regression: [ResultTable("t17_regression", s.caption("t17"), regression_table(regression, s.names))],
    "t18": lambda s, claims: [ResultTable("t18_claims", s.caption("t18", total=int(claims["variants_total"].iloc[0])),
                                          claims_table(claims, s.names, s.config))],
    "t19": lambda s, boot: [ResultTable("t19_bootstrap", s.caption("t19", year=s.config.last_year, reps=int(boot["reps"].iloc[0])),
                                        bootstrap_table(boot, s.names))],
    "t20": _t20,
    "t21": _t21,
    "t23": lambda s, types: [ResultTable("t23_development_types", s.caption("t23", year=int(types["year"].max())),
                                         development_type_table(types, s.names, numerator=_pair(s)[1], denominator=_pair(s)[0]))],
    "t24": lambda s, bv: [ResultTable("t24_bivariate_moran", s.caption("t24"), bivariate_moran_table(bv, s.names))],
    "t25": lambda s, mismatch: [ResultTable("t25_centre_mismatch", s.caption(
        "t25", origin=s.names.item(_pair(s)[0]), target=s.names.item(_pair(s)[1])), centre_mismatch_table(mismatch, s.names))],
    "t26": lambda s, beta: [ResultTable("t26_beta_convergence", s.caption("t26"), beta_table(beta, s.names),
                                        notes=(text("table.stars", s.language),))],
    "t27": lambda s, lm: [ResultTable("t27_lisa_markov", s.caption("t27"), lisa_markov_table(lm, s.language))],
    "t28": lambda s, st: [ResultTable("t28_space_time", s.caption("t28"), space_time_table(st, s.language))],
}


def result_tables(paths: ProvincePaths, meta: Meta, options: AnalysisOptions, *, language: str = "en") -> list[ResultTable]:
    """The publication tables of a province, from the files in ``data/processed/<province>/``: one per
    declaration of :data:`helpers.data.catalog.THESIS_TABLES` whose source tables exist and have rows,
    with the decimals declared there; region tables of many regions shortened to their extremes."""

    def read(output: catalog.Output) -> pd.DataFrame | None:
        path = paths.processed_file(output.file)
        return read_table(path) if path.is_file() else None

    sources = Sources(read, meta, labels.names_for(meta.config, meta.regions, meta.indicators, language), options, language)
    tables: list[ResultTable] = []
    for declared in catalog.THESIS_TABLES:
        frames = [read(output) for output in declared.sources]
        if any(frame is None or frame.empty for frame in frames):
            continue
        tables += [replace(t, decimals=declared.decimals) for t in VIEWS[declared.key](sources, *frames)]
    coupling = read(catalog.COUPLING)
    if coupling is not None:
        last = coupling[coupling["year"] == coupling["year"].max()]
        order = last.set_index("region_code")["D"].rename(index=sources.names.regions)
        tables = [_shortened(t, order, language) for t in tables]
    return tables


TABLE_EACH_END = 10   # rows of a region table of many regions shown at each end in LaTeX and the appendix


def _shortened(table: ResultTable, order: pd.Series, language: str) -> ResultTable:
    """A table with a row per region, beyond MANY_REGIONS rows: the regions with the highest and the
    lowest D of the last year, with a note; the workbook keeps every row."""
    frame = table.frame
    if frame.index.name != term("region", language) or not is_many(len(frame)):
        return table
    ranked = order.reindex(frame.index).sort_values(ascending=False, kind="mergesort").index
    keep = [*ranked[:TABLE_EACH_END], *ranked[-TABLE_EACH_END:]]
    note = text("table.shortened", language, n=TABLE_EACH_END, total=len(frame))
    return ResultTable(table.key, table.title, frame.loc[keep], table.decimals, table.notes, full=frame, excerpt=note)


