"""Browser test at 375 CSS pixels: the result page of a clinician's check speaks about the person
(``test_clinician_result_about_the_person.py``) and still reads well on a small phone: how soon to
get help is on the first screen, nothing is wider than the screen, no number leaves its unit, and
axe finds no serious problem."""

from __future__ import annotations

import httpx
import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_phone_375 import SMALL_PHONE, UNIT_ON_NEXT_LINE
from tests.integration.test_check_changes import EMERGENCY, STENOSIS

pytestmark = pytest.mark.browser


def _clinicians_check(server, answers):  # noqa: F811
    """A clinician's check answered to its end through the API: ``answers`` where they say, else no
    (a checklist, a yes or no) or "don't know"."""
    with httpx.Client(base_url=server.url, timeout=120) as api:
        check = api.post("/api/assessments", json={"mode": "clinician"}).json()
        while (question := check["next_question"]) is not None:
            default = False if question["kind"] in ("bool", "checklist") else None
            given = {code: answers.get(code, default) for code in question["codes"]}
            check = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": given}).json()
    return check["id"]


@pytest.mark.parametrize(
    ("answers", "name", "action"),
    [
        (STENOSIS, "routine", "Give them a copy of this summary."),
        (EMERGENCY, "emergency", "They must stop walking; do not let them drive."),
    ],
)
def test_a_clinicians_result_at_375_px(server, browser, answers, name, action):  # noqa: F811
    check_id = _clinicians_check(server, answers)
    context = browser.new_context(viewport=SMALL_PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    response = page.goto(f"{server.url}/check/{check_id}/result")
    assert response is not None and response.status == 200
    banner = page.locator("#disposition")
    assert action in banner.inner_text()
    box = banner.bounding_box()
    assert box is not None and box["y"] < SMALL_PHONE["height"]  # how soon: on the first screen
    assert page.get_by_role("heading", name="Their plan").is_visible()
    assert page.get_by_role("link", name="Report for their clinician").is_visible()
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client  # the page never scrolls sideways
    assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    check_page(page, f"clinician-result-{name}-375")
    context.close()
