"""Helpers for the rural–urban coupling notebooks.

Four layers, each importing only from the layers above it:

* ``helpers.methods`` — the mathematics, one pure module per method family (weights, coupling,
  comparison, density, obstacle, grey, …). They take and return pandas objects, read no files and
  import nothing else from this package; each module's docstring gives its formulas and sources.
* ``helpers.data`` — the data contract: province folders and ``province.toml``, validation, reading
  and writing tables, the catalog of every output, reference facts, the synthetic generator.
* ``helpers.presentation`` — what a reader sees: words in English and Chinese (``labels``),
  figures, generated interpretations, thesis tables and exports.
* ``helpers.pipeline`` — running the notebooks: the context of a notebook, the papermill runner,
  manifests and the command line (``python -m helpers``).

``from helpers import weights`` (and every other method module) imports ``helpers.methods.weights``.
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType

# PySAL packages import tqdm.auto, which warns in a Jupyter kernel without ipywidgets; no progress bar is shown here.
warnings.filterwarnings("ignore", message="IProgress not found")

__version__ = "0.2.0"

METHOD_MODULES = ("cleaning", "weights", "coupling", "comparison", "density", "obstacle", "grey", "spatial",
                  "disparity", "dynamics", "forecast", "drivers", "robustness", "topsis", "centres", "econometrics")


def __getattr__(name: str) -> ModuleType:
    # PEP 562: the method modules are reachable as helpers.<name> without importing them all up front.
    if name in METHOD_MODULES:
        return importlib.import_module(f"{__name__}.methods.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *METHOD_MODULES])
