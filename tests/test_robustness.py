"""Robustness: Kendall's W against its definition and Friedman's test, the claims logic on results
built so that one weighting breaks a claim, and the bootstrap's properties (reproducible, intervals
containing the estimate and shrinking as the panel grows, identity resample = the run itself)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import friedmanchisquare

from helpers import coupling, robustness, weights


def test_kendall_w_by_hand():
    # 3 raters, 4 items: rank sums R = (3, 7, 8, 12) (rows below), R̄ = 7.5,
    # S = 4.5² + 0.5² + 0.5² + 4.5² = 41, W = 12·41 / (3²·(4³ − 4)) = 492/540
    ranks = np.array([[1, 1, 1], [2, 3, 2], [3, 2, 3], [4, 4, 4]])
    assert robustness.kendall_w(ranks) == pytest.approx(492 / 540)


def test_kendall_w_equals_friedman_statistic_over_m_n_minus_one_with_ties():
    # W = χ²_F / (m (n − 1)), with scipy's tie-corrected Friedman statistic (items are the treatments,
    # raters the blocks), on data with ties within raters
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 6, size=(12, 5)).astype(float)   # 12 items, 5 raters, many ties
    chi2 = friedmanchisquare(*scores)[0]
    assert robustness.kendall_w(scores) == pytest.approx(chi2 / (5 * (12 - 1)), rel=1e-12)


def test_the_grid_has_sixty_variants_and_the_own_is_added_when_outside():
    # 5 weightings × 3 formulas × 2 shifts × 2 composites (weighted sum, entropy-TOPSIS)
    own = robustness.Variant("entropy", "pooled", "standard", 0.0001)
    grid = robustness.variant_grid(own)
    assert len(grid) == len(set(grid)) == 60 and own in grid
    assert {v.weighting_label for v in grid} == {"entropy-pooled", "entropy-per-year", "critic", "equal", "entropy-critic"}
    assert {v.composite for v in grid} == {"weighted-sum", "topsis"}
    odd = robustness.Variant("critic", "per-year", "fan", 0.05)
    assert robustness.variant_grid(odd)[-1] == odd and len(robustness.variant_grid(odd)) == 61


def test_equal_weights_with_any_mode_are_one_variant_and_their_intervals_draw():
    # Equal weights do not depend on the sample: the variant of a run with equal weights and per-year
    # mode is the grid's equal-weights variant (no duplicate names), and its bootstrap intervals, one
    # point wide, may lie a rounding error beside the estimate without breaking the figure.
    from helpers.presentation import robustness_charts
    from helpers.presentation.labels import Names

    own = robustness.Variant("equal", "per-year", "fan", 0.01)
    assert own in robustness.variant_grid(own) and len(robustness.variant_grid(own)) == 60
    X, indicators = synthetic_panel(8)
    boot = robustness.bootstrap(X, indicators, ["A", "B"], own, reps=20, seed=1)
    weights_part = boot[boot["quantity"] == "weight"]
    assert (weights_part["high"] - weights_part["low"]).abs().max() < 1e-12
    shifted = boot.assign(estimate=np.where(boot["quantity"] == "weight", boot["high"] + 1e-15, boot["estimate"]))
    members = {s: indicators.loc[indicators["system"] == s, "id"].tolist() for s in ("A", "B")}
    robustness_charts.weight_intervals(shifted, members, Names("en", {}, {}, {}), reps=20)


def made_results(flip_under: str | None) -> dict[robustness.Variant, pd.DataFrame]:
    """Coupling tables for the 60 variants: region a leads in the last year, except (when
    ``flip_under`` is a weighting label) under that weighting, where b leads."""
    own = robustness.Variant("entropy", "pooled", "standard", 0.0001)
    out = {}
    for v in robustness.variant_grid(own):
        top, other = ("b", "a") if v.weighting_label == flip_under else ("a", "b")
        out[v] = pd.DataFrame({"region_code": ["a", "b", "a", "b"], "year": [2020, 2020, 2021, 2021],
                               "D": [0.40, 0.30, 0.60, 0.50], "lag_type": ["synchronous"] * 4, "lagging": [""] * 4})
        out[v].loc[(out[v]["year"] == 2021) & (out[v]["region_code"] == top), "D"] = 0.62
        out[v].loc[(out[v]["year"] == 2021) & (out[v]["region_code"] == other), "D"] = 0.50
    return out


def test_a_claim_broken_by_one_weighting_is_reported_as_depending_on_it():
    own = robustness.Variant("entropy", "pooled", "standard", 0.0001)
    table = robustness.claims(made_results("equal"), own).set_index("claim")
    top = table.loc["top_region"]
    assert (top["finding"], top["holds"], top["variants_total"]) == ("a", 48, 60)
    # the 12 variants with equal weights (5 weightings × 12 others) are the 12 that fail
    assert (top["option"], top["value"], top["fails"], top["of"]) == ("weighting", "equal", 12, 12)
    assert table.loc["mean_trend", ["holds", "option", "fails", "of"]].tolist() == [60, "", 0, 60]
    # nothing flipped: every claim holds everywhere, one row each with no option
    solid = robustness.claims(made_results(None), own)
    assert (solid["holds"] == 60).all() and (solid["option"] == "").all() and (solid["fails"] == 0).all()
    assert not solid.duplicated(["claim", "subject"]).any()


GRID = robustness.variant_grid(robustness.Variant("entropy", "pooled", "standard", 0.0001))


def conditions(fails):
    return [(c["option"], c["value"], c["fails"], c["of"]) for c in robustness._conditions(fails, GRID)]


def test_a_claim_that_fails_under_every_variant_of_one_value_depends_on_that_value():
    # 5 weightings × 3 formulas × 2 shifts × 2 composites: 30 variants have shift 0.01, 30 TOPSIS
    assert conditions({v for v in GRID if v.shift == 0.01}) == [("shift", "0.01", 30, 30)]
    assert conditions({v for v in GRID if v.composite == "topsis"}) == [("composite", "topsis", 30, 30)]
    both = {v for v in GRID if v.shift == 0.01 or v.coupling_formula == "fan"}
    assert conditions(both) == [("coupling_formula", "fan", 20, 20), ("shift", "0.01", 30, 30)]


def test_otherwise_the_values_that_fail_most_often():
    # the first and the last variant fail: 1 of the 12 variants of each of their two weightings (1/12), more
    # often than 1 of 20 formulas, 1 of 30 shifts or composites, and than 2/60 overall
    assert conditions({GRID[0], GRID[-1]}) == [("weighting", "entropy-pooled", 1, 12),
                                                ("weighting", "entropy-critic", 1, 12)]


def test_failures_spread_evenly_depend_on_no_single_option():
    # half the variants fail, chosen by the parity of the option positions: every option value then fails in
    # exactly half of its variants (12, 20 or 30), no more often than the variants as a whole
    position = {f: {value: k for k, value in enumerate(dict.fromkeys(v.option(f) for v in GRID))}
                for f in robustness.OPTION_FIELDS}
    even = {v for v in GRID if sum(position[f][v.option(f)] for f in robustness.OPTION_FIELDS) % 2 == 0}
    assert len(even) == 30 and conditions(even) == [("", "", 30, 60)]
    assert conditions(set(GRID)) == [("", "", 60, 60)]                    # fails everywhere: no single option


def synthetic_panel(n_regions: int, n_years: int = 6, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Regions drawn from one population: two systems of three indicators, positive values."""
    rng = np.random.default_rng(seed)
    ids = ["a1", "a2", "a3", "b1", "b2", "b3"]
    level = rng.lognormal(0.0, [0.3, 0.6, 0.9, 0.4, 0.5, 0.8], size=(n_regions, 6))
    growth = 1 + 0.03 * np.arange(n_years)
    values = level[:, None, :] * growth[None, :, None] * rng.lognormal(0, 0.05, size=(n_regions, n_years, 6))
    index = pd.MultiIndex.from_product([[f"r{i:03d}" for i in range(n_regions)], range(2015, 2015 + n_years)],
                                       names=["region_code", "year"])
    X = pd.DataFrame(values.reshape(-1, 6), index=index, columns=ids)
    indicators = pd.DataFrame({"id": ids, "system": list("AAABBB"), "dimension": ["A1", "A1", "A2", "B1", "B2", "B2"],
                               "direction": ["+", "+", "-", "+", "+", "+"]})
    return X, indicators


OWN = robustness.Variant("entropy", "pooled", "standard", 0.0001)


@pytest.mark.parametrize("method", weights.WEIGHTINGS)
@pytest.mark.parametrize("mode", weights.ENTROPY_MODES)
def test_batch_weights_equal_the_weights_module(method, mode):
    X, indicators = synthetic_panel(9)
    Z = weights.normalize(X, indicators.set_index("id")["direction"].to_dict(), 0.01)
    expected = weights.indicator_weights(Z, indicators, method, mode)
    systems = robustness._group_matrix(indicators["system"].tolist())
    if mode == "pooled":
        got = weights.batch_weights(Z.to_numpy()[None], method, systems)[0]
        assert got == pytest.approx(expected["weight"].to_numpy(), rel=1e-12)
    else:
        by_year = np.stack([Z.xs(y, level="year").to_numpy() for y in sorted(set(Z.index.get_level_values("year")))])
        got = weights.batch_weights(by_year[None], method, systems)[0]
        for k, year in enumerate(sorted(expected["year"].unique())):
            part = expected[expected["year"] == year].set_index("indicator")["weight"].reindex(indicators["id"])
            assert got[k] == pytest.approx(part.to_numpy(), rel=1e-12)


def test_chain_of_own_options_equals_the_notebook_functions():
    X, indicators = synthetic_panel(7)
    Z = weights.normalize(X, indicators.set_index("id")["direction"].to_dict(), OWN.shift)
    w = weights.indicator_weights(Z, indicators)
    dims = weights.dimension_scores(Z, w, indicators)
    U = coupling.subsystem_indices(weights.system_scores(dims), dims, w, ["A", "B"])
    expected = coupling.coupling_table(U, None, "standard", 0.1)
    pd.testing.assert_frame_equal(robustness.chain(X, indicators, ["A", "B"], OWN), expected)


def test_bootstrap_is_reproducible_and_contains_the_estimates():
    X, indicators = synthetic_panel(12)
    first = robustness.bootstrap(X, indicators, ["A", "B"], OWN, reps=300, seed=4)
    pd.testing.assert_frame_equal(first, robustness.bootstrap(X, indicators, ["A", "B"], OWN, reps=300, seed=4))
    other = robustness.bootstrap(X, indicators, ["A", "B"], OWN, reps=300, seed=5)
    assert not np.allclose(first["low"], other["low"])
    assert (first["low"] <= first["estimate"] + 1e-12).all() and (first["estimate"] <= first["high"] + 1e-12).all()
    assert set(first["quantity"]) == {"weight", "D", "rank"} and (first["reps"] == 300).all()


def test_bootstrap_intervals_shrink_as_the_panel_grows():
    widths = []
    for n in (10, 160):
        X, indicators = synthetic_panel(n, seed=1)
        boot = robustness.bootstrap(X, indicators, ["A", "B"], OWN, reps=300, seed=0)
        part = boot[boot["quantity"] == "weight"]
        widths.append(float((part["high"] - part["low"]).mean()))
    # the standard error of an estimated weight falls like 1/√n: 16 times the regions, about a quarter of the width
    assert widths[1] < 0.5 * widths[0]


def test_identity_resample_reproduces_the_run():
    # with the resample equal to the sample, the bootstrap's replicate is the run itself
    X, indicators = synthetic_panel(8)
    for own in (OWN, robustness.Variant("critic", "pooled", "wang", 0.01), robustness.Variant("entropy", "per-year", "fan", 0.0001),
                robustness.Variant("entropy", "pooled", "standard", 0.0001, "topsis"),
                robustness.Variant("critic", "per-year", "wang", 0.01, "topsis")):
        for ideals in ("pooled", "per-year"):
            boot = robustness.bootstrap(X, indicators, ["A", "B"], own, picks=np.tile(np.arange(8), (3, 1)), ideals=ideals)
            d = boot[boot["quantity"] == "D"]
            assert d["low"].to_numpy() == pytest.approx(d["estimate"].to_numpy(), rel=1e-10)
            assert d["high"].to_numpy() == pytest.approx(d["estimate"].to_numpy(), rel=1e-10)
    # single system under TOPSIS: the dimensions' closeness is coupled, in the replicate as in the run
    one, topsis_own = indicators.assign(system="A"), robustness.Variant("entropy", "pooled", "standard", 0.0001, "topsis")
    boot = robustness.bootstrap(X, one, ["A"], topsis_own, picks=np.tile(np.arange(8), (2, 1)))
    d = boot[boot["quantity"] == "D"]
    assert d["low"].to_numpy() == pytest.approx(d["estimate"].to_numpy(), rel=1e-10)


def test_single_system_bootstrap_couples_the_dimensions():
    X, indicators = synthetic_panel(8)
    one = indicators.assign(system="A")
    boot = robustness.bootstrap(X, one, ["A"], OWN, reps=50, seed=0)
    table = robustness.chain(X, one, ["A"], OWN)
    last = table[table["year"] == table["year"].max()].set_index("region_code")["D"]
    d = boot[boot["quantity"] == "D"].set_index("item")["estimate"]
    assert d.to_numpy() == pytest.approx(last.reindex(d.index).to_numpy())
    assert boot["reps"].iloc[0] == 50


def test_variants_agreement_and_claims_on_a_synthetic_panel():
    X, indicators = synthetic_panel(10)
    results, failed = robustness.run_variants(X, indicators, ["A", "B"], OWN)
    assert len(results) == 60 and not failed
    table = robustness.variants_table(results, OWN)
    assert table["own"].sum() == 60 and len(table) == 60 * 60
    agreement = robustness.agreement(table)
    w = agreement[agreement["statistic"] == "kendall_w"]
    assert len(w) == 7 and w["value"].between(0, 1).all()          # pooled + 6 years
    rho = agreement[(agreement["scope"] == "pooled") & (agreement["statistic"] == "spearman")]
    assert len(rho) == 60 * 59 // 2
    # two variants that differ only in the shift rank the region-years almost identically
    pair = rho[(rho["variant_a"] == "entropy-pooled/standard/0.0001/weighted-sum")
               & (rho["variant_b"] == "entropy-pooled/standard/0.01/weighted-sum")]
    assert float(pair["value"].iloc[0]) > 0.99


def test_perfectly_correlated_indicators_fail_critic_variants_only():
    X, indicators = synthetic_panel(6)
    X["a2"] = 2 * X["a1"] + 1
    X["a3"] = 3 * X["a1"]
    indicators = indicators.assign(direction="+")
    results, failed = robustness.run_variants(X, indicators, ["A", "B"], OWN)
    assert {v.weighting for v in failed} == {"critic", "entropy-critic"}
    assert len(results) == 36 and all("CRITIC" in reason for reason in failed.values())


def test_kendall_tau_b_of_all_pairs_equals_scipy_pair_by_pair():
    from scipy.stats import kendalltau

    rng = np.random.default_rng(1)
    values = rng.integers(0, 6, size=(40, 7)).astype(float)     # many ties
    values[:, 3] = 2.0                                          # a constant column: τ undefined
    tau = robustness.kendall_tau_b(values)
    for a in range(7):
        for b in range(a + 1, 7):
            expected = kendalltau(values[:, a], values[:, b])[0]
            assert (np.isnan(tau[a, b]) and np.isnan(expected)) or tau[a, b] == pytest.approx(expected, abs=1e-12)
    assert np.isnan(tau[3, 0]) and not np.isnan(tau[0, 1])
