"""Browser test: several people's records, as a clinic uses them in headless chromium without JavaScript.

From the Data page a person is added on the People page, opened, and given a diary day; back in the
first person's records ("Me") the day is not there, and back in the new person's it is. The People
page and both diaries have no serious or critical accessibility problem (axe).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_clinic_adds_a_person_writes_their_diary_and_it_stays_theirs(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/data")
    assert "Records of" not in page.content()  # one person: the pages as they always were
    page.get_by_role("link", name="Keep records for more than one person (for example in a clinic)").click()
    page.wait_for_url(server.url + "/people")
    page.get_by_label("Name, initials or clinic number").fill("Room 4")
    page.get_by_role("button", name="Add this person").click()
    page.wait_for_url(re.compile(r".*/people\?added=\d+$"))
    assert "Room 4 was added" in page.locator("main").inner_text()
    check_page(page, "30-people")

    page.get_by_role("button", name="Open the records of Room 4").click()
    page.wait_for_url(server.url + "/")
    assert "Records of Room 4" in page.locator("main").inner_text()
    assert "Records of Room 4" in page.title()
    page.get_by_role("link", name="Diary").first.click()
    page.fill("#entry_date", date.today().isoformat())
    page.fill("#pain", "6")
    page.fill("#notes", "Room 4 walked to the lift")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r".*/diary\?saved=[0-9-]+&person=\d+$"))
    assert "Room 4 walked to the lift" in page.locator("main").inner_text()
    check_page(page, "31-diary-of-room-4")

    page.get_by_role("link", name="Change whose records are open").click()
    page.wait_for_url(server.url + "/people")
    page.get_by_role("button", name="Open the records of Me").click()
    page.wait_for_url(server.url + "/")
    page.get_by_role("link", name="Diary").first.click()
    main = page.locator("main").inner_text()
    assert "Records of Me" in main and "Room 4 walked to the lift" not in main
    assert "No entries yet." in main
    check_page(page, "32-diary-of-me")

    page.goto(server.url + "/people")
    page.get_by_role("button", name="Open the records of Room 4").click()
    page.wait_for_url(server.url + "/")
    page.get_by_role("link", name="Diary").first.click()
    assert "Room 4 walked to the lift" in page.locator("main").inner_text()
    page.context.close()
