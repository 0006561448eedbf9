"""Migration 0009 (``diary_entries.tried``) and the steps a diary day keeps, on SQLite and PostgreSQL.

Days kept before 0009 keep their pain, minutes and notes and get no steps; going down to 0008 and up
again keeps the days; an unknown step code is refused by name and nothing is stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, inspect, text
from tests.integration.test_storage_ids import head_revision

from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.migrate import alembic_config, current_revision, downgrade_to

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
BEFORE = "0008_everyday_walking"


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("diary_entries")}


def test_days_kept_before_0009_migrate_with_no_steps_and_go_down_and_up_again(database_url: str) -> None:
    from alembic import command

    db = Database(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, BEFORE)
    with db.engine.begin() as connection:
        connection.execute(
            insert(inspect_table(db, "diary_entries")).values(
                person_id=1,
                entry_date=date(2026, 11, 18),
                pain_0_10=6,
                walking_tolerance_min=12.5,
                notes="old day",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    db.migrate()
    assert current_revision(db.engine) == head_revision() and "tried" in _columns(db)
    records = Records(db, clock=lambda: NOW)
    (old,) = records.list_diary_entries()
    assert (old.pain_0_10, old.walking_tolerance_min, old.notes, old.tried) == (6, 12.5, "old day", ())
    new = records.add_diary_entry(entry_date="2026-11-19", pain_0_10=3, tried=["cat_cow", "knee_to_chest"])
    assert records.get_diary_entry(new.id).tried == ("knee_to_chest", "cat_cow")  # the plan's order

    downgrade_to(db.engine, BEFORE)  # down: the column goes, every day stays
    assert "tried" not in _columns(db)
    with db.engine.connect() as connection:
        kept = connection.execute(
            text("SELECT entry_date, pain_0_10, notes FROM diary_entries ORDER BY entry_date")
        ).all()
    assert [(str(d), p, n) for d, p, n in kept] == [("2026-11-18", 6, "old day"), ("2026-11-19", 3, "")]

    db.migrate()  # and up again: the days are there, with no steps noted
    assert [(e.pain_0_10, e.tried) for e in records.list_diary_entries()] == [(6, ()), (3, ())]
    db.dispose()


def inspect_table(db: Database, name: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import MetaData, Table

    return Table(name, MetaData(), autoload_with=db.engine)


@pytest.fixture
def records(database_url: str):  # type: ignore[no-untyped-def]
    db = Database(database_url).migrate()
    yield Records(db, clock=lambda: NOW)
    db.dispose()


def test_steps_are_kept_once_each_and_replaced_on_update(records: Records) -> None:
    entry = records.add_diary_entry(
        entry_date="2026-11-19", pain_0_10=4, tried=["heat_after_48h", "knee_to_chest", "heat_after_48h"]
    )
    assert entry.tried == ("heat_after_48h", "knee_to_chest")
    assert records.get_diary_entry(entry.id).to_dict()["tried"] == ["heat_after_48h", "knee_to_chest"]
    updated = records.update_diary_entry(entry.id, entry_date="2026-11-19", pain_0_10=4, tried=["cat_cow"])
    assert records.get_diary_entry(updated.id).tried == ("cat_cow",)
    records.update_diary_entry(entry.id, entry_date="2026-11-19", pain_0_10=4)  # none given: none kept
    assert records.get_diary_entry(entry.id).tried == ()


@pytest.mark.parametrize("code", ["emergency_now", "see_clinician_today", "warning_signs", "hot_tub", ""])
def test_an_unknown_or_safety_step_is_refused_by_name_and_nothing_is_stored(
    records: Records, code: str
) -> None:
    with pytest.raises(InputError, match=f"tried: {code!r} is not a step the diary knows"):
        records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, tried=["cat_cow", code])
    assert records.list_diary_entries() == []
    entry = records.add_diary_entry(entry_date="2026-11-19", pain_0_10=4, tried=["cat_cow"])
    with pytest.raises(InputError, match="is not a step the diary knows"):
        records.update_diary_entry(entry.id, entry_date="2026-11-19", pain_0_10=5, tried=[code])
    assert (records.get_diary_entry(entry.id).pain_0_10, records.get_diary_entry(entry.id).tried) == (
        4,
        ("cat_cow",),
    )
