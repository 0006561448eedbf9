"""Texts written to the person said about them, for a clinician: one rule for the report (web) and
the FHIR export, which lies below the services (``services.wording`` re-exports it)."""

from __future__ import annotations

import re

# "you" after these words is the object ("examine you", "keep you up", "with you"): "them", else "they"
_YOU_AS_OBJECT = frozenset(
    "with examine keep keeps make makes help helps tell tells let lets give gives for to ask"
    " affect affects bother bothers suit suits stop stops wake wakes hurt hurts check checks see sees"
    " send sends warn warns under behind beside near around from of at on into onto about".split()
)
_SECOND_PERSON = re.compile(r"\b(?:(\w+)\s+)?(yourself|your|you)\b", re.IGNORECASE)
_THIRD_PERSON = {"yourself": "themselves", "your": "their"}
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$)")
# an instruction to the person that a pronoun cannot turn ("Do not drive themselves"): said whole
_SAID_WHOLE = re.compile(r"\b(d)o not drive yourself\b", re.IGNORECASE)


def about_them_text(text: str) -> str:
    """A text written to the person ("check the pulses in your feet", "Take this summary with you")
    said about them to a clinician ("their feet", "with them"), for the report: one rule for every
    knowledge text, not a second copy of each. Texts without "you" come back unchanged."""

    def third(match: re.Match[str]) -> str:
        before, word = match.group(1), match.group(2)
        lower = word.lower()
        if lower == "you":
            # an object after a verb of the list, or closing its clause ("a doctor can check you.")
            ends_clause = _CLAUSE_END.match(text, match.end()) is not None
            said = "them" if ends_clause or (before and before.lower() in _YOU_AS_OBJECT) else "they"
        else:
            said = _THIRD_PERSON[lower]
        if word[0].isupper():
            said = said[0].upper() + said[1:]
        return f"{before} {said}" if before else said

    return _SECOND_PERSON.sub(third, _SAID_WHOLE.sub(r"\1o not let them drive", text))


__all__ = ["about_them_text"]
