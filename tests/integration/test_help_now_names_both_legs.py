"""Get help now, on every page and at the top of the report, names sudden pain or numbness in both legs.

Review r2 (2026-11-27): knowledge 1.20.2 added "Sudden, bad pain or numbness in both legs" to the
plan's "Know the warning signs" (an emergency here: sudden_bilateral_sciatica [A16]; EVIDENCE.md A.2
asks that every user be told to get emergency care if it appears later). But the report for a
clinician now folds that advice away on a phone, and the one safety line it never folds, "Get help
now", as on every page, named only the bladder, the bowels, numbness between the legs and weaker
legs. It now names sudden pain or numbness in both legs too, with its source.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _help_now(page: str) -> str:
    found = re.search(r'class="help-now"[^>]*>(.*?)</(?:p|aside)>', page, flags=re.S)
    assert found is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).replace("\xa0", " ")


def test_get_help_now_names_sudden_pain_in_both_legs(api: TestClient) -> None:
    assert api.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 4}).status_code == 201
    for url in ("/", "/diary", "/report"):
        said = _help_now(api.get(url).text)
        # the strip in its short words (help_now.yaml), the report in the long ones
        assert "sudden or spreading pain or numbness in both legs" in said or "suddenly in both legs" in said
        assert "both legs" in said, (url, said)
        assert "A16" in said, (url, said)
