"""Each tip an urgent or emergency plan leaves for later says "Not for now:" on every interface.

Before, under the heading "Not for now: the article's other tips", the result page, the report, its
PDF and the terminal listed bare titles such as "Slow down" or "Take shorter steps": read alone (a
screen reader's list, a copied line, a glance at the PDF), each was advice to do now. Only FHIR put
"Not for now:" before each. Now every interface says it the FHIR way, tip by tip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import VIGNETTES
from tests.integration.test_report_everyday import _pdf_words, _text
from tests.integration.test_urgent_plan_held_back_shown import _check
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.fhir import export_bundle
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

# an aortic aneurysm that may be leaking (emergency) and a likely broken bone in the back (urgent)
CASES = (("dev-012", "emergency"), ("dev-007", "urgent"))
TIPS = ("Take shorter steps", "Slow down", "Knee-to-chest stretch")


def _findings(vid: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text("utf-8").splitlines():
        v = json.loads(line)
        if v["id"] == vid:
            return {k: x for k, x in v["findings"].items() if not k.startswith("exam_")}
    raise LookupError(vid)


def _each_tip_not_for_now(text: str, where: str) -> None:
    for tip in TIPS:
        assert f"Not for now: {tip}" in text, (where, tip)
        bare = text.replace(f"Not for now: {tip}", "")
        assert tip not in bare, (where, tip)  # never alone


@pytest.mark.parametrize(("vid", "level"), CASES)
def test_the_page_report_pdf_and_fhir_say_not_for_now_before_each_tip(
    vid: str, level: str, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path / "app.sqlite3")
    with TestClient(create_app(Settings(database_url=url))) as client:
        check_id = _check(client, _findings(vid))
        result = client.get(f"/api/assessments/{check_id}/result").json()["result"]
        assert result["disposition"] == level
        _each_tip_not_for_now(_text(client.get(f"/check/{check_id}/result").text), "page")
        _each_tip_not_for_now(_text(client.get(f"/report?check={check_id}").text), "report")
        _each_tip_not_for_now(_pdf_words(client.get(f"/report.pdf?check={check_id}").content), "pdf")
    bundle = export_bundle(Records(Database(url).migrate()).export_all())
    held = [
        a["detail"]["description"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "CarePlan"
        for a in e["resource"].get("activity") or ()
        if a["detail"].get("doNotPerform")
    ]
    _each_tip_not_for_now(" ".join(held), "fhir")


@pytest.mark.parametrize(("vid", "level"), CASES)
def test_the_terminal_says_not_for_now_before_each_tip(vid: str, level: str, tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"findings": _findings(vid)}), encoding="utf-8")
    shown = CliRunner().invoke(cli_app, ["assess", "--answers", str(case)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    assert "Not for now: the article's other tips" in out
    _each_tip_not_for_now(out, "terminal")
    as_json = CliRunner().invoke(cli_app, ["assess", "--answers", str(case), "--json"])
    assert json.loads(as_json.stdout)["disposition"] == level
