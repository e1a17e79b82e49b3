"""The demonstration panels: regenerable, census-calibrated, plausibly signed."""

import numpy as np
import pandas as pd
import pytest

from helpers.data.paths import DEFAULT_DATA_DIR, province_paths
from helpers.data.synthetic import SYNTHETIC_DIR, synthesize, write_drivers, write_panel
from helpers.data.validate import load_inputs, load_meta

CENSUS = pd.read_csv(DEFAULT_DATA_DIR / "reference" / "census_prefectures.csv", dtype={"region_code": str})
URBANIZATION = {"qinghai": "NU01", "heilongjiang": "UR17", "guizhou": "GN01"}


@pytest.mark.parametrize("province", sorted(URBANIZATION))
def test_generator_reproduces_the_committed_panel(province, tmp_path):
    paths = province_paths(province)
    text, spec, drivers = synthesize(load_meta(paths), paths.reference, SYNTHETIC_DIR / province)
    write_drivers(drivers, tmp_path / "drivers.csv")
    assert (tmp_path / "drivers.csv").read_bytes() == (paths.raw / "drivers.csv").read_bytes()
    fresh = write_panel(text, tmp_path / spec.panel_file, spec)
    committed = paths.raw / spec.panel_file
    if fresh.suffix == ".csv":
        assert fresh.read_bytes() == committed.read_bytes()
    else:  # a workbook embeds zip timestamps: compare what is read from it
        from helpers.data.io import read_xlsx_rows

        assert read_xlsx_rows(fresh) == read_xlsx_rows(committed)


@pytest.mark.parametrize("province", sorted(URBANIZATION))
def test_urbanization_matches_census_anchors(province):
    inputs = load_inputs(province_paths(province))
    series = inputs.panel.pivot(index="region_code", columns="year", values=URBANIZATION[province])
    census = CENSUS.set_index("region_code").loc[series.index]
    assert series[2020].to_numpy() == pytest.approx(census["urbanization_2020_pct"].to_numpy(), abs=1e-9)
    if 2010 in series.columns:
        assert series[2010].to_numpy() == pytest.approx(census["urbanization_2010_pct"].to_numpy(), abs=1e-9)
    # years between the censuses lie between the two anchors
    inside = series.loc[:, [y for y in series.columns if 2010 < y < 2020]]
    low = census[["urbanization_2010_pct", "urbanization_2020_pct"]].min(axis=1).to_numpy()[:, None]
    high = census[["urbanization_2010_pct", "urbanization_2020_pct"]].max(axis=1).to_numpy()[:, None]
    assert ((inside.to_numpy() >= low - 1e-9) & (inside.to_numpy() <= high + 1e-9)).all()


def test_guizhou_2015_respects_the_published_ranking():
    # Guizhou bureau (Xinhua, 2016-03-17): in 2015 only Guiyang and Zunyi were above the provincial 42.01 %.
    inputs = load_inputs(province_paths("guizhou"))
    u2015 = inputs.panel[inputs.panel["year"] == 2015].set_index("region_code")["GN01"]
    assert set(u2015[u2015 > 42.01].index) == {"520100", "520300"}


@pytest.mark.parametrize("province", sorted(URBANIZATION))
def test_negative_indicators_fall_as_urbanization_rises(province):
    inputs = load_inputs(province_paths(province))
    panel = inputs.panel.dropna()
    urban = panel[URBANIZATION[province]]
    correlations = {i: np.corrcoef(urban, panel[i])[0, 1] for i in inputs.indicator_ids if i != URBANIZATION[province]}
    directions = inputs.directions
    assert all(correlations[i] < 0 for i in correlations if directions[i] == "-")
    positive = [correlations[i] for i in correlations if directions[i] == "+"]
    assert np.mean(positive) > 0.3
