"""Texts written to the person said about them, for a clinician: one rule for the report (web) and
the FHIR export, which lies below the services (``services.wording`` re-exports it)."""

from __future__ import annotations

import re

# "you" after these words is the object ("examine you", "keep you up", "with you"): "them", else "they"
_YOU_AS_OBJECT = frozenset(
    "with examine keep keeps make makes help helps tell tells let lets give gives for to ask"
    " affect affects bother bothers suit suits stop stops wake wakes hurt hurts check checks see sees"
    " send sends warn warns under behind beside near around from of at on into onto about"
    # the same verbs in the past ("made you stop" must not read "made they stop")
    " made kept helped told let gave asked affected bothered stopped woke hurt checked saw sent"
    " warned".split()
)
_SECOND_PERSON = re.compile(r"\b(?:(\w+)\s+)?(yourself|your|you)\b", re.IGNORECASE)
_THIRD_PERSON = {"yourself": "themselves", "your": "their"}
# "you" after these words is the subject of a question ("How old are you?"): "they", never "them"
_YOU_AS_SUBJECT = frozenset("are were do did have can could will would should".split())
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$)")
# an instruction to the person that a pronoun cannot turn ("Do not drive themselves"): said whole
_SAID_WHOLE = re.compile(r"\b(d)o not drive yourself\b", re.IGNORECASE)
# "Stop walking and do not let them drive" read by a clinician tells the clinician to stop walking
_STOP_AND_NOT_DRIVE = re.compile(r"\b(s)top walking and do not drive yourself\b", re.IGNORECASE)
# advice to the person about the clinician they will see: "ask if they can examine you" read "ask if they
# can examine them" (who asks? who is examined?), "Talk it over with your clinician" an instruction to
# the clinician who reads it: said whole, about the person
_ASK_TO_EXAMINE = re.compile(r"\bask if they can examine you\b")
_TALK_IT_OVER = re.compile(r"(?:(?<=^)|(?<=[.!?]\s))Talk it over with your clinician\b")
# "Take this summary with them" read by the examiner tells the examiner to take it: the summary is
# theirs to hand over
_TAKE_SUMMARY = re.compile(r"\b(t)ake this summary with you\b", re.IGNORECASE)
# the people the person sees next (an emergency department), not the clinician who reads this
_WHO_SEE_YOU = re.compile(r"\bthe people who see you\b")
# what the person must do to get help ("Go to an emergency department now", "If ..., see a doctor
# today"), said to them as an instruction: read by a clinician, the instruction would be the
# clinician's ("go" where? who stops walking?), so it says who must do it, as urgently ("They must
# go to an emergency department now"). At the start of a sentence or after a comma, "so" or "(".
_INSTRUCTION = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;(]\s)|(?<=,\s)|(?<=\bso\s)|(?<=\())"
    r"(go to|call emergency|see a|contact|book a|tell a|tell the|get help|get emergency help|stop|look after)"
    r"\b(?!')",
    re.IGNORECASE,
)


# a visit said soon enough to be a must ("see a doctor today"); without it a visit is advice ("should")
_SOON = re.compile(r"\b(?:today|now|24 hours|same day|straight away)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _they_must(match: re.Match[str]) -> str:
    verb = match.group(1)
    lower = verb.lower()
    if lower == "look after":
        # what the person may do, not a must: "Look after it at home for now" read by the examiner told
        # them to look after it (the level of "what changed" and of a deleted walk's note)
        return f"{'They' if verb[0].isupper() else 'they'} can {lower}"
    if lower == "book a":
        # said to the examiner, who arranges it: a physiotherapist doing the check read "They must book
        # a visit with a GP or physiotherapist"; "Book a follow-up visit with ..." is theirs to do
        return f"{verb} follow-up"
    if lower == "see a":
        end = _SENTENCE_END.search(match.string, match.end())
        sentence = match.string[match.start() : end.start() if end else len(match.string)]
        if _SOON.search(sentence) is None:  # "see a GP if it is not better in 4 to 6 weeks"
            return f"{'They' if verb[0].isupper() else 'they'} should {lower}"
    return f"{'They' if verb[0].isupper() else 'they'} must {lower}"


def about_them_text(text: str) -> str:
    """A text written to the person ("check the pulses in your feet", "Take this summary with you")
    said about them to a clinician ("their feet", "with them"), for the report: one rule for every
    knowledge text, not a second copy of each. An instruction to get help says who must do it, as
    urgently ("They must go to an emergency department now", "They must stop walking; do not let them
    drive"); a visit not needed soon is advice ("They should see a GP or physiotherapist if ..."), a
    visit to book is the examiner's to arrange ("Book a follow-up visit with ..."), and looking after it
    at home is theirs to do ("They can look after it at home for now"). Texts without
    "you" or such an instruction come back unchanged."""

    def third(match: re.Match[str]) -> str:
        before, word = match.group(1), match.group(2)
        lower = word.lower()
        if lower == "you":
            # an object after a verb of the list, or closing its clause ("a doctor can check you.")
            # in the text being turned (match.string), not ``text``: a part said whole before it may
            # have moved the words ("what you do" read "what them do" after "Talk it over ...")
            ends_clause = _CLAUSE_END.match(match.string, match.end()) is not None
            subject = before is not None and before.lower() in _YOU_AS_SUBJECT  # "are you?"
            said = (
                "them"
                if not subject and (ends_clause or (before and before.lower() in _YOU_AS_OBJECT))
                else "they"
            )
        else:
            said = _THIRD_PERSON[lower]
        if word[0].isupper():
            said = said[0].upper() + said[1:]
        return f"{before} {said}" if before else said

    whole = _STOP_AND_NOT_DRIVE.sub(r"\1top walking; do not let them drive", text)
    whole = _ASK_TO_EXAMINE.sub("they should ask for an examination", whole)
    whole = _TALK_IT_OVER.sub("They should talk it over with their clinician", whole)
    whole = _TAKE_SUMMARY.sub(
        lambda m: f"{'G' if m.group(1).isupper() else 'g'}ive them a copy of this summary", whole
    )
    whole = _WHO_SEE_YOU.sub(
        "the people who see them next", _SAID_WHOLE.sub(r"\1o not let them drive", whole)
    )
    return _INSTRUCTION.sub(_they_must, _SECOND_PERSON.sub(third, whole))


__all__ = ["about_them_text"]
