"""``gait analyze`` names where bouts start and end as the walk page and --plot do, by one rule
(``gait.time_axis.time_words``): under a minute in seconds, from a minute on in words --stop-at reads back,
whatever the recording's length."""

from __future__ import annotations

import json
import re

from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.gait.time_axis import time_words
from backstride.web.views import walk_time

CWA_12_MIN = FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
IMU_001 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"  # 2 min 18 s
UNITS = ("--acc-unit", "m/s^2", "--gyr-unit", "deg/s")


def _analyse(*args: str) -> tuple[str, dict]:
    runner = CliRunner()
    shown = runner.invoke(app, ["gait", "analyze", *args], env={"COLUMNS": "200"})
    data = runner.invoke(app, ["gait", "analyze", *args, "--json"])
    assert shown.exit_code == 0 and data.exit_code == 0, shown.output
    return shown.output, json.loads(data.output)


def test_a_long_recordings_bouts_start_and_end_in_words() -> None:
    # a 12-minute recording's table read '397.6 s' where the walk page and --plot read '6 min 38 s'
    out, data = _analyse(str(CWA_12_MIN))
    for b in data["walking_bouts"]:
        row = f"│ {time_words(b['start_s'])} │ {time_words(b['end_s'])} │ {b['n_steps']} │"
        assert re.search(re.escape(row).replace(r"\ ", r"\s+").replace("│", r"\s*│\s*"), out), row
    assert not re.search(r"│\s*(?:[6-9]\d|\d{3,})\.\d s\s*│", out)


def test_a_few_minutes_recordings_bouts_read_as_on_the_walk_page() -> None:
    # a 2 min 18 s recording's table read '118.5 s' where the walk page read '1 min 59 s'
    out, data = _analyse(str(IMU_001), *UNITS)
    assert 60 < data["duration_s"] < 600
    later = [b for b in data["walking_bouts"] if b["end_s"] >= 60]
    assert later and any(b["start_s"] < 60 for b in data["walking_bouts"])
    for b in data["walking_bouts"]:
        start, end = walk_time(b["start_s"]), walk_time(b["end_s"])
        assert re.search(rf"│\s*{re.escape(start)}\s*│\s*{re.escape(end)}\s*│\s*{b['n_steps']}\s*│", out), (
            start
        )
    assert re.search(r"│\s*1 min \d+ s\s*│", out)
    assert not re.search(r"│\s*(?:[6-9]\d|\d{3,})\.\d s\s*│", out)  # no time from a minute on in seconds
