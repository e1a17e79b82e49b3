"""Spatial weights and spatial statistics of regional values, on the libraries of the field.

* Weights (libpysal): queen contiguity (regions sharing a border or a corner; rook: a border), a
  region without any neighbour gets its nearest neighbour (centroid distance in an equal-area
  projection), then row-standardised: w_ij = 1/k_i for the k_i neighbours of region i.
* Global Moran's I (esda): I = (n / S0) · Σ_i Σ_j w_ij z_i z_j / Σ_i z_i², z_i = x_i − x̄, with
  E[I] = −1/(n − 1), the z-value and p under normality, and a two-sided permutation p from random
  permutations of the values.
* Local Moran (LISA): I_i = (n − 1) z_i Σ_j w_ij z_j / Σ_j z_j² (as esda computes it), quadrant
  HH, LH, LL, HL from the signs of z_i and of its spatial lag, p by conditional permutation
  (region i fixed, the others shuffled).
* Getis–Ord Gi* (Ord and Getis 1995; esda ``G_Local(star=True)``) with binary weights and the
  region itself included (w_ii = 1): the standardised sum of the values in the neighbourhood of i;
  hot spot when z > 0 and p ≤ α, cold spot when z < 0.
* Weighted mean centre (x̄ = Σ v_i x_i / Σ v_i) and standard deviational ellipse: the principal
  axes of the value-weighted covariance of the centroids, the angle of the major axis clockwise
  from north (an azimuth in [0°, 180°)); in the China Albers equal-area projection. The axes follow
  one of two conventions: Yuill (1971), σ = √λ of the eigenvalues, or ArcGIS's Directional
  Distribution tool, which multiplies them by √2 so that one standard deviation of two-dimensional
  data is covered (ArcGIS 10.7 help, "How Directional Distribution works": adjustment factor 1.41).
  ArcGIS is the default because the papers one compares with use it; its axes are 1.41 times and its
  areas twice Yuill's.

The statistics come from esda; their p-values are computed here (:mod:`helpers.methods.inference`:
ties on both sides, two-sided, exact where every neighbour set can be listed, undefined where the
neighbourhood cannot vary), by conditional randomisation in numpy: esda's own randomisation
compiles numba code for about 15 s in every new process (every notebook kernel), ten times the rest
of notebook 09, and counts ties on one side only. One draw of neighbour sets serves every region
whose sets are too many to list, as in esda.

Small samples: a province of 8–13 regions gives these tests little power. :func:`attainable_p`
gives, for each region, the smallest p its neighbourhood can produce at all, and
:func:`moran_power` the share of samples in which a given spatial dependence would be detected by
the test actually used.
"""

from __future__ import annotations

import contextlib
import itertools
import warnings
from math import comb

import numpy as np
import pandas as pd

from . import inference

# China Albers equal-area (standard parallels 25° N and 47° N, central meridian 105° E)
CHINA_ALBERS = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
CONTIGUITY = ("queen", "rook")
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
SPOT_CLASSES = ("hot", "cold", "not significant", "undefined")
# why a local test does not exist (the column ``undefined`` of the LISA and Gi* tables; empty: it does)
UNDEFINED_BORDERS_ALL = "borders_all"         # the region borders every other one: its neighbourhood cannot vary
UNDEFINED_NO_VARIATION = "no_variation"       # every permutation gives the observed value (e.g. a value at the mean)
UNDEFINED_NO_NEIGHBOURS = "no_neighbours"
ELLIPSE_AXES = {"arcgis": np.sqrt(2.0), "yuill": 1.0}   # factor applied to √λ


def contiguity_weights(frame, kind: str = "queen"):
    """Row-standardised contiguity weights of the polygons of ``frame`` (index = region codes).

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        One polygon per region, indexed by region code, in any CRS.
    kind : str, default "queen"
        ``queen`` (shared border or corner) or ``rook`` (shared border).

    Returns
    -------
    tuple
        (libpysal W, row-standardised; list of the regions that had no contiguous neighbour and were
        given their nearest one).

    Examples
    --------
    Three squares in a row: the middle one has two neighbours, so each weighs 1/2.

    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> squares = gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
    ...                            index=["a", "b", "c"], crs="EPSG:3857")
    >>> w, islands = contiguity_weights(squares)
    >>> dict(w["b"]), islands
    ({'a': 0.5, 'c': 0.5}, [])
    """
    import libpysal

    if kind not in CONTIGUITY:
        raise ValueError(f"unknown contiguity {kind!r}: use one of {', '.join(CONTIGUITY)}")
    ids = [str(i) for i in frame.index]
    builder = libpysal.weights.Queen if kind == "queen" else libpysal.weights.Rook
    w = builder.from_dataframe(frame.reset_index(drop=True), ids=ids, use_index=False, silence_warnings=True)
    neighbours = {k: list(v) for k, v in w.neighbors.items()}
    islands = [i for i in ids if not neighbours[i]]
    if islands:
        centroids = frame.to_crs(CHINA_ALBERS).geometry.centroid if frame.crs is not None and frame.crs.is_geographic \
            else frame.geometry.centroid
        xy = np.column_stack([centroids.x.to_numpy(), centroids.y.to_numpy()])
        for island in islands:
            i = ids.index(island)
            distance = np.hypot(*(xy - xy[i]).T)
            distance[i] = np.inf
            nearest = ids[int(np.argmin(distance))]
            neighbours[island].append(nearest)
            neighbours[nearest].append(island)   # symmetric, so that the pair is a link in both directions
    w = libpysal.weights.W({k: sorted(set(v)) for k, v in neighbours.items()}, id_order=ids, silence_warnings=True)
    w.transform = "r"
    return w, islands


def knn_weights(x: pd.Series, y: pd.Series, k: int = 6):
    """Row-standardised k-nearest-neighbour weights of points (projected coordinates, index = region
    codes): w_ij = 1/k for the k regions nearest to i (libpysal ``KNN``), for regions given as points.

    Examples
    --------
    Four points on a line, k = 1: each region's nearest neighbour.

    >>> w = knn_weights(pd.Series([0.0, 1.0, 3.0, 7.0], index=list("abcd")), pd.Series(0.0, index=list("abcd")), k=1)
    >>> {i: list(w.neighbors[i]) for i in w.id_order}
    {'a': ['b'], 'b': ['a'], 'c': ['b'], 'd': ['c']}
    """
    import libpysal

    if not 1 <= k < len(x):
        raise ValueError(f"k = {k} nearest neighbours need between 2 and {len(x)} regions")
    ids = [str(i) for i in x.index]
    knn = libpysal.weights.KNN(np.column_stack([x.to_numpy(dtype=float), y.reindex(x.index).to_numpy(dtype=float)]), k=k)
    w = libpysal.weights.W({ids[i]: [ids[j] for j in knn.neighbors[i]] for i in range(len(ids))}, id_order=ids,
                           silence_warnings=True)
    w.transform = "r"
    return w


def weights_table(w, islands: list[str] | None = None) -> pd.DataFrame:
    """The weights as a tidy edge list: region_code, neighbour, weight, link (contiguity | nearest).

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a"]})
    >>> weights_table(w)
      region_code neighbour  weight        link
    0           a         b     1.0  contiguity
    1           b         a     1.0  contiguity
    """
    islands = set(islands or [])
    rows = [(i, j, float(weight), "nearest" if i in islands or j in islands else "contiguity")
            for i in w.id_order for j, weight in zip(w.neighbors[i], w.weights[i], strict=True)]
    return pd.DataFrame(rows, columns=["region_code", "neighbour", "weight", "link"])


def weights_from_table(table: pd.DataFrame, ids: list[str]):
    """Rebuild the row-standardised W of :func:`weights_table` (for notebooks that reuse it).

    Examples
    --------
    >>> t = pd.DataFrame({"region_code": ["a", "b"], "neighbour": ["b", "a"], "weight": 1.0, "link": "contiguity"})
    >>> dict(weights_from_table(t, ["a", "b"])["a"])
    {'b': 1.0}
    """
    import libpysal

    neighbours = {i: [] for i in ids}
    weights = {i: [] for i in ids}
    for r in table.itertuples(index=False):
        neighbours[str(r.region_code)].append(str(r.neighbour))
        weights[str(r.region_code)].append(float(r.weight))
    w = libpysal.weights.W(neighbours, weights, id_order=list(ids), silence_warnings=True)
    w.transform = "r"
    return w


def _copy_r(w, transform: str = "r"):
    """A copy of ``w`` with ``transform`` (esda changes the transform of the W it is given)."""
    import libpysal

    copy = libpysal.weights.W(w.neighbors, id_order=w.id_order, silence_warnings=True)
    copy.transform = transform
    return copy


@contextlib.contextmanager
def _quiet():
    """esda's notice that its conditional-randomisation default will change, and 0/0 in its own
    simulated z-values, say nothing about our results (we report its folded pseudo p)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _aligned(values: pd.Series, w) -> np.ndarray:
    missing = [i for i in w.id_order if i not in values.index]
    if missing:
        raise ValueError(f"no value for region(s) {', '.join(missing)}")
    y = values.reindex(w.id_order).to_numpy(dtype=float)
    if np.isnan(y).any() or np.std(y) == 0:
        raise ValueError("spatial statistics need a value for every region and some variation")
    return y


def global_moran(values: pd.Series, w, permutations: int = 999, seed: int = 0) -> pd.Series:
    """Global Moran's I of ``values`` (indexed by region code) with weights ``w``.

    The weights are row-standardised inside, as esda does by default, whatever transform ``w``
    carries. Returns ``I``, ``expected_I``, ``z`` and ``p_norm`` (normal approximation, two-sided),
    ``p_sim`` (permutation p, two-sided with ties on both sides, from ``permutations`` draws with
    ``seed``; see :mod:`helpers.methods.inference`) and
    ``sim_low``/``sim_high``, the central 95 % of the permuted I.

    Examples
    --------
    On a 3 × 3 lattice (rook), values rising from one corner to the other: z = value − 2 is
    (−2, −1, 0, −1, 0, 1, 0, 1, 2), Σz² = 12, and the products z_i · (mean z of the neighbours) are
    2, 2/3, 0, 2/3, 0, 2/3, 0, 2/3, 2, summing to 20/3; with S0 = n = 9, I = (20/3)/12 = 5/9:

    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> w = libpysal.weights.W(w.neighbors, id_order=list(range(9)))
    >>> values = pd.Series([0, 1, 2, 1, 2, 3, 2, 3, 4], index=range(9), dtype=float)
    >>> result = global_moran(values, w, permutations=99)
    >>> round(float(result["I"]), 6), round(float(result["expected_I"]), 6)
    (0.555556, -0.125)
    """
    import esda

    y = _aligned(values, w)
    state = np.random.get_state()   # esda's Moran permutes with numpy's global generator
    np.random.seed(seed)
    try:
        mi = esda.Moran(y, _copy_r(w), transformation="r", permutations=permutations, two_tailed=True)
    finally:
        np.random.set_state(state)
    band = np.quantile(mi.sim, [0.025, 0.975]) if permutations else (np.nan, np.nan)
    p_sim = inference.two_sided_p(np.array([mi.I]), mi.sim[None, :])[0] if permutations else np.nan
    return pd.Series({"I": mi.I, "expected_I": mi.EI, "z": mi.z_norm, "p_norm": mi.p_norm,
                      "p_sim": p_sim, "sim_low": band[0], "sim_high": band[1]})


def conditional_draws(n: int, size: int, permutations: int, seed: int) -> np.ndarray:
    """``permutations`` random sets of ``size`` distinct positions among n − 1 (the other regions).

    Examples
    --------
    >>> d = conditional_draws(5, 2, 3, seed=0)
    >>> d.shape, bool((d[:, 0] != d[:, 1]).all()), int(d.max()) <= 3
    ((3, 2), True, True)
    """
    keys = np.random.default_rng(seed).random((permutations, n - 1))
    return np.argpartition(keys, size - 1, axis=1)[:, :size] if size else np.empty((permutations, 0), dtype=int)


def distinct_neighbourhoods(n: int, k: int) -> int:
    """C(n − 1, k): how many different sets of k neighbours a conditional permutation can give a region.

    Examples
    --------
    >>> distinct_neighbourhoods(8, 3), distinct_neighbourhoods(6, 5)
    (35, 1)
    """
    return comb(n - 1, k)


def _local_tests(values: np.ndarray, w, permutations: int, seed: int, statistic) -> tuple[np.ndarray, list[str]]:
    """Two-sided conditional-permutation p of a local statistic for every region, and why a test is undefined.

    ``statistic(i, drawn, weights_i)`` turns neighbour values (m × k_i) into m values of region i's
    statistic; the observed value is the same function of the actual neighbours. A region whose
    C(n − 1, k_i) distinct neighbour sets number at most ``permutations`` (and whose weights are
    equal, so that a set and not its order matters) gets the exact p over all of them; the others
    get the p of ``permutations`` random sets, one draw shared by every region, as in esda. See
    :mod:`helpers.methods.inference` for the rules.
    """
    n = len(values)
    k = np.array([len(w.neighbors[i]) for i in w.id_order])
    draws = conditional_draws(n, int(k.max()), permutations, seed)
    p = np.ones(n)
    undefined = [""] * n
    for pos, region in enumerate(w.id_order):
        size = int(k[pos])
        if not size:
            undefined[pos] = UNDEFINED_NO_NEIGHBOURS
            continue
        weights_i = np.asarray(w.weights[region], dtype=float)
        neighbours = [w.id_order.index(j) for j in w.neighbors[region]]
        observed = statistic(pos, values[neighbours][None, :], weights_i)
        others = np.delete(values, pos)
        if distinct_neighbourhoods(n, size) <= permutations and np.allclose(weights_i, weights_i[0]):
            sets = np.array(list(itertools.combinations(range(n - 1), size)))
            simulated = statistic(pos, others[sets], weights_i)
            p[pos] = inference.exact_two_sided_p(float(observed[0]), simulated)
        else:
            simulated = statistic(pos, others[draws[:, :size]], weights_i)
            p[pos] = inference.two_sided_p(observed, simulated[None, :])[0]
        if inference.degenerate(observed, simulated[None, :])[0]:
            p[pos] = 1.0
            undefined[pos] = UNDEFINED_BORDERS_ALL if size == n - 1 else UNDEFINED_NO_VARIATION
    return p, undefined


def local_moran(values: pd.Series, w, permutations: int = 999, seed: int = 0,
                alpha: float = inference.ALPHA) -> pd.DataFrame:
    """LISA of every region: region_code, Is, quadrant (HH, LH, LL, HL), p_sim (two-sided), significant,
    significant_fdr (Benjamini–Hochberg over the regions), attainable_p and undefined (why no test exists).

    Examples
    --------
    On the lattice of :func:`global_moran`, the corners: I_0 = 8 · (−2)(−1) / 12 = 4/3 (LL) and
    I_8 = 8 · 2 · 1 / 12 = 4/3 (HH):

    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> w = libpysal.weights.W(w.neighbors, id_order=list(range(9)))
    >>> values = pd.Series([0, 1, 2, 1, 2, 3, 2, 3, 4], index=range(9), dtype=float)
    >>> lisa = local_moran(values, w, permutations=99).iloc[[0, 8]]
    >>> lisa["Is"].round(4).tolist(), lisa["quadrant"].tolist()
    ([1.3333, 1.3333], ['LL', 'HH'])
    """
    import esda

    y = _aligned(values, w)
    wr = _copy_r(w)
    with _quiet():
        lisa = esda.Moran_Local(y, wr, transformation="r", permutations=0)
    z = y - y.mean()
    return _local_moran_table(lisa, z, z, wr, w, permutations, seed, alpha)


def _with_significance(frame: pd.DataFrame, p: str, undefined: list[str], alpha: float,
                       attainable: pd.Series) -> pd.DataFrame:
    """Add significant (p ≤ α, defined tests only), significant_fdr, attainable_p and undefined."""
    defined = np.array([not u for u in undefined])
    frame["significant"] = (frame[p].to_numpy() <= alpha) & defined
    frame["significant_fdr"] = inference.fdr_significant(np.where(defined, frame[p].to_numpy(), np.nan), alpha)
    frame["attainable_p"] = attainable.reindex(frame["region_code"]).to_numpy()
    frame["undefined"] = undefined
    return frame


def bivariate_moran(x: pd.Series, y: pd.Series, w, permutations: int = 999, seed: int = 0) -> pd.Series:
    """Bivariate Moran's I of ``x`` with the spatial lag of ``y`` (esda ``Moran_BV``, row-standardised W):
    I = Σ_i z_x,i Σ_j w_ij z_y,j / (n − 1), z the values standardised with the sample standard
    deviation (so z'z = n − 1). Returns I, expected_I and z (the mean of the permuted I and the
    distance from it in their standard deviations: esda gives bivariate I no analytical moments),
    p_sim (two-sided permutation p, y permuted over the regions, ties on both sides) and
    sim_low/sim_high (the central 95 % of the permuted I).

    Examples
    --------
    A variable with itself gives the univariate Moran's I of :func:`global_moran` (5/9 on its lattice):
    Σ z_i (Wz)_i = 20/3 and the standardised z'z = n − 1, so I = (20/3)/(12/8)/8 = 5/9.

    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> w = libpysal.weights.W(w.neighbors, id_order=list(range(9)))
    >>> v = pd.Series([0, 1, 2, 1, 2, 3, 2, 3, 4], index=range(9), dtype=float)
    >>> round(float(bivariate_moran(v, v, w, permutations=99)["I"]), 6)
    0.555556
    """
    import esda

    wr = _copy_r(w)
    with _quiet():
        bv = esda.Moran_BV(_aligned(x, w), _aligned(y, w), wr, transformation="r", permutations=0)
    n = len(bv.zx)
    if not permutations:
        return pd.Series({"I": bv.I, "expected_I": np.nan, "z": np.nan, "p_sim": np.nan, "sim_low": np.nan,
                          "sim_high": np.nan})
    shuffled = bv.zy[np.argsort(np.random.default_rng(seed).random((permutations, n)), axis=1)]   # P × n
    simulated = np.asarray(wr.sparse @ shuffled.T).T @ bv.zx / (n - 1.0)
    mean, sd = simulated.mean(), simulated.std()
    return pd.Series({"I": bv.I, "expected_I": mean, "z": (bv.I - mean) / sd if sd > 0 else np.nan,
                      "p_sim": inference.two_sided_p(np.array([bv.I]), simulated[None, :])[0],
                      "sim_low": np.quantile(simulated, 0.025), "sim_high": np.quantile(simulated, 0.975)})


def bivariate_local_moran(x: pd.Series, y: pd.Series, w, permutations: int = 999, seed: int = 0,
                          alpha: float = inference.ALPHA) -> pd.DataFrame:
    """Bivariate LISA of every region (esda ``Moran_Local_BV``): I_i = (n − 1) z_x,i Σ_j w_ij z_y,j / Σ z_x²,
    quadrant HH (high x among neighbours of high y), LH, LL, HL; tested by conditional permutation (x_i
    fixed, the neighbours' y drawn from the other regions) with the rules of :func:`local_moran`.
    Columns as :func:`local_moran`: region_code, Is, quadrant, p_sim, significant, significant_fdr,
    attainable_p, undefined.
    """
    import esda

    zx_raw, zy_raw = _aligned(x, w), _aligned(y, w)
    wr = _copy_r(w)
    with _quiet():
        lisa = esda.Moran_Local_BV(zx_raw, zy_raw, wr, transformation="r", permutations=0)
    zx, zy = np.asarray(lisa.zx, dtype=float), np.asarray(lisa.zy, dtype=float)
    return _local_moran_table(lisa, zx, zy, wr, w, permutations, seed, alpha)


def _local_moran_table(lisa, zx: np.ndarray, zy: np.ndarray, wr, w, permutations: int, seed: int,
                       alpha: float) -> pd.DataFrame:
    """Is and quadrant of esda's ``lisa`` with this module's conditional p: I_i = (n − 1) zx_i Σ_j w_ij zy_j / Σ zx²,
    the neighbours' zy drawn without region i (zx = zy for the univariate statistic)."""
    n, denominator = len(zx), (zx**2).sum()
    p, undefined = _local_tests(zy, wr, permutations, seed,
                                lambda i, drawn, wi: (n - 1) * zx[i] * (drawn @ wi) / denominator)
    return _with_significance(pd.DataFrame({"region_code": list(w.id_order), "Is": lisa.Is,
                                            "quadrant": [QUADRANTS[int(q)] for q in lisa.q], "p_sim": p}),
                              "p_sim", undefined, alpha, attainable_p(w, permutations))


def hot_spots(values: pd.Series, w, permutations: int = 999, seed: int = 0,
              alpha: float = inference.ALPHA) -> pd.DataFrame:
    """Getis–Ord Gi* of every region: region_code, z, p (two-sided permutation), class (hot | cold | not
    significant | undefined), significant, significant_fdr, attainable_p and undefined.

    A region whose neighbourhood (itself included) is the whole province has G* = 1 whatever the
    values: its z is undefined (zero variance) and so is its test.

    Examples
    --------
    On the lattice of :func:`global_moran`, G*_0 = (0 + 1 + 1)/18 and G*_8 = (4 + 3 + 3)/18, the
    lowest and the highest neighbourhood sums:

    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> w = libpysal.weights.W(w.neighbors, id_order=list(range(9)))
    >>> values = pd.Series([0, 1, 2, 1, 2, 3, 2, 3, 4], index=range(9), dtype=float)
    >>> spots = hot_spots(values, w, permutations=99)
    >>> bool(spots["z"].iloc[8] > 0), bool(spots["z"].iloc[0] < 0)
    (True, True)
    """
    import esda

    y = _aligned(values, w)
    wb = _copy_r(w, "b")
    with _quiet():  # binary weights: esda sets w_ii = 1 for Gi*
        g = esda.G_Local(y, wb, transform="B", permutations=0, star=True)
    total = y.sum()
    p, undefined = _local_tests(y, wb, permutations, seed, lambda i, drawn, wi: (y[i] + drawn @ wi) / total)
    z = np.asarray(g.Zs, dtype=float)
    undefined = [u or (UNDEFINED_BORDERS_ALL if not np.isfinite(zi) else "") for u, zi in zip(undefined, z, strict=True)]
    frame = _with_significance(pd.DataFrame({"region_code": list(w.id_order), "z": z, "p": p}), "p", undefined,
                               alpha, attainable_p(w, permutations))
    frame.insert(3, "class", np.where(frame["undefined"] != "", "undefined",
                                      np.where(frame["significant"], np.where(z > 0, "hot", "cold"), "not significant")))
    return frame


def attainable_p(w, permutations: int = 999) -> pd.Series:
    """The smallest two-sided p a region's local statistic can reach: min(1, 2/min(C(n − 1, k_i), P + 1)).

    A conditional permutation draws the k_i neighbours of region i from the n − 1 other values; there
    are only C(n − 1, k_i) distinct draws, the observed one among them, so no smaller tail below
    1/C(n − 1, k_i) can occur; random draws add the floor 1/(P + 1). A region that borders every
    other one (C = 1) can reach nothing below 1.

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b"], "b": ["a", "c"], "c": ["b"], "d": ["c"]}, silence_warnings=True)
    >>> attainable_p(w).round(4).tolist()
    [0.6667, 0.6667, 0.6667, 0.6667]
    """
    n = w.n
    return pd.Series({i: min(1.0, 2 / min(distinct_neighbourhoods(n, k), permutations + 1)) if k else 1.0
                      for i, k in w.cardinalities.items()}, name="attainable_p").reindex(w.id_order)


def moran_power(w, rho: float = 0.5, reps: int = 1000, alpha: float = inference.ALPHA, permutations: int = 999,
                seed: int = 0) -> float:
    """Share of samples from a spatial autoregressive process y = (I − ρW)⁻¹ε, ε ~ N(0, 1), in which
    the test this project uses (Moran's I against ``permutations`` random permutations, two-sided p ≤
    ``alpha``) rejects the null of no autocorrelation.

    ``rho = 0`` gives the size of the test (about ``alpha``). One set of permutations serves every
    sample; with row-standardised W, I = (n/S0) z'Wz / z'z and S0 = n.

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.lat2W(3, 3)
    >>> 0.0 < moran_power(w, rho=0.0, reps=400, permutations=199) < 0.1
    True
    """
    from scipy import sparse
    from scipy.sparse.linalg import splu

    w = _copy_r(w)
    W = sparse.csc_matrix(w.sparse)
    n = w.n
    rng = np.random.default_rng(seed)
    y = splu(sparse.identity(n, format="csc") - rho * W).solve(rng.standard_normal((n, reps)))
    order = np.argsort(rng.random((permutations, n)), axis=1)
    rejected = 0
    for r in range(reps):
        z = y[:, r] - y[:, r].mean()
        zz = z @ z
        observed = np.array([z @ (W @ z) / zz])
        shuffled = z[order]                                   # permutations × n
        simulated = np.einsum("pi,ip->p", shuffled, W @ shuffled.T) / zz
        rejected += int(inference.two_sided_p(observed, simulated[None, :])[0] <= alpha)
    return rejected / reps


def power_replications(n: int) -> int:
    """Samples for :func:`moran_power`: 1,000 up to 100 regions, fewer beyond (at least 100), where
    each sample costs more and the power is close to 1 anyway.

    Examples
    --------
    >>> power_replications(13), power_replications(300), power_replications(2851)
    (1000, 333, 100)
    """
    return max(100, min(1000, 100_000 // n))


def mean_centre_ellipse(x: np.ndarray, y: np.ndarray, weights: np.ndarray, axes: str = "arcgis") -> dict[str, float]:
    """Weighted mean centre and standard deviational ellipse of points (projected coordinates).

    Returns x, y (the centre), sigma_major, sigma_minor (the standard distances along the axes, in
    the units of x and y, by the convention ``axes``: ``arcgis`` or ``yuill``, see the module
    docstring) and angle (of the major axis, degrees clockwise from north, in [0, 180)).

    Examples
    --------
    Four points of equal weight on a north–east diagonal and its perpendicular: the major axis
    points north-east (45°), Yuill's σ_major = √((2·(√2)² + 0) / 4) = 1, σ_minor = √((2·(√0.5)²) / 4)
    = 0.5; ArcGIS's are √2 times these.

    >>> x, y = np.array([1.0, -1.0, 0.5, -0.5]), np.array([1.0, -1.0, -0.5, 0.5])
    >>> e = mean_centre_ellipse(x, y, np.ones(4), axes="yuill")
    >>> {k: round(float(v), 6) for k, v in e.items()}
    {'x': 0.0, 'y': 0.0, 'sigma_major': 1.0, 'sigma_minor': 0.5, 'angle': 45.0}
    >>> round(mean_centre_ellipse(x, y, np.ones(4))["sigma_major"], 6)
    1.414214
    """
    if axes not in ELLIPSE_AXES:
        raise ValueError(f"unknown ellipse axes {axes!r}: use one of {', '.join(ELLIPSE_AXES)}")
    x, y, v = (np.asarray(a, dtype=float) for a in (x, y, weights))
    total = v.sum()
    if not total > 0:
        raise ValueError("the weights of the mean centre must have a positive sum")
    cx, cy = (v * x).sum() / total, (v * y).sum() / total
    dx, dy = x - cx, y - cy
    cov = np.array([[(v * dx * dx).sum(), (v * dx * dy).sum()], [(v * dx * dy).sum(), (v * dy * dy).sum()]]) / total
    values, vectors = np.linalg.eigh(cov)          # ascending eigenvalues
    major = vectors[:, 1]
    angle = np.degrees(np.arctan2(major[0], major[1])) % 180.0   # clockwise from north (the y axis)
    factor = ELLIPSE_AXES[axes]
    return {"x": cx, "y": cy, "sigma_major": float(factor * np.sqrt(max(values[1], 0.0))),
            "sigma_minor": float(factor * np.sqrt(max(values[0], 0.0))), "angle": float(angle)}


def _values_of(measures: pd.DataFrame, measure: str, year: int) -> pd.Series:
    part = measures[(measures["measure"] == measure) & (measures["year"] == year)]
    return part.set_index("region_code")["value"]


def moran_table(measures: pd.DataFrame, w, permutations: int = 999, seed: int = 0) -> pd.DataFrame:
    """Global Moran's I of every measure in every year (measures: region_code, year, measure, value).

    Returns year, measure, I, expected_I, z, p_norm, p_sim and the central 95 % of the permuted I
    (sim_low, sim_high). Each year uses the same ``seed``, so a rerun gives the same p-values.
    """
    rows = [{"year": int(year), "measure": measure, **global_moran(_values_of(measures, measure, year), w,
                                                                   permutations, seed).to_dict()}
            for measure in dict.fromkeys(measures["measure"]) for year in sorted(measures["year"].unique())]
    return pd.DataFrame(rows)


def local_table(measures: pd.DataFrame, w, years: list[int], permutations: int = 999, seed: int = 0,
                alpha: float = inference.ALPHA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """LISA and Gi* of every measure in ``years``: (lisa: region_code, year, measure and the columns of
    :func:`local_moran`), (hot spots: region_code, year, measure and the columns of :func:`hot_spots`).
    The false discovery rate is controlled within each measure and year."""
    lisa, spots = [], []
    for measure in dict.fromkeys(measures["measure"]):
        for year in years:
            values = _values_of(measures, measure, year)
            lisa.append(local_moran(values, w, permutations, seed, alpha).assign(year=int(year), measure=measure))
            spots.append(hot_spots(values, w, permutations, seed, alpha).assign(year=int(year), measure=measure))
    order = ["region_code", "year", "measure"]
    lisa_frame = pd.concat(lisa, ignore_index=True)
    spots_frame = pd.concat(spots, ignore_index=True)
    return (lisa_frame[order + [c for c in lisa_frame.columns if c not in order]],
            spots_frame[order + [c for c in spots_frame.columns if c not in order]])


def bivariate_tables(measures: pd.DataFrame, w, pairs: list[tuple[str, str]], local_years: list[int],
                     permutations: int = 999, seed: int = 0,
                     alpha: float = inference.ALPHA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bivariate Moran's I of every pair (x, y) of measures in every year, and the bivariate LISA in
    ``local_years``: (year, x, y and the values of :func:`bivariate_moran`), (region_code, year, x, y and
    the columns of :func:`bivariate_local_moran`). Every test uses the same ``seed``, as
    :func:`moran_table` does, and the false discovery rate is controlled within each pair and year."""
    years = sorted(int(y) for y in measures["year"].unique())
    glob = [{"year": year, "x": x, "y": y, **bivariate_moran(_values_of(measures, x, year), _values_of(measures, y, year),
                                                              w, permutations, seed).to_dict()}
            for x, y in pairs for year in years]
    local = [bivariate_local_moran(_values_of(measures, x, year), _values_of(measures, y, year), w, permutations, seed,
                                   alpha).assign(year=year, x=x, y=y)
             for x, y in pairs for year in local_years]
    order = ["region_code", "year", "x", "y"]
    frame = pd.concat(local, ignore_index=True)
    return pd.DataFrame(glob), frame[order + [c for c in frame.columns if c not in order]]


def centre_table(measures: pd.DataFrame, x: pd.Series, y: pd.Series, axes: str = "arcgis") -> pd.DataFrame:
    """Mean centre and ellipse (``axes``: see :func:`mean_centre_ellipse`) of every measure and year,
    each region weighted by its value.

    ``x`` and ``y`` are the projected coordinates (metres) of the regions' centroids, indexed by code.
    """
    rows = []
    for (measure, year), part in measures.groupby(["measure", "year"], sort=False):
        values = part.set_index("region_code")["value"]
        rows.append({"year": int(year), "measure": measure,
                     **mean_centre_ellipse(x.reindex(values.index), y.reindex(values.index), values, axes)})
    return pd.DataFrame(rows)


def lag(values: pd.Series, w) -> np.ndarray:
    """The spatial lag Σ_j w_ij x_j of every region (row-standardised: the mean of its neighbours).

    Examples
    --------
    >>> import libpysal
    >>> w = libpysal.weights.W({"a": ["b", "c"], "b": ["a"], "c": ["a"]})
    >>> lag(pd.Series({"a": 1.0, "b": 2.0, "c": 4.0}), w).tolist()
    [3.0, 1.0, 1.0]
    """
    import libpysal

    return libpysal.weights.lag_spatial(_copy_r(w), _aligned(values, w))


def centroids(frame) -> tuple[pd.Series, pd.Series]:
    """Centroids of the regions (index = region codes) in the China Albers projection, in metres."""
    points = frame.to_crs(CHINA_ALBERS).geometry.centroid
    return pd.Series(points.x.to_numpy(), index=frame.index), pd.Series(points.y.to_numpy(), index=frame.index)


def projected_points(points: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """x and y (China Albers, metres) of points given as region_code, lon, lat (WGS84), by region code.

    Examples
    --------
    >>> x, y = projected_points(pd.DataFrame({"region_code": ["a"], "lon": [105.0], "lat": [0.0]}))
    >>> round(float(x["a"]), 3), round(float(y["a"]), 3)
    (0.0, 0.0)
    """
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", CHINA_ALBERS, always_xy=True).transform(points["lon"].to_numpy(dtype=float),
                                                                                    points["lat"].to_numpy(dtype=float))
    index = pd.Index(points["region_code"].astype(str), name="region_code")
    return pd.Series(x, index=index), pd.Series(y, index=index)


def with_lonlat(centres: pd.DataFrame) -> pd.DataFrame:
    """``centres`` (x, y in China Albers) with the longitude and latitude of each centre (WGS84)."""
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(CHINA_ALBERS, "EPSG:4326", always_xy=True).transform(centres["x"].to_numpy(),
                                                                                         centres["y"].to_numpy())
    out = centres.copy()
    out.insert(out.columns.get_loc("y") + 1, "lon", lon)
    out.insert(out.columns.get_loc("lon") + 1, "lat", lat)
    return out
