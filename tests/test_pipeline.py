"""Every bundled province through the runner: the output contract of DESIGN §4 and the formulas of
DESIGN §5, recomputed here by hand (independently of helpers) from normalized.csv and scores.csv."""

import json

import numpy as np
import pandas as pd
import pytest

from conftest import BUNDLED
from helpers.config import SYNTHETIC_NOTE

CONTRACT = {
    "clean_panel.csv": ["region_code", "year", "indicator", "value"],
    "imputation_log.csv": ["region_code", "year", "indicator", "raw", "value", "method"],
    "indicator_system.csv": ["indicator", "system", "dimension", "name", "name_zh", "unit", "direction"],
    "normalized.csv": ["region_code", "year", "indicator", "z"],
    "weights.csv": ["system", "dimension", "indicator", "entropy", "divergence", "weight"],
    "scores.csv": ["region_code", "year", "system", "score"],
    "dimension_scores.csv": ["region_code", "year", "system", "dimension", "score"],
    "coupling.csv": ["region_code", "year", "C", "T", "D", "grade", "grade_label", "grade_label_zh", "lag_type",
                     "relative_development"],
}


def table(root, province, name):
    return pd.read_csv(root / "data" / "processed" / province / name, encoding="utf-8-sig", dtype={"region_code": str})


@pytest.mark.parametrize("province", BUNDLED)
def test_output_contract(pipeline_output, province):
    for name, columns in CONTRACT.items():
        frame = table(pipeline_output, province, name)
        assert set(columns) <= set(frame.columns), name
        assert set(frame["data_status"]) == {SYNTHETIC_NOTE["en"]}, name  # synthetic data say so
    figures = pipeline_output / "figures" / province
    pngs = sorted(p.stem for p in figures.glob("*.png"))
    assert pngs and pngs == sorted(p.stem for p in figures.glob("*.pdf"))
    reports = pipeline_output / "reports" / province
    assert sorted(p.name for p in reports.glob("*.ipynb"))[:4] == [
        "01_data_cleaning.ipynb", "02_index_construction.ipynb", "03_entropy_weighting.ipynb", "04_coupling_model.ipynb"]
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["province"] == province and manifest["outputs"] and manifest["inputs"]


@pytest.mark.parametrize("province", BUNDLED)
def test_weights_and_scores_follow_the_entropy_formulas(pipeline_output, province):
    z = table(pipeline_output, province, "normalized.csv").pivot(index=["region_code", "year"], columns="indicator", values="z")
    w = table(pipeline_output, province, "weights.csv")
    for system, part in w.groupby("system"):
        Z = z[part["indicator"]].to_numpy()
        p = Z / Z.sum(axis=0)
        e = -(p * np.log(p)).sum(axis=0) / np.log(len(Z))      # every z' > 0 because shift > 0
        d = 1 - e
        assert part["entropy"].to_numpy() == pytest.approx(e, abs=1e-9)
        assert part["weight"].to_numpy() == pytest.approx(d / d.sum(), abs=1e-9)
        U = Z @ part["weight"].to_numpy()
        scores = table(pipeline_output, province, "scores.csv")
        got = scores[scores["system"] == system].set_index(["region_code", "year"])["score"].reindex(z.index)
        assert got.to_numpy() == pytest.approx(U, abs=1e-9)


@pytest.mark.parametrize("province", BUNDLED)
def test_coupling_follows_the_formulas(pipeline_output, province):
    c = table(pipeline_output, province, "coupling.csv")
    subsystems = [col for col in c.columns if col not in CONTRACT["coupling.csv"] + ["data_status"]]
    U = c[subsystems].to_numpy()
    n = U.shape[1]
    C = n * np.prod(U, axis=1) ** (1 / n) / U.sum(axis=1)
    T = U.mean(axis=1)
    assert c["C"].to_numpy() == pytest.approx(C, abs=1e-9)
    assert c["T"].to_numpy() == pytest.approx(T, abs=1e-9)
    assert c["D"].to_numpy() == pytest.approx(np.sqrt(C * T), abs=1e-9)
    assert (c["grade"] == np.minimum(np.floor(c["D"] * 10 + 1e-9), 9) + 1).all()
    if n == 2:  # the two systems' scores are the U columns
        scores = table(pipeline_output, province, "scores.csv").pivot(index=["region_code", "year"], columns="system", values="score")
        assert c.set_index(["region_code", "year"])[subsystems].to_numpy() == pytest.approx(scores[subsystems].to_numpy(), abs=1e-9)
        gap = np.abs(U[:, 0] - U[:, 1])
        assert ((gap <= 0.1) == (c["lag_type"] == "synchronous")).all()
    else:  # one system: its dimension indices = dimension score / dimension weight share
        w = table(pipeline_output, province, "weights.csv")
        dims = table(pipeline_output, province, "dimension_scores.csv")
        share = w.groupby("dimension")["weight"].sum()
        index = dims.assign(i=dims["score"] / dims["dimension"].map(share)).pivot(index=["region_code", "year"], columns="dimension", values="i")
        assert c.set_index(["region_code", "year"])[subsystems].to_numpy() == pytest.approx(index[subsystems].to_numpy(), abs=1e-9)


@pytest.mark.parametrize("province", BUNDLED)
def test_clean_panel_keeps_observed_values(pipeline_output, province):
    from helpers.paths import province_paths
    from helpers.validate import load_inputs

    inputs = load_inputs(province_paths(province))
    clean = table(pipeline_output, province, "clean_panel.csv").pivot(index=["region_code", "year"], columns="indicator", values="value")
    raw = inputs.panel.set_index(["region_code", "year"])[clean.columns]
    observed = raw.notna().to_numpy()
    assert clean.to_numpy()[observed] == pytest.approx(raw.to_numpy()[observed])
    log = table(pipeline_output, province, "imputation_log.csv")
    assert (~observed).sum() == log["method"].isin(["linear-interpolation", "nearest-year"]).sum()
