"""``backstride serve`` on the network (a clinic) says the time zone its pages show times in.

Every time the pages show ("Started 26 Nov 2026, 01:00", "Since your check earlier today, at 01:00",
"yesterday") is in the server's time zone, and "today" is the server's day. A clinic's server often
runs in UTC: a check made in New York at 20:00 on 25 Nov then read "earlier today, at 1:00" the next
morning. Nothing said so, nor how to change it; now the start says the zone and to set TZ.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from tests.integration.test_cli_serve import fake_uvicorn  # noqa: F401 - the fixture
from typer.testing import CliRunner

from backstride.cli.main import app


@pytest.mark.parametrize(("zone", "named"), [("UTC", "UTC"), ("America/New_York", "EST")])
def test_serving_other_computers_names_the_time_zone_and_how_to_set_it(
    fake_uvicorn: Any,  # noqa: F811
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
    zone: str,
    named: str,
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        db = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        args = ["serve", "--host", "0.0.0.0", "--no-browser", "--no-password", "--db", db]
        result = CliRunner().invoke(app, args)
        at_home = CliRunner().invoke(app, ["serve", "--no-browser", "--db", db])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert f"Times are shown in this computer's time zone ({named}," in words
    assert "TZ=" in words  # how to show the clinic's
    assert at_home.exit_code == 0 and "time zone" not in at_home.output  # at home: the person's own
