"""The Data page's restore box promises only what a restore does.

It said "Nothing is added twice, and nothing here is changed." A restore does change what is here
when the file holds a newer version of a diary entry (changed on the other computer after the copy
was made): the file's version replaces the one here, which is kept as an earlier version
(docs/sharing.md, "Restoring a backup"). The box now says so, and a restore of such a file shows it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from fastapi.testclient import TestClient

from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

DAY = (date.today() - timedelta(days=4)).isoformat()


def test_a_newer_file_changes_an_entry_here_and_the_page_says_it_may(tmp_path) -> None:
    home = Records(Database(sqlite_url(tmp_path / "home.sqlite3")).migrate())
    entry = home.add_diary_entry(entry_date=DAY, pain_0_10=7, notes="first")
    laptop_url = sqlite_url(tmp_path / "laptop.sqlite3")
    laptop = Records(Database(laptop_url).migrate())
    restore_export(laptop, json.dumps(home.export_all()))  # the laptop has the first version
    home.update_diary_entry(entry.id, entry_date=DAY, pain_0_10=2, notes="changed at home")
    newer = json.dumps(home.export_all()).encode()
    with TestClient(create_app(Settings(database_url=laptop_url))) as client:
        before = client.get("/data").text
        page = client.post("/data/import", files={"file": ("home.json", newer)})
        diary = client.get("/api/diary").json()
    assert [(e["pain_0_10"], e["notes"]) for e in diary] == [(2, "changed at home")]  # changed here
    for text in (before, page.text):
        assert "nothing here is changed" not in text
        assert "the newer version is kept" in text
