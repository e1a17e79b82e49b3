"""Obstacle degree and grey relational grade: published and hand-worked examples, properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import grey, obstacle, weights


def test_obstacle_degree_by_hand():
    # w = (0.5, 0.3, 0.2), z = (0.2, 0.5, 1.0): F·I = (0.4, 0.15, 0) -> O = (72.727, 27.273, 0) %
    Z = pd.DataFrame([[0.2, 0.5, 1.0]], columns=["a", "b", "c"])
    degree = obstacle.obstacle_degree(Z, pd.Series({"a": 0.5, "b": 0.3, "c": 0.2}))
    assert degree.iloc[0].tolist() == pytest.approx([400 / 5.5, 150 / 5.5, 0.0])


def test_obstacle_degree_on_the_published_mathmodels_weights():
    # Inputs published with mathmodels' entropy_weight() example: min-max values of x1 (+) and x2 (-)
    # for the four samples and the weights w = (0.5452618, 0.4547382). Sample 1 has z = (0.2, 1.0):
    # only x1 obstructs (100 %). Sample 4 has z = (1.0, 0.0): only x2 (100 %). Sample 2: z = (0.6, 1/3):
    # F·I = (0.5452618 * 0.4, 0.4547382 * 2/3) = (0.2181047, 0.3031588), sum 0.5212635 -> (41.8415 %, 58.1585 %).
    X = pd.DataFrame({"x1": [3.0, 5, 2, 7], "x2": [10.0, 20, 15, 25]})
    Z = weights.normalize(X, {"x1": "+", "x2": "-"}, shift=0.0)
    degree = obstacle.obstacle_degree(Z, pd.Series({"x1": 0.5452618, "x2": 0.4547382}))
    assert degree.iloc[0].tolist() == pytest.approx([100.0, 0.0])
    assert degree.iloc[3].tolist() == pytest.approx([0.0, 100.0])
    assert degree.iloc[1].tolist() == pytest.approx([41.8415, 58.1585], abs=1e-4)


def test_obstacle_of_a_best_everywhere_row_is_undefined():
    degree = obstacle.obstacle_degree(pd.DataFrame([[1.0, 1.0]], columns=["a", "b"]), pd.Series({"a": 0.5, "b": 0.5}))
    assert degree.isna().all().all()


def test_obstacle_table_levels_and_top():
    idx = pd.MultiIndex.from_tuples([("r1", 2020), ("r1", 2021)], names=["region_code", "year"])
    Z = pd.DataFrame({"a": [0.2, 0.9], "b": [0.5, 0.1], "c": [0.0, 1.0]}, index=idx)
    w = pd.DataFrame({"system": "S", "dimension": ["D1", "D1", "D2"], "indicator": ["a", "b", "c"], "weight": [0.5, 0.3, 0.2]})
    table = obstacle.obstacle_table(Z, w)
    dims = table[(table["level"] == "dimension") & (table["year"] == 2020)].set_index("item")["obstacle_pct"]
    # 2020: F·I = (0.4, 0.15, 0.2) of 0.75 -> D1 = 0.55/0.75, D2 = 0.2/0.75
    assert dims.to_dict() == pytest.approx({"D1": 55 / 0.75, "D2": 20 / 0.75})
    top = obstacle.top_obstacles(table, n=2)
    assert top[top["year"] == 2020]["item"].tolist() == ["a", "c"]


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 6)), elements=st.floats(0, 0.99)))
def test_obstacle_rows_sum_to_100(z):
    Z = pd.DataFrame(z)
    w = pd.Series(np.arange(1, Z.shape[1] + 1, dtype=float), index=Z.columns)
    degree = obstacle.obstacle_degree(Z, w / w.sum())
    assert (degree.sum(axis=1) - 100).abs().max() < 1e-9


def test_grey_grade_matches_mathmodels_example():
    # mathmodels grey_corr(ref, cmp, rho = 0.5) (no dimensionless transform): 0.6666667, 0.6666667, 0.5555556
    ref = pd.Series([0.9, 0.8, 0.7])
    cmp = pd.DataFrame({"x1": [0.9, 0.7, 0.8], "x2": [0.8, 0.9, 0.7], "x3": [0.7, 0.8, 0.9]})
    got = grey.relational_grade(ref, cmp, rho=0.5, dimensionless="none")
    assert got.to_numpy() == pytest.approx([0.6666667, 0.6666667, 0.5555556], abs=5e-8)


def test_grey_grade_with_mean_transform_by_hand():
    # ref (2, 4, 6) / mean 4 = (0.5, 1, 1.5); x1 (1, 2, 3) / 2 = (0.5, 1, 1.5) -> Δ1 = (0, 0, 0);
    # x2 (3, 3, 6) / 4 = (0.75, 0.75, 1.5) -> Δ2 = (0.25, 0.25, 0). m = 0, M = 0.25, ρM = 0.125.
    # ξ1 = (1, 1, 1) -> r1 = 1; ξ2 = (0.125/0.375, 0.125/0.375, 1) -> r2 = (1/3 + 1/3 + 1)/3 = 5/9.
    ref = pd.Series([2.0, 4, 6])
    got = grey.relational_grade(ref, pd.DataFrame({"x1": [1.0, 2, 3], "x2": [3.0, 3, 6]}))
    assert got.tolist() == pytest.approx([1.0, 5 / 9])


def test_grey_initial_and_minmax_transforms_by_hand():
    ref = pd.Series([1.0, 2, 4])
    cmp = pd.DataFrame({"x": [2.0, 4, 8], "y": [1.0, 1.5, 2]})
    # initial: ref (1, 2, 4), x (1, 2, 4), y (1, 1.5, 2) -> Δy = (0, 0.5, 2), M = 2, ρM = 1: ξy = (1, 2/3, 1/3)
    assert grey.relational_grade(ref, cmp, dimensionless="initial").tolist() == pytest.approx([1.0, 2 / 3])
    # minmax: ref (0, 1/3, 1), x (0, 1/3, 1), y (0, 0.5, 1) -> Δy = (0, 1/6, 0), ρM = 1/12: ξy = (1, 1/3, 1)
    assert grey.relational_grade(ref, cmp, dimensionless="minmax").tolist() == pytest.approx([1.0, 7 / 9])


def test_grey_rejects_bad_rho_and_mismatched_points():
    ref = pd.Series([1.0, 2.0])
    with pytest.raises(ValueError, match="rho"):
        grey.relational_grade(ref, pd.DataFrame({"x": [1.0, 2.0]}), rho=0)
    with pytest.raises(ValueError, match="points"):
        grey.relational_grade(ref, pd.DataFrame({"x": [1.0, 2.0]}, index=[5, 6]))


sequences = arrays(np.float64, st.tuples(st.integers(3, 8), st.integers(1, 4)), elements=st.floats(0.1, 10))


@settings(max_examples=80, deadline=None)
@given(sequences, st.sampled_from(grey.TRANSFORMS))
def test_identical_sequence_has_grade_one_and_grades_in_unit_interval(values, method):
    reference = pd.Series(values[:, 0])
    comparison = pd.DataFrame(values).rename(columns=lambda c: f"x{c}")
    comparison["same"] = reference
    if method == "minmax" and (np.ptp(values, axis=0) < 1e-9).any():
        return
    grades = grey.relational_grade(reference, comparison, dimensionless=method)
    assert grades["same"] == pytest.approx(1.0)
    assert ((grades > 0) & (grades <= 1 + 1e-12)).all()


@settings(max_examples=80, deadline=None)
@given(sequences, st.floats(0.05, 0.95), st.floats(0.01, 0.5))
def test_a_larger_rho_never_lowers_a_grade(values, rho, step):
    # dξ/dρ = M(Δ − m)/(Δ + ρM)² ≥ 0: grades grow with ρ (and get closer to each other)
    reference = pd.Series(values[:, 0] * 1.1 + 0.3)
    comparison = pd.DataFrame(values)
    low = grey.relational_grade(reference, comparison, rho=rho)
    high = grey.relational_grade(reference, comparison, rho=min(1.0, rho + step))
    assert (high >= low - 1e-12).all()


def test_a_best_everywhere_region_year_is_listed_not_written():
    idx = pd.MultiIndex.from_tuples([("r1", 2020), ("r2", 2020)], names=["region_code", "year"])
    Z = pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 0.5]}, index=idx)
    w = pd.DataFrame({"system": "S", "dimension": ["D1", "D2"], "indicator": ["a", "b"], "weight": [0.5, 0.5]})
    table = obstacle.obstacle_table(Z, w)
    assert set(table["region_code"]) == {"r2"}
    assert obstacle.unobstructed(table, Z, ["S"]).values.tolist() == [["r1", 2020, "S"]]
