"""An answer another answer already gives (questions.yaml ``otherwise``, ``implied_answers``) is never a
"no" invented from nothing, and never turns a warning sign off.

The contract: "A missing finding means unknown, never false" (../shared/spec/CONTRACT.md). Since the
engine reads the implied answers itself (``assessment.read_answers``, so ``backstride.assess`` gives
what the terminal, the pages and the API give), a code left out reads as "no" when, and only when,
another answer the person gave already says it by the contract's own words ("Neither leg" = no leg
has pain, numbness or heaviness, so the pain does not go down a leg). These tests hold every
implication to that: each is listed below with the answer that says it, none reads a warning sign,
and none lowers the level of a vignette or drops a warning rule it fires.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from tests.conftest import REPO_ROOT, VIGNETTES

from backstride.assessment import evaluate
from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.knowledge.expr import compile_expr
from backstride.knowledge.questions import _implications, implied_answers, load_questions

NEITHER_LEG = ("leg_symptoms_side", "none")  # "Which legs have pain, numbness or heaviness": none
NO_LEG_PAIN = ("pain_leg", "none")  # "How far down the leg pain travels": not at all

# Each implied answer -> the person's own answers that give it, by findings.yaml's words ("means").
SAID_BY = {
    # "How far down the leg pain travels": no leg has pain, so it travels down none
    ("pain_leg", "none"): {NEITHER_LEG},
    # "Legs feel heavy, tired or weak while walking": no leg has heaviness
    ("leg_heaviness", False): {NEITHER_LEG},
    # "Cramping in the legs while walking": a cramp is a pain, and no leg has pain
    ("leg_cramping", False): {NEITHER_LEG},
    # "Coughing or sneezing sends pain into the leg": no pain goes into a leg
    ("worse_cough_sneeze", False): {NEITHER_LEG, NO_LEG_PAIN},
}


def _implied() -> list[tuple[str, Any, bool | str]]:
    """(code, ``ask_when`` expression, ``otherwise``) of every implication in questions.yaml."""
    out = []
    for q in load_questions().questions:
        if q.ask_when is not None and q.otherwise is not None:
            out += [(code, q.ask_when, q.otherwise) for code in q.codes]
        items = q.items.items()
        out += [(code, item.ask_when, item.otherwise) for code, item in items if item.otherwise is not None]
    return out


def test_every_implication_is_listed_with_the_answer_that_gives_it() -> None:
    assert {(code, value) for code, _when, value in _implied()} == set(SAID_BY)
    assert sorted((c, v) for c, _w, v in _implications()) == sorted((c, v) for c, _w, v in _implied())


@pytest.mark.parametrize(("code", "when", "value"), _implied(), ids=lambda x: x if isinstance(x, str) else "")
def test_an_implied_answer_comes_only_from_an_answer_that_says_it(code: str, when: Any, value: Any) -> None:
    """Every combination of answers to what ``ask_when`` reads (left out and "don't know" too): where
    it implies the answer, one of the person's own answers says it. Nothing implies from nothing."""
    kb = load_knowledge()
    check = compile_expr(when)
    read = sorted(when.codes())
    # each value, "don't know" (None) and left out (...)
    values = {c: kb.findings[c].values if kb.findings[c].kind == "enum" else (True, False) for c in read}
    choices = [[*values[c], None, ...] for c in read]
    for combination in itertools.product(*choices):
        answers = {c: v for c, v in zip(read, combination, strict=True) if v is not ...}
        implied = implied_answers(answers)
        if check(answers) is False:
            assert implied.get(code) == value
            assert set(answers.items()) & SAID_BY[(code, value)], (code, answers)
        else:
            assert code not in implied, (code, answers)
    assert implied_answers({}) == {}  # answers not given imply nothing


def test_no_implied_answer_reads_a_warning_sign() -> None:
    """No warning-sign question, red-flag rule or rule for a visit today or sooner reads an implied code:
    an implication can never say "no" to a warning sign."""
    kb = load_knowledge()
    implied = {code for code, _when, _value in _implied()}
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    warning = {c for c, f in kb.findings.items() if f.group == "red_flags"}
    assert not implied & (screening | warning)
    for rule in kb.red_flag_rules.values():
        if rule.red_flag or DISPOSITION_RANK[rule.disposition] >= DISPOSITION_RANK["urgent"]:
            read = rule.when.codes() | (rule.chronic.when.codes() if rule.chronic else set())
            assert not implied & read, (rule.code, implied & read)


def _vignettes() -> list[tuple[str, dict[str, Any]]]:
    out = []
    held_out = REPO_ROOT / "tests" / "data"
    for path in (VIGNETTES, held_out / "holdout_vignettes.jsonl", held_out / "holdout_vignettes_b.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["id"], row["findings"]))
    return out


def test_no_implied_answer_lowers_a_vignette_or_drops_a_rule() -> None:
    """Each dev and held-out vignette that gets implied answers, read with them (as now) and with each
    of them unknown (as the engine read them before), one at a time and all together: never a lower
    level, never a warning rule fewer."""
    checked = 0
    for vid, findings in _vignettes():
        implied = implied_answers(findings)
        if not implied:
            continue
        now = evaluate(findings)
        fired = {h.code for h in now.red_flags + now.escalations}
        for unknown in [*([code] for code in implied), list(implied)]:
            before = evaluate({**findings, **dict.fromkeys(unknown)})
            assert DISPOSITION_RANK[now.disposition] >= DISPOSITION_RANK[before.disposition], (vid, unknown)
            assert {h.code for h in before.red_flags} <= fired, (vid, unknown)
        checked += 1
    assert checked >= 40  # 16 dev, 22 + 14 held out (2026-11-27)
