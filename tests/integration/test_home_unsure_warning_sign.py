"""A warning sign answered "I don't know" on a check not finished yet is named on Home too.

The result page of such a check says "You were not sure about these warning signs", which sign, and
what to do if it is true (go to an emergency department now, A15, A22); Home offered "Continue the
check from ..." without a word of it (a new-user test, 2026-11-27). Now Home names the sign with the
same advice, beside the check's "Continue" button. On SQLite and PostgreSQL (``database_url``)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_warning_before_finished import BLADDER, STARTED, _ticked, _words, setup

from backstride.services.interview import UNCERTAIN_ADVICE, UNCERTAIN_HEADING
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared


def _box(html: str, box_id: str) -> str:
    """The "not sure" box whose id is ``box_id``."""
    match = re.search(rf'<section[^>]*id="{box_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no box {box_id}"
    return match.group(1)


def _signs(box: str) -> list[str]:
    """Each sign the box names, with its sources, in words."""
    return [_words(item) for item in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_home_names_a_warning_sign_answered_dont_know_as_the_result_page_does(setup: Any) -> None:
    url, records, clock = setup
    clock.now = STARTED
    quiet = records.start_assessment("person").id  # "none of these": nothing to say
    records.answer(quiet, _ticked(BLADDER))
    unsure = records.start_assessment("person").id  # not sure about numbness between the legs
    records.answer(unsure, {**_ticked(BLADDER), "saddle_numbness": None})
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
        result = client.get(f"/check/{unsure}/result").text
    said = _box(result, "uncertain")
    shown = _box(home, f"uncertain-{unsure}")
    # the same sign, the same advice for it, with its sources, as the result page
    assert UNCERTAIN_HEADING in _words(shown) and UNCERTAIN_ADVICE["emergency"] in _words(shown)
    assert _signs(shown) == _signs(said) and len(_signs(shown)) == 1
    assert "numb" in _signs(shown)[0].lower()
    # in its own check's offer, above its "Continue" button; the other check's offer says nothing
    offers = home.split('id="continue-heading"')[1].split("</section>\n</section>")[0]
    pieces = re.split(r'<a class="button" href="/check/(\d+)">', offers)  # each offer ends at its button
    before = {int(check): piece for piece, check in zip(pieces[0::2], pieces[1::2], strict=False)}
    assert set(before) == {quiet, unsure}
    assert UNCERTAIN_HEADING in before[unsure] and UNCERTAIN_HEADING not in before[quiet]
    assert home.count(UNCERTAIN_HEADING) == 1


def test_home_names_it_on_a_check_of_another_version_too(setup: Any) -> None:
    """Review R3: a check kept by a version with other questions (a code this one no longer has), its
    answers so far "see a doctor today" (a fever) and "don't know" for numbness between the legs. Home
    showed the doctor today and not the emergency if the numbness is true: the signs were worked out
    from all the answers, and the unknown code made that fail in silence. They are worked out from the
    answers this version can read, as the warning is (``sent_answers``); its pages cannot be opened."""
    from tests.integration.test_warning_before_finished import INFECTION, LEGS

    from backstride.storage.models import Assessment

    url, records, _clock = setup
    check = records.start_assessment("person").id
    records.answer(check, {**_ticked(BLADDER), "saddle_numbness": None})
    records.answer(check, _ticked(LEGS))
    records.answer(check, _ticked(INFECTION, "fever"))
    with records.db.session(write=True) as session:
        row = session.get(Assessment, check)
        row.answers = {**row.answers, "retired_finding_code": True}
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    assert 'class="disposition disposition-urgent warning-now"' in home
    shown = _box(home, f"uncertain-{check}")
    assert UNCERTAIN_ADVICE["emergency"] in _words(shown)
    assert len(_signs(shown)) == 1 and "numb" in _signs(shown)[0].lower()


def test_home_offers_a_check_of_another_version_whose_only_word_is_a_dont_know(setup: Any) -> None:
    """Review R3: such a check with no warning yet, "don't know" for numbness between the legs, was
    left off Home (it showed another version's checks only with a warning), so nothing said it."""
    from tests.integration.test_warning_before_finished import LEGS

    from backstride.storage.models import Assessment

    url, records, _clock = setup
    check = records.start_assessment("person").id
    records.answer(check, {**_ticked(BLADDER), "saddle_numbness": None})
    records.answer(check, _ticked(LEGS))
    with records.db.session(write=True) as session:
        row = session.get(Assessment, check)
        row.answers = {**row.answers, "retired_finding_code": True}
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    shown = _box(home, f"uncertain-{check}")
    assert UNCERTAIN_ADVICE["emergency"] in _words(shown) and "numb" in _signs(shown)[0].lower()
    assert "was made with other questions: it cannot be carried on" in _words(home)
    assert f'href="/check/{check}' not in home  # its pages cannot replay it
