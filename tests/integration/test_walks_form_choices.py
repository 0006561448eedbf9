"""The Walks page's choices (file type, units, where it was worn) are radio buttons, each written out in
full: drop-downs cut their longest choices on a phone (``test_browser_zoom_200``). A form sent back with
a problem keeps every choice as it was picked; one not among them (sent by hand) picks the first, as a
drop-down showed its first."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

PICKED = {"format": "csv", "acc_unit": "g", "gyr_unit": "rad/s", "worn_at": "pocket"}


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{re.escape(name)}" value="([^"]*)" checked>', page)


def test_a_form_sent_back_keeps_each_choice_and_the_page_has_no_drop_down(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=sqlite_url(tmp_path / "w.sqlite3")))) as web:
        empty = web.get("/walks").text
        assert "<select" not in empty
        assert {name: _checked(empty, name) for name in PICKED} == {
            "format": ["auto"],
            "acc_unit": [""],
            "gyr_unit": [""],
            "worn_at": [""],
        }
        sent = {**PICKED, "height_cm": "1.7 m"}  # refused: not in cm
        back = web.post("/walks", files={"file": ("walk.csv", b"t,ax\n")}, data=sent)
        assert back.status_code == 422, back.text[:300]
        assert {name: _checked(back.text, name) for name in PICKED} == {k: [v] for k, v in PICKED.items()}
        odd = web.post(
            "/walks",
            files={"file": ("walk.csv", b"t,ax\n")},
            data={"gyr_unit": "turns", **{"height_cm": "x"}},
        )
        assert _checked(odd.text, "gyr_unit") == [""]
