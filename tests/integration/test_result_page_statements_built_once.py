"""The result page's statements are built once (``services.records``' ``_..._query``, their values bound
when run), not on every view: building a statement and its cache key cost 0.2-0.4 ms of CPU each on
this VM, about as much as running it. The page reads the same rows and says the same words
(``test_result_page_query_count``, ``test_result_page_walk_read``)."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS
from tests.integration.test_clinician_result_about_the_person import _all_answers
from tests.integration.test_result_page_walk_read import LAB_WALK

from backstride.services import people, records
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


def test_viewing_a_result_again_builds_no_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path / "built.sqlite3"))
    with TestClient(create_app(settings)) as client:
        walk = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        sent = client.post("/api/walks", files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())}, data=walk)
        assert sent.status_code == 201, sent.text
        for _ in range(2):  # a check before it: "What changed" is read too
            check = client.post("/api/assessments", json={"mode": "person"}).json()["id"]
            answers = _all_answers(STENOSIS, "person")
            given = client.post(f"/api/assessments/{check}/answers", json={"answers": answers})
            assert given.json()["next_question"] is None
            assert client.get(f"/check/{check}/result").status_code == 200  # worked out and stored
        before = client.get(f"/check/{check}/result").text
        built: list[str] = []
        for module in (records, people):
            select = module.select

            def counted(*args: Any, _select: Any = select, **kwargs: Any) -> Any:
                built.append(traceback.extract_stack(limit=2)[0].name)
                return _select(*args, **kwargs)

            monkeypatch.setattr(module, "select", counted)
        page = client.get(f"/check/{check}/result")
        assert page.status_code == 200
        assert 'id="changes-heading"' in page.text  # what changed since the check before it
        assert page.text == before  # the same page
        assert built == []  # was: the walks, the walks deleted, the walk quoted, the checks before (6)
