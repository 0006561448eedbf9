"""Browser test at 375 CSS pixels: tables a new user found hard to read on a phone (2026-11-27).

The History table scrolled sideways with no word about it, so each check's "carry on" link was off
the screen and its rows were tall and narrow; now each check is a box of its own on a phone, each
value under its column's name. The walk page's table of walking stretches had its caption cut off
("Each stretch of walking (the same as th"): a caption was as wide as its table, not the screen.
Now a caption wraps on the screen, and while a table is wider than the screen its caption says to
swipe it.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401
from tests.integration.test_browser_phone_375 import SMALL_PHONE
from tests.integration.test_browser_result_short_on_phone import phone_page

pytestmark = pytest.mark.browser

# every line of every caption's text: its left and right edges on the screen
CAPTION_LINES = """() => Array.from(document.querySelectorAll('caption')).map(caption => {
  const range = document.createRange(); range.selectNodeContents(caption);
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
  return {text: caption.textContent, left: Math.min(...rects.map(r => r.left)),
          right: Math.max(...rects.map(r => r.right))};
})"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_history_fits_a_phone_with_carry_on_in_view(server, browser, records, javascript):  # noqa: F811
    page = phone_page(browser, javascript)
    page.goto(server.url + "/history")
    table = page.locator("main table")
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth")  # nothing to swipe
    carry_on = page.get_by_role("link", name="carry on")
    assert carry_on.count() >= 1
    for i in range(carry_on.count()):
        box = carry_on.nth(i).bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= SMALL_PHONE["width"]
    # each value says what it is, as the column's heading said it
    label = page.locator("main tbody td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"How soon to get help: "'

    check_page(page, f"history-375-{'js' if javascript else 'nojs'}")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_walk_pages_captions_are_whole_on_a_phone(server, browser, records, javascript):  # noqa: F811
    page = phone_page(browser, javascript)
    page.goto(server.url + f"/walks/{records['walk_id']}")
    captions = page.evaluate(CAPTION_LINES)
    assert any("the same as the chart" in c["text"] for c in captions)
    for caption in captions:
        assert caption["left"] >= 0 and caption["right"] <= SMALL_PHONE["width"], caption
    stretches = page.locator("table:has(caption:text('Each stretch of walking'))")
    wider = stretches.evaluate("t => t.scrollWidth > t.clientWidth")
    cue = stretches.locator("caption").evaluate("c => getComputedStyle(c, '::after').content")
    if javascript and wider:
        assert "swipe" in cue
    check_page(page, f"walk-375-{'js' if javascript else 'nojs'}")
    page.context.close()
