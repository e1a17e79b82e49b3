"""Thesis-ready exports of a province: LaTeX tables, one Excel workbook, an HTML appendix.

* ``reports/<province>/tables/<key>.tex``: booktabs three-line tables with caption and label; the
  caption says when the data are synthetic. Chinese text needs a CJK-capable LaTeX setup (ctex or
  xeCJK with XeLaTeX); ``\\usepackage{booktabs}`` is required.
* ``reports/<province>/tables/<province>_tables.xlsx``: every result table and every processed CSV
  as a sheet, the data-status note in the first row.
* ``reports/<province>/appendix.html``: the executed notebooks in order, code hidden, a table of
  contents, the parameters and the data status on the first page, figures embedded.
"""

from __future__ import annotations

import hashlib
import html
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..data import catalog
from ..data.config import AnalysisOptions
from ..data.io import read_table
from ..data.paths import ProvincePaths, numbered_notebooks
from ..data.validate import Meta
from . import labels
from .appendix import caption_list, captioned, offline, write_pdf
from .office import reproducible_zip, write_docx
from .tables import ResultTable, result_tables

APPENDIX = "appendix.html"
APPENDIX_PDF = "appendix.pdf"
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                  "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def caption(title: str, meta: Meta, language: str) -> str:
    """Province, title and, for data that are not official, the note (in ``language``)."""
    text = labels.text("table.caption", language, province=labels.province_name(meta.config, language), title=title)
    note = labels.status_note(meta.config.data_status, language)
    return labels.text("table.caption_note", language, caption=text, note=note) if note else text


def to_latex(table: ResultTable, meta: Meta, language: str) -> str:
    """A booktabs table (\\toprule, \\midrule, \\bottomrule) with caption, label and notes below."""
    frame = table.frame.reset_index()  # the row labels become the first column of a three-line table
    cells = frame.map(lambda v: labels.cell_text(v, table.decimals, empty="---"))   # as the Word tables, LaTeX's dash
    styler = cells.style.format(escape="latex").hide(axis="index")
    styler = styler.format_index(escape="latex", axis=1)
    latex = styler.to_latex(caption=latex_escape(caption(table.title, meta, language)),
                            label=f"tab:{meta.config.slug}-{table.key.replace('_', '-')}",
                            hrules=True, position="htbp", position_float="centering")
    if table.shown_notes:
        notes = "\\par\\footnotesize " + " ".join(latex_escape(n) for n in table.shown_notes) + "\n"
        latex = latex.replace("\\end{table}", notes + "\\end{table}")
    return latex


def write_latex_tables(tables: list[ResultTable], meta: Meta, folder: Path, *, language: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.key}.tex"
        path.write_text(to_latex(table, meta, language), encoding="utf-8")
        written.append(path)
    return written


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    candidate, i = base, 2
    while candidate in used:
        candidate = f"{base[:28]}_{i}"
        i += 1
    used.add(candidate)
    return candidate


WORKBOOK_MAX_ROWS = 15_000   # a processed CSV longer than this stays a CSV file only


def write_workbook(tables: list[ResultTable], paths: ProvincePaths, meta: Meta, target: Path, *, language: str) -> Path:
    """Every result table, then every processed CSV of at most WORKBOOK_MAX_ROWS rows, as sheets of
    one workbook (caption and note in row 1); a last sheet lists the longer CSV files left out.

    The sheets show words in the run's language where the CSV files hold codes (:mod:`.workbook`),
    and "—" with a note under the sheet for an empty cell."""
    from openpyxl.styles import Font

    from .workbook import Translator, blanks_as_dash

    target.parent.mkdir(parents=True, exist_ok=True)
    note = labels.status_note(meta.config.data_status, language)
    translator = Translator(meta, language)
    used: set[str] = set()
    sheets: list[tuple[str, str, pd.DataFrame, bool, tuple[str, ...]]] = []
    for t in tables:
        frame, blank = blanks_as_dash(t.every_row.round(t.decimals))
        sheets.append((_sheet_name(t.key, used), caption(t.title, meta, language), frame, True,
                       (*t.notes, *([labels.term("workbook.blank", language)] if blank else []))))
    left_out = []
    for csv in sorted(paths.processed.glob("*.csv")):
        output = catalog.BY_FILE.get(csv.name)
        title = (labels.term("workbook.file", language, title=labels.pick(output.caption, language), file=csv.name)
                 if output else csv.name)
        frame = read_table(csv)
        if len(frame) > WORKBOOK_MAX_ROWS:
            left_out.append(labels.term("workbook.rows", language, file=csv.name,
                                        rows=labels.whole_number(len(frame), language)))
            continue
        frame, blank = translator.frame(frame, output or csv.stem)
        # a data sheet is named by its file, as the captions and the appendix name it
        sheets.append((_sheet_name(csv.name, used), caption(title, meta, language), frame, False,
                       (labels.term("workbook.blank", language),) if blank else ()))
    if left_out:   # the CSV files of a national panel are too long to be read as sheets
        notice = labels.text("workbook.left_out", language, files=labels.listing(left_out, language),
                             rows=labels.whole_number(WORKBOOK_MAX_ROWS, language))
        sheets.append((_sheet_name(labels.term("workbook.left_out_sheet", language), used), caption(notice, meta, language),
                       pd.DataFrame({labels.term("workbook.file_column", language): left_out}), False, ()))
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, title, frame, keep_index, notes in sheets:
            frame.to_excel(writer, sheet_name=name, startrow=2, index=keep_index)
            sheet = writer.sheets[name]
            sheet["A1"] = title
            sheet["A1"].font = Font(bold=True, italic=bool(note), color="B22222" if note else "000000")
            below = sheet.max_row + 2
            for i, line in enumerate(notes):
                sheet.cell(row=below + i, column=1, value=line)
        writer.book.properties.creator = "rural-urban-coupling"
    return reproducible_zip(target)


def _title_page(meta: Meta, manifest: dict[str, Any], language: str) -> str:
    c = meta.config
    systems = labels.join([labels.pick((s.name, s.name_zh), language) for s in c.systems], language)
    lines = [f"# {labels.text('appendix.title', language, province=labels.province_name(c, language))}", "",
             labels.text("appendix.scope", language, regions=len(meta.regions), first=c.first_year, last=c.last_year,
                         indicators=len(meta.indicators), systems=systems), "",
             "> " + labels.text("appendix.status", language, label=labels.term("data_status", language),
                                description=labels.status_description(c.data_status, language)), ""]
    if manifest.get("label"):
        lines += [labels.text("banner.variant", language, label=manifest["label"]), ""]
    lines += [f"| {labels.term('parameter', language)} | {labels.term('value', language)} |", "|---|---|"]
    for label, value in labels.option_rows(manifest.get("options", {}), language):
        lines.append(f"| {_cell(label)} | {_cell(value)} |")
    git = manifest.get("git", {})
    lines += ["", labels.text("appendix.provenance", language, commit=git.get("commit"),
                              dirty=labels.text("appendix.dirty", language) if git.get("dirty") else "",
                              python=manifest.get("environment", {}).get("python"))]
    return "\n".join(lines)


_SUBSCRIPTS = str.maketrans({chr(0x2080 + d): f"<sub>{d}</sub>" for d in range(10)})


def _cell(text: str) -> str:
    """Text in a cell of a markdown table: a ``|`` (of |U₁ − U₂|) escaped, so that it does not end the
    cell, and subscript digits as <sub> (the appendix font has no glyph for ₁)."""
    return str(text).replace("|", "\\|").translate(_SUBSCRIPTS)


def _anchor(text: str) -> str:
    """The id of a heading, in ASCII (an id and the link to it must be the same string): the slug of
    its Latin letters and digits, and for a heading with other characters (Chinese) a short hash of
    it, so that every Chinese heading of a notebook has its own id.

    Examples
    --------
    >>> _anchor("Moran's I"), _anchor("结果解读") != _anchor("驱动因素")
    ('moran-s-i', True)
    """
    slug = re.sub(r"[^0-9a-zA-Z]+", "-", text).strip("-").lower()
    if text.isascii():
        return slug or "section"
    digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}" if slug else f"h{digest}"


def appendix_notebook(notebooks: list[Path], meta: Meta, manifest: dict[str, Any], *, language: str):
    """One notebook: title page, table of contents, then every notebook's cells (without the parameters, the
    key numbers printed for nbval and the cells tagged ``notebook-only``)."""
    import nbformat

    merged = nbformat.v4.new_notebook()
    toc = [f"## {labels.term('contents', language)}", ""]
    body = []
    for i, path in enumerate(notebooks, start=1):
        nb = nbformat.read(path, as_version=4)
        if i == 1:
            merged.metadata = nb.metadata
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            # the parameters, the key numbers printed for nbval's regression check and the hints for someone
            # working in JupyterLab (cells tagged notebook-only) are not for readers of the thesis
            if tags & {"parameters", "injected-parameters", "notebook-only"} or cell.source.startswith("# NBVAL_CHECK_OUTPUT"):
                continue
            if cell.cell_type == "markdown":
                lines = []
                for line in cell.source.splitlines():
                    level = len(line) - len(line.lstrip("#"))
                    if 1 <= level <= 2 and line[level:level + 1] == " ":
                        anchor = f"nb{i:02d}-{_anchor(line[level:])}"
                        lines.append(f'<a id="{anchor}"></a>')
                        toc.append(f"{'  ' * (level - 1)}- [{html.escape(line[level:].strip())}](#{anchor})")
                    lines.append(line)
                cell.source = "\n".join(lines)
            body.append(cell)
    figures, tables = captioned(body, language)   # numbered captions; stderr left out
    # fixed ids: nbformat would draw random ones, and the appendix must be the same file on every run
    merged.cells = [nbformat.v4.new_markdown_cell(_title_page(meta, manifest, language), id="appendix-title"),
                    nbformat.v4.new_markdown_cell("\n".join(toc), id="appendix-contents"),
                    *[nbformat.v4.new_markdown_cell(caption_list(entries, labels.term(key, language)), id=f"appendix-{key}")
                      for entries, key in ((figures, "list_of_figures"), (tables, "list_of_tables")) if entries]] + body
    return merged


def write_appendix(notebooks: list[Path], meta: Meta, manifest: dict[str, Any], target: Path, *, language: str) -> Path:
    """The HTML appendix with code hidden, figures and the Chinese font embedded, formulas in MathML
    and no script: it opens offline in any browser (see :mod:`.appendix`)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(appendix_notebook(notebooks, meta, manifest, language=language))
    title = labels.text("appendix.title", language, province=labels.province_name(meta.config, language))
    body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
    body = body.replace("<html>", f'<html lang="{labels.pick(("en", "zh-CN"), language)}">', 1)
    target.write_text(offline(body), encoding="utf-8")
    return target


def run_options(manifest: dict[str, Any]) -> AnalysisOptions:
    """The method options a run used, as its manifest records them."""
    options = dict(manifest["options"])
    if options.get("system_weights") is not None:
        options["system_weights"] = tuple(options["system_weights"])
    return AnalysisOptions(**options)


def build_reports(paths: ProvincePaths, meta: Meta, manifest: dict[str, Any], *, language: str) -> list[Path]:
    """Write the LaTeX tables, the workbook and the appendix of a run; return the files written."""
    tables = result_tables(paths, meta, run_options(manifest), language=language)
    folder = paths.reports / "tables"
    written = write_latex_tables(tables, meta, folder, language=language)
    written.append(write_workbook(tables, paths, meta, folder / f"{meta.config.slug}_tables.xlsx", language=language))
    written.append(write_docx(tables, meta, folder / f"{meta.config.slug}_tables.docx", language))
    executed = numbered_notebooks(paths.reports)
    if executed:
        page = write_appendix(executed, meta, manifest, paths.reports / APPENDIX, language=language)
        written.append(page)
        pdf = write_pdf(page, paths.reports / APPENDIX_PDF)
        if pdf is None:
            print(labels.text("appendix.no_chromium", language), file=sys.stderr)
        else:
            written.append(pdf)
    return written
