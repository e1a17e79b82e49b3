"""The record of a run: parameters, versions, git commit and the sha256 of every input and output.

``reports/<province>/manifest.json`` is written by every successful run; ``verify`` recomputes the
output checksums against it.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from ..data.paths import PROJECT_ROOT

MANIFEST_NAME = "manifest.json"
PACKAGES = ("rural-urban-coupling", "numpy", "pandas", "scipy", "matplotlib", "seaborn", "papermill",
            "nbconvert", "ipykernel", "openpyxl", "mpl-font", "distributed", "libpysal", "esda", "giddy",
            "inequality", "mapclassify", "geopandas", "shapely", "pyproj", "linearmodels", "statsmodels",
            "python-docx", "fonttools", "latex2mathml", "selenium")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums_as(folders: list[tuple[Path, Path]], root: Path) -> dict[str, str]:
    """sha256 of every file under each ``(where, named_as)`` pair, keyed as if it lay in ``named_as``.

    A run computes the checksums in its staging folder under the names the files will have after
    the swap into place (relative to ``root``).
    """
    out = {}
    for where, named_as in folders:
        for p in sorted(p for p in where.rglob("*") if p.is_file() and p.name != MANIFEST_NAME):
            out[(named_as / p.relative_to(where)).relative_to(root).as_posix()] = sha256(p)
    return dict(sorted(out.items()))


def checksums(root: Path, folders: list[Path]) -> dict[str, str]:
    """sha256 of every file under ``folders`` (manifests excepted), keyed by the path relative to ``root``."""
    return checksums_as([(f, f) for f in folders], root)


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state() -> dict[str, Any]:
    """Commit of the project checkout and whether it has uncommitted changes (None outside git)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def write_manifest(path: Path, content: dict[str, Any]) -> Path:
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def verify_outputs(output_root: Path, manifest: dict[str, Any]) -> list[str]:
    """Differences between the outputs on disk and the checksums of the manifest (empty: all match)."""
    problems = []
    for relative, expected in manifest.get("outputs", {}).items():
        path = output_root / relative
        if not path.is_file():
            problems.append(f"{relative}: missing")
        elif sha256(path) != expected:
            problems.append(f"{relative}: changed since the run (sha256 differs)")
    return problems


def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(), "packages": package_versions()}
