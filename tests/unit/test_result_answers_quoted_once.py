"""The result page says each answer of a cause's because-trail in words once (``views._condition``):
the lists for and against and the trail itself quoted every answer again, about 150 quotes a page
where about 80 say it all (bench_web's result page). The words are the same."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.test_check_changes import STENOSIS

from backstride import assess
from backstride.knowledge.loader import load_knowledge
from backstride.web import views


def test_each_answer_of_a_causes_trail_is_quoted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_knowledge()
    answers = dict(STENOSIS)
    result = assess(answers).to_dict()
    expected = views.result_context(kb, result, answers, asked=True)
    quoted = views._quoted
    calls: list[str] = []

    def counted(kb: Any, code: str, *args: Any, **kwargs: Any) -> str:
        calls.append(code)
        return quoted(kb, code, *args, **kwargs)

    monkeypatch.setattr(views, "_quoted", counted)
    context = views.result_context(kb, result, answers, asked=True)
    assert context == expected  # the same words, for and against and in the trail
    trails = [c for c in result["conditions"] if c.get("because")]
    assert trails
    for condition in trails:
        calls.clear()
        said = views._condition(kb, condition, answers, asked=True)
        assert len(calls) == len(condition["because"]), condition["code"]  # each once
        assert set(said["supporting"]) | set(said["against"]) <= {row["finding"] for row in said["trail"]}


def test_the_whole_page_says_each_answer_in_words_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The causes' trails share their answers (bench_web's result page: 93 quotes a page before, 63
    now): the page works each one out once (``views._quotes``), with the same words as before."""
    kb = load_knowledge()
    answers = dict(STENOSIS)
    result = assess(answers).to_dict()
    expected = views.result_context(kb, result, answers, asked=True)
    quoted = views._quoted
    calls: list[tuple[str, bool]] = []

    def counted(kb: Any, code: str, answers: Any, *args: Any, **kwargs: Any) -> str:
        calls.append((code, answers is None))  # None: the answers' list at the foot of the page
        return quoted(kb, code, answers, *args, **kwargs)

    monkeypatch.setattr(views, "_quoted", counted)
    assert views.result_context(kb, result, answers, asked=True) == expected
    trails = [b["finding"] for c in result["conditions"] for b in c.get("because") or ()]
    assert len(trails) > len(set(trails))  # the causes do share answers
    assert len(calls) == len(set(calls)), sorted(c for c in calls if calls.count(c) > 1)
