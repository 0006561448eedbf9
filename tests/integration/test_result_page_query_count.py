"""How many SQL statements the result page and an answer cost (SQLite), locked so that a change
that adds a read to every view shows as a failing test, not as a slower benchmark weeks later.

The result page of a finished check, viewed again, with a walk and an earlier finished check (what
``bench_web``'s result page and a person's second check have): its result was worked out on the first
view and is read back, with the walk it used, what changed since the last check, and whose it is.
An answer to a check not finished: stored, and the next question chosen.

Counted are the statements sent to the database, ``BEGIN`` included (one a transaction). When a
change needs another read, say why in its commit and set the number here; a lower number is welcome.

Nothing is cached across a change: an answer changed after a view changes the page at once (the
level and the answer's own words), as the engine works it out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from tests.integration.test_check_changes import EMERGENCY, STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers
from tests.integration.test_result_page_walk_read import LAB_WALK

from backstride.services import access
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

# 2 transactions: the result with its check (read apart before) and its walk's words (read apart
# before 2026-11-28: ``ResultView.walk_quoted``, with its factor codes in one statement) and whose it is
# (the people kept: one or several; a transaction of its own before 2026-11-28, d12), the checks before
# (their ids, then the newest one's answers, in one transaction since 2026-11-28; the check itself no
# more read again for its person); and, before every
# request, the sign-in state's token (`access.version`, so a password set in another process counts
# from the next request; 2026-11-28): one statement on a pooled connection's driver cursor, no
# transaction (``Database.read_value``; it was BEGIN and the read)
SIGN_IN_STATEMENTS = 1
# 1 transaction since d13 (2026-11-28): the checks before are read in the result's transaction too
RESULT_PAGE_STATEMENTS = 8 + SIGN_IN_STATEMENTS
ANSWER_STATEMENTS = 3 + SIGN_IN_STATEMENTS  # 1 transaction: the check read, its answers stored


@contextmanager
def statements() -> Iterator[list[str]]:
    sent: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(" ".join(statement.split())[:120])

    read_value = Database.read_value

    def read_and_count(db: Database, sql: str) -> Any:  # sent on the driver's cursor: no engine event
        sent.append(" ".join(sql.split())[:120])
        return read_value(db, sql)

    event.listen(Engine, "before_cursor_execute", count)
    Database.read_value = read_and_count  # type: ignore[method-assign]
    try:
        yield sent
    finally:
        Database.read_value = read_value  # type: ignore[method-assign]
        event.remove(Engine, "before_cursor_execute", count)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").split())


def _finished_check(client: TestClient, answers: dict[str, object]) -> int:
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    given = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
    assert given.status_code == 200, given.text
    assert given.json()["next_question"] is None
    return int(check["id"])


def test_the_result_page_and_an_answer_send_a_locked_number_of_statements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the whole sign-in state is read again every SETTINGS_TTL_S (2 s) whatever its token says: on a slow
    # machine that read fell on a counted request now and then (4 statements more); here it never does
    monkeypatch.setattr(access, "SETTINGS_TTL_S", 3600.0)
    settings = Settings(database_url=sqlite_url(tmp_path / "count.sqlite3"))
    with TestClient(create_app(settings)) as client:
        walk = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        sent = client.post("/api/walks", files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())}, data=walk)
        assert sent.status_code == 201, sent.text
        answers = _all_answers(STENOSIS, "person")
        for check in (_finished_check(client, answers), _finished_check(client, answers)):
            # each worked out and stored on its first view, as a person sees each check's result
            assert client.get(f"/check/{check}/result").status_code == 200
        with statements() as sent_by_page:
            page = client.get(f"/check/{check}/result")
        assert page.status_code == 200
        assert 'id="changes-heading"' in page.text  # what changed since the check before it
        assert len(sent_by_page) == RESULT_PAGE_STATEMENTS, "\n".join(sent_by_page)
        # read only: a view of a result worked out before writes nothing (no write lock, no fsync)
        assert all(s.startswith(("BEGIN DEFERRED", "SELECT")) for s in sent_by_page), sent_by_page

        started = client.post("/api/assessments", json={"mode": "person"}).json()
        first = started["next_question"]
        with statements() as sent_by_answer:
            given = client.post(
                f"/api/assessments/{started['id']}/answers",
                json={"answers": {code: False for code in first["codes"]}},
            )
        assert given.status_code == 200, given.text
        assert given.json()["next_question"] is not None
        assert len(sent_by_answer) == ANSWER_STATEMENTS, "\n".join(sent_by_answer)


def test_an_answer_changed_after_a_view_changes_the_page_at_once(tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path / "fresh.sqlite3"))
    with TestClient(create_app(settings)) as client:
        check = _finished_check(client, _all_answers(STENOSIS, "person"))
        for _ in range(2):  # worked out, then read back
            before = _text(client.get(f"/check/{check}/result").text)
        assert "emergency" not in before.lower().split("not a diagnosis")[0][:300]
        changed = client.post(
            f"/api/assessments/{check}/answers", json={"answers": {"urinary_retention": True}}
        )
        assert changed.status_code == 200, changed.text
        after = _text(client.get(f"/check/{check}/result").text)
        assert after != before
        assert client.get(f"/api/assessments/{check}/plan").json()["disposition"] == "emergency"
        assert "Your result: Get emergency help now" in client.get(f"/check/{check}/result").text
    assert EMERGENCY["urinary_retention"] is True  # the same red flag as test_check_changes' [A15]


def test_with_several_people_the_result_page_reads_whose_it_is_with_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whose check it is (several people? the owner's label) is read in the result's own transaction,
    not in one of its own (with several people it was two: the people kept, then the owner's label);
    the page still names the owner, and a check of someone deleted since is not found."""
    monkeypatch.setattr(access, "SETTINGS_TTL_S", 3600.0)
    settings = Settings(database_url=sqlite_url(tmp_path / "several.sqlite3"))
    with TestClient(create_app(settings)) as client:
        people = [client.post("/api/people", json={"label": label}).json()["id"] for label in ("Alex", "Sam")]
        sam = people[1]
        started = client.post(f"/api/assessments?person_id={sam}", json={"mode": "person"}).json()
        given = client.post(
            f"/api/assessments/{started['id']}/answers", json={"answers": _all_answers(STENOSIS, "person")}
        )
        assert given.status_code == 200 and given.json()["next_question"] is None, given.text
        assert client.get(f"/check/{started['id']}/result").status_code == 200  # worked out, stored
        with statements() as sent:
            page = client.get(f"/check/{started['id']}/result")
        assert page.status_code == 200
        assert "Records of <strong>Sam</strong>" in page.text
        # the result with whose it is and the checks before (in a transaction of their own before d13,
        # 2026-11-28), then the person's records opened (still there?)
        assert sum(s.startswith("BEGIN") for s in sent) == 2, "\n".join(sent)
        assert client.delete(f"/api/people/{sam}").status_code in (200, 204)
        assert client.get(f"/check/{started['id']}/result").status_code == 404
