"""The appendix as a reader opens it: offline, on any machine, in a browser or as a PDF.

* Formulas are converted from TeX to MathML (``latex2mathml``) in the page nbconvert writes (where
  it leaves them as TeX for MathJax); browsers draw MathML themselves, so no MathJax is needed and
  no request leaves the machine.
* Every script is removed (nbconvert's template loads MathJax, require.js and mermaid from a CDN;
  the appendix needs none of them).
* The characters the page uses are cut from Noto Sans CJK SC into a WOFF2 subset embedded in the
  page, so Chinese text reads the same where no CJK font is installed.
* The PDF is printed from the same HTML by headless Chromium (Debian's ``chromium`` and
  ``chromium-driver``), with page numbers; without Chromium it is skipped with a message.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import tempfile
from pathlib import Path

APPENDIX_FAMILY = "Appendix Noto Sans CJK SC"
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
             "@media print { .jp-Cell { break-inside: avoid-page; } img { max-width: 100%; } }</style>\n")
    return page.replace("</head>", style + "</head>", 1)


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
