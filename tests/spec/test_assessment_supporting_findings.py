"""A condition's ``supporting`` and ``against`` name the answers given (CONTRACT.md section 1: e.g.
``"supporting": ["relief_sitting", "age_years"]``), on the 40 dev vignettes, through ``assess`` and
``backstride assess --answers ... --json``.

A warning sign that lifts its serious cause to the share confirmed among people referred with it (the
red-flag floor, EVIDENCE.md A) put the rule's code there: cauda equina syndrome was supported by
"cauda_equina_signs", a code of no finding, where the answers behind it are "urinary_retention" and
the rest. The because-trail (``because``) still names the rule with its sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import SHARED
from typer.testing import CliRunner

from backstride import assess
from backstride.assessment import known_answers
from backstride.cli.main import app

VIGNETTES = [
    json.loads(line) for line in (SHARED / "data" / "vignettes" / "dev.jsonl").read_text().splitlines()
]


def _named(doc: dict, findings: dict) -> list[tuple[str, str]]:
    # an answer another answer gives is given too (``known_answers``, questions.yaml ``otherwise``: "No,
    # it stays in my back or buttock" answers the cough item "no", questions 1.5.0)
    given = {code for code, value in known_answers(findings).items() if value is not None}
    return [
        (c["code"], code)
        for c in doc["conditions"]
        for code in c["supporting"] + c["against"]
        if code not in given
    ]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_supporting_and_against_are_answers_given(vignette: dict) -> None:
    assert _named(assess(vignette["findings"]).to_dict(), vignette["findings"]) == []


def test_a_warning_sign_supports_its_cause_by_the_answers_that_fired_it(tmp_path: Path) -> None:
    # dev-033: new trouble passing urine in someone whose walking pain looks like stenosis
    findings = next(v["findings"] for v in VIGNETTES if v["id"] == "dev-033")
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    done = CliRunner().invoke(app, ["assess", "--answers", str(path), "--json"])
    assert done.exit_code == 0, done.stderr
    doc = json.loads(done.stdout)
    assert _named(doc, findings) == []
    cauda = next(c for c in doc["conditions"] if c["code"] == "cauda_equina_syndrome")
    assert cauda["supporting"] == ["urinary_retention"]
    # the trail keeps the rule's lift, with its sources
    assert any(b["finding"] == "cauda_equina_signs" and b["sources"] for b in cauda["because"])
