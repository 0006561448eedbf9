"""Browser tests: a walk file over the size limit (set to 1 MB here with BACKSTRIDE_MAX_UPLOAD_MB) is
refused with a page that names the limit, at once, and nothing is stored; a file just over the limit
is refused on the walks page itself, the form kept. JavaScript off: the plain form post."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.integration.browser_support import CHROMIUM, Server, browser, check_page, new_page, require  # noqa: F401

pytestmark = pytest.mark.browser

LIMIT_TEXT = "1 MB (1,048,576 bytes)"


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require(CHROMIUM.exists(), f"chromium not found at {CHROMIUM}; install it with apt-get install chromium")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BACKSTRIDE_MAX_UPLOAD_MB", "1")  # the server process reads it at start-up
        srv = Server(tmp_path_factory.mktemp("limit-db") / "backstride.sqlite3").start()
    yield srv
    srv.stop()


def _send(page, server: Server, path) -> None:  # noqa: ANN001
    page.goto(server.url + "/walks")
    page.set_input_files("#recording", str(path))
    page.fill("#height_cm", "172")
    page.get_by_role("button", name="Send the walk").click()


def test_a_file_far_over_the_limit_gets_a_page_naming_the_limit(small_server, browser, tmp_path):  # noqa: F811
    big = tmp_path / "week.cwa"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # 200 MB: refused from its stated size, before it is read
    page = new_page(browser, javascript=False)
    page.goto(small_server.url + "/walks")
    assert "A file can be up to 1 MB." in page.locator("#recording-hint").inner_text()
    _send(page, small_server, big)
    assert page.get_by_role("heading", level=1).inner_text() == "This file is too big"
    text = page.locator("main").inner_text()
    assert f"A walk file can be at most {LIMIT_TEXT}" in text and "Nothing was stored" in text
    check_page(page, "16-walk-too-big")
    assert page.request.get(small_server.url + "/api/walks").json() == []


def test_a_file_just_over_the_limit_is_refused_on_the_walks_page(small_server, browser, tmp_path):  # noqa: F811
    just_over = tmp_path / "day.cwa"
    just_over.write_bytes(b"\0" * (1024 * 1024 + 1))
    page = new_page(browser, javascript=False)
    _send(page, small_server, just_over)
    alert = page.get_by_role("alert")
    assert alert.inner_text() == (
        f"day.cwa is too big. A walk file can be at most {LIMIT_TEXT}. "
        "Nothing was stored. Please send a shorter recording."
    )
    assert page.locator("#height_cm").input_value() == "172"  # what was typed is kept
    assert page.locator("#recording").get_attribute("aria-invalid") == "true"
    assert page.request.get(small_server.url + "/api/walks").json() == []
