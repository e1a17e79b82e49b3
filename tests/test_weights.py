"""Normalisation and weights: published examples, hand-worked cases and properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import weights

# mathmodels (Jingxin Zhang), R package, reference pages entropy_weight / critic_weight:
# X = data.frame(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25)), index = c("+", "-").
MATHMODELS_X = pd.DataFrame({"x1": [3.0, 5, 2, 7], "x2": [10.0, 20, 15, 25]})
MATHMODELS_DIRECTIONS = {"x1": "+", "x2": "-"}


def test_entropy_weights_match_mathmodels_example():
    # entropy_weight() rescales to [0.002, 0.998] (a = 0.002, b = 0.996: a + b*z) before the entropy,
    # and publishes w = (0.5452618, 0.4547382), s = (56.35354, 47.88215, 30.39461, 54.50808).
    z = weights.normalize(MATHMODELS_X, MATHMODELS_DIRECTIONS, shift=0.0)
    Z = 0.002 + 0.996 * z
    w = weights.entropy_weights(Z)
    assert w.to_numpy() == pytest.approx([0.5452618, 0.4547382], abs=5e-8)
    s = 100 * weights.composite_scores(Z, w)
    assert s.to_numpy() == pytest.approx([56.35354, 47.88215, 30.39461, 54.50808], abs=5e-6)


def test_critic_weights_match_mathmodels_example():
    # critic_weight(X, index) with plain min-max rescaling publishes w = (0.5075187, 0.4924813).
    Z = weights.normalize(MATHMODELS_X, MATHMODELS_DIRECTIONS, shift=0.0)
    assert weights.critic_weights(Z).to_numpy() == pytest.approx([0.5075187, 0.4924813], abs=5e-8)


# Diakoulaki, Mavrotas and Papayannakis (1995), "Determining objective weights in multiple criteria
# problems: the CRITIC method", Computers & Operations Research 22(7): 763-770, the paper's example:
# 8 alternatives, 3 criteria to maximise, scaled to [0, 1] between the worst and the best value.
# The paper reports the weights 0.20, 0.48 and 0.32; scikit-criteria's test of the same example
# (tests/preprocessing/test_weighters.py, test_Critic_diakoulaki1995determining) prints them to 8
# digits: 0.20222554, 0.48090173, 0.31687273.
DIAKOULAKI_1995 = pd.DataFrame([[61, 1.08, 4.33], [20.7, 0.26, 4.34], [16.3, 1.98, 2.53], [9, 3.29, 1.65],
                                [5.4, 2.77, 2.33], [4, 4.12, 1.21], [-6.1, 3.52, 2.10], [-34.6, 3.31, 0.98]],
                               columns=["c1", "c2", "c3"])


def test_critic_weights_match_diakoulaki_1995():
    Z = weights.normalize(DIAKOULAKI_1995, {"c1": "+", "c2": "+", "c3": "+"}, shift=0)
    w = weights.critic_weights(Z)
    assert w.round(2).tolist() == [0.20, 0.48, 0.32]
    assert w.to_numpy() == pytest.approx([0.20222554, 0.48090173, 0.31687273], abs=1e-8)
    # and the shift does not change them (σ and r are invariant to it)
    assert weights.critic_weights(Z + 0.0001).to_numpy() == pytest.approx(w.to_numpy(), abs=1e-12)


def test_critic_refuses_perfectly_correlated_indicators():
    with pytest.raises(ValueError, match="perfectly positively correlated"):
        weights.critic_weights(pd.DataFrame({"a": [0.0, 0.5, 1.0], "b": [0.0, 1.0, 2.0]}))


def test_normalize_by_hand():
    X = pd.DataFrame({"a": [1.0, 3.0, 2.0], "b": [10.0, 30.0, 20.0]})
    Z = weights.normalize(X, {"a": "+", "b": "-"}, shift=0.01)
    # a: (x - 1)/2 -> 0, 1, 0.5; b: (30 - x)/20 -> 1, 0, 0.5; then + 0.01
    assert Z["a"].tolist() == pytest.approx([0.01, 1.01, 0.51])
    assert Z["b"].tolist() == pytest.approx([1.01, 0.01, 0.51])


def test_normalize_names_a_constant_indicator():
    X = pd.DataFrame({"ok": [1.0, 2.0], "flat": [5.0, 5.0]})
    with pytest.raises(ValueError, match="flat"):
        weights.normalize(X, {"ok": "+", "flat": "+"})


def test_entropy_by_hand_with_zero_cells():
    # Column a = (1, 0): p = (1, 0), e = -(1 ln 1 + 0 ln 0)/ln 2 = 0 (0 ln 0 = 0), d = 1.
    # Column b = (1, 1): p = (.5, .5), e = -(2 * .5 ln .5)/ln 2 = 1, d = 0.  So w = (1, 0).
    table = weights.entropy_table(pd.DataFrame({"a": [1.0, 0.0], "b": [1.0, 1.0]}))
    assert table["entropy"].tolist() == pytest.approx([0.0, 1.0])
    assert table["weight"].tolist() == pytest.approx([1.0, 0.0])


def test_entropy_by_hand_three_rows():
    # z = (1, 2, 3): p = (1/6, 2/6, 3/6); e = -(Σ p ln p)/ln 3
    p = np.array([1, 2, 3]) / 6
    e = -(p * np.log(p)).sum() / np.log(3)  # = 0.920619...
    z2 = np.array([1, 1, 2]) / 4
    e2 = -(z2 * np.log(z2)).sum() / np.log(3)
    expected = np.array([1 - e, 1 - e2]) / ((1 - e) + (1 - e2))
    got = weights.entropy_weights(pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 1, 2]}))
    assert e == pytest.approx(0.920619, abs=1e-6)
    assert got.to_numpy() == pytest.approx(expected)


def test_entropy_rejects_negative_and_all_zero_columns():
    with pytest.raises(ValueError, match="neg"):
        weights.entropy_weights(pd.DataFrame({"neg": [-1.0, 1.0], "b": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="zero"):
        weights.entropy_weights(pd.DataFrame({"zero": [0.0, 0.0], "b": [1.0, 2.0]}))


def test_equal_weights():
    assert weights.equal_weights(pd.DataFrame(np.ones((3, 4)))).tolist() == [0.25] * 4


def test_dimension_scores_add_up_to_system_scores():
    idx = pd.MultiIndex.from_product([["r1", "r2"], [2020, 2021]], names=["region_code", "year"])
    Z = pd.DataFrame({"a": [0.1, 0.5, 0.9, 0.3], "b": [0.2, 0.2, 0.7, 1.0], "c": [1.0, 0.0, 0.5, 0.5]}, index=idx)
    ind = pd.DataFrame({"id": ["a", "b", "c"], "system": ["S"] * 3, "dimension": ["D1", "D1", "D2"]})
    w = weights.indicator_weights(Z, ind, "equal")
    dims = weights.dimension_scores(Z, w, ind)
    scores = weights.system_scores(dims)
    # r1 2020: (0.1 + 0.2 + 1.0)/3
    assert scores.iloc[0]["score"] == pytest.approx((0.1 + 0.2 + 1.0) / 3)
    assert dims.iloc[0]["score"] == pytest.approx((0.1 + 0.2) / 3)


matrices = arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(2, 5)),
                  elements=st.floats(0.01, 100, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_entropy_weights_sum_to_one(values):
    assume(np.ptp(values, axis=0).max() > 1e-3)  # at least one indicator varies
    Z = pd.DataFrame(values)
    assert weights.entropy_weights(Z).sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.001, 1000), st.randoms(use_true_random=False))
def test_entropy_weights_invariant_to_rescaling_and_row_order(values, factor, rnd):
    assume(np.ptp(values, axis=0).min() > 1e-3)  # weights of near-constant indicators are ill-conditioned
    Z = pd.DataFrame(values)
    base = weights.entropy_weights(Z)
    scaled = Z.copy()
    scaled[0] = scaled[0] * factor
    order = list(range(len(Z)))
    rnd.shuffle(order)
    assert weights.entropy_weights(scaled).to_numpy() == pytest.approx(base.to_numpy(), rel=1e-6, abs=1e-9)
    assert weights.entropy_weights(Z.iloc[order]).to_numpy() == pytest.approx(base.to_numpy(), rel=1e-6, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_normalized_values_span_shift_to_one_plus_shift(values):
    assume(np.ptp(values, axis=0).min() > 1e-9)
    X = pd.DataFrame(values)
    Z = weights.normalize(X, {c: "+" if c % 2 else "-" for c in X.columns}, shift=0.0001)
    assert Z.min().min() == pytest.approx(0.0001) and Z.max().max() == pytest.approx(1.0001)
