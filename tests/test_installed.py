"""`pip install .` outside the checkout: the wheel carries the notebooks and the bundled data, and
`python -m helpers run --data-dir … --output-dir …` runs a province with the installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import write_tiny_province
from helpers.data.paths import PROJECT_ROOT, SHARE_NAME, numbered_notebooks

pytestmark = pytest.mark.slow   # builds a wheel, makes a virtual environment and runs the notebooks

SOURCES = ("src", "notebooks", "data/raw", "data/synthetic", "pyproject.toml", "README.md", "LICENSE")


def _copy_tree(target: Path) -> Path:
    """What the wheel is built from, copied so that the build leaves nothing in the checkout."""
    for name in SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)
    return target


def test_an_installed_package_runs_a_province_outside_the_checkout(tmp_path):
    python = Path(sys.executable)
    tree = _copy_tree(tmp_path / "tree")
    subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path / "dist", tree],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", venv], check=True)
    installed = venv / "bin" / "python"
    # the dependencies come from the project's environment (a path in a .pth file, whose own .pth
    # files, among them the editable install of this checkout, are not read); helpers from the wheel
    site = Path(subprocess.run([installed, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([installed, "-m", "pip", "install", "-q", "--no-deps", wheel], check=True, capture_output=True)
    subprocess.run([installed, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], check=True,
                   capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPERS_") and k not in ("PYTHONPATH", "JUPYTER_PATH")}
    # the dependencies' Jupyter data (nbconvert's templates) lie in the project environment's prefix too
    env["JUPYTER_PATH"] = os.pathsep.join([str(venv / "share" / "jupyter"), str(Path(sys.prefix) / "share" / "jupyter")])
    where = subprocess.run([installed, "-c", "import helpers.data.paths as p; print(p.PROJECT_ROOT, p.IS_CHECKOUT)"],
                           check=True, capture_output=True, text=True, env=env, cwd=tmp_path).stdout.split()
    assert where == [str(venv / "share" / SHARE_NAME), "False"]
    assert len(list((venv / "share" / SHARE_NAME / "notebooks").glob("[0-9][0-9]_*.ipynb"))) == len(numbered_notebooks())

    data = tmp_path / "my_data"
    write_tiny_province(data)
    out = tmp_path / "my_results"
    run = subprocess.run([installed, "-m", "helpers", "run", "--province", "tiny", "--data-dir", data, "--output-dir", out],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert (out / "data" / "processed" / "tiny" / "coupling.csv").is_file()
    assert (out / "reports" / "tiny" / "appendix.html").is_file()
    assert not (venv / "share" / SHARE_NAME / "data" / "processed").exists()   # nothing written into the installation
