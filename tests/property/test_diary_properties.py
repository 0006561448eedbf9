"""Diary trends: invariants over random diaries (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.diary.entries import DiaryEntryValues
from backstride.diary.trends import pain_trend, walking_tolerance_trend, weekly_means

AS_OF = date(2026, 11, 20)

entries_strategy = st.lists(
    st.builds(
        DiaryEntryValues,
        entry_date=st.integers(min_value=-10, max_value=120).map(lambda d: AS_OF - timedelta(days=d)),
        pain_0_10=st.integers(min_value=0, max_value=10),
        walking_tolerance_min=st.one_of(st.none(), st.floats(min_value=0, max_value=600)),
    ),
    max_size=60,
)


@given(entries_strategy, st.integers(min_value=1, max_value=20))
@settings(max_examples=200, deadline=None)
def test_weekly_means_count_every_entry_in_range_once(entries, weeks) -> None:
    rows = weekly_means(entries, as_of=AS_OF, weeks=weeks)
    first, last = rows[0].week_start, rows[-1].week_start + timedelta(days=6)
    assert len(rows) == weeks
    assert sum(r.n_entries for r in rows) == sum(first <= e.entry_date <= last for e in entries)
    for row in rows:
        if row.pain_mean_0_10 is not None:
            assert 0 <= row.pain_mean_0_10 <= 10
        if row.walking_tolerance_mean_min is not None:
            assert 0 <= row.walking_tolerance_mean_min <= 600


@given(entries_strategy, st.integers(min_value=-400, max_value=400))
@settings(max_examples=200, deadline=None)
def test_trends_depend_on_dates_only_relative_to_as_of(entries, shift_days) -> None:
    """Time is an input: moving every entry and ``as_of`` together changes nothing but the dates."""
    shift = timedelta(days=shift_days)
    moved = [DiaryEntryValues(e.entry_date + shift, e.pain_0_10, e.walking_tolerance_min) for e in entries]
    for trend in (pain_trend, walking_tolerance_trend):
        a = trend(entries, as_of=AS_OF)
        b = trend(moved, as_of=AS_OF + shift)
        numbers = (a.direction, a.start_mean, a.end_mean, a.change)
        assert numbers == (b.direction, b.start_mean, b.end_mean, b.change)


@given(entries_strategy)
@settings(max_examples=200, deadline=None)
def test_pain_going_the_other_way_flips_the_direction(entries) -> None:
    mirrored = [DiaryEntryValues(e.entry_date, 10 - e.pain_0_10, e.walking_tolerance_min) for e in entries]
    a = pain_trend(entries, as_of=AS_OF)
    b = pain_trend(mirrored, as_of=AS_OF)
    if a.change is not None and abs(a.change) >= 2:  # an important change by the 2-point rule [E5]
        flipped = {"improving": "worsening", "worsening": "improving"}
        assert b.direction == flipped[a.direction]
    assert (a.direction == "not_enough_data") == (b.direction == "not_enough_data")
