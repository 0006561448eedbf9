"""Build the relief plan from an assessment and optional gait factors (pure).

The plan keeps the seed article's advice visible with an honest evidence note, orders items the
gait recording points at first (with the measurement as the reason), matches what to do to the
disposition (an emergency plan is only "get help now"), and says when to see a clinician.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backstride.assessment import (
    SERIOUS_LEAD_PROBABILITY,
    Assessment,
    ConditionScore,
    long_standing_cause,
)
from backstride.core.errors import FindingValueError, UnknownCodeError
from backstride.knowledge import AdviceDef, KnowledgeBase, load_knowledge

#: A condition counts as "likely" for targeted advice from this probability (judgement).
LIKELY_PROBABILITY = 0.2

GaitFactorInput = str | Mapping[str, object]


@dataclass(frozen=True, slots=True)
class PlanItem:
    code: str
    title: str
    text: str
    evidence_grade: str
    note: str
    sources: tuple[str, ...]
    reason: str | None = None
    timing: str | None = None
    steps: tuple[str, ...] = ()
    stop_if: str | None = None
    from_seed: bool = False

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "title": self.title,
            "text": self.text,
            "evidence_grade": self.evidence_grade,
            "note": self.note,
            "sources": list(self.sources),
            "from_seed": self.from_seed,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.timing:
            out["timing"] = self.timing
        if self.steps:
            out["steps"] = [f"{i}. {s}" for i, s in enumerate(self.steps, 1)]
        if self.stop_if:
            out["stop_if"] = self.stop_if
        return out


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One step of the plan in time; ``sources``: those of the advice or disposition it sums up."""

    when: str
    text: str
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"when": self.when, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class HeldBack:
    """Advice left out of the plan because a warning rule fired (``rule``), and why.

    ``advice``/``titles``: the items this plan would otherwise have given; ``reason``: plain words
    with the sources' keys; ``sources``: EVIDENCE.md keys. The plan's ``see_clinician`` says it too.
    """

    rule: str
    advice: tuple[str, ...]
    titles: tuple[str, ...]
    reason: str
    sources: tuple[str, ...]
    grades: tuple[str, ...] = ()  # each item's evidence grade, in the order of ``advice``

    @property
    def text(self) -> str:
        """What the plan says: the items left out, then why."""
        return f"Left out of this plan for now: {', '.join(self.titles)}. {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "advice": list(self.advice),
            "titles": list(self.titles),
            "reason": self.reason,
            "sources": list(self.sources),
            "evidence_grades": list(self.grades),
        }


@dataclass(frozen=True, slots=True)
class ReliefPlan:
    immediate: tuple[PlanItem, ...]
    home: tuple[PlanItem, ...]
    stretches: tuple[PlanItem, ...]
    timeline: tuple[TimelineStep, ...]
    see_clinician: str
    gait_factors: tuple[str, ...] = ()
    held_back: tuple[HeldBack, ...] = ()
    # False for an emergency not about walking (the aneurysm, EVIDENCE.md A.7): the "now" advice is
    # headed "Right now", not "Right now, on your walk"
    about_walking: bool = True

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "immediate": [i.to_dict() for i in self.immediate],
            "home": [i.to_dict() for i in self.home],
            "stretches": [i.to_dict() for i in self.stretches],
            "timeline": [t.to_dict() for t in self.timeline],
            "see_clinician": self.see_clinician,
            "gait_factors": list(self.gait_factors),
        }
        if self.held_back:  # only then: everyone else's plan JSON is as before
            out["held_back"] = [h.to_dict() for h in self.held_back]
        if not self.about_walking:  # only then, as held_back
            out["about_walking"] = False
        return out


def _held_back(
    assessment: Assessment, chosen: Iterable[AdviceDef], kb: KnowledgeBase
) -> tuple[HeldBack, ...]:
    """The advice of ``chosen`` that a fired rule holds back (knowledge: a rule's ``holds_back``),
    one entry per rule in the order the rules fired, each item under the first rule that holds it;
    then what a serious cause's ``long_standing`` clause holds back while it sets the level (a likely
    broken bone at a routine check; ``rule`` is then the condition's code)."""
    given = {a.code: a for a in chosen}
    out: list[HeldBack] = []
    taken: set[str] = set()
    holds = [
        (hit.code, kb.red_flag_rules[hit.code].holds_back)
        for hit in assessment.red_flags + assessment.escalations
    ]
    cause = long_standing_cause(assessment, kb) if given else None
    clause = kb.conditions[cause].long_standing if cause is not None else None
    if cause is not None and clause is not None:
        holds.append((cause, clause.holds_back))
    for code, hold in holds:
        if hold is None:
            continue
        codes = tuple(c for c in hold.advice if c in given and c not in taken)
        if codes:
            taken.update(codes)
            titles = tuple(given[c].title for c in codes)
            grades = tuple(given[c].evidence_grade for c in codes)
            out.append(HeldBack(code, codes, titles, hold.reason, hold.sources, grades))
    return tuple(out)


def _held_for_a_visit(assessment: Assessment, kept: Iterable[str], kb: KnowledgeBase) -> tuple[HeldBack, ...]:
    """An urgent or emergency plan gives only its safety steps: this names each piece of the
    article's advice (``from_seed``, not safety) it does not give (``kept``: the codes it gives or
    holds back already), with the reason of the level's knowledge (``holds_back``) and the keys of
    what set the level: the first rule (its sources) or cause (its evidence) of
    ``disposition_because``. Empty at the other levels and when nothing is left out."""
    level = kb.dispositions[assessment.disposition]
    if level.holds_back is None:
        return ()
    kept = set(kept)
    left = [
        a for a in kb.advice.values() if a.from_seed and a.evidence_grade != "safety" and a.code not in kept
    ]
    if not left:
        return ()
    because = assessment.disposition_because[0] if assessment.disposition_because else level.code
    code = because.removeprefix("condition:")
    rule = kb.red_flag_rules.get(because)
    cause = next((c for c in assessment.conditions if f"condition:{c.code}" == because), None)
    sources = rule.sources if rule else cause.evidence if cause and cause.evidence else level.sources
    reason = f"{level.holds_back[:-1]} [{', '.join(sources)}]."
    return (
        HeldBack(
            code,
            tuple(a.code for a in left),
            tuple(a.title for a in left),
            reason,
            tuple(sources),
            tuple(a.evidence_grade for a in left),
        ),
    )


def _gait_inputs(gait_factors: Iterable[GaitFactorInput] | None, kb: KnowledgeBase) -> dict[str, str]:
    """Gait factor code -> the reason to show: a factor object's ``measured`` words first (what the
    walk measured, with units: services.gait_findings.measured_words), else the gait engine's
    explanation after it in brackets when it gave one."""
    out: dict[str, str] = {}
    if isinstance(gait_factors, str | bytes):  # a bare code would be read letter by letter
        raise FindingValueError(
            f"gait factors: expected a list of gait factor codes or gait factor objects, not one text "
            f"({gait_factors!r})"
        )
    if isinstance(gait_factors, Mapping):  # its keys would be read as present, {"x": false} too
        raise FindingValueError(
            "gait factors: expected a list of gait factor codes or gait factor objects, not one object "
            f"({dict(gait_factors)!r})"
        )
    verdicts: dict[str, bool] = {}
    for item in gait_factors or ():
        measured: object = None
        if isinstance(item, str):
            code, explanation, present = item, None, True
        elif not isinstance(item, Mapping):
            raise FindingValueError(f"gait factors: expected a gait factor code or object, got {item!r}")
        else:
            given = item.get("present", True)
            if not isinstance(given, bool):  # 0 and 1 are not true/false here
                raise FindingValueError(
                    f"gait factor {item.get('code')!r}: present must be true or false, got {given!r}"
                )
            code, explanation, present = str(item.get("code")), item.get("explanation"), given
            measured = item.get("measured")
            if measured is not None and not isinstance(measured, str):
                raise FindingValueError(
                    f"gait factor {code!r}: measured must be a text (what the walk measured), "
                    f"got {measured!r:.40}"
                )
        if verdicts.setdefault(code, present) is not present:  # present won in silence, in any order
            raise FindingValueError(f"gait factor {code!r} is given as present and as not present")
        if present is False:
            continue
        definition = kb.gait_factors.get(code)
        if definition is None:
            raise UnknownCodeError(
                f"unknown gait factor {code!r}: expected one of {', '.join(kb.gait_factors)}"
            )
        reason = definition.reason
        if measured:  # what the walk measured, in plain words with units, before what it means
            reason = f"{measured} {reason.rstrip('.')} [{', '.join(definition.sources)}]."
        elif explanation:
            reason = f"{reason} ({explanation})"
        out[code] = reason
    return out


def _not_walking_rules(disposition: str, because: Iterable[str], kb: KnowledgeBase) -> list[bool]:
    """For an emergency, each rule of ``because`` (the result's ``disposition_because``): is it one whose
    pattern walking does not bring on (the aneurysm, EVIDENCE.md A.7: ``not_walking`` in
    red_flags.yaml)? An unknown rule counts as about walking. Empty for any other level."""
    if disposition != "emergency":
        return []
    rules = [kb.red_flag_rules.get(code) for code in because]
    return [rule is not None and rule.not_walking for rule in rules]


def not_about_walking(disposition: str, because: Iterable[str], kb: KnowledgeBase) -> bool:
    """An emergency set only by rules whose pattern walking does not bring on. Such a plan says what
    to do now without the walk."""
    flags = _not_walking_rules(disposition, because, kb)
    return bool(flags) and all(flags)


def not_walking_too(disposition: str, because: Iterable[str], kb: KnowledgeBase) -> bool:
    """An emergency set by a rule whose pattern walking does not bring on (the aneurysm) *and* by
    another (the nerves, say): its words are the walk's, its sources both kinds' (A.9 [A24])."""
    flags = _not_walking_rules(disposition, because, kb)
    return any(flags) and not all(flags)


def level_action(disposition: str, because: Iterable[str], kb: KnowledgeBase) -> tuple[str, tuple[str, ...]]:
    """What the level tells the person to do and its sources: the disposition's, or for an emergency
    not about walking its own words, citing its own source (dispositions.yaml ``not_walking``); an
    emergency about the nerves and the aneurysm both keeps the walk's words and cites both's sources."""
    because = tuple(because)
    level = kb.dispositions[disposition]
    if level.not_walking is not None and not_about_walking(disposition, because, kb):
        return level.not_walking.see_clinician, level.not_walking.sources
    if level.not_walking is not None and not_walking_too(disposition, because, kb):
        return level.see_clinician, tuple(dict.fromkeys((*level.sources, *level.not_walking.sources)))
    return level.see_clinician, level.sources


def level_means(disposition: str, because: Iterable[str], kb: KnowledgeBase) -> str:
    """What the level means in one line (the result's ``disposition_text``, the terminal's banner,
    FHIR's ``mitigation``): the disposition's ``means``, or for an emergency not about walking the
    aneurysm's own words (dispositions.yaml ``not_walking``, [A24]), as its plan says them: "Go to an
    emergency department" could be read as "drive yourself there"."""
    level = kb.dispositions[disposition]
    if level.not_walking is not None and not_about_walking(disposition, because, kb):
        return level.not_walking.see_clinician
    return level.means


def build_plan(
    assessment: Assessment,
    gait_factors: Iterable[GaitFactorInput] | None = None,
    kb: KnowledgeBase | None = None,
    *,
    for_clinician: bool = False,
) -> ReliefPlan:
    """The relief plan for ``assessment``; ``gait_factors`` are codes (or gait-factor dicts).
    ``for_clinician`` (clinician mode): the see-clinician text leaves out the cause's hint to the
    person about what a clinician will examine (the reader is that clinician)."""
    kb = kb or load_knowledge()
    gait = _gait_inputs(gait_factors, kb)
    disposition = assessment.disposition
    findings = assessment.findings
    likely = {c.code for c in assessment.conditions if c.probability >= LIKELY_PROBABILITY}
    likely.add(assessment.conditions[0].code)

    walking = not not_about_walking(disposition, assessment.disposition_because, kb)
    chosen: list[tuple[int, AdviceDef, str | None]] = []
    for advice in kb.advice.values():
        if disposition not in advice.dispositions:
            continue
        if advice.for_emergency is not None and advice.for_emergency != (
            "walking" if walking else "not_walking"
        ):
            continue
        targeted = bool(set(advice.for_conditions) & likely)
        if advice.only_for_conditions and not targeted:
            continue
        check = kb.advice_checks.get(advice.code)
        if check is not None and not targeted and check(findings) is not True:
            continue
        gait_hits = [g for g in advice.gait_factors if g in gait]
        reason: str | None = None
        priority = advice.order
        if gait_hits:
            reason = gait[gait_hits[0]]
            priority -= 100  # what the recording points at comes first
        elif targeted:
            names = [kb.conditions[c].name for c in advice.for_conditions if c in likely]
            # the name is the complement: "narrowed leg arteries (...) is one of" was said (a plural name)
            reason = f"Suggested because one of the likely causes is {names[0][:1].lower()}{names[0][1:]}."
        chosen.append((priority, advice, reason))
    chosen.sort(key=lambda t: (t[0], t[1].order))
    held_back = _held_back(assessment, (a for _, a, _ in chosen), kb)
    held = {c for h in held_back for c in h.advice}
    chosen = [(p, a, r) for p, a, r in chosen if a.code not in held]
    # the article's advice an urgent or emergency plan leaves for later: named, never in silence
    for_later = _held_for_a_visit(assessment, held | {a.code for _, a, _ in chosen}, kb)

    def item(a: AdviceDef, reason: str | None) -> PlanItem:
        return PlanItem(
            code=a.code,
            title=a.title,
            text=a.text,
            evidence_grade=a.evidence_grade,
            note=a.note,
            sources=a.sources,
            reason=reason,
            timing=a.timing,
            steps=a.steps,
            stop_if=a.stop_if,
            from_seed=a.from_seed,
        )

    immediate = tuple(item(a, r) for _, a, r in chosen if a.section == "immediate")
    home = tuple(item(a, r) for _, a, r in chosen if a.section == "home")
    stretches = tuple(item(a, r) for _, a, r in chosen if a.section == "stretch")
    return ReliefPlan(
        immediate=immediate,
        home=home,
        stretches=stretches,
        timeline=_timeline(
            disposition,
            {i.code: i for i in immediate + home + stretches},
            level_action(disposition, assessment.disposition_because, kb)[1],
            walking_time_unknown=findings.get("worse_walking") is True
            and findings.get("walking_tolerance_min") is None,
        ),
        see_clinician=" ".join([_see_clinician(assessment, kb, for_clinician), *(h.text for h in held_back)]),
        gait_factors=tuple(gait),
        # after the others: the plan's see-clinician text ("go now", "today") does not list them
        held_back=held_back + for_later,
        about_walking=walking,
    )


# Walking brings the pain on and how long the person can walk is not known: the check stops once no
# answer could change the level or the leading cause, so it often does not ask (asking it in every
# such check put the dev interviews over their limits: docs/interview.md). The plan says how to find
# it with the walking test, which times both moments (EVIDENCE.md D.5 [D7]): until the pain starts (the
# diary's) and until it makes the person stop (the check's question: findings.yaml's walking_tolerance_min).
TIME_THE_WALK = (
    "Time how long you can walk before the pain starts, and before it makes you stop, with the walking test. "
    "Do it again every few weeks to see the change."
)
TIME_THE_WALK_SOURCES = ("D7",)


def _timeline(
    disposition: str,
    items: Mapping[str, PlanItem],
    visit_sources: tuple[str, ...],
    *,
    walking_time_unknown: bool = False,
) -> tuple[TimelineStep, ...]:
    """The plan in time. Each step sums up advice items of the plan (``items``, by code) and cites
    their sources; a step about seeing someone cites the disposition's (``visit_sources``).
    ``walking_time_unknown``: walking brings the pain on and how long the person can walk is not
    known, so a routine or self-care plan starts by finding it (``TIME_THE_WALK``)."""

    def cited(*codes: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for c in codes if c in items for k in items[c].sources))

    if disposition == "emergency":
        return (
            TimelineStep(
                "now", "Get emergency help. Do not wait and do not try exercises first.", visit_sources
            ),
        )
    steps: list[TimelineStep] = []
    if walking_time_unknown and disposition in ("routine", "self_care"):
        steps.append(TimelineStep("this week", TIME_THE_WALK, TIME_THE_WALK_SOURCES))
    if disposition == "urgent":
        steps.append(
            TimelineStep(
                "today", "See a clinician today. Rest until then; do not start new exercises.", visit_sources
            )
        )
    if "shorter_strides" in items or "slower_pace" in items:
        steps.append(
            TimelineStep(
                "during the walk",
                "Shorter steps and a slower pace; stop and rest if it flares.",
                cited("shorter_strides", "slower_pace"),
            )
        )
    if "cold_pack" in items:
        steps.append(
            TimelineStep(
                "first 48 h of a flare", "Cold pack 15-20 min at a time if it feels good.", cited("cold_pack")
            )
        )
    if "heat_after_48h" in items:
        steps.append(
            TimelineStep("after 48 h", "Heat wrap or warm pad on the sore area.", cited("heat_after_48h"))
        )
    if "knee_to_chest" in items or "cat_cow" in items:
        steps.append(
            TimelineStep(
                "daily",
                "Gentle stretches once or twice a day; stop if pain shoots down a leg.",
                cited("knee_to_chest", "cat_cow"),
            )
        )
    if "walking_programme" in items:
        steps.append(
            TimelineStep(
                "when the flare settles",
                "Build up walking a few minutes a week towards 30 min, 5 days a week.",
                cited("walking_programme"),
            )
        )
    if disposition == "routine":
        steps.append(TimelineStep("within 1-2 weeks", "See a GP or physiotherapist.", visit_sources))
    elif disposition == "self_care":
        steps.append(
            TimelineStep(
                "at 4-6 weeks", "If it is not clearly better, see a GP or physiotherapist.", visit_sources
            )
        )
    return tuple(steps)


# What a cause that sets the level needs, in the words after "and it needs"
_CAUSE_NEEDS = {"routine": "a visit", "urgent": "a doctor today"}


def cause_setting_level(assessment: Assessment) -> ConditionScore | None:
    """The cause that set how soon to get help, when no warning rule did and it is not plain from the
    ranking: another cause than the one ranked first (the level is weighed without the answers that
    count for the ranking only), or a serious cause likely enough for a visit today. None otherwise."""
    if assessment.disposition not in _CAUSE_NEEDS:
        return None
    codes = [
        c.removeprefix("condition:") for c in assessment.disposition_because if c.startswith("condition:")
    ]
    if not codes or len(codes) != len(assessment.disposition_because):  # a rule says why itself
        return None
    cause = next((c for c in assessment.conditions if c.code == codes[-1]), None)
    if cause is None or (cause.code == assessment.leading.code and assessment.disposition != "urgent"):
        return None
    return cause


def cause_reason(assessment: Assessment, kb: KnowledgeBase) -> tuple[str, str, tuple[str, ...]] | None:
    """The cause that set how soon to get help (``cause_setting_level``): its code, why in plain
    words, and its sources; None when no cause did (a rule says why itself)."""
    cause = cause_setting_level(assessment)
    if cause is None:
        return None
    name = kb.conditions[cause.code].name
    chance = f"about {max(1, min(99, round(cause.probability * 100)))}%"
    needs = _CAUSE_NEEDS[assessment.disposition]
    # a serious cause is judged on its own evidence (the engine's ``serious_lead``): under one in two
    # as shown, the answers about it are enough, and those about other causes do not lower it
    own = (
        " What you told us about it is enough on its own. Signs of other causes do not make it less urgent."
        if assessment.disposition == "urgent" and cause.probability < SERIOUS_LEAD_PROBABILITY
        else ""
    )
    if cause.code == assessment.leading.code:
        words = f"{name} is the most likely cause ({chance}), and it needs {needs}.{own}"
        return cause.code, words, cause.evidence
    top = kb.conditions[assessment.leading.code].name
    # the page shows each chance as a whole percentage: two causes 27% apart by a fraction have "the
    # same" chance there, never a higher one beside the same number
    same = round(cause.probability * 100) == round(assessment.leading.probability * 100)
    return (
        cause.code,
        # two sentences: as one it graded 13 to 14 (Flesch-Kincaid, the knowledge texts' measure), now 6-10.
        # "The chance" is the subject: "narrowed leg arteries (vascular claudication) is more likely" was said
        f"{name} may still be the cause ({chance}). It needs {needs}, even though the chance of "
        f"{top[:1].lower()}{top[1:]} is {'the same' if same else 'higher'}.{own}",
        cause.evidence,
    )


def _see_clinician(assessment: Assessment, kb: KnowledgeBase, for_clinician: bool = False) -> str:
    parts = [level_action(assessment.disposition, assessment.disposition_because, kb)[0]]
    held_by = cause_setting_level(assessment)
    reason = cause_reason(assessment, kb)
    if reason is not None:
        _code, words, evidence = reason
        sources = f" [{', '.join(evidence)}]" if evidence else ""
        parts.append(f"Why: {words[:-1]}{sources}.")
    if assessment.disposition in ("routine", "self_care"):
        hint = kb.conditions[(held_by or assessment.leading).code].clinician_hint
        if hint and assessment.disposition == "routine" and not for_clinician:
            parts.append(hint)
    if assessment.disposition != "emergency":  # nothing may water down "go now"
        for mimic in assessment.mimics:
            parts.append(f"{mimic.text} {mimic.what_settles_it}")
    return " ".join(parts)


def held_for_later(plan: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The plan's ``held_back`` entries its see-clinician text does not say: an urgent or emergency
    plan's list of the article's advice that waits until a clinician has seen the person. Each
    interface shows them after the plan's steps, as advice for later, never as a step to do now."""
    see_text = str(plan.get("see_clinician") or "")
    return [h for h in plan.get("held_back") or () if str(h.get("reason")) not in see_text]


def now_heading(plan: Mapping[str, Any]) -> str:
    """The heading of the plan's "now" advice, as every interface says it: "Right now, on your walk",
    or "Right now" for an emergency that walking does not bring on (EVIDENCE.md A.7)."""
    return "Right now" if plan.get("about_walking") is False else "Right now, on your walk"


def not_for_now(title: object) -> str:
    """A tip an urgent or emergency plan leaves for later, as every interface shows it: "Not for now:
    Slow down", so that a bare "Slow down" under the list's heading is never read alone as a step to do
    now (the page, the report and its PDF, the terminal and FHIR say it alike)."""
    return f"Not for now: {title}"


def see_clinician_sources(result: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    """The keys behind the see-clinician text, which relief.plan writes as: the disposition's advice
    (its sources in the knowledge base), for ``routine`` the likeliest cause's hint for the clinician
    (that cause's evidence; not in clinician mode, whose text leaves it out), unless it is an
    emergency the check of each cause still to rule out, and the reasons for advice left out of the
    plan (``held_back``). The result page's banner ('What to do now'), its 'When to see a clinician'
    and the terminal's cite the same keys."""
    code = str(result.get("disposition"))
    disposition = kb.dispositions.get(code)
    because = result.get("disposition_because") or ()
    keys = [*(level_action(code, because, kb)[1] if disposition else ())]
    conditions: Sequence[Mapping[str, Any]] = result.get("conditions") or []
    top = kb.conditions.get(str(conditions[0].get("code"))) if conditions else None
    see_text = str((result.get("plan") or {}).get("see_clinician") or "")
    if code == "routine" and top is not None and top.clinician_hint and top.clinician_hint in see_text:
        keys += conditions[0].get("evidence") or ()
    if code in ("routine", "urgent"):  # the cause that set the level ("Why: ... may still be the cause")
        setting = {
            c.removeprefix("condition:")
            for c in result.get("disposition_because") or ()
            if c.startswith("condition:")
        }
        if code == "routine" and conditions:  # the likeliest cause at routine has no "Why:" (relief.plan)
            setting.discard(str(conditions[0].get("code")))
        keys += [k for c in conditions if c.get("code") in setting for k in c.get("evidence") or ()]
    if code != "emergency":
        keys += [k for m in result.get("cannot_exclude") or () for k in m.get("sources") or ()]
    # and why advice is left out of the plan while a rule fires (relief.plan's held_back), when the
    # text says it: an urgent or emergency plan's list of the article's advice for later cites its own
    held = (result.get("plan") or {}).get("held_back") or ()
    keys += [k for h in held if str(h.get("reason")) in see_text for k in h.get("sources") or ()]
    return list(dict.fromkeys(keys))


__all__ = [
    "LIKELY_PROBABILITY",
    "cause_reason",
    "cause_setting_level",
    "GaitFactorInput",
    "HeldBack",
    "PlanItem",
    "ReliefPlan",
    "TimelineStep",
    "build_plan",
    "held_for_later",
    "level_action",
    "level_means",
    "not_about_walking",
    "not_walking_too",
    "not_for_now",
    "now_heading",
    "see_clinician_sources",
]
