"""Browser test: a result page with "Since your check earlier today, at ..." (what changed since the
last finished check), without JavaScript: the section is there, after the banner on screen, its new
warning sign in the loud box, and axe-core finds no serious or critical problem. Two checks are
answered to the end through the JSON API of a real ``backstride serve``.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401
from tests.integration.test_check_changes import EMERGENCY, STENOSIS

pytestmark = pytest.mark.browser


def _call(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read()))


def _finish(base: str, findings: dict[str, Any]) -> int:
    state = _call(f"{base}/api/assessments", {"mode": "person"})
    while state["next_question"] is not None:
        question = state["next_question"]
        default = False if question["kind"] in ("bool", "checklist") else None
        answers = {c: findings.get(c, default) for c in question["codes"]}
        state = _call(f"{base}/api/assessments/{state['id']}/answers", {"answers": answers})
    return int(state["id"])


def test_the_changes_section_on_a_result_page_is_accessible(server, browser):  # noqa: F811
    _finish(server.url, STENOSIS)
    second = _finish(server.url, EMERGENCY)
    page = new_page(browser, javascript=False)
    page.goto(f"{server.url}/check/{second}/result")
    section = page.locator("section.changes")
    assert section.count() == 1
    heading = page.get_by_role("heading", name="Since your check earlier today")  # both made now
    assert heading.is_visible()
    banner = page.locator("#disposition")
    assert banner.bounding_box()["y"] < heading.bounding_box()["y"]
    assert (
        section.locator(".disposition-emergency").get_by_text("New warning sign since last time").is_visible()
    )
    check_page(page, "07-result-changes")
    page.context.close()


def test_the_history_links_a_check_to_what_changed_accessibly(server, browser):  # noqa: F811
    """The history's "what changed since the check ..." link goes to the result page's section, shown
    at once (scrolled to); axe-core finds nothing serious on the history page."""
    _finish(server.url, STENOSIS)
    second = _finish(server.url, {**STENOSIS, "pain_severity_nrs": 4})
    page = new_page(browser, javascript=False)
    page.goto(f"{server.url}/history")
    link = page.locator(f'a[href="/check/{second}/result#changes"]')  # the server keeps earlier tests' too
    assert link.count() == 1 and link.is_visible()
    assert link.inner_text().startswith("what changed since the check earlier today, at ")
    check_page(page, "08-history-changes-link")
    link.click()
    page.wait_for_url(f"{server.url}/check/{second}/result#changes")
    heading = page.get_by_role("heading", name="Since your check earlier today")
    box = heading.bounding_box()
    assert box is not None and -box["height"] < box["y"] < page.viewport_size["height"]  # scrolled to
    page.context.close()
