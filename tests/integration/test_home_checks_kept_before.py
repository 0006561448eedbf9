"""The home page's "Carry on where you stopped" never offers a finished check whose finish time is not
known: one kept before backstride stored it (migration 0011 leaves it null) or restored from a file
made before (export format 4), whose result was never worked out (finished through the API, or the
result page never opened). It read any check without a stored result as not finished, while the
history showed the same check as finished (its interview asks nothing more).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.integration.test_check_changes import STENOSIS

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[str, Records]]:
    db = Database(database_url).migrate()
    yield database_url, Records(db)
    db.dispose()


def _answered_to_the_end(records: Records) -> int:
    """A check whose interview asks nothing more, its result never asked for (none stored)."""
    view = records.start_assessment("person")
    while view.next_question is not None:
        question = view.next_question
        default = False if question["kind"] in ("bool", "checklist") else None
        view = records.answer(view.id, {c: STENOSIS.get(c, default) for c in question["codes"]})
    return view.id


def test_a_finished_check_kept_before_finish_times_is_not_offered_to_carry_on(setup: Any) -> None:
    url, records = setup
    kept = _answered_to_the_end(records)
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    with records.db.session(write=True) as session:  # as a database of the version before keeps it
        session.execute(update(Assessment).values(finished_at=None))
    assert records.get_assessment(kept).complete and records.stored_result(kept) is None
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
        history = client.get("/history").text
    assert re.findall(r'href="/check/(\d+)"', home) == [str(half)]  # carry on: the half-way one only
    assert f'href="/check/{kept}"' not in history  # the history calls it finished too ("carry on")
