"""'What changed' and the home page say a clinician's check had an examination only when one was entered.

A clinician's check can end before any examination question (a warning sign sets the level) or have
each answered "don't know"; the result page and the report say so since e00e2cd ('no examination
finding was entered'), but the note comparing checks of two modes still said 'this time a clinician
answered, with an examination', which a clinician reading the report takes as an examination done
and normal; and the home page's unfinished clinician check '(clinician check, with an examination)'
before any examination question. Found by review R4.
"""

from __future__ import annotations

from tests.unit.test_compare_checks import KB, STENOSIS, check

from backstride.services.check_changes import compare_checks


def test_a_clinician_check_without_an_examination_finding_is_not_said_to_have_one() -> None:
    for exam in ({}, {"exam_slr_positive": None}):  # none entered, or "don't know"
        later = check({**STENOSIS, **exam}, number=2, mode="clinician")
        note = compare_checks(check(STENOSIS, number=1), later, KB).mode_note
        assert note is not None
        assert note.startswith(
            "Last time you answered; this time a clinician answered, with no examination finding entered."
        ), note
        back = compare_checks(later, check(STENOSIS, number=3), KB, voice="person").mode_note
        assert back is not None and "with an examination" not in back, back
        assert back.startswith("Last time a clinician answered, with no examination finding entered;"), back


def test_a_clinician_check_with_an_examination_finding_still_says_so() -> None:
    later = check({**STENOSIS, "exam_slr_positive": False}, number=2, mode="clinician")
    note = compare_checks(check(STENOSIS, number=1), later, KB).mode_note
    assert note is not None and "this time a clinician answered, with an examination." in note


def test_the_home_pages_unfinished_clinician_check_is_said_to_have_an_examination_only_with_one(
    tmp_path,
) -> None:
    # "2 questions answered so far (clinician check, with an examination)" for a check that had
    # answered no examination question yet
    from fastapi.testclient import TestClient

    from backstride.services.records import Records
    from backstride.storage.db import Database, sqlite_url
    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    url = sqlite_url(tmp_path / "h.sqlite3")
    records = Records(Database(url).migrate())
    half = records.start_assessment("clinician").id
    records.answer(half, {"age_years": 71, "worse_walking": True})
    with TestClient(create_app(Settings(database_url=url))) as client:
        home = client.get("/").text
        assert "answered so far (clinician check)" in home and "with an examination" not in home
        records.answer(half, {"exam_slr_positive": False})
        assert "answered so far (clinician check, with an examination)" in client.get("/").text
