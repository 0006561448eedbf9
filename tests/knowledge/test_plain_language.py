"""Texts a person reads aim at a reading age of about 12 (Flesch-Kincaid grade about 7).

The grade is ``backstride.core.reading.reading_grade`` (a simple vowel-group syllable count, good
enough to catch long, technical sentences), the one the question bank and the web pages use.
"""

from __future__ import annotations

import re
import statistics

from backstride.core.reading import reading_grade
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions

MAX_GRADE_ANY_TEXT = 10.0  # no single text harder than about age 15
MAX_MEAN_GRADE = 7.0  # on average about age 12


# the one grade of backstride (core.reading), the question bank's and the web pages' too
fk_grade = reading_grade


def person_texts() -> list[tuple[str, str]]:
    kb = load_knowledge()
    out = [(f"conditions.{c.code}.text", c.text) for c in kb.conditions.values()]
    out += [(f"rules.{r.code}.message", r.message) for r in kb.red_flag_rules.values()]
    out += [
        (f"rules.{r.code}.chronic.message", r.chronic.message)
        for r in kb.red_flag_rules.values()
        if r.chronic
    ]
    for a in kb.advice.values():
        out += [(f"advice.{a.code}.text", a.text), (f"advice.{a.code}.note", a.note)]
        out += [(f"advice.{a.code}.steps", s) for s in a.steps]
        if a.stop_if:
            out.append((f"advice.{a.code}.stop_if", a.stop_if))
    out += [(f"dispositions.{d.code}.see_clinician", d.see_clinician) for d in kb.dispositions.values()]
    # r5: what an urgent or emergency plan says of the article's tips it leaves for later (1.21.0)
    out += [
        (f"dispositions.{d.code}.holds_back", d.holds_back) for d in kb.dispositions.values() if d.holds_back
    ]
    for g in kb.gait_factors.values():
        out += [(f"gait_factors.{g.code}.text", g.text), (f"gait_factors.{g.code}.reason", g.reason)]
    out += [(f"findings.{f.code}.plain_name", f.plain_words) for f in kb.findings.values() if f.plain_words]
    # "get help now" (1.32.0): each sign's words, long and short (the surfaces list them in a sentence)
    for sign in kb.help_now.signs:
        out += [
            (f"help_now.{sign.code}.words", sign.words),
            (f"help_now.{sign.code}.short", sign.short_words),
        ]
    return out


def test_grade_formula_separates_plain_from_technical() -> None:
    assert fk_grade("Sit down. Rest a bit. Then walk on.") < 3
    assert fk_grade("Neurogenic claudication necessitates comprehensive neurological investigation.") > 15


def test_no_person_text_is_too_hard() -> None:
    hard = [(k, round(fk_grade(t), 1)) for k, t in person_texts() if fk_grade(t) > MAX_GRADE_ANY_TEXT]
    assert not hard, f"rewrite in plainer words: {hard}"


def test_average_reading_age_about_12() -> None:
    assert statistics.mean(fk_grade(t) for _, t in person_texts()) <= MAX_MEAN_GRADE


def test_gait_factor_texts_claim_no_comparison_with_age_or_sex() -> None:
    """A walk is analysed without the person's age or sex (the slowest norm is used): say so honestly."""
    kb = load_knowledge()
    for g in kb.gait_factors.values():
        for text in (g.text, g.reason):
            assert not re.search(r"\b(age|sex)\b", text, re.IGNORECASE), f"gait_factors.{g.code}: {text}"


MAX_EXAM_WORDS_GRADE = 8.0  # an examination as the result names it: "the Romberg test (standing ...)"
MAX_EXAM_WORDS = 20


def test_examinations_are_named_in_short_plain_words() -> None:
    """Each examination the result's note can name reads at about age 12-13, in one short line."""
    kb = load_knowledge()
    named = {c: f.plain_words for c, f in kb.findings.items() if f.plain_words}
    assert set(named) == {c for c, f in kb.findings.items() if f.who == "clinician"}
    hard = {c: round(fk_grade(t), 1) for c, t in named.items() if fk_grade(t) > MAX_EXAM_WORDS_GRADE}
    assert not hard, f"name or explain these tests in plainer words: {hard}"
    long = [c for c, t in named.items() if len(t.split()) > MAX_EXAM_WORDS]
    assert not long, f"too many words: {long}"
    # a technical name alone is not plain: "the ankle-brachial index" needs its gloss
    assert fk_grade(kb.findings["exam_abi_low"].plain_name or "") > MAX_EXAM_WORDS_GRADE
    assert kb.findings["exam_abi_low"].plain_gloss


def test_no_advice_text_repeats_its_title() -> None:
    # the page and the terminal show "Title. Text": "Take shorter steps. Take shorter steps, so ..."
    kb = load_knowledge()
    repeated = [a.code for a in kb.advice.values() if a.title and a.text.lower().startswith(a.title.lower())]
    assert not repeated, f"the text says its title again: {repeated}"


# words a twelve-year-old does not know, in the names of causes
MEDICAL_TERMS = ("stenosis", "syndrome", "sacroiliac", "spondyl", "claudication", "aneurysm", "trochanter")


def test_a_cause_named_with_a_medical_term_says_it_in_plain_words_too() -> None:
    # found reading a result: "Lumbar spinal stenosis 95%" while "Spondylolisthesis (slipped
    # vertebra)" said what it is; so did not "Sacroiliac joint pain" or "Cauda equina syndrome"
    kb = load_knowledge()
    bare = [
        c.name
        for c in kb.conditions.values()
        if any(term in c.name.lower() for term in MEDICAL_TERMS) and "(" not in c.name
    ]
    assert not bare, f"add plain words in brackets: {bare}"


def person_question_texts() -> list[tuple[str, str]]:
    """The interview's words a person reads: each question and its "Why we ask" line. Left out: the
    examinations (a clinician reads them) and the answer labels (a phrase of one to a few words,
    "Female", "Getting better", on which a sentence grade means nothing)."""
    kb = load_knowledge()
    out: list[tuple[str, str]] = []
    for q in load_questions().questions:
        if all(kb.findings[c].who == "clinician" for c in q.codes):
            continue
        out += [(f"questions.{q.id}.text", q.text), (f"questions.{q.id}.why", q.why)]
    return out


def test_every_question_a_person_reads_is_plain() -> None:
    """The same bars as the knowledge texts above, for each text on its own.

    The question bank checked each question and its "Why we ask" together (grade 9 at most,
    ``questions.MAX_READING_GRADE``): a short question ("Do any of these apply to you?", grade 1)
    hid a hard why line. Measured 2026-11-27 with this file's formula: the 27 person questions read
    at grade 1.3 on average, their why lines at 5.0, the hardest at 10.7 (the warning-sign checklist
    on cancer and broken bones: one 25-word sentence), 9.9 and 9.1; the same with the textstat
    library's Flesch-Kincaid (its hyphenation-dictionary syllables) rated them 4.7 on average, at most
    9.1, so this formula is the stricter of the two. textstat is not a test dependency: for English
    it needs a pronouncing dictionary that it downloads at run time, and tests run offline.
    """
    texts = person_question_texts()
    assert len(texts) >= 40  # the person questions are there (27 on 2026-11-27)
    hard = [(k, round(fk_grade(t), 1)) for k, t in texts if fk_grade(t) > MAX_GRADE_ANY_TEXT]
    assert not hard, f"rewrite in plainer words: {hard}"
    for family in ("text", "why"):
        grades = [fk_grade(t) for k, t in texts if k.endswith(f".{family}")]
        assert statistics.mean(grades) <= MAX_MEAN_GRADE, family
