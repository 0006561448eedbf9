"""Two requests with one ``Idempotency-Key`` at the same moment, on PostgreSQL for real: two threads,
two connections, two open write transactions. ``test_api_idempotency_key.py`` makes the race on
SQLite by hiding the first look from the second request (SQLite writes one at a time, so two never
overlap there); here both requests are held at a barrier once each has looked for the key in its
own write transaction and found none, so both go on to add. The database keeps the second out (the
key's row, or the person's unique name, waits for the first's commit and then fails) and the second
answers as the first: one record, the same id to both. No timing: the barrier only makes both wait
until the other got there (its timeout fails the test instead of hanging it). Answers to a check are
looked for under the check's row lock instead: the second waits for the first's lock (seen in
pg_stat_activity) and then finds its key."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.models import Assessment, DiaryEntry, Person, Setting

pytestmark = pytest.mark.postgres

BARRIER_TIMEOUT_S = 60  # only so a broken test fails instead of hanging; never reached when it works


@pytest.fixture
def db(postgres_url: str) -> Iterator[Database]:
    database = Database(postgres_url).migrate()
    yield database
    database.dispose()


def _held(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> threading.Barrier:
    """``module.name``, but each of two callers waits there for the other: both are past their look for
    the key, in their own write transaction, before either adds."""
    barrier = threading.Barrier(2, timeout=BARRIER_TIMEOUT_S)
    real = getattr(module, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return barrier


def _both(send: Callable[[], Any]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(send) for _ in range(2)]
        return [future.result() for future in futures]


def _count(db: Database, model: Any) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _keys(db: Database) -> int:
    with db.session() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.startswith("idempotency:"))).all()
    return len(keys)


def test_a_diary_day_sent_twice_at_once_with_one_key_is_added_once(db: Database, monkeypatch) -> None:
    from backstride.services import records as records_module

    records = Records(db)
    records.list_diary_entries()  # the database's one person, made before the race
    records.people.only()
    barrier = _held(monkeypatch, records_module, "keep_idempotency_key")
    day = {"entry_date": "2026-11-20", "pain_0_10": 4, "idempotency_key": "day-at-once"}
    first, second = _both(lambda: Records(db).add_diary_entry(**day))
    assert not barrier.broken
    assert first.id == second.id
    assert _count(db, DiaryEntry) == 1 and _keys(db) == 1


def test_a_check_started_twice_at_once_with_one_key_is_made_once(db: Database, monkeypatch) -> None:
    from backstride.services import records as records_module

    Records(db).add_diary_entry(entry_date="2026-11-20", pain_0_10=1)  # the person, made before
    barrier = _held(monkeypatch, records_module, "keep_idempotency_key")
    first, second = _both(lambda: Records(db).start_assessment("person", idempotency_key="start-at-once"))
    assert not barrier.broken
    assert first.id == second.id
    assert _count(db, Assessment) == 1


def test_a_person_sent_twice_at_once_with_one_key_is_added_once(db: Database, monkeypatch) -> None:
    """Held before the name is looked for: both add Ana; the unique name keeps the second out, and it
    answers with the first's Ana, not "there is already a person called 'Ana'"."""
    from backstride.services import people as people_module

    before = _count(db, Person)
    barrier = _held(monkeypatch, people_module, "_same_label")
    first, second = _both(lambda: Records(db).people.add("Ana", height_cm=168, idempotency_key="ana-at-once"))
    assert not barrier.broken
    assert first.id == second.id
    assert _count(db, Person) == before + 1


def _wait_until_someone_waits_for_a_lock(db: Database) -> None:
    """Return once another connection waits for a row lock on a check (the second request, at the
    first's lock); fail after ``BARRIER_TIMEOUT_S`` (never reached when it works)."""
    import time

    from sqlalchemy import text

    deadline = time.monotonic() + BARRIER_TIMEOUT_S
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query ILIKE '%assessments%FOR UPDATE%'"
    )
    with db.engine.connect() as watcher:
        while not watcher.execute(waiting).scalar():
            assert time.monotonic() < deadline, "the second request never waited for the check's lock"
            time.sleep(0.01)
            watcher.rollback()


def test_an_answer_sent_twice_at_once_with_one_key_is_stored_once(db: Database, monkeypatch) -> None:
    """The first holds the check's row lock while the second waits for it (seen in pg_stat_activity);
    then the second finds the first's key under the lock and stores nothing: one store of the answers,
    the same check to both."""
    check = Records(db).start_assessment("person")
    real = Records._store_answers
    stores: list[int] = []
    first_holds = threading.Event()

    def store(self: Records, row: Any, answers: Any) -> bool:
        stores.append(row.id)
        if len(stores) == 1:
            first_holds.set()
            _wait_until_someone_waits_for_a_lock(db)
        return real(self, row, answers)

    monkeypatch.setattr(Records, "_store_answers", store)

    def send() -> Any:
        return Records(db).answer(check.id, {"age_years": 71}, idempotency_key="answer-at-once")

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(send)
        assert first_holds.wait(BARRIER_TIMEOUT_S)
        second = pool.submit(send)
        answered = [first.result(), second.result()]
    assert stores == [check.id]  # the second stored nothing
    assert [a.answers for a in answered] == [{"age_years": 71}] * 2
    assert answered[0].next_question == answered[1].next_question


def test_a_step_back_sent_twice_at_once_with_one_key_undoes_one_question(db: Database, monkeypatch) -> None:
    """As for answers: the first holds the check's row lock while the second waits for it; then the
    second finds the first's key under the lock and takes nothing back: one question undone, not two."""
    records = Records(db)
    check = records.start_assessment("person")
    first = {code: 40 if code == "age_years" else False for code in check.next_question["codes"]}
    second_asked = records.answer(check.id, first).next_question
    assert second_asked is not None
    records.answer(check.id, {code: 40 if code == "age_years" else False for code in second_asked["codes"]})
    real = Records._step_back
    steps: list[int] = []
    first_holds = threading.Event()

    def step_back(self: Records, row: Any) -> None:
        steps.append(row.id)
        if len(steps) == 1:
            first_holds.set()
            _wait_until_someone_waits_for_a_lock(db)
        real(self, row)

    monkeypatch.setattr(Records, "_step_back", step_back)

    def send() -> Any:
        return Records(db).back(check.id, idempotency_key="back-at-once")

    with ThreadPoolExecutor(max_workers=2) as pool:
        one = pool.submit(send)
        assert first_holds.wait(BARRIER_TIMEOUT_S)
        two = pool.submit(send)
        answered = [one.result(), two.result()]
    assert steps == [check.id]  # the second took nothing back
    assert [a.answers for a in answered] == [first] * 2
    assert answered[0].next_question == answered[1].next_question == second_asked
