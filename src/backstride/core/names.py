"""How two names are told apart, the same way for staff, people and every database.

A name is kept as typed (spaces trimmed and joined); two names are the same name when their keys are
equal: Unicode NFC (a letter typed as one character or as a letter and an accent is one letter), then
case-folded (Python's ``str.casefold``: ``Zoë`` and ``ZOË``, ``Σ`` and ``σ``/``ς``, ``ß`` and ``SS``).
The key is made here, in Python, and stored beside the name with a unique index: SQL ``lower()``
folds only ASCII on SQLite, and differently on each PostgreSQL collation.
"""

from __future__ import annotations

import unicodedata


def cleaned_name(name: str) -> str:
    """A name with its spaces trimmed and joined, in Unicode NFC."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def name_key(name: str) -> str:
    """What two names that are the same name share: spaces trimmed and joined, case ignored."""
    return cleaned_name(name).casefold()


__all__ = ["cleaned_name", "name_key"]
