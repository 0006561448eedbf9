"""The public API is pinned: ``backstride.__all__`` and every lazy export resolves."""

from __future__ import annotations

import importlib

import pytest

import backstride

PINNED = [
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
GAIT = {"analyze_gait": "backstride.gait.pipeline", "read_recording": "backstride.gait.readers"}


def test_all_is_pinned() -> None:
    assert sorted(backstride.__all__) == sorted(PINNED)


@pytest.mark.parametrize("name", [n for n in PINNED if n != "__version__"])
def test_each_export_resolves(name: str) -> None:
    if name in GAIT and importlib.util.find_spec(GAIT[name]) is None:
        pytest.skip(f"{GAIT[name]} is not written yet")
    value = getattr(backstride, name)
    assert value is not None
    assert getattr(value, "__name__", name) == name


def test_contract_names_work_together() -> None:
    from backstride import Interview, Question, assess

    result = assess({"age_years": 71, "worse_walking": True, "relief_sitting": True})
    assert result.disposition in {"emergency", "urgent", "routine", "self_care"}
    question = Interview().next_question()
    assert isinstance(question, Question)


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        backstride.no_such_thing  # noqa: B018
