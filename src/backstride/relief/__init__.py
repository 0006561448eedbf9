"""backstride.relief: the pure relief-plan builder (assessment + gait factors -> plan)."""

from __future__ import annotations

from backstride.relief.plan import (
    LIKELY_PROBABILITY,
    GaitFactorInput,
    PlanItem,
    ReliefPlan,
    TimelineStep,
    build_plan,
)

__all__ = ["LIKELY_PROBABILITY", "GaitFactorInput", "PlanItem", "ReliefPlan", "TimelineStep", "build_plan"]
