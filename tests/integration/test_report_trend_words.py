"""The report's diary trends are said to the clinician: which weeks were compared and the means, then
the words the diary shows the person. They read "Keep writing your diary" and "Your pain has gone down"
with no weeks and no numbers, in a report about "the person"."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

from backstride.core.dates import day_words
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.report import render_report, report_view


def _records(tmp_path: Path) -> Records:
    return Records(Database(sqlite_url(tmp_path / "r.sqlite3")).migrate())


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_trend_says_its_weeks_and_means_then_the_persons_words(tmp_path: Path) -> None:
    records = _records(tmp_path)
    today = records.today()
    for offset, pain, minutes in ((27, 6, 10.0), (26, 6, 10.0), (1, 4, 15.0), (0, 4, 15.0)):
        day = (today - timedelta(days=offset)).isoformat()
        records.add_diary_entry(entry_date=day, pain_0_10=pain, walking_tolerance_min=minutes)
    start, end = day_words(today - timedelta(days=27)), day_words(today)
    text = _text(render_report(records))
    assert f"Pain (0-10): mean 6 in the first week of the four from {start} to {end}, 4 in the last." in text
    assert "The diary tells the person: “Your pain has gone down by an amount that matters" in text
    # in the words of the weekly table and the chart ("10 min", "56 s"), not "mean 10" or "0.93"
    assert "Time walked before the pain starts: mean 10 min in the first week" in text
    assert f"{day_words(today)}, 15 min in the last." in text


def test_no_trend_yet_is_said_to_the_clinician(tmp_path: Path) -> None:
    records = _records(tmp_path)
    records.add_diary_entry(entry_date=records.today().isoformat(), pain_0_10=5)
    trends = [t["explanation"] for t in report_view(records)["diary"]["trends"]]
    assert trends[0].startswith(
        "Pain (0-10): no trend yet; it needs diary entries in the first and the last week"
    )
    assert not any("Keep writing your diary" in t or "Keep noting" in t for t in trends)


def test_the_weekly_table_says_the_time_walked_as_the_diary_chart_does(tmp_path: Path) -> None:
    # a week's mean of 56 s read "0.9" in a column of minutes, under a chart whose caption says "56 s"
    # (and "54 s" when said in seconds: the mean was rounded to a tenth of a minute, 6 s)
    records = _records(tmp_path)
    entry = {"pain_0_10": 4, "walking_tolerance_min": 56 / 60}
    records.add_diary_entry(entry_date=records.today().isoformat(), **entry)
    view = report_view(records)
    assert view["diary"]["weekly"][-1]["minutes"] == "56 s"
    text = _text(render_report(records))
    assert "Time walked before the pain starts" in text and "1 4 56 s" in text
    assert "(56 s)" in text  # the chart's caption


def test_the_weekly_table_says_a_day_with_two_entries_counts_once(tmp_path: Path) -> None:
    # entries 7 and 3 on one day and 6 on another: the CSV's three rows make a mean of 5.3, the report's
    # day means (5 and 6) 5.5, and the weekly table gave no word why
    records = _records(tmp_path)
    today = records.today()
    for offset, pain in ((0, 7), (0, 3), (1, 6)):
        records.add_diary_entry(entry_date=(today - timedelta(days=offset)).isoformat(), pain_0_10=pain)
    text = _text(render_report(records))
    assert (
        "the mean of the diary's numbers (a day with two or more entries counts once, at their mean)" in text
    )
    records.delete_diary_entry(next(e.id for e in records.list_diary_entries() if e.pain_0_10 == 3))
    assert "counts once" not in _text(render_report(records))


def test_the_walks_table_says_its_order_and_when_each_was_sent_as_the_walks_page(tmp_path: Path) -> None:
    # a lab walk of 10 Dec 2020 sent after a phone walk sent today stood first under "Every walk, newest
    # first" with only its 2020 day: the table is in the order sent, as the Walks page says it ("the
    # last one sent first", "(sent ...)")
    from tests.conftest import FORMATS, MOBILISED_LAB

    records = _records(tmp_path)
    phone = FORMATS / "phyphox/lucadomene__DFB_Lab04_GaitAnalysis/Accelerometer.csv"
    records.upload_walk(phone.name, phone.read_bytes(), height_cm=172)
    lab = MOBILISED_LAB / "original/data/lab/HA/001/data.mat"
    records.upload_walk("data.mat", lab.read_bytes(), height_cm=172, trial="Test5/Trial1")
    text = _text(render_report(records))
    table = text[text.index("Every walk, the last one sent first") :]
    assert table.startswith("Every walk, the last one sent first Walked on Walking")
    first = table[table.index("Sent by") + len("Sent by") :].strip()
    assert first.startswith("10 Dec 2020, ") and first.index("(sent ") < first.index(" 7 s 12 ")
