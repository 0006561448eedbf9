"""``backstride assess --save`` loses nothing typed when the save itself is stopped or fails, and
prints no password. Ctrl-C while the check was being kept (a database busy for up to 10 seconds, a
server slow to answer: the natural moment to press it) ended with Python's traceback, and every answer
typed was gone; now they go to an answers file, as for Ctrl-C during the questions. A password given
in a database URL's query (``?password=``, which PostgreSQL takes) was printed in the command that
saves the answers later. ``Records.keep_check`` keeps a check whole on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_cli_assess_save import _typed
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.interview import Interview

runner = CliRunner()


def test_ctrl_c_while_the_check_is_being_kept_loses_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.services.records import Records

    db = tmp_path / "home.sqlite3"
    monkeypatch.chdir(tmp_path)

    def busy_then_ctrl_c(self: Records, mode: str, answers: Any) -> Any:
        raise KeyboardInterrupt  # pressed while it waited for the database

    monkeypatch.setattr(Records, "keep_check", busy_then_ctrl_c)
    stopped = runner.invoke(app, ["assess", "--save", "--db", str(db)], input=_typed())
    assert stopped.exit_code == 130, stopped.output
    said = " ".join(stopped.stderr.split())
    assert "Stopped (Ctrl-C): the check was not saved. Your answers are not lost" in said
    [kept] = list(tmp_path.glob("backstride-answers-*.json"))
    findings = json.loads(kept.read_text(encoding="utf-8"))["findings"]
    assert findings["duration_weeks"] == 13
    assert f"backstride assess --answers {kept.name} --save --db" in said


def test_ctrl_c_once_the_check_is_kept_says_it_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped while its result was being worked out, the check is kept already: said so, and no
    answers file is made that would keep it a second time."""
    from backstride.services.records import Records

    db = tmp_path / "home.sqlite3"
    monkeypatch.chdir(tmp_path)

    def ctrl_c(self: Records, assessment_id: int) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Records, "result", ctrl_c)
    done = runner.invoke(app, ["assess", "--save", "--db", str(db)], input=_typed())
    assert "Saved as check 1." in done.stdout, done.output
    assert list(tmp_path.glob("backstride-answers-*.json")) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://sam@db.example/backstride?password=secret",
        "postgresql://sam:secret@db.example/backstride",
        "postgresql://sam@db.example/backstride?sslmode=require&password=secret",
    ],
)
def test_no_password_in_a_database_url_is_printed(url: str) -> None:
    from backstride.cli.assess_save import _without_password

    shown = _without_password(url)
    assert "secret" not in shown
    assert "db.example/backstride" in shown


def test_a_check_is_kept_whole_in_the_database(records: Any) -> None:
    """On SQLite and on PostgreSQL: its answers in the order given, finished, and the same result."""
    interview = Interview(mode="person")
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            interview.answer(
                code, 11.9 if code == "duration_weeks" else (False if question.kind == "checklist" else None)
            )
    view = records.keep_check("person", interview.answers)
    assert view.complete and view.finished_at is not None
    again = records.get_assessment(view.id)
    assert list(again.answers.items()) == list(interview.answers.items())
    assert records.result(view.id).disposition == interview.result().disposition
    stopped = records.keep_check("person", dict(list(interview.answers.items())[:3]))
    assert not stopped.complete and stopped.finished_at is None


@pytest.mark.parametrize(
    ("mode", "walk"), [("person", "the walk you keep there"), ("clinician", "the walk they keep")]
)
def test_a_result_the_web_app_words_otherwise_is_said_in_the_voice_of_the_check(mode: str, walk: str) -> None:
    """A clinician's check is the person's: the walk the web app adds is theirs, not the clinician's
    (as the result of a clinician's check says everything about the person)."""
    from types import SimpleNamespace

    from backstride.cli.assess_save import Saving

    class WalkedRecords:  # the web app's result uses the person's walk: another level
        def keep_check(self, mode: str, answers: Any) -> Any:
            return SimpleNamespace(id=7, complete=True)

        def result(self, assessment_id: int) -> Any:
            return SimpleNamespace(disposition="see_clinician_today")

    said = " ".join(Saving(WalkedRecords(), None, None, None).keep(mode, {"age_years": 40}, "routine"))  # type: ignore[arg-type]
    assert "this check says see-clinician-today, not routine" in said
    assert walk in said


def test_an_answers_file_that_cannot_be_written_whole_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk fails the save and then the answers file too: the answers are printed, and no
    empty or cut-off answers file is left that would read as the answers (a JSON error when given)."""
    from datetime import datetime

    from backstride.cli.assess_save import Saving, keep_answers_safe

    monkeypatch.chdir(tmp_path)
    real_fdopen = os.fdopen

    class FullDisk:  # the file is made, then nothing can be written in it
        def __init__(self, file: Any) -> None:
            self.file = file

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))
    said = keep_answers_safe(
        {"age_years": 40}, "person", Saving(None, None, None, None), datetime(2026, 11, 27)
    )  # type: ignore[arg-type]
    monkeypatch.undo()
    assert "Your answers are not lost: here they are" in said
    assert '"age_years": 40' in said
    assert list(tmp_path.iterdir()) == []


def test_closing_the_terminal_window_keeps_the_answers_typed(tmp_path: Path) -> None:
    """Closing the window (the terminal hangs up: SIGHUP) killed the command at once, and every answer
    typed was lost. It now stops as ``quit`` does: the check is kept unfinished, for the web app to go
    on with, and what would be printed goes nowhere (there is no screen left)."""
    import os
    import select
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    import backstride

    db = tmp_path / "home.sqlite3"
    screen, terminal = os.openpty()
    command = subprocess.Popen(
        [sys.executable, "-m", "backstride", "assess", "--save", "--db", str(db)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(Path(backstride.__file__).parents[1])},  # this source
    )
    os.close(terminal)
    shown = b""

    def until_prompt(count: int) -> None:  # what the command shows, until its count-th "> "
        nonlocal shown
        end = time.monotonic() + 60
        while shown.count(b"> ") < count and time.monotonic() < end:
            if select.select([screen], [], [], 1)[0]:
                shown += os.read(screen, 65536)
        assert shown.count(b"> ") >= count, shown.decode(errors="replace")[-500:]

    try:
        for n, answer in enumerate([b"0", b"0", b"?"], start=1):
            until_prompt(n)
            os.write(screen, answer + b"\n")
        until_prompt(4)
        command.send_signal(signal.SIGHUP)  # the window is closed
    finally:
        os.close(screen)
    assert command.wait(timeout=60) == 0
    with sqlite3.connect(db) as connection:
        [(answers, finished)] = connection.execute("SELECT answers, finished_at FROM assessments").fetchall()
    assert len(json.loads(answers)) > 0 and finished is None
