"""The diary page's "What I tried today" without JavaScript, and what it says seems to help.

Tick boxes with the steps' plain names; a refused form comes back with every box as it was ticked and
everything typed; an unknown step is refused and nothing is stored; "What seems to help" is said only
with enough days, with its caveat.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

from backstride.diary.steps import CANNOT_SHOW, MIN_DAYS
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def _ticked(page: str) -> set[str]:
    return set(re.findall(r'name="tried" value="([a-z_0-9]+)" checked', page))


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#34;", '"').replace("&#39;", "'")


def test_the_form_has_a_tick_box_per_step_with_its_plain_name_and_none_for_safety_items(client) -> None:
    page = client.get("/diary").text
    assert "What I tried today" in page
    assert re.search(r'value="knee_to_chest"> <span>Knee-to-chest stretch</span>', page)
    assert re.search(r'value="heat_after_48h"> <span>Heat</span>', page)
    for safety in ("emergency_now", "see_clinician_today", "warning_signs"):
        assert f'value="{safety}"' not in page
    assert _ticked(page) == set()


def test_ticked_steps_are_saved_and_shown_by_name_in_the_entries(client) -> None:
    form = {"entry_date": "2026-11-02", "pain_0_10": "4", "tried": ["knee_to_chest", "heat_after_48h"]}
    saved = client.post("/diary", data=form, follow_redirects=False)
    assert saved.status_code == 303
    (entry,) = client.get("/api/diary").json()
    assert entry["tried"] == ["heat_after_48h", "knee_to_chest"]  # the plan's order
    entries = client.get(saved.headers["location"]).text.split('id="entries-heading"')[1]
    row = re.search(r"<th scope=\"row\">2\xa0Nov\xa02026</th>.*?</tr>", entries, re.S)  # on one line
    assert row and "Heat, Knee-to-chest stretch" in row.group(0)
    assert _ticked(client.get("/diary").text) == set()  # a new day starts with none ticked


def test_a_refused_form_shows_every_tick_and_everything_typed_again(client) -> None:
    form = {
        "entry_date": "2026-11-02",
        "pain_0_10": "11",
        "walking_tolerance_min": "12",
        "notes": "stiff morning",
        "tried": ["cat_cow", "cold_pack"],
    }
    page = client.post("/diary", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert "Pain: please type a whole number from 0 to 10." in page.text
    assert _ticked(page.text) == {"cat_cow", "cold_pack"}
    assert 'value="12"' in page.text and "stiff morning" in page.text and 'value="11"' in page.text
    assert client.get("/api/diary").json() == []


def test_an_unknown_step_is_refused_in_plain_words_and_nothing_is_stored(client) -> None:
    form = {
        "entry_date": "2026-11-02",
        "pain_0_10": "3",
        "notes": "kept",
        "tried": ["cat_cow", "emergency_now"],
    }
    page = client.post("/diary", data=form, follow_redirects=False)
    assert page.status_code == 422
    assert "What I tried today: please tick only the steps in the list." in page.text
    assert _ticked(page.text) == {"cat_cow"} and "kept" in page.text
    assert client.get("/api/diary").json() == []


def test_what_seems_to_help_is_said_only_with_enough_days(client) -> None:
    today = date.today()

    def add(days_ago: int, pain: int, tried: list[str]) -> None:
        day = (today - timedelta(days=days_ago)).isoformat()
        assert (
            client.post(
                "/diary", data={"entry_date": day, "pain_0_10": str(pain), "tried": tried}
            ).status_code
            == 200
        )

    for i, pain in enumerate((3, 4, 5)):  # 3 days with the stretch
        add(i, pain, ["knee_to_chest"])
    for i, pain in enumerate((6, 7), start=3):  # 2 days without it (and with heat)
        add(i, pain, ["heat_after_48h"])
    page = client.get("/diary").text
    assert "What seems to help" not in page and CANNOT_SHOW not in _text(page)
    add(5, 8, ["heat_after_48h"])  # the third day without it
    text = _text(client.get("/diary").text)
    assert "What seems to help" in text
    assert (
        f"On the {MIN_DAYS} days you did the knee-to-chest stretch, your pain was 4 in the middle; "
        "on the 3 other days, 7." in text
    )
    assert "On the 3 days you used heat, your pain was 7 in the middle; on the 3 other days, 4." in text
    assert CANNOT_SHOW in text
    part = re.search(r'<div class="what-helps".*?</div>', client.get("/diary").text, re.S)
    assert part is not None
    assert reading_grade(part.group(0)) <= MAX_GRADE, reading_grade(part.group(0))


def test_the_page_that_asks_before_removing_a_day_shows_its_steps(client) -> None:
    client.post("/diary", data={"entry_date": "2026-11-02", "pain_0_10": "4", "tried": ["cat_cow"]})
    (entry,) = client.get("/api/diary").json()
    asked = client.post(f"/diary/{entry['id']}/delete", data={"confirm": ""})
    assert asked.status_code == 200 and '<td data-label="What you tried">Cat-cow stretch</td>' in asked.text
    assert client.get("/api/diary").json() == [entry]  # asked, not removed
