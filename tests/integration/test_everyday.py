"""Everyday walking (services.everyday): importing an Apple Health export into one person's records,
again and newer, and keeping the days in the export, the restore, the CSV table, delete-all and
person deletion. Every test runs on SQLite and on PostgreSQL (``database_url``)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select
from tests.conftest import FORMATS

from backstride.core.errors import InputError, RecordingError
from backstride.services.activity import Activity
from backstride.services.everyday import Everyday
from backstride.services.records import Records, UploadTooLargeError
from backstride.services.restore import restore_export
from backstride.services.sharing import make_export
from backstride.storage.models import EverydayWalkingDay

TDDA = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"
T = "HKQuantityTypeIdentifier"


def health_xml(*rows: tuple[str, str, float, str]) -> bytes:
    """An export.xml of (type, day, value, unit) records, from Jo's iPhone."""
    lines = [
        f'<Record type="{T}{kind}" sourceName="Jo iPhone" unit="{unit}" startDate="{day} 09:00:00 +0100" '
        f'endDate="{day} 09:05:00 +0100" value="{value}"/>'
        for kind, day, value, unit in rows
    ]
    return ('<HealthData locale="en_GB">\n ' + "\n ".join(lines) + "\n</HealthData>\n").encode()


def health_zip(xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("apple_health_export/export.xml", xml)
        archive.writestr("apple_health_export/export_cda.xml", b"<ClinicalDocument/>")
    return out.getvalue()


MARCH = health_xml(
    ("StepCount", "2025-03-01", 4000, "count"),
    ("WalkingSpeed", "2025-03-01", 3.6, "km/hr"),
    ("StepCount", "2025-03-02", 2500, "count"),
)
APRIL = health_xml(  # a newer export: the same days (one counted further) and a new one
    ("StepCount", "2025-03-01", 4000, "count"),
    ("WalkingSpeed", "2025-03-01", 3.6, "km/hr"),
    ("StepCount", "2025-03-02", 3100, "count"),
    ("StepCount", "2025-04-01", 800, "count"),
)


def _days(records: Records) -> list[tuple[str, int | None]]:
    return [(d.day.isoformat(), d.steps) for d in Everyday(records).list_days()]


def test_the_real_2016_excerpt_is_kept_as_two_days(records: Records) -> None:
    result = Everyday(records).import_file("export.xml", TDDA.open("rb"))
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert (result.first_day, result.last_day) == (date(2014, 9, 13), date(2014, 9, 20))
    first, second = Everyday(records).list_days()
    assert (first.day, first.steps, first.distance_m, first.source) == (
        date(2014, 9, 13),
        2517,
        None,
        "apple_health",
    )
    assert (second.day, second.steps, second.distance_m) == (date(2014, 9, 20), None, pytest.approx(19.43))
    assert result.in_words() == "2 days added, 0 updated and 0 already here"


def test_the_same_export_twice_adds_nothing_and_a_newer_one_updates(records: Records) -> None:
    everyday = Everyday(records)
    assert everyday.import_file("export.zip", health_zip(MARCH)).added == 2
    again = everyday.import_file("export.zip", health_zip(MARCH))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    newer = everyday.import_file("export.xml", APRIL)
    assert (newer.added, newer.updated, newer.unchanged) == (1, 1, 1)
    assert _days(records) == [("2025-03-01", 4000), ("2025-03-02", 3100), ("2025-04-01", 800)]
    (march_first,) = [d for d in everyday.list_days() if d.day == date(2025, 3, 1)]
    assert march_first.walking_speed_mps == pytest.approx(1.0)
    with records.db.session() as session:
        assert session.scalar(select(func.count()).select_from(EverydayWalkingDay)) == 3
    lines = [e for e in Activity(records.db).list() if e.action == "everyday_imported"]
    assert [e.detail for e in lines][:1] == ["1 day added, 1 updated and 1 already here"]


def test_a_file_that_cannot_be_used_keeps_nothing(records: Records) -> None:
    everyday = Everyday(records)
    with pytest.raises(RecordingError, match="export.zip is a damaged or cut-off zip"):
        everyday.import_file("export.zip", health_zip(MARCH)[:-40])
    with pytest.raises(RecordingError, match="has the unit 'furlong'"):
        everyday.import_file(
            "export.xml",
            health_xml(
                ("StepCount", "2025-03-01", 1, "count"), ("WalkingStepLength", "2025-03-01", 1, "furlong")
            ),
        )
    with pytest.raises(RecordingError, match="export.xml is empty"):
        everyday.import_file("export.xml", b"")
    small = Records(records.db, max_upload_bytes=100)
    with pytest.raises(UploadTooLargeError, match="is too big"):
        Everyday(small).import_file("export.xml", MARCH)
    assert _days(records) == []


def test_each_person_sees_only_their_own_days(records: Records) -> None:
    me = records.for_person(1)
    alex = records.for_person(records.people.add("Alex").id)
    Everyday(me).import_file("export.xml", MARCH)
    Everyday(alex).import_file("export.xml", health_xml(("StepCount", "2025-03-01", 99, "count")))
    assert _days(me) == [("2025-03-01", 4000), ("2025-03-02", 2500)]
    assert _days(alex) == [("2025-03-01", 99)]
    document = me.export_all()
    assert [d["steps"] for d in document["everyday_walking"]] == [4000, 2500]
    assert "person_id" not in document["everyday_walking"][0]


def test_export_and_restore_lose_nothing_and_add_nothing_twice(records: Records, database_url: str) -> None:
    Everyday(records).import_file("export.xml", MARCH)
    text = make_export(records, "json").text
    assert [d["day"] for d in json.loads(text)["everyday_walking"]] == ["2025-03-01", "2025-03-02"]
    alex = records.for_person(records.people.add("Alex").id)
    first = restore_export(alex, text)
    assert (first.added["everyday_days"], first.already_there["everyday_days"]) == (2, 0)
    second = restore_export(alex, text)
    assert (second.added["everyday_days"], second.already_there["everyday_days"]) == (0, 2)
    mine = [d.to_dict() for d in Everyday(records.for_person(1)).list_days()]
    theirs = [d.to_dict() for d in Everyday(alex).list_days()]
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "person_id")} for r in rows]  # noqa: E731
    assert strip(theirs) == strip(mine)


def test_a_restore_refuses_an_impossible_day_and_keeps_nothing(records: Records) -> None:
    Everyday(records).import_file("export.xml", MARCH)
    document = json.loads(make_export(records, "json").text)
    document["everyday_walking"][0]["asymmetry_fraction"] = 7
    alex = records.for_person(records.people.add("Alex").id)
    with pytest.raises(InputError, match=r"everyday_walking\[0\]\.asymmetry_fraction"):
        restore_export(alex, json.dumps(document))
    assert _days(alex) == []


def test_the_csv_table_has_a_row_per_day_with_units_in_its_columns(records: Records) -> None:
    Everyday(records).import_file("export.xml", MARCH)
    lines = make_export(records, "everyday").text.splitlines()
    assert lines[0].startswith("day,source,counted_by,steps,distance_m,walking_speed_mps,step_length_m,")
    assert lines[1].startswith("2025-03-01,apple_health,Jo iPhone,4000,,1.0,,")
    assert len(lines) == 3


def test_delete_all_and_deleting_the_person_delete_their_days(records: Records) -> None:
    alex = records.for_person(records.people.add("Alex").id)
    sam = records.for_person(records.people.add("Sam").id)
    Everyday(alex).import_file("export.xml", MARCH)
    Everyday(sam).import_file("export.xml", MARCH)
    assert alex.delete_all()["everyday_days"] == 2
    assert _days(alex) == [] and len(_days(sam)) == 2
    assert records.people.delete(sam.person_id or 0)["everyday_days"] == 2
    with records.db.session() as session:
        assert session.scalar(select(func.count()).select_from(EverydayWalkingDay)) == 0
    # the activity list says the days went with the person (it said "0 checks, 0 walks and 0 diary
    # entries" while months of steps went too)
    (line,) = [e for e in records.activity.list() if e.action == "person_deleted"]
    assert line.detail == "0 checks, 0 walks and 0 diary entries; 2 days of everyday walking"


@pytest.mark.parametrize("name", ["..", "."])
def test_a_file_whose_name_cannot_be_read_says_so_in_plain_words_and_keeps_nothing(
    records: Records, name: str
) -> None:
    # it said "the uploaded file has no name; expected export.zip or export.xml": what happened and
    # what to do, in a person's words
    with pytest.raises(InputError) as refused:
        Everyday(records).import_file(name, MARCH)
    assert str(refused.value) == (
        "We could not read the file's name, so nothing was saved. "
        "Send the file the Health app made, export.zip (or export.xml from inside it), again."
    )
    with records.db.session() as session:
        assert session.scalar(select(func.count()).select_from(EverydayWalkingDay)) == 0
