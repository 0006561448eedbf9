"""An old check found complete is not replayed again to list it (migration 0018, ``complete_mark``).

Checks kept before finish times were stored have none: the first History listing after every start
replayed each to its end to learn it was finished (D9 measured 100 of them: 8.9-14.5 s cold on SQLite).
Storing a finish time when a listing found one finished was tried and reverted: it moved the check in
History and "my last check" and could change the walk its result uses. The first listing now keeps a
mark of its own (the versions and the answers it was worked out with), never a finish time; a later
listing, in another process too, reads it instead of replaying, while the answers and versions are the
same. A listing that cannot write it (a read-only user or file, a busy database) lists all the same."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import select, update
from tests.integration.test_check_changes import STENOSIS, finish
from tests.integration.test_home_many_checks import _replays
from tests.integration.test_storage_errors import read_only_user

from backstride.services import records as records_module
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Assessment

T = TypeVar("T")
OLD = 3  # checks kept "before finish times were stored"


def _old_checks(url: str) -> list[dict[str, Any]]:
    """A database with ``OLD`` finished checks kept without a finish time and one half-way check;
    their rows as stored."""
    db = Database(url).migrate()
    records = Records(db)
    whole = records.get_assessment(finish(records, STENOSIS)).answers
    for i in range(OLD - 1):
        records.keep_check("person", {**whole, "duration_weeks": 40 + i})
    with db.session(write=True) as session:
        session.execute(update(Assessment).values(finished_at=None))
    half = records.start_assessment("person")
    records.answer(half.id, {c: None for c in half.next_question["codes"]})
    rows = _rows(db)
    db.dispose()
    return rows


def _rows(db: Database) -> list[dict[str, Any]]:
    with db.session() as session:
        found = session.execute(select(Assessment).order_by(Assessment.id)).scalars().all()
        return [
            {c: getattr(r, c, None) for c in ("id", "answers", "finished_at", "updated_at", "complete_mark")}
            for r in found
        ]


def _read_anew(url: str, read: Callable[[Database], T]) -> T:
    """``read`` of the database by a new ``Database`` (as after a restart: nothing cached)."""
    db = Database(url)
    try:
        return read(db)
    finally:
        db.dispose()


def _listed(url: str) -> list[dict[str, Any]]:
    """The listing of a new ``Records`` over the database (as after a restart: nothing cached)."""
    return _read_anew(url, lambda db: Records(db).list_assessments())


def test_a_second_start_lists_old_finished_checks_without_replaying_them(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _old_checks(database_url)
    built = _replays(monkeypatch)
    first = _listed(database_url)
    assert [c["finished"] for c in first] == [False] + [True] * OLD  # newest first: the half-way one
    assert len(built) == OLD + 1, built  # the first listing replays them all (and marks the finished)
    built.clear()
    second = _listed(database_url)  # another process's Records: its caches empty
    assert second == first
    # the half-way check only (not finished: never marked, a few ms to ask its next question)
    assert len(built) == 1, f"{len(built) - 1} finished checks replayed again"
    db = Database(database_url)
    after = _rows(db)
    db.dispose()
    for old, now in zip(before, after, strict=True):  # a mark only: never a finish time, nor an answer
        assert {k: v for k, v in now.items() if k != "complete_mark"} == {
            k: v for k, v in old.items() if k != "complete_mark"
        }
    assert [r["complete_mark"] is not None for r in after] == [True] * OLD + [False]


def test_a_mark_is_worth_nothing_once_the_answers_or_the_versions_move(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_checks(database_url)
    _listed(database_url)
    db = Database(database_url)
    with db.session() as session:
        first = session.scalars(select(Assessment).order_by(Assessment.id).limit(1)).one()
        answers = dict(list(first.answers.items())[:3])  # answers taken back, the mark left as it was
    with db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == first.id).values(answers=answers))
    db.dispose()
    listed = {c["id"]: c["finished"] for c in _listed(database_url)}
    assert listed[first.id] is False, listed
    built = _replays(monkeypatch)
    monkeypatch.setattr(records_module, "_mark_versions", lambda: "another version of the questions")
    listed = {c["id"]: c["finished"] for c in _listed(database_url)}
    assert len(built) >= OLD - 1, built  # worked out again with the new versions: still finished
    assert sum(listed.values()) == OLD - 1, listed


def test_a_listing_that_cannot_keep_its_marks_lists_all_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _old_checks(sqlite_url(str(path)))
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert [c["finished"] for c in _listed(read_only)] == [False] + [True] * OLD
    # busy: another program holds the write lock; the listing does not wait for it (10 s) to list
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert [c["finished"] for c in _listed(sqlite_url(str(path)))] == [False] + [True] * OLD
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db = Database(sqlite_url(str(path)))
    assert [r["complete_mark"] for r in _rows(db)] == [None] * (OLD + 1)  # nothing written
    db.dispose()


@pytest.mark.postgres
def test_a_postgresql_user_that_may_only_read_lists_old_checks(postgres_url: str) -> None:
    _old_checks(postgres_url)
    with read_only_user(postgres_url) as (reader, _name, _schema):
        assert [c["finished"] for c in _listed(reader)] == [False] + [True] * OLD
        assert [c["finished"] for c in _listed(reader)] == [False] + [True] * OLD
    db = Database(postgres_url)
    assert [r["complete_mark"] for r in _rows(db)] == [None] * (OLD + 1)
    db.dispose()


def test_a_mark_is_not_exported_and_a_restored_check_is_worked_out_again(tmp_path: Path) -> None:
    url = sqlite_url(str(tmp_path / "old.sqlite3"))
    _old_checks(url)
    _listed(url)
    db = Database(url)
    saved = json.dumps(Records(db).export_all())
    db.dispose()
    assert "complete_mark" not in saved
    restored = Database(sqlite_url(str(tmp_path / "restored.sqlite3"))).migrate()
    restore_export(Records(restored), saved)
    assert [r["complete_mark"] for r in _rows(restored)] == [None] * (OLD + 1)
    assert [c["finished"] for c in Records(restored).list_assessments()] == [False] + [True] * OLD
    restored.dispose()


# Appended to a copy of backstride's records.py: a later backstride whose interview asks one more question
# of every check, with the same version numbers (0.1.0, the same questions.yaml and knowledge.yaml)
ASKS_MORE = """

_ASKED_BEFORE = Records._next_question


def _one_more(self, mode, answers, *, keep=True):
    question, answered = _ASKED_BEFORE(self, mode, answers, keep=keep)
    if question is None and "one_more" not in answers:
        return {"id": "one_more", "codes": ["one_more"]}, answered
    return question, answered


Records._next_question = _one_more
"""

LIST = (
    "import json, sys\n"
    "from backstride.services.records import Records\n"
    "from backstride.storage.db import Database\n"
    "print(json.dumps([c['finished'] for c in Records(Database(sys.argv[1])).list_assessments()]))\n"
)


def test_a_mark_kept_by_other_code_with_the_same_versions_is_worth_nothing(tmp_path: Path) -> None:
    """A mark says "nothing left to ask" as the code that kept it decided; backstride's version stays
    0.1.0 while the interview's code moves, so a later backstride that would ask more of the check must
    work it out again (History: not finished, as the check's own page says), not trust the old mark."""
    import backstride

    url = sqlite_url(str(tmp_path / "old.sqlite3"))
    _old_checks(url)
    assert [c["finished"] for c in _listed(url)] == [False] + [True] * OLD  # marked by this code
    later = tmp_path / "later"
    shutil.copytree(
        Path(backstride.__file__).parent, later / "backstride", ignore=shutil.ignore_patterns("__pycache__")
    )
    with (later / "backstride" / "services" / "records.py").open("a", encoding="utf-8") as f:
        f.write(ASKS_MORE)
    ran = subprocess.run(
        [sys.executable, "-c", LIST, url],
        env={**os.environ, "PYTHONPATH": str(later)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout.splitlines()[-1]) == [False] * (OLD + 1)
    assert [c["finished"] for c in _listed(url)] == [False] + [True] * OLD  # this code: finished still


def _home_and_last_check(url: str) -> tuple[list[int], list[bool | None]]:
    """What Home offers to carry on (``unfinished_checks``, ``unfinished_answers``' views) and whether
    each check is finished as "my last check" looks for one (``checks_before``), newest first, read by a
    new ``Records`` (as after a restart: nothing cached)."""

    def read(db: Database) -> tuple[list[int], list[bool | None]]:
        records = Records(db)
        offered = [view.id for view in records.unfinished_checks()]
        shown = [c.view(unreadable=True) for c in records.unfinished_answers()]
        assert [v.id for v in shown if v is not None] == offered
        return offered, [c.finished for c in Records(db).checks_before(None)]

    return _read_anew(url, read)


def test_home_and_my_last_check_read_the_mark_instead_of_replaying(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _old_checks(database_url)
    half = rows[-1]["id"]
    unmarked = _home_and_last_check(database_url)
    assert unmarked == ([half], [False] + [True] * OLD)
    _listed(database_url)  # History marks the old finished checks
    built = _replays(monkeypatch)
    assert _home_and_last_check(database_url) == unmarked  # the same, read from the marks
    # the half-way check only (once for Home, once for each listing's new Records): never the marked
    assert all(dict(answers) == rows[-1]["answers"] for answers in built), f"{len(built)} replays"
    built.clear()
    # an upgrade (another code fingerprint): each mark is worth nothing, each old check replayed again
    monkeypatch.setattr(records_module, "_mark_versions", lambda: "another version of the code")
    assert _home_and_last_check(database_url) == unmarked
    replayed_old = [a for a in built if dict(a) != rows[-1]["answers"]]
    assert len(replayed_old) == 2 * OLD, replayed_old  # once by Home and once by "my last check" each
