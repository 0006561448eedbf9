"""An emergency set by the nerves and the aneurysm together cites the sources of both (knowledge 1.32.0).

A bladder change with sudden, bad pain and feeling faint fires a cauda equina rule [A15, A22] and
``aortic_aneurysm_faint`` [A24]; both are EMERGENCY NOW in EVIDENCE.md A.9 ([A15][A16][A22][A23][A24]).
Since 1.31.0 what to do keeps the walk's words ("Stop walking and do not drive yourself"), as it
should with the nerves in it, but it cited only the nerve sources [A9, A15, A16, A22]: the reason it
is an emergency for the artery was nowhere behind the line that tells the person what to do. Now the
line cites [A24] too, on the terminal (banner, timeline, "When to see a clinician"), the JSON's
``see_clinician_sources``, the result page and the notice said before the check ends. An emergency of
one kind cites as before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_age_unknown_notices import started
from tests.integration.test_aneurysm_emergency_own_sources import ANEURYSM, BOTH, _assess

from backstride.services.interview import emergency_now, warning_now

NERVES = {**ANEURYSM["faint"], "sudden_pain_with_faintness": False, "urinary_retention": True}


def test_the_json_cites_both(tmp_path: Path) -> None:
    result = json.loads(_assess(tmp_path, BOTH, "--json"))
    assert result["disposition"] == "emergency"
    assert {"aortic_aneurysm_faint"} < set(result["disposition_because"])
    sources = result["plan"]["see_clinician_sources"]
    assert {"A15", "A16", "A22", "A24"} <= set(sources)
    assert "Stop walking" in result["plan"]["see_clinician"]  # the nerves' words are kept
    nerves = json.loads(_assess(tmp_path, NERVES, "--json"))["plan"]["see_clinician_sources"]
    assert "A24" not in nerves  # one kind alone cites as before
    alone = json.loads(_assess(tmp_path, ANEURYSM["faint"], "--json"))["plan"]["see_clinician_sources"]
    assert alone == ["A24"]


def test_the_terminal_cites_both(tmp_path: Path) -> None:
    words = " ".join(_assess(tmp_path, BOTH).replace("│", " ").split())
    said = words.split("Not a diagnosis")[0]
    assert "call emergency services now. [A9, A15, A16, A22, A24]" in said  # the banner
    assert "Stop walking and do not drive yourself. [A9, A15, A16, A22, A24]" in said  # what to do
    assert "[A9, A15, A16, A22]" not in said


def test_the_notices_before_the_end_cite_both() -> None:
    both = {"sudden_pain_with_faintness": True, "urinary_retention": True}
    assert set(emergency_now(both)["sources"]) >= {"A15", "A22", "A24"}
    said = warning_now(both)
    assert said["message"].startswith("Stop walking.")
    assert set(said["sources"]) >= {"A15", "A16", "A22", "A24"}
    assert "A24" not in emergency_now({"urinary_retention": True})["sources"]
    assert "A24" not in warning_now({"urinary_retention": True})["sources"]


@pytest.mark.usefixtures("database_url")
def test_the_result_page_cites_both(api: Any) -> None:
    check = started(api, BOTH)
    page = " ".join(re.sub(r"<[^>]+>", " ", api.get(f"/check/{check}/result").text).split())
    (what,) = re.findall(r"What to do now: .*? Sources: ([A-Z0-9, ]+)\.", page)[:1]
    assert {"A15", "A22", "A24"} <= set(what.split(", ")), what
