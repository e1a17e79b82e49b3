"""Regional comparison: rankings, dispersion and σ-convergence, clusters of regions.

* Dispersion per year over the regions: mean μ, population standard deviation σ (ddof = 0, the
  regions are the whole population of the province), coefficient of variation CV = σ/μ and the
  max/min ratio. σ-convergence: the CV falls over time (least-squares slope of CV on the year < 0).
* Clusters: Ward hierarchical clustering of the regions' standardised trajectories (each year's
  value a feature, z-scored over regions), k chosen by the mean silhouette among 2 … min(6, n − 1),
  and k-means with the same k as a check of stability (adjusted Rand index between the partitions).
* β-convergence (:func:`beta_convergence`; Barro and Sala-i-Martin 1992, J. Political Economy 100(2):
  223–251; the panel form with fixed effects after Islam 1995, QJE 110(4): 1127–1170): growth
  g_it = ln(x_i,t+1 / x_it) over consecutive years, regressed by OLS on ln x_it.
  Absolute: g_it = α + β ln x_it + ε_it, pooled over regions and years. Conditional:
  g_it = β ln x_it + γ'z_it + μ_i + η_t + ε_it with region and year fixed effects (dummies) and
  optional controls z_it (at the start year t). β < 0 is convergence; speed λ = −ln(1 + β) per
  year and half-life ln 2 / λ (both undefined, NaN, unless −1 < β < 0).
  Standard errors clustered by region, V = (X'X)⁻¹ [Σ_g X_g'û_g û_g'X_g] (X'X)⁻¹ · G/(G − 1) ·
  (N − 1)/(N − K), with G regions, N observations, and p from t(G − 1), as Stata's
  ``vce(cluster region)`` (Cameron and Miller 2015, J. Human Resources 50(2): 317–372). K counts
  the coefficients; with ``df_correction="within"`` (default) the G − 1 region dummies, nested in
  the clusters, are not counted (Stata's ``xtreg, fe``; linearmodels ``PanelOLS`` with
  ``group_debias``), with ``"regress"`` they are (Stata's ``regress … i.region i.year``;
  statsmodels OLS with dummies). The two coincide for absolute convergence. With 8–13 regions the
  t(G − 1) reference matters: its 5 % critical value is 2.36 for G = 8, not 1.96. The
  fixed-effects β of a short panel is biased towards faster convergence (Nickell 1981,
  Econometrica 49(6)); read it together with the absolute β.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.cluster.vq import kmeans2
from scipy.spatial.distance import pdist, squareform

KMEANS_SEED = 20240601
KMEANS_STARTS = 25
BETA_KINDS = ("absolute", "conditional")
DF_CORRECTIONS = ("within", "regress")


def long_measures(coupling: pd.DataFrame, scores: pd.DataFrame, systems: list[str] | None = None) -> pd.DataFrame:
    """D and each system score (in the order of ``systems``) as one long table: region_code, year, measure, value.

    Examples
    --------
    >>> c = pd.DataFrame({"region_code": ["r"], "year": [2020], "D": [0.6]})
    >>> s = pd.DataFrame({"region_code": ["r"], "year": [2020], "system": ["RR"], "score": [0.4]})
    >>> long_measures(c, s)["measure"].tolist()
    ['D', 'RR']
    """
    d = coupling[["region_code", "year", "D"]].rename(columns={"D": "value"}).assign(measure="D")
    s = scores.rename(columns={"system": "measure", "score": "value"})
    out = pd.concat([d, s[["region_code", "year", "measure", "value"]]], ignore_index=True)
    order = ["D"] + (systems or sorted(s["measure"].unique()))
    out["position"] = out["measure"].map({m: i for i, m in enumerate(order)})
    out = out.sort_values(["position", "region_code", "year"], kind="mergesort").drop(columns="position")
    return out[["region_code", "year", "measure", "value"]].reset_index(drop=True)


def ranking(measures: pd.DataFrame) -> pd.DataFrame:
    """Rank of every region per year and measure (1 = highest) beside the provincial mean.

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b", "c"], "year": 2020, "measure": "D", "value": [0.3, 0.6, 0.9]})
    >>> ranking(m)[["region_code", "rank", "provincial_mean"]].values.tolist()
    [['c', 1, 0.6], ['b', 2, 0.6], ['a', 3, 0.6]]
    """
    out = measures.copy()
    grouped = out.groupby(["year", "measure"])["value"]
    out["rank"] = grouped.rank(ascending=False, method="min").astype(int)
    out["provincial_mean"] = grouped.transform("mean")
    out["diff_from_mean"] = out["value"] - out["provincial_mean"]
    order = {m: i for i, m in enumerate(dict.fromkeys(measures["measure"]))}
    out = out.assign(position=out["measure"].map(order)).sort_values(["position", "year", "rank", "region_code"], kind="mergesort")
    return out.drop(columns="position").reset_index(drop=True)


def rank_changes(ranks: pd.DataFrame) -> pd.DataFrame:
    """Rank in the first and last year and the change (positive = moved up).

    Examples
    --------
    >>> ranks = pd.DataFrame({"measure": "D", "region_code": ["a", "b", "a", "b"], "year": [2020, 2020, 2021, 2021],
    ...                       "rank": [2, 1, 1, 2]})
    >>> rank_changes(ranks)[["region_code", "change"]].values.tolist()
    [['a', 1], ['b', -1]]
    """
    first, last = ranks["year"].min(), ranks["year"].max()
    wide = ranks[ranks["year"].isin([first, last])].pivot(index=["measure", "region_code"], columns="year", values="rank")
    wide.columns = ["rank_first", "rank_last"]
    wide["change"] = wide["rank_first"] - wide["rank_last"]
    return wide.reset_index()


def group_means(measures: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Mean of each measure per region group and year (regions without a group are left out).

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b", "c"], "year": 2020, "measure": "D", "value": [0.2, 0.4, 0.9]})
    >>> regions = pd.DataFrame({"region_code": ["a", "b", "c"], "group": ["east", "east", ""]})
    >>> group_means(m, regions)[["group", "mean"]].values.tolist()
    [['east', 0.30000000000000004]]
    """
    groups = regions.set_index("region_code")["group"]
    tagged = measures.assign(group=measures["region_code"].map(groups))
    tagged = tagged[tagged["group"].fillna("") != ""]
    return tagged.groupby(["group", "year", "measure"], sort=True)["value"].mean().rename("mean").reset_index()


def dispersion(measures: pd.DataFrame) -> pd.DataFrame:
    """Per year and measure: mean, population σ, CV = σ/μ, max/min ratio, number of regions.

    Examples
    --------
    Values 1 and 3: μ = 2, σ = 1 (population), CV = 0.5:

    >>> m = pd.DataFrame({"region_code": ["a", "b"], "year": 2020, "measure": "D", "value": [1.0, 3.0]})
    >>> dispersion(m)[["mean", "std", "cv", "max_min_ratio"]].values.tolist()
    [[2.0, 1.0, 0.5, 3.0]]
    """
    g = measures.groupby(["year", "measure"], sort=False)["value"]
    out = pd.DataFrame({"mean": g.mean(), "std": g.std(ddof=0), "min": g.min(), "max": g.max(), "n": g.size()})
    out["cv"] = out["std"] / out["mean"]
    out["max_min_ratio"] = out["max"] / out["min"]
    out = out.reset_index()[["year", "measure", "n", "mean", "std", "cv", "max_min_ratio"]]
    return out.sort_values("year", kind="mergesort").reset_index(drop=True)


def sigma_convergence(disp: pd.DataFrame) -> pd.DataFrame:
    """Least-squares slope of the CV on the year per measure; a negative slope is σ-convergence.

    Examples
    --------
    >>> disp = pd.DataFrame({"measure": "D", "year": [2020, 2021, 2022], "cv": [0.5, 0.4, 0.3]})
    >>> row = sigma_convergence(disp).iloc[0]
    >>> round(float(row["slope_per_year"]), 6), bool(row["converging"])
    (-0.1, True)
    """
    rows = []
    for measure, part in disp.groupby("measure", sort=False):
        slope = np.polyfit(part["year"].to_numpy(float), part["cv"].to_numpy(float), 1)[0]
        rows.append({"measure": measure, "cv_first": part["cv"].iloc[0], "cv_last": part["cv"].iloc[-1],
                     "slope_per_year": slope, "converging": bool(slope < 0)})
    return pd.DataFrame(rows)


def standardized_trajectories(measures: pd.DataFrame, measure_names: list[str]) -> pd.DataFrame:
    """Regions × (measure, year) matrix, each column z-scored over the regions (constant columns dropped).

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b"], "year": 2020, "measure": "D", "value": [1.0, 3.0]})
    >>> standardized_trajectories(m, ["D"]).to_numpy().ravel().tolist()
    [-1.0, 1.0]
    """
    wide = measures[measures["measure"].isin(measure_names)].pivot(index="region_code", columns=["measure", "year"], values="value")
    sd = wide.std(ddof=0)
    wide = wide.loc[:, sd > 0]
    return (wide - wide.mean()) / wide.std(ddof=0)


def silhouette(X: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (Rousseeuw 1987) with Euclidean distances; a singleton cluster scores 0.

    Examples
    --------
    Two tight, distant pairs: a = 0.1, b ≈ 10, so s ≈ 0.99 for every point:

    >>> X = np.array([[0.0], [0.1], [10.0], [10.1]])
    >>> round(silhouette(X, np.array([1, 1, 2, 2])), 4)
    0.99
    """
    labels = np.asarray(labels)
    distances = squareform(pdist(X))
    clusters = np.unique(labels)
    if len(clusters) < 2:
        raise ValueError("the silhouette needs at least two clusters")
    member = labels[:, None] == clusters[None, :]                 # n × k
    sizes = member.sum(axis=0)
    totals = distances @ member                                   # n × k: sum of distances to each cluster
    own = member.argmax(axis=1)
    own_size = sizes[own]
    a = np.where(own_size > 1, totals[np.arange(len(X)), own] / np.maximum(own_size - 1, 1), 0.0)
    others = np.where(member, np.inf, totals / sizes)
    b = others.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(s.mean())


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) of two partitions: 1 identical, ≈ 0 by chance.

    Examples
    --------
    >>> adjusted_rand_index([1, 1, 2, 2], [2, 2, 1, 1])
    1.0
    """
    table = pd.crosstab(np.asarray(a), np.asarray(b)).to_numpy()
    n = table.sum()

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else float((index - expected) / (maximum - expected))


def _relabel_by(labels: np.ndarray, order_values: pd.Series) -> np.ndarray:
    """Number clusters 1, 2, … by decreasing mean of ``order_values`` (cluster 1 = highest)."""
    means = pd.Series(order_values.to_numpy()).groupby(labels).mean().sort_values(ascending=False)
    mapping = {old: new for new, old in enumerate(means.index, start=1)}
    return np.array([mapping[x] for x in labels])


def _kmeans(X: np.ndarray, k: int) -> np.ndarray:
    """k-means (scipy kmeans2, k-means++ starts) with a fixed seed; the best of several starts."""
    rng = np.random.default_rng(KMEANS_SEED)
    best, best_inertia = None, np.inf
    for _ in range(KMEANS_STARTS):
        centroids, labels = kmeans2(X, k, minit="++", rng=rng)
        inertia = ((X - centroids[labels]) ** 2).sum()
        if len(np.unique(labels)) == k and inertia < best_inertia - 1e-12:
            best, best_inertia = labels, inertia
    return best if best is not None else labels


def cluster_regions(X: pd.DataFrame, order_values: pd.Series, k: int | None = None,
                    k_max: int = 6) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Ward clusters of the rows of ``X`` (regions) with k chosen by silhouette, and k-means as a check.

    Parameters
    ----------
    X : pandas.DataFrame
        Regions × features (see :func:`standardized_trajectories`), at least three rows.
    order_values : pandas.Series
        E.g. mean D per region: numbers the clusters from the highest (1) down.
    k : int, optional
        Fixed number of clusters; by default the k with the highest silhouette in 2 … min(k_max, n − 1).

    Returns
    -------
    tuple
        (clusters: region_code, cluster, kmeans_cluster, k), (silhouette per k), Ward linkage matrix.

    Examples
    --------
    >>> X = pd.DataFrame({"f": [0.0, 0.1, 5.0, 5.1]}, index=list("abcd"))
    >>> clusters, scores, tree = cluster_regions(X, pd.Series([1.0, 1.0, 9.0, 9.0], index=list("abcd")))
    >>> clusters["cluster"].tolist(), int(clusters["k"].iloc[0])
    ([2, 2, 1, 1], 2)
    """
    n = len(X)
    if n < 3:
        raise ValueError("clustering needs at least three regions")
    tree = linkage(X.to_numpy(), method="ward")
    candidates = list(range(2, min(k_max, n - 1) + 1))
    scores = pd.DataFrame({"k": candidates,
                           "silhouette": [silhouette(X.to_numpy(), fcluster(tree, c, "maxclust")) for c in candidates]})
    if k is None:
        k = int(scores.loc[scores["silhouette"].idxmax(), "k"])  # ties: the first, i.e. the smaller k
    ward = _relabel_by(fcluster(tree, k, "maxclust"), order_values.reindex(X.index))
    km = _relabel_by(_kmeans(X.to_numpy(), k), order_values.reindex(X.index))
    clusters = pd.DataFrame({"region_code": X.index, "cluster": ward, "kmeans_cluster": km, "k": k})
    return clusters, scores, tree


def speed_and_half_life(beta: float) -> tuple[float, float]:
    """Convergence speed λ = −ln(1 + β) per year and half-life ln 2 / λ (NaN unless −1 < β < 0).

    Examples
    --------
    β = −0.1: λ = −ln 0.9 = 0.105361, half-life = 0.693147/0.105361 = 6.5788 years:

    >>> [round(v, 6) for v in speed_and_half_life(-0.1)]
    [0.105361, 6.578813]
    >>> speed_and_half_life(0.02)
    (nan, nan)
    """
    if not np.isfinite(beta) or not -1.0 < beta < 0.0:
        return np.nan, np.nan
    speed = -np.log1p(beta)
    return float(speed), float(np.log(2.0) / speed)


def _growth_panel(values: pd.DataFrame) -> pd.DataFrame:
    """region_code, year (start of the interval), log_level = ln x_t, growth = ln(x_t+1/x_t)."""
    if not isinstance(values, pd.DataFrame) or values.shape[0] == 0:
        raise ValueError("values must be a DataFrame of regions (rows) × years (columns)")
    if values.index.has_duplicates:
        raise ValueError(f"region(s) listed twice: {', '.join(map(str, values.index[values.index.duplicated()].unique()))}")
    try:
        years = np.array([int(y) for y in values.columns])
    except (TypeError, ValueError):
        raise ValueError(f"the columns of values must be years, got {list(values.columns)!r}") from None
    if len(years) < 2:
        raise ValueError("β-convergence needs at least two years")
    gaps = np.diff(years)
    if (gaps != 1).any():
        k = int(np.flatnonzero(gaps != 1)[0])
        raise ValueError(f"the years must be consecutive and increasing: {years[k]} is followed by {years[k + 1]}")
    x = values.to_numpy(dtype=float)
    bad = ~np.isfinite(x) | (x <= 0)
    if bad.any():
        where = [f"{values.index[i]} in {years[j]}" for i, j in zip(*np.nonzero(bad), strict=True)][:5]
        raise ValueError(f"ln x needs finite values > 0: not so for {'; '.join(where)}")
    logs = np.log(x)
    n, t = logs.shape
    return pd.DataFrame({"region_code": np.repeat(values.index.to_numpy(), t - 1),
                         "year": np.tile(years[:-1], n),
                         "log_level": logs[:, :-1].ravel(),
                         "growth": np.diff(logs, axis=1).ravel()})


def _aligned_controls(controls: pd.DataFrame, long: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(controls, pd.DataFrame) or controls.index.nlevels != 2:
        raise ValueError("controls must be a DataFrame indexed by (region_code, year)")
    if controls.shape[1] == 0:
        raise ValueError("controls has no column")
    try:
        index = controls.index.set_levels([controls.index.levels[0], controls.index.levels[1].astype(int)])
        table = controls.set_axis(index).astype(float)
    except (TypeError, ValueError):
        raise ValueError("controls must be numbers indexed by (region_code, year) with whole-number years") from None
    if table.index.has_duplicates:
        raise ValueError("controls has duplicated (region_code, year) rows")
    keys = pd.MultiIndex.from_arrays([long["region_code"], long["year"]])
    present = keys.isin(table.index)
    if not present.all():
        where = [f"{r} in {y}" for r, y in keys[~present][:5]]
        raise ValueError(f"no controls for {'; '.join(where)} (each interval needs the controls of its start year)")
    aligned = table.reindex(keys)
    bad = ~np.isfinite(aligned.to_numpy())
    if bad.any():
        where = [f"{aligned.columns[j]} of {keys[i][0]} in {keys[i][1]}" for i, j in zip(*np.nonzero(bad), strict=True)][:5]
        raise ValueError(f"controls must be finite: not so for {'; '.join(where)}")
    return aligned.reset_index(drop=True)


def beta_convergence(values: pd.DataFrame, kind: str = "absolute", controls: pd.DataFrame | None = None,
                     df_correction: str = "within") -> pd.Series:
    """β-convergence of ``values`` with standard errors clustered by region (module docstring).

    Parameters
    ----------
    values : pandas.DataFrame
        Regions (rows, e.g. region codes) × consecutive years (columns, in order), values > 0.
    kind : str, default "absolute"
        ``absolute`` (pooled OLS with a constant) or ``conditional`` (region and year fixed effects,
        optional controls).
    controls : pandas.DataFrame, optional
        Only with ``conditional``: indexed by (region_code, year), one column per control; the row
        of the start year t of every interval t → t + 1 is used.
    df_correction : str, default "within"
        K of the small-sample factor (N − 1)/(N − K): ``within`` leaves out the region dummies,
        ``regress`` counts them (:data:`DF_CORRECTIONS`).

    Returns
    -------
    pandas.Series
        kind, beta, se, t, df (G − 1), p (two-sided, t(G − 1)), speed, half_life (NaN unless
        −1 < β < 0), converging (β < 0), n (observations N), regions (G), intervals (T − 1),
        k (the K of the correction).

    Raises
    ------
    ValueError
        Years not consecutive, values ≤ 0 or missing, missing or collinear controls (named), too
        few regions or observations.

    Examples
    --------
    ln x_t+1 = 0.9 ln x_t + 0.05 in every region: g = 0.05 − 0.1 ln x_t exactly, so β = −0.1 with
    no residual, λ = −ln 0.9 and the half-life 6.58 years:

    >>> logs = np.array([[1.0], [2.0], [3.0]])
    >>> for _ in range(3):
    ...     logs = np.hstack([logs, 0.9 * logs[:, -1:] + 0.05])
    >>> values = pd.DataFrame(np.exp(logs), index=["a", "b", "c"], columns=[2020, 2021, 2022, 2023])
    >>> result = beta_convergence(values)
    >>> round(float(result["beta"]), 10), round(float(result["half_life"]), 4), int(result["n"]), bool(result["converging"])
    (-0.1, 6.5788, 9, True)
    """
    from scipy.stats import t as student_t

    if kind not in BETA_KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(BETA_KINDS)}")
    if df_correction not in DF_CORRECTIONS:
        raise ValueError(f"unknown df_correction {df_correction!r}: use one of {', '.join(DF_CORRECTIONS)}")
    if controls is not None and kind != "conditional":
        raise ValueError("controls enter only the conditional model (kind='conditional')")
    long = _growth_panel(values)
    regions = pd.unique(long["region_code"])
    G = len(regions)
    if G < 2:
        raise ValueError("standard errors clustered by region need at least two regions")
    intervals = values.shape[1] - 1
    columns = {"const": np.ones(len(long)), "log_level": long["log_level"].to_numpy()}
    nested = 0
    if kind == "conditional":
        if intervals < 2:
            raise ValueError("the conditional model needs at least three years (two intervals per region)")
        extra = _aligned_controls(controls, long) if controls is not None else pd.DataFrame(index=long.index)
        clash = [c for c in extra.columns if c in columns or str(c).startswith(("region:", "year:"))]
        if clash:
            raise ValueError(f"control name(s) {', '.join(map(str, clash))} are reserved")
        columns.update({c: extra[c].to_numpy() for c in extra.columns})
        for region in regions[1:]:
            columns[f"region:{region}"] = (long["region_code"] == region).to_numpy(dtype=float)
        for year in sorted(long["year"].unique())[1:]:
            columns[f"year:{year}"] = (long["year"] == year).to_numpy(dtype=float)
        nested = G - 1
    names = list(columns)
    X = np.column_stack([columns[c] for c in names])
    y = long["growth"].to_numpy()
    N, K = X.shape
    rank = np.linalg.matrix_rank(X)
    if rank < K:
        if kind == "conditional" and controls is not None:
            redundant = [c for c in controls.columns
                         if np.linalg.matrix_rank(np.delete(X, names.index(c), axis=1)) == rank]
            raise ValueError(f"control(s) {', '.join(map(str, redundant))} are collinear with ln x, the fixed "
                             "effects or each other")
        raise ValueError("ln x does not vary enough to estimate β (the design matrix is singular)")
    k = K - nested if df_correction == "within" else K
    if N - k <= 0:
        raise ValueError(f"{N} observations cannot estimate {k} coefficients")
    bread = np.linalg.inv(X.T @ X)
    coef = bread @ (X.T @ y)
    resid = y - X @ coef
    scores = pd.DataFrame(X * resid[:, None]).groupby(long["region_code"].to_numpy(), sort=False).sum().to_numpy()
    meat = scores.T @ scores
    V = bread @ meat @ bread * (G / (G - 1)) * ((N - 1) / (N - k))
    beta, se = float(coef[1]), float(np.sqrt(V[1, 1]))
    t_value = beta / se if se > 0 else np.copysign(np.inf, beta) if beta != 0 else np.nan
    p = np.nan if np.isnan(t_value) else float(2 * student_t.sf(abs(t_value), G - 1))
    speed, half_life = speed_and_half_life(beta)
    return pd.Series({"kind": kind, "beta": beta, "se": se, "t": t_value, "df": G - 1, "p": p, "speed": speed,
                      "half_life": half_life, "converging": bool(beta < 0), "n": N, "regions": G,
                      "intervals": intervals, "k": k})


BETA_UNDEFINED = ("non_positive", "not_estimable")   # the codes of convergence_table's ``undefined``


def convergence_table(measures: pd.DataFrame, controls: pd.DataFrame | None = None) -> pd.DataFrame:
    """``beta_convergence.csv``: absolute and conditional β-convergence of every measure of a long table
    (region_code, year, measure, value), the conditional model with ``controls`` when given.

    A measure that cannot be estimated keeps its rows, with no estimates and the reason in ``undefined``:
    ``non_positive`` (a value ≤ 0 has no logarithm) or ``not_estimable`` (too few years or regions, a
    singular design).

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": list("aabb"), "year": [2020, 2021] * 2, "measure": "X",
    ...                   "value": [1.0, 0.0, 2.0, 3.0]})
    >>> convergence_table(m)[["kind", "undefined"]].values.tolist()
    [['absolute', 'non_positive'], ['conditional', 'non_positive']]
    """
    columns = ["beta", "se", "p", "speed", "half_life", "converging", "n", "regions"]
    rows = []
    for measure, part in measures.groupby("measure", sort=False):
        values = part.pivot(index="region_code", columns="year", values="value")
        for kind in BETA_KINDS:
            undefined = BETA_UNDEFINED[0] if (values.to_numpy() <= 0).any() else ""
            if not undefined:
                try:
                    fit = beta_convergence(values, kind, controls if kind == "conditional" else None)
                except ValueError:
                    undefined = BETA_UNDEFINED[1]
            estimates = fit[columns].to_dict() if not undefined else {**dict.fromkeys(columns, np.nan), "converging": False}
            rows.append({"measure": measure, "kind": kind, **estimates, "undefined": undefined})
    return pd.DataFrame(rows)
