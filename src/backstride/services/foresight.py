"""Foresight: what one more answer could change, worked out with the engine's own arithmetic.

The adaptive interview (``services/interview.py``) uses this to choose its next question and to
decide when to stop; the examination note (``services/exam_note.py``) uses it to tell whether an
examination not done could raise a result's disposition. Both foresee hypothetical answers the same
way, so the arithmetic lives here once (docs/interview.md):

* ``question_plan(mode)``: everything about the question bank that does not depend on the answers
  (the questions a mode may ask, the rules and the codes they read, a value in every interval of a
  number finding, each cause's most typical answers), built once per mode;
* ``weighted_answers`` and ``rare_answers``: the answers to try for one question (the typical ones
  with a flat prior weight; then the rarer ones, weightless);
* ``rule_ranks``, ``answer_reach`` and ``foresee_answer``: one answer foreseen from known findings,
  recomputing only the rules and likelihood ratios it can touch;
* ``condition_scores``, ``add_answer_scores``, ``rule_rank`` and ``disposition_and_leader``: a lean
  copy of the engine's sums, without the because-trail (hundreds of hypothetical answers per
  question); ``tests/property/test_interview_foresight.py`` pins it to ``assessment.evaluate``.

Pure: no IO beyond the packaged knowledge base and question bank, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from backstride.assessment import (
    MAX_SERIOUS_LEAD_DISPOSITION,
    disposition_scores,
    leader_rank,
    matching_ratios,
    serious_lead,
)
from backstride.knowledge import DISPOSITION_ORDER, DISPOSITION_RANK, compile_expr, load_knowledge
from backstride.knowledge.questions import QuestionDef, load_questions


@dataclass(frozen=True)
class QuestionPlan:
    """Everything about the question bank that does not depend on the answers (built once per mode)."""

    questions: tuple[QuestionDef, ...]  # allowed in this mode, file order
    screening: tuple[str, ...]  # question ids asked first, in order
    code_to_question: dict[str, str]
    condition_codes: tuple[str, ...]
    # question id -> None (``always: true``) or its compiled condition, for the questions every check
    # asks (``always``), in file order
    always: dict[str, Any] = field(default_factory=dict)
    screening_codes: tuple[str, ...] = ()  # the warning-sign codes those questions ask, in order
    all_codes: frozenset[str] = field(default_factory=frozenset)
    asked_codes: frozenset[str] = field(default_factory=frozenset)  # the codes this mode's questions ask
    # (compiled rule, its disposition rank, codes it reads) for every rule, red flag or escalation; a
    # rule that is still undecided (three-valued: unknown) and could raise the disposition keeps its
    # questions next
    raise_checks: tuple[tuple[Any, int, tuple[str, ...], bool], ...] = ()
    # number finding code -> one value in every interval its rules and likelihood ratios tell apart
    number_cells: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # per condition (engine order): the answer most typical of it for each code this mode asks
    # (the value with the highest likelihood ratio for it; codes with no preference left out)
    typical: tuple[dict[str, Any], ...] = ()
    # per rule of kb.rule_checks: every code it reads (its condition and its chronic clause)
    rule_codes: tuple[frozenset[str], ...] = ()
    # codes read by the extra condition ("requires") of some likelihood ratio
    requires_codes: frozenset[str] = frozenset()
    # rule code -> (compiled chronic clause, codes it reads), for rules that have one
    chronic_checks: dict[str, tuple[Any, tuple[str, ...]]] = field(default_factory=dict)
    # leading condition -> (compiled "self-care when" rule, codes it reads)
    self_care_checks: dict[str, tuple[Any, tuple[str, ...]]] = field(default_factory=dict)
    # serious condition -> (compiled long_standing clause, codes it reads), for causes that have one
    long_standing_checks: dict[str, tuple[Any, tuple[str, ...]]] = field(default_factory=dict)
    # question id -> its compiled ``ask_when`` (questions.yaml), for questions that have one
    ask_when: dict[str, Any] = field(default_factory=dict)
    # checklist item code -> its own compiled ``ask_when`` (questions.yaml ``items``), for items that have one
    item_ask_when: dict[str, Any] = field(default_factory=dict)

    def asks(self, question_id: str, findings: Mapping[str, Any]) -> bool:
        """Whether these answers (``None`` = don't know) leave the question askable: its ``ask_when``
        is not definitely false (unknown asks: an answer not given never hides a question)."""
        check = self.ask_when.get(question_id)
        return check is None or check(findings) is not False

    def asks_code(self, code: str, findings: Mapping[str, Any]) -> bool:
        """Whether these answers leave finding ``code`` askable: its question is (``asks``) and, for a
        checklist item with an ``ask_when`` of its own, that is not definitely false either."""
        question_id = self.code_to_question.get(code)
        return (
            question_id is not None and self.asks(question_id, findings) and self.shows_item(code, findings)
        )

    def always_asks(self, question_id: str, findings: Mapping[str, Any]) -> bool:
        """Whether every check asks the question now (``always``: true, or its condition definitely
        true with these answers)."""
        if question_id not in self.always:
            return False
        check = self.always[question_id]
        return check is None or check(findings) is True

    def shows_item(self, code: str, findings: Mapping[str, Any]) -> bool:
        """Whether these answers leave a checklist item shown, its question being askable: its own
        ``ask_when`` (``items``), if it has one, is not definitely false."""
        check = self.item_ask_when.get(code)
        return check is None or check(findings) is not False


@lru_cache(maxsize=2)
def question_plan(mode: str) -> QuestionPlan:
    """The plan of the questions ``mode`` may ask ("person" or "clinician"), built once per mode."""
    kb = load_knowledge()
    bank = load_questions()
    findings = kb.findings
    allowed = tuple(
        q for q in bank.questions if mode == "clinician" or all(findings[c].who == "person" for c in q.codes)
    )
    allowed_codes = {c for q in allowed for c in q.codes}
    number_cells = {code: _number_cells(code, kb) for q in allowed if q.kind == "number" for code in q.codes}
    raise_checks = tuple(
        (
            check,
            DISPOSITION_RANK[rule.disposition],
            tuple(c for c in _rule_codes(rule) if c in allowed_codes),
            rule.red_flag or rule.warn_when_unknown,  # asked and named like a red flag
        )
        for rule, check, _chronic in kb.rule_checks
    )
    return QuestionPlan(
        questions=allowed,
        screening=tuple(q.id for q in allowed if q.screen),
        always={
            q.id: None if q.always is True else compile_expr(q.always)
            for q in allowed
            if q.always is not False
        },
        screening_codes=tuple(c for q in allowed if q.screen for c in q.codes),
        code_to_question={c: q.id for q in bank.questions for c in q.codes},
        condition_codes=tuple(kb.condition_codes),
        all_codes=frozenset(findings),
        asked_codes=frozenset(allowed_codes),
        raise_checks=raise_checks,
        number_cells=number_cells,
        typical=tuple(_typical_answers(i, allowed, number_cells, kb) for i in range(len(kb.condition_codes))),
        rule_codes=tuple(
            frozenset(rule.when.codes() | (rule.chronic.when.codes() if rule.chronic else set()))
            for rule, _check, _chronic in kb.rule_checks
        ),
        requires_codes=frozenset(
            code
            for entries in kb.lr_index.values()
            for entry in entries
            if entry.definition.requires is not None
            for code in entry.definition.requires.codes()
        ),
        chronic_checks={
            rule.code: (chronic, _allowed_codes(rule.chronic.when, allowed_codes))
            for rule, _check, chronic in kb.rule_checks
            if chronic is not None and rule.chronic is not None
        },
        self_care_checks={
            code: (check, _allowed_codes(kb.conditions[code].self_care_when, allowed_codes))
            for code, check in kb.self_care_checks.items()
        },
        long_standing_checks={
            code: (check, _allowed_codes(_long_standing_when(kb, code), allowed_codes))
            for code, check in kb.long_standing_checks.items()
        },
        ask_when={q.id: compile_expr(q.ask_when) for q in bank.questions if q.ask_when is not None},
        item_ask_when={
            code: compile_expr(item.ask_when) for q in bank.questions for code, item in q.items.items()
        },
    )


def _long_standing_when(kb: Any, code: str) -> Any:
    clause = kb.conditions[code].long_standing
    return clause.when if clause is not None else None


def _allowed_codes(expr: Any, allowed: set[str]) -> tuple[str, ...]:
    """The finding codes an expression reads that this mode may ask, in a fixed order."""
    return tuple(c for c in sorted(expr.codes()) if c in allowed) if expr is not None else ()


def _bounds(expr: Any, code: str) -> Iterable[float]:
    """Every number an expression compares ``code`` with (its ``gte`` and ``lte`` bounds)."""
    if expr is None:
        return
    for pair in (expr.gte, expr.lte):
        if pair is not None and pair[0] == code:
            yield float(pair[1])
    for child in (*(expr.all_ or ()), *(expr.any_ or ()), expr.not_):
        yield from _bounds(child, code)


def _number_cells(code: str, kb: Any) -> tuple[float, ...]:
    """One value in each interval of a number finding that the knowledge base tells apart.

    The bounds of its likelihood ratios and of every rule, chronic clause, "self-care when" rule and
    serious cause's long-standing clause that reads it cut its range into intervals; each bound
    itself and a point between neighbours (and the range's ends) stand for all answers, so "could
    any answer raise the disposition?" is decided without trying every number.
    """
    finding = kb.findings[code]
    bounds = {
        b
        for e in kb.lr_range.get(code, ())
        for b in (e.definition.gte, e.definition.lte, e.definition.lt)
        if b is not None
    }
    for rule, _check, _chronic in kb.rule_checks:
        bounds.update(_bounds(rule.when, code))
        if rule.chronic is not None:
            bounds.update(_bounds(rule.chronic.when, code))
    for condition in kb.conditions.values():
        bounds.update(_bounds(condition.self_care_when, code))
        bounds.update(_bounds(condition.long_standing.when if condition.long_standing else None, code))
    low = finding.min if finding.min is not None else min(bounds, default=0.0) - 1.0
    high = finding.max if finding.max is not None else max(bounds, default=0.0) + 1.0
    points = sorted({float(low), float(high), *(b for b in bounds if low <= b <= high)})
    between = [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)]
    return tuple(sorted({*points, *between}))


def answer_values(code: str, number_cells: Mapping[str, tuple[float, ...]], kb: Any) -> tuple[Any, ...]:
    """Every answer to finding ``code`` that the knowledge base tells apart: yes and no, each option,
    or a number in each interval (``number_cells``, ``QuestionPlan.number_cells``)."""
    finding = kb.findings[code]
    if finding.kind == "bool":
        return (True, False)
    if finding.kind == "enum":
        return tuple(finding.values)
    return number_cells.get(code, ())


def _typical_answers(
    condition_index: int,
    questions: Iterable[QuestionDef],
    number_cells: Mapping[str, tuple[float, ...]],
    kb: Any,
) -> dict[str, Any]:
    """For each code the questions ask, the answer with the highest likelihood ratio for this
    condition: what a person with it would most likely say. Codes whose answers all weigh the
    same for it are left out (unknown), so an unrelated finding never enters the scenario."""
    out: dict[str, Any] = {}
    for q in questions:
        for code in q.codes:
            values = answer_values(code, number_cells, kb)
            entries = [e for e in kb.lr_index.get(code, ()) if e.condition_index == condition_index]
            weights = [sum(e.log_lr for e in entries if e.matches(v)) for v in values]
            if weights and max(weights) > min(weights):
                out[code] = values[weights.index(max(weights))]
    return out


def _rule_codes(rule: Any) -> tuple[str, ...]:
    """The finding codes a red-flag rule reads, in a fixed order."""
    return tuple(sorted(rule.when.codes()))


def weighted_answers(q: QuestionDef, codes: tuple[str, ...]) -> list[tuple[dict[str, Any], float]]:
    """Typical answers to a question, each with a flat prior weight (summing to 1)."""
    if q.kind == "checklist":
        none = {c: False for c in codes}
        out: list[tuple[dict[str, Any], float]] = [(none, 0.5)]
        for code in codes:
            out.append(({**none, code: True}, 0.5 / len(codes)))
        return out
    code = codes[0]
    if q.kind == "bool":
        return [({code: True}, 0.5), ({code: False}, 0.5)]
    if q.kind == "enum":
        values = load_knowledge().findings[code].values
        return [({code: v}, 1.0 / len(values)) for v in values]
    return [({code: v}, 1.0 / len(q.probe)) for v in q.probe]


def rare_answers(q: QuestionDef, codes: tuple[str, ...], plan: QuestionPlan) -> list[dict[str, Any]]:
    """Answers ``weighted_answers`` leaves out: a number in every interval the knowledge base tells apart,
    every item of a checklist ticked."""
    if q.kind == "number":
        return [{codes[0]: v} for v in plan.number_cells.get(codes[0], ()) if v not in q.probe]
    if q.kind == "checklist" and len(codes) > 1:
        return [{c: True for c in codes}]
    return []


def rule_ranks(findings: Mapping[str, Any], kb: Any) -> list[int]:
    """The disposition rank each rule of ``kb.rule_checks`` sets for these findings (-1: not fired)."""
    return [rule_rank(rule, check, chronic, findings) for rule, check, chronic in kb.rule_checks]


def answer_reach(
    codes: Iterable[str], plan: QuestionPlan, base_rule_ranks: list[int], kb: Any
) -> tuple[list[Any], int, bool]:
    """What an answer to ``codes`` can touch, for ``foresee_answer``: the rules that read them
    (``touched``), the highest rank of the others for the known findings (``untouched_rank``,
    from ``rule_ranks``), and whether every likelihood ratio must be summed again (``full``: the
    condition of some ratio reads them)."""
    asked = frozenset(codes)
    is_touched = [bool(read & asked) for read in plan.rule_codes]
    touched = [rule for rule, hit in zip(kb.rule_checks, is_touched, strict=True) if hit]
    untouched_rank = max(
        (r for r, hit in zip(base_rule_ranks, is_touched, strict=True) if not hit), default=-1
    )
    return touched, untouched_rank, bool(plan.requires_codes & asked)


def foresee_answer(
    answer: Mapping[str, Any],
    known: Mapping[str, Any],
    base_scores: list[float],
    full: bool,
    touched: list[Any],
    untouched_rank: int,
    kb: Any,
    base_lowest: list[float] | None = None,
) -> tuple[list[float], int, str]:
    """One answer foreseen: the condition scores, the disposition rank and the leading cause.

    Only what the answer can touch is recomputed: the rules that read its codes (``touched``; the
    others keep ``untouched_rank``) and its likelihood ratios (all of them when ``full``: some
    ratio's condition reads its codes). ``base_lowest``: ``lowest_weighed_scores(known, kb)``, worked
    out once for every answer foreseen from ``known`` (``serious_lead`` then adds the answer's own)."""
    findings = {**known, **answer}
    scores = condition_scores(findings, kb) if full else add_answer_scores(base_scores, answer, findings, kb)
    fresh = (rule_rank(rule, check, chronic, findings) for rule, check, chronic in touched)
    rank = max(untouched_rank, max(fresh, default=-1))
    lowest_known = None
    if base_lowest is not None and known.keys().isdisjoint(answer):  # else the findings' order differs
        lowest_known = (base_lowest, answer)
    leading, cause = _leader_and_cause_rank(findings, scores, kb, rank, lowest_known)
    return scores, max(rank, cause), leading


def condition_scores(findings: Mapping[str, Any], kb: Any) -> list[float]:
    """Each condition's log odds for validated findings: the engine's sums, without the trail.

    A lean copy of the engine's arithmetic for foresight only (hundreds of hypothetical answers
    per question); tests/property/test_interview_foresight.py pins it to ``evaluate``. It leaves
    out the engine's lift of a condition named by a fired red-flag rule: that cannot change the
    disposition (the rule already holds it at urgent or higher), only which cause leads.
    """
    return add_answer_scores(list(kb.log_prior_odds), findings, findings, kb)


def add_answer_scores(
    base: list[float], answer: Mapping[str, Any], findings: Mapping[str, Any], kb: Any
) -> list[float]:
    """``base`` scores plus the likelihood ratios of the new ``answer`` (see ``condition_scores``)."""
    scores = list(base)
    for code in sorted(answer):  # the engine's order and ratios (``matching_ratios``): the same sums
        for entry in matching_ratios(code, answer[code], kb):
            if entry.requires is None or entry.requires(findings) is True:
                scores[entry.condition_index] += entry.log_lr
    return scores


def rule_rank(rule: Any, check: Any, chronic: Any, findings: Mapping[str, Any]) -> int:
    """The disposition rank a rule sets for these findings, or -1 when it does not fire."""
    if check(findings) is not True:
        return -1
    lowered = rule.chronic is not None and chronic is not None and chronic(findings) is True
    return DISPOSITION_RANK[rule.chronic.disposition if lowered else rule.disposition]


# Scores closer than this to the highest are compared as the engine compares them (by probability,
# then the knowledge order); farther ones are less likely there too (exp(-1e-9) is far from 1).
NEAR_TIE_LOG_ODDS = 1e-9


# The most the differential can set: a serious cause more likely than not, capped (the engine's rule)
_CAUSE_RANK_MAX = DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION]


def _leader_and_cause_rank(
    findings: Mapping[str, Any],
    scores: list[float],
    kb: Any,
    floor: int = -1,
    lowest_known: tuple[list[float], Mapping[str, Any]] | None = None,
) -> tuple[str, int]:
    """The leading condition and the disposition rank the differential sets (capped at a routine
    visit), weighed as the engine weighs it: without the answers that count in the ranking only.
    ``floor``: the rank the rules set already; when the differential cannot set more, its rank is not
    weighed (-1 is returned in its place). ``lowest_known``: as ``serious_lead`` takes it."""
    leading = kb.condition_codes[_leader(scores)]
    if floor >= _CAUSE_RANK_MAX:
        return leading, -1
    scores = disposition_scores(findings, scores, kb)
    best = _leader(scores)
    code = kb.condition_codes[best]
    probability = 0.0  # read only for a serious leader (the rule's cap): worked out only then
    if kb.conditions[code].serious:
        top = max(scores)
        probability = math.exp(scores[best] - top) / sum(math.exp(score - top) for score in scores)
    rank = leader_rank(findings, code, probability, kb)  # the engine's rule
    if max(rank, floor) >= _CAUSE_RANK_MAX:
        return leading, rank  # no serious cause can set more
    # weighed without tests of other causes, as the engine
    serious = serious_lead(findings, scores, kb, lowest_known=lowest_known)
    if serious is not None:
        rank = max(rank, serious[0])
    return leading, rank


def _leader(scores: list[float]) -> int:
    """The index of the highest score, as the engine ranks."""
    # as the engine ranks: by probability, then the knowledge base's order. Two causes whose log-odds
    # differ only by rounding (1e-16, from adding in another order) have the same probability there,
    # so the order decides, never the rounding
    # (this runs for every answer the interview foresees: the probabilities are worked out only for a
    # near-tie, which is rare; otherwise the highest score is the engine's leader)
    top = max(scores)
    near = [i for i, score in enumerate(scores) if score >= top - NEAR_TIE_LOG_ODDS]
    best = near[0]
    if len(near) > 1:
        weights = [math.exp(score - top) for score in scores]
        total = sum(weights)
        best = max(near, key=lambda i: (weights[i] / total, -i))
    return best


def disposition_and_leader(findings: Mapping[str, Any], scores: list[float], kb: Any) -> tuple[str, str]:
    """The engine's disposition and leading condition for these findings (see ``condition_scores``)."""
    rank = max(rule_ranks(findings, kb), default=-1)
    leading, cause = _leader_and_cause_rank(findings, scores, kb)
    return DISPOSITION_ORDER[max(rank, cause)], leading


__all__ = [
    "QuestionPlan",
    "add_answer_scores",
    "answer_reach",
    "answer_values",
    "condition_scores",
    "disposition_and_leader",
    "foresee_answer",
    "question_plan",
    "rare_answers",
    "rule_rank",
    "rule_ranks",
    "weighted_answers",
]
