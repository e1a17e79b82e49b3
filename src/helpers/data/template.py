"""A new province in minutes: the folder, the indicator system and an Excel data-entry template.

``python -m helpers new-province <slug> --name … --name-zh … --from qinghai`` creates
``data/raw/<slug>/`` with ``province.toml`` (systems, groups and options copied from the source
province), ``indicators.csv`` (copied, or only its header with ``--empty``), ``regions.csv`` (from
``--regions FILE`` or only its header, to fill), ``SOURCES.md`` and, once regions are known,
``panel.xlsx``: a wide sheet with one row per region and year and five header rows (indicator id,
Chinese name, English name, unit — in Chinese where ``unit_zh`` gives it —, direction). ``python -m helpers template --province <slug>``
rebuilds the template after regions.csv or indicators.csv changed. ``validate`` and ``run`` read
the filled workbook directly (the header rows are mapped back to the indicator ids).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from .errors import UserError
from .io import read_user_csv, read_xlsx_rows, text_table_from_rows
from .paths import PROJECT_ROOT, check_slug, province_paths, resolve_data_dir
from .validate import (
    INDICATOR_COLUMNS,
    INDICATOR_OPTIONAL,
    REGION_COLUMNS,
    SOURCE_TO_FILL,
    TEMPLATE_MARKER,
    load_meta,
    map_template_header,
)

INSTRUCTIONS = [
    "如何填写 / How to fill in this sheet",
    "1. 每行是一个地区的一个年份；不要改动前五行和前三列。 Each row is one region in one year; keep the first five rows and three columns.",
    "2. 按第4行的单位填写数值；缺失请留空或填“—”。 Enter values in the unit of row 4; leave blank or write — when missing.",
    "3. 可以粘贴文本格式的数字、千位分隔符或全角数字，读取时会转换并记录。 Numbers stored as text, thousands separators and full-width digits are accepted and logged.",
    "4. 保存后在项目文件夹中运行 / then run in the project folder:  {command} validate --province {slug}",
]


def helpers_command() -> str:
    """How to call ``python -m helpers`` from the project folder: with the project's environment
    (``.venv/bin/python``) when it is the one running, since a bare ``python`` does not know helpers."""
    executable = Path(sys.executable)
    try:
        shown = executable.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        shown = str(executable)
    return f"{shown} -m helpers"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def groups_table(groups: list[str]) -> list[str]:
    """A ``[groups]`` table declaring ``groups`` (the ids used in regions.csv), their names to fill."""
    if not groups:
        return ["# [groups]  # optional: region groups (the `group` column of regions.csv) compared in notebooks 05 and 10",
                "# east = { name = \"Eastern region\", name_zh = \"东部地区\" }"]
    lines = ["# Region groups, as used in the `group` column of regions.csv: notebook 05 compares their means and",
             "# notebook 10 decomposes inequality within and between them. Replace the names (English, Chinese).",
             "[groups]"]
    return lines + [f"{_toml_key(g)} = {{ name = {_toml_string(g)}, name_zh = {_toml_string(g)} }}" for g in groups]


DRIVERS_HINT = [
    "# Optional: external drivers of D for the regression of notebook 12, with their values in drivers.csv",
    "# (region_code, year, one column per driver), e.g.",
    "# [drivers]",
    '# fiscal = { name = "General budget expenditure share of GDP", name_zh = "一般公共预算支出占地区生产总值比重", '
    'unit = "%", source = "yearbook table …" }',
]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def province_toml(source_text: str, slug: str, name: str, name_zh: str, admin_code: str, first_year: int,
                  last_year: int, data_status: str, groups: list[str]) -> str:
    """The source province's toml with the identity lines replaced, systems and options kept, a
    ``[groups]`` table for the groups of the new regions (the source's groups are dropped) and the
    source's ``[drivers]`` left as a commented example (its drivers.csv is not copied)."""
    replacements = {"slug": _toml_string(slug), "name": _toml_string(name), "name_zh": _toml_string(name_zh),
                    "admin_code": _toml_string(admin_code), "first_year": str(first_year), "last_year": str(last_year),
                    "data_status": _toml_string(data_status)}
    # tables describing the source's own data, replaced by what the new province needs
    replaced_tables = {"[groups]": groups_table(groups), "[drivers]": DRIVERS_HINT}
    lines: list[str] = []
    skipping = False
    for line in source_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped in replaced_tables
            if skipping:
                while lines and lines[-1].startswith("#"):   # the source's comment on that table
                    lines.pop()
                lines += replaced_tables[stripped]
                continue
        if skipping:
            continue
        key = line.split("=", 1)[0].strip()
        if key in replacements and not line.startswith((" ", "\t")):
            line = f"{key} = {replacements.pop(key)}"
        elif key == "focus_region" and not line.startswith((" ", "\t")):
            line = "# focus_region = \"000000\"   # optional: the region compared with the province and China"
        elif line.startswith("#") and not lines:
            continue  # the source's header comment describes the source province
        lines.append(line)
    if "[groups]" not in source_text:
        lines += [""] + groups_table(groups)
    header = [f"# {name} ({name_zh}): created with `python -m helpers new-province`; edit systems, groups and options as needed."]
    return "\n".join(header + lines) + "\n"


def chinese_province_name(name_zh: str | None, admin_code: str, data_dir: Path) -> str:
    """The Chinese name of a new province: ``name_zh`` when given (it must be Chinese), otherwise the
    official name of ``admin_code`` in data/raw/reference/divisions.csv; refused when neither exists,
    since every Chinese sentence calls the province by it."""
    from .divisions import load_divisions
    from .paths import REFERENCE_DIRNAME
    from .validate import _CJK

    divisions = load_divisions(data_dir / REFERENCE_DIRNAME)
    official = divisions.province_name(admin_code) if divisions is not None else None
    if name_zh:
        if not _CJK.search(name_zh):
            raise UserError(f"--name-zh {name_zh!r} is not a Chinese name: Chinese tables and text call the province by it"
                            + (f" (the official name of {admin_code} is {official})" if official else ""))
        return name_zh
    if official is None:
        raise UserError(f"give the Chinese name with --name-zh (e.g. 河南省), or a province-level --admin-code of the "
                        f"official table (e.g. 410000), from which it is taken: {admin_code!r} is not one")
    return official


def excel_lock_files(path: Path) -> list[Path]:
    """The lock files Excel (``~$panel.xlsx``) and LibreOffice (``.~lock.panel.xlsx#``) leave beside a
    workbook while it is open."""
    return [p for p in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")) if p.exists()]


def new_province(slug: str, name: str, name_zh: str | None, source: str | None = None, admin_code: str = "000000",
                 first_year: int | None = None, last_year: int | None = None, regions_file: Path | None = None,
                 empty_indicators: bool = False, data_status: str = "unverified", data_dir: str | None = None) -> Path:
    """Create ``<data_dir>/<slug>/`` (refuses to touch an existing folder); return the folder."""
    check_slug(slug)
    root = resolve_data_dir(data_dir)
    folder = root / slug
    if folder.exists():
        raise UserError(f"{folder} already exists: choose another slug or remove it yourself")
    if not re.fullmatch(r"\d{6}", admin_code):
        raise UserError(f"--admin-code must be a 6-digit code, got {admin_code!r}")
    if source is None:
        raise UserError("--from <province> is required: the new province copies its systems and options")
    source_meta = load_meta(province_paths(source, root))
    first = first_year or source_meta.config.first_year
    last = last_year or source_meta.config.last_year
    if first >= last:
        raise UserError(f"the first year ({first}) must come before the last year ({last})")
    name_zh = chinese_province_name(name_zh, admin_code, root)
    regions = pd.DataFrame(columns=list(REGION_COLUMNS))
    if regions_file is not None:
        regions = read_user_csv(Path(regions_file))
        missing = [c for c in REGION_COLUMNS if c not in regions.columns]
        if missing:
            raise UserError(f"{regions_file}: missing column(s) {', '.join(missing)}")
    folder.mkdir(parents=True)
    text = (root / source / "province.toml").read_text(encoding="utf-8")
    groups = list(dict.fromkeys(g.strip() for g in regions["group"] if g.strip()))
    (folder / "province.toml").write_text(province_toml(text, slug, name, name_zh, admin_code, first, last, data_status, groups),
                                          encoding="utf-8")
    # the indicator system is copied, its sources are not: they are the new province's yearbook tables
    indicators = (source_meta.indicators.iloc[0:0] if empty_indicators else source_meta.indicators).assign(source=SOURCE_TO_FILL)
    columns = [*INDICATOR_COLUMNS, *(c for c in INDICATOR_OPTIONAL if c in indicators.columns)]
    indicators[columns].to_csv(folder / "indicators.csv", index=False, encoding="utf-8", lineterminator="\n")
    regions[list(REGION_COLUMNS)].to_csv(folder / "regions.csv", index=False, encoding="utf-8", lineterminator="\n")
    (folder / "SOURCES.md").write_text(
        f"# {name} ({name_zh}) — sources\n\nData status: {data_status}. For every indicator, name the yearbook, edition, "
        "table and page the values come from, and any adjustment made.\n", encoding="utf-8")
    if len(regions) and len(indicators):
        write_template(folder, first, last)
    return folder


Values = dict[tuple[str, int, str], str]   # (region_code, year, indicator) → the cell as typed


def typed_values(path: Path, indicators: pd.DataFrame) -> Values:
    """The non-empty cells of an existing panel workbook (the template or a plain sheet)."""
    rows = read_xlsx_rows(path)
    if len(rows) > 1 and rows[1] and rows[1][0].strip() == TEMPLATE_MARKER:
        table = map_template_header(rows, indicators, path.name, [])
    else:
        table = text_table_from_rows(rows, header_row=1, first_data_row=2)
    frame = table.frame
    if not {"region_code", "year"} <= set(frame.columns):
        return {}
    ids = [i for i in indicators["id"] if i in frame.columns]
    values: Values = {}
    for row in frame.itertuples(index=False):
        record = row._asdict() if hasattr(row, "_asdict") else dict(zip(frame.columns, row, strict=True))
        try:
            key = (str(record["region_code"]).strip()[:6], int(float(record["year"])))
        except (TypeError, ValueError):
            continue
        for ident in ids:
            if str(record[ident]).strip():
                values[(*key, ident)] = record[ident]
    return values


def _cell(text: str):
    """A typed value back into a cell: a number stays a number, anything else stays text."""
    try:
        return float(text)
    except ValueError:
        return text


def template_units(indicators: pd.DataFrame) -> list[str]:
    """The unit row of the template: the Chinese unit (``unit_zh``) where given, else the unit.

    Examples
    --------
    >>> template_units(pd.DataFrame({"unit": ["yuan/person", "%", "beds"], "unit_zh": ["元/人", "", None]}))
    ['元/人', '%', 'beds']
    """
    units = indicators["unit"].fillna("").astype(str)
    if "unit_zh" not in indicators.columns:
        return units.tolist()
    chinese = indicators["unit_zh"].fillna("").astype(str).str.strip()
    return chinese.where(chinese != "", units).tolist()


def template_frame(regions: pd.DataFrame, indicators: pd.DataFrame, first_year: int, last_year: int,
                   values: Values | None = None) -> list[list]:
    """Rows of the template sheet: five header rows, then one row per region and year (with ``values``)."""
    values = values or {}
    header_rows = [["region_code", "year", "name_zh"] + indicators["id"].tolist(),
                   [TEMPLATE_MARKER, "年份 year", "地区 region"] + indicators["name_zh"].tolist(),
                   ["", "", ""] + indicators["name"].tolist(),
                   ["", "", "单位 unit"] + template_units(indicators),
                   ["", "", "方向 direction"] + indicators["direction"].tolist()]
    body = [[r.region_code, year, r.name_zh] + [_cell(values[(r.region_code, year, i)]) if (r.region_code, year, i) in values
                                                else None for i in indicators["id"]]
            for r in regions.itertuples(index=False) for year in range(first_year, last_year + 1)]
    return header_rows + body


def write_template(folder: Path, first_year: int, last_year: int, target: Path | None = None,
                   values: Values | None = None) -> Path:
    """Write the Excel data-entry template of the province in ``folder`` (``panel.xlsx``).

    ``values`` (see :func:`typed_values`) are written back into the cells of the regions, years
    and indicators that still exist, so that rebuilding the template keeps what was typed.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    regions = read_user_csv(folder / "regions.csv")
    indicators = read_user_csv(folder / "indicators.csv")
    if regions.empty or indicators.empty:
        raise UserError(f"fill {folder / 'regions.csv'} and {folder / 'indicators.csv'} first: the template has one row per region and year")
    target = target or folder / "panel.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "panel"
    for row in template_frame(regions, indicators, first_year, last_year, values):
        sheet.append(row)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for row in sheet.iter_rows(min_row=1, max_row=5):
        for cell in row:
            cell.font = Font(bold=cell.row == 1)
            cell.fill = grey
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in sheet.iter_cols(min_row=6, max_col=1):
        for cell in column:
            cell.number_format = "@"  # region codes stay text
    sheet.freeze_panes = "D6"
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["C"].width = 16
    notes = workbook.create_sheet("说明 README")
    for line in INSTRUCTIONS:
        notes.append([line.format(slug=folder.name, command=helpers_command())])
    workbook.save(target)
    return target

