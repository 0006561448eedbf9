"""Browser tests at a phone's width (390 x 844 CSS pixels, an ordinary phone held upright).

Found by walking through the app as a person on a phone: the tables of a walk's stretches, the
diary's entries, the past checks and the people pushed the whole page sideways, and the report's
list of sources did too (a long web address). Now a page is never wider than the screen: a wide
table scrolls sideways by itself, and can then take the keyboard's focus to be scrolled. The
sources in the red "Get emergency help now" box were dark grey on red (unreadable); now white.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.browser_support import browser, check_page, server  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# eight walking bouts: a seven-column table of stretches of walking
RECORDING = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"
WIDTHS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _phone_page(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.fixture(scope="module")
def records(server):  # noqa: F811
    """A walk, three diary days and a started check, sent through the API."""
    with httpx.Client(base_url=server.url, timeout=120) as api:
        walk = api.post(
            "/api/walks",
            files={"file": ("imu.csv", RECORDING.read_bytes())},
            data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
        )
        assert walk.status_code == 201, walk.text
        today = date.today()
        for days_ago, pain, minutes in ((2, 6, 8), (1, 5, 10), (0, 4, 12)):
            day = (today - timedelta(days=days_ago)).isoformat()
            entry = {"entry_date": day, "pain_0_10": pain, "walking_tolerance_min": minutes, "notes": "Cart"}
            assert api.post("/api/diary", json=entry).status_code == 201
        check = api.post("/api/assessments", json={"mode": "person"})
        assert check.status_code == 201, check.text
    return {"walk_id": walk.json()["id"]}


PAGES = ["/walks/{walk_id}", "/walks", "/diary", "/history", "/people", "/report", "/data", "/sources"]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(server, browser, records, path):  # noqa: F811
    page = _phone_page(browser)
    page.goto(server.url + path.format(**records))
    scroll_width, client_width = page.evaluate(WIDTHS)
    assert scroll_width <= client_width, f"{path} is {scroll_width} px wide on a {client_width} px screen"
    name = "phone" + path.format(**records).replace("/", "-")
    check_page(page, name)  # axe at this width too: a table that scrolls must take the focus
    page.context.close()


def test_a_wide_table_scrolls_by_itself_and_takes_the_focus(server, browser, records):  # noqa: F811
    page = _phone_page(browser)
    page.goto(server.url + f"/walks/{records['walk_id']}")
    table = page.locator("table", has=page.locator("caption", has_text="Each stretch of walking"))
    scroll_width, client_width = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert scroll_width > client_width  # seven columns do not fit: the table itself scrolls
    assert table.get_attribute("tabindex") == "0"
    # every number is whole on one line: nothing breaks "0.90 m/s" into "0.9" and "0 m/s"
    speeds = table.locator("tbody tr td:last-child").all_inner_texts()
    assert speeds and all("\n" not in s for s in speeds)
    page.context.close()


def test_sources_in_the_emergency_box_are_readable(server, browser):  # noqa: F811
    page = _phone_page(browser)
    page.goto(server.url + "/")
    page.get_by_role("button", name="Start the questions").click()
    page.check("form.answer-form input[value='saddle_numbness']")
    page.get_by_role("button", name="Next: I ticked the ones that fit").click()
    alert = page.locator("#emergency-alert")
    assert alert.is_visible()
    sources = alert.locator(".hint").first
    assert "Sources:" in sources.inner_text()
    assert sources.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    check_page(page, "phone-emergency-alert")
    page.context.close()


def test_the_way_into_a_row_is_on_screen_without_scrolling(server, browser, records):  # noqa: F811
    # found on a phone: "Open" was the fifth column of the people and past-checks tables, scrolled out
    # of sight; now the check's start time is its link and "Open" comes right after the name
    page = _phone_page(browser)
    page.goto(server.url + "/history")
    link = page.locator("table tbody tr th a").first
    assert link.get_attribute("href").endswith("/result")
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    page.goto(server.url + "/people")
    button = page.get_by_role("button", name="Open the records of").first
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    page.context.close()


CHART_TEXT_PX = """svg => {
  const box = svg.getBoundingClientRect();
  const size = parseFloat(svg.getAttribute("font-size"));
  return [box.width, svg.viewBox.baseVal.width, size * box.width / svg.viewBox.baseVal.width];
}"""


@pytest.mark.parametrize("path", ["/diary", "/walks/{walk_id}"])
def test_a_charts_words_stay_readable_on_a_phone(server, browser, records, path):  # noqa: F811
    # found on a phone: a 640-unit chart shrunk to the screen drew its 14-unit words about 8 px high;
    # now the chart keeps at least 36rem and scrolls sideways by itself, taking the focus to be scrolled
    page = _phone_page(browser)
    page.goto(server.url + path.format(**records))
    scroll = page.locator(".chart-scroll").first
    drawn_px, viewbox_units, text_px = scroll.locator("svg.chart").evaluate(CHART_TEXT_PX)
    assert viewbox_units == 640 and text_px >= 12, (drawn_px, text_px)
    scroll_width, client_width = scroll.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll_width > client_width and scroll.get_attribute("tabindex") == "0"
    page_width, screen_width = page.evaluate(WIDTHS)
    assert page_width <= screen_width  # the chart scrolls, never the page
    page.context.close()
