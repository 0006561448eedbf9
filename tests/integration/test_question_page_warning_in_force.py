"""The web's question page shows the warning in force above the question, as the terminal says it
(test_warning_in_force_said_at_once.py): an emergency's notice, or else "see a doctor today" in the
result page's orange box (``_warning_now.html``: the plan's advice, each rule's reason, the sources).

Before (2026-11-28) the question page showed an emergency only: an answer that meant a doctor today
(a fever), or a later answer that lowered an emergency to one (sudden pain in both legs, for 10 weeks,
not getting worse: the urgent tier of the cauda equina pathway [A15]), showed nothing until the
result. "Back" that undoes the answer takes the box away; an emergency other answers still hold stays.
Through the test client, on SQLite."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings

URGENT_BOX = '<div class="disposition disposition-urgent warning-now" role="alert">'
EMERGENCY_BOX = 'id="emergency-alert"'
FEVER_RULE = "Fever, chills or night sweats with back pain need a same-day check for infection."
BOTH_LEGS_TODAY = "Pain or numbness that came on suddenly in both legs should be checked by a clinician today"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}"))) as c:
        yield c


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _form(page: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The form a person sends to give ``given``'s answers to the page's question (a checklist's
    items not in it: not ticked; any other question not in it: "I don't know")."""
    codes = re.search(r'name="codes" value="([^"]*)"', page)
    kind = re.search(r'data-kind="([^"]*)"', page)
    assert codes and kind, page
    listed = codes.group(1).split(",")
    if kind.group(1) == "checklist":
        ticked = [c for c in listed if given.get(c)]
        return (
            {"codes": codes.group(1), "choice": "checked", "checked": ticked}
            if ticked
            else {
                "codes": codes.group(1),
                "choice": "none",
            }
        )
    if listed[0] not in given:
        return {"codes": codes.group(1), "choice": "unknown"}
    value = given[listed[0]]
    if kind.group(1) == "bool":
        return {"codes": codes.group(1), "choice": "yes" if value else "no"}
    if kind.group(1) == "number":
        return {"codes": codes.group(1), "choice": "number", "number": str(value), "number_unit": "weeks"}
    return {"codes": codes.group(1), "choice": value}


def _answer(client: TestClient, given: Mapping[str, Any], until: str) -> tuple[str, str]:
    """Start a check and answer its questions with ``given`` until the one asking ``until`` has been
    answered; the check's address and the question page shown next."""
    where = client.post("/check", data={"mode": "person"}, follow_redirects=False).headers["location"]
    for _ in range(40):
        page = client.get(where).text
        form = _form(page, given)
        client.post(f"{where}/answer", data=form, follow_redirects=False)
        if until in form["codes"].split(","):
            return where, client.get(where).text
    raise AssertionError(f"{until} was never asked")


def test_a_doctor_today_shows_on_the_next_question_page_and_back_takes_it_away(client: TestClient) -> None:
    where, page = _answer(client, {"fever": True}, "fever")
    assert URGENT_BOX in page and EMERGENCY_BOX not in page
    box = _words(page.split(URGENT_BOX, 1)[1].split("</div>", 1)[0])
    assert box.startswith("How soon: Today Your answers so far mean: see a doctor today")
    assert FEVER_RULE in box and "Sources:" in box
    assert page.index(URGENT_BOX) < page.index('class="legend-heading"')  # above the question
    assert "not a diagnosis" in _words(page)
    # on every later question page while it holds
    client.post(f"{where}/answer", data=_form(page, {}), follow_redirects=False)
    assert URGENT_BOX in client.get(where).text
    # "Back" twice undoes the fever: the box is gone from the question asked again
    for _ in range(2):
        client.post(f"{where}/back", follow_redirects=False)
    again = client.get(where).text
    assert 'value="fever,' in again or ",fever," in again  # the infection question again
    assert URGENT_BOX not in again and "see a doctor today" not in _words(again)


def test_an_emergency_a_later_answer_lowers_shows_the_doctor_today_in_force(client: TestClient) -> None:
    both_legs = {
        "leg_symptoms_side": "both_sides",
        "onset": "sudden",
        "duration_weeks": 10,
        "trend": "stable",
    }
    where, page = _answer(client, both_legs, "onset")
    assert EMERGENCY_BOX in page and URGENT_BOX not in page
    form = _form(page, both_legs)
    assert form["codes"] == "trend"  # the answer that may lower it comes next
    client.post(f"{where}/answer", data=form, follow_redirects=False)
    lowered = client.get(where).text
    assert EMERGENCY_BOX not in lowered and URGENT_BOX in lowered
    assert BOTH_LEGS_TODAY in _words(lowered)  # the rule's words at its lower level [A15]


def test_back_never_takes_away_an_emergency_other_answers_hold(client: TestClient) -> None:
    where, page = _answer(client, {"urinary_retention": True, "fever": True}, "fever")
    assert EMERGENCY_BOX in page and URGENT_BOX not in page  # the emergency wins
    client.post(f"{where}/back", follow_redirects=False)  # undoes the fever
    again = client.get(where).text
    assert EMERGENCY_BOX in again and URGENT_BOX not in again


def test_the_doctor_today_an_emergency_was_lowered_to_says_the_last_answer_changed_it(
    client: TestClient,
) -> None:
    both_legs = {
        "leg_symptoms_side": "both_sides",
        "onset": "sudden",
        "duration_weeks": 10,
        "trend": "stable",
    }
    where, page = _answer(client, both_legs, "trend")
    box = _words(page.split(URGENT_BOX, 1)[1].split("</div>", 1)[0])
    assert "How soon: Today Your answers so far mean: see a doctor today" in box
    assert "Your last answer changes the advice above." in box
    # the next answer changes nothing: the box stays, without the words of a change
    client.post(f"{where}/answer", data=_form(page, both_legs), follow_redirects=False)
    later = client.get(where).text
    assert URGENT_BOX in later and "changes the advice above" not in later


def test_an_emergency_the_last_answer_takes_away_is_not_dropped_in_silence(client: TestClient) -> None:
    # a big fall (an emergency [A1]), pain for 10 weeks, not getting worse: the rule's routine check
    trauma = {"significant_trauma": True, "duration_weeks": 10, "trend": "stable"}
    where, page = _answer(client, trauma, "trend")
    assert EMERGENCY_BOX not in page and URGENT_BOX not in page
    text = _words(page)
    said = (
        "The advice has changed. Your last answer changes the advice above. Your answers so far no "
        "longer mean: get emergency help now."
    )
    assert said in text
    assert page.index("The advice has changed") < page.index('class="legend-heading"')  # above the question
    assert "book a check with a clinician to make sure no bone was broken" in text
    assert "Your result will say what to do. If you are not sure, get help now." in text
    # said once: the next question page says nothing of it
    client.post(f"{where}/answer", data=_form(page, trauma), follow_redirects=False)
    assert "The advice has changed" not in client.get(where).text
