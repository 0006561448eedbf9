"""Which walks can speak for a person's walking (``gait_findings.walk_not_usable``), and which walk
a check uses (``records.choose_walk``): real lab walks can; a phone recording without walking, and 3
seconds and 6 steps cut from a real walk (a new user read "0.47 m/s, slower than usual, fairly sure"
from such a one), cannot.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.walk_samples import LAB, NO_WALKING_ZIP, UNITS, few_steps_csv

from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import read_recording
from backstride.services.gait_findings import (
    USABLE_BOUT_MIN_STEPS,
    WALK_NOT_USABLE,
    gait_to_inputs,
    walk_not_usable,
)
from backstride.services.records import CheckWalks, WalkRef, choose_walk


def _analysed(path: Path, **options: Any) -> dict[str, Any]:
    return analyze_gait(read_recording(path, **options)).to_dict()


@pytest.mark.parametrize("trial", sorted(p.parent.relative_to(LAB) for p in LAB.glob("*/*/imu.csv")))
def test_every_real_lab_walk_can_speak_for_walking(trial: Path) -> None:
    # the shortest, HA/002's 5-m straight walks, have one bout of 8 steps in about 4 s
    assert walk_not_usable(_analysed(LAB / trial / "imu.csv", **UNITS)) is None


def test_a_few_steps_cannot_though_they_say_slower_than_usual(tmp_path: Path) -> None:
    result = _analysed(few_steps_csv(tmp_path), **UNITS)
    bouts = result["walking_bouts"]
    assert len(bouts) == 1 and bouts[0]["n_steps"] < USABLE_BOUT_MIN_STEPS and bouts[0]["duration_s"] < 4
    assert "slow_speed" in gait_to_inputs(result)[1]  # what a check took from it before
    assert walk_not_usable(result) == "too_little_walking"
    assert "fewer than 8 steps in a row" in WALK_NOT_USABLE["too_little_walking"]


def test_a_phone_recording_without_walking_cannot() -> None:
    result = _analysed(NO_WALKING_ZIP)
    assert result["walking_bouts"] == []
    assert walk_not_usable(result) == "no_walking"


def test_only_steady_bouts_count_and_a_sensor_away_from_the_back_never(tmp_path: Path) -> None:
    real = _analysed(LAB / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv", **UNITS)
    noisy = copy.deepcopy(real)
    for bout in noisy["walking_bouts"]:
        bout["quality"]["walking_speed_mps"] = [*bout["quality"].get("walking_speed_mps", []), "too_noisy"]
    assert walk_not_usable(noisy) == "unsteady"
    wrist = copy.deepcopy(real)
    wrist["gait_factors"][0]["quality"].append("not_worn_at_lower_back")
    assert walk_not_usable(wrist) == "not_at_lower_back"
    no_direction = copy.deepcopy(real)
    no_direction["alignment"]["quality"] = ["too_little_walking"]
    assert walk_not_usable(no_direction) == "too_little_walking"
    # a result of the contract's shape (no per-bout flags, no summary) is read as it is
    bare = {"walking_bouts": [{"start_s": 0, "end_s": 9, "n_steps": 12}], "gait_factors": []}
    assert walk_not_usable(bare) is None
    assert walk_not_usable({"walking_bouts": [{"n_steps": True}], "gait_factors": []}) == "too_little_walking"


T0 = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)


def _walks(*minutes: int) -> list[tuple[int, datetime]]:
    """Walks 1, 2, ... stored ``minutes`` after T0, newest first (as the database gives them)."""
    return sorted(
        ((i, T0 + timedelta(minutes=m)) for i, m in enumerate(minutes, start=1)),
        key=lambda w: w[1],
        reverse=True,
    )


def test_a_finished_check_uses_the_newest_usable_walk_there_when_it_was_finished() -> None:
    walks = _walks(-30, -10, 5, 20)  # 1 and 2 before the check, 3 and 4 after
    ok = {1: None, 2: None, 3: None, 4: None}
    assert choose_walk(walks, ok.get, T0) == CheckWalks(
        used=WalkRef(2, T0 - timedelta(minutes=10)), until=T0, newer=WalkRef(4, T0 + timedelta(minutes=20))
    )
    assert choose_walk(walks, ok.get, None).used == WalkRef(4, T0 + timedelta(minutes=20))  # not finished
    at_the_same_moment = choose_walk(_walks(0), ok.get, T0)
    assert at_the_same_moment.used == WalkRef(1, T0)


def test_a_walk_that_cannot_speak_for_walking_is_passed_over_and_said() -> None:
    walks = _walks(-30, -10, 5)
    verdict = {1: None, 2: "no_walking", 3: "too_little_walking"}
    chosen = choose_walk(walks, verdict.get, T0)
    assert chosen.used == WalkRef(1, T0 - timedelta(minutes=30))
    assert chosen.newer is None  # walk 3 is newer, but a new check would not use it either
    assert chosen.passed_over == WalkRef(3, T0 + timedelta(minutes=5), "too_little_walking")
    nothing = choose_walk(walks, {1: "no_walking", 2: "no_walking", 3: "no_walking"}.get, None)
    assert nothing.used is None and nothing.passed_over == WalkRef(3, T0 + timedelta(minutes=5), "no_walking")
    assert choose_walk([], verdict.get, T0) == CheckWalks(until=T0)


def test_walks_older_than_the_one_used_are_not_looked_at() -> None:
    looked: list[int] = []

    def verdict(walk_id: int) -> str | None:
        looked.append(walk_id)
        return None

    choose_walk(_walks(-30, -20, -10), verdict, T0)
    assert looked == [3]
