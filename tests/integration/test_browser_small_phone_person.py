"""A 70-year-old on a 375 px phone, sometimes with text at 200 % (188 CSS px), a finger or a keyboard.

Found by going through every page as that person (2026-11-28):
- the Walks page's form was 483 px longer at 375 px once its choices became radio buttons; the seven
  file types are now folded like the units, since "Find out for me" fits nearly every file, and open
  by themselves when another type was picked or a file could not be used;
- the report (a page without scripts) at 188 px: the diary's notes, a check's answers, the latest
  walk's pelvis and trunk and its walking tolerance were tables that scrolled sideways and could not
  take the keyboard's focus (axe: scrollable-region-focusable, serious); they are now one box a row,
  as the report's other long tables are;
- the Diary's entries: "Edit" was an 18 px high link beside a 44 px "Remove" button, so the button
  that removes was the easier one to hit; "Edit" is now a button as large as "Remove";
- "Choose File" (Walks, Data, Everyday walking) was the browser's own 13 px words on a 21 px button on
  an 18 px page; it is now the page's text size on a 44 px button, whole at 188 px too;
- the Walks form's folds ("File type: ...", "Units, ...", "Which trial, ...") read as lines of plain
  black text, not as something to open; they are now the links' blue and bold, as the other folds;
- the menu's links at 375 px were 19 px high, their text alone; each now fills its 28 px line for a
  finger, and no line is taller (the question still starts on the first screen);
- a diary day on a phone showed "What you tried:" and "Notes:" with nothing after them when nothing
  was ticked or written; a blank value is now left out of the day's box.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.browser_support import browser, check_page, server  # noqa: F401
from tests.integration.test_browser_check_changes import _finish
from tests.integration.test_browser_phone_375 import UNIT_ON_NEXT_LINE
from tests.integration.test_check_changes import STENOSIS

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 375, "height": 812}
ZOOMED = {"width": 188, "height": 406}  # the same phone with its text at 200 %
LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"
NOT_A_WALK = b"time,note\n0,hello\n1,world\n"


def _page(browser, viewport):  # noqa: F811
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    return context.new_page()


@pytest.fixture(scope="module")
def diary_and_check(server):  # noqa: F811
    """Three diary days with notes, a check answered to the end (a stenosis-like story), and a lab walk
    with the times of its first symptom and its stop (the report's tables of the latest walk)."""
    with httpx.Client(base_url=server.url, timeout=120) as api:
        walk = api.post(
            "/api/walks",
            files={"file": ("imu.csv", LAB_WALK.read_bytes())},
            data={"acc_unit": "m/s^2", "gyr_unit": "deg/s", "symptom_at": "20", "stop_at": "40"},
        )
        assert walk.status_code == 201, walk.text
        for days_ago, pain in ((2, 6), (1, 5), (0, 4)):
            day = (date.today() - timedelta(days=days_ago)).isoformat()
            entry = {"entry_date": day, "pain_0_10": pain, "walking_tolerance_min": 10}
            entry["notes"] = "Walked to the shop"
            assert api.post("/api/diary", json=entry).status_code == 201
    return _finish(server.url, STENOSIS)


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


def test_the_report_at_200_percent_has_no_table_that_scrolls_without_the_keyboard(
    server,  # noqa: F811
    browser,  # noqa: F811
    diary_and_check,
):
    page = _page(browser, ZOOMED)
    page.goto(server.url + "/report")
    for caption in ("Diary notes", "Each answer, in the order", "Pelvis and trunk", "Walking tolerance"):
        assert page.locator("caption", has_text=caption).count() == 1, caption
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('table'))
             .filter(t => t.scrollWidth > t.clientWidth + 1 && !t.hasAttribute('tabindex'))
             .map(t => t.querySelector('caption').textContent)"""
    )
    assert wide == []  # no script gives the report's tables the focus: none may scroll
    check_page(page, "zoom-200-report-notes-answers")
    page.context.close()


@pytest.mark.parametrize("viewport", [SMALL_PHONE, ZOOMED], ids=["375px", "188px"])
def test_a_diary_days_edit_is_as_easy_to_tap_as_its_remove(server, browser, diary_and_check, viewport):  # noqa: F811
    page = _page(browser, viewport)
    page.goto(server.url + "/diary")
    edit = page.get_by_role("link", name="Edit the entry for").first
    remove = page.get_by_role("button", name="Remove the entry for").first
    edit_box, remove_box = edit.bounding_box(), remove.bounding_box()
    assert edit_box is not None and remove_box is not None
    assert edit_box["height"] >= 44, edit_box  # was 18 px: a line of text
    assert edit_box["height"] >= remove_box["height"] - 1
    # apart enough that a finger meant for one does not hit the other: beside it, or above it at 188 px
    gap = max(
        remove_box["x"] - (edit_box["x"] + edit_box["width"]),
        remove_box["y"] - (edit_box["y"] + edit_box["height"]),
    )
    assert gap >= 8, (edit_box, remove_box)
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client  # nothing pushed sideways
    edit.click()
    assert "/edit" in page.url
    page.context.close()


def test_a_diary_days_edit_and_remove_wrap_with_large_text(server, browser, diary_and_check):  # noqa: F811
    # the phone's own text made large (the page's text at 225 %, not the page zoomed): "Edit" and
    # "Remove" kept on one line pushed "Remove" 42 px past the edge; they go one above the other
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/diary")
    page.add_style_tag(content="html { font-size: 225% !important; }")
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    remove = page.get_by_role("button", name="Remove the entry for").first.bounding_box()
    assert remove is not None and remove["x"] + remove["width"] <= client
    page.context.close()


FILE_BUTTON = """() => Array.from(document.querySelectorAll('main input[type=file]')).map(box => {
  const r = box.getBoundingClientRect();
  return {id: box.id, font: getComputedStyle(box, '::file-selector-button').fontSize,
          body: getComputedStyle(document.body).fontSize, height: r.height, right: r.right,
          screen: document.documentElement.clientWidth};
})"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, ZOOMED], ids=["375px", "188px"])
@pytest.mark.parametrize("path", ["/walks", "/data", "/everyday"])
def test_choose_file_is_a_button_as_large_as_the_pages_others(server, browser, path, viewport):  # noqa: F811
    page = _page(browser, viewport)
    page.goto(server.url + path)
    boxes = page.evaluate(FILE_BUTTON)
    assert boxes, path
    for box in boxes:
        assert box["font"] == box["body"], box  # was 13.33 px: the browser's own, on an 18 px page
        assert box["height"] >= 44, box  # was 21 px
        assert box["right"] <= box["screen"], box
    page.context.close()


def test_the_walks_forms_folds_look_like_something_to_open(server, browser):  # noqa: F811
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/walks")
    accent = page.evaluate("() => getComputedStyle(document.querySelector('a')).color")  # the links' blue
    for fold in ("file-type", "units", "trials"):
        summary = page.locator(f"#{fold} > summary")
        style = summary.evaluate("s => [getComputedStyle(s).color, getComputedStyle(s).fontWeight]")
        assert style == [accent, "600"], (fold, style)  # was the page's black, plain text
        box = summary.bounding_box()
        assert box is not None and box["height"] >= 44, (fold, box)
    page.context.close()


def _overlapping(areas):
    """The pairs of tap areas (top, bottom, left, right) that overlap: a tap there could go to either."""
    return [
        (one, other)
        for i, one in enumerate(areas)
        for other in areas[i + 1 :]
        if not (
            one["bottom"] <= other["top"] + 0.5
            or other["bottom"] <= one["top"] + 0.5
            or one["right"] <= other["left"]
            or other["right"] <= one["left"]
        )
    ]


MENU = """() => Array.from(document.querySelectorAll('.site-nav a')).map(a => {
  const r = a.getBoundingClientRect();
  return {name: a.textContent, top: r.top, bottom: r.bottom, height: r.height, left: r.left, right: r.right};
})"""


def test_the_menus_links_fill_their_lines_for_a_finger(server, browser):  # noqa: F811
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/walks")
    links = page.evaluate(MENU)
    assert len(links) >= 6
    for link in links:
        assert link["height"] >= 26, link  # was 19 px, the text alone, on lines 28 px apart
    assert _overlapping(links) == []  # a finger's tap goes to one link only
    page.context.close()


def test_a_diary_day_on_a_phone_shows_no_name_without_a_value(server, browser, diary_and_check):  # noqa: F811
    day = (date.today() - timedelta(days=30)).isoformat()
    with httpx.Client(base_url=server.url, timeout=60) as api:
        assert api.post("/api/diary", json={"entry_date": day, "pain_0_10": 3}).status_code == 201
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/diary")
    row = page.locator("table.stack tbody tr", has=page.get_by_role("link", name="pain 3")).first
    assert row.locator('td[data-label="Pain (0-10)"]').is_visible()
    # "What you tried:" and "Notes:" stood there with nothing after them
    assert not row.locator('td[data-label="What you tried"]').is_visible()
    assert not row.locator('td[data-label="Notes"]').is_visible()
    noted = page.locator("table.stack tbody tr", has=page.get_by_role("link", name="pain 4")).first
    assert noted.locator('td[data-label="Notes"]').is_visible()  # a note is still shown with its name
    page.context.close()


TICK_BOXES = """() => Array.from(document.querySelectorAll('main [type=checkbox], main [type=radio]'))
  .filter(box => box.offsetParent !== null)
  .map(box => {
    const r = box.getBoundingClientRect(), l = box.closest('label').getBoundingClientRect();
    return {name: box.name, value: box.value, width: r.width, height: r.height,
            label: {top: l.top, bottom: l.bottom, left: l.left, right: l.right, height: l.height},
            screen: document.documentElement.clientWidth};
  })"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, ZOOMED], ids=["375px", "188px"])
@pytest.mark.parametrize("path", ["/data", "/walks", "/diary", "/walking-test"])
def test_tick_boxes_and_radios_are_a_size_a_finger_can_tap(server, browser, path, viewport):  # noqa: F811
    page = _page(browser, viewport)
    page.goto(server.url + path)
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
    boxes = page.evaluate(TICK_BOXES)
    assert boxes, path
    for box in boxes:
        assert box["width"] >= 22 and box["height"] >= 22, box  # was 13 px: the browser's own
        assert box["label"]["height"] >= 44, box  # the words take the tap too, on a finger's line
        assert box["label"]["right"] <= box["screen"], box
    assert _overlapping([box["label"] for box in boxes]) == []  # a finger's tap goes to one choice only
    page.context.close()


def tick_from_its_words(page, name: str) -> None:
    """Tap the words of the tick box named ``name``, not the box: it is ticked."""
    tick = page.get_by_role("checkbox", name=name)
    assert not tick.is_checked()
    words = page.locator("label", has=tick)
    words.scroll_into_view_if_needed()
    box = words.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 20, box["y"] + box["height"] / 2)  # the words, not the box
    assert tick.is_checked()


def test_the_data_pages_yes_delete_ticks_from_its_words(server, browser):  # noqa: F811
    page = _page(browser, SMALL_PHONE)
    page.goto(server.url + "/data")
    tick_from_its_words(page, "Yes, delete all")
    check_page(page, "small-phone-data-tick-box")
    page.context.close()


CHOSEN = "report-of-my-walk-on-the-long-hill-2026-11-28.csv"


@pytest.mark.parametrize(
    ("path", "box"), [("/walks", "#recording"), ("/everyday", "#export"), ("/data", "#restore-file")]
)
def test_a_chosen_files_name_is_said_where_the_file_box_cuts_it(server, browser, path, box):  # noqa: F811
    # at 188 px the file box has no room for the name beside "Choose File": it was said only for a drop
    page = _page(browser, ZOOMED)
    page.goto(server.url + path)
    page.set_input_files(box, {"name": CHOSEN, "mimeType": "text/csv", "buffer": NOT_A_WALK})
    status = page.locator(f"{box} ~ [data-drop-status]")
    assert status.is_visible()
    assert CHOSEN in status.inner_text()  # on the screen, whole (its words wrap)
    assert status.get_attribute("aria-live") == "polite"  # and to a screen reader
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    page.context.close()


REPORT_TABLES = """(captions) => Array.from(document.querySelectorAll('table'))
  .filter(t => captions.some(c => t.querySelector('caption').textContent.includes(c)))
  .map(t => ({caption: t.querySelector('caption').textContent.slice(0, 20),
              row: getComputedStyle(t.querySelector('tbody tr')).display,
              wide: t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right >
                    document.documentElement.clientWidth}))"""
FITTING = ["Diary notes", "Each answer, in the order", "Pelvis and trunk", "Walking tolerance"]
LONG_WORD = "Walked-to-the-shop-and-back-twice-without-stopping-once"  # a word wider than a 375 px line


@pytest.mark.parametrize(
    ("viewport", "text", "stacked"),
    [
        (SMALL_PHONE, "", False),
        (ZOOMED, "", True),
        (SMALL_PHONE, "html { font-size: 225% !important; }", True),
    ],
    ids=["375px", "188px", "375px-large-text"],
)
def test_the_reports_short_tables_are_one_box_a_row_only_where_they_do_not_fit(
    server,  # noqa: F811
    browser,  # noqa: F811
    diary_and_check,
    viewport,
    text,
    stacked,
):
    # at 375 px the answers, notes, pelvis and trunk and walking tolerance fit as tables; one box a
    # row made the report ~200 px longer there for nothing. As tables no value leaves its unit ("71
    # years" and "30 weeks" split when their cells could break anywhere), and a note's word too long
    # for its line breaks instead of pushing the table off the screen
    day = (date.today() - timedelta(days=20)).isoformat()
    with httpx.Client(base_url=server.url, timeout=60) as api:
        if not any(e["entry_date"] == day for e in api.get("/api/diary").json()):
            entry = {"entry_date": day, "pain_0_10": 2, "notes": LONG_WORD}
            assert api.post("/api/diary", json=entry).status_code == 201
    page = _page(browser, viewport)
    page.goto(server.url + "/report")
    if text:
        page.add_style_tag(content=text)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    tables = page.evaluate(REPORT_TABLES, FITTING)
    assert len(tables) == len(FITTING)
    for table in tables:
        assert table["row"] == ("block" if stacked else "table-row"), table
        assert not table["wide"], table  # the report has no script to let the keyboard scroll one
    # at 375 px (test_browser_phone_375 checks the whole report there), at 188 px, where the level's
    # list split "Walking only 10 minutes" and the facts "2 min 18 s" before the narrow rules at the end of
    # app.css, and with the text at 225 %, where a fact's big number split as "2 min 1" and "8 s"
    assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    assert page.get_by_text("71\u00a0years").count() >= 1  # the answer the split was seen in is there
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    check_page(page, f"report-short-tables-{viewport['width']}{'-large-text' if text else ''}")
    page.context.close()


def _result_unfolded(browser, viewport, url):  # noqa: F811
    """A result page at ``viewport`` with every fold open."""
    page = _page(browser, viewport)
    page.goto(url)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page


ANSWERS = """() => Array.from(document.querySelectorAll('#answers-table tbody td')).slice(0, 2).map(td => ({
  display: getComputedStyle(td).display, before: getComputedStyle(td, '::before').content}))"""


@pytest.mark.parametrize(
    ("viewport", "stacked"), [(SMALL_PHONE, False), (ZOOMED, True)], ids=["375px", "188px"]
)
def test_the_results_answers_keep_their_headings_as_boxes(
    server,  # noqa: F811
    browser,  # noqa: F811
    diary_and_check,
    viewport,
    stacked,
):
    # the result page's answers had no data-label: as boxes their values would stand without
    # "Question" and "Your answer"; at 188 px they are boxes now (the table scrolled sideways), at
    # 375 px still a table with its headings above
    page = _result_unfolded(browser, viewport, f"{server.url}/check/{diary_and_check}/result")
    cells = page.evaluate(ANSWERS)
    if stacked:
        assert cells == [
            {"display": "block", "before": '"Question: "'},
            {"display": "block", "before": '"Your answer: "'},
        ]
    else:
        assert [cell["display"] for cell in cells] == ["table-cell", "table-cell"]
        assert page.locator("#answers-table thead th").first.is_visible()
    assert not page.evaluate(
        "() => { const t = document.querySelector('#answers-table'); "
        "return t.scrollWidth > t.clientWidth + 1; }"
    )
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    check_page(page, f"result-answers-{viewport['width']}")
    page.context.close()


DIARY_TICKS = """() => ({form: document.querySelector('main form').offsetHeight,
  lefts: Array.from(new Set(Array.from(document.querySelectorAll('main .checklist label'))
    .map(l => Math.round(l.getBoundingClientRect().left)))).length})"""
DIARY_FORM_MOST_PX = 1_330  # 1,428 px with 44 px tick lines in one column; 1,304 px in two


@pytest.mark.parametrize(("viewport", "columns"), [(SMALL_PHONE, 2), (ZOOMED, 1)], ids=["375px", "188px"])
def test_the_diarys_things_tried_take_two_columns_where_two_fit(server, browser, viewport, columns):  # noqa: F811
    # with 44 px tick lines the Diary's form was 110 px longer at 375 px: its 15 things tried now
    # take two columns there (each line still 44 px or more: the tick box test), one at 188 px
    page = _page(browser, viewport)
    page.goto(server.url + "/diary")
    ticks = page.evaluate(DIARY_TICKS)
    assert ticks["lefts"] == columns, ticks
    if columns == 2:
        assert ticks["form"] <= DIARY_FORM_MOST_PX, ticks
    page.context.close()


FACTS = """() => Array.from(document.querySelectorAll('.facts .value')).map(value => {
  const lines = el => { const range = document.createRange(); range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size; };
  const box = value.getBoundingClientRect();
  return {value: value.textContent, lines: lines(value), wide: value.scrollWidth > value.clientWidth,
          inside: box.right <= value.closest('li').getBoundingClientRect().right,
          font: parseFloat(getComputedStyle(value).fontSize),
          text: parseFloat(getComputedStyle(document.body).fontSize),
          parts: Array.from(value.querySelectorAll('.amount')).map(lines)};
})"""
LARGE_TEXT = "html { font-size: 225% !important; }"


@pytest.mark.parametrize(
    ("viewport", "text"), [(SMALL_PHONE, LARGE_TEXT), (ZOOMED, "")], ids=["375px-large-text", "188px"]
)
@pytest.mark.parametrize("path", ["/report", "/walks/{walk}"])
def test_a_walks_big_numbers_keep_their_units_at_any_text_size(
    server,  # noqa: F811
    browser,  # noqa: F811
    diary_and_check,
    viewport,
    text,
    path,
):
    # with the page's text at 225 % "2 min 18 s" was wider than its box and broke inside itself ("2 min
    # 1" above "8 s"): now each fits its box on one line, never smaller than the page's text
    walk = httpx.get(server.url + "/api/walks", timeout=60).json()[0]["id"]  # the lab walk
    page = _page(browser, viewport)
    page.goto(server.url + path.format(walk=walk))
    if text:
        page.add_style_tag(content=text)
    facts = page.evaluate(FACTS)
    assert [fact["value"] for fact in facts][:2] == ["2\u00a0min 18\u00a0s", "1\u00a0min 6\u00a0s"]
    for fact in facts:
        assert fact["lines"] == 1 and not fact["wide"] and fact["inside"], fact
        assert fact["font"] >= fact["text"], fact
    # a longer one ("3 h 10 min 4 s", a long recording) wraps between its parts, never inside one
    page.evaluate(
        "() => { document.querySelector('.facts .value').innerHTML = "
        '\'<span class="amount">3\u00a0h</span> <span class="amount">10\u00a0min</span> '
        '<span class="amount">4\u00a0s</span>\'; }'
    )
    longer = page.evaluate(FACTS)[0]
    assert longer["parts"] == [1, 1, 1] and not longer["wide"] and longer["inside"], longer
    assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    check_page(
        page,
        f"walk-facts-{path.strip('/').replace('/', '-')}-{viewport['width']}{'-large-text' if text else ''}",
    )
    page.context.close()


RESULT_TABLES = """() => Array.from(document.querySelectorAll('table.causes-trail, #evidence-table'))
  .map(t => ({caption: t.querySelector('caption').textContent.slice(0, 30),
              row: getComputedStyle(t.querySelector('tbody tr')).display,
              scrolls: t.scrollWidth > t.clientWidth + 1,
              unnamed: Array.from(t.querySelectorAll('tbody td')).filter(td => td.textContent.trim() &&
                !getComputedStyle(td, '::before').content.startsWith(`"${td.dataset.label}:`)).length}))"""


@pytest.mark.parametrize(
    ("viewport", "stacked"),
    [(SMALL_PHONE, True), (ZOOMED, True), ({"width": 1280, "height": 800}, False)],
    ids=["375px", "188px", "1280px"],
)
def test_the_results_causes_trail_and_evidence_are_boxes_on_a_phone(
    server,  # noqa: F811
    browser,  # noqa: F811
    diary_and_check,
    viewport,
    stacked,
):
    # "How we worked this out" (five columns) and "what studies say" about each piece of advice were
    # tables wider than a phone that scrolled sideways, with no data-label: on a phone each row is now a
    # box, each value under its column's name ("Likelihood ratio: 6.4"); a table on a clinician's screen
    page = _result_unfolded(browser, viewport, f"{server.url}/check/{diary_and_check}/result")
    tables = page.evaluate(RESULT_TABLES)
    assert len(tables) >= 2 and any(t["caption"].startswith("Each piece of advice") for t in tables)
    for table in tables:
        assert table["row"] == ("block" if stacked else "table-row"), table
        assert not table["scrolls"], table
        if stacked:
            assert table["unnamed"] == 0, table  # every value under its column's name
    assert page.get_by_text("Likelihood ratio: ").count() == 0  # the name is the page's, not text to copy
    if stacked:
        assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, (width, client)
    check_page(page, f"result-trail-evidence-{viewport['width']}")
    page.context.close()


FOLDS = """() => Array.from(document.querySelectorAll('main summary')).filter(s => s.offsetParent !== null)
  .map(s => ({name: s.textContent.trim().slice(0, 40), height: s.getBoundingClientRect().height}))"""


@pytest.mark.parametrize(
    "viewport", [SMALL_PHONE, ZOOMED, {"width": 1280, "height": 800}], ids=["375px", "188px", "1280px"]
)
def test_the_reports_folds_are_a_fingers_size(server, browser, diary_and_check, viewport):  # noqa: F811
    # the report's text is paper's 11pt, so its folds ("Show the 34 answers", "Show the 50 sources")
    # were 40 px high, under the app's 44 px for a finger, on a phone and on a clinician's screen
    page = _page(browser, viewport)
    page.goto(server.url + "/report")
    folds = page.evaluate(FOLDS)
    assert len(folds) >= 4, folds
    for fold in folds:
        assert fold["height"] >= 44, fold
    page.context.close()


@pytest.mark.parametrize(
    ("viewport", "text"), [(ZOOMED, ""), (SMALL_PHONE, LARGE_TEXT)], ids=["188px", "375px-large-text"]
)
@pytest.mark.parametrize("path", ["/", "/check"])
def test_how_long_a_check_takes_keeps_its_unit(server, browser, viewport, text, path):  # noqa: F811
    # "It takes about 5 minutes" split as "5" and "minutes" at 188 px and with the text at 225 %
    page = _page(browser, viewport)
    page.goto(server.url + path)
    if text:
        page.add_style_tag(content=text)
    assert page.get_by_text("It takes about 5\u00a0minutes.").count() == 1
    assert page.evaluate(UNIT_ON_NEXT_LINE) == []
    page.context.close()
