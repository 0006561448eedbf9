"""The reader's notes on a file in plain words for a person: the walk page's "How we read the file" and
``backstride gait analyze``'s notes line say them (one table, one place); the notes as the reader wrote
them stay whole in the result (``--json``, the walk page's notes for a clinician)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from backstride.core.dates import zone_words
from backstride.gait.time_axis import time_words

# "How we read the file" in plain words: the reader's notes (for a clinician, kept whole beneath) matched
# to what they mean for a person; a note matched to "" says nothing a person needs (a unit converted)
_NO_SAMPLES = re.compile(r"^no samples from ([\d.]+) s to ([\d.]+) s")
PLAIN_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (
            r"^resampled irregular timestamps|sampling rate (also )?changes|put on the grid",
            "The readings came at uneven times, so we spaced them evenly.",
        ),
        (
            r"^no gyroscope",
            "The file has no turning sensor (gyroscope), so some angles could not be measured.",
        ),
        (
            r"^No body height given: (\d+) cm",
            "You did not give your height, so we used {0} cm. Add your height for a better stride length.",
        ),
        (  # the page is headed with the start on that clock (``walk_when``), so its time is not said again
            r"clock where it was recorded: time zone (\S+) ",
            "Times you type for this walk are read on the clock where it was recorded ({0}), as the time "
            "at the top of this page is.",
        ),
        (r"time zone|this computer's clock", "Times are shown on this computer's clock."),
        (
            r"no meta/time\.csv",
            "This file alone cannot show whether the recording was paused. The whole phyphox export (its "
            "zip) can.",
        ),
        (r"damaged|wrong checksum", "Part of the file was damaged and was left out."),
        (
            r"missing sample|had no value|more stretch\(es\) without samples",
            "A few readings were missing. We filled them in from the readings around them.",
        ),
        (r"^body location recorded", "The file says where the sensor was worn."),
        (
            r"converted from|^acceleration from|^angular rate from|^no Metadata|^no per-sample|"
            r"USB connection|counted from the first",
            "",
        ),
        # how the file was read, nothing a person acts on (the terminal showed them whole, review
        # 2026-11-28): kept whole in the result
        (
            r"^acceleration with gravity from|passes the phone's own axes through|with a repeated timestamp",
            "",
        ),
    )
)


# the page's words that speak of the page, as the terminal says them (``plain_notes(in_terminal=True)``)
TERMINAL_WORDS = {
    "Times you type for this walk are read on the clock where it was recorded ({0}), as the time at the "
    "top of this page is.": "Times are on the clock where it was recorded ({0}).",
    "You did not give your height, so we used {0} cm. Add your height for a better stride length.": (
        "You did not give your height, so we used {0} cm. Add --height-cm for a better stride length."
    ),
}


# the analysis's notes the terminal keeps whole: "No gyroscope: turns cannot be measured, so stride length,
# speed and distance can read too long where you turned" (gait.pipeline.TURNS_NOT_CORRECTED_NOTE) is what
# the "no gyroscope" words of the page leave to the flags beside its numbers
TERMINAL_KEEPS = re.compile(r"No gyroscope: turns cannot be measured")


def plain_notes(notes: Iterable[str], *, in_terminal: bool = False) -> list[str]:
    """The reader's notes on a file in words for a person, each said once (``PLAIN_NOTES``; a stretch
    without samples with its times); a note not known here is left to the notes for a clinician.
    ``in_terminal`` (``backstride gait analyze``): the page's words said for a terminal, and a note not
    known here kept as it is (the analysis's own notes: no gyroscope for turns, no walking found)."""
    said: list[str] = []
    for note in notes:
        if in_terminal and TERMINAL_KEEPS.match(note):  # plain already, and says more than the page's words
            said.append(note)
            continue
        gap = _NO_SAMPLES.match(note)
        if gap:
            said.append(
                f"The sensor recorded nothing from {time_words(float(gap.group(1)))} to "
                f"{time_words(float(gap.group(2)))}. No walk is counted across that time."
            )
            continue
        for pattern, words in PLAIN_NOTES:
            found = pattern.search(note)
            if found:
                words = TERMINAL_WORDS.get(words, words) if in_terminal else words
                if words:  # a time zone's name as people say it ('Paris time', not 'Europe/Paris')
                    said.append(words.format(*(g and zone_words(g) for g in found.groups())))
                break
        else:
            if in_terminal:
                said.append(note)
    return list(dict.fromkeys(said))


__all__ = ["PLAIN_NOTES", "TERMINAL_KEEPS", "TERMINAL_WORDS", "plain_notes"]
