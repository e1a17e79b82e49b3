"""Notebook 14 in the pipeline: a synthetic national panel of cities is estimated (k-nearest-neighbour
weights from its points, its synthetic drivers), the bundled provinces are left out with the reason."""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import BUNDLED, NATIONAL_REGIONS
from helpers.data import catalog
from helpers.methods import econometrics
from helpers.presentation.labels import text

pytestmark = pytest.mark.slow  # runs notebooks


def table(root, province, output):
    return pd.read_csv(root / "data" / "processed" / province / output.file, encoding="utf-8-sig",
                       dtype={"region_code": str})


def markdown_of(root, province):
    notebook = nbformat.read(root / "reports" / province / "14_spatial_spillovers.ipynb", as_version=4)
    return "\n".join(o.get("data", {}).get("text/markdown", "") for c in notebook.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("province", BUNDLED)
def test_a_province_is_left_out_with_its_reason(pipeline_output, province):
    for output in catalog.written_by("14"):
        assert table(pipeline_output, province, output).empty, output.file
    assert "**" in markdown_of(pipeline_output, province)
    n = {"qinghai": 8, "heilongjiang": 13, "guizhou": 9}[province]
    language = "zh" if province == "qinghai" else "en"
    assert text("spill.skipped.few_regions", language, n=n, minimum=econometrics.MIN_SPILLOVER_REGIONS) \
        in markdown_of(pipeline_output, province)


def test_a_national_panel_gets_its_spatial_models(session_runs):
    root, province = session_runs["root"] / "national", "national"
    models = table(root, province, catalog.SPATIAL_MODELS)
    assert set(models["model"]) == {"SDM", "SAR", "SEM"}
    assert set(models.loc[models["model"] == "SDM", "term"]) >= {"rho", "fiscal", "W_fiscal"}
    effects = table(root, province, catalog.SPATIAL_EFFECTS).pivot_table(index=["model", "term"], columns="effect",
                                                                         values="estimate")
    assert np.allclose(effects["total"], effects["direct"] + effects["indirect"])
    sem = effects.loc["SEM"]
    assert np.allclose(sem["indirect"], 0)                                  # no spillover in an error model
    fit = table(root, province, catalog.SPATIAL_FIT).set_index("model")
    assert (fit["n"] == NATIONAL_REGIONS).all() and (fit["T"] == 10).all()
    tests = table(root, province, catalog.SPATIAL_TESTS).set_index("test")
    assert list(tests.index) == list(econometrics.TESTS) and tests["p"].between(0, 1).all()
    local = table(root, province, catalog.GWR_LOCAL)
    assert set(local["model"]) == {"gwr", "mgwr"} and local["region_code"].nunique() == NATIONAL_REGIONS
    convergence = table(root, province, catalog.SPATIAL_CONVERGENCE)
    assert len(convergence) == 1 and np.isfinite(convergence["beta"].iloc[0])
    assert (root / "figures" / province / "14_effects.png").is_file()
    assert (root / "figures" / province / "14_gwr.png").is_file()
    assert "LeSage" in markdown_of(root, province)
    # the weights of a panel without boundaries: the option knn_k = 5 nearest neighbours
    assert text("spill.weights.knn", "en", k=5, n=NATIONAL_REGIONS) in markdown_of(root, province)
