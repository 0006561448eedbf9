"""A diary day more than a year ago is kept, and the person is asked whether the year is right: a
typo of 1926 for 2026 was kept without a word, and the pain chart then ran over a hundred years, every
real day squeezed into one line at its end."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()
ASK = "Is the year right?"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _year_typo() -> date:
    today = date.today()
    return today.replace(year=today.year - 100) if (today.month, today.day) != (2, 29) else date(1926, 3, 1)


def test_the_diary_page_asks_about_the_year_of_a_day_long_ago(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "d.sqlite3")))) as web:
        typo = _year_typo().isoformat()
        sent = web.post("/diary", data={"entry_date": typo, "pain_0_10": "3"}, follow_redirects=False)
        assert sent.status_code == 303
        page = web.get(sent.headers["location"]).text
        said = _text(page)
        assert ASK in said and "more than a year ago" in said
        entry_id = re.search(r'href="/diary/(\d+)/edit"', page)
        assert entry_id and f'href="/diary/{entry_id.group(1)}/edit">change it</a>' in page
        recent = (date.today() - timedelta(days=3)).isoformat()
        sent = web.post("/diary", data={"entry_date": recent, "pain_0_10": "3"}, follow_redirects=False)
        assert ASK not in _text(web.get(sent.headers["location"]).text)


def test_the_terminal_asks_about_the_year_of_a_day_long_ago(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    done = runner.invoke(
        app, ["diary", "add", "--pain", "3", "--date", _year_typo().isoformat(), "--db", url]
    )
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert ASK in said and "backstride diary edit 1 --date" in said
    recent = (date.today() - timedelta(days=3)).isoformat()
    done = runner.invoke(app, ["diary", "add", "--pain", "3", "--date", recent, "--db", url])
    assert done.exit_code == 0 and ASK not in done.output
