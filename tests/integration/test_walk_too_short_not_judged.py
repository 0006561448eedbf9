"""A walk the checks will not use claims no walking habit and no certainty.

A real Sensor Logger phone recording (EricCabrol, Android) has 6 steps over 3.1 s: too few for a check
to use (``services.gait_findings.walk_not_usable``: fewer than 8 steps in a row). Its walk page said
"Found: Walking slower than usual ... How sure: fairly sure" while the same page said checks do not
use the walk. Now the habits are "Not judged", the page says the walk was too short to judge and
names the limit, and the report for a clinician says the same.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS

from backstride.services.gait_findings import USABLE_BOUT_MIN_STEPS
from backstride.web.app import create_app
from backstride.web.settings import Settings

METRO = FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> tuple[dict, str, str]:
    tmp = tmp_path_factory.mktemp("short-walk")
    export = tmp / "Comparo_slow-2024-06-17_06-57-00.zip"
    with zipfile.ZipFile(export, "w") as z:
        for path in sorted(METRO.iterdir()):
            z.write(path, path.name)
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp / 't.sqlite3'}"))) as client:
        sent = client.post(
            "/walks", files={"file": (export.name, export.read_bytes())}, follow_redirects=False
        )
        assert sent.status_code == 303, sent.text[:500]
        walk_id = sent.headers["location"].rsplit("/", 1)[1]
        walk = client.get(f"/api/walks/{walk_id}").json()
        return walk, client.get(f"/walks/{walk_id}").text, client.get("/report").text


def _factors(page: str) -> str:
    return _text(re.search(r'id="factors-heading".*?</section>', page, re.S).group(0))


def test_the_recording_is_the_tiny_walk_the_gait_engine_calls_slow(pages: tuple[dict, str, str]) -> None:
    walk, _, _ = pages
    bouts = walk["result"]["walking_bouts"]
    assert [b["n_steps"] for b in bouts] == [6]
    assert max(b["n_steps"] for b in bouts) < USABLE_BOUT_MIN_STEPS
    slow = {f["code"]: f for f in walk["result"]["gait_factors"]}["slow_speed"]
    assert slow["present"] is True  # the engine's number stays in the JSON for a clinician


def test_a_walk_too_short_for_a_check_is_not_judged_on_its_walk_page(pages: tuple[dict, str, str]) -> None:
    _, page, _ = pages
    factors = _factors(page)
    assert "Checks do not use this walk" in _text(page)
    assert "Found:" not in factors
    assert "How sure" not in factors
    assert "fairly sure" not in factors
    assert "That is slower than usual" not in factors  # the engine's claim is not repeated
    assert (
        "This walk was too short to judge your walking habits. We need at least 8 steps in a row "
        "(about 5 metres); your longest stretch had 6 steps in 3.1 s."
    ) in factors
    assert "Not judged: Walking speed is slower than usual for adults (0.46 m/s)" in factors


def test_the_report_says_the_same_of_the_latest_walk(pages: tuple[dict, str, str]) -> None:
    _, _, report = pages
    table = _text(re.search(r"<caption>Gait factors of the walk</caption>.*?</table>", report, re.S).group(0))
    assert "Found" not in table.replace("Found?", "")
    assert "moderate" not in table  # no evidence grade for a factor not judged
    assert "too short to judge" in _text(report)
    walks = _text(re.search(r'id="walks-heading".*?</tbody>', report, re.S).group(0))
    assert "not judged: too little steady walking" in walks
    assert "slow speed" not in walks  # the walks table said the factor was found
