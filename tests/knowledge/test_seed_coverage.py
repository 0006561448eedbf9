"""Every statement of the seed article maps to knowledge items that exist.

Reads the real article from ../shared, splits it with the product's own splitter, and fails when a
statement has no entry in knowledge/data/seed_coverage.yaml, when an entry names an item that is not
in the knowledge base, or when the stored statements drift from the article.
"""

from __future__ import annotations

import pytest

from backstride.knowledge import load_knowledge, normalise, split_statements

SEED = "seed/000_2ecd339629d0a7f5.txt"


@pytest.fixture(scope="module")
def statements(shared_dir) -> list[str]:
    return split_statements((shared_dir / SEED).read_text(encoding="utf-8"))


def test_article_splits_into_statements(statements: list[str]) -> None:
    assert len(statements) >= 30
    assert statements[0] == "Why Do I Get Lower Back Pain When I Walk?"


def test_every_statement_has_items(statements: list[str]) -> None:
    kb = load_knowledge()
    stored = {normalise(s.text): s for s in kb.seed_statements}
    missing = [s for s in statements if s not in stored]
    empty = [s for s in statements if s in stored and not stored[s].items]
    assert not missing, "statements without a coverage entry:\n" + "\n".join(missing)
    assert not empty, "statements with no items:\n" + "\n".join(empty)


def test_every_named_item_exists() -> None:
    kb = load_knowledge()
    codes = kb.all_codes()
    bad = [(s.id, item) for s in kb.seed_statements for item in s.items if item not in codes]
    assert not bad, f"coverage names items that do not exist: {bad}"


def test_no_stale_statements(statements: list[str]) -> None:
    kb = load_knowledge()
    article = set(statements)
    stale = [s.id for s in kb.seed_statements if normalise(s.text) not in article]
    assert not stale, f"coverage entries no longer in the article: {stale}"


def test_every_seed_advice_is_an_advice_item() -> None:
    """The seed's own advice (issue 2 list) is present, kept visible and graded."""
    kb = load_knowledge()
    seed_advice = [
        "shorter_strides",
        "slower_pace",
        "lean_forward_cart",
        "walking_cane",
        "cold_pack",
        "heat_after_48h",
        "knee_to_chest",
        "cat_cow",
        "supportive_footwear",
        "engage_abdominals",
    ]
    for code in seed_advice:
        item = kb.advice[code]
        assert item.from_seed and item.seed_says and item.note, code
    for code in ("walking_programme", "stay_active", "exercise_programme"):
        assert kb.advice[code].evidence_grade == "supported", code
