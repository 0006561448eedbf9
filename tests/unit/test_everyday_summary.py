"""The small rules of everyday walking in the clinician report: where a walking speed lies against
the healthy adult averages by age and sex [D1] (the gait code's own constants, at their edges), and
how a measure's number is shown (steps with thousands, shares as percentages, a dash for none)."""

from __future__ import annotations

import pytest

from backstride.gait.constants import SPEED_NORM_HIGHEST_MPS, SPEED_NORM_LOWEST_MPS
from backstride.services.everyday_summary import speed_vs_norms
from backstride.web.everyday_words import BY_KEY, DAILY_WALKING_VS_TEST, MEASURES, in_report, on_page


@pytest.mark.parametrize(
    ("speed", "where"),
    [
        (None, None),
        (0.5, "below"),
        (SPEED_NORM_LOWEST_MPS - 0.001, "below"),
        (SPEED_NORM_LOWEST_MPS, "within"),
        (1.2, "within"),
        (SPEED_NORM_HIGHEST_MPS, "within"),
        (SPEED_NORM_HIGHEST_MPS + 0.001, "above"),
    ],
)
def test_a_speed_is_set_against_the_range_of_healthy_adult_averages(speed: float | None, where: str) -> None:
    assert speed_vs_norms(speed) == where


def test_numbers_are_shown_as_the_page_and_the_report_show_them() -> None:
    assert BY_KEY["steps"].shown(12345.0) == "12,345"
    assert BY_KEY["walking_speed_mps"].shown(1.126) == "1.13"
    assert BY_KEY["asymmetry_fraction"].shown(0.0456) == "4.6"  # a share, shown in %
    assert BY_KEY["double_support_fraction"].shown(None) == "—"
    assert BY_KEY["six_minute_walk_m"].shown(412.6) == "413"


def test_every_measure_cites_its_sources_one_way_on_the_page_and_another_in_the_report() -> None:
    cited = {key for m in MEASURES for said in m.meaning for key in said.sources}
    assert cited == {"D1", "D6"} and DAILY_WALKING_VS_TEST.sources == ("D7",)
    speed = BY_KEY["walking_speed_mps"].meaning
    assert "slower with age (source: D1). Back pain" in on_page(speed)
    assert "slower with age [D1]. Back pain" in in_report(speed)
    assert on_page(speed).replace(" (source: D1)", "").replace(" (source: D6)", "") == in_report(
        speed
    ).replace(" [D1]", "").replace(" [D6]", "")


@pytest.mark.parametrize(
    ("speed", "shown"),
    [
        (0.9425, ("0.9425", "0.9430", "1.43")),  # below, rounds onto the slowest mean: digits enough
        (0.937, ("0.937", "0.943", "1.43")),
        (0.68, ("0.68", "0.94", "1.43")),  # well below: as the report prints numbers
        (0.944, ("0.94", "0.94", "1.43")),  # within: "0.94 within 0.94 to 1.43" is true as printed
        (1.4342, ("1.4342", "0.94", "1.4340")),  # above, rounds onto the fastest mean
        (1.2, ("1.20", "0.94", "1.43")),
    ],
)
def test_a_speed_and_the_means_it_is_set_against_never_read_as_one_number(
    speed: float, shown: tuple[str, str, str]
) -> None:
    # the report read "The median walking speed ..., 0.94 m/s, is slower than ... the slowest (women aged
    # 80 to 99: 0.94 m/s)": the median 0.9425 and the mean 0.943 both rounded to 0.94
    from backstride.services.everyday_summary import speed_and_norms_shown

    assert speed_and_norms_shown(speed) == shown
