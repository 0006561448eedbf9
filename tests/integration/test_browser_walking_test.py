"""The walking test's stopwatch in a real browser (Chromium), with the page's clock under test control."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser


def _words(page) -> str:
    """The page's main text, a number and its unit joined by a plain space (the page keeps them on
    one line with a no-break space)."""
    return page.locator("main").inner_text().replace("\u00a0", " ")


def test_the_stopwatch_times_the_walk_fills_the_form_and_the_day_is_saved(server, browser):  # noqa: F811
    page = new_page(browser, javascript=True)
    page.clock.install()
    page.goto(server.url + "/walking-test")
    watch = page.locator("[data-walking-test]")
    assert watch.is_visible()
    check_page(page, "walking-test")
    # at home the page has no data-say-* words: the stopwatch's own words speak to the person
    status = page.locator("[data-watch-status]")
    assert page.locator("[data-say-symptoms]").count() == 0
    page.get_by_role("button", name="Start", exact=True).click()
    assert status.inner_text() == "Walking. Press the button when your symptoms start."
    page.clock.run_for("06:20")
    page.get_by_role("button", name="My symptoms started").click()
    assert status.inner_text() == "Symptoms at 6:20. Keep walking if you can."
    page.clock.run_for("02:45")
    page.get_by_role("button", name="Stop: the symptoms made me stop").click()
    done = "Done: you walked 9:05. Please say how your pain is now, then save it below."
    assert status.inner_text() == done
    assert page.locator("#first_symptoms_min").input_value() == "6:20"
    assert page.locator("#total_min").input_value() == "9:05"
    assert page.locator('input[name="stopped_because"][value="symptoms"]').is_checked()
    assert page.evaluate("document.activeElement.id") == "pain"  # the one thing left to say
    link = page.get_by_role("link", name="Send the recording of this walk with these times")
    assert re.search(r"/walks\?symptom_at=\d\d:\d\d:\d\d&stop_at=\d\d:\d\d:\d\d$", link.get_attribute("href"))
    page.fill("#pain", "4")
    with page.expect_navigation():
        page.get_by_role("button", name="Save in my diary").click()
    assert f"/diary?saved={date.today().isoformat()}" in page.url
    assert "Walking test: symptoms began at 6 min 20 s; walked 9 min 05 s" in _words(page)
    page.context.close()


def test_the_test_ends_by_itself_at_30_minutes(server, browser):  # noqa: F811
    page = new_page(browser, javascript=True)
    page.clock.install()
    page.goto(server.url + "/walking-test")
    page.get_by_role("button", name="Start", exact=True).click()
    page.clock.run_for("31:00")
    assert page.locator("#total_min").input_value() == "30:00"
    assert page.locator("#first_symptoms_min").input_value() == ""
    assert page.locator('input[name="stopped_because"][value="time_up"]').is_checked()
    page.context.close()


def test_without_a_script_the_form_alone_does_the_test(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/walking-test")
    assert not page.locator("[data-walking-test]").is_visible()
    page.fill("#total_min", "12:30")
    page.check('input[name="stopped_because"][value="other"]')
    page.fill("#pain", "2")
    page.get_by_role("button", name="Save in my diary").click()
    assert "no symptoms came; walked 12 min 30 s in all" in _words(page)
    page.context.close()
