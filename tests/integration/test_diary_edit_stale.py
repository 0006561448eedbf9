"""A diary entry changed after its Edit page (or a GET) was read is never overwritten unseen.

The Edit form and ``PUT /api/diary/{id}`` carry the version they started from (the entry's
``updated_at``). A save whose version is no longer the stored one (a backup restored meanwhile put a
newer version in its place, or another tab saved first) is refused: the web page comes back (409) with
everything typed still in it and what the entry is now; the API answers 409 naming the problem with the
entry as it is now. Before, the backup's newer version was replaced and kept nowhere. An API client
that sends no version is served as before. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url

DAY = date.today() - timedelta(days=4)
OTHER_DAY = date.today() - timedelta(days=6)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#34;", '"').replace("&#39;", "'")


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    assert found is not None, name
    return found.group(1)


def _newer_backup(exported: bytes, tmp_path, notes: str = "first") -> str:
    """The app's records restored on another computer ("home"), the entry with ``notes`` changed there
    after (pain 4, notes "from home", sat down to rest): the backup home makes, with its newer version."""
    home = Records(Database(sqlite_url(tmp_path / "home.sqlite3")).migrate())
    restore_export(home, exported)
    entry = next(e for e in home.list_diary_entries() if e.notes == notes)
    home.update_diary_entry(
        entry.id, entry_date=entry.entry_date, pain_0_10=4, notes="from home", tried=["sit_and_rest"]
    )
    return json.dumps(home.export_all())


def _restore(api: Any, backup: str) -> None:
    restored = api.post("/api/import", files={"file": ("backup.json", backup.encode())})
    assert restored.status_code == 200, restored.text
    assert "the newer version from the file is kept" in restored.json()["said"][0]


def _first_entry(api: Any) -> dict[str, Any]:
    body = {"entry_date": DAY.isoformat(), "pain_0_10": 7, "notes": "first"}
    created = api.post("/api/diary", json=body)
    assert created.status_code == 201, created.text
    return created.json()


def _opened_then_restored(api: Any, tmp_path) -> tuple[dict[str, Any], str]:
    """An entry whose Edit page is opened, then a backup with a newer version of it restored: the entry
    as first made, and the version its open form carries."""
    entry = _first_entry(api)
    base = _value(api.get(f"/diary/{entry['id']}/edit").text, "updated_at")
    assert base == entry["updated_at"]
    _restore(api, _newer_backup(api.get("/api/export").content, tmp_path))
    return entry, base


def test_a_stale_edit_page_does_not_replace_a_restored_newer_version(api, tmp_path) -> None:
    entry, base = _opened_then_restored(api, tmp_path)
    restored = api.get(f"/api/diary/{entry['id']}").json()
    typed = {
        "entry_date": OTHER_DAY.isoformat(),
        "pain_0_10": "2",
        "walking_tolerance_min": "15",
        "notes": "typed on the open page",
        "tried": ["slower_pace"],
        "updated_at": base,
    }
    sent = api.post(f"/diary/{entry['id']}/edit", data=typed, follow_redirects=False)
    assert sent.status_code == 409
    text = _text(sent.text)
    assert "This entry was changed after you opened this page" in text
    assert f'It is now: {day_words(DAY)}, pain 4, you sat down to rest, notes "from home".' in text
    assert "What you typed is still in the form below. Nothing was saved yet." in text
    # everything typed is still there, on the same Edit form
    assert f'action="/diary/{entry["id"]}/edit"' in sent.text
    assert _value(sent.text, "entry_date") == OTHER_DAY.isoformat() and _value(sent.text, "pain_0_10") == "2"
    assert _value(sent.text, "walking_tolerance_min") == "15"
    assert "typed on the open page</textarea>" in sent.text
    assert re.search(r'value="slower_pace"[^>]*checked', sent.text)
    assert not re.search(r'value="sit_and_rest"[^>]*checked', sent.text)
    # the backup's version is the entry still; the one it replaced is kept as an earlier version
    assert api.get(f"/api/diary/{entry['id']}").json() == restored
    assert "An earlier version, kept by a restore" in text and "pain 7" in text
    # the form now carries the version it showed: Save again puts what was typed in its place
    assert _value(sent.text, "updated_at") == restored["updated_at"]
    again = api.post(
        f"/diary/{entry['id']}/edit",
        data=typed | {"updated_at": restored["updated_at"]},
        follow_redirects=False,
    )
    assert again.status_code == 303
    now = api.get(f"/api/diary/{entry['id']}").json()
    assert (now["entry_date"], now["pain_0_10"], now["notes"]) == (
        OTHER_DAY.isoformat(),
        2,
        "typed on the open page",
    )


def test_the_changed_page_reads_at_about_age_twelve(api, tmp_path) -> None:
    from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

    entry, base = _opened_then_restored(api, tmp_path)
    sent = api.post(
        f"/diary/{entry['id']}/edit",
        data={"entry_date": DAY.isoformat(), "pain_0_10": "2", "notes": "n", "updated_at": base},
    )
    assert sent.status_code == 409 and reading_grade(sent.text) <= MAX_GRADE


@pytest.mark.parametrize("sent_version", ["not a time", "2026-11-20T10:00:00"])
def test_an_edit_form_with_a_version_that_cannot_be_read_is_shown_what_is_stored(
    api, sent_version: str
) -> None:
    entry = _first_entry(api)
    sent = api.post(
        f"/diary/{entry['id']}/edit",
        data={"entry_date": DAY.isoformat(), "pain_0_10": "1", "notes": "mine", "updated_at": sent_version},
    )
    assert sent.status_code == 409 and "mine</textarea>" in sent.text
    assert _value(sent.text, "updated_at") == entry["updated_at"]
    assert api.get(f"/api/diary/{entry['id']}").json() == entry  # nothing changed


def test_a_refused_edit_keeps_the_version_it_started_from(api, tmp_path) -> None:
    # a form sent back for a typing mistake must not take the stored version as its own: a restore
    # before that would be overwritten once the mistake is fixed
    entry, base = _opened_then_restored(api, tmp_path)
    refused = api.post(
        f"/diary/{entry['id']}/edit",
        data={"entry_date": DAY.isoformat(), "pain_0_10": "12", "updated_at": base},
    )
    assert refused.status_code == 422 and _value(refused.text, "updated_at") == base
    fixed = api.post(
        f"/diary/{entry['id']}/edit",
        data={"entry_date": DAY.isoformat(), "pain_0_10": "3", "updated_at": base},
    )
    assert fixed.status_code == 409
    assert api.get(f"/api/diary/{entry['id']}").json()["notes"] == "from home"


def test_a_put_built_from_a_stale_get_is_refused_with_the_entry_as_it_is_now(api, tmp_path) -> None:
    entry = _first_entry(api)
    seen = api.get(f"/api/diary/{entry['id']}").json()
    _restore(api, _newer_backup(api.get("/api/export").content, tmp_path))
    current = api.get(f"/api/diary/{entry['id']}").json()
    fields = ("entry_date", "pain_0_10", "walking_tolerance_min", "notes", "tried", "updated_at")
    body = {k: seen[k] for k in fields} | {"pain_0_10": 1}
    refused = api.put(f"/api/diary/{entry['id']}", json=body)
    assert refused.status_code == 409, refused.text
    answer = refused.json()
    assert answer["current"] == current
    assert answer["detail"].startswith(f"diary entry {entry['id']} was changed after the version you sent")
    assert current["updated_at"] in answer["detail"] and 'notes "from home"' in answer["detail"]
    assert api.get(f"/api/diary/{entry['id']}").json() == current  # nothing changed
    # sent with the version it is now: replaced, as the client chose
    replaced = api.put(f"/api/diary/{entry['id']}", json=body | {"updated_at": current["updated_at"]})
    assert replaced.status_code == 200 and replaced.json()["pain_0_10"] == 1
    # no version sent: replaced whatever it is, as before
    plain = {k: seen[k] for k in fields[:-1]} | {"pain_0_10": 5}
    assert api.put(f"/api/diary/{entry['id']}", json=plain).json()["pain_0_10"] == 5
    bad = api.put(f"/api/diary/{entry['id']}", json=body | {"updated_at": "yesterday"})
    assert bad.status_code == 422 and "updated_at" in bad.json()["detail"]


def test_the_openapi_document_says_the_version_and_the_409(api) -> None:
    document = api.get("/api/openapi.json").json()
    put = document["paths"]["/api/diary/{entry_id}"]["put"]
    assert "409" in put["responses"]
    schema_name = put["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    described = document["components"]["schemas"][schema_name]["properties"]["updated_at"]["description"]
    assert "409" in described and "left out" in described.lower()
    given = document["components"]["schemas"]["DiaryEntryOut"]["properties"]["updated_at"]["description"]
    assert "PUT's updated_at" in given


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_an_edit_from_a_page_read_before_a_running_restore_waits_and_is_refused(
    database_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL: the Edit read the entry before the restore's change, waited for it to write, then put
    # the page's values over the backup's newer version (kept nowhere)
    from tests.integration.test_restore_earlier_versions import MADE, _restore_paused_after_reading

    from backstride.services.records import DiaryEntryChangedError

    laptop, thread, go, errors = _restore_paused_after_reading(database_url, tmp_path, monkeypatch)
    (seen,) = laptop.list_diary_entries()  # the page, shown before the restore wrote
    laptop.clock = lambda: MADE + timedelta(minutes=30)
    try:
        with pytest.raises(DiaryEntryChangedError) as refused:
            laptop.update_diary_entry(
                seen.id,
                entry_date=DAY.isoformat(),
                pain_0_10=3,
                notes="on the laptop",
                base_updated_at=seen.updated_at,
            )
    finally:
        go.set()
        thread.join(30)
    assert errors == []
    (now,) = laptop.list_diary_entries()
    assert (now.pain_0_10, now.notes) == (4, "at home")  # the backup's version
    assert refused.value.entry == now
    assert [v.pain_0_10 for v in laptop.earlier_diary_versions(now.id)] == [2]


def test_the_terminal_edit_does_not_replace_a_version_restored_while_it_ran(tmp_path, monkeypatch) -> None:
    # ``diary edit`` reads the entry, then writes what was given with the rest as read: a restore in
    # between had its newer notes put back to the old ones (kept nowhere)
    from backstride.cli.main import app

    runner = CliRunner()
    url = sqlite_url(tmp_path / "d.sqlite3")
    records = Records(Database(url).migrate())
    entry = records.add_diary_entry(entry_date=DAY.isoformat(), pain_0_10=7, notes="first")
    backup = _newer_backup(json.dumps(records.export_all()).encode(), tmp_path)
    real = Records.diary_entry_problems

    def restored_meanwhile(self: Records, **kwargs: Any) -> Any:
        restore_export(self, backup)  # between the command's read and its write
        return real(self, **kwargs)

    monkeypatch.setattr(Records, "diary_entry_problems", restored_meanwhile)
    done = runner.invoke(app, ["diary", "edit", str(entry.id), "--pain", "2", "--db", url])
    assert done.exit_code == 2, done.output
    assert f"diary entry {entry.id} was changed while this command ran" in done.output
    assert "nothing was changed" in done.output and "run the command again" in done.output
    (now,) = records.list_diary_entries()
    assert (now.pain_0_10, now.notes) == (4, "from home")


@pytest.mark.parametrize("sent", ["9999-12-31T23:59:59+00:00", "2999-01-01T00:00:00-14:00"])
def test_a_put_whose_version_is_later_than_now_is_refused_naming_it(api, sent: str) -> None:
    # review R4: a version from the future was answered 409 'was changed after the version you sent
    # (updated_at 9999-...)': no entry was changed after it; it is no version GET ever gave
    entry = _first_entry(api)
    body = {"entry_date": DAY.isoformat(), "pain_0_10": 1, "notes": "first", "updated_at": sent}
    refused = api.put(f"/api/diary/{entry['id']}", json=body)
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert (
        detail.startswith("updated_at: ") and "later than now" in detail and "nothing was changed" in detail
    )
    assert entry["updated_at"] in detail  # the version to send
    assert api.get(f"/api/diary/{entry['id']}").json() == entry
    # the version GET gave is taken
    assert (
        api.put(f"/api/diary/{entry['id']}", json=body | {"updated_at": entry["updated_at"]}).status_code
        == 200
    )


def _as_javascript_date(updated_at: str) -> str:
    """``updated_at`` as a JavaScript ``Date`` sends it back (``toISOString``: milliseconds, UTC, "Z")."""
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(updated_at).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def test_a_version_sent_back_in_milliseconds_is_the_same_version(api, tmp_path) -> None:
    # review R4: a client whose time type keeps milliseconds only (a JavaScript Date) was refused 409 on
    # every try, even re-sending the version the 409 gave it
    entry = _first_entry(api)
    body = {"entry_date": DAY.isoformat(), "pain_0_10": 2, "notes": "first"}
    sent = _as_javascript_date(entry["updated_at"])
    time.sleep(0.002)  # the save's new version lies in another millisecond
    saved = api.put(f"/api/diary/{entry['id']}", json=body | {"updated_at": sent})
    assert saved.status_code == 200, saved.text
    assert saved.json()["pain_0_10"] == 2
    # a changed entry is still told apart in milliseconds: the old version, cut, is refused
    stale = api.put(f"/api/diary/{entry['id']}", json=body | {"pain_0_10": 3, "updated_at": sent})
    assert stale.status_code == 409, stale.text
    assert api.get(f"/api/diary/{entry['id']}").json()["pain_0_10"] == 2
