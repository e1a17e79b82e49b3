"""The glossary as data (``glossary.toml`` beside this module): every method term in English with its
standard Chinese term, the variants that must not appear in Chinese text, and a work that uses the
standard term; the Latin words a Chinese text may contain; the software words a thesis never shows.

Examples
--------
>>> g = load()
>>> g.standard("global Moran's I")
'全局莫兰指数'
>>> [hit.wrong for hit in g.wrong_variants("全局 Moran's I 为正，地区—年份")]
["全局 Moran's I", '地区—年份']
>>> g.allowed_latin("Bootstrap"), g.allowed_latin("shift")
(True, False)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")
COMMON_USAGE = "common usage"


@dataclass(frozen=True)
class Term:
    en: str
    zh: str
    wrong: tuple[str, ...] = ()
    wrong_regex: tuple[str, ...] = ()
    reference: str = COMMON_USAGE
    source: str = ""
    keys: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class WrongVariant:
    """A wrong variant found in a text: what was found, where, and the standard term."""

    wrong: str
    start: int
    end: int
    standard: str
    en: str


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    references: dict[str, str]
    latin: frozenset[str]                 # lower case
    authors: frozenset[str]               # lower case
    register_zh: tuple[str, ...] = ()
    register_zh_regex: tuple[str, ...] = ()
    register_en_regex: tuple[str, ...] = ()
    _patterns: tuple = field(default=(), repr=False, compare=False)

    def standard(self, en: str) -> str:
        """The standard Chinese term of an English term."""
        for t in self.terms:
            if t.en == en:
                return t.zh
        raise KeyError(en)

    def wrong_variants(self, text: str) -> list[WrongVariant]:
        """Every wrong variant in ``text``, in order of position."""
        found = []
        for pattern, term in self._patterns:
            for m in pattern.finditer(text):
                found.append(WrongVariant(m.group(0), m.start(), m.end(), term.zh, term.en))
        found.sort(key=lambda w: (w.start, -w.end))
        out, last_end = [], -1
        for w in found:                   # overlapping variants (全局 Moran's I / 全局Moran's I) once
            if w.start >= last_end:
                out.append(w)
                last_end = w.end
        return out

    def register_words(self, text: str, language: str) -> list[tuple[int, int, str]]:
        """Software words (笔记本, this notebook …) in ``text``: (start, end, word)."""
        patterns = ([re.escape(w) for w in self.register_zh] + list(self.register_zh_regex)
                    if language == "zh" else list(self.register_en_regex))
        hits = sorted((m.start(), m.end(), m.group(0)) for p in patterns for m in re.finditer(p, text))
        out, last_end = [], -1
        for hit in hits:
            if hit[0] >= last_end:
                out.append(hit)
                last_end = hit[1]
        return out

    def allowed_latin(self, word: str) -> bool:
        """Whether a Latin word may stand in Chinese text (method/software name or cited author)."""
        w = word.lower()
        return w in self.latin or w in self.authors

    @cached_property   # the text checker asks for every string of a run
    def zh_terms(self) -> frozenset[str]:
        """Every standard Chinese term (an English text may give them in parentheses)."""
        return frozenset(part.strip() for t in self.terms for part in re.split(r"\s*/\s*", t.zh))


@cache
def load(path: Path = GLOSSARY_FILE) -> Glossary:
    """Read and check the glossary file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    references = data.get("references", {})
    terms = []
    for raw in data["term"]:
        term = Term(en=raw["en"], zh=raw["zh"], wrong=tuple(raw.get("wrong", ())),
                    wrong_regex=tuple(raw.get("wrong_regex", ())), reference=raw.get("reference", COMMON_USAGE),
                    source=raw.get("source", ""), keys=tuple(raw.get("keys", ())), note=raw.get("note", ""))
        for ref in (term.reference, term.source):
            if ref and ref != COMMON_USAGE and ref not in references:
                raise ValueError(f"glossary term {term.en!r}: unknown reference {ref!r}")
        terms.append(term)
    patterns = []
    for t in terms:
        patterns += [(re.compile(re.escape(w)), t) for w in t.wrong]
        patterns += [(re.compile(p), t) for p in t.wrong_regex]
    allow, register = data.get("allowlist", {}), data.get("register", {})
    return Glossary(tuple(terms), references,
                    frozenset(w.lower() for w in allow.get("latin", ())),
                    frozenset(w.lower() for w in allow.get("authors", ())),
                    tuple(register.get("zh", ())), tuple(register.get("zh_regex", ())),
                    tuple(register.get("en_regex", ())), tuple(patterns))
