"""A person can say where the phone or sensor was worn, and that beats the "tipped more than a pelvis"
guess (docs/gait-input.md). A real lower-back wearer who stoops or carries something can tip over the
30-degree bar (one lab bout tips 27); before, they were told "probably in a trouser pocket" with nothing
they could do. Now `gait analyze --worn-at`, the walk page's "Where was it worn?" and the API's worn_at say
it, the warning tells them how, and a walk stored before the check is not used by a check either."""

from __future__ import annotations

import copy
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.gait import constants as C
from backstride.gait.factors import NOT_AT_LOWER_BACK, UNLIKE_A_PELVIS, placement_warning_of
from backstride.gait.pipeline import analyze_gait
from backstride.services.gait_findings import gait_to_inputs, walk_not_usable
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

read_recording = pytest.importorskip("backstride.gait.readers").read_recording

WALK50 = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"  # tips about 73 degrees
LAB = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


def _gait(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backstride", "gait", "analyze", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": "src", "COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("place", ["lower-back", "belt", "Lower back"])
def test_worn_at_the_lower_back_skips_the_tilt_check_on_the_command_line(place):
    out = _gait(str(WALK50), "--worn-at", place, "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["alignment"]["worn_at_lower_back"] is True
    assert d["alignment"][UNLIKE_A_PELVIS] is None
    assert placement_warning_of(d["alignment"]) is None
    assert any(f["present"] is not None for f in d["gait_factors"])  # judged, as a file saying so is


def test_worn_in_a_pocket_gives_the_warning_on_the_command_line():
    assert LAB.is_file()
    out = _gait(str(LAB), "--worn-at", "pocket", "--acc-unit", "m/s^2", "--gyr-unit", "deg/s")
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "Please note: You said it was worn on the thigh (in a trouser pocket)" in text
    assert text.index("Please note:") < text.index("Walking bouts")


def test_a_place_that_is_not_one_of_the_choices_is_refused_naming_them():
    out = _gait(str(WALK50), "--worn-at", "shoulder")
    assert out.returncode == 2
    assert "--worn-at shoulder" in out.stderr
    assert "lower-back, belt, pocket, hand, wrist, unknown" in out.stderr
    assert out.stdout == ""


def test_the_warning_says_what_to_do_when_it_was_at_the_lower_back():
    d = analyze_gait(read_recording(WALK50)).to_dict()
    warning = placement_warning_of(d["alignment"])
    assert warning is not None and d["notes"][0] == warning
    assert "If it was at your lower back, say so and send it again" in warning
    assert "“Where was it worn?”" in warning and "--worn-at lower-back" in warning


def _page_error(page: str) -> str:
    found = re.search(r'id="upload-error"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error said"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def test_the_walk_page_takes_where_it_was_worn_and_keeps_it_with_the_walk(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as web:
        form = web.get("/walks").text
        assert re.search(
            r'<fieldset class="field" id="worn_at"[^>]*>\s*<legend>Where was it worn\?</legend>', form
        )
        bad = web.post(
            "/walks",
            files={"file": (WALK50.name, WALK50.read_bytes())},
            data={"worn_at": "shoulder", "symptom_at": "5"},
        )
        assert bad.status_code == 422
        said = _page_error(bad.text)
        assert "“Where was it worn?” “shoulder”" in said and "lower-back, belt, pocket" in said
        assert 'value="5"' in re.search(r'<input[^>]*id="symptom_at"[^>]*>', bad.text).group(0)
        assert web.get("/api/walks").json() == []  # nothing stored
        sent = web.post(
            "/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data={"worn_at": "lower-back"}
        )
        assert sent.status_code in (200, 303), sent.text
        (walk,) = web.get("/api/walks").json()
        page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", web.get(f"/walks/{walk['id']}").text)).split())
    assert walk["algorithm_parameters"]["reader"]["worn_at"] == "lower-back"
    assert "tipped forward and back" not in page


def test_the_api_takes_worn_at_and_refuses_another_value(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as api:
        bad = api.post(
            "/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data={"worn_at": "x"}
        )
        assert bad.status_code == 422
        assert "worn_at" in bad.text and "lower-back, belt, pocket, hand, wrist, unknown" in bad.text
        assert api.get("/api/walks").json() == []
        ok = api.post(
            "/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data={"worn_at": "belt"}
        )
        assert ok.status_code == 201, ok.text
        assert ok.json()["algorithm_parameters"]["reader"]["worn_at"] == "belt"
        assert walk_not_usable(api.get(f"/api/walks/{ok.json()['id']}").json().get("result") or {}) in (
            None,
            "too_little_walking",
            "unsteady",
            "no_direction",
        )


def _stored_before_the_tilt_check() -> dict:
    """WALK50's result as backstride made it before e1117d6c: no tilt check, factors judged."""
    old = analyze_gait(read_recording(WALK50)).to_dict()
    old["alignment"].pop(UNLIKE_A_PELVIS)
    old["alignment"]["worn_at_lower_back"] = None
    old["alignment"]["quality"] = [q for q in old["alignment"]["quality"] if q != NOT_AT_LOWER_BACK]
    for quality in (old["summary"], *(b["quality"] for b in old["walking_bouts"])):  # per-metric flags
        for key, flags in quality.items():
            if isinstance(flags, list):
                quality[key] = [q for q in flags if q != NOT_AT_LOWER_BACK]
    # the factors as judged at the lower back (the engine told the file was worn there)
    from backstride.gait.factors import gait_factors

    old["gait_factors"] = gait_factors(
        old["summary"], height_m=1.7, height_is_default=True, body_location="lower back"
    )
    old["walking_tolerance"]["quality"] = []
    return old


def test_a_walk_stored_before_the_tilt_check_is_not_used_by_a_check():
    old = _stored_before_the_tilt_check()
    assert old["summary"]["pelvis"]["tilt_rom_deg"] > C.PELVIS_TILT_RANGE_MAX_DEG
    assert gait_to_inputs(old)[1]  # its factors read as judged ("uneven steps" and the like)
    assert walk_not_usable(old) == "not_at_lower_back"
    assert "pocket" in (placement_warning_of(old["alignment"], old["summary"]) or "")
    # a walk whose file or person said the lower back keeps being used
    said = copy.deepcopy(old)
    said["alignment"]["body_location"] = "lower back"
    assert walk_not_usable(said) != "not_at_lower_back"
    assert placement_warning_of(said["alignment"], said["summary"]) is None


def test_the_same_file_sent_again_saying_the_lower_back_is_kept_and_used(tmp_path: Path):
    """'Say so and send it again': the same bytes with a place said are a walk of their own, not refused
    as sent already (409); sent again with the same place, they are."""
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as api:
        first = api.post("/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())})
        assert first.status_code == 201
        said = {"worn_at": "lower-back"}
        again = api.post("/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data=said)
        assert again.status_code == 201, again.text
        twice = api.post("/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data=said)
        assert twice.status_code == 409 and twice.json()["walk_id"] == again.json()["id"]
        old, new = (api.get(f"/api/walks/{w.json()['id']}").json()["result"] for w in (first, again))
    assert walk_not_usable(old) == "not_at_lower_back"
    assert walk_not_usable(new) != "not_at_lower_back"
