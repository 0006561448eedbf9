"""Home offers at most three checks not finished, newest first; a new-user test (2026-11-27) found
that a warning in a fourth one was then on the History page only. Now any check not finished whose
answers already call for emergency help or a doctor today is offered on Home with its warning,
wherever it is in the list; the others stay capped at three, with a link to the rest on History.

On SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_warning_before_finished import (
    BLADDER,
    BLADDER_RULE,
    INFECTION,
    LEGS,
    STARTED,
    _ticked,
    _words,
    setup,
)
from tests.integration.test_warning_serious_cause import BROKEN_BONE, _thin_bones_on_steroids

from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared


def _quiet(records: Records) -> int:
    """A check not finished, "none of these" to the first warning signs."""
    check = records.start_assessment("person").id
    records.answer(check, _ticked(BLADDER))
    return check


def _offers(home: str) -> str:
    return home.split('id="continue-heading"')[1].split("</section>")[0]


def test_home_offers_every_check_not_finished_whose_answers_carry_a_warning(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, clock = setup
    started = iter(STARTED + timedelta(minutes=i) for i in range(10))
    clock.now = next(started)
    emergency = records.start_assessment("person").id  # the oldest: "new trouble peeing"
    records.answer(emergency, _ticked(BLADDER, "urinary_retention"))
    clock.now = next(started)
    broken_bone = _thin_bones_on_steroids(records)  # a doctor today through a likely cause
    clock.now = next(started)
    older_quiet = _quiet(records)
    quiet = []
    for _ in range(3):  # the three newest: no warning
        clock.now = next(started)
        quiet.append(_quiet(records))
    monkeypatch.setattr(Records, "result", lambda *a, **k: pytest.fail("Home worked out a result"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
        history = client.get("/history").text
    offers = _offers(home)
    offered = [int(i) for i in re.findall(r'<a class="button" href="/check/(\d+)">', offers)]
    # the three newest, then the two with a warning; the quiet one between them is on History only
    assert offered == [*reversed(quiet), broken_bone, emergency]
    assert offers.count('class="disposition disposition-emergency warning-now"') == 1
    assert offers.count('class="disposition disposition-urgent warning-now"') == 1
    text = _words(offers)
    assert BLADDER_RULE in text and BROKEN_BONE in text
    assert text.index(BROKEN_BONE) < text.index("Continue the check from 27 Nov 2026, 01:44")
    assert text.index(BLADDER_RULE) < text.index("Continue the check from 27 Nov 2026, 01:43")
    assert '<a href="/history">1 more check not finished on the History page</a>' in offers
    assert f'href="/check/{older_quiet}"' not in offers and f'href="/check/{older_quiet}"' in history


def test_home_without_more_checks_has_no_link_to_them(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    check = records.start_assessment("person").id  # the fourth, with a warning: no "more" to say
    records.answer(check, _ticked(BLADDER))
    records.answer(check, _ticked(LEGS))
    records.answer(check, _ticked(INFECTION, "fever"))
    for i in range(3):
        clock.now = STARTED + timedelta(minutes=i + 1)
        _quiet(records)
    with TestClient(create_app(Settings(database_url=url))) as client:
        offers = _offers(client.get("/").text)
    assert re.findall(r'<a class="button" href="/check/(\d+)">', offers)[-1] == str(check)
    assert 'class="disposition disposition-urgent warning-now"' in offers
    assert "more check" not in offers
