"""Rankings, dispersion, silhouette and clusters: hand-worked cases."""

import numpy as np
import pandas as pd
import pytest

from helpers import comparison


def measures_from(values: dict[str, list[float]], years: list[int], measure: str = "D") -> pd.DataFrame:
    rows = [(code, y, measure, v) for code, series in values.items() for y, v in zip(years, series, strict=True)]
    return pd.DataFrame(rows, columns=["region_code", "year", "measure", "value"])


def test_dispersion_by_hand():
    # 2020: values 1, 2, 3 -> mean 2, population sd sqrt(2/3) = 0.816497, CV 0.408248, max/min 3
    # 2021: values 2, 2, 4 -> mean 8/3, sd sqrt(8/9) = 0.942809, CV 0.353553, max/min 2
    m = measures_from({"a": [1, 2], "b": [2, 2], "c": [3, 4]}, [2020, 2021])
    d = comparison.dispersion(m).set_index("year")
    assert d.loc[2020, "std"] == pytest.approx(np.sqrt(2 / 3))
    assert d.loc[2020, "cv"] == pytest.approx(0.408248, abs=1e-6)
    assert d.loc[2021, "cv"] == pytest.approx(0.353553, abs=1e-6)
    assert d.loc[2020, "max_min_ratio"] == 3 and d.loc[2021, "max_min_ratio"] == 2
    conv = comparison.sigma_convergence(comparison.dispersion(m)).iloc[0]
    assert conv["converging"] and conv["slope_per_year"] == pytest.approx(0.353553 - 0.408248, abs=1e-6)


def test_ranking_and_rank_changes():
    m = measures_from({"a": [0.3, 0.9], "b": [0.5, 0.6], "c": [0.7, 0.2]}, [2020, 2021])
    r = comparison.ranking(m)
    first = r[r["year"] == 2020].set_index("region_code")
    assert first["rank"].to_dict() == {"a": 3, "b": 2, "c": 1}
    assert first.loc["a", "diff_from_mean"] == pytest.approx(0.3 - 0.5)
    changes = comparison.rank_changes(r).set_index("region_code")["change"].to_dict()
    assert changes == {"a": 2, "b": 0, "c": -2}


def test_silhouette_by_hand():
    # Points 0, 1 | 4, 5 on a line. Point 0: a = 1, b = (4 + 5)/2 = 4.5, s = 1 - 1/4.5 = 0.777778;
    # point 1: a = 1, b = 3.5, s = 0.714286; the other two mirror them. Mean = 0.746032.
    X = np.array([[0.0], [1.0], [4.0], [5.0]])
    assert comparison.silhouette(X, np.array([1, 1, 2, 2])) == pytest.approx(0.746032, abs=1e-6)
    # A singleton counts 0: {0}, {1, 4, 5}: point 1: a = (3 + 4)/2 = 3.5, b = 1, s = (1 - 3.5)/3.5 = -0.714286;
    # point 4: a = (3 + 1)/2 = 2, b = 4, s = 0.5; point 5: a = (4 + 1)/2 = 2.5, b = 5, s = 0.5; mean = 0.285714/4.
    assert comparison.silhouette(X, np.array([1, 2, 2, 2])) == pytest.approx((0 - 0.714286 + 0.5 + 0.5) / 4, abs=1e-6)


def test_adjusted_rand_index():
    assert comparison.adjusted_rand_index([1, 1, 2, 2], [2, 2, 1, 1]) == 1.0
    # Hubert & Arabie: table [[1, 1], [1, 1]] -> index 0, expected (2 * 2)/6 = 2/3, max 2 -> ARI = -0.5
    assert comparison.adjusted_rand_index([1, 1, 2, 2], [1, 2, 1, 2]) == pytest.approx(-0.5)


def test_clusters_recover_obvious_groups():
    rng = np.random.default_rng(0)
    high = {f"h{i}": list(0.8 + 0.01 * rng.standard_normal(4)) for i in range(3)}
    low = {f"l{i}": list(0.2 + 0.01 * rng.standard_normal(4)) for i in range(4)}
    m = measures_from({**high, **low}, [2018, 2019, 2020, 2021])
    X = comparison.standardized_trajectories(m, ["D"])
    mean_d = m.groupby("region_code")["value"].mean()
    clusters, silhouettes, _ = comparison.cluster_regions(X, mean_d)
    by_region = clusters.set_index("region_code")
    assert by_region.loc[list(high), "cluster"].eq(1).all() and by_region.loc[list(low), "cluster"].eq(2).all()
    assert (clusters["cluster"] == clusters["kmeans_cluster"]).all()
    assert list(silhouettes["k"]) == [2, 3, 4, 5, 6] and clusters["k"].iloc[0] == 2


def test_group_means_skip_regions_without_group():
    m = measures_from({"a": [1.0], "b": [3.0], "c": [10.0]}, [2020])
    regions = pd.DataFrame({"region_code": ["a", "b", "c"], "group": ["g", "g", ""]})
    assert comparison.group_means(m, regions)["mean"].tolist() == [2.0]
