"""A restored file's days of everyday walking are checked as the Apple Health import checks them: a
hand-edited day the import could never make (far in the future, before 1900, a walking speed of
1e300 m/s) is named and nothing is saved, so it cannot break the Everyday page or the report later."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _file(records: Records, *days: dict[str, Any]) -> str:
    records.add_diary_entry(entry_date=records.today().isoformat(), pain_0_10=3)
    document = records.export_all(note_download=False)
    records.delete_all()
    document["everyday_walking"] = [
        {"source": "apple_health", "imported_at": "2026-11-20T10:00:00+00:00", **day} for day in days
    ]
    return json.dumps(document)


@pytest.mark.parametrize(
    ("day", "named"),
    [
        ({"day": "9999-12-31", "steps": 5}, "everyday_walking[0].day: 9999-12-31 is in the future"),
        ({"day": "0001-01-01", "steps": 5}, "everyday_walking[0].day: 0001-01-01 is too early"),
        ({"day": "2026-01-05", "walking_speed_mps": 1e300}, "everyday_walking[0].walking_speed_mps"),
        ({"day": "2026-01-05", "distance_m": 1e300}, "everyday_walking[0].distance_m"),
        ({"day": "2026-01-05", "steps": 2**31 - 1}, "everyday_walking[0].steps"),
        ({"day": "2026-01-05", "six_minute_walk_m": 1e9}, "everyday_walking[0].six_minute_walk_m"),
    ],
)
def test_a_day_the_health_import_could_never_make_is_named_and_nothing_is_saved(
    records: Records, day: dict[str, Any], named: str
) -> None:
    data = _file(records, day)
    with pytest.raises(InputError) as caught:
        restore_export(records, data)
    assert named in str(caught.value)
    assert "nothing was saved" in str(caught.value)
    stored = records.export_all(note_download=False)
    assert stored["diary_entries"] == [] and stored["everyday_walking"] == []


def test_days_at_the_import_limits_are_restored_and_shown(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        records = client.app.state.records  # type: ignore[attr-defined]
        data = _file(
            records,
            {"day": "1900-01-01", "steps": 1_000_000, "distance_m": 1_000_000.0},
            {
                "day": "2026-01-05",
                "walking_speed_mps": 10.0,
                "step_length_m": 3.0,
                "six_minute_walk_m": 5000.0,
            },
        )
        result = restore_export(records, data)
        assert result.added["everyday_days"] == 2
        assert client.get("/everyday").status_code == 200
        assert client.get("/report").status_code == 200


@pytest.mark.parametrize(
    ("day", "named"),
    [
        ({"day": "2026-01-05", "steps": 5, "counted_by": "\x07"}, "everyday_walking[0].counted_by"),
        ({"day": "2026-01-05", "steps": 5, "source": "apple\x1b_health"}, "everyday_walking[0].source"),
    ],
)
def test_a_control_character_in_a_days_words_is_named_and_nothing_is_saved(
    records: Records, day: dict[str, Any], named: str
) -> None:
    # restored, a counted_by of only a BEL made every later FHIR export fail ('an empty string')
    with pytest.raises(InputError) as caught:
        restore_export(records, _file(records, day))
    assert named in str(caught.value) and "control character" in str(caught.value)
    assert records.export_all(note_download=False)["everyday_walking"] == []
