"""A walk sent while a restore adds the same walk (two sessions at once, PostgreSQL; uploads do not
take the restore's lock). Restore first: the walk is kept once, the restore finishes and the upload is
told, as for any file sent twice, that it was added already (409, naming the walk). Upload first: both
finish; the restore adds its copy beside, without the duplicate key, as it adds the same file sent at
another moment. A reviewer feared the two could fail on the walk's unique key: they do not (the
restore's side since 96423fe, the upload's by its look-up of the key that kept it out); these pin it
with real sessions, where the earlier test stood in for the upload with a monkeypatch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.integration.test_walk_deleted_while_restoring import _one_then_the_other, _pause_at
from tests.walk_samples import UNITS, few_steps_csv

from backstride.services import restore as restore_module
from backstride.services.records import Records, WalkStoredAlreadyError
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import GaitRecording, Person

pytestmark = pytest.mark.postgres
HEIGHT_CM = 172.0


def _sent(records: Records, walk: bytes) -> Any:
    """The walk sent (its view), or what refused it: its message and the walk it names."""
    try:
        return records.upload_walk("walk.csv", walk, height_cm=HEIGHT_CM, **UNITS)
    except WalkStoredAlreadyError as exc:
        return str(exc), exc.walk.id


@pytest.fixture
def home(tmp_path: Path) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """A walk sent at home (with a height) and the backup made there."""
    walk = few_steps_csv(tmp_path).read_bytes()
    db = Database(sqlite_url(tmp_path / "home.sqlite3")).migrate()
    records = Records(db)
    records.upload_walk("walk.csv", walk, height_cm=HEIGHT_CM, **UNITS)
    yield walk, records.export_all()
    db.dispose()


def test_the_same_walk_sent_while_a_restore_adds_it_is_kept_once(
    postgres_url: str, home: tuple[bytes, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    walk, document = home
    db = Database(postgres_url).migrate()
    try:
        laptop = Records(db)
        laptop.add_diary_entry(entry_date=laptop.today(), pain_0_10=3)  # "Me", no height kept yet
        # the restore pauses once it has added the walk, before it keeps the file's height for the person
        paused, go = _pause_at(monkeypatch, restore_module, "_same_entries", lambda *_a, **_k: True)
        restored, sent = _one_then_the_other(
            db,
            lambda: restore_export(laptop, json.dumps(document)),
            lambda: _sent(laptop, walk),
            paused,
            go,
        )
        assert restored.added["gait_recordings"] == 1
        with db.session() as session:
            (kept,) = session.scalars(select(GaitRecording.id)).all()  # once
            assert session.scalar(select(func.count()).select_from(Person)) == 1
        assert isinstance(sent, tuple) and sent[1] == kept, sent  # refused, naming the walk kept
        assert sent[0].endswith(f": walk {kept}; it was not stored again")  # 409, as for any file sent twice
    finally:
        db.dispose()


def test_a_restore_while_the_same_walk_is_being_sent_finishes(
    postgres_url: str, home: tuple[bytes, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other order: the upload has stored the walk, not yet committed, when the restore adds the
    file's copy. The restore waits, then adds its copy beside, without the key, as it adds the same file
    sent at another moment (``restore``'s docstring); both finish."""
    walk, document = home
    db = Database(postgres_url).migrate()
    try:
        laptop = Records(db)
        laptop.add_diary_entry(entry_date=laptop.today(), pain_0_10=3)
        paused, go = _pause_at(
            monkeypatch, Records, "_remember", lambda _self, key, *_a, **_k: key[0] == "walk facts"
        )
        sent, restored = _one_then_the_other(
            db,
            lambda: laptop.upload_walk("walk.csv", walk, height_cm=HEIGHT_CM, **UNITS),
            lambda: restore_export(laptop, json.dumps(document)),
            paused,
            go,
        )
        assert restored.added["gait_recordings"] == 1
        with db.session() as session:
            keys = session.execute(select(GaitRecording.id, GaitRecording.duplicate_key)).all()
        assert sorted((i, k is None) for i, k in keys)[0] == (sent.id, False)  # the upload's keeps it
        assert len(keys) == 2
    finally:
        db.dispose()
