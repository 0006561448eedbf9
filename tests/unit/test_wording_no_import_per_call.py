"""The words of a result page's answers import nothing once warmed: ``question_asking`` and
``finding_label`` ran an import statement on every call (about 170 a result page), each 2-20 us of
CPU here (timeit, 2026-11-28: 8-24 us a call of ``question_asking`` before, 1.3-2.4 us after). Counted,
not timed: ``builtins.__import__`` is called for each import statement run."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from backstride.knowledge import load_knowledge
from backstride.services.wording import finding_label, question_asking


def test_answer_words_run_no_import_statement_once_warmed(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_knowledge()
    answers = {"age_years": 71, "pain_leg": "below_knee", "leg_symptoms_side": "neither"}
    codes = ["age_years", "pain_leg", "walking_tolerance_min", "fever", "night_pain"]

    def said() -> list[Any]:
        return [question_asking(code) for code in codes] + [
            finding_label(kb, code, answers, asked=asked) for code in codes for asked in (False, True)
        ]

    before = said()  # warmed: the first call imports the question bank's module
    imported: list[str] = []
    real_import = builtins.__import__

    def counted(name: str, *args: Any, **kwargs: Any) -> Any:
        imported.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", counted)
    again = said()
    monkeypatch.undo()
    assert again == before  # the same words
    assert "Your age (you said 71 years)" in again
    assert imported == [], imported
