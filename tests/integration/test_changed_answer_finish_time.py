"""An answer changed on a finished check moves its finish time to that moment while the check stays
finished, and clears it when the change leaves a question to ask (``Records._note_finished``): the
finish time is when its answers were last given, which FHIR's ``authored``, checks.csv and the walk
the check uses go by. What was found (review R14): ``duration_weeks`` 30 changed to 31 on 26 Nov left
``finished_at`` at 12 Nov while ``updated_at`` said 26 Nov, through the API and a page alike.
SQLite and PostgreSQL. Not a diagnosis.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EARLIER, LATER, STENOSIS, finish, setup  # noqa: F401

from backstride.services.sharing import make_export
from backstride.web.app import create_app
from backstride.web.settings import Settings

RELIEF = "relief_sitting,no_pain_seated,relief_flexion,relief_standing_still,relief_lying,cycling_tolerated"
LEG_NERVES = "leg_weakness_progressive,foot_drop,unsteady_gait,foot_rest_pain_or_sore"


def test_a_changed_answer_moves_the_finish_time_on_the_api(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    check = finish(records, STENOSIS)
    clock.now = LATER
    app = create_app(Settings(database_url=url))
    app.state.records.clock = clock
    with TestClient(app) as client:
        answers = f"/api/assessments/{check}/answers"
        same = client.post(answers, json={"answers": {"duration_weeks": 30}}).json()
        assert same["finished_at"] == EARLIER.isoformat()  # the same answer again changes nothing
        changed = client.post(answers, json={"answers": {"duration_weeks": 31}})
        got = client.get(f"/api/assessments/{check}").json()
    assert changed.status_code == 200, changed.text
    assert changed.json()["finished"] is True and changed.json()["finished_at"] == LATER.isoformat()
    assert got["finished_at"] == LATER.isoformat() == got["updated_at"]
    bundle = json.loads(make_export(records, "fhir", note_download=False).text)
    authored = [
        e["resource"]["authored"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert [a[:10] for a in authored] == ["2026-11-26"]
    rows = list(csv.DictReader(io.StringIO(make_export(records, "checks", note_download=False).text)))
    assert rows[0]["finished_at"].startswith("2026-11-26") and rows[0]["finished"] == "yes"


def test_a_tick_from_an_old_page_moves_or_clears_the_finish_time(setup: Any) -> None:  # noqa: F811
    url, records, clock = setup
    stays = finish(records, STENOSIS)
    reopens = finish(records, STENOSIS)
    clock.now = LATER
    app = create_app(Settings(database_url=url))
    app.state.records.clock = clock
    with TestClient(app) as client:
        # an old tab of the relief checklist: a tick is kept as yes; nothing is left to ask
        client.post(
            f"/check/{stays}/answer", data={"codes": RELIEF, "choice": "checked", "checked": ["relief_lying"]}
        )
        # a new leg sign: its age is asked, so the check is not finished any more
        client.post(
            f"/check/{reopens}/answer",
            data={"codes": LEG_NERVES, "choice": "checked", "checked": ["unsteady_gait"]},
        )
        moved = client.get(f"/api/assessments/{stays}").json()
        cleared = client.get(f"/api/assessments/{reopens}").json()
    assert moved["answers"]["relief_lying"] is True
    assert moved["finished"] is True and moved["finished_at"] == LATER.isoformat()
    assert cleared["answers"]["unsteady_gait"] is True
    assert cleared["finished"] is False and cleared["finished_at"] is None
