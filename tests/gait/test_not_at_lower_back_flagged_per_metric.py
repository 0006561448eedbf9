"""Every number a position away from the lower back cannot support says so, in the table, the summary
and the JSON (review 2026-11-28).

walk50.xls (a phone that tips about 73 degrees per stride: a pocket or a hand) showed "uneven steps
40 %" and "pelvis turn 22°" in the bout table, "left/right step-time difference 40 %" and "pelvis
turning per stride 22°" in the summary, while its gait factors read "not judged: not worn at the lower
back" and the JSON flagged none of those measures. Now each such measure carries the
``not_worn_at_lower_back`` quality flag (the bout's and the summary's), and the terminal says "not
judged" for it with the summary's reason; steps, cadence and times stay."""

from __future__ import annotations

import json

from tests.gait.test_worn_at_stated import LAB, WALK50, _gait

from backstride.gait.factors import NOT_AT_LOWER_BACK, PLACE_BOUND_QUALITY

NOT_JUDGED = "not judged: not worn at the lower back"


def _rows(stdout: str) -> list[str]:
    return [" ".join(line.strip("│┃ ").split()) for line in stdout.splitlines()]


def test_the_json_flags_each_measure_a_pocket_cannot_support():
    d = json.loads(_gait(str(WALK50), "--json").stdout)
    s, (bout,) = d["summary"], d["walking_bouts"]
    for key, summary_key in PLACE_BOUND_QUALITY.items():
        assert NOT_AT_LOWER_BACK in bout["quality"][key], key
        assert NOT_AT_LOWER_BACK in s[summary_key], summary_key
    # the numbers of the contract's shape stay (the tilt range is what the check reads)
    assert bout["step_time_asymmetry_pct"] == 40.0 and bout["pelvis"]["rotation_rom_deg"] > 20
    assert s["cadence_spm"] is not None and NOT_AT_LOWER_BACK not in str(bout["quality"].get("side"))


def test_the_terminal_says_not_judged_in_the_table_and_the_summary():
    out = _gait(str(WALK50))
    assert out.returncode == 0, out.stderr
    rows = _rows(out.stdout)
    for label in (
        "left/right step-time difference",
        "pelvis turning per stride",
        "trunk lean while walking",
        "landing jolt",
        "walking speed",
    ):
        assert f"{label} │ {NOT_JUDGED}" in rows, label
    assert "40 %" not in out.stdout and "22°" not in out.stdout
    bout = next(r for r in rows if r.startswith("3.6 s"))
    assert bout.split(" │ ")[2:] == ["22", "100/min", "-", "-", "-", "-"]  # steps and cadence stay
    assert "Not judged (-): stride, speed, uneven steps, pelvis turn: not worn at the lower back." in rows
    assert "cadence │ 100 steps/min" in rows


def test_a_lower_back_walk_keeps_its_numbers_and_no_flag():
    units = ("--acc-unit", "m/s^2", "--gyr-unit", "deg/s")
    d = json.loads(_gait(str(LAB), *units, "--json").stdout)
    assert all(NOT_AT_LOWER_BACK not in str(b["quality"]) for b in d["walking_bouts"])
    out = _gait(str(LAB), *units)
    assert out.returncode == 0, out.stderr
    assert NOT_JUDGED not in out.stdout and "Not judged (-)" not in out.stdout
