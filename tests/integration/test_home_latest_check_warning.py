"""Home shows the newest finished check when its answers call for emergency help or a doctor today.

A physiotherapist's new-user test (2026-11-28): in a clinic, a person whose finished check was an
emergency (new bladder trouble, numbness between the legs [A15, A12]) had nothing of it on Home ("Back
pain when you walk ..." only); it was on History alone. At home it was the same. Home now says it first,
as the result page's banner of that level, said about the person when a clinician reads it, with a link
to the whole result; it reads the red-flag rules on the answers, never a whole result.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS, finish
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

EMERGENCY = {**STENOSIS, "urinary_retention": True, "saddle_numbness": True}
URGENT = {**STENOSIS, "fever": True}


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def _people(tmp_path: Path, *labels: str) -> tuple[str, Records, dict[str, int]]:
    url = sqlite_url(tmp_path / "db.sqlite3")
    records = Records(Database(url).migrate())
    ids = {label: records.people.add(label).id if label != "Me" else 1 for label in labels}
    return url, records, ids


def _home(url: str, person: int | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    if monkeypatch is not None:  # Home reads little: the red-flag rules only, never a whole result
        monkeypatch.setattr(Records, "result", lambda *a, **k: pytest.fail("Home worked out a result"))
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get("/" if person is None else f"/?person={person}")
    assert page.status_code == 200
    return page.text


def test_a_clinics_home_shows_a_persons_finished_emergency_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, records, ids = _people(tmp_path, "Ana", "Ben")
    check = finish(records.for_person(ids["Ana"]), EMERGENCY)
    page = _home(url, ids["Ana"], monkeypatch)
    text = _main(page)
    assert '<div class="disposition disposition-emergency warning-now" role="alert">' in page
    said = "The latest check How soon: Emergency Their latest check means: they must get emergency help now"
    assert said in text and "Do not let them drive." in text
    assert "Numbness between the legs" in text and "A change in bladder or bowel control" in text
    assert f'href="/check/{check}/result"' in page
    # said first: before the offer to start a new check
    assert text.index(said) < text.index("Start a new check")
    assert reading_grade(page) <= MAX_GRADE
    # the other person's Home says nothing of it
    assert "warning-now" not in _home(url, ids["Ben"]).replace(".warning-now", "")


def test_at_home_the_latest_emergency_check_speaks_to_the_person(tmp_path: Path) -> None:
    url, records, _ = _people(tmp_path, "Me")
    finish(records, EMERGENCY)
    text = _main(_home(url))
    assert "Your latest check How soon: Emergency Your latest check means: get emergency help now" in text
    assert "Do not drive yourself." in text


def test_a_clinicians_check_is_said_about_the_person_and_urgent_as_urgent(tmp_path: Path) -> None:
    url, records, _ = _people(tmp_path, "Me")
    finish(records, URGENT, mode="clinician")
    page = _home(url)
    assert 'class="disposition disposition-urgent warning-now"' in page
    assert "Their latest check means: they must see a doctor today" in _main(page)


def test_only_the_newest_finished_check_counts(tmp_path: Path) -> None:
    url, records, _ = _people(tmp_path, "Me")
    finish(records, EMERGENCY)
    finish(records, STENOSIS)  # a later check without a warning sign: its result is the latest
    page = _home(url)
    assert "latest-heading" not in page and "warning-now" not in page.replace(".warning-now", "")


def _stored(url: str, check: int, **columns: object) -> None:
    """Change a check's stored columns as an older version, or an earlier result, left them."""
    from sqlalchemy import update

    from backstride.storage.models import Assessment

    db = Database(url)
    with db.session(write=True) as session:
        session.execute(update(Assessment).where(Assessment.id == check).values(**columns))
    db.dispose()


def test_a_check_kept_before_finish_times_were_stored_counts_as_history_orders_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home looked only at checks with a finish time: an emergency check kept before finish times were
    stored (History: finished, "Emergency") had no word on Home, and an older check with a finish time
    spoke for "your latest check" over a newer all-clear one kept so. Now the newest finished check is
    the one History and "my last check" order first (one without a finish time by when it was started)."""
    url, records, _ = _people(tmp_path, "Me")
    emergency = finish(records, EMERGENCY)
    _stored(url, emergency, finished_at=None)
    page = _home(url)
    assert "Your latest check means: get emergency help now" in _main(page)
    assert f'href="/check/{emergency}/result"' in page
    later = finish(records, STENOSIS)  # started after the emergency check was finished: the newest
    _stored(url, later, finished_at=None)
    page = _home(url, monkeypatch=monkeypatch)
    assert "latest-heading" not in page and "warning-now" not in page.replace(".warning-now", "")


@pytest.mark.parametrize(("stored", "says"), [("emergency", "get emergency help now"), ("urgent", None)])
def test_the_stored_level_is_never_downgraded_by_the_rules_on_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: str, says: str | None
) -> None:
    """Home read the warning rules on the answers alone: a check whose result (its page, History) said
    "Emergency" while the rules on its answers said "see a doctor today" (a result worked out with other
    rules, or a serious cause the rules do not see) was shown on Home a level lower. Now the stored
    level counts when it is the more urgent; a stored level below the rules' never lowers them."""
    url, records, _ = _people(tmp_path, "Me")
    check = finish(records, URGENT)
    _stored(url, check, disposition=stored)
    text = _main(_home(url, monkeypatch=monkeypatch))
    assert f"Your latest check means: {says or 'see a doctor today'}" in text
    assert ("How soon: Emergency" in text) is (stored == "emergency")
    _stored(url, check, disposition="routine")  # a stored level below the rules': the rules' stand
    assert "Your latest check means: see a doctor today" in _main(_home(url, monkeypatch=monkeypatch))
