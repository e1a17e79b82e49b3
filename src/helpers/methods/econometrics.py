"""Spatial panel econometrics: the spatial Durbin, lag and error models with fixed effects, their
direct and indirect effects, the tests that choose between them, GWR/MGWR and spatial β-convergence.

Models (region i = 1 … n, year t = 1 … T, W row-standardised, ι a vector of ones):

* SDM: y_t = ρWy_t + X_tβ + WX_tθ + μ + λ_t ι + ε_t;  SAR: θ = 0;  SEM: y_t = X_tβ + μ + λ_t ι + u_t,
  u_t = λWu_t + ε_t;  ε ~ N(0, σ²I). ``effects`` chooses the fixed effects: ``two-way`` (μ and λ_t),
  ``region`` (μ), ``time`` (λ_t) or ``none`` (a constant instead; with T = 1 this is the
  cross-sectional model).
* Fixed effects are removed by demeaning (Elhorst 2014, *Spatial Econometrics: From Cross-Sectional
  Data to Spatial Panels*, ch. 3): ỹ_it = y_it − ȳ_i· − ȳ_·t + ȳ (two-way), the same for Wy and X.
  WX̃ = (WX)~ because W is row-standardised (Wι = ι), so the order of lag and demeaning is immaterial.
* Concentrated log-likelihood of the lag models (Anselin 1988, ch. 12; Elhorst 2014, eq. 3.13): with
  Z = [X̃, WX̃] (SDM) or X̃ (SAR), e₀ and e₁ the residuals of the least-squares regressions of ỹ and of
  Wỹ on Z, ln L_c(ρ) = const − (nT/2) ln[(e₀ − ρe₁)'(e₀ − ρe₁)] + T ln|I − ρW|, maximised over
  ρ ∈ (1/ω_min, 1/ω_max) (Brent's bounded search); then b = b₀ − ρb₁, σ² = e'e/(nT) and
  ln L = −(nT/2) ln(2πσ²) + T ln|I − ρW| − e'e/(2σ²). SEM: for each λ, b(λ) is least squares of
  ỹ − λWỹ on Z − λWZ (from cross-products computed once) and ln L_c(λ) = −(nT/2) ln e'e + T ln|I − λW|.
* ln|I − ρW| (:func:`log_determinant`): ``eigen`` Σ_i ln(1 − ρω_i) with the eigenvalues ω of W, from
  the symmetric matrix D^{-1/2} A D^{-1/2} when the unstandardised weights A are symmetric (similar to
  W = D^{-1}A, so real eigenvalues), otherwise from W itself (Ord 1975); ``sparse`` the sparse LU
  factorisation I − ρW = PLUQ (SuperLU, scipy.sparse.linalg.splu) at every evaluation,
  ln|I − ρW| = Σ ln|u_ii| (exact up to rounding; Pace and Barry 1997 use the same sparse route), with
  the search on ρ ∈ (−1, 1) (the bounds of LeSage and Pace 2009, §4.1, for row-standardised W).
  ``auto``: eigen up to 1,000 regions, sparse above.
* Bias correction of Lee and Yu (2010, J. Econometrics 154: 165–185) exactly as in Elhorst's
  sar_panel_FE / sem_panel_FE (info.bc = 1): region effects σ²_bc = T/(T − 1) σ²; time effects
  σ²_bc = n/(n − 1) σ²; two-way effects, with θ = (b, ρ, σ²) and Σ the information matrix (or the
  negative Hessian) at the ML estimate, θ_bc = θ + (Σ/(nT))⁻¹ c / n = θ + T Σ⁻¹ c with
  c = (0'_p, 1/(1 − ρ), 1/(2σ²))', then σ²_bc = T/(T − 1) σ²_bc (the 1/n term removes the bias from
  the time effects, the T/(T − 1) the one from the region effects). The covariance is evaluated at
  the corrected values; ``loglik`` is the maximised value (before the correction), as in Elhorst's code.
* Covariance of (b, ρ, σ²): ``information`` — the inverse information matrix (Elhorst 2014, eq. 3.21;
  Lee 2004), with G = W(I − ρW)⁻¹: I_bb = Z'Z/σ², I_bρ = Σ_t Z_t'GZ_tb/σ², I_ρρ = Σ_t ‖GZ_tb‖²/σ²
  + T tr(G² + G'G), I_ρσ² = T tr(G)/σ², I_σ²σ² = nT/(2σ⁴) (SEM: I_bb = X*'X*/σ² with X* = Z − λWZ,
  I_bλ = 0, I_λλ = T tr(G² + G'G)); ``hessian`` — the inverse of the analytic negative Hessian of
  ln L (what Stata's spregress reports): H_bb = Z'Z/σ², H_bρ = Z'Wỹ/σ², H_ρρ = T tr(G²) + ‖Wỹ‖²/σ²,
  H_bσ² = Z'e/σ⁴, H_ρσ² = (Wỹ)'e/σ⁴, H_σ²σ² = −nT/(2σ⁴) + e'e/σ⁶ (SEM with u = ỹ − Zb:
  H_bλ = ((WZ)'ε + X*'Wu)/σ², H_λλ = T tr(G²) + ‖Wu‖²/σ²). ``auto``: information with the eigen
  log-determinant, Hessian with the sparse one (its traces need no dense inverse), as Elhorst's code
  switches to the numerical Hessian for n > 500.
* Effects (LeSage and Pace 2009, *Introduction to Spatial Econometrics*, §2.7): for variable k,
  S_k = (I − ρW)⁻¹(β_k I + θ_k W); direct = tr(S_k)/n, total = ι'S_kι/n = (β_k + θ_k)/(1 − ρ) for
  row-standardised W, indirect = total − direct. S_k is a polynomial in W, so
  tr(S_k)/n = (1/n) Σ_i (β_k + θ_kω_i)/(1 − ρω_i) exactly with the eigenvalues; with the sparse route
  tr(S_k)/n = Σ_j ρ^j (β_k t_j + θ_k t_{j+1}), t_j = tr(W^j)/n, j ≤ 200, t_0 = 1, t_1 and t_2 exact,
  t_j (j ≥ 3) by the seeded Monte Carlo estimator (1/m) Σ_r u_r'W^ju_r/n with m = 100 Rademacher
  vectors (Barry and Pace 1999; LeSage and Pace 2009, §4.3). Standard errors, z and p
  (``effects_se``): ``simulation`` — the standard deviation of the effects over ``draws`` seeded
  draws of (b, ρ) from N(estimate, covariance), draws of ρ outside its interval redrawn (LeSage and
  Pace 2009, §5.6.2; Elhorst's direct_indirect_effects_estimates); ``delta`` — the delta method with
  ∂direct/∂ρ = β_k tr(W(I − ρW)⁻²)/n + θ_k tr(W²(I − ρW)⁻²)/n, ∂direct/∂β_k = tr((I − ρW)⁻¹)/n,
  ∂direct/∂θ_k = tr(W(I − ρW)⁻¹)/n, ∂total/∂ρ = (β_k + θ_k)/(1 − ρ)², ∂total/∂β_k = ∂total/∂θ_k =
  1/(1 − ρ) (what Stata's estat impact reports). The reported effect is the value at the estimates.
  SEM: direct = β, indirect = 0. PySAL spreg's "simple" impacts count all of WX as indirect (direct
  = β); they are not used here.
* LM tests on the demeaned OLS residuals e (Anselin et al. 1996, Reg. Sci. Urban Econ. 26: 77–104;
  panel form of Elhorst 2014, §3.5, Debarsy and Ertur 2010): σ² = e'e/(nT), T_W = tr(W'W + WW),
  J = [(WX̃b)'M(WX̃b) + T·T_W·σ²]/σ², M = I − X̃(X̃'X̃)⁻¹X̃'; LM_lag = (e'Wỹ/σ²)²/J,
  LM_error = (e'We/σ²)²/(T·T_W), robust LM_lag = (e'Wỹ/σ² − e'We/σ²)²/(J − T·T_W), robust
  LM_error = (e'We/σ² − (T·T_W/J) e'Wỹ/σ²)²/(T·T_W(1 − T·T_W/J)); each χ²(1).
* SDM against SAR and SEM (Elhorst 2014, §2.5 and §3.6): Wald tests of θ = 0 and of the common factor
  θ + ρβ = 0 (delta method, gradient [β, ρI, I] in (ρ, β, θ)), and LR = 2(ln L_SDM − ln L_restricted),
  χ²(k). Hausman's fixed- against random-effects test: H = (b_FE − b_RE)'(V_FE − V_RE)⁺(b_FE − b_RE)
  (linearmodels' PanelOLS and RandomEffects, year dummies in both for two-way effects).
* GWR and MGWR (PySAL mgwr; Fotheringham, Yang and Kang 2017): bandwidth by AICc (golden section),
  local t-values, and the corrected significance level of da Silva and Fotheringham (2016, Geogr.
  Anal. 48: 233–247): α_adj = α·k/ENP (GWR, ENP the effective number of parameters) or α/ENP_j
  (MGWR, per term); a local estimate is significant when |t| > t_{1 − α_adj/2, n − 1}.
* Spatial β-convergence (conditional, SDM form; Elhorst, Piras and Arbia 2010, Geogr. Anal. 42: 338–355):
  ln(x_{i,t+1}/x_{i,t}) = ρW·growth + β ln x_{i,t} + θW ln x_{i,t} + controls + μ_i + λ_t + ε. The
  reported β is the direct effect of ln x; speed λ = −ln(1 + β)/τ (τ the years between observations),
  half-life ln 2/λ.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

EFFECTS = ("two-way", "region", "time", "none")
# notebook 14: a spatial regression needs many regions; the local regressions grow with n²
MIN_SPILLOVER_REGIONS = 30
GWR_MAX_REGIONS = 1500
MGWR_MAX_REGIONS = 500
EFFECT_DRAWS = 1000                               # draws of the parameters behind the effects' standard errors
SPILLOVER_WEIGHTS = ("auto", "contiguity", "knn")   # auto: contiguity from boundaries, else k nearest points
SKIP_REASONS = ("few_regions", "no_locations", "no_drivers")


def spillover_plan(n_regions: int, has_boundaries: bool, has_points: bool, has_drivers: bool,
                   weights: str = "auto") -> tuple[str | None, str | None]:
    """Which spatial weights notebook 14 uses (``contiguity`` | ``knn``) or why it is skipped (one of
    :data:`SKIP_REASONS`): at least :data:`MIN_SPILLOVER_REGIONS` regions, regions located by
    boundaries (contiguity; or their centroids for k nearest neighbours) or by points (k nearest
    neighbours), and external drivers to explain D.

    Examples
    --------
    >>> spillover_plan(8, True, False, True), spillover_plan(300, False, True, True)
    ((None, 'few_regions'), ('knn', None))
    >>> spillover_plan(300, False, True, True, "contiguity")
    (None, 'no_locations')
    """
    if weights not in SPILLOVER_WEIGHTS:
        raise ValueError(f"unknown spillover weights {weights!r}: use one of {', '.join(SPILLOVER_WEIGHTS)}")
    if n_regions < MIN_SPILLOVER_REGIONS:
        return None, "few_regions"
    kind = {"auto": "contiguity" if has_boundaries else "knn" if has_points else None,
            "contiguity": "contiguity" if has_boundaries else None,
            "knn": "knn" if has_boundaries or has_points else None}[weights]
    if kind is None:
        return None, "no_locations"
    return (kind, None) if has_drivers else (None, "no_drivers")
LOGDET_METHODS = ("auto", "eigen", "sparse")
COVARIANCES = ("auto", "information", "hessian")
EFFECT_SES = ("simulation", "delta")
EIGEN_LIMIT = 1000        # regions up to which the eigenvalues of W are used
MIN_REGIONS = 5
TRACE_ORDER = 200         # powers of W in the trace series of the sparse route
TRACE_VECTORS = 100       # Rademacher vectors of the Monte Carlo traces
_EDGE = 1e-7              # distance of the ρ search from the bounds of its interval


# ---------------------------------------------------------------------------------------------------
# weights


def _matrix(w, regions: list | None = None):
    """(row-standardised W as scipy CSR in the order ``regions`` (default: w.id_order), the
    unstandardised weights A in that order)."""
    from scipy import sparse

    ids = list(w.id_order)
    if regions is not None:
        missing = [r for r in regions if r not in w.neighbors]
        extra = [r for r in ids if r not in set(regions)]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"region(s) without a row in W: {', '.join(map(str, missing[:10]))}")
            if extra:
                parts.append(f"region(s) of W not in the data: {', '.join(map(str, extra[:10]))}")
            raise ValueError("the weights do not match the panel's regions: " + "; ".join(parts))
        ids = list(regions)
    position = {r: i for i, r in enumerate(ids)}
    original = w.transformations.get("O", w.weights) if hasattr(w, "transformations") else w.weights
    rows, cols, vals = [], [], []
    for r in ids:
        for j, v in zip(w.neighbors[r], original[r], strict=True):
            if j not in position:
                raise ValueError(f"region {r!r} has neighbour {j!r}, which is not in the panel")
            rows.append(position[r])
            cols.append(position[j])
            vals.append(float(v))
    n = len(ids)
    A = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    sums = np.asarray(A.sum(axis=1)).ravel()
    islands = [str(ids[i]) for i in np.flatnonzero(sums == 0)]
    if islands:
        raise ValueError(f"region(s) without neighbours in W (give each at least one): {', '.join(islands[:10])}")
    if (A.data < 0).any():
        raise ValueError("W has negative weights")
    W = sparse.diags(1.0 / sums) @ A
    return W.tocsr(), A


def _apply(W, values: np.ndarray) -> np.ndarray:
    """W applied to every period of ``values`` (T × n or T × n × k)."""
    if values.ndim == 2:
        return np.asarray(W @ values.T).T
    T, n, k = values.shape
    flat = values.transpose(1, 0, 2).reshape(n, T * k)
    return np.asarray(W @ flat).reshape(n, T, k).transpose(1, 0, 2)


class _Spectrum:
    """What the likelihood and the effects need of W: ln|I − ρW|, the interval of ρ, and traces."""

    def __init__(self, W, A, method: str = "auto", seed: int = 0):
        from scipy import sparse

        if method not in LOGDET_METHODS:
            raise ValueError(f"unknown log-determinant method {method!r}: use one of {', '.join(LOGDET_METHODS)}")
        self.W = W
        self.n = W.shape[0]
        self.method = ("eigen" if self.n <= EIGEN_LIMIT else "sparse") if method == "auto" else method
        self.seed = seed
        self._t = None
        if self.method == "eigen":
            if abs(A - A.T).max() <= 1e-12 * max(abs(A).max(), 1.0):
                d = 1.0 / np.sqrt(np.asarray(A.sum(axis=1)).ravel())
                symmetric = (sparse.diags(d) @ A @ sparse.diags(d)).toarray()
                self.omega = np.linalg.eigvalsh((symmetric + symmetric.T) / 2)
            else:
                omega = np.linalg.eigvals(W.toarray())
                self.omega = omega.real if np.abs(omega.imag).max() < 1e-10 else omega
            real = np.real(self.omega)
            self.bounds = (1.0 / real.min(), 1.0 / real.max())
        else:
            self.bounds = (-1.0, 1.0)
            self._identity = sparse.identity(self.n, format="csc")
            self._Wc = W.tocsc()

    def logdet(self, rho: float) -> float:
        if self.method == "eigen":
            return float(np.log(np.abs(1.0 - rho * self.omega)).sum())
        from scipy.sparse.linalg import splu

        lu = splu((self._identity - rho * self._Wc).tocsc(), permc_spec="COLAMD")
        return float(np.log(np.abs(lu.U.diagonal())).sum())

    def traces_series(self) -> np.ndarray:
        """t_j = tr(W^j)/n for j = 0 … TRACE_ORDER + 2 (exact for j ≤ 2, Monte Carlo above)."""
        if self._t is None:
            W = self.W
            rng = np.random.default_rng(self.seed)
            U = rng.choice([-1.0, 1.0], size=(self.n, TRACE_VECTORS))
            t = np.empty(TRACE_ORDER + 3)
            V = U
            for j in range(TRACE_ORDER + 3):
                t[j] = (U * V).sum() / (self.n * TRACE_VECTORS)
                V = np.asarray(W @ V)
            t[0] = 1.0
            t[1] = W.diagonal().sum() / self.n
            t[2] = W.multiply(W.T).sum() / self.n
            self._t = t
        return self._t

    def mean_traces(self, rho) -> tuple[np.ndarray, np.ndarray]:
        """(tr((I − ρW)⁻¹)/n, tr(W(I − ρW)⁻¹)/n) for every ρ of the array ``rho``."""
        rho = np.atleast_1d(np.asarray(rho, dtype=float))
        if self.method == "eigen":
            inverse = 1.0 / (1.0 - rho[:, None] * self.omega[None, :])
            return np.real(inverse.mean(axis=1)), np.real((inverse * self.omega[None, :]).mean(axis=1))
        t = self.traces_series()
        powers = rho[:, None] ** np.arange(TRACE_ORDER + 1)[None, :]
        return powers @ t[:TRACE_ORDER + 1], powers @ t[1:TRACE_ORDER + 2]

    def mean_traces_derivative(self, rho: float) -> tuple[float, float]:
        """d/dρ of :meth:`mean_traces`: (tr(W(I − ρW)⁻²)/n, tr(W²(I − ρW)⁻²)/n)."""
        if self.method == "eigen":
            inverse2 = 1.0 / (1.0 - rho * self.omega) ** 2
            return float(np.real((self.omega * inverse2).mean())), float(np.real((self.omega**2 * inverse2).mean()))
        t = self.traces_series()
        j = np.arange(1, TRACE_ORDER + 1)
        weights = j * rho ** (j - 1)
        return float(weights @ t[1:TRACE_ORDER + 1]), float(weights @ t[2:TRACE_ORDER + 2])

    def g_traces(self, rho: float) -> tuple[float, float]:
        """(tr G, tr G²) with G = W(I − ρW)⁻¹."""
        if self.method == "eigen":
            g = self.omega / (1.0 - rho * self.omega)
            return float(np.real(g.sum())), float(np.real((g**2).sum()))
        t = self.traces_series()
        j = np.arange(TRACE_ORDER + 1)
        powers = rho**j
        return float(self.n * powers @ t[1:TRACE_ORDER + 2]), float(self.n * ((j + 1) * powers) @ t[2:TRACE_ORDER + 3])

    def inverse(self, rho: float) -> np.ndarray:
        """(I − ρW)⁻¹, dense."""
        return np.linalg.inv(np.eye(self.n) - rho * self.W.toarray())


def log_determinant(w, rho: float, method: str = "auto") -> float:
    """ln|I − ρW| of the row-standardised ``w`` (``eigen``, ``sparse`` LU, or ``auto``).

    Examples
    --------
    Two regions, each the other's neighbour: W = [[0, 1], [1, 0]] has eigenvalues ±1, so
    |I − ρW| = 1 − ρ² and, at ρ = 0.5, ln 0.75 = −0.287682:

    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a"]})
    >>> round(log_determinant(w, 0.5, "eigen"), 6), round(log_determinant(w, 0.5, "sparse"), 6)
    (-0.287682, -0.287682)
    """
    W, A = _matrix(w)
    return _Spectrum(W, A, method).logdet(rho)


def lesage_pace_effects(rho: float, beta, theta, w) -> pd.DataFrame:
    """Direct, indirect and total effects (LeSage and Pace 2009) of S_k = (I − ρW)⁻¹(β_k I + θ_k W),
    exactly (eigenvalues); ``beta`` and ``theta`` are Series (or scalars) by variable.

    Examples
    --------
    W = [[0, 1], [1, 0]]: (I − ρW)⁻¹ = [[1, ρ], [ρ, 1]]/(1 − ρ²), so diag S = (β + ρθ)/(1 − ρ²); with
    ρ = 0.5, β = 1, θ = 0.5: direct = 1.25/0.75 = 5/3, total = 1.5/0.5 = 3, indirect = 4/3.

    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a"]})
    >>> lesage_pace_effects(0.5, pd.Series({"x": 1.0}), pd.Series({"x": 0.5}), w).round(6)
         direct  indirect  total
    x  1.666667  1.333333    3.0
    """
    W, A = _matrix(w)
    spectrum = _Spectrum(W, A, "eigen")
    beta = beta if isinstance(beta, pd.Series) else pd.Series({"x": float(beta)})
    theta = theta if isinstance(theta, pd.Series) else pd.Series(float(theta), index=beta.index)
    a, c = (v[0] for v in spectrum.mean_traces(rho))
    direct = beta * a + theta * c
    total = (beta + theta) / (1.0 - rho)
    return pd.DataFrame({"direct": direct, "indirect": total - direct, "total": total})


# ---------------------------------------------------------------------------------------------------
# panel data


@dataclass
class _Panel:
    regions: list
    years: list
    y: np.ndarray            # T × n
    X: np.ndarray            # T × n × k
    columns: list[str]


def _panel(y: pd.Series, X: pd.DataFrame, regions: list | None = None) -> _Panel:
    """Check a (region, year) panel and lay it out as T × n (× k) arrays, regions in ``regions`` order."""
    if not isinstance(y, pd.Series) or not isinstance(X, pd.DataFrame):
        raise TypeError("y must be a pandas Series and X a DataFrame, both indexed by (region_code, year)")
    for name, obj in (("y", y), ("X", X)):
        if not isinstance(obj.index, pd.MultiIndex) or obj.index.nlevels != 2:
            raise ValueError(f"{name} must be indexed by (region_code, year), a two-level MultiIndex")
        if obj.index.has_duplicates:
            dup = obj.index[obj.index.duplicated()][:5].tolist()
            raise ValueError(f"{name} has duplicate (region, year) rows: {dup}")
    if X.shape[1] == 0:
        raise ValueError("X has no columns")
    if not y.index.sort_values().equals(X.index.sort_values()):
        only_y = y.index.difference(X.index)[:5].tolist()
        only_x = X.index.difference(y.index)[:5].tolist()
        raise ValueError(f"y and X are not indexed by the same (region, year) pairs: only in y {only_y}, only in X {only_x}")
    present = list(dict.fromkeys(y.index.get_level_values(0)))
    years = sorted(set(y.index.get_level_values(1)))
    counts = y.groupby(level=0).size()
    short = counts[counts < len(years)]
    if len(short):
        detail = ", ".join(f"{r} ({c} of {len(years)} years)" for r, c in short.head(10).items())
        raise ValueError(f"unbalanced panel: every region needs every year; missing years for {detail}")
    if regions is None:
        regions = present
    else:
        missing = [r for r in regions if r not in set(present)]
        extra = [r for r in present if r not in set(regions)]
        if missing or extra:
            raise ValueError("the weights do not match the panel's regions: "
                             f"in W but not in the data {list(map(str, missing[:10]))}, "
                             f"in the data but not in W {list(map(str, extra[:10]))}")
    if len(regions) < MIN_REGIONS:
        raise ValueError(f"too few regions for a spatial model: {len(regions)} (at least {MIN_REGIONS})")
    full = pd.MultiIndex.from_product([regions, years])
    yy = y.reindex(full).to_numpy(dtype=float)
    Xs = X.reindex(full)
    try:
        xx = Xs.to_numpy(dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"X must be numeric: {error}") from None
    if np.isnan(yy).any():
        raise ValueError("y has missing values at " + str(full[np.isnan(yy)][:5].tolist()))
    if np.isnan(xx).any():
        bad = Xs.columns[np.isnan(xx).any(axis=0)].tolist()
        raise ValueError(f"X has missing values in column(s) {bad}")
    n, T, k = len(regions), len(years), X.shape[1]
    return _Panel(list(regions), years, yy.reshape(n, T).T.copy(), xx.reshape(n, T, k).transpose(1, 0, 2).copy(),
                  [str(c) for c in X.columns])


def _demean(values: np.ndarray, effects: str) -> np.ndarray:
    """Remove region and/or year means from T × n (× k) ``values``."""
    if effects == "region":
        return values - values.mean(axis=0, keepdims=True)
    if effects == "time":
        return values - values.mean(axis=1, keepdims=True)
    if effects == "two-way":
        return (values - values.mean(axis=0, keepdims=True) - values.mean(axis=1, keepdims=True)
                + values.mean(axis=(0, 1), keepdims=True))
    return values


def _check_effects(effects: str, T: int) -> None:
    if effects not in EFFECTS:
        raise ValueError(f"unknown effects {effects!r}: use one of {', '.join(EFFECTS)}")
    if effects in ("two-way", "region") and T < 2:
        raise ValueError(f"{effects} fixed effects need at least 2 years, the panel has {T}")


@dataclass
class _Design:
    panel: _Panel
    W: object
    A: object
    y: np.ndarray            # nT, demeaned, t-major
    Wy: np.ndarray
    Z: np.ndarray            # nT × p
    WZ: np.ndarray
    names: list[str]
    effects: str

    @property
    def n(self) -> int:
        return len(self.panel.regions)

    @property
    def T(self) -> int:
        return len(self.panel.years)


def _design(y, X, w, effects: str, durbin: bool) -> _Design:
    panel = _panel(y, X, [r for r in w.id_order])
    _check_effects(effects, len(panel.years))
    W, A = _matrix(w, panel.regions)
    WY = _apply(W, panel.y)
    WX = _apply(W, panel.X)
    blocks = [panel.X, WX] if durbin else [panel.X]
    names = list(panel.columns) + ([f"W_{c}" for c in panel.columns] if durbin else [])
    Z = np.concatenate(blocks, axis=2)
    T, n, p = Z.shape
    Zd = _demean(Z, effects).reshape(T * n, p)
    WZd = _demean(_apply(W, Z), effects).reshape(T * n, p)
    if effects == "none":
        Zd = np.column_stack([np.ones(T * n), Zd])
        WZd = np.column_stack([np.ones(T * n), WZd])      # Wι = ι
        names = ["const"] + names
    rank = np.linalg.matrix_rank(Zd)
    if rank < Zd.shape[1]:
        flat = [nm for j, nm in enumerate(names) if np.allclose(Zd[:, j], 0)]
        hint = f" (no variation left after the {effects} fixed effects: {', '.join(flat)})" if flat else ""
        raise ValueError(f"the regressors are collinear: rank {rank} of {Zd.shape[1]} columns{hint}")
    return _Design(panel, W, A, _demean(panel.y, effects).ravel(), _demean(WY, effects).ravel(), Zd, WZd, names,
                   effects)


# ---------------------------------------------------------------------------------------------------
# estimation


@dataclass(frozen=True)
class SpatialPanelFit:
    """A fitted spatial panel model.

    ``coefficients``: estimate, se, z, p by term (``rho`` or ``lambda`` first, then ``const`` when
    ``effects="none"``, X's columns and, for the SDM, ``W_<column>``); ``effects``: direct, indirect
    and total effects with se and p by column of X; ``covariance``: of the coefficients (without σ²).
    """

    model: str
    coefficients: pd.DataFrame
    effects: pd.DataFrame
    covariance: pd.DataFrame
    loglik: float
    aic: float
    pseudo_r2: float
    n: int
    T: int
    sigma2: float
    fixed_effects: str
    bias_corrected: bool
    logdet_method: str
    cov_method: str
    columns: tuple[str, ...]


def _optimise(objective, bounds) -> float:
    from scipy.optimize import minimize_scalar

    lo, hi = bounds
    span = hi - lo
    result = minimize_scalar(objective, bounds=(lo + _EDGE * span, hi - _EDGE * span), method="bounded",
                             options={"xatol": 1e-10, "maxiter": 500})
    return float(result.x)


def _lag_matrices(d: _Design, spectrum: _Spectrum, b, rho, sigma2, kind: str) -> np.ndarray:
    """Information matrix or negative Hessian of ln L in (b, ρ, σ²) for the lag models."""
    Z, nT, T, n = d.Z, len(d.y), d.T, d.n
    p = Z.shape[1]
    M = np.zeros((p + 2, p + 2))
    M[:p, :p] = Z.T @ Z / sigma2
    if kind == "information":
        G = spectrum.W @ spectrum.inverse(rho)
        G = np.asarray(G)
        GZb = (G @ (Z @ b).reshape(T, n).T).T.ravel()
        M[:p, p] = Z.T @ GZb / sigma2
        M[p, p] = GZb @ GZb / sigma2 + T * (np.trace(G @ G) + (G * G).sum())
        M[p, p + 1] = T * np.trace(G) / sigma2
        M[p + 1, p + 1] = nT / (2 * sigma2**2)
    else:
        e = d.y - rho * d.Wy - Z @ b
        trG, trG2 = spectrum.g_traces(rho)
        M[:p, p] = Z.T @ d.Wy / sigma2
        M[:p, p + 1] = Z.T @ e / sigma2**2
        M[p, p] = T * trG2 + d.Wy @ d.Wy / sigma2
        M[p, p + 1] = d.Wy @ e / sigma2**2
        M[p + 1, p + 1] = -nT / (2 * sigma2**2) + e @ e / sigma2**3
    return np.triu(M) + np.triu(M, 1).T


def _error_matrices(d: _Design, spectrum: _Spectrum, b, lam, sigma2, kind: str) -> np.ndarray:
    """Information matrix or negative Hessian of ln L in (b, λ, σ²) for the SEM."""
    Z, nT, T = d.Z, len(d.y), d.T
    p = Z.shape[1]
    Xs = Z - lam * d.WZ
    M = np.zeros((p + 2, p + 2))
    M[:p, :p] = Xs.T @ Xs / sigma2
    if kind == "information":
        G = np.asarray(spectrum.W @ spectrum.inverse(lam))
        M[p, p] = T * (np.trace(G @ G) + (G * G).sum())
        M[p, p + 1] = T * np.trace(G) / sigma2
        M[p + 1, p + 1] = nT / (2 * sigma2**2)
    else:
        u = d.y - Z @ b
        wu = d.Wy - d.WZ @ b
        eps = u - lam * wu
        trG, trG2 = spectrum.g_traces(lam)
        M[:p, p] = (d.WZ.T @ eps + Xs.T @ wu) / sigma2
        M[:p, p + 1] = Xs.T @ eps / sigma2**2
        M[p, p] = T * trG2 + wu @ wu / sigma2
        M[p, p + 1] = eps @ wu / sigma2**2
        M[p + 1, p + 1] = -nT / (2 * sigma2**2) + eps @ eps / sigma2**3
    return np.triu(M) + np.triu(M, 1).T


def _fit(model: str, y, X, w, effects: str, draws: int, seed: int, bias_correction: bool, logdet: str,
         cov: str, effects_se: str) -> SpatialPanelFit:
    from scipy.stats import norm

    if cov not in COVARIANCES:
        raise ValueError(f"unknown covariance {cov!r}: use one of {', '.join(COVARIANCES)}")
    if draws < 2:
        raise ValueError("draws must be at least 2")
    if effects_se not in EFFECT_SES:
        raise ValueError(f"unknown effects_se {effects_se!r}: use one of {', '.join(EFFECT_SES)}")
    d = _design(y, X, w, effects, durbin=model == "SDM")
    n, T, nT = d.n, d.T, d.n * d.T
    spectrum = _Spectrum(d.W, d.A, logdet, seed)
    kind = ("information" if spectrum.method == "eigen" else "hessian") if cov == "auto" else cov
    Z = d.Z
    p = Z.shape[1]
    if nT <= p + 2:
        raise ValueError(f"too few observations ({nT}) for {p + 2} parameters")

    if model == "SEM":
        Q = np.column_stack([d.y, Z])
        WQ = np.column_stack([d.Wy, d.WZ])
        QQ, QW, WW = Q.T @ Q, Q.T @ WQ, WQ.T @ WQ

        def moments(lam):
            m = QQ - lam * (QW + QW.T) + lam**2 * WW
            b = np.linalg.solve(m[1:, 1:], m[1:, 0])
            return b, max(m[0, 0] - m[1:, 0] @ b, 1e-300)

        lam = _optimise(lambda v: nT / 2 * np.log(moments(v)[1]) - T * spectrum.logdet(v), spectrum.bounds)
        b, ee = moments(lam)
        rho = lam
        matrices = _error_matrices
    else:
        b0 = np.linalg.lstsq(Z, d.y, rcond=None)[0]
        b1 = np.linalg.lstsq(Z, d.Wy, rcond=None)[0]
        e0, e1 = d.y - Z @ b0, d.Wy - Z @ b1
        s00, s01, s11 = e0 @ e0, e0 @ e1, e1 @ e1
        rho = _optimise(lambda r: nT / 2 * np.log(s00 - 2 * r * s01 + r * r * s11) - T * spectrum.logdet(r),
                        spectrum.bounds)
        b = b0 - rho * b1
        ee = s00 - 2 * rho * s01 + rho**2 * s11
        matrices = _lag_matrices
    sigma2 = ee / nT
    loglik = -nT / 2 * np.log(2 * np.pi * sigma2) + T * spectrum.logdet(rho) - nT / 2

    corrected = bias_correction and effects != "none"
    if corrected and effects == "region":
        sigma2 *= T / (T - 1)
    elif corrected and effects == "time":
        sigma2 *= n / (n - 1)
    elif corrected and effects == "two-way":
        info = matrices(d, spectrum, b, rho, sigma2, kind)
        c = np.concatenate([np.zeros(p), [1.0 / (1.0 - rho), 1.0 / (2.0 * sigma2)]])
        theta = np.concatenate([b, [rho, sigma2]]) + T * np.linalg.solve(info, c)
        b, rho, sigma2 = theta[:p], float(theta[p]), float(theta[p + 1]) * T / (T - 1)
        lo, hi = spectrum.bounds
        rho = min(max(rho, lo + _EDGE), hi - _EDGE)
    info = matrices(d, spectrum, b, rho, sigma2, kind)
    V = np.linalg.inv(info)
    order = [p] + list(range(p))                       # ρ first, then b
    Vc = V[np.ix_(order, order)]
    estimate = np.concatenate([[rho], b])
    se = np.sqrt(np.clip(np.diag(Vc), 0, None))
    label = "lambda" if model == "SEM" else "rho"
    terms = [label] + d.names
    z = estimate / se
    coefficients = pd.DataFrame({"estimate": estimate, "se": se, "z": z, "p": 2 * norm.sf(np.abs(z))}, index=terms)
    covariance = pd.DataFrame(Vc, index=terms, columns=terms)

    # fitted values on the demeaned scale: the reduced form (I − ρW)⁻¹Zb for the lag models
    xb = (Z @ b).reshape(T, n)
    if model == "SEM":
        fitted = xb.ravel()
    else:
        from scipy.sparse.linalg import splu

        lu = splu(_identity_minus(spectrum.W, rho))
        fitted = lu.solve(np.ascontiguousarray(xb.T)).T.ravel()
    pseudo_r2 = float(np.corrcoef(fitted, d.y)[0, 1] ** 2)

    effects_table = _effects(model, d, spectrum, estimate, Vc, draws, seed, effects_se)
    aic = -2 * loglik + 2 * (p + 2)
    return SpatialPanelFit(model, coefficients, effects_table, covariance, float(loglik), float(aic), pseudo_r2,
                           n, T, float(sigma2), effects, corrected, spectrum.method, kind, tuple(d.panel.columns))


def _identity_minus(W, rho):
    from scipy import sparse

    return (sparse.identity(W.shape[0], format="csc") - rho * W).tocsc()


def _effects(model: str, d: _Design, spectrum: _Spectrum, estimate, V, draws: int, seed: int,
             se_method: str) -> pd.DataFrame:
    from scipy.stats import norm

    columns = d.panel.columns
    offset = 1 + (d.effects == "none")                 # ρ, then the constant if any
    k = len(columns)
    beta_idx = np.arange(offset, offset + k)
    if model == "SEM":
        beta = estimate[beta_idx]
        se = np.sqrt(np.diag(V)[beta_idx])
        p = 2 * norm.sf(np.abs(beta / se))
        return pd.DataFrame({"direct": beta, "direct_se": se, "direct_p": p, "indirect": 0.0, "indirect_se": 0.0,
                             "indirect_p": np.nan, "total": beta, "total_se": se, "total_p": p}, index=columns)
    theta_idx = beta_idx + k if model == "SDM" else None

    def compute(rho, beta, theta):
        a, c = spectrum.mean_traces(rho)
        direct = beta * a[:, None] + theta * c[:, None]
        total = (beta + theta) / (1.0 - rho)[:, None]
        return direct, total - direct, total

    def split(sample):
        rho = sample[:, 0]
        beta = sample[:, beta_idx]
        theta = sample[:, theta_idx] if theta_idx is not None else np.zeros_like(beta)
        return rho, beta, theta

    point = compute(*split(estimate[None, :]))
    if se_method == "delta":
        rho, beta, theta = split(estimate[None, :])
        rho, beta, theta = float(rho[0]), beta[0], theta[0]
        a, c = (float(v[0]) for v in spectrum.mean_traces(rho))
        da, dc = spectrum.mean_traces_derivative(rho)
        ses = {"direct": [], "indirect": [], "total": []}
        for j in range(k):
            idx = [0, beta_idx[j]] + ([theta_idx[j]] if theta_idx is not None else [])
            Vj = V[np.ix_(idx, idx)]
            g_direct = np.array([beta[j] * da + theta[j] * dc, a, c][:len(idx)])
            g_total = np.array([(beta[j] + theta[j]) / (1 - rho) ** 2, 1 / (1 - rho), 1 / (1 - rho)][:len(idx)])
            for name, g in (("direct", g_direct), ("indirect", g_total - g_direct), ("total", g_total)):
                ses[name].append(float(np.sqrt(g @ Vj @ g)))
        spread = [np.asarray(ses[name]) for name in ("direct", "indirect", "total")]
    else:
        rng = np.random.default_rng(seed)
        lo, hi = spectrum.bounds
        kept = []
        for _ in range(100):                       # redraw the ρ outside the admissible interval
            sample = rng.multivariate_normal(estimate, V, size=draws, method="eigh")
            kept.append(sample[(sample[:, 0] > lo) & (sample[:, 0] < hi)])
            if sum(len(s) for s in kept) >= draws:
                break
        sample = np.concatenate(kept)[:draws]
        spread = [sims.std(axis=0, ddof=1) for sims in compute(*split(sample))]
    out = {}
    for name, value, se in zip(("direct", "indirect", "total"), point, spread, strict=True):
        out[name] = value[0]
        out[f"{name}_se"] = se
        out[f"{name}_p"] = 2 * norm.sf(np.abs(value[0] / se))
    return pd.DataFrame(out, index=columns)


def sdm_panel(y: pd.Series, X: pd.DataFrame, w, effects: str = "two-way", draws: int = 1000, seed: int = 0,
              bias_correction: bool = True, logdet: str = "auto", cov: str = "auto",
              effects_se: str = "simulation") -> SpatialPanelFit:
    """Spatial Durbin panel model y = ρWy + Xβ + WXθ + fixed effects + ε, by maximum likelihood.

    Parameters
    ----------
    y, X : Series and DataFrame indexed by (region_code, year), a balanced panel.
    w : libpysal W over the same regions (row-standardised inside, on a copy).
    effects : ``two-way`` (default), ``region``, ``time`` or ``none`` (a constant; T = 1 gives the
        cross-sectional SDM).
    draws, seed : the seeded draws of (b, ρ) behind the standard errors of the effects.
    bias_correction : Lee and Yu (2010) as in Elhorst's code (see the module docstring).
    logdet : ``auto``, ``eigen`` or ``sparse``; cov : ``auto``, ``information`` or ``hessian``.
    effects_se : ``simulation`` (``draws`` seeded draws) or ``delta`` (the delta method).

    Returns
    -------
    SpatialPanelFit

    Examples
    --------
    A ring of six regions, y built without noise from ρ = 0.5, β = 1, θ = 0.5 and region effects
    (each year a different x): the likelihood is maximised at the true values, and the effects follow
    the closed forms: total = (1 + 0.5)/(1 − 0.5) = 3.

    >>> import libpysal
    >>> ids = list(range(6))
    >>> w = libpysal.weights.W({i: [(i - 1) % 6, (i + 1) % 6] for i in ids})
    >>> W = np.roll(np.eye(6), 1, axis=1) / 2 + np.roll(np.eye(6), -1, axis=1) / 2
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(4, 6))
    >>> ys = [np.linalg.solve(np.eye(6) - 0.5 * W, xt + 0.5 * W @ xt + np.arange(6)) for xt in x]
    >>> index = pd.MultiIndex.from_product([ids, range(4)], names=["region_code", "year"])
    >>> Y = pd.Series(np.array(ys).T.ravel() + rng.normal(scale=1e-6, size=24), index=index)
    >>> fit = sdm_panel(Y, pd.DataFrame({"x": x.T.ravel()}, index=index), w, effects="region", draws=50)
    >>> fit.coefficients["estimate"].round(4).tolist()
    [0.5, 1.0, 0.5]
    >>> round(float(fit.effects.loc["x", "total"]), 4)
    3.0
    """
    return _fit("SDM", y, X, w, effects, draws, seed, bias_correction, logdet, cov, effects_se)


def sar_panel(y: pd.Series, X: pd.DataFrame, w, effects: str = "two-way", draws: int = 1000, seed: int = 0,
              bias_correction: bool = True, logdet: str = "auto", cov: str = "auto",
              effects_se: str = "simulation") -> SpatialPanelFit:
    """Spatial lag (SAR) panel model y = ρWy + Xβ + fixed effects + ε; as :func:`sdm_panel` with θ = 0.

    Effects: direct_k = β_k tr((I − ρW)⁻¹)/n, total_k = β_k/(1 − ρ).
    """
    return _fit("SAR", y, X, w, effects, draws, seed, bias_correction, logdet, cov, effects_se)


def sem_panel(y: pd.Series, X: pd.DataFrame, w, effects: str = "two-way", draws: int = 1000, seed: int = 0,
              bias_correction: bool = True, logdet: str = "auto", cov: str = "auto",
              effects_se: str = "simulation") -> SpatialPanelFit:
    """Spatial error (SEM) panel model y = Xβ + fixed effects + u, u = λWu + ε.

    The coefficient table starts with ``lambda``; effects: direct = total = β, indirect = 0
    (``draws`` and ``seed`` are accepted for a uniform call and unused).
    """
    return _fit("SEM", y, X, w, effects, draws, seed, bias_correction, logdet, cov, effects_se)


# ---------------------------------------------------------------------------------------------------
# model choice


def lm_tests(y: pd.Series, X: pd.DataFrame, w, effects: str = "two-way") -> pd.DataFrame:
    """LM lag, LM error and their robust forms on the (demeaned) OLS residuals: statistic, df, p.

    Examples
    --------
    Residuals without spatial pattern give small statistics; the rows and columns:

    >>> import libpysal
    >>> w = libpysal.weights.lat2W(4, 4)
    >>> rng = np.random.default_rng(0)
    >>> index = pd.MultiIndex.from_product([range(16), range(3)], names=["region_code", "year"])
    >>> X = pd.DataFrame({"x": rng.normal(size=48)}, index=index)
    >>> table = lm_tests(X["x"] + pd.Series(rng.normal(size=48), index=index), X, w)
    >>> table.index.tolist(), table.columns.tolist()
    (['lm_lag', 'lm_error', 'robust_lm_lag', 'robust_lm_error'], ['statistic', 'df', 'p'])
    """
    from scipy.stats import chi2

    d = _design(y, X, w, effects, durbin=False)
    Z, T, n, nT = d.Z, d.T, d.n, d.n * d.T
    b = np.linalg.lstsq(Z, d.y, rcond=None)[0]
    e = d.y - Z @ b
    sigma2 = e @ e / nT
    We = _apply(d.W, e.reshape(T, n)).ravel()
    WZb = _apply(d.W, (Z @ b).reshape(T, n)).ravel()
    MWZb = WZb - Z @ np.linalg.lstsq(Z, WZb, rcond=None)[0]
    W = d.W
    TW = T * (W.multiply(W).sum() + W.multiply(W.T).sum())
    J = (WZb @ MWZb + TW * sigma2) / sigma2
    lag, err = e @ d.Wy / sigma2, e @ We / sigma2
    stats = {"lm_lag": lag**2 / J, "lm_error": err**2 / TW, "robust_lm_lag": (lag - err) ** 2 / (J - TW),
             "robust_lm_error": (err - TW / J * lag) ** 2 / (TW * (1 - TW / J))}
    table = pd.DataFrame({"statistic": stats, "df": 1})
    table["p"] = chi2.sf(table["statistic"], 1)
    return table


def wald_tests(sdm: SpatialPanelFit) -> pd.DataFrame:
    """Wald tests on an SDM: θ = 0 (reduces to the SAR) and θ + ρβ = 0 (reduces to the SEM).

    Rows ``theta = 0`` and ``theta + rho*beta = 0``; columns statistic, df, p.
    """
    from scipy.stats import chi2

    if sdm.model != "SDM":
        raise ValueError(f"Wald tests of the SDM need an SDM fit, not {sdm.model}")
    cols = list(sdm.columns)
    beta_names, theta_names = cols, [f"W_{c}" for c in cols]
    est = sdm.coefficients["estimate"]
    V = sdm.covariance
    theta = est[theta_names].to_numpy()
    Vt = V.loc[theta_names, theta_names].to_numpy()
    w_theta = float(theta @ np.linalg.solve(Vt, theta))
    rho, beta = est["rho"], est[beta_names].to_numpy()
    g = theta + rho * beta
    names = ["rho", *beta_names, *theta_names]
    k = len(cols)
    J = np.zeros((k, 2 * k + 1))
    J[:, 0] = beta
    J[:, 1:k + 1] = rho * np.eye(k)
    J[:, k + 1:] = np.eye(k)
    Vg = J @ V.loc[names, names].to_numpy() @ J.T
    w_common = float(g @ np.linalg.solve(Vg, g))
    table = pd.DataFrame({"statistic": [w_theta, w_common], "df": [k, k]},
                         index=["theta = 0", "theta + rho*beta = 0"])
    table["p"] = chi2.sf(table["statistic"], table["df"])
    return table


def lr_tests(sdm: SpatialPanelFit, sar: SpatialPanelFit, sem: SpatialPanelFit) -> pd.DataFrame:
    """Likelihood-ratio tests of the SDM against the SAR (θ = 0) and the SEM (θ + ρβ = 0):
    LR = 2(ln L_SDM − ln L_restricted) ~ χ²(k).

    Examples
    --------
    >>> from types import SimpleNamespace as fit
    >>> lr_tests(fit(model="SDM", loglik=-100.0, columns=("a", "b")), fit(model="SAR", loglik=-103.0),
    ...          fit(model="SEM", loglik=-101.0))["statistic"].tolist()
    [6.0, 2.0]
    """
    from scipy.stats import chi2

    for fit, kind in ((sdm, "SDM"), (sar, "SAR"), (sem, "SEM")):
        if fit.model != kind:
            raise ValueError(f"lr_tests(sdm, sar, sem): expected a {kind} fit, got {fit.model}")
    k = len(sdm.columns)
    stats = [2 * (sdm.loglik - sar.loglik), 2 * (sdm.loglik - sem.loglik)]
    table = pd.DataFrame({"statistic": stats, "df": [k, k]}, index=["SDM vs SAR", "SDM vs SEM"])
    table["p"] = chi2.sf(table["statistic"].clip(lower=0), table["df"])
    return table


def hausman(y: pd.Series, X: pd.DataFrame, effects: str = "two-way") -> pd.Series:
    """Hausman's test of fixed against random region effects (linearmodels; year dummies in both
    models for ``two-way``): statistic, df, p. A small p rejects the random-effects model.
    """
    from linearmodels.panel import PanelOLS, RandomEffects
    from scipy.stats import chi2

    if effects not in ("two-way", "region"):
        raise ValueError(f"the Hausman test compares region effects: effects must be 'two-way' or 'region', not {effects!r}")
    panel = _panel(y, X)
    index = pd.MultiIndex.from_product([panel.regions, panel.years], names=["region_code", "year"])
    n, T = len(panel.regions), len(panel.years)
    ydf = pd.Series(panel.y.T.ravel(), index=index, name="y")
    xdf = pd.DataFrame(panel.X.transpose(1, 0, 2).reshape(n * T, -1), index=index, columns=panel.columns)
    fe = PanelOLS(ydf, xdf, entity_effects=True, time_effects=effects == "two-way").fit()
    exog = xdf.assign(const=1.0)
    if effects == "two-way":
        dummies = pd.get_dummies(index.get_level_values("year"), prefix="year", drop_first=True, dtype=float)
        dummies.index = index
        exog = pd.concat([exog, dummies], axis=1)
    re = RandomEffects(ydf, exog).fit()
    cols = panel.columns
    diff = (fe.params[cols] - re.params[cols]).to_numpy()
    V = fe.cov.loc[cols, cols].to_numpy() - re.cov.loc[cols, cols].to_numpy()
    stat = float(diff @ np.linalg.pinv(V) @ diff)
    return pd.Series({"statistic": stat, "df": len(cols), "p": float(chi2.sf(stat, len(cols))) if stat >= 0 else np.nan})


TESTS = ("lm_lag", "lm_error", "robust_lm_lag", "robust_lm_error", "wald_sdm_sar", "wald_sdm_sem", "lr_sdm_sar",
         "lr_sdm_sem", "hausman")
MODELS = ("SDM", "SAR", "SEM")


def spillover_tables(y: pd.Series, X: pd.DataFrame, w, effects: str = "two-way", draws: int = 1000,
                     seed: int = 0) -> dict[str, pd.DataFrame]:
    """The SDM, SAR and SEM of ``y`` on ``X`` and the tests that choose between them, as the tables of
    notebook 14: ``models`` (model, term, estimate, se, z, p), ``fit`` (model, loglik, aic, pseudo_r2,
    sigma2, n, T), ``effects`` (model, term, effect = direct | indirect | total, estimate, se, p) and
    ``tests`` (test, statistic, df, p; test one of :data:`TESTS`).
    """
    fits = {name: fit(y, X, w, effects=effects, draws=draws, seed=seed)
            for name, fit in zip(MODELS, (sdm_panel, sar_panel, sem_panel), strict=True)}
    models = pd.concat([f.coefficients.rename_axis("term").reset_index().assign(model=m) for m, f in fits.items()],
                       ignore_index=True)[["model", "term", "estimate", "se", "z", "p"]]
    fit_table = pd.DataFrame([{"model": m, "loglik": f.loglik, "aic": f.aic, "pseudo_r2": f.pseudo_r2,
                               "sigma2": f.sigma2, "n": f.n, "T": f.T} for m, f in fits.items()])
    effect_rows = [{"model": m, "term": term, "effect": kind, "estimate": row[kind], "se": row[f"{kind}_se"],
                    "p": row[f"{kind}_p"]}
                   for m, f in fits.items() for term, row in f.effects.iterrows()
                   for kind in ("direct", "indirect", "total")]
    lm = lm_tests(y, X, w, effects=effects)
    wald = wald_tests(fits["SDM"]).set_axis(["wald_sdm_sar", "wald_sdm_sem"])
    lr = lr_tests(fits["SDM"], fits["SAR"], fits["SEM"]).set_axis(["lr_sdm_sar", "lr_sdm_sem"])
    tests = pd.concat([lm, wald, lr, hausman(y, X, effects).to_frame("hausman").T])
    return {"models": models, "fit": fit_table, "effects": pd.DataFrame(effect_rows),
            "tests": tests.rename_axis("test").reset_index()[["test", "statistic", "df", "p"]]}


# ---------------------------------------------------------------------------------------------------
# convergence


def spatial_beta_convergence(values: pd.DataFrame, w, controls: pd.DataFrame | None = None,
                             effects: str = "two-way", draws: int = 1000, seed: int = 0) -> pd.Series:
    """Conditional β-convergence as an SDM: ln(x_{t+1}/x_t) on ln x_t (and ``controls`` at t).

    ``values``: regions × years (positive); ``controls``: DataFrame indexed by (region_code, year)
    at the initial years. Returns beta (direct effect of ln x), se, p, coefficient (β itself),
    indirect, speed = −ln(1 + beta)/τ, half_life = ln 2/speed (NaN without convergence), rho,
    rho_se, rho_p, n, T (growth periods).

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> rng = np.random.default_rng(0)
    >>> x = [np.exp(rng.normal(size=9))]
    >>> for t in range(5):
    ...     x.append(np.exp(0.8 * np.log(x[-1]) + 0.05 * rng.normal(size=9) + 0.1 * t))
    >>> table = pd.DataFrame(np.array(x).T, index=range(9), columns=range(2000, 2006))
    >>> result = spatial_beta_convergence(table, w, draws=50)
    >>> bool(-0.4 < result["beta"] < -0.05), bool(result["half_life"] > 0)
    (True, True)
    """
    if not isinstance(values, pd.DataFrame):
        raise TypeError("values must be a DataFrame of regions × years")
    years = sorted(values.columns)
    if len(years) < 3:
        raise ValueError(f"β-convergence with fixed effects needs at least 3 years, got {len(years)}")
    steps = np.diff(np.asarray(years, dtype=float))
    if not np.allclose(steps, steps[0]) or steps[0] <= 0:
        raise ValueError(f"the years must be equally spaced: {years}")
    frame = values[years].astype(float)
    if frame.isna().any().any():
        raise ValueError("values has missing entries")
    if (frame <= 0).any().any():
        raise ValueError("β-convergence needs positive values (logarithms)")
    logs = np.log(frame)
    growth = logs.diff(axis=1).iloc[:, 1:]
    growth.columns = years[:-1]
    initial = logs[years[:-1]]
    y = growth.stack()
    y.index.names = ["region_code", "year"]
    X = pd.DataFrame({"ln_x": initial.stack()})
    X.index.names = ["region_code", "year"]
    if controls is not None:
        X = X.join(controls.reindex(X.index))
    fit = sdm_panel(y, X, w, effects=effects, draws=draws, seed=seed)
    beta = fit.effects.loc["ln_x"]
    speed = -np.log1p(beta["direct"]) / steps[0] if beta["direct"] > -1 else np.nan
    return pd.Series({"beta": beta["direct"], "se": beta["direct_se"], "p": beta["direct_p"],
                      "coefficient": fit.coefficients.loc["ln_x", "estimate"], "indirect": beta["indirect"],
                      "speed": speed, "half_life": np.log(2) / speed if speed > 0 else np.nan,
                      "rho": fit.coefficients.loc["rho", "estimate"], "rho_se": fit.coefficients.loc["rho", "se"],
                      "rho_p": fit.coefficients.loc["rho", "p"], "n": fit.n, "T": fit.T})


# ---------------------------------------------------------------------------------------------------
# geographically weighted regression


@dataclass(frozen=True)
class GWRFit:
    """GWR or MGWR results: ``local`` (region_code, term, estimate, se, t, significant) and the
    bandwidths, corrected α and critical t by term (one value for all terms in GWR)."""

    model: str
    bandwidth: pd.Series
    adj_alpha: pd.Series
    critical_t: pd.Series
    aicc: float
    r2: float
    enp: float
    local: pd.DataFrame


def _gwr_inputs(y: pd.Series, X: pd.DataFrame, coords):
    if not isinstance(y, pd.Series) or not isinstance(X, pd.DataFrame):
        raise TypeError("y must be a Series and X a DataFrame, indexed by region code")
    if not y.index.equals(X.index):
        raise ValueError("y and X must have the same index (region codes, same order)")
    if isinstance(coords, pd.DataFrame):
        missing = y.index.difference(coords.index)
        if len(missing):
            raise ValueError(f"no coordinates for region(s) {missing[:10].tolist()}")
        xy = coords.reindex(y.index).iloc[:, :2].to_numpy(dtype=float)
    else:
        xy = np.asarray(coords, dtype=float)
        if xy.shape != (len(y), 2):
            raise ValueError(f"coords must be n × 2 ({len(y)} × 2), got {xy.shape}")
    data = np.column_stack([y.to_numpy(dtype=float), X.to_numpy(dtype=float), xy])
    if np.isnan(data).any():
        raise ValueError("y, X and coords must have no missing values")
    if len(y) < X.shape[1] + 10:
        raise ValueError(f"too few regions for GWR: {len(y)}")
    return y.to_numpy(dtype=float)[:, None], X.to_numpy(dtype=float), xy


def _search_bounds(n: int, k: int, fixed: bool) -> dict[str, int]:
    """Bounds of the adaptive bandwidth search when mgwr's own would not fit: its golden section starts at
    40 + 2k nearest neighbours, more than a panel of fewer regions has; then the search runs over
    k + 2 … n neighbours. Empty (mgwr's defaults) otherwise and for fixed (distance) bandwidths.

    Examples
    --------
    >>> _search_bounds(40, 5, False), _search_bounds(300, 5, False)
    ({'bw_min': 7, 'bw_max': 40}, {})
    """
    if fixed or 40 + 2 * k < n:
        return {}
    return {"bw_min": k + 2, "bw_max": n}


def _local_table(index, terms, params, se, tvalues, critical) -> pd.DataFrame:
    n, k = params.shape
    crit = np.broadcast_to(np.asarray(critical, dtype=float), (k,))
    return pd.DataFrame({"region_code": np.repeat(np.asarray(index), k), "term": np.tile(terms, n),
                         "estimate": params.ravel(), "se": se.ravel(), "t": tvalues.ravel(),
                         "significant": (np.abs(tvalues) > crit[None, :]).ravel()})


def gwr(y: pd.Series, X: pd.DataFrame, coords, kernel: str = "bisquare", fixed: bool = False,
        criterion: str = "AICc", alpha: float = 0.05, bandwidth: float | None = None) -> GWRFit:
    """Geographically weighted regression (mgwr.GWR) with a constant; bandwidth by ``criterion``
    (golden section, mgwr.Sel_BW) unless given (adaptive: number of neighbours; fixed: distance).

    ``coords``: DataFrame (x, y columns, projected) indexed like ``y``, or an n × 2 array.
    Significance: |t| > t_{1 − α_adj/2, n − 1}, α_adj = α·k/ENP (da Silva and Fotheringham 2016).
    """
    from mgwr.gwr import GWR
    from mgwr.sel_bw import Sel_BW
    from scipy.stats import t as student

    yy, xx, xy = _gwr_inputs(y, X, coords)
    if bandwidth is None:
        bandwidth = Sel_BW(xy, yy, xx, kernel=kernel, fixed=fixed, n_jobs=1).search(
            criterion=criterion, **_search_bounds(len(yy), xx.shape[1] + 1, fixed))
    results = GWR(xy, yy, xx, bandwidth, kernel=kernel, fixed=fixed, n_jobs=1).fit()
    terms = ["const", *map(str, X.columns)]
    adj = alpha * results.k / results.ENP
    critical = student.ppf(1 - adj / 2, results.n - 1)
    local = _local_table(y.index, terms, results.params, results.bse, results.tvalues, critical)
    return GWRFit("GWR", pd.Series(float(bandwidth), index=terms), pd.Series(adj, index=terms),
                  pd.Series(critical, index=terms), float(results.aicc), float(results.R2), float(results.ENP), local)


def mgwr(y: pd.Series, X: pd.DataFrame, coords, kernel: str = "bisquare", fixed: bool = False,
         criterion: str = "AICc", alpha: float = 0.05, standardize: bool = True) -> GWRFit:
    """Multiscale GWR (mgwr.MGWR, back-fitting), one bandwidth per term chosen by ``criterion``.

    With ``standardize`` (the recommendation of Fotheringham et al. 2017) y and X are z-scored first,
    so the local estimates are standardised coefficients and bandwidths are comparable across terms.
    Significance per term: α_j = α/ENP_j, critical t = t_{1 − α_j/2, n − 1}.
    """
    from mgwr.gwr import MGWR
    from mgwr.sel_bw import Sel_BW
    from scipy.stats import t as student

    yy, xx, xy = _gwr_inputs(y, X, coords)
    if standardize:
        yy = (yy - yy.mean()) / yy.std()
        xx = (xx - xx.mean(axis=0)) / xx.std(axis=0)
    selector = Sel_BW(xy, yy, xx, kernel=kernel, fixed=fixed, multi=True, n_jobs=1)
    with contextlib.redirect_stderr(io.StringIO()):      # mgwr's unconditional tqdm progress bars
        bounds = _search_bounds(len(yy), xx.shape[1] + 1, fixed)
        # MGWR starts from the GWR bandwidth; with few regions both searches need the bounds
        start = {"init_multi": Sel_BW(xy, yy, xx, kernel=kernel, fixed=fixed, n_jobs=1).search(criterion=criterion, **bounds),
                 "multi_bw_min": [bounds["bw_min"]], "multi_bw_max": [bounds["bw_max"]]} if bounds else {}
        selector.search(criterion=criterion, **start)
        results = MGWR(xy, yy, xx, selector, kernel=kernel, fixed=fixed).fit()
    terms = ["const", *map(str, X.columns)]
    enp_j = np.asarray(results.ENP_j, dtype=float)
    adj = alpha / enp_j
    critical = student.ppf(1 - adj / 2, results.n - 1)
    local = _local_table(y.index, terms, results.params, results.bse, results.tvalues, critical)
    return GWRFit("MGWR", pd.Series(np.asarray(selector.bw[0], dtype=float), index=terms), pd.Series(adj, index=terms),
                  pd.Series(critical, index=terms), float(results.aicc), float(results.R2), float(results.ENP), local)


def gwr_tables(fits: dict[str, GWRFit], year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The local coefficients of GWR/MGWR fits as one table (region_code, year, model, term, estimate,
    se, t, significant) and their bandwidths (model, term, bandwidth, adj_alpha, critical_t, aicc, r2,
    enp, share_significant); ``fits``: model name (``gwr``, ``mgwr``) → fit.

    Examples
    --------
    >>> local = pd.DataFrame({"region_code": ["a", "b"], "term": "x", "estimate": [1.0, 2.0], "se": 0.5,
    ...                       "t": [2.0, 4.0], "significant": [False, True]})
    >>> one = pd.Series([30.0], index=["x"])
    >>> fit = GWRFit("GWR", one, one * 0 + 0.01, one * 0 + 2.6, 10.0, 0.5, 3.0, local)
    >>> gwr_tables({"gwr": fit}, 2020)[1][["model", "term", "share_significant"]].values.tolist()
    [['gwr', 'x', 0.5]]
    """
    local = pd.concat([f.local.assign(year=int(year), model=m) for m, f in fits.items()], ignore_index=True)
    share = local.groupby(["model", "term"], sort=False)["significant"].mean()
    summary = pd.DataFrame([{"model": m, "term": t, "bandwidth": f.bandwidth[t], "adj_alpha": f.adj_alpha[t],
                             "critical_t": f.critical_t[t], "aicc": f.aicc, "r2": f.r2, "enp": f.enp,
                             "share_significant": float(share[(m, t)])} for m, f in fits.items() for t in f.bandwidth.index])
    columns = ["region_code", "year", "model", "term", "estimate", "se", "t", "significant"]
    return local[columns], summary
