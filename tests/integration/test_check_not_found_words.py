"""A check that is not there is called a check, as every page and command calls it.

A new-user test (2026-11-27, helper U) opened /check/999 and ran 'backstride report --check 99': the
page said "It may have been deleted. Assessment 999 does not exist." and the terminal "error:
assessment 99 does not exist", the one place a person met the word; the page after an answer to a
deleted check said "This check was deleted ... Assessment 5 does not exist.".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("check-words") / "t.sqlite3"


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def test_the_page_of_a_check_that_is_not_there_says_check(client: TestClient) -> None:
    for path in ("/check/999", "/check/999/result"):
        page = client.get(path)
        assert page.status_code == 404
        text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
        assert "It may have been deleted. Check 999 does not exist." in text
        assert "ssessment" not in text


def test_the_api_and_the_command_line_say_check_too(client: TestClient, db: Path) -> None:
    assert client.get("/api/assessments/999").json() == {"detail": "check 999 does not exist"}
    for command in (["report", "--check", "99", "--out", "-"], ["changes", "--check", "99"]):
        done = CliRunner().invoke(cli_app, [*command, "--db", str(db)])
        assert done.exit_code == 2 and "error: check 99 does not exist" in done.output, done.output
