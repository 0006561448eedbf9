"""Staff admins manage the staff on the web app's Staff page (``web.staff_pages``), as ``backstride
staff`` does at the command line: add a member, give one a new password, make one an admin or not,
remove one. Only an admin signed in by name may; anyone else gets 403 and nothing changes. An admin
cannot remove themselves or stop being an admin there. Migration 0010 makes nobody an admin.

On SQLite and PostgreSQL (``database_url``).
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, inspect, text
from tests.integration.test_storage_ids import head_revision
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services import access as access_module
from backstride.services.access import Access
from backstride.services.activity import Activity
from backstride.storage.db import Database, sqlite_url
from backstride.storage.migrate import alembic_config, current_revision, downgrade_to
from backstride.web import views
from backstride.web.app import create_app
from backstride.web.settings import Settings

ADMIN_PASSWORD = "the admin's long password"
LEE_PASSWORD = "lee's own long password"
ANN_PASSWORD = "ann's own long password"
SHARED_PASSWORD = "correct horse battery staple"


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def clinic(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """An app with an admin (Sam) and a member (Dr Lee), and a shared password; Sam signed in."""
    monkeypatch.setattr("backstride.web.auth.WRONG_PASSWORD_DELAY_S", 0.0)
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 0.0)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        access = _access(client)
        access.set_password(SHARED_PASSWORD)
        access.add_staff("Sam", ADMIN_PASSWORD, admin=True)
        access.add_staff("Dr Lee", LEE_PASSWORD)
        _sign_in(client, "Sam", ADMIN_PASSWORD)
        yield client


def _access(client: TestClient) -> Access:
    access: Access = client.app.state.access  # type: ignore[attr-defined]
    return access


def _sign_in(client: TestClient, name: str, password: str) -> None:
    client.cookies.clear()
    signed = client.post("/sign-in", data={"name": name, "password": password}, follow_redirects=False)
    assert signed.status_code == 303, signed.text


def _state(client: TestClient) -> list[tuple[str, bool]]:
    return [(m.name, m.is_admin) for m in _access(client).staff()]


def _lines(client: TestClient) -> list[dict[str, Any]]:
    return list(reversed(client.get("/api/activity", headers=basic("Sam", ADMIN_PASSWORD)).json()))


def _id(client: TestClient, name: str) -> int:
    return _access(client).staff_member(name).id


def _add(client: TestClient, name: str, password: str, again: str | None = None, admin: str = "") -> Any:
    fields = {"name": name, "password": password, "password_again": password if again is None else again}
    if admin:
        fields["admin"] = admin
    return client.post("/staff", data=fields, follow_redirects=False)


def test_an_admin_adds_a_member_and_bad_input_is_named_and_kept(clinic: TestClient) -> None:
    page = clinic.get("/staff")
    assert (
        page.status_code == 200
        and "Dr Lee" in page.text
        and 'Sam <span class="hint">(you)</span>' in page.text
    )
    assert 'href="/staff">Staff</a>' in page.text  # the header's link, for an admin
    before, lines = _state(clinic), len(_lines(clinic))
    refusals = [
        (_add(clinic, "  ", ANN_PASSWORD), "Please type their name", "name"),
        (_add(clinic, "Nurse Ann", ""), "Please type a password", "password"),
        (
            _add(clinic, "Nurse Ann", ANN_PASSWORD, "ann's own long passwort"),
            "are not the same",
            "password_again",
        ),
        (_add(clinic, "Nurse Ann", "too short"), "use at least 10", "password"),
        (_add(clinic, "Nurse: Ann", ANN_PASSWORD), "holds ':'", "name"),
        (_add(clinic, "DR LEE", ANN_PASSWORD), "already a staff member called 'Dr Lee'", "name"),
        (_add(clinic, "Nurse Ann", ANN_PASSWORD, admin="maybe"), "tick the box or leave it empty", "admin"),
    ]
    for answer, words, field in refusals:
        assert answer.status_code == 422 and words in html.unescape(answer.text), words
        assert ANN_PASSWORD not in answer.text and "passwort" not in answer.text  # never shown back
        if field in ("name", "password"):
            assert f'id="{field}"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'value="Nurse Ann"' in refusals[1][0].text  # the name typed is kept
    assert _state(clinic) == before and len(_lines(clinic)) == lines  # nothing written

    added = _add(clinic, "Nurse Ann", ANN_PASSWORD, admin="yes")
    assert (
        added.status_code == 303 and added.headers["location"] == f"/staff?added={_id(clinic, 'Nurse Ann')}"
    )
    assert "Nurse Ann was added." in clinic.get(added.headers["location"]).text
    assert _state(clinic) == [("Sam", True), ("Dr Lee", False), ("Nurse Ann", True)]
    line = _lines(clinic)[-1]
    assert (line["action"], line["detail"], line["staff_name"]) == (
        "staff_added_admin",
        "Nurse Ann",
        "Sam",
    )
    assert _access(clinic).sign_in("nurse ann", ANN_PASSWORD) is not None


def test_the_activity_list_tells_an_admin_added_from_a_name_that_says_so(clinic: TestClient) -> None:
    """The line "Added a staff member: Eve, an admin" could not tell an admin from a member so named."""
    _add(clinic, "Eve, an admin", ANN_PASSWORD)
    _add(clinic, "Eve", ANN_PASSWORD, admin="yes")
    added = [(line["action"], line["what"], line["detail"]) for line in _lines(clinic)[-2:]]
    assert added == [
        ("staff_added", "Added a staff member", "Eve, an admin"),
        ("staff_added_admin", "Added a staff member who is an admin", "Eve"),
    ]
    assert _state(clinic)[-2:] == [("Eve, an admin", False), ("Eve", True)]


def test_an_admin_gives_a_new_password_makes_an_admin_and_removes(clinic: TestClient) -> None:
    lee = _id(clinic, "Dr Lee")
    with TestClient(clinic.app) as lee_browser:
        _sign_in(lee_browser, "Dr Lee", LEE_PASSWORD)
        assert lee_browser.get("/people", follow_redirects=False).status_code == 200

        page = clinic.get(f"/staff/{lee}")
        assert page.status_code == 200 and "A new password for Dr Lee" in page.text
        added = views.when(_access(clinic).staff_member("Dr Lee").created_at)  # local time, as elsewhere
        # a date on one line (no-break spaces: templating.keep_together), read as the words say it
        shown, listed = page.text.replace("\xa0", " "), clinic.get("/staff").text.replace("\xa0", " ")
        assert f"added on\n{added}." in shown and added in listed
        mismatch = clinic.post(
            f"/staff/{lee}/password", data={"password": "a new long password", "password_again": "another"}
        )
        assert mismatch.status_code == 422 and "are not the same" in mismatch.text
        short = clinic.post(f"/staff/{lee}/password", data={"password": "short", "password_again": "short"})
        assert short.status_code == 422 and "use at least 10" in short.text
        assert _access(clinic).sign_in("Dr Lee", LEE_PASSWORD) is not None  # unchanged so far
        new = "lee's new long password"
        done = clinic.post(
            f"/staff/{lee}/password", data={"password": new, "password_again": new}, follow_redirects=False
        )
        assert done.status_code == 303 and done.headers["location"] == f"/staff?changed={lee}"
        assert lee_browser.get("/people", follow_redirects=False).status_code == 303  # signed out
        assert _access(clinic).sign_in("Dr Lee", new) is not None

        _sign_in(lee_browser, "Dr Lee", new)
        assert lee_browser.get("/staff").status_code == 403
        assert clinic.post(f"/staff/{lee}/admin", data={"admin": "maybe"}).status_code == 422
        made = clinic.post(f"/staff/{lee}/admin", data={"admin": "yes"}, follow_redirects=False)
        assert made.status_code == 303
        page = lee_browser.get("/staff")  # the same session, an admin from its next request
        assert page.status_code == 200 and 'href="/staff">Staff</a>' in page.text
        assert clinic.post(f"/staff/{lee}/admin", data={"admin": "no"}).status_code == 200
        assert lee_browser.get("/staff").status_code == 403  # and no longer, at once

    unticked = clinic.post(f"/staff/{lee}/remove", data={})
    assert unticked.status_code == 422 and "tick the box first" in unticked.text
    assert ("Dr Lee", False) in _state(clinic)
    removed = clinic.post(f"/staff/{lee}/remove", data={"confirm": "yes"}, follow_redirects=False)
    assert removed.status_code == 303 and removed.headers["location"] == "/staff?removed=1"
    assert _state(clinic) == [("Sam", True)]
    assert clinic.get(f"/staff/{lee}").status_code == 404
    assert clinic.post(f"/staff/{lee}/remove", data={"confirm": "yes"}).status_code == 404
    actions = [(line["action"], line["detail"], line["staff_name"]) for line in _lines(clinic)[-4:]]
    assert actions == [
        ("staff_password_changed", "Dr Lee", "Sam"),
        ("staff_admin_given", "Dr Lee", "Sam"),
        ("staff_admin_taken", "Dr Lee", "Sam"),
        ("staff_removed", "Dr Lee", "Sam"),
    ]


def test_an_admin_cannot_remove_themselves_or_stop_being_one_there(clinic: TestClient) -> None:
    me = _id(clinic, "Sam")
    page = clinic.get(f"/staff/{me}")
    assert page.status_code == 200 and "This is you." in page.text and 'action="/staff/' not in page.text
    gone = clinic.post(f"/staff/{me}/remove", data={"confirm": "yes"})
    assert gone.status_code == 422 and "You cannot remove yourself" in gone.text
    unadmin = clinic.post(f"/staff/{me}/admin", data={"admin": "no"})
    assert unadmin.status_code == 422 and "You cannot stop being an admin yourself" in unadmin.text
    own = clinic.post(f"/staff/{me}/password", data={"password": "x" * 20, "password_again": "x" * 20})
    assert own.status_code == 200 and "Change my password" in own.text  # sent to My password, unchanged
    assert _access(clinic).sign_in("Sam", ADMIN_PASSWORD) is not None
    assert _state(clinic) == [("Sam", True), ("Dr Lee", False)]


@pytest.mark.parametrize("who", ["member", "shared password", "basic member"])
def test_nobody_but_an_admin_may_see_or_change_the_staff(clinic: TestClient, who: str) -> None:
    lee = _id(clinic, "Dr Lee")
    headers: dict[str, str] = {}
    if who == "member":
        _sign_in(clinic, "Dr Lee", LEE_PASSWORD)
    elif who == "shared password":
        _sign_in(clinic, "", SHARED_PASSWORD)
    else:
        clinic.cookies.clear()
        headers = basic("Dr Lee", LEE_PASSWORD)
    before, lines = _state(clinic), len(_lines(clinic))
    page = clinic.get("/staff", headers=headers)
    assert page.status_code == 403 and "Only a staff admin" in page.text and "Dr Lee</th>" not in page.text
    assert 'href="/staff">Staff</a>' not in clinic.get("/people", headers=headers).text
    tries = [
        clinic.get(f"/staff/{lee}", headers=headers),
        clinic.post(
            "/staff",
            data={"name": "Eve", "password": "x" * 12, "password_again": "x" * 12, "admin": "yes"},
            headers=headers,
        ),
        clinic.post(
            f"/staff/{lee}/password", data={"password": "y" * 12, "password_again": "y" * 12}, headers=headers
        ),
        clinic.post(f"/staff/{lee}/admin", data={"admin": "yes"}, headers=headers),
        clinic.post(f"/staff/{lee}/remove", data={"confirm": "yes"}, headers=headers),
    ]
    assert [t.status_code for t in tries] == [403] * 5
    assert _state(clinic) == before and len(_lines(clinic)) == lines
    assert _access(clinic).sign_in("Dr Lee", LEE_PASSWORD) is not None


def test_a_home_app_without_sign_in_has_no_staff_page(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = client.get("/staff")
        assert page.status_code == 403 and "has no sign-in" in page.text
        assert (
            client.post(
                "/staff", data={"name": "Eve", "password": "x" * 12, "password_again": "x" * 12}
            ).status_code
            == 403
        )
        assert _access(client).staff() == []


def test_another_site_cannot_make_an_admin_act(clinic: TestClient) -> None:
    lee = _id(clinic, "Dr Lee")
    forged = clinic.post(
        f"/staff/{lee}/remove", data={"confirm": "yes"}, headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403
    assert ("Dr Lee", False) in _state(clinic)


def test_odd_addresses_are_not_found_never_a_500(clinic: TestClient) -> None:
    for path in ("/staff/0", "/staff/99999", "/staff/9999999999999", "/staff/-1"):
        assert clinic.get(path).status_code == 404, path
    assert clinic.get("/staff/abc").status_code in (404, 422)


# ---------------------------------------------------------------------------------- storage, CLI


def test_members_kept_before_0010_are_not_admins_and_going_down_keeps_them(database_url: str) -> None:
    from alembic import command

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0009_diary_tried")
    from sqlalchemy import MetaData, Table

    staff = Table("staff", MetaData(), autoload_with=db.engine)
    with db.engine.begin() as connection:
        connection.execute(
            insert(staff).values(
                name="Dr Lee", name_key="dr lee", password_scrypt={"hash": "x"}, created_at=datetime.now(UTC)
            )
        )
    db.migrate()
    assert current_revision(db.engine) == head_revision()
    (member,) = Access(db).staff()
    assert (member.name, member.is_admin) == ("Dr Lee", False)
    downgrade_to(db.engine, "0009_diary_tried")
    assert "is_admin" not in {c["name"] for c in inspect(db.engine).get_columns("staff")}
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM staff")).scalars().all() == ["Dr Lee"]
    db.migrate()
    assert [m.is_admin for m in Access(db).staff()] == [False]
    db.dispose()


def test_the_command_line_makes_an_admin(tmp_path: Any) -> None:
    runner = CliRunner()
    url = sqlite_url(tmp_path / "clinic.sqlite3")
    added = runner.invoke(
        cli_app, ["staff", "add", "Sam", "--admin", "--stdin", "--db", url], input=ADMIN_PASSWORD + "\n"
    )
    assert added.exit_code == 0 and "They are an admin" in added.stdout, added.output
    assert (
        runner.invoke(
            cli_app, ["staff", "add", "Dr Lee", "--stdin", "--db", url], input=LEE_PASSWORD + "\n"
        ).exit_code
        == 0
    )

    def admins() -> dict[str, bool]:
        listed = runner.invoke(cli_app, ["staff", "list", "--json", "--db", url])
        return {m["name"]: m["admin"] for m in json.loads(listed.stdout)}

    assert admins() == {"Sam": True, "Dr Lee": False}
    made = runner.invoke(cli_app, ["staff", "admin", "dr lee", "--db", url])
    assert made.exit_code == 0 and "'Dr Lee' is now an admin" in made.stdout
    again = runner.invoke(cli_app, ["staff", "admin", "Dr Lee", "--db", url])
    assert again.exit_code == 0 and "already; nothing changed" in again.stdout
    off = runner.invoke(cli_app, ["staff", "admin", "Dr Lee", "--off", "--db", url])
    assert off.exit_code == 0 and "no longer an admin" in off.stdout
    assert admins() == {"Sam": True, "Dr Lee": False}
    unknown = runner.invoke(cli_app, ["staff", "admin", "Dr Leigh", "--db", url])
    assert unknown.exit_code == 2 and "no staff member is called 'Dr Leigh'" in unknown.output
    table = runner.invoke(cli_app, ["staff", "list", "--db", url], env={"COLUMNS": "120"})
    assert "Admin" in table.stdout and "yes" in table.stdout


def test_an_admin_demoted_or_removed_elsewhere_cannot_act_while_this_server_remembers_them(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker, or the command line, makes Sam no longer an admin, then removes him: this
    server still remembers him as an admin (its SETTINGS_TTL_S cache), but no change of his is made."""
    monkeypatch.setattr(access_module, "SETTINGS_TTL_S", 3600.0)  # as if within the cache's 2 s
    # changed as an older backstride changes it (no new version token) or while a request of his is being
    # answered: this server goes on with what it read
    monkeypatch.setattr(access_module, "_changed", lambda session: None)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        elsewhere = Access(Database(database_url))  # a second process on the same database
        elsewhere.add_staff("Sam", ADMIN_PASSWORD, admin=True)
        elsewhere.add_staff("Dr Lee", LEE_PASSWORD, admin=True)
        _sign_in(client, "Sam", ADMIN_PASSWORD)
        lee = _id(client, "Dr Lee")
        assert client.get("/staff").status_code == 200
        for then in ("demoted", "removed"):
            if then == "demoted":
                elsewhere.set_staff_admin("Sam", False)
            else:
                elsewhere.remove_staff("Sam")
            before, lines = (
                [(m.name, m.is_admin) for m in elsewhere.staff()],
                len(Activity(elsewhere.db).list(limit=1000)),
            )
            tries = [
                _add(client, "Eve", "eve's long password", admin="yes"),
                client.post(
                    f"/staff/{lee}/password",
                    data={"password": "y" * 12, "password_again": "y" * 12},
                    follow_redirects=False,
                ),
                client.post(f"/staff/{lee}/admin", data={"admin": "no"}, follow_redirects=False),
                client.post(f"/staff/{lee}/remove", data={"confirm": "yes"}, follow_redirects=False),
            ]
            assert [t.status_code for t in tries] == [403] * 4, then
            assert [(m.name, m.is_admin) for m in elsewhere.staff()] == before, then
            assert len(Activity(elsewhere.db).list(limit=1000)) == lines, then
        assert elsewhere.sign_in("Dr Lee", LEE_PASSWORD) is not None
        elsewhere.db.dispose()


def test_two_admins_taking_each_others_admin_at_once_leave_one_admin(database_url: str) -> None:
    """Lee's change waits while Sam's (making Lee no longer an admin) is being written, then is
    refused: Lee is no admin by then. Two admins never make each other no longer admins at once."""
    import threading

    from sqlalchemy import create_engine

    from backstride.core.errors import NotAllowedError

    db = Database(database_url).migrate()
    access = Access(db)
    access.add_staff("Sam", ADMIN_PASSWORD, admin=True)
    lee = access.add_staff("Dr Lee", LEE_PASSWORD, admin=True)
    other = create_engine(database_url)  # Sam's change, half written: Lee's row changed, not committed
    outcome: list[object] = []
    with other.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        transaction = connection.begin() if not connection.in_transaction() else None
        connection.execute(
            text("UPDATE staff SET is_admin = :no WHERE id = :id"), {"no": False, "id": lee.id}
        )

        def lee_acts() -> None:
            try:
                outcome.append(access.set_staff_admin("Sam", False, by=lee.id))
            except NotAllowedError as exc:
                outcome.append(exc)

        thread = threading.Thread(target=lee_acts)
        thread.start()
        thread.join(1.0)  # Lee's change waits for Sam's
        if transaction is not None:
            transaction.commit()
        else:
            connection.commit()
    thread.join(30)
    other.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], NotAllowedError), outcome
    assert [(m.name, m.is_admin) for m in access.staff()] == [("Sam", True), ("Dr Lee", False)]
    db.dispose()
