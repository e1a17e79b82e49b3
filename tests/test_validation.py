"""Bad input: every problem is reported at once, with the file and the row, column, region, year or
indicator at fault, exit code 2, no traceback and nothing written. Legitimate yearbook forms are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_INDICATORS, TINY_PANEL, TINY_REGIONS, TINY_TOML, write_tiny_province
from helpers.data.errors import DataError, UserError
from helpers.data.paths import check_slug, province_paths
from helpers.data.validate import load_inputs
from helpers.pipeline.cli import main


def problems_of(data: Path, slug: str = "tiny") -> list[str]:
    with pytest.raises(DataError) as caught:
        load_inputs(province_paths(slug, data))
    return [str(p) for p in caught.value.problems]


def edit_panel(old: str, new: str) -> str:
    assert old in TINY_PANEL
    return TINY_PANEL.replace(old, new, 1)


def map_lines(transform) -> str:
    return "".join(transform(line) + "\n" for line in TINY_PANEL.splitlines())


BAD_PANELS = {
    "missing indicator column": (map_lines(lambda line: line.rsplit(",", 1)[0]), "indicator b2: column is missing"),
    "extra column": (map_lines(lambda line: line + (",notes" if line.startswith("region") else ",x")),
                     "column 'notes': is not an indicator"),
    "misspelled indicator": (TINY_PANEL.replace(",b2\n", ",bb2\n", 1), "column 'bb2': is not an indicator of indicators.csv (did you mean 'b2'?)"),
    "duplicate region-year": (edit_panel("990100,2019,", "990100,2018,"), "region 990100, year 2018 appears more than once"),
    "missing region-year row": (edit_panel("990200,2020,4700,42,45,28\n", ""), "region 990200: row(s) missing for year(s) 2020"),
    "unknown region code": (edit_panel("990300,2021,", "990999,2021,"), "row 13, column 'region_code': region '990999' is not in regions.csv"),
    "year outside the range": (edit_panel("990300,2021,", "990300,2031,"), "row 13, region 990300: year 2031 is outside the declared range 2018–2021"),
    "not a year": (edit_panel("990300,2021,", "990300,twenty,"), "row 13, column 'year': 'twenty' is not a year"),
    "text in a number cell": (edit_panel("990100,2020,6100", "990100,2020,about 6100"), "row 4, column 'a1': 'about 6100' is not a number"),
    "percent sign": (edit_panel(",37,55,33", ",37,55%,33"), "row 4, column 'b1': '55%' is not a number"),
    "constant indicator": ("region_code,year,a1,a2,b1,b2\n" + "".join(
        line.rsplit(",", 1)[0] + ",7\n" for line in TINY_PANEL.splitlines()[1:]), "indicator b2: is constant (7 everywhere)"),
    "empty indicator": ("region_code,year,a1,a2,b1,b2\n" + "".join(
        line.rsplit(",", 1)[0] + ",\n" for line in TINY_PANEL.splitlines()[1:]), "indicator b2: column is entirely empty"),
    "region without any value": (TINY_PANEL.replace("990300,2018,3000", "990300,2018,").replace("990300,2019,3400", "990300,2019,")
                                 .replace("990300,2020,3900", "990300,2020,").replace("990300,2021,4400", "990300,2021,"),
                                 "region 990300, indicator a1: no value in any year"),
}


@pytest.mark.parametrize("case", sorted(BAD_PANELS))
def test_bad_panel_is_reported_with_its_location(case, tmp_path):
    panel, expected = BAD_PANELS[case]
    write_tiny_province(tmp_path, panel=panel)
    found = problems_of(tmp_path)
    assert any(expected in p for p in found), found
    assert all(p.startswith("panel.csv") for p in found), found


BAD_METADATA = {
    "direction": ({"indicators": TINY_INDICATORS.replace("收入,yuan,+", "收入,yuan,up")},
                  "indicators.csv, row 2, indicator a1, column 'direction': 'up' is not a direction"),
    "undeclared system": ({"indicators": TINY_INDICATORS.replace("a2,A,A2", "a2,C,A2")},
                          "indicators.csv, row 3, indicator a2, column 'system': system 'C' is not declared in province.toml"),
    "undeclared dimension": ({"indicators": TINY_INDICATORS.replace("b2,B,B2", "b2,B,B9")},
                             "indicators.csv, row 5, indicator b2, column 'dimension': dimension 'B9' is not declared for system B"),
    "duplicate indicator id": ({"indicators": TINY_INDICATORS + "a1,A,A1,Again,再次,yuan,+,x\n"}, "indicators.csv, indicator a1: id appears more than once"),
    "malformed toml": ({"toml": TINY_TOML.replace('name = "Tiny"', 'name = "Tiny')}, "province.toml: is not valid TOML"),
    "bad data status": ({"toml": TINY_TOML.replace('"synthetic-demo"', '"maybe"')}, "province.toml, data_status: must be one of official"),
    "bad option": ({"toml": TINY_TOML + '\n[analysis]\ncoupling_formula = "magic"\n'}, "coupling_formula = 'magic' is not one of standard"),
    "unknown option": ({"toml": TINY_TOML + "\n[analysis]\nshfit = 0.1\n"}, "unknown option 'shfit'"),
    "bad region code": ({"regions": TINY_REGIONS.replace("990300,Gamma", "99030,Gamma")},
                        "regions.csv, row 4, column 'region_code': '99030' is not a 6-digit administrative code"),
    "undeclared group": ({"regions": TINY_REGIONS.replace("prefecture,\n", "prefecture,south\n")},
                         "regions.csv, row 4, column 'group': group 'south' is not declared"),
    "missing columns": ({"indicators": TINY_INDICATORS.replace(",direction", ",dir")}, "indicators.csv, header: missing column(s) direction"),
    "slug mismatch": ({"toml": TINY_TOML.replace('slug = "tiny"', 'slug = "other"')}, "province.toml, slug: 'other' does not match"),
}


@pytest.mark.parametrize("case", sorted(BAD_METADATA))
def test_bad_metadata_is_reported(case, tmp_path):
    files, expected = BAD_METADATA[case]
    write_tiny_province(tmp_path, **files)
    found = problems_of(tmp_path)
    assert any(expected in p for p in found), found


def test_missing_and_unreadable_files(tmp_path):
    folder = write_tiny_province(tmp_path)
    (folder / "regions.csv").unlink()
    (folder / "indicators.csv").write_bytes(b"\xff\xfe\x00\x81\x00bad")
    (folder / "panel.csv").unlink()
    found = problems_of(tmp_path)
    assert any("regions.csv: file not found" in p for p in found)
    assert any("indicators.csv: cannot be decoded" in p for p in found)
    assert any("panel.csv: file not found" in p for p in found)


def test_missing_province_folder_lists_the_available_ones(tmp_path):
    write_tiny_province(tmp_path)
    assert problems_of(tmp_path, "atlantis")[0].endswith("no such province folder (available: tiny)")


def test_every_problem_is_reported_at_once(tmp_path):
    panel = TINY_PANEL.replace(",b2\n", ",bb2\n", 1).replace("990100,2019,", "990100,2018,").replace("6100", "n/a?")
    write_tiny_province(tmp_path, panel=panel, indicators=TINY_INDICATORS.replace("收入,yuan,+", "收入,yuan,x"))
    found = problems_of(tmp_path)
    assert len(found) >= 4
    assert {p.split(",")[0].split(":")[0] for p in found} == {"indicators.csv", "panel.csv"}


@pytest.mark.parametrize("slug", ["../qinghai", "data/raw/qinghai", "Qinghai", "qing hai", "", "reference", "/etc"])
def test_province_must_be_a_plain_slug(slug):
    with pytest.raises(UserError, match="plain slug"):
        check_slug(slug)


def test_cli_reports_without_traceback_and_writes_nothing(tmp_path, capsys):
    write_tiny_province(tmp_path / "data", panel=edit_panel("990100,2020,6100", "990100,2020,lots"))
    out = tmp_path / "out"
    code = main(["run", "--province", "tiny", "--data-dir", str(tmp_path / "data"), "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "row 4, column 'a1': 'lots' is not a number" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["validate", "--province", "../tiny", "--data-dir", str(tmp_path / "data")]) == 2
    assert "plain slug" in capsys.readouterr().err


def test_cli_refuses_unknown_parameters(tmp_path, capsys):
    write_tiny_province(tmp_path / "data")
    code = main(["run", "--province", "tiny", "--data-dir", str(tmp_path / "data"), "--output-dir", str(tmp_path / "out"),
                 "-p", "coupling_fromula", "wang"])
    assert code == 2 and "unknown parameter(s) coupling_fromula" in capsys.readouterr().err
    code = main(["run", "--province", "tiny", "--data-dir", str(tmp_path / "data"), "--output-dir", str(tmp_path / "out"),
                 "-p", "coupling_formula", "magic"])
    assert code == 2 and "coupling_formula = 'magic' is not one of" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- what a yearbook export legitimately contains is read, not refused ---------------------------

def test_gbk_panel_with_placeholders_and_region_names(tmp_path):
    panel = ("region_code,name_zh,year,a1,a2,b1,b2\n" + "".join(
        f"{line.split(',', 1)[0]},某市,{line.split(',', 1)[1]}\n" for line in TINY_PANEL.splitlines()[1:]))
    panel = panel.replace(",5500,", ",5,500,".replace("5,500", '"5,500"')).replace(",38,52", ",—,52").replace(",45,36", ",…,36")
    panel = panel.replace(",6800,", ",６８００,").replace(",42,45,", ",,45,")
    folder = write_tiny_province(tmp_path)
    (folder / "panel.csv").write_bytes(panel.encode("gb18030"))
    inputs = load_inputs(province_paths("tiny", tmp_path))
    assert inputs.panel_encoding == "gb18030"
    assert sorted(inputs.coercions["method"]) == ["full-width-characters", "thousands-separator"]
    assert int(inputs.panel.isna().sum().sum()) == 3


def test_utf8_bom_panel(tmp_path):
    folder = write_tiny_province(tmp_path)
    (folder / "panel.csv").write_bytes(TINY_PANEL.encode("utf-8-sig"))
    assert load_inputs(province_paths("tiny", tmp_path)).panel_encoding == "utf-8-sig"


def test_excel_panel_with_numbers_stored_as_text(tmp_path):
    from openpyxl import Workbook

    folder = write_tiny_province(tmp_path)
    (folder / "panel.csv").unlink()
    workbook = Workbook()
    sheet = workbook.active
    rows = [line.split(",") for line in TINY_PANEL.splitlines()]
    sheet.append(rows[0])
    for i, row in enumerate(rows[1:]):
        # region codes as numbers (Excel's habit), some values as text, one with a separator
        cells = [int(row[0]), int(row[1])] + [row[2] if i == 0 else float(v) for v in row[2:3]] + [float(v) for v in row[3:]]
        if i == 1:
            cells[2] = "5,500"
        sheet.append(cells)
    workbook.save(folder / "panel.xlsx")
    inputs = load_inputs(province_paths("tiny", tmp_path))
    assert inputs.panel_encoding == "xlsx"
    assert inputs.panel.loc[0, "a1"] == 5000 and inputs.panel.loc[1, "a1"] == 5500
    assert inputs.panel["region_code"].iloc[0] == "990100"


def test_both_panel_files_is_ambiguous(tmp_path):
    folder = write_tiny_province(tmp_path)
    (folder / "panel.xlsx").write_bytes(b"")
    assert any("both panel.csv and panel.xlsx exist" in p for p in problems_of(tmp_path))
