"""A walk stored before 2026-11-28 is read by today's walking-time rule, everywhere a check uses it.

Since 6bbc6f46 a walk gives a check the walking time to the forced stop (findings.yaml
``walking_tolerance_min``: "Minutes of walking before symptoms force a stop or slow-down"), never the
first symptom's alone. A walk stored before kept the first symptom's minutes in its stored findings,
and nothing worked them out again: a check using it, the walk page, the API and the export still took
them. The stored rows are written here the old way (the first symptom alone, and the first symptom with
a stop) on the real lab walk; ``services.gait_findings.findings_now`` reads them by today's rule."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_clinician_check_without_examination import NO_WARNING_SIGNS
from tests.integration.test_walk_page_words import LAB_UNITS, LAB_WALK

from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

SHORT = "short_walking_tolerance"  # the reason for review "walking only 10 minutes or less"


def _send(client: TestClient, **times: str) -> int:
    sent = client.post(
        "/walks",
        files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
        data={**LAB_UNITS, **times},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:300]
    return int(sent.headers["location"].rsplit("/", 1)[1])


def _old_findings(result: dict[str, Any], findings: dict[str, Any]) -> dict[str, Any]:
    """``findings`` as a walk stored before 6bbc6f46 kept them: the first symptom's walking time, else the
    stop's (``tolerance_event`` then)."""
    tolerance = result["walking_tolerance"]
    seconds = tolerance["time_to_first_symptom_s"]
    if seconds is None or seconds <= 0:
        seconds = tolerance["time_to_stop_s"]
    rest = {k: v for k, v in findings.items() if k != "walking_tolerance_min"}
    return {"walking_tolerance_min": round(seconds / 60.0, 2), **rest}


def _write_the_old_way(db: Path, walk_id: int, check_id: int | None = None) -> dict[str, Any]:
    """The walk's stored findings as before 6bbc6f46 and, for ``check_id``, its stored result worked out
    with them (as it was told then); the old findings."""
    with sqlite3.connect(db) as con:
        result, findings = con.execute(
            "SELECT result, findings FROM gait_recordings WHERE id = ?", (walk_id,)
        ).fetchone()
        old = _old_findings(json.loads(result), json.loads(findings))
        con.execute("UPDATE gait_recordings SET findings = ? WHERE id = ?", (json.dumps(old), walk_id))
        if check_id is not None:
            (answers,) = con.execute("SELECT answers FROM assessments WHERE id = ?", (check_id,)).fetchone()
            told = Records._assess(json.loads(answers), old, [], "person")
            con.execute(
                "UPDATE assessments SET result = ?, disposition = ?, gait_recording_id = ? WHERE id = ?",
                (json.dumps(told), told["disposition"], walk_id, check_id),
            )
    return old


def _check(client: TestClient) -> int:
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    answers = {**NO_WARNING_SIGNS, "age_years": 68, "walking_tolerance_min": None}
    response = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers})
    assert response.status_code == 200, response.text
    return int(check["id"])


def _reasons(client: TestClient, check_id: int) -> list[str]:
    result = client.get(f"/api/assessments/{check_id}/result").json()
    return [r["code"] for r in result["result"]["reasons_for_review"]]


def _export_walk(client: TestClient, walk_id: int) -> dict[str, Any]:
    document = client.get("/api/export").json()
    return next(w for w in document["gait_recordings"] if w["id"] == walk_id)


def test_a_first_symptom_alone_stored_the_old_way_gives_a_check_no_walking_time(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        walk_id = _send(client, symptom_at="6")
        check_id = _check(client)
        assert SHORT not in _reasons(client, check_id)  # today's rule: the first symptom alone gives none
    old = _write_the_old_way(db, walk_id, check_id)
    assert old["walking_tolerance_min"] == pytest.approx(0.03)  # 6 s - 4.06 s of walking, in minutes
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:  # after the upgrade
        # a check that uses it: its stored result (told with 0.03 min) is worked out again by today's rule
        assert SHORT not in _reasons(client, check_id)
        assert "walking_tolerance_min" not in client.get(f"/api/walks/{walk_id}").json()["findings"]
        assert "walking_tolerance_min" not in _export_walk(client, walk_id)["findings"]
        page = client.get(f"/walks/{walk_id}").text
        # a new check started now takes none from it either
        assert SHORT not in _reasons(client, _check(client))
    assert "the time you had to stop is needed" in page


def test_a_first_symptom_and_a_stop_stored_the_old_way_give_the_stops_time(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        walk_id = _send(client, symptom_at="6", stop_at="7")
        today = client.get(f"/api/walks/{walk_id}").json()["findings"]["walking_tolerance_min"]
        check_id = _check(client)
    old = _write_the_old_way(db, walk_id, check_id)
    assert old["walking_tolerance_min"] < today  # the first symptom's, 2 s, against the stop's 3 s
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:  # after the upgrade
        assert client.get(f"/api/walks/{walk_id}").json()["findings"]["walking_tolerance_min"] == today
        assert _export_walk(client, walk_id)["findings"]["walking_tolerance_min"] == today
        page = html.unescape(client.get(f"/check/{check_id}/result").text).replace("\xa0", " ")
    # the result page quotes the walk's time as the check took it: the stop's (2.9 s of walking), not the
    # first symptom's (1.9 s) its stored result was told with
    assert re.findall(r"this walk: ([^)]*)\)", page) == ["2.9 s"]


def test_a_backup_made_before_the_rule_is_restored_and_read_by_it(tmp_path: Path) -> None:
    """A backup made before 6bbc6f46 holds a walk's old findings: it was refused ('findings: expected what
    its result gives'), so it could never be restored; it is restored and read by today's rule."""
    db = tmp_path / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        walk_id = _send(client, symptom_at="6")
        document = client.get("/api/export").json()
    walk = next(w for w in document["gait_recordings"] if w["id"] == walk_id)
    walk["findings"] = _old_findings(walk["result"], walk["findings"])
    backup = json.dumps(document).encode()
    other = tmp_path / "other.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{other}"))) as client:
        response = client.post("/api/import", files={"file": ("backup.json", backup, "application/json")})
        assert response.status_code == 200, response.text
        (restored,) = client.get("/api/walks").json()
        assert "walking_tolerance_min" not in restored["findings"]
        assert SHORT not in _reasons(client, _check(client))
