""" "Where was it worn?" reads right to the person and to a clinic recording for them.

A physiotherapist's new-user test (2026-11-28): in a clinic the Walks page offered "At my lower back",
"On my belt", "In my hand" (the staff member's own back?), and the tipped-sensor warning quoted "choose
“At my lower back”". The choices now have no "my" ("At the lower back", "On a belt"), the warning quotes
the choice the page shows, and a walk stored before, whose notes keep the old quote, is said in today's
words on its page and in the FHIR export (the stored record is not changed).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.conftest import FORMATS

from backstride.gait.factors import SAY_WHERE
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import GaitRecording
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALK50 = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"  # a phone that tips about 73 degrees
OLD_QUOTE = "“At my lower back”"


def _choices(page: str) -> list[str]:
    group = re.search(r'<fieldset class="field" id="worn_at".*?</fieldset>', page, re.S)
    assert group is not None
    radio_label = r'<input type="radio" name="worn_at"[^>]*> <span>([^<]*)</span>'
    return [html.unescape(label) for label in re.findall(radio_label, group.group(0))]


def _quoted(text: str) -> str:
    found = re.search(r"choose “([^”]+)”", text)
    assert found is not None, text
    return found.group(1)


def test_the_choices_have_no_my_and_the_warning_quotes_one_of_them(tmp_path: Path) -> None:
    for labels in (("Me",), ("Ana", "Ben")):  # at home, and in a clinic
        url = sqlite_url(tmp_path / f"{len(labels)}.sqlite3")
        records = Records(Database(url).migrate())
        person = 1 if labels == ("Me",) else records.people.add("Ana").id
        if len(labels) > 1:
            records.people.add("Ben")
        records.db.dispose()
        with TestClient(create_app(Settings(database_url=url))) as web:
            choices = _choices(web.get(f"/walks?person={person}").text)
        assert [c for c in choices if re.search(r"\bmy\b", c, re.I)] == []
        assert "At the lower back" in choices and "On a belt, at the side or front" in choices
        assert _quoted(SAY_WHERE) in choices


def test_a_walk_stored_with_the_old_quote_is_said_in_todays_words(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "walks.sqlite3")
    db = Database(url).migrate()
    records = Records(db)
    walk = records.upload_walk(WALK50.name, WALK50.read_bytes()).id  # nothing said: tipped, so warned
    with db.session(write=True) as session:  # as stored before 2026-11-28
        result = json.loads(
            json.dumps(session.scalars(select(GaitRecording.result).where(GaitRecording.id == walk)).one())
        )
        assert _quoted(result["notes"][0]) == "At the lower back"
        result["notes"] = [n.replace("“At the lower back”", OLD_QUOTE) for n in result["notes"]]
        session.execute(update(GaitRecording).where(GaitRecording.id == walk).values(result=result))
    db.dispose()
    with TestClient(create_app(Settings(database_url=url))) as web:
        page = html.unescape(web.get(f"/walks/{walk}").text)
        fhir = web.get("/api/export/fhir")
    assert fhir.status_code == 200, fhir.text
    assert OLD_QUOTE not in page
    warning = re.search(r'id="placement-warning"[^>]*>(.*?)</p>', page, re.S)
    assert warning is not None and _quoted(warning.group(1)) == "At the lower back"
    assert page.count("choose “At the lower back”") == 1  # the stored note is the warning: said once
    assert OLD_QUOTE not in fhir.text and "choose “At the lower back”" in fhir.text
