"""A chart's caption says what its line draws: a day with two or more values at their mean.

A physiotherapist's new-user test (2026-11-28): the pain chart said "9 values from 20 Nov 2026 (7)"
when 20 Nov had two values, 3 and 7; the chart drew their mean, 5, and the table listed 3 first. The
caption sorted by day alone and took whichever value came first or last. Now the first, last, lowest and
highest are the points drawn, and the caption says a day counts once, at its mean, as the report's
weekly table does. The table keeps every value.
"""

from __future__ import annotations

from backstride.web.charts import SAME_DAY_NOTE
from backstride.web.views import diary_charts

# 20 Nov twice (3, then 7: the second written later), then a day each
PAIN = [("2026-11-20", 7), ("2026-11-20", 3), ("2026-11-21", 2), ("2026-11-24", 8), ("2026-11-28", 4)]


def _pain(days: list[tuple[str, float]]) -> dict:
    return diary_charts({"entries": [{"entry_date": d, "pain_0_10": p} for d, p in days], "walks": []})[0]


def test_a_day_of_3_and_7_is_said_as_the_5_the_chart_draws() -> None:
    chart = _pain(PAIN)
    assert chart["caption"] == (
        "5 values on 4 days from 20 Nov 2026 (5) to 28 Nov 2026 (4). Lowest 2, highest 8. "
        "A day with two or more values counts once, at their mean."
    )
    assert [row[:2] for row in chart["rows"]][:2] == [("20 Nov 2026", "3"), ("20 Nov 2026", "7")]  # kept
    assert SAME_DAY_NOTE in str(chart["svg"])  # the chart says so under its line


def test_the_last_day_and_the_highest_are_means_too() -> None:
    chart = _pain([("2026-11-20", 2), ("2026-11-28", 9), ("2026-11-28", 4)])
    # the mean 6.5 drawn on 28 Nov, never 9 or 4 alone, and not rounded to 7
    assert chart["caption"].startswith(
        "3 values on 2 days from 20 Nov 2026 (2) to 28 Nov 2026 (6.5). Lowest 2, highest 6.5."
    )


def test_one_day_written_twice_and_days_written_once_say_as_before() -> None:
    assert _pain([("2026-11-20", 3), ("2026-11-20", 4)])["caption"] == (
        "2 values on 1 day, 20 Nov 2026 (3.5). A day with two or more values counts once, at their mean."
    )
    once = _pain([("2026-11-20", 3), ("2026-11-22", 6)])["caption"]
    assert once == "2 values from 20 Nov 2026 (3) to 22 Nov 2026 (6). Lowest 3, highest 6."
