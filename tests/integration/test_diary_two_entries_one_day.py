"""Two diary entries on one day (an entry has a day, not a time: a morning and an evening, or a second
thought): both are kept, listed and exported as written, and every summary counts the day once, at
the mean of its entries: weekly means, trends, the charts (one point, with a note), the report's
weeks. The command says the day already had an entry and how to change it instead. A database that
already holds such days keeps working."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.diary.entries import DiaryEntryValues
from backstride.diary.trends import day_means, pain_trend, walking_tolerance_trend, weekly_means
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.charts import SAME_DAY_NOTE, Series, time_series_svg

AS_OF = date(2026, 11, 20)  # a Friday


def _day(offset: int, pain: int, minutes: float | None = None) -> DiaryEntryValues:
    return DiaryEntryValues(AS_OF - timedelta(days=offset), pain, minutes)


def test_a_day_written_twice_counts_once_in_the_weekly_means() -> None:
    # Thursday written twice (pain 10 and 10, 5 minutes once), Friday once (pain 0, 20 minutes)
    entries = [_day(1, 10, 5), _day(1, 10), _day(0, 0, 20)]
    (week,) = weekly_means(entries, as_of=AS_OF, weeks=1)
    assert week.n_entries == 3  # every entry is counted ...
    assert week.pain_mean_0_10 == 5.0  # ... but the mean is of days: (10 + 0) / 2, not 20 / 3
    assert week.walking_tolerance_mean_min == 12.5
    assert [
        (d.entry_date, d.pain_0_10, d.walking_tolerance_min, d.n_entries) for d in day_means(entries)
    ] == [
        (AS_OF - timedelta(days=1), 10.0, 5.0, 2),
        (AS_OF, 0.0, 20.0, 1),
    ]


def test_a_day_written_twice_counts_once_in_the_trends() -> None:
    # first week: one day at pain 8 written three times, one day at pain 2; last week: pain 5.
    # By days: 5 -> 5, no change. By entries it read 6.5 -> 5, 'improving' by 1.5 (23%): wrong.
    entries = [_day(27, 8, 10), _day(27, 8, 10), _day(27, 8, 10), _day(26, 2, 30), _day(1, 5, 20)]
    pain = pain_trend(entries, as_of=AS_OF)
    assert (pain.start_mean, pain.end_mean, pain.direction) == (5.0, 5.0, "stable")
    walking = walking_tolerance_trend(entries, as_of=AS_OF)
    assert (walking.start_mean, walking.end_mean, walking.direction) == (20.0, 20.0, "stable")


def test_the_chart_draws_a_day_once_at_its_mean_and_says_so() -> None:
    points = [(AS_OF - timedelta(days=1), 2.0), (AS_OF - timedelta(days=1), 6.0), (AS_OF, 3.0)]
    svg = str(time_series_svg([Series("Pain", points)], chart_id="c", title="t", desc="d", y_label="Pain"))
    drawn = re.findall(r'class="point" data-date="([0-9-]+)" data-value="([0-9.]+)"', svg)
    assert drawn == [((AS_OF - timedelta(days=1)).isoformat(), "4"), (AS_OF.isoformat(), "3")]
    assert SAME_DAY_NOTE in svg and 'class="chart-note"' in svg
    one_each = str(
        time_series_svg([Series("Pain", points[1:])], chart_id="c", title="t", desc="d", y_label="P")
    )
    assert SAME_DAY_NOTE not in one_each


def test_the_command_keeps_both_and_says_how_to_change_the_first(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "d.sqlite3")
    runner = CliRunner()
    day = (date.today() - timedelta(days=1)).isoformat()
    first = runner.invoke(app, ["diary", "add", "--pain", "6", "--date", day, "--db", url])
    assert first.exit_code == 0 and "already had" not in first.output
    second = runner.invoke(
        app, ["diary", "add", "--pain", "2", "--date", day, "--notes", "evening", "--db", url]
    )
    assert second.exit_code == 0, second.output
    records = Records(Database(url))
    kept = records.list_diary_entries()
    assert [(e.pain_0_10, e.notes) for e in kept] == [(6, ""), (2, "evening")]
    assert f"This day already had an entry ({kept[0].id}). Both are kept" in second.output
    assert f"backstride diary edit {kept[0].id}" in second.output


def test_a_database_with_days_written_twice_keeps_working(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    path = tmp_path / "kept.sqlite3"
    records = Records(Database(sqlite_url(path)).migrate())
    day = date.today() - timedelta(days=2)
    for pain in (8, 4):
        records.add_diary_entry(entry_date=day.isoformat(), pain_0_10=pain)
    progress = records.progress(weeks=2)
    assert len(progress["entries"]) == 2  # nothing dropped
    assert [w["pain_mean_0_10"] for w in progress["weekly"] if w["n_entries"]] == [6.0]
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        page = client.get("/diary")
        report = client.get("/report")
    assert page.status_code == 200 and SAME_DAY_NOTE in page.text
    assert report.status_code == 200


def test_a_third_entry_on_a_day_names_which_of_the_others_to_change(tmp_path: Path) -> None:
    # found by a new-user test (helper U): a third entry read "To change the other one instead:
    # backstride diary edit 1 ...", though the day had two others (1, 2)
    url = sqlite_url(tmp_path / "d.sqlite3")
    runner = CliRunner()
    day = (date.today() - timedelta(days=1)).isoformat()
    for pain in ("6", "4"):
        assert runner.invoke(app, ["diary", "add", "--pain", pain, "--date", day, "--db", url]).exit_code == 0
    third = runner.invoke(app, ["diary", "add", "--pain", "2", "--date", day, "--db", url])
    assert third.exit_code == 0, third.output
    first, second = (e.id for e in Records(Database(url)).list_diary_entries()[:2])
    said = " ".join(third.output.split())
    assert f"This day already had entries ({first}, {second}). All are kept" in said
    assert "the other one" not in said
    assert (
        f"To change one of the others instead: backstride diary edit N ... (N is {first} or {second})" in said
    )
