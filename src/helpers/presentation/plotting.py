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
import numpy as np
from matplotlib import font_manager

from .appendix import CAPTION_KEY, register_table_captions
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
_LANGUAGE = "en"      # of the figures' captions: set by setup()


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
    global _LANGUAGE
    if language not in ("en", "zh"):
        raise ValueError(f"language must be 'en' or 'zh', got {language!r}")
    _LANGUAGE = language
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
    register_table_captions()


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


def figure_title(fig: matplotlib.figure.Figure, language: str = "en") -> str | None:
    """The title a figure carries: its suptitle, else the title of its only titled axes, else the titles of
    its axes (up to three) — what the appendix writes as the figure's caption unless ``figure.<stem>``
    of the words gives a better one."""
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        return " ".join(fig._suptitle.get_text().split())
    titles = [" ".join(t.split()) for ax in fig.axes for t in (ax.get_title("center"), ax.get_title("left"))
              if t.strip()]
    titles = list(dict.fromkeys(titles))
    if not titles:
        return None
    separator = "；" if language == "zh" else "; "
    return titles[0] if len(titles) == 1 else separator.join(titles[:3]) + (" …" if len(titles) > 3 else "")


def figure_caption(fig: matplotlib.figure.Figure, stem: str, language: str = "en") -> str:
    """The caption of a saved figure: ``figure.<stem>`` of the words, else its title, else its stem."""
    from .labels import term
    from .labels.words import TERMS

    key = f"figure.{stem}"
    return term(key, language) if key in TERMS else figure_title(fig, language) or stem


def show_with_caption(fig: matplotlib.figure.Figure, stem: str) -> bool:
    """In a notebook (the inline backend), show ``fig`` now with its title as the output's metadata (the
    appendix's caption of the figure) and close it, so that it is not shown a second time; elsewhere
    do nothing. True when shown."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    if get_ipython() is None or "inline" not in matplotlib.get_backend():
        return False
    from IPython.display import display

    display(fig, metadata={CAPTION_KEY: {"figure": stem, "title": figure_caption(fig, stem, _LANGUAGE)}})
    plt.close(fig)
    return True


def save_figure(fig: matplotlib.figure.Figure, stem: str, folder: Path, note: str | None) -> list[Path]:
    """Save ``fig`` as ``<folder>/<stem>.png`` (300 dpi) and ``.pdf`` with the data-status note; in a
    notebook, show it with its caption (:func:`show_with_caption`)."""
    folder.mkdir(parents=True, exist_ok=True)
    add_note(fig, note)
    png, pdf = folder / f"{stem}.png", folder / f"{stem}.pdf"
    fig.savefig(png, dpi=DPI, metadata=_PNG_METADATA)
    fig.savefig(pdf, metadata=_PDF_METADATA)
    show_with_caption(fig, stem)
    return [png, pdf]


_DIRECTIONS = [(1, 0), (0.7, 0.7), (0, 1), (-0.7, 0.7), (-1, 0), (-0.7, -0.7), (0, -1), (0.7, -0.7)]


def text_boxes(fig, exclude=()) -> list:
    """The window extents of every visible, non-empty text of ``fig`` (after a draw), except ``exclude``."""

    return [t.get_window_extent(fig.canvas.get_renderer()) for t in drawn_texts(fig) if t not in exclude]


def drawn_texts(fig) -> list:
    """The texts ``fig`` draws (after a draw): visible, not empty; of an axis only its label and the
    labels of the ticks it draws (an axis keeps more ticks than it draws), none of axes drawn without axes."""
    from matplotlib.text import Text

    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            everything = set(axis.findobj(Text))
            if not ax.axison or not axis.get_visible():
                hidden |= everything
                continue
            drawn = {axis.label, axis.offsetText}
            for tick in axis._update_ticks():   # the ticks the axis draws
                drawn |= {tick.label1, tick.label2}
            hidden |= everything - drawn
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t not in hidden]


def place_labels(ax, x, y, texts: list[str], colours: list[str], mandatory: list[bool],
                 preferred: list[tuple[float, float] | None] | None = None, fontsize: float = 6,
                 avoid: list | None = None) -> list:
    """Label the points (``x``, ``y``, data coordinates of ``ax``) so that no label overlaps another
    text of the figure, another label or a labelled point, and each stays inside ``ax``.

    Each label tries eight directions around its point (its ``preferred`` one first, as a vector in
    display space) at growing distances; a label beyond a few points gets a thin leader line. A
    label that finds no free place is left out, unless it is ``mandatory``: then it takes the place
    where it overlaps least. The figure must have been drawn (so that the axes have their final
    size). Returns the labels placed.
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    taken = list(avoid if avoid is not None else text_boxes(fig))
    points = ax.transData.transform(np.column_stack([x, y]))
    radius = fontsize * fig.dpi / 72 * 0.45
    marks = [Bbox.from_extents(px - radius, py - radius, px + radius, py + radius) for px, py in points]
    frame = ax.get_window_extent(renderer)
    order = sorted(range(len(texts)), key=lambda i: not mandatory[i])
    placed = []

    def overlap(box) -> float:
        area = 0.0
        for other in taken + marks:
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            area += max(w, 0) * max(h, 0)
        outside = box.width * box.height - max(min(box.x1, frame.x1) - max(box.x0, frame.x0), 0) \
            * max(min(box.y1, frame.y1) - max(box.y0, frame.y0), 0)
        return area + 4 * outside

    for i in order:
        want = (preferred or [None] * len(texts))[i]
        directions = sorted(_DIRECTIONS, key=lambda d: -(d[0] * want[0] + d[1] * want[1])) if want else _DIRECTIONS
        best = None
        for distance in (3, 7, 12, 18, 26):
            for dx, dy in directions:
                ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
                va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
                line = dict(arrowprops=dict(arrowstyle="-", color=colours[i], lw=0.4, shrinkA=0, shrinkB=1.5)) \
                    if distance > 7 else {}
                label = ax.annotate(texts[i], (x[i], y[i]), xytext=(dx * distance, dy * distance),
                                    textcoords="offset points", ha=ha, va=va, fontsize=fontsize, color=colours[i],
                                    annotation_clip=False, **line)
                box = label.get_window_extent(renderer).expanded(1.08, 1.15)
                cost = overlap(box)
                if cost <= 0:
                    if best is not None:
                        best[1].remove()
                    best = (0, label, box)
                    break
                if mandatory[i] and (best is None or cost < best[0]):
                    if best is not None:
                        best[1].remove()
                    best = (cost, label, box)
                else:
                    label.remove()
            if best is not None and best[0] == 0:
                break
        if best is not None:
            taken.append(best[2])
            placed.append(best[1])
    return placed


def boxes_overlap(boxes: list) -> list[tuple[int, int]]:
    """The pairs of window extents that intersect (an empty list when every label stands free)."""
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if min(boxes[i].x1, boxes[j].x1) > max(boxes[i].x0, boxes[j].x0)
            and min(boxes[i].y1, boxes[j].y1) > max(boxes[i].y0, boxes[j].y0)]


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
