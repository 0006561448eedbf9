"""Validate raw findings against the vocabulary: unknown codes and bad values are errors, never dropped.

``None`` means "don't know" and is removed (a missing finding is unknown, never false).
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import TypeGuard

from backstride.core.errors import FindingValueError, UnknownCodeError
from backstride.knowledge import KnowledgeBase, load_knowledge
from backstride.knowledge.questions import implied_answers

FindingValues = dict[str, bool | float | str]


def _is_boolean(value: object) -> bool:
    """A real boolean: ``bool``, or numpy's ``bool_`` (pandas gives those), never 1 or 0."""
    kind = type(value)
    return kind is bool or (kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool"))


def _is_number(value: object) -> TypeGuard[numbers.Real]:
    """A real number: int, float or a numpy scalar like ``int64`` (pandas gives those), never a
    boolean or a text."""
    return isinstance(value, numbers.Real) and not _is_boolean(value)


def did_you_mean(code: object, codes: Iterable[str]) -> str:
    """`` (did you mean 'fever'?)`` for the code closest to ``code`` (a mistyped or differently
    written one: 'fevr', 'Fever', 'AGE_YEARS', ' fever', 'age-years'), or ``""`` without one."""
    if not isinstance(code, str):
        return ""
    by_key = {c.lower(): c for c in codes}
    key = code.strip().lower().replace("-", "_").replace(" ", "_")
    close = [key] if key in by_key else difflib.get_close_matches(key, by_key, n=1)
    return f" (did you mean {by_key[close[0]]!r}?)" if close else ""


def validate_findings(raw: Mapping[str, object], kb: KnowledgeBase | None = None) -> FindingValues:
    """Check every finding's code, type and range; return the known answers (None dropped).

    Raises :class:`UnknownCodeError` naming an unknown code and :class:`FindingValueError` naming
    the code and what was expected (bools must be real booleans, numpy's too, never 1 or 0;
    numbers any real number, numpy's too, never a boolean).
    """
    kb = kb or load_knowledge()
    if not isinstance(raw, Mapping):
        raise FindingValueError(
            f"findings must be a mapping of finding code to value, got {type(raw).__name__}"
        )
    out: FindingValues = {}
    replaced = False  # an answer no question asks any more: spelled out below (_stands_for)
    for code, value in raw.items():
        definition = kb.findings.get(code) if isinstance(code, str) else None
        if definition is None:
            hint = did_you_mean(code, kb.findings)
            raise UnknownCodeError(
                f"unknown finding code {code!r}{hint}: expected a code of findings.yaml "
                "(see `backstride explain` or the contract vocabulary)"
            )
        if value is None:
            continue
        replaced = replaced or bool(definition.replaced_by)
        if definition.kind == "bool":
            if not _is_boolean(value):
                raise FindingValueError(f"{code}: expected true or false, got {value!r}")
            out[code] = bool(value)
        elif definition.kind == "number":
            lo, hi = definition.min, definition.max
            assert lo is not None and hi is not None  # guaranteed by FindingDef
            # a unit that is the scale itself ("0-10") is not said twice
            scale = definition.unit == f"{lo:g}-{hi:g}"
            expected = f"a number {'' if scale else f'in {definition.unit} '}from {lo:g} to {hi:g}"
            if not _is_number(value):
                raise FindingValueError(f"{code}: expected {expected}, got {value!r}")
            try:
                number = float(value)
            except OverflowError:  # an int too large for a float (e.g. 10**400) is out of range
                number = math.inf
            if math.isnan(number) or not lo <= number <= hi:
                raise FindingValueError(f"{code}: expected {expected}, got {value!r}")
            out[code] = number
        else:
            if not isinstance(value, str) or value not in definition.values:
                raise FindingValueError(
                    f"{code}: expected one of {', '.join(definition.values)}, got {value!r}"
                )
            out[code] = str(value)  # numpy's str_ too
    # only with such an answer: the interview validates every answer set it looks ahead to
    for new, old in (_stands_for(raw, kb) if replaced else {}).items():
        out[new] = out[old] if old is not None else False
    return out


def _stands_for(raw: Mapping[str, object], kb: KnowledgeBase) -> dict[str, str | None]:
    """What an answer no question asks any more (``replaced_by``; 1.20.0: ``leg_signs_long_standing``)
    says of the answers that replaced it: new code -> the old code whose answer it takes, or None
    for a "no". It stands for each one not given at all: an answer given, "don't know" too, says
    more. But a yes/no counts as "yes" only when no answer says "no": the old "no" ("If any one is
    new or worse, answer no") beside the sign's own "yes" is a "no" (a new sign is a visit the same
    day, EVIDENCE.md A.6 [A22]; review R2)."""
    out: dict[str, str | None] = {}
    for code, value in raw.items():
        definition = kb.findings.get(code) if isinstance(code, str) else None
        if definition is None or not definition.replaced_by or value is None:
            continue
        for new in definition.replaced_by:
            if new not in raw:
                out[new] = code
            elif definition.kind == "bool" and _is_boolean(value) and _is_boolean(raw[new]):
                if raw[new] and not value:
                    out[new] = None
    return out


def known_answers(answers: Mapping[str, object], kb: KnowledgeBase | None = None) -> dict[str, object]:
    """The answers the engine reads: "don't know" (``None``) left out, once an answer no question asks
    any more (``replaced_by``) has been spelled out as the answers that replaced it. Leaving
    "don't know" out first would let the old answer fill the gap: an old foot drop's "yes" for all
    three leg signs would stand for the unsteadiness the person said they did not know the age of,
    and lower a visit today to a routine check (review R2). A value that is not a good answer is left
    as given, for ``validate_findings`` to name. A question not asked because an earlier answer
    already answers it (``implied_answers``: "Neither leg" -> no leg pain, questions 1.4.0) reads as
    answered so."""
    kb = kb or load_knowledge()
    known = {code: value for code, value in answers.items() if value is not None}
    known.update(implied_answers(answers))
    replaced = [c for c in known if isinstance(c, str) and c in kb.findings and kb.findings[c].replaced_by]
    if not replaced:  # nothing to spell out (_stands_for reads only such answers)
        return known
    for code in replaced:
        try:
            validate_findings({code: known[code]}, kb)
        except (FindingValueError, UnknownCodeError):
            return known
    for new, old in _stands_for(answers, kb).items():
        known[new] = known[old] if old is not None else False
    for code in replaced:
        del known[code]
    return known


def read_answers(raw: Mapping[str, object], kb: KnowledgeBase | None = None) -> FindingValues:
    """The findings the engine weighs for ``raw``, the answers as given (``None`` = don't know):
    ``validate_findings`` of them (a bad code or value named as given, a "don't know" to an unknown
    code too), read as ``known_answers`` reads them: a question an answer already answers reads as
    answered so ("Neither leg" -> the pain does not go down a leg), never over an answer given, "don't
    know" included. So ``evaluate``, ``triage`` and ``backstride.assess`` give what the terminal, the
    pages and the API give. An answer is implied only where none is given, so answers that hold it
    already read the same again: it counts once however the answers come. Pass the answers with their
    ``None``s: a "don't know" left out first (as ``known_answers`` leaves it out) would let an implied
    answer take its place."""
    kb = kb or load_knowledge()
    out = validate_findings(raw, kb)
    if any(kb.findings[c].replaced_by for c in out):  # rare: spelled out as known_answers does
        return validate_findings(known_answers(raw, kb), kb)
    out.update(implied_answers(raw))  # only codes not in raw; the values are the knowledge's own
    return out


def _signs_of(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each code an answer no question asks any more stands for -> the signs whose age it is: the codes
    of the warning rule whose long-standing clause reads it (``foot_drop_long_standing`` -> ``foot_drop``)."""
    out: dict[str, set[str]] = {}
    replacing = {new for f in kb.findings.values() for new in f.replaced_by}
    for rule in kb.red_flag_rules.values():
        if rule.chronic is not None:
            for code in rule.chronic.when.codes() & replacing:
                out.setdefault(code, set()).update(rule.when.codes())
    return out


def replaced_answer_kept_to_its_signs(
    before: Mapping[str, object], after: Mapping[str, object], kb: KnowledgeBase | None = None
) -> dict[str, object]:
    """The answers ``after`` (``before`` with answers changed or added), where the old "yes" for all
    three leg signs (``replaced_by``, 1.18.0-1.19.x: "each sign the person has has been there 12 weeks
    or more") would stand for a sign said to be there only now: it was said of the signs the person
    had then, so it is spelled out as each of those signs' own answer, in its place, and no longer
    stands for the new one, whose age is then asked (a new sign is a visit the same day, EVIDENCE.md
    A.6 [A22]; review R5). Unchanged otherwise."""
    kb = kb or load_knowledge()
    signs: dict[str, set[str]] = {}  # read from the rules only for such a "yes": most checks have none

    def has(age: str, answers: Mapping[str, object]) -> bool:
        return any(answers.get(sign) is True for sign in signs.get(age, ()))

    out = dict(after)
    for code, value in after.items():
        definition = kb.findings.get(code) if isinstance(code, str) else None
        if definition is None or not definition.replaced_by or value is not True:
            continue
        signs = signs or _signs_of(kb)
        ages = [age for age in definition.replaced_by if age not in after]
        if not any(has(age, after) and not has(age, before) for age in ages):
            continue
        said = [(age, True) for age in ages if has(age, before) and has(age, after)]
        out = dict(kv for item in out.items() for kv in (said if item[0] == code else [item]))
    return out


__all__ = [
    "FindingValues",
    "did_you_mean",
    "known_answers",
    "read_answers",
    "replaced_answer_kept_to_its_signs",
    "validate_findings",
]
