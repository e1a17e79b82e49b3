"""The appendix as a reader opens it: headless Chromium with the network switched off. Checked
from the rendered page: no TeX source shows, formulas are drawn, Chinese text is drawn with the
embedded font (no missing glyph), every figure loads and the contents links lead somewhere. The
screenshot is kept in test-artifacts/. Skipped, with the reason, where Chromium is not installed
(.ci/run installs it, so CI always runs these tests)."""

from __future__ import annotations

import re

import pytest

from helpers.data.paths import PROJECT_ROOT
from helpers.presentation.appendix import (
    APPENDIX_FAMILY,
    chromium_session,
    find_chromium,
    math_to_mathml,
)

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CJK = re.compile(r"[\u4e00-\u9fff]")
needs_chromium = pytest.mark.skipif(find_chromium() is None,
                                    reason="no Chromium found: apt-get install chromium chromium-driver (as .ci/run does)")


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
