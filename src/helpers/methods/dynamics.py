"""How regions move between coordination types: Markov chains of the grades of D (PySAL ``giddy``).

* Classes: the ten grades of D merged into k contiguous bands (:func:`grade_bands`); with an even k
  the imbalanced grades 1–5 and the coordinated grades 6–10 are never mixed in one band.
* Classic Markov chain: n_ij transitions from class i in year t to class j in year t + 1, pooled over
  regions and years; p_ij = n_ij / n_i; the steady state π solves π P = π (only when every class is
  left at least once, otherwise P has an empty row and no unique steady state, giddy issue #32).
* Spatial Markov (Rey 2001): the same transitions counted separately for each class of the spatial
  lag of D (the mean D of the neighbours, classed by the same bands) at the start of the transition.

Small samples: a province of 8 regions over 10 years gives 72 transitions in all, split over k rows
(and k conditional matrices for the spatial chain). Every probability is reported beside its count,
and rows with fewer than :data:`MIN_TRANSITIONS` transitions are flagged, not interpreted.

LISA dynamics, on the Moran scatter plot of every year (:func:`moran_scatter`): z_it = (x_it − x̄_t)/σ_t
(σ the population standard deviation over the regions, as esda's ``Moran_Local``) against its
spatial lag Σ_j w_ij z_jt (weights row-standardised). Quadrant HH when z > 0 and lag > 0, LH
(z ≤ 0, lag > 0), LL, HL (z > 0, lag ≤ 0): a value exactly at the mean counts as L, as in esda.

* LISA Markov chain (Rey 2001; giddy ``LISA_Markov``): transitions between the quadrants HH, LH, LL,
  HL (giddy's order) from year t to t + 1, pooled over regions and years.
* Space–time transitions (Rey 2001, Geographical Analysis 33(3): 195–214; Type III split as in Ye
  and Rey 2013, Annals of Regional Science 50(1): 315–339): type 0 neither the region nor its
  neighbourhood changes side (HH→HH …); I only the region (HH↔LH, LL↔HL); II only the
  neighbourhood (HH↔HL, LH↔LL); IIIA both, in the same direction (HH↔LL); IIIB both, in
  opposite directions (LH↔HL). The share of type 0 is what papers call space–time cohesion.
* LISA time paths (Rey, Murray and Anselin 2011, Letters in Spatial and Resource Sciences 4(1):
  81–90), with L_it the point (z_it, lag_it) and d the Euclidean distance: path length
  ℓ_i = Σ_t d(L_it, L_i,t+1); relative length Γ_i = n ℓ_i / Σ_j ℓ_j (1 = the average region);
  displacement δ_i = d(L_i1, L_iT); tortuosity τ_i = ℓ_i / δ_i (≥ 1; 1 = a straight path; ∞ when
  the path returns exactly to its start, NaN when the point never moves); angle of the net move
  atan2(Δlag, Δz) in degrees [0, 360), counter-clockwise from the z axis, as giddy's ``Rose``
  (0–90: the region and its neighbours both rise relative to the mean, 180–270: both fall; NaN
  without a net move).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_TRANSITIONS = 5   # a row of a transition matrix with fewer transitions is not interpreted
GRADES = tuple(range(1, 11))
QUADRANT_ORDER = ("HH", "LH", "LL", "HL")            # giddy's LISA_Markov classes 1, 2, 3, 4
TRANSITION_TYPES = ("0", "I", "II", "IIIA", "IIIB")  # Rey (2001), Ye and Rey (2013)


def grade_bands(k: int = 4) -> list[tuple[int, int]]:
    """The ten grades of D in ``k`` contiguous bands (first and last grade of each).

    Examples
    --------
    >>> grade_bands(4)
    [(1, 3), (4, 5), (6, 8), (9, 10)]
    >>> grade_bands(2), len(grade_bands(10))
    ([(1, 5), (6, 10)], 10)
    """
    if not 2 <= k <= 10:
        raise ValueError("markov_classes must lie between 2 and 10")
    if k % 2 == 0:   # imbalance (1–5) and coordination (6–10) kept apart
        parts = np.array_split(np.arange(1, 6), k // 2) + np.array_split(np.arange(6, 11), k // 2)
    else:
        parts = np.array_split(np.arange(1, 11), k)
    return [(int(p[0]), int(p[-1])) for p in parts]


def band_of(grades, bands: list[tuple[int, int]]) -> np.ndarray:
    """Band number (1 … k) of every grade.

    Examples
    --------
    >>> band_of([1, 3, 4, 6, 10], grade_bands(4)).tolist()
    [1, 1, 2, 3, 4]
    """
    grades = np.asarray(grades, dtype=int)
    lookup = np.zeros(11, dtype=int)
    for number, (low, high) in enumerate(bands, start=1):
        lookup[low:high + 1] = number
    return lookup[grades]


def band_cutoffs(bands: list[tuple[int, int]]) -> np.ndarray:
    """Upper bounds in D of every band but the last, just below the next grade's lower bound.

    A grade g covers [0.1(g − 1), 0.1 g); mapclassify's bins are closed on the right, so the cut
    point sits 1e-9 below the boundary, as :func:`helpers.methods.coupling.grade` rounds.

    Examples
    --------
    >>> band_cutoffs(grade_bands(4)).round(6).tolist()
    [0.3, 0.5, 0.8]
    """
    return np.array([high / 10 - 1e-9 for _, high in bands[:-1]])


@dataclass
class MarkovResult:
    counts: pd.DataFrame          # k × k transitions, rows = class at t, columns = class at t + 1
    probabilities: pd.DataFrame   # rows with no transition are NaN
    steady_state: pd.Series       # NaN when some class is never left (no unique steady state)

    @property
    def row_totals(self) -> pd.Series:
        return self.counts.sum(axis=1)

    @property
    def sparse_rows(self) -> list:
        """Classes with fewer than MIN_TRANSITIONS transitions out of them."""
        return [c for c, n in self.row_totals.items() if n < MIN_TRANSITIONS]


def steady_state(probabilities: np.ndarray) -> np.ndarray:
    """The distribution π with π P = π and Σ π = 1, or NaN when it is not unique (a chain with
    more than one closed class). Written here rather than imported from giddy.ergodic, whose import
    (through quantecon) takes seconds; the tests compare both on giddy's example.

    Examples
    --------
    >>> steady_state(np.array([[0.9, 0.1], [0.5, 0.5]])).round(4).tolist()
    [0.8333, 0.1667]
    >>> bool(np.isnan(steady_state(np.eye(2))).all())
    True
    """
    k = len(probabilities)
    system = np.vstack([probabilities.T - np.eye(k), np.ones(k)])
    if np.linalg.matrix_rank(system[:-1]) < k - 1:      # eigenvalue 1 repeated: no unique steady state
        return np.full(k, np.nan)
    target = np.r_[np.zeros(k), 1.0]
    return np.linalg.lstsq(system, target, rcond=None)[0]


def _result(counts: np.ndarray, labels: list) -> MarkovResult:
    totals = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        probabilities = np.where(totals > 0, counts / totals, np.nan)
    state = steady_state(probabilities) if (totals > 0).all() else np.full(len(labels), np.nan)
    return MarkovResult(pd.DataFrame(counts, index=labels, columns=labels),
                        pd.DataFrame(probabilities, index=labels, columns=labels), pd.Series(state, index=labels))


def from_counts(counts: pd.DataFrame) -> MarkovResult:
    """The chain of a k × k table of transition counts (e.g. read back from ``markov.csv``).

    Examples
    --------
    >>> from_counts(pd.DataFrame([[3, 1], [0, 4]], index=[1, 2], columns=[1, 2])).probabilities.values.tolist()
    [[0.75, 0.25], [0.0, 1.0]]
    """
    return _result(counts.to_numpy(dtype=float), list(counts.index))


def markov(classes: pd.DataFrame, labels: list | None = None) -> MarkovResult:
    """Classic Markov chain of a table of class labels (rows: regions, columns: years in order).

    Parameters
    ----------
    classes : pandas.DataFrame
        Class labels; every label must be in ``labels``.
    labels : list, optional
        All the classes, in order (default: the sorted labels that occur).

    Examples
    --------
    Two regions over three years: a stays in 1 twice; b moves 1 → 2 → 2.

    >>> result = markov(pd.DataFrame([[1, 1, 1], [1, 2, 2]], index=["a", "b"]), labels=[1, 2])
    >>> result.counts.values.tolist(), result.probabilities.round(4).values.tolist()
    ([[2.0, 1.0], [0.0, 1.0]], [[0.6667, 0.3333], [0.0, 1.0]])
    """
    from giddy.markov import Markov

    labels = list(labels) if labels is not None else sorted(pd.unique(classes.to_numpy().ravel()))
    position = {label: i for i, label in enumerate(labels)}
    unknown = set(pd.unique(classes.to_numpy().ravel())) - set(position)
    if unknown:
        raise ValueError(f"class label(s) {sorted(unknown)} are not among {labels}")
    codes = np.vectorize(position.get)(classes.to_numpy())
    chain = Markov(codes, classes=np.arange(len(labels)), summary=False)
    return _result(np.asarray(chain.transitions, dtype=float), labels)


def spatial_markov(values: pd.DataFrame, w, cutoffs: np.ndarray, labels: list) -> dict:
    """Spatial Markov chain of ``values`` (rows: regions in the order of ``w``, columns: years).

    Classes of the values and of their spatial lags use the same ``cutoffs`` (giddy's
    ``Spatial_Markov`` with user-defined cut points). Returns neighbour class → MarkovResult.
    """
    from giddy.markov import Spatial_Markov

    y = values.reindex(w.id_order).to_numpy(dtype=float)
    w.transform = "r"
    chain = Spatial_Markov(y, w, cutoffs=cutoffs, lag_cutoffs=cutoffs, fixed=True)
    return {labels[i]: _result(np.asarray(chain.T[i], dtype=float), labels) for i in range(len(labels))}


def enough_transitions(conditional: dict) -> bool:
    """True when every conditional matrix that occurs has at least MIN_TRANSITIONS in each row it uses."""
    used = [r for r in conditional.values() if r.counts.to_numpy().sum() > 0]
    return bool(used) and all(((r.row_totals == 0) | (r.row_totals >= MIN_TRANSITIONS)).all() and
                              (r.row_totals > 0).sum() >= 2 for r in used)


def markov_table(classic: MarkovResult, conditional: dict | None = None, estimated: bool = True) -> pd.DataFrame:
    """markov.csv: kind (classic | spatial), neighbour_class, from_class, to_class, count, probability.

    Spatial rows are written with their counts even when not ``estimated`` (probability left empty).
    """
    def rows(kind, neighbour, result, with_p=True):
        for f in result.counts.index:
            for t in result.counts.columns:
                yield (kind, neighbour, f, t, int(result.counts.loc[f, t]),
                       result.probabilities.loc[f, t] if with_p else np.nan)

    out = list(rows("classic", "", classic))
    for neighbour, result in (conditional or {}).items():
        out += list(rows("spatial", neighbour, result, estimated))
    return pd.DataFrame(out, columns=["kind", "neighbour_class", "from_class", "to_class", "count", "probability"])


def _scatter_inputs(values: pd.DataFrame, w) -> tuple[np.ndarray, list, list]:
    """Values in the order of ``w.id_order`` (regions × years), checked, and the ids and years."""
    if not isinstance(values, pd.DataFrame):
        raise ValueError("values must be a DataFrame of regions (rows) × years (columns)")
    ids = list(w.id_order)
    missing = [i for i in ids if i not in values.index]
    extra = [i for i in values.index if i not in set(ids)]
    if missing or extra:
        parts = ([f"no values for region(s) {', '.join(map(str, missing))} of the weights"] if missing else []) + \
                ([f"region(s) {', '.join(map(str, extra))} are not in the weights"] if extra else [])
        raise ValueError("; ".join(parts))
    if values.index.has_duplicates:
        raise ValueError(f"region(s) listed twice: {', '.join(map(str, values.index[values.index.duplicated()].unique()))}")
    years = list(values.columns)
    if len(years) < 2:
        raise ValueError("LISA dynamics need at least two years")
    if not (values.columns.is_unique and values.columns.is_monotonic_increasing):
        raise ValueError(f"the years (columns) must be unique and in increasing order, got {years}")
    y = values.reindex(ids).to_numpy(dtype=float)
    holes = ~np.isfinite(y)
    if holes.any():
        where = [f"{ids[i]} in {years[j]}" for i, j in zip(*np.nonzero(holes), strict=True)][:5]
        raise ValueError(f"missing or infinite values: {'; '.join(where)}")
    return y, ids, years


def _row_standardised(w) -> np.ndarray:
    full = np.asarray(w.full()[0], dtype=float)
    totals = full.sum(axis=1)
    islands = [str(i) for i, total in zip(w.id_order, totals, strict=True) if not total > 0]
    if islands:
        raise ValueError(f"region(s) {', '.join(islands)} have no neighbour: their spatial lag is undefined "
                         "(give them their nearest neighbour, as spatial.contiguity_weights does)")
    return full / totals[:, None]


def _scatter(values: pd.DataFrame, w, standardize: bool = True) -> tuple[np.ndarray, np.ndarray, list, list]:
    """(own, lag) coordinates, each regions × years, with the region ids and the years."""
    y, ids, years = _scatter_inputs(values, w)
    if standardize:
        sd = y.std(axis=0)
        flat = [str(years[j]) for j in np.flatnonzero(sd == 0)]
        if flat:
            raise ValueError(f"every region has the same value in {', '.join(flat)}: z = (x − mean)/σ is undefined")
        y = (y - y.mean(axis=0)) / sd
    return y, _row_standardised(w) @ y, ids, years


def _quadrant_codes(own: np.ndarray, lag: np.ndarray) -> np.ndarray:
    """0 HH, 1 LH, 2 LL, 3 HL (positions in QUADRANT_ORDER); z or lag ≤ 0 counts as L (esda)."""
    high, lag_high = own > 0, lag > 0
    return np.select([high & lag_high, ~high & lag_high, ~high & ~lag_high], [0, 1, 2], default=3)


def moran_scatter(values: pd.DataFrame, w, standardize: bool = True) -> pd.DataFrame:
    """Every region's point in the Moran scatter plot of every year, and its quadrant.

    Parameters
    ----------
    values : pandas.DataFrame
        Regions (rows, the ids of ``w``) × years (columns, increasing).
    w : libpysal.weights.W
        Spatial weights (row-standardised inside, ``w`` itself is not changed).
    standardize : bool, default True
        z-score every year (population σ) before taking the lag; False uses the values as given.

    Returns
    -------
    pandas.DataFrame
        region_code, year, z (the standardised value, or the value), lag, quadrant (HH, LH, LL, HL),
        regions in the order of ``w.id_order`` within each year.

    Examples
    --------
    Three regions in a row a – b – c with values 1, 2, 6 in 2020: z = (−2, −1, 3)/σ, σ = √(14/3);
    the lags are z_b, (z_a + z_c)/2 and z_b, i.e. (−1, 0.5, −1)/σ, so a is LL, b LH (its
    neighbours' mean is above average) and c HL; 2021 is the mirror image:

    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    >>> values = pd.DataFrame({2020: [1.0, 2.0, 6.0], 2021: [6.0, 2.0, 1.0]}, index=["a", "b", "c"])
    >>> moran_scatter(values, w)["quadrant"].tolist()
    ['LL', 'LH', 'HL', 'HL', 'LH', 'LL']
    """
    own, lag, ids, years = _scatter(values, w, standardize)
    codes = _quadrant_codes(own, lag)
    n, t = own.shape
    return pd.DataFrame({"region_code": np.tile(np.array(ids, dtype=object), t),
                         "year": np.repeat(pd.Index(years).to_numpy(), n),
                         "z": own.T.ravel(), "lag": lag.T.ravel(),
                         "quadrant": np.array(QUADRANT_ORDER, dtype=object)[codes.T.ravel()]})


def lisa_markov(values: pd.DataFrame, w) -> dict:
    """LISA Markov chain: transitions between the quadrants HH, LH, LL, HL (giddy's ``LISA_Markov``).

    Parameters
    ----------
    values : pandas.DataFrame
        Regions (rows, the ids of ``w``) × years (columns, increasing).
    w : libpysal.weights.W
        Spatial weights (row-standardised inside).

    Returns
    -------
    dict
        ``counts`` (4 × 4 DataFrame of int, rows = quadrant in t, columns = in t + 1, in the order of
        :data:`QUADRANT_ORDER`), ``probabilities`` (rows never left are NaN), ``steady_state``
        (NaN when not unique or some quadrant is never left) and ``quadrants`` (regions × years).

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    >>> values = pd.DataFrame({2020: [1.0, 2.0, 6.0], 2021: [6.0, 2.0, 1.0]}, index=["a", "b", "c"])
    >>> lisa_markov(values, w)["counts"].loc["LL"].tolist()      # a: LL → HL
    [0, 0, 0, 1]
    """
    own, lag, ids, years = _scatter(values, w)
    codes = _quadrant_codes(own, lag)
    counts = np.zeros((4, 4))
    np.add.at(counts, (codes[:, :-1].ravel(), codes[:, 1:].ravel()), 1)
    labels = list(QUADRANT_ORDER)
    result = _result(counts, labels)
    quadrants = pd.DataFrame(np.array(QUADRANT_ORDER, dtype=object)[codes], index=pd.Index(ids, name="region_code"),
                             columns=years)
    return {"counts": result.counts.astype(int), "probabilities": result.probabilities,
            "steady_state": result.steady_state, "quadrants": quadrants}



def quadrant_transitions(chain: dict) -> pd.DataFrame:
    """``lisa_markov.csv`` from :func:`lisa_markov`: one row per pair of quadrants (from_quadrant,
    to_quadrant, count, probability), in the order of :data:`QUADRANT_ORDER`.

    Examples
    --------
    >>> counts = pd.DataFrame(np.eye(4, dtype=int), index=list(QUADRANT_ORDER), columns=list(QUADRANT_ORDER))
    >>> quadrant_transitions({"counts": counts, "probabilities": counts.astype(float)}).iloc[:2].values.tolist()
    [['HH', 'HH', 1, 1.0], ['HH', 'LH', 0, 0.0]]
    """
    counts = chain["counts"].stack().rename("count")
    probabilities = chain["probabilities"].stack(future_stack=True).rename("probability")
    table = pd.concat([counts, probabilities], axis=1).rename_axis(["from_quadrant", "to_quadrant"]).reset_index()
    return table.astype({"count": int})

# Rey's type of a move between quadrants (positions in QUADRANT_ORDER: 0 HH, 1 LH, 2 LL, 3 HL)
_OWN_HIGH = np.array([True, False, False, True])
_LAG_HIGH = np.array([True, True, False, False])


def transition_type(origin: str, destination: str) -> str:
    """Rey's type of a move from quadrant ``origin`` to ``destination`` (one of :data:`TRANSITION_TYPES`).

    Examples
    --------
    >>> [transition_type("HH", q) for q in QUADRANT_ORDER]
    ['0', 'I', 'IIIA', 'II']
    >>> transition_type("LH", "HL"), transition_type("HL", "LL")
    ('IIIB', 'I')
    """
    unknown = [q for q in (origin, destination) if q not in QUADRANT_ORDER]
    if unknown:
        raise ValueError(f"unknown quadrant(s) {', '.join(map(repr, unknown))}: use {', '.join(QUADRANT_ORDER)}")
    a, b = QUADRANT_ORDER.index(origin), QUADRANT_ORDER.index(destination)
    return TRANSITION_TYPES[int(_type_codes(np.array([a]), np.array([b]))[0])]


def _type_codes(origin: np.ndarray, destination: np.ndarray) -> np.ndarray:
    """Positions in TRANSITION_TYPES of the moves origin → destination (quadrant positions)."""
    own_moves = _OWN_HIGH[origin] != _OWN_HIGH[destination]
    lag_moves = _LAG_HIGH[origin] != _LAG_HIGH[destination]
    together = (_OWN_HIGH[destination] == _LAG_HIGH[destination])   # both moved: HH or LL at the end = same direction
    return np.select([~own_moves & ~lag_moves, own_moves & ~lag_moves, ~own_moves & lag_moves, together],
                     [0, 1, 2, 3], default=4)


def space_time_transitions(values: pd.DataFrame, w) -> dict:
    """Counts and shares of Rey's space–time transition types (module docstring); ``values`` and ``w``
    as for :func:`lisa_markov`.

    Returns
    -------
    dict
        ``summary``: DataFrame indexed by type (:data:`TRANSITION_TYPES`, all five, zero counts
        included) with ``count`` and ``share``; ``moves``: one row per region and interval —
        region_code, year_from, year_to, quadrant_from, quadrant_to, type.

    Examples
    --------
    Three regions in a row, three years (the quadrants of :func:`moran_scatter`): a moves LL → HL
    (type I) → LH (IIIB), b LH → LH (0) → HL (IIIB), c HL → LL (I) → LH (II):

    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    >>> values = pd.DataFrame({2020: [1.0, 2.0, 6.0], 2021: [6.0, 2.0, 1.0], 2022: [2.0, 6.0, 1.0]},
    ...                       index=["a", "b", "c"])
    >>> space_time_transitions(values, w)["summary"]["count"].tolist()
    [1, 2, 1, 0, 2]
    """
    own, lag, ids, years = _scatter(values, w)
    codes = _quadrant_codes(own, lag)
    origin, destination = codes[:, :-1], codes[:, 1:]
    types = _type_codes(origin.ravel(), destination.ravel())
    n, intervals = origin.shape
    labels = np.array(QUADRANT_ORDER, dtype=object)
    moves = pd.DataFrame({"region_code": np.repeat(np.array(ids, dtype=object), intervals),
                          "year_from": np.tile(pd.Index(years[:-1]).to_numpy(), n),
                          "year_to": np.tile(pd.Index(years[1:]).to_numpy(), n),
                          "quadrant_from": labels[origin.ravel()], "quadrant_to": labels[destination.ravel()],
                          "type": np.array(TRANSITION_TYPES, dtype=object)[types]})
    count = np.bincount(types, minlength=len(TRANSITION_TYPES))
    summary = pd.DataFrame({"count": count, "share": count / count.sum()},
                           index=pd.Index(list(TRANSITION_TYPES), name="type"))
    return {"summary": summary, "moves": moves}


def lisa_time_paths(values: pd.DataFrame, w, standardize: bool = True) -> pd.DataFrame:
    """Length, relative length, displacement, tortuosity and angle of every region's LISA time path;
    ``values`` and ``w`` as for :func:`moran_scatter`.

    Parameters
    ----------
    standardize : bool, default True
        Paths of (z, lag z) with z standardised per year; False: of (x, lag x) as given (giddy's
        ``Rose`` takes the values as given).

    Returns
    -------
    pandas.DataFrame
        region_code, path_length ℓ, relative_length Γ, displacement δ, tortuosity τ, angle (degrees),
        in the order of ``w.id_order`` (definitions in the module docstring).

    Examples
    --------
    Three regions in a row, values as given: a's points are (1, 2) → (3, 2) → (2, 4), so ℓ = 2 + √5,
    δ = √5 and τ = (2 + √5)/√5 = 1.8944; b moves once, straight: τ = 1.

    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"]})
    >>> values = pd.DataFrame({2020: [1.0, 2.0, 3.0], 2021: [3.0, 2.0, 1.0], 2022: [2.0, 4.0, 0.0]},
    ...                       index=["a", "b", "c"])
    >>> lisa_time_paths(values, w, standardize=False)[["tortuosity", "angle"]].round(4)
       tortuosity     angle
    0      1.8944   63.4349
    1      1.0000  333.4349
    2      1.1749  146.3099
    """
    own, lag, ids, _ = _scatter(values, w, standardize)
    steps = np.hypot(np.diff(own, axis=1), np.diff(lag, axis=1))
    length = steps.sum(axis=1)
    total = length.sum()
    if not total > 0:
        raise ValueError("no region moves in the scatter plot over these years: relative lengths are 0/0")
    d_own, d_lag = own[:, -1] - own[:, 0], lag[:, -1] - lag[:, 0]
    displacement = np.hypot(d_own, d_lag)
    with np.errstate(divide="ignore", invalid="ignore"):
        tortuosity = np.where(length > 0, length / displacement, np.nan)
    angle = np.where(displacement > 0, np.degrees(np.arctan2(d_lag, d_own)) % 360.0, np.nan)
    return pd.DataFrame({"region_code": ids, "path_length": length, "relative_length": len(ids) * length / total,
                         "displacement": displacement, "tortuosity": tortuosity, "angle": angle})
