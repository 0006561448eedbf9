"""``/api/docs`` on a small phone (375 px): it was 663 px wide, so the page scrolled sideways.

The page is the app's own (no scripts, nothing from the network); it now takes the app's stylesheet,
so on a phone its table is a box per endpoint, each value under its column's name, and a long path
breaks instead of widening the page. Everything it loads comes from the app itself.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401

pytestmark = pytest.mark.browser


def test_the_api_docs_fit_a_small_phone_and_load_nothing_from_elsewhere(server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    response = page.goto(server.url + "/api/docs")
    assert response is not None and response.status == 200
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client == 375, width  # was 663
    rows = page.locator("tbody tr")
    assert rows.count() > 10
    box = rows.first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.evaluate("() => document.styleSheets.length") >= 1  # the stylesheet is there
    assert asked and all(url.startswith(server.url + "/") for url in asked), asked
    check_page(page, "api-docs-375")
    context.close()
