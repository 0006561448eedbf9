"""Walks stored before b95a050 from a generic CSV whose ``time_s`` did not start at 0 kept the file's clock:
bouts at '1004.3 s' in a 2 min 18 s recording, drawn as a sliver at the right edge of the walk page's
timeline and of the report. They are read back with their times from the start of the recording
(``gait.result.counted_from_start``, used where stored walks are read: ``services.records``); nothing is
migrated. The old results are made as the old reader made them: the lab trial's times plus the file's
first time (checked against the reader before b95a050: only the times and a note differ)."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime

import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import read_recording
from backstride.gait.result import counted_from_start

IMU_11 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"  # 2 min 18 s


@pytest.fixture(scope="module")
def result() -> dict:
    rec = read_recording(IMU_11, acc_unit="m/s^2", gyr_unit="deg/s")
    return analyze_gait(rec, height_cm=159, symptom_at_s=30.0, stop_at_s=90.0).to_dict()


def _stored_before(result: dict, first_s: float) -> dict:
    """``result`` as the reader before b95a050 gave it for a file whose time_s starts at ``first_s``."""
    old = copy.deepcopy(result)
    old["initial_contacts_s"] = [round(t + first_s, 2) for t in old["initial_contacts_s"]]
    for b in old["walking_bouts"]:
        for span in [b, *b["strides"]]:
            span["start_s"] = round(span["start_s"] + first_s, 2)
            span["end_s"] = round(span["end_s"] + first_s, 2)
    return old


def _spans(result: dict) -> list[float]:
    """Where every bout and stride starts and ends, in one list."""
    return [s[k] for b in result["walking_bouts"] for s in [b, *b["strides"]] for k in ("start_s", "end_s")]


def test_a_walk_stored_with_the_files_clock_is_read_from_the_start(result) -> None:
    old = _stored_before(result, 1000.0)
    assert old["walking_bouts"][0]["start_s"] > result["duration_s"]  # past the recording's end
    read = counted_from_start(old)
    assert _spans(read) == pytest.approx(_spans(result), abs=1e-9)
    assert read["initial_contacts_s"] == pytest.approx(result["initial_contacts_s"], abs=1e-9)
    assert read["walking_tolerance"] == result["walking_tolerance"]  # counted from the first bout: as it was
    assert "1000 s earlier than stored" in read["notes"][-1]
    # the file's first time was not stored: any from 998.4 to 1004.3 s fits; the round one is taken
    assert "to within 6 s" in read["notes"][-1]
    assert old["walking_bouts"][0]["start_s"] > 1000  # the stored result itself is not changed


def test_a_first_time_that_is_not_round_is_placed_within_what_the_result_allows(result) -> None:
    old = _stored_before(result, 53127.41)
    read = counted_from_start(old)
    within = float(re.search(r"to within (\d+) s", read["notes"][-1]).group(1))
    starts = [b["start_s"] for b in read["walking_bouts"]]
    truth = [b["start_s"] for b in result["walking_bouts"]]
    assert all(0 <= t <= result["duration_s"] + 0.01 for t in _spans(read))
    assert max(abs(a - b) for a, b in zip(starts, truth, strict=True)) <= within + 0.5


def test_a_result_on_the_recordings_axis_comes_back_unchanged(result) -> None:
    assert counted_from_start(result) == result
    assert counted_from_start({"walking_bouts": []}) == {"walking_bouts": []}


def test_a_long_recordings_first_window_names_the_files_first_time() -> None:
    # a day's CSV read in windows: each window's start is on the file's clock, the first one its first time
    old = {
        "duration_s": 7200.0,
        "walking_bouts": [{"start_s": 1100.0, "end_s": 1160.0, "strides": []}],
        "initial_contacts_s": [1100.0, 1160.0],
        "alignment": {
            "windows": [{"start_s": 1000.0, "end_s": 4600.0}, {"start_s": 4600.0, "end_s": 8200.0}],
            "mountings": [{"start_s": 1000.0, "end_s": 8200.0}],
        },
        "notes": [],
    }
    read = counted_from_start(old)
    assert read["walking_bouts"][0]["start_s"] == 100.0 and read["initial_contacts_s"] == [100.0, 160.0]
    assert [w["start_s"] for w in read["alignment"]["windows"]] == [0.0, 3600.0]
    assert read["alignment"]["mountings"][0] == {"start_s": 0.0, "end_s": 7200.0}


def test_the_walk_page_of_such_a_stored_walk_draws_its_bouts_across_the_recording(result, tmp_path) -> None:
    # read back through the services, as the walk page and the report read it: no bout squeezed at the
    # right edge
    from backstride.services.records import Records
    from backstride.storage.db import Database, sqlite_url
    from backstride.storage.models import GaitRecording
    from backstride.web.views import walk_context

    db = Database(sqlite_url(tmp_path / "walks.sqlite3")).migrate()
    try:
        with db.session(write=True) as session:
            row = GaitRecording(
                person_id=1,
                original_filename="walk.csv",
                source_format="csv",
                size_bytes=10,
                sha256="0" * 64,
                height_cm=159.0,
                result=_stored_before(result, 1000.0),
                findings={},
                gait_factor_codes=[],
                algorithm_parameters={},
                package_version="0.1.0",
                created_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
            session.add(row)
            session.flush()
            walk_id = row.id
        walk = Records(db).get_walk(walk_id)
        assert [b["start_s"] for b in walk.result["walking_bouts"]] == [
            b["start_s"] for b in result["walking_bouts"]
        ]
        svg = str(walk_context(None, walk)["timeline_svg"])
        xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="\d+" width="[\d.]+" height="50"', svg)]
        assert len(xs) == len(result["walking_bouts"])
        assert max(xs) - min(xs) > 300  # spread over the 600-pixel timeline, not a sliver at its edge
    finally:
        db.dispose()
