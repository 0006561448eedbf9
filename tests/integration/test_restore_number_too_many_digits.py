"""A file to restore that holds a whole number of thousands of digits is refused naming it, with
nothing saved. Python reads at most 4300 digits into an int, and its ValueError escaped the restore:
'backstride import FILE' ended in a traceback (exit 1), and the API and the Data page could not say
what was wrong. A number with a '.' or too large an exponent was already refused; the API's own
JSON bodies already said "a number with too many digits"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.restore import restore_export

DIGITS = "9" * 5000
IN_THE_VERSION = '{"format": "backstride-export", "format_version": ' + DIGITS + "}"
IN_AN_ANSWER = '{"format": "backstride-export", "assessments": [{"answers": {"age_years": ' + DIGITS + "}}]}"


@pytest.mark.parametrize("text", [IN_THE_VERSION, IN_AN_ANSWER])
def test_a_restore_refuses_a_number_of_thousands_of_digits(records: Records, text: str) -> None:
    with pytest.raises(InputError, match="a number with too many digits; nothing was saved"):
        restore_export(records, text, source="the file")
    assert records.export_all()["assessments"] == []


def test_import_names_it_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text(IN_AN_ANSWER, encoding="utf-8")
    done = CliRunner().invoke(app, ["import", str(path), "--db", str(tmp_path / "db.sqlite3")])
    assert done.exit_code == 2, done.output
    assert "a number with too many digits" in " ".join(done.stderr.split())


def test_the_api_names_it(api) -> None:  # noqa: ANN001 - the TestClient fixture
    sent = api.post("/api/import", files={"file": ("backup.json", IN_AN_ANSWER.encode(), "application/json")})
    assert sent.status_code in (400, 422) and "too many digits" in sent.json()["detail"]
