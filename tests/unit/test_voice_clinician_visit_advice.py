"""A clinician reading the advice is told what to arrange, not ordered about as if they were the person.

A physiotherapist doing a clinician check read "They must book a visit with a GP or physiotherapist in
the next one to two weeks". A visit to book is now the examiner's to arrange ("Book a follow-up
visit ..."), a visit not needed soon is advice ("They should see ..."), and what is needed today or
now stays a must (review R6: who must do it). The person's own words are unchanged.
"""

from __future__ import annotations

from backstride.core.voice import about_them_text
from backstride.knowledge import load_knowledge


def _said(disposition: str) -> str:
    return str(load_knowledge().dispositions[disposition].see_clinician)


def test_a_routine_visit_is_for_the_examiner_to_arrange() -> None:
    said = about_them_text(_said("routine"))
    assert said.startswith(
        "Book a follow-up visit with a GP or physiotherapist in the next one to two weeks."
    ), said
    assert "must book" not in said.lower()


def test_a_visit_not_needed_soon_is_advice() -> None:
    said = about_them_text(_said("self_care"))
    assert "They should see a GP or physiotherapist if it is not clearly better" in said, said
    banner = about_them_text("Book a visit: see a GP or physiotherapist within one to two weeks.")
    assert (
        banner == "Book a follow-up visit: they should see a GP or physiotherapist within one to two weeks."
    )


def test_what_is_needed_today_or_now_stays_a_must() -> None:
    assert about_them_text(_said("urgent")).startswith("They must see a doctor today or within 24 hours")
    assert about_them_text(_said("emergency")).startswith("They must go to an emergency department")
    assert about_them_text("If it gets worse, see a clinician today.") == (
        "If it gets worse, they must see a clinician today."
    )


def test_the_person_reads_their_own_words() -> None:
    assert _said("routine").startswith(
        "Book a visit with a GP or physiotherapist in the next one to two weeks."
    )
