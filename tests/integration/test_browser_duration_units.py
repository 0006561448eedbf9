"""Browser test at 375 CSS pixels: the pain's length is given in months on a phone.

The number box took weeks only, and "7 months" had no way in (a new-user test, 2026-11-27). Now a
"Unit" list beside it offers weeks, months and years; the answer is kept in weeks. axe finds no
serious problem on the page."""

from __future__ import annotations

import httpx
import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_result_short_on_phone import phone_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_seven_months_is_kept_as_weeks(server, browser, javascript):  # noqa: F811
    with httpx.Client(base_url=server.url, timeout=120) as api:
        check = api.post("/api/assessments", json={"mode": "person"}).json()
        while check["next_question"]["id"] != "duration":
            question = check["next_question"]
            default = False if question["kind"] in ("bool", "checklist") else None
            answers = {code: default for code in question["codes"]}
            check = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).json()
    page = phone_page(browser, javascript)
    page.goto(f"{server.url}/check/{check['id']}")
    # just the question (questions 1.8.2)
    assert page.locator("legend").inner_text().strip() == "How long have you had this pain?"
    check_page(page, f"question-duration-375-{'js' if javascript else 'nojs'}")
    page.get_by_label("Your answer").fill("7")
    page.get_by_label("Unit").select_option("months")
    page.get_by_role("button", name="Next").click()
    stored = page.request.get(f"{server.url}/api/assessments/{check['id']}").json()
    assert stored["answers"]["duration_weeks"] == 30.3
    page.context.close()
