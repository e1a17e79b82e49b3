"""β-convergence: a tiny panel worked by hand in exact fractions, statsmodels' and linearmodels'
cluster-robust OLS on the same data (independent implementations of both small-sample conventions),
an exact convergence path, and the refusals."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import comparison


def from_logs(logs: dict[str, list[float]], first_year: int = 2020) -> pd.DataFrame:
    """Regions × years of x = exp(ln x), so that ln x is exactly the numbers written in the test."""
    frame = pd.DataFrame(logs).T
    frame.columns = range(first_year, first_year + frame.shape[1])
    return np.exp(frame)


HAND_LOGS = {"r1": [0, 2, 3], "r2": [1, 2, 2.5], "r3": [2, 2.5, 2.5]}


def test_absolute_convergence_by_hand():
    # observations (ln x_t, g = ln x_t+1 − ln x_t), clusters r1, r2, r3:
    #   r1: (0, 2), (2, 1);  r2: (1, 1), (2, 1/2);  r3: (2, 1/2), (5/2, 0)
    obs = {"r1": [(0, 2), (2, 1)], "r2": [(1, 1), (2, Fraction(1, 2))], "r3": [(2, Fraction(1, 2)), (Fraction(5, 2), 0)]}
    pairs = [(Fraction(x), Fraction(g)) for cluster in obs.values() for x, g in cluster]
    n = len(pairs)
    x_bar = sum(x for x, _ in pairs) / n                       # 19/12
    g_bar = sum(g for _, g in pairs) / n                       # 5/6
    sxx = sum((x - x_bar) ** 2 for x, _ in pairs)
    sxg = sum((x - x_bar) * (g - g_bar) for x, g in pairs)
    beta = sxg / sxx
    alpha = g_bar - beta * x_bar
    # the slope row of (X'X)⁻¹X' is (x_i − x̄)/Sxx, so the clustered variance of β is
    # Σ_g [Σ_{i∈g} (x_i − x̄) û_i]² / Sxx², times G/(G − 1) · (N − 1)/(N − K) = 3/2 · 5/4
    meat = sum(sum((Fraction(x) - x_bar) * (Fraction(g) - alpha - beta * Fraction(x)) for x, g in cluster) ** 2
               for cluster in obs.values())
    variance = meat / sxx**2 * Fraction(3, 2) * Fraction(5, 4)
    # x̄ = 19/12, ḡ = 5/6, Sxx = 101/24, Sxg = −35/12, so β = −70/101 and α = 195/101;
    # the meat is 178771/2937888 and Var(β) = 2681565/416241604 (se = 0.0802641)
    assert (x_bar, g_bar, sxx, sxg) == (Fraction(19, 12), Fraction(5, 6), Fraction(101, 24), Fraction(-35, 12))
    assert (beta, alpha) == (Fraction(-70, 101), Fraction(195, 101))
    assert variance == Fraction(2681565, 416241604)
    result = comparison.beta_convergence(from_logs(HAND_LOGS))
    assert result["beta"] == pytest.approx(float(beta), rel=1e-12)
    assert result["se"] == pytest.approx(float(variance) ** 0.5, rel=1e-12)
    t = float(beta) / float(variance) ** 0.5
    assert result["t"] == pytest.approx(t, rel=1e-12)
    assert result["p"] == pytest.approx(2 * stats.t.sf(abs(t), 2), rel=1e-10)        # t(G − 1) = t(2)
    assert (result["n"], result["regions"], result["intervals"], result["df"], result["k"]) == (6, 3, 2, 2, 2)
    assert bool(result["converging"]) is (beta < 0)


def test_exact_convergence_path_gives_the_speed_and_half_life():
    # ln x_t+1 = 0.8 ln x_t + 0.3 in all five regions: g = 0.3 − 0.2 ln x_t, β = −0.2 with no residual;
    # λ = −ln 0.8 = 0.223144, half-life ln 2/λ = 3.106284 years.
    logs = np.array([[0.5], [1.0], [1.5], [2.0], [3.0]])
    for _ in range(4):
        logs = np.hstack([logs, 0.8 * logs[:, -1:] + 0.3])
    values = pd.DataFrame(np.exp(logs), index=list("abcde"), columns=range(2016, 2021))
    result = comparison.beta_convergence(values)
    assert result["beta"] == pytest.approx(-0.2, abs=1e-12)
    assert result["speed"] == pytest.approx(-np.log(0.8)) and result["speed"] == pytest.approx(0.223144, abs=1e-6)
    assert result["half_life"] == pytest.approx(3.106284, abs=1e-6)
    assert result["se"] == pytest.approx(0, abs=1e-10)
    # divergence: β > 0 has no speed or half-life, and says so with converging = False
    # (ln x_t+1 = 1.1 ln x_t: g = 0.1 ln x_t, β = +0.1)
    diverging = comparison.beta_convergence(pd.DataFrame(np.exp(logs[:, :1] * 1.1 ** np.arange(5)),
                                                         index=values.index, columns=values.columns))
    assert diverging["beta"] == pytest.approx(0.1) and not diverging["converging"]
    assert np.isnan(diverging["speed"]) and np.isnan(diverging["half_life"])


def random_panel(regions: int = 9, years: int = 8, seed: int = 11):
    rng = np.random.default_rng(seed)
    codes = [f"6{i:02d}000" for i in range(regions)]
    logs = np.cumsum(rng.normal(0.05, 0.08, (regions, years)), axis=1) + rng.normal(0, 0.5, (regions, 1))
    values = pd.DataFrame(np.exp(logs), index=codes, columns=range(2012, 2012 + years))
    idx = pd.MultiIndex.from_product([codes, values.columns], names=["region_code", "year"])
    controls = pd.DataFrame({"openness": rng.normal(size=len(idx)), "fiscal": rng.normal(size=len(idx))}, index=idx)
    return values, controls


def long_form(values: pd.DataFrame, controls: pd.DataFrame | None = None) -> pd.DataFrame:
    """The regression data written out independently of the module: one row per region and start year."""
    rows = []
    for region, series in values.iterrows():
        for start, end in zip(values.columns[:-1], values.columns[1:], strict=True):
            rows.append({"region_code": region, "year": start, "log_level": np.log(series[start]),
                         "growth": np.log(series[end] / series[start])})
    out = pd.DataFrame(rows)
    if controls is not None:
        out = out.join(controls, on=["region_code", "year"])
    return out


def test_absolute_matches_statsmodels_cluster_robust_ols():
    import statsmodels.api as sm

    values, _ = random_panel()
    data = long_form(values)
    # statsmodels: cluster-robust covariance with G/(G − 1)·(N − 1)/(N − K) and t(G − 1) when use_t
    fit = sm.OLS(data["growth"], sm.add_constant(data[["log_level"]])).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(data["region_code"])[0]}, use_t=True)
    result = comparison.beta_convergence(values)
    assert result["beta"] == pytest.approx(fit.params["log_level"], rel=1e-10)
    assert result["se"] == pytest.approx(fit.bse["log_level"], rel=1e-10)
    assert result["p"] == pytest.approx(fit.pvalues["log_level"], rel=1e-8)
    assert fit.df_resid_inference == result["df"] == 8


def test_conditional_regress_convention_matches_statsmodels_with_dummies():
    import statsmodels.api as sm

    values, controls = random_panel()
    data = long_form(values, controls)
    dummies = pd.concat([pd.get_dummies(data["region_code"], prefix="r", drop_first=True, dtype=float),
                         pd.get_dummies(data["year"], prefix="y", drop_first=True, dtype=float)], axis=1)
    design = sm.add_constant(pd.concat([data[["log_level", "openness", "fiscal"]], dummies], axis=1))
    fit = sm.OLS(data["growth"], design).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(data["region_code"])[0]},
                                             use_t=True)
    result = comparison.beta_convergence(values, "conditional", controls, df_correction="regress")
    assert result["beta"] == pytest.approx(fit.params["log_level"], rel=1e-9)
    assert result["se"] == pytest.approx(fit.bse["log_level"], rel=1e-9)
    assert result["p"] == pytest.approx(fit.pvalues["log_level"], rel=1e-7)
    # K = constant + β + 2 controls + 8 region dummies + 6 year dummies = 18 (N = 9 · 7 = 63)
    assert (result["k"], result["n"]) == (18, 63) and design.shape[1] == 18


def test_conditional_within_convention_matches_linearmodels_xtreg_fe():
    # linearmodels PanelOLS with entity effects, clustered by entity, debiased=True and group_debias=True
    # is documented as Stata's `xtreg, fe vce(cluster id)`: the entity effects, nested in the clusters,
    # are not counted in K (auto_df); the year dummies and the constant are.
    from linearmodels.panel import PanelOLS

    values, controls = random_panel()
    data = long_form(values, controls).set_index(["region_code", "year"])
    years = pd.get_dummies(data.index.get_level_values("year"), prefix="y", drop_first=True, dtype=float)
    years.index = data.index
    exog = pd.concat([pd.Series(1.0, index=data.index, name="const"), data[["log_level", "openness", "fiscal"]], years],
                     axis=1)
    fit = PanelOLS(data["growth"], exog, entity_effects=True).fit(cov_type="clustered", cluster_entity=True,
                                                                  debiased=True, group_debias=True)
    result = comparison.beta_convergence(values, "conditional", controls)
    assert result["beta"] == pytest.approx(fit.params["log_level"], rel=1e-9)
    assert result["se"] == pytest.approx(fit.std_errors["log_level"], rel=1e-9)
    assert result["k"] == exog.shape[1] == 10
    # linearmodels refers t to the residual df; the p here uses t(G − 1) as Stata does for clusters
    assert result["p"] == pytest.approx(2 * stats.t.sf(abs(fit.tstats["log_level"]), 8), rel=1e-8)
    # the two conventions differ only by √[(N − K_regress)/(N − K_within)] = √(45/53)
    regress = comparison.beta_convergence(values, "conditional", controls, df_correction="regress")
    assert result["se"] / regress["se"] == pytest.approx(np.sqrt(45 / 53), rel=1e-12)


def test_the_conventions_coincide_without_fixed_effects():
    values, _ = random_panel(regions=8, years=6, seed=3)
    within, regress = (comparison.beta_convergence(values, df_correction=c) for c in comparison.DF_CORRECTIONS)
    assert within.equals(regress)
    conditional = comparison.beta_convergence(values, "conditional")
    assert conditional["kind"] == "conditional" and conditional["k"] == 2 + 4      # const, β, year dummies 2013…2016


def test_refusals_name_the_problem():
    values, controls = random_panel(regions=4, years=4)
    negative, missing = values.copy(), values.copy()
    negative.loc["601000", 2013] = -1.0
    missing.loc["603000", 2012] = np.nan
    with pytest.raises(ValueError, match="finite values > 0: not so for 601000 in 2013"):
        comparison.beta_convergence(negative)
    with pytest.raises(ValueError, match="not so for 603000 in 2012"):
        comparison.beta_convergence(missing)
    with pytest.raises(ValueError, match="2013 is followed by 2015"):
        comparison.beta_convergence(values.drop(columns=2014))
    with pytest.raises(ValueError, match="no controls for 602000 in 2013"):
        comparison.beta_convergence(values, "conditional", controls.drop(("602000", 2013)))
    with pytest.raises(ValueError, match="fiscal of 600000 in 2012"):
        comparison.beta_convergence(values, "conditional", controls.assign(fiscal=[np.nan] + [0.0] * 15))
    collinear = controls.assign(twice=2 * controls["openness"])
    with pytest.raises(ValueError, match="openness, twice are collinear"):
        comparison.beta_convergence(values, "conditional", collinear)
    with pytest.raises(ValueError, match="only the conditional model"):
        comparison.beta_convergence(values, "absolute", controls)
    with pytest.raises(ValueError, match="at least two regions"):
        comparison.beta_convergence(values.iloc[:1])
    with pytest.raises(ValueError, match="at least three years"):
        comparison.beta_convergence(values.iloc[:, :2], "conditional")
    with pytest.raises(ValueError, match="unknown kind"):
        comparison.beta_convergence(values, "sigma")
