"""The terminal says a tip's evidence in the result page's words: "supported for some causes".

Before, ``backstride assess`` said "supported for this cause" of a tip the plan gives to everyone,
without aiming it at the person's cause (leaning on a trolley for a young adult's postural ache, dev-023),
while the result page said "Supported for some causes". Now both say "some causes"; a tip aimed at the
person's cause says so in its reason ("Suggested because ...").
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import VIGNETTES
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.cli.render import GRADE_WORDS
from backstride.web.views import GRADE_LABELS


def test_an_untargeted_tip_is_supported_for_some_causes_as_on_the_page(tmp_path: Path) -> None:
    (vignette,) = [
        v for v in map(json.loads, VIGNETTES.read_text("utf-8").splitlines()) if v["id"] == "dev-023"
    ]
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": vignette["findings"]}), encoding="utf-8")
    as_json = CliRunner().invoke(cli_app, ["assess", "--answers", str(case), "--json"])
    plan = json.loads(as_json.stdout)["plan"]
    (cart,) = [i for s in ("immediate", "home") for i in plan[s] if i["code"] == "lean_forward_cart"]
    assert cart["evidence_grade"] == "supported_mechanism" and not cart.get("reason")  # not aimed
    shown = CliRunner().invoke(cli_app, ["assess", "--answers", str(case)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    assert "Evidence: supported for some causes." in out and "for this cause" not in out
    assert GRADE_WORDS["supported_mechanism"] == GRADE_LABELS["supported_mechanism"].lower()


def test_every_grade_is_said_in_the_terminal_as_on_the_page_and_in_the_report(tmp_path: Path) -> None:
    # the terminal said "plausible, not tested in trials", "supported by trials or guidelines", "trials
    # cannot yet say if it helps" and "a trial found it does not help" of tips the result page and the
    # report grade "Makes sense, but not tested", "Supported by studies", "Not enough evidence yet" and
    # "Studies found it does not help": one tip, two grades, for a clinician comparing them
    assert GRADE_WORDS == {code: label.lower() for code, label in GRADE_LABELS.items()}
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": {"age_years": 68, "worse_walking": True}}), encoding="utf-8")
    shown = CliRunner().invoke(cli_app, ["assess", "--answers", str(case)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    assert "makes sense, but not tested" in out and "plausible, not tested in trials" not in out
