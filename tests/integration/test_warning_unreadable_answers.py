"""A check kept by a version with other questions (an answer whose code this version no longer has)
cannot be replayed, but the answers this version can still read may already mean an emergency:
"new trouble peeing" ticked, then the knowledge changed. Home and the report for a clinician said
nothing of it (review R5, 2026-11-27): the warning was worked out from all the answers, and one
unknown code made it fail silently. Now it is worked out from the answers this version can read
(``services.interview.sent_answers``, as for answers sent to a check that is gone).

On SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_home_checks_kept_before import _answered_to_the_end
from tests.integration.test_warning_before_finished import (
    BLADDER,
    BLADDER_RULE,
    FINISHED,
    STARTED,
    _ticked,
    _words,
    report_texts,
    setup,
)

from backstride.services.records import Records
from backstride.storage.models import Assessment
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared


def _emergency_kept_by_another_version(records: Records) -> int:
    """A check not finished, "new trouble peeing" ticked, with one answer this version cannot read."""
    check = records.start_assessment("person").id
    records.answer(check, _ticked(BLADDER, "urinary_retention"))
    with records.db.session(write=True) as session:
        row = session.get(Assessment, check)
        row.answers = {**row.answers, "retired_finding_code": True}
    return check


def test_the_report_says_a_later_check_of_another_version_is_an_emergency(setup: Any) -> None:
    url, records, clock = setup
    clock.now = FINISHED
    finished = _answered_to_the_end(records)
    records.result(finished)
    clock.now = STARTED
    later = _emergency_kept_by_another_version(records)
    _page, texts = report_texts(url)
    for text in texts:
        assert f"Check {finished}, from 20 Nov 2026, 10:00" in text
        # not "is not finished": whether it was, this version cannot tell
        said = (
            f"A later check (check {later}), from 27 Nov 2026, 01:43, was made with other questions. "
            "The answers this version can read mean: they must get emergency help now"
        )
        assert said in text
        assert BLADDER_RULE in text


def test_the_answers_warning_reads_what_this_version_can(setup: Any) -> None:
    from backstride.web import views

    _url, records, _clock = setup
    check = _emergency_kept_by_another_version(records)
    answers = next(records.checks_before(None)).answers
    assert "retired_finding_code" in answers
    warning = views.answers_warning(answers)
    assert warning is not None and warning["code"] == "emergency"
    assert BLADDER_RULE in _words(str(warning["reasons"]))
    assert views.answers_warning({"retired_finding_code": True}) is None  # nothing readable: nothing said
    assert check


def test_home_says_a_check_of_another_version_is_an_emergency(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    check = _emergency_kept_by_another_version(records)
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    assert 'class="disposition disposition-emergency warning-now"' in home
    assert BLADDER_RULE in _words(home)
    # its pages cannot replay it: no link to carry it on, or to a result, that would fail
    assert f'href="/check/{check}' not in home
    assert "was made with other questions: it cannot be carried on" in _words(home)
