"""A small synthetic province with boundaries and drivers, and the notebooks executed on it in this
process (no kernel): the fast suite's fixture for everything a reader sees (charts, tables,
interpretations, exports), so that presentation code is exercised without a notebook run."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from conftest import systems_toml
from helpers.data.paths import DEFAULT_DATA_DIR

SMALL_TOML = """\
slug = "small"
name = "Small"
name_zh = "小省"
admin_code = "990000"
first_year = 2015
last_year = 2020
data_status = "synthetic-demo"

""" + systems_toml(("RR", "Rural revitalization", "乡村振兴", [("R1", "Thriving industry", "产业兴旺"), ("R2", "Prosperity", "生活富裕")]),
                   ("NU", "New-type urbanization", "新型城镇化",
                    [("N1", "Population urbanization", "人口城镇化"), ("N2", "Economic urbanization", "经济城镇化")])) + """
[groups]
west = { name = "West", name_zh = "西部" }
east = { name = "East", name_zh = "东部" }

[drivers]
fiscal = { name = "Fiscal expenditure share", name_zh = "财政支出占比", unit = "%", source = "SYNTHETIC (tests)" }
openness = { name = "Foreign trade share", name_zh = "进出口占比", unit = "%", source = "SYNTHETIC (tests)" }
"""

NAMES = [("A", "甲"), ("B", "乙"), ("C", "丙"), ("D", "丁"), ("E", "戊"), ("F", "己"), ("G", "庚"), ("H", "辛"), ("I", "壬")]
INDICATORS = """\
id,system,dimension,name,name_zh,unit,unit_zh,direction,source
r1,RR,R1,Agricultural output per worker,农业劳动生产率,yuan,元,+,SYNTHETIC
r2,RR,R1,Share of facility agriculture,设施农业占比,%,%,+,SYNTHETIC
r3,RR,R2,Rural income per capita,农村居民人均可支配收入,yuan,元,+,SYNTHETIC
r4,RR,R2,Rural Engel coefficient,农村居民恩格尔系数,%,%,-,SYNTHETIC
n1,NU,N1,Urbanization rate,城镇化率,%,%,+,SYNTHETIC
n2,NU,N1,Urban employment share,城镇就业占比,%,%,+,SYNTHETIC
n3,NU,N2,GDP per capita,人均地区生产总值,yuan,元,+,SYNTHETIC
n4,NU,N2,Tertiary industry share,第三产业占比,%,%,+,SYNTHETIC
"""


def write_small_province(data_dir: Path, seed: int = 7) -> Path:
    """Nine regions on a 3 × 3 grid of squares (boundaries.geojson), two systems of two dimensions of two
    indicators, 2015–2020 with three missing values, two drivers: SYNTHETIC, seeded."""
    folder = data_dir / "small"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "province.toml").write_text(SMALL_TOML, encoding="utf-8")
    codes = [f"99{r + 1:02d}00" for r in range(9)]
    regions = pd.DataFrame({"region_code": codes, "name": [f"Region {a}" for a, _ in NAMES],
                            "name_zh": [f"{z}市" for _, z in NAMES], "kind": "prefecture-level city",
                            "group": ["west" if i % 3 < 2 else "east" for i in range(9)]})
    regions.to_csv(folder / "regions.csv", index=False)
    (folder / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    rng = np.random.default_rng(seed)
    years = list(range(2015, 2021))
    level = rng.uniform(0.3, 1.0, 9)
    rows = []
    for code, base in zip(codes, level, strict=True):
        for t, year in enumerate(years):
            growth = 1 + 0.06 * t
            rows.append({"region_code": code, "year": year,
                         "r1": round(20000 * base * growth * rng.lognormal(0, 0.05), 1),
                         "r2": round(10 + 30 * base + 2 * t + rng.normal(0, 1.5), 2),
                         "r3": round(8000 * (0.5 + base) * growth * rng.lognormal(0, 0.04), 1),
                         "r4": round(45 - 12 * base - 0.8 * t + rng.normal(0, 1.0), 2),
                         "n1": round(30 + 35 * base + 1.2 * t + rng.normal(0, 1.0), 2),
                         "n2": round(25 + 30 * base + t + rng.normal(0, 1.5), 2),
                         "n3": round(30000 * (0.4 + base) * growth * rng.lognormal(0, 0.05), 1),
                         "n4": round(35 + 15 * base + 0.7 * t + rng.normal(0, 1.2), 2)})
    panel = pd.DataFrame(rows)
    panel.loc[[7, 20, 33], ["r2", "n4", "r3"]] = np.nan   # three gaps, for the imputation of notebook 01
    panel.to_csv(folder / "panel.csv", index=False)
    drivers = pd.DataFrame([{"region_code": r["region_code"], "year": r["year"],
                             "fiscal": round(40 - 15 * lv + rng.normal(0, 2), 2),
                             "openness": round(5 + 20 * lv + rng.normal(0, 2), 2)}
                            for r, lv in zip(rows, np.repeat(level, len(years)), strict=True)])
    drivers.to_csv(folder / "drivers.csv", index=False)
    features = []
    for i, code in enumerate(codes):
        x, y = 100 + i % 3, 35 + i // 3
        ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
        features.append({"type": "Feature", "properties": {"region_code": code, "source": "SYNTHETIC grid (tests)"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    (folder / "boundaries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                               encoding="utf-8")
    reference = data_dir / "reference"
    if not reference.exists():
        shutil.copytree(DEFAULT_DATA_DIR / "reference", reference)
    return folder


def code_cells(notebook: Path) -> list[str]:
    """The code of a jupytext pair's cells, the parameters cell left out (the caller sets them)."""
    import jupytext

    cells = jupytext.read(notebook).cells
    return [c.source for c in cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]


def run_cell(source: str, namespace: dict, filename: str, displayed: list) -> None:
    """Execute one cell; the value of a final expression is displayed, as Jupyter does."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)   # noqa: S102 - the project's own notebooks
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)   # noqa: S307
        if value is not None:
            displayed.append(value)


def execute(notebook: Path, parameters: dict) -> dict:
    """Run the code cells of ``notebook`` in a fresh namespace holding ``parameters``. What they print is
    returned under ``__printed__``, what they display (Markdown, tables) under ``__displayed__``."""
    import IPython.display
    import matplotlib.pyplot as plt

    namespace = dict(parameters)
    printed, displayed = io.StringIO(), []
    original = IPython.display.display
    IPython.display.display = lambda *objects, **_: displayed.extend(objects)   # the cells import it at run time
    try:
        with contextlib.redirect_stdout(printed):
            for source in code_cells(notebook):
                run_cell(source, namespace, notebook.name, displayed)
    finally:
        IPython.display.display = original
        plt.close("all")   # as the runner's kernel lanes do between notebooks
    namespace["__printed__"], namespace["__displayed__"] = printed.getvalue(), displayed
    return namespace
