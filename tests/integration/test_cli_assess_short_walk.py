"""``backstride assess --gait``: a walk too short to judge is left out of the check, as on the web.

A real Sensor Logger recording (EricCabrol "Metro", Android) has 6 steps in 3.1 s. The web's check
passes over such a walk whole (``services.records.choose_walk``: ``walk_not_usable``), and its walk
page says its habits are not judged (``services.gait_findings.walk_not_judged``). The terminal check
used it anyway: "Walking speed is slower than usual" from 6 steps, and a walking plan because of it.
Now it leaves the walk out, says which walk and why, and gives the result it gives without a walk.
A real Mobilise-D lab trial (12 steps in a row) is still used. A gait JSON with no walking bouts is
still taken as before (``test_cli_assess.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app

METRO = FORMATS / "sensor_logger/EricCabrol__Metro/Comparo_slow-2024-06-17_06-57-00"
LAB = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"
LSS = {"age_years": 74, "worse_walking": True, "relief_sitting": True, "relief_flexion": True}
LEFT_OUT = (
    "The walk in short.json is not part of this check: it has too little walking (fewer than 8 steps "
    "in a row)."
)
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.fixture(scope="module")
def walks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two real walks as `gait analyze --json` writes them, and an answers file."""
    tmp = tmp_path_factory.mktemp("walks")
    for name, args in (
        ("short.json", [str(METRO), "--stop-at", "3"]),  # a stop time: a walking tolerance too
        ("long.json", [str(LAB), "--trial", "Test5/Trial1", "--height-cm", "159"]),
    ):
        made = run("gait", "analyze", *args, "--json")
        assert made.exit_code == 0, made.stderr
        (tmp / name).write_text(made.stdout, encoding="utf-8")
    (tmp / "case.json").write_text(json.dumps(LSS), encoding="utf-8")
    return tmp


def _steps(path: Path) -> list[int]:
    return [b["n_steps"] for b in json.loads(path.read_text())["walking_bouts"]]


def test_the_two_walks_are_the_real_short_and_long_ones(walks: Path) -> None:
    assert _steps(walks / "short.json") == [6]
    assert max(_steps(walks / "long.json")) >= 8
    for name in ("short.json", "long.json"):  # the engine calls both slow
        factors = {f["code"]: f["present"] for f in json.loads((walks / name).read_text())["gait_factors"]}
        assert factors["slow_speed"] is True


def test_a_short_walk_gives_the_check_nothing_and_says_so(walks: Path) -> None:
    case = str(walks / "case.json")
    alone = run("assess", "--answers", case, "--json")
    short = run("assess", "--answers", case, "--gait", str(walks / "short.json"), "--json")
    assert short.exit_code == 0, short.stderr
    # its slow speed, its "long strides: no" and its walking time (to the stop) are all left out
    assert json.loads(short.stdout) == json.loads(alone.stdout)
    assert LEFT_OUT in _flat(short.stderr)

    shown = run("assess", "--answers", case, "--gait", str(walks / "short.json"))
    assert shown.exit_code == 0, shown.stderr
    text = _flat(shown.stdout)
    assert text.startswith(LEFT_OUT)
    assert "What your recorded walk showed" not in text
    assert "slower walking speed" not in text


def test_a_long_walk_is_still_used(walks: Path) -> None:
    case = str(walks / "case.json")
    alone = json.loads(run("assess", "--answers", case, "--json").stdout)
    long = run("assess", "--answers", case, "--gait", str(walks / "long.json"), "--json")
    assert long.exit_code == 0, long.stderr
    assert json.loads(long.stdout) != alone  # its slow speed brings in the walking plan's reason
    assert "not part of this check" not in long.stderr
    shown = _flat(run("assess", "--answers", case, "--gait", str(walks / "long.json")).stdout)
    assert "What your recorded walk showed" in shown
    assert "Walking speed is slower than usual for adults" in shown
    assert "not part of this check" not in shown


def test_in_a_clinicians_check_the_note_names_the_walk_the_same_way(walks: Path) -> None:
    shown = run(
        "assess", "--mode", "clinician", "--answers", str(walks / "case.json"),
        "--gait", str(walks / "short.json"),
    )  # fmt: skip
    assert shown.exit_code == 0, shown.stderr
    assert _flat(shown.stdout).startswith(LEFT_OUT)


def test_an_uneven_walk_is_left_out_too(walks: Path) -> None:
    # the lab walk with every bout's measures flagged noisy: long enough, not steady enough
    data = json.loads((walks / "long.json").read_text())
    for bout in data["walking_bouts"]:
        bout["quality"] = {m: ["too_noisy"] for m in ("cadence_spm", "stride_length_m", "walking_speed_mps")}
    uneven = walks / "uneven.json"
    uneven.write_text(json.dumps(data), encoding="utf-8")
    case = str(walks / "case.json")
    shown = run("assess", "--answers", case, "--gait", str(uneven), "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout) == json.loads(run("assess", "--answers", case, "--json").stdout)
    assert (
        "The walk in uneven.json is not part of this check: it has no stretch of walking steady enough to "
        "measure well (the steps were very uneven or very slow)."
    ) in _flat(shown.stderr)


def test_a_walk_not_worn_at_the_lower_back_is_left_out_too(tmp_path: Path) -> None:
    # a real Axivity file that says 'right wrist' (GGIRread), with a bout of 9 steps and a symptom 100 s
    # in: the web's check passes it over whole (walk_not_usable: not_at_lower_back), but the terminal
    # check took its walking time (walking_tolerance_min 0.19) into the answers
    wrist = FORMATS / "axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa"
    made = run("gait", "analyze", str(wrist), "--symptom-at", "100", "--json")
    assert made.exit_code == 0, made.stderr
    walk = tmp_path / "wrist.json"
    walk.write_text(made.stdout, encoding="utf-8")
    assert json.loads(made.stdout)["walking_tolerance"]["time_to_first_symptom_s"] is not None
    case = tmp_path / "case.json"
    case.write_text(json.dumps(LSS), encoding="utf-8")
    alone = run("assess", "--answers", str(case), "--json")
    with_walk = run("assess", "--answers", str(case), "--gait", str(walk), "--json")
    assert with_walk.exit_code == 0, with_walk.stderr
    assert json.loads(with_walk.stdout) == json.loads(alone.stdout)
    said = "The walk in wrist.json is not part of this check: it was not worn at the lower back."
    assert said in _flat(with_walk.stderr)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["alignment"].__setitem__("quality", 5),
        lambda d: [b.__setitem__("quality", {"cadence_spm": 3}) for b in d["walking_bouts"]],
        lambda d: [b.__setitem__("quality", {"cadence_spm": [["too_noisy"]]}) for b in d["walking_bouts"]],
    ],
    ids=["alignment quality a number", "a bout's flags a number", "a bout's flags lists"],
)
def test_flags_of_the_wrong_kind_flag_nothing_as_before(walks: Path, damage) -> None:
    # asking whether the walk can be used read them as lists: a traceback and exit 1 (a88bfa0 took the walk)
    data = json.loads((walks / "long.json").read_text())
    damage(data)
    odd = walks / "odd.json"
    odd.write_text(json.dumps(data), encoding="utf-8")
    case = str(walks / "case.json")
    shown = run("assess", "--answers", case, "--gait", str(odd), "--json")
    assert shown.exit_code == 0 and "Traceback" not in shown.output, shown.output
    used = run("assess", "--answers", case, "--gait", str(walks / "long.json"), "--json")
    assert json.loads(shown.stdout) == json.loads(used.stdout)
