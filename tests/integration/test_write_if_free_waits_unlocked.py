"""``Database.write_if_free`` (a listing's complete marks, on its way) never holds this process's write
lock while it waits for a pooled connection (review R21). Before, on SQLite it took the lock first: with
every pooled connection in use it waited for one (up to the pool's 30 s) holding the lock, and every
answer, diary day or walk saved meanwhile in this server waited behind a mark nobody waits for."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, update

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Assessment


def test_a_writer_is_not_kept_waiting_while_write_if_free_waits_for_a_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url(tmp_path / "pool.sqlite3")).migrate()
    records = Records(db)
    check = records.start_assessment("person")
    connect = db.engine.connect
    saved = threading.Event()
    here = threading.get_ident()  # write_if_free's thread; the writer's connections come as always

    def answer_meanwhile() -> None:  # another request of the same server saves an answer
        records.answer(check.id, {code: None for code in check.next_question["codes"]})
        saved.set()

    def connect_when_a_writer_is_done(*args: Any, **kwargs: Any) -> Any:
        # standing for a pool with every connection in use: the connection comes once the writer of
        # another thread could save (the guard's 10 s only end a test that would otherwise hang)
        if threading.get_ident() == here and not saved.is_set():
            threading.Thread(target=answer_meanwhile, daemon=True).start()
            saved.wait(10)
        return connect(*args, **kwargs)

    monkeypatch.setattr(db.engine, "connect", connect_when_a_writer_is_done)
    statement = (
        update(Assessment)
        .where(Assessment.id == bindparam("check_id"))
        .values(complete_mark=bindparam("mark"))
        .execution_options(synchronize_session=False)
    )
    db.write_if_free(statement, [{"check_id": check.id, "mark": "m"}])
    monkeypatch.undo()
    assert saved.is_set(), "the answer waited for the write lock write_if_free held"
    after = records.get_assessment(check.id)
    assert set(check.next_question["codes"]) <= set(after.answers)  # the answer was saved, and the mark
    with db.session() as session:
        assert session.get(Assessment, check.id).complete_mark == "m"
    db.dispose()
