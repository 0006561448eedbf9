"""The report's "they" rewording of texts written to the person read oddly where a second "they"
(the clinician the person will see) met the person: "When they see a clinician, ask if they can
examine them." (who asks, and who is examined?), and "Talk it over with their clinician before they
change what they do." told the clinician reading the report to talk it over. Found reading the
clinic report as a first-time user; now said whole, about the person."""

from __future__ import annotations

from backstride.core.voice import about_them_text
from backstride.diary.steps import CANNOT_SHOW
from backstride.services.exam_note import EXAM_NOTE_ADVICE


def test_the_examination_advice_says_who_asks_for_what() -> None:
    assert about_them_text(EXAM_NOTE_ADVICE["routine"]) == (
        "When they see a clinician, they should ask for an examination."
    )
    assert (
        about_them_text(EXAM_NOTE_ADVICE["urgent"])
        == "When they see a doctor, they should ask for an examination."
    )


def test_what_seems_to_help_tells_the_person_to_talk_it_over() -> None:
    said = about_them_text(CANNOT_SHOW)
    assert said.endswith("They should talk it over with their clinician before they change what they do.")
    assert "try more on bad days. They should" in said


def test_the_person_is_still_spoken_to_as_before_elsewhere() -> None:
    assert about_them_text("A doctor can check you.") == "A doctor can check them."
    assert about_them_text("If you can, talk it over with your clinician.") == (
        "If they can, talk it over with their clinician."
    )
