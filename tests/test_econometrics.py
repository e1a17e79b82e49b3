"""Spatial panel econometrics: Stata's spregress output on Anselin's Columbus crime data (SAR, SEM, SDM,
their effects and the Wald and LR tests), spreg's published values (Baltimore SAR, Columbus LM tests),
GWR4's Georgia output for the GWR wrapper, simulation recovery on a lattice panel, the
log-determinant against the dense value, the LM tests' size and power, and the input errors."""

from __future__ import annotations

import warnings

import libpysal
import numpy as np
import pandas as pd
import pytest

from helpers import econometrics as ec

# ----------------------------------------------------------------------------------------------------
# data shipped with libpysal


def cross_section(name: str, y: str, xs: list[str], gal: str, key: str):
    """One year of a libpysal example as a (region_code, year) panel, in the order of the .gal file."""
    db = libpysal.io.open(libpysal.examples.get_path(f"{name}.dbf"))
    w = libpysal.io.open(libpysal.examples.get_path(gal)).read()
    frame = pd.DataFrame({c: db.by_col(c) for c in [y, *xs]}, index=[str(v) for v in db.by_col(key)]).reindex(w.id_order)
    index = pd.MultiIndex.from_product([w.id_order, [0]], names=["region_code", "year"])
    return (pd.Series(frame[y].to_numpy(dtype=float), index=index),
            pd.DataFrame(frame[xs].to_numpy(dtype=float), index=index, columns=xs), w)


def columbus():
    return cross_section("columbus", "CRIME", ["INC", "HOVAL"], "columbus.gal", "POLYID")


# Stata 17, `spregress CRIME INC HOVAL, ml ...` with the row-standardised queen contiguity of the
# Columbus neighbourhoods (236 links; 2 to 10 neighbours, mean 4.816327: the same W as libpysal's
# columbus.gal) and `estat impact` (delta method), as logged in Mendez, C. (2022) "Spatial econometrics
# for cross-sectional data: Columbus crime example", doi:10.5281/zenodo.5151076,
# RegressionAnalysis/SPregressions.txt. Order: rho (lambda), INC, HOVAL, _cons, [W_INC, W_HOVAL].
STATA = {
    "SAR": {"loglik": -182.67397, "pseudo_r2": 0.5806, "sigma2": 96.85718,
            "estimate": {"rho": 0.4233254, "INC": -1.048728, "HOVAL": -0.2663348, "const": 45.60325},
            "se": {"rho": 0.1255855, "INC": 0.3304298, "HOVAL": 0.0888474, "const": 7.951827},
            "effects": {"INC": (-1.100895, 0.3302446, -0.7176833, 0.3163904, -1.818579, 0.5115003),
                        "HOVAL": (-0.2795832, 0.0935004, -0.1822627, 0.1083184, -0.4618459, 0.1818435)}},
    "SEM": {"loglik": -183.74943, "pseudo_r2": 0.5362, "sigma2": 97.67424,
            "estimate": {"lambda": 0.546753, "INC": -0.9573054, "HOVAL": -0.3045593, "const": 60.27947},
            "se": {"lambda": 0.1575357, "INC": 0.3771545, "HOVAL": 0.0921607, "const": 5.904297}},
    "SDM": {"loglik": -181.63925, "pseudo_r2": 0.6120, "sigma2": 93.27224,
            "estimate": {"rho": 0.4034626, "INC": -0.9199061, "HOVAL": -0.2971294, "const": 44.32001,
                         "W_INC": -0.5839134, "W_HOVAL": 0.2576843},
            "se": {"rho": 0.1718368, "INC": 0.3395439, "HOVAL": 0.0900249, "const": 14.18338,
                   "W_INC": 0.6053404, "W_HOVAL": 0.1850135},
            "effects": {"INC": (-1.024988, 0.3241534, -1.495926, 0.6979788, -2.520914, 0.7319696),
                        "HOVAL": (-0.2819673, 0.0911938, 0.215844, 0.2797595, -0.0661233, 0.308123)}},
}
FITS = {"SAR": ec.sar_panel, "SEM": ec.sem_panel, "SDM": ec.sdm_panel}


@pytest.mark.parametrize("model", ["SAR", "SEM", "SDM"])
def test_columbus_cross_section_reproduces_statas_spregress(model):
    y, X, w = columbus()
    fit = FITS[model](y, X, w, effects="none", cov="hessian", effects_se="delta")
    published = STATA[model]
    table = fit.coefficients
    for term, value in published["estimate"].items():
        assert table.loc[term, "estimate"] == pytest.approx(value, rel=2e-6, abs=2e-7), term
    for term, value in published["se"].items():
        assert table.loc[term, "se"] == pytest.approx(value, rel=2e-6), term
    assert fit.loglik == pytest.approx(published["loglik"], abs=1e-5)
    assert fit.sigma2 == pytest.approx(published["sigma2"], rel=1e-6)
    assert fit.pseudo_r2 == pytest.approx(published["pseudo_r2"], abs=5e-5)
    assert (fit.n, fit.T, fit.bias_corrected) == (49, 1, False)
    for name, row in published.get("effects", {}).items():
        got = fit.effects.loc[name, ["direct", "direct_se", "indirect", "indirect_se", "total", "total_se"]]
        assert got.to_numpy() == pytest.approx(row, rel=5e-6), name


def test_columbus_wald_and_lr_tests_reproduce_stata():
    # the same log: Wald θ = 0 chi2(2) = 2.10 (p 0.3494); common factor chi2(2) = 4.08 (p 0.1300);
    # lrtest SDM SAR: LR chi2(2) = 2.07 (p 0.3553); lrtest SDM SEM: 4.22 (p 0.1212)
    y, X, w = columbus()
    sdm = ec.sdm_panel(y, X, w, effects="none", cov="hessian", draws=100)
    wald = ec.wald_tests(sdm)
    assert wald["statistic"].round(2).tolist() == [2.10, 4.08]
    assert wald["p"].round(4).tolist() == [0.3494, 0.1300]
    lr = ec.lr_tests(sdm, ec.sar_panel(y, X, w, effects="none", draws=100), ec.sem_panel(y, X, w, effects="none"))
    assert lr["statistic"].round(2).tolist() == [2.07, 4.22]
    assert lr["p"].round(4).tolist() == [0.3553, 0.1212]
    assert lr["df"].tolist() == [2, 2]


def test_columbus_sdm_effects_are_lesage_paces_not_spregs_simple_impacts():
    # The SDM direct effect of INC is tr((I − ρW)⁻¹(βI + θW))/n = −1.024988 (Stata, above), not β = −0.9199
    # as spreg's "simple" impacts have it (they put all of WX into the indirect effect).
    y, X, w = columbus()
    fit = ec.sdm_panel(y, X, w, effects="none", draws=200)
    est = fit.coefficients["estimate"]
    W = np.asarray(libpysal.weights.util.full(w)[0])
    W = W / W.sum(axis=1, keepdims=True)
    inverse = np.linalg.inv(np.eye(49) - est["rho"] * W)
    exact = np.diag(inverse @ (est["INC"] * np.eye(49) + est["W_INC"] * W)).mean()
    assert fit.effects.loc["INC", "direct"] == pytest.approx(exact, rel=1e-10)
    assert fit.effects.loc["INC", "direct"] == pytest.approx(-1.024988, rel=1e-6)
    assert abs(fit.effects.loc["INC", "direct"] - est["INC"]) > 0.1
    spreg = pytest.importorskip("spreg")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wr = libpysal.io.open(libpysal.examples.get_path("columbus.gal")).read()
        wr.transform = "r"
        model = spreg.ML_Lag(y.to_numpy()[:, None], X.to_numpy(), w=wr, slx_lags=1, spat_impacts="simple")
    assert model.betas.ravel()[-1] == pytest.approx(est["rho"], rel=1e-6)      # same estimates …
    assert "-0.9199" in model.summary and "-1.0250" not in model.summary        # … but spreg's direct = β


def test_information_matrix_covariance_matches_spregs_baltimore_example():
    # spreg tests/test_ml_lag.py (Baltimore house prices, baltim_q.gal): betas (const, NROOM, AGE, SQFT, rho)
    # and the diagonal of vm, sig2 and the log-likelihood of ML_Lag (information-matrix covariance).
    y, X, w = cross_section("baltim", "PRICE", ["NROOM", "AGE", "SQFT"], "baltim_q.gal", "STATION")
    fit = ec.sar_panel(y, X, w, effects="none", cov="information", draws=50)
    order = ["const", "NROOM", "AGE", "SQFT", "rho"]
    assert fit.coefficients.loc[order, "estimate"].to_numpy() == pytest.approx(
        [-6.04040164, 3.48995114, -0.20103955, 0.65462382, 0.62351143], rel=1e-6)
    assert (fit.coefficients.loc[order, "se"] ** 2).to_numpy() == pytest.approx(
        [28.57288755, 1.42341656, 0.00288068, 0.02956392, 0.00332139], rel=1e-5)
    assert fit.sigma2 == pytest.approx(216.27525647243797, rel=1e-7)
    assert fit.loglik == pytest.approx(-875.92771143484833, rel=1e-9)
    # (spreg's pr2 = 0.6133 correlates y with Xb alone; the pseudo R² here is Stata's, of the reduced form)


def test_sem_information_matrix_matches_spregs_baltimore_example():
    # spreg tests/test_ml_error.py: betas (const, NROOM, AGE, SQFT, lambda), diag(vm), sig2 = 219.239799,
    # logll = -881.269405, pr2 = 0.341471 (squared correlation of y and Xb, as here for the SEM)
    y, X, w = cross_section("baltim", "PRICE", ["NROOM", "AGE", "SQFT"], "baltim_q.gal", "STATION")
    fit = ec.sem_panel(y, X, w, effects="none", cov="information")
    order = ["const", "NROOM", "AGE", "SQFT", "lambda"]
    assert fit.coefficients.loc[order, "estimate"].to_numpy() == pytest.approx(
        [19.45930348, 3.98928064, -0.16714232, 0.57336871, 0.71757002], rel=1e-4)
    assert (fit.coefficients.loc[order, "se"] ** 2).to_numpy() == pytest.approx(
        [3.775969e+01, 1.337534e+00, 4.440495e-03, 2.890193e-02, 3.496050e-03], rel=1e-4)
    assert fit.sigma2 == pytest.approx(219.239799, rel=1e-6)
    assert fit.loglik == pytest.approx(-881.269405, rel=1e-8)
    assert fit.pseudo_r2 == pytest.approx(0.341471, rel=1e-5)


def test_one_way_panel_matches_spregs_panel_fe_lag():
    # spreg's Panel_FE_Lag is a one-way (region) fixed-effects SAR without bias correction: ρ, β, σ² and
    # the information-matrix standard errors must be the same as ours with effects="region".
    spreg = pytest.importorskip("spreg")
    y, X, w, W = lattice_panel(theta=np.zeros(2), years=6, seed=4)
    n, T = 300, 6
    wr = libpysal.weights.lat2W(15, 20)
    wr.transform = "r"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = spreg.Panel_FE_Lag(y.to_numpy().reshape(n, T),
                                    np.hstack([X[c].to_numpy().reshape(n, T) for c in X.columns]), w=wr)
    ours = ec.sar_panel(y, X, w, effects="region", bias_correction=False, cov="information", draws=20)
    order = ["x1", "x2", "rho"]
    assert ours.coefficients.loc[order, "estimate"].to_numpy() == pytest.approx(theirs.betas.ravel(), rel=1e-6)
    assert ours.coefficients.loc[order, "se"].to_numpy() == pytest.approx(np.sqrt(np.diag(theirs.vm)), rel=1e-5)
    assert ours.sigma2 == pytest.approx(float(np.squeeze(theirs.sig2)), rel=1e-6)


def test_lm_tests_match_spregs_columbus_example():
    # spreg tests/test_diagnostics_sp.py: OLS of HOVAL on INC and CRIME, columbus.gal row-standardised:
    # LM error 3.097094 (p 0.078432), LM lag 0.981552 (0.321816), robust LM error 3.209187 (0.073226),
    # robust LM lag 1.093645 (0.295665)
    y, X, w = cross_section("columbus", "HOVAL", ["INC", "CRIME"], "columbus.gal", "POLYID")
    table = ec.lm_tests(y, X, w, effects="none")
    assert table["statistic"].to_numpy() == pytest.approx([0.981552, 3.097094, 1.093645, 3.209187], rel=1e-6)
    assert table["p"].to_numpy() == pytest.approx([0.321816, 0.078432, 0.295665, 0.073226], rel=1e-5)


# ----------------------------------------------------------------------------------------------------
# simulated panels with a known answer

RHO, BETA, THETA, SIGMA = 0.4, np.array([1.0, -0.5]), np.array([0.5, 0.3]), 1.0


def lattice_panel(rho=RHO, beta=BETA, theta=THETA, rows=15, cols=20, years=10, seed=0, error=False):
    """y_t = (I − ρW)⁻¹(X_tβ + WX_tθ + μ + λ_t ι + ε_t) on a rook lattice (SEM: u_t = (I − ρW)⁻¹ε_t)."""
    rng = np.random.default_rng(seed)
    w = libpysal.weights.lat2W(rows, cols)
    n = w.n
    W = np.asarray(w.full()[0])
    W = W / W.sum(axis=1, keepdims=True)
    inverse = np.linalg.inv(np.eye(n) - rho * W)
    mu = rng.normal(size=n) * 2
    lam = rng.normal(size=years)
    X = rng.normal(size=(years, n, len(beta)))
    Y = np.empty((years, n))
    for t in range(years):
        eps = SIGMA * rng.normal(size=n)
        if error:
            Y[t] = X[t] @ beta + mu + lam[t] + inverse @ eps
        else:
            Y[t] = inverse @ (X[t] @ beta + W @ X[t] @ theta + mu + lam[t] + eps)
    index = pd.MultiIndex.from_product([w.id_order, range(2000, 2000 + years)], names=["region_code", "year"])
    y = pd.Series(Y.T.ravel(), index=index)
    Xf = pd.DataFrame(X.transpose(1, 0, 2).reshape(n * years, -1), index=index,
                      columns=[f"x{j + 1}" for j in range(len(beta))])
    return y, Xf, w, W


@pytest.fixture(scope="module")
def simulated():
    y, X, w, W = lattice_panel()
    return y, X, w, W, ec.sdm_panel(y, X, w, draws=500)


def test_sdm_recovers_the_parameters_of_a_two_way_panel(simulated):
    y, X, w, W, fit = simulated
    table = fit.coefficients
    truth = {"rho": RHO, "x1": BETA[0], "x2": BETA[1], "W_x1": THETA[0], "W_x2": THETA[1]}
    for term, value in truth.items():
        assert abs(table.loc[term, "estimate"] - value) < 4 * table.loc[term, "se"], term
    assert (table["se"] < 0.1).all()                  # 3,000 observations pin them down
    assert fit.sigma2 == pytest.approx(SIGMA**2, abs=4 * SIGMA**2 * np.sqrt(2 / 3000))
    assert (fit.n, fit.T, fit.logdet_method, fit.cov_method, fit.bias_corrected) == (300, 10, "eigen", "information", True)
    assert fit.aic == pytest.approx(-2 * fit.loglik + 2 * 6)


def test_effects_equal_the_closed_forms_at_the_estimates(simulated):
    y, X, w, W, fit = simulated
    est = fit.coefficients["estimate"]
    inverse = np.linalg.inv(np.eye(300) - est["rho"] * W)
    for name in ("x1", "x2"):
        S = inverse @ (est[name] * np.eye(300) + est[f"W_{name}"] * W)
        row = fit.effects.loc[name]
        assert row["direct"] == pytest.approx(np.diag(S).mean(), rel=1e-10)
        assert row["total"] == pytest.approx((est[name] + est[f"W_{name}"]) / (1 - est["rho"]), rel=1e-12)
        assert row["total"] == pytest.approx(S.sum(axis=1).mean(), rel=1e-10)
        assert row["indirect"] == pytest.approx(row["total"] - row["direct"], rel=1e-12)
        true_total = (BETA[int(name[1]) - 1] + THETA[int(name[1]) - 1]) / (1 - RHO)
        assert abs(row["total"] - true_total) < 4 * row["total_se"]


def test_simulated_effect_errors_agree_with_the_delta_method(simulated):
    y, X, w, W, fit = simulated
    delta = ec.sdm_panel(y, X, w, effects_se="delta")
    columns = ["direct_se", "indirect_se", "total_se"]
    ratio = fit.effects[columns].to_numpy() / delta.effects[columns].to_numpy()
    assert np.all(np.abs(ratio - 1) < 0.15)           # 500 draws: Monte Carlo error of an s.d. about 3 %


def test_bias_correction_restores_sigma2():
    # Two-way demeaning leaves (n − 1)(T − 1) degrees of freedom of nT: the ML σ² is about (T − 1)/T of
    # the truth; the Lee–Yu correction (T/(T − 1) and the 1/n term) brings it back.
    y, X, w, W = lattice_panel(years=5, seed=3)
    raw = ec.sdm_panel(y, X, w, draws=20, bias_correction=False)
    corrected = ec.sdm_panel(y, X, w, draws=20)
    sd = np.sqrt(2 / 1500)
    assert raw.sigma2 == pytest.approx(0.8, abs=4 * sd)
    assert corrected.sigma2 == pytest.approx(1.0, abs=4 * sd)
    assert raw.loglik == corrected.loglik                   # the maximised likelihood, before correction
    # the correction of ρ is of order 1/n
    shift = corrected.coefficients.loc["rho", "estimate"] - raw.coefficients.loc["rho", "estimate"]
    assert 0 < abs(shift) < 5 / 300


def test_sar_and_sem_recover_their_parameters():
    y, X, w, W = lattice_panel(theta=np.zeros(2), seed=1, years=6)
    sar = ec.sar_panel(y, X, w, draws=100)
    assert abs(sar.coefficients.loc["rho", "estimate"] - RHO) < 4 * sar.coefficients.loc["rho", "se"]
    assert sar.effects.loc["x1", "total"] == pytest.approx(sar.coefficients.loc["x1", "estimate"]
                                                           / (1 - sar.coefficients.loc["rho", "estimate"]))
    y, X, w, W = lattice_panel(rho=0.5, seed=2, years=6, error=True)
    sem = ec.sem_panel(y, X, w)
    assert abs(sem.coefficients.loc["lambda", "estimate"] - 0.5) < 4 * sem.coefficients.loc["lambda", "se"]
    assert list(sem.coefficients.index) == ["lambda", "x1", "x2"]
    assert (sem.effects["indirect"] == 0).all()
    assert sem.effects["direct"].to_numpy() == pytest.approx(sem.coefficients.loc[["x1", "x2"], "estimate"].to_numpy())
    assert sem.effects["direct_se"].to_numpy() == pytest.approx(sem.coefficients.loc[["x1", "x2"], "se"].to_numpy())


def test_log_determinant_exact_eigen_and_sparse():
    for w in (libpysal.weights.lat2W(15, 20), libpysal.weights.KNN(np.random.default_rng(0).random((200, 2)), k=5)):
        W = np.asarray(w.full()[0])
        W = W / W.sum(axis=1, keepdims=True)
        for rho in (-0.6, 0.0, 0.3, 0.9, 0.99):
            exact = np.linalg.slogdet(np.eye(w.n) - rho * W)[1]
            assert ec.log_determinant(w, rho, "eigen") == pytest.approx(exact, abs=1e-8)
            assert ec.log_determinant(w, rho, "sparse") == pytest.approx(exact, abs=1e-8)


def test_sparse_route_agrees_with_the_eigenvalues(simulated):
    # ln|I − ρW| by sparse LU is exact, so ρ and b agree; the effects' traces come from the Monte Carlo
    # series (100 vectors, 200 powers), so they agree to a fraction of a per cent.
    y, X, w, W, fit = simulated
    sparse = ec.sdm_panel(y, X, w, logdet="sparse", cov="information", draws=500)
    assert sparse.coefficients["estimate"].to_numpy() == pytest.approx(fit.coefficients["estimate"].to_numpy(), rel=1e-6)
    assert sparse.coefficients["se"].to_numpy() == pytest.approx(fit.coefficients["se"].to_numpy(), rel=1e-6)
    assert sparse.effects["direct"].to_numpy() == pytest.approx(fit.effects["direct"].to_numpy(), rel=3e-3)
    # the total effect (β + θ)/(1 − ρ) needs no trace: it agrees as closely as ρ and b do
    assert sparse.effects["total"].to_numpy() == pytest.approx(fit.effects["total"].to_numpy(), rel=1e-6)
    hessian = ec.sdm_panel(y, X, w, logdet="sparse", draws=50)        # auto: the Hessian with the sparse route
    assert hessian.cov_method == "hessian"
    assert hessian.coefficients["se"].to_numpy() == pytest.approx(fit.coefficients["se"].to_numpy(), rel=0.1)


def test_same_seed_same_output_and_w_untouched(simulated):
    y, X, w, W, fit = simulated
    before = (w.transform, {k: list(v) for k, v in w.weights.items()})
    again = ec.sdm_panel(y, X, w, draws=500)
    pd.testing.assert_frame_equal(again.effects, fit.effects)
    pd.testing.assert_frame_equal(again.coefficients, fit.coefficients)
    other = ec.sdm_panel(y, X, w, draws=500, seed=1)
    assert not np.allclose(other.effects["direct_se"], fit.effects["direct_se"])
    assert (w.transform, {k: list(v) for k, v in w.weights.items()}) == before


# ----------------------------------------------------------------------------------------------------
# model choice


def small_panel(rho, seed, rows=7, cols=7, years=5):
    return lattice_panel(rho=rho, theta=np.zeros(2), rows=rows, cols=cols, years=years, seed=seed)


def test_lm_lag_size_and_power():
    # ρ = 0: p-values of the LM lag test roughly uniform (300 panels of 49 regions × 5 years)
    p = np.array([ec.lm_tests(*small_panel(0.0, seed)[:3])["p"]["lm_lag"] for seed in range(300)])
    assert 0.02 < (p < 0.05).mean() < 0.09
    assert 0.4 < (p < 0.5).mean() < 0.6
    # ρ = 0.5: rejected
    power = np.mean([ec.lm_tests(*small_panel(0.5, 1000 + seed)[:3])["p"]["lm_lag"] < 0.05 for seed in range(40)])
    assert power > 0.9


def test_hausman_tells_correlated_from_random_effects():
    rng = np.random.default_rng(5)
    n, T = 60, 6
    index = pd.MultiIndex.from_product([range(n), range(T)], names=["region_code", "year"])
    mu = np.repeat(rng.normal(size=n), T)
    x_random = rng.normal(size=n * T)
    x_correlated = x_random + mu
    noise = rng.normal(size=n * T)
    random_case = ec.hausman(pd.Series(x_random + mu + noise, index=index), pd.DataFrame({"x": x_random}, index=index))
    correlated = ec.hausman(pd.Series(x_correlated + mu + noise, index=index),
                            pd.DataFrame({"x": x_correlated}, index=index))
    assert correlated["p"] < 0.001 and random_case["p"] > 0.01 and random_case["df"] == 1


# ----------------------------------------------------------------------------------------------------
# convergence


def test_spatial_beta_convergence_recovers_speed():
    # growth_t = ρW growth_t + β ln x_t + θW ln x_t + μ + λ_t + ε with β = −0.2: the direct effect is
    # β·tr((I − ρW)⁻¹)/n + θ·tr(W(I − ρW)⁻¹)/n at the truth, speed = −ln(1 + direct), half-life = ln 2/speed.
    rng = np.random.default_rng(11)
    w = libpysal.weights.lat2W(12, 12)
    n = w.n
    W = np.asarray(w.full()[0])
    W = W / W.sum(axis=1, keepdims=True)
    inverse = np.linalg.inv(np.eye(n) - 0.3 * W)
    mu = rng.normal(scale=0.1, size=n)
    logs = [rng.normal(size=n)]
    for t in range(8):
        growth = inverse @ (-0.2 * logs[-1] + 0.05 * W @ logs[-1] + mu + 0.02 * t + 0.05 * rng.normal(size=n))
        logs.append(logs[-1] + growth)
    values = pd.DataFrame(np.exp(np.array(logs).T), index=w.id_order, columns=range(2012, 2021))
    result = ec.spatial_beta_convergence(values, w, draws=300)
    true_direct = -0.2 * np.diag(inverse).mean() + 0.05 * np.diag(W @ inverse).mean()
    assert abs(result["beta"] - true_direct) < 4 * result["se"]
    assert abs(result["rho"] - 0.3) < 4 * result["rho_se"]
    assert result["speed"] == pytest.approx(-np.log(1 + result["beta"]))
    assert result["half_life"] == pytest.approx(np.log(2) / result["speed"])
    assert (result["n"], result["T"]) == (144, 8)
    # an irrelevant control at the initial years: the same convergence within its standard error
    index = pd.MultiIndex.from_product([w.id_order, range(2012, 2020)], names=["region_code", "year"])
    noise = pd.DataFrame({"z": np.random.default_rng(12).normal(size=len(index))}, index=index)
    controlled = ec.spatial_beta_convergence(values, w, controls=noise, draws=50)
    assert abs(controlled["beta"] - result["beta"]) < result["se"]
    every_other = ec.spatial_beta_convergence(values[[2012, 2014, 2016, 2018, 2020]], w, draws=50)
    assert every_other["speed"] == pytest.approx(-np.log(1 + every_other["beta"]) / 2)   # τ = 2 years


# ----------------------------------------------------------------------------------------------------
# GWR


def georgia():
    data = pd.read_csv(libpysal.examples.get_path("GData_utm.csv"))
    data.index = data["AreaKey"].astype(str)
    return data


def test_gwr_reproduces_gwr4_on_georgia():
    # GWR4 (release 4.0.90) on Georgia's 159 counties, libpysal examples georgia_GS_NN_summary.txt and
    # _listwise.csv: PctBach on PctRural, PctPov, PctBlack, adaptive Gaussian kernel, golden-section search
    # on AICc: bandwidth 49.460274 (reported as best size 49), AICc 896.184, trace(S) = 8.033359.
    data = georgia()
    searched = ec.gwr(data["PctBach"], data[["PctRural", "PctPov", "PctBlack"]], data[["X", "Y"]], kernel="gaussian")
    assert abs(searched.bandwidth.iloc[0] - 49.46) < 1      # mgwr searches whole neighbours: 50
    assert searched.aicc == pytest.approx(896.184, abs=0.5)
    fit = ec.gwr(data["PctBach"], data[["PctRural", "PctPov", "PctBlack"]], data[["X", "Y"]], kernel="gaussian",
                 bandwidth=49)
    listwise = pd.read_csv(libpysal.examples.get_path("georgia_GS_NN_listwise.csv"), skipinitialspace=True)
    local = fit.local.pivot(index="region_code", columns="term", values="estimate").reindex(data.index)
    t = fit.local.pivot(index="region_code", columns="term", values="t").reindex(data.index)
    for term, column in (("const", "Intercept"), ("PctRural", "PctRural"), ("PctPov", "PctPov"), ("PctBlack", "PctBlack")):
        assert local[term].to_numpy() == pytest.approx(listwise[f"est_{column}"].to_numpy(), rel=1e-3, abs=1e-4)
        # mgwr's σ² = RSS/(n − tr S) (Yu et al. 2019) against GWR4's RSS/(n − 2 tr S + tr S'S): every t is
        # larger by √(150.966641/148.388187) = 1.00865, the two residual degrees of freedom of GWR4's summary
        ratio = t[term].to_numpy() / listwise[f"t_{column}"].to_numpy()
        assert ratio == pytest.approx(np.sqrt(150.966641 / 148.388187), rel=1e-3)
    # da Silva and Fotheringham: α_adj = 0.05 · 4 / ENP with ENP = tr(S) (mgwr's default)
    assert fit.enp == pytest.approx(8.03, abs=0.05)
    assert fit.adj_alpha.iloc[0] == pytest.approx(0.05 * 4 / fit.enp)
    from scipy.stats import t as student
    assert fit.critical_t.iloc[0] == pytest.approx(student.ppf(1 - fit.adj_alpha.iloc[0] / 2, 158))
    assert fit.local["significant"].tolist() == (fit.local["t"].abs() > fit.critical_t.iloc[0]).tolist()
    assert list(fit.local.columns) == ["region_code", "term", "estimate", "se", "t", "significant"]


def test_mgwr_separates_a_global_from_a_local_effect(capfd):
    rng = np.random.default_rng(2)
    side = 10
    u, v = np.meshgrid(np.arange(side, dtype=float), np.arange(side, dtype=float))
    u, v = u.ravel(), v.ravel()
    x1, x2 = rng.normal(size=side**2), rng.normal(size=side**2)
    y = 1 + 1.0 * x1 + (u / 3 - 1.5) * x2 + 0.3 * rng.normal(size=side**2)
    index = [f"r{i}" for i in range(side**2)]
    fit = ec.mgwr(pd.Series(y, index=index), pd.DataFrame({"x1": x1, "x2": x2}, index=index),
                  pd.DataFrame({"x": u, "y": v}, index=index))
    assert fit.bandwidth["x1"] > 80 and fit.bandwidth["x2"] < 60     # of 100 regions: global vs local
    assert set(fit.critical_t.index) == {"const", "x1", "x2"}
    assert (fit.adj_alpha < 0.05).all()
    assert "Backfitting" not in capfd.readouterr().err          # no progress bars in a notebook's output


# ----------------------------------------------------------------------------------------------------
# errors


def test_bad_inputs_are_named():
    y, X, w, W = lattice_panel(rows=3, cols=3, years=3)
    with pytest.raises(ValueError, match=r"unbalanced panel.*0 \(2 of 3 years\)"):
        ec.sdm_panel(y.drop((0, 2000)), X.drop((0, 2000)), w)
    with pytest.raises(ValueError, match="in the data but not in W"):
        ec.sdm_panel(y, X, libpysal.weights.lat2W(2, 4))
    few = libpysal.weights.lat2W(2, 2)
    keep = y.index.get_level_values(0).isin(few.id_order)
    with pytest.raises(ValueError, match="too few regions"):
        ec.sdm_panel(y[keep], X[keep], few)
    with pytest.raises(ValueError, match="unknown effects"):
        ec.sdm_panel(y, X, w, effects="both")
    constant = X.assign(x2=np.repeat(np.arange(9.0), 3))       # time-invariant: swept out by the region effects
    with pytest.raises(ValueError, match="collinear.*x2"):
        ec.sar_panel(y, constant, w)
    with pytest.raises(ValueError, match="not indexed by the same"):
        ec.sdm_panel(y, X.iloc[1:], w)
    with pytest.raises(ValueError, match="two-level MultiIndex"):
        ec.sdm_panel(y.reset_index(drop=True), X, w)
    with pytest.raises(ValueError, match="missing values"):
        ec.sdm_panel(y.where(y.index != (3, 2001)), X, w)
    island = libpysal.weights.W({**{i: list(n) for i, n in w.neighbors.items() if i != 8}, 8: []}, silence_warnings=True)
    with pytest.raises(ValueError, match="without neighbours"):
        ec.sdm_panel(y, X, island)
    with pytest.raises(ValueError, match="at least 3 years"):
        ec.spatial_beta_convergence(pd.DataFrame(np.ones((9, 2)), columns=[2000, 2001]), w)
