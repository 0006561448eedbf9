"""The interview questions as data: valid, complete, and every check catches its problem."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from backstride.core.errors import KnowledgeError
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import _read_raw, load_questions, reading_grade, validate_questions


@pytest.fixture
def raw() -> Any:
    return copy.deepcopy(_read_raw())


def _index(raw: Any, qid: str) -> dict[str, Any]:
    return next(q for q in raw["questions"] if q["id"] == qid)


def test_packaged_questions_are_valid() -> None:
    assert validate_questions() == []
    assert load_questions().version


def test_every_finding_is_asked_by_exactly_one_question() -> None:
    # but an answer kept only for answers given before (replaced_by, knowledge 1.20.0), which none asks
    asked = [c for q in load_questions().questions for c in q.codes]
    findings = load_knowledge().findings
    assert sorted(asked) == sorted(c for c, f in findings.items() if not f.replaced_by)
    assert findings["leg_signs_long_standing"].replaced_by


def test_red_flags_are_grouped_into_short_screening_checklists() -> None:
    kb = load_knowledge()
    screening = [q for q in load_questions().questions if q.screen]
    # at most 8 items (7 until knowledge 1.29.0): the cancer-and-bone list holds the aneurysm's two
    # signs side by side, the throbbing and sudden pain with feeling faint; a fifth checklist would add a
    # question to every interview, and another list's "why" would not fit the fainting
    assert all(q.kind == "checklist" and 2 <= len(q.codes) <= 8 for q in screening)
    screened = {c for q in screening for c in q.codes}
    assert {c for c, f in kb.findings.items() if f.group == "red_flags"} <= screened
    assert len(screening) <= 6


CASES = [
    (
        "unknown code",
        lambda r: _index(r, "walking")["codes"].__setitem__(0, "knee_pain"),
        "unknown finding code 'knee_pain'",
    ),
    (
        "finding not asked",
        lambda r: r["questions"].remove(_index(r, "height")),
        "'height_cm' is not asked by any question",
    ),
    (
        "asked twice",
        lambda r: _index(r, "walking")["codes"].__setitem__(0, "fever"),
        "'fever' is asked by several",
    ),
    (
        "kind mismatch",
        lambda r: _index(r, "walking").__setitem__("kind", "number"),
        "finding 'worse_walking' is 'bool'",
    ),
    (
        "enum label missing",
        lambda r: _index(r, "sex")["labels"].pop("other"),
        "need one label per value of 'sex'",
    ),
    (
        "checklist label missing",
        lambda r: _index(r, "relief")["labels"].pop("relief_lying"),
        "need one label per code",
    ),
    (
        "checklist of one",
        lambda r: _index(r, "pain_places").__setitem__("codes", ["pain_calf_main"]),
        "at least 2 codes",
    ),
    (
        "clinician in screening",
        lambda r: _index(r, "exam_slr").__setitem__("screen", True),
        "answerable by the person",
    ),
    (
        "a replaced answer asked again",
        lambda r: _index(r, "foot_drop_long_standing")["codes"].__setitem__(0, "leg_signs_long_standing"),
        "'leg_signs_long_standing' is replaced by foot_drop_long_standing",
    ),
    ("duplicate id", lambda r: _index(r, "sex").__setitem__("id", "age"), "id 'age' is used 2 times"),
    ("unknown source", lambda r: _index(r, "age").__setitem__("sources", ["Z9"]), "unknown source key 'Z9'"),
    ("no source", lambda r: _index(r, "age").__setitem__("sources", []), "cite at least one"),
    ("long text", lambda r: _index(r, "age").__setitem__("text", "word " * 40 + "?"), "text: too long"),
    (
        "hard words",
        lambda r: _index(r, "walking").__setitem__(
            "why", "Characteristically, neurogenic claudication necessitates differentiation."
        ),
        "too hard to read",
    ),
    ("missing probe", lambda r: _index(r, "age").pop("probe"), "needs typical answers"),
    ("probe out of range", lambda r: _index(r, "age").__setitem__("probe", [200]), "outside"),
    (
        "unknown key",
        lambda r: _index(r, "age").__setitem__("colour", "red"),
        ".colour: Extra inputs are not permitted",
    ),
    ("bad kind", lambda r: _index(r, "age").__setitem__("kind", "slider"), ".kind: Input should be"),
    (
        "exam text loses its term",
        lambda r: _index(r, "exam_si").__setitem__(
            "text", "Examination: are three or more SI tests positive?"
        ),
        "does not say 'sacroiliac', the term of 'exam_si_provocation_3plus'",
    ),
]


@pytest.mark.parametrize(("case", "break_it", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported(raw: Any, case: str, break_it: Any, expected: str) -> None:
    break_it(raw)
    problems = validate_questions(raw)
    assert any(expected in p for p in problems), (case, problems)
    assert all(p.startswith("questions.yaml: ") for p in problems)


def test_every_problem_is_reported_at_once(raw: Any) -> None:
    _index(raw, "walking")["codes"][0] = "knee_pain"
    _index(raw, "sex")["labels"].pop("other")
    _index(raw, "age")["sources"] = ["Z9"]
    problems = validate_questions(raw)
    assert len(problems) >= 4  # three breaks + the finding left unasked


def test_loading_a_broken_bank_raises_knowledge_error(monkeypatch: pytest.MonkeyPatch, raw: Any) -> None:
    import backstride.knowledge.questions as questions

    _index(raw, "walking")["codes"][0] = "knee_pain"
    monkeypatch.setattr(questions, "_read_raw", lambda: raw)
    questions.load_questions.cache_clear()
    try:
        with pytest.raises(KnowledgeError) as info:
            questions.load_questions()
        assert any("knee_pain" in p for p in info.value.problems)
    finally:
        monkeypatch.undo()
        questions.load_questions.cache_clear()


def test_person_questions_read_at_about_age_12() -> None:
    """Flesch-Kincaid grade of everything a person reads in the questions: grade 7 ~ age 12."""
    kb = load_knowledge()
    person = [q for q in load_questions().questions if all(kb.findings[c].who == "person" for c in q.codes)]
    assert reading_grade(" ".join(q.text for q in person)) <= 7
    assert reading_grade(" ".join(q.why for q in person)) <= 7
    assert reading_grade(". ".join(label for q in person for label in q.labels.values())) <= 7


def test_reading_grade_tells_plain_from_hard() -> None:
    assert reading_grade("Does walking make it worse?") < 4
    assert reading_grade("Characteristically, neurogenic claudication necessitates differentiation.") > 12
