"""The text checker: everything a run writes, read as a supervisor would read it.

``python -m helpers check-text --province qinghai [--output-dir D] [--language zh|en]`` reads the
visible text of the appendix (``reports/<p>/appendix.html`` without scripts, styles, code spans and
MathML), the Word file (paragraphs and table cells), every cell of the Excel workbook, the text of the
figures (``figures/<p>/*.pdf``) and the captions and cells of the LaTeX tables, and reports every
finding with its file, location and the offending text.

Rules for Chinese (a zh run), following the style guide of issue 19 and GB/T 15834-2011:

========================  ==========================================================================
``english``               an English word outside the glossary's allowlist, cited authors, formulas,
                          variable names (codes with digits or underscores), file names and paths
``missing-value``         None, NaN, nan, NaT, <NA>, True, False as visible text (an empty cell is —)
``half-width``            , ; : ( ) ! ? touching a Chinese character (spaces in between do not help)
``range``                 a numeric range written with —, –, -, ~ instead of ～; a year range with - or –
``p-zero``                p = 0.000 (write p < 0.001)
``negative-zero``         −0.000
``thousands``             a thousands separator (6,435)
``spacing``               a space between a Chinese character and a digit, Latin letter or formula, or
                          after/before Chinese punctuation (。 其中)
``glossary``              a variant the glossary lists as wrong (全局 Moran's I, 地区—年份 …)
``register``              a software word (笔记本, 本次运行, 程序, 单元格, 下方 …)
========================  ==========================================================================

Rules for English: ``chinese`` (Chinese characters other than region names and glossary terms in
parentheses), ``missing-value``, ``p-zero``, ``negative-zero`` and ``register`` (this notebook, this
run, click …).

Examples
--------
>>> [f.rule for f in check_string("乡风文明 (0.686)，8—13个地区", "zh")]
['half-width', 'half-width', 'range']
>>> check_string("Moran's I = 0.21 (p < 0.001) for 8 regions", "en")
[]
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .labels.glossary import Glossary, load

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation and full-width forms (not “”‘’—…·, which English uses too)
CJK_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CHINESE = f"{HAN}{CJK_PUNCT}"
GREEK = "\u0370-\u03ff"

RULES_ZH = ("english", "missing-value", "half-width", "range", "p-zero", "negative-zero", "thousands", "spacing",
            "glossary", "register")
RULES_EN = ("chinese", "missing-value", "p-zero", "negative-zero", "register")

_REFERENCE_ENTRY = re.compile(r"\[(?:J|M|C|D|R|N|S|P|Z|EB/OL|DB/OL)\]")
_FILE = re.compile(r"[\w./\\-]*\w\.(?:csv|toml|json|xlsx|xls|docx|tex|geojson|shp|prj|md|html|pdf|png|py|ipynb|txt|lock)\b")
_PATH = re.compile(r"(?<![\w])(?:\.{0,2}/)?[\w.-]+(?:/[\w.<>*-]+)+/?")
_DOTTED = re.compile(r"\b[a-z_]\w*(?:\.[a-z_]\w*)+\b")
_URL = re.compile(r"https?://\S+|www\.\S+")
_FUNCTION = re.compile(r"[A-Za-z0-9_]+(?:\([^()\s]*\)|\[[^\[\]\s]*\])")   # GM(1,1), E[I], f(x)
_DATE = re.compile(r"(?<![0-9])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-\d{2})?(?![0-9])")   # 2014-03-16, 2014-03
_STANDARD = re.compile(r"\b(?:GB/T|GB|ISO)\s?[\d.]+-\d{4}\b")
_CODE_SPAN = re.compile(r"`[^`\n]+`")
_QUOTED = re.compile(r"“[^”\n]*”")   # a quotation (e.g. the raw text of a yearbook cell) keeps its own characters
_DOCUMENT_NUMBER = re.compile(rf"[{HAN}]+〔\d{{4}}〕\d+号")      # 国发〔2016〕8号: the official number of a document
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9_\u00c0-\u024f]+(?:['’][A-Za-z]+)?(?:[-][A-Za-z0-9_\u00c0-\u024f]+)*")
_A = "A-Za-z0-9_"      # a Latin word character (\w would count Chinese characters as word characters too)
_MISSING = re.compile(rf"(?<![{_A}<])(?:None|NaN|nan|NaT|<NA>|True|False|none|null)(?![{_A}>])")
_MISSING_EN = re.compile(rf"(?<![{_A}<])(?:NaN|nan|NaT|<NA>)(?![{_A}>])|(?<![{_A}])(?:None|True|False)(?!\s+[a-z])(?![{_A}])")
_HALF = re.compile(rf"[{CHINESE}][ \t]*[,;:()!?]|[,;:()!?][ \t]*[{CHINESE}]")
_RANGE = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)?)(%?)(\s?)([—–\-－~―])(\s?)(\d+(?:\.\d+)?)(?![\d.]*\d)")
_P_ZERO = re.compile(r"(?<![A-Za-z0-9_])p\s*[=＝]\s*0\.0+(?![\d])")
_NEG_ZERO = re.compile(r"(?<![A-Za-z0-9_.])[-−]0\.0+(?![\d])(?!\.\d)")
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_LATIN_SIDE = rf"A-Za-z0-9{GREEK}%)\]*²³′″₀-₉⁰-⁹\x00\x01"   # \x00: a code span, \x01: a formula
_SPACE_AFTER_HAN = re.compile(rf"[{HAN}][ \t\u00a0]+[A-Za-z0-9{GREEK}\x00\x01]")
_SPACE_BEFORE_HAN = re.compile(rf"[{_LATIN_SIDE}][ \t\u00a0]+[{HAN}]")
_SPACE_AFTER_PUNCT = re.compile(r"[，。；：！？、（）《》“”](?:[ \t\u00a0]+)(?=\S)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \t\u00a0]+[，。；：！？、）》]")


@dataclass(frozen=True)
class Finding:
    """One problem: the file, where in it, the rule, and the offending text with some context."""

    file: str
    location: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.file} [{self.location}] {self.rule}: {self.text}"


@dataclass
class Context:
    """What a text may contain besides the rules: names of the regions, the glossary."""

    language: str
    glossary: Glossary = field(default_factory=load)
    region_names: frozenset[str] = frozenset()

    @property
    def zh_terms(self) -> frozenset[str]:
        return self.glossary.zh_terms


def _excerpt(text: str, start: int, end: int, margin: int = 18) -> str:
    left, right = max(0, start - margin), min(len(text), end + margin)
    return ("…" if left else "") + text[left:right].replace("\n", " ⏎ ").replace("\x00", "‹code›").replace("\x01", "‹math›") + ("…" if right < len(text) else "")


def _mask(text: str, patterns: Iterable[re.Pattern]) -> str:
    """``text`` with every match of ``patterns`` replaced by spaces of the same length (positions kept)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: "\x00" * len(m.group(0)), text)
    return text


def _is_year(s: str) -> bool:
    return s.isdigit() and len(s) == 4 and 1900 <= int(s) <= 2100


def _english_words(text: str, ctx: Context) -> Iterator[tuple[int, int]]:
    for m in _LATIN_TOKEN.finditer(text):
        word = m.group(0)
        core = re.sub(r"['’]s$", "", word)
        if re.search(r"[\d_]", core) or len(core) <= 1:
            continue                      # codes (RR01, p_sim), symbols (D, p, ρ)
        parts = [p for p in core.split("-") if p]
        if ctx.glossary.allowed_latin(core) or all(ctx.glossary.allowed_latin(p) or len(p) <= 1 for p in parts):
            continue
        before, after = text[:m.start()].rstrip(), text[m.end():].lstrip()
        if len(core) <= 3 and (after[:1] in "=<>≤≥≠" and after or before[-1:] in "=<>≤≥≠" and before):
            continue                      # a formula symbol: CV = σ/μ, R² = …
        yield m.start(), m.end()


def _ranges(text: str) -> Iterator[tuple[int, int]]:
    for m in _RANGE.finditer(text):
        low, _, space_a, dash, space_b, high = m.groups()
        if bool(space_a) != bool(space_b):
            continue                      # 0.3 -0.2: a negative number, not a range
        if _is_year(low) and _is_year(high):
            if dash in "—－―":
                continue                  # 2011—2020: a time range, as GB/T 15834 writes it
        yield m.start(), m.end()


_CAPTION_NUMBER = re.compile(r"^\s*[表图]\s*\d+(?:[.-]\d+)?\s+")   # 表 1  指标体系: caption numbering, a layout matter


def _spacing(text: str) -> Iterator[tuple[int, int]]:
    text = _CAPTION_NUMBER.sub(lambda m: "\x00" * len(m.group(0)), text)
    for pattern in (_SPACE_AFTER_HAN, _SPACE_BEFORE_HAN, _SPACE_AFTER_PUNCT, _SPACE_BEFORE_PUNCT):
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def _chinese_in_english(text: str, ctx: Context) -> Iterator[tuple[int, int]]:
    terms = ctx.zh_terms
    text = _DOCUMENT_NUMBER.sub(lambda m: "\x00" * len(m.group(0)), text)
    for m in re.finditer(rf"[{HAN}][{HAN}\u00b7·・]*", text):
        run = m.group(0)
        if run in ctx.region_names or any(run in name for name in ctx.region_names if len(run) >= 2):
            continue
        inside = text[:m.start()].rfind("(") > text[:m.start()].rfind(")")
        if inside and any(run in t for t in terms):
            continue
        yield m.start(), m.end()


def _merge_english(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """English words next to each other (nothing Chinese between them) as one finding: a phrase."""
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if (span[2] == "english" and out and out[-1][2] == "english"
                and not re.search(f"[{CHINESE}]", text[out[-1][1]:span[0]])):
            out[-1] = (out[-1][0], span[1], "english")
        else:
            out.append(span)
    return out


def check_string(text: str, language: str, ctx: Context | None = None, file: str = "", location: str = "") -> list[Finding]:
    """Every finding in one piece of visible text."""
    if not text or not text.strip():
        return []
    ctx = ctx or Context(language)
    out: list[tuple[int, int, str]] = []
    reference_entry = bool(_REFERENCE_ENTRY.search(text))
    protected = _mask(text, (_URL, _FILE, _PATH, _DOTTED, _CODE_SPAN))
    for start, end, _word in ctx.glossary.register_words(protected, language):
        out.append((start, end, "register"))
    if _P_ZERO.search(text):
        out += [(m.start(), m.end(), "p-zero") for m in _P_ZERO.finditer(text)]
    out += [(m.start(), m.end(), "negative-zero") for m in _NEG_ZERO.finditer(protected)]
    if language == "zh":
        out += [(m.start(), m.end(), "missing-value") for m in _MISSING.finditer(protected)]
        if not reference_entry:
            out += [(s, e, "english") for s, e in _english_words(protected, ctx)]
        punct = _mask(protected, (_FUNCTION, _QUOTED))
        if not reference_entry:   # a GB/T 7714 entry is punctuated as the standard's examples are
            out += [(m.start(), m.end(), "half-width") for m in _HALF.finditer(punct)]
            out += [(s, e, "range") for s, e in _ranges(_mask(protected, (_DATE, _STANDARD)))]
            out += [(s, e, "spacing") for s, e in _spacing(text)]
        out += [(m.start(), m.end(), "thousands") for m in _THOUSANDS.finditer(punct)]
        out += [(w.start, w.end, "glossary") for w in ctx.glossary.wrong_variants(text)]
    else:
        out += [(m.start(), m.end(), "missing-value") for m in _MISSING_EN.finditer(protected)]
        out += [(s, e, "chinese") for s, e in _chinese_in_english(text, ctx)]
    missing = [(s, e) for s, e, rule in out if rule == "missing-value"]
    out = [o for o in out if o[2] != "english" or not any(s < o[1] and o[0] < e for s, e in missing)]
    out = _merge_english(sorted(out), text)
    findings = []
    for start, end, rule in out:
        detail = text[start:end]
        if rule == "glossary":
            hit = next(w for w in ctx.glossary.wrong_variants(text) if w.start == start)
            detail = f"{hit.wrong} → {hit.standard}"
        findings.append(Finding(file, location, rule, f"«{detail.strip()}» in {_excerpt(text, start, end)}"))
    return findings


# --------------------------------------------------------------------------------------------- readers


class _VisibleText(HTMLParser):
    """The visible text of an appendix: blocks with the heading above them (scripts, styles, code and
    MathML left out)."""

    SKIP = {"script", "style", "code", "math", "head", "title", "svg"}
    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "div", "caption",
              "figcaption", "dt", "dd", "tr", "ul", "ol", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.buffer: list[str] = []
        self.heading = ""
        self.in_heading = False
        self.cell = ""
        self.blocks: list[tuple[str, str]] = []

    def _flush(self):
        text = "".join(self.buffer)
        self.buffer = []
        text = text.replace("¶", "").strip("\n")
        if text.strip():
            where = f"{self.cell}, under “{self.heading}”" if self.heading else self.cell or "title"
            self.blocks.append((where, text))
            if self.in_heading:
                self.heading = text.strip()[:60]

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
        attributes = dict(attrs)
        if tag == "div" and (attributes.get("id") or "").startswith("cell-id="):
            self.cell = "cell " + attributes["id"].removeprefix("cell-id=")
        if tag in self.BLOCKS or tag == "br":
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.in_heading = True

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
            if not self.skipping and tag in ("code", "math"):
                self.buffer.append("\x00" if tag == "code" else "\x01")   # a code span or formula stays a word
            return
        if self.skipping:
            return
        if tag in self.BLOCKS:
            self._flush()
            if tag.startswith("h") and len(tag) == 2:
                self.in_heading = False

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def html_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(location, text) of every visible block of an HTML file."""
    parser = _VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    for where, text in parser.blocks:
        for i, line in enumerate(text.split("\n")):
            if line.strip():
                yield (where if i == 0 else f"{where}, line {i + 1}"), line


def docx_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(location, text) of every paragraph, table cell, header and footer of a Word file."""
    from docx import Document

    doc = Document(str(path))
    for i, p in enumerate(doc.paragraphs, start=1):
        yield f"paragraph {i}", p.text
    for t, table in enumerate(doc.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            seen = set()
            for c, cell in enumerate(row.cells, start=1):
                if id(cell._tc) in seen:   # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                yield f"table {t}, row {r}, column {c}", cell.text
    for s, section in enumerate(doc.sections, start=1):
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            for i, p in enumerate(part.paragraphs, start=1):
                yield f"section {s} {name}, paragraph {i}", p.text


def xlsx_texts(path: Path, language: str) -> Iterator[tuple[str, str]]:
    """(location, text) of every text cell and sheet name of a workbook. A column headed ``X_zh`` in an
    English workbook, or ``X`` beside an ``X_zh`` in a Chinese one, is one half of a bilingual pair of a
    processed CSV and is left out."""
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True, data_only=True)
    for sheet in book.worksheets:
        yield f"sheet name “{sheet.title}”", sheet.title
        skip: set[int] = set()
        header_row = None
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if header_row is None and row and all(isinstance(v, str) or v is None for v in row) and any(
                    isinstance(v, str) and re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in row):
                header_row = r
                names = [v if isinstance(v, str) else "" for v in row]
                for c, name in enumerate(names):
                    if language == "en" and name.endswith("_zh"):
                        skip.add(c)
                    if language == "zh" and f"{name}_zh" in names:
                        skip.add(c)
            for c, value in enumerate(row):
                if c in skip and header_row is not None and r > header_row:
                    continue
                if isinstance(value, str):
                    yield f"{sheet.title}!{_column_letter(c + 1)}{r}", value
    book.close()


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def pdf_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(location, text) of every string drawn in a figure PDF (one text operation each: labels that only sit
    side by side in the figure are not read as one text)."""
    from pypdf import PdfReader

    for p, page in enumerate(PdfReader(str(path)).pages, start=1):
        chunks: list[str] = []
        page.extract_text(visitor_text=lambda text, *_, into=chunks: into.append(text))
        for i, chunk in enumerate((c.strip() for c in chunks if c.strip()), start=1):
            yield f"page {p}, text {i}", chunk


_TEX_COMMAND = re.compile(r"\\(?:textbf|textit|emph|mathrm|text|multicolumn\{[^}]*\}\{[^}]*\}|makecell(?:\[[^\]]*\])?)\{")


def _tex_to_text(tex: str) -> str:
    """LaTeX markup of a caption or cell as plain text."""
    tex = _TEX_COMMAND.sub("{", tex)
    tex = re.sub(r"\\(footnotesize|small|par|centering|raggedright|hline|\\)", " ", tex)
    tex = tex.replace(r"\%", "%").replace(r"\&", "&").replace(r"\_", "_").replace(r"\#", "#").replace(r"\$", "$")
    tex = tex.replace(r"\textasciitilde{}", "~").replace("~", " ").replace("{", "").replace("}", "")
    tex = re.sub(r"\\[a-zA-Z]+", "", tex)
    return re.sub(r"[ \t]+", " ", tex).strip()


def tex_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(location, text) of the caption, the cells and the notes of a LaTeX table."""
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"(?<!\\)%.*", "", body)
    caption = re.search(r"\\caption\{(.*)\}\s*$", body, re.M)
    if caption:
        yield "caption", _tex_to_text(caption.group(1))
    rows = re.search(r"\\begin\{tabular\}\{[^}]*\}(.*?)\\end\{tabular\}", body, re.S)
    if rows:
        lines = re.sub(r"\\(toprule|midrule|bottomrule|cmidrule(?:\([^)]*\))?\{[^}]*\})", "", rows.group(1))
        for r, row in enumerate((x for x in lines.split(r"\\") if x.strip()), start=1):
            for c, cell in enumerate(re.split(r"(?<!\\)&", row), start=1):
                yield f"row {r}, column {c}", _tex_to_text(cell)
    after = body[rows.end():] if rows else ""
    for i, line in enumerate(after.splitlines(), start=1):
        shown = _tex_to_text(line)
        if shown and not line.strip().startswith((r"\end", r"\label")):
            yield f"note {i}", shown


# --------------------------------------------------------------------------------------------- a run


def run_files(output_dir: Path, province: str) -> dict[str, list[Path]]:
    """The files of a run that the checker reads, by kind."""
    reports, figures = output_dir / "reports" / province, output_dir / "figures" / province
    return {"html": [p for p in [reports / "appendix.html"] if p.exists()],
            "docx": sorted((reports / "tables").glob("*.docx")),
            "xlsx": sorted((reports / "tables").glob("*.xlsx")),
            "pdf": sorted(figures.glob("*.pdf")),
            "tex": sorted((reports / "tables").glob("*.tex"))}


def region_names_of(province: str, data_dir: Path | None = None) -> frozenset[str]:
    """The Chinese names of a province, its regions and groups (allowed in an English text)."""
    import pandas as pd

    from ..data.config import load_config
    from ..data.paths import province_paths

    raw = province_paths(province.split("-")[0], data_dir).raw
    names: set[str] = set()
    try:
        regions = pd.read_csv(raw / "regions.csv", dtype=str, encoding="utf-8-sig")
        names.update(regions["name_zh"].dropna())
    except (OSError, KeyError, ValueError):
        pass
    config, _ = load_config(raw / "province.toml") if (raw / "province.toml").exists() else (None, [])
    if config is not None:
        names.add(config.name_zh)
        names.update(g.name_zh for g in config.groups)
    return frozenset(n for n in names if n)


def run_language(output_dir: Path, province: str) -> str | None:
    """The language of a run, from its manifest (``parameters.language``; English when not given)."""
    import json

    manifest = output_dir / "reports" / province / "manifest.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("parameters", {}).get("language") or "en"


READERS = {"html": html_texts, "docx": docx_texts, "xlsx": xlsx_texts, "pdf": pdf_texts, "tex": tex_texts}


def check_run_file(path: Path, kind: str, language: str, ctx: Context | None = None, shown: str | None = None
                   ) -> list[Finding]:
    """Every finding in one file of a run (``kind``: html, docx, xlsx, pdf or tex)."""
    ctx = ctx or Context(language)
    texts = xlsx_texts(path, language) if kind == "xlsx" else READERS[kind](path)
    shown = shown or path.name
    return [f for location, text in texts
            for f in check_string(html.unescape(text) if kind == "tex" else text, language, ctx, shown, location)]


def markdown_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """The lines of generated Markdown as a reader sees them: code spans as masked words, no ``**``, no list or
    quote markers (line numbers from 1)."""
    for i, line in enumerate(markdown.split("\n"), start=1):
        shown = _CODE_SPAN.sub(lambda m: "\x00", line).replace("**", "")
        shown = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", shown)
        shown = re.sub(r"^\s*>\s?", "", shown)
        if shown.strip():
            yield i, shown


def check_run(output_dir: Path, province: str, language: str, ctx: Context | None = None) -> list[Finding]:
    """Every finding in the appendix, Word file, workbook, figures and LaTeX tables of a run."""
    ctx = ctx or Context(language, region_names=region_names_of(province))
    findings: list[Finding] = []
    for kind, paths in run_files(output_dir, province).items():
        for path in paths:
            shown = str(path.relative_to(output_dir)) if path.is_relative_to(output_dir) else str(path)
            findings += check_run_file(path, kind, language, ctx, shown)
    return findings


def summary(findings: list[Finding]) -> str:
    """Counts by rule and by file, then every finding."""
    from collections import Counter

    if not findings:
        return "no findings"
    by_rule = Counter(f.rule for f in findings)
    by_file = Counter(f.file for f in findings)
    lines = [f"{len(findings)} finding(s)",
             "by rule: " + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common()),
             "by file: " + ", ".join(f"{file} {n}" for file, n in by_file.most_common())]
    return "\n".join(lines + [""] + [str(f) for f in findings])
