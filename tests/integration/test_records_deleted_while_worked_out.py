"""All of a person's records deleted (Data page, ``DELETE /api/data``, ``people delete``) while a check's
result is being worked out with a walk, in two sessions at once (PostgreSQL; SQLite lets one writer in
at a time). Neither may fail.

What review R7 found: working out a result locks the walk it uses, then the check (5e43180, in the order
``delete_walk`` locks them); deleting everything deleted the checks first, then the walks. The one held
the walk and waited for the check, the other held the check and waited for the walk: PostgreSQL found a
deadlock and ended one of them with an error (the result page or the deletion). The deletion now locks
the person's walks first, as every other writer does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import WALK, upload
from tests.integration.test_walk_deleted_while_restoring import _one_then_the_other, _pause_at

from backstride.core.errors import NotFoundError
from backstride.services.people import People
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.models import Assessment

pytestmark = pytest.mark.postgres


def _everything(records: Records) -> Any:
    return records.delete_all()


def _the_person(records: Records) -> Any:
    with records.db.session() as session:
        person = records.owner_id(session)
    assert person is not None
    return People(records.db).delete(person)


@pytest.mark.parametrize("delete", [_everything, _the_person])
def test_a_result_worked_out_while_everything_is_deleted(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, delete: Callable[[Records], Any]
) -> None:
    clock = Clock()
    db = Database(postgres_url).migrate()
    records = Records(db, clock=clock)
    started = records.start_assessment()
    records.answer(started.id, {"worse_walking": True})
    walk = upload(records, clock, WALK, -20)  # a walk sent since: the result is worked out again with it

    # the result has locked its walk and is about to lock the check
    def locking_the_check(_self: Any, _session: Any, model: Any, *_args: Any, lock: bool = False) -> bool:
        return model is Assessment and lock

    paused, go = _pause_at(monkeypatch, Records, "_get", locking_the_check)

    shown, deleted = _one_then_the_other(
        db, lambda: records.result(started.id), lambda: delete(records), paused, go
    )
    assert shown.gait_recording_id == walk  # the result went first (it held the walk), then the deletion
    assert deleted["assessments"] == 1 and deleted["gait_recordings"] == 1
    with pytest.raises(NotFoundError):
        records.result(started.id)
    db.dispose()
