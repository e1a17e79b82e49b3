"""The rules of every permutation test (helpers.methods.inference): ties on both sides, the level a
test claims, Benjamini–Hochberg against its definition."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.methods import inference


def test_ties_count_on_both_sides():
    # observed 5 among draws 1, 5, 5, 8: three draws are ≥ 5 and three are ≤ 5
    upper, lower = inference.tail_counts(np.array([5.0]), np.array([[1.0, 5.0, 5.0, 8.0]]))
    assert (upper[0], lower[0]) == (3, 3)
    # 2 · (1 + 3)/5 > 1: capped
    assert inference.two_sided_p(np.array([5.0]), np.array([[1.0, 5.0, 5.0, 8.0]]))[0] == 1.0
    # a sum added in another order still ties (relative tolerance)
    assert inference.degenerate(np.array([0.1 + 0.2 + 0.3]), np.array([[0.3 + 0.2 + 0.1] * 5]))[0]


def test_two_sided_p_holds_its_level_where_the_folded_p_does_not():
    # Under the null the observed statistic is one more draw of the same distribution: 4 000 tests
    # with 199 draws each. The two-sided p ≤ 0.05 must flag about 5 %; esda's rule (draws ≥ observed,
    # folded to the smaller side, (1 + count)/(P + 1)) flags about 10 % at the same threshold.
    rng = np.random.default_rng(7)
    observed = rng.standard_normal(4000)
    simulated = rng.standard_normal((4000, 199))
    two_sided = inference.two_sided_p(observed, simulated)
    assert 0.04 <= (two_sided <= 0.05).mean() <= 0.06
    larger = (simulated >= observed[:, None]).sum(axis=1)
    folded = (np.minimum(larger, 199 - larger) + 1) / 200
    assert 0.085 <= (folded <= 0.05).mean() <= 0.115


def test_exact_p_over_every_draw():
    # 7 equally likely values, the observed the largest: the upper tail is 1/7, p = 2/7
    assert inference.exact_two_sided_p(7.0, np.arange(1.0, 8.0)) == pytest.approx(2 / 7)
    # the median of 7: each tail holds 4 of 7, p capped at 1
    assert inference.exact_two_sided_p(4.0, np.arange(1.0, 8.0)) == 1.0


def test_one_sided_p_counts_ties():
    # q = 0.5 among permuted q 0.1, 0.5, 0.7, 0.2: two are ≥ 0.5, p = (1 + 2)/5
    assert inference.upper_p(np.array([0.5]), np.array([[0.1, 0.5, 0.7, 0.2]]))[0] == pytest.approx(0.6)


def test_benjamini_hochberg_by_its_definition():
    # Benjamini and Hochberg (1995): reject the k smallest, k the largest i with p_(i) ≤ i α / m.
    # p = 0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205 (m = 8, α = 0.05): the cut-offs i/8 · 0.05
    # are 0.00625, 0.0125, 0.01875, 0.025, 0.03125, 0.0375, 0.04375, 0.05; only the first two are below.
    p = np.array([0.205, 0.001, 0.042, 0.039, 0.008, 0.06, 0.074, 0.041])
    assert inference.fdr_significant(p).tolist() == [False, True, False, False, True, False, False, False]
    # a step-up procedure: a later p below its cut-off carries every smaller one with it
    assert inference.fdr_significant([0.04, 0.045, 0.049]).all()
    # undefined tests are not in the family
    assert inference.fdr_significant([np.nan, 0.02, 0.03]).tolist() == [False, True, True]
