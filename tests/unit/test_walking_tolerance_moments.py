"""How long a person can walk is timed to two moments, and each surface says which one it is.

The contract (../shared/spec/findings.yaml) defines ``walking_tolerance_min`` as "Minutes of walking
before symptoms force a stop or slow-down", and the check asks it so ("before the pain makes you stop or
slow down"). The diary, the walking test and a walk's ``--symptom-at`` time the first symptom ("before the
pain starts"), an earlier moment [D7]. A check took a walk's first symptom as its walking time, so a
symptom 30 s into a walk with a stop marked at 20 minutes made "walking only 10 minutes or less" true.
Now a check takes the stop's time; a first symptom alone is only a lower bound and gives no walking time;
and where the diary's minutes are charted beside a walk's, both are the time before the pain starts.
"""

from __future__ import annotations

from pathlib import Path

from backstride.fhir.export import DIARY_WALKING_DISPLAY
from backstride.relief.plan import TIME_THE_WALK
from backstride.services import tolerance_words as said
from backstride.services.gait_findings import gait_to_inputs
from backstride.services.records import _first_symptom_min
from backstride.web import views
from backstride.web.report import TREND_MEASURES

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "backstride" / "web" / "templates"


def _result(**tolerance: object) -> dict[str, object]:
    return {"walking_tolerance": {"quality": [], **tolerance}, "gait_factors": []}


def _findings(**tolerance: object) -> dict[str, object]:
    # gait_to_inputs checks a whole result read from JSON; the walking tolerance is what matters here
    from backstride.services import gait_findings

    real = gait_findings._checked
    gait_findings._checked = lambda data: data  # type: ignore[assignment]
    try:
        return gait_to_inputs(_result(**tolerance))[0]
    finally:
        gait_findings._checked = real  # type: ignore[assignment]


def test_a_check_takes_the_time_to_the_stop_not_to_the_first_symptom() -> None:
    both = {"time_to_first_symptom_s": 30.0, "time_to_stop_s": 1200.0}
    assert said.tolerance_event(both) == "stop"
    assert _findings(**both)["walking_tolerance_min"] == 20.0
    walk = {"walking_tolerance_min": 20.0}
    assert said.walk_findings_said(walk, _result(**both), {})["walking_tolerance_min"] == "20 min"


def test_a_first_symptom_alone_gives_no_walking_time_and_asks_for_the_stop() -> None:
    alone = {"time_to_first_symptom_s": 30.0, "time_to_stop_s": None}
    assert said.tolerance_event(alone) is None
    assert "walking_tolerance_min" not in _findings(**alone)
    assert said.stop_needed(alone)
    rows = views.tolerance_context(alone)["rows"]
    assert rows[0]["label"] == "Until the first symptom" and said.STOP_NEEDED in rows[0]["note"]
    from backstride.cli.gait_cmd import tolerance_line

    assert f"{said.STOP_NEEDED}: give --stop-at" in tolerance_line(alone)
    # with the stop, nothing is asked
    assert not said.stop_needed({**alone, "time_to_stop_s": 60.0})


def test_the_walk_page_says_which_moment_a_check_uses() -> None:
    page = (TEMPLATES / "walk.html").read_text()
    assert "The first symptom is when the pain starts. A check uses the time until" in page
    assert "before the pain makes" in page


def test_the_tolerance_chart_shows_a_walk_at_the_diary_moment() -> None:
    result = _result(time_to_first_symptom_s=90.0, time_to_stop_s=600.0)
    assert _first_symptom_min(result) == 1.5
    progress = {
        "entries": [{"entry_date": "2026-11-20", "pain_0_10": 4, "walking_tolerance_min": 2.0}],
        "walks": [
            {
                "walked_at": "2026-11-21T10:00:00+00:00",
                "walking_tolerance_min": 10.0,
                "first_symptom_min": 1.5,
            }
        ],
    }
    chart = next(c for c in views.diary_charts(progress) if c["id"] == "tolerance-chart")
    text = repr(chart)
    assert "1 min 30 s" in text and "10 min" not in text, text
    assert "before the pain starts, not before it makes you stop" in text


def test_the_other_surfaces_name_the_moment() -> None:
    assert TREND_MEASURES["walking_tolerance_min"] == "Time walked before the pain starts"
    assert (
        "before the pain started" in DIARY_WALKING_DISPLAY
        and "force a stop or slow-down" not in DIARY_WALKING_DISPLAY
    )
    # the plan's step for a check that did not ask: both moments, the check's among them
    assert "before the pain starts" in TIME_THE_WALK and "before it makes you stop" in TIME_THE_WALK


def test_the_walking_test_page_names_both_moments() -> None:
    page = (TEMPLATES / "walking_test.html").read_text()
    assert "How long can you walk before your symptoms start, and before they make you stop?" in page
