"""The FHIR export with the report for a clinician reads the records once (``Database.snapshot``), as
the report and the JSON export each do: the PDF and the Bundle beside it say the same (SQLite and
PostgreSQL).

What was found (2026-11-27): ``backstride export fhir --with-report`` and ``GET /api/export/fhir?
with_report=1`` drew the report in one read and the Bundle in another, so a walk deleted between the
two was in the PDF (its walks table, the latest walk) and not in the Bundle it came in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import Clock
from tests.integration.test_check_walk import CHECK, WALK, finish_at, upload
from typer.testing import CliRunner

import backstride.web.report_pdf as report_pdf
from backstride.cli.main import app as cli_app
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _exported(how: str, database_url: str, out: Path) -> dict[str, Any]:
    """The FHIR export with the report, by the command line or the API."""
    if how == "cli":
        done = CliRunner().invoke(
            cli_app, ["export", "fhir", "--with-report", "--db", database_url, "--out", str(out)]
        )
        assert done.exit_code == 0, done.output
        return dict(json.loads(out.read_text(encoding="utf-8")))
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        response = client.get("/api/export/fhir?with_report=1")
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.mark.parametrize("how", ["cli", "api"])
def test_a_walk_deleted_after_the_report_was_drawn_is_still_in_its_bundle(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    clock = Clock()
    records, other = Records(Database(database_url).migrate(), clock=clock), Records(Database(database_url))
    walk = upload(records, clock, WALK, -10)
    finish_at(records, clock, 0, CHECK)
    drawn = report_pdf.render_report_pdf
    shown: list[list[int]] = []

    def draw_then_delete(of: Records, **kwargs: object) -> bytes:
        pdf = drawn(of, **kwargs)  # type: ignore[arg-type]
        shown.append([w.id for w in of.list_walks()])  # what the report read
        other.delete_walk(walk)  # deleted once the report is drawn, before the records are read
        return pdf

    monkeypatch.setattr(report_pdf, "render_report_pdf", draw_then_delete)
    bundle = _exported(how, database_url, tmp_path / "fhir.json")
    assert shown == [[walk]] and not other.list_walks()  # in the report, and deleted meanwhile
    named = json.dumps([e["resource"].get("identifier") for e in bundle["entry"]])
    assert f'"gait_recording/{walk}' in named  # in the Bundle too, its Observations
    records.db.dispose()
    other.db.dispose()
