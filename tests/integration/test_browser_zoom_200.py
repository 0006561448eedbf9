"""A 375 px phone at 200 % zoom (188 CSS px wide): People and the API's docs fit, nothing sideways.

Someone who reads with the text made twice as big sees a page 188 px wide. People ran over by 118 px
(the hint "a URI, like urn:oid:1.2.36.146.595.217.0.1" is one word that did not break) and
``/api/docs`` by 23 px (its heading "backstride API"); the file box of Walks, Everyday walking and
Data (restore) by 109, 109 and 83 px. Now a word longer than the line breaks, a heading is a little
smaller on a screen this narrow, and a file box is never wider than its line, so the page scrolls only
down (WCAG 1.4.10 Reflow).
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401

pytestmark = pytest.mark.browser

SIDEWAYS = """() => {
  const d = document.documentElement;
  const wide = Array.from(document.querySelectorAll('main *'))
    .filter(el => !el.closest('thead, .visually-hidden') && el.getBoundingClientRect().right > d.clientWidth)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll_x: d.scrollWidth - d.clientWidth, width: d.clientWidth, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("path", ["/people", "/api/docs", "/walks", "/everyday", "/data"])
def test_the_page_fits_a_phone_at_200_percent_zoom(server, browser, path) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 188, "height": 333})
    page = context.new_page()
    page.set_default_timeout(30_000)
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200
    seen = page.evaluate(SIDEWAYS)
    assert seen["width"] == 188, seen
    assert seen["scroll_x"] <= 0, (path, seen)  # was 118, 23, 109, 109 and 83
    assert not seen["wide"], (path, seen)  # nothing on the page reaches past the screen's edge
    check_page(page, "zoom-200" + path.replace("/", "-"))
    context.close()
