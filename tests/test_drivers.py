"""Driving factors: the geographical detector on its published example (Heshun neural tube defects),
q and the interaction types by hand, the permutation null on noise, the regressions on panels built
so that the answer is known, and drivers.csv checked like the panel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from conftest import TINY_TOML, write_tiny_province
from helpers import drivers
from helpers.data.errors import DataError
from helpers.data.paths import province_paths
from helpers.data.validate import load_drivers, load_inputs
from helpers.pipeline.cli import main

HESHUN = Path(__file__).parent / "data" / "heshun_ntd.csv"


def heshun() -> pd.DataFrame:
    return pd.read_csv(HESHUN, encoding="utf-8-sig")


def test_factor_detector_reproduces_the_heshun_example():
    # Wang et al. (2010); values as printed by gdverse's GD vignette (vignettes/GD.Rmd, factor detector):
    # watershed 0.6377737 (p 0.000128803), elevation 0.6067087 (p 0.043382244), soil type 0.3857168 (p 0.372145486)
    data = heshun()
    assert len(data) == 185
    table = drivers.factor_detector(data["incidence"], data[["region", "level", "type"]], "population")
    assert table.loc["region", "q"] == pytest.approx(0.6377737, abs=5e-8)
    assert table.loc["level", "q"] == pytest.approx(0.6067087, abs=5e-8)
    assert table.loc["type", "q"] == pytest.approx(0.3857168, abs=5e-8)
    assert table.loc["region", "p"] == pytest.approx(0.000128803, rel=1e-4)
    assert table.loc["level", "p"] == pytest.approx(0.043382244, rel=1e-4)
    assert table.loc["type", "p"] == pytest.approx(0.372145486, rel=1e-4)
    assert table["strata"].to_dict() == {"region": 9, "level": 7, "type": 5}   # the vignette: 9, 7 and 5 zones


def test_factor_detector_p_with_the_sample_variance_of_the_r_package_geodetector():
    # The authors' R package geodetector (Xu, Hou, Wang, Yin; R/factor_detector.r) divides λ by var(y),
    # the sample variance: for soil type that gives p = 0.3632 where gdverse's population variance gives
    # 0.3721 (the test above). The variances differ by N/(N − 1) = 185/184, and so do the λ; q is the same.
    data = heshun()
    sample = drivers.factor_detector(data["incidence"], data[["region", "level", "type"]])
    population = drivers.factor_detector(data["incidence"], data[["region", "level", "type"]], "population")
    assert sample.loc["type", "p"] == pytest.approx(0.3632, abs=5e-5)
    assert (sample["q"] == population["q"]).all() and (sample["p"] < population["p"]).all()


def test_interaction_types_on_the_heshun_example():
    # the same vignette, interaction detector: all three pairs "Enhance, bi-"
    data = heshun()
    pairs = drivers.interaction_detector(data["incidence"], data[["region", "level", "type"]], permutations=99)
    assert set(pairs["type"]) == {"bi-variable enhance"}
    assert (pairs["q"] > pairs[["q_a", "q_b"]].max(axis=1)).all()


def test_q_by_hand_and_its_bounds():
    # y = (2, 4, 6, 9, 11, 13) in strata {2, 4, 6} and {9, 11, 13}: ȳ = 7.5, Σ(y − ȳ)² = 2 · (5.5² + 3.5² + 1.5²) = 89.5;
    # within: 2 · (4 + 0 + 4) = 16, so q = 1 − 16/89.5
    y, strata = np.array([2.0, 4, 6, 9, 11, 13]), np.array([0, 0, 0, 1, 1, 1])
    assert drivers.q_statistic(y, strata) == pytest.approx(1 - 16 / 89.5)
    assert drivers.q_statistic(y, np.arange(6)) == pytest.approx(1.0)     # every unit its own stratum
    assert drivers.q_statistic(y, np.zeros(6)) == pytest.approx(0.0)      # one stratum
    assert np.isnan(drivers.q_statistic(np.ones(4), np.array([0, 0, 1, 1])))


def test_interaction_types_by_hand():
    # y depends on a and b additively and the strata are balanced: q_a + q_b = q_ab ("independent")
    a = np.repeat([0, 1], 4)
    b = np.tile([0, 0, 1, 1], 2)
    y = pd.Series(10.0 * a + 1.0 * b)
    q_a = drivers.q_statistic(y.to_numpy(), a)    # 100/101
    q_b = drivers.q_statistic(y.to_numpy(), b)    # 1/101
    assert (q_a, q_b) == pytest.approx((100 / 101, 1 / 101))
    row = drivers.interaction_detector(y, pd.DataFrame({"a": a, "b": b}), permutations=9).iloc[0]
    assert row["q"] == pytest.approx(1.0) and row["type"] == "independent"
    # exclusive or: neither factor alone explains anything, together everything ("nonlinear enhance")
    xor = pd.Series(np.logical_xor(a, b).astype(float))
    row = drivers.interaction_detector(xor, pd.DataFrame({"a": a, "b": b}), permutations=9).iloc[0]
    assert (row["q_a"], row["q_b"], row["q"]) == pytest.approx((0, 0, 1)) and row["type"] == "nonlinear enhance"


def test_noise_interactions_reach_high_q_but_not_significance():
    # With 8 regions × 10 years and 5 × 5 crossed strata, pure noise reaches a sizeable q12: the
    # permutation null must say so (about 5 % of p ≤ 0.05), and its 95th percentile must lie well above 0.
    rng = np.random.default_rng(1)
    hits, nulls = 0, []
    for trial in range(40):
        factors = pd.DataFrame({f: drivers.discretize(pd.Series(rng.normal(size=80)), "quantile", 5)[0] for f in "abc"})
        pairs = drivers.interaction_detector(pd.Series(rng.normal(size=80)), factors, permutations=99, seed=trial)
        hits += int((pairs["p_perm"] <= 0.05).sum())
        nulls.extend(pairs["q_null_95"])
    assert hits / 120 < 0.12
    assert np.mean(nulls) > 0.3


def test_permutation_p_is_reproducible_and_can_be_small():
    data = heshun()
    first = drivers.interaction_detector(data["incidence"], data[["region", "level"]], permutations=199, seed=3)
    again = drivers.interaction_detector(data["incidence"], data[["region", "level"]], permutations=199, seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert first["p_perm"].iloc[0] == pytest.approx(1 / 200)   # none of 199 shuffles beats watershed × elevation


def test_discretize_keeps_two_units_per_stratum():
    values = pd.Series([0.0, 0.1, 0.2, 0.3, 0.4, 10.0])   # one outlier: equal intervals would leave it alone
    codes, used = drivers.discretize(values, "equal", 5)
    assert codes.value_counts().min() >= drivers.MIN_STRATUM and used == codes.nunique()
    for method in drivers.DISCRETISATIONS:
        codes, used = drivers.discretize(pd.Series(np.arange(30.0)), method, 5)
        assert used == 5 and codes.value_counts().min() >= 2
    codes, used = drivers.discretize(pd.Series([1.0, 1, 1, 1]), "quantile", 5)
    assert used == 1 and set(codes) == {0}
    with pytest.raises(ValueError, match="unknown discretisation"):
        drivers.discretize(values, "kmeans", 3)


def panel_with(effect: dict[str, float], noise: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """8 regions × 10 years, y = Σ βx + region effect + year effect (+ noise)."""
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product([[f"r{i}" for i in range(8)], range(2011, 2021)], names=["region_code", "year"])
    frame = pd.DataFrame({name: rng.normal(size=len(index)) for name in effect}, index=index)
    region = pd.Series(rng.normal(size=8), index=[f"r{i}" for i in range(8)])
    year = pd.Series(rng.normal(size=10) * 0.5, index=range(2011, 2021))
    frame["y"] = (sum(beta * frame[name] for name, beta in effect.items())
                  + region.reindex(index.get_level_values(0)).to_numpy()
                  + year.reindex(index.get_level_values(1)).to_numpy() + noise * rng.normal(size=len(index)))
    return frame


def test_fixed_effects_equal_ols_with_region_and_year_dummies():
    panel = panel_with({"x1": 2.0, "x2": -1.0}, noise=0.3)
    table = drivers.fixed_effects(panel, "y", ["x1", "x2"]).set_index("term")
    # the same model by least squares on dummies, on the standardised variables
    z = drivers.standardized(panel[["y", "x1", "x2"]])
    regions = pd.get_dummies(panel.index.get_level_values(0), dtype=float).to_numpy()
    years = pd.get_dummies(panel.index.get_level_values(1), drop_first=True, dtype=float).to_numpy()
    design = np.column_stack([z[["x1", "x2"]].to_numpy(), regions, years])
    beta = np.linalg.lstsq(design, z["y"].to_numpy(), rcond=None)[0]
    assert table.loc[["x1", "x2"], "coefficient"].to_numpy() == pytest.approx(beta[:2], rel=1e-8)
    assert table["n"].iloc[0] == 80 and (table["se"] > 0).all()
    assert table.loc["x1", "p"] < 0.001


def test_driscoll_kraay_small_t_reference_by_hand():
    # The Driscoll–Kraay covariance written out (Hoechle 2007, eqs. 7–9; xtscc 1.4): on the two-way
    # demeaned, standardised data, h_t = Σ_i x_it e_it; with T = 10 the Bartlett lag is m =
    # ⌊4 · 0.1^(2/9)⌋ = 2 and S = Σ_t h_t h_t' + Σ_{j=1}^{2} (1 − j/3) Σ_t (h_t h_{t−j}' + h_{t−j} h_t');
    # V = (X'X)⁻¹ S (X'X)⁻¹ · T/(T − 1) · (N − 1)/(N − K), K = 2 drivers + 9 year dummies + the constant
    # = 12, N = 80; p from t with T − 1 = 9 degrees of freedom. The normal reference uses V without the
    # factor.
    from scipy import stats

    panel = panel_with({"x1": 0.5, "x2": -0.2}, noise=1.0, seed=3)
    z = drivers.standardized(panel[["y", "x1", "x2"]])
    demeaned = z - z.groupby(level=0).transform("mean") - z.groupby(level=1).transform("mean") + z.mean()
    X, y = demeaned[["x1", "x2"]].to_numpy(), demeaned["y"].to_numpy()
    beta = np.linalg.solve(X.T @ X, X.T @ y)
    e = y - X @ beta
    years = panel.index.get_level_values("year")
    h = np.array([(X[years == t] * e[years == t, None]).sum(axis=0) for t in sorted(set(years))])
    S = h.T @ h
    for j in (1, 2):
        gamma = h[j:].T @ h[:-j]
        S += (1 - j / 3) * (gamma + gamma.T)
    bread = np.linalg.inv(X.T @ X)
    V = bread @ S @ bread
    factor = 10 / 9 * 79 / (80 - 12)
    se_small, se_large = np.sqrt(np.diag(V) * factor), np.sqrt(np.diag(V))
    small = drivers.fixed_effects(panel, "y", ["x1", "x2"]).set_index("term")
    large = drivers.fixed_effects(panel, "y", ["x1", "x2"], reference="large-sample").set_index("term")
    assert small["coefficient"].to_numpy() == pytest.approx(beta, rel=1e-8)
    assert small["se"].to_numpy() == pytest.approx(se_small, rel=1e-8)
    assert small["p"].to_numpy() == pytest.approx(2 * stats.t.sf(np.abs(beta / se_small), 9), rel=1e-8)
    assert small["df"].iloc[0] == 9
    assert large["se"].to_numpy() == pytest.approx(se_large, rel=1e-8)
    assert large["p"].to_numpy() == pytest.approx(2 * stats.norm.sf(np.abs(beta / se_large)), rel=1e-8)
    assert (small["p"] > large["p"]).all()           # ten years: the cautious reference gives larger p
    with pytest.raises(ValueError, match="unknown reference"):
        drivers.fixed_effects(panel, "y", ["x1"], reference="stata")


def test_fixed_effects_without_noise_recover_the_standardised_effects():
    panel = panel_with({"x1": 2.0, "x2": -1.0})
    table = drivers.fixed_effects(panel, "y", ["x1", "x2"]).set_index("term")
    sd = panel.std(ddof=1)
    expected = [2.0 * sd["x1"] / sd["y"], -1.0 * sd["x2"] / sd["y"]]
    assert table["coefficient"].to_numpy() == pytest.approx(expected, rel=1e-8)
    assert table["r2_within"].iloc[0] == pytest.approx(1.0)


def test_fractional_logit_recovers_an_exact_logistic_model():
    # y = expit(0.8 x1 − 0.5 x2 + region + year) exactly: the Bernoulli quasi-likelihood is maximised
    # at the true coefficients (per standard deviation of x, since x is standardised).
    panel = panel_with({"x1": 0.8, "x2": -0.5})
    panel["y"] = expit(panel["y"])
    with pytest.warns(Warning, match="Perfect separation"):     # statsmodels flags the exact fit, as it should
        table = drivers.fractional_logit(panel, "y", ["x1", "x2"]).set_index("term")
    sd = panel[["x1", "x2"]].std(ddof=1)
    assert table["coefficient"].to_numpy() == pytest.approx([0.8 * sd["x1"], -0.5 * sd["x2"]], rel=1e-5)


def test_agreement_ranks_by_strength_and_kendall_tau():
    # rankings b > a > c by grey, b > a > c by q and |coefficient| a > b > c: τ(grey, q) = 1 and
    # τ(grey, coefficient) = (2 concordant − 1 discordant)/3 = 1/3
    frame = pd.DataFrame({"grey": [0.8, 0.9, 0.6], "q": [0.4, 0.5, 0.1], "coefficient": [-0.7, 0.3, 0.1]},
                         index=["a", "b", "c"])
    table, taus = drivers.agreement({"driver": frame})
    assert table.set_index("item")["rank_coefficient"].to_dict() == {"a": 1, "b": 2, "c": 3}
    tau = taus.set_index(["method_a", "method_b"])["tau"]
    assert tau[("grey", "q")] == pytest.approx(1.0)
    assert tau[("grey", "coefficient")] == pytest.approx(1 / 3)


DRIVERS_TOML = TINY_TOML + """
[drivers]
fiscal = { name = "Fiscal expenditure share", name_zh = "财政支出占比", unit = "%", source = "test table 9" }
"""
DRIVERS_CSV = "region_code,year,fiscal\n" + "".join(
    f"{region},{year},{20 + i + j}\n" for i, region in enumerate((990100, 990200, 990300))
    for j, year in enumerate(range(2018, 2022)))


def test_drivers_csv_is_read_when_declared(tmp_path):
    folder = write_tiny_province(tmp_path, toml=DRIVERS_TOML)
    (folder / "drivers.csv").write_text(DRIVERS_CSV, encoding="utf-8")
    inputs = load_inputs(province_paths("tiny", tmp_path))
    assert inputs.drivers.shape == (12, 3) and inputs.drivers["fiscal"].dtype == float
    # what notebook 12 reads through its context: the same table, without checking the whole folder again
    pd.testing.assert_frame_equal(load_drivers(province_paths("tiny", tmp_path), inputs.meta), inputs.drivers)
    assert load_inputs(province_paths("tiny", write_tiny_province(tmp_path / "plain").parent)).drivers is None


def test_bad_drivers_csv_is_reported_with_every_location_and_nothing_written(tmp_path, capsys):
    folder = write_tiny_province(tmp_path / "data", toml=DRIVERS_TOML)
    bad = (DRIVERS_CSV.replace("990300,2021,", "990999,2021,").replace("990100,2019,21", "990100,2019,n/a?")
           .replace("990200,2020,23\n", ""))
    (folder / "drivers.csv").write_text(bad, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", "--province", "tiny", "--data-dir", str(tmp_path / "data"), "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "drivers.csv, row 12, column 'region_code': region '990999' is not in regions.csv" in err
    assert "drivers.csv, row 3, column 'fiscal': 'n/a?' is not a number" in err
    assert "region 990200: row(s) missing for year(s) 2020" in err
    assert not out.exists()


def test_drivers_declared_without_a_file_or_a_file_without_declaration(tmp_path):
    write_tiny_province(tmp_path / "a", toml=DRIVERS_TOML)
    with pytest.raises(DataError) as caught:
        load_inputs(province_paths("tiny", tmp_path / "a"))
    assert any("file not found: province.toml declares [drivers] (fiscal)" in str(p) for p in caught.value.problems)
    folder = write_tiny_province(tmp_path / "b")
    (folder / "drivers.csv").write_text(DRIVERS_CSV, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_inputs(province_paths("tiny", tmp_path / "b"))
    assert any("no [drivers] table in province.toml" in str(p) for p in caught.value.problems)
    unknown = DRIVERS_CSV.replace("region_code,year,fiscal", "region_code,year,fiscl")
    folder = write_tiny_province(tmp_path / "c", toml=DRIVERS_TOML)
    (folder / "drivers.csv").write_text(unknown, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_inputs(province_paths("tiny", tmp_path / "c"))
    assert any("column 'fiscl': is not a driver declared in province.toml [drivers]" in str(p)
               for p in caught.value.problems)


def test_permuted_q_equals_q_of_each_permutation():
    data = heshun()
    rng = np.random.default_rng(0)
    shuffles = np.array([rng.permutation(data["incidence"].to_numpy()) for _ in range(20)])
    expected = [drivers.q_statistic(s, data["region"].to_numpy()) for s in shuffles]
    assert drivers.permuted_q(shuffles, data["region"].to_numpy()) == pytest.approx(expected, abs=1e-12)
