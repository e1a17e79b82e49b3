"""Import data as researchers download them: yearbook tables, NBS database exports and long tables.

``python -m helpers import --province <slug> FILE...`` reads ``.xlsx``, ``.xls`` and ``.csv`` files
(UTF-8 with or without BOM, GB18030/GBK) in three layouts and writes ``data/raw/<slug>/panel.csv``:

* ``yearbook``: one table per year, regions as rows, indicators as columns; title rows above the
  header; headers such as 人均地区生产总值（元） (the unit in parentheses, or a row of units under
  the header, or 单位：元 in the title); the year from a column 年份, the sheet name or the title.
* ``nbs``: the export of the NBS database, one indicator per file: lines 数据库：…, 指标：名称(单位),
  时间：… above a table of regions × years ("2020年", "2019年" …, newest first), a 数据来源 footer.
* ``long``: columns 地区, 年份, 指标, 单位, 数值 (EPS, CEIC, a user's own sheet); years may read "2015年".

Total rows (全省, 全市, 合计, 全国, the province itself), footnote rows (注, 资料来源, 数据来源 and
everything below them), empty rows and county-level rows of the province are skipped and reported.
Indicators are matched by ``name_zh``, ``name`` or the optional ``aliases`` column of indicators.csv
(separated by ``;``), exactly after normalising full-width characters and spaces; regions by
``name_zh``, the name without its suffix (市, 地区, 州, 盟, 自治州), short forms (海北州), code, English
name, and old names and codes through ``admin_changes.csv``. Units are converted when header and
``unit_zh`` differ by a known factor (元/万元/亿元, 人/万人, 平方米/平方千米, 千克/吨, % and ‰ …).

Everything refused (an unknown header or region, with the closest candidates; a unit that cannot be
converted; a cell that already holds a different value, unless ``--replace``; two files disagreeing;
a region dissolved or merged) is listed at once and nothing is written.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .divisions import SAME_TERRITORY, Divisions, base_name, load_divisions, normalize, short_forms
from .errors import DataError, Problem, UserError
from .io import CSV_ENCODING, MISSING_MARKERS, parse_numbers, read_csv_rows, read_text_csv
from .paths import ProvincePaths
from .validate import PANEL_KEYS, PANEL_OPTIONAL, TEMPLATE_MARKER, Meta, load_meta

LAYOUTS = ("yearbook", "nbs", "long")
FILE_TYPES = (".xlsx", ".xls", ".csv")
TOTAL_ROWS = frozenset({"全省", "全市", "全州", "全区", "全盟", "全地区", "合计", "总计", "全国", "全省合计", "全市合计",
                        "total", "合 计"})
FOOTNOTES = ("注", "资料来源", "数据来源", "说明", "备注", "note", "source")
REGION_HEADERS = frozenset({"地区", "地区名称", "城市", "市州", "州市", "市(州)", "区域", "行政区划", "行政区划名称", "地市",
                            "地市州", "市州名称", "城市名称", "region", "地区名", "名称"})
CODE_HEADERS = frozenset({"代码", "地区代码", "区划代码", "行政区划代码", "region_code", "code"})
YEAR_HEADERS = frozenset({"年份", "年度", "年", "时间", "year"})
INDICATOR_HEADERS = frozenset({"指标", "指标名称", "indicator", "变量", "项目"})
UNIT_HEADERS = frozenset({"单位", "计量单位", "unit"})
VALUE_HEADERS = frozenset({"数值", "值", "数据", "value"})
_YEAR_CELL = re.compile(r"^((?:19|20)\d\d)(?:年|年度)?$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19[5-9]|20\d)\d)(?!\d)")
_UNIT_IN_TEXT = re.compile(r"单位[:：]\s*([^\s,，;；]+)")
_TRAILING_UNIT = re.compile(r"^(.*?)\(([^()]*)\)$")
_CJK_RUN = re.compile(r"^[\u3400-\u9fff]+")
SCAN_ROWS = 30            # rows searched for the header
SUGGESTIONS = 3
RELATIVE_TOLERANCE = 1e-9  # two values are the same cell value when they differ less than this


# --- units --------------------------------------------------------------------------------------

_BASE_UNITS: dict[str, tuple[str, float]] = {
    "元": ("yuan", 1), "人": ("person", 1), "人次": ("person-time", 1), "户": ("household", 1), "个": ("item", 1),
    "张": ("bed", 1), "册": ("volume", 1), "辆": ("vehicle", 1), "家": ("unit", 1), "所": ("institution", 1),
    "平方米": ("m2", 1), "平方千米": ("m2", 1e6), "平方公里": ("m2", 1e6), "公顷": ("m2", 1e4), "亩": ("m2", 1e4 / 15),
    "米": ("m", 1), "千米": ("m", 1e3), "公里": ("m", 1e3), "立方米": ("m3", 1),
    "千克": ("kg", 1), "公斤": ("kg", 1), "吨": ("kg", 1e3), "克": ("kg", 1e-3),
    "千瓦": ("kW", 1), "千瓦时": ("kWh", 1), "吨标准煤": ("tce", 1), "吨标煤": ("tce", 1),
    "年": ("year", 1), "岁": ("age", 1), "比值": ("ratio", 1), "倍": ("ratio", 1),
}
# the English units of indicators.csv without unit_zh, as normalize() writes them
_BASE_UNITS.update({"yuan": ("yuan", 1), "10000yuan": ("yuan", 1e4), "100millionyuan": ("yuan", 1e8),
                    "person": ("person", 1), "persons": ("person", 1), "10000persons": ("person", 1e4),
                    "kg": ("kg", 1), "t": ("kg", 1e3), "tons": ("kg", 1e3), "ha": ("m2", 1e4), "km2": ("m2", 1e6),
                    "m2": ("m2", 1), "km": ("m", 1e3), "m": ("m", 1), "kw": ("kW", 1), "years": ("year", 1),
                    "beds": ("bed", 1), "volumes": ("volume", 1), "vehicles": ("vehicle", 1), "ratio": ("ratio", 1)})
_DIMENSIONLESS = {"%": 1e-2, "‰": 1e-3, "百分比": 1e-2, "percent": 1e-2}
_PREFIXES = {"十": 10, "百": 1e2, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}


@dataclass(frozen=True)
class Unit:
    """A unit as a product of base units with powers and a factor to them (万元 = 10⁴ yuan)."""

    dims: tuple[tuple[str, int], ...]
    factor: float


def _simple_unit(text: str) -> Unit | None:
    if text in _DIMENSIONLESS:
        return Unit((), _DIMENSIONLESS[text])
    if text in _BASE_UNITS:
        base, factor = _BASE_UNITS[text]
        return Unit(((base, 1),), factor)
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix) and text[len(prefix):] in _BASE_UNITS:
            base, factor = _BASE_UNITS[text[len(prefix):]]
            return Unit(((base, 1),), factor * _PREFIXES[prefix])
    return None


def parse_unit(text: str) -> Unit | None:
    """The :class:`Unit` of a Chinese unit such as 万元, 元/人, 人/平方千米, 千克/公顷 or ‰ (None if unknown).

    >>> parse_unit("万元/人")
    Unit(dims=(('person', -1), ('yuan', 1)), factor=10000.0)
    >>> parse_unit("平方公里") == parse_unit("平方千米")
    True
    """
    text = normalize(text).replace("每", "/") if "/" not in normalize(text) else normalize(text)
    parts = text.split("/")
    if len(parts) > 2 or not parts[0]:
        return None
    top = _simple_unit(parts[0])
    bottom = _simple_unit(parts[1]) if len(parts) == 2 else Unit((), 1.0)
    if top is None or bottom is None:
        return None
    dims: Counter = Counter(dict(top.dims))
    dims.subtract(dict(bottom.dims))
    return Unit(tuple(sorted((b, p) for b, p in dims.items() if p)), top.factor / bottom.factor)


def conversion_factor(source: str, target: str) -> float | None:
    """The factor that turns a value in unit ``source`` into unit ``target`` (None: not convertible).
    Units written the same (after normalising) give 1.

    >>> conversion_factor("元", "万元"), conversion_factor("万人", "人"), conversion_factor("‰", "%")
    (0.0001, 10000.0, 0.1)
    >>> conversion_factor("千克/公顷", "吨/公顷"), conversion_factor("元", "元/人")
    (0.001, None)
    """
    if normalize(source) == normalize(target):
        return 1.0
    a, b = parse_unit(source), parse_unit(target)
    if a is None or b is None or a.dims != b.dims:
        return None
    return float(f"{a.factor / b.factor:.12g}")


def split_header(text: str) -> tuple[str, str]:
    """A column header as (name, unit): 人均地区生产总值（元） → (人均地区生产总值, 元), normalised.

    >>> split_header("人均地区生产总值（元）"), split_header("城镇化率")
    (('人均地区生产总值', '元'), ('城镇化率', ''))
    """
    text = normalize(text)
    match = _TRAILING_UNIT.match(text)
    return (match.group(1), match.group(2)) if match and match.group(1) else (text, "")


# --- reading files ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """One table of a file: every row as text."""

    file: str
    name: str                 # the sheet name ('' for a CSV file)
    rows: list[list[str]]
    encoding: str             # 'utf-8-sig', 'gb18030', 'xlsx' or 'xls'

    @property
    def where(self) -> str:
        return f"{self.file}, sheet {self.name}" if self.name else self.file


def _xls_text(value: object, ctype: int) -> str:
    from .io import _cell_text

    if ctype in (0, 6):   # empty, blank
        return ""
    if ctype == 2:        # number
        return _cell_text(float(value))
    return str(value)


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of an ``.xlsx`` or ``.xls`` workbook, or the one table of a ``.csv`` file.

    Raises :class:`UserError` for a file that cannot be read.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UserError(f"{path}: file not found")
    if suffix not in FILE_TYPES:
        raise UserError(f"{path.name}: not a .xlsx, .xls or .csv file")
    try:
        if suffix == ".csv":
            rows, encoding = read_csv_rows(path)
            return [Sheet(path.name, "", rows, encoding)]
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            from .io import read_xlsx_rows

            workbook = load_workbook(path, read_only=True)
            names = workbook.sheetnames
            workbook.close()
            return [Sheet(path.name, name, read_xlsx_rows(path, name), "xlsx") for name in names]
        try:
            import xlrd
        except ImportError:
            raise UserError(f"{path.name}: reading .xls files needs the package xlrd "
                            "(`.venv/bin/python -m pip install xlrd`), or save the file as .xlsx") from None
        book = xlrd.open_workbook(str(path), on_demand=True)
        sheets = []
        for sheet in book.sheets():
            rows = [[_xls_text(sheet.cell_value(r, c), sheet.cell_type(r, c)) for c in range(sheet.ncols)]
                    for r in range(sheet.nrows)]
            sheets.append(Sheet(path.name, sheet.name, rows, "xls"))
        book.release_resources()
        return sheets
    except UserError:
        raise
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: cannot be decoded as UTF-8 or GBK/GB18030 text") from None
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable file
        raise UserError(f"{path.name}: cannot be read ({type(exc).__name__}: {exc})") from None


# --- matching indicators and regions -----------------------------------------------------------

def _closest(text: str, options: dict[str, str], n: int = SUGGESTIONS) -> str:
    """' (closest: a, b)' from the keys of ``options`` (normalised name → shown name), or ''."""
    close = difflib.get_close_matches(normalize(text), list(options), n=n, cutoff=0.4)
    shown = list(dict.fromkeys(options[c] for c in close))
    return f" (closest: {', '.join(shown)})" if shown else " (no close name)"


class IndicatorMatcher:
    """Indicator ids by normalised ``name_zh``, ``name`` and ``aliases`` of indicators.csv."""

    def __init__(self, indicators: pd.DataFrame) -> None:
        self.indicators = indicators.set_index("id", drop=False)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.shown: dict[str, str] = {}
        for row in indicators.itertuples(index=False):
            aliases = re.split(r"[;；|]", getattr(row, "aliases", "") or "")
            for name in [row.name_zh, row.name, *aliases]:
                if name and name.strip():
                    self.by_name[normalize(name)].add(row.id)
                    self.shown[normalize(name)] = f"{row.name_zh} ({row.id})"

    def match(self, name: str) -> set[str]:
        return self.by_name.get(normalize(name), set())

    def unit_of(self, ident: str) -> str:
        row = self.indicators.loc[ident]
        return (row.get("unit_zh", "") or "").strip() or row["unit"]

    def suggest(self, name: str) -> str:
        return _closest(name, self.shown)


@dataclass
class RegionMatch:
    code: str | None = None
    how: str = ""
    skip: str = ""            # a reason to skip the row (total, county-level …)
    refuse: str = ""          # a reason to refuse (a dissolved region …)


class RegionMatcher:
    """Region codes of regions.csv by name, short form, code, English name and the crosswalk."""

    def __init__(self, meta: Meta, divisions: Divisions | None) -> None:
        regions = meta.regions
        self.codes = set(regions["region_code"])
        self.names = dict(zip(regions["region_code"], regions["name_zh"], strict=True))
        self.exact: dict[str, str] = {}
        forms: dict[str, set[str]] = defaultdict(set)
        for code, name_zh, name in zip(regions["region_code"], regions["name_zh"], regions["name"], strict=True):
            self.exact[normalize(name_zh)] = code
            self.exact[code] = code
            for form in short_forms(name_zh):
                forms[form].add(code)
            if name.strip():
                forms[normalize(name)].add(code)
        self.forms = {f: next(iter(c)) for f, c in forms.items() if len(c) == 1}
        self.old: dict[str, tuple[str, str]] = {}      # old name or code → (code, how)
        self.ended: dict[str, str] = {}                # old name or code → why it cannot be placed
        self.counties: dict[str, str] = {}             # county-level name → its prefecture
        province = meta.config.name_zh
        self.totals = set(TOTAL_ROWS) | {normalize(province), base_name(province)}
        if divisions is not None:
            self._crosswalk(divisions)
            self._counties(divisions)
        self.shown = {**{normalize(n): n for n in regions["name_zh"]},
                      **{f: self.names[c] for f, c in self.forms.items()}}

    def _crosswalk(self, divisions: Divisions) -> None:
        for change in divisions.changes.itertuples(index=False):
            keys = [k for k in (change.old_code, *short_forms(change.old_name_zh or "")) if k]
            if change.change in SAME_TERRITORY and change.new_code in self.codes:
                how = f"{change.old_name_zh} ({change.old_code}) → {change.new_name_zh} ({change.new_code}), " \
                      f"{change.change} in {change.year} (admin_changes.csv)"
                for key in keys:
                    if key != change.new_code and key not in self.exact and key not in self.forms:
                        self.old[key] = (change.new_code, how)
            elif change.change in ("merge", "split"):
                successors = divisions.changes_from(change.old_code)
                into = ", ".join(f"{r.new_name_zh} ({r.new_code})" for r in successors.itertuples())
                why = (f"{change.old_name_zh} ({change.old_code}) was dissolved in {change.year} ({change.change} into "
                       f"{into}, admin_changes.csv): its values are not those of any one of today's regions")
                for key in keys:
                    if key not in self.exact and key not in self.forms:
                        self.ended[key] = why

    def _counties(self, divisions: Divisions) -> None:
        table = divisions.table
        provinces = {c[:2] for c in self.codes}
        counties = table[(table["level"] == "county") & table["province_code"].str[:2].isin(provinces)
                         & ~table["code"].isin(self.codes)]
        prefecture_names = dict(zip(table["code"], table["name_zh"], strict=False))
        for code, name, parent in zip(counties["code"], counties["name_zh"], counties["parent_code"], strict=True):
            for form in (normalize(name), code):
                if form not in self.exact and form not in self.forms:
                    self.counties[form] = prefecture_names.get(parent, parent)

    def match(self, text: str) -> RegionMatch:
        raw = normalize(text)
        key = re.sub(r"^(其中[:：]?|#)", "", raw)
        key = key[:6] if re.fullmatch(r"\d{12}", key) else key     # a 12-digit statistical code
        key = key[:-2] if re.fullmatch(r"\d{6}\.0", key) else key
        candidates = [key]
        if (cjk := _CJK_RUN.match(key)) and cjk.group(0) != key:   # 西宁市 Xining
            candidates.append(cjk.group(0))
        for k in candidates:
            if k in self.totals:
                return RegionMatch(skip=f"total row ({text.strip()})")
            if k in self.exact:
                return RegionMatch(self.exact[k], "name" if not k.isdigit() else "code")
            if k in self.forms:
                return RegionMatch(self.forms[k], "short form")
            if k in self.old:      # an old name or code: the crosswalk says more than the suffix does
                return RegionMatch(*self.old[k])
            if k in self.ended:
                return RegionMatch(refuse=self.ended[k])
            base = base_name(k)
            if base in self.forms:
                return RegionMatch(self.forms[base], "name without its suffix")
            if base in self.old:
                return RegionMatch(*self.old[base])
            if k in self.counties:
                return RegionMatch(skip=f"county-level division of {self.counties[k]} ({text.strip()})")
        return RegionMatch()

    def suggest(self, text: str) -> str:
        return _closest(text, self.shown)


# --- the layouts --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    code: str
    year: int
    indicator: str
    value: float              # NaN: the source marks it missing
    raw: str
    where: str                # file, sheet, row


@dataclass
class ImportResult:
    """What an import read, placed, skipped and refused."""

    cells: list[Cell] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)          # one line per table read
    skipped: list[str] = field(default_factory=list)
    conversions: dict[str, str] = field(default_factory=dict)  # indicator → "元 → 万元 (× 0.0001)"
    unstated_units: dict[str, str] = field(default_factory=dict)
    mapped: dict[str, str] = field(default_factory=dict)     # region text → how it was matched, when not by name
    problems: list[Problem] = field(default_factory=list)


def _is_year(cell: str) -> int | None:
    match = _YEAR_CELL.match(normalize(cell))
    return int(match.group(1)) if match else None


def years_in_text(text: str) -> list[int]:
    """Years named in a title (a yearbook's edition year, as in 青海统计年鉴2016, is left out).

    >>> years_in_text("2015年各市州主要经济指标"), years_in_text("青海统计年鉴2016 表3-5"), years_in_text("2011—2020年")
    ([2015], [], [2011, 2020])
    """
    text = normalize(text)
    out = []
    for match in _YEAR_IN_TEXT.finditer(text):
        before, after = text[max(0, match.start() - 4):match.start()], text[match.end():match.end() + 5]
        if "年鉴" in before or re.match(r"年?(统计)?年鉴", after):
            continue
        out.append(int(match.group(1)))
    return list(dict.fromkeys(out))


def _filled(row: list[str]) -> list[int]:
    return [i for i, c in enumerate(row) if c.strip()]


def _is_footnote(row: list[str]) -> bool:
    cells = _filled(row)
    return bool(cells) and normalize(row[cells[0]]).startswith(FOOTNOTES)


def _header_kind(cell: str, kinds: frozenset) -> bool:
    return normalize(cell) in kinds


def find_header(rows: list[list[str]], regions: RegionMatcher) -> int | None:
    """Index of the header row: the first row with a region (or code) column header, or else the
    last non-empty row above the first row that starts with a known region or a total."""
    for i, row in enumerate(rows[:SCAN_ROWS]):
        if any(_header_kind(c, REGION_HEADERS | CODE_HEADERS) for c in row) and len(_filled(row)) >= 2:
            return i
    for i, row in enumerate(rows[:SCAN_ROWS]):
        filled = _filled(row)
        if filled and len(filled) >= 2:
            match = regions.match(row[filled[0]])
            if match.code or match.skip.startswith("total"):
                above = [j for j in range(i) if len(_filled(rows[j])) >= 2]
                return above[-1] if above else None
    return None


def detect_layout(header: list[str], title: list[str] = ()) -> str:
    """``long`` with 指标 and 数值 columns, ``nbs`` with years as columns (one is enough below a line
    指标：…), else ``yearbook``."""
    kinds = [normalize(c) for c in header]
    if any(k in INDICATOR_HEADERS for k in kinds) and any(k in VALUE_HEADERS for k in kinds):
        return "long"
    years = sum(_is_year(c) is not None for c in header)
    if years >= 2 or (years == 1 and any(normalize(line).startswith("指标:") for line in title)):
        return "nbs"
    return "yearbook"


def _column(header: list[str], kinds: frozenset) -> int | None:
    return next((i for i, c in enumerate(header) if _header_kind(c, kinds)), None)


@dataclass
class _Context:
    sheet: Sheet
    header_row: int
    title: list[str]           # the text of the rows above the header
    regions: RegionMatcher
    indicators: IndicatorMatcher
    result: ImportResult
    year: int | None           # --year
    ignore: set[str]

    def where(self, row: int | None = None, column: str | None = None) -> str:
        parts = [self.sheet.name and f"sheet {self.sheet.name}", row is not None and f"row {row + 1}",
                 column and f"column '{column}'"]
        return ", ".join(p for p in parts if p)

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.result.problems.append(Problem(self.sheet.file, self.where(row, column), message))


def _resolve_indicator(ctx: _Context, header: str, default_unit: str, column: str, row: int | None = None,
                       ignore_as: str = "") -> tuple[str, float] | None:
    """(indicator id, unit factor) of a header, or None after reporting why it cannot be placed."""
    ids = ctx.indicators.match(header)
    name, unit = normalize(header), ""
    if not ids:
        name, unit = split_header(header)
        ids = ctx.indicators.match(name)
    if len(ids) > 1:
        ctx.problem(f"'{header}' matches several indicators ({', '.join(sorted(ids))}): make the names and aliases "
                    "of indicators.csv unique", row, column)
        return None
    if not ids:
        ctx.problem(f"'{header}' is not an indicator of indicators.csv (name_zh, name or aliases)"
                    f"{ctx.indicators.suggest(name)}; add it to the aliases column or pass --ignore '{ignore_as or header}'", row, column)
        return None
    ident = next(iter(ids))
    target = ctx.indicators.unit_of(ident)
    unit = unit or default_unit
    if not unit:
        ctx.result.unstated_units.setdefault(ident, f"{ctx.sheet.where}: taken as {target}")
        return ident, 1.0
    factor = conversion_factor(unit, target)
    if factor is None:
        ctx.problem(f"'{header}': its unit {unit} cannot be converted to the unit {target} of {ident} (unit_zh of "
                    "indicators.csv): convert the column first or correct the unit", row, column)
        return None
    if factor != 1.0:
        ctx.result.conversions[ident] = f"{unit} → {target} (× {factor:g})"
    return ident, factor


def _sheet_year(ctx: _Context) -> tuple[int | None, str]:
    """The year of a one-year table: --year, else the sheet name, else the title (refused if they disagree)."""
    if ctx.year is not None:
        return ctx.year, "--year"
    from_sheet = years_in_text(ctx.sheet.name) if ctx.sheet.name else []
    from_title = sorted({y for line in ctx.title for y in years_in_text(line)})
    if len(from_sheet) == 1 and from_title and from_title != from_sheet:
        ctx.problem(f"the sheet name says {from_sheet[0]} but the title says {', '.join(map(str, from_title))}: "
                    "pass --year")
        return None, ""
    if len(from_sheet) == 1:
        return from_sheet[0], "the sheet name"
    if len(from_title) == 1:
        return from_title[0], "the title"
    if len(from_title) > 1:
        ctx.problem(f"the title names several years ({', '.join(map(str, from_title))}): pass --year")
    else:
        ctx.problem("no year found in the sheet name, the title or a 年份 column: name the sheet by its year, or "
                    "pass --year")
    return None, ""


def _body(ctx: _Context, start: int, region_col: int, code_col: int | None, value_cols: list[int]):
    """The data rows from ``start``: (row index, region code) of each placed row; the others are
    reported as skipped or refused."""
    rows = ctx.sheet.rows
    below_footnote = False
    for i in range(start, len(rows)):
        row = rows[i]
        if not _filled(row):
            continue   # empty rows are not worth a line each; counted below
        if below_footnote or _is_footnote(row):
            if not below_footnote:
                ctx.result.skipped.append(f"{ctx.sheet.where}, row {i + 1} and below: footnote "
                                          f"({row[_filled(row)[0]].strip()[:30]})")
            below_footnote = True
            continue
        label = row[region_col].strip() if region_col < len(row) else ""
        code_text = row[code_col].strip() if code_col is not None and code_col < len(row) else ""
        if label in ctx.ignore or code_text in ctx.ignore:
            ctx.result.skipped.append(f"{ctx.sheet.where}, row {i + 1}: {label or code_text} (--ignore)")
            continue
        match = ctx.regions.match(code_text) if code_text else RegionMatch()
        if not match.code and not match.refuse:
            match = ctx.regions.match(label) if label else match
        if match.skip:
            ctx.result.skipped.append(f"{ctx.sheet.where}, row {i + 1}: {match.skip}")
            continue
        if match.refuse:
            ctx.problem(match.refuse, i)
            continue
        if match.code is None:
            if not any(row[c].strip() for c in value_cols if c < len(row)):
                ctx.result.skipped.append(f"{ctx.sheet.where}, row {i + 1}: '{label}' has no values (a heading)")
                continue
            ctx.problem(f"region '{label or code_text}' is not in regions.csv{ctx.regions.suggest(label or code_text)}; "
                        f"correct it, add it to regions.csv or pass --ignore '{label or code_text}'", i)
            continue
        if match.how not in ("name", "code"):
            ctx.result.mapped[label or code_text] = f"{ctx.regions.names[match.code]} ({match.code}): {match.how}"
        yield i, match.code


def _read_yearbook(ctx: _Context) -> None:
    rows, h = ctx.sheet.rows, ctx.header_row
    header = rows[h]
    region_col = _column(header, REGION_HEADERS)
    code_col = _column(header, CODE_HEADERS)
    year_col = _column(header, YEAR_HEADERS)
    if region_col is None:   # a blank top-left header cell: the first column the first data row fills
        first_row = _filled(rows[h + 1]) if h + 1 < len(rows) else []
        region_col = code_col if code_col is not None else (first_row[0] if first_row else 0)
    start = h + 1
    units = [""] * len(header)
    if start < len(rows):          # a row of units under the header
        below = rows[start]
        texts = {i: normalize(below[i]).strip("()") for i in _filled(below) if i != region_col}
        if texts and all(parse_unit(t) is not None or t in _DIMENSIONLESS for t in texts.values()) \
                and not ctx.regions.match(below[region_col]).code:
            units = [normalize(below[i]).strip("()") if i in texts else "" for i in range(len(header))]
            start += 1
    default_unit = next((m.group(1) for line in ctx.title if (m := _UNIT_IN_TEXT.search(line))), "")
    columns: dict[int, tuple[str, float]] = {}
    for i, text in enumerate(header):
        if i in (region_col, code_col, year_col) or not text.strip():
            continue
        if text.strip() in ctx.ignore or normalize(text) in {"序号", "排序", "位次"}:
            ctx.result.skipped.append(f"{ctx.sheet.where}, column '{text.strip()}' (--ignore)" if text.strip() in ctx.ignore
                                      else f"{ctx.sheet.where}, column '{text.strip()}': not an indicator (a serial number)")
            continue
        resolved = _resolve_indicator(ctx, text + (f"({units[i]})" if units[i] and "(" not in normalize(text) else ""),
                                      default_unit, text.strip())
        if resolved is not None:
            columns[i] = resolved
    year, source = (None, "") if year_col is not None else _sheet_year(ctx)
    if year_col is None and year is None:
        return
    placed = 0
    for i, code in _body(ctx, start, region_col, code_col, list(columns)):
        row_year = year
        if year_col is not None:
            row_year = _is_year(rows[i][year_col]) or next(iter(years_in_text(rows[i][year_col])), None)
            if row_year is None:
                ctx.problem(f"'{rows[i][year_col]}' is not a year", i, header[year_col])
                continue
        for c, (ident, factor) in columns.items():
            _cell(ctx, i, code, row_year, ident, factor, rows[i][c] if c < len(rows[i]) else "")
            placed += 1
    ctx.result.tables.append(f"{ctx.sheet.where}: yearbook layout, header row {h + 1}, "
                             + (f"year {year} (from {source})" if year is not None else "years from the column "
                                f"'{header[year_col]}'") + f", {len(columns)} indicator column(s), {placed} cell(s)")


def _cell(ctx: _Context, i: int, code: str, year: int, ident: str, factor: float, raw: str) -> None:
    """One value: parsed like the panel's cells (placeholders → missing, separators, full-width digits)."""
    value = _number(raw)
    if value is None:
        ctx.problem(f"'{raw}' is not a number (write blank or — for missing)", i)
        return
    value = value if math.isnan(value) else float(f"{value * factor:.12g}")
    ctx.result.cells.append(Cell(code, year, ident, value, raw, f"{ctx.sheet.where}, row {i + 1}"))


def _nbs_indicator(ctx: _Context) -> tuple[str, str]:
    """The indicator text of an NBS export (指标：…), else a title row, else the sheet name."""
    for line in ctx.title:
        text = normalize(line)
        if text.startswith("指标:"):
            return text.split(":", 1)[1], "the 指标 line"
    for line in ctx.title:
        if ctx.indicators.match(line) or ctx.indicators.match(split_header(line)[0]):
            return line, "the title"
    if ctx.sheet.name and (ctx.indicators.match(ctx.sheet.name) or ctx.indicators.match(split_header(ctx.sheet.name)[0])):
        return ctx.sheet.name, "the sheet name"
    return "", ""


def _read_nbs(ctx: _Context) -> None:
    rows, h = ctx.sheet.rows, ctx.header_row
    header = rows[h]
    text, source = _nbs_indicator(ctx)
    if not text:
        ctx.problem("no indicator named above the table: an NBS export has a line 指标：名称(单位)")
        return
    resolved = _resolve_indicator(ctx, text, "", "", None)
    if resolved is None:
        return
    ident, factor = resolved
    year_cols = {i: y for i, c in enumerate(header) if (y := _is_year(c)) is not None}
    region_col = _column(header, REGION_HEADERS)
    region_col = region_col if region_col is not None else min(i for i in _filled(header) if i not in year_cols) \
        if any(i not in year_cols for i in _filled(header)) else 0
    code_col = _column(header, CODE_HEADERS)
    placed = 0
    for i, code in _body(ctx, h + 1, region_col, code_col, list(year_cols)):
        for c, year in year_cols.items():
            _cell(ctx, i, code, year, ident, factor, rows[i][c] if c < len(rows[i]) else "")
            placed += 1
    ctx.result.tables.append(f"{ctx.sheet.where}: NBS layout, indicator {ident} (from {source}), years "
                             f"{min(year_cols.values())}–{max(year_cols.values())}, {placed} cell(s)")


def _read_long(ctx: _Context) -> None:
    rows, h = ctx.sheet.rows, ctx.header_row
    header = rows[h]
    region_col, code_col = _column(header, REGION_HEADERS), _column(header, CODE_HEADERS)
    year_col, ind_col = _column(header, YEAR_HEADERS), _column(header, INDICATOR_HEADERS)
    unit_col, value_col = _column(header, UNIT_HEADERS), _column(header, VALUE_HEADERS)
    missing = [name for name, col in (("地区 (or 地区代码)", region_col if region_col is not None else code_col),
                                      ("年份", year_col), ("指标", ind_col), ("数值", value_col)) if col is None]
    if missing:
        ctx.problem(f"a long table needs the columns 地区, 年份, 指标, 单位 (optional) and 数值: missing {', '.join(missing)}", h)
        return
    resolved: dict[tuple[str, str], tuple[str, float] | None] = {}
    for i in range(h + 1, len(rows)):        # every indicator named, also in rows whose region is refused
        if _is_footnote(rows[i]):
            break
        indicator = rows[i][ind_col].strip()
        unit = rows[i][unit_col].strip() if unit_col is not None else ""
        if indicator and indicator not in ctx.ignore and (indicator, unit) not in resolved:
            resolved[(indicator, unit)] = _resolve_indicator(ctx, indicator + (f"({unit})" if unit else ""), "",
                                                             header[ind_col], i, ignore_as=indicator)
    placed = 0
    for i, code in _body(ctx, h + 1, region_col if region_col is not None else code_col, code_col, [value_col]):
        row = rows[i]
        indicator = row[ind_col].strip()
        if indicator in ctx.ignore:
            continue
        unit = row[unit_col].strip() if unit_col is not None else ""
        key = (indicator, unit)
        if resolved.get(key) is None:
            continue
        year = _is_year(row[year_col]) or next(iter(years_in_text(row[year_col])), None)
        if year is None:
            ctx.problem(f"'{row[year_col]}' is not a year", i, header[year_col])
            continue
        _cell(ctx, i, code, year, *resolved[key], row[value_col])
        placed += 1
    ctx.result.tables.append(f"{ctx.sheet.where}: long layout, header row {h + 1}, "
                             f"{len({k for k, v in resolved.items() if v})} indicator(s), {placed} cell(s)")


READERS = {"yearbook": _read_yearbook, "nbs": _read_nbs, "long": _read_long}


def read_table(sheet: Sheet, regions: RegionMatcher, indicators: IndicatorMatcher, result: ImportResult,
               layout: str | None = None, year: int | None = None, ignore: set[str] | None = None) -> None:
    """Read one sheet into ``result`` (cells, skipped rows, problems)."""
    rows = sheet.rows
    if not any(len(_filled(r)) >= 2 for r in rows):
        result.skipped.append(f"{sheet.where}: no table (notes or an empty sheet)")
        return
    if len(rows) > 1 and rows[1] and normalize(rows[1][0]) == normalize(TEMPLATE_MARKER):
        result.problems.append(Problem(sheet.file, sheet.name, "is the project's data-entry template: copy it to "
                                                               "data/raw/<slug>/panel.xlsx instead of importing it"))
        return
    h = find_header(rows, regions)
    if h is None:
        result.problems.append(Problem(sheet.file, sheet.name and f"sheet {sheet.name}",
                                       "no header row found: none has a column 地区 (or 地区代码), and no row starts "
                                       "with a region of regions.csv"))
        return
    title = [" ".join(c for c in r if c.strip()) for r in rows[:h] if _filled(r)]
    chosen = layout or detect_layout(rows[h], title)
    ctx = _Context(sheet, h, title, regions, indicators, result, year, ignore or set())
    READERS[chosen](ctx)


# --- merging into panel.csv ---------------------------------------------------------------------

def existing_values(paths: ProvincePaths, meta: Meta) -> tuple[pd.DataFrame | None, str]:
    """The panel already in the folder as text (panel.csv, or the values typed into panel.xlsx), and
    its file name ('' when there is none)."""
    csv_path, xlsx_path = paths.raw / "panel.csv", paths.raw / "panel.xlsx"
    if csv_path.is_file():
        try:
            return read_text_csv(csv_path).frame, csv_path.name
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise UserError(f"{csv_path}: cannot be read ({type(exc).__name__}): fix or move it before importing") from None
    if xlsx_path.is_file():
        from .template import typed_values

        values = typed_values(xlsx_path, meta.indicators)
        if not values:
            return None, xlsx_path.name
        frame = pd.DataFrame([{"region_code": c, "year": str(y), i: v} for (c, y, i), v in values.items()])
        frame = frame.groupby(["region_code", "year"], as_index=False).first()
        return frame.fillna("").astype(str), xlsx_path.name
    return None, ""


@dataclass
class Merged:
    panel: pd.DataFrame            # region_code, year, (name columns), every indicator: text
    new: Counter                   # indicator → cells filled that were empty
    same: int
    replaced: list[str]
    conflicts: list[Problem]


def _number(text: str) -> float | None:
    """A cell's value as :func:`~helpers.data.io.parse_numbers` reads it (NaN: missing; None: not a number)."""
    try:
        value = float(text)
        if math.isfinite(value) and text.strip() == text and text:
            return value
    except ValueError:
        pass
    parsed = parse_numbers(pd.DataFrame({"v": [text]}))
    return None if len(parsed.invalid) else float(parsed.values.iloc[0, 0])


def _text(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.12g}"


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b), 1e-300)


def merge(existing: pd.DataFrame | None, cells: list[Cell], meta: Meta, replace: bool, file: str) -> Merged:
    """The panel with the imported ``cells`` placed: one row per region of regions.csv and year of the
    study period (rows of other regions or years already there are kept), the indicators in the order
    of indicators.csv. A cell that holds a different value is a conflict unless ``replace``."""
    ids = meta.indicators["id"].tolist()
    config = meta.config
    grid = pd.DataFrame([(c, str(y)) for c in meta.regions["region_code"] for y in config.years], columns=list(PANEL_KEYS))
    if existing is not None and len(existing.columns):
        old = existing.copy()
        old["region_code"] = old["region_code"].str.strip()
        old["year"] = old["year"].str.strip()
        keep = [c for c in old.columns if c not in PANEL_KEYS]
        panel = grid.merge(old, on=list(PANEL_KEYS), how="outer", sort=False)
        panel = panel[list(PANEL_KEYS) + [c for c in PANEL_OPTIONAL if c in keep] + [c for c in keep if c not in PANEL_OPTIONAL]]
    else:
        panel = grid.copy()
    for ident in ids:
        if ident not in panel.columns:
            panel[ident] = ""
    panel = panel.fillna("")
    panel = panel[[c for c in panel.columns if c not in ids] + ids]
    index = {(c, y): i for i, (c, y) in enumerate(zip(panel["region_code"], panel["year"], strict=True))}
    new: Counter = Counter()
    same, replaced, conflicts = 0, [], []
    for cell in cells:
        key = (cell.code, str(cell.year))
        if key not in index:
            continue
        row = index[key]
        before = panel.at[row, cell.indicator]
        if math.isnan(cell.value):
            continue
        if not str(before).strip() or normalize(before).lower() in MISSING_MARKERS:
            panel.at[row, cell.indicator] = _text(cell.value)
            new[cell.indicator] += 1
            continue
        old_value = _number(before)
        if old_value is not None and not math.isnan(old_value) and _same(old_value, cell.value):
            same += 1
            continue
        where = f"region {cell.code}, year {cell.year}, indicator {cell.indicator}"
        if replace:
            panel.at[row, cell.indicator] = _text(cell.value)
            replaced.append(f"{where}: {before} → {_text(cell.value)} ({cell.where})")
        else:
            conflicts.append(Problem(file, where, f"already holds {before}; {cell.where} gives {_text(cell.value)} "
                                                  "(pass --replace to take the imported value)"))
    panel = panel.sort_values(list(PANEL_KEYS), kind="mergesort", key=lambda s: s.astype(str)).reset_index(drop=True)
    return Merged(panel, new, same, replaced, conflicts)


def _disagreements(cells: list[Cell]) -> tuple[list[Cell], list[Problem]]:
    """One cell per region, year and indicator; the files that give different values are refused."""
    chosen: dict[tuple, Cell] = {}
    problems = []
    for cell in cells:
        key = (cell.code, cell.year, cell.indicator)
        if key not in chosen or math.isnan(chosen[key].value):
            chosen[key] = cell
        elif not math.isnan(cell.value) and not _same(chosen[key].value, cell.value):
            problems.append(Problem(cell.where.split(",")[0], f"region {cell.code}, year {cell.year}, indicator {cell.indicator}",
                                    f"{chosen[key].where} gives {_text(chosen[key].value)}, {cell.where} gives "
                                    f"{_text(cell.value)}: import one of them"))
    return list(chosen.values()), problems


@dataclass
class ImportReport:
    lines: list[str]
    written: Path | None


def import_files(paths: ProvincePaths, files: list[Path], layout: str | None = None, year: int | None = None,
                 replace: bool = False, ignore: list[str] | None = None, dry_run: bool = False) -> ImportReport:
    """Read ``files`` into the panel of a province and write ``panel.csv`` (see the module docstring).

    Raises :class:`DataError` listing everything refused, before anything is written.
    """
    if layout is not None and layout not in LAYOUTS:
        raise UserError(f"--layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    if not files:
        raise UserError("name at least one file to import")
    meta = load_meta(paths)
    divisions = load_divisions(paths.reference)
    regions, indicators = RegionMatcher(meta, divisions), IndicatorMatcher(meta.indicators)
    result = ImportResult()
    ignored = {i.strip() for i in ignore or []}
    for path in files:
        try:
            sheets = read_sheets(Path(path))
        except UserError as exc:
            result.problems.append(Problem(Path(path).name, "", str(exc).split(": ", 1)[-1]))
            continue
        for sheet in sheets:
            read_table(sheet, regions, indicators, result, layout, year, ignored)
    config = meta.config
    inside = [c for c in result.cells if config.first_year <= c.year <= config.last_year]
    outside = sorted({c.year for c in result.cells} - {c.year for c in inside})
    if outside:
        result.skipped.append(f"year(s) {', '.join(map(str, outside))}: outside the study period "
                              f"{config.first_year}–{config.last_year} ({len(result.cells) - len(inside)} cell(s))")
    cells, disagreements = _disagreements(inside)
    problems = result.problems + disagreements
    existing, existing_name = existing_values(paths, meta)
    target = paths.raw / "panel.csv"
    merged = merge(existing, cells, meta, replace, existing_name or target.name)
    problems += merged.conflicts
    if existing_name == "panel.xlsx":
        from .template import excel_lock_files

        if locks := excel_lock_files(paths.raw / "panel.xlsx"):
            problems.append(Problem("panel.xlsx", "", f"is open in Excel ({locks[0].name} lies beside it): save and "
                                                      "close it first"))
    if problems:
        raise DataError(problems, context=f"the import into '{paths.province}' (nothing was written)")
    lines = _report(result, merged, cells, meta, existing_name)
    if dry_run:
        return ImportReport(lines + ["dry run: nothing was written"], None)
    _write_atomically(merged.panel, target)
    if existing_name == "panel.xlsx":
        moved = paths.raw / "panel.xlsx.before-import"
        os.replace(paths.raw / "panel.xlsx", moved)
        lines.append(f"panel.xlsx (the data-entry template{' with typed values, merged above' if existing is not None else ''}) "
                     f"was renamed {moved.name}: panel.csv is the panel now")
    lines.append(f"wrote {target}")
    return ImportReport(lines, target)


def _write_atomically(panel: pd.DataFrame, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".panel-", suffix=".csv", dir=target.parent)
    os.close(handle)
    try:
        panel.to_csv(temporary, index=False, encoding=CSV_ENCODING, lineterminator="\n")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _report(result: ImportResult, merged: Merged, cells: list[Cell], meta: Meta, existing: str) -> list[str]:
    names = dict(zip(meta.indicators["id"], meta.indicators["name_zh"], strict=True))
    lines = [f"read {len(result.tables)} table(s):"] + [f"  {t}" for t in result.tables]
    per = Counter(c.indicator for c in cells if not math.isnan(c.value))
    blank = Counter(c.indicator for c in cells if math.isnan(c.value))
    lines.append(f"placed {sum(per.values())} value(s) of {len(per)} indicator(s): {sum(merged.new.values())} new, "
                 f"{merged.same} equal to what {existing or 'panel.csv'} held, {len(merged.replaced)} replaced; "
                 f"{sum(blank.values())} cell(s) marked missing in the source stay empty")
    for ident in meta.indicators["id"]:
        if per[ident] or blank[ident]:
            extra = [f"converted {result.conversions[ident]}"] if ident in result.conversions else []
            extra += [f"unit not stated, {result.unstated_units[ident]}"] if ident in result.unstated_units else []
            extra += [f"{blank[ident]} missing"] if blank[ident] else []
            lines.append(f"  {ident} {names[ident]}: {per[ident]} value(s)" + (f" ({'; '.join(extra)})" if extra else ""))
    if merged.replaced:
        lines.append(f"replaced {len(merged.replaced)} cell(s) (--replace):")
        lines += [f"  {r}" for r in merged.replaced]
    if result.mapped:
        lines.append("regions matched other than by their exact name or code:")
        lines += [f"  {text} → {how}" for text, how in result.mapped.items()]
    if result.skipped:
        lines.append(f"skipped {len(result.skipped)}:")
        lines += [f"  {s}" for s in result.skipped]
    return lines

