"""Browser test: a staff member signs in with their own name in headless chromium, and the activity
list says it was them. The sign-in page, with its name field and an error, has no serious
accessibility problem, also at a phone's width.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

from backstride.services.access import Access
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser
PASSWORD = "lee's own long password"
NEW_PASSWORD = "lee's brand new password"
ADMIN_PASSWORD = "the admin's long password"
ANN_PASSWORD = "ann's own long password"


def test_a_staff_member_signs_in_by_name_and_the_activity_list_names_them(server, browser):  # noqa: F811
    db = Database(sqlite_url(server.db_path))
    Access(db).add_staff("Dr Lee", PASSWORD)  # as 'backstride staff add' does; the server sees it in 2 s
    db.dispose()
    page = new_page(browser, javascript=False)
    for _ in range(50):  # a running server reads the sign-in state again every 2 s
        page.goto(server.url + "/people")
        if "/sign-in" in page.url:
            break
        page.wait_for_timeout(100)
    assert page.url.endswith("/sign-in?next=%2Fpeople"), page.url
    assert page.get_by_label("Your name").is_visible()

    page.get_by_label("Your name").fill("Dr Leigh")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "That name or password is not right" in page.locator("main").inner_text()
    assert page.get_by_label("Your name").input_value() == "Dr Leigh"  # kept
    assert page.get_by_label("Password").input_value() == ""  # never shown back
    check_page(page, "60-sign-in-by-name-error")
    page.set_viewport_size({"width": 360, "height": 800})
    check_page(page, "61-sign-in-by-name-phone")

    page.get_by_label("Your name").fill("dr lee")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/people")
    assert "Signed in as Dr Lee" in page.locator("header").inner_text()
    page.get_by_label("Name, initials or clinic number").fill("Room 6")
    page.get_by_role("button", name="Add this person").click()
    page.wait_for_url(re.compile(r".*/people\?added=\d+$"))

    page.goto(server.url + "/activity")
    newest = page.locator("tbody tr").first.inner_text()
    assert "Added a person" in newest and "Room 6" in newest
    assert "Dr Lee, on a page, from 127.0.0.1" in newest
    check_page(page, "62-activity-with-names")

    # their own password, from the link beside their name (still at a phone's width)
    page.get_by_role("link", name="My password").click()
    page.wait_for_url(server.url + "/my-password")
    page.get_by_label("The password you have now").fill("not my password at all")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    assert "That is not the password you have now" in page.locator("main").inner_text()
    check_page(page, "63-my-password-error")
    page.get_by_label("The password you have now").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    page.wait_for_url(server.url + "/my-password?changed=1")
    assert "Your password is changed" in page.locator("main").inner_text()
    assert page.get_by_label("New password", exact=True).count() == 0  # done: no form to send twice
    width, screen = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= screen, "the header with the name and its link is wider than a phone"
    check_page(page, "64-my-password-changed")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/sign-in$"))


def signed_in_page(server, browser, name: str, password: str, path: str):  # noqa: F811
    """A page (its own cookies, no script) signed in as the staff member ``name`` and at ``path``."""
    page = new_page(browser, javascript=False)
    for _ in range(50):  # a running server reads the sign-in state again every 2 s
        page.goto(f"{server.url}/sign-in?next={quote(path, safe='')}")
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if page.url.endswith(path):
            break
        page.wait_for_timeout(200)
    assert page.url.endswith(path), page.url
    return page


def test_a_staff_admin_adds_and_removes_a_member_on_the_staff_page(server, browser):  # noqa: F811
    db = Database(sqlite_url(server.db_path))
    Access(db).add_staff("Sam", ADMIN_PASSWORD, admin=True)  # as 'backstride staff add Sam --admin'
    db.dispose()
    page = signed_in_page(server, browser, "Sam", ADMIN_PASSWORD, "/staff")
    assert page.get_by_role("link", name="Staff", exact=True).is_visible()

    page.get_by_label("Their name").fill("Nurse Ann")
    page.get_by_label("Their password", exact=True).fill(ANN_PASSWORD)
    page.get_by_label("Their password again").fill("not the same password")
    page.get_by_role("button", name="Add this staff member").click()
    assert "The two passwords are not the same" in page.locator("main").inner_text()
    assert page.get_by_label("Their name").input_value() == "Nurse Ann"  # kept
    check_page(page, "65-staff-add-error")
    page.get_by_label("Their password", exact=True).fill(ANN_PASSWORD)
    page.get_by_label("Their password again").fill(ANN_PASSWORD)
    page.get_by_role("button", name="Add this staff member").click()
    page.wait_for_url(re.compile(r".*/staff\?added=\d+$"))
    assert "Nurse Ann was added" in page.locator("main").inner_text()

    page.get_by_role("link", name="Change or remove Nurse Ann").click()
    page.wait_for_url(re.compile(r".*/staff/\d+$"))
    check_page(page, "66-staff-member")
    page.set_viewport_size({"width": 360, "height": 800})
    check_page(page, "67-staff-member-phone")
    page.get_by_label("Yes, remove Nurse Ann.").check()
    page.get_by_role("button", name="Remove Nurse Ann").click()
    page.wait_for_url(re.compile(r".*/staff\?removed=1$"))
    assert "Nurse Ann" not in page.locator("table").inner_text()
