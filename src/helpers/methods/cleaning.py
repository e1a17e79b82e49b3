"""Fill the gaps of a checked panel and log every cell that was filled or coerced.

Interior gaps of a region's series are filled by linear interpolation between the neighbouring
years; gaps at the start or end take the nearest observed year (no extrapolation of trends).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["region_code", "year"]
LOG_COLUMNS = ["region_code", "year", "indicator", "raw", "value", "method"]


def to_long(wide: pd.DataFrame, value_name: str = "value") -> pd.DataFrame:
    """Wide panel (region_code, year, one column per indicator) → long (…, indicator, value).

    Examples
    --------
    >>> wide = pd.DataFrame({"region_code": ["r"], "year": [2020], "a": [1.0], "b": [2.0]})
    >>> to_long(wide)[["indicator", "value"]].values.tolist()
    [['a', 1.0], ['b', 2.0]]
    """
    long = wide.melt(id_vars=KEYS, var_name="indicator", value_name=value_name)
    return long.sort_values(KEYS + ["indicator"], kind="mergesort").reset_index(drop=True)


def to_wide(long: pd.DataFrame, value: str = "value", columns: str = "indicator") -> pd.DataFrame:
    """Long table → matrix indexed by (region_code, year), one column per ``columns`` value.

    Examples
    --------
    >>> long = pd.DataFrame({"region_code": ["r", "r"], "year": [2020, 2020], "indicator": ["a", "b"], "value": [1.0, 2.0]})
    >>> to_wide(long).to_numpy().tolist()
    [[1.0, 2.0]]
    """
    return long.pivot(index=KEYS, columns=columns, values=value).sort_index()


def fill_gaps(panel: pd.DataFrame, raw_panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill missing cells of ``panel`` (wide, complete region × year rows).

    Interior gaps: linear interpolation between the neighbouring observed years; gaps at the start
    or end: the nearest observed year. Returns the filled wide panel and a log with one row per
    filled cell: region_code, year, indicator, raw (the cell as written in the file), value, method
    (``linear-interpolation`` or ``nearest-year``).

    Examples
    --------
    >>> panel = pd.DataFrame({"region_code": "r", "year": [2019, 2020, 2021, 2022], "a": [1.0, None, 3.0, None]})
    >>> raw = panel.assign(a=["1", "—", "3", ""])
    >>> filled, log = fill_gaps(panel, raw)
    >>> filled["a"].tolist(), log["method"].tolist()
    ([1.0, 2.0, 3.0, 3.0], ['linear-interpolation', 'nearest-year'])
    """
    ids = [c for c in panel.columns if c not in KEYS]
    # years as rows, (indicator, region) as columns: one vectorised interpolation for all series
    matrix = panel.set_index(KEYS)[ids].unstack("region_code").sort_index()
    interior = matrix.interpolate(method="index", limit_area="inside")
    filled = interior.ffill().bfill()
    was_missing = matrix.isna()
    method = pd.DataFrame(np.where(interior.notna(), "linear-interpolation", "nearest-year"),
                          index=matrix.index, columns=matrix.columns).where(was_missing)

    stacked = method.stack(["region_code"], future_stack=True)
    log = stacked.stack(future_stack=True).dropna().rename("method").reset_index()
    log.columns = ["year", "region_code", "indicator", "method"]
    out = filled.stack("region_code", future_stack=True).reset_index()[KEYS + ids]
    out = out.sort_values(KEYS, kind="mergesort").reset_index(drop=True)
    if log.empty:
        return out, pd.DataFrame(columns=LOG_COLUMNS)
    value = to_long(out).set_index(KEYS + ["indicator"])["value"]
    raw = to_long(raw_panel, "raw").set_index(KEYS + ["indicator"])["raw"]
    idx = pd.MultiIndex.from_frame(log[KEYS + ["indicator"]])
    log = log.assign(raw=raw.reindex(idx).to_numpy(), value=value.reindex(idx).to_numpy())
    return out, log[LOG_COLUMNS].sort_values(KEYS + ["indicator"], kind="mergesort").reset_index(drop=True)


def imputation_log(filled_log: pd.DataFrame, coercions: pd.DataFrame) -> pd.DataFrame:
    """Every cell that differs from a plain number in the raw file: filled gaps and coercions, sorted.

    Examples
    --------
    >>> imputation_log(pd.DataFrame(), pd.DataFrame()).columns.tolist()
    ['region_code', 'year', 'indicator', 'raw', 'value', 'method']
    """
    parts = [p for p in (filled_log, coercions) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=LOG_COLUMNS)
    log = pd.concat(parts, ignore_index=True)[LOG_COLUMNS]
    return log.sort_values(KEYS + ["indicator"], kind="mergesort").reset_index(drop=True)


def cell_status(panel: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """State of every raw cell: ``observed`` or the method of the log (for the figure of notebook 01).

    Examples
    --------
    >>> panel = pd.DataFrame({"region_code": "r", "year": [2020, 2021], "a": [1.0, None]})
    >>> log = pd.DataFrame({"region_code": ["r"], "year": [2021], "indicator": ["a"], "method": ["nearest-year"]})
    >>> cell_status(panel, log)["a"].tolist()
    ['observed', 'nearest-year']
    """
    ids = [c for c in panel.columns if c not in KEYS]
    status = pd.DataFrame("observed", index=pd.MultiIndex.from_frame(panel[KEYS]), columns=ids)
    if not log.empty:
        marked = log.set_index(KEYS + ["indicator"])["method"].unstack("indicator").reindex(
            index=status.index, columns=ids)
        status = status.where(marked.isna(), marked)
    return status
