"""A backup made before knowledge 1.20.1 restores. 1.20.1 changed what a result says, not how urgent it
is: a condition's ``supporting`` names answers, not a warning rule's code, and the plan carries
``see_clinician_sources``. A restore checks a result made by this very version against its answers
and walk (``services.restore``), so without the version's bump every backup of a check with a walk,
made the day before, was refused: "is not what its answers and walk give (was the file changed?)".
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.knowledge import load_knowledge
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"


def test_a_backup_with_a_walk_made_by_1_20_0_restores(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "made.sqlite3")))) as api:
        sent = api.post(
            "/api/walks",
            files={"file": ("imu.csv", WALK.read_bytes())},
            data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
        )
        assert sent.status_code == 201, sent.text
        check = api.post("/api/assessments", json={}).json()
        answers = {"age_years": 58, "worse_walking": True, "urinary_retention": True}
        assert (
            api.post(f"/api/assessments/{check['id']}/answers", json={"answers": answers}).status_code == 200
        )
        assert api.get(f"/api/assessments/{check['id']}/result").json()["gait_recording_id"] is not None
        backup = api.get("/api/export").json()
    # as 1.20.0 wrote it: the rule's code among the answers supporting a cause, no sources for the plan
    (stored,) = backup["assessments"]
    now = str(load_knowledge().version)  # 1.20.1 or later
    assert stored["knowledge_version"] == now != "1.20.0" and stored["gait_recording_id"] is not None
    stored["knowledge_version"] = stored["result"]["knowledge_version"] = "1.20.0"
    del stored["result"]["plan"]["see_clinician_sources"]
    cauda = next(c for c in stored["result"]["conditions"] if c["code"] == "cauda_equina_syndrome")
    cauda["supporting"] = ["urinary_retention", "cauda_equina_signs"]
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "new.sqlite3")))) as api:
        restored = api.post("/api/import", files={"file": ("backup.json", path.read_bytes())})
        assert restored.status_code == 200, restored.text
        (check,) = api.get("/api/assessments").json()
        result = api.get(f"/api/assessments/{check['id']}/result").json()["result"]
        assert result["disposition"] == "emergency"
        assert result["knowledge_version"] == now  # worked out again by this version when shown
        assert result["plan"]["see_clinician_sources"]
