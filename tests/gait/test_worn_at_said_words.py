"""A place the person gave (`--worn-at`, "Where was it worn?", the API's worn_at) is said as theirs:
"You said it was worn on the thigh (in a trouser pocket)", not "This recording says ..." as if the file
had said so. A file that says where it was worn is still quoted as the file."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.gait.test_worn_at_stated import LAB, WALK50, _gait

from backstride.gait.factors import SAID, placement_warning, placement_warning_of
from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

YOU_SAID = "You said it was worn on the thigh (in a trouser pocket)."


def test_the_terminal_says_the_place_is_the_persons_word():
    units = ("--acc-unit", "m/s^2", "--gyr-unit", "deg/s")
    out = _gait(str(LAB), "--worn-at", "pocket", *units)
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert f"Please note: {YOU_SAID}" in text
    assert "This recording says" not in text and "this recording says" not in text
    assert "Not judged: you said it was worn on the thigh" in text  # the factor table too
    d = json.loads(_gait(str(LAB), "--worn-at", "pocket", *units, "--json").stdout)
    assert d["alignment"][SAID] is True and d["notes"][0].startswith(YOU_SAID)
    assert placement_warning_of(d["alignment"]) == d["notes"][0]


def test_a_file_that_says_where_is_still_quoted_as_the_file():
    said = placement_warning("right wrist") or ""
    assert said.startswith("This recording says it was worn on the right wrist.")


def test_the_walk_page_says_the_place_is_the_persons_word(tmp_path: Path):
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as web:
        sent = web.post(
            "/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data={"worn_at": "pocket"}
        )
        assert sent.status_code in (200, 303), sent.text
        (walk,) = web.get("/api/walks").json()
        raw = web.get(f"/walks/{walk['id']}").text
    warning = re.search(r'id="placement-warning"[^>]*>(.*?)</p>', raw, re.S)
    assert warning is not None
    assert html.unescape(warning.group(1)).startswith(YOU_SAID)
    assert "This recording says it was worn" not in html.unescape(raw)


def test_worn_at_unknown_is_the_same_walk_as_nothing_said(tmp_path: Path):
    """'unknown' leaves it to the file and the signal, as nothing said does: the same file sent again with
    it is the same walk (409), not a second copy that a check would count twice."""
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as api:
        first = api.post("/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())})
        assert first.status_code == 201, first.text
        again = api.post(
            "/api/walks", files={"file": (WALK50.name, WALK50.read_bytes())}, data={"worn_at": "unknown"}
        )
        assert again.status_code == 409, again.text
        assert again.json()["walk_id"] == first.json()["id"]
