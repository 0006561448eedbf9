"""A likely broken bone in a long-standing, stable episode is a routine check (knowledge 1.15.0).

The engine's rule "a serious cause more likely than not sets a visit today, even when no rule fired"
had no long-standing clause, though the red-flag rules have one (``chronic``). An 81-year-old on
steroid tablets whose pain began suddenly 51 weeks ago and is not getting worse fires
``suspected_fracture`` at its chronic level (a routine check), yet the broken bone's chance (90%)
still set "see a doctor today". EVIDENCE.md A.4 gives a same-day visit for a suspected break with a
sudden start or a minor injury [A1][A22]; after more than 3 months of pain that is not getting worse,
the rule itself says a routine check. The broken bone's ``long_standing`` clause now says the same
for the weighing of causes (judgement). Causes where time matters whatever the length (cauda equina
[A15][A16], infection [A18][A20], an aortic aneurysm [A24]) have no such clause; nor has cancer in
the spine (back pain comes months before cord compression [A23]).
"""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

import pytest
from tests.spec.test_interview_gold import interview

from backstride.assessment import evaluate
from backstride.knowledge import DATA_DIR, load_knowledge, validate_knowledge
from backstride.services.foresight import question_plan

NO_SIGNS = {c: False for c in question_plan("person").screening_codes}
OLD_BREAK = {
    **NO_SIGNS,
    "age_years": 81,
    "sex": "female",
    "long_term_steroids": True,
    "onset": "sudden",
    "duration_weeks": 51,
    "trend": "stable",
    "pain_severity_nrs": 8,
    "relief_lying": True,
}


def test_a_likely_old_stable_break_is_a_routine_check() -> None:
    result = evaluate(OLD_BREAK)
    assert result.leading.code == "vertebral_fracture" and result.leading.probability > 0.5
    hit = next(h for h in result.red_flags if h.code == "suspected_fracture")
    assert hit.chronic and hit.disposition == "routine"
    assert result.disposition == "routine"  # was urgent: the cause overrode the rule's own chronic level
    assert "condition:vertebral_fracture" in result.disposition_because


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"trend": "worsening"}, "getting worse"),
        ({"trend": None}, "not known to be stable"),
        ({"duration_weeks": 8}, "under 3 months"),
        ({"duration_weeks": None}, "length not known"),
    ],
)
def test_otherwise_a_likely_break_is_still_a_visit_today(change: dict, why: str) -> None:
    findings = {k: v for k, v in {**OLD_BREAK, **change}.items() if v is not None}
    result = evaluate(findings)
    assert result.leading.code == "vertebral_fracture"
    assert result.disposition == "urgent", why
    assert "condition:vertebral_fracture" in result.disposition_because


def test_the_clause_is_the_fracture_rules_own() -> None:
    """The same words as suspected_fracture's chronic clause: the cause and the rule never disagree."""
    kb = load_knowledge()
    clause = kb.conditions["vertebral_fracture"].long_standing
    assert clause is not None and clause.judgement and clause.disposition == "routine"
    rule = kb.red_flag_rules["suspected_fracture"]
    assert rule.chronic is not None and clause.when == rule.chronic.when
    assert {"A1", "A22"} <= set(clause.sources)


def test_where_time_matters_the_cause_keeps_a_visit_today() -> None:
    kb = load_knowledge()
    with_clause = {code for code, d in kb.conditions.items() if d.long_standing is not None}
    assert with_clause == {"vertebral_fracture"}
    assert all(kb.conditions[c].serious for c in with_clause)


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_the_interview_ends_at_the_same_level(mode: str) -> None:
    run = interview({"id": "old-break", "findings": OLD_BREAK, "gold_disposition": "routine"}, mode)
    assert run["interview"] == run["full"] == "routine"


def test_on_random_answer_sets_only_long_standing_stable_ones_change() -> None:
    """3,000 answer sets with no warning sign: the clause changes a visit today to a routine check
    only when the pain is over 3 months old and not getting worse, and never anything else."""
    kb = load_knowledge()
    without = dataclasses.replace(kb, long_standing_checks={})  # the knowledge as before the clause
    yes_answers = sorted(c for c, d in kb.findings.items() if d.kind == "bool" and not c.startswith("exam_"))
    rng = random.Random(7)
    lowered = 0
    for _ in range(3000):
        weeks = float(rng.choice([2, 8, 13, 51]))
        f: dict[str, object] = {
            **NO_SIGNS,
            "age_years": float(rng.choice([55, 75, 85])),
            "duration_weeks": weeks,
            "onset": rng.choice(["gradual", "sudden"]),
            "trend": rng.choice(["improving", "stable", "worsening"]),
            "pain_severity_nrs": float(rng.choice([4, 8])),
            "long_term_steroids": rng.random() < 0.7,
        }
        f.update(dict.fromkeys(rng.sample(yes_answers, rng.randint(0, 3)), True))
        before, after = evaluate(f, without).disposition, evaluate(f, kb).disposition
        if before != after:
            assert (before, after) == ("urgent", "routine"), f
            assert weeks >= 12 and f["trend"] in ("stable", "improving"), f
            lowered += 1
    assert lowered >= 5  # the sample holds such cases


def _data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_the_loader_refuses_a_clause_that_cannot_apply(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    path = data / "conditions.yaml"
    text = path.read_text(encoding="utf-8")
    clause = text[text.index("    long_standing:\n") : text.index("  abdominal_aortic_aneurysm:")]
    routine = "      disposition: routine\n      sources: [A1, A3, A22]"
    text = text.replace(routine, routine.replace("routine", "urgent"))
    text = text.replace(
        "    default_disposition: self_care\n    sources: [B11, B12]\n",
        "    default_disposition: self_care\n    sources: [B11, B12]\n" + clause,
    )
    path.write_text(text, encoding="utf-8")
    joined = "\n".join(validate_knowledge(data))
    assert "conditions.vertebral_fracture.long_standing.disposition: must be below" in joined
    assert "conditions.piriformis_syndrome.long_standing: only a serious condition" in joined
