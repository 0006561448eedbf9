"""The diary's minutes chart says a short walk in seconds and keeps the person's own minutes.

A new-user test (2026-11-27): a walk whose first symptom came after 56 s and a diary entry of 15
minutes on the same day: the caption read '2 values from 02 Nov 2026 (15) to 02 Nov 2026 (0.93).
Lowest 0.93, highest 15.': minutes with decimals, and the measured walk read as the day's value,
after the typed one. Now each series is described by its own name, both are shown, and the caption
says that a day with both shows both (the walk does not replace what was typed).
"""

from __future__ import annotations

from backstride.web.views import diary_charts

DAY = "2026-11-02"


def _tolerance(entries: list[dict], walks: list[dict]) -> dict:
    return diary_charts({"entries": entries, "walks": walks})[1]


def test_a_typed_15_minutes_and_a_56_s_walk_on_one_day_are_both_said() -> None:
    chart = _tolerance(
        [{"entry_date": DAY, "pain_0_10": 4, "walking_tolerance_min": 15.0}],
        [{"walked_at": f"{DAY}T10:00:00", "first_symptom_min": 56 / 60}],
    )
    caption = chart["caption"]
    assert "Your diary: 1 value on 2 Nov 2026 (15 min)." in caption, caption
    assert "Measured on a walk: 1 value on 2 Nov 2026 (56 s)." in caption, caption
    assert "0.93" not in caption
    assert (
        "A day with both shows both: a measured walk does not replace the minutes typed in the diary."
        in caption
    )
    assert {(row[0], row[2]) for row in chart["rows"]} == {
        ("2 Nov 2026", "Your diary"),
        ("2 Nov 2026", "Measured on a walk"),
    }


def test_minutes_alone_are_said_in_minutes_and_seconds() -> None:
    chart = _tolerance(
        [
            {"entry_date": "2026-11-01", "walking_tolerance_min": 2.5},
            {"entry_date": DAY, "walking_tolerance_min": 20.0},
        ],
        [],
    )
    assert chart["caption"] == (
        "2 values from 1 Nov 2026 (2 min 30 s) to 2 Nov 2026 (20 min). Lowest 2 min 30 s, highest 20 min."
    )


def test_the_table_says_the_times_as_the_caption_does() -> None:
    # the caption said "56 s" and the table under it "0.93" in a "Minutes" column (new-user test)
    chart = _tolerance(
        [{"entry_date": "2026-11-01", "walking_tolerance_min": 12.5}],
        [{"walked_at": f"{DAY}T10:00:00", "first_symptom_min": 56 / 60}],
    )
    assert chart["headers"] == ["Day", "Time walked", "From"]
    assert chart["rows"] == [
        ("1 Nov 2026", "12 min 30 s", "Your diary"),
        ("2 Nov 2026", "56 s", "Measured on a walk"),
    ]
    assert "(56 s)" in chart["caption"] and "(12 min 30 s)" in chart["caption"]
