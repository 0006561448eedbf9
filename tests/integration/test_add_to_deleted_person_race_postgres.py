"""A diary day, a walk or a check added for a person (``?person_id=``) while that person is deleted at
the same moment, on PostgreSQL for real: two threads, two connections, two open write transactions
(SQLite writes one at a time, so the two never overlap there).

The add looks for the person in its transaction (a plain read: no lock), then stores. When the delete
ended between the two, the store failed on the foreign key (``IntegrityError``, ForeignKeyViolation)
and, with no ``Idempotency-Key`` or form token to answer by, went up as it was: a 500 for a person who
is simply not there any more. Now it is the ``NotFoundError`` (404) naming the person, as an add that
looks after the delete gets, and nothing is stored. No timing: the add waits, after its look, until
the delete is done (a timeout only fails a broken test instead of hanging it)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.conftest import MOBILISED_LAB

from backstride.core.errors import NotFoundError
from backstride.services import records as records_module
from backstride.services.people import People
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.models import Assessment, DiaryEntry, GaitRecording, Person

pytestmark = pytest.mark.postgres

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"
WAIT_AT_MOST_S = 60  # only so a broken test fails instead of hanging; never reached when it works


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = Database(postgres_url).migrate()
    yield database
    database.dispose()


def _deleted_while_adding(
    db: Database, monkeypatch: pytest.MonkeyPatch, add: Callable[[Records], Any], looks: int = 1
) -> BaseException | None:
    """``add`` for a new person, held just after its ``looks``-th look for them (``get_person``; the
    last one in its write transaction: they are there) until the person's delete, sent then, is done;
    what ``add`` raised (None: nothing). Nothing of the person is left after."""
    ana = People(db).add("Ana").id
    scoped = Records(db).for_person(ana)  # before the look is held: it looks for them too
    real = records_module.get_person
    seen: list[int] = []
    looked, deleted = threading.Event(), threading.Event()

    def look(session: Any, person_id: Any) -> Any:
        person = real(session, person_id)
        seen.append(person_id)
        if len(seen) == looks:
            looked.set()
            assert deleted.wait(WAIT_AT_MOST_S), "the delete did not end"
        return person

    monkeypatch.setattr(records_module, "get_person", look)
    with ThreadPoolExecutor(max_workers=2) as pool:
        adding = pool.submit(add, scoped)
        assert looked.wait(WAIT_AT_MOST_S), "the add never looked for the person"
        # the add's look holds no lock: the delete ends, while the add is held after its look
        pool.submit(People(db).delete, ana).result(timeout=WAIT_AT_MOST_S)
        deleted.set()
        raised = adding.exception(timeout=WAIT_AT_MOST_S)
    with db.session() as session:  # nothing half-written: the person and all theirs are gone
        assert session.get(Person, ana) is None
        for model in (DiaryEntry, GaitRecording, Assessment):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    return raised


def _is_not_there(raised: BaseException | None) -> None:
    assert isinstance(raised, NotFoundError), repr(raised)  # the 404, not an IntegrityError's 500
    assert "person" in str(raised) and "does not exist" in str(raised)


def test_a_diary_day_added_while_its_person_is_deleted_is_a_404_not_a_500(db, monkeypatch):
    _is_not_there(
        _deleted_while_adding(
            db, monkeypatch, lambda records: records.add_diary_entry(entry_date="2026-11-20", pain_0_10=3)
        )
    )


def test_a_walk_sent_while_its_person_is_deleted_is_a_404_not_a_500(db, monkeypatch):
    def send(records: Records) -> Any:
        return records.upload_walk(LAB_WALK.name, LAB_WALK.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s")

    # its first look is before the analysis (a read); the second, in its write transaction
    _is_not_there(_deleted_while_adding(db, monkeypatch, send, looks=2))


def test_a_check_started_while_its_person_is_deleted_is_a_404_not_a_500(db, monkeypatch):
    _is_not_there(_deleted_while_adding(db, monkeypatch, lambda records: records.start_assessment()))


def test_with_a_key_it_is_the_same_404_not_the_409_of_a_retry(db, monkeypatch):
    """The key was never kept (the transaction failed): nothing was added, so not the 409 "deleted
    since" of a retry, but the 404, as without a key."""

    def add(records: Records) -> Any:
        return records.add_diary_entry(entry_date="2026-11-20", pain_0_10=3, idempotency_key="day-while-gone")

    _is_not_there(_deleted_while_adding(db, monkeypatch, add))
