"""Named sign-in for clinic staff: each staff member signs in with their own name and password, and the
activity list says which of them did what. The shared password keeps working as before.

Tests that touch the database through the app run on SQLite and on PostgreSQL (``database_url``).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, inspect, text

from backstride.core.acting import acting
from backstride.core.errors import InputError, NotFoundError, TooManyGuessesError
from backstride.services import access as access_module
from backstride.services.access import Access
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.auth import SESSION_COOKIE
from backstride.web.settings import Settings

SHARED_PASSWORD = "correct horse battery staple"
LEE_PASSWORD = "lee's own long password"
ANN_PASSWORD = "ann's own long password"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def clinic(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app with two staff members (Dr Lee, Nurse Ann) and no shared password."""
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)  # a change reaches the app at once
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        access = _access(client)
        access.add_staff("Dr Lee", LEE_PASSWORD)
        access.add_staff("Nurse Ann", ANN_PASSWORD)
        yield client


def _access(client: TestClient) -> Access:
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    return access


def _sign_in(client: TestClient, name: str, password: str, *, follow: bool = False) -> Any:
    return client.post(
        "/sign-in", data={"name": name, "password": password, "next": "/people"}, follow_redirects=follow
    )


def _lines(client: TestClient) -> list[dict[str, Any]]:
    return list(reversed(client.get("/api/activity", headers=basic("Dr Lee", LEE_PASSWORD)).json()))


# ---------------------------------------------------------------------------------- the pages


def test_staff_sign_in_by_name_and_what_they_do_carries_it(clinic: TestClient) -> None:
    page = clinic.get("/sign-in")
    assert page.status_code == 200 and 'name="name"' in page.text and "Your name" in page.text
    assert clinic.get("/people", follow_redirects=False).status_code == 303  # staff: a sign-in needed
    signed = _sign_in(clinic, "  dr LEE ", LEE_PASSWORD)  # spaces and capital letters do not matter
    assert signed.status_code == 303 and signed.headers["location"] == "/people"
    people = clinic.get("/people")
    assert people.status_code == 200 and "Signed in as Dr Lee" in people.text and "Sign out" in people.text
    assert clinic.post("/people", data={"label": "Room 4", "height_cm": ""}).status_code == 200
    line = _lines(clinic)[-1]
    assert (line["action"], line["person_label"], line["staff_name"], line["via"]) == (
        "person_added",
        "Room 4",
        "Dr Lee",
        "page",
    )
    assert line["who"] == "Dr Lee, on a page, from testclient"
    activity = clinic.get("/activity")
    assert "Dr Lee, on a page, from testclient" in activity.text
    clinic.post("/sign-out")
    assert clinic.get("/people", follow_redirects=False).status_code == 303


def test_a_wrong_name_and_a_wrong_password_say_the_same_and_keep_the_name_only(clinic: TestClient) -> None:
    answers = [
        _sign_in(clinic, "Dr Leigh", LEE_PASSWORD),  # nobody is called that
        _sign_in(clinic, "Dr Lee", ANN_PASSWORD),  # someone else's password
        _sign_in(clinic, "", LEE_PASSWORD),  # no name: the shared password, and none is set
    ]
    for answer in answers:
        assert answer.status_code == 401
        assert "That name or password is not right. Please try again." in answer.text
        assert SESSION_COOKIE not in answer.headers.get("set-cookie", "")
        assert LEE_PASSWORD not in answer.text and ANN_PASSWORD not in answer.text
    assert 'value="Dr Leigh"' in answers[0].text and 'value="Dr Lee"' in answers[1].text
    assert 'id="name"' in answers[2].text and 'value=""' in answers[2].text
    empty = _sign_in(clinic, "Dr Lee", "")
    assert (
        empty.status_code == 422
        and "Please type the password" in empty.text
        and 'value="Dr Lee"' in empty.text
    )
    assert clinic.get("/people", follow_redirects=False).status_code == 303  # still signed out
    assert [line["action"] for line in _lines(clinic)] == ["staff_added", "staff_added"]  # nothing written


def test_the_shared_password_still_signs_in_without_a_name(clinic: TestClient) -> None:
    _access(clinic).set_password(SHARED_PASSWORD)
    page = clinic.get("/sign-in")
    assert "leave your name blank" in page.text
    assert _sign_in(clinic, "", SHARED_PASSWORD).status_code == 303
    people = clinic.get("/people")
    assert people.status_code == 200 and "Signed in as" not in people.text and "Sign out" in people.text
    clinic.post("/people", data={"label": "Room 5", "height_cm": ""})
    line = _lines(clinic)[-1]
    assert (line["action"], line["staff_name"], line["who"]) == (
        "person_added",
        None,
        "on a page, from testclient",
    )
    clinic.post("/sign-out")
    assert _sign_in(clinic, "Dr Lee", SHARED_PASSWORD).status_code == 401  # a name needs its own password


def test_removing_a_member_or_changing_their_password_ends_their_sessions_only(clinic: TestClient) -> None:
    access = _access(clinic)
    access.set_password(SHARED_PASSWORD)
    sessions = {}
    for name, password in (("Dr Lee", LEE_PASSWORD), ("Nurse Ann", ANN_PASSWORD), ("", SHARED_PASSWORD)):
        clinic.cookies.clear()
        assert _sign_in(clinic, name, password).status_code == 303
        sessions[name] = clinic.cookies[SESSION_COOKIE]
    clinic.cookies.clear()

    def opens(token: str) -> bool:
        clinic.cookies.set(SESSION_COOKIE, token)
        page = clinic.get("/people", follow_redirects=False)
        clinic.cookies.clear()
        return page.status_code == 200

    assert all(opens(token) for token in sessions.values())
    access.set_staff_password("nurse ann", "ann's new long password")
    assert not opens(sessions["Nurse Ann"])
    assert opens(sessions["Dr Lee"]) and opens(sessions[""])
    assert clinic.get("/api/people", headers=basic("Nurse Ann", ANN_PASSWORD)).status_code == 401
    assert clinic.get("/api/people", headers=basic("Nurse Ann", "ann's new long password")).status_code == 200
    access.remove_staff("DR LEE")
    assert not opens(sessions["Dr Lee"]) and opens(sessions[""])
    assert clinic.get("/api/people", headers=basic("Dr Lee", LEE_PASSWORD)).status_code == 401
    lines = list(reversed(clinic.get("/api/activity", headers=basic("", SHARED_PASSWORD)).json()))
    assert [(line["action"], line["detail"]) for line in lines[-2:]] == [
        ("staff_password_changed", "Nurse Ann"),
        ("staff_removed", "Dr Lee"),
    ]
    assert lines[0]["action"] == "staff_added"
    # a new shared password signs everyone out, staff too (as before staff had names)
    access.set_password("another shared password")
    clinic.cookies.clear()
    assert _sign_in(clinic, "Nurse Ann", "ann's new long password").status_code == 303
    ann = clinic.cookies[SESSION_COOKIE]
    assert access.clear() is True and not opens(ann)  # clearing it signs everyone out, staff too
    clinic.cookies.clear()
    assert _sign_in(clinic, "Nurse Ann", "ann's new long password").status_code == 303
    ann = clinic.cookies[SESSION_COOKIE]
    assert access.clear() is False and opens(ann)  # nothing cleared: nobody signed out
    access.set_password("a third shared password")
    assert not opens(ann)


def test_a_member_removed_while_signing_in_gets_the_sign_in_page_not_a_404(
    clinic: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removed between the password check and the session: the page says the name or password is not
    right (as if the name had been wrong), and no session cookie is set."""
    access = _access(clinic)
    checked = access.sign_in

    def removed_right_after(name: Any, password: Any, *, client: str | None = None) -> Any:
        who = checked(name, password, client=client)
        access.remove_staff("Dr Lee")
        return who

    monkeypatch.setattr(access, "sign_in", removed_right_after)
    page = _sign_in(clinic, "Dr Lee", LEE_PASSWORD)
    assert page.status_code == 401, page.text
    assert "That name or password is not right." in page.text and 'value="Dr Lee"' in page.text
    assert SESSION_COOKIE not in clinic.cookies


def test_http_basic_takes_a_staff_name_or_the_shared_password_with_any_user(clinic: TestClient) -> None:
    added = clinic.post("/api/people", json={"label": "Room 7"}, headers=basic("nurse ann", ANN_PASSWORD))
    assert added.status_code == 201
    assert clinic.get("/api/people", headers=basic("Nurse Ann", LEE_PASSWORD)).status_code == 401
    assert clinic.get("/api/people", headers=basic("Nobody", ANN_PASSWORD)).status_code == 401
    _access(clinic).set_password(SHARED_PASSWORD)
    for user in ("", "clinic", "script"):  # as scripts sent it before staff had names
        assert clinic.get("/api/people", headers=basic(user, SHARED_PASSWORD)).status_code == 200
    clinic.post("/api/people", json={"label": "Room 8"}, headers=basic("clinic", SHARED_PASSWORD))
    people_lines = [line for line in _lines(clinic) if line["action"] == "person_added"]
    assert [(line["person_label"], line["staff_name"], line["via"]) for line in people_lines] == [
        ("Room 7", "Nurse Ann", "API"),
        ("Room 8", None, "API"),
    ]
    assert people_lines[0]["who"] == "Nurse Ann, through the API, from testclient"


def test_a_removed_members_name_stays_on_what_they_did(clinic: TestClient) -> None:
    clinic.post("/api/people", json={"label": "Room 9"}, headers=basic("Dr Lee", LEE_PASSWORD))
    _access(clinic).remove_staff("Dr Lee")
    lines = list(reversed(clinic.get("/api/activity", headers=basic("Nurse Ann", ANN_PASSWORD)).json()))
    assert [(line["action"], line["staff_name"]) for line in lines[-2:]] == [
        ("person_added", "Dr Lee"),
        ("staff_removed", None),  # removed from the command line or Python: no one signed in
    ]


def test_staff_only_needs_a_sign_in_and_removing_the_last_opens_a_home_app(clinic: TestClient) -> None:
    access = _access(clinic)
    assert access.required and not access.password_set
    assert clinic.get("/api/people").status_code == 401
    access.remove_staff("Dr Lee")
    access.remove_staff("Nurse Ann")
    assert not access.required
    assert clinic.get("/api/people").status_code == 200  # at home (127.0.0.1) as before any sign-in


# ------------------------------------------------------------------------------ the service


def test_names_are_checked_and_unique_ignoring_case(database_url: str) -> None:
    db = Database(database_url).migrate()
    access = Access(db)
    assert access.add_staff("  Dr   Lee  ", LEE_PASSWORD).name == "Dr Lee"
    refusals = {
        "DR LEE": "already a staff member called 'Dr Lee'",
        "": "the name is empty",
        "   ": "the name is empty",
        "x" * 81: "81 characters long; use at most 80",
        "Dr\x07Lee": "cannot be seen",
        "Dr\u202eLee": "cannot be seen",
        "Lee:Admin": "holds ':'",
    }
    for name, words in refusals.items():
        with pytest.raises(InputError, match=words.replace("(", r"\(")):
            access.add_staff(name, LEE_PASSWORD)
    with pytest.raises(InputError, match="use at least 10"):
        access.add_staff("Nurse Ann", "short")
    with pytest.raises(InputError, match="must be text"):
        access.add_staff(None, LEE_PASSWORD)
    with pytest.raises(NotFoundError, match="no staff member is called 'Nobody'"):
        access.remove_staff("Nobody")
    with pytest.raises(NotFoundError):
        access.set_staff_password("Nobody", LEE_PASSWORD)
    assert [m.name for m in access.staff()] == ["Dr Lee"]
    assert [e.action for e in Records(db).activity.list()] == ["staff_added"]  # refusals wrote nothing
    db.dispose()


def test_a_session_names_its_member_and_cannot_be_forged_or_kept(database_url: str) -> None:
    now = [1_800_000_000.0]
    db = Database(database_url).migrate()
    access = Access(db, clock=lambda: now[0])
    lee = access.add_staff("Dr Lee", LEE_PASSWORD)
    ann = access.add_staff("Nurse Ann", ANN_PASSWORD)
    who = access.sign_in("dr lee", LEE_PASSWORD)
    assert who is not None and (who.staff_id, who.name) == (lee.id, "Dr Lee")
    token = access.new_session(who)
    began, staff_id, signature = token.split(".")
    assert access.session(token) == who
    assert access.session(f"{began}.{ann.id}.{signature}") is None  # another member's id: not theirs
    assert access.session(f"{began}.{signature}") is None  # no shared password: no nameless session
    assert access.session(f"{began}.{staff_id}.{staff_id}.{signature}") is None
    now[0] += 12.1 * 3600
    assert access.session(token) is None  # 12 hours, as for the shared password
    db.dispose()


def test_wrong_names_count_as_wrong_guesses(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 3)
    db = Database(database_url).migrate()
    access = Access(db)
    access.add_staff("Dr Lee", LEE_PASSWORD)
    assert access.sign_in("Dr Lee", LEE_PASSWORD) is not None  # checked once: known from now on
    for name in ("Dr Leigh", "Dr Lea", "Dr Lie"):
        assert access.sign_in(name, LEE_PASSWORD) is None
    with pytest.raises(TooManyGuessesError):
        access.sign_in("Dr Loo", LEE_PASSWORD)
    with pytest.raises(TooManyGuessesError):
        access.sign_in("Dr Lee", "a new guess at it")
    assert access.sign_in("Dr Lee", LEE_PASSWORD) is not None  # the known one still works
    db.dispose()


def test_the_activity_line_carries_the_name_written_through_the_service(database_url: str) -> None:
    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", "10.0.0.5", staff="Dr Lee"):
        records.people.add("Room 4")
    with acting("command line"):
        records.people.add("Room 5")
    lines = list(reversed(records.activity.list()))
    assert [(e.staff_name, e.who) for e in lines] == [
        ("Dr Lee", "Dr Lee, on a page, from 10.0.0.5"),
        (None, "at the command line"),
    ]
    db.dispose()


def test_staff_are_never_exported_restored_or_deleted_with_the_data(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "clinic.sqlite3")).migrate()
    records, access = Records(db), Access(db)
    access.add_staff("Dr Lee", LEE_PASSWORD)
    records.add_diary_entry(entry_date="2026-11-20", pain_0_10=2)
    exported = json.dumps(records.export_all())
    assert "Dr Lee" not in exported and "scrypt" not in exported and "staff" not in exported.lower()
    records.delete_all()  # a home install's "delete all my data": the app's sign-in stays
    assert [m.name for m in access.staff()] == ["Dr Lee"]
    document = json.loads(exported)
    document["staff"] = [{"name": "Mallory", "password_scrypt": {}}]
    document.setdefault("settings", {})["access.session_secret"] = "00" * 32
    try:
        restore_export(records, json.dumps(document))
    except InputError:
        pass  # refusing the file is as good: either way nobody is added
    assert [m.name for m in access.staff()] == ["Dr Lee"]
    db.dispose()


# ------------------------------------------------------------------------------ the migration


def test_a_database_at_0005_with_activity_lines_migrates_keeping_them(database_url: str) -> None:
    from alembic import command
    from tests.integration.test_storage_ids import head_revision

    from backstride.storage.migrate import alembic_config, current_revision, downgrade_to
    from backstride.storage.models import Event

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0005_events")
    columns = ("at", "action", "person_id", "person_label", "detail", "via", "client")
    old = [
        (datetime(2026, 11, 20, 9, 30, tzinfo=UTC), "person_added", 2, "Room 4", "", "page", "10.0.0.5"),
        (datetime(2026, 11, 21, 10, tzinfo=UTC), "password_set", None, None, "", "command line", None),
    ]
    with db.engine.begin() as connection:
        for row in old:
            connection.execute(insert(Event.__table__).values(dict(zip(columns, row, strict=True))))
    db.migrate()
    assert current_revision(db.engine) == head_revision()
    assert "staff" in inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        kept = connection.execute(
            text("SELECT id, action, person_label, via, client, staff_name FROM events")
        ).all()
    assert sorted(tuple(row) for row in kept) == [
        (1, "person_added", "Room 4", "page", "10.0.0.5", None),
        (2, "password_set", None, "command line", None, None),
    ]
    views = Records(db).activity.list()
    assert [(e.action, e.staff_name, e.who) for e in views] == [
        ("password_set", None, "at the command line"),
        ("person_added", None, "on a page, from 10.0.0.5"),
    ]
    Access(db).add_staff("Dr Lee", LEE_PASSWORD)  # the new table takes staff
    assert Access(db).sign_in("Dr Lee", LEE_PASSWORD) is not None
    downgrade_to(db.engine, "0005_events")  # and back: the lines stay, without the new column
    assert "staff" not in inspect(db.engine).get_table_names()
    assert "staff_name" not in {c["name"] for c in inspect(db.engine).get_columns("events")}
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar() == 3  # + staff_added
    db.migrate()
    assert current_revision(db.engine) == head_revision()
    db.dispose()


@pytest.mark.parametrize(
    "token",
    [
        "1800000000.1",  # no signature
        "1800000000.x.abc",
        "1800000000.-1.abc",
        "1800000000.99999999999999999999.abc",  # an id past any column
        "1800000000..abc",
        "1800000000.1.2.abc",
        "x.1.abc",
    ],
)
def test_a_forged_staff_session_is_refused_never_a_500(clinic: TestClient, token: str) -> None:
    clinic.cookies.set(SESSION_COOKIE, token)
    page = clinic.get("/people", follow_redirects=False)
    api = clinic.get("/api/people")
    clinic.cookies.clear()
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert api.status_code == 401


def test_http_basic_with_a_name_beyond_ascii_and_a_password_with_colons(clinic: TestClient) -> None:
    _access(clinic).add_staff("Zoë Ångström", "pass:word:with colons")
    credentials = base64.b64encode("zoë ÅNGSTRÖM:pass:word:with colons".encode()).decode()
    assert clinic.get("/api/people", headers={"Authorization": f"Basic {credentials}"}).status_code == 200
    # Python's requests (and other older clients) send the name as ISO-8859-1, RFC 7617's old default:
    # found by a physiotherapist whose script got "sign in first" for a right name and password
    latin1 = base64.b64encode("Zoë Ångström:pass:word:with colons".encode("latin-1")).decode()
    assert clinic.get("/api/people", headers={"Authorization": f"Basic {latin1}"}).status_code == 200
    wrong = base64.b64encode("Zoë Ångström:not her password".encode("latin-1")).decode()
    assert clinic.get("/api/people", headers={"Authorization": f"Basic {wrong}"}).status_code == 401


def test_served_to_the_network_removing_the_last_member_never_opens_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    settings = Settings(database_url=sqlite_url(tmp_path / "served.sqlite3"), require_password=True)
    with TestClient(create_app(settings)) as served:
        access = _access(served)
        access.add_staff("Dr Lee", LEE_PASSWORD)
        assert served.get("/api/people").status_code == 401
        assert served.get("/api/people", headers=basic("Dr Lee", LEE_PASSWORD)).status_code == 200
        access.remove_staff("Dr Lee")
        refused = served.get("/api/people")
        assert refused.status_code == 503 and "backstride staff add NAME" in refused.json()["detail"]
        assert served.post("/api/people", json={"label": "Room 4"}).status_code == 503
        access.add_staff("Nurse Ann", ANN_PASSWORD)  # a way in again: the sign-in as before
        assert served.get("/api/people").status_code == 401


def _counting_scrypt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The passwords scrypt is run on from now on (each costs ~50 ms: what a guesser could time)."""
    hashed: list[str] = []
    real = access_module._scrypt

    def counted(password: str, *args: Any) -> bytes:
        hashed.append(password)
        return real(password, *args)

    monkeypatch.setattr(access_module, "_scrypt", counted)
    return hashed


def test_http_basic_with_a_name_nobody_has_costs_what_a_wrong_password_costs(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # staff and no shared password: an unknown user name was answered at once, a staff member's
    # after a scrypt, so timing HTTP Basic told which names exist; now both cost one, and count
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 2)
    db = Database(database_url).migrate()
    access = Access(db)
    access.add_staff("Dr Lee", LEE_PASSWORD)
    hashed = _counting_scrypt(monkeypatch)
    assert access.basic("Dr Lee", "a wrong guess at it") is None
    assert access.basic("Dr Nobody", "a wrong guess at it") is None
    assert hashed == ["a wrong guess at it"] * 2
    with pytest.raises(TooManyGuessesError):  # both counted as wrong tries
        access.basic("Dr Somebody", "another guess at it")
    assert access.basic("", "a wrong guess at it") is None  # no name and no shared password: nothing to check
    db.dispose()


def test_a_password_changed_while_the_old_one_is_checked_never_signs_in_again(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the old password, checked while a change lands (and another request reads the new state), must
    # not be remembered as checked: the old password signed in after the change, with a valid session
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    db = Database(database_url).migrate()
    access = Access(db)
    access.add_staff("Dr Lee", LEE_PASSWORD)
    real = access_module._scrypt
    changed: list[bool] = []

    def change_meanwhile(password: str, *args: Any) -> bytes:
        digest = real(password, *args)
        if password == LEE_PASSWORD and not changed:
            changed.append(True)
            Access(db).set_staff_password("Dr Lee", "a brand new long password")  # the command line
            assert access.required  # another request of this server reads the new state meanwhile
        return digest

    monkeypatch.setattr(access_module, "_scrypt", change_meanwhile)
    assert access.sign_in("Dr Lee", LEE_PASSWORD) is None  # the password changed before the answer
    assert changed == [True]
    assert access.sign_in("Dr Lee", LEE_PASSWORD) is None
    assert access.basic("Dr Lee", LEE_PASSWORD) is None
    assert access.sign_in("Dr Lee", "a brand new long password") is not None
    db.dispose()


def test_a_shared_password_changed_while_the_old_one_is_checked_signs_nobody_in(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    db = Database(database_url).migrate()
    access = Access(db)
    access.set_password(SHARED_PASSWORD)
    real = access_module._scrypt
    changed: list[bool] = []

    def change_meanwhile(password: str, *args: Any) -> bytes:
        digest = real(password, *args)
        if password == SHARED_PASSWORD and not changed:
            changed.append(True)
            Access(db).set_password("a brand new shared password")  # the command line
        return digest

    monkeypatch.setattr(access_module, "_scrypt", change_meanwhile)
    assert access.sign_in("", SHARED_PASSWORD) is None  # else a session signed with the new secret
    assert changed == [True]
    assert access.check_password(SHARED_PASSWORD) is False
    assert access.sign_in("", "a brand new shared password") is not None
    db.dispose()


def test_going_down_before_staff_keeps_who_did_what_in_the_lines(database_url: str) -> None:
    # the downgrade drops events.staff_name: the name moves into the line's detail, never lost silently
    from backstride.storage.migrate import downgrade_to

    db = Database(database_url).migrate()
    records = Records(db)
    with acting("page", "10.0.0.5", staff="Dr Lee"):
        records.people.add("Room 4")
        records.people.add("Room 5")
        records.people.update(records.people.find("Room 5").id, label="Room 6")
    with acting("command line"):
        records.people.add("Room 7")
    downgrade_to(db.engine, "0005_events")
    with db.engine.connect() as connection:
        lines = connection.execute(text("SELECT action, person_label, detail FROM events ORDER BY id")).all()
    assert [tuple(line) for line in lines] == [
        ("person_added", "Room 4", "by Dr Lee"),
        ("person_added", "Room 5", "by Dr Lee"),
        ("person_changed", "Room 6", "renamed from 'Room 5' (by Dr Lee)"),
        ("person_added", "Room 7", ""),
    ]
    db.migrate()
    db.dispose()


# ------------------------------------------------------------------- changing one's own password

NEW_PASSWORD = "lee's brand new password"


def _change(client: TestClient, current: str, new: str, again: str | None = None) -> Any:
    fields = {
        "current_password": current,
        "new_password": new,
        "new_password_again": new if again is None else again,
    }
    return client.post("/my-password", data=fields, follow_redirects=False)


def test_a_member_changes_their_own_password_on_a_page(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    app = create_app(Settings(database_url=database_url))
    with TestClient(app) as lee, TestClient(app) as lee_elsewhere:
        access = _access(lee)
        access.add_staff("Dr Lee", LEE_PASSWORD)
        access.add_staff("Nurse Ann", ANN_PASSWORD)
        for browser in (lee, lee_elsewhere):
            assert _sign_in(browser, "Dr Lee", LEE_PASSWORD).status_code == 303
        page = lee.get("/people")
        assert 'href="/my-password">My password</a>' in page.text  # from every page, beside the name
        form = lee.get("/my-password")
        assert form.status_code == 200 and "You are signed in as <strong>Dr Lee</strong>" in form.text

        refusals = [
            (_change(lee, "", NEW_PASSWORD), 422, "Please type the password you have now."),
            (_change(lee, LEE_PASSWORD, ""), 422, "Please type a new password."),
            (_change(lee, LEE_PASSWORD, NEW_PASSWORD, "lee's brand new passwort"), 422, "are not the same"),
            (_change(lee, LEE_PASSWORD, "short one"), 422, "use at least 10"),
            (_change(lee, LEE_PASSWORD, LEE_PASSWORD), 422, "the one you have now"),
            (_change(lee, ANN_PASSWORD, NEW_PASSWORD), 401, "That is not the password you have now."),
        ]
        for answer, status, words in refusals:
            assert answer.status_code == status and words in answer.text, (status, words)
            assert NEW_PASSWORD not in answer.text and LEE_PASSWORD not in answer.text  # never shown back
        assert access.sign_in("Dr Lee", LEE_PASSWORD) is not None  # nothing was changed by a refusal

        done = _change(lee, LEE_PASSWORD, NEW_PASSWORD)
        assert done.status_code == 303 and done.headers["location"] == "/my-password?changed=1"
        assert SESSION_COOKIE in done.headers["set-cookie"]  # this browser stays signed in, anew
        assert "Your password is changed." in lee.get("/my-password?changed=1").text
        assert lee.get("/people", follow_redirects=False).status_code == 200
        assert lee_elsewhere.get("/people", follow_redirects=False).status_code == 303  # signed out
        assert access.sign_in("Dr Lee", LEE_PASSWORD) is None
        assert access.sign_in("Dr Lee", NEW_PASSWORD) is not None
        assert access.sign_in("Nurse Ann", ANN_PASSWORD) is not None  # nobody else's changed
        line = list(reversed(lee.get("/api/activity").json()))[-1]
        assert (line["action"], line["detail"], line["staff_name"], line["via"]) == (
            "staff_own_password_changed",
            "Dr Lee",
            "Dr Lee",
            "page",
        )


def test_only_a_member_signed_in_by_name_can_change_a_password_there(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    app = create_app(Settings(database_url=database_url))
    with TestClient(app) as client:
        home = client.get("/my-password")
        assert home.status_code == 200 and "has no sign-in, so there is no password to change" in home.text
        assert _change(client, "anything at all", NEW_PASSWORD).status_code == 403
        access = _access(client)
        access.set_password(SHARED_PASSWORD)
        access.add_staff("Dr Lee", LEE_PASSWORD)
        assert _sign_in(client, "", SHARED_PASSWORD).status_code == 303
        shared = client.get("/my-password")
        assert shared.status_code == 200 and "signed in with the shared password" in shared.text
        assert "My password" not in client.get("/people").text
        refused = _change(client, SHARED_PASSWORD, NEW_PASSWORD)
        assert refused.status_code == 403 and 'name="new_password"' not in refused.text
        assert access.check_password(SHARED_PASSWORD) and access.sign_in("Dr Lee", LEE_PASSWORD) is not None


def test_a_wrong_current_password_counts_as_a_wrong_guess(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 3)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        _access(client).add_staff("Dr Lee", LEE_PASSWORD)
        assert _sign_in(client, "Dr Lee", LEE_PASSWORD).status_code == 303
        answers = [_change(client, f"guess number {i} of many", NEW_PASSWORD).status_code for i in range(4)]
        assert answers == [401, 401, 401, 429]
        assert _access(client).sign_in("Dr Lee", LEE_PASSWORD) is not None


def test_a_wrong_current_password_typed_again_as_the_new_one_is_a_wrong_guess(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'The new password is the one you have now' is said only when it is: a wrong current password
    typed again as the new one is a wrong try (401, counted), never called the password they have."""
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "WRONG_PER_CLIENT_PER_MINUTE", 2)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        _access(client).add_staff("Dr Lee", LEE_PASSWORD)
        assert _sign_in(client, "Dr Lee", LEE_PASSWORD).status_code == 303
        guess = "a guess at lee's password"
        answers = [_change(client, guess, guess) for _ in range(3)]
        assert [a.status_code for a in answers] == [401, 401, 429]
        assert all("the one you have now" not in a.text for a in answers)
        same = _change(client, LEE_PASSWORD, LEE_PASSWORD)  # the one checked before: no new check
        assert same.status_code == 422 and "the one you have now" in same.text
        assert _access(client).sign_in("Dr Lee", LEE_PASSWORD) is not None


@pytest.mark.parametrize("whose", ["Dr Lee", "the shared password"])
def test_a_password_changed_between_the_check_and_the_session_gives_no_session(
    clinic: TestClient, monkeypatch: pytest.MonkeyPatch, whose: str
) -> None:
    """Changed (say, by an admin who knows it leaked) between the password check and the session: the
    old password gets the sign-in page again (401), never a session made with the new one."""
    access = _access(clinic)
    access.set_password(SHARED_PASSWORD)
    checked = access.sign_in

    def changed_right_after(name: Any, password: Any, *, client: str | None = None) -> Any:
        who = checked(name, password, client=client)
        if whose == "Dr Lee":
            access.set_staff_password("Dr Lee", "lee's brand new long password")
        else:
            access.set_password("a brand new shared password")
        return who

    monkeypatch.setattr(access, "sign_in", changed_right_after)
    name, password = ("Dr Lee", LEE_PASSWORD) if whose == "Dr Lee" else ("", SHARED_PASSWORD)
    page = _sign_in(clinic, name, password)
    assert page.status_code == 401, page.text
    assert "That name or password is not right." in page.text
    assert SESSION_COOKIE not in clinic.cookies
    assert clinic.get("/people", follow_redirects=False).status_code == 303
