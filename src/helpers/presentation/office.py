"""Office files: the result tables as one Word document, and the fixed timestamps that make Office
files (Word and Excel are zip archives) the same bytes on every run.

The Word tables are three-line tables (三线表) as Chinese theses set them: a thick rule above the
header, a thin one under it, a thick one under the last row, no vertical rules; the caption above
the table is numbered in the run's language (表 1 / Table 1), the notes and the data-status note of
synthetic or mixed data go under it, and numbers are rounded as in the LaTeX tables.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import labels

FIXED_TIME = (1980, 1, 1, 0, 0, 0)   # the earliest time a zip entry can carry
_CORE_TIMES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
RULES = {"thick": 12, "thin": 6}     # eighths of a point: 1.5 pt and 0.75 pt


def reproducible_zip(path: Path) -> Path:
    """Rewrite an Office file with fixed entry times and fixed created/modified properties, so that
    the same tables give the same bytes (openpyxl and python-docx stamp the current time)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(r"\g<1>1980-01-01T00:00:00Z\g<3>", data.decode("utf-8")).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            target.writestr(fixed, data)
    return path


def cell_text(value, decimals: int) -> str:
    """A number rounded to ``decimals`` (integers as they are), NaN as an en dash, text unchanged.

    Examples
    --------
    >>> cell_text(0.123456, 3), cell_text(7, 3), cell_text(float("nan"), 2), cell_text("Xining", 2)
    ('0.123', '7', '–', 'Xining')
    """
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return "–" if np.isnan(value) else f"{value:.{decimals}f}"
    return str(value)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Row labels as the first column(s) and one header row (levels of a MultiIndex joined)."""
    frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in parts if str(p) and not str(p).startswith("level_")) for parts in frame.columns]
    frame.columns = ["" if str(c) == "index" else str(c) for c in frame.columns]
    return frame


def _border(cell, edge: str, size: int | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    borders = properties.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        properties.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single" if size else "nil")
    if size:
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:color"), "000000")
    borders.append(line)


def three_line_table(document, frame: pd.DataFrame, decimals: int, size: float = 9):
    """Add ``frame`` (row labels included) as a three-line table to a python-docx document."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    flat = _flat(frame)
    table = document.add_table(rows=len(flat) + 1, cols=flat.shape[1])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [list(flat.columns)] + [[cell_text(v, decimals) for v in row] for row in flat.itertuples(index=False)]
    last = len(rows) - 1
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.text = value
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = i == 0
            for edge in ("left", "right", "insideV", "insideH"):
                _border(cell, edge, None)
            _border(cell, "top", RULES["thick"] if i == 0 else None)
            _border(cell, "bottom", RULES["thin"] if i == 0 else RULES["thick"] if i == last else None)
    return table


def write_docx(tables, meta, target: Path, language: str) -> Path:
    """Every result table as a numbered three-line table of one Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")   # 宋体 for Chinese
    province = labels.province_name(meta.config, language)
    document.core_properties.title = labels.text("word.title", language, province=province)
    document.core_properties.author = "rural-urban-coupling"
    document.add_heading(labels.text("word.title", language, province=province), level=1)
    note = labels.status_note(meta.config.data_status, language)
    for number, table in enumerate(tables, start=1):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(labels.text("word.caption", language, number=number, title=table.title))
        run.font.bold = True
        run.font.size = Pt(10.5)
        three_line_table(document, table.frame, table.decimals)
        for line in [*table.shown_notes, *([note] if note else [])]:
            below = document.add_paragraph()
            small = below.add_run(line)
            small.font.size = Pt(8)
        document.add_paragraph()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return reproducible_zip(target)
