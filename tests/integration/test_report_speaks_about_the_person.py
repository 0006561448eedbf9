"""The report for a clinician speaks about the person, not to them.

A new-user test (2026-11-27) read the report: its answers said "they said", but the knowledge's
texts written to the person were shown as they are: "What to do now: ... Take this summary with
you.", "Ask about examining your walking and balance, and checking the pulses in your feet.", "A
strength test of your leg muscles", "When you see a clinician, ask if they can examine you." Read by
a clinician, "you" is the clinician. The report now says them about the person ("their feet", "with
them") by one rule (``services.wording.about_them_text``), not a second copy of every text; the
result page, which speaks to the person, keeps "you".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_report_everyday import _pdf_words
from tests.integration.test_result_page_asked_words import finished_check

from backstride.knowledge import load_knowledge
from backstride.services.wording import about_them_text
from backstride.web.app import create_app
from backstride.web.settings import Settings

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("report-about-them") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.fixture(scope="module")
def check_id(client: TestClient) -> int:
    return finished_check(client, STENOSIS)


def _text(html: str) -> str:
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _check_part(text: str) -> str:
    """The report's latest check up to the advice the person was given."""
    return text.split("The latest check", 1)[1].split("Advice the person was given", 1)[0]


def test_the_reports_check_speaks_about_the_person(client: TestClient, check_id: int) -> None:
    report = _text(client.get(f"/report?check={check_id}").text)
    check = _check_part(report)
    assert "Give them a copy of this summary." in check
    assert "checking the pulses in their feet" in check
    assert not SECOND_PERSON.search(check), SECOND_PERSON.findall(check)
    # a short first line since 2026-11-28 ("helps them and their clinician think" is the pages' notice)
    assert "helps you" not in report
    assert "This is not a diagnosis. It never replaces an examination." in report
    pdf = _check_part(_pdf_words(client.get(f"/report.pdf?check={check_id}").content))
    assert "Give them a copy of this summary." in pdf and "pulses in their feet" in pdf
    assert not SECOND_PERSON.search(pdf), SECOND_PERSON.findall(pdf)


def _advice_part(text: str) -> str:
    """The report's table of the advice the person was given, up to the answers."""
    return text.split("Advice the person was given", 1)[1].split("The answers", 1)[0]


def test_the_reports_advice_titles_speak_about_the_person(client: TestClient, check_id: int) -> None:
    # the advice table kept the knowledge's titles to the person: "Tighten your tummy muscles gently
    # while walking" read as an instruction to the clinician
    advice = _advice_part(_text(client.get(f"/report?check={check_id}").text))
    assert "Tighten their tummy muscles gently while walking" in advice
    assert not SECOND_PERSON.search(advice), SECOND_PERSON.findall(advice)
    pdf = _advice_part(_pdf_words(client.get(f"/report.pdf?check={check_id}").content))
    assert "Tighten their tummy muscles gently while walking" in pdf
    assert not SECOND_PERSON.search(pdf), SECOND_PERSON.findall(pdf)


def test_the_result_page_still_speaks_to_the_person(client: TestClient, check_id: int) -> None:
    result = _text(client.get(f"/check/{check_id}/result").text)
    assert "Take this summary with you." in result
    assert "Tighten your tummy muscles gently while walking" in result
    assert "their feet" not in result


def test_every_knowledge_text_to_the_person_can_be_said_about_them() -> None:
    kb = load_knowledge()
    texts = [str(d.see_clinician) for d in kb.dispositions.values()] + [
        str(getattr(c, field) or "") for c in kb.conditions.values() for field in ("clinician_hint", "text")
    ]
    assert any(SECOND_PERSON.search(t) for t in texts)
    for text in texts:
        said = about_them_text(text)
        assert not SECOND_PERSON.search(said), said
    assert about_them_text("It does not keep you up. If you get worse, your legs") == (
        "It does not keep them up. If they get worse, their legs"
    )
    assert about_them_text("You can look after this yourself.") == "They can look after this themselves."
    assert about_them_text("Stop walking and do not drive yourself. Do not drive yourself.") == (
        # who must stop walking is said (test_clinician_says_who_must_act.py)
        "They must stop walking; do not let them drive. Do not let them drive."
    )


def test_a_later_checks_warning_in_the_report_speaks_about_the_person(
    client: TestClient, check_id: int
) -> None:
    later = client.post("/api/assessments", json={}).json()["id"]  # not finished: its answers so far
    answers = {"fever": True, "iv_drug_use": True}
    assert client.post(f"/api/assessments/{later}/answers", json={"answers": answers}).status_code == 200
    report = _text(client.get(f"/report?check={check_id}").text)
    box = report.split(f"A later check (check {later})", 1)[1].split("This is not a diagnosis", 1)[0]
    assert "when they inject drugs" in box
    assert not SECOND_PERSON.search(box), SECOND_PERSON.findall(box)


def test_a_partial_result_in_the_report_is_from_their_answers(client: TestClient) -> None:
    # a check left before the warning signs were all asked: "From your answers so far only"
    half = client.post("/api/assessments", json={}).json()["id"]
    answers = {"urinary_retention": None, "age_years": 60}
    assert client.post(f"/api/assessments/{half}/answers", json={"answers": answers}).status_code == 200
    report = _check_part(_text(client.get(f"/report?check={half}").text))
    assert "From their answers so far only" in report
    assert "They can manage this at home with the plan." in report
    assert not SECOND_PERSON.search(report.split("Answer the warning sign questions")[1]), report
    pdf = _pdf_words(client.get(f"/report.pdf?check={half}").content)
    assert "From their answers so far only" in pdf and "From your answers" not in pdf
    page = _text(client.get(f"/check/{half}/result").text)
    assert "From your answers so far only" in page


@pytest.mark.parametrize(
    ("to_them", "about_them"),
    [
        ("A doctor can check you.", "A doctor can check them."),  # 'you' closing its clause
        ("how much the pain affects you and", "how much the pain affects them and"),
        ("Let your foot land under you rather than", "Let their foot land under them rather than"),
        ("If you stop, you feel better", "If they stop, they feel better"),
    ],
)
def test_you_as_an_object_becomes_them(to_them: str, about_them: str) -> None:
    # 'check they', 'affects they' and 'under they' were written for the knowledge texts' 'you' after a
    # verb or a word the first list did not hold
    assert about_them_text(to_them) == about_them


def test_the_reports_diary_charts_and_latest_walk_speak_about_the_person(tmp_path) -> None:
    """A new-user test (2026-11-27, later) read on: the report's diary charts said "Your diary" and
    "Walking speed from your walks", and its latest walk "Until you had to stop" and "Your steps were
    0.24 times your height", the walk page's words to the person, to the clinician reading it."""
    from tests.integration.test_walk_page_words import LAB_UNITS, LAB_WALK

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'walk.sqlite3'}"))) as client:
        sent = client.post(
            "/walks",
            files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
            data={**LAB_UNITS, "symptom_at": "5", "stop_at": "7", "height_cm": "170"},
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text[:300]
        for day, pain, minutes in (("2026-01-05", 6, 5), ("2026-01-06", 5, 7)):
            added = client.post(
                "/diary", data={"entry_date": day, "pain_0_10": pain, "walking_tolerance_min": minutes}
            )
            assert added.status_code == 200, added.text[:300]
        html = client.get("/report?weeks=520").text
        pdf = _pdf_words(client.get("/report.pdf?weeks=520").content)
    legend = re.findall(r'data-series="([^"]+)"', html)
    assert "Their diary" in legend and "Your diary" not in legend  # the chart's own words too
    for text in (_text(html), pdf):
        # from the diary to the sources: the check above quotes the person's own questions
        part = text[text.index("Pain and walking over the last") : text.rindex("Sources")]
        assert "Walking speed from their walks" in part and "Until they had to stop" in part
        assert not SECOND_PERSON.search(part), SECOND_PERSON.findall(part)
