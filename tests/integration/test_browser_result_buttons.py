"""Browser test: the result page offers one way to print, with JavaScript and without.

Found by reading a result page: without JavaScript a "Print this page" button showed that did
nothing (the button's ``hidden`` attribute lost to ``.button``'s display rule), and with JavaScript
it stood beside a "Print view" link that does the same, so two buttons said "print".
"""

from __future__ import annotations

import re

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser


def _result_page(server, browser, *, javascript):  # noqa: F811
    page = new_page(browser, javascript=javascript)
    page.goto(server.url + "/")
    page.get_by_role("button", name="Start the questions").click()
    assert re.search(r"/check/\d+$", page.url)
    page.goto(page.url + "/result")
    return page


def test_without_javascript_the_print_view_link_is_the_only_way_to_print(server, browser):  # noqa: F811
    page = _result_page(server, browser, javascript=False)
    assert page.get_by_role("link", name="Print view").is_visible()
    assert not page.get_by_role("button", name="Print this page").is_visible()
    page.context.close()


def test_with_javascript_the_print_button_takes_the_place_of_the_link(server, browser):  # noqa: F811
    page = _result_page(server, browser, javascript=True)
    assert page.get_by_role("button", name="Print this page").is_visible()
    assert not page.get_by_role("link", name="Print view").is_visible()
    assert page.get_by_role("link", name="Report for your clinician").is_visible()
    check_page(page, "result-print-buttons")
    page.context.close()
