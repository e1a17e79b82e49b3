"""Relative development degree E = U_NU / U_RR, its bands and the combined types (grade of D × band):
hand calculations, the exact cut points 0.8 and 1.2 (also when rounding lands beside them), refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import coupling


def panel(rr, nu):
    idx = pd.MultiIndex.from_tuples([(f"r{i}", 2020) for i in range(len(rr))], names=["region_code", "year"])
    return pd.DataFrame({"RR": rr, "NU": nu}, index=idx)


def test_bands_at_and_beside_the_cut_points():
    # E = NU/RR:         0.4/0.5 = 0.8 exactly;  0.56/0.7 = 0.8000000000000002 in floating point (0.8 exactly);
    #                    0.404/0.5 = 0.808 (just above); 0.6/0.5 = 1.2 exactly; 0.684/0.57 = 1.2000000000000002
    #                    (1.2 exactly); 0.605/0.5 = 1.21 (just above); 0.1/0.5 = 0.2; 0.5/0.5 = 1.
    U = panel([0.5, 0.7, 0.5, 0.5, 0.57, 0.5, 0.5, 0.5], [0.4, 0.56, 0.404, 0.6, 0.684, 0.605, 0.1, 0.5])
    out = coupling.development_types(U)
    assert out["E"].to_numpy() == pytest.approx([0.8, 0.8, 0.808, 1.2, 1.2, 1.21, 0.2, 1.0])
    assert out["band"].tolist() == ["numerator_lags", "numerator_lags", "synchronous", "synchronous", "synchronous",
                                    "denominator_lags", "numerator_lags", "synchronous"]
    assert out["lagging"].tolist() == ["NU", "NU", "", "", "", "RR", "NU", ""]
    assert set(out["band"]) <= set(coupling.RELATIVE_BANDS)


def test_combined_types_by_hand():
    # standard formula, equal weights: C = 2√(U1U2)/(U1 + U2), T = (U1 + U2)/2, so D = (U1·U2)^(1/4)
    #   RR 0.9, NU 0.6: D = 0.54^(1/4) = 0.857223 → grade 9 (good coordination); E = 0.667 → NU lags
    #   RR 0.5, NU 0.7: D = 0.35^(1/4) = 0.769160 → grade 8 (intermediate);     E = 1.4  → RR lags
    #   RR 0.2, NU 0.2: D = 0.04^(1/4) = 0.447214 → grade 5 (on the verge);       E = 1    → synchronous
    out = coupling.development_types(panel([0.9, 0.5, 0.2], [0.6, 0.7, 0.2]))
    assert out["D"].to_numpy() == pytest.approx([0.54 ** 0.25, 0.35 ** 0.25, 0.04 ** 0.25])
    assert list(zip(out["grade"], out["band"], strict=True)) == [(9, "numerator_lags"), (8, "denominator_lags"),
                                                                 (5, "synchronous")]
    assert out.index.equals(panel([0.9, 0.5, 0.2], [0.6, 0.7, 0.2]).index)


def test_given_d_other_cut_points_and_other_systems():
    U = panel([0.5, 0.5], [0.45, 0.7])
    D = pd.Series([0.31, 0.95], index=U.index[::-1])                 # given in the other order: matched on the index
    out = coupling.development_types(U, D=D)
    assert out["D"].tolist() == [0.95, 0.31] and out["grade"].tolist() == [10, 4]
    # narrower band 0.9 < E ≤ 1.1: E = 0.9 is NU lagging, 1.4 RR lagging
    assert coupling.development_types(U, low=0.9, high=1.1)["band"].tolist() == ["numerator_lags", "denominator_lags"]
    # E = RR/NU instead: the roles swap
    swapped = coupling.development_types(U, numerator="RR", denominator="NU")
    assert swapped["E"].to_numpy() == pytest.approx([0.5 / 0.45, 0.5 / 0.7])
    assert swapped["lagging"].tolist() == ["", "RR"]


def test_refusals_name_the_rows():
    U = panel([0.5, 0.0, 0.4], [0.4, 0.3, np.nan])
    with pytest.raises(ValueError, match=r"finite numbers ≥ 0: not so at \('r2', 2020\)"):
        coupling.development_types(U)
    with pytest.raises(ValueError, match=r"U\['RR'\] = 0 at \('r1', 2020\)"):
        coupling.development_types(U.iloc[:2])
    with pytest.raises(ValueError, match="no column 'NU'"):
        coupling.development_types(U[["RR"]])
    complete = panel([0.5, 0.6], [0.4, 0.5])
    with pytest.raises(ValueError, match=r"no D for \('r1', 2020\)"):
        coupling.development_types(complete, D=pd.Series([0.5], index=complete.index[:1]))
    with pytest.raises(ValueError, match="0 < low < high"):
        coupling.relative_band([1.0], low=1.2, high=0.8)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.001, 1.0), st.floats(0.0, 1.0))
def test_band_is_monotone_in_e(rr, nu):
    out = coupling.development_types(panel([rr], [nu])).iloc[0]
    order = {"numerator_lags": 0, "synchronous": 1, "denominator_lags": 2}
    e = nu / rr
    expected = 0 if e <= 0.8 + 1e-9 else (1 if e <= 1.2 + 1e-9 else 2)
    assert order[out["band"]] == expected
    assert out["grade"] == coupling.grade([out["D"]]).iloc[0]
