"""A chart of many values ("Show all" on a long diary) draws the means of weeks, else months, else
years, at most ``MAX_DRAWN_POINTS`` a line, and says so under it; the table keeps every value."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from backstride.web.charts import MAX_DRAWN_POINTS, Series, time_series_svg
from backstride.web.views import diary_charts

FIRST = date(2013, 1, 7)  # a Monday


def _entries(n: int) -> list[dict[str, object]]:
    return [
        {
            "entry_date": (FIRST + timedelta(days=i)).isoformat(),
            "pain_0_10": i % 11,
            "walking_tolerance_min": float(i % 30),
        }
        for i in range(n)
    ]


def _points(svg: str) -> list[tuple[str, str]]:
    return re.findall(r'class="point" data-date="([0-9-]+)" data-value="([0-9.]+)"', svg)


def _note(svg: str) -> str:
    return " ".join(re.findall(r'class="chart-note"[^>]*>([^<]*)<', svg))


@pytest.mark.parametrize(
    ("n", "period", "periods"),
    [
        (5000, "month", len({(FIRST + timedelta(days=i)).replace(day=1) for i in range(5000)})),
        (400, "week", len({(FIRST + timedelta(days=i - i % 7)) for i in range(400)})),
    ],
)
def test_many_values_are_drawn_as_means_of_a_period_with_a_note(n: int, period: str, periods: int) -> None:
    pain, tolerance, *_ = diary_charts({"entries": _entries(n), "walks": []})
    svg = str(pain["svg"])
    drawn = _points(svg)
    assert len(drawn) == periods <= MAX_DRAWN_POINTS
    assert _note(svg) == (
        f"Each point is the mean of a {period}: {n:,} values are too many to draw one by one. "
        "The table has every value."
    )
    assert f"Each point is the mean of a {period}" in re.search(r"<desc[^>]*>([^<]*)<", svg)[1]
    assert len(pain["rows"]) == n and len(tolerance["rows"]) == n  # the table is complete
    assert svg.count("<polyline") == 1  # one line: consecutive periods are joined
    # the first point is the mean of the first period's values
    first_days = [i for i in range(n) if (FIRST + timedelta(days=i)).replace(day=1) == FIRST.replace(day=1)]
    if period == "week":
        first_days = list(range(7))
    assert float(drawn[0][1]) == pytest.approx(sum(i % 11 for i in first_days) / len(first_days), abs=0.05)
    assert len(svg) < 60_000  # light: 5,000 points drawn one by one made about 450 kB a chart


def test_up_to_the_limit_every_day_is_drawn_and_nothing_is_said() -> None:
    pain, *_ = diary_charts({"entries": _entries(MAX_DRAWN_POINTS), "walks": []})
    svg = str(pain["svg"])
    assert len(_points(svg)) == MAX_DRAWN_POINTS and 'class="chart-note"' not in svg


def test_a_century_of_days_is_drawn_by_years() -> None:
    points = [(date(1900, 1, 1) + timedelta(days=7 * i), 3.0) for i in range(52 * 100)]
    svg = str(time_series_svg([Series("Pain", points)], chart_id="c", title="t", desc="d", y_label="P"))
    assert len(_points(svg)) == 100 and "mean of a year" in _note(svg)


def test_a_day_written_twice_counts_once_in_a_weeks_mean() -> None:
    # 400 days (drawn as weeks); the first Monday is written four times at 8, the rest of that week
    # once a day at 2: the week's point is the mean of its days, as the diary's weekly table counts
    # them (diary.trends.weekly_means): (8 + 6 * 2) / 7, not the mean of its 10 entries (4.4)
    entries = [{"entry_date": (FIRST + timedelta(days=i)).isoformat(), "pain_0_10": 2} for i in range(1, 400)]
    entries += [{"entry_date": FIRST.isoformat(), "pain_0_10": 8}] * 4
    pain, *_ = diary_charts({"entries": entries, "walks": []})
    first = _points(str(pain["svg"]))[0]
    assert first[0] == FIRST.isoformat()
    assert float(first[1]) == pytest.approx((8 + 6 * 2) / 7, abs=0.05)  # drawn to 0.1
