"""The diary page with many entries: the newest ``DIARY_SHOWN`` entries, and the charts of their
days, with a link to show them all (5,000 entries made a page of 4.7 MB: benchmarks/bench_diary_page)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.pages import DIARY_SHOWN
from backstride.web.settings import Settings

TODAY = date.today()
N = DIARY_SHOWN + 10
LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


def _day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("many") / "many.sqlite3"
    records = Records(Database(sqlite_url(path)).migrate())
    for days_ago in range(N - 1, -1, -1):  # one a day, the oldest first; the notes name the day
        records.add_diary_entry(
            entry_date=_day(days_ago).isoformat(), pain_0_10=days_ago % 11, notes=f"day {days_ago} ago"
        )
    long_ago = datetime.combine(_day(N - 2), datetime.min.time(), UTC) + timedelta(hours=12)
    then = Records(records.db, clock=lambda: long_ago)  # a walk sent on a day older than those shown
    then.upload_walk("imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s")
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as c:
        yield c


def _rows(page: str, caption: str) -> list[str]:
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert table is not None, caption
    return [
        day.replace("\xa0", " ") for day in re.findall(r"<tr><th scope=\"row\">([^<]+)</th>", table.group(1))
    ]


def _text(page: str) -> str:
    return re.sub(r"\s+([.,])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_page_shows_the_newest_entries_and_the_charts_of_their_days(client) -> None:
    page = client.get("/diary").text
    days = _rows(page, "Diary entries, newest first")
    assert days == [day_words(_day(i)) for i in range(DIARY_SHOWN)]
    assert f"day {DIARY_SHOWN} ago" not in page  # the older entries are not on the page
    assert _rows(page, "Pain (0 to 10): the numbers") == [
        day_words(_day(i)) for i in reversed(range(DIARY_SHOWN))
    ]
    pain_chart = page.split('id="pain-chart"', 1)[1].split("</svg>", 1)[0]
    assert pain_chart.count('<g class="point"') == DIARY_SHOWN
    text = _text(page)
    assert f"Here are your newest {DIARY_SHOWN} entries of {N}. Show all your entries." in text
    assert f"The charts show the days of your newest {DIARY_SHOWN} entries." in text
    assert 'href="/diary?all=1#entries-heading"' in page


def test_show_all_shows_every_entry_and_every_chart_point(client) -> None:
    page = client.get("/diary?all=1").text
    assert _rows(page, "Diary entries, newest first") == [day_words(_day(i)) for i in range(N)]
    assert len(_rows(page, "Pain (0 to 10): the numbers")) == N
    assert f"Here are all your {N} entries. Show only the newest ones." in _text(page)
    assert "The charts show the days of your newest" not in page


def test_a_saved_day_older_than_those_shown_says_where_it_is(client) -> None:
    old = _day(N - 1)
    text = _text(client.get(f"/diary?saved={old.isoformat()}").text)
    assert f"Saved: the entry for {day_words(old)}. It is older than the entries shown here" in text
    new = _text(client.get(f"/diary?saved={TODAY.isoformat()}").text)
    assert f"Saved: the entry for {day_words(TODAY)}. It is in your entries below." in new


def test_the_trends_still_read_every_entry(client) -> None:
    # what seems to help and the trends are worked out from every entry, as before
    page = client.get("/diary").text
    assert page.count('<ul class="trends">') == 1


def test_a_walk_older_than_the_days_shown_is_not_said_to_be_missing(client) -> None:
    text = _text(client.get("/diary").text)
    assert "No walks yet" not in text
    assert "No walks on these days. Show all your entries to see your older walks." in text
    everything = client.get("/diary?all=1").text
    assert everything.count('<g class="point"', everything.index('id="speed-chart"')) >= 1
