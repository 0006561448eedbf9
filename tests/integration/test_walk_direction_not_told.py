"""A walk of 8 steps or more whose walking direction the gait engine could not tell says so.

The gait engine flags ``too_little_walking`` in ``alignment.quality`` when it cannot find which way is
forward (``gait.orientation.ForwardEstimator``). With a walking bout of 8 steps or more, the walk page,
the report, ``backstride gait analyze`` and ``assess --gait`` all said the walk was too short: "We need at
least 8 steps in a row ...; your longest stretch had 12 steps" (review B3). Now they name the real reason,
in one wording (``services.gait_findings``). A real Mobilise-D lab walk (12 steps in a row), its flag set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.integration.test_check_changes import _text
from tests.integration.test_check_walk import WALK, setup, upload
from tests.walk_samples import UNITS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import read_recording
from backstride.services.gait_findings import USABLE_BOUT_MIN_STEPS, walk_not_judged, walk_not_usable
from backstride.storage.models import GaitRecording
from backstride.web import views
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture, shared

WORDS = "This walk did not let us tell which way the walking went, so we did not judge your walking habits."
TOO_SHORT = ("too short", "at least 8 steps", "fewer than 8 steps", "too little steady walking")
LSS = {"age_years": 74, "worse_walking": True, "relief_sitting": True, "relief_flexion": True}


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def _no_direction(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "alignment": {**result["alignment"], "quality": ["too_little_walking"]}}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    analysed = analyze_gait(read_recording(WALK, **UNITS)).to_dict()
    assert max(b["n_steps"] for b in analysed["walking_bouts"]) >= USABLE_BOUT_MIN_STEPS
    assert walk_not_usable(analysed) is None  # the real walk is judged
    return _no_direction(analysed)


def test_the_words_name_the_direction_not_the_number_of_steps(result: dict[str, Any]) -> None:
    assert walk_not_usable(result) == "no_direction"
    words = walk_not_judged(result)
    assert words is not None and words.startswith(WORDS)
    assert not any(short in words for short in TOO_SHORT), words
    assert views.walk_not_judged(result, result["walking_bouts"]) == words  # the walk page's
    # fewer than 8 steps in a row stays "too short", flag or not
    few = {**result, "walking_bouts": [{**result["walking_bouts"][0], "n_steps": 6}]}
    assert walk_not_usable(few) == "too_little_walking"
    assert "We need at least 8 steps in a row" in (walk_not_judged(few) or "")


def test_gait_analyze_says_the_same(result: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    from backstride.cli.gait_cmd import _print_summary

    _print_summary(result, None)
    out = _flat(capsys.readouterr().out)
    assert WORDS in out and "not judged" in out
    assert not any(short in out for short in TOO_SHORT), out


def test_assess_gait_leaves_it_out_and_says_why(result: dict[str, Any], tmp_path: Path) -> None:
    walk = tmp_path / "walk.json"
    walk.write_text(json.dumps(result), encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps(LSS), encoding="utf-8")
    out = CliRunner().invoke(
        app, ["assess", "--answers", str(tmp_path / "case.json"), "--gait", str(walk), "--json"]
    )
    assert out.exit_code == 0, out.stderr
    said = _flat(out.stderr)
    assert (
        "The walk in walk.json is not part of this check: it did not let us tell which way the walking went."
        in said
    )
    assert not any(short in said for short in TOO_SHORT), said


def test_the_walk_page_and_the_report_say_the_same(setup: Any) -> None:
    url, records, clock = setup
    walk_id = upload(records, clock, WALK, -10)
    with records.db.session(write=True) as session:
        stored = dict(session.scalar(select(GaitRecording.result).where(GaitRecording.id == walk_id)))
        session.execute(
            update(GaitRecording).where(GaitRecording.id == walk_id).values(result=_no_direction(stored))
        )
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(client.get(f"/walks/{walk_id}").text)
        report = _text(client.get("/report").text)
    assert WORDS in page
    assert "Checks do not use this walk: it did not let us tell which way the walking went." in page
    assert "not judged: the walking direction could not be told" in report
    assert "did not let us tell which way the walking went" in report
    for text in (page, report):
        assert not any(short in text for short in TOO_SHORT), [s for s in TOO_SHORT if s in text]
