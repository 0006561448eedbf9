"""A restore takes answers too, so the contract's rule holds there: in a check this version made, an
unknown code or a bad value is an error that names the code and what was expected, and nothing is
saved (CONTRACT.md section 1), by 'backstride import' and POST /api/import alike.

The message quoted the code and the value cut short: "answers: knee': unknown finding code" and
"fever: expected true or false, got 'yes; nothing was saved" (a quote stripped from each end of the
whole message, meant for a KeyError's own quotes; main fixed the code the same day, 4e935c4).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real backup of one check, made by the app."""
    db = tmp_path_factory.mktemp("restore-words") / "made.sqlite3"
    with TestClient(create_app(Settings(database_url=sqlite_url(db)))) as api:
        check = api.post("/api/assessments", json={}).json()
        sent = api.post(
            f"/api/assessments/{check['id']}/answers", json={"answers": {"age_years": 60, "fever": False}}
        )
        assert sent.status_code == 200, sent.text
        assert api.get(f"/api/assessments/{check['id']}/result").status_code == 200  # its versions kept
        return api.get("/api/export").json()


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ({"knee_pain": True}, "answers: 'knee_pain': unknown finding code"),
        ({"fever": "yes"}, "fever: expected true or false, got 'yes'"),
        ({"sex": "alien"}, "sex: expected one of female, male, other, got 'alien'"),
        ({"age_years": 500}, "age_years: expected a number in years from 0 to 120, got 500"),
    ],
)
def test_a_bad_answer_in_a_backup_is_named_whole_and_nothing_is_saved(
    backup: dict, tmp_path: Path, answers: dict, said: str
) -> None:
    changed = json.loads(json.dumps(backup))
    changed["assessments"][0]["answers"].update(answers)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    url = sqlite_url(tmp_path / "new.sqlite3")
    done = CliRunner().invoke(app, ["import", str(path), "--db", url])
    assert done.exit_code == 2, done.output
    message = " ".join(done.stderr.split())
    assert said in message, message
    assert "nothing was saved" in message
    with TestClient(create_app(Settings(database_url=url))) as api:  # the command made the database?
        assert api.get("/api/assessments").json() == []
    # the API says the same
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "api.sqlite3")))) as api:
        response = api.post("/api/import", files={"file": ("backup.json", path.read_bytes())})
        assert response.status_code == 422
        assert said in response.json()["detail"]
        assert api.get("/api/assessments").json() == []
