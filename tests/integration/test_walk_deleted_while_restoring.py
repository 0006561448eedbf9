"""A walk deleted while a restore adds a check linked to it, in two sessions at once (PostgreSQL; SQLite
lets one writer in at a time). The check must never keep a result worked out with a walk that is gone
without saying so, and the restore must not fail.

What was found: ``delete_walk`` read the checks using the walk, then deleted it, without locking it; the
restore read the person's walks, then linked the file's check to the stored walk, without locking them.
A restore that linked its check while the deletion ran either failed on the foreign key (the walk gone
before the check was written), or its check lost its walk in silence (``ON DELETE SET NULL``): its
result still said "slower walking speed" from the deleted walk, with no note that the walk was deleted.
Now the deletion locks the walk before it looks for the checks using it, and the restore locks the walks
it links to: whichever comes second waits for the first and sees what it did.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import CHECK, WALK, finish_at, upload

from backstride.services import records as records_module
from backstride.services import restore as restore_module
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database

pytestmark = pytest.mark.postgres
WAIT_S = 30  # at most, for the other session


@pytest.fixture
def backup(postgres_url: str) -> Iterator[tuple[Records, dict[str, Any], int]]:
    """A person's walk (slower than usual) and the backup of a check that used it; the check is deleted
    since, so restoring the backup adds it again, linked to the stored walk."""
    clock = Clock()
    db = Database(postgres_url).migrate()
    records = Records(db, clock=clock)
    walk = upload(records, clock, WALK, -20)
    check = finish_at(records, clock, 0, CHECK)
    assert records.result(check).gait_factor_codes == ["slow_speed"]
    document = records.export_all()
    records.delete_assessment(check)
    yield records, document, walk
    db.dispose()


def _waiting(db: Database) -> int:
    """How many lock requests wait (another session's row lock) in this database."""
    with db.engine.connect() as connection:
        return int(connection.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")) or 0)


def _until_blocked(db: Database, seconds: float = 5.0) -> None:
    """Wait until a session waits for a lock, or ``seconds`` (a session that does not wait goes on)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and _waiting(db) == 0:
        time.sleep(0.05)


def _in_thread(run: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def target() -> None:
        try:
            out.append(run())
        except BaseException as exc:  # said by the test
            out.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    return thread, out


def _pause_at(
    monkeypatch: pytest.MonkeyPatch, target: Any, name: str, when: Callable[..., bool]
) -> tuple[threading.Event, threading.Event]:
    """``target.name`` waits (once, when ``when(*args)``) until ``go`` is set; ``paused`` says it waits."""
    paused, go = threading.Event(), threading.Event()
    original = getattr(target, name)

    def waits(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs) and not paused.is_set():
            paused.set()
            assert go.wait(WAIT_S)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, waits)
    return paused, go


def _one_then_the_other(
    db: Database,
    first: Callable[[], Any],
    second: Callable[[], Any],
    paused: threading.Event,
    go: threading.Event,
) -> tuple[Any, Any]:
    """``first`` in a session of its own until it pauses (``_pause_at``), then ``second`` in another until it
    waits for a lock (or goes on); then both to their end. What each returned; neither may fail."""
    one, one_out = _in_thread(first)
    assert paused.wait(WAIT_S)
    other, other_out = _in_thread(second)
    _until_blocked(db)
    go.set()
    one.join(WAIT_S)
    other.join(WAIT_S)
    for out in (one_out, other_out):
        assert out and not isinstance(out[0], BaseException), out
    return one_out[0], other_out[0]


def _restored_check(records: Records) -> int:
    (check,) = [a["id"] for a in records.export_all()["assessments"]]
    return int(check)


def test_a_walk_deleted_while_a_restore_links_a_check_to_it(
    backup: tuple[Records, dict[str, Any], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restore has read the person's walks (and links its check to the stored one) when the walk is
    deleted: the deletion waits for the restore, then finds the restored check and works it out again,
    saying so."""
    records, document, walk = backup
    # the restore pauses after it read the stored walks, before it links the check
    paused, go = _pause_at(monkeypatch, restore_module._AlreadyStored, "take", lambda *_a, **_k: True)
    _restored, deleted = _one_then_the_other(
        records.db,
        lambda: restore_export(records, json.dumps(document)),
        lambda: records.delete_walk(walk),
        paused,
        go,
    )
    check = _restored_check(records)
    assert deleted == [check]  # the deletion found the restored check
    result = records.result(check)
    assert result.gait_recording_id is None and result.gait_factor_codes == []
    assert result.result["plan"]["gait_factors"] == []  # not the deleted walk's "slower walking speed"
    note = result.to_dict()["walk_deleted"]
    assert note is not None and note["walk_id"] == walk and note["gait_factors_lost"] == ["slow_speed"]


def test_a_restore_while_the_walk_its_check_uses_is_being_deleted(
    backup: tuple[Records, dict[str, Any], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deletion has looked for the checks using the walk when the restore starts: the restore waits for
    it, sees the walk gone, and adds the file's walk again for its check (a restore only adds: what was
    deleted after the file was made comes back, docs/sharing.md)."""
    records, document, walk = backup
    paused, go = _pause_at(
        monkeypatch, records_module, "note", lambda _session, action, **_k: action == "walk_deleted"
    )
    _one_then_the_other(
        records.db,
        lambda: records.delete_walk(walk),
        lambda: restore_export(records, json.dumps(document)),
        paused,
        go,
    )
    check = _restored_check(records)
    result = records.result(check)
    walks = [w.id for w in records.list_walks()]
    assert walk not in walks
    # linked to the walk the file brought back, and says what that walk shows: nothing was deleted under it
    assert result.gait_recording_id in walks and result.gait_factor_codes == ["slow_speed"]
    assert result.to_dict()["walk_deleted"] is None


def test_a_result_worked_out_while_its_walk_is_being_deleted(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review R2: a check not finished, worked out with a walk sent since, while that walk is deleted: the
    result waited for the deletion's lock to link the check to the walk, then failed on the foreign key
    (an error page instead of the result). Now it waits, finds the walk gone and is worked out without it."""
    clock = Clock()
    db = Database(postgres_url).migrate()
    records = Records(db, clock=clock)
    started = records.start_assessment()
    records.answer(started.id, {"worse_walking": True})
    assert records.result(started.id).gait_recording_id is None  # no walk yet
    walk = upload(records, clock, WALK, -20)  # slower than usual: a new walk for the check
    paused, go = _pause_at(
        monkeypatch, records_module, "note", lambda _session, action, **_k: action == "walk_deleted"
    )
    deleted, shown = _one_then_the_other(
        db, lambda: records.delete_walk(walk), lambda: records.result(started.id), paused, go
    )
    assert deleted == []  # no finished check used it
    for result in (shown, records.result(started.id)):
        assert result.gait_recording_id is None and result.result["plan"]["gait_factors"] == []
    db.dispose()
