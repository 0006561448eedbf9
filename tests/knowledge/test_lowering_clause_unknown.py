"""A clause that lowers the level never reads ``unknown:`` where it makes the clause true.

The long-standing clause of a serious cause (1.15.0) and a rule's chronic clause lower the level
only while they are definitely true: "an unknown trend or length never lowers it" (docs/
knowledge-base.md). The three-valued logic keeps that promise for every operator but ``unknown:``,
which is true exactly when the answer is not known; the validator accepted it in both clauses, so
``{any: [{in: [trend, [stable, improving]]}, {unknown: trend}]}`` would have made a likely broken
bone a routine check for everyone who did not say how the pain is going.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backstride.knowledge import DATA_DIR, validate_knowledge

STABLE = "{in: [trend, [stable, improving]]}"


def _problems(tmp_path: Path, file: str, old: str, new: str) -> str:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return "\n".join(validate_knowledge(data))


def test_the_knowledge_as_shipped_has_no_such_clause() -> None:
    assert not [p for p in validate_knowledge() if "unknown answer" in p]


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (
            "conditions.yaml",
            "      when: {all: [{gte: [duration_weeks, 12]}, "
            + STABLE
            + "]}\n      disposition: routine\n      sources: [A1, A3, A22]",
            "      when: {all: [{gte: [duration_weeks, 12]}, {any: [" + STABLE + ", {unknown: trend}]}]}\n"
            "      disposition: routine\n      sources: [A1, A3, A22]",
            "conditions.yaml: conditions.vertebral_fracture.long_standing.when",
        ),
        (
            "red_flags.yaml",
            "      when: {all: [{gte: [duration_weeks, 6]}, " + STABLE + ", {absent: night_pain}]}",
            "      when: {all: [{gte: [duration_weeks, 6]}, "
            + STABLE
            + ", {not: {not: {unknown: night_pain}}}]}",
            "red_flags.yaml: rules.cancer_history.chronic.when",
        ),
    ],
)
def test_a_lowering_clause_true_on_an_unknown_answer_is_refused(
    tmp_path: Path, file: str, old: str, new: str, where: str
) -> None:
    said = _problems(tmp_path, file, old, new)
    assert f"{where}: an unknown answer must never lower the level" in said


def test_unknown_under_not_is_allowed(tmp_path: Path) -> None:
    """``not: {unknown: x}`` is true only when x is known: it never lowers on an unknown answer."""
    said = _problems(
        tmp_path,
        "red_flags.yaml",
        "      when: {all: [{gte: [duration_weeks, 6]}, " + STABLE + ", {absent: night_pain}]}",
        "      when: {all: [{gte: [duration_weeks, 6]}, "
        + STABLE
        + ", {absent: night_pain}, {not: {unknown: trend}}]}",
    )
    assert "unknown answer" not in said
