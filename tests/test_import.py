"""Data in as researchers download them: `import` of yearbook tables, NBS exports and long tables;
official names, codes and administrative changes; users' CSV files in UTF-8 or GBK everywhere;
what validate says is missing (boundaries, regions for inference); Excel's lock file."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import TINY_INDICATORS, TINY_PANEL, TINY_REGIONS, TINY_TOML, write_tiny_province
from helpers.data.errors import DataError
from helpers.data.importer import (
    conversion_factor,
    detect_layout,
    import_files,
    parse_unit,
    years_in_text,
)
from helpers.data.io import read_text_csv
from helpers.data.paths import DEFAULT_DATA_DIR, PROJECT_ROOT, province_paths
from helpers.data.validate import load_inputs, notes
from helpers.pipeline.cli import main

EXAMPLES = PROJECT_ROOT / "examples" / "import"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))


def new_qinghai(tmp_path: Path, slug: str = "qh") -> Path:
    """A new province with Qinghai's regions and indicators and no panel (returns the data folder)."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "reference", data / "reference")
    shutil.copytree(DEFAULT_DATA_DIR / "qinghai", data / "qinghai")
    assert main(["new-province", slug, "--name", "Qinghai again", "--from", "qinghai", "--admin-code", "630000",
                 "--regions", str(DEFAULT_DATA_DIR / "qinghai" / "regions.csv"), "--data-dir", str(data)]) == 0
    return data


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def refused(paths, files, **options) -> list[str]:
    with pytest.raises(DataError) as caught:
        import_files(paths, files, **options)
    return [str(p) for p in caught.value.problems]


# --- the three layouts give the bundled panel back ---------------------------------------------

def test_the_example_files_give_back_the_bundled_qinghai_panel_cell_for_cell(tmp_path, capsys):
    assert {p.suffix for p in EXAMPLE_FILES} == {".xlsx", ".xls", ".csv"}
    data = new_qinghai(tmp_path)
    capsys.readouterr()
    assert main(["import", "--province", "qh", "--data-dir", str(data), *map(str, EXAMPLE_FILES)]) == 0
    out = capsys.readouterr().out
    assert "validate: OK — 8 regions, 2011–2020, 32 indicators" in out
    bundled = load_inputs(province_paths("qinghai")).panel
    imported = load_inputs(province_paths("qh", data)).panel
    assert list(imported.columns) == list(bundled.columns)
    assert imported[["region_code", "year"]].equals(bundled[["region_code", "year"]])
    x, y = bundled.iloc[:, 2:].to_numpy(), imported.iloc[:, 2:].to_numpy()
    assert np.array_equal(np.isnan(x), np.isnan(y)) and np.array_equal(x[~np.isnan(x)], y[~np.isnan(y)])
    # the bundled panel has 4 placeholders (SOURCES.md of Qinghai): 80 × 32 − 4 values were placed
    assert "placed 2556 value(s) of 32 indicator(s)" in out
    # what the report says it did: conversions, the crosswalk, short forms, total and footnote rows
    assert "RR14 村均集体经营性收入: 79 value(s) (converted 元 → 万元 (× 0.0001); 1 missing)" in out
    assert "NU04 人均地区生产总值: 80 value(s) (converted 万元 → 元 (× 10000))" in out
    assert "海东地区 (632100) → 海东市 (630200), upgrade in 2013 (admin_changes.csv)" in out
    assert "海北州 → 海北藏族自治州 (632200): short form" in out
    assert "sheet 2015年, row 4: total row (全  省)" in out and "nbs_NU04.csv, row 13 and below: footnote" in out
    assert "year 2015 (from the sheet name)" in out
    # the template new-province wrote was empty: it is set aside, panel.csv is the panel
    assert (data / "qh" / "panel.xlsx.before-import").is_file() and not (data / "qh" / "panel.xlsx").exists()


def test_example_files_say_they_are_synthetic():
    from helpers.data.importer import read_sheets

    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    for path in EXAMPLE_FILES:
        text = " ".join(c for sheet in read_sheets(path) for row in sheet.rows for c in row)
        assert "SYNTHETIC" in text and "合成演示数据" in text, path.name
    assert (EXAMPLES / "nbs_NU01.csv").read_bytes().decode("gbk").startswith("数据库：")   # GBK, as NBS exports


# --- refusals: everything listed, nothing written -----------------------------------------------

LONG_HEADER = "地区,年份,指标,单位,数值\n"


def test_unknown_region_and_unknown_indicator_are_refused_with_the_closest_names(tmp_path):
    data = new_qinghai(tmp_path)
    paths = province_paths("qh", data)
    table = write(tmp_path / "t.csv", LONG_HEADER + "西守市,2015,人均地区生产总值,元,30000\n"
                                                  "西宁市,2015,人均地区生产总量,元,30000\n")
    found = refused(paths, [table])
    assert any("row 2: region '西守市' is not in regions.csv (closest: 西宁市" in p for p in found), found
    assert any("'人均地区生产总量(元)' is not an indicator of indicators.csv" in p and "closest: 人均地区生产总值 (NU04)" in p
               for p in found), found
    assert not (data / "qh" / "panel.csv").exists() and (data / "qh" / "panel.xlsx").exists()


def test_a_unit_that_cannot_be_converted_names_both_units(tmp_path):
    data = new_qinghai(tmp_path)
    yearbook = write(tmp_path / "y.csv", "2015年各市州主要指标\n地区,人均地区生产总值（元/人）,城镇登记失业率（人）\n"
                                         "西宁市,30000,2.5\n", "gb18030")
    found = refused(province_paths("qh", data), [yearbook])
    assert any("its unit 元/人 cannot be converted to the unit 元 of NU04" in p for p in found), found
    assert any("its unit 人 cannot be converted to the unit % of NU09" in p for p in found), found


def test_a_cell_holding_another_value_is_refused_unless_replace(tmp_path):
    data = new_qinghai(tmp_path)
    paths = province_paths("qh", data)
    import_files(paths, EXAMPLE_FILES)
    before = (data / "qh" / "panel.csv").read_bytes()
    # Xining's 2011 urbanization rate in the bundled panel is 64.96 (data/raw/qinghai/panel.csv, row 2)
    change = write(tmp_path / "c.csv", LONG_HEADER + "西宁市,2011年,常住人口城镇化率,%,65.5\n"
                                                   "西宁市,2012年,常住人口城镇化率,‰,662.5\n")
    found = refused(paths, [change])
    assert found == ["panel.csv, region 630100, year 2011, indicator NU01: already holds 64.96; c.csv, row 2 gives 65.5 "
                     "(pass --replace to take the imported value)"]
    assert (data / "qh" / "panel.csv").read_bytes() == before      # 662.5 ‰ = 66.25 % is what the panel holds
    report = import_files(paths, [change], replace=True)
    assert "  region 630100, year 2011, indicator NU01: 64.96 → 65.5 (c.csv, row 2)" in report.lines
    assert load_inputs(paths).panel.loc[0, "NU01"] == 65.5


def test_two_files_that_disagree_are_refused(tmp_path):
    data = new_qinghai(tmp_path)
    a = write(tmp_path / "a.csv", LONG_HEADER + "西宁市,2015,常住人口城镇化率,%,70\n")
    b = write(tmp_path / "b.csv", LONG_HEADER + "西宁,2015,常住人口城镇化率,%,71\n")
    found = refused(province_paths("qh", data), [a, b])
    assert found == ["b.csv, region 630100, year 2015, indicator NU01: a.csv, row 2 gives 70, b.csv, row 2 gives 71: "
                     "import one of them"]


def test_the_year_of_a_yearbook_table_must_be_unambiguous(tmp_path):
    data = new_qinghai(tmp_path)
    paths = province_paths("qh", data)
    no_year = write(tmp_path / "table.csv", "各市州主要指标\n地区,常住人口城镇化率（%）\n西宁市,70\n")
    assert any("no year found" in p for p in refused(paths, [no_year]))
    # the edition year of a yearbook is not the year of its data
    assert years_in_text("青海统计年鉴2016") == []
    report = import_files(paths, [no_year], year=2015, dry_run=True)
    assert any("year 2015 (from --year)" in line for line in report.lines) and report.written is None
    assert not (data / "qh" / "panel.csv").exists()


def test_a_dissolved_region_is_refused_and_county_rows_are_skipped(tmp_path):
    data = new_qinghai(tmp_path)
    table = write(tmp_path / "t.csv", LONG_HEADER + "莱芜市,2015,常住人口城镇化率,%,60\n格尔木市,2015,常住人口城镇化率,%,88\n")
    found = refused(province_paths("qh", data), [table])
    assert any("莱芜市 (371200) was dissolved in 2019 (merge into 济南市 (370100)" in p for p in found), found
    assert not any("格尔木" in p for p in found)
    ok = write(tmp_path / "ok.csv", LONG_HEADER + "格尔木市,2015,常住人口城镇化率,%,88\n西宁市,2015,常住人口城镇化率,%,70\n")
    report = import_files(province_paths("qh", data), [ok], dry_run=True)
    assert "  ok.csv, row 2: county-level division of 海西蒙古族藏族自治州 (格尔木市)" in report.lines


def test_aliases_of_indicators_csv_and_ignored_columns(tmp_path):
    folder = write_tiny_province(tmp_path, indicators=TINY_INDICATORS.replace(",source\n", ",source,aliases\n", 1)
                                 .replace("test table 1\n", "test table 1,人均收入;Income per head\n"))
    (folder / "panel.csv").unlink()
    table = write(tmp_path / "t.csv", "2019年\n地区,人均收入（万元）,备用列\n甲市,0.55,x\n")
    assert any("'备用列' is not an indicator" in p for p in refused(province_paths("tiny", tmp_path), [table]))
    import_files(province_paths("tiny", tmp_path), [table], ignore=["备用列"])
    written = (folder / "panel.csv").read_text(encoding="utf-8-sig").splitlines()
    assert written[0] == "region_code,year,a1,a2,b1,b2" and "990100,2019,5500,,," in written


def test_units_from_a_row_under_the_header_or_the_title_and_a_one_year_nbs_export(tmp_path):
    data = new_qinghai(tmp_path)
    paths = province_paths("qh", data)
    # a row of units under the header; 单位：万元 in the title for the column without one
    yearbook = write(tmp_path / "y.csv", "2015年主要指标\n单位：万元\n地区,人均地区生产总值,城区人口密度\n"
                                         ",,人/平方公里\n西宁市,3.1172,7500\n", "gb18030")
    nbs = write(tmp_path / "n.csv", "指标：常住人口城镇化率(%)\n时间：2015年\n地区,2015年\n西宁市,70.42\n", "gb18030")
    report = import_files(paths, [yearbook, nbs])
    assert any("converted 万元 → 元 (× 10000)" in line for line in report.lines)
    panel = read_text_csv(data / "qh" / "panel.csv").frame.set_index(["region_code", "year"])
    assert panel.loc[("630100", "2015"), ["NU04", "NU03", "NU01"]].tolist() == ["31172", "7500", "70.42"]


# --- encodings: every command reads UTF-8 and GBK users' CSV files -------------------------------

def test_gbk_files_are_read_by_new_province_template_validate_drivers_and_import(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "reference", data / "reference")
    shutil.copytree(DEFAULT_DATA_DIR / "qinghai", data / "qinghai")
    regions = write(tmp_path / "regions_gbk.csv", (DEFAULT_DATA_DIR / "qinghai" / "regions.csv").read_text("utf-8"), "gbk")
    assert main(["new-province", "q2", "--name", "Q", "--from", "qinghai", "--admin-code", "630000", "--regions",
                 str(regions), "--data-dir", str(data)]) == 0
    folder = data / "q2"
    # what Excel on Chinese Windows saves (GBK; indicators.csv needs GB18030 for the ² of persons/km²)
    for name, encoding in (("regions.csv", "gbk"), ("indicators.csv", "gb18030")):
        write(folder / name, (folder / name).read_text("utf-8"), encoding)
    assert main(["template", "--province", "q2", "--data-dir", str(data), "--force"]) == 0
    assert main(["import", "--province", "q2", "--data-dir", str(data), *map(str, EXAMPLE_FILES)]) == 0
    rows = [line.split(",") for line in (folder / "regions.csv").read_bytes().decode("gbk").splitlines()[1:]]
    name_zh = {row[0]: row[2] for row in rows}
    lines = [line.split(",") for line in (folder / "panel.csv").read_text("utf-8-sig").splitlines()]
    with_names = [",".join([*line[:2], "name_zh" if i == 0 else name_zh[line[0]], *line[2:]]) for i, line in enumerate(lines)]
    write(folder / "panel.csv", "\n".join(with_names) + "\n", "gbk")
    shutil.copy(DEFAULT_DATA_DIR / "qinghai" / "drivers.csv", folder / "drivers.csv")
    toml = (DEFAULT_DATA_DIR / "qinghai" / "province.toml").read_text("utf-8")
    drivers_table = toml[toml.index("[drivers]"):]
    (folder / "province.toml").write_text((folder / "province.toml").read_text("utf-8") + "\n" + drivers_table, "utf-8")
    write(folder / "drivers.csv", (folder / "drivers.csv").read_text("utf-8"), "gbk")
    capsys.readouterr()
    assert main(["validate", "--province", "q2", "--data-dir", str(data)]) == 0, capsys.readouterr().err
    inputs = load_inputs(province_paths("q2", data))
    assert inputs.panel_encoding == "gb18030" and inputs.drivers is not None and inputs.regions.loc[0, "name_zh"] == "西宁市"


# --- official names, codes and the crosswalk in validate ----------------------------------------

REAL_TOML = TINY_TOML.replace('slug = "tiny"', 'slug = "henan"').replace('name_zh = "小省"', 'name_zh = "河南省"') \
    .replace('"990000"', '"410000"').replace('"synthetic-demo"', '"official"')


def real_province(tmp_path: Path, regions: str, toml: str = REAL_TOML) -> Path:
    codes = [line.split(",")[0] for line in regions.splitlines()[1:]]
    panel = TINY_PANEL
    for old, new in zip(("990100", "990200", "990300"), codes, strict=True):
        panel = panel.replace(old, new)
    write_tiny_province(tmp_path, panel=panel, toml=toml, regions=regions, slug="henan")
    return tmp_path


def problems_of(data: Path, slug: str = "henan") -> list[str]:
    with pytest.raises(DataError) as caught:
        load_inputs(province_paths(slug, data))
    return [str(p) for p in caught.value.problems]


def test_a_misspelt_name_is_refused_with_the_official_one(tmp_path):
    regions = TINY_REGIONS.replace("990100,Alpha,甲市", "410100,Zhengzhou,郑洲市").replace("990200,Beta,乙市", "410200,Kaifeng,开封市") \
        .replace("990300,Gamma,丙州", "410300,Luoyang,洛阳市")
    found = problems_of(real_province(tmp_path, regions))
    assert found == ["regions.csv, region 410100: 郑洲市: the official name of 410100 is 郑州市"]


def test_province_name_must_be_chinese_and_official(tmp_path):
    regions = TINY_REGIONS.replace("990100,Alpha,甲市", "410100,Zhengzhou,郑州市").replace("990200,Beta,乙市", "410200,Kaifeng,开封市") \
        .replace("990300,Gamma,丙州", "410300,Luoyang,洛阳市")
    found = problems_of(real_province(tmp_path, regions, REAL_TOML.replace('name_zh = "河南省"', 'name_zh = "henan"', 1)))
    assert found == ["province.toml, name_zh: 'henan' is not a Chinese name: every Chinese table, figure and sentence "
                     "calls the province by it; the official name of 410000 is 河南省"]


def test_rows_of_a_region_that_did_not_exist_in_that_year(tmp_path):
    # Laiwu (371200) was merged into Jinan in 2019; Sansha (460300) was created in 2012
    toml = REAL_TOML.replace('"410000"', '"370000"').replace("河南省", "山东省")
    regions = "region_code,name,name_zh,kind,group\n370100,Jinan,济南市,city,north\n371200,Laiwu,莱芜市,city,north\n" \
              "370300,Zibo,淄博市,city,\n"
    found = problems_of(real_province(tmp_path, regions, toml))
    assert found == ["panel.csv, region 371200 (莱芜市), year(s) 2019–2021: the region no longer existed under this code "
                     "after 2018 (merge into 济南市 (370100), admin_changes.csv): end the study period in 2018 or leave the "
                     "region out"]
    from helpers.data.divisions import load_divisions
    from helpers.data.validate import check_division_years

    divisions = load_divisions(DEFAULT_DATA_DIR / "reference")
    meta_config = load_inputs(province_paths("qinghai")).config
    import pandas as pd

    sansha = pd.DataFrame({"region_code": ["460300"], "name_zh": ["三沙市"]})
    problems, _ = check_division_years(sansha, meta_config, divisions)     # Qinghai's years, 2011–2020
    assert [str(p) for p in problems][0].startswith("panel.csv, region 460300 (三沙市), year(s) 2011: the region did not "
                                                    "exist under this code before 2012")


def test_qinghai_notes_name_the_haidong_upgrade_and_unknown_codes_are_named(tiny_data):
    qinghai = notes(load_inputs(province_paths("qinghai")), DEFAULT_DATA_DIR / "reference")
    assert ("region 630200 海东市: the code dates from 2013; in 2011–2012 the region was 海东地区 (632100), the same "
            "territory (upgrade in 2013, admin_changes.csv), so those rows are read as today's region.") in qinghai
    assert not any("boundaries" in n or "only" in n for n in qinghai)      # it has boundaries and 8 regions
    tiny = notes(load_inputs(province_paths("tiny", tiny_data)), tiny_data / "reference")
    assert any(n.startswith("region code(s) 990100, 990200, 990300 are not in the official table") for n in tiny)


def test_validate_says_when_boundaries_are_missing_and_which_analyses_lack_regions(tiny_data, capsys):
    assert main(["validate", "--province", "tiny", "--data-dir", str(tiny_data)]) == 0
    out = capsys.readouterr().out
    assert "no boundaries (boundaries.geojson): notebook 09" in out and " boundaries --province tiny`" in out
    # 3 regions: a local statistic draws its k neighbours from 2 others, so p ≥ 1/C(2, 1) = 0.5;
    # C(2·3 − 1, 3) = 10 different bootstrap resamples
    assert "only 3 regions" in out and "1/C(2, 1) = 0.5" in out and "only 10 different bootstrap resamples" in out


# --- units, layouts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "factor"), [
    ("元", "万元", 1e-4), ("亿元", "万元", 1e4), ("万人", "人", 1e4), ("平方米", "平方千米", 1e-6), ("平方公里", "平方千米", 1),
    ("千克", "吨", 1e-3), ("‰", "%", 0.1), ("%", "‰", 10), ("公顷", "亩", 15), ("万元/人", "元/人", 1e4),
    ("千克/公顷", "吨/公顷", 1e-3), ("人/平方公里", "人/平方千米", 1), ("元", "元/人", None), ("元", "%", None),
    ("比值", "%", None), ("美元", "元", None)])
def test_unit_conversion_factors(source, target, factor):
    assert conversion_factor(source, target) == (pytest.approx(factor, rel=1e-12) if factor is not None else None)


def test_parse_unit_knows_prefixes():
    assert parse_unit("万千瓦") == parse_unit("千瓦").__class__(parse_unit("千瓦").dims, 1e4)
    assert parse_unit("亿立方米") is not None and parse_unit("本") is None


@pytest.mark.parametrize(("header", "layout"), [
    (["地区", "2020年", "2019年"], "nbs"), (["地区", "年份", "指标", "单位", "数值"], "long"),
    (["地区", "人均地区生产总值（元）", "城镇化率（%）"], "yearbook"), (["region", "year", "indicator", "unit", "value"], "long")])
def test_layout_detection(header, layout):
    assert detect_layout(header) == layout


# --- Excel's lock file, the Chinese name of a new province ---------------------------------------

def test_template_force_refuses_while_excel_has_the_workbook_open(tmp_path, capsys):
    data = new_qinghai(tmp_path)
    workbook = data / "qh" / "panel.xlsx"
    before = workbook.read_bytes()
    (data / "qh" / "~$panel.xlsx").write_bytes(b"\x00")
    assert main(["template", "--province", "qh", "--data-dir", str(data), "--force"]) == 2
    assert "is open in Excel or LibreOffice (~$panel.xlsx lies beside it)" in capsys.readouterr().err
    assert workbook.read_bytes() == before
    (data / "qh" / "~$panel.xlsx").unlink()
    assert main(["template", "--province", "qh", "--data-dir", str(data), "--force"]) == 0


def test_new_province_takes_its_chinese_name_from_the_official_table(tmp_path, capsys):
    import tomllib

    data = new_qinghai(tmp_path)   # --admin-code 630000 without --name-zh
    assert tomllib.loads((data / "qh" / "province.toml").read_text("utf-8"))["name_zh"] == "青海省"
    assert main(["new-province", "x1", "--name", "X", "--from", "qinghai", "--data-dir", str(data)]) == 2
    assert "give the Chinese name with --name-zh" in capsys.readouterr().err
    assert main(["new-province", "x2", "--name", "Henan", "--name-zh", "henan", "--admin-code", "410000", "--from", "qinghai",
                 "--data-dir", str(data)]) == 2
    assert "(the official name of 410000 is 河南省)" in capsys.readouterr().err
    assert not (data / "x1").exists() and not (data / "x2").exists()
