"""Browser tests at 375 CSS pixels (a small phone held upright), found by a new user.

The diary's and the walk's charts keep a readable size and scroll sideways; they opened at their
left end, so the newest values were off-screen with no cue. Now they open at their right end (the
newest) and the caption says to swipe. A number and its unit in a table stay on one line ("1 min
56 s" read "1 min" above "56 s"), as docs/web-pages.md promises. The menu has the Data page.

A second new-user test (2026-11-27): a number and its unit in a sentence still broke over two lines
("you said 30" above "weeks", "0.94-1.43" above "m/s", "15-20" above "minutes") on the result, walk,
diary and report pages; and a chart's caption said "swipe" at 610-640 px, where the chart could be
drawn whole with readable words. Now no number leaves its unit, and a chart scrolls (and says so)
only while it is wider than the screen.
"""

from __future__ import annotations

import httpx
import pytest
from tests.integration.browser_support import browser, server  # noqa: F401
from tests.integration.test_browser_phone import (
    CHART_TEXT_PX,
    records,  # noqa: F401 - a walk of eight stretches, a diary
)
from tests.integration.test_check_changes import STENOSIS

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


# the units the pages write after a number
UNITS = (
    r"m\/s|steps\/min|min|minutes?|s|seconds?|hours?|days?|weeks?|months?|years?|m|metres?|km|cm|mm|kg|g"
    r"|deg|degrees?|points?|times|steps?"
)
# every number in the page's text whose unit starts on the next line; a folded section is opened to
# be read too (the text of a closed one may have no lines at all: chromium lays it out, or not)
UNIT_ON_NEXT_LINE = r"""() => {
  const unit = /(\d)[ \u00a0](UNITS)(?![\w\/])/g;
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
  const broken = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (node.parentElement.closest('svg, textarea, script, style')) continue;
    for (const m of node.textContent.matchAll(unit)) {
      const line = (from, to) => {
        const range = document.createRange(); range.setStart(node, from); range.setEnd(node, to);
        return Math.round(range.getClientRects()[0].top);
      };
      const end = m.index + m[0].length;
      if (line(end - 1, end) > line(m.index, m.index + 1) + 2) {
        broken.push(node.textContent.slice(Math.max(0, m.index - 20), end));
      }
    }
  }
  return broken;
}""".replace("UNITS", UNITS)


@pytest.fixture(scope="module")
def finished(server, records):  # noqa: F811
    """A check answered to the end through the API (a stenosis-like story, "no" to the rest), and
    the id of a diary day: for the result, report and diary edit pages."""
    with httpx.Client(base_url=server.url, timeout=120) as api:
        check = api.post("/api/assessments", json={"mode": "person"}).json()
        while (question := check["next_question"]) is not None:
            default = False if question["kind"] in ("bool", "checklist") else None
            answers = {code: STENOSIS.get(code, default) for code in question["codes"]}
            check = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).json()
        entry = api.get("/api/diary").json()[0]
    return {**records, "check_id": check["id"], "entry_id": entry["id"]}


def _page(browser, javascript: bool = True, width: int = SMALL_PHONE["width"]):  # noqa: F811
    context = browser.new_context(viewport={**SMALL_PHONE, "width": width}, java_script_enabled=javascript)
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


@pytest.mark.parametrize(
    "path",
    [
        "/check/{check_id}/result",
        "/walks/{walk_id}",
        "/diary",
        "/diary/{entry_id}/edit",
        "/report",
        "/walking-test",
        "/walks",
    ],
)
def test_a_number_and_its_unit_stay_on_one_line_in_a_sentence(server, browser, finished, path):  # noqa: F811
    page = _page(browser)
    response = page.goto(server.url + path.format(**finished))
    assert response is not None and response.status == 200
    assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    page.context.close()


@pytest.mark.parametrize("path", ["/diary", "/walks/{walk_id}"])
def test_a_chart_says_swipe_only_while_it_is_wider_than_the_screen(server, browser, records, path):  # noqa: F811
    for width in [375, *range(560, 664, 8), 610, 625, 640]:
        page = _page(browser, width=width)
        page.goto(server.url + path.format(**records))
        charts = page.evaluate(CHARTS)
        assert charts, path
        for chart in charts:
            cue = "swipe it to see the start" in chart["cue"]
            assert cue == chart["wider"], (width, chart)
        if 610 <= width <= 640:  # found: "swipe" at 610-640 px, where the chart can be drawn whole
            assert not any(chart["wider"] for chart in charts), (width, charts)
            for svg in page.locator(".chart-scroll svg.chart").all():
                _drawn, _units, text_px = svg.evaluate(CHART_TEXT_PX)
                assert text_px >= 12, (width, text_px)  # and its words stay readable
        page.context.close()
