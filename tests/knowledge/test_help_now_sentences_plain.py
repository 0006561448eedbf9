"""Each sentence of the one "get help now" list (knowledge/data/help_now.yaml) reads at grade 10 at
most, the house's bar for a text a person reads (test_plain_language.py), as each surface says it:
the terminal's box (with its sources), the report's box (said about the person, no sources) and the
strip's fold (with sources). Before knowledge 1.35.1 a sentence a group joined up to three signs:
grade 12.6 (bladder, numb, weaker legs), 15.1 (sex, fever, cancer), 10.1 with its sources (both legs,
a bad fall) and 12.5 (the aneurysm's two); now a sign or two a sentence, every sign, its words and its
sources kept. The strip in view says the same words as before (its groups share a short lead), so it
is no taller on a 375 x 667 phone (test_browser_question_first_screen.py measures it)."""

from __future__ import annotations

from backstride.core.reading import reading_grade
from backstride.core.voice import about_them_text
from backstride.knowledge import load_knowledge

MAX_GRADE = 10.0  # test_plain_language.MAX_GRADE_ANY_TEXT
STRIP_BEFORE = [  # the strip's sentences at 1.34.0, word for word
    (
        True,
        "if you cannot pass urine or control your bladder or bowels, feel numb between your legs, or "
        "feel your legs getting weaker.",
    ),
    (
        False,
        "Also for sudden or spreading pain or numbness in both legs, a bad fall, a throbbing belly, "
        "tearing pain to your back, or sudden bad pain with feeling faint.",
    ),
]
SIGNS_BEFORE = {  # each sign's words and sources at 1.34.0: none lost, none changed
    "bladder_or_bowels": ("cannot pass urine or control your bladder or bowels", ("A15", "A16", "A22")),
    "numb_between_the_legs": ("feel numb between your legs", ("A15", "A16", "A22")),
    "legs_getting_weaker": ("feel your legs getting weaker", ("A15", "A16", "A22")),
    "new_problems_with_sex": (
        "have new problems with sex (with an erection or with feeling)",
        ("A15", "A16", "A22"),
    ),
    "fever_and_numb_or_weak_legs": (
        "have a fever and new numbness or weakness in your legs",
        ("A18", "A20", "A22"),
    ),
    "cancer_and_numb_or_weak_legs": (
        "have had cancer and now have numbness or weakness in your legs",
        ("A23",),
    ),
    "both_legs": ("pain or numbness comes on suddenly in both legs or spreads to both legs", ("A16",)),
    "bad_fall": ("the pain follows a bad fall or an accident", ("A1",)),
    "throbbing_or_tearing": (
        "feel a throbbing in your belly or a tearing pain through to your back",
        ("A24",),
    ),
    "sudden_pain_feeling_faint": (
        "have sudden, bad pain with feeling faint, sweaty or passing out",
        ("A24",),
    ),
}


def test_every_sentence_of_the_long_list_is_plain() -> None:
    signs = load_knowledge().help_now
    said = [*signs.sentences(), *signs.sentences(cite=False)]
    said += [about_them_text(s) for s in signs.sentences(cite=False)]  # the report's box
    hard = {s: round(reading_grade(s), 1) for s in said if reading_grade(s) > MAX_GRADE}
    assert not hard


def test_no_sign_source_or_strip_word_changed() -> None:
    signs = load_knowledge().help_now
    assert {s.code: (s.words, tuple(s.sources)) for s in signs.signs} == SIGNS_BEFORE
    assert signs.short_sentences() == STRIP_BEFORE
    # the emergency department first, in view; what to do for each sign still said in the long form
    long = " ".join(signs.sentences(cite=False))
    assert long.startswith("Go to an emergency department now if you cannot pass urine")
    assert "Call emergency services if you feel a throbbing in your belly" in long
    assert "Call them too if you have sudden, bad pain with feeling faint" in long
