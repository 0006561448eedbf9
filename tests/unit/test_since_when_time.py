""" "Since your check earlier today, at 4:30" beside "26 Nov 2026, 04:31" on the same pages (a
new-user test, 2026-11-27): the time of the check before is now said as every other time is,
hours and minutes with two digits each ("at 04:30")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from backstride.services.check_changes import since_when
from backstride.web.views import when


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_time_of_the_check_before_is_said_as_every_other_time() -> None:
    earlier, later = datetime(2026, 11, 26, 4, 30, tzinfo=UTC), datetime(2026, 11, 26, 4, 31, tzinfo=UTC)
    assert since_when(earlier, later, later.date()) == "earlier today, at 04:30"
    assert since_when(earlier, later) == "earlier on 26 Nov, at 04:30"
    assert when(earlier).endswith(", 04:30") and when(later) == "26 Nov 2026, 04:31"
