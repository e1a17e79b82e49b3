"""The text of the notebooks as a thesis prints it: hints for someone working in JupyterLab (cells tagged
``notebook-only``) stay out of the appendix, and the markdown that reaches the appendix follows the style
of the thesis text (no software words, Chinese punctuation and spacing, the standard terms)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.data.paths import numbered_notebooks, province_paths
from helpers.data.validate import load_meta
from helpers.pipeline.runner import in_language
from helpers.presentation.exports import appendix_notebook

HINT = "Re-run with -p weighting critic"
HINT_ZH = "用 -p weighting critic 重新运行笔记本"


def _markdown(text: str, *tags: str):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)})


def _notebook(folder: Path, name: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _markdown("# 03 · Weighting\n\nThis section derives the weights.", "lang-en"),
        _markdown("# 03 · 指标赋权\n\n本节确定指标权重。", "lang-zh"),
        _markdown(f"**Options.** {HINT}.", "lang-en", "notebook-only"),
        _markdown(f"**选项。** {HINT_ZH}。", "lang-zh", "notebook-only"),
        nbformat.v4.new_code_cell('language = "en"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)"),
        _markdown("## Entropy method\n\n$w_j = d_j / \\sum_j d_j$", "lang-en"),
        _markdown("## 熵值法\n\n$w_j = d_j / \\sum_j d_j$", "lang-zh"),
    ]
    path = folder / name
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_appendix_leaves_out_cells_tagged_notebook_only(tmp_path, language):
    # as a run does it: the notebook in the run's language, then the appendix built from it
    source = _notebook(tmp_path, "03_weights.ipynb")
    executed = in_language(source, language, tmp_path / "reports" / source.name)
    kept = nbformat.read(executed, as_version=4)
    assert any(HINT in c.source or HINT_ZH in c.source for c in kept.cells)   # the notebook keeps its hint
    meta = load_meta(province_paths("qinghai"))
    appendix = appendix_notebook([executed], meta, {"options": {}}, language=language)
    text = "\n".join(c.source for c in appendix.cells)
    assert HINT not in text and HINT_ZH not in text and "-p weighting" not in text
    assert "NBVAL" not in text and 'language = "en"' not in text
    heading, other = ("本节确定指标权重", "This section derives") if language == "zh" else ("This section derives", "本节")
    assert heading in text and other not in text
    assert "w_j = d_j" in text                                                # the methods text itself stays
    contents = appendix.cells[1].source
    assert ("熵值法" if language == "zh" else "Entropy method") in contents    # and is in the table of contents


# The appendix text of the notebooks themselves: every markdown cell not tagged notebook-only.
SOFTWARE_WORDS = {
    "zh": ["笔记本", "运行", "程序", "(?<!地区)代码", "单元格", "下方", "上方", "点击", "文件夹", "见下"],
    "en": [r"\bnotebooks?\b", r"\b(see|shown|printed|given|listed|named|cell) below\b", r"\bthe (next )?cell\b",
           r"\bthis run\b", r"\bthe run\b", r"\bclick", r"\bre-run\b", r"`-p "],
}
WRONG_TERMS = ["Kendall 协调系数", "Kendall协调系数", "含结校正", "区块自助法", "结论有多可靠", "熵值模式", "截断变量",
               "地区—年份", "地区 × 年份", "加权重心", "加权平均中心", "北偏东", "范等", "完全不一致", "误判率",
               "低—高", "高—低", "低-高集聚", "高-低集聚", "全局 Moran", "熵权法"]
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
HAN = r"[\u3400-\u9fff]"


def _cells():
    for path in numbered_notebooks():
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                yield path.name, i, set(cell.metadata.get("tags", [])), cell.source


def _prose(text: str) -> str:
    """The text without formulas and code spans (which keep their own spacing and characters)."""
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$|GM\(1,1\)", "ⓜ", text)          # GM(1,1) is the method's name
    return re.sub(r"`[^`\n]+`", "ⓒ", text)


def test_every_markdown_cell_has_one_language_and_hints_exist_in_both():
    hints = {"en": [], "zh": []}
    for name, i, tags, _ in _cells():
        languages = tags & {"lang-en", "lang-zh"}
        assert len(languages) == 1, (name, i, tags)
        if "notebook-only" in tags:
            hints[next(iter(languages))[5:]].append(name)
    assert hints["en"] == hints["zh"] and len(set(hints["en"])) == len(numbered_notebooks())


def test_the_appendix_text_of_the_notebooks_reads_as_a_thesis():
    problems = []
    for name, i, tags, source in _cells():
        language = "zh" if "lang-zh" in tags else "en"
        prose = _prose(source)
        if "notebook-only" not in tags:
            problems += [(name, i, w) for w in SOFTWARE_WORDS[language] if re.search(w, prose, flags=re.I)]
        if language == "en":
            problems += [(name, i, m.group()) for m in re.finditer(f"{HAN}+", prose)]
            continue
        problems += [(name, i, w) for w in WRONG_TERMS if w in source]
        for line in prose.splitlines():
            if re.search(r"\[(J|M|C|D|R|EB/OL)\]", line):   # a reference in GB/T 7714 form keeps its own punctuation
                continue
            patterns = [rf"{CJK}\s*[,;:()!?]|[,;:()!?]\s*{CJK}",              # half-width punctuation
                        rf"{HAN} +[0-9A-Za-zⓜⓒ]|[0-9A-Za-zⓜⓒ%] +{HAN}",       # a space beside Chinese
                        r"[。，；：！？、）] +[^\s|]",                            # a space after Chinese punctuation
                        r"(?<![\d.])\d+(\.\d+)?\s*[—–-]\s*\d+(\.\d+)?(?![\d.])",  # a numeric range without ～
                        r"\d{1,3},\d{3}(?!\d)"]                                  # a thousands separator
            problems += [(name, i, m.group()) for p in patterns for m in re.finditer(p, line)]
    assert problems == []


@pytest.mark.parametrize("notebook", numbered_notebooks(), ids=lambda p: p.stem[:2])
def test_papermill_reads_every_parameter_the_runner_passes(notebook):
    # papermill reads one `name = value` per line; what it cannot read it warns about on every run
    import papermill

    assert set(papermill.inspect_notebook(str(notebook))) == {"province", "data_dir", "output_dir", "language", "options"}
