"""TOPSIS closeness: Hwang & Yoon's (1981) fighter-aircraft example with its printed numbers, pymcdm's
TOPSIS on the same matrices, hand-worked pools, and the refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import topsis, weights

# Hwang, C.-L. and Yoon, K. (1981), Multiple Attribute Decision Making: Methods and Applications,
# Springer (LNEMS 186), TOPSIS numerical example, pp. 133–134: four fighter aircraft A1–A4, six
# attributes X1–X6 (X4, the acquisition cost, is a cost attribute), weights (0.2, 0.1, 0.1, 0.1, 0.2,
# 0.3), vector normalisation r_ij = x_ij / √Σ_i x_ij². The book prints the normalised matrix to four
# decimals (below; its X4 column differs from √-normalising the raw data in the 4th decimal, e.g.
# .5063 for 5.5/√117.75 = .5069), D⁺ = (.0545, .1197, .0580, .1009), D⁻ = (.0983, .0439, .0920,
# .0458) and C = (.643, .268, .613, .312). (Numbers as reproduced in independent TOPSIS
# implementations' tests of this example.)
AIRCRAFT = np.array([[2.0, 1500, 20000, 5.5, 5, 9],
                     [2.5, 2700, 18000, 6.5, 3, 5],
                     [1.8, 2000, 21000, 4.5, 7, 7],
                     [2.2, 1800, 20000, 5.0, 5, 5]])
BOOK_NORMALISED = np.array([[.4671, .3662, .5056, .5063, .4811, .6708],
                            [.5839, .6591, .4550, .5983, .2887, .3727],
                            [.4204, .4882, .5308, .4143, .6736, .5217],
                            [.5139, .4392, .5056, .4603, .4811, .3727]])
BOOK_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
COLUMNS = [f"X{j}" for j in range(1, 7)]
ROWS = [f"A{i}" for i in range(1, 5)]


def book_matrix() -> pd.DataFrame:
    """The book's normalised matrix with the cost attribute turned larger-is-better as 1 − r.

    For a cost attribute TOPSIS takes the ideal at min_i v_ij and the anti-ideal at max_i v_ij;
    1 − r reflects the column, so max and min swap, and every difference v_ij − v_j± keeps its
    absolute value: D⁺ and D⁻ are unchanged.
    """
    Z = pd.DataFrame(BOOK_NORMALISED, index=ROWS, columns=COLUMNS)
    Z["X4"] = 1.0 - Z["X4"]
    return Z


def test_hwang_yoon_fighter_aircraft_printed_values():
    out = topsis.distances(book_matrix(), pd.Series(BOOK_WEIGHTS, index=COLUMNS))
    # the book rounds v_ij to four decimals before taking distances: agreement to ~1e-4
    assert out["d_best"].to_numpy() == pytest.approx([.0545, .1197, .0580, .1009], abs=1.5e-4)
    assert out["d_worst"].to_numpy() == pytest.approx([.0983, .0439, .0920, .0458], abs=1.5e-4)
    assert out["closeness"].to_numpy() == pytest.approx([.643, .268, .613, .312], abs=5e-4)
    assert out["closeness"].rank(ascending=False).tolist() == [1.0, 4.0, 2.0, 3.0]   # A1 > A3 > A4 > A2


def test_weights_are_matched_by_name_not_position():
    w = pd.Series(BOOK_WEIGHTS, index=COLUMNS)
    shuffled = w.iloc[[5, 2, 0, 4, 1, 3]]
    pd.testing.assert_series_equal(topsis.closeness(book_matrix(), shuffled), topsis.closeness(book_matrix(), w))
    # a common factor of the weights cancels in C
    pd.testing.assert_series_equal(topsis.closeness(book_matrix(), 7 * w), topsis.closeness(book_matrix(), w))


def identity(x, cost=False):
    """pymcdm normalisation that leaves the (already normalised, larger-is-better) column as it is."""
    return np.asarray(x, dtype=float)


def test_same_as_pymcdm_on_the_book_matrix():
    # pymcdm 1.4.0 TOPSIS: v = normalised · w, PIS = max v, NIS = min v per column, C = D⁻/(D⁺ + D⁻);
    # with the identity normalisation and every criterion a profit (type 1) it sees exactly our Z.
    from pymcdm.methods import TOPSIS

    Z = book_matrix()
    expected = TOPSIS(normalization_function=identity)(Z.to_numpy(), np.array(BOOK_WEIGHTS), np.ones(6))
    assert topsis.closeness(Z, pd.Series(BOOK_WEIGHTS, index=COLUMNS)).to_numpy() == pytest.approx(expected, rel=1e-12)


def test_same_as_pymcdm_from_raw_data_with_entropy_weights():
    # The project's chain: min–max normalisation with directions (shift 0), entropy weights, TOPSIS;
    # pymcdm's default TOPSIS min–max-normalises the raw matrix itself with the cost type for X4,
    # which is the same z, and takes the same weights.
    from pymcdm.methods import TOPSIS

    X = pd.DataFrame(AIRCRAFT, index=ROWS, columns=COLUMNS)
    Z = weights.normalize(X, {c: "-" if c == "X4" else "+" for c in COLUMNS}, shift=0)
    w = weights.entropy_weights(Z + 1e-4)
    types = np.array([1, 1, 1, -1, 1, 1])
    expected = TOPSIS()(AIRCRAFT, w.to_numpy(), types)
    assert topsis.closeness(Z, w).to_numpy() == pytest.approx(expected, rel=1e-12)


def test_per_year_ideals_equal_one_pool_per_year_and_pymcdm():
    from pymcdm.methods import TOPSIS

    rng = np.random.default_rng(7)
    idx = pd.MultiIndex.from_product([[f"r{i}" for i in range(6)], [2019, 2020, 2021]], names=["region_code", "year"])
    Z = pd.DataFrame(rng.random((len(idx), 4)), index=idx, columns=list("abcd"))
    w = pd.Series([0.4, 0.3, 0.2, 0.1], index=list("abcd"))
    per_year = topsis.closeness(Z, w, ideals="per-year")
    for _year, part in Z.groupby(level="year"):
        expected = TOPSIS(normalization_function=identity)(part.to_numpy(), w.to_numpy(), np.ones(4))
        assert per_year.loc[part.index].to_numpy() == pytest.approx(expected, rel=1e-12)
    # the same years given as an array in the order of the rows, and as a Series in another order
    years = idx.get_level_values("year").to_numpy()
    flat = Z.reset_index(drop=True)
    assert topsis.closeness(flat, w, ideals="per-year", year=years).to_numpy() == pytest.approx(per_year.to_numpy())
    as_series = pd.Series(years, index=flat.index).iloc[::-1]
    assert topsis.closeness(flat, w, ideals="per-year", year=as_series).to_numpy() == pytest.approx(per_year.to_numpy())
    # pooled ideals differ: the best of the panel, not of the year
    assert not np.allclose(topsis.closeness(Z, w).to_numpy(), per_year.to_numpy())


def test_constant_column_adds_nothing():
    # column c is 0.5 everywhere: v_c⁺ = v_c⁻, so D± are those of (a, b) alone
    Z = pd.DataFrame({"a": [1.0, 0.0, 1.0], "b": [1.0, 0.0, 0.0], "c": [0.5, 0.5, 0.5]})
    with_c = topsis.closeness(Z, pd.Series({"a": 0.75, "b": 0.25, "c": 5.0}))
    without = topsis.closeness(Z[["a", "b"]], pd.Series({"a": 0.75, "b": 0.25}))
    assert with_c.tolist() == pytest.approx(without.tolist()) and with_c.tolist() == pytest.approx([1.0, 0.0, 0.75])


def test_identical_rows_and_bad_inputs_are_refused():
    same = pd.DataFrame({"a": [0.3, 0.3], "b": [0.7, 0.7]})
    with pytest.raises(ValueError, match="all rows: every row has the same weighted values"):
        topsis.closeness(same, pd.Series({"a": 0.5, "b": 0.5}))
    idx = pd.MultiIndex.from_tuples([("r1", 2020), ("r2", 2020), ("r1", 2021), ("r2", 2021)], names=["region_code", "year"])
    Z = pd.DataFrame({"a": [0.1, 0.9, 0.4, 0.4]}, index=idx)
    assert topsis.closeness(Z, pd.Series({"a": 1.0})).tolist() == pytest.approx([0, 1, 0.375, 0.375])
    with pytest.raises(ValueError, match="year 2021: every row has the same weighted values"):
        topsis.closeness(Z, pd.Series({"a": 1.0}), ideals="per-year")
    Z = pd.DataFrame({"a": [0.1, 0.9], "b": [0.2, 0.4]}, index=["x", "y"])
    with pytest.raises(ValueError, match="no weight for column\\(s\\) b of Z; weight\\(s\\) for c, which are not columns"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "c": 0.5}))
    with pytest.raises(ValueError, match="finite and ≥ 0: not so for b"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": -0.1}))
    with pytest.raises(ValueError, match="finite and ≥ 0: not so for a"):
        topsis.closeness(Z, pd.Series({"a": np.nan, "b": 0.1}))
    with pytest.raises(ValueError, match="row 'y' column 'b'"):
        topsis.closeness(Z.assign(b=[0.2, np.nan]), pd.Series({"a": 0.5, "b": 0.5}))
    with pytest.raises(ValueError, match="index Z by a level named 'year'"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": 0.5}), ideals="per-year")
    with pytest.raises(ValueError, match="no year for row\\(s\\) 'y'"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": 0.5}), ideals="per-year", year=pd.Series({"x": 2020}))
    with pytest.raises(ValueError, match="one value per row"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": 0.5}), ideals="per-year", year=[2020])
    with pytest.raises(ValueError, match="only with ideals='per-year'"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": 0.5}), year=[2020, 2021])
    with pytest.raises(ValueError, match="unknown ideals"):
        topsis.closeness(Z, pd.Series({"a": 0.5, "b": 0.5}), ideals="yearly")


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 8), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_closeness_lies_in_the_unit_interval_and_the_best_row_gets_one(rows, columns, seed):
    rng = np.random.default_rng(seed)
    Z = pd.DataFrame(rng.random((rows, columns)))
    w = pd.Series(rng.random(columns) + 0.01, index=Z.columns)
    c = topsis.closeness(Z, w)
    assert ((c >= 0) & (c <= 1)).all()
    dominant = Z.ge(Z.max()).all(axis=1)          # a row best in every column is the ideal
    assert (c[dominant] == 1).all()
