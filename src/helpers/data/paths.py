"""Every path the project reads or writes, built from the project root.

Raw data is read from ``<data_dir>/<province>/`` (default ``data/raw``), results are written under
``<output_dir>`` (default: the project root) as ``data/processed/<province>``, ``figures/<province>``
and ``reports/<province>``. The environment variables ``HELPERS_DATA_DIR`` and
``HELPERS_OUTPUT_DIR`` override the defaults, so that nbval (which runs in ``notebooks/``) and
users' own folders work without ``os.chdir``.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

SHARE_NAME = "rural-urban-coupling"   # <prefix>/share/<SHARE_NAME>: the notebooks and data an installed wheel carries


def _project_root() -> Path:
    """The checkout this module lives in (an editable install or the source tree) or, for a package
    installed with ``pip install .``, the copy of the notebooks and bundled data the wheel puts under
    ``<prefix>/share/rural-urban-coupling`` (pyproject.toml ``[tool.setuptools.data-files]``)."""
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "notebooks").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return Path(sys.prefix) / "share" / SHARE_NAME


PROJECT_ROOT = _project_root()
IS_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "raw"
REFERENCE_DIRNAME = "reference"
ENV_DATA_DIR = "HELPERS_DATA_DIR"
ENV_OUTPUT_DIR = "HELPERS_OUTPUT_DIR"

_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LABEL = re.compile(r"^[a-z0-9][a-z0-9_]{0,29}$")


def check_slug(province: str) -> str:
    """Return ``province`` if it is a plain slug (lower-case ASCII letters, digits, ``_``).

    Anything else, in particular a path such as ``../x`` or ``data/raw/qinghai``, is refused so
    that a province argument can never point outside the data folder.
    """
    if not isinstance(province, str) or not _SLUG.match(province) or province == REFERENCE_DIRNAME:
        raise UserError(
            f"province {province!r} is not a plain slug: use lower-case ASCII letters, digits "
            "and '_' (starting with a letter, at most 40 characters), e.g. 'qinghai'"
        )
    return province


def check_label(label: str | None) -> str | None:
    """Return ``label`` (the name of a variant run) if it is a plain name, or None."""
    if label is not None and (not isinstance(label, str) or not _LABEL.match(label)):
        raise UserError(f"label {label!r} is not a plain name: use lower-case ASCII letters, digits and '_' "
                        "(at most 30 characters), e.g. 'wang' or 'critic_weights'")
    return label


def numbered_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """``NN_*.ipynb`` of ``folder`` in order (the analysis chain, or a run's executed notebooks)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder that holds one sub-folder per province (and ``reference/``)."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def resolve_output_dir(output_dir: str | os.PathLike | None = None) -> Path:
    """The folder under which ``data/processed``, ``figures`` and ``reports`` are written: by default the
    checkout, or the working directory for an installed package (never the installation itself)."""
    chosen = output_dir or os.environ.get(ENV_OUTPUT_DIR) or (PROJECT_ROOT if IS_CHECKOUT else Path.cwd())
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class ProvincePaths:
    """Input and output folders of one province (of one labelled variant run when ``label`` is set).

    A variant run ``label`` of ``qinghai`` writes to ``data/processed/qinghai-label`` etc., beside
    the default results, which it never touches ('-' cannot occur in a province slug).
    """

    province: str
    data_dir: Path
    output_dir: Path
    label: str | None = None

    @property
    def results_name(self) -> str:
        """Folder name of this result set: the province, or ``<province>-<label>``."""
        return self.province if self.label is None else f"{self.province}-{self.label}"

    @property
    def raw(self) -> Path:
        return self.data_dir / self.province

    @property
    def reference(self) -> Path:
        return self.data_dir / REFERENCE_DIRNAME

    @property
    def processed(self) -> Path:
        return self.output_dir / "data" / "processed" / self.results_name

    @property
    def figures(self) -> Path:
        return self.output_dir / "figures" / self.results_name

    @property
    def reports(self) -> Path:
        return self.output_dir / "reports" / self.results_name

    @property
    def failed_reports(self) -> Path:
        """Where the executed notebooks of the last failed run are kept."""
        return self.output_dir / "reports" / ".failed" / self.results_name

    @property
    def output_folders(self) -> tuple[Path, Path, Path]:
        """The three folders a run of this province owns."""
        return (self.processed, self.figures, self.reports)

    def processed_file(self, name: str) -> Path:
        return self.processed / name

    def ensure_output_folders(self) -> None:
        for folder in self.output_folders:
            folder.mkdir(parents=True, exist_ok=True)


def province_paths(
    province: str,
    data_dir: str | os.PathLike | None = None,
    output_dir: str | os.PathLike | None = None,
    label: str | None = None,
) -> ProvincePaths:
    """Paths of ``province`` with the data and output folders resolved (arguments, env, default)."""
    return ProvincePaths(check_slug(province), resolve_data_dir(data_dir), resolve_output_dir(output_dir),
                         check_label(label))


def display_path(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (stable notebook output)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
