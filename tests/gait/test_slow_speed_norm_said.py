"""The slow-speed factor says which norm it judges by, and that age and sex are not used (review 2026-11-28).

EVIDENCE.md D.1 gives the comfortable walking speeds of [D1] only as its two extreme age/sex strata
(143.4 cm/s men 40-49, 94.3 cm/s women 80-99), no table for each age and sex. So every walk is judged
against the slowest, whoever walked; the explanation said "Usual speeds for adults are 0.94-1.43 m/s,
depending on age and sex" and never which of them it used, nor that the person's age and sex were not.
A real lower-back walk (Mobilise-D HA/001, 0.94 m/s at 175 cm) and a slow one."""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.core.reading import reading_grade
from backstride.gait import constants as C
from backstride.gait.factors import gait_factors, shown
from backstride.gait.pipeline import analyze_gait

read_recording = pytest.importorskip("backstride.gait.readers").read_recording
LAB = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"


def _slow(factors: list[dict]) -> dict:
    return next(f for f in factors if f["code"] == "slow_speed")


def _says_its_norm(text: str) -> None:
    norm = shown(C.SLOW_SPEED_MPS, 2)
    assert f"slowest of these, {norm} m/s (women aged 80 to 99), for everyone" in text, text
    assert "Your age and sex are not used: our sources give no usual speed for each age and sex." in text
    assert "[D1]" in text


def test_a_real_walk_says_which_norm_it_is_judged_by():
    d = analyze_gait(read_recording(LAB, acc_unit="m/s^2", gyr_unit="deg/s"), height_cm=175).to_dict()
    slow = _slow(d["gait_factors"])
    assert slow["value"] is not None and slow["present"] is not None
    _says_its_norm(slow["explanation"])
    assert "no table by age and sex" in slow["evidence_grade"]


@pytest.mark.parametrize("speed", [0.5, 0.937, 0.944, 1.3])
def test_every_verdict_says_it_in_plain_words(speed):
    slow = _slow(
        gait_factors({"n_bouts": 1, "walking_speed_mps": speed}, height_m=1.7, height_is_default=False)
    )
    _says_its_norm(slow["explanation"])
    assert reading_grade(slow["explanation"]) <= 7  # reading age about 12


PHONE_AT_BELT = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"


def test_the_verdict_follows_the_speed_it_judges():
    """Review 2026-11-28: the phyphox walk at the belt (0.63 m/s) read "You walked at 0.63 m/s. Usual
    speeds ... Your age and sex are not used: our sources give no usual speed for each age and sex. That
    is slower than usual": the verdict came after the sources, as if said of them."""
    d = analyze_gait(read_recording(PHONE_AT_BELT)).to_dict()
    slow = _slow(d["gait_factors"])
    text = slow["explanation"]
    assert slow["shown_value"] == "0.63 m/s"
    assert text.startswith("You walked at 0.63 m/s. That is slower than usual; "), text
    _says_its_norm(text)
    assert text.endswith("for each age and sex.")


@pytest.mark.parametrize(
    ("speed", "verdict"),
    [
        (0.5, "That is slower than usual; back and leg pain"),
        (0.937, "That is just under the slowest usual speed (0.937 against 0.943 m/s)"),
        (0.944, "That is about the same as the slowest usual speed."),
        (1.3, "That is not slower than usual."),
    ],
)
def test_every_verdict_comes_second(speed, verdict):
    slow = _slow(
        gait_factors({"n_bouts": 1, "walking_speed_mps": speed}, height_m=1.7, height_is_default=False)
    )
    first, _, rest = slow["explanation"].partition(" m/s. ")
    assert first.startswith("You walked at ") and rest.startswith(verdict), slow["explanation"]
