"""A diary day's minutes are said as a stopwatch says them ('6 min 20 s') wherever a person reads them:
``diary add``, ``list``, ``edit`` and ``remove``, the restore's words, the Diary page's table and charts,
as the walking test says them when it saves. Exports keep the number (6.33)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

from fastapi.testclient import TestClient
from tests.integration.test_web_walking_test import _form
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.records import diary_entry_words
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_terminal_says_a_walking_test_day_in_minutes_and_seconds(tmp_path: Path) -> None:
    # the walking test saved "6 min 20 s walked before symptoms", then 'diary list' showed "6.33" and
    # 'diary edit' "6.33 minutes walked before pain": one walk read as two times (review R13)
    url = sqlite_url(tmp_path / "d.sqlite3")
    test = ["diary", "walking-test", "--symptoms-at", "6:20", "--total", "9:05", "--stopped", "symptoms"]
    done = runner.invoke(app, [*test, "--pain", "5", "--db", url])
    assert done.exit_code == 0, done.output
    assert "6 min 20 s walked before symptoms" in done.stdout
    table = runner.invoke(app, ["diary", "list", "--db", url], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "6 min 20 s" in table.stdout and "6.33" not in table.stdout
    edited = runner.invoke(app, ["diary", "edit", "1", "--pain", "4", "--db", url])
    assert edited.exit_code == 0, edited.output
    assert "pain 5, 6 min 20 s walked before pain." in edited.stdout
    assert "pain 4, 6 min 20 s walked before pain." in edited.stdout and "6.33" not in edited.stdout
    added = runner.invoke(app, ["diary", "add", "--pain", "3", "--minutes", "12.5", "--db", url])
    assert "pain 3, 12 min 30 s walked before pain." in added.stdout
    listed = runner.invoke(app, ["diary", "list", "--json", "--db", url])
    assert '"walking_tolerance_min": 6.33' in listed.stdout  # the export keeps the number


def test_the_restore_words_say_minutes_and_seconds() -> None:
    entry = SimpleNamespace(pain_0_10=7, walking_tolerance_min=6.33, tried=[], notes="")
    assert diary_entry_words(entry) == "pain 7, 6 min 20 s walked before pain"
    entry.walking_tolerance_min = 0.0  # typed as 0: no walking at all, never "0 s"
    assert diary_entry_words(entry) == "pain 7, 0 min walked before pain"


def test_the_diary_pages_table_says_minutes_and_seconds(tmp_path: Path) -> None:
    # the column said "6.3" under notes that say "6 min 20 s"
    settings = Settings(database_url=sqlite_url(tmp_path / "t.sqlite3"))
    with TestClient(create_app(settings)) as client:
        form = _form(notes="")  # symptoms at 6:20, as the walking test page's own tests
        assert client.post("/walking-test", data=form, follow_redirects=False).status_code == 303
        page = client.get("/diary").text
    cell = re.search(r'data-label="Minutes walked before pain">([^<]*)<', page)
    assert cell is not None and html.unescape(cell.group(1)).replace("\xa0", " ") == "6 min 20 s"
    assert "6.3<" not in page and "6.33" not in _text(page)
