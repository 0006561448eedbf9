"""The Walks page asks "Clip your phone to your belt, at the middle of your lower back", and its
"Where was it worn?" offered both "At the lower back" and "On a belt": a person who did as asked
could not tell which to pick (review 2026-11-28). The belt choice now says it is another place on a
belt ("On a belt, at the side or front"); the values sent and kept (``lower-back``, ``belt``) and the
API are unchanged, and both still judge the walk as worn at the lower back.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from tests.integration.test_walks_worn_at_choice_words import _choices

from backstride.web.app import create_app
from backstride.web.settings import Settings

ASKED = "Clip your phone to your belt, at the middle of your lower back."


def test_only_one_choice_fits_a_phone_clipped_as_asked(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}"))) as web:
        page = web.get("/walks").text
    assert ASKED in " ".join(page.split())
    choices = _choices(page)
    values = re.findall(r'<input type="radio" name="worn_at" value="([^"]*)"', page)
    by_value = dict(zip(values, choices, strict=True))
    assert by_value["lower-back"] == "At the lower back"  # the ask's place, quoted by the tilt warning
    belt = by_value["belt"]
    assert "lower back" not in belt and ("side" in belt or "front" in belt), belt
