"""A check not finished whose answers so far already mean "see a doctor today" through a likely
serious cause, with no warning rule fired (the engine's rule: a serious cause more likely than not
sets a visit today [A3]), says so where its result is not shown, like a warning rule: on Home above
its "Continue" button, and at the top of the report for a clinician (page, PDF, ``backstride
report``), with the reason and its sources. A new-user test (2026-11-27) found both silent: only
the warning rules were run for them.

Web tests through the test client, command-line tests through the CLI runner, on SQLite and
PostgreSQL (``database_url``).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_home_checks_kept_before import _answered_to_the_end
from tests.integration.test_warning_before_finished import (
    BLADDER,
    CANCER_BONE,
    FINISHED,
    INFECTION,
    LEGS,
    STARTED,
    _ticked,
    _words,
    report_texts,
    setup,
)

from backstride.assessment import evaluate
from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

# conditions.yaml vertebral_fracture: its name and evidence
BROKEN_BONE = "Broken bone in the spine is the most likely cause (about "
BROKEN_BONE_SOURCES = "Sources: A3, A1, A21."


def _thin_bones_on_steroids(records: Records) -> int:
    """The first four warning-sign checklists, with "thin bones" and "steroid tablets for months"
    ticked in the fourth: half-way, and a broken bone in the spine is the likely cause."""
    check = records.start_assessment("person").id
    records.answer(check, _ticked(BLADDER))
    records.answer(check, _ticked(LEGS))
    records.answer(check, _ticked(INFECTION))
    records.answer(check, _ticked(CANCER_BONE, "osteoporosis", "long_term_steroids"))
    view = records.get_assessment(check)
    assert not view.complete
    known = {c: v for c, v in view.answers.items() if v is not None}
    engine = evaluate(known)  # the engine's own level: a visit today, set by the cause alone
    assert engine.disposition == "urgent" and engine.disposition_because == ("condition:vertebral_fracture",)
    return check


def test_home_says_a_likely_serious_cause_already_means_a_doctor_today(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, _clock = setup
    check = _thin_bones_on_steroids(records)
    # still no whole result for a check on Home
    monkeypatch.setattr(Records, "result", lambda *a, **k: pytest.fail("Home worked out a result"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    offers = home.split('id="continue-heading"')[1].split("</section>")[0]
    box = offers.index('<div class="disposition disposition-urgent warning-now" role="alert">')
    assert box < offers.index(f'href="/check/{check}"')
    text = _words(offers[box:])
    assert text.startswith("How soon: Today Your answers so far mean: see a doctor today")
    assert "Sources: A22, A9." in text  # what to do: advice.yaml see_clinician_today
    assert f"Why: {BROKEN_BONE}" in text and "%), and it needs a doctor today. " + BROKEN_BONE_SOURCES in text


def test_the_report_says_first_that_a_later_check_means_a_doctor_today(setup: Any) -> None:
    url, records, clock = setup
    clock.now = FINISHED
    finished = _answered_to_the_end(records)
    records.result(finished)
    clock.now = STARTED
    later = _thin_bones_on_steroids(records)
    said = (
        f"A later check (check {later}), started 27 Nov 2026, 01:43, is not finished. "
        "Its answers so far mean: they must see a doctor today"
    )
    page, texts = report_texts(url)
    for text in texts:
        assert said in text
        assert text.index(said) < text.index("The latest check")  # at the top
        assert BROKEN_BONE in text[text.index(said) :]  # why, with the cause's sources
        assert "and it needs a doctor today. " + BROKEN_BONE_SOURCES in text
    assert '<div class="disposition disposition-urgent warning-now" role="alert">' in page
