"""The result page's closed sections (``details.fold``) say what is inside in plain words, for one
item too. An emergency check's plan has one step ("now: get emergency help") and one piece of
advice: the summaries read "Show the 1 steps, from today to the next weeks" and "each of the 1
pieces of advice" (found by review, 2026-11-27): wrong English, and "to the next weeks" over a step
that says to go now."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EMERGENCY, STENOSIS

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))) as client:
        yield client


def _summaries(client, answers) -> list[str]:
    check = client.post("/api/assessments", json={"mode": "person"}).json()
    while (question := check["next_question"]) is not None:
        default = False if question["kind"] in ("bool", "checklist") else None
        given = {code: answers.get(code, default) for code in question["codes"]}
        check = client.post(f"/api/assessments/{check['id']}/answers", json={"answers": given}).json()
    page = client.get(f"/check/{check['id']}/result").text
    return [" ".join(s.split()) for s in re.findall(r"<summary>(.*?)</summary>", page.replace("\xa0", " "))]


def test_one_step_and_one_piece_of_advice_are_said_as_one(client):
    said = _summaries(client, EMERGENCY)
    assert "Show the step: what to do and when" in said, said
    assert "Show what studies say about the piece of advice" in said, said
    assert not any(re.search(r"\b1 (steps|pieces)\b", s) for s in said), said
    assert not any("next weeks" in s for s in said), said  # one step, to do now


def test_each_causes_folds_name_the_cause(client):
    """Each cause's "What it is, and why it is less likely" and "How we worked this out" read the same
    for every cause to a screen reader listing the page's controls: each now names its cause (hidden
    on screen, where the cause's name is just above)."""
    said = _summaries(client, STENOSIS)
    for fold in ("What it is, and why it is less likely", "How we worked this out"):
        folds = [s for s in said if s.startswith(fold)]
        assert len(folds) >= 2, said
        assert len(set(folds)) == len(folds), folds
        named = re.escape(fold) + r'<span class="visually-hidden">: [^<]+</span>'
        assert all(re.fullmatch(named, s) for s in folds), folds


def test_several_are_counted(client):
    said = _summaries(client, STENOSIS)
    assert any(re.fullmatch(r"Show the [2-9] steps, from today to the next weeks", s) for s in said), said
    pieces = r"Show what studies say about each of the \d+ pieces of advice"
    assert any(re.fullmatch(pieces, s) for s in said), said
