"""The Chinese font of figures and appendices: Noto Sans CJK SC, and subsets of it.

Noto Sans CJK SC (SIL Open Font License 1.1, no reserved font name) comes with the PyPI package
``mpl-font``, so a fresh machine needs no system fonts. The full face has 65 000 glyphs in 16 MB;
embedding a subset of it in a PDF makes fontTools parse all of it for every figure (about 0.5 s).
Figures therefore use a *common* face first, the same outlines cut down to ASCII, Latin-1,
punctuation, Greek, CJK symbols and the 6 763 characters of GB 2312 (built once into matplotlib's
cache folder, by ``make venv`` or on first use), and fall back glyph by glyph to the full face for
anything rarer.
The common face is cut from the regular and from the bold face, so that bold text (titles, the
labels of a few charts) finds a bold face of the common family: without it matplotlib would draw
bold text with the regular face and log "findfont: Failed to find font weight bold", which a
notebook prints. The HTML appendix embeds subsets holding exactly the characters it uses
(:func:`subset_font`), regular and bold.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FULL_FAMILY = "Noto Sans CJK SC"
COMMON_FAMILY = "Noto Sans CJK SC Common"
_COMMON_VERSION = 1  # bump when COMMON_RANGES change, so that caches are rebuilt


def cjk_font_files() -> list[Path]:
    """The Noto Sans CJK SC regular and bold faces shipped by ``mpl-font``."""
    spec = importlib.util.find_spec("mpl_font")
    if spec is None or spec.origin is None:
        raise RuntimeError("the package 'mpl-font' is not installed: run 'make run' or install requirements.lock")
    folder = Path(spec.origin).parent / "fonts" / "noto"
    return [folder / "NotoSansCJKsc-Regular.otf", folder / "NotoSansCJKsc-Bold.otf"]


def _gb2312() -> set[int]:
    """Every character of GB 2312 (symbols of rows 1–9 and the 6 763 hanzi of rows 16–87)."""
    chars = set()
    for row in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


COMMON_RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x2000, 0x206F), (0x2100, 0x22FF),
                 (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def common_characters() -> set[int]:
    return {c for low, high in COMMON_RANGES for c in range(low, high + 1)} | _gb2312()


def subset_font(source: Path, characters: Iterable[int], target: Path, family: str | None = None,
                flavor: str | None = None, style: str = "Regular") -> Path:
    """Write the glyphs of ``characters`` from ``source`` to ``target`` (``flavor`` ``woff2`` for the web).

    With ``family`` the subset gets its own name (``style``: ``Regular`` or ``Bold``, as the
    source's weight), so that it can stand beside the full face.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []        # matplotlib and the appendix need outlines and metrics only
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = flavor
    font = TTFont(source, recalcTimestamp=False)   # keep the source's dates: the same subset, the same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=set(characters))
    subsetter.subset(font)
    if family:
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = family
            elif record.nameID == 17:
                record.string = style
            elif record.nameID == 4:
                record.string = f"{family} {style}"
            elif record.nameID == 6:
                record.string = family.replace(" ", "") + f"-{style}"
    target.parent.mkdir(parents=True, exist_ok=True)
    # write then rename, so that parallel runs never read a half-written font
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=target.suffix, delete=False) as handle:
        temporary = Path(handle.name)
    font.save(temporary)
    os.replace(temporary, target)
    return target


@cache
def common_cjk_font(bold: bool = False) -> Path:
    """The common subset of the regular (or bold) face, built on first use into matplotlib's cache folder."""
    import matplotlib

    weight = "-Bold" if bold else ""
    target = (Path(matplotlib.get_cachedir()) / "rural-urban-coupling"
              / f"NotoSansCJKsc-Common{weight}-v{_COMMON_VERSION}.otf")
    if not target.is_file():
        subset_font(cjk_font_files()[int(bold)], common_characters(), target, family=COMMON_FAMILY,
                    style="Bold" if bold else "Regular")
    return target
