"""The walking test's "Stop at once and get help" names pain or numbness spreading to both legs.

Review k4 (2026-11-27): the walking-test page and ``backstride diary walking-test`` told a person to
stop and get help for the bladder, the bowels, numbness between the legs and a weak leg, but not for
pain or numbness that spreads to both legs, an emergency here (``sciatica_spread_to_both_legs``,
``sudden_bilateral_sciatica``; BASS [A16]), and the likeliest of them to begin during a walk.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from backstride.cli import diary_cmd, people_cmd
from backstride.cli.main import app
from backstride.storage.db import sqlite_url


def _said(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_the_page_says_stop_if_it_spreads_to_both_legs(api) -> None:
    said = _said(api.get("/walking-test").text)
    stop = said[said.index("Stop at once and get help") :]
    assert "spreads to both legs (sources: A15, A22, A16)" in stop[:300], stop[:300]


def test_the_terminal_says_stop_if_it_spreads_to_both_legs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter([0.0, 380.0, 545.0])
    monkeypatch.setattr(diary_cmd, "now_s", lambda: next(times))
    monkeypatch.setattr(people_cmd, "stdin_is_terminal", lambda: True)
    db = sqlite_url(tmp_path / "d.sqlite3")
    done = CliRunner().invoke(app, ["diary", "walking-test", "--db", db], input="\n\n\n4\n")
    assert done.exit_code == 0, done.output
    said = _said(done.output)
    assert "pain or numbness spreads to both legs [A15, A22, A16]" in said, said
