"""The REST API judges a pocket walk stored before the tilt check as its page does (review R19).

Its page, the report, walks.csv and FHIR say its speed and gait factors are "not judged"
(``gait.factors.as_judged``), but ``GET /api/walks`` and ``GET /api/walks/{id}`` gave the stored
verdicts: ``gait_factor_codes: ['uneven_steps']`` and a ``result`` with walking speed 0.994 m/s and
uneven steps present, while the ``summary`` speed was null. Now the API's ``result`` is as judged and
``gait_factor_codes`` is empty; the JSON export (what restore checks) keeps the stored result.
Real file: a phone in a pocket (phyphox walk50, it tips about 73 degrees)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_walks_worn_at_shown import walks  # noqa: F401  (the three walks, stored)

from backstride.gait.factors import NOT_AT_LOWER_BACK
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_the_api_gives_an_old_pocket_walk_as_judged(walks: Any) -> None:  # noqa: F811
    url, ids, stored_speed = walks
    assert stored_speed > 0
    with TestClient(create_app(Settings(database_url=url))) as web:
        response = web.get("/api/walks")
        assert response.status_code == 200, response.text
        listed = {w["id"]: w for w in response.json()}
        one = web.get(f"/api/walks/{ids['old']}").json()
    assert set(listed) == set(ids.values()), [(w["id"], w["person_id"]) for w in listed.values()]
    for walk in (listed[ids["old"]], one):
        assert walk["gait_factor_codes"] == [], walk["gait_factor_codes"]
        result = walk["result"]
        assert result["summary"]["walking_speed_mps"] is None and walk["summary"]["walking_speed_mps"] is None
        assert result["summary"]["stride_length_m"] is None
        factors = result["gait_factors"]
        assert factors and all(f["present"] is None and f["value"] is None for f in factors), factors
        assert all(NOT_AT_LOWER_BACK in f["quality"] for f in factors)
        assert walk["summary"]["n_steps"] > 0 and result["summary"]["total_steps"] > 0  # steps stay
    # a lab walk at the lower back and a pocket walk judged today: as stored
    db = Database(url)
    records = Records(db)
    for key in ("lab", "pocket"):
        stored = records.get_walk(ids[key])
        assert listed[ids[key]]["gait_factor_codes"] == stored.gait_factor_codes
        assert listed[ids[key]]["result"]["gait_factors"] == stored.result["gait_factors"]
    # the JSON export (backup) keeps the stored verdicts, which restore checks against
    doc = records.export_all()
    db.dispose()
    old = next(w for w in doc["gait_recordings"] if w["id"] == ids["old"])
    assert old["gait_factor_codes"] == ["uneven_steps"]
    assert old["result"]["summary"]["walking_speed_mps"] == stored_speed
