"""A clinician doing the check for someone, or reading their records, reads the person's words said about
them (``core.voice.about_them_text``), never as an order to themselves; the person's own words stay as
they are. Three places said them to the person:

- "Look after it at home for now" (how soon to get help, in "what changed" and a deleted walk's note)
  was left as it was: read by the examiner, an instruction to them. Now "They can look after it at home
  for now".
- History's "How soon to get help" said "Get emergency help now", "You can look after this at home for
  now" of a clinician's check, and of anyone's check to a clinician reading it (a clinic, a staff member):
  now about the person, as its result page and Home's offer say it.
- A deleted walk's note quoted the levels as said to the person ("Before, the check said “Book a visit
  with a clinician”; now it says “Look after it at home for now”") on a clinician's check and in the
  report: now as their "what changed" says them (``check_changes.level_words``).
"""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import finish
from tests.integration.test_check_walk import FINISHED, OTHER_WALK, WALK, setup, upload
from tests.integration.test_check_walk_deleted import DELETED_ON
from tests.integration.test_check_walk_deleted_said import CALM, _timed_check_then_deleted

from backstride.core.voice import about_them_text
from backstride.services.check_changes import level_words
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

UNSURE = "if none of the warning signs you were not sure about is true"  # History's qualifier
UNSURE_ABOUT_THEM = "if none of the warning signs they were not sure about is true"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _history_levels(page: str) -> list[str]:
    return [
        _text(cell) for cell in re.findall(r'<td data-label="How soon to get help">(.*?)</td>', page, re.S)
    ]


def test_look_after_it_at_home_is_said_about_the_person() -> None:
    assert level_words("self_care", "person") == "They can look after it at home for now"
    assert level_words("self_care") == "Look after it at home for now"  # the person's own: as before
    assert (
        about_them_text("If it is mild, look after it at home.")
        == "If it is mild, they can look after it at home."
    )
    # the other levels, as before
    assert level_words("emergency", "person") == "They must get emergency help now"
    assert level_words("routine", "person") == "Book a follow-up visit with a clinician"


def test_history_says_a_clinicians_check_about_the_person(setup: Any) -> None:
    url, records, _clock = setup
    finish(records, CALM)  # the person's own
    finish(records, CALM, "clinician")
    with TestClient(create_app(Settings(database_url=url))) as client:
        levels = _history_levels(client.get("/history").text)
    # newest first: the clinician's check about the person, the person's own to them (both with a
    # warning sign answered "don't know", which the qualifier says)
    assert levels == [
        f"They can look after this at home for now, {UNSURE_ABOUT_THEM}",
        f"You can look after this at home for now, {UNSURE}",
    ]


def test_history_read_by_a_clinician_says_every_check_about_the_person(setup: Any) -> None:
    url, records, _clock = setup
    with TestClient(create_app(Settings(database_url=url))) as client:
        ann = client.post("/api/people", json={"label": "Ann"}).json()["id"]  # a clinic: several people
        finish(records.for_person(ann), CALM)  # Ann's own check
        levels = _history_levels(client.get(f"/history?person={ann}").text)
    assert levels == [f"They can look after this at home for now, {UNSURE_ABOUT_THEM}"]


def test_a_clinicians_check_whose_walk_was_deleted_says_the_levels_about_the_person(setup: Any) -> None:
    url, records, clock = setup
    upload(records, clock, OTHER_WALK, -30)  # no times, not slow
    timed = upload(records, clock, WALK, -20, symptom_at="5", stop_at="11")  # the pain after 7.2 s
    clock.now = FINISHED
    check = finish(records, CALM, "clinician")
    assert records.result(check).disposition == "routine"
    clock.now = DELETED_ON
    records.delete_walk(timed)
    message = records.result(check).to_dict()["walk_deleted"]["message"]
    said = (
        "Before, the check said “Book a follow-up visit with a clinician”; now it says “They can look after "
        "it at home for now”."
    )
    assert said in message
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text)
    assert said in page
    assert "“Look after it at home for now”" not in page and "“Book a visit with a clinician”" not in page


def test_the_persons_own_check_keeps_its_words_on_its_result_page(setup: Any) -> None:
    url, records, clock = setup
    check, _timed = _timed_check_then_deleted(records, clock)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/check/{check}/result").text)
    assert (
        "Before, the check said “Book a visit with a clinician”; now it says “Look after it at home for now”."
        in page
    )
