"""Office files: the result tables as one Word document, and the fixed timestamps that make Office
files (Word and Excel are zip archives) the same bytes on every run.

The Word document is laid out as the common Chinese thesis templates ask: A4, margins of 2.5 cm,
宋体 for Chinese and Times New Roman for Latin letters and digits (``w:eastAsia`` and ``w:ascii``
of every style, the theme fonts removed), 五号 (10.5 pt) in the tables and 小五 (9 pt) in the notes,
黑体 for the title; a table whose words would not fit the text width at 五号 is set in 小五 (9 pt),
as thesis templates allow for large tables. Fonts are named, not embedded (宋体 may not be redistributed): Word on a Chinese
system has both; elsewhere Word or LibreOffice substitutes the closest installed fonts.

The tables are three-line tables (三线表): a thick rule above the header, a thin one under it, a
thick one under the last row, no vertical rules, the header row repeated on every page a long table
runs over. The caption above each table is a Word caption (style 题注/Caption with a SEQ field, so
that Word can list the tables and cross-reference them), numbered in the run's language (表1 /
Table 1) and kept on the page of its table; the notes and the data-status note of synthetic or
mixed data go under it, and numbers are rounded as in the LaTeX tables.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from . import labels

FIXED_TIME = (1980, 1, 1, 0, 0, 0)   # the earliest time a zip entry can carry
A4 = (21.0, 29.7)                    # cm
MARGIN = 2.5                         # cm, on every side
LATIN_FONT = "Times New Roman"
CHINESE_FONT = "宋体"                # SimSun
HEADING_FONT = "黑体"                # SimHei
TABLE_SIZE = 10.5                    # 五号
SMALL_TABLE_SIZE = 9                 # 小五, for a table too wide for 五号
NOTE_SIZE = 9                        # 小五
TITLE_SIZE = 16                      # 三号
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


_HAN = re.compile(r"[\u3400-\u9fff]")


def _joined(parts: list[str]) -> str:
    """The levels of a column header on one line: a space between words, none beside Chinese (GB/T 15834).

    Examples
    --------
    >>> _joined(["Rural revitalization", "I"]), _joined(["乡村振兴", "p"])
    ('Rural revitalization I', '乡村振兴p')
    """
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _HAN.search(out[-1:] + part[:1]) else " ") + part
    return out


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Row labels as the first column(s) and one header row (levels of a MultiIndex joined)."""
    frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [_joined([str(p) for p in parts if str(p) and not str(p).startswith("level_")])
                         for parts in frame.columns]
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


def set_fonts(element, latin: str = LATIN_FONT, east_asian: str = CHINESE_FONT) -> None:
    """Name the Latin and the East Asian font of a style's, a run's or the defaults' ``w:rPr`` (the
    theme fonts, which would win over the names, are removed)."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _style(document, name: str, size: float, east_asian: str = CHINESE_FONT, bold: bool | None = None):
    from docx.shared import Pt, RGBColor

    style = document.styles[name]
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    set_fonts(style.element.get_or_add_rPr(), east_asian=east_asian)
    style.font.italic = False
    return style


def thesis_layout(document, language: str) -> None:
    """A4 with 2.5 cm margins, page numbers in the footer, fonts and sizes of a Chinese thesis."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    for section in document.sections:
        section.page_width, section.page_height = Cm(A4[0]), Cm(A4[1])
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(MARGIN)
        section.header_distance = section.footer_distance = Cm(1.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE", "1", NOTE_SIZE)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _style(document, "Normal", TABLE_SIZE)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    title = _style(document, "Heading 1", TITLE_SIZE, east_asian=HEADING_FONT, bold=language != "zh")
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(0), Pt(TABLE_SIZE)
    caption = _style(document, "Caption", TABLE_SIZE, bold=True)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(TABLE_SIZE), Pt(3)


def _field(paragraph, instruction: str, shown: str, size: float | None = None, bold: bool | None = None) -> None:
    """A Word field (``PAGE``, ``SEQ 表 \\* ARABIC`` …) with the value it shows until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(kind: str, text: str | None = None):
        r = paragraph.add_run()
        if size:
            r.font.size = Pt(size)
        if bold is not None:
            r.font.bold = bold
        if kind == "text":
            r.text = text
        elif kind == "instruction":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            r._r.append(code)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            r._r.append(mark)

    run("begin")
    run("instruction")
    run("separate")
    run("text", shown)
    run("end")


def caption_paragraph(document, language: str, number: int, title: str):
    """``表1　title`` / ``Table 1  title`` in the Caption style, the number a SEQ field."""
    from . import labels

    paragraph = document.add_paragraph(style="Caption")
    before, after = labels.term("caption.table", language, number="\0", title=title).split("\0")
    label = before.strip()
    paragraph.add_run(before)
    _field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
    paragraph.add_run(after)
    return paragraph


def _row_properties(row, header: bool) -> None:
    """A row never split across pages; the header row repeated at the top of every page."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


TEXT_WIDTH_PT = (A4[0] - 2 * MARGIN) / 2.54 * 72   # 16 cm
_NUMBER = re.compile(r"[−+-]?[\d.,%]+|—|–|")
CELL_PADDING_PT = 11                                # Word's default left and right cell margins (0.19 cm each)


def _text_pt(text: str, size: float) -> float:
    """Width of ``text`` in points, a little generous: a Chinese or full-width character is 1 em, a
    capital ¾ em, a small letter or a digit ½ em (Times New Roman), a space ¼ em."""
    def em(c: str) -> float:
        if unicodedata.east_asian_width(c) in "WF":
            return 1.0
        if c.isupper():
            return 0.75
        if c.isalnum():
            return 0.5
        return 0.25 if c.isspace() else 0.4
    return sum(em(c) for c in text) * size


def _unbreakable_pt(text: str, size: float) -> float:
    """The widest part of ``text`` a line should not break: a Latin word or a number, or half of a
    run of Chinese characters up to six (so that a name wraps into two balanced lines, not one character)."""
    words = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef（）、，。；：]+", text)
    chinese = re.findall(r"[\u2e80-\u9fff]+", text)
    return max([_text_pt(w, size) for w in words] + [_text_pt(c[: min((len(c) + 1) // 2, 6)], size) for c in chinese]
               + [size])


def _floors(rows: list[list[str]], size: float, header: bool = True) -> list[float]:
    """The narrowest each column can be without breaking a word or a number (points); ``header``
    False: the words of the header row may break."""
    return [max(_unbreakable_pt(c, size) * 1.05 for c in (column if header else column[1:] or column)) + CELL_PADDING_PT
            for column in zip(*rows, strict=True)]


def table_size(rows: list[list[str]], available: float = TEXT_WIDTH_PT) -> float:
    """五号 (10.5 pt), or 小五 (9 pt) for a table whose words would not fit the text width at 五号.

    Examples
    --------
    >>> table_size([["Region", "D"], ["Xining", "0.512"]]), table_size([["intermediate coordination"] * 9])
    (10.5, 9)
    """
    return TABLE_SIZE if sum(_floors(rows, TABLE_SIZE)) <= available else SMALL_TABLE_SIZE


def column_widths(rows: list[list[str]], size: float, available: float = TEXT_WIDTH_PT) -> list[float]:
    """Widths (points) of the columns of a table as wide as the text: each column as wide as its
    longest cell where they all fit, else the widest columns are narrowed (their text wraps) down to
    no less than their longest word or number; any width left is shared in proportion. Should the
    words alone be wider than the text, the words of the header break first, then those of the
    columns of words; a number never breaks.

    Examples
    --------
    >>> widths = column_widths([["地区", "2011"], ["海西蒙古族藏族自治州", "0.388"]], 10.5)
    >>> round(sum(widths)), widths[0] > widths[1]
    (454, True)
    """
    columns = list(zip(*rows, strict=True))
    natural = [max(_text_pt(c, size) * 1.05 for c in column) + CELL_PADDING_PT for column in columns]
    floor = _floors(rows, size)
    if sum(natural) <= available:
        return [w * available / sum(natural) for w in natural]
    if sum(floor) > available:    # the words of the header break first
        floor = _floors(rows, size, header=False)
    if sum(floor) >= available:   # even the words do not fit: the columns of numbers keep theirs, words break
        numbers = [all(_NUMBER.fullmatch(c.strip()) for c in column[1:]) for column in columns]
        fixed = sum(f for f, n in zip(floor, numbers, strict=True) if n)
        words = sum(f for f, n in zip(floor, numbers, strict=True) if not n)
        if words and fixed < available:
            return [f if n else f * (available - fixed) / words for f, n in zip(floor, numbers, strict=True)]
        return [f * available / sum(floor) for f in floor]
    low, high = 0.0, max(natural)
    for _ in range(50):   # the cap at which the narrowed columns fill the width
        cap = (low + high) / 2
        low, high = (cap, high) if sum(max(f, min(n, cap)) for n, f in zip(natural, floor, strict=True)) < available \
            else (low, cap)
    widths = [max(f, min(n, high)) for n, f in zip(natural, floor, strict=True)]
    return [w * available / sum(widths) for w in widths]   # wider than the text only if the words are: then narrowed


def _set_widths(table, widths: list[float]) -> None:
    """Fixed column widths (the grid and every cell), the table as wide as their sum."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    table.autofit = False
    # Word stores widths in whole twips (1/20 pt): rounded down, so that the columns never exceed the text width
    widths = [Twips(int(w * 20)) for w in widths]
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def three_line_table(document, frame: pd.DataFrame, decimals: int, size: float | None = None):
    """Add ``frame`` (row labels included) as a three-line table to a python-docx document, as wide
    as the text (:func:`column_widths`), in 五号 (小五 when its words would not fit: :func:`table_size`,
    or ``size``); the header row repeats on every page, and a table of up to ``KEEP_ROWS`` rows is
    kept on one page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    flat = _flat(frame)
    table = document.add_table(rows=len(flat) + 1, cols=flat.shape[1])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [list(flat.columns)] + [[labels.cell_text(v, decimals) for v in row] for row in flat.itertuples(index=False)]
    size = size or table_size(rows)
    _set_widths(table, column_widths(rows, size))
    last = len(rows) - 1
    for i, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
        _row_properties(row, header=i == 0)
        for j, (value, cell) in enumerate(zip(values, row.cells, strict=True)):   # row.cells once: table.cell rebuilds the grid
            cell.text = value
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = i < last and len(rows) <= KEEP_ROWS
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = i == 0
            for edge in ("left", "right", "insideV", "insideH"):
                _border(cell, edge, None)
            _border(cell, "top", RULES["thick"] if i == 0 else None)
            _border(cell, "bottom", RULES["thin"] if i == 0 else RULES["thick"] if i == last else None)
    return table


KEEP_ROWS = 30   # a table of up to this many rows is kept on one page; a longer one runs on (header repeated)


def write_docx(tables, meta, target: Path, language: str) -> Path:
    """Every result table as a numbered three-line table of one Word document, laid out as a thesis."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    thesis_layout(document, language)
    province = labels.province_name(meta.config, language)
    document.core_properties.title = labels.text("word.title", language, province=province)
    document.core_properties.author = "rural-urban-coupling"
    document.core_properties.language = labels.pick(("en-US", "zh-CN"), language)
    document.add_heading(labels.text("word.title", language, province=province), level=1)
    note = labels.status_note(meta.config.data_status, language)
    for number, table in enumerate(tables, start=1):
        caption_paragraph(document, language, number, table.title)
        three_line_table(document, table.frame, table.decimals)
        for line in [*table.shown_notes, *([note] if note else [])]:
            below = document.add_paragraph()
            small = below.add_run(line)
            small.font.size = Pt(NOTE_SIZE)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return reproducible_zip(target)
