"""Every word a reader sees, in English and Chinese (``language`` = ``en`` | ``zh``).

* :mod:`.words` — terms for axes, legends, headers and titles, the names of the grades of D and of
  every method option, the data-status notes;
* :mod:`.sentences` — the templates of the generated interpretations, captions and messages;
* :mod:`.glossary` — the method terms as data (``glossary.toml``): the standard Chinese term of every
  method term, the variants that must not appear, the Latin words Chinese text may contain.

This is the only place that chooses between the two languages (:func:`pick`); the rest of the
package asks for a word by key. Output file captions live with the outputs in
:mod:`helpers.data.catalog`, as pairs chosen here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...data.config import ProvinceConfig
from ...methods.coupling import SYNCHRONOUS
from .sentences import SENTENCES
from .words import (
    DATA_STATUS,
    GRADE_NAMES,
    OPTION_DEFAULTS,
    OPTION_LABELS,
    OPTION_NAMES,
    TERMS,
    Pair,
)

LANGUAGES = ("en", "zh")


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


def pick(pair: Pair, language: str) -> str:
    """The English or the Chinese member of a pair."""
    return pair[1] if check_language(language) == "zh" else pair[0]


def term(key: str, language: str = "en", **values) -> str:
    """The word for ``key`` in ``language`` (formatted with ``values`` when it has fields)."""
    word = pick(TERMS[key], language)
    return word.format(**values) if values else word


def text(key: str, language: str = "en", **values) -> str:
    """A sentence template of :mod:`.sentences`, filled with ``values``."""
    return pick(SENTENCES[key], language).format(**values)


def join(items: Iterable[str], language: str = "en") -> str:
    """``a, b and c`` / ``a、b和c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    if language == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def listing(items: Iterable[str], language: str = "en", sentences: bool = False) -> str:
    """``a, b, c`` / ``a、b、c`` (``sentences``: ``a; b`` / ``a；b``), without a final conjunction."""
    separator = pick(("; ", "；") if sentences else (", ", "、"), language)
    return separator.join(str(i) for i in items)


def whole_number(value: int, language: str = "en") -> str:
    """``6,435`` in English, ``6435`` in Chinese typesetting."""
    return pick((f"{value:,}", f"{value}"), language)


def with_value(name: str, value, language: str = "en") -> str:
    """``name (value)`` in English, ``name（value）`` in Chinese (full-width parentheses touch Chinese text).

    Examples
    --------
    >>> with_value("乡风文明", "0.686", "zh"), with_value("Civility", "0.686")
    ('乡风文明（0.686）', 'Civility (0.686)')
    """
    return text("item.value", language, name=name, value=value)


def signed(value: float, digits: int = 3) -> str:
    """A number with its sign (``+0.012``, ``-0.012``), and no sign when it rounds to zero (``0.000``).

    Examples
    --------
    >>> signed(0.01234), signed(-0.01234), signed(-0.00001)
    ('+0.012', '-0.012', '0.000')
    """
    shown = fixed(value, digits)
    return shown if float(shown) == 0 or shown.startswith("-") else "+" + shown


def localized(frame: pd.DataFrame, column: str, language: str = "en") -> pd.Series:
    """``column`` of a reference table, or its ``<column>_zh`` in Chinese where that is given."""
    chinese = f"{column}_zh"
    if check_language(language) != "zh" or chinese not in frame.columns:
        return frame[column]
    given = frame[chinese].fillna("").astype(str).str.strip() != ""
    return frame[chinese].where(given, frame[column])


def paragraph(sentences: Iterable[str], language: str = "en") -> str:
    """Sentences run together: separated by a space in English, directly in Chinese."""
    return ("" if language == "zh" else " ").join(s for s in sentences if s)


def option_name(option: str, value: str, language: str = "en") -> str:
    """How a method option is called, e.g. ``option_name("weighting", "critic")`` → ``CRITIC method``."""
    return pick(OPTION_NAMES[option][value], language)


def option_label(option: str, language: str = "en") -> str:
    """What a method option is, in words (``weighting`` → ``Weighting``, 赋权方法).

    Examples
    --------
    >>> option_label("coupling_formula", "zh")
    '耦合协调度模型'
    """
    return pick(OPTION_LABELS[option], language)


def option_rows(options: dict, language: str = "en") -> list[tuple[str, str]]:
    """The method options of a run as (what the option is, its value) in ``language``, in the order given.

    Examples
    --------
    >>> option_rows({"weighting": "critic", "cluster_k": None, "grey_rho": 0.5}, "zh")
    [('赋权方法', 'CRITIC法'), ('聚类数', '轮廓系数最大者'), ('分辨系数ρ', '0.5')]
    """
    rows = []
    for key, value in options.items():
        if value is None:
            shown = pick(OPTION_DEFAULTS[key], language)
        elif key in OPTION_NAMES and value in OPTION_NAMES[key]:
            shown = option_name(key, value, language)
        elif isinstance(value, (list, tuple)):
            shown = pick((", ", "、"), language).join(f"{v:g}" for v in value)
        else:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append((option_label(key, language), shown))
    return rows


def grade_name(level: int, language: str = "en") -> str:
    """Name of grade 1 … 10 of D."""
    return pick(GRADE_NAMES[int(level) - 1], language)


def band_name(band: tuple[int, int], language: str = "en") -> str:
    """A band of grades of D: ``grades 1–3 (extreme imbalance to moderate imbalance)``."""
    low, high = band
    if low == high:
        return text("band.single", language, g=low, name=grade_name(low, language))
    return text("band.range", language, low=low, high=high, first=grade_name(low, language), last=grade_name(high, language))


def band_grades(band: tuple[int, int], language: str = "en") -> str:
    """The grades of a band in figures: ``1–3``, ``1～3`` in Chinese (``4`` for a band of one grade)."""
    low, high = band
    return str(low) if low == high else f"{low}{pick(('–', '～'), language)}{high}"


def with_grade_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``grade_label`` and ``grade_label_zh`` inserted after its ``grade`` column."""
    out = frame.copy()
    at = out.columns.get_loc("grade") + 1
    out.insert(at, "grade_label", [grade_name(g, "en") for g in out["grade"]])
    out.insert(at + 1, "grade_label_zh", [grade_name(g, "zh") for g in out["grade"]])
    return out


def status_label(data_status: str, language: str = "en") -> str:
    """What the data are, in a few words (the ``data_status`` column of every processed table)."""
    return pick(DATA_STATUS[data_status], language)


def status_note(data_status: str, language: str = "en") -> str | None:
    """The note every figure and table of non-official data carries (None for official data)."""
    return None if data_status == "official" else status_label(data_status, language)


def status_description(data_status: str, language: str = "en") -> str:
    """One sentence on what the data are, for banners and title pages."""
    return text(f"status.{data_status}", language)


def weighting_description(weighting: str, entropy_mode: str, language: str = "en") -> str:
    """``entropy method, pooled over all regions and years`` (the mode only matters for entropy)."""
    name = option_name("weighting", weighting, language)
    if weighting in ("entropy", "entropy-critic"):
        sep = "，" if language == "zh" else ", "
        return name + sep + option_name("entropy_mode", entropy_mode, language)
    return name


def p_value(p: float, language: str = "en") -> str:
    """``p = 0.032``, or ``p < 0.001`` for the smallest values (never ``p = 0.000``).

    Examples
    --------
    >>> p_value(0.0321), p_value(0.0004), p_value(1.0)
    ('p = 0.032', 'p < 0.001', 'p = 1.000')
    """
    return "p < 0.001" if p < 0.0005 else f"p = {p:.3f}"


def p_cell(p: float) -> str:
    """A p-value in a table cell: ``0.032``, ``< 0.001``, or ``—`` when there is no test.

    Examples
    --------
    >>> p_cell(0.0321), p_cell(0.0004), p_cell(float("nan"))
    ('0.032', '< 0.001', '—')
    """
    if pd.isna(p):
        return "—"
    return "< 0.001" if p < 0.0005 else f"{p:.3f}"


def fixed(value: float, digits: int = 3) -> str:
    """A number with ``digits`` decimals, without the minus sign of a value that rounds to zero.

    Examples
    --------
    >>> fixed(-0.00001), fixed(0.1234, 2)
    ('0.000', '0.12')
    """
    text_value = f"{value:.{digits}f}"
    return text_value[1:] if text_value.startswith("-") and float(text_value) == 0 else text_value


EMPTY = "—"   # an empty cell of a thesis table (the notes say why)


def cell_text(value, decimals: int, empty: str = EMPTY) -> str:
    """A cell of a thesis table as text, the one rule of the LaTeX and Word tables: a number with
    ``decimals`` decimals (:func:`fixed`, never −0.000; integers as they are), an empty cell (NaN, None,
    NA) as ``empty``, anything else as it is.

    Examples
    --------
    >>> cell_text(0.123456, 3), cell_text(-0.00001, 3), cell_text(7, 3), cell_text(float("nan"), 2), cell_text("Xining", 2)
    ('0.123', '0.000', '7', '—', 'Xining')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return empty
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return empty if np.isnan(value) else fixed(float(value), decimals)
    return str(value)


def percent(value: float, language: str = "en", digits: int = 1) -> str:
    """``12.3 %`` in English, ``12.3%`` in Chinese typesetting."""
    return f"{100 * value:.{digits}f}" + ("%" if language == "zh" else " %")


@dataclass(frozen=True)
class Names:
    """The names of one province in one language: regions, systems and dimensions, indicators, groups, and the
    external drivers of ``[drivers]`` in province.toml."""

    language: str
    regions: dict[str, str]
    systems: dict[str, str]          # system and dimension ids, and "D"
    indicators: dict[str, str]       # id → "ID name"
    groups: dict[str, str] = field(default_factory=dict)
    membership: dict[str, str] = field(default_factory=dict)   # region_code → group id ("" for none)
    focus: str | None = None                                    # the focus region of province.toml
    drivers: dict[str, str] = field(default_factory=dict)       # external driver id → name

    @property
    def items(self) -> dict[str, str]:
        """Systems, dimensions, D, indicators and external drivers together (the items of obstacle and grey
        tables, and the factors of notebooks 12 and 14)."""
        return {**self.indicators, **self.systems, **self.drivers}

    def region(self, code: str) -> str:
        return self.regions.get(code, code)

    def item(self, key: str) -> str:
        return self.items.get(key, key)


def names_for(config: ProvinceConfig, regions: pd.DataFrame, indicators: pd.DataFrame, language: str = "en") -> Names:
    membership = dict(zip(regions["region_code"], regions["group"].fillna("") if "group" in regions else "", strict=False))
    return Names(check_language(language), region_names(regions, language),
                 {**system_names(config, language), "D": "D"}, indicator_names(indicators, language),
                 group_names(config, language), membership, config.focus_region, driver_names(config, language))


def driver_names(config: ProvinceConfig, language: str = "en") -> dict[str, str]:
    """External driver id → name in ``language``."""
    return {d.id: pick((d.name, d.name_zh), language) for d in config.drivers}


def _name_column(language: str) -> str:
    return "name_zh" if check_language(language) == "zh" else "name"


def region_names(regions: pd.DataFrame, language: str = "en") -> dict[str, str]:
    """region_code → name in ``language``."""
    return dict(zip(regions["region_code"], regions[_name_column(language)], strict=True))


def indicator_names(indicators: pd.DataFrame, language: str = "en", with_id: bool = True) -> dict[str, str]:
    """indicator id → ``"ID name"`` (Chinese: ``"ID名称"``, no space between Latin and Chinese), or the name alone."""
    names = indicators[_name_column(language)]
    labels = indicators["id"] + pick((" ", ""), language) + names if with_id else names
    return dict(zip(indicators["id"], labels, strict=True))


MISSING_UNIT = "—"


def _has_unit_zh(indicators: pd.DataFrame) -> pd.Series:
    if "unit_zh" not in indicators.columns:
        return pd.Series(False, index=indicators.index)
    return indicators["unit_zh"].fillna("").astype(str).str.strip() != ""


def indicator_units(indicators: pd.DataFrame, language: str = "en") -> pd.Series:
    """Unit of every indicator in ``language``: ``unit`` in English; ``unit_zh`` in Chinese, or "—" where it is
    blank (never the English unit in a Chinese table; :func:`missing_unit_note` says which).

    Examples
    --------
    >>> ind = pd.DataFrame({"id": ["a", "b"], "unit": ["yuan", "%"], "unit_zh": ["元", ""]})
    >>> indicator_units(ind, "zh").tolist(), indicator_units(ind, "en").tolist()
    (['元', '—'], ['yuan', '%'])
    """
    if check_language(language) == "zh":
        given = _has_unit_zh(indicators)
        zh = indicators["unit_zh"] if "unit_zh" in indicators.columns else pd.Series("", index=indicators.index)
        return zh.where(given, MISSING_UNIT)
    return indicators["unit"]


def missing_unit_note(indicators: pd.DataFrame, language: str = "en") -> tuple[str, ...]:
    """The note under a Chinese table of units that shows "—" for indicators without ``unit_zh`` (none in English)."""
    if check_language(language) != "zh":
        return ()
    missing = indicators.loc[~_has_unit_zh(indicators), "id"]
    return (text("unit.missing", language, indicators=listing(missing, language)),) if len(missing) else ()


def system_names(config: ProvinceConfig, language: str = "en") -> dict[str, str]:
    """System and dimension id → name in ``language``."""
    out = {}
    for s in config.systems:
        out[s.id] = pick((s.name, s.name_zh), language)
        for d in s.dimensions:
            out[d.id] = pick((d.name, d.name_zh), language)
    return out


def group_names(config: ProvinceConfig, language: str = "en") -> dict[str, str]:
    return {g.id: pick((g.name, g.name_zh), language) for g in config.groups}


def province_name(config: ProvinceConfig, language: str = "en") -> str:
    return pick((config.name, config.name_zh), language)


def area_name(row, language: str = "en") -> str:
    """Name of a reference-fact row (columns area, area_zh)."""
    return pick((row["area"], row["area_zh"]), language)


def basis_name(basis: str, language: str = "en") -> str:
    """``as_published``, ``revised_post_census`` or ``census_<year>`` in words (``census 2020``, ``2020年人口普查``)."""
    if basis.startswith("census_"):
        return text("basis.census", language, year=basis.removeprefix("census_"))
    return term(basis, language)


def lag_label(lagging: str, config: ProvinceConfig, language: str = "en") -> str:
    """The lag type named in ``language``: synchronous when ``lagging`` is empty (or ``synchronous``), else
    the lagging subsystem ``lagging`` (an id of ``coupling.csv``'s column ``lagging``) by its name."""
    if not isinstance(lagging, str) or lagging in ("", SYNCHRONOUS):   # a blank read back from the CSV is NaN
        return term("synchronous", language)
    return text("lag.lagging", language, name=system_names(config, language).get(lagging, lagging))


def variant_label(variant: str, language: str = "en", prose: bool = False) -> str:
    """A method variant ``entropy-pooled/wang/0.01/topsis`` as ``pooled entropy · Wang · 0.01 · TOPSIS`` (axes of
    figures), or in a sentence (``prose``) as a phrase: ``“pooled entropy, Wang formula, shift 0.01, TOPSIS
    composite index”`` / ``“全样本熵值法、王淑佳等模型、平移量0.01、TOPSIS综合指数”``. The weighted sum, the
    default composite, is not named.

    Examples
    --------
    >>> variant_label("entropy-pooled/standard/0.0001/weighted-sum", "zh", prose=True)
    '“全样本熵值法、传统模型、平移量0.0001”'
    >>> variant_label("critic/fan/0.01/topsis", "en")
    'CRITIC · Fan · 0.01 · TOPSIS'
    """
    weighting, formula, shift, composite = variant.split("/")
    parts = dict(weighting=option_name("weighting_short", weighting, language),
                 formula=option_name("coupling_formula_short", formula, language), shift=shift)
    named = composite != "weighted-sum"
    if prose:
        return text("variant.prose", language, **parts,
                    composite=text("variant.prose_composite", language, name=option_name("composite_short", composite,
                                                                                           language)) if named else "")
    return " · ".join([*parts.values(), *([option_name("composite_short", composite, language)] if named else [])])


def claim_statement(claim: str, subject: str, value: str, names: Names, config: ProvinceConfig,
                    capital: bool = False) -> str:
    """One row of ``claims.csv`` (claim, subject, finding) as a sentence without the final full stop,
    starting with a capital letter when ``capital`` (in a table cell or on an axis)."""
    statement = _claim_statement(claim, subject, value, names, config)
    return statement[:1].upper() + statement[1:] if capital else statement


def _claim_statement(claim: str, subject: str, value: str, names: Names, config: ProvinceConfig) -> str:
    lang, year = names.language, config.last_year
    if claim in ("top_region", "bottom_region"):
        return text(f"claim.{claim}", lang, region=names.region(value), year=year)
    if claim == "mean_trend":
        return text(f"claim.mean_trend.{value}", lang, first=config.first_year, last=year)
    if claim == "mean_grade":
        return text("claim.mean_grade", lang, year=year, grade=value, name=grade_name(int(value), lang))
    if claim == "sigma_convergence":
        return text(f"claim.sigma_convergence.{value}", lang)
    return text("claim.lagging", lang, region=names.region(subject), year=year, lag=lag_label(value, config, lang))


def option_value_text(field: str, value, language: str) -> str:
    """One choice of a method variant in words: ``equal weights``, ``the Wang formula``, ``shift 0.01``,
    ``the entropy-TOPSIS closeness``."""
    if field == "weighting":
        return option_name("weighting_short", value, language)
    if field == "coupling_formula":
        return text("variant.formula", language, formula=option_name("coupling_formula_short", value, language))
    if field == "composite":
        return option_name("composite", value, language)
    return text("variant.shift", language, shift=f"{float(value):g}")


def depends_text(conditions: Sequence[dict], failing: bool, language: str = "en") -> str:
    """The option values a claim depends on (rows of ``claims.csv``: option, value, fails, of) in words;
    with no such value, "no single option" when the claim fails somewhere (``failing``), else nothing.

    Examples
    --------
    >>> depends_text([{"option": "weighting", "value": "equal", "fails": 6, "of": 6},
    ...               {"option": "coupling_formula", "value": "wang", "fails": 10, "of": 10}], True, "zh")
    '采用等权法时6种组合中6种不成立和采用王淑佳等模型时10种组合中10种不成立'
    >>> depends_text([], False)
    ''
    """
    if not conditions:
        return text("claim.no_single_option", language) if failing else ""
    return join([text("claim.depends", language, option=option_value_text(c["option"], c["value"], language),
                      fails=int(c["fails"]), total=int(c["of"])) for c in conditions], language)


def declared_order(config: ProvinceConfig) -> list[str]:
    """D, then the systems, then their dimensions, as province.toml declares them."""
    return ["D"] + [s.id for s in config.systems] + [d.id for s in config.systems for d in s.dimensions]


def in_declared_order(frame: pd.DataFrame, config: ProvinceConfig, axis: str = "both") -> pd.DataFrame:
    """``frame`` with its index and/or columns of system/dimension ids in declared order."""
    order = declared_order(config)

    def arrange(labels: pd.Index) -> list:
        known = [k for k in order if k in labels]
        return known + [k for k in labels if k not in known]

    if axis in ("index", "both"):
        frame = frame.reindex(index=arrange(frame.index))
    if axis in ("columns", "both"):
        frame = frame.reindex(columns=arrange(frame.columns))
    return frame


def headers(columns: Sequence[str], language: str = "en") -> list[str]:
    """Column headers in ``language``: the term when one exists, else the key with spaces."""
    return [term(c, language) if c in TERMS else str(c).replace("_", " ") for c in columns]
