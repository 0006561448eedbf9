"""One reading-grade function for every check of plain words (``backstride.core.reading``).

Before, three home-made Flesch-Kincaid formulas disagreed: the knowledge texts' test, the question
bank's check (``knowledge.questions``) and the web pages' test counted syllables and sentences each
their own way, so one text could pass one check and fail another. Each threshold keeps its meaning
(grade 7 is about reading age 12; no knowledge text over 10; a question with its why line at most 9),
and each still fails a hard sentence.
"""

from __future__ import annotations

import pytest
from tests.integration import test_web_plain_language as web
from tests.knowledge import test_plain_language as knowledge

from backstride.core import reading
from backstride.knowledge import questions

HARD = (
    "Neurogenic claudication characteristically necessitates intermittent discontinuation of "
    "ambulation, particularly during prolonged lumbar extension."
)
TEXTS = [
    "Sit down. Rest a bit. Then walk on.",
    "You walked at 0.65 m/s. Usual speeds for adults are 0.94-1.43 m/s, depending on age and sex [D1].",
    "Evidence: Makes sense, but not tested. When: in the first 48 hours of a flare-up; 15-20 minutes.",
    "The article's tips wait until a clinician has seen you; getting emergency help comes first.",
    HARD,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_three_checks_grade_a_text_alike(text: str) -> None:
    grade = reading.reading_grade(text)
    assert knowledge.fk_grade(text) == grade
    assert questions.reading_grade(text) == grade
    assert web.reading_grade(f"<main><p>{text}</p></main>") == grade


def test_every_threshold_still_fails_a_hard_sentence() -> None:
    assert reading.reading_grade(HARD) > knowledge.MAX_GRADE_ANY_TEXT > web.MAX_GRADE
    assert reading.reading_grade(HARD) > questions.MAX_READING_GRADE
    assert reading.reading_grade("Sit down. Rest a bit. Then walk on.") < 3


def test_numbers_and_empty_texts() -> None:
    assert reading.reading_grade("") == 0.0 and reading.reading_grade("15-20 0.65") == 0.0
    # a decimal point ends no sentence: "0.65 m/s" is one sentence, not two
    assert reading.sentences("You walked at 0.65 m/s today.") == ["You walked at 0.65 m/s today."]


def test_the_knowledge_tests_fail_a_hard_text(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*knowledge.person_texts(), ("advice.hard.note", HARD)]
    monkeypatch.setattr(knowledge, "person_texts", lambda: texts)
    with pytest.raises(AssertionError, match=r"advice\.hard\.note"):
        knowledge.test_no_person_text_is_too_hard()
    monkeypatch.setattr(knowledge, "person_texts", lambda: [("advice.hard.note", HARD)] * 3)
    with pytest.raises(AssertionError):
        knowledge.test_average_reading_age_about_12()


def test_a_page_with_hard_sentences_is_over_the_pages_limit() -> None:
    plain = "<main><h1>Your plan</h1><p>Sit down for a few minutes. Then walk on slowly.</p></main>"
    assert web.reading_grade(plain) <= web.MAX_GRADE
    hard = plain.replace("</main>", f"<p>{HARD}</p><p>{HARD}</p></main>")
    assert web.reading_grade(hard) > web.MAX_GRADE
    # a table is left out (it repeats numbers): the same words in one do not count
    assert web.reading_grade(plain.replace("</main>", f"<table><tr><td>{HARD}</td></tr></table></main>")) == (
        web.reading_grade(plain)
    )
