"""One set of rules for every permutation test and every family of local tests in the project.

* **Ties count on both sides.** A draw that equals the observed statistic (up to a relative
  tolerance of 1e-9, so that the same sum added in another order still ties) is counted as "at least
  as large" *and* as "at least as small". With few neighbours, repeated values or a region that
  borders every other one, many draws tie; counting them on one side only (esda's rule) lets the
  smaller tail collapse to 1/(P + 1) and makes a region significant whose statistic cannot vary.
* **Two-sided p.** p = min(1, 2 · (1 + min(#{sim ≥ obs}, #{sim ≤ obs})) / (P + 1)) for P random
  draws (Davison and Hinkley 1997, §4.2: the observed value counts as one of the draws, so p is never
  below 2/(P + 1)); a local statistic whose draws can all be listed uses all of them instead and gets
  the exact p, min(1, 2 · min(#{≥}, #{≤}) / C) over the C distinct draws, the observed one among
  them, so p is never below 2/C. A test called significant at α = 0.05 compares this p with α: on
  independent data it flags about 5 % of the units (esda and GeoDa report the smaller tail alone,
  the "folded" pseudo p, which compared with 0.05 is a test at 10 %).
* **One-sided p** for statistics that can only be too large (the q of the geographical detector):
  p = (1 + #{sim ≥ obs})/(P + 1), ties included.
* **Undefined tests.** When every draw ties with the observed value (a region that borders all the
  others: its neighbourhood is the same in every permutation), the permutation distribution has a
  single point and there is no test: p is reported as 1 and the result as undefined, never as
  significant.
* **Many local tests at once.** Beside each raw result, the Benjamini–Hochberg (1995) false
  discovery rate: the largest k with p_(k) ≤ k α / m, the m tests being the defined ones of one
  measure and year (GeoDa's "FDR" option; esda's ``fdr``).
"""

from __future__ import annotations

import numpy as np

ALPHA = 0.05                # the level every test of the project is reported at
TIE_TOLERANCE = 1e-9        # relative: |sim − obs| ≤ 1e-9 · max(1, |obs|) is a tie


def _ties(observed: np.ndarray, simulated: np.ndarray) -> np.ndarray:
    return TIE_TOLERANCE * np.maximum(1.0, np.abs(observed))[:, None]


def tail_counts(observed, simulated) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the draws at least as large and at least as small as the observed value (ties in both).

    Examples
    --------
    >>> tail_counts(np.array([5.0]), np.array([[1.0, 5.0, 5.0, 8.0]]))
    (array([3]), array([3]))
    """
    observed = np.asarray(observed, dtype=float)
    simulated = np.asarray(simulated, dtype=float)
    tol = _ties(observed, simulated)
    upper = (simulated >= observed[:, None] - tol).sum(axis=1)
    lower = (simulated <= observed[:, None] + tol).sum(axis=1)
    return upper, lower


def two_sided_p(observed, simulated) -> np.ndarray:
    """min(1, 2 · (1 + smaller tail count)/(P + 1)) for each row of ``simulated`` (P random draws).

    Examples
    --------
    3 of 9 draws at least as large as 5, 6 at least as small: 2 · (1 + 3)/10.

    >>> two_sided_p(np.array([5.0]), np.array([[1, 2, 3, 4, 4, 4, 6, 7, 8.0]])).tolist()
    [0.8]

    Every draw ties (a neighbourhood that cannot change): p = 1, not 1/(P + 1).

    >>> two_sided_p(np.array([2.0]), np.full((1, 99), 2.0)).tolist()
    [1.0]
    """
    simulated = np.asarray(simulated, dtype=float)
    upper, lower = tail_counts(observed, simulated)
    return np.minimum(1.0, 2 * (1.0 + np.minimum(upper, lower)) / (simulated.shape[1] + 1.0))


def exact_two_sided_p(observed: float, distribution) -> float:
    """min(1, 2 · min(#{≥ obs}, #{≤ obs})/C) over all C equally likely values of the statistic
    (the observed one among them).

    Examples
    --------
    The observed value is the largest of 7 distinct values: 2 · 1/7.

    >>> round(exact_two_sided_p(7.0, np.arange(1.0, 8.0)), 6)
    0.285714
    """
    distribution = np.asarray(distribution, dtype=float)[None, :]
    upper, lower = tail_counts(np.array([observed]), distribution)
    return float(min(1.0, 2 * min(upper[0], lower[0]) / distribution.shape[1]))


def upper_p(observed, simulated) -> np.ndarray:
    """(1 + #{sim ≥ obs})/(P + 1), ties included, for a statistic that only a real effect makes large.

    Examples
    --------
    >>> upper_p(np.array([0.5]), np.array([[0.1, 0.5, 0.7, 0.2]])).tolist()
    [0.6]
    """
    simulated = np.asarray(simulated, dtype=float)
    upper, _ = tail_counts(observed, simulated)
    return (1.0 + upper) / (simulated.shape[1] + 1.0)


def degenerate(observed, simulated) -> np.ndarray:
    """True for the rows whose draws all tie with the observed value: the test is undefined there.

    Examples
    --------
    >>> degenerate(np.array([1.0, 1.0]), np.array([[1.0, 1.0], [1.0, 2.0]])).tolist()
    [True, False]
    """
    simulated = np.asarray(simulated, dtype=float)
    upper, lower = tail_counts(observed, simulated)
    return (upper == simulated.shape[1]) & (lower == simulated.shape[1])


def fdr_significant(p, alpha: float = ALPHA) -> np.ndarray:
    """Benjamini–Hochberg: which of the p-values are significant at false discovery rate ``alpha``.

    NaN p-values (undefined tests) are left out of the family and are never significant.

    Examples
    --------
    m = 4: the cut-offs are 0.0125, 0.025, 0.0375, 0.05; the second smallest p (0.02) is below its
    cut-off, so the two smallest are significant although 0.02 > 0.05/4.

    >>> fdr_significant([0.01, 0.02, 0.30, 0.04]).tolist()
    [True, True, False, False]
    """
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(p, dtype=float)
    out = np.zeros(len(p), dtype=bool)
    defined = ~np.isnan(p)
    if defined.any():
        out[defined] = multipletests(p[defined], alpha=alpha, method="fdr_bh")[0]
    return out
