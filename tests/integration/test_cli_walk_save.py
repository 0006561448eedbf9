"""A terminal user keeps a walk and a check that uses it, as the web app does.

``backstride gait analyze RECORDING --save`` stores the walk the one way the web stores one
(``Records.upload_walk``), for the database's one person or ``--person``; ``backstride gait list``
shows the walks kept, ``backstride export walks`` has them; ``backstride assess --save --walk ID``
keeps a check whose result uses that walk, and keeps using it when a walk done later is stored. Bad
input (an unknown person, an unknown walk, a walk of another person, a walk a check cannot use, a
recording without walking, the same file twice) is exit 2 with a message, and nothing is
stored. Each test works on a temporary SQLite file through the real command (typer's CliRunner), on
real recordings of the Mobilise-D lab data in ../shared.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.test_cli_assess_save import _typed
from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.services.records import Records, WalkStoredAlreadyError
from backstride.storage.db import Database, sqlite_url

runner = CliRunner()
TRIAL = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # 12 steps
LONGER = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"  # 2 min 18 s
UNITS = ("--acc-unit", "m/s^2", "--gyr-unit", "deg/s")  # the lab's imu.csv does not say them


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _said(result: Result, stream: str = "stdout") -> str:
    return " ".join(getattr(result, stream).split())


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def _walks(db: Path) -> list[tuple[Any, ...]]:
    return _rows(db, "SELECT id, person_id, original_filename, sent_via FROM gait_recordings ORDER BY id")


def _checks(db: Path) -> list[tuple[Any, ...]]:
    return _rows(db, "SELECT id, person_id, gait_recording_id FROM assessments ORDER BY id")


def _some_answers(path: Path) -> Path:
    """An answers file the check keeps unfinished (the warning signs not answered)."""
    path.write_text(json.dumps({"findings": {"age_years": 70}}), encoding="utf-8")
    return path


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A database of three people: "Me" (1, made with the database), Ann (2) and Bob (3)."""
    path = tmp_path / "clinic.sqlite3"
    added = [_run("people", "add", label, "--db", sqlite_url(path)).exit_code for label in ("Ann", "Bob")]
    assert added == [0, 0]
    return path


def test_a_walk_is_saved_listed_and_exported(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "Walking bouts" in said and "not a diagnosis" in said  # the analysis, as without --save
    assert said.index("not a diagnosis") < said.index("Saved as walk 1.")
    assert "uses your walk done last; to use this one: backstride assess --save --walk 1 --db" in said
    assert _walks(db) == [(1, 1, "imu.csv", "command line")]
    listed = _run("gait", "list", "--db", str(db))
    assert listed.exit_code == 0, listed.output
    assert "imu.csv" in listed.stdout and "12" in listed.stdout and "yes" in listed.stdout
    assert "not a diagnosis" in _said(listed)
    as_json = json.loads(_run("gait", "list", "--db", str(db), "--json").stdout)
    assert [w["id"] for w in as_json["walks"]] == [1]
    assert as_json["walks"][0]["summary"]["n_steps"] == 12
    assert "not a diagnosis" in as_json["notice"]
    exported = _run("export", "walks", "--db", str(db), "--out", "-")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["walk_id"], r["original_filename"], r["sent_via"]) for r in rows] == [
        ("1", "imu.csv", "command line")
    ]


def test_the_walk_is_stored_as_the_web_stores_it(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db)).exit_code == 0
    records = Records(Database(sqlite_url(db)))
    [walk] = records.list_walks()
    # the web's upload of the same file, read the same way, is the same walk (its unique key)
    with pytest.raises(WalkStoredAlreadyError):
        records.upload_walk("imu.csv", TRIAL.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s")
    analysed = json.loads(_run("gait", "analyze", str(TRIAL), *UNITS, "--json").stdout)
    assert walk.result["walking_bouts"] == analysed["walking_bouts"]  # what the terminal showed
    assert walk.algorithm_parameters["reader"] == {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}


def test_the_json_stays_alone_on_stdout(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["walking_bouts"]  # the contract's JSON, nothing else
    assert "Saved as walk 1." in _said(done, "stderr")


def test_a_walk_is_saved_for_the_person_named(clinic: Path) -> None:
    done = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--person", "Ann", "--db", str(clinic))
    assert done.exit_code == 0, done.output
    assert "Saved as walk 1 for 'Ann' (person 2)." in _said(done)
    assert "A check saved from now on uses their walk done last" in _said(done)  # said about Ann
    assert [w[1] for w in _walks(clinic)] == [2]
    assert "imu.csv" in _run("gait", "list", "--person", "Ann", "--db", str(clinic)).stdout
    bob = _run("gait", "list", "--person", "Bob", "--db", str(clinic))
    assert "No walks kept yet for 'Bob' (person 3)" in _said(bob)
    several = _run("gait", "list", "--db", str(clinic))  # whose? said, as every command says it
    assert several.exit_code == 2 and "--person" in several.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--person", "Nobody"], "'Nobody'"),
        (["--person", "99"], "99"),
    ],
)
def test_an_unknown_person_stores_nothing(clinic: Path, args: list[str], said: str) -> None:
    done = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", *args, "--db", str(clinic))
    assert done.exit_code == 2
    assert said in done.stderr
    assert done.stdout == ""  # said before the analysis
    assert _walks(clinic) == []


def test_a_recording_without_walking_is_not_saved(tmp_path: Path) -> None:
    still = tmp_path / "standing.csv"  # the lab trial's first 2 s: the person stands before walking
    still.write_text("\n".join(TRIAL.read_text(encoding="utf-8").splitlines()[:201]) + "\n", "utf-8")
    db = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(still), *UNITS, "--save", "--db", str(db))
    assert done.exit_code == 2
    assert "no walking was found in it, so it was not saved" in _said(done, "stderr")
    assert not db.exists()  # the database it would have made is removed again


def test_the_same_file_twice_and_options_without_save(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db)).exit_code == 0
    again = _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db))
    assert again.exit_code == 2
    assert "you added this file already" in _said(again, "stderr") and "walk 1" in again.stderr
    assert len(_walks(db)) == 1
    alone = _run("gait", "analyze", str(TRIAL), *UNITS, "--db", str(db))
    assert alone.exit_code == 2
    assert "--db only says where --save keeps the walk" in alone.stderr


def test_a_saved_check_uses_the_walk_named_and_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db)).exit_code == 0
    assert _run("gait", "analyze", str(LONGER), *UNITS, "--save", "--db", str(db)).exit_code == 0
    records = Records(Database(sqlite_url(db)))
    assert records.check_walks().used is not None and records.check_walks().used.id == 2  # done last
    # a whole check typed at the terminal (every warning sign "none"): finished
    done = runner.invoke(app, ["assess", "--save", "--walk", "1", "--db", str(db), "--json"], input=_typed())
    assert done.exit_code == 0, done.output
    assert "Saved as check 1, with walk 1." in _said(done, "stderr")
    assert _checks(db) == [(1, 1, 1)]
    stored = records.result(1)  # as the web app's result page reads it
    assert stored.gait_recording_id == 1
    assert stored.result["disposition"] == json.loads(done.stdout)["disposition"]
    assert "In the web app this check says" not in done.stderr  # the terminal showed what is kept
    # a walk done later, stored after the check, never changes it
    assert _run("gait", "analyze", str(LONGER.parent.parent / "TimeMeasure1_Test5_Trial2" / "imu.csv"),
                *UNITS, "--save", "--db", str(db)).exit_code == 0  # fmt: skip
    assert records.result(1).gait_recording_id == 1


@pytest.mark.parametrize(
    ("walk", "said"),
    [
        ("9", "--walk 9: walk 9 does not exist; nothing was saved"),
        ("2", "--walk 2: walk 2 is not one of"),  # Bob's walk, for Ann's check
        ("3", "--walk 3: walk 3 was not worn at the lower back, so a check cannot use it"),
    ],
)
def test_a_walk_the_check_cannot_use_saves_nothing(clinic: Path, walk: str, said: str) -> None:
    answers = _some_answers(clinic.with_name("answers.json"))
    for person, extra in (("Ann", ()), ("Bob", ()), ("Ann", ("--worn-at", "wrist"))):
        done = _run(
            "gait", "analyze", str(TRIAL), *UNITS, *extra, "--save", "--person", person, "--db", str(clinic)
        )
        assert done.exit_code == 0, done.output
    refused = _run(
        "assess", "--answers", str(answers), "--save", "--walk", walk, "--person", "Ann", "--db", str(clinic)
    )
    assert refused.exit_code == 2
    assert said in _said(refused, "stderr")
    assert "backstride gait list --person 2" in _said(refused, "stderr")
    assert refused.stdout == ""
    assert _checks(clinic) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--walk", "1"], "--walk 1 names a walk kept in the database, for a check to --save"),
        (["--walk", "1", "--save", "--gait", "walk.json"], "--walk and --gait each give the check a walk"),
        (["--save", "--gait", "walk.json"], "backstride gait analyze RECORDING --save"),
    ],
)
def test_walk_options_that_do_not_go_together(tmp_path: Path, args: list[str], said: str) -> None:
    answers = _some_answers(tmp_path / "answers.json")
    db = tmp_path / "home.sqlite3"
    where = ["--db", str(db)] if "--save" in args else []
    done = _run("assess", "--answers", str(answers), *args, *where)
    assert done.exit_code == 2
    assert said in _said(done, "stderr")
    assert not db.exists()


def test_an_unfinished_check_says_it_does_not_keep_the_walk(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("gait", "analyze", str(TRIAL), *UNITS, "--save", "--db", str(db)).exit_code == 0
    answers = _some_answers(tmp_path / "some.json")
    done = _run("assess", "--answers", str(answers), "--save", "--walk", "1", "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "Saved as check 1." in said
    assert "It does not keep walk 1 while it is not finished: until then it uses the walk done last" in said
    assert _rows(db, "SELECT finished_at FROM assessments") == [(None,)]


def _stored(db: Path) -> list[tuple[Any, ...]]:
    return _rows(
        db,
        "SELECT original_filename, source_format, size_bytes, sha256, height_cm, result, findings, "
        "gait_factor_codes, algorithm_parameters, duplicate_key FROM gait_recordings",
    )


def test_the_walk_is_analysed_once_and_stored_as_the_web_stores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--save keeps the analysis the terminal showed (not a second one, which took as long again and
    had no progress bar), and the row it stores is the one the web's upload of the file stores."""
    from backstride.gait.long_recording import LongRecordingAnalyzer

    chosen = ("--height-cm", "172", "--symptom-at", "5", "--stop-at", "11", "--worn-at", "lower-back")
    by_web = tmp_path / "web.sqlite3"
    web = Records(Database(sqlite_url(by_web)).migrate())
    web.upload_walk(
        "imu.csv", TRIAL.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s", height_cm=172,
        symptom_at="5", stop_at="11", worn_at="lower-back",
    )  # fmt: skip
    analyses: list[int] = []
    analyze = LongRecordingAnalyzer.analyze

    def counted(self: LongRecordingAnalyzer, *args: Any, **kwargs: Any) -> Any:
        analyses.append(1)
        return analyze(self, *args, **kwargs)

    monkeypatch.setattr(LongRecordingAnalyzer, "analyze", counted)
    by_terminal = tmp_path / "home.sqlite3"
    done = _run("gait", "analyze", str(TRIAL), *UNITS, *chosen, "--save", "--db", str(by_terminal))
    assert done.exit_code == 0, done.output
    assert len(analyses) == 1
    [stored] = _stored(by_terminal)
    assert json.loads(stored[8])["walking_test"] == {"symptom_at": "5", "stop_at": "11"}
    assert _stored(by_web) == [stored]
