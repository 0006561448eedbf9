"""Restoring a backstride export (``backstride import``, ``POST /api/import``, the Data page): all of
it or nothing, never twice, links kept; on SQLite and PostgreSQL. The data is made through the app's
own use cases with real inputs: a dev vignette interviewed to the end, a real lab walk, a diary."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB
from tests.integration.test_sharing import finish_check
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.errors import InputError
from backstride.services.records import HEIGHT_SETTING, Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
TODAY = date.today()
runner = CliRunner()
KINDS = ("assessments", "gait_recordings", "diary_entries")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An export with a finished check linked to a walk, an unfinished check, a diary and a setting."""
    path = tmp_path_factory.mktemp("source") / "source.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    records = Records(db)
    for days_ago, pain, notes in ((9, 6, "bad day"), (2, 3, '=1+1 "quoted" ünïcode')):
        day = (TODAY - timedelta(days=days_ago)).isoformat()
        records.add_diary_entry(entry_date=day, pain_0_10=pain, walking_tolerance_min=12.5, notes=notes)
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s")
    records.result(finish_check(records, "dev-008"))
    records.answer(records.start_assessment("clinician").id, {"age_years": 61, "exam_slr_positive": None})
    text = json.dumps(records.export_all())
    db.dispose()
    return text


def _without_ids(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        k: [{f: v for f, v in row.items() if f not in ("id", "gait_recording_id")} for row in document[k]]
        for k in KINDS
    }


def test_a_restored_export_holds_everything_and_links_to_the_restored_walk(
    records: Records, exported: str
) -> None:
    result = restore_export(records, exported)
    source = json.loads(exported)
    assert result.added == {
        "assessments": 2,
        "gait_recordings": 1,
        "diary_entries": 2,
        "everyday_days": 0,
        "settings": 1,
    }
    restored = records.export_all()
    for row in (*source["assessments"], *source["gait_recordings"]):  # who started or sent it: the file's
        for via in ("started_via", "sent_via"):  # word now (test_restore_names_from_the_file.py)
            if row.get(via) is not None:
                row[via] = "file"
    assert _without_ids(restored) == _without_ids(source)
    assert restored["settings"] == source["settings"] == {HEIGHT_SETTING: 172.0}
    (walk,) = restored["gait_recordings"]
    linked = [a for a in restored["assessments"] if a["gait_recording_id"] is not None]
    assert [a["gait_recording_id"] for a in linked] == [walk["id"]]
    assert linked[0]["result"] == next(a["result"] for a in source["assessments"] if a["result"])


def test_restoring_the_same_file_twice_adds_nothing_the_second_time(records: Records, exported: str) -> None:
    restore_export(records, exported)
    before = records.export_all()
    again = restore_export(records, exported)
    assert sum(again.added.values()) == 0 and sum(again.already_there.values()) == 6
    after = records.export_all()
    assert {k: after[k] for k in KINDS} == {k: before[k] for k in KINDS}


def test_a_restore_adds_beside_what_is_stored_and_changes_nothing_there(
    records: Records, exported: str
) -> None:
    mine = records.add_diary_entry(entry_date=TODAY.isoformat(), pain_0_10=1, notes="my own")
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), height_cm=180, acc_unit="m/s^2", gyr_unit="deg/s")
    result = restore_export(records, exported)
    assert result.added["diary_entries"] == 2 and result.added["gait_recordings"] == 1
    assert result.already_there["settings"] == 1 and records.height_cm() == 180.0  # kept
    assert records.get_diary_entry(mine.id).notes == "my own"
    walks = records.export_all()["gait_recordings"]
    assert len(walks) == 2 and len({w["id"] for w in walks}) == 2


def _broken(exported: str, change: Any) -> str:
    document = json.loads(exported)
    change(document)
    return json.dumps(document)


def test_a_file_with_problems_is_refused_whole_with_every_value_problem_named(
    records: Records, exported: str
) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["diary_entries"][0]["pain_0_10"] = 12
        d["diary_entries"][1]["entry_date"] = (TODAY + timedelta(days=40)).isoformat()
        d["assessments"][0]["answers"]["no_such_finding"] = True
        d["assessments"][1]["gait_recording_id"] = 999

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, spoil), source="backup.json")
    message = str(caught.value)
    assert message.startswith("backup.json cannot be restored:") and message.endswith("nothing was saved")
    for named in (
        "Diary entry 1 in the file (",
        "pain must be a whole number from 0 to 10; the file has 12",
        "is in the future",
        "no_such_finding",
        "walk 999 is not in the file",
    ):
        assert named in message, named
    assert all(records.export_all()[k] == [] for k in KINDS)


@pytest.mark.parametrize("version", [2, 3, 4])
def test_files_of_format_2_to_4_are_restored_and_exports_are_format_5(
    records: Records, exported: str, version: int
) -> None:
    """Format 3 added everyday walking, format 4 the steps tried on a diary day, format 5 when each
    check was finished (a backstride that reads an older format then says the file is newer, not that
    it has a key it does not know); a file without them is still read."""
    document = json.loads(exported)
    assert document["format_version"] == 13 and document["everyday_walking"] == []
    document["format_version"] = version
    for check in document["assessments"]:
        del check["finished_at"]
    for entry in document["diary_entries"] if version < 4 else ():
        del entry["tried"]
    if version == 2:
        del document["everyday_walking"]
    result = restore_export(records, json.dumps(document))
    assert result.added["diary_entries"] == 2 and result.added["everyday_days"] == 0


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"", "is empty: expected the JSON file from the Data page"),
        (b" \n", "is empty"),
        (b"\xff\xfe not text", "it is not a text file"),
        (b'{"format": ', r"not JSON text \(it cannot be read from line 1, column 12\)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a backstride export: it is not a text file"),
        (b"[1, 2]", "is not a backstride export"),
        (b'{"format": "something-else"}', "is not a backstride export"),
        (b'{"format": "backstride-export", "format_version": 14}', "made by a newer backstride"),
    ],
)
def test_a_file_that_is_not_an_export_is_named(records: Records, data: bytes, named: str) -> None:
    with pytest.raises(InputError, match=named):
        restore_export(records, data)


def test_shape_problems_are_named_together(records: Records, exported: str) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["gait_recordings"][0]["sha256"] = "not a hash"
        del d["diary_entries"][0]["notes"]
        d["diary_entries"][1]["pain_0_10"] = "3"  # text, not a number

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, spoil))
    message = str(caught.value)
    for named in ("gait_recordings[0].sha256", "diary_entries[0].notes", "diary_entries[1].pain_0_10"):
        assert named in message, named
    assert all(records.export_all()[k] == [] for k in KINDS)


# ---------------------------------------------------------------------------------- interfaces


def test_the_cli_restores_into_a_new_database_and_names_a_bad_file(tmp_path: Path, exported: str) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    (tmp_path / "new-computer").mkdir()  # a folder that does not exist is refused, never made
    url = sqlite_url(tmp_path / "new-computer" / "b.sqlite3")
    done = runner.invoke(cli_app, ["import", str(backup), "--db", url])
    assert done.exit_code == 0, done.output
    # the one setting is the height: named, never "1 setting" (which says nothing)
    assert ": 2 checks, 1 walk, 2 diary entries and the height kept for walks added." in done.stdout
    again = runner.invoke(cli_app, ["import", str(backup), "--db", url])
    assert "nothing new added; 6 already there." in again.stdout
    (tmp_path / "notes.json").write_text('{"pain": 3}', encoding="utf-8")
    bad = runner.invoke(cli_app, ["import", str(tmp_path / "notes.json"), "--db", url])
    assert bad.exit_code == 2 and "is not a backstride export" in bad.output
    missing = runner.invoke(cli_app, ["import", str(tmp_path / "nope.json"), "--db", url])
    assert missing.exit_code == 2 and "file not found" in missing.output
    (tmp_path / "notepad.json").write_text(exported, encoding="utf-16")  # Notepad's "Unicode"
    other = sqlite_url(tmp_path / "c.sqlite3")
    notepad = runner.invoke(cli_app, ["import", str(tmp_path / "notepad.json"), "--db", other])
    assert notepad.exit_code == 0 and "2 diary entries" in notepad.stdout, notepad.output


def test_the_api_and_the_data_page_restore_a_file(api: TestClient, stored: Any, exported: str) -> None:
    response = api.post("/api/import", files={"file": ("backup.json", exported.encode(), "application/json")})
    assert response.status_code == 200, response.text
    assert response.json()["added"] == {
        "assessments": 2,
        "gait_recordings": 1,
        "diary_entries": 2,
        "everyday_days": 0,
        "settings": 1,
    }
    before = stored()
    page = api.post(
        "/data/import", files={"file": ("backup.json", exported.encode())}, follow_redirects=False
    )
    assert page.status_code == 303 and page.headers["location"] == "/data?added=0,0,0,0,0&already=6&height=0"
    assert "Restored: nothing new added; 6 already there." in api.get(page.headers["location"]).text
    bad = api.post("/data/import", files={"file": ("notes.json", b'{"pain": 3}')})
    assert bad.status_code == 422 and "is not a backstride export" in bad.text and 'role="alert"' in bad.text
    assert api.post("/data/import").status_code == 422
    api_bad = api.post("/api/import", files={"file": ("x.json", b"[]")})
    assert api_bad.status_code == 422 and "“x.json”" not in api_bad.json()["detail"]
    assert "'x.json' is not a backstride export" in api_bad.json()["detail"]
    assert stored() == before


def test_the_data_page_says_what_was_restored_as_the_terminal_does(
    api: TestClient, tmp_path: Path, exported: str
) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text(exported, encoding="utf-8")
    terminal = runner.invoke(cli_app, ["import", str(backup), "--db", sqlite_url(tmp_path / "t.sqlite3")])
    assert terminal.exit_code == 0, terminal.output
    assert ": 2 checks, 1 walk, 2 diary entries and the height kept for walks added." in terminal.stdout
    sent = api.post("/data/import", files={"file": ("backup.json", exported.encode())})
    assert sent.status_code == 200, sent.text
    assert "Restored: 2 checks, 1 walk, 2 diary entries and your height added." in sent.text
    again = api.post("/data/import", files={"file": ("backup.json", exported.encode())})
    assert "Restored: nothing new added; 6 already there." in again.text
    file = json.loads(exported)
    file["settings"]["theme"] = "dark"  # a setting of an older version: counted apart from the height
    words = restore_export(Records(Database(sqlite_url(tmp_path / "o.sqlite3")).migrate()), json.dumps(file))
    assert words.in_words() == "2 checks, 1 walk, 2 diary entries, 1 other setting and their height added"


def test_a_restore_may_be_bigger_than_other_requests_but_has_its_own_limit(
    api: TestClient, exported: str
) -> None:
    document = json.loads(exported)
    entry = document["diary_entries"][0]
    for i in range(1500):  # about 3.3 MB: more than the 1 MB of an ordinary request
        day = (TODAY - timedelta(days=i)).isoformat()
        document["diary_entries"].append({**entry, "id": 10_000 + i, "entry_date": day, "notes": "n" * 2000})
    big = json.dumps(document).encode()
    assert len(big) > 3_000_000
    response = api.post("/api/import", files={"file": ("big.json", big)})
    assert response.status_code == 200 and response.json()["added"]["diary_entries"] == 1502
    too_big = api.post("/api/import", content=b"x", headers={"content-length": str(300 * 1024 * 1024)})
    assert too_big.status_code == 413 and "at most 256 MB" in too_big.json()["detail"]


def test_items_alike_in_the_file_each_arrive_once_and_a_second_restore_adds_none(
    records: Records, exported: str
) -> None:
    def copy_twice(d: dict[str, Any]) -> None:  # the same entry and the same walk twice, as stored
        d["diary_entries"].append({**d["diary_entries"][0], "id": 77})
        d["gait_recordings"].append({**d["gait_recordings"][0], "id": 78})

    doubled = _broken(exported, copy_twice)
    first = restore_export(records, doubled)
    assert first.added["diary_entries"] == 3 and first.added["gait_recordings"] == 2
    second = restore_export(records, doubled)
    assert sum(second.added.values()) == 0 and second.already_there["diary_entries"] == 3
    assert len(records.export_all()["diary_entries"]) == 3


def test_a_file_giving_a_name_twice_is_refused_naming_it(records: Records, exported: str) -> None:
    """JSON keeps the last of two equal names without a word: a hand-edited diary day read as its last."""
    assert exported.count('"notes": "bad day"') == 1
    twice = exported.replace('"notes": "bad day"', '"notes": "bad day", "notes": "good day"')
    with pytest.raises(InputError, match="gives 'notes' twice in one place.*nothing was saved"):
        restore_export(records, twice, source="edited.json")
    assert all(records.export_all()[k] == [] for k in KINDS)


def test_a_file_nested_too_deeply_is_named_not_a_crash(records: Records) -> None:
    deep = b'{"format": "backstride-export", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(InputError, match="nested too deeply"):
        restore_export(records, deep, source="deep.json")
    assert all(records.export_all()[k] == [] for k in KINDS)


def test_times_with_another_offset_are_kept_as_the_same_moment_and_never_doubled(
    records: Records, exported: str
) -> None:
    def five_hours_ahead(d: dict[str, Any]) -> None:  # 10:00 at +05:00 is 05:00 UTC
        for entry in d["diary_entries"]:
            entry["created_at"] = entry["updated_at"] = "2026-01-02T10:00:00+05:00"

    shifted = _broken(exported, five_hours_ahead)
    restore_export(records, shifted)
    stored = records.export_all()["diary_entries"]
    assert {e["created_at"] for e in stored} == {"2026-01-02T05:00:00+00:00"}
    again = restore_export(records, shifted)
    assert again.added["diary_entries"] == 0 and again.already_there["diary_entries"] == 2


def test_values_the_database_cannot_hold_are_named_and_nothing_is_saved(
    records: Records, exported: str
) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["gait_recordings"][0]["original_filename"] = "walk\x00.csv"  # PostgreSQL text has no NUL
        d["gait_recordings"][0]["size_bytes"] = 2**64  # more than the 64-bit size column holds
        d["assessments"][1]["package_version"] = "0.1\x00"

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, spoil))
    message = str(caught.value)
    for named in (
        "gait_recordings[0].original_filename: Value error, contains a NUL character",
        "gait_recordings[0].size_bytes",
        "assessments[1].package_version",
    ):
        assert named in message, named
    assert all(records.export_all()[k] == [] for k in KINDS)


def test_a_disposition_that_is_not_the_results_is_refused(records: Records, exported: str) -> None:
    def soften(d: dict[str, Any]) -> None:
        finished = next(a for a in d["assessments"] if a["result"] is not None)
        finished["disposition"] = "self_care" if finished["disposition"] != "self_care" else "urgent"

    with pytest.raises(InputError, match=r"disposition: '\w+' is not the result's disposition"):
        restore_export(records, _broken(exported, soften))
    assert all(records.export_all()[k] == [] for k in KINDS)


def test_a_damaged_walk_is_named_so_it_cannot_break_the_pages_later(
    records: Records, exported: str, api: TestClient
) -> None:
    """A walk's result feeds the walk pages, the report, the exports and (its findings) every later
    check: a file whose walk has the wrong shape, or findings its result does not give, is refused."""

    def spoil(d: dict[str, Any]) -> None:
        walk = d["gait_recordings"][0]
        walk["result"]["walking_bouts"][0]["start_s"] = "soon"
        walk["result"]["summary"]["pelvis"] = "level"
        walk["findings"] = {"walking_tolerance_min": "lots"}
        walk["gait_factor_codes"] = ["no_such_factor"]

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, spoil))
    message = str(caught.value)
    for named in (
        "gait_recordings[0] (id 1).result.walking_bouts[0].start_s: Input should be a valid number",
        "gait_recordings[0] (id 1).result.summary.pelvis: expected an object ({...})",
    ):
        assert named in message, named
    assert all(records.export_all()[k] == [] for k in KINDS)

    def mislabel(d: dict[str, Any]) -> None:  # a sound result, but findings it does not give
        d["gait_recordings"][0]["findings"] = {"walking_tolerance_min": "lots"}
        d["gait_recordings"][0]["gait_factor_codes"] = ["no_such_factor"]

    response = api.post("/api/import", files={"file": ("b.json", _broken(exported, mislabel).encode())})
    assert response.status_code == 422
    assert "gait_recordings[0] (id 1).findings: expected what its result gives" in response.json()["detail"]
    assert "gait_recordings[0] (id 1).gait_factor_codes: expected what its result gives" in response.text
    assert api.get("/api/walks").json() == []


def _finished(d: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in d["assessments"] if a["result"] is not None)


def test_a_result_that_is_not_what_its_answers_give_is_refused(records: Records, exported: str) -> None:
    """The report, the tables and the FHIR show a stored result as it is: a damaged or edited one
    could hide a warning sign, or break them."""

    def soften(d: dict[str, Any]) -> None:
        check = _finished(d)
        check["result"]["disposition"] = check["disposition"] = "self_care"
        check["result"]["conditions"] = "none"

    with pytest.raises(InputError, match=r"\.result: is not what its answers and walk give"):
        restore_export(records, _broken(exported, soften))

    def older_and_softer(d: dict[str, Any]) -> None:  # another version's result: kept, unless softer
        check = _finished(d)
        check["knowledge_version"] = check["result"]["knowledge_version"] = "0.9.0"
        check["answers"]["urinary_retention"] = True  # a warning sign: an emergency
        check["result"]["disposition"] = check["disposition"] = "routine"

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, older_and_softer))
    assert "result: its disposition is less urgent than its answers' warning signs (cauda_equina" in str(
        caught.value
    )
    assert all(records.export_all()[k] == [] for k in KINDS)

    def older(d: dict[str, Any]) -> None:
        _finished(d)["knowledge_version"] = "0.9.0"

    assert restore_export(records, _broken(exported, older)).added["assessments"] == 2


def test_a_check_whose_walk_was_deleted_is_restored_as_it_was(tmp_path: Path, records: Records) -> None:
    source = Records(Database(sqlite_url(tmp_path / "source.sqlite3")).migrate())
    walk = source.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    check = finish_check(source, "dev-008")
    source.result(check)
    source.delete_walk(walk.id)  # its link is gone; its result was worked out again without it
    made_without_walk = source.result(check).result
    document = source.export_all()
    assert document["assessments"][0]["gait_recording_id"] is None
    assert restore_export(records, json.dumps(document)).added["assessments"] == 1
    assert records.export_all()["assessments"][0]["result"] == made_without_walk
    source.db.dispose()


def test_a_height_the_walk_form_would_refuse_is_named(records: Records, exported: str) -> None:
    def spoil(d: dict[str, Any]) -> None:
        d["settings"][HEIGHT_SETTING] = "tall"  # the walk form shows it as the height to send

    with pytest.raises(InputError) as caught:
        restore_export(records, _broken(exported, spoil))
    assert "settings.height_cm: expected 50 to 250 cm, got 'tall'" in str(caught.value)
    assert all(records.export_all()[k] == [] for k in KINDS)
    with pytest.raises(
        InputError, match=r"gait_recordings\[0\]\.height_cm: Input should be greater than or equal to 50"
    ):
        # a walk is sent with 50 to 250 cm
        restore_export(records, _broken(exported, lambda d: d["gait_recordings"][0].update(height_cm=20.0)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_backup_saved_again_by_notepad_is_restored(records: Records, exported: str, encoding: str) -> None:
    """Windows Notepad saves UTF-8 with a byte-order mark, or UTF-16 ("Unicode"): JSON allows both."""
    assert restore_export(records, exported.encode(encoding)).added["diary_entries"] == 2


def test_two_restores_at_once_add_each_item_once(
    records: Records, exported: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click on "Restore" sends the file twice at once: the second must see what the first
    added (on PostgreSQL both read before either wrote, and every item arrived twice)."""
    import threading

    from backstride.services import restore

    both_read = threading.Barrier(2, timeout=2)
    read_stored = restore._AlreadyStored.__init__

    def read_then_wait(self: Any, rows: Any, key: Any) -> None:
        read_stored(self, rows, key)
        if key is restore._entry_key:  # both have read what is stored: now both would write
            try:
                both_read.wait()
            except threading.BrokenBarrierError:
                pass  # the other one waits for this one to finish: as it should

    monkeypatch.setattr(restore._AlreadyStored, "__init__", read_then_wait)
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.append(restore_export(records, exported))) for _ in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert len(records.export_all()["diary_entries"]) == 2
    assert sorted(r.added["diary_entries"] for r in results) == [0, 2]


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"[1, 2]", "it is a JSON list (2 items), not an object"),
        (b'{"format": "something-else"}', 'it is a JSON object whose "format" is "something-else"'),
        (b'{"pain": 3}', 'it is a JSON object without a "format"'),
        (b"42", "it is a JSON number, not an object"),
    ],
)
def test_a_wrong_json_file_says_what_it_is_and_what_was_expected(data: bytes, what: str) -> None:
    from backstride.services.restore import read_export

    with pytest.raises(InputError) as refused:
        read_export(data, "'x.json'")
    said = str(refused.value)
    assert f"'x.json' is not a backstride export: {what};" in said
    expected = "expected the JSON file from the Data page or 'backstride export json', "
    assert expected + 'an object whose "format" is "backstride-export"; nothing was saved' in said
    assert '(its "format" is' not in said  # read as if the file's own format were right


@pytest.mark.parametrize(
    "start", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2025-11-05T16:52:00", "soon", 5]
)
def test_a_walks_start_the_pages_cannot_show_is_named_and_nothing_is_saved(
    records: Records, exported: str, api: TestClient, start: Any
) -> None:
    # the walk's start (result.recording.start_datetime, faa11e0) dates it on every page: one at the
    # very edge of the calendar made the Walks, Diary and Report pages fail (500) once restored
    def spoil(d: dict[str, Any]) -> None:
        d["gait_recordings"][0]["result"]["recording"] = {"start_datetime": start}

    response = api.post("/api/import", files={"file": ("b.json", _broken(exported, spoil).encode())})
    assert response.status_code == 422, response.text
    assert "gait_recordings[0] (id 1).result.recording.start_datetime: " in response.json()["detail"]
    assert api.get("/api/walks").json() == []
    assert api.get("/walks").status_code == 200


@pytest.mark.parametrize("start", [None, "2025-11-05T16:52:00+01:00", "2025-11-05T16:52:00.250000Z"])
def test_a_walks_start_as_the_app_writes_it_is_restored(records: Records, exported: str, start: Any) -> None:
    def set_start(d: dict[str, Any]) -> None:
        d["gait_recordings"][0]["result"]["recording"] = {"start_datetime": start}

    restore_export(records, _broken(exported, set_start))
    (walk,) = records.list_walks()
    assert walk.recorded_at == (None if start is None else datetime.fromisoformat(start))


def test_a_backup_with_the_old_answer_for_all_three_leg_signs_is_restored(
    records: Records, exported: str
) -> None:
    """Knowledge 1.20.0 asks the age of each leg sign on its own; the one answer for all three
    (``leg_signs_long_standing``) is no longer asked but still read, so a check made before, whose
    routine result rests on it (an old foot drop in long-standing stable pain), is restored as it was
    and is not refused as less urgent than its warning signs."""

    def before_1_20(old_answer: bool | None) -> Any:
        def edit(d: dict[str, Any]) -> None:
            check = _finished(d)
            check["knowledge_version"] = check["result"]["knowledge_version"] = "1.19.0"
            one_leg = {"leg_symptoms_side": "one_side", "pain_buttock": "one_side"}
            check["answers"].update({"foot_drop": True, "duration_weeks": 20, "trend": "stable", **one_leg})
            if old_answer is not None:
                check["answers"]["leg_signs_long_standing"] = old_answer
            check["result"]["disposition"] = check["disposition"] = "routine"

        return edit

    with pytest.raises(InputError, match=r"less urgent than its answers' warning signs \(.*new_foot_drop"):
        restore_export(records, _broken(exported, before_1_20(None)))
    assert restore_export(records, _broken(exported, before_1_20(True))).added["assessments"] == 2
