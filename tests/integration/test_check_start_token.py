"""Each Start form carries a one-time token (``services.form_tokens``), as the other forms that add a
record do: the same form sent twice (a double click on Start) opens one check, and two clinicians on one
shared password (no staff accounts), each on a page of their own, get a check each. Before, the Start
button reopened the newest empty check of the same kind started the same way within 10 minutes, so the
second clinician to press Start for the same person was sent into the first one's check. A Start sent
without a token (a page drawn before this version) keeps that rule (``tests/integration/
test_check_start_twice.py``). On SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

CLINICIAN_BUTTON = "I am a clinician examining someone"


def _start_forms(page: str) -> list[dict[str, str]]:
    """Each form that starts a check on ``page``: its hidden fields."""
    forms = re.findall(r'<form method="post" action="/check">(.*?)</form>', page, re.S)
    return [dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', f)) for f in forms]


def _start(client: TestClient, form: dict[str, str]) -> str:
    sent = client.post("/check", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return sent.headers["location"]


def _checks(client: TestClient) -> int:
    return len(client.get("/api/assessments").json())


def test_every_start_form_carries_a_token_of_its_own(api: TestClient) -> None:
    home = _start_forms(api.get("/").text)
    assert [f.get("mode", "person") for f in home] == ["person", "clinician"]
    tokens = [f["form_token"] for f in home]
    assert all(len(t) >= 16 for t in tokens) and len(set(tokens)) == 2
    again = {f["form_token"] for f in _start_forms(api.get("/").text)}
    assert again.isdisjoint(tokens)  # a new page, new tokens


def test_the_same_start_form_sent_twice_opens_one_check(api: TestClient) -> None:
    clinician = _start_forms(api.get("/").text)[1]
    first, second = _start(api, clinician), _start(api, clinician)
    assert first == second
    assert _checks(api) == 1


def test_two_clinicians_on_one_password_each_get_a_check(api: TestClient) -> None:
    """Two pages loaded apart (two computers, one shared password, nobody signed in by name): Start on
    each within a minute makes two empty checks of the same kind, each its own clinician's."""
    mine = _start_forms(api.get("/").text)[1]
    theirs = _start_forms(api.get("/").text)[1]
    first, second = _start(api, mine), _start(api, theirs)
    assert first != second
    assert _checks(api) == 2
    # a double click of either still opens their own
    assert _start(api, mine) == first and _start(api, theirs) == second
    assert _checks(api) == 2


def test_a_start_form_come_back_to_after_answering_starts_a_new_check(api: TestClient) -> None:
    form = _start_forms(api.get("/").text)[0]
    check = _start(api, form)
    check_id = int(check.rsplit("/", 1)[1])
    answered = api.post(f"/api/assessments/{check_id}/answers", json={"answers": {"age_years": 50}})
    assert answered.status_code == 200
    again = _start(api, form)  # the browser's back button, then Start: that check has an answer
    assert again != check
    assert _checks(api) == 2


def test_a_walk_pages_start_form_carries_a_token(api: TestClient) -> None:
    from tests.integration.test_check_walk import UNITS, WALK

    sent = api.post("/api/walks", files={"file": (WALK.name, WALK.read_bytes())}, data=UNITS)
    assert sent.status_code == 201, sent.text
    forms = _start_forms(api.get(f"/walks/{sent.json()['id']}").text)
    assert len(forms) == 1 and len(forms[0]["form_token"]) >= 16
    first, second = _start(api, forms[0]), _start(api, forms[0])
    assert first == second and _checks(api) == 1
