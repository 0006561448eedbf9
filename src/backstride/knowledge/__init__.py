"""backstride.knowledge: the clinical knowledge base as validated data.

``load_knowledge()`` returns the cached, validated :class:`KnowledgeBase`; ``validate_knowledge()``
lists every problem (``file: path.to.field: message``). The YAML lives in ``knowledge/data``.
"""

from __future__ import annotations

from backstride.knowledge.expr import compile_expr, witnesses
from backstride.knowledge.loader import (
    DATA_DIR,
    CompiledLR,
    KnowledgeBase,
    KnowledgeItem,
    load_knowledge,
    validate_knowledge,
)
from backstride.knowledge.models import (
    DISPOSITION_ORDER,
    DISPOSITION_RANK,
    AdviceDef,
    ConditionDef,
    DispositionDef,
    Expr,
    FindingDef,
    GaitFactorDef,
    LikelihoodRatio,
    LongStanding,
    Mimic,
    RedFlagRule,
    SeedStatement,
    Source,
)
from backstride.knowledge.seed import normalise, split_statements

__all__ = [
    "DATA_DIR",
    "DISPOSITION_ORDER",
    "DISPOSITION_RANK",
    "AdviceDef",
    "CompiledLR",
    "ConditionDef",
    "DispositionDef",
    "Expr",
    "FindingDef",
    "GaitFactorDef",
    "KnowledgeBase",
    "KnowledgeItem",
    "LikelihoodRatio",
    "LongStanding",
    "Mimic",
    "RedFlagRule",
    "SeedStatement",
    "Source",
    "compile_expr",
    "load_knowledge",
    "normalise",
    "split_statements",
    "validate_knowledge",
    "witnesses",
]
