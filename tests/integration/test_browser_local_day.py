"""The diary and the walking test offer the person's own day, not the server's: a backstride run for a
clinic on a server in another time zone (UTC) offered tomorrow's date to someone writing their diary
in the evening in America, and yesterday's in the morning in New Zealand."""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, server  # noqa: F401

pytestmark = pytest.mark.browser

# UTC+14 and UTC-12: at any hour at least one of them is on another day than UTC
ZONES = ("Pacific/Kiritimati", "Etc/GMT+12")
LOCAL_DAY = (
    "(() => { const d = new Date(); const two = n => String(n).padStart(2, '0');"
    " return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); })()"
)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("path", ["/diary", "/walking-test"])
def test_the_day_offered_is_the_persons_own(server, browser, zone: str, path: str) -> None:  # noqa: F811
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.goto(server.url + path)
    assert page.locator("#entry_date").input_value() == page.evaluate(LOCAL_DAY)
    context.close()


def test_a_day_the_person_typed_is_kept_when_the_form_comes_back(server, browser) -> None:  # noqa: F811
    context = browser.new_context(timezone_id=ZONES[0])
    page = context.new_page()
    page.goto(server.url + "/diary")
    page.fill("#entry_date", "2026-01-05")
    page.fill("#pain", "12")  # refused: the form comes back with what was typed
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator("#entry_date").input_value() == "2026-01-05"
    context.close()
