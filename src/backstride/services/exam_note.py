"""The examination note: could findings only a clinician can get raise this result's disposition?

Person mode never asks examination findings (``who: clinician``), and a clinician may answer
"don't know" to a test not done. The engine rightly keeps them unknown; but a person must not read
"self-care" as settled when a test nobody did could raise it. ``examination_note(assessment)``
works that out once per result with the interview's own machinery (its foresight arithmetic,
``services/foresight.py``, and its "untested causes" check, docs/interview.md), no new fitted
numbers:

a. **One test alone**: some answer to one examination not done (every answer the interview would
   try) raises the disposition;
b. **An untested cause**: a cause with a chance of at least ``MIN_DISPOSITION_CHANGE`` whose most
   typical answers (``QuestionPlan.typical``) to the examinations not done, with its typical answers to
   the person's questions left open, raise the disposition, and its answers to those questions
   alone do not (the examination is what is missing).

The note names the examinations in plain words (each finding's ``plain_name`` and ``plain_gloss``
in the knowledge base's findings.yaml), most relevant first (the chance of the cause it would point
to), each with the EVIDENCE.md keys of the cause or the rule that would raise the disposition. It
never changes the result: ``AssessmentResult.to_dict()`` carries it as the extension key
``examination_note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backstride.assessment import Assessment
from backstride.knowledge import DISPOSITION_ORDER, DISPOSITION_RANK, KnowledgeBase, load_knowledge
from backstride.relief.plan import level_action
from backstride.services.foresight import (
    answer_reach,
    condition_scores,
    foresee_answer,
    question_plan,
    rare_answers,
    rule_rank,
    rule_ranks,
    weighted_answers,
)
from backstride.services.interview import MIN_DISPOSITION_CHANGE

# What the note says (reading age about 12).
EXAM_NOTE_TEXT = "An examination could change this."
# said the same way in both modes: in clinician mode a test answered "don't know" was not done either
EXAM_NOTE_DETAIL = "Some tests a clinician can do were not done, such as:"
EXAM_NOTE_ADVICE = {
    "self_care": "If your pain is not getting better, or you are unsure, see a clinician.",
    "routine": "When you see a clinician, ask if they can examine you.",
    "urgent": "When you see a doctor, ask if they can examine you.",
}
# In clinician mode the reader is the clinician who examines: the advice is theirs (reading age ~12 too).
EXAM_NOTE_ADVICE_CLINICIAN = {
    "self_care": "Consider doing these tests before you advise self-care.",
    "routine": "Consider doing these tests: a result could make this more urgent.",
    "urgent": "Consider doing these tests: a result could make this more urgent.",
}
MAX_EXAMS_SHOWN = 3  # the note names the most relevant few; the JSON lists every one


@dataclass(frozen=True)
class ExamItem:
    """One examination not done that could raise the disposition.

    ``alone``: one answer to it raises the disposition on its own (check a); otherwise it is the test
    of an untested cause (check b). ``causes``: the causes it would point to; ``rules``: the
    escalation or red-flag rules its answer would fire; ``sources``: their EVIDENCE.md keys.
    """

    code: str
    question_id: str
    text: str
    could_rise_to: str
    alone: bool
    causes: tuple[str, ...]
    rules: tuple[str, ...]
    sources: tuple[str, ...]
    relevance: float  # the chance (now) of the most likely cause involved: the order of the list

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "question_id": self.question_id,
            "text": self.text,
            "could_rise_to": self.could_rise_to,
            "alone": self.alone,
            "causes": list(self.causes),
            "rules": list(self.rules),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class ExaminationNote:
    """What a result says when examinations not done could raise its disposition."""

    disposition: str
    could_rise_to: str
    exams: tuple[ExamItem, ...]  # most relevant first
    advice_sources: tuple[str, ...] = ()  # the disposition's own, as its "when to see a clinician"
    text: str = EXAM_NOTE_TEXT
    detail: str = EXAM_NOTE_DETAIL
    for_clinician: bool = False  # clinician mode: the advice speaks to the clinician, not the person

    @property
    def advice(self) -> str:
        words = EXAM_NOTE_ADVICE_CLINICIAN if self.for_clinician else EXAM_NOTE_ADVICE
        return words.get(self.disposition, words["routine"])

    def shown(self) -> tuple[ExamItem, ...]:
        """The examinations the note names (the most relevant ``MAX_EXAMS_SHOWN``)."""
        return self.exams[:MAX_EXAMS_SHOWN]

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources of the examinations named, each key once."""
        return tuple(dict.fromkeys(k for e in self.shown() for k in e.sources))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "detail": self.detail,
            "advice": self.advice,
            "advice_sources": list(self.advice_sources),
            "disposition": self.disposition,
            "could_rise_to": self.could_rise_to,
            "shown": [e.code for e in self.shown()],
            "exams": [e.to_dict() for e in self.exams],
            "sources": list(self.sources),
        }


def exam_words(code: str, kb: KnowledgeBase | None = None) -> str:
    """An examination in plain words: "the ankle reflex (a tap on the back of your ankle ...)".

    The words are the finding's ``plain_name`` and ``plain_gloss`` (findings.yaml; the knowledge
    base checks that every examination that can raise a disposition has them); a finding without
    them is named by its own sentence.
    """
    finding = (kb or load_knowledge()).findings[code]
    return finding.plain_words or finding.means.rstrip(".")


def examination_note(
    assessment: Assessment, kb: KnowledgeBase | None = None, *, for_clinician: bool = False
) -> ExaminationNote | None:
    """The note for this result, or None when no examination not done could raise its disposition;
    ``for_clinician`` (clinician mode): its advice speaks to the clinician."""
    kb = kb or load_knowledge()
    rank = DISPOSITION_RANK[assessment.disposition]
    if rank >= DISPOSITION_RANK["emergency"]:
        return None
    known = dict(assessment.findings)
    plan = question_plan("clinician")
    exam_questions = []
    for q in plan.questions:
        codes = tuple(c for c in q.codes if c not in known)
        # not a test of a pain they have not got (``ask_when``: the straight-leg raise after "Neither leg")
        if codes and all(kb.findings[c].who == "clinician" for c in q.codes) and plan.asks(q.id, known):
            exam_questions.append((q, codes))
    if not exam_questions:
        return None
    what_if = _WhatIf(known, rank, kb)
    chance = {c.code: c.probability for c in assessment.conditions}
    found: dict[str, list[_Hit]] = {}
    # (a) one answer to one examination raises the disposition on its own
    for q, codes in exam_questions:
        for answer in [a for a, _ in weighted_answers(q, codes)] + rare_answers(q, codes, plan):
            hit = what_if.raised_by(answer, alone=True)
            if hit is not None:
                for code in answer:
                    found.setdefault(code, []).append(hit)
    # (b) an untested cause: its answers pointing to it, to the examinations and the open questions
    open_exam = {c for _, codes in exam_questions for c in codes}
    for score in assessment.conditions:  # most likely first
        if score.probability < MIN_DISPOSITION_CHANGE:
            break
        i_c = plan.condition_codes.index(score.code)
        typical = _pointing_to(i_c, {c: v for c, v in plan.typical[i_c].items() if c not in known}, kb)
        exams = {c: v for c, v in typical.items() if c in open_exam}
        if not exams:
            continue
        asked = {c: v for c, v in typical.items() if c not in open_exam}
        hit = what_if.raised_by({**asked, **exams}, alone=False, cause=score.code)
        if hit is None or (asked and what_if.rank_of(asked) >= hit.rank):
            continue  # no raise, or the person's own answers would raise it as much
        for code in exams:
            found.setdefault(code, []).append(hit)
    if not found:
        return None
    order = {c: i for i, (q, codes) in enumerate(exam_questions) for c in codes}
    items = []
    for code, hits in found.items():
        causes = tuple(dict.fromkeys(c for h in hits for c in h.causes))
        items.append(
            ExamItem(
                code=code,
                question_id=plan.code_to_question[code],
                text=exam_words(code, kb),
                could_rise_to=DISPOSITION_ORDER[max(h.rank for h in hits)],
                alone=any(h.alone for h in hits),
                causes=causes,
                rules=tuple(dict.fromkeys(r for h in hits for r in h.rules)),
                sources=tuple(dict.fromkeys(k for h in hits for k in h.sources)),
                relevance=max((chance.get(c, 0.0) for c in causes), default=0.0),
            )
        )
    items.sort(key=lambda e: (-e.relevance, not e.alone, order[e.code]))
    top = max(DISPOSITION_RANK[e.could_rise_to] for e in items)
    return ExaminationNote(
        disposition=assessment.disposition,
        could_rise_to=DISPOSITION_ORDER[top],
        exams=tuple(items),
        advice_sources=level_action(assessment.disposition, assessment.disposition_because, kb)[1],
        for_clinician=for_clinician,
    )


@dataclass(frozen=True)
class _Hit:
    """Answers that raise the disposition: to what, alone or as a cause's tests, and why."""

    rank: int
    alone: bool
    causes: tuple[str, ...]
    rules: tuple[str, ...]
    sources: tuple[str, ...]


class _WhatIf:
    """The interview's foresight (``foresight.foresee_answer``) from one result: hypothetical
    answers added to the known findings, recomputing only the rules and likelihood ratios they touch."""

    def __init__(self, known: Mapping[str, Any], rank: int, kb: KnowledgeBase) -> None:
        self.known, self.rank, self.kb = known, rank, kb
        self.plan = question_plan("clinician")
        self.base_scores = condition_scores(known, kb)
        self.base_rule_ranks = rule_ranks(known, kb)

    def _foresee(self, answer: Mapping[str, Any]) -> tuple[int, str, list[Any]]:
        touched, untouched, full = answer_reach(answer, self.plan, self.base_rule_ranks, self.kb)
        _, rank, leading = foresee_answer(
            answer, self.known, self.base_scores, full, touched, untouched, self.kb
        )
        return rank, leading, touched

    def rank_of(self, answer: Mapping[str, Any]) -> int:
        """The disposition rank these answers would give."""
        return self._foresee(answer)[0]

    def raised_by(self, answer: Mapping[str, Any], *, alone: bool, cause: str | None = None) -> _Hit | None:
        """What these answers would raise the disposition to, and why, or None if they would not.

        Why: the rules they fire above the disposition (their sources), else the leading cause
        (its sources); ``cause``: the untested cause they are the answers of (its sources first).
        """
        rank, leading, touched = self._foresee(answer)
        if rank <= self.rank:
            return None
        findings = {**self.known, **answer}
        rules = [r for r, check, chronic in touched if rule_rank(r, check, chronic, findings) > self.rank]
        causes = [r.condition for r in rules if r.condition] if rules else [leading]
        sources = (
            [k for r in rules for k in r.sources] if rules else list(self.kb.conditions[leading].sources)
        )
        if cause is not None:
            causes.insert(0, cause)
            sources[:0] = self.kb.conditions[cause].sources
        return _Hit(
            rank=rank,
            alone=alone,
            causes=tuple(dict.fromkeys(causes)),
            rules=tuple(r.code for r in rules),
            sources=tuple(dict.fromkeys(sources)),
        )


def _pointing_to(condition_index: int, answers: Mapping[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """The answers that point towards the cause (their likelihood ratios for it multiply to more
    than 1): of its typical answers, those that are evidence for it, not merely none against it."""
    out = {}
    for code, value in answers.items():
        entries = [e for e in kb.lr_index.get(code, ()) if e.condition_index == condition_index]
        if sum(e.log_lr for e in entries if e.matches(value)) > 0.0:
            out[code] = value
    return out


__all__ = [
    "EXAM_NOTE_ADVICE",
    "EXAM_NOTE_ADVICE_CLINICIAN",
    "EXAM_NOTE_DETAIL",
    "EXAM_NOTE_TEXT",
    "MAX_EXAMS_SHOWN",
    "ExamItem",
    "ExaminationNote",
    "exam_words",
    "examination_note",
]
