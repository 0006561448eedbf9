"""Browser tests: sharing and backing up, as a person does it in headless chromium without JavaScript.

A diary entry is written, the report for a clinician is opened (no serious accessibility problem,
and it prints to a short PDF), all data is downloaded, deleted, and restored from the downloaded
file through the Data page, after which the diary holds the entry again.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_person_shares_backs_up_deletes_and_restores(server, browser, tmp_path):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/diary")
    page.fill("#entry_date", date.today().isoformat())
    page.fill("#pain", "4")
    page.fill("#minutes", "11")
    page.fill("#notes", "Leaning on the trolley helped")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(server.url + f"/diary?saved={date.today().isoformat()}")

    page.goto(server.url + "/data")
    page.get_by_role("link", name="Open the report for your clinician").click()
    page.wait_for_url(server.url + "/report")
    assert "This is not a diagnosis." in page.locator("main").inner_text()
    assert "Leaning on the trolley helped" in page.locator("main").inner_text()
    check_page(page, "20-report")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 4

    page.goto(server.url + "/data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download all your data (JSON file)").click()
    backup = tmp_path / "backstride-data.json"
    download_info.value.save_as(backup)
    assert b'"backstride-export"' in backup.read_bytes()

    page.get_by_label("Yes, delete all my checks, walks and diary entries").check()
    page.get_by_role("button", name="Delete all my data").click()
    page.wait_for_url(server.url + "/data?deleted=1")
    page.goto(server.url + "/diary")
    assert "Leaning on the trolley helped" not in page.content()

    page.goto(server.url + "/data")
    page.set_input_files("#restore-file", str(backup))
    page.get_by_role("button", name="Restore").click()
    page.wait_for_url(re.compile(r".*/data\?added=[\d,]+&already=\d+&height=\d$"))
    assert "Restored: 1 diary entry added." in page.locator("main").inner_text()
    check_page(page, "21-data-restored")
    page.goto(server.url + "/diary")
    assert "Leaning on the trolley helped" in page.content()
