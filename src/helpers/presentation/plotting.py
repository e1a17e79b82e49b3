"""One figure style for every notebook: sizes for A4, a colour-blind-safe palette, Chinese labels.

Chinese text uses Noto Sans CJK SC (see :mod:`.fonts`), registered with ``font_manager.addfont``
so that a fresh machine needs no system fonts. Figures are saved as 300 dpi PNG and PDF (fonts
embedded as Type 42), without dates or version strings in the metadata so that reruns give
identical bytes, and a figure made from synthetic data carries the note that says so.
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

from .fonts import COMMON_FAMILY, FULL_FAMILY, cjk_font_files, common_cjk_font

# Okabe & Ito (2008) colour-blind-safe palette, then a few neutral extensions.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#999999", "#882255", "#44AA99", "#117733", "#332288"]
SEQUENTIAL = "viridis"
A4_TEXT_WIDTH = 6.3   # inches: 16 cm, the text width of an A4 page with 2.5 cm margins
HALF_WIDTH = 3.1
MAX_HEIGHT = 9.5      # inches: the text height of an A4 page, caption included
DPI = 300
_PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None}
_PNG_METADATA = {"Software": None}


def register_cjk_font() -> list[str]:
    """Register the common and the full Noto Sans CJK SC faces, regular and bold (once per process);
    return the families.

    The common face comes first, so that PDF export subsets a small font; the full face catches
    any rarer character glyph by glyph. Both families have a bold face, so that bold text never
    falls back to the regular one (with the warning matplotlib logs then).
    """
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in [common_cjk_font(), common_cjk_font(bold=True), *cjk_font_files()]:
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    return [COMMON_FAMILY, FULL_FAMILY]


def setup(language: str = "en") -> None:
    """Apply the project style; ``language`` is ``en`` or ``zh`` (both use the CJK-capable font)."""
    if language not in ("en", "zh"):
        raise ValueError(f"language must be 'en' or 'zh', got {language!r}")
    families = register_cjk_font()
    plt.rcParams.update({
        # listed in font.family (not through "sans-serif"), so that matplotlib falls back glyph by glyph
        "font.family": [*families, "DejaVu Sans"],
        "font.sans-serif": [*families, "DejaVu Sans"],
        "axes.unicode_minus": False,         # the CJK font has no U+2212 in every weight
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "legend.fontsize": 7,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 110,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.hashsalt": "rural-urban-coupling",
        "image.cmap": SEQUENTIAL,
    })


def figure(width: str = "full", aspect: float = 0.62, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure sized for an A4 page: ``width`` is ``full`` (16 cm) or ``half`` (7.9 cm)."""
    w = A4_TEXT_WIDTH if width == "full" else HALF_WIDTH
    return plt.subplots(nrows, ncols, figsize=(w, w * aspect), **kwargs)


def add_note(fig: matplotlib.figure.Figure, note: str | None) -> None:
    """Write the data-status note at the bottom of the figure (nothing for official data)."""
    if not note:
        return
    # Below everything already drawn (legends under the axes included), left-aligned with it.
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    fig.text(box.x0 / width, (box.y0 - 0.04) / height, note, ha="left", va="top", fontsize=6.5,
             color="#B22222", style="italic")


def save_figure(fig: matplotlib.figure.Figure, stem: str, folder: Path, note: str | None) -> list[Path]:
    """Save ``fig`` as ``<folder>/<stem>.png`` (300 dpi) and ``.pdf`` with the data-status note."""
    folder.mkdir(parents=True, exist_ok=True)
    add_note(fig, note)
    png, pdf = folder / f"{stem}.png", folder / f"{stem}.pdf"
    fig.savefig(png, dpi=DPI, metadata=_PNG_METADATA)
    fig.savefig(pdf, metadata=_PDF_METADATA)
    return [png, pdf]


def region_colors(codes: list[str]) -> dict[str, str]:
    """A stable colour per region (in the order given); black is kept for the provincial mean."""
    colours = [c for c in PALETTE if c != "#000000"]
    return {code: colours[i % len(colours)] for i, code in enumerate(codes)}


def text_width(text: str) -> int:
    """Width of ``text`` in Latin letters: a Chinese character (wide or full-width) counts two.

    Examples
    --------
    >>> text_width("ab"), text_width("西宁")
    (2, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` (in Latin letters) with an ellipsis.

    Examples
    --------
    >>> shorten("National New-type Urbanization Plan", 12), shorten("国家新型城镇化规划", 8)
    ('National Ne…', '国家新…')
    """
    if text_width(text) <= width:
        return text
    kept, used = [], 1
    for c in text:
        used += text_width(c)
        if used > width:
            break
        kept.append(c)
    return "".join(kept) + "…"


def wrap(text: str, width: int) -> str:
    """``text`` in lines of about ``width`` Latin letters (Chinese characters counting two).

    Examples
    --------
    >>> wrap("the lag type of a region holds", 15).splitlines()
    ['the lag type of', 'a region holds']
    >>> wrap("各地区的滞后类型均成立", 10).splitlines()
    ['各地区的滞', '后类型均成', '立']
    """
    characters = max(1, round(width * len(text) / max(1, text_width(text))))   # the text's mean letter width
    return "\n".join(textwrap.wrap(text, characters)) or text
