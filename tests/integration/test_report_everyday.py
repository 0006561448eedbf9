"""Everyday walking in the report for a clinician (HTML ``/report`` and its PDF): the medians of the
stored days over the last 4 weeks, the 4 before and all the report's weeks, with the days each rests
on, the device, what each measure means with its sources (the /everyday page's own words), and walking
speed against the healthy adult norms [D1]. A person without everyday days gets the report they got
before (no section, the same sources), and the PDF and the page cite the same sources.

The days are imported through the app's use case (``Everyday.import_file``) from an export.xml made
here, on SQLite and PostgreSQL (``records``); the clock is fixed so the periods are known.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from statistics import median
from typing import Any

import pypdf
from fastapi.testclient import TestClient
from sqlalchemy import delete
from tests.integration.test_everyday import health_xml
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.everyday import Everyday
from backstride.services.records import Records
from backstride.storage.models import EverydayWalkingDay
from backstride.web.app import create_app
from backstride.web.everyday_words import MEASURES, in_report, on_page
from backstride.web.report import cited_keys, render_report, report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
TODAY = date(2026, 11, 20)
RECENT = (TODAY - timedelta(days=27), TODAY)  # the last 4 weeks
BEFORE = (TODAY - timedelta(days=55), TODAY - timedelta(days=28))  # the 4 weeks before
SINCE = date(2026, 8, 31)  # the Monday 11 weeks before this week's: the report's 12 weeks


def _export(today: date = TODAY) -> bytes:
    """80 days to ``today`` (steps every day, speed and step length every third day, asymmetry on a
    few) and one day in June 2026, outside every period."""
    rows: list[tuple[str, str, float, str]] = [("StepCount", "2026-06-01", 9000, "count")]
    for i in range(80):
        day = (today - timedelta(days=i)).isoformat()
        rows.append(("StepCount", day, 2000 + (i * 53) % 3000, "count"))
        if i % 3 == 0:
            rows.append(("WalkingSpeed", day, 3.6 + (i % 7) * 0.1, "km/hr"))
            rows.append(("WalkingStepLength", day, 60 + (i % 5), "cm"))
        if i % 10 == 0:
            rows.append(("WalkingAsymmetryPercentage", day, 0.02 * (1 + i % 4), "%"))
    return health_xml(*rows)


def _records(records: Records) -> Records:
    return Records(records.db, clock=lambda: NOW)


def _text(html: str) -> str:
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _pdf_words(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _median(records: Records, column: str, start: date, end: date) -> tuple[float, int]:
    values = [
        float(getattr(d, column))
        for d in Everyday(records).list_days(start=start, end=end)
        if getattr(d, column) is not None
    ]
    return median(values), len(values)


def test_the_report_gives_the_medians_of_the_stored_days_and_the_days_each_rests_on(
    records: Records,
) -> None:
    records = _records(records)
    Everyday(records).import_file("export.xml", _export())
    view = report_view(records, generated_at=NOW)
    everyday = view["everyday"]
    headings = [p["heading"] for p in everyday["periods"]]
    assert headings == [
        "Last 4 weeks (24 Oct to 20 Nov 2026; 28 days)",
        "The 4 weeks before (26 Sep to 23 Oct 2026; 28 days)",
        "All 12 weeks of the report (31 Aug to 20 Nov 2026; 80 days)",
    ]
    # on a phone each value of the table says its period (table.stack in app.css)
    assert f'<td class="num" data-label="{headings[0]}">' in render_report(records, generated_at=NOW)
    rows = {r["name"]: r["cells"] for r in everyday["rows"]}
    # double support and the six-minute walk were never measured: no row of dashes for them
    assert list(rows) == ["Steps per day", "Walking speed (m/s)", "Step length (m)", "Asymmetry (%)"]
    for name, column, shown in (
        ("Steps per day", "steps", lambda v: f"{round(v):,}"),
        ("Walking speed (m/s)", "walking_speed_mps", lambda v: f"{v:.2f}".rstrip("0").rstrip(".")),
        ("Step length (m)", "step_length_m", lambda v: f"{v:.2f}".rstrip("0").rstrip(".")),
        ("Asymmetry (%)", "asymmetry_fraction", lambda v: f"{v * 100:.1f}".rstrip("0").rstrip(".")),
    ):
        for cell, (start, end) in zip(rows[name], (RECENT, BEFORE, (SINCE, TODAY)), strict=True):
            value, n = _median(records, column, start, end)
            assert cell == f"{shown(value)} ({n} day{'' if n == 1 else 's'})", (name, start)
    # by hand: the last 28 days have 2000 + 53 i steps (i = 0..27), the median 2000 + 53 * 13.5 = 2715.5
    assert rows["Steps per day"][0] == "2,716 (28 days)"
    one_week = report_view(records, weeks=1, generated_at=NOW)["everyday"]["periods"]
    assert one_week[2]["heading"] == "All 1 week of the report (16 Nov to 20 Nov 2026; 5 days)"
    html = _text(render_report(records, generated_at=NOW))
    assert "81 days of everyday walking from Apple Health, from 1 Jun 2026 to 20 Nov 2026" in html
    assert "steps counted by Jo iPhone (80 days)" in html  # the device, over the days shown
    assert "Steps per day 2,716 (28 days)" in html


def test_each_measure_means_what_the_everyday_page_says_with_its_sources(
    records: Records, database_url: str
) -> None:
    records = _records(records)
    Everyday(records).import_file("export.xml", _export())
    html = render_report(records, generated_at=NOW)
    text = _text(html)
    speed = next(m for m in MEASURES if m.key == "walking_speed_mps")
    assert f"Walking speed (m/s): {in_report(speed.meaning)}" in text
    assert "slower with age [D1]. Back pain and a narrow spinal canal often slow people down [D6]." in text
    assert (
        "the longest walk of each day matched the walking test better than the day's total steps did [D7]"
        in text
    )
    assert {"D1", "D6", "D7"} <= set(cited_keys(html))
    # the page says the same sentences, its own way: "(source: D1)"
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = _text(client.get("/everyday").text)
    for measure in MEASURES:
        assert on_page(measure.meaning) in page
    assert "slower with age (source: D1)" in page


def test_walking_speed_is_set_against_the_healthy_adult_norms(records: Records) -> None:
    records = _records(records)
    Everyday(records).import_file("export.xml", _export())
    text = _text(render_report(records, generated_at=NOW))
    value, _ = _median(records, "walking_speed_mps", *RECENT)
    assert 0.943 <= value <= 1.434  # 3.6 to 4.2 km/h
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    assert (
        f"The median walking speed of the last 4 weeks, {shown} m/s, is within the range of the averages "
        "of healthy adults by age and sex (0.94 to 1.43 m/s) [D1]." in text
    )
    slow = health_xml(  # every day with a speed in the last 4 weeks, slower: updated
        *(("WalkingSpeed", (TODAY - timedelta(days=i)).isoformat(), 2.5, "km/hr") for i in range(0, 28, 3))
    )
    Everyday(records).import_file("export.xml", slow)
    text = _text(render_report(records, generated_at=NOW))
    assert (
        "The median walking speed of the last 4 weeks, 0.69 m/s, is slower than the average of every" in text
    )
    just_under = health_xml(  # 0.9425 m/s: just under the slowest average, 0.943 m/s
        *(("WalkingSpeed", (TODAY - timedelta(days=i)).isoformat(), 3.393, "km/hr") for i in range(0, 28, 3))
    )
    Everyday(records).import_file("export.xml", just_under)
    text = _text(render_report(records, generated_at=NOW))
    assert (  # it read "0.94 m/s, is slower than ... (women aged 80 to 99: 0.94 m/s)"
        "The median walking speed of the last 4 weeks, 0.9425 m/s, is slower than the average of every age "
        "and sex group of healthy adults, even the slowest (women aged 80 to 99: 0.9430 m/s) [D1]." in text
    )
    fast = health_xml(
        *(("WalkingSpeed", (TODAY - timedelta(days=i)).isoformat(), 6.0, "km/hr") for i in range(0, 28, 3))
    )
    Everyday(records).import_file("export.xml", fast)
    text = _text(render_report(records, generated_at=NOW))
    assert (
        "The median walking speed of the last 4 weeks, 1.67 m/s, is faster than the average of every age and "
        "sex group of healthy adults (up to 1.43 m/s) [D1]. backstride does not keep the person's age or sex"
        in text
    )


def test_days_outside_the_reports_weeks_are_counted_and_said_not_shown(records: Records) -> None:
    records = _records(records)
    Everyday(records).import_file("export.xml", health_xml(("StepCount", "2025-01-05", 4100, "count")))
    view = report_view(records, generated_at=NOW)
    assert view["everyday"]["in_periods"] is False
    text = _text(render_report(records, generated_at=NOW))
    assert "1 day of everyday walking from Apple Health, from 5 Jan 2025 to 5 Jan 2025." in text
    assert "No everyday walking in these weeks. The newest day is 5 Jan 2025." in text
    assert "4,100" not in text


def test_days_with_only_a_distance_give_no_empty_table_and_name_no_step_counter(records: Records) -> None:
    records = _records(records)  # Apple Health keeps a distance without steps (a bike app, say)
    distance = health_xml(("DistanceWalkingRunning", (TODAY - timedelta(days=3)).isoformat(), 1.5, "km"))
    Everyday(records).import_file("export.xml", distance)
    view = report_view(records, generated_at=NOW)
    assert view["everyday"]["rows"] == [] and view["everyday"]["in_periods"] is False
    html = render_report(records, generated_at=NOW)
    text = _text(html)
    assert "1 day of everyday walking from Apple Health, from 17 Nov 2026 to 17 Nov 2026." in text
    assert "steps counted by" not in text  # no step was counted
    assert "<table" not in html.split('id="everyday-heading"')[1].split("</section>")[0]
    assert "What each measure means" not in text
    said = "These weeks have no steps, walking speed or other measure this report shows (only the distance)."
    assert said in text
    words = _pdf_words(build_pdf(view))
    assert said in words and "What each measure means" not in words


def test_a_person_without_everyday_days_gets_the_report_they_got_before(records: Records) -> None:
    records = _records(records)
    records.add_diary_entry(entry_date=TODAY.isoformat(), pain_0_10=4, walking_tolerance_min=12.0, notes="")
    before = render_report(records, generated_at=NOW)
    assert report_view(records, generated_at=NOW)["everyday"] is None
    assert "Everyday walking" not in before and "everyday-heading" not in before
    Everyday(records).import_file("export.xml", _export())
    with_days = render_report(records, generated_at=NOW)
    assert "Everyday walking, from the phone" in with_days
    with records.db.session(write=True) as session:
        session.execute(delete(EverydayWalkingDay))
    assert render_report(records, generated_at=NOW) == before  # nothing else changed, byte for byte


def test_the_pdf_says_the_same_numbers_and_cites_the_same_sources_as_the_page(records: Records) -> None:
    records = _records(records)
    Everyday(records).import_file("export.xml", _export())
    for i in range(8):  # relief steps tried too (test_report_steps has more of them)
        tried = ["slower_pace"] if i % 2 else []
        records.add_diary_entry(
            entry_date=(TODAY - timedelta(days=i)).isoformat(), pain_0_10=3 + i % 2, tried=tried
        )
    view: dict[str, Any] = report_view(records, generated_at=NOW)
    words = _pdf_words(build_pdf(view))
    assert "Everyday walking, from the phone" in words
    steps = view["diary"]["steps"]
    assert steps["helps"] == [
        "On the 4 days they slowed down, their pain was 4 in the middle; on the 4 other days, 3."
    ]
    for said in (steps["intro"], steps["helps_intro"], *steps["helps"], steps["cannot_show"]):
        assert said in words  # what seems to help, in the page's words
    assert "Slow down 4 days" in words
    for row in view["everyday"]["rows"]:
        assert f"{row['name']}: {row['meaning']}" in words  # what it means, in the same words
        for cell in row["cells"]:
            assert cell in words
    body, listed = words.split("Every source cited above", 1)
    pdf_keys = set(re.findall(r"\b([A-F]\d{1,2}):", listed))
    html_keys = set(cited_keys(render_report(records, generated_at=NOW)))
    assert pdf_keys == html_keys == {r["key"] for r in view["references"]}
    assert {"D1", "D6", "D7"} <= pdf_keys
    page = render_report(records, generated_at=NOW).replace("\u00a0", " ")  # a number and its unit: no-break
    assert all(said in page for said in steps["helps"]) and "What the person tried" in page
    assert set(re.findall(r"\b([A-F]\d{1,2})\b", body)) == pdf_keys
    assert "Not a diagnosis" in words


def every_way_to_the_report(database_url: str, tmp_path: Any) -> tuple[str, str, str]:
    """The report's words as ``/report``, ``/report.pdf`` and ``backstride report --out`` give them."""
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        page = _text(client.get("/report").text)
        pdf = client.get("/report.pdf")
    assert pdf.status_code == 200
    out = tmp_path / "report.html"
    written = CliRunner().invoke(cli_app, ["report", "--db", database_url, "--out", str(out)])
    assert written.exit_code == 0, written.output
    return page, _pdf_words(pdf.content), _text(out.read_text(encoding="utf-8"))


def test_every_way_to_the_report_has_the_everyday_part(
    records: Records, database_url: str, tmp_path: Any
) -> None:
    Everyday(records).import_file("export.xml", _export(date.today()))  # the app's real clock
    page, pdf, written = every_way_to_the_report(database_url, tmp_path)
    assert "Everyday walking, from the phone" in pdf
    for text in (page, written):
        assert "Everyday walking, from the phone" in text and "steps counted by Jo iPhone" in text
