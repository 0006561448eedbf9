"""Diary trends: weekly means and whether pain and walking tolerance changed by an amount that matters."""

from __future__ import annotations

from datetime import date, timedelta

from backstride.diary.entries import DiaryEntryValues
from backstride.diary.trends import WALKING_CHANGE_NOTE, pain_trend, walking_tolerance_trend, weekly_means

AS_OF = date(2026, 11, 20)  # a Friday


def day(offset: int, pain: int, minutes: float | None = None) -> DiaryEntryValues:
    return DiaryEntryValues(AS_OF - timedelta(days=offset), pain, minutes)


def test_weekly_means_one_row_per_week_oldest_first_with_empty_weeks() -> None:
    entries = [day(0, 2, 20), day(1, 4, 10), day(10, 6, None)]
    rows = weekly_means(entries, as_of=AS_OF, weeks=3)
    assert [r.week_start for r in rows] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert all(r.week_start.weekday() == 0 for r in rows)
    assert [r.n_entries for r in rows] == [0, 1, 2]
    assert [r.pain_mean_0_10 for r in rows] == [None, 6.0, 3.0]
    assert [r.walking_tolerance_mean_min for r in rows] == [None, None, 15.0]


def test_entries_outside_the_weeks_are_left_out() -> None:
    rows = weekly_means([day(100, 9, 1), day(-7, 9, 1)], as_of=AS_OF, weeks=4)
    assert sum(r.n_entries for r in rows) == 0


def test_pain_down_two_points_is_improving() -> None:
    entries = [day(27, 6), day(25, 6), day(2, 4), day(0, 4)]
    trend = pain_trend(entries, as_of=AS_OF)
    assert trend.direction == "improving"
    assert trend.start_mean == 6.0 and trend.end_mean == 4.0 and trend.change == -2.0
    assert "[E5]" in trend.explanation


def test_pain_down_thirty_percent_from_a_low_start_is_improving() -> None:
    trend = pain_trend([day(27, 3), day(0, 2)], as_of=AS_OF)  # -1 point but -33%
    assert trend.direction == "improving"


def test_small_pain_changes_are_stable_and_rises_are_worsening() -> None:
    assert pain_trend([day(27, 7), day(0, 6)], as_of=AS_OF).direction == "stable"  # -1 point, -14%
    assert pain_trend([day(27, 4), day(0, 6)], as_of=AS_OF).direction == "worsening"


def test_no_first_or_last_week_means_not_enough_data() -> None:
    assert pain_trend([day(0, 5), day(1, 5)], as_of=AS_OF).direction == "not_enough_data"
    assert pain_trend([day(27, 5)], as_of=AS_OF).direction == "not_enough_data"
    assert (
        walking_tolerance_trend([day(27, 5, None), day(0, 5, 10)], as_of=AS_OF).direction == "not_enough_data"
    )


def test_walking_tolerance_up_thirty_percent_is_improving() -> None:
    trend = walking_tolerance_trend([day(27, 5, 10), day(26, 5, 10), day(0, 5, 14)], as_of=AS_OF)
    assert trend.direction == "improving" and trend.change == 4.0
    assert walking_tolerance_trend([day(27, 5, 10), day(0, 5, 12)], as_of=AS_OF).direction == "stable"
    assert walking_tolerance_trend([day(27, 5, 10), day(0, 5, 6)], as_of=AS_OF).direction == "worsening"
    assert walking_tolerance_trend([day(27, 5, 0), day(0, 5, 3)], as_of=AS_OF).direction == "improving"


def test_trends_serialise_to_plain_json() -> None:
    data = walking_tolerance_trend([day(27, 5, 10), day(0, 5, 14)], as_of=AS_OF).to_dict()
    assert data["window_end"] == "2026-11-20" and data["measure"] == "walking_tolerance_min"


def test_pain_up_exactly_two_points_in_means_that_do_not_add_up_in_floats_is_worsening() -> None:
    # 5, 8, 7 -> 8, 9, 9: means 6.67 and 8.67, exactly 2 points; in floats 1.9999999999999991
    entries = [day(27, 5), day(26, 8), day(25, 7), day(2, 8), day(1, 9), day(0, 9)]
    trend = pain_trend(entries, as_of=AS_OF)
    assert trend.change == 2.0
    assert trend.direction == "worsening"


def test_pain_down_exactly_thirty_percent_in_means_is_improving() -> None:
    # means 10/3 and 13/3 (up 1 point, exactly 30% of the start): floats say 0.2999...
    entries = [day(27, 6), day(26, 4), day(25, 1), day(24, 5), day(23, 3), day(22, 1)]
    entries += [day(5, 8), day(4, 6), day(3, 3), day(2, 2), day(1, 3), day(0, 4)]
    trend = pain_trend(entries, as_of=AS_OF)
    assert trend.direction == "worsening"


def test_walking_tolerance_up_exactly_thirty_percent_with_decimal_minutes_is_improving() -> None:
    # 7 -> 9.1 minutes is 30% more; in floats 2.0999999999999996 / 7 = 0.29999999999999993
    trend = walking_tolerance_trend([day(27, 3, 7.0), day(0, 3, 9.1)], as_of=AS_OF)
    assert trend.direction == "improving"


def test_walking_tolerance_words_say_the_30_percent_is_borrowed_and_cite_it() -> None:
    # every clinical statement cites its source; no study sets a change that matters for walking time
    for minutes_now in (9.1, 4.0, 7.5):
        trend = walking_tolerance_trend([day(27, 3, 7.0), day(0, 3, minutes_now)], as_of=AS_OF)
        assert trend.explanation.endswith(WALKING_CHANGE_NOTE)
    assert "[E5]" in WALKING_CHANGE_NOTE and "No study" in WALKING_CHANGE_NOTE


def test_not_enough_data_names_the_two_weeks_by_their_days() -> None:
    # "we need entries from the first and the last week" did not say which weeks: a diary begun on
    # 12 Nov, written every day to the 26th, read it as its own first week (new-user test)
    # (a diary begun in the first week: one begun after it is told of its own weeks, below)
    as_of = date(2026, 11, 26)
    entries = [DiaryEntryValues(date(2026, 11, 1) + timedelta(days=i), 4, 10) for i in range(15)]
    trend = pain_trend(entries, as_of=as_of)
    assert trend.direction == "not_enough_data"
    assert "(30 Oct to 5 Nov and 20 to 26 Nov)" in trend.explanation
    walk = walking_tolerance_trend(entries, as_of=as_of)
    assert "(30 Oct to 5 Nov and 20 to 26 Nov)" in walk.explanation
    begun_later = [DiaryEntryValues(date(2026, 11, 12) + timedelta(days=i), 4, 10) for i in range(15)]
    said = pain_trend(begun_later, as_of=as_of).explanation
    assert "Oct" not in said and "add a day from 27 Nov to 3 Dec," in said and "show from 3 Dec" in said


def test_a_diary_begun_after_the_first_week_says_when_a_trend_can_first_show() -> None:
    # a diary begun on 20 Nov and written every day to the 27th was told it needs entries from
    # 31 Oct to 6 Nov, a week before it began, and nothing said when a trend could come (new-user
    # test, helper U): the first week holds the 20th when the last week ends on 11 Dec (20 + 21 days).
    # Then it still named 31 Oct to 6 Nov before saying so: only weeks it can still write in now
    as_of = date(2026, 11, 27)
    entries = [DiaryEntryValues(date(2026, 11, 20) + timedelta(days=i), 4, 10) for i in range(8)]
    pain = pain_trend(entries, as_of=as_of)
    assert pain.direction == "not_enough_data"
    assert pain.explanation == (
        "Keep writing your diary: add a day from 5 to 11 Dec, and a trend can show from 11 Dec."
    )
    walk = walking_tolerance_trend(entries, as_of=as_of)
    assert walk.direction == "not_enough_data"
    assert walk.explanation == (
        "Keep noting how long you walk before symptoms: add a day from 5 to 11 Dec, and a trend can show "
        "from 11 Dec."
    )
    for trend in (pain, walk):
        assert "Oct" not in trend.explanation and "6 Nov" not in trend.explanation
    # walking minutes first noted later than pain: their own first day counts
    later = [DiaryEntryValues(date(2026, 11, 20), 5, None), DiaryEntryValues(date(2026, 11, 24), 4, 8)]
    assert "from 11 Dec" in pain_trend(later, as_of=as_of).explanation  # 20 Nov + 21 days
    walk_words = walking_tolerance_trend(later, as_of=as_of).explanation
    assert walk_words.endswith("add a day from 9 to 15 Dec, and a trend can show from 15 Dec.")
    # no minutes noted yet: no week before it began either
    none_yet = walking_tolerance_trend([DiaryEntryValues(date(2026, 11, 20), 5, None)], as_of=as_of)
    assert none_yet.explanation == (
        "Keep noting how long you walk before symptoms: a trend can show 3 weeks after the first day you "
        "write it down."
    )


def test_a_diary_begun_before_the_window_or_in_its_first_week_says_no_start_day() -> None:
    as_of = date(2026, 11, 27)
    older = [DiaryEntryValues(date(2026, 9, 1), 6, 5), DiaryEntryValues(date(2026, 11, 26), 4, 10)]
    in_first_week = [DiaryEntryValues(date(2026, 11, 2), 6, 5)]  # the last week is what is missing
    for entries in (older, in_first_week):
        for trend in (pain_trend(entries, as_of=as_of), walking_tolerance_trend(entries, as_of=as_of)):
            assert trend.direction == "not_enough_data" and "began on" not in trend.explanation
