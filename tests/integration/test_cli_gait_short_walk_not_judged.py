"""``backstride gait analyze`` on a walk too short to judge says so, as the walk page does.

The real Sensor Logger phone recording of ``test_walk_too_short_not_judged`` (EricCabrol, Android) has 6
steps over 3.1 s: fewer than the 8 steps in a row a check needs (``services.gait_findings``). The walk
page says the walk was too short to judge and marks every habit "Not judged"; the terminal listed
"slow speed: yes" with the engine's "slower than usual" text. The JSON keeps the engine's numbers and
verdicts unchanged (CONTRACT.md section 2), as the stored walk does.
"""

from __future__ import annotations

import json
import re

from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app

METRO = FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00"
PAGE_WORDS = (
    "This walk was too short to judge your walking habits. We need at least 8 steps in a row "
    "(about 5 metres); your longest stretch had 6 steps in 3.1 s."
)

runner = CliRunner()


def _factor_rows(output: str) -> dict[str, str]:
    """Each gait factor's 'present' cell in the summary's factor table."""
    table = output.split("Gait factors", 1)[1]
    rows = {}
    for line in table.splitlines():
        found = re.match(
            r"\W*(over striding|limited pelvic rotation|uneven steps|forward trunk lean|slow "
            r"speed)\W+(yes|no|not judged)\b",
            line,
        )
        if found:
            rows[found.group(1)] = found.group(2)
    return rows


def test_the_terminal_says_a_tiny_walk_is_too_short_to_judge() -> None:
    out = runner.invoke(app, ["gait", "analyze", str(METRO)], env={"COLUMNS": "160"})
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert PAGE_WORDS in text
    rows = _factor_rows(out.output)
    assert rows and set(rows.values()) == {"not judged"}, rows
    assert "slower than usual" not in text and "what it means" not in text  # no engine claim repeated
    assert "not a diagnosis" in text


def test_the_json_keeps_the_engines_verdicts() -> None:
    out = runner.invoke(app, ["gait", "analyze", str(METRO), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [b["n_steps"] for b in data["walking_bouts"]] == [6]
    assert {f["code"]: f["present"] for f in data["gait_factors"]}["slow_speed"] is True


def test_a_walk_long_enough_is_still_judged() -> None:
    lab = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
    out = runner.invoke(
        app,
        ["gait", "analyze", str(lab), "--acc-unit", "m/s^2", "--gyr-unit", "deg/s"],
        env={"COLUMNS": "160"},
    )
    assert out.exit_code == 0, out.output
    rows = _factor_rows(out.output)
    assert "too short to judge" not in out.output
    assert {"yes", "no"} & set(rows.values()), rows


def test_an_unsteady_walk_is_not_judged_in_the_same_words_on_the_page_and_in_the_terminal(capsys) -> None:
    from backstride.cli.gait_cmd import _print_summary
    from backstride.services.gait_findings import walk_not_judged
    from backstride.web.views import walk_not_judged as page_words

    noisy = {
        "cadence_spm": ["too_noisy"],
        "stride_length_m": ["too_noisy"],
        "walking_speed_mps": ["too_noisy"],
    }
    bouts = [{"start_s": 1.0, "end_s": 9.0, "n_steps": 12, "quality": noisy}]
    result = {
        "duration_s": 10.0,
        "sampling_rate_hz": 100.0,
        "walking_bouts": bouts,
        "gait_factors": [
            {"code": "slow_speed", "present": True, "value": 0.5, "explanation": "slower than usual"}
        ],
    }
    words = walk_not_judged(result)
    assert words is not None and words.startswith("Your walking in this recording was too uneven or too slow")
    assert page_words(result, bouts) == words
    _print_summary(result, None)
    out = " ".join(capsys.readouterr().out.split())
    assert words in out and "not judged" in out and "slower than usual" not in out
