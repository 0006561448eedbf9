"""An answer the walk filled in is quoted from the walk, not as the person's "don't know".

A new-user test (2026-11-27) sent a walk with the first symptom after 30 s, then answered "I don't
know" to how many minutes they can walk. The check used the walk's 0.5 minutes (what the person says
wins; the walk fills in what they do not know) and asked for a clinician's check, but the result page
said "Because you said: Minutes you can walk before the pain makes you stop or slow down (you said
don't know)": a "don't know" cannot make walking 10 minutes or less true. The report said the same.
"""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_clinician_check_without_examination import NO_WARNING_SIGNS
from tests.integration.test_walk_page_words import LAB_UNITS, LAB_WALK

from backstride.web.app import create_app
from backstride.web.settings import Settings

RULE = "Walking only 10 minutes or less before the pain comes on"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _send_the_walk(client: TestClient) -> str:
    """The lab walk, its first symptom 2 s into the walking and its stop 3 s in (the time a check takes:
    before the pain makes the person stop): a walk of well under 10 minutes."""
    sent = client.post(
        "/walks",
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={**LAB_UNITS, "symptom_at": "6", "stop_at": "7"},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    return str(sent.headers["location"].rsplit("/", 1)[1])


def test_an_answer_the_walk_filled_in_is_quoted_from_the_walk(tmp_path) -> None:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        walk_id = _send_the_walk(client)
        walk = client.get(f"/api/walks/{walk_id}").json()
        minutes = walk["findings"]["walking_tolerance_min"]
        assert minutes is not None and minutes <= 10
        check = client.post("/api/assessments", json={"mode": "person"}).json()
        answers = {**NO_WARNING_SIGNS, "age_years": 68, "walking_tolerance_min": None}
        assert (
            client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).status_code
            == 200
        )
        result = client.get(f"/api/assessments/{check['id']}/result").json()
        assert "short_walking_tolerance" in [r["code"] for r in result["result"]["reasons_for_review"]]
        page = _text(client.get(f"/check/{check['id']}/result").text)
        report = _text(client.get(f"/report?check={check['id']}").text)
    for text in (page, report):
        # the rule with its because-trail (the banner names it without one)
        trail = re.search(
            re.escape(RULE) + r"[^.]*\. (?:Because you said|From these answers): (.*?) Sources", text
        )
        assert trail is not None, text
        quoted = trail.group(1)
        assert re.search(r"walk before the pain makes (you|them) stop or slow down \(this walk: ", quoted), (
            quoted
        )
        assert "know" not in quoted, quoted


def test_what_changed_quotes_the_walk_for_an_answer_it_filled_in(tmp_path) -> None:
    """The same on the next check's list of what changed: "New since last time: Walking only 10 minutes
    or less ... From these answers: Minutes you can walk ... (you said don't know)"."""
    from tests.integration.test_result_page_asked_words import finished_check

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        finished_check(client, {"age_years": 68, "walking_tolerance_min": 30})
        _send_the_walk(client)
        second = finished_check(client, {"age_years": 68})
        assert client.get(f"/api/assessments/{second}").json()["answers"]["walking_tolerance_min"] is None
        changes = client.get(f"/api/assessments/{second}/changes").json()["changes"]
        page = _text(client.get(f"/check/{second}/result").text)
    new = next(
        c for c in changes if c["kind"] == "review_new" and c["details"]["rule"] == "short_walking_tolerance"
    )
    assert len(new["because"]) == 1 and "(this walk: " in new["because"][0], new["because"]
    assert "(this walk: " in page[page.index("New since last time") :][:400]


def _changes(client: TestClient, check: int) -> dict[str, Any]:
    return {c["kind"]: c for c in client.get(f"/api/assessments/{check}/changes").json()["changes"]}


def test_what_changed_never_says_dont_know_for_what_a_walk_filled_in(tmp_path) -> None:
    """Review R2: the list of what changed quoted a sign's answers as given both times, so a reason new
    since a first check answered "don't know" read "(don't know last time, don't know now)" while this
    check went by its walk; and one gone since a check that went by its walk read "(don't know last
    time, 30 minutes now)"."""
    from tests.integration.test_result_page_asked_words import finished_check

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        finished_check(client, {"age_years": 68, "walking_tolerance_min": None})  # no walk yet
        _send_the_walk(client)
        second = finished_check(client, {"age_years": 68})  # "don't know" again: the walk fills it in
        third = finished_check(client, {"age_years": 68, "walking_tolerance_min": 30})
        new, gone = _changes(client, second)["review_new"], _changes(client, third)["review_gone"]
        page = _text(client.get(f"/check/{third}/result").text)
    # still true: last time it was "don't know", with no walk to fill it in
    assert new["text"].startswith("Reason for a clinician to check this time (last time you answered")
    assert new["because"] == [
        "How long you can walk before the pain makes you stop or slow down (don't know last time, 2.9 s from "
        "this walk now)"
    ]
    (because,) = gone["because"]
    assert because.endswith("(2.9 s from the walk last time, 30 min now)"), because
    assert "(2.9 s from the walk last time, 30 min now)" in page


def test_a_walk_time_is_quoted_as_a_time_not_as_0_minutes(tmp_path) -> None:
    """Review R2: the walk's 1.9 s of walking before the first symptom (kept as 0.03 minutes, as the check
    uses it) was quoted as "(this walk: 0 minutes)", as if the person could not walk at all; it is said
    as a time, as the walk page says it (review R3: from the time the finding was worked out from, "1.9
    s", not from the finding's hundredths of a minute, "1.8 s", beside the walk's own page)."""
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        walk_id = _send_the_walk(client)
        walk_page = _text(client.get(f"/walks/{walk_id}").text)
        assert "Until the first symptom 1.9 s" in walk_page
        check = client.post("/api/assessments", json={"mode": "person"}).json()["id"]
        answers = {**NO_WARNING_SIGNS, "age_years": 68, "walking_tolerance_min": None}
        client.post(f"/api/assessments/{check}/answers", json={"answers": answers})
        page = _text(client.get(f"/check/{check}/result").text)
        report = _text(client.get(f"/report?check={check}").text)
    # the walk's own page and the report's latest walk list what it adds to a check the same way
    for text in (page, report, walk_page):
        assert "(this walk: 2.9 s)" in text
        assert "this walk: 0 minutes" not in text


def test_the_report_says_a_new_reason_about_the_person(tmp_path) -> None:
    """Review R3: the report for a clinician said what changed in the knowledge's words to the person,
    "New since last time: Walking only 10 minutes or less before the pain comes on or makes you stop",
    beside "Their diary" and "From their answers"; the result page keeps "you"."""
    from tests.integration.test_report_everyday import _pdf_words
    from tests.integration.test_result_page_asked_words import finished_check

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        finished_check(client, {"age_years": 68, "walking_tolerance_min": 30})
        _send_the_walk(client)
        second = finished_check(client, {"age_years": 68})
        page = _text(client.get(f"/check/{second}/result").text)
        report = _text(client.get(f"/report?check={second}").text)
        pdf = _pdf_words(client.get(f"/report.pdf?check={second}").content)
    new = "New since last time: Walking only 10 minutes or less before the pain comes on or makes {} stop"
    assert new.format("you") in page
    for text in (report, pdf):
        assert new.format("them") in text and new.format("you") not in text
