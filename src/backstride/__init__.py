"""backstride: lower back pain when walking, from triage to gait.

Not a diagnosis: backstride helps a person and their clinician think; it never replaces an
examination. The public API is pinned in ``__all__`` (see tests/unit/test_public_api.py).
Heavy modules load lazily so that ``import backstride`` and the CLI start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from backstride.core.errors import (
    BackstrideError,
    ClinicianOnlyError,
    FieldError,
    FindingValueError,
    InputError,
    KnowledgeError,
    NotFoundError,
    RecordingError,
    RecordingNotFoundError,
    RecordingOptionError,
    TimePointError,
    UnknownCodeError,
)

__version__ = "0.1.0"

# public name -> module that defines it (loaded on first use)
_LAZY = {
    "assess": "backstride.services.assessment",
    "AssessmentResult": "backstride.services.assessment",
    "Interview": "backstride.services.interview",
    "Question": "backstride.services.interview",
    "analyze_gait": "backstride.gait.pipeline",
    "read_recording": "backstride.gait.readers",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'backstride' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AssessmentResult",
    "BackstrideError",
    "ClinicianOnlyError",
    "FieldError",
    "FindingValueError",
    "InputError",
    "Interview",
    "KnowledgeError",
    "NotFoundError",
    "Question",
    "RecordingError",
    "RecordingNotFoundError",
    "RecordingOptionError",
    "TimePointError",
    "UnknownCodeError",
    "__version__",
    "analyze_gait",
    "assess",
    "read_recording",
]
