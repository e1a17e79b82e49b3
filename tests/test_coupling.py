"""Coupling coordination: published examples, hand-worked variants, grades, lag types, properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import coupling

# mathmodels (Jingxin Zhang), R package, reference page "coupling": two subsystems.
S1 = [0.0162, 0.1782, 0.5490, 0.6730, 0.0207, 0.9875]
S2 = [0.2720, 0.6824, 0.0593, 0.4812, 0.8891, 0.5573]


def test_standard_matches_mathmodels_equal_weights():
    out = coupling.coupling_coordination(pd.DataFrame({"s1": S1, "s2": S2}))
    assert out["C"].to_numpy() == pytest.approx([0.4606573, 0.8104048, 0.5932335, 0.9860962, 0.2982253, 0.9604413], abs=5e-8)
    assert out["T"].to_numpy() == pytest.approx([0.14410, 0.43030, 0.30415, 0.57710, 0.45490, 0.77240], abs=5e-6)
    assert out["D"].to_numpy() == pytest.approx([0.2576446, 0.5905228, 0.4247729, 0.7543713, 0.3683242, 0.8613041], abs=5e-8)


def test_standard_matches_mathmodels_custom_weights():
    out = coupling.coupling_coordination(pd.DataFrame({"s1": S1, "s2": S2}), alpha=[0.6, 0.4])
    assert out["T"].to_numpy() == pytest.approx([0.11852, 0.37988, 0.35312, 0.59628, 0.36806, 0.81542], abs=5e-6)
    assert out["D"].to_numpy() == pytest.approx([0.2336602, 0.5548483, 0.4576927, 0.7668047, 0.3313077, 0.8849650], abs=5e-8)


def test_standard_four_subsystems_matches_r_package_coupling():
    # R package 'coupling' 0.1 (Lyu 2026), reference page of ccd(): mat = matrix(runif(20), nrow = 5)
    # after set.seed(42); the 20 numbers below are R's runif(20) for that seed (column-major fill).
    u = np.array([0.914806043496355, 0.937075413297862, 0.286139534786344, 0.830447626067325, 0.641745518893003,
                  0.519095949130133, 0.736588314641267, 0.134666597237810, 0.656992290401831, 0.705064784036949,
                  0.457741776248440, 0.719112251652405, 0.934672247152776, 0.255428824340925, 0.462292822543532,
                  0.940014522755519, 0.978226428385824, 0.117487361654639, 0.474997081561014, 0.560332746244967])
    U = pd.DataFrame(u.reshape(4, 5).T)
    out = coupling.coupling_coordination(U)
    assert out["C"].to_numpy() == pytest.approx([0.9497342, 0.9905121, 0.6926110, 0.9148146, 0.9877654], abs=5e-8)
    assert out["D"].to_numpy() == pytest.approx([0.8199577, 0.9136491, 0.5050229, 0.7122036, 0.7649259], abs=5e-8)


def test_wang_by_hand():
    # n = 2, U = (0.4, 0.8): C = sqrt[(1 - 0.4/1) * (0.4/0.8 * 0.8/0.8)^(1/1)] = sqrt(0.6 * 0.5)
    # n = 3, U = (0.2, 0.4, 0.8): pairwise |diff| = 0.2 + 0.6 + 0.4 = 1.2, divided by 1 + 2 = 3 -> 0.4;
    #        prod(U/max) = 0.25 * 0.5 * 1 = 0.125, ^(1/2) = 0.353553; C = sqrt(0.212132) = 0.460578
    two = coupling.coupling_coordination(pd.DataFrame({"a": [0.4], "b": [0.8]}), formula="wang")
    three = coupling.coupling_coordination(pd.DataFrame({"a": [0.2], "b": [0.4], "c": [0.8]}), formula="wang")
    assert two["C"].iloc[0] == pytest.approx(np.sqrt(0.3))
    assert three["C"].iloc[0] == pytest.approx(np.sqrt(0.6 * np.sqrt(0.125)))
    assert three["C"].iloc[0] == pytest.approx(0.460578, abs=1e-6)


def test_fan_by_hand():
    # n = 2: (n ΣU² − (ΣU)²)/n² = (U1 − U2)²/4, so C = 1 − |U1 − U2| = 0.6 for (0.4, 0.8).
    # n = 3, (0.2, 0.4, 0.8): mean 0.46667, population variance 0.062222, sd 0.249444, C = 1 − 0.498888.
    two = coupling.coupling_coordination(pd.DataFrame({"a": [0.4], "b": [0.8]}), formula="fan")
    three = coupling.coupling_coordination(pd.DataFrame({"a": [0.2], "b": [0.4], "c": [0.8]}), formula="fan")
    assert two["C"].iloc[0] == pytest.approx(0.6)
    assert three["C"].iloc[0] == pytest.approx(0.501112, abs=1e-6)


def test_unknown_formula_and_bad_alpha_are_refused():
    U = pd.DataFrame({"a": [0.4], "b": [0.8]})
    with pytest.raises(ValueError, match="formula"):
        coupling.coupling_coordination(U, formula="magic")
    with pytest.raises(ValueError, match="alpha"):
        coupling.coupling_coordination(U, alpha=[0.7, 0.7])


@pytest.mark.parametrize("d, level, label, label_zh", [
    (0.0, 1, "extreme imbalance", "极度失调"),
    (0.0999, 1, "extreme imbalance", "极度失调"),
    (0.1, 2, "severe imbalance", "严重失调"),
    (0.3, 4, "mild imbalance", "轻度失调"),
    (0.45, 5, "on the verge of imbalance", "濒临失调"),
    (0.5, 6, "barely coordinated", "勉强协调"),
    (0.7, 8, "intermediate coordination", "中级协调"),
    (0.8999, 9, "good coordination", "良好协调"),
    (0.9, 10, "high-quality coordination", "优质协调"),
    (1.0, 10, "high-quality coordination", "优质协调"),
    (1.00005, 10, "high-quality coordination", "优质协调"),
])
def test_grade_boundaries(d, level, label, label_zh):
    from helpers.presentation.labels import grade_name

    g = coupling.grade([d]).iloc[0]
    assert (g, grade_name(g, "en"), grade_name(g, "zh")) == (level, label, label_zh)


def test_lag_type_threshold_and_names():
    U1 = pd.Series([0.5, 0.5, 0.7, 0.3], name="RR")
    U2 = pd.Series([0.6, 0.61, 0.5, 0.3], name="NU")
    lags = coupling.lag_type(U1, U2)
    assert lags["lag_type"].tolist() == ["synchronous", "lagging", "lagging", "synchronous"]
    assert lags["lagging"].tolist() == ["", "RR", "NU", ""]
    assert coupling.lag_type(U1, U2, threshold=0.2)["lag_type"].tolist()[1] == "synchronous"


def test_relative_development():
    U = pd.DataFrame({"RR": [0.4], "NU": [0.8]})
    assert coupling.relative_development(U).iloc[0] == pytest.approx(0.5)


unit = st.floats(0.001, 1.0, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(st.lists(unit, min_size=2, max_size=6), st.sampled_from(coupling.FORMULAS))
def test_c_and_d_lie_in_unit_interval(values, formula):
    out = coupling.coupling_coordination(pd.DataFrame([values]), formula=formula).iloc[0]
    assert -1e-12 <= out["C"] <= 1 + 1e-12
    assert -1e-12 <= out["D"] <= 1 + 1e-12


@settings(max_examples=50, deadline=None)
@given(unit, st.integers(2, 6), st.sampled_from(coupling.FORMULAS))
def test_c_is_one_when_all_subsystems_are_equal(value, n, formula):
    out = coupling.coupling_coordination(pd.DataFrame([[value] * n]), formula=formula).iloc[0]
    assert out["C"] == pytest.approx(1.0)
    assert out["D"] == pytest.approx(np.sqrt(value))
