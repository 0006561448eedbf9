"""The command line writes a date as every page and the report do (``core.dates``: "20 Nov 2026",
"27 Nov 2026, 09:15"; docs/web-pages.md). Review R3 (2026-11-27): ``diary list`` said "2026-11-20"
under "Saved 20 Nov 2026", and ``activity`` and ``staff list`` "2026-11-27 09:15"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.dates import day_words
from backstride.storage.db import sqlite_url

runner = CliRunner()
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MOMENT = r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}\b"


def _run(*args: str) -> str:
    done = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    return done.stdout


def test_the_command_line_says_each_date_one_way(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    _run("diary", "add", "--pain", "4", "--date", "2026-11-02", "--db", url)
    listed = _run("diary", "list", "--db", url)
    assert day_words(date(2026, 11, 2)) == "2 Nov 2026" and "│ 2 Nov 2026 │" in listed
    assert ISO.search(listed) is None, listed
    added = runner.invoke(app, ["staff", "add", "Dr Lee", "--stdin", "--db", url], input="long password 1\n")
    assert added.exit_code == 0, added.output
    for shown in (_run("staff", "list", "--db", url), _run("activity", "--db", url)):
        assert re.search(MOMENT, shown), shown
        assert ISO.search(shown) is None, shown
