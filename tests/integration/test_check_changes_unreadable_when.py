"""An earlier check this version cannot read ("cannot be compared") is dated as every other "what
changed" says when the check before was (``check_changes.since_when``): "Your check earlier today,
at 09:15, cannot be compared", "yesterday", "on 12 Nov". It read a plain date with the year ("Your
check on 26 Nov 2026") on the day of the check itself, on the API and the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from tests.integration.test_check_changes import STENOSIS, Clock, finish
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.check_changes import ChangesSinceLastCheck
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.models import Assessment

LATER = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TAIL = (
    "cannot be compared: it was made with another version of backstride, and this one cannot read "
    "its answers."
)


@pytest.fixture
def setup(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Records, Clock]]:
    monkeypatch.setenv("TZ", "UTC")  # the words are said in local time: these times are UTC
    import time

    time.tzset()
    clock = Clock()
    db = Database(database_url).migrate()
    yield database_url, Records(db, clock=clock), clock
    db.dispose()
    monkeypatch.undo()
    time.tzset()


def _unreadable_then_finished(records: Records, clock: Clock, earlier: datetime) -> int:
    """A check finished at ``earlier`` whose answers this version cannot read, then one at LATER."""
    clock.now = earlier
    first = finish(records, STENOSIS)
    with records.db.session(write=True) as session:
        row = session.get(Assessment, first)
        row.answers = {**row.answers, "retired_finding_code": True}
    clock.now = LATER
    return finish(records, STENOSIS)


@pytest.mark.parametrize(
    ("earlier", "when"),
    [
        (LATER.replace(hour=9, minute=15), "Your check earlier today, at 09:15, " + TAIL),
        (LATER - timedelta(days=1), "Your check yesterday " + TAIL),
        (datetime(2026, 11, 12, 10, 0, tzinfo=UTC), "Your check on 12 Nov " + TAIL),
        (datetime(2025, 11, 12, 10, 0, tzinfo=UTC), "Your check on 12 Nov 2025 " + TAIL),
    ],
)
def test_an_earlier_check_that_cannot_be_read_is_dated_in_plain_words(
    setup: Any, earlier: datetime, when: str
) -> None:
    url, records, clock = setup
    later = _unreadable_then_finished(records, clock, earlier)
    found = ChangesSinceLastCheck().compare(records, later).changes_
    assert found is not None and found.earlier is None
    assert found.headline == when
    if earlier.year == 2025:  # the command line reads the computer's clock: words that hold any day
        done = CliRunner().invoke(cli_app, ["changes", "--db", url])
        assert done.exit_code == 0, done.output
        assert " ".join(done.stdout.split()).startswith(when)


def test_said_the_next_day_it_is_yesterday_not_today(setup: Any) -> None:
    """The words are worked out again on another day (not kept from the day before): the check
    before was on the day of this one, so its time is said."""
    _, records, clock = setup
    later = _unreadable_then_finished(records, clock, LATER.replace(hour=9, minute=15))
    found = ChangesSinceLastCheck().compare(records, later).changes_
    assert found is not None and found.headline.startswith("Your check earlier today, at 09:15, ")
    clock.now = LATER + timedelta(days=1)
    found = ChangesSinceLastCheck().compare(records, later).changes_
    assert found is not None and found.headline == "Your check yesterday, at 09:15, " + TAIL
