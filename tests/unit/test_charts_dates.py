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


def test_a_line_is_broken_where_weeks_have_no_entries() -> None:
    # three weeks without a diary entry drew a straight line across them, as if values were there
    start = date(2026, 10, 1)
    days = [0, 1, 2, 3, 30, 31, 32]
    points = [(date.fromordinal(start.toordinal() + d), float(d % 7)) for d in days]
    svg = str(time_series_svg([Series("Pain", points)], chart_id="p", title="Pain", desc="d", y_label="0-10"))
    assert svg.count("<polyline") == 2
    assert svg.count('class="point"') == len(days)  # every value is still drawn


def test_a_weekly_diary_is_one_line() -> None:
    start = date(2026, 10, 1)
    points = [(date.fromordinal(start.toordinal() + 7 * w), 4.0 + w % 2) for w in range(8)]
    svg = str(time_series_svg([Series("Pain", points)], chart_id="p", title="Pain", desc="d", y_label="0-10"))
    assert svg.count("<polyline") == 1


def test_the_pdf_reports_chart_breaks_its_line_where_weeks_have_no_entries_too() -> None:
    from backstride.web.report_pdf import _chart_drawing, _Text

    start = date(2026, 10, 1)
    points = [(date.fromordinal(start.toordinal() + d), float(d % 7)) for d in (0, 1, 2, 30, 31)]
    chart = {"id": "pain-chart", "series": [Series("Pain", points)], "headers": ["Day", "Pain (0-10)"]}
    drawing = _chart_drawing(chart, _Text())
    plot = drawing.contents[0]
    assert [len(line) for line in plot.data] == [3, 2]
    assert plot.lines[0].strokeColor == plot.lines[1].strokeColor  # one series, one colour
    legend = drawing.contents[-1]
    assert len(legend.colorNamePairs) == 1


def test_the_pdf_reports_chart_draws_a_day_written_twice_once_at_its_mean() -> None:
    from backstride.web.report_pdf import _chart_drawing, _Text

    start = date(2026, 10, 1)
    points = [(start, 2.0), (start, 6.0), (date.fromordinal(start.toordinal() + 1), 3.0)]
    chart = {"id": "pain-chart", "series": [Series("Pain", points)], "headers": ["Day", "Pain (0-10)"]}
    plot = _chart_drawing(chart, _Text()).contents[0]
    assert plot.data == [[(start.toordinal(), 4.0), (start.toordinal() + 1, 3.0)]]  # as the page draws it
