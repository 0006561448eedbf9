"""Restoring a backup after a diary entry was changed (the diary's Edit, ``PUT /api/diary/{id}``).

The same entry is recognised by when it was first made: the newer version is kept and the person is
told which, and what the other version held (nothing they typed goes unsaid); restoring again changes
nothing. Entries that merely look alike are still added beside, as before.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.services.restore import MAX_SAID, restore_export
from backstride.storage.db import Database, sqlite_url

DAY = date.today() - timedelta(days=4)
OTHER_DAY = date.today() - timedelta(days=6)


def _records(path) -> Records:
    return Records(Database(sqlite_url(path)).migrate())


def _diary(records: Records) -> list[tuple[str, int, float | None, str]]:
    return [
        (e.entry_date.isoformat(), e.pain_0_10, e.walking_tolerance_min, e.notes)
        for e in records.list_diary_entries()
    ]


def test_a_backup_restored_after_an_edit_keeps_the_edit_and_says_so(tmp_path) -> None:
    records = _records(tmp_path / "one.sqlite3")
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    backup = json.dumps(records.export_all())
    records.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="fixed")
    result = restore_export(records, backup)
    assert _diary(records) == [(DAY.isoformat(), 3, None, "fixed")]  # one entry, the newer one
    assert result.added["diary_entries"] == 0 and result.already_there["diary_entries"] == 1
    (said,) = result.said
    assert f"Your diary entry for {day_words(DAY)} was changed after this file was made" in said
    assert 'the newer version here is kept (pain 3, notes "fixed")' in said
    assert 'The file\'s older version is kept as an earlier version (pain 7, notes "wrong pain"):' in said
    again = restore_export(records, backup)
    assert _diary(records) == [(DAY.isoformat(), 3, None, "fixed")] and len(again.said) == 1


def test_a_newer_backup_replaces_the_older_entry_and_says_what_it_replaced(tmp_path) -> None:
    home = _records(tmp_path / "home.sqlite3")
    entry = home.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, walking_tolerance_min=12.5)
    laptop = _records(tmp_path / "laptop.sqlite3")
    restore_export(laptop, json.dumps(home.export_all()))  # the laptop has the first version
    home.update_diary_entry(entry.id, entry_date=OTHER_DAY.isoformat(), pain_0_10=2, walking_tolerance_min=20)
    newer = json.dumps(home.export_all())
    result = restore_export(laptop, newer)
    assert _diary(laptop) == [(OTHER_DAY.isoformat(), 2, 20.0, "")]
    (kept,) = laptop.list_diary_entries()
    assert kept.updated_at == home.get_diary_entry(entry.id).updated_at  # as in the file: again is a no-op
    (said,) = result.said
    assert f"Your diary entry for {day_words(OTHER_DAY)} was changed after it was stored here" in said
    assert "the newer version from the file is kept (pain 2, 20 min walked before pain)" in said
    assert f"It replaces pain 7, 12 min 30 s walked before pain on {day_words(DAY)}." in said
    again = restore_export(laptop, newer)
    assert (
        again.said == () and again.already_there["diary_entries"] == 1 and again.added["diary_entries"] == 0
    )
    assert _diary(laptop) == [(OTHER_DAY.isoformat(), 2, 20.0, "")]


def test_entries_made_at_the_same_moment_are_not_guessed_at(tmp_path) -> None:
    # two entries first made at one moment (a frozen clock, a script): which is which cannot be told,
    # so a changed one is added beside, as before, never put in the place of the other
    records = _records(tmp_path / "same.sqlite3")
    first = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=5)
    second = records.add_diary_entry(entry_date=OTHER_DAY.isoformat(), pain_0_10=6)
    backup = records.export_all()
    for e in backup["diary_entries"]:
        e["created_at"] = backup["diary_entries"][0]["created_at"]
    records.update_diary_entry(first.id, entry_date=DAY.isoformat(), pain_0_10=1)
    records.update_diary_entry(second.id, entry_date=OTHER_DAY.isoformat(), pain_0_10=2)
    result = restore_export(records, json.dumps(backup))
    assert result.added["diary_entries"] == 2 and result.said == ()
    assert sorted(p for _, p, _, _ in _diary(records)) == [1, 2, 5, 6]


def test_many_changed_entries_are_counted_after_the_first_few(tmp_path) -> None:
    records = _records(tmp_path / "many.sqlite3")
    made = [
        records.add_diary_entry(entry_date=(DAY - timedelta(days=i)).isoformat(), pain_0_10=5)
        for i in range(8)
    ]
    backup = json.dumps(records.export_all())
    for e in made:
        records.update_diary_entry(e.id, entry_date=e.entry_date.isoformat(), pain_0_10=4)
    said = restore_export(records, backup).said
    assert len(said) == MAX_SAID + 1 and said[-1] == f"And {8 - MAX_SAID} more diary entries like these."
    assert [p for _, p, _, _ in _diary(records)] == [4] * 8


def test_the_data_page_the_api_and_the_command_say_which_version_was_kept(tmp_path) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app
    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    path = tmp_path / "web.sqlite3"
    records = _records(path)
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    backup = json.dumps(records.export_all())
    records.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="fixed")
    kept = f"Your diary entry for {day_words(DAY)} was changed after this file was made"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        page = client.post("/data/import", files={"file": ("backup.json", backup, "application/json")})
        shown = page.text.replace("\xa0", " ")  # a date's no-break spaces (templating.keep_together)
        assert page.status_code == 200 and kept in shown and "pain 7" in shown
        api = client.post("/api/import", files={"file": ("backup.json", backup, "application/json")})
        assert api.status_code == 200 and len(api.json()["said"]) == 1 and kept in api.json()["said"][0]
    file = tmp_path / "backup.json"
    file.write_text(backup, encoding="utf-8")
    done = CliRunner().invoke(cli_app, ["import", str(file), "--db", sqlite_url(path)])
    assert done.exit_code == 0 and kept in done.output, done.output
    assert _diary(records) == [(DAY.isoformat(), 3, None, "fixed")]


def test_two_versions_changed_at_the_same_moment_are_both_kept(tmp_path) -> None:
    # review R5: neither is newer, so neither may be dropped; it kept the stored one and called the
    # file's (pain 2, "file version") 'older' and 'not added'
    records = _records(tmp_path / "tie.sqlite3")
    records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="here")
    document = records.export_all()
    (entry,) = document["diary_entries"]
    assert entry["created_at"] == entry["updated_at"]
    entry["pain_0_10"], entry["notes"] = 2, "file version"
    result = restore_export(records, json.dumps(document))
    assert sorted(_diary(records)) == [
        (DAY.isoformat(), 2, None, "file version"),
        (DAY.isoformat(), 7, None, "here"),
    ]
    assert result.added["diary_entries"] == 1 and result.said == ()
    again = restore_export(records, json.dumps(document))
    assert len(_diary(records)) == 2 and again.added["diary_entries"] == 0


def test_an_entry_saved_unchanged_does_not_hide_a_real_change_made_elsewhere(tmp_path) -> None:
    # review R5: the laptop's Edit form (or 'backstride diary edit N') saved without a change made its
    # entry 'newer', so restoring home's backup with the real correction kept the old pain 7
    home = _records(tmp_path / "home.sqlite3")
    entry = home.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    laptop = _records(tmp_path / "laptop.sqlite3")
    restore_export(laptop, json.dumps(home.export_all()))
    home.update_diary_entry(entry.id, entry_date=DAY.isoformat(), pain_0_10=3, notes="fixed")
    (copy,) = laptop.list_diary_entries()
    before = copy.updated_at
    laptop.update_diary_entry(copy.id, entry_date=DAY.isoformat(), pain_0_10=7, notes="wrong pain")
    assert laptop.get_diary_entry(copy.id).updated_at == before  # nothing changed: not newer
    result = restore_export(laptop, json.dumps(home.export_all()))
    assert _diary(laptop) == [(DAY.isoformat(), 3, None, "fixed")]
    assert "the newer version from the file is kept" in result.said[0]
