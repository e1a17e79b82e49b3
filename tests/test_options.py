"""The options of a run reach every notebook: one run of Qinghai with every method option changed
(conftest.EVERY_OPTION_CHANGED), and the weighting chain with CRITIC weights (as -p) and entropy–CRITIC
weights (in province.toml). Each check recomputes or reads what the option must change."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import EVERY_OPTION_CHANGED, WEIGHTING_CHAIN
from helpers.data.config import AnalysisOptions
from helpers.data.paths import numbered_notebooks

pytestmark = pytest.mark.slow  # runs notebooks


def table(root, name, province="qinghai"):
    return pd.read_csv(root / "data" / "processed" / province / name, encoding="utf-8-sig", dtype={"region_code": str})


def notebook_text(root, stem):
    """Every markdown output and printed line of an executed notebook (the interpretations)."""
    notebook = nbformat.read(root / "reports" / "qinghai" / f"{stem}.ipynb", as_version=4)
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("data", {}).get("text/markdown", "") + output.get("text", ""))
    return "\n".join(parts)


def injected_options(root, notebook):
    cells = nbformat.read(root / "reports" / "qinghai" / notebook, as_version=4).cells
    injected = next(c for c in cells if "injected-parameters" in c.metadata.get("tags", []))
    namespace: dict = {}
    exec(injected.source, namespace)   # literals written by papermill
    return namespace["options"]


@pytest.fixture(scope="module")
def changed(session_runs):
    return session_runs["root"] / "every_option"


def test_the_test_changes_every_option():
    defaults = AnalysisOptions()
    assert set(EVERY_OPTION_CHANGED) == set(AnalysisOptions.__dataclass_fields__)
    assert all(getattr(defaults, k) != (tuple(v) if isinstance(v, list) else v) for k, v in EVERY_OPTION_CHANGED.items())


def test_every_notebook_receives_the_same_resolved_options(changed):
    manifest = json.loads((changed / "reports" / "qinghai" / "manifest.json").read_text(encoding="utf-8"))
    assert {k: manifest["options"][k] for k in EVERY_OPTION_CHANGED} == EVERY_OPTION_CHANGED
    for notebook in numbered_notebooks():
        options = injected_options(changed, notebook.name)
        assert {k: options[k] for k in EVERY_OPTION_CHANGED} == EVERY_OPTION_CHANGED, notebook.name


def test_each_notebook_used_its_options(changed):
    o = EVERY_OPTION_CHANGED
    # 02: z = min–max value + shift
    normalized = table(changed, "normalized.csv")
    assert normalized.groupby("indicator")["z"].min().to_numpy() == pytest.approx(o["shift"])
    # 03: equal weights within each system (one set per year: the mode is per-year)
    weights = table(changed, "weights.csv")
    sizes = weights.groupby(["system", "year"])["indicator"].transform("count")
    assert weights["weight"].to_numpy() == pytest.approx(1 / sizes.to_numpy())
    # 03: TOPSIS closeness with yearly ideals is the composite index: recomputed for the systems of one
    # year from the normalised values and the (equal, yearly) weights, C = D⁻/(D⁺ + D⁻)
    scores = table(changed, "scores.csv")
    z = table(changed, "normalized.csv").query("year == 2015").pivot(index="region_code", columns="indicator", values="z")
    system = table(changed, "indicator_system.csv")
    w = weights[weights["year"] == 2015].set_index("indicator")["weight"]
    for system_id, members in system.groupby("system")["id"]:
        v = z[list(members)] * w[list(members)]
        d_best = np.sqrt(((v - v.max()) ** 2).sum(axis=1))
        d_worst = np.sqrt(((v - v.min()) ** 2).sum(axis=1))
        got = scores[(scores["year"] == 2015) & (scores["system"] == system_id)].set_index("region_code")["score"]
        assert got.to_numpy() == pytest.approx((d_worst / (d_best + d_worst)).reindex(got.index).to_numpy(), rel=1e-9)
    # 04: Fan's C = 1 − 2σ(U), T with α = (0.4, 0.6), the lag threshold 0.05
    coupled = table(changed, "coupling.csv")
    u = coupled[["RR", "NU"]].to_numpy()
    c = 1 - 2 * u.std(axis=1)
    t = u @ np.array(o["system_weights"])
    assert coupled["D"].to_numpy() == pytest.approx(np.sqrt(c * t), rel=1e-9)
    synchronous = np.abs(u[:, 0] - u[:, 1]) <= o["lag_threshold"]
    assert ((coupled["lag_type"] == "synchronous").to_numpy() == synchronous).all()
    # 04: the TOPSIS closeness is what is coupled; E = U_NU / U_RR in the bands cut at 0.7 and 1.3
    merged = coupled.merge(scores.pivot(index=["region_code", "year"], columns="system", values="score").reset_index(),
                           on=["region_code", "year"], suffixes=("", "_score"))
    assert merged["RR"].to_numpy() == pytest.approx(merged["RR_score"].to_numpy(), rel=1e-12)
    types = table(changed, "development_types.csv")
    low, high = o["relative_bands"]
    expected = np.where(types["E"] <= low, "numerator_lags", np.where(types["E"] <= high, "synchronous", "denominator_lags"))
    assert (types["band"].to_numpy() == expected).all()
    # 05: three clusters
    assert table(changed, "clusters.csv")["cluster"].nunique() == o["cluster_k"]
    # 06: Scott's rule, h = σ̂ n^(−1/5) (one dimension), without reflection
    kde = table(changed, "kde.csv")
    d2020 = coupled.loc[coupled["year"] == 2020, "D"]
    h = kde[(kde["measure"] == "D") & (kde["year"] == 2020)]["bandwidth"].iloc[0]
    assert h == pytest.approx(d2020.std(ddof=1) * len(d2020) ** (-1 / 5), rel=1e-9)
    # 07: three obstacles per region in the tables shown; 08: ρ = 0.3 and the initial-value transform named
    assert "ρ = 0.3" in notebook_text(changed, "08_grey_relational_analysis")
    # 09: rook contiguity has no more links than queen, local statistics of 2018, Yuill's ellipse named
    assert set(table(changed, "lisa.csv")["year"]) == {o["spatial_year"]}
    assert "Yuill" in notebook_text(changed, "09_spatial_pattern")
    assert "rook" in notebook_text(changed, "09_spatial_pattern")
    # permutations: the two-sided p of 99 permutations lies on the grid 2(1 + m)/100
    p = table(changed, "moran.csv")["p_sim"].to_numpy()
    assert np.allclose(np.round(p * 50) / 50, p) and (p >= 0.02 - 1e-12).all()
    # 11: three classes of D, forecasts at most three years ahead
    markov = table(changed, "markov.csv")
    assert markov["from_class"].max() == o["markov_classes"]
    forecast = table(changed, "forecast.csv")
    assert forecast.loc[forecast["kind"] == "forecast", "year"].max() <= 2020 + o["forecast_horizon"]
    # 12: natural breaks in at most four strata; the large-sample reference has no degrees of freedom
    assert table(changed, "geodetector.csv")["strata"].max() <= o["strata"]
    regression = table(changed, "regression.csv")
    assert regression.loc[regression["model"] == "two-way fixed effects", "df"].isna().all()
    assert "natural breaks" in notebook_text(changed, "12_driving_factors")
    # 13: the run's own variant is equal weights, Fan, shift 0.01; 20 bootstrap replicates
    variants = table(changed, "variants.csv")
    own = variants[variants["own"]].drop_duplicates("variant")
    assert own[["weighting", "coupling_formula", "composite"]].values.tolist() == [["equal", "fan", "topsis"]]
    assert own["shift"].iloc[0] == pytest.approx(0.01)
    assert set(table(changed, "bootstrap.csv")["reps"]) == {o["bootstrap_reps"]}


def test_the_text_names_the_options_of_the_run(changed):
    assert "equal weights" in notebook_text(changed, "03_entropy_weighting")
    assert "Fan et al. (2024)" in notebook_text(changed, "04_coupling_model")
    assert "Scott's rule" in notebook_text(changed, "06_kernel_density")
    assert "normal distribution" in notebook_text(changed, "12_driving_factors")   # dk_reference = large-sample


@pytest.mark.parametrize("run, weighting, formula", [("critic", "critic", "standard"),
                                                     ("entropy_critic_toml", "entropy-critic", "wang")])
def test_each_weighting_runs_through_the_chain(session_runs, run, weighting, formula):
    # CRITIC given with -p; entropy–CRITIC written in province.toml, with Wang's formula given with -p: the
    # chain to notebook 13 completes, and its own variant has both and reproduces coupling.csv (notebook 13
    # asserts it too)
    root = session_runs["root"] / run
    assert {p.name[:2] for p in (root / "reports" / "qinghai").glob("[0-9][0-9]_*.ipynb")} == set(WEIGHTING_CHAIN)
    manifest = json.loads((root / "reports" / "qinghai" / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["options"]["weighting"], manifest["options"]["coupling_formula"]) == (weighting, formula)
    variants = table(root, "variants.csv")
    own = variants[variants["own"]]
    assert set(own["weighting"]) == {weighting} and set(own["coupling_formula"]) == {formula}
