"""A recording not worn at the lower back leaves out its walking speed and stride length, as it leaves out
its distance: they are the same lower-back estimate (speed times walking time gave the distance back).
walk50.xls (a phone that tips about 73 degrees per stride: a pocket or a hand) showed "walking speed
0.99 m/s" and "stride length 1.21 m" under "walking distances are not judged"."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.gait.test_worn_at_stated import WALK50, _gait, _stored_before_the_tilt_check

from backstride.knowledge.loader import load_knowledge
from backstride.services.records import summarize_walk
from backstride.storage.db import sqlite_url
from backstride.web import views
from backstride.web.app import create_app
from backstride.web.settings import Settings

NOT_JUDGED = "not judged: not worn at the lower back"


def test_the_json_and_the_terminal_leave_out_speed_and_stride_length():
    d = json.loads(_gait(str(WALK50), "--json").stdout)
    s, (bout,) = d["summary"], d["walking_bouts"]
    assert s["total_distance_m"] is None and s["cadence_spm"] is not None  # steps per minute stay
    assert s["walking_speed_mps"] is None and s["stride_length_m"] is None
    assert bout["walking_speed_mps"] is None and bout["stride_length_m"] is None
    assert bout["strides"] and all(x["length_m"] is None and x["speed_mps"] is None for x in bout["strides"])
    out = _gait(str(WALK50))
    assert out.returncode == 0, out.stderr
    rows = [" ".join(line.strip("│┃ ").split()) for line in out.stdout.splitlines()]
    assert f"walking speed │ {NOT_JUDGED}" in rows
    assert f"stride length (two steps) │ {NOT_JUDGED}" in rows
    assert " m/s" not in out.stdout  # nor in the bout table


def _page_text(raw: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_the_walk_page_says_not_judged_for_speed_and_stride_length(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as web:
        sent = web.post("/walks", files={"file": (WALK50.name, WALK50.read_bytes())})
        assert sent.status_code in (200, 303), sent.text
        (walk,) = web.get("/api/walks").json()
        page = _page_text(web.get(f"/walks/{walk['id']}").text)
    assert walk["summary"]["walking_speed_mps"] is None and walk["summary"]["stride_length_m"] is None
    assert "not judged walking speed" in page and "not judged stride length (two steps)" in page
    assert "m/s" not in page


def test_a_walk_stored_before_leaves_them_out_on_its_page_too():
    """A pocket walk stored before the tilt check (or before this) still holds its speeds: the page
    shows the warning first, and speed and stride length as not judged."""
    old = _stored_before_the_tilt_check()
    for numbers in (old["summary"], *old["walking_bouts"]):  # as it was stored then
        numbers.update(walking_speed_mps=0.994, stride_length_m=1.211)
    walk = {"id": 1, "result": old, "summary": summarize_walk(old), "findings": {}}
    context = views.walk_context(load_knowledge(), walk)
    assert context["placement_warning"]
    facts = {f["label"]: f["value"] for f in context["facts"]}
    assert facts["walking speed"] == facts["stride length (two steps)"] == "not judged"
    assert all(b["speed"] == b["stride"] == "not judged" for b in context["bouts"])
