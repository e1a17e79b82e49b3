"""Regional comparison: rankings, dispersion and σ-convergence, clusters of regions.

* Dispersion per year over the regions: mean μ, population standard deviation σ (ddof = 0, the
  regions are the whole population of the province), coefficient of variation CV = σ/μ and the
  max/min ratio. σ-convergence: the CV falls over time (least-squares slope of CV on the year < 0).
* Clusters: Ward hierarchical clustering of the regions' standardised trajectories (each year's
  value a feature, z-scored over regions), k chosen by the mean silhouette among 2 … min(6, n − 1),
  and k-means with the same k as a check of stability (adjusted Rand index between the partitions).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.cluster.vq import kmeans2
from scipy.spatial.distance import pdist, squareform

KMEANS_SEED = 20240601
KMEANS_STARTS = 25


def long_measures(coupling: pd.DataFrame, scores: pd.DataFrame, systems: list[str] | None = None) -> pd.DataFrame:
    """D and each system score (in the order of ``systems``) as one long table: region_code, year, measure, value.

    Examples
    --------
    >>> c = pd.DataFrame({"region_code": ["r"], "year": [2020], "D": [0.6]})
    >>> s = pd.DataFrame({"region_code": ["r"], "year": [2020], "system": ["RR"], "score": [0.4]})
    >>> long_measures(c, s)["measure"].tolist()
    ['D', 'RR']
    """
    d = coupling[["region_code", "year", "D"]].rename(columns={"D": "value"}).assign(measure="D")
    s = scores.rename(columns={"system": "measure", "score": "value"})
    out = pd.concat([d, s[["region_code", "year", "measure", "value"]]], ignore_index=True)
    order = ["D"] + (systems or sorted(s["measure"].unique()))
    out["position"] = out["measure"].map({m: i for i, m in enumerate(order)})
    out = out.sort_values(["position", "region_code", "year"], kind="mergesort").drop(columns="position")
    return out[["region_code", "year", "measure", "value"]].reset_index(drop=True)


def ranking(measures: pd.DataFrame) -> pd.DataFrame:
    """Rank of every region per year and measure (1 = highest) beside the provincial mean.

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b", "c"], "year": 2020, "measure": "D", "value": [0.3, 0.6, 0.9]})
    >>> ranking(m)[["region_code", "rank", "provincial_mean"]].values.tolist()
    [['c', 1, 0.6], ['b', 2, 0.6], ['a', 3, 0.6]]
    """
    out = measures.copy()
    grouped = out.groupby(["year", "measure"])["value"]
    out["rank"] = grouped.rank(ascending=False, method="min").astype(int)
    out["provincial_mean"] = grouped.transform("mean")
    out["diff_from_mean"] = out["value"] - out["provincial_mean"]
    order = {m: i for i, m in enumerate(dict.fromkeys(measures["measure"]))}
    out = out.assign(position=out["measure"].map(order)).sort_values(["position", "year", "rank", "region_code"], kind="mergesort")
    return out.drop(columns="position").reset_index(drop=True)


def rank_changes(ranks: pd.DataFrame) -> pd.DataFrame:
    """Rank in the first and last year and the change (positive = moved up).

    Examples
    --------
    >>> ranks = pd.DataFrame({"measure": "D", "region_code": ["a", "b", "a", "b"], "year": [2020, 2020, 2021, 2021],
    ...                       "rank": [2, 1, 1, 2]})
    >>> rank_changes(ranks)[["region_code", "change"]].values.tolist()
    [['a', 1], ['b', -1]]
    """
    first, last = ranks["year"].min(), ranks["year"].max()
    wide = ranks[ranks["year"].isin([first, last])].pivot(index=["measure", "region_code"], columns="year", values="rank")
    wide.columns = ["rank_first", "rank_last"]
    wide["change"] = wide["rank_first"] - wide["rank_last"]
    return wide.reset_index()


def group_means(measures: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Mean of each measure per region group and year (regions without a group are left out).

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b", "c"], "year": 2020, "measure": "D", "value": [0.2, 0.4, 0.9]})
    >>> regions = pd.DataFrame({"region_code": ["a", "b", "c"], "group": ["east", "east", ""]})
    >>> group_means(m, regions)[["group", "mean"]].values.tolist()
    [['east', 0.30000000000000004]]
    """
    groups = regions.set_index("region_code")["group"]
    tagged = measures.assign(group=measures["region_code"].map(groups))
    tagged = tagged[tagged["group"].fillna("") != ""]
    return tagged.groupby(["group", "year", "measure"], sort=True)["value"].mean().rename("mean").reset_index()


def dispersion(measures: pd.DataFrame) -> pd.DataFrame:
    """Per year and measure: mean, population σ, CV = σ/μ, max/min ratio, number of regions.

    Examples
    --------
    Values 1 and 3: μ = 2, σ = 1 (population), CV = 0.5:

    >>> m = pd.DataFrame({"region_code": ["a", "b"], "year": 2020, "measure": "D", "value": [1.0, 3.0]})
    >>> dispersion(m)[["mean", "std", "cv", "max_min_ratio"]].values.tolist()
    [[2.0, 1.0, 0.5, 3.0]]
    """
    g = measures.groupby(["year", "measure"], sort=False)["value"]
    out = pd.DataFrame({"mean": g.mean(), "std": g.std(ddof=0), "min": g.min(), "max": g.max(), "n": g.size()})
    out["cv"] = out["std"] / out["mean"]
    out["max_min_ratio"] = out["max"] / out["min"]
    out = out.reset_index()[["year", "measure", "n", "mean", "std", "cv", "max_min_ratio"]]
    return out.sort_values("year", kind="mergesort").reset_index(drop=True)


def sigma_convergence(disp: pd.DataFrame) -> pd.DataFrame:
    """Least-squares slope of the CV on the year per measure; a negative slope is σ-convergence.

    Examples
    --------
    >>> disp = pd.DataFrame({"measure": "D", "year": [2020, 2021, 2022], "cv": [0.5, 0.4, 0.3]})
    >>> row = sigma_convergence(disp).iloc[0]
    >>> round(float(row["slope_per_year"]), 6), bool(row["converging"])
    (-0.1, True)
    """
    rows = []
    for measure, part in disp.groupby("measure", sort=False):
        slope = np.polyfit(part["year"].to_numpy(float), part["cv"].to_numpy(float), 1)[0]
        rows.append({"measure": measure, "cv_first": part["cv"].iloc[0], "cv_last": part["cv"].iloc[-1],
                     "slope_per_year": slope, "converging": bool(slope < 0)})
    return pd.DataFrame(rows)


def standardized_trajectories(measures: pd.DataFrame, measure_names: list[str]) -> pd.DataFrame:
    """Regions × (measure, year) matrix, each column z-scored over the regions (constant columns dropped).

    Examples
    --------
    >>> m = pd.DataFrame({"region_code": ["a", "b"], "year": 2020, "measure": "D", "value": [1.0, 3.0]})
    >>> standardized_trajectories(m, ["D"]).to_numpy().ravel().tolist()
    [-1.0, 1.0]
    """
    wide = measures[measures["measure"].isin(measure_names)].pivot(index="region_code", columns=["measure", "year"], values="value")
    sd = wide.std(ddof=0)
    wide = wide.loc[:, sd > 0]
    return (wide - wide.mean()) / wide.std(ddof=0)


def silhouette(X: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (Rousseeuw 1987) with Euclidean distances; a singleton cluster scores 0.

    Examples
    --------
    Two tight, distant pairs: a = 0.1, b ≈ 10, so s ≈ 0.99 for every point:

    >>> X = np.array([[0.0], [0.1], [10.0], [10.1]])
    >>> round(silhouette(X, np.array([1, 1, 2, 2])), 4)
    0.99
    """
    labels = np.asarray(labels)
    distances = squareform(pdist(X))
    clusters = np.unique(labels)
    if len(clusters) < 2:
        raise ValueError("the silhouette needs at least two clusters")
    member = labels[:, None] == clusters[None, :]                 # n × k
    sizes = member.sum(axis=0)
    totals = distances @ member                                   # n × k: sum of distances to each cluster
    own = member.argmax(axis=1)
    own_size = sizes[own]
    a = np.where(own_size > 1, totals[np.arange(len(X)), own] / np.maximum(own_size - 1, 1), 0.0)
    others = np.where(member, np.inf, totals / sizes)
    b = others.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(s.mean())


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) of two partitions: 1 identical, ≈ 0 by chance.

    Examples
    --------
    >>> adjusted_rand_index([1, 1, 2, 2], [2, 2, 1, 1])
    1.0
    """
    table = pd.crosstab(np.asarray(a), np.asarray(b)).to_numpy()
    n = table.sum()

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else float((index - expected) / (maximum - expected))


def _relabel_by(labels: np.ndarray, order_values: pd.Series) -> np.ndarray:
    """Number clusters 1, 2, … by decreasing mean of ``order_values`` (cluster 1 = highest)."""
    means = pd.Series(order_values.to_numpy()).groupby(labels).mean().sort_values(ascending=False)
    mapping = {old: new for new, old in enumerate(means.index, start=1)}
    return np.array([mapping[x] for x in labels])


def _kmeans(X: np.ndarray, k: int) -> np.ndarray:
    """k-means (scipy kmeans2, k-means++ starts) with a fixed seed; the best of several starts."""
    rng = np.random.default_rng(KMEANS_SEED)
    best, best_inertia = None, np.inf
    for _ in range(KMEANS_STARTS):
        centroids, labels = kmeans2(X, k, minit="++", rng=rng)
        inertia = ((X - centroids[labels]) ** 2).sum()
        if len(np.unique(labels)) == k and inertia < best_inertia - 1e-12:
            best, best_inertia = labels, inertia
    return best if best is not None else labels


def cluster_regions(X: pd.DataFrame, order_values: pd.Series, k: int | None = None,
                    k_max: int = 6) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Ward clusters of the rows of ``X`` (regions) with k chosen by silhouette, and k-means as a check.

    Parameters
    ----------
    X : pandas.DataFrame
        Regions × features (see :func:`standardized_trajectories`), at least three rows.
    order_values : pandas.Series
        E.g. mean D per region: numbers the clusters from the highest (1) down.
    k : int, optional
        Fixed number of clusters; by default the k with the highest silhouette in 2 … min(k_max, n − 1).

    Returns
    -------
    tuple
        (clusters: region_code, cluster, kmeans_cluster, k), (silhouette per k), Ward linkage matrix.

    Examples
    --------
    >>> X = pd.DataFrame({"f": [0.0, 0.1, 5.0, 5.1]}, index=list("abcd"))
    >>> clusters, scores, tree = cluster_regions(X, pd.Series([1.0, 1.0, 9.0, 9.0], index=list("abcd")))
    >>> clusters["cluster"].tolist(), int(clusters["k"].iloc[0])
    ([2, 2, 1, 1], 2)
    """
    n = len(X)
    if n < 3:
        raise ValueError("clustering needs at least three regions")
    tree = linkage(X.to_numpy(), method="ward")
    candidates = list(range(2, min(k_max, n - 1) + 1))
    scores = pd.DataFrame({"k": candidates,
                           "silhouette": [silhouette(X.to_numpy(), fcluster(tree, c, "maxclust")) for c in candidates]})
    if k is None:
        k = int(scores.loc[scores["silhouette"].idxmax(), "k"])  # ties: the first, i.e. the smaller k
    ward = _relabel_by(fcluster(tree, k, "maxclust"), order_values.reindex(X.index))
    km = _relabel_by(_kmeans(X.to_numpy(), k), order_values.reindex(X.index))
    clusters = pd.DataFrame({"region_code": X.index, "cluster": ward, "kmeans_cluster": km, "k": k})
    return clusters, scores, tree
