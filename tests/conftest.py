"""Shared fixtures: a tiny hand-made province and one pipeline run of every bundled province."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from helpers.data.paths import DEFAULT_DATA_DIR

os.environ.setdefault("MPLCONFIGDIR", str(Path(__file__).resolve().parents[1] / ".cache" / "matplotlib"))

BUNDLED = ("guizhou", "heilongjiang", "qinghai")
# Fixtures that cost seconds or minutes to build, shared by many tests: the in-process run of
# test_rendering.py (fast suite) and the kernel runs of the slow suite.
SHARED_EXPENSIVE = ("small_run", "session_runs")


@pytest.hookimpl(tryfirst=True)   # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of an expensive shared fixture first, the rest in their order, and each such fixture's
    tests in one group of pytest-xdist, so that the fixture is built once, on one worker, while the
    other worker works through the rest. `make test-fast` hands out tests one by one (--dist load):
    its first batch for one worker holds all the tests of `small_run`; the slow suite of `make test`
    keeps the groups (--dist loadgroup)."""
    def shared(item: pytest.Item) -> str | None:
        return next((name for name in SHARED_EXPENSIVE if name in getattr(item, "fixturenames", ())), None)

    items.sort(key=lambda item: shared(item) is None)
    for item in items:
        if (name := shared(item)) is not None:
            item.add_marker(pytest.mark.xdist_group(name))


def systems_toml(*systems: tuple[str, str, str, list[tuple[str, str, str]]]) -> str:
    """The [[systems]] tables of a province.toml from (id, name, name_zh, [(dimension id, name, name_zh)])."""
    out = []
    for ident, name, name_zh, dimensions in systems:
        rows = "".join(f'  {{ id = "{d}", name = "{n}", name_zh = "{z}" }},\n' for d, n, z in dimensions)
        out.append(f'[[systems]]\nid = "{ident}"\nname = "{name}"\nname_zh = "{name_zh}"\ndimensions = [\n{rows}]\n')
    return "\n".join(out)


TINY_TOML = """\
slug = "tiny"
name = "Tiny"
name_zh = "小省"
admin_code = "990000"
first_year = 2018
last_year = 2021
data_status = "synthetic-demo"

""" + systems_toml(("A", "System A", "系统甲", [("A1", "A one", "甲一"), ("A2", "A two", "甲二")]),
                   ("B", "System B", "系统乙", [("B1", "B one", "乙一"), ("B2", "B two", "乙二")])) + """
[groups]
north = { name = "North", name_zh = "北部" }
"""

TINY_REGIONS = """\
region_code,name,name_zh,kind,group
990100,Alpha,甲市,prefecture-level city,north
990200,Beta,乙市,prefecture-level city,north
990300,Gamma,丙州,autonomous prefecture,
"""

TINY_INDICATORS = """\
id,system,dimension,name,name_zh,unit,direction,source
a1,A,A1,Income,收入,yuan,+,test table 1
a2,A,A2,Engel coefficient,恩格尔系数,%,-,test table 2
b1,B,B1,Urbanization rate,城镇化率,%,+,test table 3
b2,B,B2,Green coverage,绿化覆盖率,%,+,test table 4
"""

TINY_PANEL = """\
region_code,year,a1,a2,b1,b2
990100,2018,5000,40,50,30
990100,2019,5500,38,52,31
990100,2020,6100,37,55,33
990100,2021,6800,35,57,34
990200,2018,4000,45,40,25
990200,2019,4300,44,42,27
990200,2020,4700,42,45,28
990200,2021,5200,41,47,30
990300,2018,3000,50,30,20
990300,2019,3400,48,31,22
990300,2020,3900,47,34,23
990300,2021,4400,45,36,25
"""


def write_tiny_province(data_dir: Path, panel: str = TINY_PANEL, toml: str = TINY_TOML,
                        regions: str = TINY_REGIONS, indicators: str = TINY_INDICATORS, slug: str = "tiny") -> Path:
    """A small valid province folder (3 regions × 4 years × 4 indicators) under ``data_dir``."""
    folder = data_dir / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "province.toml").write_text(toml, encoding="utf-8")
    (folder / "regions.csv").write_text(regions, encoding="utf-8")
    (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    (folder / "panel.csv").write_text(panel, encoding="utf-8")
    reference = data_dir / "reference"
    if not reference.exists():
        shutil.copytree(DEFAULT_DATA_DIR / "reference", reference)
    return folder


def raw_checksums(save_to: Path | None = None) -> dict[str, str]:
    """sha256 of every file under data/raw (optionally saved as JSON)."""
    from helpers.pipeline.manifest import checksums

    sums = checksums(DEFAULT_DATA_DIR, [DEFAULT_DATA_DIR])
    if save_to is not None:
        save_to.write_text(json.dumps(sums, indent=1), encoding="utf-8")
    return sums


@pytest.fixture
def short_notebooks(tmp_path: Path) -> Path:
    """A notebooks folder holding only 01–04 (fast runner tests)."""
    from helpers.data.paths import numbered_notebooks

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for notebook in numbered_notebooks()[:4]:
        shutil.copy(notebook, folder / notebook.name)
    return folder


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A data folder holding the tiny province (returns the data folder)."""
    write_tiny_province(tmp_path / "data")
    return tmp_path / "data"


# The one run of the whole chain that the slow tests share: every bundled province, Qinghai in Chinese.
PIPELINE_LANGUAGE = {"guizhou": "en", "heilongjiang": "en", "qinghai": "zh"}
# Those runs keep every default but the number of permutations and resamples (the time of notebooks 09,
# 11–13); `make test` runs the stored notebooks with every default (nbval, Qinghai) and `make run` runs all.
PIPELINE_DRAWS = {"permutations": 199, "bootstrap_reps": 100}

# A run of Qinghai with every method option away from its default (tests/test_options.py): every
# notebook must receive and use these values. The permutations and the bootstrap are kept small.
EVERY_OPTION_CHANGED = {
    "shift": 0.01, "weighting": "equal", "entropy_mode": "per-year", "composite": "topsis", "topsis_ideals": "per-year",
    "relative_bands": [0.7, 1.3], "coupling_formula": "fan",
    "system_weights": [0.4, 0.6], "lag_threshold": 0.05, "cluster_k": 3, "bandwidth": "scott", "kde_boundary": "none",
    "top_n": 3, "grey_rho": 0.3, "grey_dimensionless": "initial", "contiguity": "rook", "spatial_year": 2018,
    "ellipse_axes": "yuill", "markov_classes": 3, "forecast_horizon": 3, "discretization": "natural", "strata": 4,
    "geodetector_variance": "population", "dk_reference": "large-sample", "spillover_weights": "knn", "knn_k": 4,
    "permutations": 99, "bootstrap_reps": 20,
    "seed": 7,
}
# A SYNTHETIC national panel (helpers.data.synthetic.national_panel: points and drivers, no boundaries),
# large enough for notebook 14's spatial econometrics and kept small for the test time.
NATIONAL_REGIONS = 40
# The chain that a weighting reaches: cleaning, normalisation, weights, coupling and the method variants.
WEIGHTING_CHAIN = ("01", "02", "03", "04", "13")
# What notebook 14 (spatial spillovers) reads, for the national panel.
SPILLOVER_CHAIN = ("01", "02", "03", "04", "14")


def _chain(folder: Path, numbers: tuple[str, ...]) -> Path:
    """A notebooks folder holding copies of the numbered notebooks ``numbers``."""
    from helpers.data.paths import numbered_notebooks

    folder.mkdir(parents=True, exist_ok=True)
    for notebook in numbered_notebooks():
        if notebook.name[:2] in numbers:
            shutil.copy(notebook, folder / notebook.name)
    return folder


def _toml_with(data_dir: Path, province: str, analysis: str) -> Path:
    """A copy of a bundled province whose province.toml sets ``analysis`` (TOML lines) in [analysis]."""
    shutil.copytree(DEFAULT_DATA_DIR / province, data_dir / province)
    shutil.copytree(DEFAULT_DATA_DIR / "reference", data_dir / "reference")
    toml = data_dir / province / "province.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    keys = {line.split("=")[0].strip() for line in analysis.splitlines()}
    lines = [line for line in lines if line.split("=")[0].strip() not in keys]   # the values replaced
    at = lines.index("[analysis]") + 1
    toml.write_text("\n".join([*lines[:at], *analysis.splitlines(), *lines[at:]]) + "\n", encoding="utf-8")
    return data_dir


@pytest.fixture(scope="session")
def session_runs(tmp_path_factory) -> dict:
    """Every run the slow tests read, in one pool of processes: the bundled provinces (default options but
    PIPELINE_DRAWS), Qinghai with every option changed (equal weights among them), the weighting chain
    with CRITIC weights given as a parameter and with entropy–CRITIC weights written in province.toml
    (Wang's formula as a parameter beside them), and notebook 14 on a synthetic national panel."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from helpers.data.synthetic import national_panel
    from helpers.pipeline.runner import run_province_safely

    out = tmp_path_factory.mktemp("pipeline")
    raw_checksums(out / "raw_before.json")
    toml_data = _toml_with(out / "toml_data", "qinghai", 'weighting = "entropy-critic"\nbootstrap_reps = 20')
    chain = _chain(out / "weighting_notebooks", WEIGHTING_CHAIN)
    jobs = {p: {"province": p, "output_dir": str(out), "parameters": {"language": PIPELINE_LANGUAGE[p], **PIPELINE_DRAWS}}
            for p in BUNDLED}
    jobs["every_option"] = {"province": "qinghai", "output_dir": str(out / "every_option"),
                            "parameters": EVERY_OPTION_CHANGED}
    jobs["critic"] = {"province": "qinghai", "output_dir": str(out / "critic"), "notebooks_dir": chain,
                      "parameters": {"weighting": "critic", "bootstrap_reps": 20}}
    jobs["entropy_critic_toml"] = {"province": "qinghai", "output_dir": str(out / "entropy_critic_toml"),
                                   "data_dir": str(toml_data), "notebooks_dir": chain,
                                   "parameters": {"coupling_formula": "wang"}}
    national_data = out / "national_data"
    national_panel(NATIONAL_REGIONS, national_data, slug="national")
    jobs["national"] = {"province": "national", "output_dir": str(out / "national"), "data_dir": str(national_data),
                        "notebooks_dir": _chain(out / "spillover_notebooks", SPILLOVER_CHAIN),
                        "parameters": {"permutations": 99, "bootstrap_reps": 50, "knn_k": 5}}
    # three processes on two cores: the kernels spend part of their time starting and waiting
    with ProcessPoolExecutor(max_workers=3, mp_context=get_context("spawn")) as pool:
        futures = {name: pool.submit(run_province_safely, progress=None, **job) for name, job in jobs.items()}
        runs = {name: future.result() for name, future in futures.items()}
    failed = [f"{name}: {r.message}" for name, r in runs.items() if not r.ok]
    assert not failed, "\n".join(failed)
    return {"root": out, "runs": runs, "jobs": jobs}


@pytest.fixture(scope="session")
def pipeline_output(session_runs) -> Path:
    """The output folder of the bundled provinces' runs (default options)."""
    return session_runs["root"]
