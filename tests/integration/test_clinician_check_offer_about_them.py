"""A clinician's check not finished speaks about the person where the clinician reads it: Home's offer to
carry it on, and the 404 page for an answer sent to it after it was deleted.

Home said "Your answers so far mean: get emergency help now ... Do not drive yourself." and "You were not
sure about these warning signs" above the offer to carry on a clinician's check, and the 404 page "The
answers you just sent mean: get emergency help now ... Do not drive yourself.", all to the clinician.
They now say it as the result of that check does ("they must get emergency help now", "Do not let them
drive", "They were not sure ..."; ``services.wording.about_them_text``); the answers the clinician just
sent stay "you just sent". A person's own check keeps "you".
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_warning_before_finished import BLADDER, BLADDER_RULE, _ticked, _words, setup

from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture: (database URL, Records on a fixed clock, the clock)

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# urinary retention ticked, saddle numbness "don't know": an emergency, and a warning sign not sure of
ANSWERS = {**_ticked(BLADDER, "urinary_retention"), "saddle_numbness": None}


def _offers(home: str) -> dict[str, str]:
    """The words of each of Home's offers to carry on a check, by whose check it is ("clinician",
    "person"): what comes before its "... answered so far" hint, which ends it."""
    section = home.split('id="continue-heading"')[1].split('id="start-heading"')[0]
    words = _words(section).split("Your answers were saved as you gave them.")[1]
    parts = re.split(r"(\d+ questions? answered so far(?: \(clinician check[^)]*\))?)", words)
    return {
        ("clinician" if "clinician" in hint else "person"): text
        for text, hint in zip(parts[::2], parts[1::2], strict=False)  # the last part: after the offers
    }


def test_homes_offer_of_a_clinicians_check_speaks_about_the_person(setup: Any) -> None:
    url, records, _clock = setup
    theirs = records.start_assessment("clinician").id
    records.answer(theirs, ANSWERS)
    mine = records.start_assessment("person").id
    records.answer(mine, ANSWERS)
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
    offers = _offers(home)
    clinician, person = offers["clinician"], offers["person"]
    assert f'href="/check/{theirs}"' in home and f'href="/check/{mine}"' in home
    assert clinician.strip().startswith(
        "How soon: Emergency Their answers so far mean: they must get emergency help now"
    )
    assert "Do not let them drive." in clinician and BLADDER_RULE in clinician
    assert "They were not sure about these warning signs" in clinician
    assert SECOND_PERSON.findall(clinician) == [], clinician
    # the person's own check: to them, as before
    assert person.strip().startswith("How soon: Emergency Your answers so far mean: get emergency help now")
    assert "Do not drive yourself." in person and "You were not sure about these warning signs" in person


def test_the_404_for_a_clinicians_answer_to_a_deleted_check_speaks_about_the_person(setup: Any) -> None:
    url, _records, _clock = setup
    with TestClient(create_app(Settings(database_url=url))) as client:
        location = client.post("/check", data={"mode": "clinician"}, follow_redirects=False).headers[
            "location"
        ]
        page = client.get(location).text
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
        assert fields["mode"] == "clinician"  # the form says whose check it is
        assert client.post("/data/delete", data={"confirm": "yes"}).status_code == 200  # another tab
        sent = client.post(
            location + "/answer",
            data={
                **fields,
                "codes": ",".join(BLADDER),
                "choice": "checked",
                "checked": ["urinary_retention"],
            },
            follow_redirects=False,
        )
    assert sent.status_code == 404
    text = _words(sent.text)
    assert "The answers you just sent mean: they must get emergency help now" in text
    assert "Do not let them drive." in text and "Do not drive yourself" not in text
    assert BLADDER_RULE in text and "Sources: A15, A16, A10, A14." in text
    warning = _words(sent.text.split('role="alert"')[1].split("</div>")[0])
    assert SECOND_PERSON.findall(warning.replace("you just sent", "")) == [], warning
