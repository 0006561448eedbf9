"""Home with many checks not finished (review R5, 2026-11-27): it replayed every one of them and
kept what each one's answers mean in the cache of the interview's next questions, two entries a
check, so with 1,100 checks every visit took 650-900 ms and pushed other people's next questions
out of that cache. Now a warning is worked out for every check as before (never hidden) but kept
in a cache of its own, and only the checks Home shows are replayed; the others are counted up to
``HOME_COUNTS`` ("At least 50 more ... on the History page"), without keeping their next questions.

On SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_warning_before_finished import BLADDER, STARTED, _ticked, setup

from backstride.services import records as records_module
from backstride.services.records import Records
from backstride.web import pages
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared


def _without_form_tokens(page: str) -> str:
    """``page`` with its forms' one-time tokens blanked: they differ from one page load to the next."""
    return re.sub(r'name="form_token" value="[^"]+"', 'name="form_token" value=""', page)


def _quiet_checks(records: Records, clock: Any, n: int, *, first: int = 0) -> list[int]:
    """``n`` checks not finished, each with answers of its own ("none of these", then an age)."""
    made = []
    for i in range(first, first + n):
        clock.now = STARTED + timedelta(minutes=i)
        check = records.start_assessment("person").id
        records.answer(check, {**_ticked(BLADDER), "age_years": 20 + i})
        made.append(check)
    return made


def _replays(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The answers of each check replayed from now on (``Records._interview``), in order."""
    replayed: list[dict[str, Any]] = []
    replay = Records._interview

    def counted(mode: str, answers: Any) -> Any:
        replayed.append(dict(answers))
        return replay(mode, answers)

    monkeypatch.setattr(Records, "_interview", staticmethod(counted))
    return replayed


def test_home_keeps_nobodys_next_question_out_of_the_cache(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, clock = setup
    monkeypatch.setattr(records_module, "QUESTION_CACHE_SIZE", 8)
    quiet = _quiet_checks(records, clock, 12)
    with TestClient(create_app(Settings(database_url=url))) as client:
        kept: Records = client.app.state.records  # type: ignore[attr-defined]
        assert client.get(f"/check/{quiet[5]}").status_code == 200  # someone at a question: kept
        answers = records.get_assessment(quiet[5]).answers
        assert kept._cached_question("person", answers) is not None
        home = client.get("/")
        assert home.status_code == 200
        # Home looked at all twelve (their warnings), and the question being answered is still kept
        assert kept._cached_question("person", answers) is not None
        assert len(kept._question_cache) <= 8


def test_home_replays_only_the_checks_it_shows_and_counts_the_rest_up_to_a_limit(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, clock = setup
    clock.now = STARTED - timedelta(minutes=1)
    emergency = records.start_assessment("person").id  # the oldest: "new trouble peeing"
    records.answer(emergency, _ticked(BLADDER, "urinary_retention"))
    quiet = _quiet_checks(records, clock, 12)
    monkeypatch.setattr(pages, "HOME_COUNTS", 4)
    replayed = _replays(monkeypatch)
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    offers = home.split('id="continue-heading"')[1].split("</section>")[0]
    offered = [int(i) for i in re.findall(r'<a class="button" href="/check/(\d+)">', offers)]
    # the three newest, then the one with a warning, wherever it is: never hidden
    assert offered == [quiet[11], quiet[10], quiet[9], emergency]
    assert 'class="disposition disposition-emergency warning-now"' in offers
    assert '<a href="/history">At least 4 more checks not finished on the History page</a>' in offers
    assert len(replayed) <= 3 + 1 + 4  # shown, then counted; not all thirteen


def test_home_counts_all_the_others_below_the_limit(setup: Any) -> None:
    url, records, clock = setup
    _quiet_checks(records, clock, 6)
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    assert '<a href="/history">3 more checks not finished on the History page</a>' in home
    assert "At least" not in home


def test_home_counts_the_others_once_and_stays_right_after_an_answer(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks Home only counts were replayed on every visit (0.17-0.19 s with 1,100 checks); now
    once, under their answers: an answer given since is counted afresh, and a warning it brings is
    shown at once (never a stale one)."""
    url, records, clock = setup
    quiet = _quiet_checks(records, clock, 8)
    replayed = _replays(monkeypatch)
    with TestClient(create_app(Settings(database_url=url))) as client:
        first = client.get("/").text
        replayed.clear()
        again = client.get("/").text
        assert replayed == []  # nothing replayed twice
        # each page load's Start forms carry a one-time token of their own (a double click is told apart)
        assert _without_form_tokens(first) == _without_form_tokens(again)
        assert "5 more checks not finished on the History page" in again
        # an answer to a check Home only counts: a new trouble peeing, then a different age
        answers = records.get_assessment(quiet[0]).answers
        records.answer(quiet[0], {"urinary_retention": True, "age_years": answers["age_years"] + 1})
        replayed.clear()
        after = client.get("/").text
    offers = after.split('id="continue-heading"')[1].split("</section>")[0]
    offered = [int(i) for i in re.findall(r'<a class="button" href="/check/(\d+)">', offers)]
    assert offered == [quiet[7], quiet[6], quiet[5], quiet[0]]  # its warning: shown at once
    assert 'class="disposition disposition-emergency warning-now"' in offers
    assert "4 more checks not finished on the History page" in after
    assert len(replayed) == 1  # the one answered since, now shown: its new answers (never stale ones)
