"""The one exception tree of backstride.

Every error a user can cause derives from ``BackstrideError``. Adapters (CLI, web) map the tree to
exit status 2 / HTTP 4xx; anything else is a bug and surfaces as exit status 1 / HTTP 500.

    BackstrideError
    ├── InputError                 bad input from a person, a file or a request (exit 2, HTTP 422)
    │   ├── UnknownCodeError       a finding / condition / advice code that does not exist
    │   ├── FindingValueError      a value of the wrong type or outside its range (also a ValueError)
    │   ├── RecordingError         a recording that cannot be read (empty, corrupt, wrong columns, units)
    │   ├── NotFoundError          an id or file that does not exist (HTTP 404)
    │   └── StorageError           a database URL that cannot be used: unknown kind, driver missing,
    │                              server not reachable, not a database file (exit 2, HTTP 503)
    └── KnowledgeError             the packaged knowledge base failed validation (a bug in the data)
"""

from __future__ import annotations


class BackstrideError(Exception):
    """Root of every error backstride raises on purpose."""


class InputError(BackstrideError):
    """Bad input: the message names the problem and what was expected."""


class UnknownCodeError(InputError, KeyError):
    """A code that is not in the vocabulary."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain.
        return str(self.args[0]) if self.args else "unknown code"


class FindingValueError(InputError, ValueError):
    """A finding value of the wrong type or out of range."""


class RecordingError(InputError):
    """A recording that cannot be read or holds no usable IMU data."""


class NotFoundError(InputError):
    """A file, record or id that does not exist."""


class StorageError(InputError):
    """The database named by a URL cannot be used; the message names the URL (password hidden)."""


class KnowledgeError(BackstrideError):
    """The knowledge base is inconsistent; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("knowledge base is invalid:\n" + "\n".join(f"  - {p}" for p in self.problems))


__all__ = [
    "BackstrideError",
    "FindingValueError",
    "InputError",
    "KnowledgeError",
    "NotFoundError",
    "RecordingError",
    "StorageError",
    "UnknownCodeError",
]
