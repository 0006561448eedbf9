"""A 375 px phone at 200 % zoom (188 CSS px wide): People and the API's docs fit, nothing sideways.

Someone who reads with the text made twice as big sees a page 188 px wide. People ran over by 118 px
(the hint "a URI, like urn:oid:1.2.36.146.595.217.0.1" is one word that did not break) and
``/api/docs`` by 23 px (its heading "backstride API"); the file box of Walks, Everyday walking and
Data (restore) by 109, 109 and 83 px. Now a word longer than the line breaks, a heading is a little
smaller on a screen this narrow, and a file box is never wider than its line, so the page scrolls only
down (WCAG 1.4.10 Reflow).
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_check_changes import _finish
from tests.integration.test_check_changes import STENOSIS

from backstride.services.access import Access
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser

# what reaches past the screen's edge, but not inside a box that scrolls sideways by itself (a wide table
# on a phone: WCAG 1.4.10 allows a data table to scroll)
SIDEWAYS = """() => {
  const d = document.documentElement;
  const inScroller = el => {
    for (let p = el.parentElement; p && p !== d; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const wide = Array.from(document.querySelectorAll('main *'))
    .filter(el => !el.closest('thead, .visually-hidden') && el.getBoundingClientRect().right > d.clientWidth)
    .filter(el => !inScroller(el))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll_x: d.scrollWidth - d.clientWidth, width: d.clientWidth, wide: wide.slice(0, 5)};
}"""


LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
LONG_LABEL = "Wolfeschlegelsteinhausen"  # a surname of 24 letters: one word, as a label may be


def _fits(page, path: str, name: str) -> None:
    response = page.goto(page.context.base + path)
    assert response is not None and response.status == 200, path
    seen = page.evaluate(SIDEWAYS)
    assert seen["width"] == 188, seen
    assert seen["scroll_x"] <= 0, (path, seen)
    assert not seen["wide"], (path, seen)  # nothing on the page reaches past the screen's edge
    check_page(page, "zoom-200-" + name)


def _zoomed(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 188, "height": 333})
    context.base = server.url
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


@pytest.mark.parametrize("path", ["/people", "/api/docs", "/walks", "/everyday", "/data"])
def test_the_page_fits_a_phone_at_200_percent_zoom(server, browser, path) -> None:  # noqa: F811
    context, page = _zoomed(browser, server)
    _fits(page, path, path.strip("/").replace("/", "-"))  # was 118, 23, 109, 109 and 83 px sideways
    context.close()


def test_a_result_a_walk_the_report_and_a_person_fit_too(server, browser) -> None:  # noqa: F811
    """Found in review: at 188 px a check's result ran over by 57 px (a cause's long name beside its
    percentage), a walk's page and the report by 10 px (their boxes of numbers are at least 10rem wide),
    and a person's page by 202 px (the "Delete ..." button of a person whose label is one long word)."""
    check = _finish(server.url, STENOSIS)
    db = Database(sqlite_url(server.db_path))
    walk = Records(db).upload_walk("imu.csv", LAB_WALK.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s")
    db.dispose()
    request = urllib.request.Request(
        server.url + "/api/people",
        data=json.dumps({"label": LONG_LABEL}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        person = json.loads(response.read())["id"]
    context, page = _zoomed(browser, server)
    for path, name in (
        (f"/check/{check}/result?person=1", "result"),
        (f"/walks/{walk.id}?person=1", "walk"),
        ("/report?person=1", "report"),
        (f"/people/{person}", "person"),
    ):
        _fits(page, path, name)
    context.close()


# each choice of a form that is not shown whole: a drop-down's option wider than its box (a closed
# drop-down cuts it), or a choice's words cut or past the screen's edge
CUT_CHOICES = """() => {
  const cut = [];
  for (const box of document.querySelectorAll('main select')) {
    const style = getComputedStyle(box);
    const ruler = document.createElement('canvas').getContext('2d');
    ruler.font = style.font;
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    for (const option of box.options) {
      if (ruler.measureText(option.text).width > room) cut.push(box.name + ': ' + option.text);
    }
  }
  for (const words of document.querySelectorAll('main input[type=radio] + span')) {
    const edge = words.getBoundingClientRect().right;
    if (edge > document.documentElement.clientWidth || words.scrollWidth > words.clientWidth + 1) {
      cut.push(words.closest('fieldset').id + ': ' + words.textContent);
    }
  }
  return cut;
}"""


def test_every_choice_of_the_walks_page_can_be_read_whole(server, browser) -> None:  # noqa: F811
    """Last session's finding: at 188 px the Walks page's drop-downs cut their choices (16 of 19, "I
    did not say (we ju..."; at 375 px three: "CSV file (time, acceleration, rotation)", "m/s² (metres
    per second squared)" and that one). Each choice is now a radio button whose words wrap."""
    context, page = _zoomed(browser, server)
    _fits(page, "/walks?person=1", "walks-choices")  # the tests above added a second person
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.evaluate(CUT_CHOICES) == []
    for legend in ("File type", "Acceleration unit", "Rotation unit", "Where was it worn?"):
        radios = page.get_by_role("group", name=legend).get_by_role("radio")
        assert radios.count() >= 3, legend
        assert radios.first.is_checked(), legend  # as the drop-down showed its first
    page.check('input[name="worn_at"][value="pocket"]')
    assert page.evaluate(SIDEWAYS)["scroll_x"] <= 0
    context.close()


def test_the_sign_in_and_staff_pages_fit_too(server, browser) -> None:  # noqa: F811
    """Last in this file: the app has a sign-in from here on."""
    name, password = "Dr Wolfeschlegelsteinhausen", "the admin's long password"
    db = Database(sqlite_url(server.db_path))
    Access(db).add_staff(name, password, admin=True)  # as 'backstride staff add --admin' does
    db.dispose()
    context, page = _zoomed(browser, server)
    for _ in range(60):  # a running server reads the sign-in state again every 2 s
        page.goto(server.url + "/staff")
        if "/sign-in" in page.url:
            break
        page.wait_for_timeout(100)
    _fits(page, "/sign-in?next=%2Fstaff", "sign-in")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/staff")
    for path in ("/staff", "/staff/1", "/my-password", "/activity"):
        _fits(page, path, path.strip("/").replace("/", "-"))
    context.close()
