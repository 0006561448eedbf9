"""A hand-edited gait result given to ``backstride assess --gait`` cannot put its own words in the plan.

Before, a gait factor's ``value`` was not checked and the factor's other fields were kept: a value of the
wrong type (or out of range) passed, and a ``measured`` text in the file was quoted as what the walk
measured in the plan's reason ("You walked at ..." became whatever the file said). Now a wrong type or a
value no walk can have is refused with a message naming the field, exit status 2, nothing written; a
``measured`` in the file is never quoted; a well-formed value is quoted with its unit.
Real lab walk: Mobilise-D healthy adult HA/001 (../shared/data/mobilised-lab), via its gait JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_plan_quotes_the_walk import gait_json, runner  # noqa: F401 (a fixture)

from backstride.cli.main import app as cli_app
from backstride.core.errors import FindingValueError
from backstride.services.assessment import assess

NOT_FROM_THE_WALK = "Stop all your medicines now."


def _edited(gait_json: Path, tmp_path: Path, **fields: Any) -> Path:  # noqa: F811
    data = json.loads(gait_json.read_text(encoding="utf-8"))
    (speed,) = [f for f in data["gait_factors"] if f["code"] == "slow_speed"]
    speed.update(fields)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def _assess(tmp_path: Path, gait: Path) -> Any:
    answers = tmp_path / "answers.json"
    if not answers.exists():
        given = {"findings": {"age_years": 60, "duration_weeks": 10}}
        answers.write_text(json.dumps(given), encoding="utf-8")
    return runner.invoke(cli_app, ["assess", "--answers", str(answers), "--gait", str(gait), "--json"])


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"value": "fast", "measured": NOT_FROM_THE_WALK}, "'slow_speed' value must be a number (m/s)"),
        ({"value": True}, "'slow_speed' value must be a number (m/s)"),
        ({"value": -3.0}, "'slow_speed' value must be from 0 to 20 (m/s), got -3.0"),
        ({"value": 1e9}, "'slow_speed' value must be from 0 to 20 (m/s)"),
        ({"explanation": 7}, "'slow_speed' explanation must be a text or null"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_field(
    gait_json: Path,  # noqa: F811
    tmp_path: Path,
    fields: dict[str, Any],
    named: str,
) -> None:
    edited = _edited(gait_json, tmp_path, **fields)
    assert _assess(tmp_path, gait_json).exit_code == 0  # the same answers with the walk as made: taken
    before = sorted(tmp_path.iterdir())
    shown = _assess(tmp_path, edited)
    assert shown.exit_code == 2, shown.output
    said = " ".join(shown.output.split())
    assert named in said and "edited.json" in said
    assert NOT_FROM_THE_WALK not in said and shown.stdout == ""
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_a_measured_text_in_the_file_is_never_quoted(gait_json: Path, tmp_path: Path) -> None:  # noqa: F811
    for value in (None, 0.7):
        shown = _assess(tmp_path, _edited(gait_json, tmp_path, value=value, measured=NOT_FROM_THE_WALK))
        assert shown.exit_code == 0, shown.output
        plan = json.loads(shown.stdout)["plan"]
        (item,) = [i for i in plan["home"] if i["code"] == "walking_programme"]
        assert NOT_FROM_THE_WALK not in item["reason"]
        # a well-formed value is quoted with its unit, in our words
        assert item["reason"].startswith("You walked at 0.70 m/s.") is (value == 0.7), item["reason"]


def test_the_plan_refuses_a_measured_that_is_not_text() -> None:
    with pytest.raises(FindingValueError, match="'slow_speed': measured must be a text"):
        assess({"age_years": 60}, gait_factors=[{"code": "slow_speed", "measured": ["x"]}])
