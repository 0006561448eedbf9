"""A question on a small phone (375 x 667) is on the first screen, at home and in a clinic.

A new user found that in a clinic (several people kept) the first question of a clinician's check
started below the first screen at 375 px: the menu (three lines), "Get help now" (13 lines), whose
records, the progress and "Clinician check: ..." filled it, so the question and its answers were out
of sight. Now the question's words and its first answer are on the first screen in both modes, at
home and in a clinic, and nothing a person needs was taken away to make room: "Get help now" still
names every sign and its sources above the question, whose records and the progress are still there,
and the page still ends with "This is not a diagnosis".

"Get help now" is never made smaller than the page's own text to make room (it was 0.8rem, 14.4 px
beside the 18 px of the question's hint): the room comes from the menu, the gaps and the question's
heading instead.

A clinician's first answer ended at 707 px (home) and 727 px (clinic), below the first screen: the line
"Clinician check: the questions include an examination." (two lines above the question) and the hint's
"Leave the rest blank." pushed it down. A clinician chose the check a moment before and knows that a
box not ticked means no: the note now follows the answers (it is still on every question's page), and
a clinician's hint is short. The question and its first answer are on the
first screen for a clinician too, with "Get help now" and the text as large as before.

Knowledge 1.33.0: the strip names the aneurysm's faintness too [A24] (it had been left out: two more
lines pushed the first answer below the first screen). It says every sign in fewer words, the cauda
equina signs whole, and folds the long words under "Where to go, in full": 287 px tall at 375 px, was
337; the first answer now ends at 581-603 px, was 632-654. At 200 % zoom (188 x 333) the strip was 766
px, now 690, and the question starts at 926 px, was 1,001.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import Server, browser, check_page, server  # noqa: F401

from backstride.services.access import Access
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
ZOOMED = {"width": 188, "height": 333}  # the same phone's page with its text at 200 %
# the strip's words in view, without a tap: every cauda equina sign whole, the others in short words
SIGNS = (
    "Get emergency help now",
    "cannot pass urine or control",  # "your" or, in a clinic, "their" bladder or bowels
    "feel numb between",
    "legs getting weaker",
    "both legs",
    "bad fall",
    "tearing pain",
)
# where the page's parts are, in CSS pixels from the top of the first screen
PLACES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  const answer = Array.from(document.querySelectorAll(
    '.answer-form fieldset button, .answer-form fieldset input:not([type=hidden])'))[0];
  return {
    question: box(document.querySelector('.answer-form legend h1')),
    answer: box(answer),
    help: box(document.querySelector('.help-now')),
    help_text: document.querySelector('.help-now').innerText,
    // the size of the help strip's words (the signs and their sources) and of the page's own text
    help_px: Math.min(...Array.from(document.querySelectorAll('.help-now, .help-now *'))
      .map(el => parseFloat(getComputedStyle(el).fontSize))),
    help_line: parseFloat(getComputedStyle(document.querySelector('.help-now')).lineHeight),
    text_px: parseFloat(getComputedStyle(document.querySelector('.answer-form p, main p')).fontSize),
    progress: box(document.querySelector('.progress progress')),
    whose: document.querySelector('.whose') && box(document.querySelector('.whose')),
    footer: document.querySelector('.site-footer').innerText,
    mode_note: document.querySelector('main').innerText.includes(
      'Clinician check: the questions include an examination.'),
    scroll_x: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    """A second app that keeps two people (a clinic's); the query that opens the first one's records."""
    srv = Server(tmp_path_factory.mktemp("clinic-db") / "backstride.sqlite3").start()
    records = Records(Database(sqlite_url(srv.db_path)))
    ana = records.people.add("Ana").id
    records.people.add("Ben")
    records.db.dispose()
    yield srv, f"?person={ana}"
    srv.stop()


def _places(browser, url: str, start: str) -> list[dict]:  # noqa: F811
    """The places on the first two questions of a check started with the button ``start``."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    with page.expect_navigation():
        page.get_by_role("button", name=start).click()
    _question_shown(page)
    seen = [page.evaluate(PLACES)]
    none = page.get_by_role("button", name="None of these")
    with page.expect_navigation():  # measured on the next question's page, never while it loads
        (none if none.count() else page.get_by_role("button", name="No", exact=True)).click()
    _question_shown(page)
    seen.append(page.evaluate(PLACES))
    page.context.close()
    return seen


def _question_shown(page) -> None:
    page.wait_for_selector(".answer-form legend h1")
    page.wait_for_load_state()


def _first_question(browser, url: str, viewport: dict):  # noqa: F811
    """A page at ``viewport`` on the first question of a person's check started at ``url``."""
    page = browser.new_context(viewport=viewport).new_page()
    page.set_default_timeout(30_000)
    page.goto(url + "/check")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the questions").click()
    _question_shown(page)
    return page


@pytest.mark.parametrize("where", ["home", "clinic"])
@pytest.mark.parametrize("start", ["Start the questions", "I am a clinician examining someone"])
def test_the_question_and_its_first_answer_are_on_the_first_screen(server, clinic, browser, where, start):  # noqa: F811
    url = f"{server.url}/check" if where == "home" else f"{clinic[0].url}/check{clinic[1]}"
    for places in _places(browser, url, start):
        assert places["question"]["top"] < PHONE["height"], places
        assert places["question"]["bottom"] <= PHONE["height"], places
        assert places["answer"]["bottom"] <= PHONE["height"], places  # a clinician's was 707 and 727
        # a clinician's check still says so on the page, below the answers
        assert places["mode_note"] == (start != "Start the questions"), places
        # "Get help now" as easy to read as the page's text: not smaller, not squeezed (was 14.4 px)
        assert places["help_px"] >= places["text_px"] >= 18, places
        assert places["help_line"] >= 1.4 * places["help_px"], places
        # nothing taken away: the help strip (every sign, its sources) above the question, the progress
        assert places["help"]["bottom"] <= places["question"]["top"], places
        for words in (*SIGNS, "feeling faint", "A24"):
            assert words in places["help_text"], words
        assert places["progress"]["bottom"] <= places["question"]["top"], places
        assert (places["whose"] is not None) == (where == "clinic"), places
        assert "This is not a diagnosis." in places["footer"]
        assert places["scroll_x"] <= 0, places


def test_at_home_with_a_password_sign_out_leaves_room_for_the_question(tmp_path, browser):  # noqa: F811
    """With a password the menu has "Sign out": it was a line of its own (158 px of menu), and the
    first answer of a person's check ended at 690 px. It sits on the menu's last line now."""
    srv = Server(tmp_path / "backstride.sqlite3").start()
    try:
        db = Database(sqlite_url(srv.db_path))
        Access(db).set_password("a long home password")  # as 'backstride password set' does
        db.dispose()
        page = browser.new_context(viewport=PHONE).new_page()
        page.set_default_timeout(30_000)
        for _ in range(50):  # a running server reads the sign-in state again every 2 s
            page.goto(srv.url + "/check")
            if "/sign-in" in page.url:
                break
            page.wait_for_timeout(100)
        page.get_by_label("Password").fill("a long home password")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Start the questions").click()
        _question_shown(page)
        places = page.evaluate(PLACES)
        assert page.get_by_role("button", name="Sign out").is_visible()
        assert (page.get_by_role("button", name="Sign out").bounding_box() or {}).get("height", 0) >= 24
        assert places["answer"]["bottom"] <= PHONE["height"], places  # was 690
        assert places["help_px"] >= places["text_px"], places
        check_page(page, "question-first-screen-password")  # axe: nothing serious
        page.context.close()
    finally:
        srv.stop()


def test_at_200_percent_zoom_the_strip_fits_and_its_fold_opens(server, browser):  # noqa: F811
    """At 188 px (a 375 px phone at 200 %) the strip scrolls nothing sideways, shows every cauda equina
    sign without a tap, and opens its long words (each sign with its sources) with the keyboard."""
    page = _first_question(browser, server.url, ZOOMED)
    places = page.evaluate(PLACES)
    assert places["scroll_x"] <= 0, places
    assert places["help_px"] >= places["text_px"], places
    for words in (*SIGNS, "feeling faint", "A24"):
        assert words in places["help_text"], words
    fold = page.locator(".help-now summary")
    assert "passing out" not in places["help_text"]  # the long words are folded
    fold.focus()
    page.keyboard.press("Enter")
    opened = page.locator(".help-now").inner_text()
    assert "Call emergency services if you feel a throbbing in your belly" in opened
    assert "sudden, bad pain with feeling faint, sweaty or passing out [A24]" in opened
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    check_page(page, "question-zoom-200-help-now-open")  # axe: nothing serious
    page.context.close()


FOLD = """() => {
  const strip = document.querySelector('.help-now'), fold = strip.querySelector('summary');
  fold.scrollIntoView({block: 'center'});
  const box = r => ({top: r.top, bottom: r.bottom, height: r.height, left: r.left});
  const words = document.createRange(); words.selectNodeContents(fold);
  const link = strip.querySelector('p a').getBoundingClientRect();
  const tapped = document.elementFromPoint(link.left + 4, link.bottom - 2).closest('a, summary');
  return {strip: box(strip.getBoundingClientRect()), fold: box(fold.getBoundingClientRect()),
          text: box(strip.querySelector('p').getBoundingClientRect()),
          words: box(words.getBoundingClientRect()),
          link_taken_by: tapped && tapped.tagName};
}"""
STRIP_AT_375_PX = 287.5  # the strip's height at 375 x 667 (287.0 px) when its fold was a 25 px line


@pytest.mark.parametrize(
    "viewport", [PHONE, ZOOMED, {"width": 1280, "height": 800}], ids=["375px", "188px", "1280px"]
)
def test_where_to_go_in_full_is_a_fingers_size_and_the_strip_no_taller(server, browser, viewport):  # noqa: F811
    # "Where to go, in full" was a 25 px tap line, the app's own minimum being 44 px; the room comes from
    # the strip's bottom padding and the lower part of the line above it, not from the first screen
    page = _first_question(browser, server.url, viewport)
    if viewport == PHONE:  # measured before the fold is scrolled to
        assert page.evaluate(PLACES)["answer"]["bottom"] <= PHONE["height"]
    fold = page.evaluate(FOLD)
    assert fold["fold"]["height"] >= 44, fold
    assert fold["words"]["top"] >= fold["text"]["bottom"] - 0.5, fold  # its words below the signs, as before
    assert fold["fold"]["bottom"] <= fold["strip"]["bottom"], fold  # inside the strip
    assert fold["link_taken_by"] == "A", fold  # "Sources" above it still takes its own taps
    if viewport == PHONE:
        assert fold["strip"]["height"] <= STRIP_AT_375_PX, fold
    # a finger on the top of its area, above its words, opens it
    page.mouse.click(fold["fold"]["left"] + 60, fold["fold"]["top"] + 3)
    assert page.locator(".help-now-more").get_attribute("open") is not None
    assert (
        "Call emergency services if you feel a throbbing in your belly"
        in page.locator(".help-now").inner_text()
    )
    check_page(page, f"help-now-fold-{viewport['width']}")
    page.context.close()
