"""The examination note appears whenever one examination not done could raise the disposition.

Any person (random findings, some examination findings known, the rest unknown): for every
examination finding left unknown and each answer to it, the full engine (``evaluate``, not the
note's lean arithmetic) decides whether that answer alone raises the disposition. If one does, the
result's note names that examination as one that could raise it alone, to at least that level;
every examination the note says could do so alone really does. An examination the findings close
(``ask_when`` in questions.yaml: the straight-leg raises with no leg pain) is never named. The note
never changes the result, and a result with every examination known has none.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_interview_foresight import RELEVANT as FINDINGS_THAT_MATTER
from test_interview_stopping import value_strategy  # the same random answers as the stopping test

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.services.assessment import assess
from backstride.services.foresight import question_plan

KB = load_knowledge()
PLAN = question_plan("clinician")
EXAMS = sorted(c for c, f in KB.findings.items() if f.who == "clinician")
# person findings that matter to rules and likelihood ratios, so random people fire them often
RELEVANT = [c for c in FINDINGS_THAT_MATTER if KB.findings[c].who == "person"]


def findings_strategy(codes: list[str], max_size: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.lists(st.sampled_from(codes), unique=True, max_size=max_size).flatmap(
        lambda chosen: st.fixed_dictionaries({c: value_strategy(c) for c in chosen})
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=findings_strategy(RELEVANT, 20), exams=findings_strategy(EXAMS, 6))
def test_the_note_names_every_examination_one_answer_to_which_would_raise_the_disposition(
    person: dict[str, Any], exams: dict[str, Any]
) -> None:
    findings = {**person, **exams}
    result = assess(findings)
    rank = DISPOSITION_RANK[result.disposition]
    note = result.examination_note
    alone = {e.code: e for e in note.exams if e.alone} if note else {}
    for code in EXAMS:
        if code in findings:
            assert not note or code not in {e.code for e in note.exams}, f"{code} is known: {findings}"
            continue
        if not PLAN.asks(PLAN.code_to_question[code], findings):
            # a test of a pain they have not got (``ask_when``: a crossed straight-leg raise "reproducing
            # the leg pain" with no leg pain) is never named, whatever its impossible answer would do
            assert not note or code not in {e.code for e in note.exams}, f"{code} is closed: {findings}"
            continue
        for value in (True, False):
            raised = evaluate({**findings, code: value}).disposition
            if DISPOSITION_RANK[raised] > rank:
                assert code in alone, f"{code}={value} raises {result.disposition} to {raised}: {findings}"
                assert DISPOSITION_RANK[alone[code].could_rise_to] >= DISPOSITION_RANK[raised]
    for code, item in alone.items():  # and never names one that cannot
        ranks = [DISPOSITION_RANK[evaluate({**findings, code: v}).disposition] for v in (True, False)]
        assert max(ranks) > rank, f"{code} named, but no answer to it raises {result.disposition}"
        assert item.sources, code
    if note is not None:
        assert note.disposition == result.disposition == evaluate(findings).disposition
        assert DISPOSITION_RANK[note.could_rise_to] > rank
        assert note.sources and note.shown()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=findings_strategy(RELEVANT, 20), exams=st.fixed_dictionaries({c: st.booleans() for c in EXAMS}))
def test_a_result_with_every_examination_known_has_no_note(
    person: dict[str, Any], exams: dict[str, Any]
) -> None:
    result = assess({**person, **exams})
    assert result.examination_note is None
    assert result.to_dict()["examination_note"] is None
