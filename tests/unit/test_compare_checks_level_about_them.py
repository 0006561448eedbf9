"""The report's "what changed" for a clinician said how soon to get help in the person's words: "How soon
to get help is the same as last time: Book a visit with a clinician", read by the examiner as their own
visit to book (the banner says it about the person: ``core.voice.about_them_text``)."""

from __future__ import annotations

from tests.unit.test_compare_checks import STENOSIS, compare

from backstride.services.check_changes import level_words


def test_how_soon_is_said_about_the_person_in_the_report() -> None:
    words = compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": 4}, voice="person").headline
    assert "Book a follow-up visit with a clinician" in words and "Book a visit" not in words, words
    # the person's own page keeps its words
    assert "Book a visit with a clinician" in compare(STENOSIS, {**STENOSIS, "pain_severity_nrs": 4}).headline


def test_every_level_is_said_about_the_person() -> None:
    assert level_words("urgent", "person") == "They must see a clinician today"
    assert level_words("emergency", "person") == "They must get emergency help now"
    assert level_words("routine", "you") == "Book a visit with a clinician"
