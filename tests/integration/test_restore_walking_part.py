"""The walking part of a walking tolerance time (``walking_s_to_first_symptom`` / ``walking_s_to_stop``,
since 28d5853b) in a restored file: the pages say it ('7 s of it walking'), so it must be a number.

A backup whose ``walking_s_to_stop`` was NaN was restored, and then the walk page answered 503 and the
report 500; -5 read 'counted from the first step: -5 s of it walking'.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.conftest import MOBILISED_LAB

from backstride.core.errors import InputError
from backstride.services import tolerance_words as said
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An export of the lab walk with a stop at 12.4 s (1.4 s of the time standing after the walk)."""
    db = Database(sqlite_url(tmp_path_factory.mktemp("source") / "source.sqlite3")).migrate()
    records = Records(db)
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s", stop_at="12.4")
    document = records.export_all()
    db.dispose()
    return document


def test_the_export_holds_the_walking_part(exported: dict[str, Any]) -> None:
    tolerance = exported["gait_recordings"][0]["result"]["walking_tolerance"]
    assert tolerance["time_to_stop_s"] - tolerance["walking_s_to_stop"] >= said.PAUSE_SHOWN_S
    assert "of it walking" in said.walking_part(tolerance, "stop")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", '"7 s"'])
def test_a_walking_part_that_is_no_number_is_named_and_nothing_is_saved(
    records: Records, exported: dict[str, Any], bad: str
) -> None:
    document = json.loads(json.dumps(exported))
    document["gait_recordings"][0]["result"]["walking_tolerance"]["walking_s_to_stop"] = "@@"
    with pytest.raises(InputError) as caught:
        restore_export(records, json.dumps(document).replace('"@@"', bad))
    assert "result.walking_tolerance.walking_s_to_stop" in str(caught.value)
    assert records.export_all()["gait_recordings"] == []


@pytest.mark.parametrize("walked", [float("nan"), float("inf"), -5.0, 60.0])
def test_a_walking_part_that_cannot_be_is_not_said(walked: float) -> None:
    # not less than nothing, nor more than the time it is part of; never a crash
    assert said.walking_part({"time_to_stop_s": 10.0, "walking_s_to_stop": walked}, "stop") == ""
