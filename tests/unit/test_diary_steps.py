"""diary.steps: which relief steps a diary day can record, and "What seems to help" (pure)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backstride.diary.entries import EntryFieldError, validate_entry
from backstride.diary.steps import MIN_DAYS, check_tried, diary_steps, what_seems_to_help
from backstride.knowledge import DATA_DIR, load_knowledge, validate_knowledge

START = date(2026, 11, 1)


@dataclass(frozen=True)
class Day:
    entry_date: date
    pain_0_10: int
    tried: tuple[str, ...] = ()


def _days(*rows: tuple[int, tuple[str, ...]]) -> list[Day]:
    return [Day(START + timedelta(days=i), pain, tried) for i, (pain, tried) in enumerate(rows)]


def test_the_steps_are_the_self_help_items_of_the_plan_in_its_order() -> None:
    kb = load_knowledge()
    steps = diary_steps(kb)
    assert {"knee_to_chest", "cat_cow", "cold_pack", "heat_after_48h", "shorter_strides"} <= set(steps)
    assert not {"emergency_now", "see_clinician_today", "warning_signs"} & set(steps)
    assert all(kb.advice[c].evidence_grade != "safety" for c in steps)
    assert [kb.advice[c].order for c in steps] == sorted(kb.advice[c].order for c in steps)
    assert steps["knee_to_chest"].name == "Knee-to-chest stretch"
    assert steps["knee_to_chest"].words == "did the knee-to-chest stretch"


def test_a_safety_item_with_diary_words_is_a_knowledge_problem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    advice = data / "advice.yaml"
    text = advice.read_text(encoding="utf-8")
    old = "    sources: [A15, A16, A22]\n    dispositions: [emergency]\n"
    assert old in text
    advice.write_text(text.replace(old, old + '    diary_words: "got help"\n', 1), encoding="utf-8")
    assert any(
        "advice.emergency_now.diary_words: a safety item is not a step to tick in the diary" in p
        for p in validate_knowledge(data)
    )


def test_the_tried_steps_are_checked_kept_once_and_put_in_the_plans_order() -> None:
    known = diary_steps()
    assert check_tried(["cat_cow", "knee_to_chest", "cat_cow"], known) == ("knee_to_chest", "cat_cow")
    assert check_tried(None, known) == () and check_tried([], known) == ()
    with pytest.raises(ValueError, match="tried: 'hot_tub' is not a step the diary knows; expected some of"):
        check_tried(["cat_cow", "hot_tub"], known)
    with pytest.raises(ValueError, match="tried must be a list of step codes"):
        check_tried("cat_cow", known)
    with pytest.raises(EntryFieldError) as caught:
        validate_entry(entry_date=START, pain_0_10=3, tried=["warning_signs"], as_of=START)
    assert caught.value.field == "tried" and "'warning_signs'" in str(caught.value)


def test_medians_with_and_without_a_step_with_the_day_counts() -> None:
    entries = _days(
        (4, ("knee_to_chest",)),
        (6, ()),
        (3, ("knee_to_chest", "heat_after_48h")),
        (7, ("heat_after_48h",)),
        (5, ("knee_to_chest",)),
        (8, ()),
        (2, ("knee_to_chest",)),
        (6, ()),
    )
    (knee,) = [c for c in what_seems_to_help(entries) if c.code == "knee_to_chest"]
    assert (knee.days_with, knee.days_without) == (4, 4)
    assert (knee.median_pain_with_0_10, knee.median_pain_without_0_10) == (3.5, 6.5)
    assert knee.words == (
        "On the 4 days you did the knee-to-chest stretch, your pain was 3.5 in the middle; "
        "on the 4 other days, 6.5."
    )
    assert "days counted: 8, from 2026-11-01 (the first day a step was ticked)" in knee.because
    assert knee.to_dict()["because"] == list(knee.because)
    assert "cannot show that a step helped" in knee.to_dict()["caveat"]
    # heat: 2 days with it, below MIN_DAYS: nothing is said about it
    assert [c.code for c in what_seems_to_help(entries)] == ["knee_to_chest"]


def test_nothing_is_said_below_the_minimum_days_on_either_side() -> None:
    assert MIN_DAYS == 3
    two_with = _days((4, ("cat_cow",)), (5, ("cat_cow",)), (6, ()), (7, ()), (8, ()))
    assert what_seems_to_help(two_with) == []
    two_without = _days((4, ("cat_cow",)), (5, ("cat_cow",)), (3, ("cat_cow",)), (7, ()), (8, ()))
    assert what_seems_to_help(two_without) == []
    assert what_seems_to_help(two_without + [Day(START + timedelta(days=9), 9)])[0].days_without == 3
    assert what_seems_to_help([]) == [] and what_seems_to_help(_days((4, ()), (5, ()))) == []


def test_days_before_the_first_tick_do_not_count_and_a_day_counts_once() -> None:
    before = _days((9, ()), (9, ()), (9, ()))  # days kept before steps could be ticked
    rows = [(2, ("cat_cow",)), (3, ("cat_cow",)), (4, ("cat_cow",)), (5, ()), (6, ()), (7, ())]
    later = [Day(START + timedelta(days=10 + i), pain, tried) for i, (pain, tried) in enumerate(rows)]
    (cat,) = what_seems_to_help(before + later)
    assert (cat.days_with, cat.days_without, cat.median_pain_without_0_10) == (3, 3, 6.0)
    assert cat.because[0] == "days counted: 6, from 2026-11-11 (the first day a step was ticked)"
    # a second entry on a day without the step, ticking it: the day counts once, as a day with it
    same_day = Day(START + timedelta(days=13), 9, ("cat_cow",))
    assert what_seems_to_help(before + later + [same_day]) == []  # now 4 days with it, 2 without


def test_wording_says_a_single_day_and_whole_numbers_plainly() -> None:
    entries = _days(*([(4, ("cold_pack",))] * 3 + [(6, ())] * 3))
    (cold,) = what_seems_to_help(entries)
    assert (
        cold.words
        == "On the 3 days you used a cold pack, your pain was 4 in the middle; on the 3 other days, 6."
    )


def _knee_with_a_day_written_three_times(first: int, pains: tuple[int, int, int]) -> Any:
    """The stretch on ``START`` (pain ``first``), on the next day written three times (``pains``, the
    stretch ticked on the first of them) and on the day after (6); three days without it (7)."""
    day = START + timedelta(days=1)
    entries = [
        Day(START, first, ("knee_to_chest",)),
        *(Day(day, pain, ("knee_to_chest",) if i == 0 else ()) for i, pain in enumerate(pains)),
        Day(START + timedelta(days=2), 6, ("knee_to_chest",)),
        *(Day(START + timedelta(days=3 + i), 7) for i in range(3)),
    ]
    (knee,) = what_seems_to_help(entries)
    return knee


def test_a_day_written_three_times_counts_at_the_mean_of_its_pains() -> None:
    # as in every other diary summary (diary.trends.day_means): 2, 3 and 10 on one day is 5, not the
    # median 3; the days with the stretch are then 4, 5 and 6, in the middle 5 (it said 4)
    knee = _knee_with_a_day_written_three_times(4, (2, 3, 10))
    assert (knee.days_with, knee.days_without) == (3, 3)
    assert (knee.median_pain_with_0_10, knee.median_pain_without_0_10) == (5.0, 7.0)


def test_a_middle_pain_of_a_day_written_three_times_is_said_with_one_decimal() -> None:
    # a day written three times (2, 3 and 3) counts at its mean, 2.666...: said as 2.7, never 2.66667
    knee = _knee_with_a_day_written_three_times(2, (2, 3, 3))
    assert knee.median_pain_with_0_10 == 2.7
    assert knee.words == (
        "On the 3 days you did the knee-to-chest stretch, your pain was 2.7 in the middle; "
        "on the 3 other days, 7."
    )
    assert "median pain 2.7" in knee.because[1]
