"""The clinician report says a trunk lean as the terminal does: back when it is negative, and not
forward or back when the walk did not show which way is forward (and, for this wrist file, not at
all: a wrist is not the lower back, so the lean is "not judged: not worn at the lower back").

The right-wrist Axivity file ``ax3_testfile.cwa`` (its walking direction a coin toss: the gait result
flags ``uncertain_forward_direction`` on the lean) read "Trunk lean forward while walking −12 °" in the
report (HTML and PDF), with no caveat, while the terminal said "forward or back: not sure".
"""

from __future__ import annotations

import io
import re
from html import unescape

import pypdf
import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS

from backstride.gait.factors import UNCERTAIN_FORWARD, lean_shown
from backstride.web.app import create_app
from backstride.web.settings import Settings

WRIST = FORMATS / "axivity_cwa" / "wadpac__GGIRread" / "ax3_testfile.cwa"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> tuple[dict, str, str]:
    tmp = tmp_path_factory.mktemp("wrist-lean")
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp / 't.sqlite3'}"))) as client:
        response = client.post(
            "/walks", files={"file": (WRIST.name, WRIST.read_bytes())}, follow_redirects=False
        )
        assert response.status_code == 303, response.text[:500]
        walk_id = response.headers["location"].rsplit("/", 1)[1]
        walk = client.get(f"/api/walks/{walk_id}").json()
        pdf = client.get("/report.pdf").content
        text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        return walk, _text(client.get("/report").text), text


def test_the_wrist_walk_has_an_unsure_lean_below_zero(sent: tuple[dict, str, str]) -> None:
    summary = sent[0]["result"]["summary"]
    assert summary["trunk_flexion_mean_deg"] < -5
    assert UNCERTAIN_FORWARD in summary["trunk_flexion_quality"]


@pytest.mark.parametrize("which", [1, 2], ids=["html", "pdf"])
def test_the_report_does_not_say_forward_or_back_of_an_unsure_lean(
    sent: tuple[dict, str, str], which: int
) -> None:
    text = sent[which]
    size = round(abs(sent[0]["result"]["summary"]["trunk_flexion_mean_deg"]))
    assert "Trunk lean forward" not in text
    # a wrist is not the lower back: the lean is not judged at all, as ``gait analyze`` says it (since
    # the report reads each measure's not_worn_at_lower_back flag, 2026-11-28); never its size or way
    assert "Trunk lean while walking, against standing not judged: not worn at the lower back" in text
    assert f"{size}° from standing" not in text
    assert "−" not in text.split("Trunk lean while walking", 1)[1][:40]


def test_a_negative_lean_reads_as_leaning_back() -> None:
    assert lean_shown(-12.4, ["relative_to_standing"]) == "12° back"
    assert lean_shown(7.0, ["relative_to_standing"]) == "7° forward"
    assert lean_shown(-12.4, ["relative_to_standing", UNCERTAIN_FORWARD]) == (
        "12° from standing (forward or back: not sure, so not judged)"
    )
    assert lean_shown(None, ["orientation_unknown"]) is None
