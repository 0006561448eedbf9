"""A 70-year-old on a 375 px phone, sometimes with text at 200 % (188 CSS px), a finger or a keyboard.

Found by going through every page as that person (2026-11-28):
- the Walks page's form was 483 px longer at 375 px once its choices became radio buttons; the seven
  file types are now folded like the units, since "Find out for me" fits nearly every file, and open
  by themselves when another type was picked or a file could not be used.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 375, "height": 812}
NOT_A_WALK = b"time,note\n0,hello\n1,world\n"


def _page(browser, viewport):  # noqa: F811
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    return context.new_page()


def test_the_walks_form_folds_its_file_types_until_they_are_needed(server, browser):  # noqa: F811
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/walks")
    file_types = page.get_by_role("group", name="File type")
    assert not file_types.is_visible()  # folded: "Find out for me" is chosen and nothing to do
    assert page.locator('input[name="format"][value="auto"]').is_checked()  # and is still sent
    summary = page.locator("#file-type > summary")
    assert summary.is_visible() and "File type" in summary.inner_text()
    folded = page.evaluate("() => document.querySelector('form[action=\"/walks\"]').offsetHeight")
    summary.click()
    assert file_types.is_visible()
    opened = page.evaluate("() => document.querySelector('form[action=\"/walks\"]').offsetHeight")
    assert opened - folded > 200, (folded, opened)  # the seven choices are that much of the phone
    # a type picked, and a file that is no walk: the page comes back with the choice open and kept
    page.check('input[name="format"][value="csv"]')
    page.set_input_files("#recording", {"name": "note.csv", "mimeType": "text/csv", "buffer": NOT_A_WALK})
    page.get_by_role("button", name="Send the walk").click()
    assert page.locator("#upload-error").is_visible()
    assert file_types.is_visible()
    assert page.locator('input[name="format"][value="csv"]').is_checked()
    check_page(page, "small-phone-walks-refused")
    page.context.close()


def test_a_file_that_could_not_be_used_opens_the_file_types(server, browser):  # noqa: F811
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/walks")
    page.set_input_files("#recording", {"name": "note.csv", "mimeType": "text/csv", "buffer": NOT_A_WALK})
    page.get_by_role("button", name="Send the walk").click()
    assert page.locator("#upload-error").is_visible()
    assert page.get_by_role("group", name="File type").is_visible()  # a type may be what was wrong
    assert page.locator('input[name="format"][value="auto"]').is_checked()
    page.context.close()
