"""The appendix as a reader opens it: offline, on any machine, in a browser or as a PDF.

* Formulas are converted from TeX to MathML (``latex2mathml``) in the page nbconvert writes (where
  it leaves them as TeX for MathJax); browsers draw MathML themselves, so no MathJax is needed and
  no request leaves the machine.
* Every script is removed (nbconvert's template loads MathJax, require.js and mermaid from a CDN;
  the appendix needs none of them).
* The characters the page uses are cut from Noto Sans CJK SC into a WOFF2 subset embedded in the
  page, so Chinese text reads the same where no CJK font is installed.
* The PDF is printed from the same HTML by headless Chromium (Debian's ``chromium`` and
  ``chromium-driver``), with page numbers; without Chromium it is skipped with a message. Headings
  stay with what follows them, figures and table rows are not split across pages.
* Every figure gets a numbered caption under it and every table one above it (图1 / 表1, in the
  run's language), listed after the contents (图目录, 表目录) with links. A figure's caption is the
  title its figure carries (:func:`.plotting.save_figure` passes it on with the figure's output); a
  table's is the caption a notebook gives it (``frame.attrs["caption"]``), else the caption of the
  :mod:`.tables` function that made it, else the heading of the section it stands in, with the bold
  label printed above it.
* What a library writes to stderr (warnings, log messages) is never part of the appendix.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import tempfile
from pathlib import Path

from . import labels

APPENDIX_FAMILY = "Appendix Noto Sans CJK SC"
CAPTION_KEY = "rural_urban_coupling"   # output metadata: {"title": …} of a figure or table
PRINT_CSS = """
@media print {
  .jp-Cell { break-inside: avoid-page; }
  img { max-width: 100%; }
}
h1, h2, h3, h4, h5, h6 { break-after: avoid-page; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
.jp-Cell:has(.jp-RenderedMarkdown > :is(h1, h2, h3, h4, h5, h6):last-child)
  { break-after: avoid-page; page-break-after: avoid; }   /* a cell that ends with a heading stays with the next */
p, li { orphans: 3; widows: 3; }
figure, tr, .jp-RenderedImage { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
caption { caption-side: top; }
figure.appendix-figure { margin: 0.5em 0; text-align: center; }
figure.appendix-figure img { max-width: 100%; }
.appendix-caption { font-weight: bold; text-align: center; margin: 0.3em 0 0.6em; }
table .appendix-caption { margin: 0 0 0.3em; }
ul.appendix-list { list-style: none; padding-left: 0; }
"""
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.S | re.I)
PDF_FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


class MathError(ValueError):
    """A formula that latex2mathml cannot convert (named, so that the notebook can be fixed)."""


def to_mathml(tex: str, display: bool) -> str:
    """One formula as MathML; raise :class:`MathError` for TeX that would not render.

    Examples
    --------
    >>> to_mathml(r"\\frac{a}{b}", False).count("<mfrac>")
    1
    """
    from latex2mathml.converter import convert

    try:
        mathml = convert(tex.strip(), display="block" if display else "inline")
    except Exception as error:  # noqa: BLE001 - latex2mathml raises many kinds for unknown TeX
        raise MathError(f"cannot convert the formula {tex.strip()!r}: {error}") from error
    if re.search(r"<m[io][^>]*>\\[A-Za-z]+</m[io]>", mathml):
        raise MathError(f"the formula {tex.strip()!r} uses a command latex2mathml does not know")
    return mathml


def math_to_mathml(text: str, unescape: bool = False) -> str:
    """``text`` with every ``$$…$$`` and ``$…$`` formula replaced by MathML (``unescape``: the TeX
    is HTML-escaped, as in a page).

    Examples
    --------
    >>> math_to_mathml("a $x$ b").count("<math")
    1
    >>> math_to_mathml("no formula, 5 $ and 6 $ here") == "no formula, 5 $ and 6 $ here"
    True
    """
    def tex(match: re.Match) -> str:
        return html.unescape(match.group(1)) if unescape else match.group(1)

    text = _DISPLAY_MATH.sub(lambda m: to_mathml(tex(m), True), text)
    return _INLINE_MATH.sub(lambda m: to_mathml(tex(m), False), text)


def html_math_to_mathml(page: str) -> str:
    """The ``$…$`` and ``$$…$$`` nbconvert leaves in the body of a page (for MathJax, with HTML
    entities inside) as MathML. Done on the page rather than on the markdown, whose HTML cleaning
    would take MathML elements apart."""
    head, _, body = page.partition("<body")
    return head + "<body" + math_to_mathml(body, unescape=True)


def offline(page: str) -> str:
    """The nbconvert page without scripts, with its formulas in MathML and the subset of the CJK
    font it needs embedded."""
    page = html_math_to_mathml(_SCRIPT.sub("", page))
    style = (f'<style>@font-face {{ font-family: "{APPENDIX_FAMILY}"; '
             f'src: url(data:font/woff2;base64,{embedded_font(page)}) format("woff2"); }}\n'
             f':root {{ --jp-content-font-family: "{APPENDIX_FAMILY}", sans-serif; '
             f'--jp-ui-font-family: "{APPENDIX_FAMILY}", sans-serif; }}\n'
             f'body, .jp-RenderedHTMLCommon, table {{ font-family: "{APPENDIX_FAMILY}", sans-serif; }}\n'
             f'code, pre {{ font-family: monospace, "{APPENDIX_FAMILY}"; }}\n'
             f"{PRINT_CSS}</style>\n")
    return page.replace("</head>", style + "</head>", 1)


_TABLE_CALL = re.compile(r"tables\.([a-z_]+)\(([^,()]*(?:\([^()]*\))?[^,()]*),?\s*(\"[^\"]*\")?")
_HEADING = re.compile(r"^(#{1,4}) +(.+?)\s*#*\s*$")
_BOLD_ONLY = re.compile(r"^\*\*(.+)\*\*$", re.S)


def _plain(markdown: str) -> str:
    """A heading or a bold label without its markdown marks (formulas stay, for MathML)."""
    return re.sub(r"\*\*|__|`|<[^>]+>", "", markdown).strip()


def output_caption(output) -> str | None:
    """The title a notebook gave a figure or table output (its metadata), if any."""
    metadata = output.get("metadata", {}) or {}
    for found in [metadata.get(CAPTION_KEY)] + [m.get(CAPTION_KEY) for m in metadata.values() if isinstance(m, dict)]:
        if isinstance(found, dict) and found.get("title"):
            return str(found["title"])
    return None


def _table_titles(source: str, language: str) -> list[str]:
    """The captions of the tables a cell shows, in the order of the ``tables.<function>(…)`` calls in
    its code (``table_caption.<function>`` of the words; the measure of ``by_region_and_year``)."""
    from .labels.words import TERMS

    titles = []
    for function, _, measure in _TABLE_CALL.findall(source):
        key = f"table_caption.{function}"
        if key not in TERMS:
            continue
        shown = measure.strip('"')
        if shown == "D":
            shown = labels.term("column.D", language)
        titles.append(labels.term(key, language, measure=shown) if "{measure}" in labels.term(key, "en")
                      else labels.term(key, language))
    return titles


def reader_outputs(outputs: list) -> list:
    """The outputs a reader sees: without what a library wrote to stderr (warnings, log messages)."""
    return [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def _figure_output(output, number: int, caption: str):
    import nbformat

    image = output["data"]["image/png"]
    image = image if isinstance(image, str) else "".join(image)
    block = (f'<figure class="appendix-figure" id="fig-{number}">'
             f'<img src="data:image/png;base64,{image.strip()}" alt="{html.escape(caption)}">'
             f'<figcaption class="appendix-caption">{html.escape(caption)}</figcaption></figure>')
    return nbformat.v4.new_output("display_data", data={"text/html": block}, metadata={})


def _table_output(output, number: int, caption: str):
    page = output["data"]["text/html"]
    page = page if isinstance(page, str) else "".join(page)
    tag = f'<caption class="appendix-caption" id="tab-{number}">{html.escape(caption)}</caption>'
    output["data"]["text/html"] = re.sub(r"(<table\b[^>]*>)", lambda m: m.group(1) + tag, page, count=1)
    return output


def captioned(cells: list, language: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Number and caption every figure and table output of ``cells`` (in place): figures as
    ``<figure>`` with their caption under them, tables with a ``<caption>``; stderr left out.
    Return the (anchor, caption) of the figures and of the tables, in order."""
    figures: list[tuple[str, str]] = []
    tables: list[tuple[str, str]] = []
    heading = ""
    for cell in cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                found = _HEADING.match(line.strip())
                if found and len(found.group(1)) >= 2:
                    heading = _plain(found.group(2))
            continue
        if cell.cell_type != "code":
            continue
        label = ""
        outputs = []
        made_by = _table_titles(cell.source, language)
        shown = 0
        for output in reader_outputs(cell.get("outputs", [])):
            data = output.get("data", {})
            markdown = data.get("text/markdown")
            if markdown is not None:
                bold = _BOLD_ONLY.match((markdown if isinstance(markdown, str) else "".join(markdown)).strip())
                label = _plain(bold.group(1)) if bold else ""
            if "image/png" in data:
                title = output_caption(output) or heading
                caption = labels.term("caption.figure", language, number=len(figures) + 1, title=title)
                output = _figure_output(output, len(figures) + 1, caption)
                figures.append((f"fig-{len(figures) + 1}", caption))
            elif "text/html" in data and "<table" in "".join(data["text/html"]):
                base = made_by[min(shown, len(made_by) - 1)] if made_by else heading
                shown += 1
                title = output_caption(output) or (labels.pick(("{h}: {l}", "{h}：{l}"), language).format(h=base, l=label)
                                                   if label else base)
                caption = labels.term("caption.table", language, number=len(tables) + 1, title=title)
                output = _table_output(output, len(tables) + 1, caption)
                tables.append((f"tab-{len(tables) + 1}", caption))
                label = ""
            outputs.append(output)
        cell.outputs = outputs
    return figures, tables


def caption_list(entries: list[tuple[str, str]], title: str) -> str:
    """A list of figures or tables (a markdown cell): the heading, then a linked line for each."""
    items = "".join(f'<li><a href="#{anchor}">{html.escape(caption)}</a></li>' for anchor, caption in entries)
    return f'## {title}\n\n<ul class="appendix-list">{items}</ul>'


def table_captions(frame) -> tuple[str, dict] | str:
    """IPython's HTML of a DataFrame, with ``frame.attrs["caption"]`` passed on as metadata (the
    appendix numbers it and uses it as the table's caption)."""
    page = frame._repr_html_()
    caption = frame.attrs.get("caption")
    return (page, {CAPTION_KEY: {"title": str(caption)}}) if caption and page else page


def register_table_captions() -> None:
    """In a kernel, pass the caption of a displayed DataFrame on with its output (see :func:`table_captions`)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    import pandas as pd

    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_captions)


def embedded_font(page: str) -> str:
    """Base64 WOFF2 of the characters of the page's text (tags, styles and images left out)."""
    from .fonts import cjk_font_files, subset_font

    text = html.unescape(re.sub(r"<style\b.*?</style>|<[^>]+>|data:[^\"')]+", " ", page, flags=re.S))
    characters = {ord(c) for c in text if ord(c) >= 0x20}
    with tempfile.TemporaryDirectory() as folder:
        target = subset_font(cjk_font_files()[0], characters, Path(folder) / "appendix.woff2", APPENDIX_FAMILY, "woff2")
        return base64.b64encode(target.read_bytes()).decode("ascii")


def find_chromium() -> tuple[str, str] | None:
    """The Chromium binary and its driver on this machine, or None."""
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def chromium_session(window: tuple[int, int] = (1280, 1600)):
    """A headless Chromium driven by Selenium with the network switched off (None without Chromium)."""
    found = find_chromium()
    if found is None:
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={window[0]},{window[1]}", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    return driver


_PDF_DATES = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)(\d{14})")


def write_pdf(html_file: Path, target: Path) -> Path | None:
    """Print ``html_file`` to ``target`` (A4, page numbers in the footer); None without Chromium."""
    driver = chromium_session()
    if driver is None:
        return None
    try:
        driver.get(html_file.resolve().as_uri())
        printed = driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "marginTop": 0.6, "marginBottom": 0.7, "marginLeft": 0.6,
            "marginRight": 0.6, "printBackground": True, "displayHeaderFooter": True, "headerTemplate": "<div></div>",
            "footerTemplate": PDF_FOOTER, "generateDocumentOutline": True})
    finally:
        driver.quit()
    data = base64.b64decode(printed["data"])
    # the same bytes for the same appendix: the dates Chromium stamps become a fixed one of the same
    # length, so that the cross-reference offsets stay right
    target.write_bytes(_PDF_DATES.sub(rb"\g<1>19800101000000", data))
    return target
