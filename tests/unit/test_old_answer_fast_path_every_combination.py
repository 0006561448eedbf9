"""The old answer for all three leg signs (``leg_signs_long_standing``) is spelled out only when a check
holds it (``validate_findings``, ``known_answers``): a shortcut in safety-relevant code, where three
bugs were found before (review R2, R5). For every combination of the old answer (yes, no, "don't
know", not there), each sign (the same four) and each sign's own age (the same four), 16 384 answer
sets, the shortcut gives what the work done every time gives: the same answers for the engine, so the
same level, warning and questions (a new sign is a visit the same day, EVIDENCE.md A.6 [A22])."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from backstride.assessment import findings
from backstride.assessment.findings import known_answers, validate_findings
from backstride.knowledge import load_knowledge

OLD = "leg_signs_long_standing"
SIGNS = (
    ("foot_drop", "foot_drop_long_standing"),
    ("exam_weakness_myotomal", "leg_weakness_long_standing"),
    ("unsteady_gait", "unsteady_gait_long_standing"),
)
ABSENT = object()
STATES = (True, False, None, ABSENT)


def _every_combination() -> list[dict[str, object]]:
    codes = (OLD, *(code for pair in SIGNS for code in pair))
    return [
        {code: value for code, value in zip(codes, values, strict=True) if value is not ABSENT}
        | {"duration_weeks": 20.0, "trend": "stable"}
        for values in itertools.product(STATES, repeat=len(codes))
    ]


def _spelled_out_always(answers: Mapping[str, object]) -> dict[str, object]:
    """``known_answers`` doing its work whatever the answers (as before the shortcut)."""
    kb = load_knowledge()
    known = {code: value for code, value in answers.items() if value is not None}
    for new, old in findings._stands_for(answers, kb).items():
        known[new] = known[old] if old is not None else False
    return {code: value for code, value in known.items() if not kb.findings[code].replaced_by}


def test_the_shortcut_gives_the_same_answers_for_every_combination() -> None:
    kb = load_knowledge()
    combinations = _every_combination()
    assert len(combinations) == 4**7
    for answers in combinations:
        given = validate_findings(answers, kb)
        always = dict(given)
        for new, old in findings._stands_for(answers, kb).items():
            always[new] = always[old] if old is not None else False
        assert given == always, answers
        assert known_answers(answers, kb) == _spelled_out_always(answers), answers
