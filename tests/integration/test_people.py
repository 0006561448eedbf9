"""People: one database keeps the records of several people (a clinic), and never mixes them.

Every test runs on SQLite and on PostgreSQL (``database_url``). The service layer is tested here; the
web pages, the API and the command line have their own tests.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.test_sharing import finish_check

from backstride.core.errors import (
    AmbiguousPersonError,
    InputError,
    NotFoundError,
    PersonNeededError,
    PersonNotFoundError,
)
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database

LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
TODAY = date.today().isoformat()


def _walk(records: Records, height_cm: float = 172) -> int:
    view = records.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=height_cm, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    return view.id


def test_a_new_database_has_one_person_and_works_without_saying_whose(records: Records) -> None:
    (me,) = records.people.list()
    assert (me.id, me.label, me.height_cm) == (1, "Me", None)
    entry = records.add_diary_entry(entry_date=TODAY, pain_0_10=4)
    assert entry.person_id == 1
    assert [e.id for e in records.list_diary_entries()] == [entry.id]
    assert records.people.get(1).counts == {"assessments": 0, "gait_recordings": 0, "diary_entries": 1}


def test_with_several_people_a_request_that_does_not_say_whose_is_refused(records: Records) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=4)
    records.people.add("Room 4")
    for call in (
        records.list_diary_entries,
        records.list_walks,
        records.list_assessments,
        records.export_all,
        records.counts,
        records.delete_all,
        records.start_assessment,
        lambda: records.add_diary_entry(entry_date=TODAY, pain_0_10=2),
        lambda: _walk(records),
    ):
        with pytest.raises(PersonNeededError, match="records for 2 people; say whose"):
            call()
    # nothing was written by the refused calls, and the stored entry is still there
    assert records.for_person(1).counts()["diary_entries"] == 1
    assert records.for_person(2).counts() == {
        "assessments": 0,
        "gait_recordings": 0,
        "diary_entries": 0,
        "settings": 0,
    }


def test_each_person_sees_and_changes_only_their_own_records(records: Records) -> None:
    alex = records.for_person(records.people.add("Alex").id)
    sam = records.for_person(records.people.add("Sam", height_cm=181).id)
    alex_entry = alex.add_diary_entry(entry_date=TODAY, pain_0_10=7, notes="alex")
    sam.add_diary_entry(entry_date=TODAY, pain_0_10=2, notes="sam")
    alex_check = alex.start_assessment()
    assert [e.notes for e in alex.list_diary_entries()] == ["alex"]
    assert [e.notes for e in sam.list_diary_entries()] == ["sam"]
    assert [a["id"] for a in alex.list_assessments()] == [alex_check.id]
    assert sam.list_assessments() == []
    # someone else's record, by its id, is not found (and not changed) for this person ...
    with pytest.raises(NotFoundError, match="not one of person"):
        sam.get_diary_entry(alex_entry.id)
    with pytest.raises(NotFoundError):
        sam.delete_diary_entry(alex_entry.id)
    with pytest.raises(NotFoundError):
        sam.answer(alex_check.id, {"age_years": 50})
    assert alex.get_diary_entry(alex_entry.id).notes == "alex"
    # ... while a record asked for by its id alone is found whoever it belongs to (ids are unique)
    assert records.get_diary_entry(alex_entry.id).person_id == alex.person_id
    sam.delete_all()
    assert [e.notes for e in alex.list_diary_entries()] == ["alex"]
    assert records.people.get(sam.person_id).height_cm is None  # their height went with their data


def test_a_check_never_uses_another_persons_walk(records: Records) -> None:
    alex = records.for_person(records.people.add("Alex").id)
    sam = records.for_person(records.people.add("Sam").id)
    check = finish_check(alex, "dev-001")
    sams_walk = _walk(sam)  # the newest walk in the database, but Sam's
    result = alex.result(check)
    assert result.gait_recording_id is None and result.gait_factor_codes == []
    alexs_walk = _walk(alex, height_cm=165)
    assert alex.result(check).gait_recording_id is None  # finished before any walk of Alex's: as it was
    later = finish_check(alex, "dev-001")
    assert alex.result(later).gait_recording_id == alexs_walk != sams_walk
    assert records.people.get(alex.person_id).height_cm == 165  # the height last used is theirs
    assert records.people.get(sam.person_id).height_cm == 172
    assert [w["id"] for w in alex.progress()["walks"]] == [alexs_walk]


def test_a_persons_export_holds_only_them_and_restores_into_another_person(records: Records) -> None:
    alex = records.for_person(records.people.add("Alex").id)
    sam = records.for_person(records.people.add("Sam").id)
    alex.add_diary_entry(entry_date=TODAY, pain_0_10=6, notes="alex's day")
    sam.add_diary_entry(entry_date=TODAY, pain_0_10=1, notes="sam's day")
    walk_id = _walk(alex)
    assert alex.result(finish_check(alex, "dev-004")).gait_recording_id == walk_id
    document = alex.export_all()
    assert document["person"] == {
        "label": "Alex",
        "height_cm": 172.0,
        "name": None,
        "birth_date": None,
        "gender": None,
        "mrn": None,
        "mrn_system": None,
    }
    assert [e["notes"] for e in document["diary_entries"]] == ["alex's day"]
    assert len(document["gait_recordings"]) == 1 and len(document["assessments"]) == 1
    text = json.dumps(document)
    # into Alex again: all there already; into a new person: everything added, and linked
    assert sum(restore_export(alex, text).added.values()) == 0
    copy = records.for_person(records.people.add("Alex (copy)").id)
    added = restore_export(copy, text).added
    assert added == {
        "assessments": 1,
        "gait_recordings": 1,
        "diary_entries": 1,
        "everyday_days": 0,
        "settings": 0,
    }
    assert records.people.get(copy.person_id).height_cm is None  # Alex's height is not theirs
    restored = copy.export_all()
    assert [e["notes"] for e in restored["diary_entries"]] == ["alex's day"]
    assert restored["assessments"][0]["gait_recording_id"] == restored["gait_recordings"][0]["id"]
    assert [e.notes for e in sam.list_diary_entries()] == ["sam's day"]  # Sam untouched
    # the file's own label picks nobody: restoring without saying whose, with several people, is refused
    with pytest.raises(PersonNeededError):
        restore_export(records, text)


def test_an_export_made_before_people_were_kept_still_restores(records: Records) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=3, notes="old file")
    old = records.export_all()
    old["format_version"] = 1
    old.pop("person")
    records.delete_all()
    added = restore_export(records, json.dumps(old)).added
    assert added["diary_entries"] == 1
    assert [e.notes for e in records.list_diary_entries()] == ["old file"]


def test_deleting_a_person_deletes_their_records_only_and_their_id_is_never_given_again(
    records: Records,
) -> None:
    records.add_diary_entry(entry_date=TODAY, pain_0_10=3, notes="mine")
    visitor = records.people.add("Visitor")
    guest = records.for_person(visitor.id)
    guest.add_diary_entry(entry_date=TODAY, pain_0_10=5)
    check = guest.start_assessment()
    gone = records.people.delete(visitor.id)
    assert gone == {"assessments": 1, "gait_recordings": 0, "diary_entries": 1, "everyday_days": 0}
    with pytest.raises(NotFoundError, match=f"person {visitor.id} does not exist"):
        records.for_person(visitor.id)
    with pytest.raises(NotFoundError):
        records.get_assessment(check.id)
    with pytest.raises(NotFoundError):  # an object made for them before refuses to store more
        guest.add_diary_entry(entry_date=TODAY, pain_0_10=1)
    assert [e.notes for e in records.list_diary_entries()] == ["mine"]  # one person again: no need to say
    assert records.people.add("Next").id > visitor.id


def test_the_last_person_deleted_a_new_me_is_made_when_something_is_stored(records: Records) -> None:
    records.people.delete(1)
    assert records.people.list() == []
    assert records.list_diary_entries() == []  # reading makes nobody
    assert records.people.list() == []
    entry = records.add_diary_entry(entry_date=TODAY, pain_0_10=2)
    (me,) = records.people.list()
    assert me.label == "Me" and entry.person_id == me.id and me.id > 1


def test_a_walk_for_a_person_deleted_meanwhile_is_refused_before_it_is_analysed(records: Records) -> None:
    gone = records.for_person(records.people.add("Gone").id)
    records.people.delete(gone.person_id)
    with pytest.raises(NotFoundError, match="does not exist"):
        _walk(gone)
    assert records.for_person(1).counts()["gait_recordings"] == 0


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("", "label is empty"),
        ("   ", "label is empty"),
        ("x" * 81, "81 characters long; expected at most 80"),
        ("bad\x00name", "control character"),
        (42, "label must be text"),
        ("me", "already a person called 'Me'"),  # any case: two people never look alike
    ],
)
def test_a_label_that_cannot_be_kept_is_refused_and_nobody_is_added(
    records: Records, label: object, named: str
) -> None:
    with pytest.raises(InputError, match=named):
        records.people.add(label)
    assert [p.label for p in records.people.list()] == ["Me"]


def test_people_are_found_by_id_or_label_and_renamed(records: Records) -> None:
    added = records.people.add("  Room   4 ", height_cm=170)
    assert added.label == "Room 4"  # spaces trimmed and joined
    assert records.people.find("room 4").id == added.id
    assert records.people.find(str(added.id)).label == "Room 4"
    with pytest.raises(NotFoundError, match="'Room 5': nobody in this database has that id or label"):
        records.people.find("Room 5")
    with pytest.raises(NotFoundError):  # a digit that is not 0-9 is a label, not an id (no crash)
        records.people.find("²")
    clash = records.people.add(str(added.id))  # labelled with another person's id
    with pytest.raises(InputError, match=rf"could mean 'Room 4' \(person {added.id}\) or '{added.id}'"):
        records.people.find(str(added.id))
    records.people.delete(clash.id)
    with pytest.raises(InputError, match="already a person called 'Me'"):
        records.people.update(added.id, label="ME")
    renamed = records.people.update(added.id, label="Bed 2")
    assert (renamed.label, renamed.height_cm) == ("Bed 2", 170)
    assert records.people.update(added.id, height_cm=None).height_cm is None
    with pytest.raises(InputError, match="height_cm must be from 50 to 250"):
        records.people.update(added.id, height_cm=20)
    with pytest.raises(NotFoundError, match="person 99999 does not exist"):
        records.people.update(99999, label="Nobody")


def test_a_refusal_about_people_points_each_interface_to_its_own_list(records: Records) -> None:
    records.people.add("{Room 4}")  # braces in a label are text, not a placeholder
    with pytest.raises(PersonNotFoundError) as nobody:
        records.people.find("{Room 5}")
    assert str(nobody.value) == (
        "person '{Room 5}': nobody in this database has that id or label; see the list of people"
    )
    assert nobody.value.phrased({"people_list": "GET /api/people"}).endswith("; see GET /api/people")
    clash = records.people.add("1")  # labelled with Me's id
    with pytest.raises(AmbiguousPersonError) as two:
        records.people.find("1")
    assert str(two.value).endswith("nothing was done. Rename one so that labels and ids cannot be mixed up")
    assert two.value.phrased({"rename": "Rename"}).startswith(
        f"person '1' could mean 'Me' (person 1) or '1' (person {clash.id})"
    )
    with pytest.raises(PersonNotFoundError, match="person 2147483648 does not exist; see the list of people"):
        records.for_person(2**31)


def test_a_person_added_keeps_the_clock_time(database_url: str) -> None:
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    db = Database(database_url).migrate()
    records = Records(db, clock=lambda: moment)
    assert records.people.add("Clocked").created_at == moment
    db.dispose()


def test_two_requests_adding_the_same_person_at_once_give_one_person_and_a_clear_refusal(
    database_url: str,
) -> None:
    import threading

    db = Database(database_url).migrate()
    records = Records(db)
    outcomes: list[object] = []
    start = threading.Barrier(4)

    def add() -> None:
        start.wait()
        try:
            outcomes.append(records.people.add("Room 9").id)
        except InputError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    added = [o for o in outcomes if isinstance(o, int)]
    assert len(added) == 1 and len(outcomes) == 4
    assert all("already a person called 'Room 9'" in str(o) for o in outcomes if o not in added)
    assert [p.label for p in records.people.list()] == ["Me", "Room 9"]
    db.dispose()


def test_first_writes_at_once_after_the_last_person_went_make_one_me(database_url: str) -> None:
    import threading

    db = Database(database_url).migrate()
    records = Records(db)
    records.people.delete(1)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write(i: int) -> None:
        start.wait()
        try:
            records.add_diary_entry(entry_date=TODAY, pain_0_10=i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    (me,) = records.people.list()
    assert me.label == "Me" and me.counts["diary_entries"] == 4
    db.dispose()
