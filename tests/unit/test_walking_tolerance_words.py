"""The short-walking rule says what a timed walk measured.

A walk with the first symptom at 56 s of walking and the stop at 1 min 56 s gives a walking
tolerance of 0.93 min (the time to the first symptom [D7], ``services.gait_findings``); the rule's
message then read "walk only 10 minutes or less before you must stop", though the person walked on
for another minute. The message now covers both: the pain coming on, or having to stop.
"""

from __future__ import annotations

from backstride import assess


def test_a_walk_timed_to_the_first_symptom_is_not_called_a_forced_stop() -> None:
    result = assess({"worse_walking": True, "walking_tolerance_min": 0.93}).to_dict()
    (rule,) = [r for r in result["reasons_for_review"] if r["code"] == "short_walking_tolerance"]
    assert "must stop" not in rule["message"]
    assert "comes on" in rule["message"] and "makes you stop" in rule["message"]
