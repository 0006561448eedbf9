"""The steps tried on a diary day through every other door: the command line, the JSON API and its
OpenAPI document, the JSON export and restore, and the CSV diary table. The walking test keeps none."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.diary.steps import CANNOT_SHOW, diary_steps
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.tables import csv_table
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()


def _cli(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_the_command_line_keeps_the_steps_and_names_them(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    code, out, _ = _cli(
        "diary", "add", "--pain", "4", "--date", "2026-11-02", "--tried", "heat_after_48h", "--tried",
        "knee_to_chest", "--db", url,
    )  # fmt: skip
    assert code == 0 and "tried: Heat, Knee-to-chest stretch." in out
    code, out, _ = _cli("diary", "list", "--json", "--db", url)
    assert json.loads(out)["entries"][0]["tried"] == ["heat_after_48h", "knee_to_chest"]
    code, out, _ = _cli("diary", "list", "--db", url)
    assert "What you tried" in out and "Knee-to-chest" in out
    code, out, _ = _cli("diary", "steps")
    assert code == 0 and "knee_to_chest" in out and "Knee-to-chest stretch" in out
    assert "emergency_now" not in out and "warning_signs" not in out


@pytest.mark.parametrize("step", ["warning_signs", "hot_tub"])
def test_an_unknown_step_on_the_command_line_is_named_with_exit_2_and_nothing_saved(
    tmp_path: Path, step: str
) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    code, out, err = _cli("diary", "add", "--pain", "4", "--tried", "cat_cow", "--tried", step, "--db", url)
    assert code == 2 and "Traceback" not in err
    assert f"error: --tried: {step!r} is not a step the diary knows" in err and "nothing was saved" in err
    # nothing was saved: the database this command would have made is not there either
    assert not (tmp_path / "d.sqlite3").exists()


def test_the_command_line_says_what_seems_to_help_only_with_enough_days(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    today = date.today()
    # newest first; the days before the first tick would not count (the diary could not say then)
    days = [(7, []), (8, []), (3, ["cat_cow"]), (4, ["cat_cow"]), (5, ["cat_cow"]), (9, [])]
    for i, (pain, tried) in enumerate(days, start=1):
        steps = [a for code in tried for a in ("--tried", code)]
        day = (today - timedelta(days=i)).isoformat()
        assert _cli("diary", "add", "--pain", str(pain), "--date", day, *steps, "--db", url)[0] == 0
    out = _cli("diary", "list", "--db", url)[1]
    assert "What seems to help" not in out and "cannot show" not in out
    assert json.loads(_cli("diary", "list", "--json", "--db", url)[1])["what_seems_to_help"] == []
    assert _cli("diary", "add", "--pain", "9", "--date", today.isoformat(), "--db", url)[0] == 0
    out = " ".join(_cli("diary", "list", "--db", url)[1].split())
    assert (
        "On the 3 days you did the cat-cow stretch, your pain was 4 in the middle; on the 3 other days, 8."
        in out
    )
    assert " ".join(CANNOT_SHOW.split()) in out
    shown = json.loads(_cli("diary", "list", "--json", "--db", url)[1])["what_seems_to_help"]
    assert [(c["code"], c["days_with"], c["days_without"]) for c in shown] == [("cat_cow", 3, 3)]


@pytest.fixture
def api(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "a.sqlite3")))) as client:
        yield client


def test_the_api_takes_gives_and_replaces_the_steps(api: TestClient) -> None:
    made = api.post("/api/diary", json={"entry_date": "2026-11-02", "pain_0_10": 3, "tried": ["cat_cow"]})
    assert made.status_code == 201 and made.json()["tried"] == ["cat_cow"]
    entry_id = made.json()["id"]
    assert api.get(f"/api/diary/{entry_id}").json()["tried"] == ["cat_cow"]
    put = api.put(f"/api/diary/{entry_id}", json={"entry_date": "2026-11-02", "pain_0_10": 3, "tried": []})
    assert put.status_code == 200 and put.json()["tried"] == []
    assert api.post("/api/diary", json={"entry_date": "2026-11-03", "pain_0_10": 3}).json()["tried"] == []
    assert api.get("/api/diary/progress").json()["what_seems_to_help"] == []


@pytest.mark.parametrize("tried", [["see_clinician_today"], ["cat_cow", "nope"], "cat_cow", [3], None])
def test_the_api_refuses_an_unknown_step_with_422_and_stores_nothing(api: TestClient, tried: object) -> None:
    answer = api.post("/api/diary", json={"entry_date": "2026-11-02", "pain_0_10": 3, "tried": tried})
    assert answer.status_code == 422
    if isinstance(tried, list) and all(isinstance(c, str) for c in tried):
        assert "is not a step the diary knows" in answer.json()["detail"]
    assert api.get("/api/diary").json() == []


def test_the_openapi_document_says_the_field_and_its_codes(api: TestClient) -> None:
    schemas = api.get("/api/openapi.json").json()["components"]["schemas"]
    field = schemas["DiaryEntryIn"]["properties"]["tried"]
    assert field["type"] == "array" and field["items"]["enum"] == list(diary_steps())
    assert "tried" in schemas["DiaryEntryOut"]["required"]


def test_export_and_restore_keep_the_steps_and_the_csv_table_has_them(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "from.sqlite3")).migrate())
    source.add_diary_entry(entry_date="2026-11-02", pain_0_10=5, tried=["knee_to_chest", "cold_pack"])
    source.add_diary_entry(entry_date="2026-11-03", pain_0_10=4)
    document = source.export_all(note_download=False)
    exported = json.dumps(document)
    # 5: finished_at; 6: earlier diary versions; 7: walk_deleted; 8: walk_deleted.result_before;
    # 9: the person's details a clinic matches by; 10: walks_deleted_before
    assert document["format_version"] == 13
    assert [e["tried"] for e in document["diary_entries"]] == [["cold_pack", "knee_to_chest"], []]

    target = Records(Database(sqlite_url(tmp_path / "to.sqlite3")).migrate())
    assert restore_export(target, exported).added["diary_entries"] == 2
    assert [e.tried for e in target.list_diary_entries()] == [("cold_pack", "knee_to_chest"), ()]
    assert restore_export(target, exported).added["diary_entries"] == 0  # twice: nothing doubled

    rows = list(csv.DictReader(io.StringIO(csv_table(document, "diary"))))
    assert [r["tried"] for r in rows] == ["cold_pack;knee_to_chest", ""]


def test_a_file_with_an_unknown_step_is_refused_by_name_and_nothing_is_restored(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "from.sqlite3")).migrate())
    source.add_diary_entry(entry_date="2026-11-02", pain_0_10=5, tried=["cat_cow"])
    source.add_diary_entry(entry_date="2026-11-03", pain_0_10=6)
    document = source.export_all(note_download=False)
    document["diary_entries"][0]["tried"] = ["cat_cow", "emergency_now"]
    target = Records(Database(sqlite_url(tmp_path / "to.sqlite3")).migrate())
    with pytest.raises(
        Exception,
        match=r"Diary entry 1 in the file .*the steps tried: 'emergency_now' is not a step the diary knows",
    ):
        restore_export(target, json.dumps(document))
    assert target.list_diary_entries() == []


def test_the_walking_test_keeps_a_day_with_no_steps(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    code, _, err = _cli(
        "diary", "walking-test", "--total", "9:05", "--symptoms-at", "6:20", "--pain", "5", "--db", url
    )
    assert code == 0, err
    (entry,) = json.loads(_cli("diary", "list", "--json", "--db", url)[1])["entries"]
    assert entry["walking_tolerance_min"] is not None and entry["tried"] == []


def test_a_file_naming_a_step_twice_is_restored_once_and_not_again(tmp_path: Path) -> None:
    source = Records(Database(sqlite_url(tmp_path / "from.sqlite3")).migrate())
    source.add_diary_entry(entry_date="2026-11-02", pain_0_10=5, tried=["cat_cow"])
    document = source.export_all(note_download=False)
    document["diary_entries"][0]["tried"] = ["cat_cow", "knee_to_chest", "cat_cow"]  # by hand
    target = Records(Database(sqlite_url(tmp_path / "to.sqlite3")).migrate())
    assert restore_export(target, json.dumps(document)).added["diary_entries"] == 1
    assert [e.tried for e in target.list_diary_entries()] == [("knee_to_chest", "cat_cow")]
    again = restore_export(target, json.dumps(document))  # the same day, kept as one step each
    assert (again.added["diary_entries"], again.already_there["diary_entries"]) == (0, 1)
    assert len(target.list_diary_entries()) == 1
