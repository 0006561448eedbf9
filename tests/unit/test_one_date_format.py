"""One way to write a date for people, everywhere (``core.dates``), kept on one line on the pages.

A new-user test (2026-11-27) found "2 Nov" (what changed since a check, the diary's trend) and "02 Nov
2026" (every other date) on the same pages, and "27" above "Nov 2026" in a table on a 375 px phone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from backstride.core.dates import day_words, moment_words
from backstride.web.templating import keep_together

SRC = Path(__file__).resolve().parents[2] / "src" / "backstride"


def test_a_day_is_written_without_a_leading_zero() -> None:
    assert day_words(date(2026, 11, 2)) == "2 Nov 2026"
    assert day_words(date(2026, 11, 27)) == "27 Nov 2026"
    assert day_words(date(2026, 1, 5), year=False) == "5 Jan"


def test_a_moment_is_written_on_the_clock_here_with_two_digits_for_the_hour() -> None:
    assert moment_words(datetime(2026, 11, 2, 9, 5)) == "2 Nov 2026, 09:05"  # no zone: as it is
    here = datetime(2026, 11, 2, 9, 5, tzinfo=UTC).astimezone()
    assert moment_words(datetime(2026, 11, 2, 9, 5, tzinfo=UTC)) == f"{day_words(here)}, {here:%H:%M}"
    east = timezone(timedelta(hours=5))
    assert moment_words(datetime(2026, 11, 2, 23, 30, tzinfo=east)) == moment_words(
        datetime(2026, 11, 2, 18, 30, tzinfo=UTC)
    )


def test_no_module_writes_a_date_for_people_its_own_way() -> None:
    """Every date people read goes through ``core.dates`` (a strftime of ``%b`` elsewhere wrote
    "02 Nov" beside "2 Nov")."""
    own_way = re.compile(r"%b|%d %b|\.day\} \{")
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "dates.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own_way.search(line)
    ]
    found += [str(p.relative_to(SRC)) for p in SRC.rglob("*.html") if "%b" in p.read_text(encoding="utf-8")]
    assert found == []


def test_a_date_in_a_pages_text_keeps_to_one_line_and_nothing_else_changes() -> None:
    html = (
        "<title>Saved 2 Nov 2026</title><p>Since your check on 12 Nov, at 09:15; walked 2 Nov 2026, 10:00."
        '</p><input value="2 Nov 2026"><textarea>met 3 Nov 2026</textarea>'
        "<svg><text>4 Nov</text></svg><p>2 November, 12 Novels, 10 Nov2026</p>"
    )
    shown = keep_together(html)
    assert "on 12\u00a0Nov, at 09:15" in shown  # the time after it may start a line
    assert "walked 2\u00a0Nov\u00a02026, 10:00" in shown
    # the title, an attribute, what a person typed and a chart are left as they are; so is what is no date
    assert "<title>Saved 2 Nov 2026</title>" in shown and 'value="2 Nov 2026"' in shown
    assert "<textarea>met 3 Nov 2026</textarea>" in shown and "<text>4 Nov</text>" in shown
    assert "<p>2 November, 12 Novels, 10 Nov2026</p>" in shown
    assert keep_together("<p>No date here.</p>") == "<p>No date here.</p>"
