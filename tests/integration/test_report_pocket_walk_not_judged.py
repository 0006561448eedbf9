"""The report for a clinician says "not judged" for every measure of a walk a position away from the
lower back cannot support, with why (review 2026-11-28).

Since ``gait analyze --json`` flags each such measure ``not_worn_at_lower_back`` (the summary's
``<metric>_quality``: step-time difference, pelvis, trunk lean, landing jolt), the terminal says
"not judged: not worn at the lower back" for each; the report still showed the pocket walk
walk50.xls's landing jolt, pelvis ranges, trunk lean and "40 %" step-time difference as plain
numbers. A lower-back walk keeps its numbers.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

WALK50 = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"  # a phone that tips about 73 degrees
LAB = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # a lower-back sensor
NOT_JUDGED = "not judged: not worn at the lower back"
MEASURES = (
    "Pelvis: Tilt (forward and back), range per stride",
    "Pelvis: Obliquity (side to side), range per stride",
    "Pelvis: Rotation (turning), range per stride",
    "Trunk lean while walking, against standing",
    "Peak jolt at foot strike",
)


def _report(tmp_path: Path, upload: dict) -> str:
    url = sqlite_url(tmp_path / "walks.sqlite3")
    Records(Database(url).migrate()).upload_walk(**upload)
    out = CliRunner().invoke(cli_app, ["report", "--db", url, "--out", "-"])
    assert out.exit_code == 0, out.output
    return unescape(out.output)


def _cell(page: str, row: str) -> str:
    found = re.search(re.escape(row) + r"</th><td[^>]*>([^<]*)</td>", page)
    assert found, row
    return found.group(1)


def test_a_pocket_walk_s_measures_read_not_judged_with_why(tmp_path: Path) -> None:
    page = _report(tmp_path, {"filename": WALK50.name, "data": WALK50.read_bytes(), "worn_at": "pocket"})
    for row in MEASURES:
        assert _cell(page, row) == NOT_JUDGED, row
    assert 'data-label="Step time difference">' + NOT_JUDGED in page
    assert "40 %" not in page


def test_a_lower_back_walk_keeps_its_numbers(tmp_path: Path) -> None:
    upload = {"filename": LAB.name, "data": LAB.read_bytes(), "acc_unit": "m/s^2", "gyr_unit": "deg/s"}
    page = _report(tmp_path, upload)
    for row in MEASURES:
        assert "not judged" not in _cell(page, row), row
    assert (
        _cell(page, "Peak jolt at foot strike").split()[-1] == "g"
    )  # a number of g, a no-break space between
