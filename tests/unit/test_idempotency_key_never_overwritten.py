"""An Idempotency-Key kept meanwhile by the same request sent at the same moment is never overwritten.

Found by the lead's clean-clone CI (2026-11-28): test_idempotency_key_race_postgres's check start failed
about 1 run in 15 (also on 77fec7fa): when the other request's commit came before this one's look for
the key row, no unique key stopped this one, and ``keep_idempotency_key`` overwrote the fresh key with its
own check ("kept over a day ago" was its only reading of a row found), so two checks were made and each
request got its own. A recent row is now the other request's: an ``IntegrityError``, answered as it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from backstride.services.form_tokens import IDEMPOTENCY_KEPT_FOR, IdempotencyKey, keep_idempotency_key
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Setting

NOW = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)


def _kept(tmp_path: Path, at: datetime) -> tuple[Database, IdempotencyKey]:
    db = Database(sqlite_url(tmp_path / "keys.sqlite3")).migrate()
    sent = IdempotencyKey.of("start-at-once", "check", "person")
    assert sent is not None
    with db.session(write=True) as session:
        keep_idempotency_key(session, sent, "check", 1, at)  # the other request's, committed
    return db, sent


def test_a_key_kept_a_moment_ago_is_not_overwritten(tmp_path: Path) -> None:
    db, sent = _kept(tmp_path, NOW - timedelta(seconds=1))
    try:
        with pytest.raises(IntegrityError), db.session(write=True) as session:
            keep_idempotency_key(session, sent, "check", 2, NOW)
        with db.session() as session:
            assert session.get(Setting, sent.stored_as).value["id"] == 1  # still the first one's
    finally:
        db.dispose()


def test_a_key_kept_over_a_day_ago_is_used_again(tmp_path: Path) -> None:
    db, sent = _kept(tmp_path, NOW - IDEMPOTENCY_KEPT_FOR - timedelta(minutes=1))
    try:
        with db.session(write=True) as session:
            keep_idempotency_key(session, sent, "check", 2, NOW)
        with db.session() as session:
            row = session.get(Setting, sent.stored_as)
            assert row is None or row.value["id"] == 2  # forgotten or taken over, never the old answer
    finally:
        db.dispose()
