"""Inequality (Gini, Theil, Dagum), Markov chains and GM(1,1): PySAL's published test values, exact
hand calculations written out here, and the properties the definitions imply."""

from __future__ import annotations

from fractions import Fraction

import libpysal
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import coupling, disparity, dynamics, forecast


def mexico():
    """PySAL's example: per-capita GDP of the 32 Mexican states, 1940–2000, and the hanson98 regions."""
    f = libpysal.io.open(libpysal.examples.get_path("mexico.csv"))
    y = np.transpose(np.array([f.by_col[f"pcgdp{dec}"] for dec in range(1940, 2010, 10)]))
    return y, np.array(f.by_col("hanson98"))


def test_gini_matches_pysal_inequality():
    # inequality tests/test_gini.py::TestGini::test_gini: G of pcgdp1940 = 0.35372371173452849
    y, _ = mexico()
    assert disparity.gini(y[:, 0]) == pytest.approx(0.35372371173452849, rel=1e-12)
    # and the definition written out: Σ_i Σ_r |y_i − y_r| / (2 n² ȳ)
    v = y[:, 0]
    assert disparity.gini(v) == pytest.approx(np.abs(v[:, None] - v[None, :]).sum() / (2 * len(v) ** 2 * v.mean()))


def test_theil_matches_pysal_inequality():
    # inequality tests/test_theil.py: T per decade and the between-region part by hanson98
    y, regions = mexico()
    expected_t = [0.20894344, 0.15222451, 0.10472941, 0.10194725, 0.09560113, 0.10511256, 0.10660832]
    expected_bg = [0.0345889, 0.02816853, 0.05260921, 0.05931219, 0.03205257, 0.02963731, 0.03635872]
    for decade in range(7):
        t = disparity.theil(pd.Series(y[:, decade]), pd.Series(regions))
        assert t["total"] == pytest.approx(expected_t[decade], abs=1e-8)
        assert t["between"] == pytest.approx(expected_bg[decade], abs=1e-7)
        assert t["within"] + t["between"] == pytest.approx(t["total"])
    # two groups at 0 and 10: T = between = ln 2, within = 0 (the same test file)
    t = disparity.theil(pd.Series([0.0, 0, 0, 10, 10, 10]), pd.Series([0, 0, 0, 1, 1, 1]))
    assert (t["total"], t["between"], t["within"]) == pytest.approx((np.log(2), np.log(2), 0), abs=1e-12)


def test_dagum_total_is_the_gini_and_the_parts_add_up_on_pysal_data():
    y, regions = mexico()
    for decade in range(7):
        values, groups = pd.Series(y[:, decade]), pd.Series(regions)
        parts = disparity.dagum_gini(values, groups)
        assert parts["total"] == pytest.approx(disparity.gini(values), rel=1e-12)
        assert parts[["within", "between", "transvariation"]].sum() == pytest.approx(parts["total"], rel=1e-12)
        assert (parts >= 0).all()


def test_dagum_two_overlapping_groups_by_hand():
    # a = (1, 6), b = (3, 8): means 3.5 < 5.5, n = 4, ȳ = 4.5, p = (1/2, 1/2), s = (7/18, 11/18).
    # G_aa = 2·5/(2·4·3.5) = 5/14;  G_bb = 2·5/(2·4·5.5) = 5/22;
    # G_ab = (|3−1| + |3−6| + |8−1| + |8−6|)/(2·2·(3.5 + 5.5)) = 14/36 = 7/18.
    # b − a over the four pairs: 2, −3, 7, 2 → d = (2 + 7 + 2)/4 = 11/4, p = 3/4, D = (11 − 3)/(11 + 3) = 4/7.
    # G_w = 5/14·1/2·7/18 + 5/22·1/2·11/18 = 5/72 + 5/72 = 10/72;  weight = 1/2·7/18 + 1/2·11/18 = 1/2;
    # G_nb = 7/18 · 1/2 · 4/7 = 1/9;  G_t = 7/18 · 1/2 · 3/7 = 1/12;  total = 10/72 + 8/72 + 6/72 = 1/3,
    # which is the Gini of (1, 3, 6, 8): Σ|y_i − y_r| = 2·(2 + 5 + 7 + 3 + 5 + 2) = 48, 48/(2·16·4.5) = 1/3.
    values, groups = pd.Series([1.0, 6, 3, 8]), pd.Series(["a", "a", "b", "b"])
    parts = disparity.dagum_gini(values, groups)
    assert parts.to_dict() == pytest.approx({"total": 1 / 3, "within": 10 / 72, "between": 1 / 9, "transvariation": 1 / 12})
    details = disparity.dagum_details(values, groups).set_index(["group_a", "group_b"])["G"]
    assert details.to_dict() == pytest.approx({("a", "a"): 5 / 14, ("a", "b"): 7 / 18, ("b", "b"): 5 / 22})


def test_groups_are_ordered_by_their_means_and_separate_groups_have_no_transvariation():
    details = disparity.dagum_details(pd.Series([9.0, 8, 1, 2]), pd.Series(["rich", "rich", "poor", "poor"]))
    assert details["group_a"].tolist() == ["poor", "poor", "rich"] and details.loc[1, "group_b"] == "rich"
    assert disparity.dagum_gini(pd.Series([9.0, 8, 1, 2]), pd.Series(["rich", "rich", "poor", "poor"]))["transvariation"] == 0


def test_a_group_of_one_region_and_a_province_without_groups():
    values = pd.Series([0.2, 0.4, 0.5, 0.7], index=list("abcd"))
    details = disparity.dagum_details(values, pd.Series(["x", "x", "x", "alone"], index=list("abcd")))
    assert details.set_index(["group_a", "group_b"]).loc[("alone", "alone"), "G"] == 0
    measures = pd.DataFrame({"region_code": list("abcd"), "year": 2020, "measure": "D", "value": values.to_numpy()})
    table, pairs = disparity.disparity_tables(measures, None)
    assert set(table["method"]) == {"cv", "gini", "theil"} and set(table["component"]) == {"total"} and pairs.empty
    # regions without a group are pooled, not dropped: the decomposition still adds up to the Gini of all four
    table, _ = disparity.disparity_tables(measures, pd.Series(["x", "x", "", ""], index=list("abcd")))
    dagum = table[table["method"] == "dagum"].set_index("component")["value"]
    assert dagum["total"] == pytest.approx(disparity.gini(values))


positive = st.lists(st.floats(0.01, 100, allow_nan=False), min_size=4, max_size=12)


@given(positive, st.floats(0.1, 50), st.randoms())
@settings(max_examples=60, deadline=None)
def test_gini_and_theil_ignore_scale_and_order(values, factor, rnd):
    v = np.array(values)
    shuffled = v.copy()
    rnd.shuffle(shuffled)
    assert disparity.gini(v * factor) == pytest.approx(disparity.gini(v), rel=1e-9, abs=1e-12)
    assert disparity.gini(shuffled) == pytest.approx(disparity.gini(v), rel=1e-9, abs=1e-12)
    assert disparity.theil(pd.Series(v * factor))["total"] == pytest.approx(disparity.theil(pd.Series(v))["total"], abs=1e-9)
    assert disparity.theil(pd.Series(shuffled))["total"] == pytest.approx(disparity.theil(pd.Series(v))["total"], abs=1e-9)


@given(positive, st.lists(st.sampled_from("abc"), min_size=12, max_size=12))
@settings(max_examples=60, deadline=None)
def test_dagum_parts_are_non_negative_and_add_up(values, labels):
    v = pd.Series(values)
    g = pd.Series(labels[: len(values)])
    parts = disparity.dagum_gini(v, g)
    assert (parts >= -1e-12).all()
    assert parts[["within", "between", "transvariation"]].sum() == pytest.approx(disparity.gini(v), rel=1e-9, abs=1e-12)


def test_markov_matches_giddys_us_income_example():
    # giddy tests/test_markov.py::test_Markov: US per-capita income quintiles, 1929–2009
    import mapclassify

    f = libpysal.io.open(libpysal.examples.get_path("usjoin.csv"))
    pci = np.array([f.by_col[str(y)] for y in range(1929, 2010)])
    q5 = pd.DataFrame(np.array([mapclassify.Quantiles(y).yb for y in pci]).transpose())
    result = dynamics.markov(q5, labels=[0, 1, 2, 3, 4])
    assert result.counts.iloc[0].tolist() == [729.0, 71.0, 1.0, 0.0, 0.0]
    assert result.counts.iloc[4].tolist() == [0.0, 0.0, 1.0, 57.0, 741.0]
    assert result.probabilities.iloc[1].tolist() == pytest.approx([0.09972299, 0.78531856, 0.11080332, 0.00415512, 0.0], abs=1e-8)
    assert result.steady_state.tolist() == pytest.approx([0.20774716, 0.18725774, 0.20740537, 0.18821787, 0.20937187], abs=1e-8)
    assert result.sparse_rows == []


def test_markov_counts_by_hand_and_an_empty_row():
    classes = pd.DataFrame([[1, 1, 2], [2, 2, 2], [1, 2, 1]], index=list("abc"))
    # transitions: a 1→1, 1→2; b 2→2, 2→2; c 1→2, 2→1 → from 1: (1, 2), from 2: (1, 2); class 3 never occurs
    result = dynamics.markov(classes, labels=[1, 2, 3])
    assert result.counts.to_numpy().tolist() == [[1, 2, 0], [1, 2, 0], [0, 0, 0]]
    assert result.probabilities.loc[1].tolist()[:2] == pytest.approx([1 / 3, 2 / 3])
    assert result.probabilities.loc[3].isna().all() and result.steady_state.isna().all()
    assert result.sparse_rows == [1, 2, 3]      # fewer than five transitions each
    table = dynamics.markov_table(result)
    assert table.loc[(table["from_class"] == 1) & (table["to_class"] == 2), "count"].item() == 2


def test_bands_of_grades_agree_with_the_grades_and_the_cut_points():
    import mapclassify

    for k in range(2, 11):
        bands = dynamics.grade_bands(k)
        assert len(bands) == k and bands[0][0] == 1 and bands[-1][1] == 10
        assert all(b[0] == a[1] + 1 for a, b in zip(bands, bands[1:], strict=False))
        if k % 2 == 0:
            assert all(high <= 5 or low >= 6 for low, high in bands)   # imbalance and coordination apart
    rng = np.random.default_rng(1)
    d = np.r_[rng.uniform(0, 1, 500), np.arange(0, 1.0001, 0.1)]      # the exact boundaries included
    bands = dynamics.grade_bands(4)
    by_grade = dynamics.band_of(coupling.grade(d), bands)
    by_cut = mapclassify.UserDefined(d, list(dynamics.band_cutoffs(bands)) + [np.inf]).yb + 1
    assert (by_grade == by_cut).all()


def test_spatial_markov_is_refused_with_too_few_transitions():
    w = libpysal.weights.lat2W(2, 2)
    values = pd.DataFrame(np.array([[0.2, 0.25, 0.3], [0.6, 0.62, 0.65], [0.45, 0.5, 0.55], [0.8, 0.85, 0.9]]),
                          index=w.id_order)
    bands = dynamics.grade_bands(4)
    conditional = dynamics.spatial_markov(values, w, dynamics.band_cutoffs(bands), [1, 2, 3, 4])
    assert sum(r.counts.to_numpy().sum() for r in conditional.values()) == 8     # 4 regions × 2 transitions
    assert not dynamics.enough_transitions(conditional)


def test_gm11_textbook_series_by_hand():
    # The series x⁰ = (2.874, 3.278, 3.337, 3.390, 3.679) of the GM(1,1) worked example in Chinese
    # grey-system textbooks, solved here exactly: x¹ = (2.874, 6.152, 9.489, 12.879, 16.558),
    # z¹ = (x¹(k) + x¹(k−1))/2 = (4.513, 7.8205, 11.184, 14.7185), Y = x⁰(2…5). Least squares for
    # Y = −a z¹ + b:  a = −(4 Σ zY − Σz ΣY)/(4 Σz² − (Σz)²),  b = (ΣY + a Σz)/4.
    x0 = [Fraction(s) for s in ("2.874", "3.278", "3.337", "3.390", "3.679")]
    x1 = [sum(x0[: k + 1]) for k in range(5)]
    z = [(x1[k] + x1[k - 1]) / 2 for k in range(1, 5)]
    y = x0[1:]
    sz, sy, szz, szy = sum(z), sum(y), sum(v * v for v in z), sum(u * v for u, v in zip(z, y, strict=True))
    a = -(4 * szy - sz * sy) / (4 * szz - sz * sz)
    b = (sy + a * sz) / 4
    fit = forecast.gm11([float(v) for v in x0], horizon=1)
    assert (fit.a, fit.b) == pytest.approx((float(a), float(b)), rel=1e-12)
    assert round(fit.a, 4) == -0.0372 and round(fit.b, 4) == 3.0654
    # x̂⁰(6) = (x⁰(1) − b/a)(e^{−5a} − e^{−4a})
    expected = (float(x0[0]) - float(b / a)) * (np.exp(-5 * float(a)) - np.exp(-4 * float(a)))
    assert fit.forecast[0] == pytest.approx(expected, rel=1e-12)
    assert fit.fitted[0] == pytest.approx(2.874)
    # posterior-error test written out: C = σ(ε)/σ(x⁰) with population σ, the residuals from k = 2 (ε(1) = 0
    # by construction), P = share of them within 0.6745 σ(x⁰) of their mean
    residuals = (np.array([float(v) for v in x0]) - fit.fitted)[1:]
    s1 = np.std([float(v) for v in x0])
    assert fit.fitted[0] - float(x0[0]) == 0 and len(residuals) == 4
    assert fit.C == pytest.approx(residuals.std() / s1)
    assert fit.P == pytest.approx(np.mean(np.abs(residuals - residuals.mean()) < 0.6745 * s1))


def test_gm11_refuses_series_that_fail_the_checks():
    jumpy = forecast.gm11([1.0, 2.0, 1.0, 2.0, 1.0], horizon=3)
    # n = 5: bounds (e^{−1/3}, e^{1/3}) = (0.7165, 1.3956); λ(2) = 1/2 lies below
    assert not jumpy.modelled and jumpy.reason == forecast.NOT_SMOOTH and len(jumpy.forecast) == 0
    k, ratio, low, high = forecast.first_rough_ratio([1.0, 2.0, 1.0, 2.0, 1.0])
    assert (k, ratio) == (2, 0.5) and (low, high) == pytest.approx((np.exp(-1 / 3), np.exp(1 / 3)))
    assert forecast.gm11([1.0, 1.1, 1.2]).reason == forecast.TOO_SHORT
    assert forecast.gm11([1.0, 0.0, 1.2, 1.3]).reason == forecast.NOT_POSITIVE


def test_accuracy_grades_at_their_thresholds():
    assert forecast.accuracy_grade(0.35, 0.95) == "good"
    assert forecast.accuracy_grade(0.351, 0.95) == "qualified"
    assert forecast.accuracy_grade(0.5, 0.8) == "qualified"
    assert forecast.accuracy_grade(0.65, 0.7) == "barely qualified"
    assert forecast.accuracy_grade(0.66, 0.99) == "unqualified" and forecast.accuracy_grade(0.1, 0.69) == "unqualified"


def test_forecasts_of_a_series_rising_to_one_stay_below_one():
    # D rising 8 % a year from 0.60: 0.60 · 1.08⁶ = 0.952 in 2020. GM(1,1) fits it well (a geometric
    # series, see the test above) and its exponential passes 1 at once: x̂⁰(8) ≈ 0.952 · e^{−a} ≈ 1.03.
    # The forecast stops before the first year outside [0, 1], and says which year that is.
    years = range(2014, 2021)
    values = [0.60 * 1.08 ** k for k in range(7)]
    fit = forecast.gm11(values, horizon=5)
    assert fit.forecast[0] > 1 and fit.grade == "good"
    table = forecast.forecast_table(pd.DataFrame({"region_code": "r", "year": list(years), "measure": "D",
                                                  "value": values}), horizon=5)
    region = table[table["region_code"] == "r"]
    assert region[region["kind"] == "forecast"].empty and (region["leaves_in"] == 2021).all()
    # a series rising to 0.99 more slowly keeps the years before it would pass 1
    slow = [1 - 0.2 * 0.8 ** k for k in range(7)]         # 0.8, 0.84, 0.872, … 0.9476
    table = forecast.forecast_table(pd.DataFrame({"region_code": "r", "year": list(years), "measure": "D",
                                                  "value": slow}), horizon=5)
    region = table[table["region_code"] == "r"]
    kept = region[region["kind"] == "forecast"]
    assert len(kept) >= 1 and kept["value"].between(0, 1).all()
    assert (region["leaves_in"] == kept["year"].max() + 1).all()
    assert set(table["region_code"]) == {"r", "mean"}


def test_forecasts_are_flagged_below_qualified():
    # an admissible but jagged series (every level ratio inside the bounds) fits badly: not usable
    values = [0.50, 0.56, 0.49, 0.57, 0.50, 0.58, 0.51]
    fit = forecast.gm11(values, horizon=2)
    assert fit.modelled and fit.grade not in forecast.USABLE
    table = forecast.forecast_table(pd.DataFrame({"region_code": "r", "year": range(2014, 2021), "measure": "D",
                                                  "value": values}), horizon=2)
    row = table[table["region_code"] == "r"].iloc[0]
    assert not row["usable"] and row["grade"] == fit.grade
    good = forecast.forecast_table(pd.DataFrame({"region_code": "r", "year": range(2014, 2021), "measure": "D",
                                                 "value": [0.3 * 1.02 ** k for k in range(7)]}), horizon=2)
    assert good["usable"].all()


def test_steady_state_equals_giddys():
    from giddy.ergodic import steady_state as giddy_steady_state

    rng = np.random.default_rng(3)
    for _ in range(5):
        p = rng.random((4, 4))
        p /= p.sum(axis=1, keepdims=True)
        assert dynamics.steady_state(p) == pytest.approx(np.asarray(giddy_steady_state(p), dtype=float).ravel(), abs=1e-10)
    # two closed classes: giddy returns one distribution per class, here none is chosen
    reducible = np.array([[1.0, 0, 0], [0.5, 0, 0.5], [0, 0, 1.0]])
    assert np.asarray(giddy_steady_state(reducible)).shape[0] == 2 and np.isnan(dynamics.steady_state(reducible)).all()
