"""An error page's title is in plain words, as its heading: never the protocol's phrase.

A new-user test (2026-11-27, helper U) opened /report?check=abc and /walks/abc: the page said
"Something was not right" and what to fix, but its title, which a screen reader says first and the
browser's tab shows, was "Unprocessable Entity · backstride".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("error-titles") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/report?check=abc", 422, "Something was not right"),
        ("GET", "/walks/abc", 422, "Something was not right"),
        ("GET", "/no-such-page", 404, "We could not find that page"),
        ("DELETE", "/diary", 405, "That cannot be done on this page"),
        # a check, walk or diary day that is not there (review R4: titled "Not found")
        ("GET", "/report?check=999", 404, "We could not find that page"),
        ("GET", "/check/999/result", 404, "We could not find that page"),
        ("GET", "/diary/999/edit", 404, "We could not find that page"),
    ],
)
def test_the_title_says_what_the_heading_says(
    client: TestClient, method: str, path: str, status: int, title: str
) -> None:
    page = client.request(method, path)
    assert page.status_code == status
    said = re.search(r"<title>(.*?)</title>", page.text, re.S)
    assert said is not None and said.group(1).strip().startswith(f"{title} ·"), said
    assert f"<h1>{title}</h1>" in page.text
    assert HTTPStatus(status).phrase not in said.group(1)


# ---- every error page: its title is its heading (a new-user test, 2026-11-27: the 503 page was titled
# "Saved data not reachable" under the heading "We could not reach your saved data just now")


def _title_and_heading(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?) · backstride</title>", html, re.S)
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert title is not None and heading is not None
    return title.group(1).strip(), heading.group(1).strip()


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503])
def test_every_error_page_is_titled_by_its_heading_in_plain_words(status: int) -> None:
    from backstride.web.app import error_page

    title, heading = _title_and_heading(bytes(error_page(status, "What happened.").body).decode())
    assert title == heading
    assert HTTPStatus(status).phrase not in title  # never the protocol's words ("Too Many Requests")


def test_the_database_failing_gives_one_page_titled_by_its_heading(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.core.errors import StorageError
    from backstride.services.records import Records

    def fails(*_args: object, **_kwargs: object) -> None:
        raise StorageError("the database is busy: another program is writing to it")

    monkeypatch.setattr(Records, "get_assessment_and_several", fails)  # a page that says it itself
    monkeypatch.setattr(Records, "list_assessments", fails)  # a failure the app's handler says
    pages = [client.get("/check/1"), client.get("/history")]
    for page in pages:
        assert page.status_code == 503
        title, heading = _title_and_heading(page.text)
        assert title == heading == "We could not reach your saved data just now"
        assert "the database is busy" in page.text


def test_a_page_that_starts_with_a_warning_says_it_first_in_its_title_then_its_heading(
    client: TestClient,
) -> None:
    location = client.post("/check", follow_redirects=False).headers["location"]
    client.post("/data/delete", data={"confirm": "yes"})  # the check is gone (another tab)
    codes = ["urinary_retention", "urinary_incontinence", "bowel_incontinence", "saddle_numbness"]
    codes += ["sexual_dysfunction_new", "leg_symptoms_spread_to_other_leg"]
    data = {"codes": ",".join(codes), "choice": "checked", "checked": ["urinary_retention"]}
    sent = client.post(location + "/answer", data=data, follow_redirects=False)
    assert sent.status_code == 404
    title, heading = _title_and_heading(sent.text)
    assert heading == "We could not save that answer"
    assert title == f"The answers you just sent mean: get emergency help now. {heading}"


def test_a_staff_member_not_there_is_the_plain_not_found_page() -> None:
    from backstride.web.staff_pages import _gone

    title, heading = _title_and_heading(bytes(_gone(None).body).decode())  # type: ignore[arg-type]
    assert title == heading == "We could not find that page"
