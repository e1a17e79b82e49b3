"""Driving factors: the geographical detector (Wang et al. 2010) with a permutation null, a two-way
fixed-effects regression on external drivers, and the agreement between methods.

* Factor detector: for an outcome Y over N units stratified by a factor X into strata h = 1 … L
  with N_h units and variances σ_h², q = 1 − Σ_h N_h σ_h² / (N σ²) ∈ [0, 1] (the share of the
  variance of Y explained by the strata of X). Under the null, F = (N − L)/(L − 1) · q/(1 − q)
  follows a non-central F(L − 1, N − L; λ) with λ = [Σ_h Ȳ_h² − (Σ_h √N_h Ȳ_h)² / N] / σ² (Wang et
  al. 2010, IJGIS 24(1): 107–127). Implementations differ in the σ² of λ, and with it in p: the R
  package geodetector of the method's authors (Xu, Hou, Wang and Yin; ``factor_detector`` divides by
  ``var(y)``, the sample variance with N − 1) and gdverse (the population variance with N). Both
  are offered (``variance = "sample" | "population"``); the default is the authors' package. On the
  Heshun example the soil-type factor gets p = 0.3632 with the sample variance and 0.3721 with the
  population variance; q is the same.
* Interaction detector: q of the strata formed by crossing two factors, compared with the q of
  each: nonlinear weaken (q12 < min), uni-variable weaken (min ≤ q12 ≤ max), bi-variable enhance
  (max < q12 < q1 + q2), independent (q12 = q1 + q2), nonlinear enhance (q12 > q1 + q2). Crossing
  two factors multiplies the strata, and q grows with the number of strata even for noise: each
  interaction therefore gets a permutation p, (1 + the number of random reassignments of Y that
  give a q12 at least as large, ties included)/(P + 1), seeded (:func:`helpers.methods.inference.upper_p`).
* Discretisation of a continuous factor: quantiles, equal intervals or natural breaks (Fisher–Jenks,
  mapclassify), with at least two units per stratum (fewer strata are used when needed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import inference

DISCRETISATIONS = ("quantile", "equal", "natural")
VARIANCES = ("sample", "population")   # the σ² of λ: R geodetector (N − 1) or gdverse (N)
DK_REFERENCES = ("small-T", "large-sample")   # Driscoll–Kraay: t(T − 1) as Stata's xtscc, or the normal
MIN_STRATUM = 2
NONLINEAR_WEAKEN, UNI_WEAKEN, BI_ENHANCE, INDEPENDENT, NONLINEAR_ENHANCE = INTERACTION_TYPES = (
    "nonlinear weaken", "uni-variable weaken", "bi-variable enhance", "independent", "nonlinear enhance")
ENHANCING = (BI_ENHANCE, NONLINEAR_ENHANCE)   # the types whose q12 exceeds both factors' q


def q_statistic(y: np.ndarray, strata: np.ndarray) -> float:
    """q = 1 − Σ_h N_h σ_h² / (N σ²) (population variances).

    Examples
    --------
    y = (1, 2, 3, 4) in strata {1, 2} and {3, 4}: σ² = 1.25, σ_h² = 0.25 each, so
    q = 1 − (2 · 0.25 + 2 · 0.25)/(4 · 1.25) = 0.8.

    >>> q_statistic(np.array([1.0, 2, 3, 4]), np.array([0, 0, 1, 1]))
    0.8
    """
    y = np.asarray(y, dtype=float)
    codes, inverse = np.unique(np.asarray(strata), return_inverse=True)
    total = ((y - y.mean()) ** 2).sum()
    if total == 0:
        return np.nan
    sums = np.bincount(inverse, weights=y)
    counts = np.bincount(inverse)
    within = ((y - (sums / counts)[inverse]) ** 2).sum()
    return float(1 - within / total)


def q_p_value(y: np.ndarray, strata: np.ndarray, q: float, variance: str = "sample") -> float:
    """The p-value of q from the non-central F distribution (Wang et al. 2010).

    Examples
    --------
    y = 1 … 6 in two strata of three: q = 1 − 4/17.5 = 0.771429, F = (6 − 2)/(2 − 1) · q/(1 − q) = 13.5
    and λ = (2² + 5² − (√3 · 2 + √3 · 5)²/6)/σ² = 4.5/σ², σ² = 3.5 (sample) or 35/12 (population);
    the non-central F tails at 13.5:

    >>> y, strata = np.array([1.0, 2, 3, 4, 5, 6]), np.array([0, 0, 0, 1, 1, 1])
    >>> round(q_p_value(y, strata, 0.771429), 4), round(q_p_value(y, strata, 0.771429, "population"), 4)
    (0.0691, 0.0794)
    """
    if variance not in VARIANCES:
        raise ValueError(f"unknown variance {variance!r}: use one of {', '.join(VARIANCES)}")
    from scipy.stats import ncf

    y = np.asarray(y, dtype=float)
    codes, inverse = np.unique(np.asarray(strata), return_inverse=True)
    n, levels = len(y), len(codes)
    if levels < 2 or n <= levels or not q < 1:
        return np.nan
    counts = np.bincount(inverse)
    means = np.bincount(inverse, weights=y) / counts
    lam = ((means**2).sum() - (np.sqrt(counts) * means).sum() ** 2 / n) / y.var(ddof=1 if variance == "sample" else 0)
    f = (n - levels) / (levels - 1) * q / (1 - q)
    return float(ncf.sf(f, levels - 1, n - levels, lam))


def discretize(values: pd.Series, method: str = "quantile", strata: int = 5) -> tuple[pd.Series, int]:
    """Stratum codes (0 … L − 1) of a continuous factor and the number of strata L actually used.

    Starts from ``strata`` and uses fewer when a stratum would hold fewer than MIN_STRATUM units.

    Examples
    --------
    >>> codes, used = discretize(pd.Series(np.arange(10.0)), "quantile", 5)
    >>> codes.tolist(), used
    ([0, 0, 1, 1, 2, 2, 3, 3, 4, 4], 5)
    """
    import mapclassify

    if method not in DISCRETISATIONS:
        raise ValueError(f"unknown discretisation {method!r}: use one of {', '.join(DISCRETISATIONS)}")
    y = values.to_numpy(dtype=float)
    classifier = {"quantile": mapclassify.Quantiles, "equal": mapclassify.EqualInterval,
                  "natural": mapclassify.FisherJenks}[method]
    for k in range(min(strata, len(np.unique(y))), 1, -1):
        codes = np.unique(classifier(y, k=k).yb, return_inverse=True)[1]
        if np.bincount(codes).min() >= MIN_STRATUM and len(np.unique(codes)) == k:
            return pd.Series(codes, index=values.index), k
    return pd.Series(np.zeros(len(y), dtype=int), index=values.index), 1


def factor_detector(y: pd.Series, factors: pd.DataFrame, variance: str = "sample") -> pd.DataFrame:
    """q and its p-value (``variance``: see :func:`q_p_value`) for every column of ``factors`` (stratum
    codes, integer or categorical).

    Returns a DataFrame indexed by factor name with columns ``q``, ``p`` and ``strata``.

    Examples
    --------
    >>> y = pd.Series([1.0, 2, 3, 4])
    >>> factor_detector(y, pd.DataFrame({"x": [0, 0, 1, 1]}))[["q", "strata"]]
         q  strata
    x  0.8       2
    """
    rows = {}
    for name in factors.columns:
        strata = factors[name].to_numpy()
        q = q_statistic(y.to_numpy(dtype=float), strata)
        rows[name] = {"q": q, "p": q_p_value(y.to_numpy(dtype=float), strata, q, variance),
                      "strata": len(np.unique(strata))}
    return pd.DataFrame.from_dict(rows, orient="index")


def permuted_q(shuffles: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """q of ``strata`` for every row of ``shuffles`` (permutations of one y) at once.

    The total sum of squares is the same for every permutation, and the within sum of squares is
    Σy² − Σ_h S_h²/N_h with S_h the stratum sums: one matrix product for all permutations.

    Examples
    --------
    >>> y = np.array([1.0, 2, 3, 4])
    >>> permuted_q(np.array([y, y[::-1], [1.0, 3, 2, 4]]), np.array([0, 0, 1, 1])).round(4).tolist()
    [0.8, 0.8, 0.2]
    """
    codes = np.unique(np.asarray(strata), return_inverse=True)[1].ravel()
    onehot = np.zeros((len(codes), codes.max() + 1))
    onehot[np.arange(len(codes)), codes] = 1.0
    centred = shuffles - shuffles[0].mean()     # the mean is the same in every permutation; centring avoids cancellation
    total = (centred[0] ** 2).sum()
    if total == 0:
        return np.full(len(shuffles), np.nan)
    within = total - ((centred @ onehot) ** 2 / onehot.sum(axis=0)).sum(axis=1)
    return 1.0 - within / total


def _shuffles(y: pd.Series, permutations: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = y.to_numpy(dtype=float)
    return np.array([rng.permutation(values) for _ in range(permutations)])


def null_quantile(y: pd.Series, factors: pd.DataFrame, permutations: int = 999, seed: int = 0,
                  quantile: float = 0.95) -> pd.Series:
    """The ``quantile`` of q for each factor when ``y`` is randomly reassigned over the units (seeded):
    what noise reaches with that factor's number and sizes of strata.

    Examples
    --------
    >>> y = pd.Series(np.arange(20.0))
    >>> float(null_quantile(y, pd.DataFrame({"x": np.repeat([0, 1], 10)}), permutations=199)["x"]) < 0.3
    True
    """
    shuffles = _shuffles(y, permutations, seed)
    return pd.Series({name: float(np.quantile(permuted_q(shuffles, factors[name].to_numpy()), quantile))
                      for name in factors.columns}, name="q_null")


def interaction_type(q1: float, q2: float, q12: float, tolerance: float = 1e-9) -> str:
    """Wang et al.'s five types of interaction of two factors.

    Examples
    --------
    >>> [interaction_type(0.2, 0.3, v) for v in (0.1, 0.25, 0.4, 0.5, 0.6)]
    ['nonlinear weaken', 'uni-variable weaken', 'bi-variable enhance', 'independent', 'nonlinear enhance']
    """
    low, high, total = min(q1, q2), max(q1, q2), q1 + q2
    if abs(q12 - total) <= tolerance:
        return INDEPENDENT
    if q12 < low:
        return NONLINEAR_WEAKEN
    if q12 <= high:
        return UNI_WEAKEN
    return BI_ENHANCE if q12 < total else NONLINEAR_ENHANCE


def _crossed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.unique(np.column_stack([a, b]), axis=0, return_inverse=True)[1].ravel()


def interaction_detector(y: pd.Series, factors: pd.DataFrame, permutations: int = 999, seed: int = 0) -> pd.DataFrame:
    """Every pair of factors: q_a, q_b, q (of the crossed strata), type, p_perm and q_null_95.

    ``p_perm`` = (1 + #{permutations with q12 ≥ observed, ties included}) / (P + 1), from random reassignments of
    ``y`` over the units (the same draws for every pair); ``q_null_95`` is the 95th percentile of the
    permuted q12, what noise reaches with that many crossed strata.

    Examples
    --------
    >>> y = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8])
    >>> f = pd.DataFrame({"a": [0, 0, 0, 0, 1, 1, 1, 1], "b": [0, 0, 1, 1, 0, 0, 1, 1]})
    >>> row = interaction_detector(y, f, permutations=99).iloc[0]
    >>> row["factor_a"], row["factor_b"], round(float(row["q"]), 4), row["type"]
    ('a', 'b', 0.9524, 'independent')
    """
    values = y.to_numpy(dtype=float)
    shuffles = _shuffles(y, permutations, seed)
    names = list(factors.columns)
    q_single = {n: q_statistic(values, factors[n].to_numpy()) for n in names}
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            crossed = _crossed(factors[a].to_numpy(), factors[b].to_numpy())
            q12 = q_statistic(values, crossed)
            null = permuted_q(shuffles, crossed)
            rows.append({"factor_a": a, "factor_b": b, "q_a": q_single[a], "q_b": q_single[b], "q": q12,
                         "type": interaction_type(q_single[a], q_single[b], q12),
                         "p_perm": float(inference.upper_p(np.array([q12]), null[None, :])[0]),
                         "q_null_95": float(np.quantile(null, 0.95)), "strata": len(np.unique(crossed))})
    return pd.DataFrame(rows)


def standardized(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column z-scored (mean 0, sample standard deviation 1)."""
    return (frame - frame.mean()) / frame.std(ddof=1)


def fixed_effects(panel: pd.DataFrame, outcome: str, drivers: list[str], reference: str = "small-T") -> pd.DataFrame:
    """Two-way fixed effects (region and year) of ``outcome`` on ``drivers`` (linearmodels PanelOLS).

    ``panel`` is indexed by (region_code, year). The drivers and the outcome are standardised first,
    so the coefficients are standardised coefficients. Standard errors: Driscoll–Kraay (Bartlett
    kernel, lag m = ⌊4(T/100)^{2/9}⌋), robust to heteroskedasticity, to autocorrelation and to
    correlation across regions within a year. Their theory runs in the number of years T, and a
    province has about ten, so the reference distribution matters:

    * ``reference = "small-T"`` (default) follows Stata's ``xtscc`` (Hoechle 2007, Stata Journal
      7(3): 281–312; version 1.4 of the ado file: ``df_r = T − 1`` and the covariance scaled by
      T/(T − 1) · (N − 1)/(N − K)), here with K = the drivers + T − 1 year dummies + the constant, as
      ``xtscc y x i.year, fe`` counts them; p from Student's t with T − 1 degrees of freedom.
    * ``reference = "large-sample"``: the asymptotic covariance and the normal distribution.

    Returns model, term, coefficient, se, p, n, r2_within (the R² once both effects are partialled
    out, what reghdfe calls the within R²; linearmodels' ``rsquared_within`` removes the region
    effects only) and df (T − 1, or NaN for the normal reference).
    """
    from linearmodels.panel import PanelOLS
    from scipy import stats

    if reference not in DK_REFERENCES:
        raise ValueError(f"unknown reference {reference!r}: use one of {', '.join(DK_REFERENCES)}")
    data = standardized(panel[[outcome, *drivers]])
    # no degrees-of-freedom scaling inside linearmodels: the asymptotic Driscoll–Kraay covariance (xtscc's "ase")
    fit = PanelOLS(data[outcome], data[drivers], entity_effects=True, time_effects=True).fit(
        cov_type="kernel", kernel="bartlett", debiased=False, auto_df=False, count_effects=False)
    coefficient = fit.params[drivers].to_numpy()
    se = fit.std_errors[drivers].to_numpy()
    n, years = int(fit.nobs), panel.index.get_level_values("year").nunique()
    if reference == "small-T":
        k = len(drivers) + years
        se = se * np.sqrt(years / (years - 1) * (n - 1) / (n - k))
        df = years - 1
        p = 2 * stats.t.sf(np.abs(coefficient / se), df)
    else:
        df = np.nan
        p = 2 * stats.norm.sf(np.abs(coefficient / se))
    return pd.DataFrame({"model": "two-way fixed effects", "term": drivers, "coefficient": coefficient, "se": se,
                         "p": p, "n": n, "r2_within": float(fit.rsquared), "df": df})


def fractional_logit(panel: pd.DataFrame, outcome: str, drivers: list[str]) -> pd.DataFrame:
    """Fractional logit (Papke and Wooldridge 1996) of an outcome in (0, 1) on the standardised drivers
    with region and year dummies (statsmodels GLM, binomial family, logit link, cluster-robust
    standard errors by region with the small-sample factor G/(G − 1) · (N − 1)/(N − K)). With G = 8–13
    regions as clusters, p comes from Student's t with G − 1 degrees of freedom, as Cameron and Miller
    (2015, J. Human Resources 50(2): 317–372) advise for few clusters (Stata's ``fracreg`` reports
    the normal). Returns model, term, coefficient (log-odds per s.d.), se, p, n, r2_within (NaN), df.
    """
    import statsmodels.api as sm

    x = standardized(panel[drivers])
    regions = panel.index.get_level_values("region_code")
    years = panel.index.get_level_values("year")
    dummies = pd.concat([pd.get_dummies(regions, prefix="r", drop_first=True, dtype=float),
                         pd.get_dummies(years, prefix="y", drop_first=True, dtype=float)], axis=1)
    dummies.index = panel.index
    design = sm.add_constant(pd.concat([x, dummies], axis=1))
    y = panel[outcome].clip(1e-6, 1 - 1e-6)
    fit = sm.GLM(y, design, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(regions)[0]}, use_t=True)
    return pd.DataFrame({"model": "fractional logit", "term": drivers, "coefficient": fit.params[drivers].to_numpy(),
                         "se": fit.bse[drivers].to_numpy(), "p": fit.pvalues[drivers].to_numpy(), "n": int(fit.nobs),
                         "r2_within": np.nan, "df": float(fit.df_resid_inference)})


def rank_agreement(rankings: pd.DataFrame) -> pd.DataFrame:
    """Kendall's τ between every pair of columns of ``rankings`` (items × methods, higher = stronger).

    Examples
    --------
    >>> r = pd.DataFrame({"grey": [0.9, 0.8, 0.7], "q": [0.5, 0.6, 0.1]}, index=list("abc"))
    >>> rank_agreement(r)[["method_a", "method_b", "n"]].values.tolist()
    [['grey', 'q', 3]]
    """
    from scipy.stats import kendalltau

    rows = []
    columns = list(rankings.columns)
    for i, a in enumerate(columns):
        for b in columns[i + 1:]:
            both = rankings[[a, b]].dropna()
            tau, p = kendalltau(both[a], both[b]) if len(both) >= 3 else (np.nan, np.nan)
            rows.append({"method_a": a, "method_b": b, "tau": tau, "p": p, "n": len(both)})
    return pd.DataFrame(rows)


def detector_tables(outcomes: pd.DataFrame, factors: dict[str, pd.DataFrame], members: dict[str, dict[str, list[str]]],
                    method: str = "quantile", strata: int = 5, permutations: int = 999,
                    seed: int = 0, variance: str = "sample") -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.Series]]:
    """The geographical detector of every outcome against its factors, and the interactions of its dimensions.

    ``outcomes``: units (region-years) × outcomes (D, system scores); ``factors``: level (dimension,
    indicator, driver) → units × factors (continuous); ``members``: outcome → level → the factors that
    may explain it. Returns (geodetector: measure, factor, level, strata, q, p, q_null_95),
    (interactions of the dimension factors: measure, factor_a, factor_b, q_a, q_b, q, type, p_perm,
    q_null_95, strata) and the stratum codes of every factor.
    """
    codes: dict[str, pd.Series] = {}
    used: dict[str, int] = {}
    for frame in factors.values():
        for name in frame.columns:
            codes[name], used[name] = discretize(frame[name], method, strata)
    detector, interactions = [], []
    for measure in outcomes.columns:
        y = outcomes[measure]
        for level, names in members[measure].items():
            if not names:
                continue
            stratified = pd.DataFrame({n: codes[n].reindex(y.index) for n in names})
            table = factor_detector(y, stratified, variance).join(null_quantile(y, stratified, permutations, seed).rename("q_null_95"))
            detector.append(table.rename_axis("factor").reset_index().assign(measure=measure, level=level))
            if level == "dimension" and len(names) >= 2:
                interactions.append(interaction_detector(y, stratified, permutations, seed).assign(measure=measure))
    geodetector = pd.concat(detector, ignore_index=True)[["measure", "factor", "level", "strata", "q", "p", "q_null_95"]]
    pairs = pd.concat(interactions, ignore_index=True) if interactions else pd.DataFrame(
        columns=["measure", "factor_a", "factor_b", "q_a", "q_b", "q", "type", "p_perm", "q_null_95", "strata"])
    order = ["measure", "factor_a", "factor_b", "q_a", "q_b", "q", "type", "p_perm", "q_null_95", "strata"]
    return geodetector, pairs[order], codes


def agreement(scores: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ranks of the items of each kind by each method, and Kendall's τ between the methods.

    ``scores``: kind (``dimension``, ``driver``) → items × methods (``grey``, ``q``, ``coefficient``);
    a larger value ranks higher, coefficients by their absolute value. Returns (kind, item, grey, q,
    coefficient, rank_grey, rank_q, rank_coefficient) and (kind, method_a, method_b, tau, p, n).

    Examples
    --------
    >>> table, taus = agreement({"dimension": pd.DataFrame({"grey": [0.9, 0.7, 0.8], "q": [0.5, 0.1, 0.3]},
    ...                                                    index=["a", "b", "c"])})
    >>> table["rank_q"].tolist(), float(taus["tau"].iloc[0])
    ([1.0, 3.0, 2.0], 1.0)
    """
    methods = ["grey", "q", "coefficient"]
    tables, taus = [], []
    for kind, frame in scores.items():
        frame = frame.reindex(columns=methods)
        strength = frame.assign(coefficient=frame["coefficient"].abs())
        ranks = strength.rank(ascending=False, method="min").add_prefix("rank_")
        tables.append(pd.concat([frame, ranks], axis=1).rename_axis("item").reset_index().assign(kind=kind))
        taus.append(rank_agreement(strength.dropna(axis=1, how="all")).assign(kind=kind))
    table = pd.concat(tables, ignore_index=True)
    return table[["kind", "item", *methods, *[f"rank_{m}" for m in methods]]], pd.concat(taus, ignore_index=True)
