"""The walking test's stopwatch read by a clinician (a clinic of several people) in a real browser:
its buttons and what it says as the test goes speak about the person who walks, not to the reader."""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser


def test_a_clinicians_stopwatch_says_their_symptoms(server, browser):  # noqa: F811
    records = Records(Database(sqlite_url(server.db_path)))
    ana = records.people.add("Ana").id
    records.people.add("Ben")
    records.db.dispose()
    page = new_page(browser, javascript=True)
    page.clock.install()
    page.goto(f"{server.url}/walking-test?person={ana}")
    status = page.locator("[data-watch-status]")
    assert status.inner_text() == "Press Start when they start walking."
    page.get_by_role("button", name="Start", exact=True).click()
    assert status.inner_text() == "Walking. Press the button when their symptoms start."
    page.clock.run_for("06:20")
    page.get_by_role("button", name="Their symptoms started").click()
    assert status.inner_text() == "Symptoms at 6:20. They keep walking if they can."
    page.clock.run_for("02:45")
    page.get_by_role("button", name="Stop: the symptoms made them stop").click()
    assert (
        status.inner_text() == "Done: they walked 9:05. Please say how their pain is now, then save it below."
    )
    assert page.locator('input[name="stopped_because"][value="symptoms"]').is_checked()
    check_page(page, "walking-test-clinic")
