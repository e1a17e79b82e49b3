"""The processed CSV files as a reader sees them in the workbook: words, not machine codes.

The CSV files keep the codes that programs read (``fitted``, ``LH``, ``True``, ``RR_AL``,
``entropy-pooled/wang/0.01`` …); the sheets of the workbook show the same rows and columns in the
run's language: column headers in words, categories by their names (:mod:`.labels`), system,
dimension, indicator, driver and group ids by their names, ``True``/``False`` as yes/no, the
``<column>_zh`` twin of a column in place of it in Chinese (and left out in English), and an empty
cell as "—" (with a note under the sheet). Region codes stay codes: they are keys, not words.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..data.catalog import Output
from ..data.validate import Meta
from . import labels
from .labels import Names, term
from .labels.sentences import SENTENCES
from .labels.words import DATA_STATUS, OPTION_NAMES, TERMS

BLANK = labels.EMPTY   # an empty cell, as in the Word and LaTeX tables


def header(column: str, output: str | None, language: str) -> str:
    """The header of a CSV column in words: ``column.<output>.<column>``, ``column.<column>``, or the
    system/dimension name when the column is one (e.g. the subsystem indices of ``coupling.csv``)."""
    for key in (f"column.{output}.{column}", f"column.{column}"):
        if key in TERMS:
            return term(key, language)
    return column


def _bool_word(value, language: str):
    if isinstance(value, (bool, np.bool_)):
        return term("yes" if value else "no", language)
    if isinstance(value, str) and value in ("True", "False"):
        return term("yes" if value == "True" else "no", language)
    return value


def _all_bool(values: pd.Series) -> bool:
    """An object column whose values are all True or False (with blanks)."""
    present = values.dropna()
    return values.dtype == object and len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


class Translator:
    """The word for every code of one province and one language."""

    def __init__(self, meta: Meta, language: str):
        self.language = labels.check_language(language)
        self.config = meta.config
        self.names: Names = labels.names_for(meta.config, meta.regions, meta.indicators, language)
        self.regions = self.names.regions
        self.ids = {**self.names.indicators, **self.names.drivers, **self.names.systems, **self.names.groups,
                    "D": term("column.D", language)}
        self.units = dict(zip(meta.indicators["id"], labels.indicator_units(meta.indicators, language), strict=True))
        self.statuses = {pair[0]: labels.pick(pair, language) for pair in DATA_STATUS.values()}

    def word(self, key: str, fallback) -> str:
        return term(key, self.language) if key in TERMS else fallback

    def item(self, value):
        """An id of a system, dimension, indicator, driver, group or region (a region by its name)."""
        text = str(value)
        if text in self.ids:
            return self.ids[text]
        if text in self.regions:
            return self.regions[text]
        return self.word(f"code.{text}", value)

    def option(self, option: str) -> Callable:
        def translate(value):
            names = OPTION_NAMES[option]
            return labels.pick(names[value], self.language) if value in names else value
        return translate

    def finding(self, value):
        return self.item(str(value))

    def variant(self, value):
        try:
            return labels.variant_label(str(value), self.language)
        except (ValueError, KeyError):
            return value

    def method(self, value):
        text = str(value)
        for key in (f"method_{text}", f"code.method_{text}", text):
            if key in TERMS:
                return term(key, self.language)
        return value

    def column_rule(self, output: str | None, column: str) -> Callable | None:
        """How the values of one column are shown (None: as they are)."""
        w = self.word
        by_column: dict[str, Callable] = {
            "measure": self.item, "system": self.item, "dimension": self.item, "indicator": self.item,
            "reference": self.item, "item": self.item, "factor": self.item, "factor_a": self.item,
            "factor_b": self.item, "term": self.item, "group": self.item, "group_a": self.item, "group_b": self.item,
            "scope": self.item, "subject": self.item, "finding": self.finding, "role": self.item, "link": self.item,
            "statistic": self.item, "component": self.item,
            "lag_type": lambda v: w(str(v), v),
            "lagging": lambda v: labels.lag_label(str(v), self.config, self.language),
            "option": lambda v: labels.option_label(str(v), self.language),
            "quadrant": lambda v: w(str(v), v), "class": lambda v: w(str(v), v), "type": lambda v: w(str(v), v),
            "level": lambda v: w(str(v), v),
            "quantity": lambda v: self.item(v) if v == "D" else w(f"column.{v}", v),
            "method": self.method,
            "topic": lambda v: w(f"policy_{v}", v),
            "basis": lambda v: labels.basis_name(str(v), self.language),
            "model": lambda v: w("model_" + str(v).replace("-", "_").replace(" ", "_"), v),
            "variant": self.variant, "variant_a": self.variant, "variant_b": self.variant,
            "weighting": self.option("weighting"), "entropy_mode": self.option("entropy_mode"),
            "coupling_formula": self.option("coupling_formula"),
            "claim": lambda v: w(f"code.claim.{v}", v),
            "data_status": lambda v: self.statuses.get(v, v),
            "region_code": lambda v: w("mean_of_regions", v) if v == "mean" else v,
        }
        ids = self.config.system_ids
        denominator, numerator = ids[0], ids[min(1, len(ids) - 1)]   # E = U₂/U₁, as notebook 04 computes it
        by_column.update({
            "composite": self.option("composite"), "x": self.item, "y": self.item,
            "from_quadrant": lambda v: w(str(v), v), "to_quadrant": lambda v: w(str(v), v),
            "direction": lambda v: labels.text(f"compass.{v}", self.language) if f"compass.{v}" in SENTENCES else v,
            "effect": lambda v: w(f"effect_{v}", v), "test": lambda v: w(f"test.{v}", v),
        })
        by_output: dict[tuple[str, str], Callable] = {
            ("imputation_log", "raw"): lambda v: labels.text("quoted", self.language, text=v),   # the cell as it was
            ("beta_convergence", "kind"): lambda v: labels.text(f"beta.kind.{v}", self.language),
            ("development_types", "band"): lambda v: labels.text(
                f"devtype.band.{v}", self.language, numerator=self.item(numerator), denominator=self.item(denominator)),
            ("forecast", "kind"): lambda v: w(f"series_{v}", v),
            ("forecast", "grade"): lambda v: w("grade_" + str(v).replace(" ", "_"), v),
            ("forecast", "reason"): lambda v: w("reason_" + str(v).replace(" ", "_"), v),
            ("markov", "kind"): lambda v: w(f"code.{v}", v),
            ("driver_agreement", "kind"): lambda v: w(str(v), v),
        }
        return by_output.get((output or "", column), by_column.get(column))

    def frame(self, frame: pd.DataFrame, output: Output | str | None = None) -> tuple[pd.DataFrame, bool]:
        """``frame`` (a processed CSV file) as the sheet shows it; True when a blank became "—"."""
        name = output.name if isinstance(output, Output) else output
        out = frame.copy()
        for column in list(out.columns):
            twin = f"{column}_zh"
            if twin in out.columns:   # the column in the run's language; its twin is left out
                out[column] = labels.localized(out, column, self.language)
                out = out.drop(columns=twin)
        if {"claim", "finding"} <= set(out.columns):   # the grade of the mean D with its name
            grade = out["claim"].eq("mean_grade") & out["finding"].astype(str).str.isdigit()
            out["finding"] = out["finding"].astype(object)
            out.loc[grade, "finding"] = [labels.pick(("{g} ({name})", "{g}（{name}）"), self.language).format(
                g=g, name=labels.grade_name(int(g), self.language)) for g in out.loc[grade, "finding"]]
        if {"claim", "finding"} <= set(out.columns):   # a lag type found for a region: its lagging subsystem
            lagging = out["claim"].eq("lagging")
            out.loc[lagging, "finding"] = [labels.lag_label(str(v), self.config, self.language)
                                           for v in out.loc[lagging, "finding"]]
        if {"option", "value"} <= set(out.columns):   # the option value a claim depends on, in words
            out["value"] = [labels.option_value_text(o, v, self.language) if isinstance(o, str) and o else v
                            for o, v in zip(out["option"], out["value"], strict=True)]
        if {"id", "unit"} <= set(out.columns):   # the indicator system: each indicator's unit in the run's language
            out["unit"] = [self.units.get(i, u) for i, u in zip(out["id"], out["unit"], strict=True)]
        for column in out.columns:
            rule = self.column_rule(name, column)
            values = out[column]
            if pd.api.types.is_bool_dtype(values) or _all_bool(values):
                out[column] = values.map(lambda v: _bool_word(v, self.language), na_action="ignore")
            elif rule is not None:
                mapping = {v: rule(v) for v in values.dropna().unique()}
                out[column] = values.map(mapping, na_action="ignore")
        out.columns = [header(c, name, self.language) if c not in self.names.systems else self.ids.get(c, c)
                       for c in out.columns]
        return blanks_as_dash(out)


def blanks_as_dash(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Empty cells as "—" (numbers stay numbers); True when there was one."""
    missing = frame.isna()
    if not missing.to_numpy().any():
        return frame, False
    out = frame.astype(object).where(~missing, BLANK)
    return out, True
