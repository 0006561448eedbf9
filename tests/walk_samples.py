"""Real recordings for the walk-choice tests: lab walks, a phone recording without walking, and a few
steps cut from a real walk (``tests/unit/test_walk_usable.py``, ``tests/integration/test_check_walk.py``)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FORMATS, MOBILISED_LAB

LAB = MOBILISED_LAB / "HA"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}  # stated in mobilised-lab/index.json
# Sensor Logger (MIT), a phone turned by hand for a camera calibration: no walking
NO_WALKING_ZIP = FORMATS / "sensor_logger" / "helloaisvg__Camera-calibration" / "2ok-2025-11-05_16-52-37.zip"


def few_steps_csv(folder: Path) -> Path:
    """5 s from the middle of a real lab walk: one bout of 6 steps in 3.3 s, "slower than usual"."""
    lines = (LAB / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv").read_text().splitlines()
    path = folder / "few-steps.csv"
    path.write_text("\n".join([lines[0], *lines[301:801]]) + "\n")
    return path
