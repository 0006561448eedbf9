"""The assess use case: validate findings, run the engine, build the relief plan, shape the result.

``assess(findings)`` is the public entry point (``from backstride import assess``);
``AssessmentResult.to_dict()`` is exactly the contract JSON plus documented extra keys
(``not_a_diagnosis``, ``disposition_text``, ``reasons_for_review``, ``cannot_exclude``, a
per-condition ``because`` trail, plan ``stretches``/``timeline``, per-item evidence and
``see_clinician_sources`` (the keys behind ``see_clinician``), and
``examination_note``: null, or what examinations not done could raise the disposition, see
``services.exam_note``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from backstride import __version__
from backstride.assessment import (
    MAX_DIFFERENTIAL_DISPOSITION,
    MAX_SERIOUS_LEAD_DISPOSITION,
    SERIOUS_LEAD_PROBABILITY,
    Assessment,
    ConditionScore,
    RedFlagHit,
    evaluate,
)
from backstride.knowledge import KnowledgeBase, load_knowledge
from backstride.relief import LIKELY_PROBABILITY, GaitFactorInput, ReliefPlan, build_plan
from backstride.relief.plan import level_means, see_clinician_sources

if TYPE_CHECKING:
    from backstride.services.exam_note import ExaminationNote

NOT_A_DIAGNOSIS = (
    "This is not a diagnosis. It is a guide to help you and your clinician think about what may be "
    "going on and what to do next. If you are worried, or anything changes, contact a clinician."
)
PROBABILITY_DECIMALS = 4
#: The algorithm parameters that travel with every result (ARCHITECTURE.md pattern 6).
ENGINE_PARAMETERS = {
    "max_differential_disposition": MAX_DIFFERENTIAL_DISPOSITION,
    "serious_lead_probability": SERIOUS_LEAD_PROBABILITY,
    "max_serious_lead_disposition": MAX_SERIOUS_LEAD_DISPOSITION,
    "plan_likely_probability": LIKELY_PROBABILITY,
    "combination": "softmax over log prior odds + sum of log likelihood ratios",
}


@dataclass(frozen=True)
class AssessmentResult:
    """What ``assess`` returns: the engine's assessment plus the relief plan."""

    assessment: Assessment
    plan: ReliefPlan
    knowledge_version: str
    not_a_diagnosis: str = NOT_A_DIAGNOSIS
    mode: str = "person"  # "clinician": the examination note and the plan speak to the clinician

    @property
    def disposition(self) -> str:
        return self.assessment.disposition

    @property
    def conditions(self) -> tuple[ConditionScore, ...]:
        return self.assessment.conditions

    @property
    def red_flags(self) -> tuple[RedFlagHit, ...]:
        return self.assessment.red_flags

    @cached_property
    def examination_note(self) -> ExaminationNote | None:
        """Whether examinations not done (person mode never asks them) could raise the disposition,
        and which, in plain words with sources; None when none could. Worked out once per result,
        when first asked for; it never changes the result (``services.exam_note``)."""
        from backstride.services.exam_note import examination_note

        return examination_note(self.assessment, for_clinician=self.mode == "clinician")

    def to_dict(self, kb: KnowledgeBase | None = None) -> dict[str, object]:
        kb = kb or load_knowledge()
        a = self.assessment
        out: dict[str, object] = {
            "disposition": a.disposition,
            "disposition_text": level_means(a.disposition, a.disposition_because, kb),
            "disposition_because": list(a.disposition_because),
            "not_a_diagnosis": self.not_a_diagnosis,
            "red_flags": [red_flag_hit_dict(h) for h in a.red_flags],
            "reasons_for_review": [red_flag_hit_dict(h) for h in a.escalations],
            "conditions": [_condition(c, kb) for c in a.conditions],
            "cannot_exclude": [
                {
                    "code": m.condition,
                    "probability": round(m.probability, PROBABILITY_DECIMALS),
                    "text": m.text,
                    "what_settles_it": m.what_settles_it,
                    "sources": list(m.sources),
                }
                for m in a.mimics
            ],
            "plan": self.plan.to_dict(),
            "knowledge_version": self.knowledge_version,
            "package_version": __version__,
            "engine_parameters": dict(ENGINE_PARAMETERS),
            "examination_note": self.examination_note.to_dict() if self.examination_note else None,
        }
        # when to see a clinician cites its sources, as every other clinical statement here does
        plan = out["plan"]
        assert isinstance(plan, dict)
        plan["see_clinician_sources"] = see_clinician_sources(out, kb)
        return out


def red_flag_hit_dict(h: RedFlagHit) -> dict[str, object]:
    """A fired rule as the contract JSON writes it (``red_flags`` and ``reasons_for_review`` items)."""
    return {
        "code": h.code,
        "findings": list(h.findings),
        "condition": h.condition,
        "disposition": h.disposition,
        "message": h.message,
        "sources": list(h.sources),
        "chronic": h.chronic,
    }


def _condition(c: ConditionScore, kb: KnowledgeBase) -> dict[str, object]:
    cdef = kb.conditions[c.code]
    return {
        "code": c.code,
        "name": cdef.name,
        "probability": round(c.probability, PROBABILITY_DECIMALS),
        "supporting": list(c.supporting),
        "against": list(c.against),
        "evidence": list(c.evidence),
        "prior": cdef.prior,
        "because": [
            {
                "finding": x.finding,
                "value": x.value,
                "likelihood_ratio": x.likelihood_ratio,
                "log_odds": round(x.log_odds, 4),
                "sources": list(x.sources),
                "judgement": x.judgement,
                "note": x.note,
                # added in 1.36.0: "answer", or "red_flag_floor" for a warning sign's floor (finding:
                # the rule's code; floor: the chance the cause is held at, at least)
                "kind": "answer" if x.floor is None else "red_flag_floor",
                "floor": x.floor,
            }
            for x in c.contributions
        ],
    }


def assess(
    findings: Mapping[str, object],
    *,
    gait_factors: Iterable[GaitFactorInput] | None = None,
    kb: KnowledgeBase | None = None,
    mode: str = "person",
) -> AssessmentResult:
    """Assess ``findings`` (codes of findings.yaml; None = don't know) and build the plan.

    Absent means unknown, unless another answer already gives it: the interview does not ask a
    question an earlier answer already answers, and reads it as so answered, and so does this
    (``assessment.read_answers``). ``{"leg_symptoms_side": "none"}`` ("Neither leg" has pain, numbness
    or heaviness) reads as the pain not going down a leg (``pain_leg: "none"``), no heavy or cramping
    legs and no pain sent down a leg by a cough, exactly as ``backstride assess --answers``, the pages
    and the API read it. An answer given, ``None`` ("don't know") too, is never replaced, and nothing
    is read as "no" that no answer says (docs/knowledge-base.md, "How an assessment is made").

    ``mode`` is the interview's: in clinician mode the texts about examining speak to the clinician
    (the plan leaves out "A clinician will test ...", the examination note's advice is theirs).

    Raises UnknownCodeError / FindingValueError (both InputError) naming the bad code and what
    was expected.
    """
    kb = kb or load_knowledge()
    assessment = evaluate(findings, kb)
    plan = build_plan(assessment, gait_factors, kb, for_clinician=mode == "clinician")
    return AssessmentResult(assessment=assessment, plan=plan, knowledge_version=kb.version, mode=mode)


__all__ = ["ENGINE_PARAMETERS", "NOT_A_DIAGNOSIS", "AssessmentResult", "assess", "red_flag_hit_dict"]
