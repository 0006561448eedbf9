"""Split the seed article into statements (sentences, headings and bullet points).

The seed coverage map (data/seed_coverage.yaml) stores each statement's text and the knowledge
items that implement it; tests/knowledge/test_seed_coverage.py splits the real article with this
same function and fails when a statement has no item.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")
_BULLET = re.compile(r"^\s*[\u2022*\-]\s*")


def normalise(text: str) -> str:
    """Collapse whitespace and unify quotes so a statement compares equal across copies."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2014", "-")
    return " ".join(text.split())


def split_statements(text: str) -> list[str]:
    """Headings, bullet points and sentences of ``text``, in order, normalised."""
    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        out.extend(normalise(s) for s in _SENTENCE_END.split(line) if s.strip())
    return out


__all__ = ["normalise", "split_statements"]
