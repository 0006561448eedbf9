"""Browser test at 375 CSS pixels: the result page is short enough for someone in pain.

A new-user test (2026-11-27) found the result page of a stenosis-like check 19,539 px tall on a
375 px phone: the plan appeared four times ("Right now", the timeline, "At home" and the table of
what studies say), and the table alone took about 6,000 px. Now the repeated detail (the timeline,
the table of what studies say, the answers given) is folded into closed sections with a clear
summary. Nothing is gone: every piece of advice and its evidence grade is still shown in the plan,
the warning banner still comes first and fits the first screen, and printing (the print button, or
the browser's own print without a script) still shows every folded section.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_clinician_result_375 import SMALL_PHONE
from tests.integration.test_check_changes import EMERGENCY, STENOSIS

pytestmark = pytest.mark.browser

# measured before the fix: 19,539 px (stenosis), 8,986 px (emergency); after it 9,734 px. Knowledge
# 1.21.1 made "Know the warning signs" and "Get help now" name every emergency and same-day sign
# (never folded: safety first), and the stenosis page grew to 11,188 px: the limit follows it, still
# well under the 19,539 px it guards against; questions 1.7.0 ask about walking in every check, and the
# stenosis check's "yes" adds the narrowed-leg-arteries mimic and its answer (12,058 px without a script)
MOST_PX = 12_500
FOLDED = ["#timeline-steps", "#evidence-table", "#answers-table", "#later-list"]


def _person_check(server, answers):  # noqa: F811
    import httpx

    with httpx.Client(base_url=server.url, timeout=120) as api:
        check = api.post("/api/assessments", json={"mode": "person"}).json()
        while (question := check["next_question"]) is not None:
            default = False if question["kind"] in ("bool", "checklist") else None
            given = {code: answers.get(code, default) for code in question["codes"]}
            check = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": given}).json()
    return check["id"]


def phone_page(browser, javascript=True):  # noqa: F811
    """A fresh context and page at 375 px, with or without JavaScript."""
    context = browser.new_context(viewport=SMALL_PHONE, java_script_enabled=javascript)
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.mark.parametrize("answers", [STENOSIS, EMERGENCY], ids=["stenosis", "emergency"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_result_page_is_short_on_a_phone_and_keeps_everything(server, browser, answers, javascript):  # noqa: F811
    check_id = _person_check(server, answers)
    page = phone_page(browser, javascript)
    page.goto(f"{server.url}/check/{check_id}/result")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MOST_PX, height
    # the warning banner comes first; an emergency's is whole on the first screen. A routine banner says
    # more, never folded: since questions 1.7.0 every check asks about walking, and this 71-year-old's
    # "yes" adds "We cannot rule out narrowed leg arteries ... ankle-brachial index" (the PAD mimic,
    # B6/B8/B9), 921 px on an 812 px screen; its heading and what to do now still start on it
    banner = page.locator("#disposition").bounding_box()
    assert banner is not None and banner["y"] == 0
    if answers is EMERGENCY:
        assert banner["y"] + banner["height"] <= SMALL_PHONE["height"]
    else:
        action = page.locator("#disposition p", has_text="What to do now").bounding_box()
        assert action is not None and action["y"] + 60 <= SMALL_PHONE["height"], action
        assert "cannot rule out narrowed leg arteries" in page.locator("#disposition").inner_text()
    # every piece of advice keeps its evidence grade in view in the plan, unfolded
    plan = page.locator("section[aria-labelledby='plan-heading']")
    grades = plan.locator(".grade")
    assert grades.count() >= 1
    assert all(grades.nth(i).is_visible() for i in range(grades.count()))
    # the folded sections are there, closed, each with a summary that says what is inside
    for folded in FOLDED:
        details = page.locator(f"details:has({folded})")
        if details.count():
            assert not details.get_attribute("open")
            assert not page.locator(folded).is_visible()
            summary = details.locator("summary")
            assert summary.is_visible() and len(summary.inner_text()) > 10
            summary.click()
            assert page.locator(folded).is_visible()
    # the most likely cause is shown whole; a cause under 5% keeps its name and chance in view
    causes = page.locator("li.cause")
    assert causes.first.locator("details.less-likely").count() == 0
    assert causes.first.locator("p").first.is_visible()
    for i in range(causes.count()):
        assert causes.nth(i).locator(".cause-head").is_visible()
    if answers is STENOSIS:
        assert page.locator("details.less-likely").count() >= 2
    for i in range(page.locator("details.less-likely").count()):
        assert not page.locator("details.less-likely").nth(i).get_attribute("open")
    assert page.locator("#evidence-table").count() == 1
    assert page.locator("#answers-table").count() == 1
    check_page(page, f"result-short-375-{'js' if javascript else 'nojs'}-{check_id}")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_printing_shows_every_folded_section(server, browser, javascript):  # noqa: F811
    check_id = _person_check(server, STENOSIS)
    page = phone_page(browser, javascript)
    page.goto(f"{server.url}/check/{check_id}/result")
    if javascript:  # the print button: the browser tells the page before it prints
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    for folded in [
        *(f for f in FOLDED if f != "#later-list"),
        "details .causes-trail",
        "details.less-likely p",
    ]:
        shown = page.locator(folded)
        assert shown.count() >= 1
        assert all(shown.nth(i).is_visible() for i in range(shown.count())), folded
    if javascript:  # after printing, the page is as it was
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert not page.locator("#evidence-table").is_visible()
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_emergency_shows_its_step_first_and_the_article_tips_after_it_folded(server, browser, javascript):  # noqa: F811
    """e2: an emergency plan names the article's tips it leaves for later (it dropped them without a
    word), after "Get emergency help now" and folded: the only step in view is to get help."""
    check_id = _person_check(server, EMERGENCY)
    page = phone_page(browser, javascript)
    page.goto(f"{server.url}/check/{check_id}/result")
    plan = page.locator("section[aria-labelledby='plan-heading']")
    steps = plan.locator("ul").first.locator("li")
    assert steps.count() == 1 and "Get emergency help now" in steps.first.inner_text()
    later = page.locator("#later-list")
    assert later.count() == 1 and not later.is_visible()  # folded, closed
    step_box, heading_box = steps.first.bounding_box(), page.locator("#later-heading").bounding_box()
    assert step_box is not None and heading_box is not None and heading_box["y"] > step_box["y"]
    page.locator("details:has(#later-list) summary").click()
    said = later.inner_text()
    for title in ("Take shorter steps", "Slow down", "Knee-to-chest stretch", "Cat-cow stretch"):
        assert title in said
    assert "Wait until a clinician has seen you." in said and "Evidence:" in said
    page.reload()  # closed again; printing shows it
    if javascript:
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert later.is_visible()
    page.context.close()
