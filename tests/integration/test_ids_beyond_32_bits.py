"""An id too big for the database's id columns (32-bit INTEGER on PostgreSQL) is "not found", never
a 500: in an address, in ?person_id=, in a form's hidden person_id, or in the person cookie.

Each test runs on SQLite and on PostgreSQL (the ``api`` fixture). Above 2**63 was already tested
(test_api_data's HUGE_ID); between 2**31 and 2**63 PostgreSQL failed to compare it with the column.
"""

from __future__ import annotations

from datetime import date

import pytest

BIG = 2**31 + 5  # fits 64 bits, not the 32-bit id columns of PostgreSQL


@pytest.mark.parametrize(
    "path",
    [
        f"/api/diary/{BIG}",
        f"/api/walks/{BIG}",
        f"/api/assessments/{BIG}",
        f"/api/assessments/{BIG}/result",
        f"/api/people/{BIG}",
        f"/api/diary?person_id={BIG}",
        f"/api/export?person_id={BIG}",
    ],
)
def test_the_api_answers_404_for_an_id_too_big_for_the_database(api, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404, response.text
    assert "does not exist" in response.json()["detail"]


def test_the_pages_answer_not_found_for_a_person_or_record_too_big(api) -> None:
    api.post("/api/people", json={"label": "Ann"})
    for path in (f"/diary?person={BIG}", f"/check/{BIG}", f"/walks/{BIG}", f"/people/{BIG}"):
        assert api.get(path).status_code == 404, path
    day = {"person_id": str(BIG), "entry_date": date.today().isoformat(), "pain_0_10": "3"}
    assert api.post("/diary", data=day).status_code == 404
    api.cookies.set("backstride_person", str(BIG))
    assert api.get("/diary", follow_redirects=False).status_code in (303, 404)


def test_the_command_line_names_a_person_too_big_as_nobody(api) -> None:
    from typer.testing import CliRunner

    from backstride.cli.main import app

    api.post("/api/people", json={"label": "Ann"})
    result = CliRunner().invoke(app, ["diary", "list", "--person", str(BIG), "--db", api.app.state.db.url])
    assert result.exit_code == 2, result.output
    assert f"--person '{BIG}': nobody in this database has that id or label" in result.output
