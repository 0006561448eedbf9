"""``gait analyze`` names where a long recording's bouts start and end as the walk page and --plot do, in
words --stop-at reads back; a short recording's in seconds, as before."""

from __future__ import annotations

import json
import re

from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.gait.time_axis import elapsed_words

CWA_12_MIN = FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
IMU_001 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
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
        row = f"│ {elapsed_words(b['start_s'])} │ {elapsed_words(b['end_s'])} │ {b['n_steps']} │"
        assert re.search(re.escape(row).replace(r"\ ", r"\s+").replace("│", r"\s*│\s*"), out), row
    assert not re.search(r"│\s*\d+\.\d s\s*│", out)


def test_a_short_recordings_bouts_stay_in_seconds() -> None:
    out, data = _analyse(str(IMU_001), *UNITS)
    (b, *_) = data["walking_bouts"]
    assert re.search(rf"│\s*{b['start_s']:.1f} s\s*│\s*{b['end_s']:.1f} s\s*│", out)
