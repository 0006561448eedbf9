"""The result of a clinician's check speaks about the person, on the web's result page and at the end
of ``backstride assess --mode clinician``.

A clinician's check asks "Ask the person:" above the questions, and the report says "Take this
summary with them", but the result of that check still said "you" to whoever read it: "Take this
summary with you", "Your plan", "Right now, on your walk", "It is made from your answers", which the
clinician reads as said to them. It now says them about the person by the report's one rule
(``services.wording.about_them_text``), on both surfaces; a person's own check keeps "you". How soon
to get help and why are the same words, only about the person ("do not let them drive").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EMERGENCY, STENOSIS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.services.interview import Interview
from backstride.services.wording import about_them_text
from backstride.web.app import create_app
from backstride.web.settings import Settings

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
UNSURE = {**STENOSIS, "saddle_numbness": None}  # a warning sign answered "don't know" [A15]
runner = CliRunner()


def _all_answers(answers: dict[str, Any], mode: str) -> dict[str, Any]:
    """Every question of an interview in ``mode`` answered: ``answers`` where they say, else no (a
    checklist, a yes or no) or "don't know"."""
    interview = Interview(mode=mode)
    while (question := interview.next_question()) is not None:
        default = False if question.kind in ("bool", "checklist") else None
        for code in question.codes:
            interview.answer(code, answers.get(code, default))
    return dict(interview.answers)


# ------------------------------------------------------------------------------------------ web


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("clinician-result") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _result_page(client: TestClient, answers: dict[str, Any], mode: str) -> str:
    check = client.post("/api/assessments", json={"mode": mode}).json()
    given = client.post(
        f"/api/assessments/{check['id']}/answers", json={"answers": _all_answers(answers, mode)}
    )
    assert given.status_code == 200, given.text
    page = client.get(f"/check/{check['id']}/result")
    assert page.status_code == 200, page.text
    return page.text


def _text(html: str) -> str:
    html = re.sub(r"<(style|svg|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _result(html: str) -> str:
    """What the page says of the check: the banner before the site's header, and the main content
    (not the header's and footer's words, the same on every page)."""
    first = html.split("<body>", 1)[1].split('<a class="skip-link"', 1)[0]
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return _text(first + "<" + main)


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section [^>]*id="{section_id}".*?</section>', html, re.S)
    assert found is not None, section_id
    return _text(found.group(0))


def _same_words(clinician: str, about_them: str) -> bool:
    """The same words, but for who must do what: a page's pieces are said about the person one by one,
    so an instruction at the start of a heading reads "They must get emergency help now" there, where
    the person's page text joined in one line has it mid-sentence (test_clinician_says_who_must_act)."""

    def said_to(text: str) -> str:
        return re.sub(
            r"\b([Tt])hey must (\w)", lambda m: m.group(2).upper() if m.group(1) == "T" else m.group(2), text
        )

    return said_to(clinician) == said_to(about_them)


def _title(html: str) -> str:
    return _text(html.split("<title>", 1)[1].split("</title>", 1)[0])


def test_a_clinicians_result_page_speaks_about_the_person(client: TestClient) -> None:
    clinician = _result_page(client, STENOSIS, "clinician")
    said = _result(clinician)
    assert "Give them a copy of this summary." in said  # the routine level's advice [A9, A21]
    assert "Their plan" in said and "Right now, on their walk" in said and "Their answers" in said
    assert "It is made from their answers to" in said and "Report for their clinician" in said
    assert not SECOND_PERSON.search(said), SECOND_PERSON.findall(said)
    assert _title(clinician).startswith("Their result: ")
    person = _result_page(client, STENOSIS, "person")
    assert "Take this summary with you." in _result(person) and "Your plan" in _result(person)
    assert _title(person).startswith("Your result: ")


def test_a_persons_own_result_in_a_clinic_is_titled_as_its_other_pages(tmp_path: Path) -> None:
    # with several people the pages speak about the person ("Diary · Records of Room 4"), not "Your"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))) as clinic:
        room = clinic.post("/api/people", json={"label": "Room 4"}).json()["id"]
        clinic.post("/api/people", json={"label": "Room 5"})
        check = clinic.post(f"/api/assessments?person_id={room}", json={"mode": "person"}).json()["id"]
        answers = {"answers": _all_answers(STENOSIS, "person")}
        assert clinic.post(f"/api/assessments/{check}/answers?person_id={room}", json=answers).is_success
        title = _title(clinic.get(f"/check/{check}/result").text)
        assert title.startswith("Result: ") and title.endswith(" · Records of Room 4 · backstride"), title
        assert _title(clinic.get(f"/diary?person={room}").text).startswith("Diary · Records of Room 4")


def test_how_soon_to_get_help_says_the_same_words_about_the_person(client: TestClient) -> None:
    clinician = _result_page(client, EMERGENCY, "clinician")
    person = _result_page(client, EMERGENCY, "person")
    banner, persons = _section(clinician, "disposition"), _section(person, "disposition")
    # who must go is said, as urgently (test_clinician_says_who_must_act.py) [A15, A22]
    assert "They must go to an emergency department or call emergency services now" in banner
    assert "do not let them drive" in banner and "Sources: A9, A15, A16, A22." in banner
    assert _same_words(banner, about_them_text(persons)) and banner != persons
    assert not SECOND_PERSON.search(banner), banner
    # still the first thing on the page, before the site's header
    assert clinician.index('id="disposition"') < clinician.index('class="skip-link"')


def test_a_warning_sign_not_known_is_said_about_the_person(client: TestClient) -> None:
    clinician = _section(_result_page(client, UNSURE, "clinician"), "uncertain")
    person = _section(_result_page(client, UNSURE, "person"), "uncertain")
    assert clinician.startswith("They were not sure about these warning signs")
    assert "go to an emergency department now (do not let them drive)" in clinician  # [A15, A22]
    assert _same_words(clinician, about_them_text(person)) and not SECOND_PERSON.search(clinician), clinician


# ------------------------------------------------------------------------------------- terminal


def _assess(tmp_path: Path, answers: dict[str, Any], mode: str, *options: str) -> Any:
    path = tmp_path / f"{mode}.json"
    path.write_text(json.dumps({"findings": _all_answers(answers, mode)}), encoding="utf-8")
    result = runner.invoke(
        app, ["assess", "--mode", mode, "--answers", str(path), *options], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    return result


def _words(output: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", output).split())


def test_the_end_of_a_clinicians_assess_speaks_about_the_person(tmp_path: Path) -> None:
    said = _words(_assess(tmp_path, STENOSIS, "clinician").output)
    assert "Give them a copy of this summary." in said and "Right now, on their walk" in said
    assert "Age (they said 71 years)" in said  # the answers behind a cause, quoted about them
    assert not SECOND_PERSON.search(said), SECOND_PERSON.findall(said)
    person = _words(_assess(tmp_path, STENOSIS, "person").output)
    assert "Take this summary with you." in person and "Right now, on your walk" in person


def test_the_terminals_banner_says_the_same_words_about_the_person(tmp_path: Path) -> None:
    def banner(mode: str) -> str:
        return _words(_assess(tmp_path, EMERGENCY, mode).output.split("╰", 1)[0])

    clinician, person = banner("clinician"), banner("person")
    assert clinician.startswith(
        "EMERGENCY They must go to an emergency department or call emergency services now"
    )
    assert _same_words(clinician, about_them_text(person)) and not SECOND_PERSON.search(clinician), clinician


def test_the_terminals_unsure_box_is_said_about_the_person_also_beside_json(tmp_path: Path) -> None:
    said = _words(_assess(tmp_path, UNSURE, "clinician").output)
    assert "THEY WERE NOT SURE ABOUT THESE WARNING SIGNS" in said
    assert "go to an emergency department now (do not let them drive)" in said  # [A15, A22]
    beside = _assess(tmp_path, UNSURE, "clinician", "--json")
    assert "THEY WERE NOT SURE" in _words(beside.stderr) and not SECOND_PERSON.search(beside.stderr)
    assert json.loads(beside.stdout)["disposition"] == "routine"  # the contract's JSON is unchanged
