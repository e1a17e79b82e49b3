"""What every notebook sets up in its derive cell: paths, province metadata, language, style.

``ctx = open_context(province, data_dir, output_dir, language)`` replaces a dozen lines that would
otherwise be repeated in each notebook; reading and writing the processed tables (through the
outputs of :mod:`helpers.data.catalog`) and saving figures go through it, so that every file gets
the data-status note.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import IPython.display
import pandas as pd
from IPython.display import Markdown

from ..data.catalog import Output
from ..data.config import AnalysisOptions, ProvinceConfig, resolve_options
from ..data.io import read_table, write_table
from ..data.paths import ProvincePaths, display_path, province_paths
from ..data.validate import Meta, load_meta
from ..presentation import labels, plotting

NOTEBOOK_ENV = "HELPERS_NOTEBOOK"   # set by the runner in each kernel: the notebook it executes
READS_FOLDER = ".reads"             # under reports/<province>/ during a run: the outputs each notebook read


@dataclass
class Context:
    paths: ProvincePaths
    meta: Meta
    language: str
    overrides: Mapping[str, Any] = field(default_factory=dict)   # the run's options beyond province.toml

    @cached_property
    def options(self) -> AnalysisOptions:
        """The method options of the run: province.toml ``[analysis]`` with the run's own values applied.

        The runner resolves them once and passes the same values to every notebook, so that every
        notebook of a run uses the same weighting, formula, shift, seed …
        """
        return resolve_options(self.config, **self.overrides)

    @property
    def config(self) -> ProvinceConfig:
        return self.meta.config

    @property
    def regions(self) -> pd.DataFrame:
        return self.meta.regions

    @property
    def indicators(self) -> pd.DataFrame:
        return self.meta.indicators

    @cached_property
    def names(self) -> labels.Names:
        """Names of regions, systems, dimensions, indicators and groups in the notebook's language."""
        return labels.names_for(self.config, self.regions, self.indicators, self.language)

    @property
    def note(self) -> str | None:
        """The data-status note in the notebook's language (None for official data)."""
        return labels.status_note(self.config.data_status, self.language)

    def read(self, output: Output) -> pd.DataFrame:
        """A table an earlier notebook wrote to ``data/processed/<province>/``.

        Under the runner, every read is recorded (:data:`READS_FOLDER`), so that a run can show that
        each notebook reads exactly what the catalog declares (the order of a run rests on it).
        """
        path = self.paths.processed_file(output.file)
        if not path.is_file():
            raise FileNotFoundError(f"{display_path(path)} does not exist: run notebook {output.notebook} first")
        notebook = os.environ.get(NOTEBOOK_ENV)
        if notebook:
            record = self.paths.reports / READS_FOLDER / f"{notebook}.txt"
            record.parent.mkdir(parents=True, exist_ok=True)
            with record.open("a", encoding="utf-8") as handle:
                handle.write(output.name + "\n")
        return read_table(path)

    def write(self, frame: pd.DataFrame, output: Output) -> Path:
        """Write a result table (CSV, UTF-8 with BOM, rows in the catalog's order) with the data-status column."""
        missing = [c for c in output.columns if c not in frame.columns]
        if missing:  # a programming error: the notebook and the catalog disagree
            raise ValueError(f"{output.file} lacks the catalog's column(s) {', '.join(missing)}")
        return write_table(frame, self.paths.processed_file(output.file), list(output.sort_by) or None,
                           labels.status_label(self.config.data_status, "en"))

    def write_empty(self, *outputs: Output) -> None:
        """Write each output with its columns and no rows: an analysis that does not apply to this province
        (the reason is printed by the notebook), so that every file of the catalog exists after a run."""
        for output in outputs:
            self.write(pd.DataFrame(columns=list(output.columns)), output)

    def boundaries(self):
        """The checked prefecture boundaries (GeoDataFrame, WGS84, order of regions.csv), or None."""
        from ..data.boundaries import load_boundaries

        return load_boundaries(self.paths.raw, self.regions)

    def coordinates(self) -> pd.DataFrame | None:
        """The checked points of coordinates.csv (region_code, lon, lat; WGS84), or None."""
        from ..data.boundaries import load_coordinates

        return load_coordinates(self.paths.raw, self.regions)

    def drivers(self) -> pd.DataFrame | None:
        """The external drivers of drivers.csv (region_code, year, one column per driver), or None."""
        from ..data.validate import load_drivers

        return load_drivers(self.paths, self.meta)

    def save(self, fig, stem: str) -> None:
        """Save a figure (PNG + PDF) to ``figures/<province>/`` with the data-status note.

        Returns nothing, so that a notebook cell ending with it shows the figure and no file paths.
        """
        plotting.save_figure(fig, stem, self.paths.figures, self.note)

    def banner(self) -> Markdown:
        """A visible statement of what the data are, for the top of every notebook."""
        c = self.config
        head = labels.text("banner.head", self.language, province=labels.province_name(c, self.language),
                           regions=len(self.regions), first=c.first_year, last=c.last_year, indicators=len(self.indicators))
        status = labels.status_description(c.data_status, self.language)
        warning = "⚠️ " if c.data_status != "official" else ""
        return Markdown(f"> {warning}{labels.paragraph([head, status], self.language)}")


def open_context(province: str, data_dir: str | None = None, output_dir: str | None = None,
                 language: str = "en", options: Mapping[str, Any] | None = None, meta: Meta | None = None) -> Context:
    """Resolve paths, load the province's metadata, apply the figure style and show the banner that says
    what the data are (synthetic or official) at the top of the notebook.

    ``options`` are method options that differ from province.toml (the ``options`` parameter of
    every notebook); invalid ones are refused here, before anything is computed.
    """
    paths = province_paths(province, data_dir, output_dir)
    plotting.setup(labels.check_language(language))
    pd.set_option("display.max_colwidth", None)   # a table of the section shows option names and labels uncut
    paths.ensure_output_folders()
    context = Context(paths, meta if meta is not None else load_meta(paths), language, dict(options or {}))
    context.options  # noqa: B018 - checked now, so that a bad option fails the first cell
    IPython.display.display(context.banner())   # looked up at call time: tests capture what a notebook shows
    return context
