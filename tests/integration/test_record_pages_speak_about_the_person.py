"""A clinician looking at a person's records is not the person: the Diary, History, Walking test,
Everyday and Data pages and the footer of every page speak about them ("their back", "What they
tried", "Ana's") in a clinic (several people) or to a staff member signed in, in headings, forms,
buttons, empty states and the notes said after a form is sent. At home (one person, nobody signed
in) they keep speaking to the person ("How is your back today?", "What I tried today").

The person's own words (a diary note) are never changed, and the clinician's pages read as plainly
as the person's (``backstride.core.reading``)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

STAFF_PASSWORD = "a long staff password"
# a note in the person's own words, which no voice may change ("your" is theirs to write)
NOTE = "My physio said: keep your walks short"
PAGES = ("/diary", "/history", "/walking-test", "/everyday", "/data")
# words a clinician's page may say to the reader, the one at the keyboard (who sends, types, presses)
TO_THE_READER = re.compile(r"when you send the recording|If you might want them again|Or drag")


def _words(html: str, part: str = "main") -> str:
    """The text of the page's ``part`` (``main`` or ``footer``), tags taken out, spaces made one."""
    found = re.search(rf"<{part}\b.*?</{part}>", html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(0) if found else html)).split())


def _you(text: str) -> list[str]:
    """Each "you"/"your" the text says, with the words around it (none: it speaks about the person)."""
    text = TO_THE_READER.sub("", text.replace(NOTE, ""))
    return [
        text[max(0, m.start() - 40) : m.end() + 20]
        for m in re.finditer(r"\b(?:you|your|yours|yourself|my|I)\b", text, re.I)
    ]


def _database(path: Path, *labels: str) -> tuple[str, dict[str, int]]:
    """A database with these people ("Me": the one person at home), the first with a diary day."""
    url = sqlite_url(path)
    records = Records(Database(url).migrate())
    ids = {label: records.people.add(label).id if label != "Me" else 1 for label in labels}
    first = records.for_person(ids[labels[0]])
    first.add_diary_entry(
        entry_date="2026-11-20",
        pain_0_10=4,
        walking_tolerance_min=12,
        notes=NOTE,
        tried=["engage_abdominals"],
    )
    records.db.dispose()
    return url, ids


@pytest.fixture
def clinic(tmp_path: Path):
    url, ids = _database(tmp_path / "clinic.sqlite3", "Ana", "Ben")
    with TestClient(create_app(Settings(database_url=url))) as web:
        yield web, ids["Ana"], ids["Ben"]


@pytest.fixture
def home(tmp_path: Path):
    url, _ = _database(tmp_path / "home.sqlite3", "Me")
    with TestClient(create_app(Settings(database_url=url))) as web:
        yield web


@pytest.mark.parametrize("path", PAGES)
def test_a_clinics_page_and_footer_speak_about_the_person(clinic, path: str) -> None:
    web, ana, _ = clinic
    page = web.get(f"{path}?person={ana}")
    assert page.status_code == 200
    assert _you(_words(page.text)) == []
    footer = _words(page.text, "footer")
    assert (
        "backstride helps a person and their clinician think about their back. It cannot examine them."
        in footer
    )
    assert _you(footer) == []
    help_now = _words(page.text, "aside")  # the signs to get help for at once: the person's
    assert "Get emergency help now if they cannot pass urine" in help_now  # the strip's short words
    # and its long words, folded (knowledge/data/help_now.yaml)
    assert "They must call emergency services if they feel a throbbing in their belly" in help_now
    assert _you(help_now) == []
    assert reading_grade(page.text) <= MAX_GRADE


@pytest.mark.parametrize("path", PAGES)
def test_at_home_the_page_and_footer_still_speak_to_the_person(home, path: str) -> None:
    page = home.get(path)
    assert page.status_code == 200
    assert re.search(r"\b(?:you|your)\b", _words(page.text), re.I)
    assert "backstride helps you and your clinician think about your back" in _words(page.text, "footer")
    assert "Get emergency help now if you cannot pass urine or control your bladder" in _words(
        page.text, "aside"
    )


def test_the_diary_form_table_and_saved_note_speak_about_ana(clinic) -> None:
    web, ana, _ = clinic
    diary = web.get(f"/diary?person={ana}").text
    said = _words(diary)
    assert "<h1>The person's diary</h1>" not in diary and "Diary of Ana" in said
    assert "How is their back today?" in said and "How they are doing" in said and "Their entries" in said
    hint = "(like 12 or 6:20; leave blank if they did not walk)"
    assert f"Minutes they could walk before the pain started {hint}" in said
    assert "What they tried today" in said and "Tighten their tummy muscles gently while walking" in said
    assert '<th scope="col">What they tried</th>' in diary and 'data-label="What they tried"' in diary
    assert NOTE in said  # the person's own words, as they wrote them
    saved = web.post("/diary", data={"person_id": str(ana), "entry_date": "2026-11-21", "pain_0_10": "3"})
    assert saved.status_code == 200 and "It is in their entries below." in _words(saved.text)
    editing = web.get(f"/diary/{_entry_id(diary)}/edit?person={ana}").text
    assert "What they tried that day" in _words(editing)
    assert f">{NOTE}</textarea>" in editing  # sent back as the person wrote it, never reworded
    removing = web.post(f"/diary/{_entry_id(diary)}/delete", data={"person_id": str(ana)}).text
    assert 'data-label="What they tried">Tighten their tummy muscles' in removing


def _entry_id(diary: str) -> int:
    return int(re.findall(r'href="/diary/(\d+)/edit', diary)[0])


def test_at_home_the_diary_says_you_and_i(home) -> None:
    said = _words(home.get("/diary").text)
    assert "Your diary" in said and "How is your back today?" in said and "What I tried today" in said
    assert "Tighten your tummy muscles gently while walking" in said
    saved = home.post("/diary", data={"person_id": "1", "entry_date": "2026-11-21", "pain_0_10": "3"})
    assert "It is in your entries below." in _words(saved.text)


def test_the_walking_test_says_who_walks(clinic, home) -> None:
    web, ana, _ = clinic
    said = _words(web.get(f"/walking-test?person={ana}").text)
    assert "How long can they walk before their symptoms start, and before they make them stop?" in said
    assert "Their symptoms started" in said and "Stop: the symptoms made them stop" in said
    assert "They must stop at once and get help if they lose control of their bladder" in said
    assert "Why did they stop?" in said and "Save in their diary" in said and "Their result" in said
    refused = web.post("/walking-test", data={"person_id": str(ana), "total_min": "9:05", "pain_0_10": "2"})
    assert refused.status_code == 422 and "Why they stopped: please choose one" in _words(refused.text)
    mine = _words(home.get("/walking-test").text)
    assert "My symptoms started" in mine and "Save in my diary" in mine and "Why did you stop?" in mine


def test_history_and_everyday_empty_states_and_notes(clinic, home) -> None:
    web, _, ben = clinic
    assert "They have not done a check yet." in _words(web.get(f"/history?person={ben}").text)
    assert "You have not done a check yet." in _words(home.get("/history").text)
    refused = web.post("/everyday", data={"person_id": str(ben)})
    assert (
        "Please choose their export.zip" in _words(refused.text) and "Bring in their walking" in refused.text
    )
    mine = home.post("/everyday", data={"person_id": "1"})
    assert "Please choose your export.zip" in _words(mine.text) and "Bring in my walking" in mine.text


def test_a_staff_member_signed_in_reads_about_the_person(tmp_path: Path) -> None:
    url, _ = _database(tmp_path / "one.sqlite3", "Me")
    app = create_app(Settings(database_url=url))
    with TestClient(app) as web:
        app.state.access.add_staff("Dr Lee", STAFF_PASSWORD)
        web.auth = ("Dr Lee", STAFF_PASSWORD)
        for path in PAGES:
            page = web.get(path).text
            assert _you(_words(page)) == [], path
            assert "It cannot examine them." in _words(page, "footer")
        data = _words(web.get("/data").text)
        assert (
            "Download all the records of the person" in data and "Delete all the data of the person" in data
        )


def test_a_persons_own_check_in_a_clinic_says_the_signs_to_them(tmp_path: Path) -> None:
    """A person answering their own check on a clinic's computer reads questions and a result said to
    them ("have you had", "Your plan"): the 'Get help now' signs and the footer beside them say "you"
    too, not "if they cannot pass urine", which reads as someone else's signs. A clinician's check
    (the mode "clinician") says them about the person."""
    url, ids = _database(tmp_path / "kiosk.sqlite3", "Ana", "Ben")
    records = Records(Database(url).migrate()).for_person(ids["Ana"])
    own, done, clinicians = (records.start_assessment(mode) for mode in ("person", "person", "clinician"))
    records.answer(done.id, {"pain_leg": "below_knee", "age_years": 45})
    records.result(done.id)
    records.db.dispose()
    with TestClient(create_app(Settings(database_url=url))) as web:
        for path in (f"/check/{own.id}", f"/check/{done.id}/result"):
            page = web.get(f"{path}?person={ids['Ana']}")
            assert page.status_code == 200, path
            assert "Get emergency help now if you cannot pass urine or control your bladder" in _words(
                page.text, "aside"
            ), path
            assert "backstride helps you and your clinician think about your back" in _words(
                page.text, "footer"
            ), path
        page = web.get(f"/check/{clinicians.id}?person={ids['Ana']}").text
        assert "Get emergency help now if they cannot pass urine" in _words(page, "aside")
        assert "It cannot examine them." in _words(page, "footer")
