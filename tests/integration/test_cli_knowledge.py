"""``backstride knowledge validate``; ``backstride explain`` of an examination's plain words."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app

runner = CliRunner()


def test_validate_prints_ok_with_the_version() -> None:
    from backstride.knowledge import load_knowledge

    result = runner.invoke(app, ["knowledge", "validate"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK")
    assert load_knowledge().version in result.stdout


def test_validate_lists_every_problem_at_once_and_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import backstride.knowledge.questions as questions

    raw: Any = questions._read_raw()
    raw["questions"][0]["codes"][0] = "no_such_finding"  # unknown code + a finding left unasked
    raw["questions"][1]["why"] = "x " * 40 + "."  # too long for plain language
    monkeypatch.setattr(questions, "_read_raw", lambda: raw)
    result = runner.invoke(app, ["knowledge", "validate"])
    assert result.exit_code == 2
    err = result.stderr
    assert "no_such_finding" in err
    assert "is not asked by any question" in err
    assert "why" in err
    assert err.count("  - ") >= 3
    assert "Traceback" not in err


def test_validate_reports_knowledge_problems_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import backstride.knowledge as knowledge

    monkeypatch.setattr(
        knowledge, "validate_knowledge", lambda: ["knowledge.yaml: a: broken", "sources.yaml: b: broken"]
    )
    result = runner.invoke(app, ["knowledge", "validate"])
    assert result.exit_code == 2
    assert "knowledge.yaml: a: broken" in result.stderr and "sources.yaml: b: broken" in result.stderr


def test_explain_an_examination_shows_its_plain_words_and_its_question() -> None:
    result = runner.invoke(app, ["explain", "exam_si_provocation_3plus"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # the terminal may wrap long lines
    assert "plain_name: the sacroiliac joint tests" in out
    assert "plain_gloss: pressing and moving the joint where your spine meets your pelvis" in out
    assert "term: sacroiliac" in out
    assert "asked as: Examination: are three or more sacroiliac provocation tests positive?" in out
    # a person's finding has no plain name of its own (its question is already in plain words)
    person = runner.invoke(app, ["explain", "pain_low_back"])
    assert person.exit_code == 0 and "plain_name" not in person.stdout
