"""Thesis outputs (HTML appendix, LaTeX tables, Excel workbook), Chinese figures, a new province
from the Excel template run end to end, and notebook pairs in sync."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from drawing import drawing_messages
from openpyxl import load_workbook

from helpers.data.paths import DEFAULT_DATA_DIR
from helpers.pipeline.cli import main
from helpers.presentation.labels.words import DATA_STATUS, OPTION_LABELS, OPTION_NAMES

SYNTHETIC_NOTE = DATA_STATUS["synthetic-demo"]  # (English, Chinese)

TABLE_KEYS = ["t01_indicator_system", "t03_coupling_d", "t04_coupling_last_year", "t05_ranking", "t06_dispersion",
              "t07_clusters", "t09_dimension_obstacles", "t10_grey_relational", "t11_data_cleaning"]


@pytest.mark.slow
def test_appendix_tables_and_workbook_of_a_bundled_province(pipeline_output):
    # Guizhou is run in English by the pipeline fixture
    reports = pipeline_output / "reports" / "guizhou"
    page = (reports / "appendix.html").read_text(encoding="utf-8")
    assert "Guizhou: methods appendix" in page and SYNTHETIC_NOTE[0] in page
    assert OPTION_LABELS["coupling_formula"][0] in page and OPTION_NAMES["coupling_formula"]["standard"][0] in page
    assert "<strong>Files.</strong>" not in page and "-p weighting" not in page   # notebook-only cells left out
    assert page.count('<a id="nb0') >= 16 and 'href="#nb08-' in page      # table of contents with anchors
    figures = len(list((pipeline_output / "figures" / "guizhou").glob("*.png")))
    assert page.count("data:image/png;base64") >= figures                  # figures embedded
    assert "ctx.write(" not in page and "import pandas" not in page        # code hidden
    for key in TABLE_KEYS + ["t02_scores_RR", "t08_obstacles_NU", "t20_policy_documents"]:
        tex = (reports / "tables" / f"{key}.tex").read_text(encoding="utf-8")
        assert all(rule in tex for rule in (r"\toprule", r"\midrule", r"\bottomrule"))
        assert r"\caption{Guizhou: " in tex and f"({SYNTHETIC_NOTE[0]})" in tex
        assert rf"\label{{tab:guizhou-{key.replace('_', '-')}}}" in tex
    d_table = (reports / "tables" / "t03_coupling_d.tex").read_text(encoding="utf-8")
    assert "Guiyang" in d_table and "0." in d_table and "0.1234567" not in d_table
    assert r"\caption{Guizhou: Coupling coordination degree D (standard coupling coordination model)" in d_table
    assert "index" not in (reports / "tables" / "t01_indicator_system.tex").read_text(encoding="utf-8")
    policies = (reports / "tables" / "t20_policy_documents.tex").read_text(encoding="utf-8")
    assert "National New-type Urbanization Plan" in policies and "www.gov.cn" in policies
    workbook = load_workbook(reports / "tables" / "guizhou_tables.xlsx", read_only=True)
    names = workbook.sheetnames
    assert set(TABLE_KEYS) <= set(names) and {"coupling.csv", "obstacles.csv", "clean_panel.csv"} <= set(names)
    assert all(SYNTHETIC_NOTE[0] in workbook[name]["A1"].value for name in names)
    # the Liupanshui study's figure (indicator tree and the two systems' dimensions) and the policy timeline
    assert {"04_relationship.png", "05_policy_timeline.png"} <= {p.name for p in (pipeline_output / "figures" / "guizhou").iterdir()}


@pytest.mark.slow
def test_a_chinese_run_writes_its_appendix_and_tables_in_chinese(pipeline_output):
    # Qinghai is run in Chinese by the pipeline fixture
    reports = pipeline_output / "reports" / "qinghai"
    page = (reports / "appendix.html").read_text(encoding="utf-8")
    assert "青海省：方法附录" in page and SYNTHETIC_NOTE[1] in page
    assert "熵值法" in page and "耦合协调度" in page and "## Method" not in page
    assert "文件说明" not in page and "本节采用耦合协调度模型" in page       # notebook-only cells left out
    assert "The raw panel holds" not in page and "原始面板数据共" in page     # interpretations in Chinese
    t01 = (reports / "tables" / "t01_indicator_system.tex").read_text(encoding="utf-8")
    assert "元/人" in t01 and "yuan/person" not in t01                     # units in Chinese
    t11 = (reports / "tables" / "t11_data_cleaning.tex").read_text(encoding="utf-8")
    assert "填补：线性插值" in t11 and "linear-interpolation" not in t11


@pytest.mark.slow
def test_word_tables_are_numbered_three_line_tables_in_the_run_language(pipeline_output):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(pipeline_output / "reports" / "qinghai" / "tables" / "qinghai_tables.docx")
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("表1　指标体系与权重") and captions[1].startswith("表2　")
    assert len(captions) == len(document.tables) >= 19
    assert sum(p.text == SYNTHETIC_NOTE[1] for p in document.paragraphs) == len(document.tables)   # a note under each
    first = document.tables[0]
    header, body, last = first.rows[0].cells[0], first.rows[1].cells[0], first.rows[-1].cells[0]

    def rule(cell, edge):
        found = cell._tc.tcPr.find(qn("w:tcBorders")).find(qn(f"w:{edge}"))
        return found.get(qn("w:val")), found.get(qn("w:sz"))

    assert rule(header, "top") == ("single", "12") and rule(header, "bottom") == ("single", "6")
    assert rule(body, "top") == ("nil", None) and rule(last, "bottom") == ("single", "12")
    assert rule(header, "left") == ("nil", None)                         # no vertical rules
    d_table = next(t for t, c in zip(document.tables, captions, strict=True) if "耦合协调度D" in c)
    assert d_table.rows[1].cells[0].text == "西宁市" and len(d_table.rows[1].cells[1].text.split(".")[1]) == 3


@pytest.mark.slow
def test_report_command_rebuilds_in_chinese_and_keeps_verify_valid(pipeline_output, tmp_path, capsys):
    out = tmp_path / "copy"
    for part in ("data/processed/guizhou", "figures/guizhou", "reports/guizhou"):
        shutil.copytree(pipeline_output / part, out / part)
    assert main(["report", "--province", "guizhou", "--output-dir", str(out), "--language", "zh"]) == 0
    tex = (out / "reports" / "guizhou" / "tables" / "t05_ranking.tex").read_text(encoding="utf-8")
    assert r"\caption{贵州省：耦合协调度排名变化（首年与末年）（合成演示数据，非官方统计）}" in tex and "贵阳市" in tex
    assert "首年排名" in tex
    assert main(["verify", "--province", "guizhou", "--output-dir", str(out)]) == 0


def _glyph_problems(draw) -> list[str]:
    """Messages matplotlib gives about glyphs it cannot find while drawing a figure."""
    return [m for m in drawing_messages(draw) if "missing from" in m.lower()]


def test_chinese_figure_has_no_missing_glyphs():
    import matplotlib.pyplot as plt

    from helpers.data.paths import province_paths
    from helpers.data.validate import load_meta
    from helpers.presentation import charts, plotting
    from helpers.presentation.labels import names_for

    meta = load_meta(province_paths("qinghai"))
    names = names_for(meta.config, meta.regions, meta.indicators, "zh")
    codes = list(names.regions)
    coupling = __import__("pandas").DataFrame({"region_code": np.repeat(codes, 2), "year": [2019, 2020] * len(codes),
                                               "D": np.linspace(0.2, 0.9, 2 * len(codes)), "grade": 5})

    def draw():
        fig = charts.d_heatmap(coupling, names)
        plotting.add_note(fig, SYNTHETIC_NOTE[1])
        return fig

    plotting.setup("zh")
    assert _glyph_problems(draw) == []
    # the check can fail: without the CJK font the same figure misses glyphs
    plt.rcParams["font.family"] = ["DejaVu Sans"]
    try:
        assert _glyph_problems(draw)
    finally:
        plotting.setup("en")


def test_a_character_outside_the_common_font_falls_back_to_the_full_face():
    import matplotlib.pyplot as plt

    from helpers.presentation import fonts, plotting

    rare = "玥"  # not in GB 2312, so not in the common subset; in the full Noto Sans CJK SC
    assert ord(rare) not in fonts.common_characters()

    def draw():
        fig, ax = plt.subplots()
        ax.set_title(f"{rare}城 耦合协调度")
        return fig

    plotting.setup("zh")
    assert _glyph_problems(draw) == []
    plt.rcParams["font.family"] = [fonts.COMMON_FAMILY]   # without the fallback the glyph is missing
    try:
        assert _glyph_problems(draw)
    finally:
        plotting.setup("en")


def fill_template(path: Path, rng: np.random.Generator) -> None:
    """Type generated numbers into the data-entry template, as a user would (some as text)."""
    workbook = load_workbook(path)
    sheet = workbook["panel"]
    directions = [c.value for c in sheet[5]][3:]
    for r, row in enumerate(sheet.iter_rows(min_row=6), start=0):
        year = int(row[1].value)
        trend = (year - 2015) / 5
        for j, cell in enumerate(row[3:]):
            level = 0.2 + 0.5 * trend + 0.15 * (r % 4) / 3 + rng.normal(0, 0.05)
            value = round(100 * (level if directions[j] == "+" else 1 - level) + 10, 2)
            cell.value = "—" if (r + j) % 53 == 7 else f"{value:,.2f}" if (r + j) % 17 == 0 else value
    workbook.save(path)


def create_sichuan(tmp_path: Path) -> tuple[Path, Path]:
    """Steps 1–3 of the README's guide to a new province: regions with their own groups, template filled."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "reference", data / "reference")
    shutil.copytree(DEFAULT_DATA_DIR / "qinghai", data / "qinghai")
    regions = tmp_path / "my_regions.csv"
    regions.write_text("region_code,name,name_zh,kind,group\n510100,Chengdu,成都市,city,plain\n510300,Zigong,自贡市,city,south\n"
                       "510400,Panzhihua,攀枝花市,city,south\n510500,Luzhou,泸州市,city,south\n510600,Deyang,德阳市,city,plain\n",
                       encoding="utf-8")
    assert main(["new-province", "sichuan", "--name", "Sichuan", "--name-zh", "四川省", "--from", "qinghai",
                 "--admin-code", "510000", "--first-year", "2013", "--last-year", "2020", "--regions", str(regions),
                 "--data-dir", str(data)]) == 0
    return data, data / "sichuan"


def test_the_readme_steps_reach_a_valid_new_province_without_editing_province_toml(tmp_path, capsys):
    import tomllib

    from helpers.data.paths import PROJECT_ROOT, province_paths
    from helpers.data.validate import load_inputs

    data, folder = create_sichuan(tmp_path)
    printed = capsys.readouterr().out
    assert ".venv/bin/python -m helpers validate --province sichuan" in printed or sys.executable in printed
    assert {p.name for p in folder.iterdir()} == {"province.toml", "regions.csv", "indicators.csv", "panel.xlsx", "SOURCES.md"}
    toml = tomllib.loads((folder / "province.toml").read_text(encoding="utf-8"))
    assert set(toml["groups"]) == {"plain", "south"} and toml["data_status"] == "unverified"
    indicators = (folder / "indicators.csv").read_text(encoding="utf-8")
    assert "Qinghai Statistical Yearbook" not in indicators and "TO FILL" in indicators
    instructions = load_workbook(folder / "panel.xlsx", read_only=True)["说明 README"]
    assert any("-m helpers validate --province sichuan" in (row[0] or "") and str(PROJECT_ROOT) not in (row[0] or "")
               for row in instructions.iter_rows(values_only=True))
    assert main(["new-province", "sichuan", "--name", "x", "--name-zh", "x", "--from", "qinghai", "--data-dir", str(data)]) == 2
    assert main(["validate", "--province", "sichuan", "--data-dir", str(data)]) == 2
    assert "no values have been entered yet" in capsys.readouterr().err

    template = load_workbook(folder / "panel.xlsx", read_only=True)["panel"]
    rows = list(template.iter_rows(values_only=True))
    assert rows[0][:4] == ("region_code", "year", "name_zh", "RR01") and rows[1][3] == "乡村人均农林牧渔业总产值"
    assert rows[3][3] == "元/人" and rows[4][3] == "+" and len(rows) == 5 + 5 * 8   # the unit in Chinese (unit_zh)
    fill_template(folder / "panel.xlsx", np.random.default_rng(7))
    capsys.readouterr()
    assert main(["validate", "--province", "sichuan", "--data-dir", str(data)]) == 0   # province.toml untouched
    out = capsys.readouterr().out
    assert "data_status is 'unverified'" in out and "'TO FILL'" in out
    assert "cell(s) are blank or hold a placeholder; the run fills each" in out and "Chengdu (510100), 2013" in out

    # rebuilding the template keeps what was typed (the same numbers and placeholders are read back)
    before = load_inputs(province_paths("sichuan", data))
    assert main(["template", "--province", "sichuan", "--data-dir", str(data), "--force"]) == 0
    assert "kept 1280 of the 1280 value(s)" in capsys.readouterr().out
    after = load_inputs(province_paths("sichuan", data))
    assert after.panel.equals(before.panel) and after.raw_panel.isin(["—"]).sum().sum() == before.raw_panel.isin(["—"]).sum().sum() > 0


@pytest.mark.slow
def test_a_new_province_from_the_template_runs_in_chinese(tmp_path, short_notebooks):
    from helpers.pipeline.runner import run_province

    data, folder = create_sichuan(tmp_path)
    fill_template(folder / "panel.xlsx", np.random.default_rng(7))
    out = tmp_path / "out"
    run = run_province("sichuan", str(data), str(out), parameters={"language": "zh"}, notebooks_dir=short_notebooks,
                       progress=None)
    assert run.ok, run.message
    tex = (out / "reports" / "sichuan" / "tables" / "t03_coupling_d.tex").read_text(encoding="utf-8")
    assert "四川省：耦合协调度D（传统耦合协调度模型）（数据性质尚未确认，并非经核实的官方统计）" in tex and "成都市" in tex
    assert (out / "reports" / "sichuan" / "appendix.html").is_file()


def test_template_header_rows_map_back_to_indicator_ids(tmp_path):
    from conftest import TINY_PANEL, write_tiny_province
    from helpers.data.paths import province_paths
    from helpers.data.template import write_template
    from helpers.data.validate import load_inputs

    folder = write_tiny_province(tmp_path)
    (folder / "panel.csv").unlink()
    write_template(folder, 2018, 2021)
    workbook = load_workbook(folder / "panel.xlsx")
    sheet = workbook["panel"]
    values = [line.split(",")[2:] for line in TINY_PANEL.splitlines()[1:]]
    for row, numbers in zip(sheet.iter_rows(min_row=6), values, strict=True):
        for cell, number in zip(row[3:], numbers, strict=True):
            cell.value = float(number)
    sheet["D1"] = None           # id cleared: mapped back by its Chinese name (row 2)
    sheet["E1"] = "a_two"        # id mistyped: mapped back by its English name (row 3)
    workbook.save(folder / "panel.xlsx")
    inputs = load_inputs(province_paths("tiny", tmp_path))
    assert inputs.panel.loc[0, ["a1", "a2"]].tolist() == [5000.0, 40.0]


def test_notebook_pairs_are_in_sync():
    from helpers.pipeline.pairs import out_of_sync

    assert out_of_sync() == []
