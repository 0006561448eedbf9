"""A diary entry replaced by a newer version from a restored backup is never lost: the version it
replaced is kept (``diary_entry_versions``, migration 0012), shown on the entry's Edit page, carried
by the JSON export (format 6) and restored again; restoring again keeps each version once. On SQLite
and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from backstride.core.dates import day_words
from backstride.core.errors import InputError
from backstride.services.records import Records, earlier_version_words
from backstride.services.restore import restore_export
from backstride.storage.db import Database
from backstride.storage.models import DiaryEntryVersion

DAY = date.today() - timedelta(days=4)
OTHER_DAY = date.today() - timedelta(days=6)


def _versions(records: Records) -> list[tuple[str, int, float | None, str, str]]:
    (entry,) = records.list_diary_entries()
    return [
        (v.entry_date.isoformat(), v.pain_0_10, v.walking_tolerance_min, v.notes, v.replaced_by)
        for v in records.earlier_diary_versions(entry.id)
    ]


def _two_computers(url: str, tmp_path) -> tuple[Records, Records, str]:
    """Home changed an entry the laptop has in its first version; home's newer backup (JSON)."""
    home = Records(Database(url).migrate())
    entry = home.add_diary_entry(
        entry_date=DAY.isoformat(), pain_0_10=7, walking_tolerance_min=12.5, notes="a"
    )
    laptop = Records(Database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}").migrate())
    restore_export(laptop, json.dumps(home.export_all()))
    home.update_diary_entry(entry.id, entry_date=OTHER_DAY.isoformat(), pain_0_10=2, walking_tolerance_min=20)
    return home, laptop, json.dumps(home.export_all())


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_the_replaced_version_is_kept_exported_and_restored_again(database_url: str, tmp_path) -> None:
    # the laptop is where the restore happens here: on the database under test
    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate())
    entry = home.add_diary_entry(
        entry_date=DAY.isoformat(), pain_0_10=7, walking_tolerance_min=12.5, notes="a"
    )
    laptop = Records(Database(database_url).migrate())
    restore_export(laptop, json.dumps(home.export_all()))
    home.update_diary_entry(entry.id, entry_date=OTHER_DAY.isoformat(), pain_0_10=2, walking_tolerance_min=20)
    newer = json.dumps(home.export_all())
    laptop.clock = lambda: datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    result = restore_export(laptop, newer)
    assert "That earlier version is kept too" in result.said[0]
    assert _versions(laptop) == [(DAY.isoformat(), 7, 12.5, "a", "restore")]
    (kept,) = laptop.list_diary_entries()
    assert (kept.entry_date, kept.pain_0_10) == (OTHER_DAY, 2)
    (earlier,) = laptop.earlier_diary_versions(kept.id)
    assert earlier.replaced_at == datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    # restoring again changes nothing and keeps the version once
    assert restore_export(laptop, newer).said == ()
    assert len(laptop.earlier_diary_versions(kept.id)) == 1
    # the export carries it (format 6) ...
    document = laptop.export_all()
    assert document["format_version"] == 13
    (exported,) = document["diary_entries"]
    assert [(v["pain_0_10"], v["notes"], v["replaced_by"]) for v in exported["earlier_versions"]] == [
        (7, "a", "restore")
    ]
    # ... and a new computer restored from it has it again, once however often it is restored
    fresh = Records(Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}").migrate())
    for _ in range(2):
        restore_export(fresh, json.dumps(document))
        assert _versions(fresh) == [(DAY.isoformat(), 7, 12.5, "a", "restore")]
    # and the laptop's own backup into itself adds nothing
    restore_export(laptop, json.dumps(document))
    assert len(laptop.earlier_diary_versions(kept.id)) == 1
    # deleting the entry deletes its earlier versions (database cascade)
    laptop.delete_diary_entry(kept.id)
    with laptop.db.session() as session:
        assert session.scalar(select(func.count()).select_from(DiaryEntryVersion)) == 0


def test_the_entrys_edit_page_shows_the_earlier_version(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    path = tmp_path / "web.sqlite3"
    _, laptop, newer = _two_computers(f"sqlite:///{tmp_path / 'home.sqlite3'}", tmp_path)
    web = Records(Database(f"sqlite:///{path}").migrate())
    restore_export(web, json.dumps(laptop.export_all()))
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        page = client.post("/data/import", files={"file": ("backup.json", newer, "application/json")})
        assert page.status_code == 200 and "That earlier version is kept too" in page.text
        (entry,) = web.list_diary_entries()
        edit = client.get(f"/diary/{entry.id}/edit")
    replaced = web.earlier_diary_versions(entry.id)[0].replaced_at.astimezone()
    assert edit.status_code == 200
    assert (
        f"An earlier version, kept by a restore on {day_words(replaced)}: pain 7, "
        f'12 min 30 s walked before pain, notes "a" on {day_words(DAY)}.'
    ) in edit.text.replace("&#34;", '"').replace("\xa0", " ")  # a date's no-break spaces


def test_an_own_edit_keeps_no_earlier_version(tmp_path) -> None:
    records = Records(Database(f"sqlite:///{tmp_path / 'own.sqlite3'}").migrate())
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7)
    records.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3)
    assert records.earlier_diary_versions(entry.id) == []
    assert records.export_all()["diary_entries"][0]["earlier_versions"] == []


def test_a_file_of_format_5_without_earlier_versions_still_restores(tmp_path) -> None:
    _, laptop, newer = _two_computers(f"sqlite:///{tmp_path / 'home.sqlite3'}", tmp_path)
    document = json.loads(newer)
    document["format_version"] = 5
    for e in document["diary_entries"]:
        del e["earlier_versions"]
    result = restore_export(laptop, json.dumps(document))
    assert "That earlier version is kept too" in result.said[0]
    assert _versions(laptop) == [(DAY.isoformat(), 7, 12.5, "a", "restore")]


def test_a_wrong_earlier_version_is_refused_by_name_and_nothing_is_saved(tmp_path) -> None:
    _, laptop, _ = _two_computers(f"sqlite:///{tmp_path / 'home.sqlite3'}", tmp_path)
    document = laptop.export_all()
    document["diary_entries"][0]["earlier_versions"] = [
        {
            "entry_date": DAY.isoformat(),
            "pain_0_10": 11,
            "walking_tolerance_min": None,
            "notes": "",
            "tried": [],
            "updated_at": "2026-11-01T09:00:00+00:00",
            "replaced_at": "2026-11-02T09:00:00+00:00",
            "replaced_by": "restore",
        }
    ]
    other = dict(
        document["diary_entries"][0], id=99, created_at="2026-11-01T09:00:00+00:00", earlier_versions=[]
    )
    document["diary_entries"].append(other)  # a sound entry beside: it is not saved either
    fresh = Records(Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}").migrate())
    with pytest.raises(
        InputError, match=r"Diary entry 1 in the file \(.*\), earlier version 1: pain must be"
    ) as refused:
        restore_export(fresh, json.dumps(document))
    assert "nothing was saved" in str(refused.value)
    assert fresh.list_diary_entries() == []


def test_the_command_that_changes_the_entry_shows_the_earlier_version(tmp_path) -> None:
    from typer.testing import CliRunner

    from backstride.cli.main import app

    _, laptop, newer = _two_computers(f"sqlite:///{tmp_path / 'home.sqlite3'}", tmp_path)
    restore_export(laptop, newer)
    (entry,) = laptop.list_diary_entries()
    url = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    done = CliRunner().invoke(app, ["diary", "edit", str(entry.id), "--pain", "3", "--db", url])
    assert done.exit_code == 0, done.output
    assert "An earlier version, kept by a restore on " in done.output
    assert f'pain 7, 12 min 30 s walked before pain, notes "a" on {day_words(DAY)}.' in done.output


def test_entries_without_earlier_versions_are_added_together(tmp_path) -> None:
    # a long diary restores in one go: an entry is flushed alone (for its new id) only when it has
    # earlier versions to keep; a flush per entry made restoring 3,000 days twice as slow on PostgreSQL
    # (3.0 s against 1.4 s, one round trip an entry)
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate())
    for i in range(40):
        home.add_diary_entry(entry_date=(DAY - timedelta(days=i)).isoformat(), pain_0_10=i % 11)
    fresh = Records(Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}").migrate())
    flushes: list[int] = []

    def count(session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
        flushes.append(len(session.new))

    event.listen(Session, "before_flush", count)
    try:
        restore_export(fresh, json.dumps(home.export_all()))
    finally:
        event.remove(Session, "before_flush", count)
    assert len(fresh.list_diary_entries()) == 40
    assert len(flushes) < 5, flushes


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_the_files_older_version_is_kept_as_an_earlier_version(database_url: str, tmp_path) -> None:
    # the stored entry was changed after the backup: it stays, and the backup's older version is kept
    # beside it as an earlier version (it was only named in the message, then lost)
    records = Records(Database(database_url).migrate())
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    backup = json.dumps(records.export_all())
    records.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="fixed")
    records.clock = lambda: datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    (said,) = restore_export(records, backup).said
    assert "the newer version here is kept" in said
    assert "The file's older version is kept as an earlier version" in said
    (kept,) = records.list_diary_entries()
    assert (kept.pain_0_10, kept.notes) == (3, "fixed")
    assert _versions(records) == [(DAY.isoformat(), 7, None, "wrong pain", "restore")]
    (earlier,) = records.earlier_diary_versions(kept.id)
    assert earlier.updated_at == entry.updated_at  # when that version was last changed
    assert earlier.replaced_at == datetime(2026, 11, 27, 1, 30, tzinfo=UTC)
    # restoring the same backup again keeps it once
    restore_export(records, backup)
    assert len(records.earlier_diary_versions(kept.id)) == 1
    # the export carries it, and a new computer restored from that has it too
    document = records.export_all()
    assert [(v["pain_0_10"], v["notes"]) for v in document["diary_entries"][0]["earlier_versions"]] == [
        (7, "wrong pain")
    ]
    fresh = Records(Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}").migrate())
    restore_export(fresh, json.dumps(document))
    assert _versions(fresh) == [(DAY.isoformat(), 7, None, "wrong pain", "restore")]


def test_the_files_older_version_already_kept_is_not_kept_twice(tmp_path) -> None:
    # the laptop's first version was replaced by home's newer one (and kept as an earlier version);
    # the laptop's own old backup, restored after, holds that same version: it is there already
    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate())
    entry = home.add_diary_entry(
        entry_date=DAY.isoformat(), pain_0_10=7, walking_tolerance_min=12.5, notes="a"
    )
    laptop = Records(Database(f"sqlite:///{tmp_path / 'laptop.sqlite3'}").migrate())
    restore_export(laptop, json.dumps(home.export_all()))
    old_laptop_backup = json.dumps(laptop.export_all())
    home.update_diary_entry(entry.id, entry_date=OTHER_DAY.isoformat(), pain_0_10=2, walking_tolerance_min=20)
    restore_export(laptop, json.dumps(home.export_all()))
    assert _versions(laptop) == [(DAY.isoformat(), 7, 12.5, "a", "restore")]
    (said,) = restore_export(laptop, old_laptop_backup).said
    assert "The file's older version is kept as an earlier version" in said
    assert _versions(laptop) == [(DAY.isoformat(), 7, 12.5, "a", "restore")]


def test_the_edit_page_says_what_happened_when_the_backups_version_was_the_older(tmp_path) -> None:
    # the entry here was changed after the backup: the backup's older version is the one kept, and
    # the page must not say the backup's version "took the place of what was here" (it did not)
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    records = Records(Database(url).migrate())
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    backup = json.dumps(records.export_all())
    records.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="fixed")
    restore_export(records, backup)
    with TestClient(create_app(Settings(database_url=url))) as client:
        edit = client.get(f"/diary/{entry.id}/edit")
    assert edit.status_code == 200
    text = " ".join(edit.text.split())
    assert "had a newer version of this entry" not in text
    assert "took the place of what was here" not in text
    assert (
        "A backup you restored had another version of this entry. The newer version is the one "
        "you can change above. The older one is kept here, so nothing is lost."
    ) in text
    assert "kept by a restore on " in text and 'pain 7, notes "wrong pain"' in text.replace("&#34;", '"')


def test_versions_that_differ_only_in_what_was_tried_say_what_was_tried(tmp_path) -> None:
    # the person ticked a step after the backup: the backup's older version (no tick) is kept as an
    # earlier version; the message and the Edit page's words must show what differs, not "pain 3" twice
    records = Records(Database(f"sqlite:///{tmp_path / 'ticks.sqlite3'}").migrate())
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=3, tried=["cold_pack"])
    backup = json.dumps(records.export_all())
    records.update_diary_entry(
        entry.id, entry_date=DAY.isoformat(), pain_0_10=3, tried=["knee_to_chest", "cold_pack"]
    )
    (said,) = restore_export(records, backup).said
    assert (  # in the plan's order, as the diary keeps them
        "the newer version here is kept (pain 3, you used a cold pack and did the knee-to-chest stretch)"
    ) in said
    assert "The file's older version is kept as an earlier version (pain 3, you used a cold pack):" in said
    (earlier,) = records.earlier_diary_versions(entry.id)
    assert earlier_version_words(earlier, DAY).endswith(": pain 3, you used a cold pack.")


MADE = datetime.combine(DAY + timedelta(days=1), time(9), tzinfo=UTC)


def _restore_paused_after_reading(
    database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Records, Any, Any, list[BaseException]]:
    """The laptop (on ``database_url``) has an entry in its first version (pain 2); home changed it an
    hour later (pain 4, "at home"). The laptop restores home's backup in a thread, paused once it has
    read the stored entries until ``go`` is set, or 2 s pass (a write that waits for the restore cannot
    set it). Returns (laptop, thread, go, errors)."""
    import threading

    import backstride.services.restore as restore

    home = Records(Database(f"sqlite:///{tmp_path / 'home.sqlite3'}").migrate(), clock=lambda: MADE)
    entry = home.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=2)
    laptop = Records(Database(database_url).migrate(), clock=lambda: MADE)
    restore_export(laptop, json.dumps(home.export_all()))
    home.clock = lambda: MADE + timedelta(hours=1)
    home.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=4, notes="at home")
    backup = json.dumps(home.export_all())
    read, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    real = restore._same_entries

    def paused(*args: Any, **kwargs: Any) -> Any:
        read.set()
        go.wait(2)
        return real(*args, **kwargs)

    def run() -> None:
        try:
            restore_export(laptop, backup)
        except BaseException as exc:  # noqa: BLE001 - shown by the test's assertion
            errors.append(exc)

    monkeypatch.setattr(restore, "_same_entries", paused)
    thread = threading.Thread(target=run)
    thread.start()
    assert read.wait(30)
    return laptop, thread, go, errors


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_an_edit_saved_while_a_restore_runs_is_not_lost(
    database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL let the restore replace the entry it had read before the person's edit was saved:
    # the edit (told "Saved") was gone, and the version kept as earlier was the one before it
    laptop, thread, go, errors = _restore_paused_after_reading(database_url, tmp_path, monkeypatch)
    laptop.clock = lambda: MADE + timedelta(minutes=30)
    (mine,) = laptop.list_diary_entries()
    # the edit waits for the restore (on SQLite the restore holds the write lock from the start)
    laptop.update_diary_entry(mine.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="on the laptop")
    go.set()
    thread.join(30)
    assert errors == []
    (now,) = laptop.list_diary_entries()
    assert (now.pain_0_10, now.notes) == (3, "on the laptop")
    # the first version, replaced by the restore, is kept (the backup's version is then replaced by
    # this Edit, which sent no version, as an API client may: an Edit page's form sends the version it
    # showed and is refused instead, test_diary_edit_stale.py)
    assert 2 in [v.pain_0_10 for v in laptop.earlier_diary_versions(now.id)]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_an_entry_deleted_while_a_restore_replaces_it_does_not_stop_the_restore(
    database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL: the restore's change of the entry met no row ("StaleDataError") and nothing was added
    laptop, thread, go, errors = _restore_paused_after_reading(database_url, tmp_path, monkeypatch)
    (mine,) = laptop.list_diary_entries()
    laptop.delete_diary_entry(mine.id)  # waits for the restore: the person's choice comes after it
    go.set()
    thread.join(30)
    assert errors == []
    assert laptop.list_diary_entries() == []
