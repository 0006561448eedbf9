"""Browser test at 375 CSS pixels: the tables that still scrolled sideways on a phone (2026-11-27).

History became one box per check on a phone last session; the Diary's entries (497 px wide on a
339 px column), the Walks list (523 px), the People list (530 px), the activity list and the
report's tables (its causes 353 px, its weeks 357 px, its walks 782 px, its gait factors 514 px)
still scrolled inside themselves. Now each row of them is a box of its own on a phone, each value
under its column's name (``table.stack`` in app.css), so nothing is off the screen. Grids of numbers
read across many rows (a walk's stretches, everyday walking's days, a chart's numbers) still scroll,
with their caption saying so (test_browser_phone.py, test_browser_tables_375.py).
"""

from __future__ import annotations

import httpx
import pytest
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_phone import records  # noqa: F401
from tests.integration.test_browser_phone_375 import SMALL_PHONE, finished  # noqa: F401
from tests.integration.test_browser_result_short_on_phone import phone_page

pytestmark = pytest.mark.browser

# the page's width and, for each table in it, how wide it is against its box
WIDTHS = """() => ({page: [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth],
  tables: Array.from(document.querySelectorAll('main table')).map(t => ({
    caption: t.caption ? t.caption.textContent.slice(0, 60) : '', stack: t.classList.contains('stack'),
    scrollWidth: t.scrollWidth, clientWidth: t.clientWidth}))})"""
# the grids of numbers that still scroll by themselves (with a caption saying so)
SCROLLING = ("Each stretch of walking",)


def fits_a_phone(page, path: str) -> list[dict]:
    widths = page.evaluate(WIDTHS)
    scroll_width, client_width = widths["page"]
    assert scroll_width <= client_width, f"{path} is {scroll_width} px wide on a {client_width} px screen"
    tables = [t for t in widths["tables"] if not t["caption"].startswith(SCROLLING)]
    for table in tables:
        assert table["scrollWidth"] <= table["clientWidth"], (path, table)  # nothing to swipe
    return tables


def labels(page, caption: str) -> list[str]:
    """The names written before the values of the table with this caption."""
    table = page.locator("main table", has=page.locator("caption", has_text=caption))
    return (
        table.locator("tbody tr")
        .first.locator("td[data-label]")
        .evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize(
    ("path", "caption", "label"),
    [
        ("/diary", "Diary entries", '"Pain (0-10): "'),
        ("/walks", "Your walks", '"Walked on: "'),
        ("/report", "Every walk", '"Steps per minute: "'),
        ("/report", "Gait factors of the walk", '"What it means: "'),
        ("/report", "The most likely causes", '"Chance: "'),
        ("/report", "Each week since", '"Time walked before the pain starts: "'),
    ],
)
def test_each_row_is_a_box_of_its_own_on_a_phone(server, browser, finished, path, caption, label, javascript):  # noqa: F811
    page = phone_page(browser, javascript)
    page.goto(server.url + path.format(**finished))
    tables = fits_a_phone(page, path)
    assert any(t["caption"].startswith(caption) and t["stack"] for t in tables), (caption, tables)
    assert label in labels(page, caption)
    check_page(page, f"wide-table-375{path.replace('/', '-')}-{'js' if javascript else 'nojs'}")
    page.context.close()


def test_every_table_of_the_report_fits_a_phone(server, browser, finished):  # noqa: F811
    page = phone_page(browser, False)
    page.goto(server.url + "/report")
    assert len(fits_a_phone(page, "/report")) >= 5  # causes, advice, answers, weeks, walks, factors
    page.context.close()


def test_the_page_asking_before_a_diary_day_is_removed_fits_a_phone(server, browser, finished):  # noqa: F811
    """Without the script, Remove asks on a page of its own, with the entry in a table of five columns."""
    page = phone_page(browser, False)
    page.goto(server.url + "/diary")
    page.get_by_role("button", name="Remove the entry for").first.click()
    assert page.get_by_role("button", name="Yes, remove it").is_visible()
    fits_a_phone(page, "remove a diary day")
    assert '"Minutes walked before pain: "' in labels(page, "The entry to remove")
    check_page(page, "wide-table-375-diary-remove")
    page.context.close()


def test_the_people_and_activity_lists_fit_a_phone(server, browser, finished):  # noqa: F811
    """Last in this module: a second person makes the other pages ask whose records to show."""
    with httpx.Client(base_url=server.url, timeout=60) as api:
        assert api.post("/api/people", json={"label": "Room 4 (the bed by the window)"}).status_code == 201
    for path, caption, label in [
        ("/people", "People", '"Everyday walking days: "'),
        ("/activity", "Newest first", '"Who, how and from where: "'),
    ]:
        page = phone_page(browser, True)
        page.goto(server.url + path)
        fits_a_phone(page, path)
        assert label in labels(page, caption), path
        check_page(page, f"wide-table-375{path.replace('/', '-')}")
        page.context.close()
    assert SMALL_PHONE["width"] == 375
