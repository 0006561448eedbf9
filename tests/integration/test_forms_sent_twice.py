"""A form that adds a person, a staff member or a walk, sent twice (a double click on its button), is
answered the second time as it was the first: the person or member saved, the walk shown. Before, the
second answer was the page shown: a 422 "there is already someone called ..." or a 409 "You added this
file already", though the first had saved it. The form carries a one-time token kept with what it
added (``services.form_tokens``, in the settings table: no migration). Another form with the same name
or file, or the same form sent again after ``FORM_SENT_TWICE_WITHIN``, still gets today's answer.

On SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.conftest import MOBILISED_LAB

from backstride.services import access as access_module
from backstride.services.form_tokens import FORM_SENT_TWICE_WITHIN, FORM_TOKEN_PREFIX, RECORDS_DELETED
from backstride.storage.db import Database
from backstride.storage.models import Setting
from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
ADMIN_PASSWORD = "the admin's long password"
ANN_PASSWORD = "ann's own long password"


def _token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the form carries no one-time token"
    return found.group(1)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _age_tokens(database_url: str) -> None:
    """Make every kept form token older than ``FORM_SENT_TWICE_WITHIN``: the form sent again later."""
    db = Database(database_url)
    try:
        with db.session(write=True) as session:
            for row in session.scalars(select(Setting).where(Setting.key.startswith(FORM_TOKEN_PREFIX))):
                at = datetime.fromisoformat(row.value["at"])
                row.value = {
                    **row.value,
                    "at": (at - FORM_SENT_TWICE_WITHIN - timedelta(minutes=1)).isoformat(),
                }
    finally:
        db.dispose()


# ------------------------------------------------------------------------------------------ people


def test_the_people_add_form_sent_twice_adds_one_person_and_shows_them_saved(api: Any) -> None:
    form = {"label": "J.S.", "height_cm": "172", "mrn": "4711", "form_token": _token(api.get("/people").text)}
    first = api.post("/people", data=form, follow_redirects=False)
    second = api.post("/people", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text
    assert second.headers["location"] == first.headers["location"]
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", "J.S."]
    assert "J.S. was added." in _text(api.get(second.headers["location"]).text)


def test_another_person_with_the_same_name_still_gets_the_names_problem(api: Any, database_url: str) -> None:
    token = _token(api.get("/people").text)
    assert (
        api.post("/people", data={"label": "J.S.", "form_token": token}, follow_redirects=False).status_code
        == 303
    )
    refusal = "there is already someone called “J.S.”"
    # typed later on another page load (another token)
    other = api.post("/people", data={"label": "j.s.", "form_token": _token(api.get("/people").text)})
    assert other.status_code == 422 and refusal in _text(other.text)
    # the same form with something else typed (the back button, a height added): not the person saved
    changed = api.post("/people", data={"label": "J.S.", "height_cm": "180", "form_token": token})
    assert changed.status_code == 422 and refusal in _text(changed.text)
    # a form without a token (an old page), and the same form sent again later: as today
    assert api.post("/people", data={"label": "J.S."}).status_code == 422
    _age_tokens(database_url)
    later = api.post("/people", data={"label": "J.S.", "form_token": token})
    assert later.status_code == 422 and refusal in _text(later.text)
    assert len(api.get("/api/people").json()) == 2


def test_a_refused_people_form_keeps_its_token(api: Any) -> None:
    token = _token(api.get("/people").text)
    refused = api.post("/people", data={"label": "A.B.", "height_cm": "1000", "form_token": token})
    assert refused.status_code == 422 and _token(refused.text) == token
    form = {"label": "A.B.", "height_cm": "170", "form_token": token}
    for _ in range(2):
        assert api.post("/people", data=form, follow_redirects=False).status_code == 303
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", "A.B."]


# ------------------------------------------------------------------------------------------- staff


@pytest.fixture
def clinic(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An app with a staff admin (Sam), signed in."""
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        client.app.state.access.add_staff("Sam", ADMIN_PASSWORD, admin=True)  # type: ignore[attr-defined]
        signed = client.post(
            "/sign-in", data={"name": "Sam", "password": ADMIN_PASSWORD}, follow_redirects=False
        )
        assert signed.status_code == 303
        yield client


def _staff(client: TestClient) -> list[str]:
    return [m.name for m in client.app.state.access.staff()]  # type: ignore[attr-defined]


def _ann(token: str) -> dict[str, str]:
    """The Staff page's Add form for Nurse Ann, with the page's one-time token."""
    return {"name": "Nurse Ann", "password": ANN_PASSWORD, "password_again": ANN_PASSWORD} | {
        "form_token": token
    }


def test_the_staff_add_form_sent_twice_adds_one_member_and_shows_them_added(clinic: TestClient) -> None:
    form = _ann(_token(clinic.get("/staff").text))
    first = clinic.post("/staff", data=form, follow_redirects=False)
    second = clinic.post("/staff", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text
    assert second.headers["location"] == first.headers["location"]
    assert _staff(clinic) == ["Sam", "Nurse Ann"]
    assert "Nurse Ann was added." in _text(clinic.get(second.headers["location"]).text)


def test_another_staff_member_with_the_same_name_still_gets_the_names_problem(
    clinic: TestClient, database_url: str
) -> None:
    form = _ann(_token(clinic.get("/staff").text))
    assert clinic.post("/staff", data=form, follow_redirects=False).status_code == 303
    other_page = {**form, "form_token": _token(clinic.get("/staff").text)}
    other_password = {**form, "password": "another long password", "password_again": "another long password"}
    for sent in (other_page, other_password, {**form, "admin": "yes"}, {**form, "form_token": ""}):
        again = clinic.post("/staff", data=sent)
        assert again.status_code == 422 and "already a staff member called 'Nurse Ann'" in _text(again.text)
    _age_tokens(database_url)
    assert clinic.post("/staff", data=form).status_code == 422
    assert _staff(clinic) == ["Sam", "Nurse Ann"]


# ------------------------------------------------------------------------------------------- walks


def _send(client: Any, token: str) -> Any:
    return client.post(
        "/walks",
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={**UNITS, "form_token": token},
        follow_redirects=False,
    )


def test_the_walks_form_sent_twice_shows_the_walk_stored(api: Any) -> None:
    token = _token(api.get("/walks").text)
    first, second = _send(api, token), _send(api, token)
    assert first.status_code == second.status_code == 303, second.text
    assert second.headers["location"] == first.headers["location"]
    assert len(api.get("/api/walks").json()) == 1


def test_the_same_file_sent_again_later_or_from_another_page_still_says_it_was_added(
    api: Any, database_url: str
) -> None:
    token = _token(api.get("/walks").text)
    walk_id = int(_send(api, token).headers["location"].rsplit("/", 1)[1])
    again = _send(api, _token(api.get("/walks").text))
    assert again.status_code == 409 and "You added this file already" in _text(again.text)
    assert f'<a href="/walks/{walk_id}">walk {walk_id}</a>' in again.text
    assert _token(again.text) != token  # the 409 page's form is a new one
    _age_tokens(database_url)
    assert _send(api, token).status_code == 409
    assert len(api.get("/api/walks").json()) == 1


def test_deleting_everything_keeps_the_forms_tokens_without_counting_them(
    api: Any, database_url: str
) -> None:
    """The forms' tokens are no data of the person's: not counted, and kept (marked) through "delete
    everything", so the same form sent again is told, never adds the walk back (before, they went
    with the app's settings in a one-person database, and the walk was added again)."""
    token = _token(api.get("/walks").text)
    assert _send(api, token).status_code == 303
    done = api.delete("/api/data?confirm=yes").json()["deleted"]
    assert (done["gait_recordings"], done["settings"]) == (1, 0)  # the token is no setting of theirs
    db = Database(database_url)
    try:
        with db.session() as session:
            kept = session.scalars(select(Setting).where(Setting.key.startswith(FORM_TOKEN_PREFIX))).all()
            assert [row.value["what"] for row in kept] == ["walk"]
            assert RECORDS_DELETED in kept[0].value
    finally:
        db.dispose()


def test_the_walks_form_sent_again_after_deleting_everything_adds_nothing_and_says_so(
    api: Any, database_url: str
) -> None:
    token = _token(api.get("/walks").text)
    assert _send(api, token).status_code == 303
    assert api.delete("/api/data?confirm=yes").status_code == 200
    _age_tokens(database_url)  # an hour later, say: still told
    again = _send(api, token)
    assert again.status_code == 409
    said = _text(again.text)
    assert "all the records were deleted" in said and "it was not saved again" in said
    assert api.get("/api/walks").json() == []
    # the page shown has a new form: sent from it, the walk is added (nothing the person wants is lost)
    assert _token(again.text) != token
    assert _send(api, _token(again.text)).status_code == 303
    assert len(api.get("/api/walks").json()) == 1


def _day(token: str, pain: str = "4") -> dict[str, str]:
    return {"entry_date": "2026-11-20", "pain_0_10": pain, "notes": "a long walk", "form_token": token}


def test_the_diary_form_sent_again_after_deleting_everything_adds_nothing_and_says_so(api: Any) -> None:
    token = _token(api.get("/diary").text)
    assert api.post("/diary", data=_day(token), follow_redirects=False).status_code == 303
    assert api.delete("/api/data?confirm=yes").json()["deleted"]["diary_entries"] == 1
    again = api.post("/diary", data=_day(token), follow_redirects=False)
    assert again.status_code == 409
    assert "all the records were deleted" in _text(again.text)
    assert api.get("/api/diary").json() == []
    # the same page changed (another pain): a day of its own, kept; the shown page's new form saves too
    assert api.post("/diary", data=_day(token, "6"), follow_redirects=False).status_code == 303
    assert api.post("/diary", data=_day(_token(again.text)), follow_redirects=False).status_code == 303
    assert sorted(day["pain_0_10"] for day in api.get("/api/diary").json()) == [4, 6]


def test_a_deleted_days_values_are_not_kept_with_its_forms_token(api: Any, database_url: str) -> None:
    """After "delete everything" only a fingerprint of the day's values stays with its form's token (to
    tell the same form sent again), never its notes or numbers: deleted means deleted. Found in the
    second read (2026-11-28): the token kept the day's notes, pain and minutes for 24 hours."""
    token = _token(api.get("/diary").text)
    secret = {**_day(token), "notes": "private words about my walk", "walking_tolerance_min": "17"}
    assert api.post("/diary", data=secret, follow_redirects=False).status_code == 303
    assert api.delete("/api/data?confirm=yes").json()["deleted"]["diary_entries"] == 1
    db = Database(database_url)
    try:
        with db.session() as session:
            kept = session.scalars(select(Setting)).all()
            stored = " ".join(f"{row.key} {row.value}" for row in kept)
            days = [
                row.value
                for row in kept
                if isinstance(row.value, dict) and row.value.get("what") == "diary entry"
            ]
    finally:
        db.dispose()
    assert len(days) == 1 and RECORDS_DELETED in days[0]  # the token is kept, marked
    assert re.fullmatch(r"[0-9a-f]{64}", days[0]["held"])  # a fingerprint: no pain, minutes or notes
    assert "private words" not in stored
    # and the same form sent again is still told, not added
    assert api.post("/diary", data=secret, follow_redirects=False).status_code == 409


# ------------------------------------------------------------------------------ old tokens' clean-up
@pytest.mark.postgres
def test_an_add_never_waits_for_another_add_clearing_the_same_old_tokens(postgres_url: str) -> None:
    """Each keeping of a token forgets the old ones (``keep_form_token``). Two adds at once on PostgreSQL
    both found the same old tokens and deleted them: the second waited for the first's whole transaction
    (a row lock), and two deleting them in other orders could deadlock (one add refused). An old token
    another transaction holds is now left to it: the add neither waits nor fails."""
    from sqlalchemy import delete

    from backstride.services.form_tokens import new_form_token
    from backstride.services.people import People

    db = Database(postgres_url).migrate()
    old_key = FORM_TOKEN_PREFIX + new_form_token()
    long_ago = datetime.now(UTC) - FORM_SENT_TWICE_WITHIN - timedelta(minutes=1)
    with db.session(write=True) as session:
        session.add(Setting(key=old_key, value={"what": "person", "id": 1, "at": long_ago.isoformat()}))
    # an add whose statements give up after 200 ms of waiting for a lock (instead of waiting on)
    impatient = Database(f"{postgres_url}%20-clock_timeout%3D200")
    try:
        with db.engine.connect() as other, other.begin():
            other.execute(delete(Setting).where(Setting.key == old_key))  # another add's clean-up, open
            added = People(impatient).add("Ann", form_token=new_form_token())
        assert People(db).get(added.id).label == "Ann"
        with db.session() as session:
            assert session.get(Setting, old_key) is None  # the other's delete, committed
    finally:
        impatient.dispose()
        db.dispose()
