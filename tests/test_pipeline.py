"""Every bundled province through the runner: the outputs of the catalog, and the formulas of the
methods recomputed here by hand (independently of helpers) from normalized.csv and scores.csv."""

import json

import numpy as np
import pandas as pd
import pytest

from conftest import BUNDLED, PIPELINE_DRAWS, PIPELINE_LANGUAGE
from helpers.data import catalog
from helpers.data.paths import numbered_notebooks, province_paths
from helpers.data.validate import load_meta
from helpers.presentation.labels.words import DATA_STATUS

pytestmark = pytest.mark.slow  # runs notebooks

SYNTHETIC_NOTE = DATA_STATUS["synthetic-demo"]  # (English, Chinese)


NOTEBOOKS = [p.name for p in numbered_notebooks()]


def table(root, province, name):
    return pd.read_csv(root / "data" / "processed" / province / name, encoding="utf-8-sig", dtype={"region_code": str})


@pytest.mark.parametrize("province", BUNDLED)
def test_output_contract(pipeline_output, province):
    written = {p.name for p in (pipeline_output / "data" / "processed" / province).glob("*.csv")}
    assert written == {o.file for o in catalog.OUTPUTS}  # every catalog output, nothing else
    # what does not apply is written with its columns and no rows: notebook 14 below 30 regions, the
    # comparisons of two systems in a province of one
    empty = {o.file for o in catalog.written_by("14")}
    if len(load_meta(province_paths(province)).config.system_ids) == 1:
        empty |= {o.file for o in (catalog.DEVELOPMENT_TYPES, catalog.BIVARIATE_MORAN, catalog.BIVARIATE_LISA,
                                    catalog.CENTRE_MISMATCH)}
    for output in catalog.OUTPUTS:
        frame = table(pipeline_output, province, output.file)
        assert set(output.columns) <= set(frame.columns), output.file
        assert frame.empty == (output.file in empty), output.file
        if len(frame):
            assert set(frame["data_status"]) == {SYNTHETIC_NOTE[0]}, output.file  # synthetic data say so
    figures = pipeline_output / "figures" / province
    pngs = sorted(p.stem for p in figures.glob("*.png"))
    assert pngs and pngs == sorted(p.stem for p in figures.glob("*.pdf"))
    reports = pipeline_output / "reports" / province
    assert sorted(p.name for p in reports.glob("*.ipynb")) == NOTEBOOKS
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
    subsystems = [col for col in c.columns if col not in catalog.COUPLING.columns + ("region_code", "year", "data_status")]
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
    from helpers.data.paths import province_paths
    from helpers.data.validate import load_inputs

    inputs = load_inputs(province_paths(province))
    clean = table(pipeline_output, province, "clean_panel.csv").pivot(index=["region_code", "year"], columns="indicator", values="value")
    raw = inputs.panel.set_index(["region_code", "year"])[clean.columns]
    observed = raw.notna().to_numpy()
    assert clean.to_numpy()[observed] == pytest.approx(raw.to_numpy()[observed])
    log = table(pipeline_output, province, "imputation_log.csv")
    assert (~observed).sum() == log["method"].isin(["linear-interpolation", "nearest-year"]).sum()


@pytest.mark.parametrize("province", BUNDLED)
def test_dispersion_and_ranking_recomputed_from_coupling(pipeline_output, province):
    c = table(pipeline_output, province, "coupling.csv")
    disp = table(pipeline_output, province, "dispersion.csv")
    d = disp[disp["measure"] == "D"].set_index("year")
    by_year = c.groupby("year")["D"]
    assert d["mean"].to_numpy() == pytest.approx(by_year.mean().to_numpy(), abs=1e-12)
    sigma = by_year.apply(lambda v: np.sqrt(((v - v.mean()) ** 2).mean()))   # population σ
    assert d["cv"].to_numpy() == pytest.approx((sigma / by_year.mean()).to_numpy(), abs=1e-12)
    ranks = table(pipeline_output, province, "ranking.csv")
    last = c[c["year"] == c["year"].max()].sort_values("D", ascending=False)["region_code"].tolist()
    r = ranks[(ranks["measure"] == "D") & (ranks["year"] == c["year"].max())].sort_values("rank")["region_code"].tolist()
    assert r == last
    clusters = table(pipeline_output, province, "clusters.csv")
    assert sorted(clusters["region_code"]) == sorted(c["region_code"].unique())
    assert 2 <= clusters["k"].iloc[0] <= min(6, c["region_code"].nunique() - 1)


@pytest.mark.parametrize("province", BUNDLED)
def test_kde_is_scipys_kernel_reflected_at_0_and_1(pipeline_output, province):
    from scipy.stats import gaussian_kde

    kde = table(pipeline_output, province, "kde.csv")
    c = table(pipeline_output, province, "coupling.csv")
    year = c["year"].max()
    curve = kde[(kde["measure"] == "D") & (kde["year"] == year)]
    x = curve["x"].to_numpy()
    assert x.min() == 0 and x.max() == 1
    reference = gaussian_kde(c[c["year"] == year]["D"], bw_method="silverman")
    # reflection estimator: f(x) + f(-x) + f(2 - x) on [0, 1]
    assert curve["density"].to_numpy() == pytest.approx(reference(x) + reference(-x) + reference(2 - x), rel=1e-9)


@pytest.mark.parametrize("province", BUNDLED)
def test_obstacles_and_grey_invariants(pipeline_output, province):
    o = table(pipeline_output, province, "obstacles.csv")
    for level in ("indicator", "dimension"):
        sums = o[o["level"] == level].groupby(["region_code", "year", "system"])["obstacle_pct"].sum()
        assert (sums - 100).abs().max() < 1e-9
    # recompute one region-year by hand from normalized.csv and weights.csv
    z = table(pipeline_output, province, "normalized.csv")
    w = table(pipeline_output, province, "weights.csv")
    first = z.iloc[0]
    system = w["system"].iloc[0]
    ws = w[w["system"] == system].set_index("indicator")["weight"]
    zr = z[(z["region_code"] == first["region_code"]) & (z["year"] == first["year"])].set_index("indicator")["z_minmax"][ws.index]
    expected = ws * (1 - zr) / (ws * (1 - zr)).sum() * 100
    got = o[(o["region_code"] == first["region_code"]) & (o["year"] == first["year"]) & (o["level"] == "indicator")
            & (o["system"] == system)].set_index("item")["obstacle_pct"][ws.index]
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-9)
    g = table(pipeline_output, province, "grey_relational.csv")
    assert ((g["grade"] > 0) & (g["grade"] <= 1)).all()
    assert set(g["scope"]) == set(z["region_code"]) | {"province"}


@pytest.mark.parametrize("province", BUNDLED)
def test_reference_series_holds_published_facts_only(pipeline_output, province):
    from helpers.data.paths import DEFAULT_DATA_DIR

    series = table(pipeline_output, province, "reference_urbanization.csv")
    facts = pd.read_csv(DEFAULT_DATA_DIR / "reference" / "urbanization_facts.csv")
    census = pd.read_csv(DEFAULT_DATA_DIR / "reference" / "census_prefectures.csv", dtype={"region_code": str})
    known = set(zip(facts["area"], facts["year"], facts["basis"], facts["urbanization_rate_pct"].round(2), strict=True))
    known |= {(r.name, year, f"census_{year}", round(getattr(r, f"urbanization_{year}_pct"), 2))
              for r in census.itertuples() for year in (2010, 2020)}
    rows = set(zip(series["area"], series["year"], series["basis"], series["value"].round(2), strict=True))
    assert rows <= known
    assert set(series["role"]) == {"focus", "province", "nation"}


@pytest.mark.parametrize("province", BUNDLED)
def test_own_variant_reproduces_coupling_and_claims_are_counted(pipeline_output, province):
    variants = table(pipeline_output, province, "variants.csv")
    coupling = table(pipeline_output, province, "coupling.csv").set_index(["region_code", "year"])["D"]
    own = variants[variants["own"]].set_index(["region_code", "year"])["D"].reindex(coupling.index)
    assert np.abs(own - coupling).max() < 1e-10          # the CSV files keep 12 significant digits
    assert variants["variant"].nunique() == 60
    claims = table(pipeline_output, province, "claims.csv")
    assert (claims["variants_total"] == 60).all() and claims["holds"].between(1, 60).all()
    # no option value is named exactly when the claim always holds or its failures spread over the choices
    assert ((claims["holds"] == 60) <= claims["option"].isna()).all()
    assert (claims["fails"] <= claims["of"]).all() and (claims["holds"] + claims["fails"] <= 60).all()
    boot = table(pipeline_output, province, "bootstrap.csv")
    assert (boot["reps"] > 0.9 * PIPELINE_DRAWS["bootstrap_reps"]).all() and (boot["low"] <= boot["high"]).all()


def test_chinese_run_interprets_in_chinese_only(pipeline_output):
    # every generated interpretation (markdown output) of the province run in Chinese, notebooks 01–13
    import re

    province = next(p for p, language in PIPELINE_LANGUAGE.items() if language == "zh")
    english = re.compile(r"\b(the|and|of|is|in|are|was|holds|depends)\b")
    for path in sorted((pipeline_output / "reports" / province).glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                markdown = "".join(output.get("data", {}).get("text/markdown", ""))
                assert not english.search(markdown), (path.name, english.search(markdown), markdown[:200])


@pytest.mark.parametrize("province", BUNDLED)
def test_each_notebook_reads_what_the_catalog_declares(pipeline_output, province):
    # the runner orders notebooks by the declared reads; a read the catalog does not declare could race
    manifest = json.loads((pipeline_output / "reports" / province / "manifest.json").read_text(encoding="utf-8"))
    declared = {p.stem: sorted(o.name for o in catalog.read_by(p.name[:2])) for p in numbered_notebooks()}
    assert manifest["reads"] == {stem: names for stem, names in declared.items() if names}
    assert not (pipeline_output / "reports" / province / ".reads").exists()
