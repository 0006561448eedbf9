"""A warning rule whose clinician text says it rests on judgement says so in its evidence grade too
(the grade is what `backstride explain` and the report show beside the rule). Found in review (R2):
the straight-leg raise rule (1.10.0) read "systematic review (test accuracy) and guideline", though
its level is a judgement (EVIDENCE.md B.4 says self-care for a nerve-root pain without a deficit;
A.9 says a routine visit)."""

from __future__ import annotations

from backstride.knowledge import load_knowledge


def test_every_rule_resting_on_judgement_says_so_in_its_grade() -> None:
    kb = load_knowledge()
    unmarked = [
        code
        for code, rule in kb.red_flag_rules.items()
        if "judgement" in rule.text.lower() and "judgement" not in rule.evidence_grade.lower()
    ]
    assert not unmarked, unmarked
