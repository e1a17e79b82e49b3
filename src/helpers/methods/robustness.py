"""How sure: the coordination degree under every defensible method choice, the headline claims
checked under each, and bootstrap intervals over the regions.

* Variants: weighting {entropy pooled, entropy per-year, CRITIC, equal, entropy–CRITIC} × coupling
  formula {standard, Wang, Fan} × normalisation shift {0.0001, 0.01} × composite index {weighted sum,
  entropy-TOPSIS closeness} = 60 variants, each computed in memory by the same functions as notebooks
  02–04 (the run's own options are added when outside the grid; TOPSIS with the run's ideals).
* Agreement of the rankings of D between variants: Spearman's ρ and Kendall's τ for every pair, per
  year and pooled over the region-years, and Kendall's coefficient of concordance over all variants
  (Kendall and Babington Smith 1939), with the correction for ties:
  W = 12 S / (m² (n³ − n) − m Σ_j T_j), S = Σ_i (R_i − R̄)², T_j = Σ_groups (t³ − t)
  for m variants ranking n items with rank sums R_i.
* Claims: the headline statements of the interpretations (top and bottom region in the last year,
  direction of the provincial mean D, its grade in the last year, σ-convergence, the lagging system
  of each region) recomputed under every variant.
* Bootstrap: regions are resampled with replacement, each keeping its whole series (a block
  bootstrap over regions, since the years of a region are not independent). In every replicate the
  resample is normalised by its own min–max bounds and weighted as the run is; those weights score
  every original region on the scale of the whole panel, giving every weight, every region's D in
  the last year and its rank. Holding the scale fixed is deliberate: a resample holds on average
  63 % of the distinct regions, so its range is narrower, and scoring on it would clip the extreme
  regions and lift every D — a shift of the scale, not uncertainty about a region. The 95 % interval
  is the 2.5th–97.5th percentile of the replicates. A replicate in which an indicator is constant
  cannot be normalised and is dropped (``reps`` counts the replicates used).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import comparison, coupling, topsis, weights

WEIGHTING_VARIANTS = (("entropy", "pooled"), ("entropy", "per-year"), ("critic", "pooled"), ("equal", "pooled"),
                      ("entropy-critic", "pooled"))
SHIFTS = (0.0001, 0.01)
CLAIMS = ("top_region", "bottom_region", "mean_trend", "mean_grade", "sigma_convergence", "lagging")
OPTION_FIELDS = ("weighting", "coupling_formula", "shift", "composite")
ELEMENT_BUDGET = 4_000_000   # floats per bootstrap chunk (replicates × regions × years × indicators)


@dataclass(frozen=True)
class Variant:
    weighting: str
    entropy_mode: str
    coupling_formula: str
    shift: float
    composite: str = "weighted-sum"

    def __post_init__(self) -> None:
        # equal weights do not depend on the sample they are computed on: one variant, whatever the mode
        if self.weighting == "equal":
            object.__setattr__(self, "entropy_mode", "pooled")

    @property
    def weighting_label(self) -> str:
        """``entropy-pooled``, ``entropy-per-year``; the other weightings by name, with ``-per-year`` when
        their weights are computed year by year.

        Examples
        --------
        >>> [Variant(w, m, "standard", 0.01).weighting_label for w, m in
        ...  (("entropy", "pooled"), ("critic", "pooled"), ("critic", "per-year"), ("equal", "per-year"))]
        ['entropy-pooled', 'critic', 'critic-per-year', 'equal']
        """
        if self.weighting == "entropy":
            return f"entropy-{self.entropy_mode}"
        return self.weighting if self.entropy_mode == "pooled" else f"{self.weighting}-{self.entropy_mode}"

    @property
    def name(self) -> str:
        """``<weighting>/<formula>/<shift>/<composite>``, e.g. ``entropy-pooled/standard/0.0001/weighted-sum``."""
        return f"{self.weighting_label}/{self.coupling_formula}/{self.shift:g}/{self.composite}"

    def option(self, field: str) -> str:
        return {"weighting": self.weighting_label, "coupling_formula": self.coupling_formula,
                "shift": f"{self.shift:g}", "composite": self.composite}[field]


def variant_grid(own: Variant) -> list[Variant]:
    """The 60 variants, and the run's own at the end when it is not one of them.

    Examples
    --------
    >>> len(variant_grid(Variant("entropy", "pooled", "standard", 0.0001)))
    60
    >>> variant_grid(Variant("entropy", "pooled", "standard", 0.001))[-1].name
    'entropy-pooled/standard/0.001/weighted-sum'
    """
    grid = [Variant(w, mode, formula, shift, composite) for composite in topsis.COMPOSITES for shift in SHIFTS
            for w, mode in WEIGHTING_VARIANTS for formula in coupling.FORMULAS]
    return grid if own in grid else [*grid, own]


def chain(X: pd.DataFrame, indicators: pd.DataFrame, system_ids: list[str], variant: Variant,
          alpha: tuple[float, ...] | None = None, lag_threshold: float = 0.1, ideals: str = topsis.POOLED) -> pd.DataFrame:
    """Notebooks 02–04 in memory: the coupling table (as ``coupling.csv``) of one variant.

    ``X``: the clean panel (region_code, year) × indicators; ``indicators``: id, system, dimension,
    direction (in the order of the indicator system); ``ideals``: of the TOPSIS composite.
    """
    U, _ = _subsystems(X, indicators, system_ids, variant.weighting, variant.entropy_mode, variant.shift, ideals)
    return _formulas(U[variant.composite], [variant.coupling_formula], alpha, lag_threshold)[variant.coupling_formula]


def _subsystems(X: pd.DataFrame, indicators: pd.DataFrame, system_ids: list[str], weighting: str, mode: str,
                shift: float, ideals: str = topsis.POOLED) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The U matrix to couple under each composite (as notebooks 02–04 compute it), and the weights."""
    Z = weights.normalize(X, indicators.set_index("id")["direction"].to_dict(), shift)
    w = weights.indicator_weights(Z, indicators, weighting, mode)
    dims = weights.dimension_scores(Z, w, indicators)
    level = "system" if len(system_ids) > 1 else "dimension"
    closeness = topsis.group_closeness(Z, w, indicators, level, ideals)
    return {"weighted-sum": coupling.subsystem_indices(weights.system_scores(dims), dims, w, system_ids),
            "topsis": topsis.composite_indices(closeness, system_ids)}, w


def _formulas(U: pd.DataFrame, formulas: list[str], alpha, lag_threshold: float) -> dict[str, pd.DataFrame]:
    return {f: coupling.coupling_table(U, alpha, f, lag_threshold) for f in formulas}


def run_variants(X: pd.DataFrame, indicators: pd.DataFrame, system_ids: list[str], own: Variant,
                 alpha: tuple[float, ...] | None = None, lag_threshold: float = 0.1,
                 ideals: str = topsis.POOLED) -> tuple[dict[Variant, pd.DataFrame], dict[Variant, str]]:
    """Coupling tables of every variant of :func:`variant_grid`, and the variants that cannot be
    computed with the reason (e.g. CRITIC with perfectly correlated indicators)."""
    results: dict[Variant, pd.DataFrame] = {}
    failed: dict[Variant, str] = {}
    grid = variant_grid(own)
    for weighting, mode, shift in dict.fromkeys((v.weighting, v.entropy_mode, v.shift) for v in grid):
        members = [v for v in grid if (v.weighting, v.entropy_mode, v.shift) == (weighting, mode, shift)]
        try:
            U, _ = _subsystems(X, indicators, system_ids, weighting, mode, shift, ideals)
            tables = {composite: _formulas(U[composite], [v.coupling_formula for v in members], alpha, lag_threshold)
                      for composite in topsis.COMPOSITES}
        except ValueError as error:
            failed.update({v: str(error) for v in members})
            continue
        results.update({v: tables[v.composite][v.coupling_formula] for v in members})
    return {v: results[v] for v in grid if v in results}, failed


def variants_table(results: dict[Variant, pd.DataFrame], own: Variant) -> pd.DataFrame:
    """``variants.csv``: variant, weighting, entropy_mode, coupling_formula, shift, own, region_code,
    year, D and rank (1 = highest D of the year; ties share the best rank)."""
    frames = []
    for v, table in results.items():
        frame = table[["region_code", "year", "D"]].copy()
        frame["rank"] = frame.groupby("year")["D"].rank(ascending=False, method="min").astype(int)
        frames.append(frame.assign(variant=v.name, weighting=v.weighting, entropy_mode=v.entropy_mode,
                                   coupling_formula=v.coupling_formula, shift=v.shift, composite=v.composite, own=v == own))
    columns = ["variant", "weighting", "entropy_mode", "coupling_formula", "shift", "composite", "own", "region_code",
               "year", "D", "rank"]
    return pd.concat(frames, ignore_index=True)[columns]


def kendall_w(ranks: np.ndarray) -> float:
    """Kendall's W of an items × raters matrix of scores (ranked per rater, ties averaged).

    Examples
    --------
    Three raters in full agreement, then two in exact opposition:

    >>> kendall_w(np.array([[1, 1, 1], [2, 2, 2], [3, 3, 3]]))
    1.0
    >>> kendall_w(np.array([[1, 3], [2, 2], [3, 1]]))
    0.0
    """
    from scipy.stats import rankdata

    r = rankdata(np.asarray(ranks, dtype=float), axis=0)
    n, m = r.shape
    if n < 2 or m < 2:
        return np.nan
    sums = r.sum(axis=1)
    s = ((sums - sums.mean()) ** 2).sum()
    ties = 0.0
    for column in r.T:
        counts = np.unique(column, return_counts=True)[1]
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    return float(12 * s / denominator) if denominator > 0 else np.nan


MAX_SIGN_CELLS = 10_000_000   # pairs of items × variants up to which τ is computed for all variants at once


def kendall_tau_b(values: np.ndarray) -> np.ndarray:
    """Kendall's τ_b between every two columns of an items × variants matrix (scipy's ``kendalltau``,
    variant b, for each pair): τ_b = Σ_{i<j} s_a s_b / √(Σ s_a² Σ s_b²) with s = sign(x_i − x_j), so
    that ties count in neither numerator nor their own denominator. NaN for a constant column.

    Examples
    --------
    Columns 1 and 2 agree except for one swapped pair of the six (τ = (5 − 1)/6); column 3 ties its
    first two items, and the five other pairs agree with column 1 (τ_b = 5/√(6 · 5)):

    >>> t = kendall_tau_b(np.array([[1, 1, 1], [2, 2, 1], [3, 4, 2], [4, 3, 3]], dtype=float))
    >>> [round(float(v), 4) for v in (t[0, 1], t[0, 2])]
    [0.6667, 0.9129]
    """
    values = np.asarray(values, dtype=float)
    n, m = values.shape
    if np.isnan(values).any() or n * (n - 1) // 2 * m > MAX_SIGN_CELLS:   # scipy, pair by pair
        from scipy.stats import kendalltau

        out = np.eye(m)
        for a in range(m):
            for b in range(a + 1, m):
                out[a, b] = out[b, a] = kendalltau(values[:, a], values[:, b])[0]
        return out
    first, second = np.triu_indices(n, 1)
    signs = np.sign(values[first] - values[second])
    concordance = signs.T @ signs
    untied = np.diag(concordance)
    with np.errstate(invalid="ignore", divide="ignore"):
        return concordance / np.sqrt(np.outer(untied, untied))


def agreement(variants: pd.DataFrame) -> pd.DataFrame:
    """``agreement.csv``: for every year and pooled over the region-years (scope), Spearman's ρ and
    Kendall's τ of D between every pair of variants, and Kendall's W over all of them (variant_a and
    variant_b empty). Columns: scope, statistic, variant_a, variant_b, value, n.
    """
    wide = variants.pivot(index=["region_code", "year"], columns="variant", values="D")
    wide = wide[list(dict.fromkeys(variants["variant"]))]
    scopes = [("pooled", wide), *((str(y), part) for y, part in wide.groupby(level="year"))]
    rows = []
    names = list(wide.columns)
    for scope, part in scopes:
        values = part.to_numpy()
        rho = pd.DataFrame(values).rank().corr().to_numpy()
        tau = kendall_tau_b(values)
        for i, a in enumerate(names):
            for j in range(i + 1, len(names)):
                rows += [(scope, "spearman", a, names[j], rho[i, j], len(part)),
                         (scope, "kendall", a, names[j], tau[i, j], len(part))]
        rows.append((scope, "kendall_w", "", "", kendall_w(values), len(part)))
    return pd.DataFrame(rows, columns=["scope", "statistic", "variant_a", "variant_b", "value", "n"])


def headlines(table: pd.DataFrame, lag_threshold: float = 0.1) -> dict[tuple[str, str], str]:
    """The headline statements of one coupling table: (claim, subject) → value.

    top_region / bottom_region (region of the highest / lowest D in the last year), mean_trend (the
    sign of the least-squares slope of the provincial mean D: rising or falling), mean_grade (grade
    of the mean D in the last year), sigma_convergence (converging or diverging: the slope of the
    CV of D) and lagging (per region, its lag type in the last year).

    Examples
    --------
    >>> t = pd.DataFrame({"region_code": ["a", "a", "b", "b"], "year": [1, 2, 1, 2], "D": [0.3, 0.5, 0.2, 0.45],
    ...                   "lag_type": ["synchronous"] * 4, "lagging": [""] * 4})
    >>> h = headlines(t)
    >>> h[("top_region", "")], h[("bottom_region", "")], h[("mean_trend", "")], h[("mean_grade", "")]
    ('a', 'b', 'rising', '5')
    """
    last = table[table["year"] == table["year"].max()].set_index("region_code")
    mean = table.groupby("year")["D"].mean()
    slope = np.polyfit(mean.index.to_numpy(float), mean.to_numpy(), 1)[0] if len(mean) > 1 else 0.0
    measures = table[["region_code", "year", "D"]].rename(columns={"D": "value"}).assign(measure="D")
    converging = bool(comparison.sigma_convergence(comparison.dispersion(measures))["converging"].iloc[0]) \
        if len(mean) > 1 else False
    out = {("top_region", ""): str(last["D"].idxmax()), ("bottom_region", ""): str(last["D"].idxmin()),
           ("mean_trend", ""): "rising" if slope > 0 else "falling",
           ("mean_grade", ""): str(int(coupling.grade([mean.iloc[-1]]).iloc[0])),
           ("sigma_convergence", ""): "converging" if converging else "diverging"}
    # the finding of a region: its lagging subsystem, or synchronous
    out.update({("lagging", str(region)): lag or coupling.SYNCHRONOUS for region, lag in last["lagging"].items()})
    return out


def claims(results: dict[Variant, pd.DataFrame], own: Variant) -> pd.DataFrame:
    """``claims.csv``: every headline of the run's own variant, in how many variants it holds, and the
    option values under which it fails, one row per (claim, subject, option value).

    A failing claim gets a row for each option value under which it fails in every variant having
    that value, or else for those under which it fails most often (only values that fail more often
    than the variants as a whole): ``option`` (one of :data:`OPTION_FIELDS`), ``value`` (as in the
    variant names), ``fails`` and ``of`` (the failing variants among the ``of`` with that value). A
    claim that holds in every variant, or whose failures spread evenly over the options, has a single
    row with an empty ``option`` and ``fails`` its failures among all the variants.

    Examples
    --------
    >>> variants = variant_grid(Variant("entropy", "pooled", "standard", 0.0001))
    >>> [c["option"] + " " + c["value"] for c in _conditions({v for v in variants if v.shift == 0.01}, variants)]
    ['shift 0.01']
    """
    own_claims = headlines(results[own])
    found = {v: headlines(t) for v, t in results.items()}
    rows = []
    for (claim, subject), value in own_claims.items():
        fails = {v for v, h in found.items() if h.get((claim, subject)) != value}
        for condition in _conditions(fails, list(results)):
            rows.append({"claim": claim, "subject": subject, "finding": value, "holds": len(results) - len(fails),
                         "variants_total": len(results), **condition})
    return pd.DataFrame(rows)


def _conditions(fails: set[Variant], variants: list[Variant]) -> list[dict]:
    overall = len(fails) / len(variants)
    shares = []
    for field in OPTION_FIELDS:
        for value in dict.fromkeys(v.option(field) for v in variants):
            having = [v for v in variants if v.option(field) == value]
            failing = sum(v in fails for v in having)
            # only values that fail more often than the variants as a whole say what the claim depends on
            if failing / len(having) > overall + 1e-12:
                shares.append((failing / len(having), field, value, failing, len(having)))
    if not shares:   # it always holds, or the failures spread over the choices
        return [{"option": "", "value": "", "fails": len(fails), "of": len(variants)}]
    top = max(s[0] for s in shares)
    chosen = [s for s in shares if s[0] == 1.0] or [s for s in shares if s[0] == top]
    return [{"option": field, "value": value, "fails": failing, "of": total} for _, field, value, failing, total in chosen]


# ---------------------------------------------------------------------------------------------- bootstrap

def _group_matrix(labels: list[str]) -> np.ndarray:
    """One-hot matrix (indicators × groups) in the order the groups first appear."""
    groups = list(dict.fromkeys(labels))
    return np.array([[label == g for g in groups] for label in labels], dtype=float)


def _panel_array(X: pd.DataFrame) -> tuple[np.ndarray, list[str], list[int]]:
    regions = list(dict.fromkeys(X.index.get_level_values("region_code")))
    years = sorted(set(X.index.get_level_values("year")))
    full = X.reindex(pd.MultiIndex.from_product([regions, years], names=["region_code", "year"]))
    return full.to_numpy(dtype=float).reshape(len(regions), len(years), X.shape[1]), regions, years


def bootstrap(X: pd.DataFrame, indicators: pd.DataFrame, system_ids: list[str], own: Variant,
              alpha: tuple[float, ...] | None = None, reps: int = 1000, seed: int = 0,
              picks: np.ndarray | None = None, ideals: str = topsis.POOLED) -> pd.DataFrame:
    """``bootstrap.csv``: quantity (weight, D, rank), item (indicator or region), estimate (the full
    sample), low and high (95 % percentile interval), reps (replicates used).

    Weights are those of the last year when the entropy is computed per year; D and rank are for
    the last year. See the module docstring for the resampling and the fixed scale. ``picks``
    (replicates × regions, positions in the order regions first appear in ``X``) replaces the
    seeded draws, e.g. to check that the identity resample reproduces the run.
    """
    from scipy.stats import rankdata

    X = X[indicators["id"].tolist()]
    data, regions, years = _panel_array(X)
    n_regions, n_years, m = data.shape
    negative = (indicators["direction"] == "-").to_numpy()
    systems = _group_matrix(indicators["system"].tolist())
    dims = _group_matrix(indicators["dimension"].tolist())
    single = len(system_ids) == 1          # one system: its dimensions are coupled (as coupling.subsystem_indices)
    subsystems = dims.shape[1] if single else len(system_ids)
    alpha_v = np.asarray(alpha, dtype=float) if alpha is not None else np.full(subsystems, 1.0 / subsystems)
    # the last year on the scale of the whole panel: the resamples' weights score every region on it
    scale_low, scale_span = data.min(axis=(0, 1)), np.ptp(data, axis=(0, 1))
    scaled = (data - scale_low) / scale_span
    scaled = np.where(negative, 1.0 - scaled, scaled) + own.shift
    scaled_last = scaled[:, -1]
    groups = dims if single else systems

    def replicate(picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weights (B × m) and D of every region in the last year (B × regions) of each resample."""
        sample = data[picks]                                        # B × regions × years × m
        low, high = sample.min(axis=(1, 2)), sample.max(axis=(1, 2))
        span = high - low
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (sample - low[:, None, None]) / span[:, None, None]
        z = np.where(negative, 1.0 - z, z) + own.shift
        if own.entropy_mode == "per-year":
            w_years = weights.batch_weights(np.swapaxes(z, 1, 2), own.weighting, systems)   # B × years × m
            w = w_years[:, -1]                                                            # the last year's weights
        else:
            w = weights.batch_weights(z.reshape(len(picks), -1, m), own.weighting, systems)
            w_years = w[:, None, :]
        contributions = w[:, None] * scaled_last[None]              # B × regions × m
        if own.composite == "topsis":
            # the ideals of the weighted values on the fixed scale: over every region-year (each year with its
            # own weights), or over the last year
            weighted = w_years[:, None] * scaled[None] if ideals == topsis.POOLED else contributions[:, :, None]
            best_v, worst_v = weighted.max(axis=(1, 2)), weighted.min(axis=(1, 2))          # B × m
            d_best = np.sqrt(((best_v[:, None] - contributions) ** 2) @ groups)
            d_worst = np.sqrt(((contributions - worst_v[:, None]) ** 2) @ groups)
            with np.errstate(divide="ignore", invalid="ignore"):
                u = d_worst / (d_best + d_worst)
        elif single:
            with np.errstate(divide="ignore", invalid="ignore"):
                u = (contributions @ dims) / (w @ dims)[:, None]
        else:
            u = contributions @ systems
        c = coupling.coupling_degree(u.reshape(-1, u.shape[-1]), own.coupling_formula).reshape(u.shape[:2])
        d = np.sqrt(c * (u @ alpha_v))
        d[~(span > 0).all(axis=1)] = np.nan
        return w, d

    if picks is None:
        picks = np.random.default_rng(seed).integers(0, n_regions, size=(reps, n_regions))
    reps = len(picks)
    chunk = max(1, ELEMENT_BUDGET // data.size)
    parts = [replicate(picks[i:i + chunk]) for i in range(0, reps, chunk)]
    w_reps = np.concatenate([p[0] for p in parts]) if parts else np.empty((0, m))
    d_reps = np.concatenate([p[1] for p in parts]) if parts else np.empty((0, n_regions))
    valid = np.isfinite(d_reps).all(axis=1) & np.isfinite(w_reps).all(axis=1)
    w_reps, d_reps = w_reps[valid], d_reps[valid]
    rank_reps = rankdata(-d_reps, axis=1, method="min") if len(d_reps) else d_reps

    U, own_w = _subsystems(X, indicators, system_ids, own.weighting, own.entropy_mode, own.shift, ideals)
    D = coupling.coupling_coordination(U[own.composite], alpha, own.coupling_formula)["D"]
    final_d = D.xs(years[-1], level="year").reindex(regions)
    if "year" in own_w.columns:
        own_w = own_w[own_w["year"] == years[-1]]
    estimates = {"weight": (indicators["id"].tolist(),
                            own_w.set_index("indicator")["weight"].reindex(indicators["id"]).to_numpy(), w_reps),
                 "D": (regions, final_d.to_numpy(), d_reps),
                 "rank": (regions, final_d.rank(ascending=False, method="min").to_numpy(), rank_reps)}
    frames = []
    for quantity, (items, estimate, draws) in estimates.items():
        low, high = (np.percentile(draws, [2.5, 97.5], axis=0) if len(draws)
                     else (np.full(len(items), np.nan), np.full(len(items), np.nan)))
        frames.append(pd.DataFrame({"quantity": quantity, "item": [str(i) for i in items], "estimate": estimate,
                                    "low": low, "high": high, "reps": int(valid.sum())}))
    return pd.concat(frames, ignore_index=True)


BOOTSTRAP_COLUMNS = ["quantity", "item", "estimate", "low", "high", "reps"]


def empty_bootstrap() -> pd.DataFrame:
    """``bootstrap.csv`` of a run without bootstrap (``bootstrap_reps = 0``)."""
    return pd.DataFrame(columns=BOOTSTRAP_COLUMNS)


def distinct_resamples(n: int) -> int:
    """How many different resamples (multisets) of n regions exist: C(2n − 1, n).

    Examples
    --------
    >>> distinct_resamples(3), distinct_resamples(8)
    (10, 6435)
    """
    return math.comb(2 * n - 1, n)
