"""The Everyday walking page in a real browser (Chromium): an Apple Health export chosen and sent,
the charts and the numbers shown, no serious accessibility problem (axe) at laptop and phone width."""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser

TDDA = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"


def test_an_export_is_sent_and_its_days_are_shown_with_charts(server, browser):  # noqa: F811
    page = new_page(browser, javascript=True)
    page.goto(server.url + "/diary")
    page.get_by_role("link", name="your everyday walking").click()
    page.wait_for_url("**/everyday")
    page.wait_for_load_state("domcontentloaded")
    check_page(page, "everyday-empty")
    page.get_by_label("Your export.zip (or export.xml)").set_input_files(str(TDDA))
    page.get_by_role("button", name="Bring in my walking").click()
    main = page.locator("main").inner_text()
    assert "Brought in from export6s3sample.xml: 2 days added" in main
    assert page.locator("svg#steps-chart").is_visible()
    assert page.locator("#everyday-table tbody tr").count() == 2
    assert "2,517" in page.locator("#everyday-table").inner_text()
    check_page(page, "everyday-imported")
    page.set_viewport_size({"width": 375, "height": 800})
    check_page(page, "everyday-phone")
    page.context.close()
