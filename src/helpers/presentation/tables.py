"""Thesis tables: compact, labelled views of the processed results.

Each function takes result tables (as the notebooks write them) and :class:`~.labels.Names` and
returns a small DataFrame whose index is a meaningful row label (region, indicator, year …) and
whose headers are in the names' language. :func:`result_tables` assembles the numbered set that
the exports write as LaTeX, Excel and Word, with titles that name the method options of the run.
The notebooks show the same views.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def coupling_year(coupling: pd.DataFrame, year: int, subsystems: list[str], names: Names, config: ProvinceConfig) -> pd.DataFrame:
    """U columns, C, T, D, grade and lag type of every region in one year."""
    lang = names.language
    part = coupling[coupling["year"] == year].set_index("region_code")
    out = part[subsystems + ["C", "T", "D"]].rename(columns=names.systems)
    out[term("grade_label", lang)] = [labels.grade_name(g, lang) for g in part["grade"]]
    out[term("lag_type", lang)] = [lag_label(t, config, lang) for t in part["lag_type"]]
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


def local_table(lisa: pd.DataFrame, spots: pd.DataFrame, measure: str, names: Names) -> pd.DataFrame:
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


def transition_table(result, bands: dict[int, tuple[int, int]], names: Names, estimated: bool = True) -> pd.DataFrame:
    """Classes × classes of 'probability (count)' (counts alone when not ``estimated``), the transitions
    out of each class and the steady state; the columns carry the grades of each band (1–3, …)."""
    lang = names.language
    counts = result.counts.astype(int).astype(str)
    cells = (result.probabilities.map(lambda p: "–" if pd.isna(p) else f"{p:.2f}") + " (" + counts + ")") if estimated \
        else counts
    cells.index = [labels.band_name(bands[c], lang) for c in cells.index]
    cells.columns = [labels.band_grades(bands[c]) for c in cells.columns]
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


def geodetector_table(geodetector: pd.DataFrame, measure: str, level: str, names: Names) -> pd.DataFrame:
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
        term("depends_on", lang): [labels.depends_text(d, lang) for d in rows["depends_on"]],
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
                        term("rank_range", lang): [f"{int(lo)}–{int(hi)}" for lo, hi in zip(rank["low"], rank["high"], strict=True)]},
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
    wide.columns = [f"{term('ranking', names.language)} {r}" for r in wide.columns]
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


def grey_dimension_table(grey: pd.DataFrame, config: ProvinceConfig, names: Names, scope: str = "province") -> pd.DataFrame:
    """Dimensions × references (systems, D) of the grey relational grades of one scope."""
    part = grey[(grey["scope"] == scope) & (grey["level"] == "dimension")]
    wide = in_declared_order(part.pivot(index="item", columns="reference", values="grade"), config)
    wide = wide.rename(index=names.systems, columns=names.systems)
    wide.index.name, wide.columns.name = term("dimension", names.language), None
    return wide


def imputation_table(log: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Every filled or converted cell: region, year and indicator as row labels, raw text, value, method."""
    lang = names.language
    out = pd.DataFrame({"raw": log["raw"].to_numpy(), "value": log["value"].to_numpy(),
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


def result_tables(paths: ProvincePaths, meta: Meta, options: AnalysisOptions, language: str = "en") -> list[ResultTable]:
    """The publication tables of a province, from the files in ``data/processed/<province>/``."""

    def read(output: catalog.Output) -> pd.DataFrame | None:
        path = paths.processed_file(output.file)
        return read_table(path) if path.is_file() else None

    config = meta.config
    names = labels.names_for(config, meta.regions, meta.indicators, language)
    method = labels.weighting_description(options.weighting, options.entropy_mode, language)
    tables: list[ResultTable] = []
    weights, scores, coupling = read(catalog.WEIGHTS), read(catalog.SCORES), read(catalog.COUPLING)
    if weights is not None:
        tables.append(ResultTable("t01_indicator_system", text("table.t01", language, method=method),
                                  indicator_system(meta.indicators, weights, names), 4))
    if scores is not None:
        for system in config.system_ids:
            tables.append(ResultTable(f"t02_scores_{system}", text("table.t02", language, system=names.item(system)),
                                      by_region_and_year(scores[scores["system"] == system], "score", names)))
    if coupling is not None:
        last = int(coupling["year"].max())
        formula = labels.option_name("coupling_formula", options.coupling_formula, language)
        subsystems = [c for c in coupling.columns if c not in catalog.COUPLING.columns + ("region_code", "year")]
        tables.append(ResultTable("t03_coupling_d", text("table.t03", language, formula=formula),
                                  by_region_and_year(coupling, "D", names)))
        tables.append(ResultTable("t04_coupling_last_year", text("table.t04", language, year=last),
                                  coupling_year(coupling, last, subsystems, names, config)))
    ranking, disp, clusters = read(catalog.RANKING), read(catalog.DISPERSION), read(catalog.CLUSTERS)
    if ranking is not None:
        tables.append(ResultTable("t05_ranking", text("table.t05", language),
                                  rank_change_table(comparison.rank_changes(ranking), "D", names), 0))
    if disp is not None:
        tables.append(ResultTable("t06_dispersion", text("table.t06", language), cv_table(disp, names), 4))
    if clusters is not None and len(clusters):
        tables.append(ResultTable("t07_clusters", text("table.t07", language), cluster_table(clusters, names)))
    obstacles = read(catalog.OBSTACLES)
    if obstacles is not None and len(obstacles):
        last = int(obstacles["year"].max())
        for system in config.system_ids:
            part = obstacles[(obstacles["year"] == last) & (obstacles["system"] == system)]
            absent = meta.regions.loc[~meta.regions["region_code"].isin(part["region_code"]), ["region_code"]]
            absent = absent.assign(year=last, system=system)
            tables.append(ResultTable(f"t08_obstacles_{system}", text("table.t08", language, system=names.item(system), year=last),
                                      top_obstacle_table(obstacle.top_obstacles(part, options.top_n), names),
                                      notes=unobstructed_notes(absent, names)))
        tables.append(ResultTable("t09_dimension_obstacles", text("table.t09", language, method=method),
                                  dimension_obstacles(obstacles, config, names), 1))
    grey = read(catalog.GREY_RELATIONAL)
    if grey is not None:
        tables.append(ResultTable("t10_grey_relational", text("table.t10", language, rho=options.grey_rho),
                                  grey_dimension_table(grey, config, names), 3))
    log = read(catalog.IMPUTATION_LOG)
    if log is not None:
        tables.append(ResultTable("t11_data_cleaning", text("table.t11", language), cleaning_table(log, names), 0))
    tables += _newer_tables(read, config, names, options, language)
    if coupling is not None:
        last = coupling[coupling["year"] == coupling["year"].max()]
        order = last.set_index("region_code")["D"].rename(index=names.regions)
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


def _newer_tables(read, config: ProvinceConfig, names: Names, options: AnalysisOptions, language: str) -> list[ResultTable]:
    """The tables of notebooks 09–13 and the policy documents of 05, each only when there are rows."""
    out: list[ResultTable] = []
    moran = read(catalog.MORAN)
    if moran is not None and len(moran):
        out.append(ResultTable("t12_moran", text("table.t12", language, permutations=options.permutations,
                                                 contiguity=labels.option_name("contiguity", options.contiguity, language)),
                               moran_table(moran, names), 3))
    disparity = read(catalog.DISPARITY)
    if disparity is not None and len(disparity):
        out.append(ResultTable("t13_disparity", text("table.t13", language), disparity_table(disparity, "D", names), 4))
    markov = read(catalog.MARKOV)
    if markov is not None and len(markov):
        classic = markov[markov["kind"] == "classic"].pivot(index="from_class", columns="to_class", values="count")
        bands = dict(enumerate(dynamics.grade_bands(options.markov_classes), start=1))
        out.append(ResultTable("t14_markov", text("table.t14", language),
                               transition_table(dynamics.from_counts(classic), bands, names), 0))
    forecast = read(catalog.FORECAST)
    if forecast is not None and len(forecast):
        out.append(ResultTable("t15_forecast", text("table.t15", language, year=int(forecast["year"].max())),
                               forecast_summary(forecast, "D", names), 4))
    geodetector = read(catalog.GEODETECTOR)
    if geodetector is not None and len(geodetector):
        method = labels.option_name("discretization", options.discretization, language)
        out.append(ResultTable("t16_geodetector", text("table.t16", language, method=method),
                               geodetector_table(geodetector, "D", "dimension", names), 4))
    regression = read(catalog.REGRESSION)
    if regression is not None and len(regression):
        driver_names = {d.id: labels.pick((d.name, d.name_zh), language) for d in config.drivers}
        with_drivers = Names(language, names.regions, {**names.systems, **driver_names}, names.indicators)
        out.append(ResultTable("t17_regression", text("table.t17", language), regression_table(regression, with_drivers), 4))
    claims = read(catalog.CLAIMS)
    if claims is not None and len(claims):
        out.append(ResultTable("t18_claims", text("table.t18", language, total=int(claims["variants_total"].iloc[0])),
                               claims_table(claims, names, config)))
    boot = read(catalog.BOOTSTRAP)
    if boot is not None and len(boot):
        out.append(ResultTable("t19_bootstrap", text("table.t19", language, year=config.last_year,
                                                     reps=int(boot["reps"].iloc[0])), bootstrap_table(boot, names), 4))
    documents = read(catalog.POLICY_DOCUMENTS)
    if documents is not None and len(documents):
        out.append(ResultTable("t20_policy_documents", text("table.t20", language),
                               policy_table(documents.fillna(""), language),
                               notes=(text("table.t20_sources", language,
                                           sources=labels.listing(dict.fromkeys(labels.localized(
                                               documents, "source", language)), language, sentences=True)),)))
    return out
