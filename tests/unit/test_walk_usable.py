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
    assert walk_not_usable(no_direction) == "no_direction"  # 8 steps or more: not "too little walking"
    # a result of the contract's shape (no per-bout flags, no summary) is read as it is
    bare = {"walking_bouts": [{"start_s": 0, "end_s": 9, "n_steps": 12}], "gait_factors": []}
    assert walk_not_usable(bare) is None
    assert walk_not_usable({"walking_bouts": [{"n_steps": True}], "gait_factors": []}) == "too_little_walking"


T0 = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)


Walk = tuple[int, datetime, datetime | None]


def _walks(*minutes: int, recorded: dict[int, datetime] | None = None) -> list[Walk]:
    """Walks 1, 2, ... stored ``minutes`` after T0, newest first (as the database gives them), recorded
    when ``recorded`` says (else their file did not say: None)."""
    return sorted(
        ((i, T0 + timedelta(minutes=m), (recorded or {}).get(i)) for i, m in enumerate(minutes, start=1)),
        key=lambda w: w[1],
        reverse=True,
    )


def _ref(walk_id: int, minutes: int, not_usable: str | None = None) -> WalkRef:
    """A walk stored ``minutes`` after T0 whose file did not say when it was recorded."""
    at = T0 + timedelta(minutes=minutes)
    return WalkRef(walk_id, at, not_usable, at)


def test_a_finished_check_uses_the_newest_usable_walk_there_when_it_was_finished() -> None:
    walks = _walks(-30, -10, 5, 20)  # 1 and 2 before the check, 3 and 4 after
    ok = {1: None, 2: None, 3: None, 4: None}
    assert choose_walk(walks, ok.get, T0) == CheckWalks(used=_ref(2, -10), until=T0, newer=_ref(4, 20))
    assert choose_walk(walks, ok.get, None).used == _ref(4, 20)  # not finished
    at_the_same_moment = choose_walk(_walks(0), ok.get, T0)
    assert at_the_same_moment.used == _ref(1, 0)


def test_a_walk_that_cannot_speak_for_walking_is_passed_over_and_said() -> None:
    walks = _walks(-30, -10, 5)
    verdict = {1: None, 2: "no_walking", 3: "too_little_walking"}
    chosen = choose_walk(walks, verdict.get, T0)
    assert chosen.used == _ref(1, -30)
    assert chosen.newer is None  # walk 3 is newer, but a new check would not use it either
    assert chosen.passed_over == _ref(3, 5, "too_little_walking")
    nothing = choose_walk(walks, {1: "no_walking", 2: "no_walking", 3: "no_walking"}.get, None)
    assert nothing.used is None and nothing.passed_over == _ref(3, 5, "no_walking")
    assert choose_walk([], verdict.get, T0) == CheckWalks(until=T0)


def test_walks_older_than_the_one_used_are_not_looked_at() -> None:
    looked: list[int] = []

    def verdict(walk_id: int) -> str | None:
        looked.append(walk_id)
        return None

    choose_walk(_walks(-30, -20, -10), verdict, T0)
    assert looked == [3]


YESTERDAY = T0 - timedelta(days=1)
LAST_MONTH = T0 - timedelta(days=30)


def test_a_check_uses_the_walk_recorded_last_not_the_file_sent_last() -> None:
    """Walk 1, recorded yesterday and sent then; walk 2, recorded a month ago and sent just before the
    check: the check used walk 2 (sent last), though the person walked yesterday."""
    walks = _walks(-60 * 24, -5, recorded={1: YESTERDAY, 2: LAST_MONTH})
    ok = {1: None, 2: None}
    for until in (T0, None):  # finished or not
        chosen = choose_walk(walks, ok.get, until)
        assert chosen.used == WalkRef(1, T0 - timedelta(days=1), None, YESTERDAY)
        assert chosen.earlier == WalkRef(2, T0 - timedelta(minutes=5), None, LAST_MONTH)  # said why not
        assert chosen.newer is None and chosen.passed_over is None
    # a walk whose file did not say when it was recorded counts from when it was sent
    unsaid = choose_walk(_walks(-60 * 24, -5, recorded={2: LAST_MONTH}), ok.get, T0)
    assert unsaid.used is not None and unsaid.used.id == 1


def test_a_finished_check_keeps_its_walk_whatever_a_later_upload_was_recorded() -> None:
    """A walk sent after the check was finished is never its walk, even one recorded before it was
    finished (and after its walk): a new check would use it, and the check says so."""
    walks = _walks(-60 * 24, 30, recorded={1: LAST_MONTH, 2: YESTERDAY})
    ok = {1: None, 2: None}
    chosen = choose_walk(walks, ok.get, T0)
    assert chosen.used == WalkRef(1, T0 - timedelta(days=1), None, LAST_MONTH)
    assert chosen.newer == WalkRef(2, T0 + timedelta(minutes=30), None, YESTERDAY)
    assert chosen.earlier is None
    assert choose_walk(walks, ok.get, None).used == chosen.newer  # a new check
    # sent later but recorded earlier still: not a walk a new check would use, nothing to say
    older = choose_walk(_walks(-5, 30, recorded={1: YESTERDAY, 2: LAST_MONTH}), ok.get, T0)
    assert older.used is not None and older.used.id == 1 and older.newer is None and older.earlier is None


def test_a_finished_check_keeps_the_walk_its_result_used_whichever_rule_chose_it() -> None:
    """A check finished before this rule stored its result with the walk sent last (walk 2, recorded a
    month ago): it keeps it, as the person was told; without a stored result it gets the walk done last."""
    walks = _walks(-60 * 24, -5, recorded={1: YESTERDAY, 2: LAST_MONTH})
    ok = {1: None, 2: None}
    told = choose_walk(walks, ok.get, T0, kept=2)
    assert told.used == WalkRef(2, T0 - timedelta(minutes=5), None, LAST_MONTH)
    assert told.newer is None and told.passed_over is None and told.earlier is None
    assert choose_walk(walks, ok.get, T0).used == WalkRef(1, T0 - timedelta(days=1), None, YESTERDAY)
    # not kept: a walk sent after the check was finished, one that cannot speak for walking (any more),
    # one deleted since, or a check not finished
    later = _walks(-60 * 24, 5, recorded={1: YESTERDAY, 2: LAST_MONTH})
    assert choose_walk(later, ok.get, T0, kept=2).used == WalkRef(1, T0 - timedelta(days=1), None, YESTERDAY)
    assert choose_walk(walks, {1: None, 2: "no_walking"}.get, T0, kept=2).used.id == 1  # type: ignore[union-attr]
    assert choose_walk(walks, ok.get, T0, kept=9).used.id == 1  # type: ignore[union-attr]
    assert choose_walk(walks, ok.get, None, kept=2).used.id == 1  # type: ignore[union-attr]


def test_a_recording_dated_after_it_was_sent_does_not_stay_the_walk_done_last() -> None:
    """A phone whose clock is wrong dated walk 1 in 2030 (it was sent a day ago); walk 2 was recorded
    and sent an hour ago. Walk 1 counted as walked in 2030: every check for years used it, and the page
    of each later walk said new checks use the walk from 2030. A walk cannot be done after it was sent:
    it counts from when it was sent at the latest (review R3)."""
    walks = _walks(-60 * 24, -60, recorded={1: datetime(2030, 1, 1, tzinfo=UTC), 2: T0 - timedelta(hours=1)})
    ok = {1: None, 2: None}
    for until in (T0, None):
        chosen = choose_walk(walks, ok.get, until)
        assert chosen.used is not None and chosen.used.id == 2
        assert chosen.earlier is None


def test_a_start_without_a_time_zone_is_the_clock_here_as_the_pages_read_it() -> None:
    """A file's start without a time zone is a time on the clock here (the pages show it so). Compared
    as UTC, in Sydney (UTC+11) walk 1, recorded at 08:00 and sent at 08:30, counted as walked at 19:00,
    after walk 2 sent at 10:00 (its file did not say when it was recorded): the check used walk 1 and
    said walk 2 'was recorded earlier than your walk from 27 Nov 2026, 08:00' (review R3)."""
    from tests.conftest import time_zone

    with time_zone("Australia/Sydney"):
        sent_1 = datetime(2026, 11, 26, 21, 30, tzinfo=UTC)  # 08:30 in Sydney
        sent_2 = datetime(2026, 11, 26, 23, 0, tzinfo=UTC)  # 10:00 in Sydney
        walks = [(2, sent_2, None), (1, sent_1, datetime(2026, 11, 27, 8, 0))]  # naive: the clock here
        chosen = choose_walk(walks, {1: None, 2: None}.get, None)
        assert chosen.used is not None and chosen.used.id == 2
        assert chosen.earlier is None


def test_a_start_at_the_ends_of_the_calendar_is_still_compared() -> None:
    """A start without a time zone in year 1 or 9999 (a restored file can hold any) is off the clock
    here: reading it so raised 'year 0 is out of range' and the check's page failed."""
    from tests.conftest import time_zone

    with time_zone("America/Los_Angeles"):
        for odd in (datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)):
            walks = _walks(-60, -5, recorded={1: odd})
            chosen = choose_walk(walks, {1: None, 2: None}.get, T0)
            assert chosen.used is not None and chosen.used.id == 2


def test_a_kept_walk_never_says_a_new_check_would_use_a_walk_it_would_not() -> None:
    """A check finished before the rule keeps walk 1 (recorded last year, sent just before it was
    finished); walk 2 was done yesterday, sent before the check; walk 3, done two days ago, was sent
    after it. A new check uses walk 2 (done last), yet the page said 'Your walk from <2 days ago> was
    sent after this check was finished ... Start a new check to include it', and nothing about walk 2
    (review R3). It names walk 2 now, the walk done last that the check had (``kept_over``)."""
    walks = _walks(-5, -60 * 24, 30, recorded={1: LAST_MONTH, 2: YESTERDAY, 3: T0 - timedelta(days=2)})
    ok = {1: None, 2: None, 3: None}
    assert choose_walk(walks, ok.get, None).used.id == 2  # type: ignore[union-attr]  # a new check
    told = choose_walk(walks, ok.get, T0, kept=1)
    assert told.used is not None and told.used.id == 1
    assert told.newer is None
    assert told.kept_over is not None and told.kept_over.id == 2
    assert choose_walk(walks, ok.get, T0).kept_over is None  # by the rule: walk 2 is the one used
