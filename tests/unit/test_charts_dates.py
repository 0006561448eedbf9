"""Charts over days at the ends of the calendar: a day from an odd Apple Health record (year 1 or
9999) is drawn, never a crash of the page."""

from __future__ import annotations

from datetime import date

import pytest

from backstride.web.charts import Series, time_series_svg


@pytest.mark.parametrize(
    "days",
    [[date.max], [date.min], [date.min, date.max], [date(9999, 12, 30), date.max]],
)
def test_a_chart_of_days_at_the_ends_of_the_calendar_is_drawn(days: list[date]) -> None:
    svg = str(
        time_series_svg(
            [Series("Steps", [(d, 100.0) for d in days])],
            chart_id="c",
            title="Steps",
            desc="d",
            y_label="steps",
        )
    )
    for d in days:
        assert f'data-date="{d.isoformat()}"' in svg
