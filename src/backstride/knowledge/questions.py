"""Interview questions as validated data (``data/questions.yaml``).

Every finding code of the vocabulary is asked by exactly one question (but one kept only for answers
given before, ``replaced_by``, which none asks). A question asks about one
finding (``bool``, ``number``, ``enum``) or about several yes/no findings at once (``checklist``:
"Do you have any of these?"). Screening questions (``screen: true``) hold the red flags and are
asked first, always. ``validate_questions()`` reports every problem at once, in the
``file: path: message`` form of the knowledge base; ``load_questions()`` raises ``KnowledgeError``
when there is any.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from backstride.core.errors import KnowledgeError
from backstride.core.reading import reading_grade
from backstride.knowledge._yaml import load_yaml
from backstride.knowledge.models import Expr

QUESTIONS_FILE = "questions.yaml"
QuestionKind = Literal["bool", "number", "enum", "checklist"]

# Plain-language guards (reading age about 12): short sentences and short texts.
MAX_WORDS_PER_SENTENCE = 25
MAX_TEXT_CHARS = 160
MAX_WHY_CHARS = 220
MAX_LABEL_CHARS = 110
_ALWAYS_ASKED_LEVELS = ("emergency", "urgent")  # a finding these rules read is never hidden by ask_when
MAX_READING_GRADE = 9.0  # Flesch-Kincaid grade of a person's question and its "why" line together


class ItemWhen(BaseModel):
    """When one item of a checklist is shown (questions 1.5.0): as a question's ``ask_when`` and
    ``otherwise``, for that item alone ("Legs feel heavy, tired or weak" after "Neither leg")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ask_when: Expr
    otherwise: StrictBool | None = None  # a checklist item is a yes/no finding


class QuestionDef(BaseModel):
    """One question of the interview, as written in questions.yaml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: QuestionKind
    codes: tuple[str, ...] = Field(min_length=1)
    text: str = Field(min_length=1)
    why: str = Field(min_length=1)
    sources: tuple[str, ...] = ()
    screen: bool = False
    # Asked in every check, right after the warning signs and the questions that decide a warning rule
    # (file order; still not while its ``ask_when`` is false): what every person this app is for should
    # be asked, whatever the ranking (questions 1.7.0: walking, for back pain brought on by walking); a
    # condition instead of true: only once the answers make it definitely true.
    always: StrictBool | Expr = False
    labels: dict[str, str] = Field(default_factory=dict)
    # For number questions: a few typical answers the interview uses to foresee what an answer
    # could change (expected information gain). In the finding's unit.
    probe: tuple[float, ...] = ()
    # Asked only while this is not definitely false (the condition language, three-valued: unknown
    # asks): a question that presumes what an earlier answer ruled out ("Does the pain go down your
    # leg?" after "Neither leg") is not asked, and its answer stays unknown (questions 1.4.0).
    ask_when: Expr | None = None
    # The answer that ``ask_when`` being false says already ("Neither leg" has pain: the pain does not
    # go down a leg): the engine reads it as given while the question is not answered
    # (``implied_answers``), as it read the person's own answer when the question was asked.
    otherwise: bool | str | None = None
    # A checklist's items that presume what an earlier answer can rule out, each with its own
    # ``ask_when`` and ``otherwise`` (the other items are still shown; questions 1.5.0).
    items: dict[str, ItemWhen] = Field(default_factory=dict)


class QuestionBank(BaseModel):
    """All questions, in the order screening asks them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    questions: tuple[QuestionDef, ...]

    def by_id(self, question_id: str) -> QuestionDef:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def code_to_question(self) -> dict[str, QuestionDef]:
        return {code: q for q in self.questions for code in q.codes}


def _read_raw() -> Any:
    text = resources.files("backstride.knowledge").joinpath("data", QUESTIONS_FILE).read_text("utf-8")
    return load_yaml(text)


def _parse(raw: Any) -> tuple[QuestionBank | None, list[str]]:
    try:
        return QuestionBank.model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(top)"
            problems.append(f"{QUESTIONS_FILE}: {where}: {error['msg']}")
        return None, problems


def _sentences_too_long(text: str) -> bool:
    return any(len(s.split()) > MAX_WORDS_PER_SENTENCE for s in re.split(r"[.?!:;]\s", text))


def _check_question(index: int, q: QuestionDef, kb: Any, source_keys: set[str] | None) -> list[str]:
    where = f"{QUESTIONS_FILE}: questions.{index} ({q.id})"
    problems: list[str] = []
    findings = kb.findings
    known = [c for c in q.codes if c in findings]
    for code in q.codes:
        if code not in findings:
            problems.append(f"{where}: codes: unknown finding code {code!r}")
    if len(set(q.codes)) != len(q.codes):
        problems.append(f"{where}: codes: a code is listed twice")
    if q.kind == "checklist":
        if len(q.codes) < 2:
            problems.append(f"{where}: codes: a checklist needs at least 2 codes")
        for code in known:
            if findings[code].kind != "bool":
                problems.append(f"{where}: codes: checklist item {code!r} must be a bool finding")
        if set(q.labels) != set(q.codes):
            missing = sorted(set(q.codes) - set(q.labels))
            extra = sorted(set(q.labels) - set(q.codes))
            problems.append(f"{where}: labels: need one label per code (missing {missing}, extra {extra})")
    else:
        if len(q.codes) != 1:
            problems.append(f"{where}: codes: a {q.kind} question asks exactly one code")
        for code in known:
            if findings[code].kind != q.kind:
                problems.append(f"{where}: kind: {q.kind!r} but finding {code!r} is {findings[code].kind!r}")
            if q.kind == "enum":
                values = set(findings[code].values or ())
                if set(q.labels) != values:
                    problems.append(
                        f"{where}: labels: need one label per value of {code!r} {sorted(values)}, "
                        f"got {sorted(q.labels)}"
                    )
        if q.kind in ("bool", "number") and q.labels:
            problems.append(f"{where}: labels: only enum and checklist questions have labels")
    if q.kind == "number":
        if not q.probe:
            problems.append(f"{where}: probe: a number question needs typical answers to probe")
        for code in known:
            lo, hi = findings[code].min, findings[code].max
            for value in q.probe:
                if (lo is not None and value < lo) or (hi is not None and value > hi):
                    problems.append(f"{where}: probe: {value} is outside [{lo}, {hi}] of {code!r}")
    elif q.probe:
        problems.append(f"{where}: probe: only number questions have probe values")
    whos = {findings[c].who for c in known}
    if len(whos) > 1:
        problems.append(f"{where}: codes: mixes person and clinician findings in one question")
    if q.screen and "clinician" in whos:
        problems.append(f"{where}: screen: screening questions must be answerable by the person")
    if q.always is not False and q.screen:
        problems.append(f"{where}: always: a warning-sign question is asked first anyway (screen: true)")
    if isinstance(q.always, Expr):
        from backstride.knowledge.loader import _Checker

        checker = _Checker(findings, getattr(kb, "sources", {}) or {})
        checker.expr(f"{where}: always", q.always)
        problems.extend(checker.problems)
        own = sorted(q.always.codes() & set(q.codes))
        if own:
            problems.append(f"{where}: always: reads its own answer {own}")
    for code in known:  # an examination's plain name stands for the test this question asks about
        term = getattr(findings[code], "term", None)
        if term is not None and term.lower() not in q.text.lower():
            problems.append(f"{where}: text: does not say {term!r}, the term of {code!r} (findings.yaml)")
    if "clinician" not in whos and reading_grade(f"{q.text} {q.why}") > MAX_READING_GRADE:
        problems.append(
            f"{where}: why: too hard to read (grade {reading_grade(f'{q.text} {q.why}'):.1f} > "
            f"{MAX_READING_GRADE:g}); use shorter words and sentences"
        )
    if len(q.text) > MAX_TEXT_CHARS or _sentences_too_long(q.text):
        problems.append(f"{where}: text: too long for plain language (keep it short)")
    if len(q.why) > MAX_WHY_CHARS or _sentences_too_long(q.why):
        problems.append(f"{where}: why: too long for plain language (keep it short)")
    for key, label in q.labels.items():
        if len(label) > MAX_LABEL_CHARS or not label.strip():
            problems.append(f"{where}: labels.{key}: empty or too long for plain language")
    if q.ask_when is not None:
        problems.extend(_ask_when_problems(where, q, kb))
    if q.otherwise is not None:
        problems.extend(_otherwise_problems(where, q, findings))
    problems.extend(_item_problems(where, q, kb))
    if not q.sources:
        problems.append(f"{where}: sources: cite at least one EVIDENCE.md source key")
    if source_keys is not None:
        for key in q.sources:
            if key not in source_keys:
                problems.append(f"{where}: sources: unknown source key {key!r}")
    return problems


def _ask_when_problems(
    where: str, q: QuestionDef, kb: Any, ask_when: Expr | None = None, hides: tuple[str, ...] | None = None
) -> list[str]:
    """A question's ``ask_when`` (or one of its checklist items', ``ask_when`` given, ``where`` naming
    the item): known codes and values (the knowledge base's own checks), never on a warning-sign
    question (always asked), never reading its own answer (any item of its checklist), and never false
    while nothing is answered (an answer not given never hides a question or an item)."""
    from backstride.knowledge.expr import compile_expr
    from backstride.knowledge.loader import _Checker

    expr = ask_when if ask_when is not None else q.ask_when
    assert expr is not None
    checker = _Checker(kb.findings, getattr(kb, "sources", {}) or {})
    checker.expr(f"{where}: ask_when", expr)
    problems = list(checker.problems)
    if q.screen:
        problems.append(f"{where}: ask_when: a warning-sign question is always asked (screen: true)")
    own = sorted(expr.codes() & set(q.codes))
    if own:
        problems.append(f"{where}: ask_when: reads its own answer {own}")
    if not problems and compile_expr(expr)({}) is False:
        problems.append(f"{where}: ask_when: false while nothing is answered; unknown must ask")
    problems.extend(_hides_a_warning_sign(where, hides if hides is not None else tuple(q.codes), kb))
    return problems


def _hides_a_warning_sign(where: str, codes: tuple[str, ...], kb: Any) -> list[str]:
    """Another answer never hides a finding an emergency or same-day rule reads (1.5.1): "Neither leg"
    read leg numbness as no, and a fever or a past cancer with it lost its emergency."""
    rules = getattr(kb, "red_flag_rules", None) or {}
    problems = []
    for code in codes:
        reading = sorted(
            name
            for name, r in rules.items()
            if r.disposition in _ALWAYS_ASKED_LEVELS and code in r.when.codes()
        )
        if reading:
            problems.append(
                f"{where}: ask_when: would hide {code!r}, which the rules {reading} read; ask it always"
            )
    return problems


def _item_problems(where: str, q: QuestionDef, kb: Any) -> list[str]:
    """``items``: only on a checklist, each an item of it, its ``ask_when`` checked as a question's, its
    ``otherwise`` yes or no (a checklist item is a yes/no finding)."""
    if not q.items:
        return []
    if q.kind != "checklist":
        return [f"{where}: items: only a checklist has items of its own (use ask_when)"]
    problems = []
    for code, item in q.items.items():
        if code not in q.codes:
            problems.append(f"{where}: items.{code}: not an item of this checklist {list(q.codes)}")
            continue
        problems.extend(_ask_when_problems(f"{where}: items.{code}", q, kb, item.ask_when, (code,)))
    return problems


def _otherwise_problems(where: str, q: QuestionDef, findings: Any) -> list[str]:
    """``otherwise``: only with ``ask_when``, on a question of one yes/no or choice finding, a value of
    it, or on a checklist, yes or no (then every item's answer)."""
    if q.ask_when is None:
        return [f"{where}: otherwise: needs ask_when (the answers that make it the answer)"]
    if q.kind == "checklist":
        if isinstance(q.otherwise, bool):
            return []
        return [
            f"{where}: otherwise: a checklist's items are yes/no; expected true or false, got {q.otherwise!r}"
        ]
    if q.kind not in ("bool", "enum") or len(q.codes) != 1:
        return [
            f"{where}: otherwise: only a yes/no or choice question of one finding, or a checklist, has one"
        ]
    code = q.codes[0]
    if code not in findings:
        return []  # named by the codes check
    f, value = findings[code], q.otherwise
    if f.kind == "bool" and not isinstance(value, bool):
        return [f"{where}: otherwise: {code!r} is a bool finding; expected true or false, got {value!r}"]
    if f.kind == "enum" and value not in f.values:
        return [f"{where}: otherwise: {code!r} expects one of {list(f.values)}, got {value!r}"]
    return []


def _source_keys(kb: Any) -> set[str] | None:
    sources = getattr(kb, "sources", None)
    if sources is None:
        return None
    if isinstance(sources, Mapping):
        return {str(k) for k in sources}
    keys = set()
    for item in sources:
        keys.add(getattr(item, "key", getattr(item, "id", item)))
    return {str(k) for k in keys}


def check_bank(bank: QuestionBank, kb: Any) -> list[str]:
    """Cross-check a parsed question bank against the finding vocabulary of ``kb``."""
    problems: list[str] = []
    for qid, count in Counter(q.id for q in bank.questions).items():
        if count > 1:
            problems.append(f"{QUESTIONS_FILE}: questions: id {qid!r} is used {count} times")
    asked_by: dict[str, list[str]] = {}
    source_keys = _source_keys(kb)
    for index, question in enumerate(bank.questions):
        problems.extend(_check_question(index, question, kb, source_keys))
        for code in question.codes:
            asked_by.setdefault(code, []).append(question.id)
    for code, qids in sorted(asked_by.items()):
        if len(qids) > 1:
            problems.append(f"{QUESTIONS_FILE}: questions: {code!r} is asked by several questions {qids}")
    for code in sorted(kb.findings):
        replaced = bool(kb.findings[code].replaced_by)  # kept for answers given before; never asked
        if code not in asked_by and not replaced:
            problems.append(f"{QUESTIONS_FILE}: questions: finding {code!r} is not asked by any question")
        elif code in asked_by and replaced:
            problems.append(
                f"{QUESTIONS_FILE}: questions: finding {code!r} is replaced by "
                f"{', '.join(kb.findings[code].replaced_by)} and is no longer asked {asked_by[code]}"
            )
    problems.extend(_why_as_urgent(bank, kb))
    return problems


def _named_in(node: Any) -> set[str]:
    """Every string in a rule's ``when`` (finding codes among them)."""
    if isinstance(node, Mapping):
        return {c for v in node.values() for c in _named_in(v)}
    if isinstance(node, list | tuple):
        return {c for v in node for c in _named_in(v)}
    return {node} if isinstance(node, str) else set()


def _why_as_urgent(bank: QuestionBank, kb: Any) -> list[str]:
    """A warning-sign question (``screen``) whose answer can fire an emergency rule says "emergency"
    in its "Why we ask": it read "a hospital check the same day" and "a check soon" beside
    emergency rules. (Other questions feed emergency rules only together with a warning sign.)"""
    rules = getattr(kb, "red_flag_rules", None) or {}
    emergency: set[str] = set()
    for rule in rules.values():
        if getattr(rule, "disposition", None) == "emergency":
            emergency |= _named_in(rule.model_dump().get("when"))
    return [
        f"{QUESTIONS_FILE}: questions.{index} ({q.id}): why: an answer can be an emergency "
        f"({', '.join(sorted(emergency & set(q.codes)))}); say so (the word 'emergency')"
        for index, q in enumerate(bank.questions)
        if q.screen and emergency & set(q.codes) and "emergency" not in q.why.lower()
    ]


def validate_questions(raw: Any = None, kb: Any = None) -> list[str]:
    """Every problem of the question bank at once (empty list when it is valid).

    ``raw`` is the parsed YAML (default: the packaged file), ``kb`` the knowledge base (default:
    the packaged one).
    """
    if raw is None:
        try:
            raw = _read_raw()
        except (OSError, yaml.YAMLError) as exc:
            return [f"{QUESTIONS_FILE}: cannot be read: {exc}"]
    bank, problems = _parse(raw)
    if bank is None:
        return problems
    if kb is None:
        from backstride.knowledge import load_knowledge

        try:
            kb = load_knowledge()
        except KnowledgeError:
            # The findings are needed for the cross-checks; their problems are reported by
            # validate_knowledge(), so say only that these checks could not run.
            return [f"{QUESTIONS_FILE}: not cross-checked: the knowledge base itself is invalid"]
    return check_bank(bank, kb)


@lru_cache(maxsize=1)
def load_questions() -> QuestionBank:
    """The packaged question bank, validated; raises ``KnowledgeError`` listing every problem."""
    raw = _read_raw()
    bank, problems = _parse(raw)
    if bank is None:
        raise KnowledgeError(problems)
    from backstride.knowledge import load_knowledge

    problems = check_bank(bank, load_knowledge())
    if problems:
        raise KnowledgeError(problems)
    return bank


@lru_cache(maxsize=1)
def _implications() -> tuple[tuple[str, Any, bool | str], ...]:
    """(code, compiled ``ask_when``, ``otherwise``) for each finding an ``otherwise`` answers: a
    question's one finding, every item of a checklist, a checklist item's own."""
    from backstride.knowledge.expr import compile_expr

    out: list[tuple[str, Any, bool | str]] = []
    for q in load_questions().questions:
        if q.ask_when is not None and q.otherwise is not None:
            check = compile_expr(q.ask_when)
            out.extend((code, check, q.otherwise) for code in q.codes)
        for code, item in q.items.items():
            if item.otherwise is not None:
                out.append((code, compile_expr(item.ask_when), item.otherwise))
    return tuple(out)


def implied_answers(answers: Mapping[str, Any]) -> dict[str, bool | str]:
    """The answers these answers (``None`` = don't know) already give to questions not answered: a
    question (or a checklist item) whose ``ask_when`` they make false, with an ``otherwise`` ("Neither
    leg" -> the pain does not go down a leg, the legs have no numbness). An answer given, "don't know"
    too, is never replaced."""
    implied: dict[str, bool | str] = {}
    for code, check, value in _implications():
        if code not in answers and code not in implied and check(answers) is False:
            implied[code] = value
    return implied


def implied_by(code: str, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The answered codes that give ``code`` its implied answer (``implied_answers``): those its
    ``ask_when`` reads ("Neither leg" for how far down the leg the pain goes); () when it has none."""
    if code in answers or code not in implied_answers(answers):
        return ()
    for q in load_questions().questions:
        when = q.items[code].ask_when if code in q.items else q.ask_when if code in q.codes else None
        if when is not None:
            return tuple(c for c in sorted(when.codes()) if answers.get(c) is not None)
    return ()


__all__ = [
    "ItemWhen",
    "QuestionBank",
    "QuestionDef",
    "check_bank",
    "implied_answers",
    "implied_by",
    "load_questions",
    "reading_grade",
    "validate_questions",
]
