"""A warning sign in answers of a check that is not finished (or not stored) is never passed over.

A new-user test found four ways it was (2026-11-27):

1. The report for a clinician (page, PDF, ``backstride report``) showed the newest *finished* check,
   "Book a visit", while a later check not finished already said "New trouble peeing" (an emergency
   [A15]). Now a later check whose answers fire an emergency or urgent rule is said at the top.
2. Home offered "Continue the check from ... 1 question answered so far" with no word that its
   answers already meant an emergency. Now the offer shows it as the result page's banner.
3. An emergency answer sent from a tab whose check was deleted meanwhile (all data deleted in
   another tab) gave only "We could not find that page". It is still not stored, but the page (and
   the API's 404 body) says what it means and offers a new check.
4. ``backstride assess --answers F --json`` gave "self_care" with no word in the JSON that the
   warning signs were never asked; it now has the API result's ``screening_complete`` and
   ``unscreened_warning_signs``.

Web tests through the test client, command-line tests through the CLI runner, on SQLite and
PostgreSQL (``database_url``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration import test_check_changes_unreadable_when as times_in_utc
from tests.integration.test_check_changes import STENOSIS, Clock, finish
from tests.integration.test_home_checks_kept_before import _answered_to_the_end
from tests.integration.test_report_everyday import _pdf_words
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

FINISHED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
STARTED = datetime(2026, 11, 27, 1, 43, tzinfo=UTC)
BLADDER = (  # the first question's checklist (questions.yaml rf_bladder_bowel)
    "urinary_retention",
    "urinary_incontinence",
    "bowel_incontinence",
    "saddle_numbness",
    "sexual_dysfunction_new",
    "leg_symptoms_spread_to_other_leg",
)
CANCER_BONE = (
    "history_of_cancer",
    "weight_loss_unexplained",
    "night_pain",
    "significant_trauma",
    "osteoporosis",
    "long_term_steroids",
    "abdominal_pulsation",
    "sudden_pain_with_faintness",
)
LEGS = ("leg_weakness_progressive", "foot_drop", "unsteady_gait", "foot_rest_pain_or_sore")
INFECTION = ("fever", "chills", "iv_drug_use", "immunosuppressed", "recent_infection_or_procedure")
# the rules' own words (red_flags.yaml: cauda_equina_signs [A15, A16, A10, A14], fever_or_chills)
BLADDER_RULE = "A change in bladder or bowel control with back pain can mean the nerves at the bottom"
FEVER_RULE = "Fever, chills or night sweats with back pain need a same-day check for infection."
EMERGENCY_NOW = "Its answers so far mean: they must get emergency help now"  # who must: review R6
runner = CliRunner()
setup = times_in_utc.setup  # the fixture: (database URL, Records on a fixed clock, the clock), in UTC


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _ticked(codes: tuple[str, ...], *ticked: str) -> dict[str, bool]:
    return {c: c in ticked for c in codes}


def _finished_then_emergency_started(records: Records, clock: Clock) -> tuple[int, int]:
    """The new user's steps: a stenosis-like check finished ("Book a visit"), then a new check with
    "New trouble peeing" ticked and left there."""
    clock.now = FINISHED
    finished = _answered_to_the_end(records)
    records.result(finished)
    clock.now = STARTED
    later = records.start_assessment("person").id
    records.answer(later, _ticked(BLADDER, "urinary_retention"))
    return finished, later


# ---- 1. the report for a clinician -----------------------------------------------------------------


def report_texts(url: str) -> tuple[str, list[str]]:
    """The report page's HTML, and the words of the report four ways: the page, ``backstride
    report``, the PDF and ``backstride report --format pdf``."""
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get("/report").text
        pdf = client.get("/report.pdf").content
    cli = runner.invoke(cli_app, ["report", "--db", url, "--out", "-"])
    cli_pdf = runner.invoke(cli_app, ["report", "--db", url, "--format", "pdf", "--out", "-"])
    assert cli.exit_code == 0 and cli_pdf.exit_code == 0, cli.output + cli_pdf.output
    return page, [_words(page), _words(cli.stdout), _pdf_words(pdf), _pdf_words(cli_pdf.stdout_bytes)]


def test_the_report_says_first_that_a_later_unfinished_check_is_an_emergency(setup: Any) -> None:
    url, records, clock = setup
    finished, later = _finished_then_emergency_started(records, clock)
    said = f"A later check (check {later}), started 27 Nov 2026, 01:43, is not finished. {EMERGENCY_NOW}"
    page, texts = report_texts(url)
    for text in texts:
        assert f"Check {finished}, from 20 Nov 2026, 10:00" in text  # still the check it reports
        assert said in text
        # at the top: before the check it reports and its "Book a visit"
        assert text.index(said) < text.index("The latest check") < text.index("Book a follow-up visit")
        assert BLADDER_RULE in text  # why, in the rule's words, with its sources
        assert "Sources: A15, A16, A10, A14." in text
        # what to do (advice.yaml emergency_now [A15, A16, A22]), said about the person in the report
        assert "Do not let them drive." in text
    assert re.search(r'<div class="disposition disposition-emergency warning-now" role="alert">', page)


def test_the_report_names_an_urgent_later_check_and_a_later_finished_one(setup: Any) -> None:
    url, records, clock = setup
    clock.now = FINISHED
    first = _answered_to_the_end(records)
    clock.now = STARTED
    fever = records.start_assessment("person").id
    records.answer(fever, _ticked(BLADDER))
    records.answer(fever, _ticked(LEGS))
    records.answer(fever, _ticked(INFECTION, "fever"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _words(client.get(f"/report?check={first}").text)
        latest = _words(client.get(f"/report?check={fever}").text)
    assert f"A later check (check {fever}), started 27 Nov 2026, 01:43, is not finished." in text
    assert "Its answers so far mean: they must see a doctor today" in text and FEVER_RULE in text
    # a report of the later check itself has nothing later to say
    assert f"Check {fever}, from 27 Nov 2026, 01:43" in latest and "A later check" not in latest
    # a later check that is finished, when an earlier one is asked for, is named as finished
    clock.now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    emergency = finish(records, {**STENOSIS, "urinary_retention": True})
    with TestClient(create_app(Settings(database_url=url))) as client:
        text = _words(client.get(f"/report?check={first}").text)
    finished = f"A later check (check {emergency}), finished 27 Nov 2026, 02:00."
    assert f"{finished} Its answers mean: they must get emergency help now" in text
    assert text.index(f"check {emergency})") < text.index(f"check {fever})")  # newest first


def test_a_later_check_without_a_warning_sign_changes_nothing_at_the_top(setup: Any) -> None:
    url, records, clock = setup
    clock.now = FINISHED
    _answered_to_the_end(records)
    clock.now = STARTED
    later = records.start_assessment("person").id
    records.answer(later, _ticked(BLADDER))  # "none of these"
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get("/report").text
    assert "A later check" not in page and "warning-now" not in page.replace(".warning-now", "")


# ---- 2. Home -----------------------------------------------------------------------------------------


def test_home_shows_that_an_unfinished_check_already_means_an_emergency(
    setup: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, clock = setup
    _finished, later = _finished_then_emergency_started(records, clock)
    quiet = records.start_assessment("person").id
    records.answer(quiet, _ticked(BLADDER))  # none of these: an ordinary offer
    # Home reads little: the red-flag rules only, never a whole result for each check
    monkeypatch.setattr(Records, "result", lambda *a, **k: pytest.fail("Home worked out a result"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    offers = home.split('id="continue-heading"')[1].split("</section>\n\n<section")[0]
    # newest first: the quiet one's offer, then the box, then its own offer
    box = offers.index('<div class="disposition disposition-emergency warning-now" role="alert">')
    assert offers.index(f'href="/check/{quiet}"') < box < offers.index(f'href="/check/{later}"')
    assert offers.count('role="alert"') == 1
    text = _words(offers[box:])
    assert text.startswith("How soon: Emergency Your answers so far mean: get emergency help now")
    assert BLADDER_RULE in text and "Sources: A15, A16, A10, A14." in text
    assert "Do not drive yourself." in text
    assert "Continue the check from 27 Nov 2026, 01:43 1 question answered so far" in text
    assert reading_grade(home) <= MAX_GRADE


def test_home_shows_an_urgent_unfinished_check_as_urgent(setup: Any) -> None:
    url, records, _clock = setup
    check = records.start_assessment("person").id
    records.answer(check, _ticked(BLADDER))
    records.answer(check, _ticked(LEGS))
    records.answer(check, _ticked(INFECTION, "fever"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    assert 'class="disposition disposition-urgent warning-now"' in home
    text = _words(home)
    assert "Your answers so far mean: see a doctor today" in text and FEVER_RULE in text


# ---- 3. an answer sent to a check that is gone ---------------------------------------------------------


def test_an_emergency_answer_to_a_deleted_check_is_still_said(setup: Any) -> None:
    url, _records, _clock = setup
    with TestClient(create_app(Settings(database_url=url))) as client:
        location = client.post("/check", follow_redirects=False).headers["location"]  # tab A
        check_id = location.rsplit("/", 1)[1]
        assert client.post("/data/delete", data={"confirm": "yes"}).status_code == 200  # tab B
        sent = client.post(
            location + "/answer",
            data={"codes": ",".join(BLADDER), "choice": "checked", "checked": ["urinary_retention"]},
            follow_redirects=False,
        )
        stored = client.get("/api/assessments").json()
        ordinary = client.post(
            location + "/answer", data={"codes": ",".join(BLADDER), "choice": "none"}, follow_redirects=False
        )
    assert sent.status_code == 404 and stored == []  # nothing stored: the check is gone
    text = _words(sent.text)
    assert "The answers you just sent mean: get emergency help now" in text and BLADDER_RULE in text
    assert "Do not drive yourself." in text and "Sources: A15, A16, A10, A14." in text
    assert f"Check {check_id} does not exist." in text and "your answer was not saved" in text
    assert '<a class="button" href="/check">Start a new check</a>' in sent.text
    assert sent.text.index("get emergency help now") < sent.text.index("<main")  # first on the page
    assert reading_grade(sent.text) <= MAX_GRADE
    # any other answer to a check that is gone: the ordinary 404 page, as before
    assert ordinary.status_code == 404
    assert "We could not find that page" in ordinary.text
    assert "Start a new check" not in ordinary.text and "warning-now" not in ordinary.text


def test_the_api_404_for_a_deleted_check_carries_the_warning(setup: Any) -> None:
    url, _records, _clock = setup
    with TestClient(create_app(Settings(database_url=url))) as client:
        check_id = client.post("/api/assessments", json={}).json()["id"]
        assert client.delete("/api/data?confirm=yes").status_code == 200
        loud = client.post(
            f"/api/assessments/{check_id}/answers",
            json={"answers": {"urinary_retention": True, "age_years": "old"}},  # one bad: still said
        )
        quiet = client.post(f"/api/assessments/{check_id}/answers", json={"answers": {"age_years": 40}})
        listed = client.get("/api/assessments").json()
    assert loud.status_code == 404 and listed == []
    body = loud.json()
    assert body["detail"] == f"check {check_id} does not exist"
    assert body["warning_now"]["disposition"] == "emergency"
    assert [f["code"] for f in body["warning_now"]["red_flags"]] == ["cauda_equina_signs"]
    assert body["warning_now"]["sources"] == ["A15", "A16", "A22"]
    assert quiet.status_code == 404 and quiet.json() == {"detail": f"check {check_id} does not exist"}


# ---- 4. assess --json ----------------------------------------------------------------------------------

NO_WARNING_SIGNS_ASKED = {"age_years": 40, "worse_walking": True, "relief_sitting": False}


@pytest.mark.parametrize("answers", [NO_WARNING_SIGNS_ASKED, {**NO_WARNING_SIGNS_ASKED, **_ticked(BLADDER)}])
def test_assess_json_says_when_warning_signs_were_not_asked_as_the_api_does(
    setup: Any, tmp_path: Path, answers: dict[str, Any]
) -> None:
    url, _records, _clock = setup
    path = tmp_path / "case.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = runner.invoke(cli_app, ["assess", "--answers", str(path), "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    with TestClient(create_app(Settings(database_url=url))) as client:
        check_id = client.post("/api/assessments", json={}).json()["id"]
        client.post(f"/api/assessments/{check_id}/answers", json={"answers": answers})
        api = client.get(f"/api/assessments/{check_id}/result").json()
    assert doc["disposition"] == api["result"]["disposition"]
    assert doc["screening_complete"] is False is api["screening_complete"]
    assert doc["unscreened_warning_signs"] == api["unscreened_warning_signs"]
    assert "fever" in doc["unscreened_warning_signs"]
    assert ("urinary_retention" in doc["unscreened_warning_signs"]) is ("urinary_retention" not in answers)


def test_assess_json_of_every_warning_sign_asked_says_screening_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    everything = {**STENOSIS, **_ticked(BLADDER), **_ticked(INFECTION)}
    everything |= _ticked(LEGS)
    everything |= {c: False for c in CANCER_BONE}
    path.write_text(json.dumps(everything), encoding="utf-8")
    done = runner.invoke(cli_app, ["assess", "--answers", str(path), "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["screening_complete"] is True and doc["unscreened_warning_signs"] == []
