"""A long name never pushes a page sideways on a small screen (320 px, a phone held sideways).

A person's label may be up to 80 letters, and a clinic may use a number or a code without spaces. At
320 px "Records of NAME" above every page of a clinic was 233 px wider than the screen (the question
page, Home), and on a phone held sideways (667 x 375) the People page's table was 1,084 px wide, so
the page scrolled sideways and its columns were out of sight. Now the name breaks where it must.
"""

from __future__ import annotations

import pytest
from tests.integration.browser_support import Server, browser, check_page  # noqa: F401

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

pytestmark = pytest.mark.browser

LONG = "Maximiliana-Konstantinopolitanischedudelsackpfeifenmacherin"  # no space to wrap at
SIDEWAYS = """() => {
  const d = document.documentElement;
  return {scroll_x: d.scrollWidth - d.clientWidth,
          name_right: Math.max(...Array.from(document.querySelectorAll('.whose strong, table th[scope=row]'))
            .map(el => el.getBoundingClientRect().right)),
          width: d.clientWidth};
}"""


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("long-name") / "backstride.sqlite3").start()
    records = Records(Database(sqlite_url(srv.db_path)))
    long = records.people.add(LONG).id
    records.people.add("Ben")
    records.db.dispose()
    yield srv, long
    srv.stop()


@pytest.mark.parametrize("size", [(320, 568), (667, 375)], ids=["320 px", "sideways"])
def test_a_long_name_breaks_instead_of_widening_the_page(clinic, browser, size) -> None:  # noqa: F811
    srv, person = clinic
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.set_default_timeout(30_000)
    for path in (f"/?person={person}", f"/check?person={person}", "/people"):
        page.goto(srv.url + path)
        if path.startswith("/check"):
            page.get_by_role("button", name="Start the questions").click()
            page.wait_for_selector(".answer-form legend h1")
        assert LONG in page.locator("main").inner_text().replace("\n", ""), path
        seen = page.evaluate(SIDEWAYS)
        assert seen["scroll_x"] <= 1, (path, seen)  # a pixel of rounding (People's table, any name); was 435
        assert seen["name_right"] <= seen["width"], (path, seen)
    check_page(page, "people-long-name")
    page.context.close()
