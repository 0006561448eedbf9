"""The look-up before an upload and the unique key (migration 0013) say "the same walk" by one rule
(``storage.models.walk_duplicate_key``): the same file, read the same way, the same height and exactly the
same times typed. Sending the file again with other times, with times where it had none or without the
times it had, is another walking test of the same recording: a walk of its own (SQLite and PostgreSQL).

What was found: the look-up took an upload without times for a stored walk of the same file with times
(409), while the key, which the database checks when two are sent at once, took them for two walks; so
the same upload was refused or kept depending on timing.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.test_walk_sent_twice import LAB_WALK, UNITS

from backstride.services.records import Records, WalkStoredAlreadyError

PLAIN: dict[str, Any] = {}
TIMED = {"symptom_at": "5", "stop_at": "7"}
SYMPTOM_ONLY = {"symptom_at": "5"}
OTHER_TIMES = {"symptom_at": "6", "stop_at": "7"}
TALLER = {"height_cm": 181}

# (first sent, then sent, the same walk?)
PAIRS = [
    (TIMED, PLAIN, False),  # without the times it had: a walk of its own (the look-up said 409)
    (PLAIN, TIMED, False),
    (TIMED, SYMPTOM_ONLY, False),
    (TIMED, OTHER_TIMES, False),
    (TIMED, TIMED, True),
    (PLAIN, PLAIN, True),
    (PLAIN, TALLER, False),
    ({**TIMED, **TALLER}, {**TIMED, **TALLER}, True),
]


def _send(records: Records, fields: dict[str, Any]) -> int:
    return records.upload_walk(LAB_WALK.name, LAB_WALK.read_bytes(), **UNITS, **fields).id


def _stored_again(records: Records, first: dict[str, Any], then: dict[str, Any]) -> bool:
    """Whether ``then`` was stored as a walk of its own after ``first``, or refused as the same walk."""
    stored = _send(records, first)
    try:
        again = _send(records, then)
    except WalkStoredAlreadyError as refused:
        assert refused.walk.id == stored
        return False
    assert again != stored
    return True


@pytest.mark.parametrize(("first", "then", "same"), PAIRS)
def test_the_look_up_and_the_key_say_the_same_walk_alike(
    records: Records, monkeypatch: pytest.MonkeyPatch, first: dict[str, Any], then: dict[str, Any], same: bool
) -> None:
    by_look_up = _stored_again(records, first, then)
    for walk in records.list_walks():
        records.delete_walk(walk.id)
    # the race: both passed the look-up, so the database's unique key decides
    monkeypatch.setattr(Records, "_stored_already", lambda *_args: None)
    by_key = _stored_again(records, first, then)
    assert by_look_up == by_key == (not same)


def test_the_same_file_without_the_times_it_had_is_a_walk_of_its_own(records: Records) -> None:
    timed = _send(records, TIMED)
    plain = _send(records, PLAIN)  # a 409 naming the timed walk before
    assert plain != timed
    assert records.get_walk(plain).algorithm_parameters.get("walking_test") is None
    with pytest.raises(WalkStoredAlreadyError) as again:  # each of them again: the one stored
        _send(records, PLAIN)
    assert again.value.walk.id == plain
    with pytest.raises(WalkStoredAlreadyError) as again:
        _send(records, TIMED)
    assert again.value.walk.id == timed
