"""LISA Markov chain, Rey's space–time transition types and LISA time paths: giddy's US income
example (its published LISA_Markov transitions, probabilities and steady state, and its live
results), giddy's Rose test values, and three regions in a row worked by hand."""

from __future__ import annotations

import libpysal
import numpy as np
import pandas as pd
import pytest

from helpers import dynamics, spatial


def us_income() -> tuple[pd.DataFrame, libpysal.weights.W]:
    """libpysal example 'us_income': per-capita income of the 48 states 1929–2009 (usjoin.csv), the
    rows in the order of states48.gal, as giddy's tests and docs use them."""
    f = libpysal.io.open(libpysal.examples.get_path("usjoin.csv"))
    years = list(range(1929, 2010))
    pci = np.array([f.by_col[str(y)] for y in years]).transpose()
    w = libpysal.io.open(libpysal.examples.get_path("states48.gal")).read()
    return pd.DataFrame(pci, index=w.id_order, columns=years), w


# giddy 2.3.6 tests/test_markov.py::test_LISA_Markov (and the LISA_Markov docstring)
GIDDY_TRANSITIONS = [[1087, 44, 4, 34], [41, 470, 36, 1], [5, 34, 1422, 39], [30, 1, 40, 552]]
GIDDY_P = [[0.92985458, 0.03763901, 0.00342173, 0.02908469],
           [0.07481752, 0.85766423, 0.06569343, 0.00182482],
           [0.00333333, 0.02266667, 0.948, 0.026],
           [0.04815409, 0.00160514, 0.06420546, 0.88603531]]
GIDDY_STEADY_STATE = [0.28561505, 0.14190226, 0.40493672, 0.16754598]


def test_lisa_markov_equals_giddys_published_values():
    values, w = us_income()
    result = dynamics.lisa_markov(values, w)
    assert list(result["counts"].index) == list(result["counts"].columns) == ["HH", "LH", "LL", "HL"]
    assert result["counts"].to_numpy().tolist() == GIDDY_TRANSITIONS
    assert result["probabilities"].to_numpy() == pytest.approx(np.array(GIDDY_P), abs=1e-8)
    assert result["steady_state"].to_numpy() == pytest.approx(GIDDY_STEADY_STATE, abs=1e-8)
    assert result["quadrants"].shape == (48, 81)


def test_lisa_markov_equals_giddy_run_live_and_leaves_w_alone():
    from giddy.markov import LISA_Markov

    values, w = us_income()
    before = w.transform
    result = dynamics.lisa_markov(values, w)
    assert w.transform == before                                  # the module's copy is row-standardised, not w
    lm = LISA_Markov(values.to_numpy(), w)
    assert np.array_equal(result["counts"].to_numpy(), lm.transitions)
    assert np.allclose(result["probabilities"].to_numpy(), lm.p, rtol=0, atol=1e-15)
    # quadrants: giddy's q (1 HH, 2 LH, 3 LL, 4 HL) for every state and year
    codes = {"HH": 1, "LH": 2, "LL": 3, "HL": 4}
    assert np.array_equal(result["quadrants"].replace(codes).to_numpy(dtype=int), lm.q)


# Rey's type of every one of giddy's 16 move types (TT[q1, q2] = 4 (q1 − 1) + q2 with 1 HH, 2 LH,
# 3 LL, 4 HL), written out from the definitions: own side H/L and neighbourhood side H/L
#   HH→HH 0, HH→LH I (own), HH→LL IIIA (both down), HH→HL II (neighbours)
#   LH→HH I, LH→LH 0, LH→LL II, LH→HL IIIB (own up, neighbours down)
#   LL→HH IIIA, LL→LH II, LL→LL 0, LL→HL I
#   HL→HH II, HL→LH IIIB, HL→LL I, HL→HL 0
REY_TYPE_OF_GIDDY_MOVE = {1: "0", 2: "I", 3: "IIIA", 4: "II", 5: "I", 6: "0", 7: "II", 8: "IIIB",
                          9: "IIIA", 10: "II", 11: "0", 12: "I", 13: "II", 14: "IIIB", 15: "I", 16: "0"}


def test_space_time_transitions_on_giddys_example():
    from giddy.markov import LISA_Markov

    values, w = us_income()
    result = dynamics.space_time_transitions(values, w)
    summary = result["summary"]
    # from giddy's published transition matrix: type 0 is the diagonal 1087 + 470 + 1422 + 552 = 3531;
    # I: HH→LH 44 + LH→HH 41 + LL→HL 39 + HL→LL 40 = 164; II: HH→HL 34 + LH→LL 36 + LL→LH 34 + HL→HH 30 = 134;
    # IIIA: HH→LL 4 + LL→HH 5 = 9; IIIB: LH→HL 1 + HL→LH 1 = 2; 48 states × 80 intervals = 3840 moves
    assert summary["count"].tolist() == [3531, 164, 134, 9, 2]
    assert summary["share"].to_numpy() == pytest.approx(np.array([3531, 164, 134, 9, 2]) / 3840)
    # and move by move against giddy's move_types (regions × intervals)
    lm = LISA_Markov(values.to_numpy(), w)
    expected = np.vectorize(REY_TYPE_OF_GIDDY_MOVE.get)(lm.move_types).ravel()
    assert result["moves"]["type"].tolist() == expected.tolist()
    assert result["moves"].iloc[0][["region_code", "year_from", "year_to"]].tolist() == ["0", 1929, 1930]
    assert result["moves"]["year_from"].dtype == np.int64                 # years stay numbers, for merging


def line():
    """Three regions in a row: a – b – c."""
    return libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"]})


def test_three_regions_by_hand():
    # mean 3 every year; sign of z = sign of (x − 3); lag of z ∝ (mean of the neighbours − 3):
    #   2020 x = (1, 2, 6): z −, −, +;  lags b = 2, (1 + 6)/2 = 3.5, b = 2 → −, +, −  → LL, LH, HL
    #   2021 x = (6, 2, 1): z +, −, −;  lags 2, 3.5, 2 → −, +, −                     → HL, LH, LL
    #   2022 x = (2, 6, 1): z −, +, −;  lags 6, 1.5, 6 → +, −, +                     → LH, HL, LH
    values = pd.DataFrame({2020: [1.0, 2, 6], 2021: [6.0, 2, 1], 2022: [2.0, 6, 1]}, index=["a", "b", "c"])
    markov = dynamics.lisa_markov(values, line())
    assert markov["quadrants"].to_numpy().tolist() == [["LL", "HL", "LH"], ["LH", "LH", "HL"], ["HL", "LL", "LH"]]
    # moves: a LL→HL, HL→LH; b LH→LH, LH→HL; c HL→LL, LL→LH
    assert markov["counts"].to_numpy().tolist() == [[0, 0, 0, 0], [0, 1, 0, 1], [0, 1, 0, 1], [0, 1, 1, 0]]
    assert markov["probabilities"].loc["HH"].isna().all()         # never in HH: no probability, not 0
    assert markov["probabilities"].loc["HL"].tolist() == [0, 0.5, 0.5, 0]
    assert markov["steady_state"].isna().all()
    moves = dynamics.space_time_transitions(values, line())
    # a: I (own L→H), IIIB (own H→L, neighbours L→H); b: 0, IIIB; c: I, II
    assert moves["moves"]["type"].tolist() == ["I", "IIIB", "0", "IIIB", "I", "II"]
    assert moves["summary"].to_dict("index") == {"0": {"count": 1, "share": 1 / 6}, "I": {"count": 2, "share": 2 / 6},
                                                 "II": {"count": 1, "share": 1 / 6}, "IIIA": {"count": 0, "share": 0.0},
                                                 "IIIB": {"count": 2, "share": 2 / 6}}


def test_quadrant_names_agree_with_the_lisa_of_notebook_09():
    assert tuple(spatial.QUADRANTS[k] for k in (1, 2, 3, 4)) == dynamics.QUADRANT_ORDER
    assert [dynamics.transition_type(a, b) for a in dynamics.QUADRANT_ORDER for b in dynamics.QUADRANT_ORDER] == \
        [REY_TYPE_OF_GIDDY_MOVE[k] for k in range(1, 17)]


def test_time_paths_by_hand():
    # values as given (standardize=False); lags a ← b, b ← (a + c)/2, c ← b:
    #   2020 x = (1, 2, 3): lags (2, 2, 2);  2021 x = (3, 2, 1): lags (2, 2, 2);  2022 x = (2, 4, 0): lags (4, 1, 4)
    # a: (1, 2) → (3, 2) → (2, 4): ℓ = 2 + √5, δ = √5, τ = (2 + √5)/√5, angle atan2(2, 1) = 63.4349°
    # b: (2, 2) → (2, 2) → (4, 1): ℓ = √5, δ = √5, τ = 1, angle atan2(−1, 2) = 333.4349°
    # c: (3, 2) → (1, 2) → (0, 4): ℓ = 2 + √5, δ = √13, τ = (2 + √5)/√13, angle atan2(2, −3) = 146.3099°
    # Σℓ = 4 + 3√5; Γ_a = Γ_c = 3(2 + √5)/(4 + 3√5), Γ_b = 3√5/(4 + 3√5)
    values = pd.DataFrame({2020: [1.0, 2, 3], 2021: [3.0, 2, 1], 2022: [2.0, 4, 0]}, index=["a", "b", "c"])
    paths = dynamics.lisa_time_paths(values, line(), standardize=False).set_index("region_code")
    r5, total = np.sqrt(5), 4 + 3 * np.sqrt(5)
    assert paths["path_length"].tolist() == pytest.approx([2 + r5, r5, 2 + r5])
    assert paths["displacement"].tolist() == pytest.approx([r5, r5, np.sqrt(13)])
    assert paths["tortuosity"].tolist() == pytest.approx([(2 + r5) / r5, 1.0, (2 + r5) / np.sqrt(13)])
    assert paths["relative_length"].tolist() == pytest.approx([3 * (2 + r5) / total, 3 * r5 / total, 3 * (2 + r5) / total])
    assert paths["relative_length"].mean() == pytest.approx(1.0)
    assert paths["angle"].tolist() == pytest.approx([np.degrees(np.arctan2(2, 1)), 360 + np.degrees(np.arctan2(-1, 2)),
                                                     np.degrees(np.arctan2(2, -3))])
    # standardised paths are the paths of the values z-scored per year (population σ) by hand
    x = values.to_numpy()
    z = pd.DataFrame((x - x.mean(axis=0)) / x.std(axis=0), index=values.index, columns=values.columns)
    pd.testing.assert_frame_equal(dynamics.lisa_time_paths(values, line()),
                                  dynamics.lisa_time_paths(z, line(), standardize=False))


def test_a_path_back_to_its_start_and_a_region_that_never_moves():
    # a goes (1, 2) → (3, 2) → (1, 2): δ = 0, τ = ∞, no angle; in 2020 and 2022 everything is the same
    values = pd.DataFrame({2020: [1.0, 2, 3], 2021: [3.0, 2, 1], 2022: [1.0, 2, 3]}, index=["a", "b", "c"])
    paths = dynamics.lisa_time_paths(values, line(), standardize=False).set_index("region_code")
    assert paths.loc["a", "tortuosity"] == np.inf and np.isnan(paths.loc["a", "angle"])
    assert paths.loc["b", "path_length"] == 0 and np.isnan(paths.loc["b", "tortuosity"])


def test_time_path_displacements_and_angles_equal_giddys_rose():
    # giddy tests/test_directional.py: state incomes relative to the US 1969 and 2008 (spi_download.csv),
    # states48.gal row-standardised; with k = 4 sectors the counts of LISA vectors are [32, 5, 9, 2].
    from giddy.directional import Rose

    with open(libpysal.examples.get_path("spi_download.csv")) as f:
        lines = [line.strip().split(",") for line in f.readlines()]
    names = [line[2] for line in lines[1:-5]]
    data = np.array([list(map(int, line[3:])) for line in lines[1:-5]])
    out = ['"United States 3/"', '"Alaska 3/"', '"District of Columbia"', '"Hawaii 3/"', '"New England"',
           '"Mideast"', '"Great Lakes"', '"Plains"', '"Southeast"', '"Southwest"', '"Rocky Mountain"', '"Far West 3/"']
    states = data[[names.index(n) for n in names if n not in out], :]
    rel = states / (data[0] * 1.0)
    w = libpysal.io.open(libpysal.examples.get_path("states48.gal")).read()
    w.transform = "r"
    Y = rel[:, [0, -1]]
    paths = dynamics.lisa_time_paths(pd.DataFrame(Y, index=w.id_order, columns=[1969, 2008]), w, standardize=False)
    counts, _ = np.histogram(paths["angle"], bins=[0, 90, 180, 270, 360])
    assert counts.tolist() == [32, 5, 9, 2]
    rose = Rose(Y, w, k=4)
    assert paths["displacement"].to_numpy() == pytest.approx(rose.r, rel=1e-12)
    assert paths["angle"].to_numpy() == pytest.approx(np.degrees(np.mod(rose.theta, 2 * np.pi)), abs=1e-9)
    assert paths["tortuosity"].tolist() == pytest.approx([1.0] * 48)        # two years: every path is straight


def test_bad_inputs_are_named():
    values = pd.DataFrame({2020: [1.0, 2, 6], 2021: [6.0, 2, 1]}, index=["a", "b", "c"])
    with pytest.raises(ValueError, match="no values for region\\(s\\) c of the weights"):
        dynamics.lisa_markov(values.iloc[:2], line())
    with pytest.raises(ValueError, match="region\\(s\\) d are not in the weights"):
        dynamics.lisa_markov(pd.concat([values, values.iloc[[0]].rename(index={"a": "d"})]), line())
    holed = values.copy()
    holed.loc["b", 2021] = np.nan
    with pytest.raises(ValueError, match="missing or infinite values: b in 2021"):
        dynamics.space_time_transitions(holed, line())
    flat = values.copy()
    flat[2021] = 5.0
    with pytest.raises(ValueError, match="same value in 2021"):
        dynamics.lisa_markov(flat, line())
    with pytest.raises(ValueError, match="increasing order"):
        dynamics.lisa_markov(values[[2021, 2020]], line())
    with pytest.raises(ValueError, match="at least two years"):
        dynamics.lisa_time_paths(values[[2020]], line())
    island = libpysal.weights.W({"a": ["b"], "b": ["a"], "c": []}, silence_warnings=True)
    with pytest.raises(ValueError, match="region\\(s\\) c have no neighbour"):
        dynamics.lisa_markov(values, island)
    with pytest.raises(ValueError, match="unknown quadrant"):
        dynamics.transition_type("HH", "MM")
