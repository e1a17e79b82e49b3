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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_TRANSITIONS = 5   # a row of a transition matrix with fewer transitions is not interpreted
GRADES = tuple(range(1, 11))


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
