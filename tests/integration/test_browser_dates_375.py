"""Dates on a small phone (375 CSS pixels): a date is never broken over two lines.

A new user saw "27" above "Nov 2026" in a table at 375 px (2026-11-27). Every date the pages write
("2 Nov 2026", "27 Nov 2026, 01:43", "12 Nov") now keeps its day, month and year on one line (its
spaces are no-break spaces: ``templating.keep_together``); a time after its date may start a line.
"""

from __future__ import annotations

import httpx
import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401 - a walk, a diary, a check
from tests.integration.test_browser_phone_375 import _page, finished  # noqa: F401

pytestmark = pytest.mark.browser

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# every date in the page's text whose month or year starts another line than its day
DATE_BROKEN = r"""() => {
  const date = /\b\d{1,2}[ \u00a0](MONTHS)(?:[ \u00a0]\d{4})?\b/g;
  const broken = [], found = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (node.parentElement.closest('svg, textarea, script, style')) continue;
    for (const m of node.textContent.matchAll(date)) {
      const line = (from, to) => {
        const range = document.createRange(); range.setStart(node, from); range.setEnd(node, to);
        const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
        return rects.length ? Math.round(rects[0].top) : null;
      };
      const end = m.index + m[0].length, first = line(m.index, m.index + 1);
      if (first === null) continue;  // not drawn (a hidden part of the page)
      found.push(m[0]);
      if (line(end - 1, end) > first + 2) broken.push(m[0]);
    }
  }
  return [found.length, broken];
}""".replace("MONTHS", MONTHS)


@pytest.fixture(scope="module")
def dated(server, finished):  # noqa: F811
    """``finished``, and a check left after its first answer, one warning sign "I don't know": Home
    offers to carry it on, dated, and names that sign (its box is checked by axe too)."""
    with httpx.Client(base_url=server.url, timeout=120) as api:
        check = api.post("/api/assessments", json={"mode": "person"}).json()
        codes = check["next_question"]["codes"]
        answered = api.post(
            f"/api/assessments/{check['id']}/answers",
            json={"answers": {**dict.fromkeys(codes, False), "saddle_numbness": None}},
        )
        assert answered.status_code == 200, answered.text
    return finished


PAGES = [
    "/",
    "/history",
    "/check/{check_id}/result",
    "/diary",
    "/diary/{entry_id}/edit",
    "/walks",
    "/walks/{walk_id}",
    "/report",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_date_stays_on_one_line_at_375_px(server, browser, dated, path):  # noqa: F811
    page = _page(browser)
    response = page.goto(server.url + path.format(**dated))
    assert response is not None and response.status == 200
    found, broken = page.evaluate(DATE_BROKEN)
    assert found > 0, f"{path} shows no date"
    assert broken == [], path
    if path == "/":  # with the box of a warning sign answered "I don't know" (no serious axe finding)
        assert page.locator("section.uncertain h3").count() == 1
        check_page(page, "phone-375-home-unsure")
    page.context.close()
