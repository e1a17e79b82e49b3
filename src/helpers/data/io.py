"""Read yearbook exports as they come, write tidy tables that Excel opens correctly.

Readers accept UTF-8 (with or without BOM) and GBK/GB18030 text, ``.xlsx`` workbooks, the usual
yearbook placeholders for "no data" (blank, ``—``, ``…``, ``-``), thousands separators, full-width
digits and numbers stored as text. Every coercion is returned so that it can be logged: nothing is
guessed silently, and anything that is not a number is reported with its row and column.

Writers produce UTF-8 with BOM (so Excel shows Chinese), a fixed float format and sorted rows, so
that the same results always give the same bytes.
"""

from __future__ import annotations

import io as _io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem

ENCODINGS = ("utf-8-sig", "gb18030")
# Compared after NFKC normalisation (which turns "…" into "..." and full-width forms into ASCII).
MISSING_MARKERS = frozenset({"", "—", "——", "–", "-", "--", "...", "......", "·", "na", "n/a", "nan", "null", "/"})
_THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
FLOAT_FORMAT = "%.12g"
CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class TextTable:
    """A table read as text, with where each row came from."""

    frame: pd.DataFrame          # every cell as str
    encoding: str                # 'utf-8-sig', 'gb18030' or 'xlsx'
    first_data_row: int          # file line (CSV) or sheet row (xlsx) of the first data row


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of a user's file and its encoding: UTF-8 (with or without BOM), else GB18030 (which
    includes GBK and GB2312, what Excel on Chinese Windows saves as "CSV").

    Raises ``UnicodeDecodeError`` when neither fits.

    >>> decode_text("西宁市".encode("gbk"))
    ('西宁市', 'gb18030')
    >>> decode_text("\ufeff西宁市".encode("utf-8"))
    ('西宁市', 'utf-8-sig')
    """
    last_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


def read_csv_rows(path: Path) -> tuple[list[list[str]], str]:
    """Every row of a user's CSV file as lists of text (no header assumed) and the encoding.

    The one reader of users' CSV files: :func:`read_text_csv` (regions, indicators, panels, drivers,
    ``new-province --regions``, ``template``) and ``import`` (yearbook tables with title rows) use it.
    Raises ``UnicodeDecodeError`` as :func:`decode_text`, ``csv.Error`` for a malformed file.
    """
    import csv

    text, encoding = decode_text(path.read_bytes())
    rows = [list(row) for row in csv.reader(_io.StringIO(text, newline=""))]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows], encoding


def read_text_csv(path: Path) -> TextTable:
    """Read a CSV file with every cell as text; detect UTF-8 (BOM optional) or GB18030/GBK.

    Raises ``UnicodeDecodeError`` when neither encoding fits and ``pandas.errors.ParserError`` for a
    malformed file; callers turn both into a :class:`~helpers.errors.Problem`.
    """
    text, encoding = decode_text(path.read_bytes())
    frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                        skipinitialspace=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return TextTable(frame, encoding, first_data_row=2)


def read_user_csv(path: Path) -> pd.DataFrame:
    """A user's CSV table (header in the first row, every cell as text, surrounding spaces removed),
    UTF-8 or GB18030 as :func:`read_text_csv`; a file that cannot be read raises
    :class:`~helpers.data.errors.UserError` naming the file, not a traceback."""
    from .errors import UserError

    try:
        frame = read_text_csv(path).frame
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: cannot be decoded as UTF-8 or GBK/GB18030 text") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UserError(f"{path}: is not a readable CSV table ({str(exc).strip()})") from None
    return frame.apply(lambda s: s.str.strip()) if len(frame.columns) else frame


def _cell_text(value: object) -> str:
    """Text of one Excel cell: integers without '.0', floats with full precision."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def read_xlsx_rows(path: Path, sheet: str | None = None) -> list[list[str]]:
    """All rows of a worksheet (the first, or ``sheet``) as lists of text."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(c.strip() for c in rows[-1]):  # trailing empty rows
        rows.pop()
    return rows


def text_table_from_rows(rows: list[list[str]], header_row: int, first_data_row: int) -> TextTable:
    """Build a :class:`TextTable` from sheet rows (1-based row numbers as Excel shows them)."""
    header = [c.strip() for c in rows[header_row - 1]]
    keep = [i for i, h in enumerate(header) if h]  # drop unnamed trailing columns
    body = [[r[i] for i in keep] for r in rows[first_data_row - 1:]]
    frame = pd.DataFrame(body, columns=[header[i] for i in keep], dtype=str)
    return TextTable(frame, "xlsx", first_data_row)


@dataclass(frozen=True)
class ParsedNumbers:
    values: pd.DataFrame      # float, NaN where missing
    coercions: pd.DataFrame   # row, column, raw, value, method: cells that needed a conversion
    missing: pd.DataFrame     # row, column, raw: placeholders and blanks
    invalid: pd.DataFrame     # row, column, raw: text that is not a number


def parse_numbers(text: pd.DataFrame) -> ParsedNumbers:
    """Convert text cells to floats the way a careful research assistant would.

    * blank, ``—``, ``…``, ``-``, ``NA`` … → missing (reported in ``missing``)
    * ``12,345.6`` → 12345.6 (method ``thousands-separator``)
    * full-width ``１２３．４`` → 123.4 (method ``full-width-characters``)
    * anything else that is not a number → ``invalid``; nothing is dropped silently.
    """
    cells = text.stack(future_stack=True).astype(str)
    cells.index = cells.index.set_names(["row", "column"])
    stripped = cells.str.strip()
    normalized = stripped.str.normalize("NFKC").str.strip()
    is_missing = normalized.str.lower().isin(MISSING_MARKERS)
    thousands = normalized.str.match(_THOUSANDS)
    candidate = normalized.where(~thousands, normalized.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(candidate.where(~is_missing), errors="coerce")
    is_invalid = numbers.isna() & ~is_missing
    full_width = (normalized != stripped) & ~is_missing & ~is_invalid

    method = pd.Series(np.select([thousands & ~is_invalid, full_width], ["thousands-separator", "full-width-characters"], ""),
                       index=cells.index)
    coerced = method != ""
    coercions = pd.DataFrame({"raw": cells[coerced], "value": numbers[coerced], "method": method[coerced]}).reset_index()
    missing = pd.DataFrame({"raw": cells[is_missing]}).reset_index()
    invalid = pd.DataFrame({"raw": cells[is_invalid]}).reset_index()
    values = numbers.unstack("column").reindex(index=text.index, columns=text.columns).astype(float)
    return ParsedNumbers(values, coercions, missing, invalid)


def write_table(frame: pd.DataFrame, path: Path, sort_by: Sequence[str] | None, status: str) -> Path:
    """Write ``frame`` as CSV (UTF-8 with BOM, fixed float format, rows sorted by ``sort_by``).

    ``status`` says what the data are (e.g. "Synthetic demonstration data, not official
    statistics"); it is written in a ``data_status`` column so that the file says so wherever it goes.
    """
    out = frame.sort_values(list(sort_by), kind="mergesort") if sort_by else frame
    out = out.reset_index(drop=True).assign(data_status=status)
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, encoding=CSV_ENCODING, float_format=FLOAT_FORMAT, lineterminator="\n")
    return path


def read_table(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (region codes and the subjects of claims stay text)."""
    frame = pd.read_csv(path, encoding=CSV_ENCODING, dtype={"region_code": str, "item": str, "subject": str, "finding": str})
    return frame.drop(columns=["data_status"], errors="ignore")


def problem_rows(file: str, frame: pd.DataFrame, first_data_row: int, message: str) -> list[Problem]:
    """One :class:`Problem` per row of ``frame`` (columns row, column, raw), naming row and column."""
    return [Problem(file, f"row {int(r.row) + first_data_row}, column '{r.column}'", message.format(raw=r.raw))
            for r in frame.itertuples(index=False)]
