"""``views.answers_warning`` keeps each warning for its answers (Home lists many checks). Answers that
compare equal are not always the same: ``True == 1`` in Python, but 1 is no answer to a yes-or-no
question. Under a key of the values alone, a check kept with "1" (not read: no warning) made the next
check with the same answers and ``True`` (new trouble peeing: an emergency) show no warning (review
R5, 2026-11-27). The key now holds each value's type too."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from backstride.web import views

BLADDER = {  # the first question's checklist, "none of these"
    "urinary_retention": False,
    "urinary_incontinence": False,
    "bowel_incontinence": False,
    "saddle_numbness": False,
    "sexual_dysfunction_new": False,
    "leg_symptoms_spread_to_other_leg": False,
}


class Kept:
    """What ``Records.warning_recalled`` and ``warning_remember`` do, in a dict."""

    def __init__(self) -> None:
        self.kept: dict[Hashable, Any] = {}

    def warning_recalled(self, key: Hashable) -> Any:
        return self.kept.get(key)

    def warning_remember(self, key: Hashable, value: Any) -> None:
        self.kept[key] = value


def test_a_warning_is_kept_for_answers_of_the_same_types_only() -> None:
    kept = Kept()
    assert views.answers_warning({**BLADDER, "urinary_retention": 1}, kept=kept) is None  # 1: not read
    warning = views.answers_warning({**BLADDER, "urinary_retention": True}, kept=kept)
    assert warning is not None and warning["code"] == "emergency"
    assert views.answers_warning({**BLADDER, "urinary_retention": True}, kept=kept) == warning  # kept
    assert len(kept.kept) == 2
