"""Browser tests: the home, diary, history and data pages in headless chromium, with axe-core.

Diary entries typed into the form (without JavaScript) must appear as points on the charts and as
rows of the charts' data tables; every page must have no serious or critical axe violation and
carry the emergency signs and the not-a-diagnosis notice.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

from backstride.core.dates import day_words

pytestmark = pytest.mark.browser


def test_home_page_has_notices_and_links(server, browser):  # noqa: F811
    page = new_page(browser)
    page.goto(server.url + "/")
    assert page.title().endswith("backstride")
    assert page.locator("h1").count() == 1
    # emergency signs and the not-a-diagnosis notice are on every page
    assert "Get emergency help now" in page.locator("aside.help-now").inner_text()  # help_now.yaml
    assert "not a diagnosis" in page.locator("footer").inner_text().lower()
    for href in ("/walks", "/diary", "/history"):
        assert page.locator(f"main a[href='{href}']").count() >= 1
    assert page.get_by_role("button", name="Start the questions").is_visible()
    # nothing is loaded from another machine
    external = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(u => !u.startsWith(location.origin))"
    )
    assert external == []
    check_page(page, "01-home")


def test_diary_entries_appear_on_the_charts_without_javascript(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/diary")
    check_page(page, "06-diary-empty")
    today = date.today()
    entries = [
        (today - timedelta(days=6), "7", "5", "Bad day, stopped twice"),
        (today - timedelta(days=3), "5", "9", ""),
        (today, "3", "14.5", "Short strides helped"),
    ]
    for day, pain, minutes, notes in entries:
        page.fill("#entry_date", day.isoformat())
        page.fill("#pain", pain)
        page.fill("#minutes", minutes)
        page.fill("#notes", notes)
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(server.url + f"/diary?saved={day.isoformat()}")
        saved = page.get_by_role("status").inner_text().replace("\xa0", " ")  # a date on one line
        assert f"Saved: the entry for {day_words(day)}." in saved

    pain_points = page.locator("svg#pain-chart g.point")
    assert pain_points.count() == 3
    values = [pain_points.nth(i).get_attribute("data-value") for i in range(3)]
    dates = [pain_points.nth(i).get_attribute("data-date") for i in range(3)]
    assert values == ["7", "5", "3"]
    assert dates == [d.isoformat() for d, *_ in entries]
    tolerance = [
        page.locator("svg#tolerance-chart g.point").nth(i).get_attribute("data-value") for i in range(3)
    ]
    assert tolerance == ["5", "9", "14.5"]
    # the chart's text alternative: a name and description, and a table with the same numbers
    assert page.locator("svg#pain-chart").get_attribute("role") == "img"
    assert "3 values" in page.locator("svg#pain-chart desc").text_content()
    pain_table = page.locator("table", has=page.locator("caption", has_text="Pain (0 to 10): the numbers"))
    assert pain_table.locator("tbody tr").count() == 3
    assert pain_table.locator("tbody tr").last.locator("td").inner_text() == "3"
    assert "Short strides helped" in page.locator("main").inner_text()
    check_page(page, "07-diary-with-entries")


def test_diary_rejects_a_bad_pain_score_and_stores_nothing(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/diary")
    before = page.locator("svg#pain-chart g.point").count()
    page.fill("#pain", "12")
    page.get_by_role("button", name="Save", exact=True).click()
    alert = page.get_by_role("alert")
    assert "whole number from 0 to 10" in alert.inner_text()
    assert page.locator("#pain").get_attribute("aria-invalid") == "true"
    assert page.locator("#pain").input_value() == "12"  # what was typed is kept
    check_page(page, "08-diary-error")
    page.goto(server.url + "/diary")
    assert page.locator("svg#pain-chart g.point").count() == before


def test_removing_a_diary_day_asks_first(server, browser):  # noqa: F811
    # found keeping a diary: one tap on "Remove" deleted a day for good, with no question asked
    page = new_page(browser, javascript=True)
    page.goto(server.url + "/diary")
    day = date.today() - timedelta(days=20)
    page.fill("#entry_date", day.isoformat())
    page.fill("#pain", "2")
    page.fill("#notes", "Keep me unless I say so")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(server.url + f"/diary?saved={day.isoformat()}")
    remove = page.get_by_role("button", name=f"Remove the entry for {day_words(day)}")
    asked: list[str] = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    remove.click()
    # true and kind: a saved copy brings it back (it said "It cannot be brought back.")
    assert asked == [
        f"Remove the diary entry for {day_words(day)}, pain 2? "
        "It can come back only from a copy of the data saved before now."
    ]
    page.goto(server.url + "/diary")
    assert "Keep me unless I say so" in page.locator("main").inner_text()  # "Cancel" kept it
    page.once("dialog", lambda dialog: answer(dialog, True))
    with page.expect_navigation():
        page.get_by_role("button", name=f"Remove the entry for {day_words(day)}").click()
    assert "Keep me unless I say so" not in page.locator("main").inner_text()
    assert len(asked) == 2


def test_history_and_data_pages(server, browser):  # noqa: F811
    page = new_page(browser)
    page.goto(server.url + "/history")
    assert page.locator("h1").inner_text() == "Your past checks"
    check_page(page, "09-history")
    page.goto(server.url + "/data")
    assert page.get_by_role("link", name="Download all your data (JSON file)").is_visible()
    check_page(page, "10-data")
    # the export is real JSON with the diary in it
    exported = page.request.get(server.url + "/data/export.json").json()
    assert exported["format"] == "backstride-export"
    # deleting needs the confirmation box
    page.get_by_role("button", name="Delete all my data").click()
    assert "Nothing was deleted" in page.get_by_role("alert").inner_text()
    page.goto(server.url + "/diary")
    assert page.locator("svg#pain-chart g.point").count() >= 1  # still there
    page.goto(server.url + "/data")
    page.get_by_label("Yes, delete all my checks, walks and diary entries").check()
    page.get_by_role("button", name="Delete all my data").click()
    assert "All your data has been deleted" in page.get_by_role("status").inner_text()
    check_page(page, "10-data-deleted")
    page.goto(server.url + "/diary")
    assert page.locator("svg#pain-chart").count() == 0
    assert "No entries yet" in page.locator("main").inner_text()
    exported = page.request.get(server.url + "/data/export.json").json()
    assert exported["diary_entries"] == [] and exported["assessments"] == []
