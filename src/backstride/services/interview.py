"""The adaptive interview: red flags first, then the most informative question, then stop.

    interview = Interview()                 # Interview(mode="clinician") adds exam_* questions
    while (question := interview.next_question()) is not None:
        for code in question.codes:
            interview.answer(code, value)   # None means "don't know"
    interview.result()                      # AssessmentResult, per the public contract

How the next question is chosen (safety before efficiency, design/ARCHITECTURE.md pattern 4):

1. **Screening.** Every red-flag checklist (``screen: true`` in questions.yaml), always, in file
   order, whatever the answers so far: a warning sign is never skipped.
2. **Undecided rules.** Then, in file order, the questions whose answers decide a red-flag rule
   that the answers so far leave undecided (three-valued logic: "sudden onset" matters only while
   "both legs" is still possible) and that could raise the disposition, and the leading cause's
   "self-care when" rule while that cause alone holds the disposition at a clinician visit. This
   catches rules that need two answers, where no single answer would change anything.
3. **Emergency.** Once the disposition is an emergency nothing can raise it: the interview asks only
   what could show the warning sign is long-standing and stable (a rule's chronic clause), then
   stops, so the person can go now.
4. **Information gain.** For each remaining question the interview foresees each typical answer
   (yes/no, each option, a few typical numbers, "none" or one item of a checklist) with the
   engine's arithmetic (``services/foresight.py``, shared with the examination note), and scores
   the question by the expected information gain about the cause (mutual information between the
   condition and the answer, where the chance of an answer given a condition is a flat weight
   tilted by that answer's likelihood ratio for the condition) plus ``disposition_weight`` times
   the entropy of the disposition the answer could lead to.
5. **Stop** when no remaining question has a chance of at least ``min_disposition_change`` to
   change the disposition or ``min_leader_change`` to change the leading cause, none is expected
   to tell at least ``min_gain_bits`` about the cause, and no single answer (however unlikely:
   any option, one or every checklist item, a number in any interval) would raise the disposition.
6. **Before stopping**, two checks that look further than one answer, because under-triage is the
   error to avoid most: a question that decides an escalation rule still undecided that could
   raise the disposition (three-valued, like step 2), then an untested cause: a cause other than
   the leading one, with a chance of at least ``min_disposition_change``, whose most typical
   answers to the questions not asked yet would together raise the disposition (a positive
   examination test *and* a symptom, where neither alone changes anything). The question that
   tests that cause best (moves its odds against the leading cause's the most, if it were the
   cause) comes next; last, a serious cause whose answers that each lift it as the level weighs
   it (``serious_lead``: answers with no likelihood ratio for it count only against other causes)
   would together raise the disposition (``_untested_serious``). Last, what the long-standing
   clause of what holds the level still needs: a warning sign's chronic clause (the pain's direction
   *and* the sign's own age, ``foot_drop_long_standing``: several answers that lower the level only
   together) or a serious cause's ``long_standing`` clause (a likely broken bone: the pain's length
   *and* direction). The interview stops when none is left.

Person mode never asks examination (``who: clinician``) findings; clinician mode may, and takes the
history first: when the question chosen is an examination, a history question the check would ask
after it whatever it finds comes before it (``_history_first``); what is asked and when the check
stops stay as above.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from backstride.assessment import (
    MAX_SERIOUS_LEAD_DISPOSITION,
    did_you_mean,
    disposition_scores,
    evaluate,
    fired_level,
    known_answers,
    lowest_weighed_scores,
    serious_weighed_scores,
    triage,
    validate_findings,
)
from backstride.core.errors import ClinicianOnlyError, FindingValueError, UnknownCodeError
from backstride.core.json_text import Written
from backstride.core.typed import as_written, typed_decimal
from backstride.core.units import in_weeks
from backstride.knowledge import (
    DISPOSITION_ORDER,
    DISPOSITION_RANK,
    KnowledgeBase,
    RedFlagRule,
    load_knowledge,
    witnesses,
)
from backstride.knowledge.questions import QuestionDef, load_questions
from backstride.relief.plan import cause_reason, level_action, not_about_walking, not_walking_too
from backstride.services.assessment import AssessmentResult, assess, red_flag_hit_dict
from backstride.services.foresight import (
    add_answer_scores,
    answer_reach,
    answer_values,
    condition_scores,
    disposition_and_leader,
    foresee_answer,
    question_plan,
    rare_answers,
    rule_ranks,
    weighted_answers,
)

Mode = Literal["person", "clinician"]
MODES: tuple[str, ...] = ("person", "clinician")
EMERGENCY = "emergency"

# Stopping thresholds (algorithm parameters; recorded by ``Interview.parameters``).
MIN_GAIN_BITS = 0.05  # expected information about the cause worth one more question
MIN_DISPOSITION_CHANGE = 0.01  # chance that an answer changes the disposition
MIN_LEADER_CHANGE = 0.10  # chance that an answer changes the leading cause
DISPOSITION_WEIGHT = 2.0  # a bit of disposition is worth this many bits of differential


@dataclass(frozen=True)
class Option:
    """One answer a question offers: ``value`` is what ``answer`` takes (a code for a checklist)."""

    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    """A question the interview asks. ``codes`` holds one finding code, or several for a checklist.

    For a checklist each option's ``value`` is a finding code: the items that apply are answered
    ``True``, the others ``False``; "none of these" answers all ``False``; "don't know" ``None``.
    """

    id: str
    codes: tuple[str, ...]
    text: str
    why: str
    kind: Literal["bool", "number", "enum", "checklist"]
    options: tuple[Option, ...] = ()
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    screening: bool = False
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (for the web API and stored sessions)."""
        return {
            "id": self.id,
            "codes": list(self.codes),
            "text": self.text,
            "why": self.why,
            "kind": self.kind,
            "options": [{"value": o.value, "label": o.label} for o in self.options],
            "unit": self.unit,
            "min": self.min,
            "max": self.max,
            "screening": self.screening,
            "sources": list(self.sources),
        }


# What a result shown before screening is complete says first (reading age about 12).
NOT_FINISHED_TEXT = (
    "Not finished: we did not ask about all the warning signs, so we cannot say how urgent this is."
)
# ... and when a warning sign already fired (its banner comes first and is never lowered).
NOT_FINISHED_RAISED_TEXT = (
    "We stopped before asking about all the warning signs. Do what the box above says first."
)
# ... and when the check was finished, and a warning-sign question was added to the questions since:
# it stays finished (Records: AssessmentView.finished), and the new question is offered, never hidden.
NEW_QUESTION_HEADING = "One new question since you finished"
NEW_QUESTIONS_HEADING = "New questions since you finished"  # more than one warning sign added
NEW_QUESTION_SHORT = "a new question since you finished"  # History, beside the level
# History, for the level while the new sign could call for quicker help: never the calmer level alone
NEW_QUESTION_NOT_KNOWN = "Not known yet"
NEW_QUESTION_TEXT = (
    "Since you finished this check, we added a question about warning signs. Answer it so we can say "
    "how urgent this is."
)
# ... on Home, when the question added since is not a warning sign (its result page lists none)
NEW_QUESTION_OTHER_TEXT = (
    "Since you finished this check, we added a question. Answer it: it may change what the result says."
)
NEW_QUESTION_BUTTON = "Answer the new question"
# How soon to get help for an unasked warning sign, by the disposition it alone would set [A15, A22].
WARNING_SIGN_ADVICE = {
    "emergency": "Go to an emergency department now if you have any of these:",
    "urgent": "See a doctor today if you have any of these:",
    "routine": "Tell a doctor or physio soon if you have any of these:",
}
WARNING_SIGN_SOURCES = ("A15", "A22")

# What a result says about warning signs answered "don't know" (the engine keeps them unknown, so
# the disposition does not rise; the person is told what to do if one is true) [A15, A22].
UNCERTAIN_HEADING = "You were not sure about these warning signs"
UNCERTAIN_TEXT = "Please check them again. If one of them is true, do what this box says first."
UNCERTAIN_ADVICE = {
    "emergency": "If any of these is true, go to an emergency department now (do not drive yourself):",
    "urgent": "If any of these is true, see a doctor today:",
    "routine": "If any of these is true, tell a doctor or physio soon:",
}
# What a result says when the questions that decide a warning rule were not asked (stopped early,
# or an answers file without them) though every warning-sign checklist was [A15, A22].
UNASKED_HEADING = "Questions not asked"
UNASKED_TEXT = "We stopped before some questions that could make this more urgent."
# Added to the disposition heading while an uncertain sign would set a more urgent disposition.
UNCERTAIN_QUALIFIER = "if none of the warning signs below is true"

# Said at once when an answer makes this an emergency (the terminal and the web pages) [A15, A22].
_GO_NOW_ALERT = "Go to an emergency department or call emergency services now. Do not drive yourself."
EMERGENCY_ALERT = f"That answer is a warning sign. {_GO_NOW_ALERT}"
# ... said instead before the questions left of a check kept unfinished (``assess --continue``): no
# answer was just given there, the answers kept show it
EMERGENCY_ALERT_KEPT = f"Your answers so far show a warning sign. {_GO_NOW_ALERT}"
# "type quit" is a sentence of its own, said to whoever types: joined to what the person must do, a
# clinician's terminal read "they must get help now, or type quit" (test_cli_emergency_notice_voice.py)
TYPE_QUIT = "Type quit to stop and see the result now."
EMERGENCY_ALERT_NEXT = (
    "If you can, answer the last few questions about other warning signs for the people who see "
    f"you. {TYPE_QUIT}"
)
EMERGENCY_ALERT_NEXT_WEB = (
    "If you can, answer the last few questions below about other warning signs for the people who see you."
)
# ... in a clinician's check: the clinician types, the person answers ("If they can, answer ..." told the
# clinician to answer if the person can; test_cli_clinician_prompts.py)
EMERGENCY_ALERT_NEXT_CLINICIAN = (
    "If they can answer, ask them the last few questions about other warning signs, for the people who "
    f"see them next. {TYPE_QUIT}"
)
EMERGENCY_ALERT_NEXT_CLINICIAN_WEB = (
    "If they can answer, ask them the last few questions below about other warning signs, for the people "
    "who see them next."
)
# ... instead, when the next question is one the emergency rule's own chronic clause reads (long-standing
# and not getting worse: a clinician today), so its answer may lower the level [A15, A16]. The advice
# to go now is not softened: it is said first, and again for anyone not sure.
EMERGENCY_ALERT_MAY_CHANGE = (
    "One more answer, to the next question, may change this advice. If you are not sure, get help now. "
    + TYPE_QUIT
)
EMERGENCY_ALERT_MAY_CHANGE_WEB = (
    "One more answer, to the question below, may change this advice. If you are not sure, get help now."
)


def emergency_alert_next(
    answers: Mapping[str, Any], next_codes: Iterable[str], *, web: bool = False, clinician: bool = False
) -> str:
    """What the emergency notice for these answers (``None`` = don't know) says about the questions
    still to come: that the next one may change this advice when some answer to it (``next_codes``,
    the next question's finding codes; each answer the knowledge base tells apart) leaves no emergency
    rule firing (a rule's chronic clause: long-standing and not getting worse); else that they are
    about other warning signs (``EMERGENCY_ALERT_NEXT``, or ``..._WEB`` for the pages; ``clinician``:
    ``EMERGENCY_ALERT_NEXT_CLINICIAN``, said to the clinician who asks them)."""
    if _fired(answers, (EMERGENCY,)):
        plan, kb = question_plan("clinician"), load_knowledge()
        for code in next_codes:
            for value in answer_values(code, plan.number_cells, kb) if code in kb.findings else ():
                if not _fired({**answers, code: value}, (EMERGENCY,)):
                    return EMERGENCY_ALERT_MAY_CHANGE_WEB if web else EMERGENCY_ALERT_MAY_CHANGE
    if clinician:
        return EMERGENCY_ALERT_NEXT_CLINICIAN_WEB if web else EMERGENCY_ALERT_NEXT_CLINICIAN
    return EMERGENCY_ALERT_NEXT_WEB if web else EMERGENCY_ALERT_NEXT


def _fired(answers: Mapping[str, Any], levels: tuple[str, ...]) -> list[Any]:
    """The red-flag and escalation rules these answers (``None`` = don't know) fire at one of ``levels``
    (``assessment.triage``: the rules only, no result is worked out; it reads what the answers already
    give itself)."""
    red_flags, escalations = triage(answers)
    return [h for h in red_flags + escalations if h.disposition in levels]


def _with_aneurysm(sources: Iterable[str], kb: KnowledgeBase) -> tuple[str, ...]:
    """``sources`` and the aneurysm emergency's own (dispositions.yaml ``emergency.not_walking``)."""
    own = kb.dispositions[EMERGENCY].not_walking
    return tuple(dict.fromkeys((*sources, *(own.sources if own else ()))))


def emergency_now(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """What to say at once when these answers (``None`` = don't know) already make this an emergency:
    the message, its sources and the emergency rules that fired (as the contract JSON writes them);
    None otherwise. The red-flag rules only (``assessment.triage``): the differential never sets an
    emergency, so this is None exactly when the disposition of these answers is not "emergency"."""
    fired = _fired(answers, ("emergency",))
    if not fired:
        return None
    kb = load_knowledge()
    # the aneurysm's emergency cites its own source, not the nerves' (dispositions.yaml not_walking)
    codes = [h.code for h in fired]
    sources = (
        level_action(EMERGENCY, codes, kb)[1]
        if not_about_walking(EMERGENCY, codes, kb)
        else WARNING_SIGN_SOURCES
    )
    if not_walking_too(EMERGENCY, codes, kb):  # the nerves and the aneurysm: both's sources (A.9)
        sources = _with_aneurysm(sources, kb)
    return {
        "message": EMERGENCY_ALERT,
        "sources": list(sources),
        "red_flags": [red_flag_hit_dict(h) for h in fired],
    }


# What answers already mean, before the check is finished, when they call for help at once or today:
# said where a result is not shown (Home's offer to carry on, the report about a later check, an answer
# sent to a check that is gone). What to do is the plan's own advice for that level, with its sources
# (advice.yaml: emergency_now [A15, A16, A22], see_clinician_today [A22, A9]).
WARNING_NOW_SAYS = {"emergency": "get emergency help now", "urgent": "see a doctor today"}
WARNING_NOW_ADVICE = {"emergency": "emergency_now", "urgent": "see_clinician_today"}
# an emergency set only by the aneurysm's rules (walking does not bring it on, A.7): its own advice [A24]
WARNING_NOW_NOT_WALKING = "emergency_now_not_walking"


def warning_now(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """When these answers (``None`` = don't know) already call for emergency help or a doctor today:
    ``disposition`` (that level), ``says`` (it in words: "get emergency help now"), ``message`` and
    ``sources`` (what to do, the plan's advice for that level), ``red_flags`` (the warning rules at
    that level, as the contract JSON writes them) and ``cause`` (the serious cause that sets a visit
    today on its own, the engine's rule for a serious cause more likely than not: its ``code``, a
    ``message`` saying why and its ``sources``; None when no cause does); None otherwise.

    No result is worked out: the warning rules first (``assessment.triage``, as ``emergency_now``),
    and, unless they call for an emergency already (the differential never does), the engine's own
    level (``assessment.evaluate``, without the plan, the examination note or the warning-sign lists;
    well under a millisecond). A bad answer raises as ``triage`` does."""
    fired = _fired(answers, tuple(WARNING_NOW_SAYS))
    cause = None
    if not any(h.disposition == EMERGENCY for h in fired):
        engine = evaluate(answers)
        reason = cause_reason(engine, load_knowledge()) if engine.disposition == "urgent" else None
        if reason is not None:
            cause = {"code": reason[0], "message": reason[1], "sources": list(reason[2])}
    if not fired and cause is None:
        return None
    levels = [h.disposition for h in fired] + (["urgent"] if cause else [])
    level = max(levels, key=DISPOSITION_RANK.__getitem__)
    kb = load_knowledge()
    code = WARNING_NOW_ADVICE[level]
    if not_about_walking(level, [h.code for h in fired if h.disposition == level], kb):
        code = WARNING_NOW_NOT_WALKING  # the aneurysm: no "Stop walking", its own source (A.7)
    advice = kb.advice[code]
    sources = advice.sources
    if not_walking_too(level, [h.code for h in fired if h.disposition == level], kb):
        sources = _with_aneurysm(sources, kb)  # the walk's words, both kinds' sources (A.9)
    return {
        "disposition": level,
        "says": WARNING_NOW_SAYS[level],
        "message": advice.text,
        "sources": list(sources),
        "red_flags": [red_flag_hit_dict(h) for h in fired if h.disposition == level],
        "cause": cause,
    }


# Said at once when the warning in force changes with no new warning (the terminal's ``warning_so_far``;
# the web's question page shows the warning in force, ``views.question_warning``): a later answer
# lowers it (a rule's chronic clause: sudden pain in both legs for 2 weeks or more and not getting
# worse is the urgent tier of the cauda equina pathway [A15]) or ``back`` took its answer back.
WARNING_CHANGED = "Your last answer changes the advice above."
WARNING_TAKEN_BACK = "You took an answer back, so the advice above has changed."
WARNING_NO_LONGER = "Your answers so far no longer mean: {says}."
WARNING_RESULT_SAYS = {True: "Your result will say what to do.", False: "Your result below says what to do."}
WARNING_IF_UNSURE = {
    "emergency": "If you are not sure, get help now.",
    "urgent": "If you are not sure, see a doctor today.",
}


def warning_lowered(answers: Mapping[str, Any], said: str) -> dict[str, Any]:
    """What to say when ``said`` ("emergency" or "urgent", the warning said already) no longer holds
    for these answers and no other calls for help now or today: ``no_longer`` (it in words), ``unsure``
    (to get that help anyway when not sure), ``red_flags`` (the warning rules that still fire, lower,
    each with its own reason: a chronic clause's "book a check with a clinician", as the contract JSON
    writes them) and ``sources``."""
    red_flags, _escalations = triage(answers)
    flags: list[dict[str, Any]] = [red_flag_hit_dict(h) for h in red_flags]
    return {
        "no_longer": WARNING_NO_LONGER.format(says=WARNING_NOW_SAYS[said]),
        "unsure": WARNING_IF_UNSURE[said],
        "red_flags": flags,
        "sources": list(
            dict.fromkeys([*WARNING_SIGN_SOURCES, *(k for f in flags for k in f["sources"] or ())])
        ),
    }


def answers_before_last(mode: str, answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """These answers without the last question's (as ``Interview.back`` takes them back): what a page
    that shows the warning in force (the web's question page) compares with, to say when the last
    answer lowered it (``warning_lowered``). None when nothing is answered, or when the answers cannot
    be read (a check kept by a version with other questions)."""
    try:
        interview = Interview(mode, answers)
    except ValueError:
        return None
    if not interview.questions_asked:
        return None
    interview.back()
    return interview.answers


def sent_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Of answers sent to a check that cannot take them (it is gone), those that are right on their
    own (a known code, a value it allows; ``None`` = don't know): what they mean can still be said
    (``warning_now``) though they are not stored. Any other is left out, never guessed."""
    plan = question_plan("clinician")  # every question there is
    kept: dict[str, Any] = {}
    for code, value in answers.items():
        if not isinstance(code, str) or code not in plan.all_codes:
            continue
        try:
            if value is not None:
                validate_findings({code: value})
        except (ValueError, TypeError):
            continue
        kept[code] = value
    return kept


def read_as_written(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers read from JSON with their digits (``core.json_text.Written``: an API body, an answers
    file) as the interview takes them: each number from its digits (``read_number``), as the web page
    and the terminal read a typed one, never as the float nearest them."""
    findings = load_knowledge().findings
    return {
        code: number_as_written(value, findings.get(code) if isinstance(code, str) else None)
        for code, value in answers.items()
    }


def number_as_written(value: Any, finding: Any) -> Any:
    """An answer to ``finding`` (None: not a finding code) read with its digits (``read_number``):
    11.99999999999999999 weeks is 11.9, under the 12 weeks a rule compares it with (red_flags.yaml: 12
    weeks or more can lower a warning), though its nearest float is 12.0. A number the finding cannot
    take is kept for its refusal to say as written ('got 1e400', not 'got inf'). A value that is no
    ``Written`` is kept."""
    if isinstance(value, list):
        return [number_as_written(item, None) for item in value]
    if isinstance(value, dict):
        return {key: number_as_written(item, None) for key, item in value.items()}
    if not isinstance(value, Written):
        return value
    number = read_number(value.text, finding)
    low, high = (finding.min, finding.max) if finding is not None else (None, None)
    if (
        not math.isfinite(number)
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        return _SaidAsWritten(number, value.text)
    return number


def read_number(text: str, finding: Any) -> float:
    """A number's digits (typed, or a JSON number's text) as an answer to ``finding`` (None: not a
    finding code), the one reading every interface shares: a length in weeks as ``core.units.in_weeks``
    reads it; any other number a rule compares with a whole number (age, pain 0-10, minutes) by
    ``core.typed.as_written``, so 49.99999999999999999 years stays under 50, though its nearest float is
    50.0. ``ValueError`` for text that is no number."""
    if finding is not None and finding.kind == "number" and finding.unit == "weeks":
        return in_weeks(typed_decimal(text), "weeks")
    return as_written(typed_decimal(text))


class _SaidAsWritten(float):
    """A number a finding cannot take (1e400, or -1e-400 weeks: -0.1 once cut down to a tenth), said
    in the refusal as it was written, not as the number it became ('inf', '-0.1')."""

    text: str

    def __new__(cls, number: float, text: str) -> _SaidAsWritten:
        said = super().__new__(cls, number)
        said.text = text
        return said

    def __repr__(self) -> str:  # thousands of digits are not said back whole
        if len(self.text) <= _SAID_WHOLE_CHARS:
            return self.text
        return f"{self.text[: _SAID_WHOLE_CHARS // 2]}... (a number of {len(self.text)} characters)"


_SAID_WHOLE_CHARS = 40


def question_of(codes: Iterable[str]) -> Question | None:
    """The question a page showed for these finding codes (a checklist may show only some of its
    items), or None when no one question holds them all."""
    codes = tuple(codes)
    if not codes:
        return None
    question_id = question_plan("clinician").code_to_question.get(codes[0])
    if question_id is None:
        return None
    q = load_questions().by_id(question_id)
    if not set(codes) <= set(q.codes) or len(set(codes)) != len(codes):
        return None
    return _to_question(q, codes)


@dataclass(frozen=True)
class WarningSign:
    """A warning sign not asked yet (``unscreened_warning_signs``) or answered "don't know"
    (``uncertain_warning_signs``).

    ``disposition`` is what this sign alone would set, with the answers so far (``emergency``,
    ``urgent`` or ``routine``; a sign that matters only with another answer counts as routine);
    ``sources`` are the EVIDENCE.md keys of the rules it would fire.
    """

    code: str
    text: str
    question_id: str
    disposition: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SignGroup:
    """Warning signs that call for help equally soon, with what to do if one of them is true.

    ``level`` is the disposition they would set (``emergency``, ``urgent`` or ``routine``);
    ``advice`` the sentence for that level; ``sources`` the advice's own EVIDENCE.md keys (the
    emergency advice's [A15, A22]; none for the others, whose signs carry their own).
    """

    level: str
    advice: str
    signs: tuple[WarningSign, ...]
    sources: tuple[str, ...] = ()

    @property
    def all_sources(self) -> tuple[str, ...]:
        """The advice's sources, then each sign's, each key once (for one line under the group)."""
        return tuple(dict.fromkeys([*self.sources, *(k for s in self.signs for k in s.sources)]))

    @property
    def listed(self) -> tuple[WarningSign, ...]:
        """The signs said as short list items under ``advice`` (a checklist item's words: "You inject
        drugs")."""
        return tuple(s for s in self.signs if not is_whole_sentence(s.text))

    @property
    def sentences(self) -> tuple[WarningSign, ...]:
        """The signs said in a warning rule's own sentences, which say what to do themselves ("Fever with
        back pain and numbness ... Go to an emergency department now."): said after the list, not in it,
        where they read as list items beside "A temperature of 38 °C or more" (review, 2026-11-28)."""
        return tuple(s for s in self.signs if is_whole_sentence(s.text))

    @property
    def lead(self) -> str:
        """``advice`` said first in the group: the heading of its list of short items (ending with a
        colon), or, when every sign is a rule's own sentence, a sentence of its own before them (a full
        stop): never a list heading over sentences, and its words ("do not drive yourself") never lost.
        For the boxes "You were not sure about these warning signs" and "Questions not asked"."""
        return self.advice if self.listed else f"{self.advice.rstrip().removesuffix(':')}."


def is_whole_sentence(text: str) -> bool:
    """A sign said in a warning rule's sentences (they end with a full stop), not in a list item's
    words (questions.yaml labels never do: ``tests/unit/test_not_finished_box_says_how_to_go_on.py``)."""
    return text.rstrip().endswith((".", "!", "?"))


def group_warning_signs(signs: Iterable[WarningSign], advice: Mapping[str, str]) -> tuple[SignGroup, ...]:
    """The signs grouped by how soon to get help, in the order of ``advice``'s levels (most urgent
    first), signs in their given order, a text said once; a level without signs is left out.

    ``advice``: ``WARNING_SIGN_ADVICE`` for signs not asked yet, ``UNCERTAIN_ADVICE`` for signs
    answered "don't know". One grouping for the terminal and the web pages, both notices.
    """
    signs = tuple(signs)
    groups = []
    for level, text in advice.items():
        # each text once: signs said in one rule's words (injecting drugs and a weak immune system, both
        # at the infection rule's long-standing level) are one line
        said = {s.text: s for s in reversed(signs) if s.disposition == level}
        group = tuple(s for s in signs if said.get(s.text) is s)
        if group:
            sources = WARNING_SIGN_SOURCES if level == EMERGENCY else ()
            groups.append(SignGroup(level=level, advice=text, signs=group, sources=sources))
    return tuple(groups)


def more_urgent_signs(signs: Iterable[WarningSign], disposition: str) -> tuple[WarningSign, ...]:
    """The signs that, if true, would call for quicker help than ``disposition``."""
    rank = DISPOSITION_RANK.get(disposition, 0)
    return tuple(s for s in signs if DISPOSITION_RANK[s.disposition] > rank)


def what_if_answers(answers: Mapping[str, Any], added: Mapping[str, Any]) -> Any:
    """The engine's result if ``added`` were answered too: ``answers`` are the answers so far with
    their "don't know"s (``None``), read as the real result reads them (``assessment.read_answers``).
    Built from the answers without their "don't know"s (``Interview.known``, an assessment's
    ``findings``), an implied answer took a "don't know"'s place: "Neither leg" beside "don't know"
    to how far the pain goes read as "it does not go down a leg" in the what-if, as unknown in the
    result, and the interview foresaw the questions after an examination from the wrong answers."""
    return evaluate({**answers, **added})


def _to_question(q: QuestionDef, codes: tuple[str, ...] | None = None) -> Question:
    findings = load_knowledge().findings
    codes = codes if codes is not None else q.codes
    finding = findings[codes[0]]
    options: tuple[Option, ...]
    if q.kind == "checklist":
        options = tuple(Option(code, q.labels[code]) for code in codes)
    elif q.kind == "enum":
        options = tuple(Option(value, q.labels[value]) for value in finding.values)
    elif q.kind == "bool":
        options = (Option(True, "Yes"), Option(False, "No"))
    else:
        options = ()
    is_number = q.kind == "number"
    return Question(
        id=q.id,
        codes=tuple(codes),
        text=q.text,
        why=q.why,
        kind=q.kind,
        options=options,
        unit=finding.unit if is_number else None,
        min=finding.min if is_number else None,
        max=finding.max if is_number else None,
        screening=q.screen,
        sources=q.sources,
    )


def _entropy(probabilities: Iterable[float]) -> float:
    return -sum(p * math.log2(p) for p in probabilities if p > 0.0)


@dataclass(frozen=True)
class _Foresight:
    """What one question could do, foreseen with the engine."""

    question_id: str
    gain_bits: float
    disposition_change: float
    leader_change: float
    disposition_entropy: float
    # some answer (any option, one or every item of a checklist, a number in any interval) raises
    # the disposition on its own, however unlikely that answer is; None when not worked out because
    # the question is worth asking anyway
    can_raise: bool | None = False
    # P(answer | condition) rows (engine order) and each answer's condition scores, kept for
    # ``evidence`` (worked out only when the interview would otherwise stop)
    likelihood: list[list[float]] = field(default_factory=list, repr=False, compare=False)
    outcome_scores: list[list[float]] = field(default_factory=list, repr=False, compare=False)
    base_scores: list[float] = field(default_factory=list, repr=False, compare=False)
    leader_index: int = 0

    def evidence(self, condition_index: int, against: int | None = None) -> float:
        """How well the question tests a condition: the expected shift of its log odds against the
        leading cause's (or cause ``against``'s) if it were the cause (answers drawn from
        P(answer | condition))."""
        i, lead = condition_index, self.leader_index if against is None else against
        start = self.base_scores[i] - self.base_scores[lead]
        return sum(
            p * ((scores[i] - scores[lead]) - start)
            for p, scores in zip(self.likelihood[i], self.outcome_scores, strict=True)
        )


#: Answers ``validate_findings`` passed, each once per knowledge base: a check's stored answers are
#: given to its interview again on every request (``Interview(mode, answers)``), and each would be
#: checked again each time. Only a plain bool, int, float or str is kept, under its type (``True`` is
#: never taken for ``1``); the set is emptied when it is full or the knowledge base is another.
_CHECKED_ANSWERS: list[Any] = [None, set()]  # [the knowledge base, {(code, type, value)}]
MAX_CHECKED_ANSWERS = 4096
_PLAIN_ANSWER_TYPES = (bool, int, float, str)


def _check_answer(code: str, value: Any) -> None:
    """``validate_findings({code: value})`` (its error for a bad value), worked out once for a plain
    value under the knowledge base loaded (``_CHECKED_ANSWERS``)."""
    kb = load_knowledge()
    if _CHECKED_ANSWERS[0] is not kb:
        _CHECKED_ANSWERS[:] = [kb, set()]
    checked: set[tuple[str, type, Any]] = _CHECKED_ANSWERS[1]
    key = (code, type(value), value) if type(value) in _PLAIN_ANSWER_TYPES else None
    if key is not None and key in checked:
        return
    validate_findings({code: value}, kb)
    if key is not None:
        if len(checked) >= MAX_CHECKED_ANSWERS:
            checked.clear()
        checked.add(key)


class Interview:
    """An adaptive interview; ``answers`` may pre-fill findings that are already known."""

    def __init__(
        self,
        mode: str = "person",
        answers: Mapping[str, Any] | None = None,
        *,
        min_gain_bits: float = MIN_GAIN_BITS,
        min_disposition_change: float = MIN_DISPOSITION_CHANGE,
        min_leader_change: float = MIN_LEADER_CHANGE,
        disposition_weight: float = DISPOSITION_WEIGHT,
    ) -> None:
        if mode not in MODES:
            raise FindingValueError(f"mode: expected one of {list(MODES)}, got {mode!r}")
        self.mode = mode
        self.min_gain_bits = min_gain_bits
        self.min_disposition_change = min_disposition_change
        self.min_leader_change = min_leader_change
        self.disposition_weight = disposition_weight
        self._answers: dict[str, Any] = {}
        self._history: list[list[str]] = []  # codes answered, grouped by question, oldest first
        for code, value in (answers or {}).items():
            self.answer(code, value)

    @property
    def parameters(self) -> dict[str, Any]:
        """The algorithm parameters (recorded with stored results)."""
        return {
            "mode": self.mode,
            "min_gain_bits": self.min_gain_bits,
            "min_disposition_change": self.min_disposition_change,
            "min_leader_change": self.min_leader_change,
            "disposition_weight": self.disposition_weight,
        }

    # ---- state ---------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """Every answer so far, ``None`` for "don't know"."""
        return dict(self._answers)

    @property
    def answerable_codes(self) -> frozenset[str]:
        """Every finding code this interview accepts in ``answer`` (its mode's)."""
        return question_plan(self.mode).all_codes

    @property
    def known(self) -> dict[str, Any]:
        """The answers that are not "don't know": the findings the engine sees."""
        return dict(sorted(known_answers(self._answers).items()))

    @property
    def questions_asked(self) -> int:
        """How many questions have been answered (a checklist counts once)."""
        return len(self._history)

    @property
    def unscreened_red_flags(self) -> tuple[str, ...]:
        """The warning-sign codes of the screening checklists not asked yet, in file order.

        An answer of "don't know" counts as asked: the person was shown the warning sign.
        """
        return tuple(c for c in question_plan(self.mode).screening_codes if c not in self._answers)

    @property
    def screening_complete(self) -> bool:
        """True once every red-flag screening question has been asked (answered or "don't know").

        Until then a result is partial in the way that matters most: a warning sign may be present
        and unasked, so a self-care or routine disposition must not be shown as an answer.
        """
        return not self.unscreened_red_flags

    def unscreened_questions(self) -> tuple[Question, ...]:
        """The screening questions still to ask, each with only its unasked items (file order)."""
        bank = load_questions()
        out = []
        for question_id in question_plan(self.mode).screening:
            q = bank.by_id(question_id)
            codes = tuple(c for c in q.codes if c not in self._answers)
            if codes:
                out.append(_to_question(q, codes))
        return tuple(out)

    def unscreened_warning_signs(self) -> tuple[WarningSign, ...]:
        """Each unasked warning sign in plain words, with how soon to get help if it is true; then
        the warning rules two such signs (or one and a sign answered "don't know") would fire
        together above each one's own level, in the rule's words (``_checklist_pairs``); then the
        rules named even while their answers are not known (``warn_when_unknown``: under 16, while
        the age is not asked), which the checklists do not hold. Empty once the checklists are asked
        (the rules not asked then are ``unasked_warning_rules``)."""
        signs = [
            self._warning_sign(question, code, self._answers)
            for question in self.unscreened_questions()
            for code in question.codes
        ]
        if not signs:
            return ()
        said = {s.code: DISPOSITION_RANK[s.disposition] for s in signs}
        rules = load_knowledge().red_flag_rules
        named = [s for s in self.unasked_warning_rules() if rules[s.code].warn_when_unknown]
        return (*signs, *self._checklist_pairs(said, unasked=True), *named)

    def uncertain_warning_signs(self) -> tuple[WarningSign, ...]:
        """Each warning sign answered "don't know", most urgent first, with how soon to get help;
        also any other "don't know" that one answer would turn into a more urgent warning rule
        (which legs, when the pain is new: ``_deciding_signs``).

        The engine treats such a sign as unknown, never as present (the contract), so the
        disposition does not rise; but a result must never pass over it in silence: the person
        is told which signs they were not sure about and what to do if any of them is true.
        Each sign's ``disposition`` is what it alone would set with the answers so far.
        """
        plan = question_plan(self.mode)
        bank = load_questions()
        known = self.known
        signs = [
            self._warning_sign(_to_question(bank.by_id(plan.code_to_question[code])), code, self._answers)
            for code in plan.screening_codes
            if code in self._answers and self._answers[code] is None
        ]
        signs.extend(self._deciding_signs(known))
        signs.extend(self._checklist_pairs({s.code: DISPOSITION_RANK[s.disposition] for s in signs}))
        # most urgent first; within a level, file order (sorted is stable)
        return tuple(sorted(signs, key=lambda s: -DISPOSITION_RANK[s.disposition]))

    def unasked_warning_rules(self) -> tuple[WarningSign, ...]:
        """The warning rules that questions not asked yet could still fire, more urgent than the
        answers so far (sudden pain in both legs, while "which legs?" is not asked), most urgent
        first: each in the rule's words, with its level and sources. ``code`` is the rule's code,
        ``question_id`` the first question not asked that decides it. Empty once the interview is
        complete (it asks these right after the warning-sign checklists)."""
        plan = question_plan(self.mode)
        kb = load_knowledge()
        base = evaluate(self._answers)
        known, rank = base.findings, DISPOSITION_RANK[base.disposition]  # as the engine reads them
        out = []
        for (rule, check, chronic), (_c, rule_rank, codes, red_flag) in zip(
            kb.rule_checks, plan.raise_checks, strict=True
        ):
            unasked = [c for c in codes if c not in self._answers]
            if not (red_flag and rule_rank > rank and unasked and check(known) is None):
                continue
            # long-standing and stable already: it would fire at its chronic clause's level
            level, message, _lowered = fired_level(rule, chronic, known)
            if DISPOSITION_RANK[level] <= rank:
                continue
            question_id = plan.code_to_question.get(unasked[0], "")
            out.append(WarningSign(rule.code, message, question_id, level, rule.sources))
        return tuple(sorted(out, key=lambda s: -DISPOSITION_RANK[s.disposition]))

    def _deciding_signs(self, known: Mapping[str, Any]) -> list[WarningSign]:
        """The "don't know" answers outside the screening checklists that answers to them would turn
        into a warning rule more urgent than the answers so far (both legs, new within two weeks):
        each in the words of the most urgent rule it would fire, with that rule's level and sources.

        A rule that reads several such answers is tried with every combination of them ("don't
        know" which legs *and* "don't know" how long: both legs within two weeks is an emergency),
        warning signs answered "don't know" among them (a fever and numb legs, both not known: an
        emergency, though a fever alone is a visit today); each rule's words are said once, under
        the first of its answers outside the checklists.
        """
        plan = question_plan(self.mode)
        kb = load_knowledge()
        screening = set(plan.screening_codes)
        dont_know = [c for c, v in self._answers.items() if v is None]
        unsure = [c for c in dont_know if c not in screening]
        base = evaluate(self._answers)
        rank = DISPOSITION_RANK[base.disposition]
        found: dict[str, list[tuple[int, str, RedFlagRule]]] = {code: [] for code in unsure}
        for (rule, check, chronic), (_c, rule_rank, codes, red_flag) in zip(
            kb.rule_checks, plan.raise_checks, strict=True
        ):
            mine = [c for c in dont_know if c in codes]  # a warning sign answered "don't know" too
            if (
                not red_flag
                or rule_rank <= rank
                or screening.issuperset(mine)
                or check(base.findings) is not None
            ):
                continue
            tries = [(True,) if c in screening else self._tries(kb, plan, c) for c in mine]  # a sign: if true
            for values in itertools.product(*tries):
                trial = {**base.findings, **dict(zip(mine, values, strict=True))}
                if check(trial) is not True:
                    continue
                level, message, _lowered = fired_level(rule, chronic, trial)
                if DISPOSITION_RANK[level] > rank:
                    deciding = witnesses(rule.when, trial)
                    for code in mine:
                        if code in deciding and code not in screening:  # a warning sign is said as itself
                            found[code].append((DISPOSITION_RANK[level], message, rule))
        out = []
        said: set[str] = set()
        for code in unsure:
            hits = [h for h in found[code] if h[1] not in said]
            if hits:
                level_rank, message, rule = max(hits, key=lambda h: h[0])  # the first most urgent
                said.add(message)
                question_id = plan.code_to_question.get(code, "")
                out.append(
                    WarningSign(code, message, question_id, DISPOSITION_ORDER[level_rank], rule.sources)
                )
        return out

    def _checklist_pairs(self, said: Mapping[str, int], *, unasked: bool = False) -> list[WarningSign]:
        """The warning rules that two checklist signs answered "don't know" would fire together at a
        level above the one each is said at alone (``said``: code -> rank): a fever and injecting
        drugs, both not known, are an emergency, though each alone is a visit today. With
        ``unasked``: the pairs with a sign not asked yet (the other not asked or not known), for
        the "not finished" notice. Every pair is tried (no rule needs three such signs). Each in
        the rule's words, at its level, with its sources; ``code`` is the rule's code,
        ``question_id`` the question of its first such sign. The pairs with an answer outside the
        checklists are ``_deciding_signs``'."""
        plan = question_plan(self.mode)
        kb = load_knowledge()
        screening_codes = plan.screening_codes
        not_asked = {c for c in screening_codes if c not in self._answers}
        unsure = [
            c
            for c in screening_codes
            if (c in self._answers and self._answers[c] is None) or (unasked and c in not_asked)
        ]
        if len(unsure) < 2 or (unasked and not not_asked):
            return []
        base = evaluate(self._answers)
        rank = DISPOSITION_RANK[base.disposition]
        out: list[WarningSign] = []
        for (rule, check, chronic), (_c, rule_rank, codes, red_flag) in zip(
            kb.rule_checks, plan.raise_checks, strict=True
        ):
            mine = [c for c in unsure if c in codes]
            if not red_flag or len(mine) < 2 or rule_rank <= rank or check(base.findings) is not None:
                continue
            for pair in itertools.combinations(mine, 2):  # every pair: another sign may be said higher
                if unasked and not_asked.isdisjoint(pair):
                    continue  # both not known: the "not sure" notice names it
                trial = {**base.findings, **dict.fromkeys(pair, True)}  # the signs: if true
                if check(trial) is not True:
                    continue
                level, message, _lowered = fired_level(rule, chronic, trial)
                level_rank = DISPOSITION_RANK[level]
                alone = (said[c] if c in said else self._alone(c, self._answers) for c in pair)  # lazily
                if level_rank <= rank or level_rank <= max(alone):
                    continue
                if all(s.text != message for s in out):
                    question_id = plan.code_to_question.get(pair[0], "")
                    out.append(WarningSign(rule.code, message, question_id, level, rule.sources))
                break  # the rule's words once
        return out

    @staticmethod
    def _alone(code: str, answers: Mapping[str, Any]) -> int:
        """The rank a warning sign alone would set with these answers (as ``_warning_sign`` says it;
        ``answers`` with their "don't know"s, as ``what_if`` reads them)."""
        what_if = what_if_answers(answers, {code: True})
        hits = [h for h in what_if.red_flags + what_if.escalations if code in h.findings]
        return max([DISPOSITION_RANK[h.disposition] for h in hits] + [DISPOSITION_RANK["routine"]])

    @staticmethod
    def _tries(kb: Any, plan: Any, code: str) -> tuple[Any, ...]:
        """One answer of every kind the rules tell apart (each option; a number in each interval)."""
        finding = kb.findings[code]
        if finding.kind == "bool":
            return (True, False)
        if finding.kind == "enum":
            return tuple(finding.values)
        return tuple(plan.number_cells.get(code) or ())

    @staticmethod
    def _warning_sign(question: Question, code: str, answers: Mapping[str, Any]) -> WarningSign:
        """A warning sign in words, with the disposition it alone would set and its sources.

        A sign said at a long-standing clause's lower level is said in that clause's words, which say
        how long the pain and the sign have lasted and what to do if the sign gets worse (a foot drop:
        'If the foot problem gets worse, see a clinician today', A.6); the sign's label alone, under
        'tell a doctor or physio soon', did not. ``answers``: the answers so far, "don't know"s too."""
        labels = {o.value: o.label for o in question.options} if question.kind == "checklist" else {}
        what_if = what_if_answers(answers, {code: True})
        hits = [h for h in what_if.red_flags + what_if.escalations if code in h.findings]
        rank = max([DISPOSITION_RANK[h.disposition] for h in hits] + [DISPOSITION_RANK["routine"]])
        setting = [h for h in hits if DISPOSITION_RANK[h.disposition] == rank]
        lowered = setting[0].message if setting and all(h.chronic for h in setting) else None
        # a sign that sets this level only with another answer (had cancer, with the numbness already
        # said: an emergency) is said in that rule's words, both halves: "You have ever had cancer"
        # alone under "Go to an emergency department now" said cancer alone was an emergency
        if lowered is None and rank > DISPOSITION_RANK["routine"]:
            checks = {rule.code: check for rule, check, _chronic in load_knowledge().rule_checks}

            def alone(hit: Any) -> bool:  # it still fires without the other answers it read
                check = checks.get(hit.code)
                others = set(hit.findings) - {code}
                kept = {k: v for k, v in what_if.findings.items() if k not in others}
                return check is None or not others or check(kept) is True

            if setting and not any(alone(h) for h in setting):
                lowered = setting[0].message
        sources = tuple(dict.fromkeys(k for h in hits for k in h.sources))
        if not sources:  # it fires nothing alone: the rules that read it, not its whole checklist's keys
            plan, rules = question_plan("clinician"), load_knowledge().rule_checks
            sources = tuple(
                dict.fromkeys(
                    k
                    for (rule, _check, _chronic), codes in zip(rules, plan.rule_codes, strict=True)
                    if code in codes
                    for k in rule.sources
                )
            )
        return WarningSign(
            code=code,
            text=lowered or labels.get(code, question.text),
            question_id=question.id,
            disposition=DISPOSITION_ORDER[rank],
            sources=sources or question.sources,
        )

    @property
    def complete(self) -> bool:
        """True when the interview has nothing more to ask (``next_question()`` is None)."""
        return self.next_question() is None

    # ---- actions -------------------------------------------------------------------------------
    def check_new_answer(self, code: str) -> None:
        """Refuse (``FindingValueError``) a new answer this mode never asks: person mode takes no
        examination finding (``who: clinician``), and no mode an answer no question asks any more
        (``replaced_by``), whose message names the answers that replaced it. ``answer`` itself still
        takes it, so answers stored before this check (or restored) are read as they were."""
        plan = question_plan(self.mode)
        known_code = isinstance(code, str) and code in plan.all_codes
        replaced_by = load_knowledge().findings[code].replaced_by if known_code else ()
        if replaced_by:  # (1.20.0: the one question for all three leg signs)
            raise FindingValueError(
                f"{code!r} is no longer asked (knowledge 1.20.0 replaced it): answer "
                f"{' or '.join(replaced_by)} instead, each on its own; an answer given before still reads"
            )
        if known_code and code not in plan.asked_codes:
            raise ClinicianOnlyError(
                ClinicianOnlyError.literal(f"{code!r} is a clinician-only question (an examination finding)")
                + ": this check is in person mode, which never asks it; a clinician enters it in a check "
                "started with {clinician_mode}"
            )

    def answer(self, code: str, value: Any) -> Interview:
        """Record an answer; ``None`` means "don't know". A bad code or value raises ValueError."""
        plan = question_plan(self.mode)
        if not isinstance(code, str) or code not in plan.all_codes:  # a list would be a TypeError
            hint = did_you_mean(code, plan.all_codes)
            raise UnknownCodeError(f"{code!r}: unknown finding code{hint}; expected a code of findings.yaml")
        if value is not None:
            _check_answer(code, value)
        question_id = plan.code_to_question.get(code)
        last = self._history[-1] if self._history else None
        if code in self._answers:
            pass  # a changed answer keeps its place in the history
        elif last is not None and plan.code_to_question.get(last[0]) == question_id:
            last.append(code)
        else:
            self._history.append([code])
        self._answers[code] = value
        return self

    def back(self) -> Question | None:
        """Undo the answers of the last question; returns that question to ask again (or None)."""
        if not self._history:
            return None
        codes = self._history.pop()
        for code in codes:
            self._answers.pop(code, None)
        plan = question_plan(self.mode)
        question_id = plan.code_to_question.get(codes[0])
        if question_id is None:
            return None
        q = load_questions().by_id(question_id)
        known = self.known
        shown = tuple(c for c in q.codes if c not in self._answers and plan.asks_code(c, known))
        return _to_question(q, shown or tuple(c for c in q.codes if c not in self._answers))

    def next_question(self) -> Question | None:
        """The next question to ask, or None when the interview is complete."""
        plan = question_plan(self.mode)
        open_questions = self._open_questions()
        if not open_questions:
            return None
        by_id = {q.id: (q, codes) for q, codes in open_questions}
        for question_id in plan.screening:
            if question_id in by_id:
                return _to_question(*by_id[question_id])
        base = evaluate(self._answers)
        foreseen: dict[str, _Foresight] = {}  # each open question foreseen once per call
        chosen = self._choose(open_questions, base, by_id, foreseen)
        if chosen is not None and self.mode == "clinician":
            return self._history_first(chosen, open_questions, base, foreseen) or chosen
        return chosen

    def _history_first(
        self,
        chosen: Question,
        open_questions: list[tuple[QuestionDef, tuple[str, ...]]],
        base: Any,
        foreseen: dict[str, _Foresight],
    ) -> Question | None:
        """A clinician takes the history, then examines: when the question chosen is an examination,
        the history question to ask before it, or None (then the examination comes now).

        It is a history question the check would ask after the examination whatever the examination
        finds (each answer to it foreseen), so asking it first asks no more: the most informative of
        those worth asking now and after every answer (step 4), else the first, in file order, that
        every answer leaves deciding a rule (step 2: a negative examination can leave the leading
        cause alone holding the level, and its "self-care when" rule then reads the pain's severity).
        What is chosen and when the check stops stay ``_choose``'s; only the order moves."""
        kb = load_knowledge()
        if base.disposition == EMERGENCY or any(kb.findings[c].who != "clinician" for c in chosen.codes):
            return None
        history = [(q, codes) for q, codes in open_questions if kb.findings[q.codes[0]].who != "clinician"]
        if not history:
            return None
        foreseen.update(
            (f.question_id, f) for f in self._foresee([h for h in history if h[0].id not in foreseen], base)
        )
        worth = {f.question_id for f in (foreseen[q.id] for q, _codes in history) if self._meaningful(f)}
        deciding = {q.id for q, _codes in history}
        plan = question_plan(self.mode)
        # a question every check asks (``always``: walking) comes before the examination, unless the
        # examination's answer could make it an emergency
        always = next((q.id for q, _codes in history if plan.always_asks(q.id, self.known)), None)
        for values in itertools.product(*(self._tries(kb, plan, c) for c in chosen.codes)):
            if not worth and not deciding and always is None:
                return None
            what_if = what_if_answers(self._answers, dict(zip(chosen.codes, values, strict=True)))
            if what_if.disposition == EMERGENCY:
                return None  # an emergency found on examination stops the check: nothing before it
            if not worth and not deciding:
                continue
            pending = self._undecided_red_flag_codes(what_if)
            deciding = {q.id for q, codes in history if q.id in deciding and pending.intersection(codes)}
            still = [(q, codes) for q, codes in history if q.id in worth]
            worth = {f.question_id for f in self._foresee(still, what_if) if self._meaningful(f)}
        by_id = {q.id: (q, codes) for q, codes in open_questions}
        if (
            always is not None
        ):  # asked in every check: first, as a person's check asks it (review, 2026-11-28)
            return _to_question(*by_id[always])
        best = self._best([foreseen[q.id] for q, _codes in history if q.id in worth])
        if best is not None:
            return _to_question(*by_id[self._deciding_first(best.question_id, by_id)])
        first = next((q.id for q, _codes in history if q.id in deciding), always)
        return None if first is None else _to_question(*by_id[first])

    def _choose(
        self,
        open_questions: list[tuple[QuestionDef, tuple[str, ...]]],
        base: Any,
        by_id: Mapping[str, Any],
        foreseen: dict[str, _Foresight],
    ) -> Question | None:
        """The next question among ``open_questions`` (after screening), or None when none of them is
        worth asking (steps 2-6 of the module's docstring). ``foreseen``: foresights worked out
        already in this call, by question id (filled here)."""
        if base.disposition == EMERGENCY:
            # Nothing can raise it: ask only what could show the warning sign is long-standing and
            # stable (a rule's chronic clause), then stop so the person can go now.
            pending = self._undecided_chronic_codes(base)
            for q, codes in open_questions:
                if pending.intersection(codes):
                    return _to_question(q, codes)
            return None
        pending = self._undecided_red_flag_codes(base)
        for q, codes in open_questions:  # file order
            if pending.intersection(codes):
                return _to_question(q, codes)
        # what every check asks (``always``: does walking bring the pain on?), whatever the ranking
        plan = question_plan(self.mode)
        known = self.known
        first = next((q_id for q_id in plan.always if q_id in by_id and plan.always_asks(q_id, known)), None)
        if first is not None:
            return _to_question(*by_id[first])
        new = [(q, codes) for q, codes in open_questions if q.id not in foreseen]
        foreseen.update((f.question_id, f) for f in self._foresee(new, base))
        foresights = [foreseen[q.id] for q, _codes in open_questions]
        best = self._best(foresights)
        if best is None:
            # Before stopping: nothing may still raise the disposition, whether a rule that needs
            # several answers (an escalation: stiff mornings *and* better with exercise) or a
            # cause that calls for more care and that only several answers together would show
            # (an examination test *and* a symptom), see ``_untested_cause``.
            pending = self._undecided_red_flag_codes(base, escalations=True)
            for q, codes in open_questions:  # file order
                if pending.intersection(codes):
                    return _to_question(q, codes)
            best = self._untested_cause(base, foresights, open_questions)
        if best is None:
            # Last: a warning sign that holds the level may be long-standing and stable, which
            # several answers show only together (the pain's length and direction *and* the sign's
            # own age, ``leg_signs_long_standing``): ask what its chronic clause still needs.
            pending = self._undecided_chronic_codes(base)
            for q, codes in open_questions:  # file order
                if pending.intersection(codes):
                    return _to_question(q, codes)
            return None
        return _to_question(*by_id[self._deciding_first(best.question_id, by_id)])

    def _deciding_first(self, question_id: str, by_id: Mapping[str, Any]) -> str:
        """``question_id``, or first the open question that decides whether it fits (its ``ask_when``
        still unknown: the FAIR test "reproduces the buttock pain", so whether there is buttock pain
        is asked before it; a physiotherapist's check was asked the test first)."""
        plan = question_plan(self.mode)
        if plan.ask_when.get(question_id) is None or plan.ask_when[question_id](self.known) is not None:
            return question_id
        reads = load_questions().by_id(question_id).ask_when
        for q_id, (q, codes) in by_id.items():  # file order
            if reads is not None and reads.codes().intersection(codes) and q.ask_when is None:
                return str(q_id)
        return question_id

    def _answered(self) -> set[str]:
        """The codes answered ("don't know" too), and those an answer no question asks any more
        stands for (``replaced_by``): a check that answered the one question for all three leg signs
        (knowledge 1.18.0-1.19.x) is not asked each sign's age again, so it stays finished, with the
        level it had (review R2)."""
        findings = load_knowledge().findings
        return set(self._answers).union(
            *(findings[c].replaced_by for c in self._answers if findings[c].replaced_by)
        )

    def _open_questions(self) -> list[tuple[QuestionDef, tuple[str, ...]]]:
        """The questions still to ask, each with its items not answered yet (file order); not one whose
        ``ask_when`` the answers make false ("Does the pain go down your leg?" after "Neither leg")."""
        out = []
        answered = self._answered()
        plan = question_plan(self.mode)
        known = self.known
        for q in plan.questions:
            if not plan.asks(q.id, known):
                continue
            # a checklist shows only its items not answered yet and not ruled out (``items``: heavy or
            # cramping legs after "Neither leg"); the question itself is askable (above)
            codes = tuple(c for c in q.codes if c not in answered and plan.shows_item(c, known))
            if codes:
                out.append((q, codes))
        return out

    def _undecided_chronic_codes(self, base: Any) -> set[str]:
        """Unanswered codes of the long-standing clauses of what holds the disposition, only while
        they could lower it: the chronic clause of each red-flag rule at that level and the
        ``long_standing`` clause of a serious cause that sets it (a likely broken bone: the pain's
        length *and* direction, neither of which lowers it alone), each still undecided, none false."""
        plan = question_plan(self.mode)
        holding = [
            plan.chronic_checks.get(h.code) for h in base.red_flags if h.disposition == base.disposition
        ]
        kb = load_knowledge()
        for because in base.disposition_because:
            cause = because.removeprefix("condition:")
            if cause != because and kb.conditions[cause].serious:
                holding.append(plan.long_standing_checks.get(cause))
        pending: set[str] = set()
        answered = self._answered()  # an old answer for all three leg signs answers each one's age
        for clause in holding:
            if clause is None:
                return set()  # held by a rule or cause without such a clause: nothing can lower it
            state = clause[0](base.findings)
            if state is False:
                return set()  # its sign is new or its pain not long-standing: it keeps the level
            if state is None:
                free = [c for c in clause[1] if c not in answered]
                if not _could_hold(clause[0], base.findings, free):
                    return set()  # "don't know" to what it needs (the pain's direction): it keeps it
                pending.update(free)
        return pending

    def _undecided_red_flag_codes(self, base: Any, escalations: bool = False) -> set[str]:
        """Unanswered codes that decide a rule the current answers leave undecided.

        Three-valued logic finds them even when one answer alone could not change anything (a
        rule that needs two findings, both unanswered): every red-flag rule (and with
        ``escalations`` every escalation rule too) that could still fire and raise the disposition,
        and the leading cause's "self-care when" rule while the cause alone holds the disposition
        at a clinician visit.
        """
        plan = question_plan(self.mode)
        rank = DISPOSITION_RANK[base.disposition]
        pending: set[str] = set()
        for check, rule_rank, codes, red_flag in plan.raise_checks:
            if (red_flag or escalations) and rule_rank > rank and check(base.findings) is None:
                pending.update(codes)
        # the cause the disposition was weighed on (the ranking's leader, unless answers that count in
        # the ranking only put another cause first there)
        named = [c.removeprefix("condition:") for c in base.disposition_because if c.startswith("condition:")]
        leading = named[0] if named else base.conditions[0].code
        self_care = plan.self_care_checks.get(leading)
        held_by_cause = f"condition:{leading}" in base.disposition_because and not any(
            DISPOSITION_RANK[h.disposition] >= rank for h in base.red_flags + base.escalations
        )
        if self_care is not None and held_by_cause and self_care[0](base.findings) is None:
            pending.update(self_care[1])
        return {c for c in pending if c not in self._answers}

    def result(self) -> AssessmentResult:
        """The assessment of the answers so far (unknown answers are left out)."""
        return assess(self._answers, mode=self.mode)

    # ---- information gain -----------------------------------------------------------------------
    def foresee(self) -> list[_Foresight]:
        """What each open question could change (for explanations and tests)."""
        return self._foresee(self._open_questions(), evaluate(self._answers))

    def _best(self, foresights: list[_Foresight]) -> _Foresight | None:
        meaningful = [f for f in foresights if self._meaningful(f)]
        if not meaningful:
            return None
        return max(meaningful, key=lambda f: f.gain_bits + self.disposition_weight * f.disposition_entropy)

    def _untested_cause(
        self,
        base: Any,
        foresights: list[_Foresight],
        open_questions: list[tuple[QuestionDef, tuple[str, ...]]] | None = None,
    ) -> _Foresight | None:
        """The question that best tests a cause that could still raise the disposition, or None.

        A cause other than the leading one, with a chance of at least ``min_disposition_change``,
        is untested while the answers most typical of it to the questions not asked yet, taken
        together, would raise the disposition (``QuestionPlan.typical``): then the question that moves
        its odds against the leading cause's the most, if it were the cause, is asked next. Each
        such answer may be worth little alone (no single answer changes anything), so the
        one-step foresight of ``_meaningful`` cannot see them. When those alone would not raise it,
        the answers that say nothing about it but count against the leader are added (a woman with
        pain at the outer hip: "woman" *and* "walking does not make it worse", against ordinary back
        pain, put the hip first and make it a routine visit; neither alone does). For a cause under
        ``min_leader_change`` only the examinations' answers against the leader are added (a positive
        step-off *and* three positive sacroiliac tests, against ordinary back pain, put a slipped
        vertebra of 5% first).
        """
        plan = question_plan(self.mode)
        kb = load_knowledge()
        known = dict(base.findings)
        if open_questions is None:
            open_questions = self._open_questions()
        open_codes = {c for _q, codes in open_questions for c in codes}
        rank = DISPOSITION_RANK[base.disposition]
        leader = self._untested_leader(base, foresights, open_codes)
        if leader is not None:
            return leader
        scores = condition_scores(known, kb)
        i_l = plan.condition_codes.index(base.conditions[0].code)
        for score in base.conditions[1:]:  # most likely first
            if score.probability < self.min_disposition_change:
                break
            i_c = plan.condition_codes.index(score.code)
            typical = {c: v for c, v in plan.typical[i_c].items() if c in open_codes}
            scenario = {**known, **typical}
            disposition, _ = disposition_and_leader(scenario, condition_scores(scenario, kb), kb)
            lifts: dict[str, float] = {}
            if DISPOSITION_RANK[disposition] <= rank:
                others = open_codes.difference(typical)
                if score.probability < self.min_leader_change:
                    # below the leader-change bar (10%) only the examinations' answers against the
                    # leader: with every answer against it, causes of 1-3% made 12 of the 80 dev
                    # interviews ask 1 or 2 more; without any, a positive step-off *and* three
                    # positive sacroiliac tests (against ordinary back pain) were never asked, though
                    # together they put a slipped vertebra (5%) first and make it a routine visit
                    # (tests/unit/test_interview_untested_cause_two_examinations.py)
                    others = {c for c in others if kb.findings[c].who == "clinician"}
                    if not others:
                        continue

                # with the answers that say nothing about it but count against the leader ("walking
                # does not make it worse", against ordinary back pain, with "woman" for the outer hip)
                def against_leader(findings: dict[str, Any], s: list[float], i: int = i_c) -> float:
                    level = disposition_scores(findings, s, kb)
                    return level[i] - level[i_l]

                against, lifts = _lifting_answers(against_leader, known, scores, others, plan, kb)
                scenario = {**scenario, **against}
                disposition, _ = disposition_and_leader(scenario, condition_scores(scenario, kb), kb)
                if DISPOSITION_RANK[disposition] <= rank:
                    continue
            evidence = [(f.evidence(i_c), f) for f in foresights]
            tested = [(e, f) for e, f in evidence if e > 0.0]
            if tested:
                return max(tested, key=lambda ef: ef[0])[1]
            lifted = _biggest_lift(lifts, plan, foresights)
            if lifted is not None:
                return lifted
        return self._untested_serious(base, foresights, open_codes)

    def _untested_serious(
        self, base: Any, foresights: list[_Foresight], open_codes: set[str]
    ) -> _Foresight | None:
        """The question that best tests a serious cause the level is weighed on, or None.

        A serious cause more likely than not sets a visit today, weighed without what the answers
        that say nothing about it add to other causes (``serious_lead``). So answers with no
        likelihood ratio for it can still lift it there, by what they say against other causes: a
        woman of 94 on steroid tablets with stenosis leading (54%) and a broken bone second (19%)
        became a visit today with "woman" *and* "a tender spot in the buttock" (against mechanical
        pain), though neither alone changed anything and "the buttock" is not typical of a broken bone
        (``_untested_cause`` tries only each cause's own answers). Each serious cause with a chance of
        at least ``min_disposition_change`` is untested while the answers that each make it likeliest
        as the level weighs it, taken together, would raise the disposition; then the question of
        the answer among them that lifts it most comes next."""
        rank = DISPOSITION_RANK[base.disposition]
        if rank >= DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION]:
            return None  # a serious cause sets no more
        plan = question_plan(self.mode)
        kb = load_knowledge()
        known = dict(base.findings)
        scores = condition_scores(known, kb)
        for score in base.conditions:  # most likely first
            if score.probability < self.min_disposition_change:
                break
            if not kb.conditions[score.code].serious:
                continue
            i = plan.condition_codes.index(score.code)

            def weighed(findings: dict[str, Any], scores: list[float], i: int = i) -> float:
                level = disposition_scores(findings, scores, kb)
                return _log_odds(serious_weighed_scores(findings, level, i, kb), i)

            against, lifts = _lifting_answers(weighed, known, scores, open_codes, plan, kb)
            if not lifts:
                continue
            scenario = {**known, **against}
            disposition, _ = disposition_and_leader(scenario, condition_scores(scenario, kb), kb)
            if DISPOSITION_RANK[disposition] <= rank:
                continue
            lifted = _biggest_lift(lifts, plan, foresights)
            if lifted is not None:
                return lifted
        return None

    def _untested_leader(
        self, base: Any, foresights: list[_Foresight], open_codes: set[str]
    ) -> _Foresight | None:
        """The question that best tests a serious leading cause not yet more likely than not, or None.

        Such a cause sets a visit today once it is more likely than not, and two answers may do it
        together where neither does alone (a woman of 75 on steroid tablets whose pain is getting
        worse: each answer lifts a broken bone from 41% to 46-49%, both to 54%). The leading cause is
        untested while the answers most for it (for each question not asked yet, the answer that
        alone makes it likeliest), taken together, would raise the disposition; then the question
        that moves its odds against the next cause the most, if it were the cause, is asked next."""
        plan = question_plan(self.mode)
        kb = load_knowledge()
        rank = DISPOSITION_RANK[base.disposition]
        lead, runner_up = base.conditions[0], base.conditions[1]
        if not kb.conditions[lead.code].serious or rank >= DISPOSITION_RANK[MAX_SERIOUS_LEAD_DISPOSITION]:
            return None
        i_l, i_r = plan.condition_codes.index(lead.code), plan.condition_codes.index(runner_up.code)
        known = dict(base.findings)
        scores = condition_scores(known, kb)
        scenario = dict(known)
        for code in sorted(open_codes):
            values = answer_values(code, plan.number_cells, kb)
            # each answer's log odds of the leading cause against all the others together
            odds = [
                _log_odds(add_answer_scores(scores, {code: v}, {**known, code: v}, kb), i_l) for v in values
            ]
            if odds and max(odds) > min(odds):
                scenario[code] = values[odds.index(max(odds))]
        disposition, _ = disposition_and_leader(scenario, condition_scores(scenario, kb), kb)
        if DISPOSITION_RANK[disposition] <= rank:
            return None
        tested = [(e, f) for f in foresights if (e := f.evidence(i_l, against=i_r)) > 0.0]
        return max(tested, key=lambda ef: ef[0])[1] if tested else None

    def _meaningful(self, f: _Foresight) -> bool:
        return self._worth_asking(f.gain_bits, f.disposition_change, f.leader_change) or f.can_raise is True

    def _worth_asking(self, gain_bits: float, disposition_change: float, leader_change: float) -> bool:
        return (
            gain_bits >= self.min_gain_bits
            or disposition_change >= self.min_disposition_change
            or leader_change >= self.min_leader_change
        )

    def _foresee(
        self, open_questions: list[tuple[QuestionDef, tuple[str, ...]]], base: Any
    ) -> list[_Foresight]:
        kb = load_knowledge()
        known = dict(base.findings)
        order = question_plan(self.mode).condition_codes
        prior = [s.probability for s in sorted(base.conditions, key=lambda s: order.index(s.code))]
        plan = question_plan(self.mode)
        base_scores = condition_scores(known, kb)
        base_leader = base.conditions[0].code
        base_rule_ranks = rule_ranks(known, kb)
        base_rank = DISPOSITION_RANK[base.disposition]
        i_leader = order.index(base_leader)
        base_lowest = lowest_weighed_scores(known, kb)  # once, not again for each answer foreseen
        result = []
        for q, codes in open_questions:
            outcomes = weighted_answers(q, codes)
            # Only what an answer to these codes can touch is recomputed: the rules that read
            # them, and their likelihood ratios (all of them when some ratio's condition reads them).
            touched, untouched_rank, full = answer_reach(codes, plan, base_rule_ranks, kb)
            context = (known, base_scores, full, touched, untouched_rank, kb, base_lowest)
            foreseen = [foresee_answer(answer, *context) for answer, _ in outcomes]
            # P(answer | condition): the flat answer weights tilted by the likelihood ratio the
            # engine gives that answer for that condition, normalised per condition.
            # (the hot loop of the search: the log-odds difference d is clamped to +-20 inline, and
            # a cause the answer leaves as it was, d = 0, keeps the weight itself: w * exp(0) = w)
            outcome_scores = [f[0] for f in foreseen]
            exp = math.exp
            tilted_by_answer = [
                [
                    w
                    if (d := score - base_score) == 0.0
                    else w * exp(d if -20.0 <= d <= 20.0 else max(-20.0, min(20.0, d)))
                    for score, base_score in zip(scores, base_scores, strict=True)
                ]
                for (_, w), scores in zip(outcomes, outcome_scores, strict=True)
            ]
            likelihood: list[list[float]] = []
            for tilted in zip(*tilted_by_answer, strict=True):  # per condition
                total = sum(tilted)
                likelihood.append([t / total for t in tilted])
            p_answer = [
                sum([p_c * row[j] for p_c, row in zip(prior, likelihood, strict=True)])
                for j in range(len(outcomes))
            ]
            # Expected information gain = mutual information between the condition and the answer.
            gain = 0.0
            for p_c, row in zip(prior, likelihood, strict=True):
                if p_c <= 0.0:
                    continue
                for p_oc, p_o in zip(row, p_answer, strict=True):
                    if p_oc > 0.0 and p_o > 0.0:
                        gain += p_c * p_oc * math.log2(p_oc / p_o)
            dispositions: dict[int, float] = {}
            change = leader = 0.0
            for p, (_, rank, leading) in zip(p_answer, foreseen, strict=True):
                dispositions[rank] = dispositions.get(rank, 0.0) + p
                if rank != base_rank:
                    change += p
                if leading != base_leader:
                    leader += p
            can_raise: bool | None = any(f[1] > base_rank for f in foreseen)
            if not can_raise and not self._worth_asking(max(0.0, gain), change, leader):
                # the rarer answers too, weightless: a number in every interval, every item ticked
                rare = rare_answers(q, codes, plan)
                can_raise = any(foresee_answer(answer, *context)[1] > base_rank for answer in rare)
            elif not can_raise:
                can_raise = None  # not worked out: the question is worth asking anyway
            result.append(
                _Foresight(
                    question_id=q.id,
                    gain_bits=max(0.0, gain),
                    disposition_change=change,
                    leader_change=leader,
                    disposition_entropy=_entropy(dispositions.values()),
                    can_raise=can_raise,
                    likelihood=likelihood,
                    outcome_scores=outcome_scores,
                    base_scores=base_scores,
                    leader_index=i_leader,
                )
            )
        return result


def _could_hold(check: Any, findings: Mapping[str, Any], free: list[str]) -> bool:
    """Whether some answers to the ``free`` codes (not asked yet) make a long-standing clause true,
    the answers "don't know" staying unknown: a yes or a no, each option, a number's least and
    greatest. A clause no such answers make true keeps the level, so its questions are not asked
    (review R2: the age of a foot drop after "don't know" to whether the pain is getting worse)."""
    kb = load_knowledge()
    choices = []
    for code in free:
        f = kb.findings[code]
        choices.append(
            (True, False) if f.kind == "bool" else f.values if f.kind == "enum" else (f.min, f.max)
        )
    return any(
        check({**findings, **dict(zip(free, values, strict=True))}) for values in itertools.product(*choices)
    )


def _lifting_answers(
    weigh: Callable[[dict[str, Any], list[float]], float],
    known: Mapping[str, Any],
    scores: list[float],
    codes: Iterable[str],
    plan: Any,
    kb: Any,
) -> tuple[dict[str, Any], dict[str, float]]:
    """For each of ``codes`` (not asked yet) the answer that alone weighs most for a cause, when it
    weighs more than now (code -> answer), and by how much (code -> lift). ``weigh``: the cause's log
    odds from (findings, scores) (``_untested_serious``: as the level weighs a serious cause;
    ``_untested_cause``: against the leader, on the level's scores)."""
    start = weigh(dict(known), scores)
    answers: dict[str, Any] = {}
    lifts: dict[str, float] = {}
    for code in sorted(codes):
        values = answer_values(code, plan.number_cells, kb)
        odds = [
            weigh({**known, code: v}, add_answer_scores(scores, {code: v}, {**known, code: v}, kb))
            for v in values
        ]
        if odds and max(odds) > start:
            answers[code] = values[odds.index(max(odds))]
            lifts[code] = max(odds) - start
    return answers, lifts


def _biggest_lift(lifts: Mapping[str, float], plan: Any, foresights: list[_Foresight]) -> _Foresight | None:
    """The open question of the answer that lifts a cause most (``_lifting_answers``), or None."""
    by_id = {f.question_id: f for f in foresights}
    for code in sorted(lifts, key=lambda c: -lifts[c]):  # the biggest lift first (stable order)
        question = plan.code_to_question.get(code)
        if question is not None and question in by_id:
            return by_id[question]
    return None


def _log_odds(scores: list[float], i: int) -> float:
    """The log odds of cause ``i`` against all the others together (its probability's logit)."""
    others = [score for j, score in enumerate(scores) if j != i]
    top = max(others)
    return scores[i] - top - math.log(sum(math.exp(score - top) for score in others))


def questions_estimate(mode: str, answers: Mapping[str, Any]) -> tuple[int, int]:
    """(questions answered, at most how many the check will ask in all) for "Question 3 of up to 27":
    those answered plus every question still open (not one its answers close, ``ask_when``), a bound
    the check never passes and that never grows as it goes (the 40 dev vignettes in both modes:
    ``tests/unit/test_interview_questions_estimate.py``). It was the mode's mean (19 and 24): "Question
    1 of about 24" for a clinician's check that ended after 11 (a person's: "about 19", ended after 10;
    fresh-eyes review, 2026-11-28): the checks asked 4 to 21 (a person's) and 4 to 30 (a clinician's)."""
    session = Interview(mode, answers)
    done, left = session.questions_asked, len(session._open_questions())
    return done, done + left


def screening_state(mode: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """How far a check's answers got, as plain data for an export that shows its stored result.

    ``complete``: nothing more to ask. ``warning_signs_not_asked`` and ``warning_signs_dont_know``:
    each sign's code, words, how soon to get help if it is true, and sources. While a sign is not
    asked, a result is no all-clear; a "don't know" is never passed over (as on the result page).

    Answers this version cannot replay (a check stored by a version whose questions differ) never
    stop an export: the check counts as not finished with every warning sign not asked (the safe
    reading), and ``answers_problem`` says why.
    """
    try:
        interview, problem = Interview(mode, answers), None
    except (ValueError, KeyError, TypeError) as exc:
        interview = Interview(mode if mode in MODES else "person", {})
        problem = f"the answers could not be replayed by this version: {exc}"

    def signs(items: Iterable[WarningSign]) -> list[dict[str, Any]]:
        return [
            {"code": s.code, "text": s.text, "disposition": s.disposition, "sources": list(s.sources)}
            for s in items
        ]

    return {
        "complete": interview.complete and problem is None,
        "warning_signs_not_asked": signs(interview.unscreened_warning_signs()),
        "warning_signs_dont_know": signs(interview.uncertain_warning_signs()),
        "answers_problem": problem,
    }


__all__ = [
    "DISPOSITION_WEIGHT",
    "EMERGENCY_ALERT",
    "EMERGENCY_ALERT_KEPT",
    "EMERGENCY_ALERT_NEXT",
    "EMERGENCY_ALERT_NEXT_CLINICIAN",
    "EMERGENCY_ALERT_NEXT_CLINICIAN_WEB",
    "EMERGENCY_ALERT_NEXT_WEB",
    "MIN_DISPOSITION_CHANGE",
    "MIN_GAIN_BITS",
    "MIN_LEADER_CHANGE",
    "MODES",
    "NEW_QUESTION_BUTTON",
    "NEW_QUESTION_HEADING",
    "NEW_QUESTION_NOT_KNOWN",
    "NEW_QUESTION_OTHER_TEXT",
    "NEW_QUESTION_SHORT",
    "NEW_QUESTIONS_HEADING",
    "NEW_QUESTION_TEXT",
    "NOT_FINISHED_RAISED_TEXT",
    "NOT_FINISHED_TEXT",
    "UNASKED_HEADING",
    "UNASKED_TEXT",
    "UNCERTAIN_ADVICE",
    "UNCERTAIN_HEADING",
    "UNCERTAIN_QUALIFIER",
    "UNCERTAIN_TEXT",
    "WARNING_SIGN_ADVICE",
    "WARNING_SIGN_SOURCES",
    "Interview",
    "Option",
    "Question",
    "SignGroup",
    "WarningSign",
    "emergency_now",
    "group_warning_signs",
    "more_urgent_signs",
    "questions_estimate",
    "screening_state",
]
