"""Clinician mode: "Take this summary with you" said about the person read "Take this summary with them",
an instruction to the examiner who reads it. The summary is the examiner's to hand over."""

from __future__ import annotations

from backstride.core.voice import about_them_text
from backstride.knowledge.loader import load_knowledge


def test_the_summary_is_handed_to_them() -> None:
    said = about_them_text("Book a visit with a GP or physiotherapist soon. Take this summary with you.")
    assert said.endswith("Give them a copy of this summary.") and "Take this summary" not in said
    assert about_them_text("so take this summary with you") == "so give them a copy of this summary"


def test_no_disposition_text_tells_the_examiner_to_take_the_summary() -> None:
    kb = load_knowledge()
    texts = [str(v) for d in kb.dispositions.values() for v in vars(d).values() if isinstance(v, str)]
    assert any("Take this summary with you" in t for t in texts)
    assert not any("Take this summary with them" in about_them_text(t) for t in texts)
