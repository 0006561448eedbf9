"""Browser test at 375 CSS pixels: the report for a clinician is short enough to read on a phone.

The result page folds its long secondary sections (test_browser_result_short_on_phone.py); the report
did not. With this module's data (a stenosis-like check, a Mobilise-D lab walk and three diary days)
the report was 24,663 px tall at 375 px, and 16,226 px for a check with a warning sign for an
emergency. Now the advice and what studies say, the answers, the numbers of each week, the walk's
pelvis and trunk, its gait factors and the list of sources are folded, each under a summary that says
what is inside: 8,457 and 8,129 px. The banners (the level of care, a warning sign now), the notice,
when to get help at once, every warning sign, the reasons for a clinician to check and the likely
causes are never folded, and paper shows every folded section.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401
from tests.integration.test_browser_phone_375 import SMALL_PHONE, finished  # noqa: F401
from tests.integration.test_browser_result_short_on_phone import _person_check, phone_page
from tests.integration.test_check_changes import EMERGENCY

pytestmark = pytest.mark.browser

MOST_PX = 11_000  # before: 24,663 px (stenosis-like), 16,226 px (emergency)
# what must never be folded away: the banners (level of care, warning signs now, not finished, a
# "don't know" to a warning sign), the notice, when to get help at once, the warning signs and the
# reasons for review
NEVER_FOLDED = (
    ".disposition, .notice, .help-now, section[aria-labelledby='flags-heading'], "
    "section[aria-labelledby='review-heading']"
)
FOLDS = "main details.fold"


@pytest.fixture(scope="module")
def emergency(server, finished):  # noqa: F811
    """A check whose answers fire a warning sign for an emergency, after the stenosis-like one."""
    return _person_check(server, EMERGENCY)


def _report(browser, server, query: str = ""):  # noqa: F811
    page = phone_page(browser, javascript=False)  # the report has no script
    page.goto(f"{server.url}/report{query}")
    return page


@pytest.mark.parametrize("story", ["stenosis", "emergency"])
def test_the_report_is_short_and_keeps_every_warning(server, browser, finished, emergency, story):  # noqa: F811
    check = finished["check_id"] if story == "stenosis" else emergency
    page = _report(browser, server, f"?check={check}")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height <= MOST_PX, height
    # the banner, warning signs, the level of care: never inside a fold, each shown
    kept = page.locator(NEVER_FOLDED)
    assert kept.count() >= 3
    for i in range(kept.count()):
        assert kept.nth(i).evaluate("e => e.closest('details') === null"), kept.nth(i).inner_text()[:80]
        assert kept.nth(i).is_visible()
    if story == "emergency":
        flags = page.locator("section[aria-labelledby='flags-heading'] li")
        assert flags.count() >= 1 and all(flags.nth(i).is_visible() for i in range(flags.count()))
        assert "disposition-emergency" in page.locator("#disposition").get_attribute("class")
    causes = page.locator("table:has(caption:text('The most likely causes'))")
    assert causes.is_visible()
    # each fold is closed, says what is inside, and opens
    folds = page.locator(FOLDS)
    assert folds.count() >= 5  # advice, answers, weeks, pelvis, gait factors, sources
    for i in range(folds.count()):
        fold = folds.nth(i)
        assert fold.get_attribute("open") is None
        inside = fold.locator(":scope > :not(summary)").first
        assert not inside.is_visible()
        summary = fold.locator("summary")
        assert summary.is_visible() and summary.inner_text().startswith("Show ")
        summary.click()
        assert inside.is_visible()
    check_page(page, f"report-short-375-{story}")
    page.context.close()


def test_paper_shows_every_folded_section_of_the_report(server, browser, finished):  # noqa: F811
    page = _report(browser, server)
    page.emulate_media(media="print")
    folds = page.locator(FOLDS)
    assert folds.count() >= 5
    for i in range(folds.count()):
        fold = folds.nth(i)
        assert fold.locator(":scope > :not(summary)").first.is_visible()
        assert not fold.locator("summary").is_visible()  # paper has no "Show ..." to tap
    assert page.viewport_size == SMALL_PHONE
    page.context.close()


def test_the_reports_links_are_on_the_screen_not_on_paper(server, browser, finished):  # noqa: F811
    """docs/sharing.md promises "Download as PDF" on the report page; print.css, inlined in the report
    for every medium, hid its links (back, save as a file, PDF) on the screen too."""
    page = _report(browser, server)
    names = ["Back to backstride", "Save this report as a file", "Download as PDF"]
    for name in names:
        assert page.get_by_role("link", name=name).is_visible(), name
    page.emulate_media(media="print")
    for name in names:
        assert page.get_by_role("link", name=name).count() == 0, name
    page.context.close()
