"""Kernel density against scipy.stats.gaussian_kde, and the shape description."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import gaussian_kde

from helpers import density

SAMPLE = np.array([0.21, 0.35, 0.38, 0.52, 0.55, 0.61, 0.74, 0.9])


@pytest.mark.parametrize("method", ["silverman", "scott"])
def test_matches_scipy_gaussian_kde(method):
    grid = np.linspace(-0.2, 1.3, 301)
    reference = gaussian_kde(SAMPLE, bw_method=method)
    h = density.bandwidth(SAMPLE, method)
    assert h == pytest.approx(np.sqrt(reference.covariance[0, 0]))
    assert density.gaussian_density(SAMPLE, grid, h) == pytest.approx(reference(grid), rel=1e-10)


def test_bandwidth_needs_variation():
    with pytest.raises(ValueError):
        density.bandwidth(np.array([0.5, 0.5, 0.5]))


def test_peaks_and_width_of_a_bimodal_sample():
    values = np.r_[np.full(5, 0.2), np.full(5, 0.8)] + np.linspace(-0.01, 0.01, 10)
    grid = np.linspace(-0.5, 1.5, 801)
    curve = density.gaussian_density(values, grid, 0.08)
    found = density.peaks(grid, curve)
    assert len(found) == 2 and sorted(found["x"].round(1)) == [0.2, 0.8]


def test_kde_table_and_summary():
    rows = [(f"r{i}", year, "D", v + 0.1 * (year - 2020)) for year in (2020, 2021) for i, v in enumerate(SAMPLE)]
    measures = pd.DataFrame(rows, columns=["region_code", "year", "measure", "value"])
    kde = density.kde_table(measures)
    assert set(kde.columns) == {"year", "measure", "x", "density", "bandwidth"}
    assert (density.curve_areas(kde) - 1).abs().max() < 1e-3
    summary = density.shape_summary(kde, measures).set_index("year")
    assert summary.loc[2021, "peak_x"] == pytest.approx(summary.loc[2020, "peak_x"] + 0.1, abs=0.01)
