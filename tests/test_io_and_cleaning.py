"""Reading yearbook exports and filling gaps."""

import numpy as np
import pandas as pd
import pytest

from helpers import cleaning
from helpers.data.io import parse_numbers, read_table, read_text_csv, write_table


def test_parse_numbers_accepts_yearbook_forms_and_records_coercions():
    text = pd.DataFrame({"x": ["12,345.6", "１２３．４", "—", "…", "-", "", " 7 ", "abc", "3%"]})
    parsed = parse_numbers(text)
    values = parsed.values["x"].tolist()
    assert values[:2] == [12345.6, 123.4]
    assert np.isnan(values[2:6]).all()
    assert values[6] == 7.0
    assert parsed.coercions["method"].tolist() == ["thousands-separator", "full-width-characters"]
    assert parsed.missing["raw"].tolist() == ["—", "…", "-", ""]
    assert parsed.invalid["raw"].tolist() == ["abc", "3%"]  # a percent sign is not guessed away


def test_read_gb18030_and_utf8_bom(tmp_path):
    content = "region_code,name_zh,x\n630100,西宁市,1\n"
    (tmp_path / "gbk.csv").write_bytes(content.encode("gb18030"))
    (tmp_path / "bom.csv").write_bytes(content.encode("utf-8-sig"))
    gbk, bom = read_text_csv(tmp_path / "gbk.csv"), read_text_csv(tmp_path / "bom.csv")
    assert gbk.encoding == "gb18030" and bom.encoding == "utf-8-sig"
    assert gbk.frame.equals(bom.frame)
    assert gbk.frame.loc[0, "name_zh"] == "西宁市"


def test_write_table_is_excel_friendly_and_marks_synthetic_data(tmp_path):
    frame = pd.DataFrame({"region_code": ["630200", "630100"], "value": [1 / 3, 2.0]})
    path = write_table(frame, tmp_path / "t.csv", sort_by=["region_code"], status="Synthetic demonstration data, not official statistics")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so that Excel shows Chinese
    assert b"0.333333333333" in raw and b"\r\n" not in raw
    back = pd.read_csv(path, encoding="utf-8-sig", dtype={"region_code": str})
    assert back["region_code"].tolist() == ["630100", "630200"]
    assert set(back["data_status"]) == {"Synthetic demonstration data, not official statistics"}
    assert "data_status" not in read_table(path).columns


def test_fill_gaps_by_hand():
    panel = pd.DataFrame({"region_code": ["a"] * 5, "year": [2011, 2012, 2013, 2014, 2015],
                          "x": [np.nan, 2.0, np.nan, np.nan, 8.0], "y": [1.0, 2.0, 3.0, 4.0, np.nan]})
    raw = pd.DataFrame({"region_code": ["a"] * 5, "year": [2011, 2012, 2013, 2014, 2015],
                        "x": ["—", "2", "", "…", "8"], "y": ["1", "2", "3", "4", "-"]})
    filled, log = cleaning.fill_gaps(panel, raw)
    # x: 2012 = 2, 2015 = 8 -> 2013 = 4, 2014 = 6 (linear); 2011 takes 2012's 2 (nearest year)
    assert filled["x"].tolist() == [2.0, 2.0, 4.0, 6.0, 8.0]
    assert filled["y"].tolist() == [1.0, 2.0, 3.0, 4.0, 4.0]
    assert log[["year", "indicator", "raw", "value", "method"]].values.tolist() == [
        [2011, "x", "—", 2.0, "nearest-year"],
        [2013, "x", "", 4.0, "linear-interpolation"],
        [2014, "x", "…", 6.0, "linear-interpolation"],
        [2015, "y", "-", 4.0, "nearest-year"],
    ]


def test_cell_status_marks_filled_cells():
    panel = pd.DataFrame({"region_code": ["a", "a"], "year": [1, 2], "x": [1.0, np.nan]})
    log = pd.DataFrame({"region_code": ["a"], "year": [2], "indicator": ["x"], "raw": [""], "value": [1.0],
                        "method": ["nearest-year"]})
    assert cleaning.cell_status(panel, log)["x"].tolist() == ["observed", "nearest-year"]


@pytest.mark.parametrize("province", ["qinghai", "heilongjiang", "guizhou"])
def test_bundled_provinces_validate(province):
    from helpers.data.paths import province_paths
    from helpers.data.validate import load_inputs

    inputs = load_inputs(province_paths(province))
    assert inputs.config.data_status == "synthetic-demo"
    assert inputs.panel["region_code"].nunique() == len(inputs.regions)
    assert inputs.panel.isna().sum().sum() > 0  # the demonstration blemishes are there to be filled
