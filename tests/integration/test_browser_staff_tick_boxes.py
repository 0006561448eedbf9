"""Browser test: the tick boxes on a clinic's pages, for a 375 px phone and the same phone at 200 %.

The tick boxes of the Data, Walks, Diary and Walking test pages had a size test of their own
(test_browser_small_phone_person.py); those of a clinic's pages, signed in as a staff admin, did not:
a person's removal ("Yes, delete Room 4 and their ... records"), the Staff page's "Make them an admin
too" and a staff member's removal ("Yes, remove Nurse Ann."). Each is a 25 px box whose words take the
tap too, on a line at least 44 px high, inside the screen, no two lines overlapping. Its own server:
the staff it adds would ask every other test to sign in.
"""

from __future__ import annotations

import re

import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_small_phone_person import (
    SMALL_PHONE,
    TICK_BOXES,
    ZOOMED,
    _overlapping,
    tick_from_its_words,
)
from tests.integration.test_browser_staff import ADMIN_PASSWORD, ANN_PASSWORD, signed_in_page

from backstride.services.access import Access
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_in(server, browser):  # noqa: F811
    """A staff admin signed in (its browser context's cookie), a person and a staff member to remove:
    the pages' addresses."""
    db = Database(sqlite_url(server.db_path))
    access = Access(db)
    access.add_staff("Sam", ADMIN_PASSWORD, admin=True)  # as 'backstride staff add Sam --admin'
    ann = access.add_staff("Nurse Ann", ANN_PASSWORD)
    db.dispose()
    page = signed_in_page(server, browser, "Sam", ADMIN_PASSWORD, "/people")
    page.get_by_label("Name, initials or clinic number").fill("Room 4")
    page.get_by_role("button", name="Add this person").click()
    page.wait_for_url(re.compile(r".*/people\?added=\d+$"))
    person = re.search(r"added=(\d+)", page.url)
    assert person is not None
    paths = {"person": f"/people/{person.group(1)}", "staff": "/staff", "member": f"/staff/{ann.id}"}
    yield page.context, paths
    page.context.close()


@pytest.mark.parametrize("viewport", [SMALL_PHONE, ZOOMED], ids=["375px", "188px"])
@pytest.mark.parametrize("which", ["person", "staff", "member"])
def test_a_clinics_tick_boxes_are_a_size_a_finger_can_tap(server, signed_in, which, viewport):  # noqa: F811
    context, paths = signed_in
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(server.url + paths[which])
    assert page.url.endswith(paths[which]), page.url  # signed in: not sent to the sign-in page
    boxes = page.evaluate(TICK_BOXES)
    assert boxes, which
    for box in boxes:
        assert box["width"] >= 22 and box["height"] >= 22, box  # a 25 px box: the browser's own is 13 px
        assert box["label"]["height"] >= 44, box  # the words take the tap too, on a finger's line
        assert box["label"]["right"] <= box["screen"], box
    assert _overlapping([box["label"] for box in boxes]) == []
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    check_page(page, f"tick-boxes-{which}-{viewport['width']}")
    page.close()


def test_a_persons_removal_ticks_from_its_words(server, signed_in):  # noqa: F811
    context, paths = signed_in
    page = context.new_page()
    page.set_viewport_size(SMALL_PHONE)
    page.goto(server.url + paths["person"])
    tick_from_its_words(page, "Yes, delete Room 4")
    page.close()
