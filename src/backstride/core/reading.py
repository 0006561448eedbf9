"""How hard a text is to read: one Flesch-Kincaid grade for every check of plain words.

Texts a person reads aim at a reading age of about 12, Flesch-Kincaid grade about 7. The question
bank's check (``knowledge.questions``) and the tests of the knowledge texts and of the web pages
all use this one function; each keeps its own threshold.

The syllables are a simple vowel-group count (a word of three letters or fewer is one syllable; a
final "e", "es" or "ed" after a consonant is silent; one or two vowels together are one syllable):
an estimate, good enough to catch long, technical sentences and long words creeping in, and the
same rule everywhere. A sentence ends at ".", "!", "?", ":" or ";" before a space or the end: the
pages' labels ("When: ...") and list heads read as the short phrases they are, and a decimal point
("0.65 m/s") ends nothing.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)")


def syllables(word: str) -> int:
    """The syllables of ``word`` by the vowel-group rule (at least 1)."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if len(letters) <= 3:
        return 1
    letters = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", letters)
    letters = re.sub(r"^y", "", letters)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", letters)))


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that have a word, each stripped, with its end mark."""
    parts, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        parts.append(text[start : end.end()])
        start = end.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if _WORD.search(p)]


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text`` (grade 7 is about reading age 12); 0.0 with no word.
    A rough guide for a set of texts; on one short line it is noisy."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    n_sentences = max(1, len(sentences(text)))
    return 0.39 * len(words) / n_sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


__all__ = ["reading_grade", "sentences", "syllables"]
