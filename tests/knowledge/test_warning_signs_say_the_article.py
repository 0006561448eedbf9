"""The plan's "Know the warning signs" names every warning sign of the article, and says plainly
where the evidence reads it otherwise.

The article: "The sudden, severe onset of pain, particularly if it radiates intensely down one or
both legs, is a warning sign." Sudden pain or numbness in both legs is an emergency here
(``sudden_bilateral_sciatica``, BASS [A16]), but the safety advice every self-care, routine and
same-day plan gives did not name it; and sudden severe pain down one leg alone is no recognised
emergency flag (EVIDENCE.md C.1, section A: [A21][A16]), which nothing in the plan said, so a
reader of the article met a calmer result with no word why. Found by the outside review of
2026-11-27 (knowledge 1.20.2).
"""

from __future__ import annotations

import json
from pathlib import Path

from backstride import assess

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "vignettes" / "dev.jsonl"


def _warning_signs(findings: dict[str, object]) -> dict[str, object]:
    plan = assess(findings).to_dict()["plan"]
    items = [i for part in ("immediate", "home", "stretches") for i in plan[part]]
    return next(i for i in items if i["code"] == "warning_signs")


def test_the_safety_advice_names_each_emergency_of_the_article() -> None:
    vignettes = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    self_care = next(v for v in vignettes if v["gold_disposition"] == "self_care")
    item = _warning_signs(self_care["findings"])
    text = str(item["text"]).lower()
    for words in ("between your legs", "urine", "weakness", "a foot that slaps", "both legs"):
        assert words in text, words
    assert "A16" in item["sources"]  # sudden pain in both legs [A16]


def test_the_safety_advice_says_what_the_article_says_of_one_leg() -> None:
    item = _warning_signs({"onset": "sudden", "pain_severity_nrs": 9, "pain_leg": "below_knee"})
    note = str(item["note"]).lower()
    assert "the article" in note and "one leg" in note  # what it said ...
    assert "not count that alone as an emergency" in note  # ... and what the guides say
    assert {"A21", "A16"} <= set(item["sources"])
