"""A clinician reads what the person must do about the person, as clearly and as urgently: who must go
where, who must not drive (review R6).

The result of a clinician's check (and the report) said the knowledge's words to the person with
"their" for "your" (``services.wording.about_them_text``) but kept its instructions as they were:
"Go to an emergency department or call emergency services now. Do not wait to see if it passes.
Stop walking and do not let them drive.", read by the clinician as said to the clinician (who goes?
who stops walking?), and every warning rule's "Go to an emergency department now.", "If their legs
get weaker, go to an emergency department now", "If any of these is true, see a doctor today". The
questions said about the person read "How old are them, in years?". And during a clinician's
interview the emergency notice on the question page and in the terminal still said "Do not drive
yourself", "for the people who see you" and "See your result now". Now an instruction to the person
says who must do it ("They must go to an emergency department or call emergency services now. ...
They must stop walking; do not let them drive."), on every surface a clinician reads; the person's
own check keeps its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_clinician_result_about_the_person import _section
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.interview import (
    EMERGENCY_ALERT,
    EMERGENCY_ALERT_KEPT,
    UNCERTAIN_ADVICE,
    WARNING_SIGN_ADVICE,
    Interview,
)
from backstride.services.wording import about_them_text
from backstride.web.app import create_app
from backstride.web.settings import Settings

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# an instruction to get help with nobody said to do it: at a sentence's or clause's start ("Book a
# follow-up visit" is said to the examiner, who arranges it: a physiotherapist read "They must book a
# visit with a GP or physiotherapist")
WHO_UNSAID = re.compile(
    r"(?:^|[.!?:;(]\s|,\s|\bso\s)(go|call|see|contact|book(?! a follow-up\b)|tell|get|stop)\b", re.IGNORECASE
)
GO_NOW = "They must go to an emergency department or call emergency services now."
NOT_DRIVE = "They must stop walking; do not let them drive."
runner = CliRunner()


def _knowledge_texts() -> list[tuple[str, str, str]]:
    """Every disposition's and warning rule's words to the person: (where, level, text)."""
    kb = load_knowledge()
    texts = [(f"dispositions.{c}", c, str(d.see_clinician)) for c, d in kb.dispositions.items()]
    for code, rule in kb.red_flag_rules.items():
        texts.append((f"red_flags.{code}", rule.disposition, str(rule.message)))
        if rule.chronic is not None and rule.chronic.message:
            texts.append((f"red_flags.{code}.chronic", rule.chronic.disposition, str(rule.chronic.message)))
    texts += [(f"WARNING_SIGN_ADVICE.{c}", c, t) for c, t in WARNING_SIGN_ADVICE.items()]
    texts += [(f"UNCERTAIN_ADVICE.{c}", c, t) for c, t in UNCERTAIN_ADVICE.items()]
    return texts + [
        ("EMERGENCY_ALERT", "emergency", EMERGENCY_ALERT),
        ("EMERGENCY_ALERT_KEPT", "emergency", EMERGENCY_ALERT_KEPT),
    ]


@pytest.mark.parametrize(("where", "level", "text"), _knowledge_texts(), ids=lambda v: str(v)[:40])
def test_every_instruction_to_the_person_says_who_must_do_it(where: str, level: str, text: str) -> None:
    said = about_them_text(text)
    assert not SECOND_PERSON.search(said), said
    assert not WHO_UNSAID.search(said), (where, said)
    assert "Stop walking" not in said and "drive yourself" not in said
    if "emergency department" in text.lower():  # who goes is said, as urgently
        assert re.search(r"\b[Tt]hey must (go to an emergency department|call emergency services)", said), (
            said
        )
    for urgent in ("now", "today", "at once"):
        assert said.count(urgent) == text.count(urgent), (where, said)


def test_the_emergency_words_about_the_person() -> None:
    kb = load_knowledge()
    assert about_them_text(str(kb.dispositions["emergency"].see_clinician)) == (
        f"{GO_NOW} Do not wait to see if it passes. {NOT_DRIVE}"
    )
    assert (
        about_them_text(EMERGENCY_ALERT) == f"That answer is a warning sign. {GO_NOW} Do not let them drive."
    )


def test_a_question_said_about_the_person_keeps_its_subject() -> None:
    # "How old are you, in years?" read "How old are them, in years?"
    for question in load_questions().questions:
        said = about_them_text(question.text)
        assert not re.search(r"\b(are|were|do|did|have|can|could|will|would|should) them\b", said), said
    assert about_them_text("How old are you, in years?") == "How old are they, in years?"
    assert about_them_text("Do any of these apply to you?") == "Do any of these apply to them?"


# ------------------------------------------------------------------------------------------ web


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("who-must-act") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _emergency_check(client: TestClient, mode: str) -> int:
    check = client.post("/api/assessments", json={"mode": mode}).json()
    given = client.post(
        f"/api/assessments/{check['id']}/answers", json={"answers": {"urinary_retention": True}}
    )
    assert given.status_code == 200, given.text
    return int(check["id"])


def test_the_question_pages_emergency_alert_speaks_about_the_person(client: TestClient) -> None:
    clinician = _emergency_check(client, "clinician")
    page = client.get(f"/check/{clinician}")
    assert page.status_code == 200
    alert = _section(page.text, "emergency-alert")
    assert alert.startswith("How soon: Emergency Get emergency help now")
    assert f"That answer is a warning sign. {GO_NOW} Do not let them drive." in alert
    assert "This needs a scan in hospital now." in alert  # the rule's reason [A15, A16]
    assert "See their result now" in alert and "the people who see them next" in alert
    assert not SECOND_PERSON.search(alert), alert
    person = _section(client.get(f"/check/{_emergency_check(client, 'person')}").text, "emergency-alert")
    assert f"{EMERGENCY_ALERT}" in person and "See your result now" in person
    assert "the people who see you." in person and "they" not in person.lower().split()


def test_a_clinicians_emergency_result_says_who_must_go(client: TestClient) -> None:
    check = _emergency_check(client, "clinician")
    banner = _section(client.get(f"/check/{check}/result").text, "disposition")
    assert GO_NOW in banner and NOT_DRIVE in banner and "Stop walking" not in banner
    assert not SECOND_PERSON.search(banner), banner


# ------------------------------------------------------------------------------------- terminal


def _words(output: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def _assess_emergency(mode: str) -> str:
    """``assess`` answered with a change in bladder control at the first checklist, then quit."""
    first = Interview(mode=mode).next_question()
    assert first is not None and "urinary_retention" in first.codes
    number = first.codes.index("urinary_retention") + 1
    result = runner.invoke(app, ["assess", "--mode", mode], input=f"{number}\nquit\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return _words(result.output)


def test_the_terminals_emergency_alert_speaks_about_the_person() -> None:
    said = _assess_emergency("clinician")
    alert = said.split("EMERGENCY: GET HELP NOW", 1)[1].split("2. ", 1)[0]
    assert f"That answer is a warning sign. {GO_NOW} Do not let them drive." in alert
    assert "the people who see them next" in alert and "This needs a scan in hospital now." in alert
    assert not SECOND_PERSON.search(alert), alert
    person = _assess_emergency("person").split("EMERGENCY: GET HELP NOW", 1)[1]
    assert EMERGENCY_ALERT in person and "for the people who see you" in person
