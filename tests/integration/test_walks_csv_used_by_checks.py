"""walks.csv's ``used_by_checks`` says whether a check used the walk, not whether one may (review 2026-11-28).

The column read "yes" for every walk a check may use (``walk_not_usable``), also one no check ever used:
a lower-back walk sent after the only check was finished read "used_by_checks: yes" though the check
kept the walk before it. Now ``used_by_checks`` is "yes" only for a walk a check's result was worked out
with (checks.csv's ``walk_id``), and ``usable_by_checks`` keeps the rule. Real files: the two lab people's
lower-back walks (Mobilise-D HA/001 and HA/002)."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.integration.test_check_walk import OTHER_WALK, WALK, finish_at, setup, upload  # noqa: F401

from backstride.services.tables import csv_table


def test_used_by_checks_is_yes_only_for_the_walk_a_check_used(setup: Any) -> None:  # noqa: F811
    _, records, clock = setup
    used = upload(records, clock, WALK, -10)
    check = finish_at(records, clock, 0)  # uses the walk there when it was finished
    later = upload(records, clock, OTHER_WALK, 10)  # a lower-back walk no check used
    assert records.result(check).gait_recording_id == used
    document = records.export_all()
    walks = {r["walk_id"]: r for r in csv.DictReader(io.StringIO(csv_table(document, "walks")))}
    checks = list(csv.DictReader(io.StringIO(csv_table(document, "checks"))))
    assert [c["walk_id"] for c in checks] == [str(used)]
    assert (walks[str(used)]["used_by_checks"], walks[str(used)]["usable_by_checks"]) == ("yes", "yes")
    assert (walks[str(later)]["used_by_checks"], walks[str(later)]["usable_by_checks"]) == ("no", "yes")
