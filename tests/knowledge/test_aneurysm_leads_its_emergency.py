"""The list of causes agrees with the aneurysm's emergency (knowledge 1.32.0).

A man of 68 who smokes, has artery disease and has sudden pain of 9 out of 10 with feeling faint gets
the emergency (``aortic_aneurysm_faint``, EVIDENCE.md A.9 [A24]), but the ranked causes put
"Mechanical back pain loaded by walking" first (87%) and the aneurysm at 2%: the aneurysm had no
likelihood ratio for ``sudden_pain_with_faintness`` (prior 0.0005), though A.7 names "faintness,
collapse, sweating or a throbbing sensation in the abdomen" in one breath and says "This pattern is
not walking-provoked". The throbbing has a judgement ratio of 200 [A24]; the faintness now has the
same one, so both routes to the emergency rank the aneurysm first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.knowledge.test_sudden_pain_with_faintness import SUDDEN_SEVERE
from typer.testing import CliRunner

from backstride.assessment import evaluate
from backstride.cli.main import app
from backstride.knowledge import load_knowledge

ANEURYSM = "abdominal_aortic_aneurysm"
ROUTES = {
    "faint": {**SUDDEN_SEVERE, "sudden_pain_with_faintness": True},
    "throbbing": {**SUDDEN_SEVERE, "abdominal_pulsation": True},
    "both": {**SUDDEN_SEVERE, "abdominal_pulsation": True, "sudden_pain_with_faintness": True},
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_the_aneurysm_leads_the_list_beside_its_emergency(route: str) -> None:
    result = evaluate(ROUTES[route])
    assert result.disposition == "emergency"
    assert result.leading.code == ANEURYSM, [(c.code, round(c.probability, 3)) for c in result.conditions]
    assert result.leading.probability > 0.5
    assert result.conditions[1].code == "mechanical_gait_related"


def test_the_faintness_is_a_marked_judgement_ratio_citing_a24() -> None:
    ratios = [
        lr
        for lr in load_knowledge().conditions[ANEURYSM].likelihood_ratios
        if lr.finding == "sudden_pain_with_faintness"
    ]
    # a "no" has no ratio: it says nothing against the aneurysm (the triad is missing in half)
    (yes,) = ratios
    assert yes.value is True and yes.judgement and yes.sources == ("A24",)
    throbbing = [
        lr
        for lr in load_knowledge().conditions[ANEURYSM].likelihood_ratios
        if lr.finding == "abdominal_pulsation" and lr.value is True
    ]
    assert yes.lr == throbbing[0].lr  # A.7 names them side by side; neither has an accuracy study
    contribution = [
        c
        for c in evaluate(ROUTES["faint"]).leading.contributions
        if c.finding == "sudden_pain_with_faintness"
    ]
    assert contribution and contribution[0].judgement


def test_a_no_or_dont_know_leaves_the_list_as_it_was() -> None:
    before = evaluate(SUDDEN_SEVERE).conditions
    for answer in (False, None):
        after = evaluate({**SUDDEN_SEVERE, "sudden_pain_with_faintness": answer}).conditions
        assert [(c.code, c.probability) for c in after] == [(c.code, c.probability) for c in before]


def test_the_terminal_json_ranks_the_aneurysm_first(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ROUTES["faint"]))
    for mode in ("person", "clinician"):
        out = CliRunner().invoke(app, ["assess", "--answers", str(path), "--json", "--mode", mode])
        assert out.exit_code == 0, out.output
        result = json.loads(out.output)
        assert result["disposition"] == "emergency"
        assert result["conditions"][0]["code"] == ANEURYSM, mode
