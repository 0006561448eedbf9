"""Browser tests at 375 CSS pixels (a small phone held upright), found by a new user.

The diary's and the walk's charts keep a readable size and scroll sideways; they opened at their
left end, so the newest values were off-screen with no cue. Now they open at their right end (the
newest) and the caption says to swipe. A number and its unit in a table stay on one line ("1 min
56 s" read "1 min" above "56 s"), as docs/web-pages.md promises. The menu has the Data page.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401 - a walk of eight stretches, a diary

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 375, "height": 812}
# where each chart's box and picture are, and the swipe cue of its caption
CHARTS = """() => Array.from(document.querySelectorAll('.chart-scroll')).map(box => {
  const svg = box.querySelector('svg').getBoundingClientRect(), b = box.getBoundingClientRect();
  const caption = box.closest('figure').querySelector('figcaption');
  return {id: box.querySelector('svg').id, wider: box.scrollWidth > box.clientWidth,
          svgRight: svg.right, boxRight: b.right, svgLeft: svg.left, boxLeft: b.left,
          cue: getComputedStyle(caption, '::after').content};
})"""
# every table cell of numbers whose text runs over more than one line
WRAPPED = """() => Array.from(document.querySelectorAll('td.num')).filter(td => {
  const range = document.createRange(); range.selectNodeContents(td);
  const lines = Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top));
  return new Set(lines).size > 1;
}).map(td => td.textContent)"""


def _page(browser, javascript: bool = True):  # noqa: F811
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript)
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("path", ["/diary", "/walks/{walk_id}"])
def test_a_chart_opens_at_its_newest_end_with_a_cue_to_swipe(server, browser, records, path, javascript):  # noqa: F811
    page = _page(browser, javascript)
    page.goto(server.url + path.format(**records))
    charts = page.evaluate(CHARTS)
    assert charts, path
    for chart in charts:
        assert chart["wider"], chart  # still a readable size: it scrolls
        assert abs(chart["svgRight"] - chart["boxRight"]) <= 1, chart  # the right (newest) end shows
        assert chart["svgLeft"] < chart["boxLeft"], chart  # the start is what is off-screen
        assert "swipe it to see the start" in chart["cue"], chart
    page.context.close()


@pytest.mark.parametrize("path", ["/walks/{walk_id}", "/walks", "/report"])
def test_a_number_and_its_unit_stay_on_one_line(server, browser, records, path):  # noqa: F811
    page = _page(browser)
    page.goto(server.url + path.format(**records))
    assert page.locator("td.num").count() > 0
    assert page.evaluate(WRAPPED) == []
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client  # the page itself never scrolls sideways
    page.context.close()


def test_the_menu_has_the_data_page_and_fits(server, browser):  # noqa: F811
    page = _page(browser)
    page.goto(server.url + "/")
    link = page.locator("nav.site-nav a", has_text="Data")
    assert link.is_visible() and link.get_attribute("href") == "/data"
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= SMALL_PHONE["width"]
    page.context.close()
