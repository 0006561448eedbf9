"""The relief plan quotes what the walk measured when it says the walk is the reason for a tip.

Before, ``assess --gait`` gave the plan the walk's factor codes only: "A walking plan" said "Your
walking recording showed a slower walking speed than usual" and never how fast the person walked.
Now the reason starts with the measure, with its unit, in plain words ("You walked at 0.65 m/s."),
on the terminal, in the JSON, on the result page of a check with a stored walk, and in the report.
Real lab walk: Mobilise-D healthy adult HA/001 (../shared/data/mobilised-lab), 1.59 m tall.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.gait.factors import shown
from backstride.services.gait_findings import measured_words

LAB = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mobilised-lab" / "HA" / "001"
WALK = LAB / "TimeMeasure1_Test11_Trial1" / "imu.csv"
UNITS = ["--acc-unit", "m/s^2", "--gyr-unit", "deg/s"]  # stated in mobilised-lab/index.json
runner = CliRunner()


@pytest.fixture(scope="module")
def gait_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("walk") / "gait.json"
    made = runner.invoke(cli_app, ["gait", "analyze", str(WALK), *UNITS, "--height-cm", "159", "--json"])
    assert made.exit_code == 0, made.output
    out.write_text(made.stdout, encoding="utf-8")
    return out


def _speed(gait_json: Path) -> str:
    factors = {f["code"]: f for f in json.loads(gait_json.read_text(encoding="utf-8"))["gait_factors"]}
    assert factors["slow_speed"]["present"] is True  # this walk: 0.65 m/s, under 0.94 [D1]
    return f"You walked at {shown(factors['slow_speed']['value'], 2)} m/s."


def test_assess_gait_quotes_the_measured_speed_in_the_reason(gait_json: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"findings": {"age_years": 60, "duration_weeks": 10}}), encoding="utf-8")
    said = _speed(gait_json)
    as_json = runner.invoke(
        cli_app, ["assess", "--answers", str(answers), "--gait", str(gait_json), "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    plan = json.loads(as_json.stdout)["plan"]
    (item,) = [i for i in plan["home"] if i["code"] == "walking_programme"]
    assert item["reason"].startswith(said) and "Your walking recording showed" in item["reason"]
    assert item["reason"].endswith("[D1, C11].")  # what it means cites the slow-speed factor's keys
    printed = runner.invoke(cli_app, ["assess", "--answers", str(answers), "--gait", str(gait_json)])
    assert printed.exit_code == 0 and said in " ".join(printed.output.split())
    assert "not a diagnosis" in printed.output.lower()


def test_long_steps_are_said_in_metres_and_of_the_height() -> None:
    factor = {"code": "over_striding", "present": True, "value": 0.516}
    data = {"parameters": {"height_cm": 159.0}, "summary": {"impact_peak_g": 2.31}}
    assert measured_words(factor, data) == (
        "Your steps were 0.82 m long, 0.52 of your height, and landed with a jolt of 2.3 g."
    )
    assumed = {"parameters": {"height_cm": 170.0, "height_is_default": True}, "summary": {}}
    assert measured_words(factor, assumed) == "Your steps were 0.88 m long, 0.52 of the height we assumed."


def _post_walk(client: Any) -> Any:
    """The lab walk stored through the API, as a person of 1.59 m (the answer, checked)."""
    sent = client.post(
        "/api/walks",
        files={"file": ("imu.csv", WALK.read_bytes())},
        data={"acc_unit": "m/s^2", "gyr_unit": "deg/s", "height_cm": "159"},
    )
    assert sent.status_code in (200, 201), sent.text
    return sent


def test_a_check_with_a_stored_walk_quotes_it_on_the_page_and_in_the_report(database_url: str) -> None:
    from fastapi.testclient import TestClient
    from tests.integration.test_report_everyday import _pdf_words, _text
    from tests.integration.test_urgent_plan_held_back_shown import _check

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        sent = _post_walk(client)
        speed = next(f for f in sent.json()["result"]["gait_factors"] if f["code"] == "slow_speed")
        said = f"You walked at {shown(speed['value'], 2)} m/s."
        check_id = _check(client, {"age_years": 60, "duration_weeks": 10, "worse_walking": True})
        result = client.get(f"/api/assessments/{check_id}/result").json()
        assert result["gait_recording_id"] is not None
        (item,) = [i for i in result["result"]["plan"]["home"] if i["code"] == "walking_programme"]
        assert item["reason"].startswith(said)
        assert said in _text(client.get(f"/check/{check_id}/result").text)
        # the report speaks about the person: "They walked at ..."
        report = _text(client.get(f"/report?check={check_id}").text)
        assert f"A walking plan {said.replace('You walked', 'They walked')}" in report  # in the advice given
        pdf = _pdf_words(client.get(f"/report.pdf?check={check_id}").content)
        assert f"A walking plan {said.replace('You walked', 'They walked')}" in pdf


def test_each_measure_is_said_with_its_number_and_unit_in_plain_words(gait_json: Path) -> None:
    from tests.knowledge.test_plain_language import MAX_GRADE_ANY_TEXT, fk_grade

    data = json.loads(gait_json.read_text(encoding="utf-8"))
    units = {"over_striding": " m long", "slow_speed": " m/s", "uneven_steps": "%"}
    units |= {"forward_trunk_lean": " degrees", "limited_pelvic_rotation": " degrees"}
    for factor in data["gait_factors"]:
        words = measured_words(factor, data)
        assert words is not None and units[factor["code"]] in words and any(c.isdigit() for c in words)
        assert fk_grade(words) <= MAX_GRADE_ANY_TEXT, words
    assert measured_words({"code": "slow_speed", "value": None}, data) is None


def test_one_degree_is_said_in_the_singular() -> None:
    """r5: a pelvis that turned about 1 degree (limited turning is under 4 degrees, so a present
    factor can say 1) read "about 1 degrees"; the gait engine's own text says "1 degree"."""
    factor = {"code": "limited_pelvic_rotation", "present": True, "value": 1.2}
    assert measured_words(factor, {}) == "Your pelvis turned about 1 degree with each stride."
    factor = {"code": "limited_pelvic_rotation", "present": True, "value": 2.6}
    assert measured_words(factor, {}) == "Your pelvis turned about 3 degrees with each stride."


def test_the_terminal_gives_no_walking_tip_from_the_walk_in_an_emergency(
    gait_json: Path, tmp_path: Path
) -> None:
    """r5: with a walk, the terminal's "What your recorded walk showed" said each factor's reason,
    its tip included ("Building up walking time slowly can help."), under an emergency or a visit
    today whose plan leaves every walking tip for later. It now says what the walk showed, no tip."""
    from tests.integration.test_check_changes import EMERGENCY
    from tests.integration.test_urgent_plan_held_back_shown import URGENT

    for findings, level in ((EMERGENCY, "EMERGENCY"), (URGENT, "URGENT")):
        answers = tmp_path / "answers.json"
        answers.write_text(json.dumps({"findings": findings}), encoding="utf-8")
        shown = runner.invoke(cli_app, ["assess", "--answers", str(answers), "--gait", str(gait_json)])
        assert shown.exit_code == 0, shown.output
        out = " ".join(shown.output.split())
        assert level in out and "What your recorded walk showed" in out
        assert "Walking speed is slower than usual for adults. [D1, C11]" in out
        assert "Building up walking time slowly can help" not in out
    # a plan that gives the walking tips still says why
    answers.write_text(json.dumps({"findings": {"age_years": 60, "duration_weeks": 10}}), encoding="utf-8")
    shown = runner.invoke(cli_app, ["assess", "--answers", str(answers), "--gait", str(gait_json)])
    assert "Building up walking time slowly can help" in " ".join(shown.output.split())


def test_the_result_page_gives_no_walking_tip_from_the_walk_in_an_emergency(database_url: str) -> None:
    """r5: "From your walk" on the result page said each factor's reason, its tip included ("Building
    up walking time slowly can help."), under "Get emergency help now", whose plan leaves every
    walking tip for later. At urgent and emergency it now says what the walk showed, no tip."""
    from fastapi.testclient import TestClient
    from tests.integration.test_check_changes import EMERGENCY
    from tests.integration.test_report_everyday import _text
    from tests.integration.test_urgent_plan_held_back_shown import _check

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        _post_walk(client)
        check_id = _check(client, EMERGENCY)
        result = client.get(f"/api/assessments/{check_id}/result").json()
        assert result["result"]["disposition"] == "emergency" and result["gait_recording_id"] is not None
        page = _text(client.get(f"/check/{check_id}/result").text)
        assert "Building up walking time slowly can help" not in page
        assert "Walking speed is slower than usual for adults" in page
        report = _text(client.get(f"/report?check={check_id}").text)
        assert "Building up walking time slowly can help" not in report
        # a plan that gives the walking tips still says why
        check_id = _check(client, {"age_years": 60, "duration_weeks": 10, "worse_walking": True})
        assert "Building up walking time slowly can help" in _text(
            client.get(f"/check/{check_id}/result").text
        )
