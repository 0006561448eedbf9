"""``backstride assess --save`` keeps the terminal's check in the web app's database, finished or
stopped early, for the database's one person or (``--person``) one person of a clinic's; it says the
check's id and where to see it. A wrong ``--person``, ``--person``/``--db`` without ``--save``, a walk
(``--gait``) or an answers file the check cannot keep whole are refused (exit 2) with nothing stored.
A save that fails keeps nothing half-written, and the answers typed are written to an answers file
that ``assess --answers FILE --save`` takes: nothing typed is lost.

Each test works on a temporary SQLite file through the real command (typer's CliRunner)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.services.interview import Interview
from backstride.storage.db import sqlite_url

runner = CliRunner()
DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "vignettes" / "dev.jsonl"


def _run(*args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=stdin)


def _checks(path: Path) -> list[dict[str, Any]]:
    """The checks kept in the SQLite file at ``path``, oldest first."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT id, person_id, mode, answers, finished_at FROM assessments ORDER BY id"
        ).fetchall()
    return [
        {"id": i, "person_id": p, "mode": m, "answers": json.loads(a), "finished": f is not None}
        for i, p, m, a, f in rows
    ]


def _people(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT label FROM people ORDER BY id")]


def _typed(mode: str = "person", duration: str = "3 months", stop_after: int | None = None) -> str:
    """Answers typed for a whole check: "none" to each checklist, "?" otherwise, ``duration`` for the
    pain's length; ``quit`` after ``stop_after`` questions."""
    interview, lines = Interview(mode=mode), []
    while (question := interview.next_question()) is not None:
        if stop_after is not None and len(lines) == stop_after:
            lines.append("quit")
            break
        if question.id == "duration":
            lines.append(duration)
            interview.answer("duration_weeks", 13)
            continue
        lines.append("0" if question.kind == "checklist" else "?")
        for code in question.codes:
            interview.answer(code, False if question.kind == "checklist" else None)
    return "\n".join(lines) + "\n"


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A database of three people: "Me" (1, made with the database), Ann (2) and Bob (3)."""
    path = tmp_path / "clinic.sqlite3"
    for label in ("Ann", "Bob"):
        assert _run("people", "add", label, "--db", sqlite_url(path)).exit_code == 0
    return path


def test_a_finished_check_is_kept_with_its_answers_and_says_where_to_see_it(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--save", "--db", str(db), stdin=_typed())
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert check["finished"] and check["mode"] == "person"
    assert check["answers"]["duration_weeks"] == 13  # "3 months", kept in weeks as the web keeps it
    said = " ".join(done.stdout.split())
    assert f"Saved as check {check['id']}." in said
    assert f"/check/{check['id']}/result" in said
    assert "backstride report --db" in said
    assert "This check is not saved" not in said
    # said after the result, so it is the last thing read
    assert said.index("This is not a diagnosis") < said.index("Saved as check")
    assert _people(db) == ["Me"]


def test_a_check_stopped_early_is_kept_unfinished(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--save", "--db", str(db), stdin=_typed(stop_after=3))
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert not check["finished"]
    assert len(check["answers"]) > 0
    assert f"the web app can go on with it, at /check/{check['id']}" in " ".join(done.stdout.split())


def test_the_kept_check_is_the_one_the_web_app_shows(tmp_path: Path) -> None:
    from backstride.services.records import Records
    from backstride.storage.db import Database

    db = tmp_path / "home.sqlite3"
    shown = _run("assess", "--save", "--json", "--db", str(db), stdin=_typed())
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)  # stdout stays one JSON document; the saved line is on stderr
    assert "Saved as check 1." in shown.stderr
    records = Records(Database(sqlite_url(db)))
    [listed] = records.list_assessments()
    assert listed["disposition"] == document["disposition"]  # worked out already, for History
    assert records.result(1).disposition == document["disposition"]


def test_without_save_it_still_says_not_saved_and_names_save() -> None:
    done = _run("assess", stdin="0\n" * 4 + "quit\n")
    assert done.exit_code == 0
    said = " ".join(done.stdout.split())
    assert "This check is not saved. To keep the next one, start it with: backstride assess --save" in said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--person", "Ann"], "--person only says where --save keeps the check: add --save, or leave it out"),
        (["--db", "x.sqlite3"], "--db only says where --save keeps the check"),
        (["--person", "Ann", "--db", "x.sqlite3"], "--person and --db only say where --save keeps the check"),
        (["--save", "--gait", "walk.json"], "--save cannot keep the walk of --gait"),
    ],
)
def test_options_that_would_keep_nothing_are_refused_before_any_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    done = _run("assess", *args, stdin="0\n")
    assert done.exit_code == 2
    assert said in done.stderr
    assert "1." not in done.stdout  # no question was asked
    assert list(tmp_path.iterdir()) == []  # no database made


def test_a_clinic_needs_person_and_keeps_the_check_as_theirs(clinic: Path) -> None:
    url = sqlite_url(clinic)
    whose = _run("assess", "--save", "--mode", "clinician", "--db", url, stdin=_typed("clinician"))
    assert whose.exit_code == 2
    assert "this database keeps records for 3 people; say whose with --person" in whose.stderr
    assert "1." not in whose.stdout  # said before the first question, not after the last
    nobody = _run("assess", "--save", "--person", "Cleo", "--db", url, stdin=_typed())
    assert nobody.exit_code == 2
    assert "--person 'Cleo': nobody in this database has that id or label" in nobody.stderr
    assert _checks(clinic) == []
    kept = _run(
        "assess", "--save", "--mode", "clinician", "--person", "ann", "--db", url, stdin=_typed("clinician")
    )
    assert kept.exit_code == 0, kept.output
    [check] = _checks(clinic)
    assert (check["person_id"], check["mode"], check["finished"]) == (2, "clinician", True)
    said = " ".join(kept.stdout.split())
    assert "Saved as check 1 for 'Ann' (person 2)." in said
    assert "backstride report --person 2 --db" in said


def test_an_answers_file_is_kept_whole(tmp_path: Path) -> None:
    case = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])  # dev-001, real test data
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"findings": case["findings"]}), encoding="utf-8")
    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--answers", str(answers), "--save", "--db", str(db))
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert check["answers"] == case["findings"]
    assert "Saved as check 1." in done.stdout


@pytest.mark.parametrize(
    ("findings", "said"),
    [
        ({"duration_weeks": "3 months"}, "write duration_weeks: 13"),  # read as the contract reads it
        ({"exam_slr_positive": True}, "clinician-only question"),  # an examination in a person's check
        ({}, "answers must be a non-empty object"),
    ],
)
def test_an_answers_file_the_check_cannot_keep_stores_nothing(
    tmp_path: Path, findings: dict[str, Any], said: str
) -> None:
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--answers", str(answers), "--save", "--db", str(db))
    assert done.exit_code == 2, done.output
    assert said in done.stderr
    assert str(answers) in done.stderr
    assert done.stdout == ""  # no result shown as if it had been kept
    assert not db.exists()  # the database it would have made is removed again


def test_a_failed_save_keeps_nothing_half_written_and_loses_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "home.sqlite3"
    assert _run("people", "add", "Ann", "--db", str(db)).exit_code == 0  # so the file stays to look in
    monkeypatch.chdir(tmp_path)
    real_flush = Session.flush

    def full_disk(self: Session, *args: Any, **kwargs: Any) -> None:
        if any(type(o).__name__ == "Assessment" for o in self.new):
            raise OperationalError("INSERT INTO assessments", {}, sqlite3.OperationalError("disk is full"))
        real_flush(self, *args, **kwargs)

    typed = _typed()
    with monkeypatch.context() as patched:
        patched.setattr(Session, "flush", full_disk)
        failed = _run("assess", "--save", "--person", "Ann", "--db", str(db), stdin=typed)
    assert failed.exit_code == 2
    assert "error: the check could not be saved" in failed.stderr
    assert "disk is full" in failed.stderr
    assert "This is not a diagnosis" in failed.stdout  # the result is still shown
    assert _checks(db) == []  # nothing half-written
    [kept] = list(tmp_path.glob("backstride-answers-*.json"))
    if os.name == "posix":  # health answers: the owner's only, even in a shared folder
        assert kept.stat().st_mode & 0o077 == 0
    said = " ".join(failed.stderr.split())
    assert f"Your answers are not lost: they are in {kept.absolute()}" in said
    assert f"backstride assess --answers {kept.name} --save --person 2 --db" in said
    again = _run("assess", "--answers", kept.name, "--save", "--person", "2", "--db", str(db))
    assert again.exit_code == 0, again.output
    [check] = _checks(db)
    assert check["answers"]["duration_weeks"] == 13 and check["finished"] and check["person_id"] == 2


def test_no_answer_at_all_keeps_nothing_and_makes_no_database(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    ended = _run("assess", "--save", "--db", str(db), stdin="")
    assert ended.exit_code == 2
    assert "no answers" in ended.stderr
    assert not db.exists()


def test_ctrl_c_during_a_check_to_save_keeps_the_answers_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.cli import assess_cmd

    db = tmp_path / "home.sqlite3"
    monkeypatch.chdir(tmp_path)
    real_parse, calls = assess_cmd._parse_answer, []

    def ctrl_c_at_the_third(*args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(assess_cmd, "_parse_answer", ctrl_c_at_the_third)
    stopped = _run("assess", "--save", "--db", str(db), stdin=_typed())
    assert stopped.exit_code == 130
    said = " ".join(stopped.stderr.split())
    assert "Stopped (Ctrl-C): the check was not saved. Your answers are not lost" in said
    [kept] = list(tmp_path.glob("backstride-answers-*.json"))
    findings = json.loads(kept.read_text(encoding="utf-8"))["findings"]
    assert len(findings) > 0 and all(v is False for v in findings.values())  # two checklists: none
    assert not db.exists()  # nothing kept, no empty database left


def test_a_password_in_the_database_url_is_not_printed() -> None:
    from backstride.cli.assess_save import _without_password

    said = _without_password("postgresql://sam:secret@db.example/backstride")
    assert "secret" not in said and said == "postgresql://sam:***@db.example/backstride"
    assert _without_password("/home/sam/back.sqlite3") == "/home/sam/back.sqlite3"


def test_the_web_app_shows_the_kept_check_on_the_page_it_names(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--save", "--db", str(db), stdin=_typed())
    assert done.exit_code == 0, done.output
    settings = Settings(database_url=sqlite_url(db))
    with TestClient(create_app(settings)) as client:
        page = client.get("/check/1/result")
        history = client.get("/history")
    assert page.status_code == 200
    assert "Your result" in page.text
    assert history.status_code == 200 and "/check/1" in history.text


def test_quit_at_the_first_question_keeps_nothing_and_leaves_no_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "home.sqlite3"
    done = _run("assess", "--save", "--db", str(db), stdin="quit\n")
    assert done.exit_code == 0, done.output
    assert "Nothing was saved: no question was answered." in done.stdout
    assert not db.exists()
