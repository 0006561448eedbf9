"""The pure assessment engine: red-flag triage, explained differential, disposition.

1. Red-flag rules (knowledge/data/red_flags.yaml) fire only when definitely true; each sets a
   minimum disposition, lowered to its ``chronic`` level when the feature is long-standing and stable.
2. The differential: for every condition, log prior odds plus the log likelihood ratio of every
   matching answer (the because-trail), then a softmax over conditions so the probabilities sum to 1.
3. The disposition is the highest of: every fired rule, and the leading condition's default
   (capped at routine; the differential alone never raises to urgent or emergency, and never
   lowers a rule's level), except that a serious cause more likely than not sets its own (at most
   urgent; at most its ``long_standing`` level while the episode is long-standing and stable).
   It is weighed without the likelihood ratios marked ``for_disposition: false`` (the gait and
   posture answers): they move the ranking only, so a yes to one never lowers how soon to get help.
   A serious cause is judged on its own evidence (``serious_weighed_scores``): an answer to a
   question with no likelihood ratio for it may count against other causes, never for them.

Everything is precomputed in the KnowledgeBase, so one evaluation takes well under a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from backstride.assessment.findings import FindingValues, read_answers
from backstride.knowledge import (
    DISPOSITION_ORDER,
    DISPOSITION_RANK,
    CompiledLR,
    KnowledgeBase,
    RedFlagRule,
    load_knowledge,
    witnesses,
)

#: The differential alone asks for at most a routine visit; urgency comes from red-flag rules ...
MAX_DIFFERENTIAL_DISPOSITION = "routine"
#: ... except when a serious condition is more likely than not: then its own default applies
#: (a suspected fracture or infection is seen the same day), capped at urgent (judgement).
SERIOUS_LEAD_PROBABILITY = 0.5
MAX_SERIOUS_LEAD_DISPOSITION = "urgent"
#: A cause whose log odds are this far below another's has a chance of at most 1 / (1 + e) = 27%:
#: never more likely than not, so ``serious_lead`` does not sum its chance (arithmetic, not judgement)
FAR_BEHIND_LOG_ODDS = 1.0


@dataclass(frozen=True, slots=True)
class Contribution:
    """One answer's effect on one condition: the because-trail entry."""

    finding: str
    value: bool | float | str
    likelihood_ratio: float
    log_odds: float
    sources: tuple[str, ...]
    judgement: bool
    note: str
    #: A red-flag rule's floor (finding = the rule's code): the chance the cause is held at, at least
    #: (``post_test_probability``). None for an answer. The floor is not an answer: it is said as
    #: "held at 15% at least", never as the answer that fired the rule counted again.
    floor: float | None = None


@dataclass(frozen=True, slots=True)
class ConditionScore:
    code: str
    probability: float
    log_odds: float  # prior log odds + sum of contributions (before the softmax)
    prior: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RedFlagHit:
    code: str
    condition: str | None
    disposition: str
    findings: tuple[str, ...]
    message: str
    sources: tuple[str, ...]
    chronic: bool = False  # True when the chronic-stable clause lowered the level
    red_flag: bool = True  # False for an escalation rule (a reason for review)


@dataclass(frozen=True, slots=True)
class MimicNote:
    condition: str
    probability: float
    text: str
    what_settles_it: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    disposition: str
    red_flags: tuple[RedFlagHit, ...]
    escalations: tuple[RedFlagHit, ...]
    conditions: tuple[ConditionScore, ...]
    mimics: tuple[MimicNote, ...]
    disposition_because: tuple[str, ...]  # rule codes and/or "condition:<code>" that set the level
    findings: Mapping[str, bool | float | str]
    knowledge_version: str

    @property
    def leading(self) -> ConditionScore:
        return self.conditions[0]


def evaluate(findings: Mapping[str, object], kb: KnowledgeBase | None = None) -> Assessment:
    """Assess the answers as given (validated first; None = don't know, a code left out is unknown,
    unless another answer already gives it: ``read_answers``, as the interview, the terminal, the
    pages and the API read them; "Neither leg" -> the pain does not go down a leg)."""
    kb = kb or load_knowledge()
    f = read_answers(findings, kb)
    hits, escalations = _triage(f, kb)
    conditions = _differential(f, kb, hits + escalations)
    disposition, because = _disposition(f, kb, hits + escalations, conditions)
    return Assessment(
        disposition=disposition,
        red_flags=hits,
        escalations=escalations,
        conditions=conditions,
        mimics=_mimics(f, kb, conditions),
        disposition_because=because,
        findings=MappingProxyType(f),
        knowledge_version=kb.version,
    )


def triage(
    findings: Mapping[str, object], kb: KnowledgeBase | None = None
) -> tuple[tuple[RedFlagHit, ...], tuple[RedFlagHit, ...]]:
    """The red-flag and escalation rules that fire, most urgent first, without the differential: the
    cheap part of :func:`evaluate`, for saying an emergency at once while an interview goes on. The
    differential alone never sets more than ``MAX_SERIOUS_LEAD_DISPOSITION``, so a disposition of
    "emergency" always comes from a hit here. The answers are read as :func:`evaluate` reads them
    (``read_answers``)."""
    kb = kb or load_knowledge()
    return _triage(read_answers(findings, kb), kb)


def fired_level(rule: RedFlagRule, chronic: Any, findings: Mapping[str, Any]) -> tuple[str, str, bool]:
    """The disposition and words of ``rule`` firing on ``findings``: its chronic clause's when that
    clause (``chronic``, compiled, or None) holds (the feature long-standing and stable: then True),
    else its own. The message always says what its level says (never "go now" under a lower level)."""
    if chronic is not None and rule.chronic is not None and chronic(findings) is True:
        return rule.chronic.disposition, rule.chronic.message, True
    return rule.disposition, rule.message, False


def _triage(f: FindingValues, kb: KnowledgeBase) -> tuple[tuple[RedFlagHit, ...], tuple[RedFlagHit, ...]]:
    flags: list[RedFlagHit] = []
    others: list[RedFlagHit] = []
    for rule, check, chronic in kb.rule_checks:
        if check(f) is not True:
            continue
        disposition, message, is_chronic = fired_level(rule, chronic, f)
        hit = RedFlagHit(
            code=rule.code,
            condition=rule.condition,
            disposition=disposition,
            findings=tuple(witnesses(rule.when, f)),
            message=message,
            sources=rule.sources,
            chronic=is_chronic,
            red_flag=rule.red_flag,
        )
        (flags if rule.red_flag else others).append(hit)
    key = lambda h: -DISPOSITION_RANK[h.disposition]  # noqa: E731 - stable sort, most urgent first
    return tuple(sorted(flags, key=key)), tuple(sorted(others, key=key))


def matching_ratios(code: str, value: object, kb: KnowledgeBase) -> tuple[CompiledLR, ...]:
    """The likelihood ratios of finding ``code`` that ``value`` (validated) matches, in knowledge order:
    a yes/no or a choice from the exact index, a number from its ranges. Shared by the engine and the
    interview's foresight (which sums the same ratios for hundreds of foreseen answers)."""
    if isinstance(value, bool | str):
        return kb.lr_exact.get((code, value), ())
    # a number is matched against each range once and kept: the interview's foresight and the serious
    # causes' own weighing read the same few answers hundreds of times in one check
    return _kept_per_answer(
        _range_matches(kb),
        code,
        value,
        lambda: tuple(e for e in kb.lr_range.get(code, ()) if e.matches(value)),
    )


#: How many (finding, answer) results each per-answer table keeps per knowledge base before it forgets
#: them all (``_kept_per_answer``).
MAX_KEPT_RANGE_MATCHES = 4096

_Kept = TypeVar("_Kept")


def _kept_per_answer(
    kept: dict[tuple[str, type, object], _Kept], code: str, value: object, work_out: Callable[[], _Kept]
) -> _Kept:
    """What ``work_out`` gives for answer ``value`` to ``code``, worked out once and kept in ``kept`` (an
    int and a float of one number are kept apart, as a ratio may name a value of one type)."""
    key = (code, type(value), value)
    found = kept.get(key)
    if found is None:
        if len(kept) >= MAX_KEPT_RANGE_MATCHES:
            kept.clear()  # a long-running server meets any number: keep the memory bounded
        found = kept[key] = work_out()
    return found


def _range_matches(kb: KnowledgeBase) -> dict[tuple[str, type, object], tuple[CompiledLR, ...]]:
    return _once_per_knowledge(kb, "range_matches", lambda kb: {})  # type: ignore[no-any-return]


def _differential(
    f: FindingValues, kb: KnowledgeBase, hits: tuple[RedFlagHit, ...] = ()
) -> tuple[ConditionScore, ...]:
    codes = kb.condition_codes
    scores = list(kb.log_prior_odds)
    trails: list[list[Contribution]] = [[] for _ in codes]
    for code in sorted(f):  # a fixed order: the answer order never changes the sums
        value = f[code]
        for entry in matching_ratios(code, value, kb):
            if entry.requires is not None and entry.requires(f) is not True:
                continue
            d = entry.definition
            scores[entry.condition_index] += entry.log_lr
            trails[entry.condition_index].append(
                Contribution(code, value, d.lr, entry.log_lr, d.sources, d.judgement, d.note)
            )
    _apply_floors(kb, hits, scores, trails)
    # a red-flag floor enters the trail under its rule's code; supporting names answers (the contract's
    # finding codes): the answers that fired the rule
    fired = {h.code: h.findings for h in hits}
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    out = []
    for i, code in enumerate(codes):
        cdef = kb.conditions[code]
        trail = trails[i]
        if trail:
            trail.sort(key=lambda c: -abs(c.log_odds))
            evidence = dict.fromkeys(cdef.prior_sources)
            for c in trail:
                evidence.update(dict.fromkeys(c.sources))
            supporting = tuple(
                dict.fromkeys(
                    a for c in trail if c.likelihood_ratio > 1 for a in fired.get(c.finding, (c.finding,))
                )
            )
            against = tuple(dict.fromkeys(c.finding for c in trail if c.likelihood_ratio < 1))
        else:
            evidence, supporting, against = dict.fromkeys(cdef.prior_sources), (), ()
        out.append(
            ConditionScore(
                code=code,
                probability=weights[i] / total,
                log_odds=scores[i],
                prior=cdef.prior,
                supporting=supporting,
                against=against,
                contributions=tuple(trail),
                evidence=tuple(evidence),
            )
        )
    order = {code: i for i, code in enumerate(codes)}
    out.sort(key=lambda c: (-c.probability, order[c.code]))
    return tuple(out)


#: Floors are lifted together, pass after pass, until each holds to this many log-odds (a lift of
#: one condition lowers every other's probability a little).
FLOOR_TOLERANCE = 1e-12
MAX_FLOOR_PASSES = 100


def _apply_floors(
    kb: KnowledgeBase, hits: tuple[RedFlagHit, ...], scores: list[float], trails: list[list[Contribution]]
) -> None:
    """Raise a condition to the post-test probability of a fired red-flag rule that names it.

    The floor is the rule's ``post_test_probability``: a share seen among people referred with those
    signs where a study gives one, else a stated judgement (its ``post_test_note`` says which). It enters the
    because-trail as the rule's own contribution (finding = rule code). Every fired floor holds at
    the end, not only the last one lifted: lifting one condition lowers the others' probabilities,
    so the lifts are repeated until none is needed (the floors sum to well under 1).
    """
    index = {code: i for i, code in enumerate(kb.condition_codes)}
    wanted: dict[int, tuple[float, RedFlagRule]] = {}  # condition -> the highest floor, its first rule
    for hit in hits:
        rule = kb.red_flag_rules[hit.code]
        floor = rule.post_test_probability
        if floor is None or hit.chronic or rule.condition is None:
            continue
        i = index[rule.condition]
        if i not in wanted or floor > wanted[i][0]:
            wanted[i] = (floor, rule)
    lifts = dict.fromkeys(wanted, 0.0)
    for _ in range(MAX_FLOOR_PASSES):
        largest = 0.0
        for i, (floor, _rule) in wanted.items():
            top = max(s for j, s in enumerate(scores) if j != i)
            others = top + math.log(sum(math.exp(s - top) for j, s in enumerate(scores) if j != i))
            needed = math.log(floor / (1 - floor)) + others
            if scores[i] < needed:
                largest = max(largest, needed - scores[i])
                lifts[i] += needed - scores[i]
                scores[i] = needed
        if largest < FLOOR_TOLERANCE:
            break
    for i, lift in lifts.items():
        if lift > 0.0:
            rule = wanted[i][1]
            note = rule.post_test_note or ""
            trails[i].append(
                Contribution(
                    rule.code, True, math.exp(lift), lift, rule.post_test_sources, True, note, wanted[i][0]
                )
            )


# What is worked out once per knowledge base (kept with the base, so a reloaded one is not confused
# with an old one at the same address): (what, id(kb)) -> (kb, value)
_PER_KNOWLEDGE: dict[tuple[str, int], tuple[KnowledgeBase, Any]] = {}


def _once_per_knowledge(kb: KnowledgeBase, what: str, build: Callable[[KnowledgeBase], Any]) -> Any:
    kept = _PER_KNOWLEDGE.get((what, id(kb)))
    if kept is None or kept[0] is not kb:
        kept = _PER_KNOWLEDGE[(what, id(kb))] = (kb, build(kb))
    return kept[1]


def _own_findings(kb: KnowledgeBase) -> tuple[frozenset[str], ...]:
    """For each condition (knowledge order), the findings with a likelihood ratio for it."""

    def build(kb: KnowledgeBase) -> tuple[frozenset[str], ...]:
        own: list[set[str]] = [set() for _ in kb.condition_codes]
        for finding, entries in kb.lr_index.items():
            for entry in entries:
                own[entry.condition_index].add(finding)
        return tuple(frozenset(o) for o in own)

    return _once_per_knowledge(kb, "own_findings", build)  # type: ignore[no-any-return]


def serious_lead(
    f: Mapping[str, object],
    scores: list[float],
    kb: KnowledgeBase,
    lifts: Mapping[int, tuple[str, float]] | None = None,
    *,
    long_standing: bool = True,
    lowest_known: tuple[list[float], Mapping[str, object]] | None = None,
) -> tuple[int, str] | None:
    """The rank a serious condition more likely than not sets (``serious_rank``: its default, at most
    ``MAX_SERIOUS_LEAD_DISPOSITION``, lower while its ``long_standing`` clause holds) and its code;
    None when no serious condition is.

    ``scores``: each condition's log odds (knowledge order). A serious condition's chance is weighed
    on its own evidence (``serious_weighed_scores``): every other cause is scored by the answers to
    the questions that have a likelihood ratio for this one; an answer to any other question counts
    only against other causes, never for them. So "Neither leg" with pain in both buttocks makes a
    narrowed canal likelier in the ranking but never lowers a likely broken bone from a visit today
    to a routine one (it did: 61% -> 44%, knowledge 1.28.0), and neither do a low ankle-brachial
    index or a long stride (docs/knowledge-base.md, "A serious cause is judged on its own evidence").
    ``lifts``: the engine's floor lifts (condition index -> the rule and its lift in log odds); a
    lift of another cause is left out unless its rule (a red flag, not an escalation rule) fires on
    this cause's own answers alone (none does in knowledge 1.28.0: a weak foot pulse fires the
    artery check, whose 5% floor for narrowed arteries lowered a likely broken bone). Shared by the
    engine and the interview's foresight (whose scores have no lifts). ``scores`` are the level's
    (``disposition_scores``): the ranking-only answers are out of them already and are left out here
    too. ``long_standing=False``: as if no cause had a ``long_standing`` clause.
    A serious cause that could not be more likely than not even with every other cause at its floor
    (``lowest_weighed_scores``) is not weighed in full: the same result, and the interview's
    foresight, which looks here for every answer it foresees, stays fast (gold interviews 14.0 s ->
    5.0 s; tests/property/test_serious_cause_bound.py).
    ``lowest_known``: for the foresight, the floors of the findings known before one answer
    (``lowest_weighed_scores``) and that answer (none of its codes known before, so ``f`` is the known
    findings followed by it): the floors of ``f`` are those plus the answer's, the same sums in the same
    order, without going over every known answer again for each answer foreseen.
    """
    best: tuple[int, str] | None = None
    weights: list[float] | None = None  # exp(floor - top) of each cause (``lowest_weighed_scores``)
    top = total = 0.0  # ``total``: sum(weights), once for every serious cause
    for i, code in enumerate(kb.condition_codes):
        definition = kb.conditions[code]
        if not definition.serious:
            continue
        if weights is None:
            if lowest_known is None:
                lowest = lowest_weighed_scores(f, kb)
            else:
                lowest = lowest_weighed_scores(lowest_known[1], kb, list(lowest_known[0]))
            top = max(lowest)
            weights = [math.exp(s - top) for s in lowest]
            total = sum(weights)
        if (
            _highest_weighed_probability(scores[i], weights, top, i, total)
            < SERIOUS_LEAD_PROBABILITY - BOUND_MARGIN
        ):
            continue  # cannot be more likely than not however its own answers weigh the others
        probability = serious_weighed_probability(f, scores, i, kb, lifts)
        if probability is not None and probability >= SERIOUS_LEAD_PROBABILITY:
            rank = serious_rank(f, code, kb, long_standing=long_standing)
            if best is None or rank > best[0]:
                best = (rank, code)
                if rank >= DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION]:
                    break  # no later serious cause can set more (each is capped there)
    return best


#: A serious cause is skipped only when its highest possible chance is this far under one in two, so
#: rounding in the bound's sums never skips one the full weighing would find more likely than not.
BOUND_MARGIN = 1e-9


def lowest_weighed_scores(
    f: Mapping[str, object], kb: KnowledgeBase, start: list[float] | None = None
) -> list[float]:
    """For every cause (knowledge order), a floor under its log odds in ``serious_weighed_scores`` for
    any serious cause: its prior plus every matching ratio below 1 that counts in the level, whatever
    its ``requires``. The weighing adds only some of those and ratios above 1 (and ``lifts`` only
    raise), so no cause ever scores lower there. ``start``: the floors of answers given before ``f``
    (changed in place and returned), in place of the priors."""
    lowest = list(kb.log_prior_odds) if start is None else start
    kept = _lowering_ratios(kb)
    for code, value in f.items():
        lowering = _kept_per_answer(
            kept,
            code,
            value,
            lambda code=code, value=value: tuple(  # type: ignore[misc]
                (e.condition_index, e.log_lr)
                for e in matching_ratios(code, value, kb)
                if e.log_lr < 0 and e.definition.for_disposition
            ),
        )
        for j, log_lr in lowering:
            lowest[j] += log_lr
    return lowest


def _lowering_ratios(kb: KnowledgeBase) -> dict[tuple[str, type, object], tuple[tuple[int, float], ...]]:
    return _once_per_knowledge(kb, "lowering_ratios", lambda kb: {})  # type: ignore[no-any-return]


def _highest_weighed_probability(
    own_log_odds: float, weights: list[float], top: float, i: int, total: float
) -> float:
    """The most serious cause ``i`` with log odds ``own_log_odds`` can reach when every other cause
    is at its floor (``lowest_weighed_scores``, given as ``weights``: exp(floor - top), and their
    ``total``, ``sum(weights)``, summed once for all the serious causes): own / (own + the others)."""
    if own_log_odds - top > MAX_EXP:
        return 1.0  # far above every floor: not skipped
    own = math.exp(own_log_odds - top)
    if weights[i] <= own:  # then the subtraction loses nothing that matters against ``own``
        return own / (own + total - weights[i])
    return own / (own + sum(w for j, w in enumerate(weights) if j != i))


#: exp() of more than this overflows a float.
MAX_EXP = 700.0


def serious_weighed_probability(
    f: Mapping[str, object],
    scores: list[float],
    i: int,
    kb: KnowledgeBase,
    lifts: Mapping[int, tuple[str, float]] | None = None,
) -> float | None:
    """Serious condition ``i``'s chance as the level weighs it (``serious_lead``), or None when another
    cause is e times as likely there (at most 27%: not summed, it cannot be more likely than not)."""
    adjusted = serious_weighed_scores(f, scores, i, kb)
    if lifts:
        mine = _own_answers(f, i, kb)
        checks = _rule_checks(kb)
        for j, (rule_code, lift) in lifts.items():
            if j != i and kb.red_flag_rules[rule_code].red_flag and checks[rule_code](mine) is True:
                adjusted[j] += lift  # a floor this cause's own answers set: it stays
    top = max(adjusted)
    if adjusted[i] < top - FAR_BEHIND_LOG_ODDS:
        return None
    return math.exp(adjusted[i] - top) / sum([math.exp(s - top) for s in adjusted])


def _own_answers(f: Mapping[str, object], i: int, kb: KnowledgeBase) -> dict[str, object]:
    """The answers of ``f`` to the questions with a likelihood ratio for condition ``i``."""
    own = _own_findings(kb)[i]
    return {c: v for c, v in f.items() if c in own}


def _rule_checks(kb: KnowledgeBase) -> Mapping[str, Any]:
    return _once_per_knowledge(  # type: ignore[no-any-return]
        kb, "rule_checks", lambda kb: MappingProxyType({r.code: c for r, c, _ in kb.rule_checks})
    )


def serious_weighed_scores(
    f: Mapping[str, object], scores: list[float], i: int, kb: KnowledgeBase
) -> list[float]:
    """The log odds (knowledge order) serious condition ``i`` is weighed against for the level, before
    any floor lift of another cause: ``i``'s own is ``scores[i]`` (the level's, ``disposition_scores``);
    every other cause's is its prior plus the likelihood ratios (those that count in the level,
    ``for_disposition``) of the answers to ``i``'s own questions, each ``requires`` read on those
    answers, and of every other answer only the ratios below 1, each ``requires`` read on ``i``'s
    answers and that answer alone. Such an answer says nothing about ``i``: it may make another cause
    less likely, never likelier, so adding one never lowers ``i``'s chance here, and neither can what
    one answer does to another's ratio ("pain in both buttocks" switches off what "Neither leg" says
    against a narrowed canal). A ratio below 1 also counts when its ``requires`` holds on all the
    answers, and one above 1 only when it holds on them too, so no other cause counts higher here
    than in the level itself (review R18: "eased by standing still" says x0.4 against a narrowed
    canal when the calf hurts most; read alone it said nothing, and a broken bone at a visit today
    fell to a routine one). Shared by ``serious_lead`` and the interview's look before stopping (a
    serious cause that is not the leader)."""
    mine = _own_answers(f, i, kb)
    adjusted = list(kb.log_prior_odds)
    adjusted[i] = scores[i]
    for code in sorted(f):  # a fixed order, as the engine sums
        value = f[code]
        own = code in mine
        alone = mine if own else {**mine, code: value}
        for entry in matching_ratios(code, value, kb):
            j = entry.condition_index
            if j == i or not entry.definition.for_disposition or (not own and entry.log_lr >= 0):
                continue
            if entry.requires is None:
                adjusted[j] += entry.log_lr
            elif entry.log_lr < 0:  # against it: as the answers read alone, or as they all do
                if entry.requires(alone) is True or entry.requires(f) is True:
                    adjusted[j] += entry.log_lr
            elif entry.requires(mine) is True and entry.requires(f) is True:  # for it: only as both do
                adjusted[j] += entry.log_lr
    return adjusted


def disposition_scores(f: Mapping[str, object], scores: list[float], kb: KnowledgeBase) -> list[float]:
    """``scores`` (each condition's log odds, knowledge order) without the likelihood ratios marked
    ``for_disposition: false``: the gait and posture answers (long strides, flat feet, worn shoes ...)
    make non-specific mechanical pain likelier in the ranking, but the disposition is weighed without
    them, so a yes to one never lowers how soon to get help (judgement; conditions.yaml says why)."""
    adjusted = list(scores)
    for entry in _ranking_only(kb):
        value = f.get(entry.definition.finding)
        if (
            value is not None
            and entry.matches(value)
            and (entry.requires is None or entry.requires(f) is True)
        ):
            adjusted[entry.condition_index] -= entry.log_lr
    return adjusted


def _ranking_only(kb: KnowledgeBase) -> tuple[Any, ...]:
    """The likelihood-ratio entries marked ``for_disposition: false``."""
    return _once_per_knowledge(  # type: ignore[no-any-return]
        kb,
        "ranking_only",
        lambda kb: tuple(e for es in kb.lr_index.values() for e in es if not e.definition.for_disposition),
    )


def disposition_leader(scores: list[float], kb: KnowledgeBase) -> tuple[int, float]:
    """The condition (index) with the highest score, the knowledge order breaking ties as the
    ranking does, and its probability."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    best = min(range(len(scores)), key=lambda i: (-weights[i] / total, i))
    return best, weights[best] / total


def serious_rank(f: Mapping[str, object], code: str, kb: KnowledgeBase, *, long_standing: bool = True) -> int:
    """The rank serious cause ``code`` sets when it is more likely than not: its default, at most
    ``MAX_SERIOUS_LEAD_DISPOSITION``, and at most its ``long_standing`` level while that clause is
    definitely true (the episode long-standing and stable, as a rule's ``chronic`` clause: a broken
    bone suspected after 3 months of stable pain is a routine check, A.4). Unknown never lowers it."""
    definition = kb.conditions[code]
    rank = min(
        DISPOSITION_RANK[definition.default_disposition], DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION]
    )
    check = kb.long_standing_checks.get(code)
    if long_standing and check is not None and definition.long_standing is not None and check(f) is True:
        rank = min(rank, DISPOSITION_RANK[definition.long_standing.disposition])
    return rank


def leader_rank(
    f: Mapping[str, object],
    leading: str,
    probability: float,
    kb: KnowledgeBase,
    *,
    long_standing: bool = True,
) -> int:
    """The disposition rank the differential's leader sets (``probability``: its chance, as the level is
    weighed): its default, capped at a routine visit unless it is serious and more likely than not;
    self-care when its self-care check holds. Shared by the engine and the interview's foresight.
    ``long_standing=False``: as if no cause had a ``long_standing`` clause."""
    if kb.conditions[leading].serious and probability >= SERIOUS_LEAD_PROBABILITY:
        rank = serious_rank(f, leading, kb, long_standing=long_standing)
    else:
        rank = min(
            DISPOSITION_RANK[kb.conditions[leading].default_disposition],
            DISPOSITION_RANK[MAX_DIFFERENTIAL_DISPOSITION],
        )
    check = kb.self_care_checks.get(leading)
    if check is not None and check(f) is True:
        rank = DISPOSITION_RANK["self_care"]
    return rank


def _disposition(
    f: FindingValues, kb: KnowledgeBase, hits: tuple[RedFlagHit, ...], conditions: tuple[ConditionScore, ...]
) -> tuple[str, tuple[str, ...]]:
    because: list[tuple[int, str]] = [(DISPOSITION_RANK[hit.disposition], hit.code) for hit in hits]
    because += _cause_ranks(f, kb, conditions)
    level = max(rank for rank, _code in because)
    return DISPOSITION_ORDER[level], tuple(dict.fromkeys(code for r, code in because if r == level))


def _cause_ranks(
    f: Mapping[str, object],
    kb: KnowledgeBase,
    conditions: tuple[ConditionScore, ...],
    long_standing: bool = True,
) -> list[tuple[int, str]]:
    """The ranks the causes set (the disposition's leader, then a serious cause more likely than not),
    each with "condition:<code>"; ``long_standing=False``: as if no cause had a ``long_standing`` clause."""
    by_code = {c.code: c.log_odds for c in conditions}
    # weighed without the answers that count in the ranking only (conditions[0] is the ranking's
    # leader; without them another cause may lead here and keep its visit)
    scores = disposition_scores(f, [by_code[c] for c in kb.condition_codes], kb)
    best, probability = disposition_leader(scores, kb)
    leading = kb.condition_codes[best]
    out = [(leader_rank(f, leading, probability, kb, long_standing=long_standing), f"condition:{leading}")]
    index = {code: i for i, code in enumerate(kb.condition_codes)}
    lifts = {
        index[c.code]: (x.finding, x.log_odds)
        for c in conditions
        for x in c.contributions
        if x.finding in kb.red_flag_rules  # a floor's lift enters the trail under its rule's code
    }
    serious = serious_lead(f, scores, kb, lifts, long_standing=long_standing)
    if serious is not None:  # the leader's own, or another serious cause weighed without other tests
        out.append((serious[0], f"condition:{serious[1]}"))
    return out


def long_standing_cause(assessment: Assessment, kb: KnowledgeBase | None = None) -> str | None:
    """The serious cause whose ``long_standing`` clause set the level below its own, or None: without
    the clause it would set more than the result (a broken bone more likely than not, in pain of 12
    weeks or more that is not getting worse, is a routine check instead of a visit today). The relief
    plan leaves out what the clause's ``holds_back`` names then, as it does while a rule fires."""
    kb = kb or load_knowledge()
    level = DISPOSITION_RANK[assessment.disposition]
    for rank, code in _cause_ranks(assessment.findings, kb, assessment.conditions, long_standing=False):
        if rank > level:
            return code.removeprefix("condition:")
    return None


def _mimics(
    f: FindingValues, kb: KnowledgeBase, conditions: tuple[ConditionScore, ...]
) -> tuple[MimicNote, ...]:
    out = []
    for i, score in enumerate(conditions):
        mimic = kb.conditions[score.code].mimic
        if mimic is None or i == 0:
            continue
        forced = kb.mimic_checks.get(score.code)
        if score.probability < mimic.min_probability and not (forced is not None and forced(f) is True):
            continue
        if any(code in f for code in mimic.settled_by):
            continue
        out.append(MimicNote(score.code, score.probability, mimic.text, mimic.what_settles_it, mimic.sources))
    return tuple(out)


__all__ = [
    "MAX_DIFFERENTIAL_DISPOSITION",
    "MAX_SERIOUS_LEAD_DISPOSITION",
    "SERIOUS_LEAD_PROBABILITY",
    "Assessment",
    "ConditionScore",
    "Contribution",
    "MimicNote",
    "RedFlagHit",
    "disposition_leader",
    "disposition_scores",
    "evaluate",
    "leader_rank",
    "long_standing_cause",
    "lowest_weighed_scores",
    "matching_ratios",
    "serious_lead",
    "serious_rank",
    "triage",
]
