"""Every page of the app, error pages too, says where the records are kept and whom it speaks to, in
its footer and its 'Get help now' line, without each route having to pass it.

At home (one person, no password) the footer says "Your answers, walks and diary stay on this
computer." and speaks to the person ("helps you and your clinician"). In a clinic (several people,
with or without a password) the records are the clinic's, on its server: the footer says "These
records are kept in this backstride's own database", and the page speaks about the person ("helps a
person and their clinician", "if they cannot pass urine"), except on a person's own check (its
questions and result), which speaks to them. /sources, /activity, /my-password, /staff and the 404
page said the home words in a clinic: they passed no ``several_people``.

The pages are listed from the app's routes, so a new page is checked too (a new kind of id in an
address must be given a value in ``_ids``: the test says which)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app, is_api_path
from backstride.web.settings import Settings
from backstride.web.whose import PERSON_COOKIE

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
STAFF_PASSWORD = "a long staff password"
AT_HOME = "Your answers, walks and diary stay on this computer."
IN_A_CLINIC = "These records are kept in this backstride's own database and are not sent anywhere else."
TO_THEM = ("backstride helps you and your clinician think about your back", "if you cannot pass urine")
ABOUT_THEM = (
    "backstride helps a person and their clinician think about their back",
    "if they cannot pass urine",
)
# the clinician's report: a document of its own (report.html), with its own footer
OWN_FOOTER = frozenset({"/report"})
# a person's own check (its questions and result) speaks to them, on a clinic's computer too
OWN_CHECK = frozenset({"/check/{assessment_id}", "/check/{assessment_id}/result"})


def _words(html: str, part: str) -> str:
    found = re.search(rf"<{part}\b.*?</{part}>", html, re.S)
    assert found, f"the page has no <{part}>"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def page_routes(app: FastAPI) -> list[str]:
    """The address of every page (an HTML answer to GET), as the app lists its routes: not the API's
    (``/api``), nor a download (a file, not an HTML page)."""
    try:  # FastAPI 0.165 keeps each included router whole in app.routes
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - an older FastAPI lists the routes themselves
        routes: list[Any] = list(app.routes)
    else:
        routes = list(iter_route_contexts(app.routes))
    pages = []
    for route in routes:
        kind = getattr(route, "response_class", None)
        if "GET" not in (getattr(route, "methods", None) or ()) or is_api_path(route.path):
            continue
        if isinstance(kind, type) and issubclass(kind, HTMLResponse):
            pages.append(route.path)
    return pages


def _database(path: Path, *labels: str) -> tuple[str, dict[str, int]]:
    """A database of these people ("Me": the one at home); the first has a check with its result, a
    walk and a diary day, so every page of one record has one to show."""
    url = sqlite_url(path)
    records = Records(Database(url).migrate())
    people = {label: records.people.add(label).id if label != "Me" else 1 for label in labels}
    first = records.for_person(people[labels[0]])
    first.add_diary_entry(entry_date="2026-11-20", pain_0_10=4, walking_tolerance_min=12)
    check = first.start_assessment("person")
    first.answer(check.id, {"pain_leg": "below_knee", "age_years": 45})
    first.result(check.id)
    walk = first.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    entry = first.list_diary_entries()[0]
    records.db.dispose()
    return url, {
        "assessment_id": check.id,
        "walk_id": walk.id,
        "entry_id": entry.id,
        "person_id": people[labels[0]],
        "staff_id": 1,
    }


def _address(path: str, ids: dict[str, int]) -> str:
    names = re.findall(r"{(\w+)}", path)
    unknown = [name for name in names if name not in ids]
    assert not unknown, f"{path}: give the test an id for {unknown} (in _database)"
    return re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)]), path)


@pytest.fixture(scope="module", params=["home", "clinic", "clinic with a password"])
def site(request, tmp_path_factory) -> Iterator[tuple[str, TestClient, dict[str, int]]]:
    where = request.param
    labels = ("Me",) if where == "home" else ("Ana", "Ben")
    url, ids = _database(tmp_path_factory.mktemp("footer") / "app.sqlite3", *labels)
    app = create_app(Settings(database_url=url))
    with TestClient(app) as web:
        if where == "clinic with a password":
            ids["staff_id"] = app.state.access.add_staff("Dr Lee", STAFF_PASSWORD, admin=True).id
            web.auth = ("Dr Lee", STAFF_PASSWORD)
        if where != "home":
            web.cookies.set(PERSON_COOKIE, str(ids["person_id"]))
        yield where, web, ids


def _assert_footer(where: str, html: str, *, to_them: bool = False) -> None:
    footer, help_now = _words(html, "footer"), _words(html, "aside")
    if where == "home":
        assert AT_HOME in footer and IN_A_CLINIC not in footer
    else:
        assert IN_A_CLINIC in footer and AT_HOME not in footer
    header = html.split("<main", 1)[0]
    assert ('<a href="/people"' in header) is (where != "home")  # the menu's People, with several people
    voice, other = (TO_THEM, ABOUT_THEM) if where == "home" or to_them else (ABOUT_THEM, TO_THEM)
    assert voice[0] in footer and other[0] not in footer
    assert voice[1] in help_now and other[1] not in help_now


def test_every_page_lists_itself() -> None:
    """The walk below meets the pages named in the bug, and the record pages (not an empty list)."""
    pages = page_routes(create_app(Settings(database_url="sqlite://", migrate_on_start=False)))
    for path in ("/", "/sources", "/activity", "/my-password", "/staff", "/diary", "/check/{assessment_id}"):
        assert path in pages
    assert not [path for path in pages if path.startswith("/api") or path.startswith("/data/export")]


def test_every_page_says_where_the_records_are_and_to_whom(site) -> None:
    where, web, ids = site
    said = {}
    for path in page_routes(web.app):  # type: ignore[arg-type]
        if path in OWN_FOOTER:
            continue
        page = web.get(_address(path, ids))
        assert page.headers["content-type"].startswith("text/html"), path
        try:
            _assert_footer(where, page.text, to_them=path in OWN_CHECK)
        except AssertionError:
            said[path] = (page.status_code, _words(page.text, "footer"))
    assert sorted(said) == [], (where, said)


@pytest.mark.parametrize("address", ["/no-such-page", "/walks/999999", "/walks/not-a-number"])
def test_error_pages_say_it_too(site, address: str) -> None:
    where, web, _ = site
    page = web.get(address)
    assert page.status_code in (404, 422)
    _assert_footer(where, page.text)


def test_a_mistake_in_backstride_says_it_too(site) -> None:
    """The page for a bug (500, drawn around everything else) says it too."""
    where, web, _ = site

    def broken() -> None:
        raise RuntimeError("a bug")

    web.app.add_api_route("/broken-for-the-test", broken, methods=["GET"])  # type: ignore[attr-defined]
    page = web.get("/broken-for-the-test")
    assert page.status_code == 500
    _assert_footer(where, page.text)


def test_an_error_page_asks_the_database_off_the_event_loop(tmp_path: Path, monkeypatch) -> None:
    """An error page is drawn on the event loop: whether there are several people is read in the
    thread pool before it (one slow read there would hold up every other page)."""
    import asyncio

    url, _ = _database(tmp_path / "clinic.sqlite3", "Ana", "Ben")
    app = create_app(Settings(database_url=url))
    on_loop: list[str] = []
    real_session = app.state.db.session

    def watched_session(*args: Any, **kwargs: Any) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return real_session(*args, **kwargs)
        on_loop.append(now)
        return real_session(*args, **kwargs)

    monkeypatch.setattr(app.state.db, "session", watched_session)
    with TestClient(app) as web:
        for now in ("/no-such-page", "/walks/not-a-number", "/walks/999999"):
            page = web.get(now)
            assert page.status_code in (404, 422) and IN_A_CLINIC in _words(page.text, "footer"), now
        now = "POST /sources"
        page = web.post("/sources")
        assert page.status_code == 405 and IN_A_CLINIC in _words(page.text, "footer")
    assert on_loop == []
