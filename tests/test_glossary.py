"""The glossary as data: one standard Chinese term per method concept, never a listed wrong variant in
any Chinese word, template or caption, the words of labels/ equal to the glossary where they name its
concept, and every template clean under the rules of the text checker (style guide of issue 19)."""

from __future__ import annotations

import re
import string

import pytest

from helpers.data import catalog
from helpers.presentation.labels import glossary, words
from helpers.presentation.labels.sentences import SENTENCES
from helpers.presentation.textcheck import check_string

CJK = re.compile(r"[\u4e00-\u9fff]")
G = glossary.load()


def texts(side: int) -> list[tuple[str, str]]:
    """(where, text) of every word, template and caption of the package in one language (0 English, 1 Chinese)."""
    tables = {"SENTENCES": SENTENCES, "TERMS": words.TERMS, "OPTION_LABELS": words.OPTION_LABELS,
              "OPTION_DEFAULTS": words.OPTION_DEFAULTS, "DATA_STATUS": words.DATA_STATUS}
    out = [(f"{table}[{k!r}]", pair[side]) for table, pairs in tables.items() for k, pair in pairs.items()]
    out += [(f"OPTION_NAMES[{o!r}][{k!r}]", pair[side]) for o, d in words.OPTION_NAMES.items() for k, pair in d.items()]
    out += [(f"GRADE_NAMES[{i}]", pair[side]) for i, pair in enumerate(words.GRADE_NAMES, start=1)]
    out += [(f"catalog.{o.name}", o.caption[side]) for o in catalog.OUTPUTS]
    return out


def test_the_glossary_loads_with_its_references():
    assert len(G.terms) >= 100
    for t in G.terms:
        assert t.en and CJK.search(t.zh), t
        assert t.reference == glossary.COMMON_USAGE or t.reference in G.references, t
        assert not t.source or t.source in G.references, t
        assert t.zh not in t.wrong, t
        for pattern in t.wrong_regex:
            assert not re.search(pattern, t.zh), (t, pattern)
    standards = [t.zh for t in G.terms]
    assert len(standards) == len(set(standards)), "one entry per standard term"
    # the table of the style guide of issue 19 is in
    for en, zh in [("Kendall's coefficient of concordance W", "肯德尔和谐系数"), ("tie correction", "同秩校正"),
                   ("block bootstrap", "块自助法（Bootstrap）"), ("global Moran's I", "全局莫兰指数"),
                   ("(weighted mean) centre of gravity", "重心"), ("region-year (sample unit)", "地区-年份"),
                   ("type I error rate", "第一类错误概率（检验水平）"), ("robustness check (section title)", "稳健性检验")]:
        assert G.standard(en) == zh


@pytest.mark.parametrize(("text", "found"), [
    ("Kendall 协调系数W", "Kendall 协调系数"), ("采用含结校正", "含结校正"), ("截断变量", "截断变量"),
    ("超过置换检验零假设", "超过置换检验零假设"), ("低—高集聚", "低—高集聚"), ("高-低集聚", "高-低集聚"),
    ("区块自助法", "区块自助法"), ("自助法 95% 区间", "自助法 95% 区间"), ("结论有多可靠", "结论有多可靠"),
    ("熵值模式", "熵值模式"), ("误判率", "误判率"), ("全局 Moran's I", "全局 Moran's I"), ("加权平均中心", "加权平均中心"),
    ("加权重心", "加权重心"), ("地区—年份", "地区—年份"), ("地区 × 年份", "地区 × 年份"), ("北偏东135°", "北偏东"),
    ("同步型", "同步型"), ("属于新型城镇化滞后。", "新型城镇化滞后"),
])
def test_wrong_variants_are_found(text, found):
    assert [w.wrong for w in G.wrong_variants(text)] == [found]


@pytest.mark.parametrize("text", ["同步发展型", "新型城镇化滞后型", "乡村振兴滞后于新型城镇化", "块自助法（Bootstrap）",
                                  "全局莫兰指数", "以耦合协调度为权重的重心", "地区-年份"])
def test_standard_terms_are_not_wrong(text):
    assert G.wrong_variants(text) == []


def test_no_chinese_text_uses_a_wrong_variant_or_a_software_word():
    # one test over every text (thousands): all offending texts are listed at once
    wrong = [(where, [(w.wrong, w.standard) for w in found]) for where, zh in texts(1) if (found := G.wrong_variants(zh))]
    software = [(where, found) for where, zh in texts(1) if (found := G.register_words(zh.replace("`", " "), "zh"))]
    assert wrong == [] and software == []


def _word(key: str) -> str:
    """The Chinese of a glossary ``keys`` entry: TERMS:x, SENTENCES:x, OPTION_LABELS:x, OPTION_DEFAULTS:x,
    OPTION_NAMES:option/value, GRADE_NAMES:n."""
    table, name = key.split(":", 1)
    if table == "OPTION_NAMES":
        option, value = name.split("/", 1)
        return words.OPTION_NAMES[option][value][1]
    if table == "GRADE_NAMES":
        return words.GRADE_NAMES[int(name) - 1][1]
    return {"TERMS": words.TERMS, "SENTENCES": SENTENCES, "OPTION_LABELS": words.OPTION_LABELS,
            "OPTION_DEFAULTS": words.OPTION_DEFAULTS}[table][name][1]


@pytest.mark.parametrize("term", [t for t in G.terms if t.keys], ids=lambda t: t.en)
def test_the_words_use_the_standard_term_of_the_glossary(term):
    for key in term.keys:
        word = _word(key)
        alternatives = [p.strip() for p in term.zh.split("/")]
        assert any(a in word for a in alternatives), f"{key} = {word!r} does not use {term.zh!r} ({term.en})"


def _filled(template: str, years: bool = True) -> str:
    """A template with its fields replaced by what they hold: numbers, years or Chinese names."""
    out = []
    year_fields = {"year", "first", "last", "y0", "y1"}
    for literal, name, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        if name in year_fields and years:
            out.append("2020")
        elif spec or name in {"n", "k", "g", "low", "high", "regions", "indicators", "years", "cells", "total", "reps",
                              "asked", "seed", "distinct", "permutations", "number", "count", "rows", "grade", "r",
                              "cluster", "horizon", "minimum", "k_min", "k_max", "rank_first", "raw", "m", "reachable",
                              "filled", "interpolated", "nearest", "enhance", "real", "beyond", "same", "solid", "fails",
                              "holds", "variants", "python", "version", "length"}:
            out.append("1")
        else:
            out.append("甲")
    return "".join(out)


def _visible(markdown: str) -> str:
    """What a reader sees of a Markdown template: code spans as a (masked) word, no ** markers."""
    return re.sub(r"`[^`]*`", "\x00", markdown).replace("**", "")


def _findings(side: int, language: str) -> list[tuple[str, list[str]]]:
    """(where, findings) of every template of one language that the text checker does not pass, filled with
    sample values (in English, Chinese only as a glossary term in parentheses)."""
    found = [(where, check_string(_visible(_filled(t).replace("甲", "A") if language == "en" else _filled(t)), language))
             for where, t in texts(side)]
    return [(where, [str(f) for f in findings]) for where, findings in found if findings]


def test_every_chinese_template_passes_the_text_checker():
    assert _findings(1, "zh") == []


def test_every_english_template_passes_the_text_checker():
    assert _findings(0, "en") == []


def test_bold_lead_ins_stay_bold_in_chinese():
    """CommonMark closes ** only when it is right-flanking: a closing ** after 。 or ） must be followed by a
    space or punctuation, which Chinese text never has. So the full stop follows the closing **."""
    for key, (_, zh) in SENTENCES.items():
        for m in re.finditer(r"\*\*[^*]+\*\*", zh):
            inner, after = m.group(0)[2:-2], zh[m.end():m.end() + 1]
            if inner[-1:] in "。：，；）" and after and not after.isspace() and after not in "，。；：（）":
                pytest.fail(f"{key}: **…{inner[-3:]}** followed by {after!r} does not render as bold")
