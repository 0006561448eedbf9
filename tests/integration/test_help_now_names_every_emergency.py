"""Get help now, on every page and at the top of the report, names the emergencies a person can notice.

Review k4 (2026-11-27): the one safety line never folded away named the bladder, the bowels, numbness
between the legs, weaker legs and sudden pain in both legs, but not three emergencies the rules here
act on and EVIDENCE.md C.1 asks to list: pain or numbness that spreads to both legs
(``sciatica_spread_to_both_legs`` [A16]), back pain after a bad fall or an accident (``major_trauma``
[A1]) and the aneurysm signs (``aortic_aneurysm_pattern`` [A24]).
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from backstride.knowledge import load_knowledge
from backstride.web.report import help_now


def _help_now(page: str) -> str:
    found = re.search(r'class="help-now"[^>]*>(.*?)</(?:p|aside)>', page, flags=re.S)
    assert found is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).replace("\xa0", " ")


# the strip says them in its short words (help_now.yaml), the report in the long ones
WORDS = ("both legs", "a bad fall", "throbbing", "tearing pain")


def test_get_help_now_names_spreading_a_bad_fall_and_the_aneurysm_signs(api: TestClient) -> None:
    assert api.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 4}).status_code == 201
    for url in ("/", "/diary", "/report"):
        said = _help_now(api.get(url).text)
        for words in WORDS:
            assert words in said, (url, words, said)
        assert "A1," in said and "A24" in said, (url, said)
    assert {"A1", "A24"} <= set(help_now(load_knowledge())["sources"])
