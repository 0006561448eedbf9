"""An urgent or emergency plan names each piece of the article's advice it holds back (never in silence).

Before, a plan for a visit today or an emergency dropped the article's walking tips and stretches
(shorter steps, slow down, tummy muscles, shoes, knee-to-chest, cat-cow...) without a word. Now each
is named in ``plan.held_back`` with a plain reason ("Wait until a clinician has seen you"), the keys
of the rule that made it urgent, and each item's evidence grade. The urgent or emergency step stays
first and alone in the plan's steps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstride import assess
from backstride.knowledge import load_knowledge
from backstride.relief.plan import see_clinician_sources

KB = load_knowledge()
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
VIGNETTES = [
    json.loads(line)
    for line in (SHARED / "data" / "vignettes" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
ARTICLE = [a.code for a in KB.advice.values() if a.from_seed and a.evidence_grade != "safety"]
URGENT = [v for v in VIGNETTES if assess(v["findings"]).disposition in ("urgent", "emergency")]


def given(plan: dict) -> list[str]:
    return [i["code"] for part in ("immediate", "home", "stretches") for i in plan[part]]


def test_the_dev_vignettes_have_urgent_and_emergency_cases() -> None:
    levels = {assess(v["findings"]).disposition for v in URGENT}
    assert levels == {"urgent", "emergency"} and len(URGENT) >= 5


@pytest.mark.parametrize("vignette", URGENT, ids=[v["id"] for v in URGENT])
def test_every_article_item_is_given_or_named_as_held_back(vignette: dict) -> None:
    result = assess(vignette["findings"]).to_dict()
    plan = result["plan"]
    held = [c for h in plan["held_back"] for c in h["advice"]]
    assert set(given(plan)) | set(held) >= set(ARTICLE)
    assert not set(given(plan)) & set(held) and len(held) == len(set(held))
    # an emergency from the aneurysm alone has its own step, without the walk (knowledge 1.31.0, A.7)
    emergency = "emergency_now" if plan.get("about_walking", True) else "emergency_now_not_walking"
    first = emergency if result["disposition"] == "emergency" else "see_clinician_today"
    assert plan["immediate"][0]["code"] == first  # the urgent step stays first
    if result["disposition"] == "emergency":
        assert given(plan) == [emergency]  # and alone


@pytest.mark.parametrize("vignette", URGENT[:3] + URGENT[-2:], ids=lambda v: v["id"])
def test_the_held_back_entry_says_why_with_keys_and_grades(vignette: dict) -> None:
    result = assess(vignette["findings"]).to_dict()
    plan = result["plan"]
    entry = plan["held_back"][-1]
    assert entry["reason"].startswith("Wait until a clinician has seen you.")
    assert "[" in entry["reason"] and entry["sources"]  # the keys that make it urgent
    because = result["disposition_because"][0].removeprefix("condition:")
    assert entry["rule"] == because
    assert entry["evidence_grades"] == [KB.advice[c].evidence_grade for c in entry["advice"]]
    assert entry["titles"] == [KB.advice[c].title for c in entry["advice"]]
    # the "go now" / "today" text is not watered down by the list
    assert "Left out" not in plan["see_clinician"]


@pytest.mark.parametrize(
    "vignette", [v for v in URGENT if assess(v["findings"]).disposition == "emergency"], ids=lambda v: v["id"]
)
def test_the_go_now_text_cites_only_what_it_says(vignette: dict) -> None:
    """The banner and 'When to see a clinician' cite the keys of their own words, not the keys of the
    list of advice left for later (which says its keys itself)."""
    result = assess(vignette["findings"]).to_dict()
    level = KB.dispositions["emergency"]
    # the aneurysm's emergency has its own words and key (dispositions.yaml not_walking, knowledge 1.31.0)
    own = level.not_walking.sources if result["plan"].get("about_walking") is False else level.sources
    assert see_clinician_sources(result, KB) == list(own)
