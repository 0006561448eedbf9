"""Browser test: changing a diary day in headless chromium, with axe-core, with and without JavaScript.

The diary's "Edit" link opens the form filled with that day; a refusal keeps what was typed; the
saved change is said at the top of the diary and shows in its entries (one row: changed, not added).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

from backstride.core.dates import day_words

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [False, True])
def test_a_diary_day_is_changed_from_its_edit_link(server, browser, javascript):  # noqa: F811
    page = new_page(browser, javascript=javascript)
    day = date.today() - timedelta(days=20 + javascript)  # each run its own day
    note = f"typed the wrong pain ({'with' if javascript else 'without'} script)"
    page.goto(server.url + "/diary")
    page.fill("#entry_date", day.isoformat())
    page.fill("#pain", "9")
    page.fill("#notes", note)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(server.url + f"/diary?saved={day.isoformat()}")

    page.get_by_role("link", name=f"Edit the entry for {day_words(day)}").click()
    # a date keeps to one line (no-break spaces, templating.keep_together)
    assert page.locator("h1").inner_text().replace("\xa0", " ") == f"Change the entry for {day_words(day)}"
    assert page.input_value("#entry_date") == day.isoformat()  # the script leaves the day alone
    assert page.input_value("#pain") == "9" and page.input_value("#notes") == note
    check_page(page, f"diary-edit-{'js' if javascript else 'nojs'}")

    page.fill("#pain", "12")
    page.get_by_role("button", name="Save changes").click()
    assert "Pain: please type a whole number from 0 to 10." in page.get_by_role("alert").inner_text()
    assert page.input_value("#pain") == "12" and page.input_value("#notes") == note
    check_page(page, f"diary-edit-refused-{'js' if javascript else 'nojs'}")

    page.fill("#pain", "3")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(re.escape(server.url + f"/diary?saved={day.isoformat()}&entry=") + r"\d+$"))
    saved = page.get_by_role("status").inner_text().replace("\xa0", " ")
    assert f"Saved: the entry for {day_words(day)}." in saved
    rows = page.locator("table:has(caption:text('Diary entries')) tbody tr", has_text=note)
    assert rows.count() == 1 and rows.first.locator("td").first.inner_text() == "3"


def test_a_long_diary_shows_the_newest_days_with_a_link_to_all(server, browser):  # noqa: F811
    import httpx

    from backstride.web.pages import DIARY_SHOWN

    start = date.today() - timedelta(days=400)
    for i in range(DIARY_SHOWN + 5):  # older than the days of the test above
        day = {"entry_date": (start + timedelta(days=i)).isoformat(), "pain_0_10": i % 11}
        assert httpx.post(server.url + "/api/diary", json=day).status_code == 201
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/diary")
    rows = page.locator("table:has(caption:text('Diary entries')) tbody tr")
    assert rows.count() == DIARY_SHOWN
    check_page(page, "diary-newest")
    page.get_by_role("link", name="Show all your entries").first.click()
    page.wait_for_url(server.url + "/diary?all=1#entries-heading")
    assert rows.count() > DIARY_SHOWN
    check_page(page, "diary-all")
    page.get_by_role("link", name="Show only the newest ones").click()
    assert rows.count() == DIARY_SHOWN


@pytest.mark.parametrize("javascript", [False, True])
def test_an_edit_page_opened_before_a_restore_does_not_replace_the_restored_version(
    server,  # noqa: F811
    browser,  # noqa: F811
    javascript,
    tmp_path,
):
    # the backup's newer version was replaced by the form opened before it, and kept nowhere
    import httpx
    from tests.integration.test_diary_edit_stale import _newer_backup

    day = date.today() - timedelta(days=40 + javascript)
    note = f"before the restore ({'with' if javascript else 'without'} script)"
    body = {"entry_date": day.isoformat(), "pain_0_10": 7, "notes": note}
    entry = httpx.post(server.url + "/api/diary", json=body).json()
    page = new_page(browser, javascript=javascript)
    page.goto(server.url + f"/diary/{entry['id']}/edit")
    backup = _newer_backup(httpx.get(server.url + "/api/export").content, tmp_path, notes=note)
    restored = httpx.post(server.url + "/api/import", files={"file": ("backup.json", backup.encode())})
    assert restored.status_code == 200, restored.text

    page.fill("#pain", "2")
    page.fill("#notes", "typed on the open page")
    page.get_by_role("button", name="Save changes").click()
    said = page.locator("#diary-changed").inner_text().replace("\xa0", " ")
    assert "This entry was changed after you opened this page." in said
    assert f'It is now: {day_words(day)}, pain 4, you sat down to rest, notes "from home".' in said
    assert page.input_value("#pain") == "2" and page.input_value("#notes") == "typed on the open page"
    check_page(page, f"diary-edit-changed-{'js' if javascript else 'nojs'}")
    assert httpx.get(server.url + f"/api/diary/{entry['id']}").json()["notes"] == "from home"

    page.get_by_role("button", name="Save changes").click()  # chosen, having seen it
    page.wait_for_url(re.compile(re.escape(server.url + f"/diary?saved={day.isoformat()}&entry=") + r"\d+$"))
    assert httpx.get(server.url + f"/api/diary/{entry['id']}").json()["notes"] == "typed on the open page"
