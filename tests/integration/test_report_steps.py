"""The relief steps tried in the report for a clinician (HTML ``/report``, its PDF and ``backstride
report``): which steps were ticked over the report's weeks and on how many days (a day with several
entries counts once; days before the report's weeks do not count), and "What seems to help" in the
diary page's own words (``diary.steps.what_seems_to_help``) with its caveat. A person who ticked
nothing gets the report they got before, byte for byte; the PDF says what the page says.

The entries are stored through the app's use case (``Records.add_diary_entry``), on SQLite and
PostgreSQL (``records``); the clock is fixed so the report's weeks are known.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

# the fixed clock (a Friday) and the report's first day, and how a page and a PDF are read
from tests.integration.test_report_everyday import (
    NOW,
    SINCE,
    TODAY,
    _pdf_words,
    _records,
    _text,
    every_way_to_the_report,
)
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

from backstride.diary.steps import CANNOT_SHOW, MIN_DAYS, diary_steps, what_seems_to_help
from backstride.services.records import Records
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf

# said about the person, to the clinician who reads it: they are to talk it over (test_voice_odd_sentences)
ABOUT_CANNOT_SHOW = CANNOT_SHOW.replace(
    "Talk it over with your clinician before you change what you do",
    "They should talk it over with their clinician before they change what they do",
)
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def _fill(records: Records, today: date = TODAY) -> None:
    """14 days to ``today``: heat on 6 of them (pain 3), the knee-to-chest stretch on 2, none on the
    others (pain 6); a second entry on a heat day that ticks nothing (the day still counts once, with
    heat); a day before the report's weeks with a step (not counted)."""
    for i in range(14):
        day = (today - timedelta(days=i)).isoformat()
        heat = i % 2 == 0 and i < 12
        tried = (["heat_after_48h"] if heat else []) + (["knee_to_chest"] if i in (1, 3) else [])
        records.add_diary_entry(entry_date=day, pain_0_10=3 if heat else 6, tried=tried)
    records.add_diary_entry(entry_date=today.isoformat(), pain_0_10=5, tried=[])  # heat day, 2nd entry
    records.add_diary_entry(entry_date="2026-06-01", pain_0_10=2, tried=["cat_cow"])  # before SINCE


def _expected_days(records: Records, since: date, until: date) -> dict[str, int]:
    """Step code -> days it was ticked on, from the stored entries."""
    days: dict[str, set[date]] = {}
    for entry in records.list_diary_entries(start=since, end=until):
        for code in entry.tried:
            days.setdefault(code, set()).add(entry.entry_date)
    return {code: len(d) for code, d in days.items()}


def test_the_report_counts_the_days_each_step_was_tried_as_stored(records: Records) -> None:
    records = _records(records)
    _fill(records)
    steps = report_view(records, generated_at=NOW)["diary"]["steps"]
    expected = _expected_days(records, SINCE, TODAY)
    assert expected == {"heat_after_48h": 6, "knee_to_chest": 2}  # cat_cow was before the weeks
    names = diary_steps()
    assert steps["rows"] == [  # in the plan's order: heat comes before the stretch
        {"name": names[code].name, "days": f"{n} days"} for code, n in expected.items()
    ]
    assert steps["rows"][0] == {"name": "Heat", "days": "6 days"}
    # 8 days with a step (6 with heat, 2 with the stretch), of 14 days with an entry
    assert (
        'ticked a relief step under "What I tried today" on 8 of 14 days with a diary entry'
        in (steps["intro"])
    )
    page = _text(render_report(records, generated_at=NOW))
    assert "What the person tried" in page and "Heat 6 days" in page
    assert "Knee-to-chest stretch 2 days" in page
    assert "Cat-cow" not in page


def test_what_seems_to_help_is_the_diary_pages_words_with_its_caveat(records: Records) -> None:
    records = _records(records)
    _fill(records)
    steps = report_view(records, generated_at=NOW)["diary"]["steps"]
    stored = records.list_diary_entries(start=SINCE, end=TODAY)
    words = [c.words for c in what_seems_to_help(stored)]
    # heat: 6 days with it (pain 3; the heat day with a second entry of 5 is 4 in the middle), and the
    # 5 days without it from the first day a step was ticked (10 days ago; the 3 days before do not count)
    assert words == ["On the 6 days you used heat, your pain was 3 in the middle; on the 5 other days, 6."]
    # said about the person, as the whole report is: it is read by a clinician
    about = ["On the 6 days they used heat, their pain was 3 in the middle; on the 5 other days, 6."]
    assert steps["helps"] == about and steps["cannot_show"] == ABOUT_CANNOT_SHOW
    # the diary page says the same (its comparison covers every entry; cat_cow's day came first
    # there, so it counts from June and says more days without)
    diary_page = [h["words"] for h in records.progress()["what_seems_to_help"]]
    assert diary_page and diary_page[0].startswith("On the 6 days you used heat, your pain was 3")
    page = _text(render_report(records, generated_at=NOW))
    part = page[page.index("What seems to help") :]
    assert about[0] in part and ABOUT_CANNOT_SHOW in part
    assert part.index(about[0]) < part.index(ABOUT_CANNOT_SHOW) < part.index("Walks measured with a sensor")
    # the stretch, on 2 days only (< MIN_DAYS), is not compared
    assert MIN_DAYS == 3 and "did the knee-to-chest stretch" not in page


def test_what_seems_to_help_speaks_about_the_person_every_way(
    records: Records, database_url: str, tmp_path: Any
) -> None:
    """The report quoted the diary's words as said to the person ("On the 6 days you used heat, your
    pain was 3 ... Talk it over with your clinician"), where all else it says is about them."""
    _fill(records, date.today())  # the app's real clock: the page, the PDF, the command
    for words in every_way_to_the_report(database_url, tmp_path):
        part = words[words.index("What seems to help") : words.index("Walks measured with a sensor")]
        assert "On the 6 days they used heat, their pain was 3 in the middle" in part
        assert "They should talk it over with their clinician before they change what they do." in part
        assert SECOND_PERSON.findall(part) == [], part


def test_with_too_few_days_the_report_says_so_and_compares_nothing(records: Records) -> None:
    records = _records(records)
    for i, tried in enumerate((["cat_cow"], ["cat_cow"], [], [], [])):
        records.add_diary_entry(entry_date=(TODAY - timedelta(days=i)).isoformat(), pain_0_10=4, tried=tried)
    steps = report_view(records, generated_at=NOW)["diary"]["steps"]
    assert steps["rows"] == [{"name": "Cat-cow stretch", "days": "2 days"}] and steps["helps"] == []
    page = _text(render_report(records, generated_at=NOW))
    assert "There are too few days yet to compare pain" in page and CANNOT_SHOW not in page
    assert "at least 3 days and not tried on at least 3 other days" in page


def test_a_person_who_tried_nothing_gets_the_report_they_got_before(records: Records) -> None:
    records = _records(records)
    for i in range(5):
        records.add_diary_entry(entry_date=(TODAY - timedelta(days=i)).isoformat(), pain_0_10=4 + i % 2)
    before = render_report(records, generated_at=NOW)
    assert report_view(records, generated_at=NOW)["diary"]["steps"] is None
    assert "What the person tried" not in before and "What seems to help" not in before
    tried = records.add_diary_entry(entry_date=TODAY.isoformat(), pain_0_10=4, tried=["slower_pace"])
    assert "What the person tried" in render_report(records, generated_at=NOW)
    records.delete_diary_entry(tried.id)
    assert render_report(records, generated_at=NOW) == before  # nothing else changed, byte for byte


def test_steps_tried_only_before_the_reports_weeks_leave_the_part_out(records: Records) -> None:
    records = _records(records)
    records.add_diary_entry(entry_date="2026-06-01", pain_0_10=2, tried=["cat_cow"])
    records.add_diary_entry(entry_date=TODAY.isoformat(), pain_0_10=4)
    assert report_view(records, generated_at=NOW)["diary"]["steps"] is None
    view = report_view(records, weeks=52, generated_at=NOW)  # a year back reaches June
    assert view["diary"]["steps"]["rows"] == [{"name": "Cat-cow stretch", "days": "1 day"}]


def test_the_pdf_says_what_the_page_says_about_the_steps(records: Records) -> None:
    records = _records(records)
    _fill(records)
    view: dict[str, Any] = report_view(records, generated_at=NOW)
    steps = view["diary"]["steps"]
    words = _pdf_words(build_pdf(view))
    page = _text(render_report(records, generated_at=NOW))
    for text in (steps["intro"], steps["caption"], steps["helps_intro"], *steps["helps"], ABOUT_CANNOT_SHOW):
        assert text in words and text in page
    for row in steps["rows"]:
        assert f"{row['name']} {row['days']}" in words and f"{row['name']} {row['days']}" in page
    # in the same place on both: after the weekly numbers, before the notes and the walks
    for text in (words, page):
        where = [text.index(part) for part in ("Each week since", "What the person tried", "Walks measured")]
        assert where == sorted(where)


def test_the_words_read_at_about_age_twelve(records: Records) -> None:
    records = _records(records)
    _fill(records)
    html = render_report(records, generated_at=NOW)
    part = html[html.index("<h3>What the person tried</h3>") : html.index('<section aria-labelledby="walks')]
    assert reading_grade(part) <= MAX_GRADE, reading_grade(part)


def test_every_way_to_the_report_has_the_steps(records: Records, database_url: str, tmp_path: Any) -> None:
    _fill(records, date.today())  # the app's real clock
    page, pdf, written = every_way_to_the_report(database_url, tmp_path)
    said = "On the 6 days they used heat, their pain was 3 in the middle"
    assert said in pdf
    for text in (page, written):
        assert "Heat 6 days" in text and said in text and ABOUT_CANNOT_SHOW in text


def test_a_steps_title_and_what_seems_to_help_are_said_about_the_person(records: Records) -> None:
    # the steps table named each step by its advice title, written to the person ("Tighten your tummy
    # muscles gently while walking"): to the clinician reading the report it read as said to them
    records = _records(records)
    for i in range(8):
        day = (TODAY - timedelta(days=i)).isoformat()
        records.add_diary_entry(
            entry_date=day, pain_0_10=3 + i % 2, tried=["engage_abdominals"] if i % 2 else []
        )
    steps = report_view(records, generated_at=NOW)["diary"]["steps"]
    assert steps["rows"] == [{"name": "Tighten their tummy muscles gently while walking", "days": "4 days"}]
    # "What seems to help" too (it was quoted as the diary says it to the person: "you tightened your ...")
    assert steps["helps_intro"].startswith("The diary shows the person the same, said to them.")
    assert "they tightened their tummy muscles" in steps["helps"][0]
    page = _text(render_report(records, generated_at=NOW))
    assert "Tighten their tummy muscles gently while walking 4 days" in page
    assert "Tighten your tummy" not in page
    pdf = _pdf_words(build_pdf(report_view(records, generated_at=NOW)))
    assert "Tighten their tummy muscles gently while walking" in pdf and "Tighten your tummy" not in pdf
