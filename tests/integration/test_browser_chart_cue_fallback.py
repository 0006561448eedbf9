"""A phone browser that draws ``:has()`` but not container queries (Safari 15.4 to 15.6) drops every
``@container`` rule. Since the chart's "swipe" cue moved into one (73fcedb), such a browser scrolled the
chart at 375 px with no word that it scrolls, as before that change it had said (review R5,
2026-11-27). Here chromium is given the stylesheet as such a browser reads it: the cue must still be
there while the chart is wider than its box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.integration.browser_support import browser, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401
from tests.integration.test_browser_phone_375 import CHARTS, _page

import backstride.web

CSS = (Path(backstride.web.__file__).parent / "static" / "app.css").read_text(encoding="utf-8")

pytestmark = pytest.mark.browser


def without_container_queries(css: str) -> str:
    """``css`` as a browser without container queries keeps it: each ``@container`` rule (its whole
    block) and each ``container-type`` declaration dropped (and the comments)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out, at = [], 0
    for match in re.finditer(r"@container\b[^{]*\{", css):
        if match.start() < at:
            continue
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        out.append(css[at : match.start()])
        at = end
    out.append(css[at:])
    return re.sub(r"container-type\s*:[^;}]*;?", "", "".join(out))


def test_the_stylesheet_seen_without_container_queries_has_none() -> None:
    seen = without_container_queries(CSS)
    assert "@container" in CSS and "@container" not in seen and "container-type" not in seen
    assert seen.count("{") == seen.count("}")


@pytest.mark.parametrize("path", ["/diary", "/walks/{walk_id}"])
def test_a_chart_says_swipe_in_a_browser_without_container_queries(server, browser, records, path):  # noqa: F811
    page = _page(browser)
    page.route(
        re.compile(r".*/app\.css(\?.*)?$"),
        lambda route: route.fulfill(body=without_container_queries(CSS), content_type="text/css"),
    )
    page.goto(server.url + path.format(**records))
    charts = page.evaluate(CHARTS)
    assert charts, path
    for chart in charts:
        assert chart["wider"], chart  # at 375 px the chart scrolls
        assert "swipe it to see the start" in chart["cue"], chart
    page.context.close()
