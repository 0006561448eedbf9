"""backstride.assessment: the pure engine (finding validation, red-flag triage, explained differential)."""

from __future__ import annotations

from backstride.assessment.engine import (
    MAX_DIFFERENTIAL_DISPOSITION,
    MAX_SERIOUS_LEAD_DISPOSITION,
    SERIOUS_LEAD_PROBABILITY,
    Assessment,
    ConditionScore,
    Contribution,
    MimicNote,
    RedFlagHit,
    disposition_leader,
    disposition_scores,
    evaluate,
    fired_level,
    leader_rank,
    long_standing_cause,
    lowest_weighed_scores,
    matching_ratios,
    serious_lead,
    serious_weighed_scores,
    triage,
)
from backstride.assessment.findings import (
    FindingValues,
    did_you_mean,
    known_answers,
    read_answers,
    replaced_answer_kept_to_its_signs,
    validate_findings,
)
from backstride.knowledge import DISPOSITION_ORDER

__all__ = [
    "DISPOSITION_ORDER",
    "MAX_DIFFERENTIAL_DISPOSITION",
    "MAX_SERIOUS_LEAD_DISPOSITION",
    "SERIOUS_LEAD_PROBABILITY",
    "Assessment",
    "ConditionScore",
    "Contribution",
    "FindingValues",
    "MimicNote",
    "RedFlagHit",
    "did_you_mean",
    "disposition_leader",
    "disposition_scores",
    "evaluate",
    "fired_level",
    "known_answers",
    "leader_rank",
    "long_standing_cause",
    "lowest_weighed_scores",
    "matching_ratios",
    "read_answers",
    "replaced_answer_kept_to_its_signs",
    "serious_lead",
    "serious_weighed_scores",
    "triage",
    "validate_findings",
]
