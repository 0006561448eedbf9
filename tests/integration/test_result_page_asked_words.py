"""The person's result page quotes their answers in the words they were asked, not the findings'.

A new-user test (2026-11-27) read the person's own result page: "Because you said: Injects drugs (you
said yes); Temperature of 38 C or more with the back pain (you said yes)" and, under "Your answers",
"New sexual dysfunction together with the back pain": the clinical labels of the findings, not the
plain words of the question they had ticked ("You inject drugs", "A temperature of 38 °C or more",
"New problems with sex, such as erection or feeling"). A clinician's check and the report for a
clinician keep the clinical labels.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_clinician_check_without_examination import NO_WARNING_SIGNS

from backstride.web.app import create_app
from backstride.web.settings import Settings

ANSWERS = {
    **NO_WARNING_SIGNS,
    "fever": True,
    "iv_drug_use": True,
    "sexual_dysfunction_new": True,
    "worse_walking": True,
    "age_years": 45,
}
ASKED = (
    "You inject drugs",
    "A temperature of 38 °C or more",
    "New problems with sex, such as erection or feeling",
)
CLINICAL = ("Injects drugs", "Temperature of 38 C", "New sexual dysfunction together with the back pain")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("asked-words") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _check(client: TestClient, mode: str, answers: dict[str, Any] = ANSWERS) -> int:
    check = client.post("/api/assessments", json={"mode": mode}).json()
    response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
    assert response.status_code == 200, response.text
    return int(check["id"])


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _answer_rows(page: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="answers-heading">.*?</section>', page, re.S)
    assert section is not None
    return [_text(row) for row in re.findall(r"<tr>.*?</tr>", section.group(0), re.S)[1:]]


def test_the_persons_result_page_says_the_words_they_were_asked(client: TestClient) -> None:
    page = client.get(f"/check/{_check(client, 'person')}/result").text
    text = _text(page)
    for words in ASKED:
        assert f"{words} (you said yes)" in text, words
    assert "Because you said: " in text
    for words in CLINICAL:
        assert words not in text, words
    rows = _answer_rows(page)
    assert "You inject drugs yes" in rows and "Your age 45 years" in rows, rows
    assert "Does walking bring the pain on or make it worse? yes" in rows, rows


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_a_clinician_check_and_the_report_keep_the_clinical_words(client: TestClient, mode: str) -> None:
    check_id = _check(client, mode)
    pages = [client.get(f"/report?check={check_id}").text]
    if mode == "clinician":
        pages.append(client.get(f"/check/{check_id}/result").text)
    for page in pages:
        text = _text(page)
        assert "Injects drugs (" in text and "New sexual dysfunction together with the back pain" in text
        assert "You inject drugs" not in text


@pytest.mark.parametrize(
    ("mode", "words", "said"),
    # a clinician's check quotes the answers about the person (test_clinician_result_about_the_person)
    [("person", "You inject drugs", "you said"), ("clinician", "Injects drugs", "they said")],
)
def test_the_terminals_reasons_use_the_asked_words_for_the_persons_own_check(
    tmp_path: Path, mode: str, words: str, said: str
) -> None:
    # the same rule in the terminal: 'backstride assess' of a person's answers
    from typer.testing import CliRunner

    from backstride.cli.main import app

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"findings": ANSWERS}))
    result = CliRunner().invoke(app, ["assess", "--answers", str(answers), "--mode", mode])
    text = " ".join(result.stdout.split())
    assert f"points towards it: {words} ({said} yes)" in text, text


# items whose words say what they are about only under their question: 'Bending forward' under 'Which of
# these bring the pain on or make it worse?' is the opposite finding of 'Bending or leaning forward ...
# eases it' under 'Which of these help?'
ITEMS_UNDER_THEIR_QUESTION = {
    "worse_bending_forward": "Which of these bring the pain on or make it worse? Bending forward",
    "worse_uphill": "Which of these bring the pain on or make it worse? Walking uphill",
    "leg_heaviness": "When you walk, do your legs have any of these? Legs feel heavy, tired or weak",
    "pain_groin": "Do you have pain in any of these places? The groin or the front of the hip",
}


def test_an_item_that_needs_its_question_is_quoted_with_it(client: TestClient) -> None:
    """Review R6: the asked words quoted 'Bending forward (you said yes)', 'Walking uphill', 'Legs feel
    heavy, tired or weak' (not 'while walking'), 'The groin or the front of the hip' (not 'pain in'):
    the checklist's items without their question, which alone said what they mean. The finding's
    'Bending forward makes the pain worse' was clear; the item alone can be read as what eases it."""
    answers = {**ANSWERS, "worse_bending_forward": True, "worse_uphill": False, "leg_heaviness": True}
    answers["pain_groin"] = False
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
    assert response.status_code == 200, response.text
    page = client.get(f"/check/{check['id']}/result").text
    rows = _answer_rows(page)
    for code, words in ITEMS_UNDER_THEIR_QUESTION.items():
        said = "yes" if answers[code] else "no"
        assert f"{words} {said}" in rows, (code, rows)
    assert "Bending forward yes" not in rows
    # the items that stand alone keep their own words
    assert "You inject drugs yes" in rows


def test_the_checklists_quoted_with_their_question_are_in_the_question_bank() -> None:
    from backstride.knowledge.questions import load_questions
    from backstride.services.wording import ITEMS_UNDER_THEIR_QUESTION

    ids = {q.id for q in load_questions().questions if q.kind == "checklist"}
    assert ITEMS_UNDER_THEIR_QUESTION <= ids, ITEMS_UNDER_THEIR_QUESTION - ids


def test_a_warning_rule_in_the_trail_names_only_the_answers_that_made_it_true() -> None:
    """Review R6: a warning rule's floor in a cause's trail was said as every answer the rule reads that
    was not 'no': 'Your age (you said 45 years); You have taken steroid tablets for months (you said
    yes); ...' for 'sudden pain with thin bones, steroid tablets or over the age of 70': at 45 the age is
    no reason. Only the answers that make the rule true are said."""
    from backstride.knowledge.loader import load_knowledge
    from backstride.services.wording import finding_label

    answers = {"onset": "sudden", "long_term_steroids": True, "osteoporosis": False, "age_years": 45}
    said = finding_label(load_knowledge(), "suspected_fracture", answers, asked=True)
    assert "You have taken steroid tablets for months (you said yes)" in said, said
    assert "How the pain started (you said suddenly (over minutes or hours))" in said, said
    assert "Your age" not in said and "osteoporosis" not in said, said
    older = finding_label(load_knowledge(), "suspected_fracture", {**answers, "age_years": 75}, asked=True)
    assert "Your age (you said 75 years)" in older, older


# a choice the person made ("Yes, below the knee" for "Does the pain go down your leg? How far?") was
# said by its short code made readable ("below knee") on their own page (new-user test, 2026-11-27)
CHOICES = {
    **ANSWERS,
    "pain_leg": "below_knee",
    "leg_symptoms_side": "one_side",
    "onset": "gradual",
    "sex": "female",
}


def test_the_persons_result_page_says_a_choice_as_they_chose_it(client: TestClient) -> None:
    page = client.get(f"/check/{_check(client, 'person', CHOICES)}/result").text
    rows = _answer_rows(page)
    assert "How far down your leg the pain goes yes, below the knee" in rows
    assert "Legs with pain, numbness or heaviness one leg" in rows
    assert "How the pain started slowly (over days or weeks)" in rows and "Your sex female" in rows
    assert "below knee" not in _text(page) and "one side" not in _text(page)  # nor "(you said ...)"


@pytest.mark.parametrize("mode", ["clinician", "report"])
def test_a_clinician_check_and_the_report_keep_the_short_words(client: TestClient, mode: str) -> None:
    check = _check(client, "clinician" if mode == "clinician" else "person", CHOICES)
    page = _text(client.get(f"/report?check={check}" if mode == "report" else f"/check/{check}/result").text)
    assert "below knee" in page and "yes, below the knee" not in page


def finished_check(client: TestClient, answers: dict[str, Any]) -> int:
    """A person's check answered to its end: ``answers`` where they say, else no (a checklist, a yes or
    no) or "don't know"."""
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    while (question := client.get(f"/api/assessments/{check['id']}").json()["next_question"]) is not None:
        default = False if question["kind"] in ("bool", "checklist") else None
        given = {code: answers.get(code, default) for code in question["codes"]}
        response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": given})
        assert response.status_code == 200, response.text
    return int(check["id"])


def test_what_changed_on_the_persons_result_page_is_in_the_words_they_were_asked(tmp_path: Path) -> None:
    """A new-user test (2026-11-27, later) checked twice: the second result page said what changed in
    the findings' clinical words ("Injects drugs (don't know last time, no now)", "Temperature of 38 C
    or more with the back pain"), under answers quoted in the words they were asked."""
    db = tmp_path / "changes.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        finished_check(client, {"iv_drug_use": None, "fever": None, "age_years": 68})
        second = finished_check(client, {"age_years": 68})
        page = client.get(f"/check/{second}/result").text
        report = _text(client.get(f"/report?check={second}").text)
    section = re.search(r'<section class="changes".*?</section>', page, re.S)
    assert section is not None
    changes = _text(section.group(0))
    # "don't know" last time, "no" now: gathered in one line, each answer named under it
    # (test_check_changes_dont_know_gathered.py)
    assert "You answered 2 warning-sign questions this time that were" in changes, changes
    assert "You inject drugs (you said no)" in changes, changes
    assert "A temperature of 38 °C or more (you said no)" in changes, changes
    for words in CLINICAL:
        assert words not in changes, words
    assert "Injects drugs (they said no)" in report  # the clinician's words stay
