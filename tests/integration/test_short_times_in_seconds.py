"""A time under a minute is said in seconds, as the diary says it ("56 s", "12 min 30 s"), and a half
rounds up as a person expects.

A walk whose first symptom came 2 seconds into the walking gave the finding 0.03 minutes, which the walk
page quoted as "(this walk: 0 minutes)"; ``answer_words`` rounded 1.25 to "1.2" (a float's rounding).
One formatter (``services.wording.duration_words``, through ``minutes_words``) says every such time.
"""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.knowledge.loader import load_knowledge
from backstride.services.wording import answer_words, finding_label, minutes_words, number
from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # walking from 4.06 s to 7.95 s


def test_a_half_rounds_up_as_a_person_expects() -> None:
    assert number(1.25) == "1.3"
    assert number(0.685, 2) == "0.69"
    assert number(2.5, 0) == "3"
    assert number(-1.25) == "-1.3"
    assert number(3.0) == "3"


def test_minutes_under_one_are_said_in_seconds() -> None:
    assert minutes_words(0.03) == "2 s"
    assert minutes_words(0.93) == "56 s"
    assert minutes_words(12.5) == "12 min 30 s"
    assert minutes_words(90) == "1 h 30 min"
    assert minutes_words(0) == "0 min"  # no walking at all, as typed
    kb = load_knowledge()
    walking = kb.findings["walking_tolerance_min"]
    assert answer_words(0.03, walking) == "2 s"
    assert answer_words(1.25, kb.findings["pain_severity_nrs"]) == "1.3"
    said = finding_label(kb, "walking_tolerance_min", {"walking_tolerance_min": 0.03}, said="this walk:")
    # a time, not a count of minutes: "Minutes you can walk ... (this walk: 2 s)" read oddly
    assert said == "How long you can walk before the pain makes you stop or slow down (this walk: 2 s)"


def test_the_walk_page_quotes_a_walk_of_2_seconds_in_seconds(tmp_path) -> None:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as client:
        data = {"acc_unit": "m/s^2", "gyr_unit": "deg/s", "symptom_at": "6", "stop_at": "6.5"}
        file = {"file": (LAB_WALK.name, LAB_WALK.read_bytes())}
        sent = client.post("/walks", files=file, data=data, follow_redirects=False)
        assert sent.status_code == 303, sent.text[:500]
        walk_id = sent.headers["location"].rsplit("/", 1)[1]
        walk = client.get(f"/api/walks/{walk_id}").json()
        page = client.get(f"/walks/{walk_id}").text
    minutes = walk["findings"]["walking_tolerance_min"]
    assert 0 < minutes < 0.05
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "0 minutes" not in text
    # the walk's own time, as its page says it (main's tolerance_words.walk_findings_said)
    assert re.search(r"\(this walk: \d(\.\d)? s\)", text)
