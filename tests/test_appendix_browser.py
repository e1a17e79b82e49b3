"""The appendix as a reader opens it: headless Chromium with the network switched off. Checked
from the rendered page: no TeX source shows, formulas are drawn, Chinese text is drawn with the
embedded font (no missing glyph), every figure loads and the contents links lead somewhere; in the
PDF no page ends with a heading. Kept as artifacts in ``test-artifacts/`` (git-ignored, at the top of
the project, the same folder on every run; the path is printed): the screenshot of the page in the
browser, ``appendix-qinghai-zh.png``, and the first pages of the PDF as printed,
``appendix-qinghai-zh-pages/page-01.png`` … (pdftoppm, 80 dpi). Skipped, with the reason, where
Chromium or poppler-utils are not installed (.ci/run installs both, so CI always runs these tests)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

from helpers.data.paths import PROJECT_ROOT
from helpers.presentation.appendix import (
    APPENDIX_FAMILY,
    chromium_session,
    find_chromium,
    math_to_mathml,
)

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PDF_PAGES = ARTIFACTS / "appendix-qinghai-zh-pages"
FIRST_PAGES = 4
CJK = re.compile(r"[\u4e00-\u9fff]")
needs_chromium = pytest.mark.skipif(find_chromium() is None,
                                    reason="no Chromium found: apt-get install chromium chromium-driver (as .ci/run does)")
needs_poppler = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                   reason="no pdftoppm/pdftotext: apt-get install poppler-utils (as .ci/run does)")


@pytest.fixture(scope="module")
def browser():
    driver = chromium_session()
    yield driver
    driver.quit()


@pytest.mark.slow
@needs_chromium
def test_chinese_appendix_renders_offline(pipeline_output, browser):
    page = pipeline_output / "reports" / "qinghai" / "appendix.html"     # run in Chinese by the fixture
    browser.get(page.resolve().as_uri())
    text = browser.execute_script("return document.body.innerText")
    assert "方法附录" in text and "熵值法" in text and "耦合协调度" in text
    # no TeX source: neither dollar-delimited formulas nor TeX commands are visible
    assert "$$" not in text and not re.search(r"\\(frac|sum|ln|quad|left|right|sigma)\b", text)
    # formulas are MathML elements the browser lays out (a box of real size each)
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('math')).map(m => m.getBoundingClientRect())"
        ".map(r => [r.width, r.height])")
    assert len(boxes) > 50 and all(w > 0 and h > 0 for w, h in boxes)
    # nothing was fetched: every resource is inside the page
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [f for f in fetched if not f.startswith("data:")] == []
    # every figure loads
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
    assert len(images) > 30 and all(complete and width > 0 for complete, width in images)
    # Chinese text is drawn with the embedded font, never with a fallback (a missing glyph)
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]

    def fonts_of(selector: str) -> list[tuple[str, set[str]]]:
        nodes = browser.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        return [(browser.execute_cdp_cmd("DOM.getOuterHTML", {"nodeId": n})["outerHTML"],
                 {f["familyName"] for f in browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": n})["fonts"]})
                for n in nodes]

    # the page's monospace face draws code; every other glyph must come from the embedded font: a
    # character missing from it would be drawn with some fallback face (or as an empty box)
    monospace = set().union(*(used for html_, used in fonts_of("code") if not CJK.search(html_))) - {APPENDIX_FAMILY}
    checked, foreign = 0, set()
    for outer, used in fonts_of("p, li, td, th, h1, h2, h3"):
        if "<math" in outer or not CJK.search(re.sub(r"<[^>]+>", "", outer)):
            continue
        foreign |= used - {APPENDIX_FAMILY} - (monospace if "<code" in outer else set())
        checked += 1
    assert checked > 100 and not foreign, foreign
    # the contents links lead to anchors that exist, and following one scrolls the page there
    targets = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"#nb\"]')).map(a => a.getAttribute('href').slice(1))")
    assert len(targets) >= 20
    assert browser.execute_script("return arguments[0].every(t => document.getElementById(t) !== null)", targets)
    browser.execute_script("window.scrollTo(0, 0); document.querySelector('a[href=\"#' + arguments[0] + '\"]').click()",
                           targets[-1])
    assert browser.execute_script("return window.scrollY") > 1000
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(ARTIFACTS / "appendix-qinghai-zh.png"))


@pytest.mark.slow
@needs_chromium
def test_pdf_appendix_has_pages_fonts_and_is_reproducible(pipeline_output, tmp_path):
    from helpers.presentation.appendix import write_pdf

    pdf = pipeline_output / "reports" / "qinghai" / "appendix.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 20
    assert b"/FontFile" in data                                            # fonts embedded
    again = write_pdf(pipeline_output / "reports" / "qinghai" / "appendix.html", tmp_path / "again.pdf")
    assert again.read_bytes() == data                                      # the same bytes from the same page


@pytest.mark.slow
@needs_chromium
@needs_poppler
def test_pdf_first_pages_are_kept_and_no_heading_is_stranded_at_a_page_end(pipeline_output):
    reports = pipeline_output / "reports" / "qinghai"
    page = (reports / "appendix.html").read_text(encoding="utf-8")
    # the lists of figures and tables after the contents; no library warning, nothing from stderr
    assert page.index(">目录<") < page.index(">图目录<") < page.index(">表目录<") < page.index('id="fig-1"')
    assert page.count('<figcaption class="appendix-caption">图') == page.count('href="#fig-') > 30
    assert page.count('<caption class="appendix-caption" id="tab-') == page.count('href="#tab-') > 20
    warnings = re.findall(r".{0,200}(?:findfont|Warning:).{0,200}", page)
    assert not warnings and 'data-mime-type="application/vnd.jupyter.stderr"' not in page, warnings[:3]
    # the first pages as printed, kept where a reviewer finds them
    PDF_PAGES.mkdir(parents=True, exist_ok=True)
    for old in PDF_PAGES.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", str(FIRST_PAGES), "-png", str(reports / "appendix.pdf"),
                    str(PDF_PAGES / "page")], check=True)
    kept = sorted(PDF_PAGES.glob("page-*.png"))
    assert len(kept) == FIRST_PAGES and all(p.stat().st_size > 5000 for p in kept)
    print(f"\nfirst {FIRST_PAGES} pages of the PDF appendix: {PDF_PAGES}")
    # no page ends with a heading (the last line above the page number is never a heading)
    headings = {re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>|¶", "", h)))
                for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, flags=re.S)}
    text = subprocess.run(["pdftotext", "-layout", str(reports / "appendix.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = [[re.sub(r"\s+", "", line) for line in printed.splitlines() if line.strip()] for printed in text.split("\f")[:-1]]
    pages = [[line for line in lines if not re.fullmatch(r"\d+/\d+", line)] for lines in pages]   # page numbers out
    # the contents and the lists repeat the headings: the body starts after the page of the last table listed
    last_listed = re.sub(r"\s+", "", html.unescape(re.findall(r'<li><a href="#tab-\d+">(.*?)</a></li>', page)[-1]))
    body = next(i for i, lines in enumerate(pages) if any(last_listed in line for line in lines)) + 1
    assert 3 <= body < len(pages) / 3
    stranded = [(number, lines[-1]) for number, lines in enumerate(pages[body:], start=body + 1)
                if lines and lines[-1] in headings]
    assert len(pages) > 40 and not stranded, stranded


def test_every_formula_of_every_notebook_converts_to_mathml():
    import nbformat

    from helpers.data.paths import numbered_notebooks

    count = 0
    for path in numbered_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                converted = math_to_mathml(cell.source)   # raises MathError naming a formula it cannot convert
                count += converted.count("<math")
                assert "$" not in re.sub(r"<math.*?</math>", "", converted, flags=re.S), (path.name, cell.source[:80])
    assert count > 200
