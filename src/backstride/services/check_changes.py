"""What changed since the last check: two finished checks of the same person, compared.

A person repeats the check after a week or two, and a clinician sees someone again: both want to see
what changed, warning signs first. ``compare_checks`` is pure (no IO, no clock): it takes two
``FinishedCheck`` s (the contract JSON of each result and the answers given) and returns a
``CheckChanges``, in this order:

1. warning signs new since last time (loud, each with the rule's own message and sources);
2. how soon to get help: sooner, later or the same ("You should now get help sooner than last time");
3. reasons for a clinician to check that are new, then warning signs and reasons gone;
4. the most likely cause, when it is another one (a change in chances alone is not news: only the
   ranking's top is compared);
5. pain (``pain_severity_nrs``) and walking tolerance (``walking_tolerance_min``) up or down, with the
   change that matters [E5] (2 points or 30% for pain; 30% for walking, a stated design choice);
6. every other answer given both times that changed, in the question's own words.

Each change carries its because-trail (the answers behind it, in words, and their codes) and, where it
says something clinical, its sources. Nothing reads calmer than the new check: when the new check says
to get help today or at once, or a warning sign answered "don't know" would call for quicker help, no
change is worded as good news (the numbers are given as they are), and the summary starts by saying
the new advice stands. Checks answered by different people (the person, a clinician) are compared but
the summary says so. Not a diagnosis, and it says so.

``ChangesSinceLastCheck`` is the use case: for a finished check, the same person's check finished
last before it (``Records.checks_before``: a check started first and finished later is the newer one;
a check stopped half-way is never "the last check").
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from backstride.core.dates import day_words, local_time
from backstride.core.errors import BackstrideError, InputError
from backstride.diary.trends import IMPORTANT_RELATIVE_CHANGE, PAIN_IMPORTANT_CHANGE_POINTS, reaches
from backstride.services.tolerance_words import walk_finding_words, walk_findings_said
from backstride.services.wording import (
    about_them_text,
    answer_words,
    chosen_label,
    examined,
    field_of,
    finding_label,
    humanize,
    minutes_words,
    number,
    table_of,
)

DISPOSITION_RANK = {"self_care": 0, "routine": 1, "urgent": 2, "emergency": 3}
DISPOSITION_WORDS = {  # as the result page's banner heads them (web.views.DISPOSITION_HEADINGS)
    "emergency": "Get emergency help now",
    "urgent": "See a clinician today",
    "routine": "Book a visit with a clinician",
    "self_care": "Look after it at home for now",
}
PAIN = "pain_severity_nrs"
WALKING = "walking_tolerance_min"
PAIN_SOURCES = ("E5",)
# The order changes are shown in: warning signs first.
KIND_ORDER = (
    "warning_sign_new",
    "disposition",
    "warning_sign_unknown",
    "review_new",
    "warning_sign_gone",
    "review_unknown",
    "review_gone",
    "likely_cause",
    "pain",
    "walking_tolerance",
    "answer",
)

# Who is spoken to: the person on their result page ("you"), or a clinician reading the report.
VOICES: dict[str, dict[str, str]] = {
    "you": {"you": "you", "You": "You", "your": "your", "Your": "Your", "them": "you", "said": "you said"},
    "person": {
        "you": "the person",
        "You": "The person",
        "your": "their",
        "Your": "Their",
        "them": "them",
        "said": "they said",
    },
}
MODE_WORDS = {
    "person": "{you} answered",
    "clinician": "a clinician answered, with an examination",
    # a clinician's check that ended before an examination question, or had each "don't know"
    "clinician_no_exam": "a clinician answered, with no examination finding entered",
}
NOTICE = (
    "This is not a diagnosis. It shows what changed between two checks. Only a clinician who "
    "examines {you} can say what it means."
)
DONT_KNOW = '"don\'t know"'
UNSURE = 'if none of the warning signs answered "don\'t know" is true'


@dataclass(frozen=True)
class FinishedCheck:
    """One finished check as compared: its result (the contract JSON) and the answers given.

    ``unsure_more_urgent``: some warning sign was answered "don't know" and would, if true, call for
    quicker help than the result (then nothing may read as an all-clear)."""

    assessment_id: int
    mode: str
    checked_at: datetime
    answers: Mapping[str, Any]
    result: Mapping[str, Any]
    unsure_more_urgent: bool = False
    # the findings of the walk the result used: they fill in the answers not given ("don't know")
    walk: Mapping[str, Any] = field(default_factory=dict)
    # each as the walk's page says it ("1.9 s": ``tolerance_words.walk_findings_said``)
    walk_said: Mapping[str, str] = field(default_factory=dict)

    @property
    def disposition(self) -> str:
        return str(self.result.get("disposition") or "routine")

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessment_id": self.assessment_id,
            "mode": self.mode,
            "checked_at": self.checked_at.isoformat(),
            "disposition": self.disposition,
            "most_likely_cause": _top(self.result),
        }


@dataclass(frozen=True)
class Change:
    """One thing that changed, in words, with the answers behind it (``because``: in words;
    ``findings``: their codes) and its sources when it says something clinical."""

    kind: str
    direction: str  # "new", "gone", "higher", "lower", "changed"
    text: str
    because: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    loud: bool = False  # a new warning sign: shown first and strongly
    details: Mapping[str, Any] = field(default_factory=dict)  # codes and numbers, for programs

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "direction": self.direction,
            "text": self.text,
            "because": list(self.because),
            "findings": list(self.findings),
            "sources": list(self.sources),
            "loud": self.loud,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class CheckChanges:
    """What changed from ``earlier`` to ``later`` (``earlier`` None: the first finished check, nothing
    to compare). ``first``: said before anything else when the new check needs help today or at once.
    """

    later: FinishedCheck
    earlier: FinishedCheck | None
    headline: str
    changes: tuple[Change, ...] = ()
    first: str | None = None
    mode_note: str | None = None
    nothing_changed: str | None = None
    notice: str = ""
    person_id: int | None = None
    voice: str = "you"  # who is spoken to (VOICES): the person, or a clinician about them
    # the check before could not be read by this version (``earlier`` is None, the headline says so)
    earlier_unreadable: bool = False

    @property
    def new_warning_signs(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "warning_sign_new")

    @property
    def others(self) -> tuple[Change, ...]:
        """Every change but the new warning signs, in order."""
        return tuple(c for c in self.changes if c.kind != "warning_sign_new")

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for c in self.changes for s in c.sources))

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessment_id": self.later.assessment_id,
            "person_id": self.person_id,
            "compared_with": None if self.earlier is None else self.earlier.assessment_id,
            "later": self.later.to_dict(),
            "earlier": None if self.earlier is None else self.earlier.to_dict(),
            "modes_differ": self.mode_note is not None,
            "first": self.first,
            "headline": self.headline,
            "mode_note": self.mode_note,
            "nothing_changed": self.nothing_changed,
            "changes": [c.to_dict() for c in self.changes],
            "sources": list(self.sources),
            "notice": self.notice,
        }


@dataclass(frozen=True)
class AnsweredNow:
    """Answers that were "don't know" last time and are given now, said in one short line with a
    count (``text``) and each answer named (``items``), so a first check of many "don't know" answers
    does not make 30 lines. ``warning_signs``: they are warning-sign questions."""

    text: str
    items: tuple[str, ...]
    warning_signs: bool


# "don't know" answers now given are gathered from this many on (one alone keeps its own line)
GATHERED_FROM = 2
SIGN_KINDS = ("warning_sign_", "review_")  # the changes of warning signs and reasons to check


def _dont_know_then(change: Change) -> bool:
    return change.kind == "answer" and change.details.get("from") is None and "now" in change.details


def shown_changes(found: CheckChanges) -> list[Change | AnsweredNow]:
    """Every change but the new warning signs and how soon to get help (the headline says it), in the
    order shown, with the answers "don't know" last time and given now gathered (``AnsweredNow``):
    warning-sign questions answered "yes" keep a line each; those answered otherwise are gathered
    into one line right after the warning signs and reasons new, gone or unknown (each of which keeps
    its own line), and the other questions into one line last."""
    others = [c for c in found.others if c.kind != "disposition"]
    w = VOICES[found.voice]
    signs = [
        c
        for c in others
        if _dont_know_then(c) and c.details.get("warning_sign") and c.details["to"] is not True
    ]
    rest = [c for c in others if _dont_know_then(c) and not c.details.get("warning_sign")]
    gathered: list[Change | AnsweredNow] = []
    if len(signs) >= GATHERED_FROM:
        all_no = all(c.details["to"] is False for c in signs)
        gathered.append(
            AnsweredNow(
                text=f"{w['You']} answered {len(signs)} warning-sign questions this time that were "
                f"{DONT_KNOW} last time" + (': "no" to each of them.' if all_no else "."),
                items=tuple(str(c.details["now"]) for c in signs),
                warning_signs=True,
            )
        )
    else:
        gathered.extend(signs)
    taken = {id(c) for c in (*signs, *rest)}
    kept: list[Change | AnsweredNow] = [c for c in others if id(c) not in taken]
    # warning signs first: after the warning signs and reasons new, gone or unknown, before the rest
    after_signs = next(
        (i for i, c in enumerate(kept) if isinstance(c, Change) and not c.kind.startswith(SIGN_KINDS)),
        len(kept),
    )
    kept[after_signs:after_signs] = gathered
    if len(rest) >= GATHERED_FROM:
        kept.append(
            AnsweredNow(
                text=f"{w['You']} answered {len(rest)} other questions this time that were {DONT_KNOW} "
                "last time.",
                items=tuple(str(c.details["now"]) for c in rest),
                warning_signs=False,
            )
        )
    else:
        kept.extend(rest)
    return kept


# ------------------------------------------------------------------------------------- compare


def _who_answered(kb: Any, check: FinishedCheck) -> str:
    """Who answered ``check`` (``MODE_WORDS``): "with an examination" only when one was entered."""
    if check.mode == "clinician" and not examined(kb, check.answers):
        return MODE_WORDS["clinician_no_exam"]
    return MODE_WORDS.get(check.mode, check.mode)


def _top(result: Mapping[str, Any]) -> str | None:
    conditions = result.get("conditions") or ()
    return str(conditions[0].get("code")) if conditions else None


def _condition_name(kb: Any, result: Mapping[str, Any], code: str) -> str:
    for c in result.get("conditions") or ():
        if c.get("code") == code and c.get("name"):
            return str(c["name"])
    return str(getattr(table_of(kb, "conditions").get(code), "name", None) or humanize(code))


def _hits(result: Mapping[str, Any], key: str) -> dict[str, Mapping[str, Any]]:
    return {str(f.get("code")): f for f in result.get(key) or () if isinstance(f, Mapping)}


def _changed(a: Any, b: Any) -> bool:
    """Two answers differ (12 and 12.0 are the same; yes and 1 are not)."""
    if _number(a) and _number(b):
        return float(a) != float(b)
    return type(a) is not type(b) or bool(a != b)


def level_words(code: str, voice: str = "you") -> str:
    """How soon to get help (``DISPOSITION_WORDS``), said to the person, or about them to the clinician
    who reads the report (``voice`` "person": "Book a follow-up visit with a clinician", "They must see a
    clinician today"; "Book a visit with a clinician" read as the examiner's own visit)."""
    words = DISPOSITION_WORDS.get(code, humanize(code))
    return about_them_text(words) if voice == "person" else words


def compare_checks(
    earlier: FinishedCheck | None,
    later: FinishedCheck,
    kb: Any,
    *,
    voice: str = "you",
    person_id: int | None = None,
) -> CheckChanges:
    """What changed from ``earlier`` to ``later`` (both finished checks of the same person), in
    ``voice`` ("you": the person's own page; "person": the report for a clinician). ``kb``: the
    knowledge base, for the findings' and conditions' words."""
    if voice not in VOICES:
        raise InputError(f"voice {voice!r} is not known; expected one of {', '.join(VOICES)}")
    w = VOICES[voice]
    notice = NOTICE.format(**w)
    if earlier is None:
        return CheckChanges(
            later=later,
            earlier=None,
            headline=f"This is {w['your']} first finished check, so there is nothing to compare yet.",
            notice=notice,
            person_id=person_id,
            voice=voice,
        )
    new, old = later.result, earlier.result
    now, before = later.answers, earlier.answers
    # what each check went by: an answer not given ("don't know", not asked) filled in by its walk
    went_now, went_before = _went_by(later), _went_by(earlier)
    calm = (
        DISPOSITION_RANK.get(later.disposition, 1) < DISPOSITION_RANK["urgent"]
        and not later.unsure_more_urgent
    )
    findings = table_of(kb, "findings")

    # the person's own check on their own page: an answer in the words they were asked ("You inject
    # drugs") and a choice in the words they chose it by ("yes, below the knee"), as their answers on
    # the same page say them (wording.finding_label, wording.answer_words)
    asked = voice == "you" and later.mode != "clinician"

    def label(code: str) -> str:
        return finding_label(kb, code, about_them=voice == "person", asked=asked)

    def answered(code: str, value: Any) -> str:
        return answer_words(value, findings.get(code), asked=code if asked else None)

    def from_walk(check: FinishedCheck, code: str) -> str:
        return check.walk_said.get(code) or walk_finding_words(code, check.walk[code], findings.get(code))

    def said(code: str) -> str:
        if now.get(code) is None and later.walk.get(code) is not None:  # the check used the walk's
            return f"{label(code)} (this walk: {from_walk(later, code)})"
        if code not in now:
            return label(code)
        return f"{label(code)} ({w['said']} {answered(code, now[code])})"

    def was_and_is(code: str) -> str:
        was, now_is = answered(code, before.get(code)), answered(code, now.get(code))
        if chosen_label(code, now.get(code)) and asked:  # a label may have a comma: one per line part
            return f"{label(code)} (last time: “{was}”; now: “{now_is}”)"
        # an answer not given that the check's walk filled in is the walk's, never a "don't know"
        if before.get(code) is None and earlier.walk.get(code) is not None:
            was = f"{from_walk(earlier, code)} from the walk"
        if now.get(code) is None and later.walk.get(code) is not None:
            now_is = f"{from_walk(later, code)} from this walk"
        return f"{label(code)} ({was} last time, {now_is} now)"

    rules_now = _rule_states(kb, went_now)

    def holds_now(rule: str) -> bool | None:
        """Whether a warning rule holds for the answers given now (None: they cannot tell)."""
        return rules_now.get(rule)

    changes: list[Change] = []
    signed: set[str] = set()  # the answers behind a warning sign or reason new, gone or unknown

    # warning signs (red flags) and reasons for review, new and gone
    for key in ("red_flags", "reasons_for_review"):
        then_hits, now_hits = _hits(old, key), _hits(new, key)
        sign = key == "red_flags"
        for code, hit in [(c, h) for c, h in now_hits.items() if c not in then_hits] + [
            (c, h) for c, h in then_hits.items() if c not in now_hits
        ]:
            codes = tuple(str(f) for f in hit.get("findings") or ())
            signed.update(codes)
            if code in now_hits:  # new since last time: its own message, loud for a warning sign
                lead = "New warning sign since last time" if sign else "New since last time"
                unsure_then = [c for c in codes if c in went_before and went_before[c] is None]
                if unsure_then:  # "don't know" last time: there now, maybe there then too
                    what = "Warning sign" if sign else "Reason for a clinician to check"
                    lead = f"{what} this time (last time {w['you']} answered {DONT_KNOW})"
                message = str(hit.get("message") or humanize(code))  # the knowledge's words to the person
                text = f"{lead}: {about_them_text(message) if voice == 'person' else message}"
                because = tuple(was_and_is(c) if c in unsure_then else said(c) for c in codes)
            else:
                what = "A warning sign" if sign else "A reason for a clinician to check"
                # gone: the answers given now rule it out, or every answer it came from last time is
                # answered now (yes or no); else unknown
                if holds_now(code) is False or all(went_now.get(c) is not None for c in codes):
                    state, text = "gone", f"{what} from last time is not in {w['your']} answers this time."
                elif any(went_now.get(c, 0) is None for c in codes):  # "don't know" now: unknown, not gone
                    state = "unknown"
                    text = f"{what} from last time may still be there: {w['you']} answered "
                    text += f"{DONT_KNOW} this time."
                else:  # never asked this time (the interview stopped sooner): unknown, not gone
                    state, text = "unknown", f"{what} from last time was not asked about this time."
                because = tuple(
                    was_and_is(c) if c in went_now else f"{label(c)} (not asked this time)" for c in codes
                )
            new_now = code in now_hits
            direction = "new" if new_now else state
            changes.append(
                Change(
                    kind=("warning_sign_" if sign else "review_") + direction,
                    direction=direction,
                    text=text,
                    because=because,
                    findings=codes,
                    sources=tuple(str(s) for s in hit.get("sources") or ()),
                    loud=sign and new_now,
                    details={
                        "rule": code,
                        "disposition": hit.get("disposition"),
                        "message": hit.get("message"),
                    },
                )
            )

    # how soon to get help
    rank_now, rank_then = (
        DISPOSITION_RANK.get(later.disposition, 1),
        DISPOSITION_RANK.get(earlier.disposition, 1),
    )
    now_words = level_words(later.disposition, voice)
    if later.unsure_more_urgent:
        now_words = f"{now_words}, {UNSURE}"
    then_words = level_words(earlier.disposition, voice)
    both = f"This time: {now_words}. Last time: {then_words}."
    if rank_now > rank_then:
        headline = f"{w['You']} should now get help sooner than last time. {both}"
    elif rank_now < rank_then:
        headline = (
            f"This time the advice is to get help less soon than last time. {both}"
            if calm
            else f"How soon to get help has changed since last time. {both}"
        )
    else:
        headline = f"How soon to get help is the same as last time: {now_words}."
    if rank_now != rank_then:
        # sooner: the warning signs and reasons new since last time; less soon: those gone or unknown
        trail = [
            c for c in changes if c.direction in (("new",) if rank_now > rank_then else ("gone", "unknown"))
        ]
        changes.append(
            Change(
                kind="disposition",
                direction="higher" if rank_now > rank_then else "lower",
                text=headline,
                because=tuple(b for c in trail for b in c.because),
                findings=tuple(f for c in trail for f in c.findings),
                sources=tuple(dict.fromkeys(s for c in trail for s in c.sources)),
                details={"from": earlier.disposition, "to": later.disposition},
            )
        )

    # the most likely cause: news only when the top of the ranking is another cause
    top_now, top_then = _top(new), _top(old)
    if top_now is not None and top_then is not None and top_now != top_then:
        behind = [
            str(b.get("finding"))
            for c in (new.get("conditions") or ())[:1]
            for b in c.get("because") or ()
            if b.get("finding") is not None
        ]
        # the answers behind the new top that changed, or were given only this time; else all of them
        moved = [c for c in dict.fromkeys(behind) if c in before and c in now and _changed(before[c], now[c])]
        only_now = [c for c in dict.fromkeys(behind) if c in now and c not in before]
        codes = tuple(moved + only_now or dict.fromkeys(behind))
        evidence = tuple(str(s) for s in list(new.get("conditions") or [])[0].get("evidence") or ())
        changes.append(
            Change(
                kind="likely_cause",
                direction="changed",
                text=f"The most likely cause is now {_condition_name(kb, new, top_now)}. Last time it was "
                f"{_condition_name(kb, old, top_then)}. These are chances, not a diagnosis.",
                because=tuple(was_and_is(c) if c in moved else said(c) for c in codes),
                findings=codes,
                sources=evidence,
                details={"from": top_then, "to": top_now},
            )
        )

    # pain and walking tolerance
    pain_then, pain_now = _num(before.get(PAIN)), _num(now.get(PAIN))
    if pain_then is not None and pain_now is not None and pain_then != pain_now:
        up = pain_now > pain_then
        diff = abs(pain_now - pain_then)
        matters = reaches(diff, PAIN_IMPORTANT_CHANGE_POINTS) or (  # as the diary's trend counts it
            pain_then > 0 and reaches(diff / pain_then, IMPORTANT_RELATIVE_CHANGE)
        )
        numbers = f"{number(pain_now)} out of 10 now, {number(pain_then)} last time"
        if up:
            text = f"{w['Your']} worst pain is higher: {numbers}."
        elif calm:
            text = f"{w['Your']} worst pain is lower: {numbers}."
        else:
            text = f"{w['Your']} worst pain: {numbers}."
        size = (
            "A change of 2 points or 30% is one that matters [E5]."
            if matters
            else "This is less than the change that matters, 2 points or 30% [E5]."
        )
        changes.append(
            Change(
                kind="pain",
                direction="higher" if up else "lower",
                text=f"{text} {size}",
                because=(was_and_is(PAIN),),
                findings=(PAIN,),
                sources=PAIN_SOURCES,
                details={"from": before.get(PAIN), "to": now.get(PAIN), "important": matters},
            )
        )
    walk_then, walk_now = _num(before.get(WALKING)), _num(now.get(WALKING))
    if walk_then is not None and walk_now is not None and walk_then != walk_now:
        longer = walk_now > walk_then
        numbers = f"{minutes_words(walk_now)} now, {minutes_words(walk_then)} last time"
        if not longer:
            text = f"{w['You']} can walk for less time before the pain stops {w['them']}: {numbers}."
        elif calm:
            text = f"{w['You']} can walk for longer before the pain stops {w['them']}: {numbers}."
        else:
            text = f"How long {w['you']} can walk before the pain stops {w['them']}: {numbers}."
        # from 0 minutes (no walking at all), any walking is more than 30% more
        matters = walk_then == 0 or reaches(abs(walk_now - walk_then) / walk_then, IMPORTANT_RELATIVE_CHANGE)
        size = "That is a change of 30% or more." if matters else "That is a change of less than 30%."
        changes.append(
            Change(
                kind="walking_tolerance",
                direction="higher" if longer else "lower",
                text=f"{text} {size}",
                because=(was_and_is(WALKING),),
                findings=(WALKING,),
                details={"from": before.get(WALKING), "to": now.get(WALKING), "important": matters},
            )
        )

    # every other answer given both times that changed (a question asked only once is not a change:
    # the interview picks its questions by the answers); pain and walking as numbers are said above
    for code in now:
        if code not in before or not _changed(before[code], now[code]):
            continue
        if code in signed or (  # said with its warning sign or reason
            code in (PAIN, WALKING) and None not in (_num(before[code]), _num(now[code]))
        ):
            continue
        changes.append(
            Change(
                kind="answer",
                direction="changed",
                text=f"{was_and_is(code)}.",
                because=(was_and_is(code),),
                findings=(code,),
                details={
                    "finding": code,
                    "from": before[code],
                    "to": now[code],
                    # a warning-sign question (findings.yaml group red_flags), and the answer now in
                    # words, for the short line that gathers "don't know" answers now given
                    "warning_sign": field_of(findings.get(code), "group") == "red_flags",
                    "now": said(code),
                },
            )
        )

    changes.sort(key=lambda c: KIND_ORDER.index(c.kind))
    first = None
    if later.disposition in ("emergency", "urgent"):
        first = f"{level_words(later.disposition, voice)}. What changed since last time does not change that."
    mode_note = None
    if later.mode != earlier.mode:
        mode_note = (
            f"Last time {_who_answered(kb, earlier)}; this time "
            f"{_who_answered(kb, later)}. The questions were not all the same, so some "
            "answers may differ for that reason."
        ).format(**w)
    return CheckChanges(
        later=later,
        earlier=earlier,
        headline=headline,
        changes=tuple(changes),
        first=first,
        mode_note=mode_note,
        nothing_changed=None
        if changes
        else f"Nothing else changed: {w['your']} answers given both times are the same.",
        notice=notice,
        person_id=person_id,
        voice=voice,
    )


def _rule_states(kb: Any, answers: Mapping[str, Any]) -> dict[str, bool | None]:
    """Each warning rule's state for ``answers``: True (it holds), False (the answers rule it out) or
    None (a question it needs was not asked or answered "don't know"). A question not asked because
    another answer already answers it reads as so answered, as the result reads it ("Neither leg": the
    pain does not go down a leg; ``assessment.read_answers``). Answers this knowledge base cannot read
    (an old check's) tell nothing: every rule is then None, never ruled out."""
    from backstride.assessment import read_answers

    try:
        known = read_answers(answers, kb)
    except (BackstrideError, ValueError, TypeError):
        return {}
    return {rule.code: check(known) for rule, check, _chronic in getattr(kb, "rule_checks", ())}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _went_by(check: FinishedCheck) -> dict[str, Any]:
    """The answers a check's result went by: those given, and where one was not ("don't know", not
    asked) its walk's finding, as ``Records._assess`` fills it in (what the person says wins)."""
    went = dict(check.answers)
    went.update({k: v for k, v in check.walk.items() if v is not None and went.get(k) is None})
    return went


def _num(value: Any) -> float | None:
    """An answer as a number, or None (not a number: "don't know", not asked)."""
    return float(value) if _number(value) else None


# ------------------------------------------------------------------------------------ use case


def _finished_check(view: Any, result: Any, walk: UsedWalk | None = None) -> FinishedCheck:
    """A check as ``compare_checks`` reads it, from its ``AssessmentView`` and ``ResultView`` (and the
    walk its result used)."""
    from backstride.services.interview import more_urgent_signs

    return FinishedCheck(
        assessment_id=view.id,
        mode=view.mode,
        checked_at=view.checked_at,  # finished, else started: what "my last check" is ordered by
        answers=dict(view.answers),
        result=dict(result.result),
        unsure_more_urgent=bool(more_urgent_signs(result.uncertain_signs, result.disposition)),
        walk=dict(walk.findings) if walk else {},
        walk_said=dict(walk.said) if walk else {},
    )


class UsedWalk(NamedTuple):
    """What the walk a result used gave it: its ``findings``, and each as the walk's page ``said`` it."""

    findings: dict[str, Any]
    said: dict[str, str]


def used_walk(records: Any, result: Any) -> UsedWalk:
    """The walk ``result`` used (``UsedWalk``); nothing when it used none (or it is gone)."""
    from backstride.knowledge import load_knowledge

    if result.gait_recording_id is None:
        return UsedWalk({}, {})
    # its findings and walking time only, not its whole result (records.walk_quoted): read with the
    # result when it was (``ResultView.walk_quoted``), else now
    quoted = getattr(result, "walk_quoted", None)
    if quoted is None:
        try:
            quoted = records.walk_quoted(result.gait_recording_id)
        except BackstrideError:  # deleted since: its result is worked out again without it
            return UsedWalk({}, {})
    findings, tolerance = quoted
    definitions = table_of(load_knowledge(), "findings")
    said = walk_findings_said(findings, {"walking_tolerance": tolerance}, definitions)
    return UsedWalk(findings, said)


@dataclass
class ChangesSinceLastCheck:
    """The use case: what changed between a finished check and the same person's newest finished
    check made before it. ``compare(records, assessment_id)`` stores the answer in ``changes_`` and
    returns self; ``InputError`` for a check not finished, ``NotFoundError`` for an unknown one."""

    voice: str = "you"
    changes_: CheckChanges | None = None

    def compare(
        self,
        records: Any,
        assessment_id: int,
        *,
        view: Any = None,
        result: Any = None,
        before: tuple[list[int], dict[int, Any]] | None = None,
    ) -> ChangesSinceLastCheck:
        """``view`` and ``result``: the check's ``get_assessment`` and ``result``, when the caller
        has them already (the result page), so they are not read twice; ``before``: the checks before
        it as ``Records.checks_before`` reads them first (its ``read``), read with them."""
        from backstride.knowledge import load_knowledge

        if view is None:
            view = records.get_assessment(assessment_id)  # NotFoundError: unknown (or someone else's)
        if not view.finished:  # a question added since it was finished leaves it finished
            raise InputError(
                f"check {assessment_id} is not finished: answer its remaining questions first; only "
                "finished checks are compared"
            )
        # unreadable: when the newest older check this version cannot read was finished (or began)
        earlier, unreadable = None, None
        # checks_before gives only the checks of this check's person, never anyone else's
        for check in records.checks_before(assessment_id, person_id=view.person_id, read=before):
            if check.finished:
                earlier = check
                break
            if check.finished is None and unreadable is None:
                unreadable = check.checked_at
        if result is None:
            result = records.result(assessment_id)
        kb = load_knowledge()
        # the same two checks with the same answers and results, in the same words: worked out once,
        # not on every view of the result page (a new answer or result of either is another key)
        key = (
            "check changes",
            assessment_id,
            _answers_key(view.answers),
            result.computed_at,
            None if earlier is None else (earlier.id, _answers_key(earlier.answers), earlier.changed),
            unreadable,
            None if unreadable is None else records.today(),  # "earlier today" is "yesterday" tomorrow
            self.voice,
            str(kb.version),
        )
        found = records.recalled(key)
        if found is None:
            found = self._compared(
                records, view, result, None if earlier is None else earlier.id, unreadable, kb
            )
            records.remember(key, found)
        self.changes_ = found
        return self

    def _compared(
        self, records: Any, view: Any, result: Any, earlier_id: int | None, unreadable: Any, kb: Any
    ) -> CheckChanges:
        later = _finished_check(view, result, used_walk(records, result))
        earlier = None
        if earlier_id is not None:
            # as it was worked out then (what the person was told), else now
            told = records.stored_result(earlier_id) or records.result(earlier_id)
            walk = used_walk(records, told)  # it fills in that check's answers not given
            earlier = _finished_check(records.get_assessment(earlier_id), told, walk)
        found = compare_checks(earlier, later, kb, voice=self.voice, person_id=view.person_id)
        if earlier is None and unreadable is not None:  # not the first check: one that cannot be read
            # when, as the heading of what changed says it: "earlier today, at 09:15", "on 12 Nov"
            when = since_when(unreadable, later.checked_at, records.today())
            w = VOICES[self.voice]
            found = replace(
                found,
                earlier_unreadable=True,
                headline=f"{w['Your']} check {when}{',' if ', at ' in when else ''} cannot be compared: it "
                "was made with another version of backstride, and this one cannot read its answers.",
            )
        return found


def since_when(earlier: datetime, later: datetime, today: date | None = None) -> str:
    """When the check before was, in plain words after "Since your check" (local time): "earlier
    today, at 09:15", "yesterday", "earlier on 20 Nov, at 09:15" (the same day as this check),
    "on 12 Nov", "on 12 Nov 2025" (another year than this check's or today's). ``today``: the
    reader's day, for "today" and "yesterday"; None (a report read another day): dates only."""
    then, now = local_time(earlier), local_time(later)
    day = day_words(then, year=False)
    at = f", at {then:%H:%M}"  # as every other time is said ("26 Nov 2026, 04:30"): not "4:30"
    if today is not None and then.date() == today:
        return f"earlier today{at}"
    same_day = then.date() == now.date()
    if today is not None and then.date() == today - timedelta(days=1):
        return f"yesterday{at if same_day else ''}"
    if then.year != now.year or (today is not None and then.year != today.year):
        day = f"{day} {then.year}"
    return f"earlier on {day}{at}" if same_day else f"on {day}"


def _answers_key(answers: Mapping[str, Any]) -> str:
    """Answers as one hashable value (JSON, keys sorted): stored answers are plain JSON."""
    return json.dumps(answers, sort_keys=True, default=str)


def checks_with_one_before(checks: Iterable[Any]) -> dict[int, tuple[datetime, datetime]]:
    """Of a person's ``checks`` (``Records.checks_before(None)``: all, the last finished first), the
    finished ones that have a finished check before them (their result page says what changed): for
    each id, when the check before it was finished and when it was (``since_when`` says it)."""
    finished = [c for c in checks if c.finished]
    return {
        later.id: (earlier.checked_at, later.checked_at)
        for later, earlier in zip(finished, finished[1:], strict=False)
    }


def latest_finished_check(records: Any) -> int | None:
    """The id of the check of ``records``' person finished last, or None."""
    return next((c.id for c in records.checks_before(None) if c.finished), None)


__all__ = [
    "DISPOSITION_RANK",
    "level_words",
    "AnsweredNow",
    "Change",
    "ChangesSinceLastCheck",
    "CheckChanges",
    "FinishedCheck",
    "checks_with_one_before",
    "compare_checks",
    "latest_finished_check",
    "shown_changes",
    "since_when",
    "UsedWalk",
    "used_walk",
]
