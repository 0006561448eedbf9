"""Everyday walking beside the diary: days imported from an Apple Health export, per person.

``Everyday(records)`` works on the person ``records`` is for (``Records.for_person``, or the one
person). ``import_file`` copies the upload a piece at a time to a temporary file (counted, refused
as soon as it is bigger than the walk upload's limit, deleted after), reads it with
``diary.apple_health`` (streamed: a 2 GB export needs the memory of a few MB), then writes every day
in one transaction: all or nothing. A day already kept from the same source is updated when the
new export says something else about it, and left alone when it says the same; so importing the
same export twice adds nothing twice, and a newer export brings its new days and updates the rest.

The days are in the JSON export (``everyday_walking``), the FHIR export (an Observation per measure
and day), the report for a clinician (``services.everyday_summary``), the restore, the CSV table
``everyday``, delete-all and person deletion (docs/everyday-walking.md).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from backstride.core.errors import InputError, RecordingError
from backstride.diary.apple_health import AppleHealthReader, EverydayDay
from backstride.diary.entries import EARLIEST_DATE, FUTURE_SLACK
from backstride.services.activity import note
from backstride.services.form_tokens import (
    IdempotencyKey,
    answer_sent_before,
    keep_idempotency_key,
    row_sent_before,
)
from backstride.services.people import IMPORT_LOCK_KEY, get_person, the_one_person
from backstride.services.records import (
    EVERYDAY_UPLOAD,
    MAX_UNPACKED_UPLOAD_BYTES,
    READ_ERRORS,
    Records,
    copy_counting,
    shown_upload_name,
    temp_upload_name,
)
from backstride.storage.models import EverydayWalkingDay, Person, stored_time

SOURCE = "apple_health"  # the only source so far; the table keeps a day per source
MEASURE_COLUMNS = tuple(f.name for f in fields(EverydayDay) if f.name not in ("day",))


@dataclass(frozen=True)
class EverydayDayView:
    """One stored day of everyday walking (a measure is None when it was not measured)."""

    id: int
    person_id: int
    day: date
    source: str
    counted_by: str | None
    steps: int | None
    distance_m: float | None
    walking_speed_mps: float | None
    step_length_m: float | None
    asymmetry_fraction: float | None
    double_support_fraction: float | None
    six_minute_walk_m: float | None
    imported_at: datetime

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["day"] = self.day.isoformat()
        out["imported_at"] = stored_time(self.imported_at).isoformat()
        return out


def day_view(row: EverydayWalkingDay) -> EverydayDayView:
    return EverydayDayView(**{f.name: getattr(row, f.name) for f in fields(EverydayDayView)})


@dataclass(frozen=True)
class ImportResult:
    """What an import did: days added, updated (the export said something new) and unchanged, and
    the reader's notes (what was read, skipped and chosen)."""

    file_name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    first_day: date | None = None
    last_day: date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def in_words(self) -> str:
        """``12 days added, 3 updated and 40 already here`` (plain words for every interface)."""
        days = "day" if self.added == 1 else "days"
        return f"{self.added} {days} added, {self.updated} updated and {self.unchanged} already here"

    @classmethod
    def of_kept(cls, kept: dict[str, Any]) -> ImportResult:
        """The result ``to_dict`` gave, as kept with an ``Idempotency-Key`` (``Everyday.import_file``)."""
        return cls(
            file_name=kept["file_name"],
            added=kept["added"],
            updated=kept["updated"],
            unchanged=kept["unchanged"],
            first_day=None if kept["first_day"] is None else date.fromisoformat(kept["first_day"]),
            last_day=None if kept["last_day"] is None else date.fromisoformat(kept["last_day"]),
            notes=tuple(kept["notes"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "notes": list(self.notes),
        }


class Everyday:
    """The everyday-walking use cases of one person's ``Records`` (see the module docstring)."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def import_file(
        self, filename: str, data: bytes | IO[bytes], *, idempotency_key: str | None = None
    ) -> ImportResult:
        """Read an Apple Health export (``export.zip`` or ``export.xml``: bytes or a binary file open
        for reading) and keep its days; a file that cannot be used is a ``RecordingError`` naming it
        and keeps nothing.

        ``idempotency_key``: the API's ``Idempotency-Key`` (``services.form_tokens``, 24 hours), kept in
        the import's transaction with what it answered, as a restore's is: the same request (the same
        file's bytes and name, for the same ``person_id``) sent again with it gets that first answer;
        another request with it is an ``IdempotencyKeyReusedError``; the person's records deleted
        since (or the person), an ``IdempotencyKeyGoneError``: nothing is brought in again."""
        records = self.records
        name = shown_upload_name(filename)
        if not name:
            raise InputError(
                "We could not read the file's name, so nothing was saved. Send the file the Health app made, "
                "export.zip (or export.xml from inside it), again."
            )
        if idempotency_key is None:  # a retry's key answers first (a 409 when its person went since)
            self._person_still_there()
        source = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
        with tempfile.TemporaryDirectory(prefix="backstride-health-") as tmp:
            path = Path(tmp) / temp_upload_name(name)
            size, sha256 = copy_counting(source, path, name, records.max_upload_bytes, kind=EVERYDAY_UPLOAD)
            sent = IdempotencyKey.of(idempotency_key, "everyday", records.person_id, name, sha256)
            if sent is not None:
                with records.db.session() as session:
                    first = self._sent_before(session, sent)
                if first is not None:
                    return first
                self._person_still_there()
            if size == 0:
                raise RecordingError(
                    f"{name} is empty; expected export.zip or export.xml from the Health app"
                )
            try:
                # a zip that unpacks to more than a walk zip may is refused, as for walks (zip bombs)
                reader = AppleHealthReader(max_xml_bytes=MAX_UNPACKED_UPLOAD_BYTES).read(path, name=name)
            except READ_ERRORS as exc:  # outside the reader's own checks: still the file's fault
                raise RecordingError(f"{name} could not be read as an Apple Health export: {exc}") from exc
        return self._keep(name, reader, sent)

    def _sent_before(self, session: Session, sent: IdempotencyKey | None) -> ImportResult | None:
        """The answer ``sent``'s key was kept with for the same request (``form_tokens.sent_before``);
        None when it is new; the person, or their records, deleted since: ``added_gone``'s error."""
        now = self.records.now()
        if row_sent_before(session, sent, "everyday", Person, now) is None:
            return None
        first = answer_sent_before(session, sent, "everyday", now)
        return None if first is None else ImportResult.of_kept(first)

    def import_path(self, path: str | Path) -> ImportResult:
        """Read an export on this computer where it lies (the command line): no copy and no upload
        limit, as for a walk file given to ``gait analyze``; otherwise as ``import_file``."""
        name = Path(path).name
        self._person_still_there()
        try:
            reader = AppleHealthReader().read(path, name=name)
        except READ_ERRORS as exc:
            raise RecordingError(f"{name} could not be read as an Apple Health export: {exc}") from exc
        return self._keep(name, reader)

    def _person_still_there(self) -> None:
        records = self.records
        with records.db.session() as session:  # a person deleted meanwhile: said before the reading
            if records.person_id is not None:
                get_person(session, records.person_id)
            else:
                the_one_person(session, create=False)

    def _keep(self, name: str, reader: AppleHealthReader, sent: IdempotencyKey | None = None) -> ImportResult:
        records = self.records
        now = stored_time(records.clock()).astimezone(UTC)
        # a day the diary could keep (a phone's clock set wrong can date a record 9999-12-31): the
        # restore takes back only such days, so a backup of what is kept here can always be restored
        today = records.today()
        days = [d for d in reader.days_ if EARLIEST_DATE <= d.day <= today + FUTURE_SLACK]
        notes = reader.notes_
        if len(days) < len(reader.days_):
            left_out = len(reader.days_) - len(days)
            notes += (
                f"{left_out:,} {'day' if left_out == 1 else 'days'} dated before {EARLIEST_DATE} or after "
                "tomorrow (a phone's clock set wrong) were left out.",
            )
        if not days:
            raise RecordingError(
                f"{name} has no days of walking dated from {EARLIEST_DATE} to today; expected an export "
                "from an iPhone or Apple Watch whose clock was set right. Nothing was kept"
            )
        added = updated = unchanged = 0
        with records.db.session(write=True) as session:
            if not records.db.is_sqlite:  # one import at a time: a second must see the first's days
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})
            # looked for after the lock: of two sent at once with one key, the second finds the first's
            first = self._sent_before(session, sent)
            if first is not None:
                return first
            owner = records.owner_id(session, create=True)
            assert owner is not None  # made when the database has nobody yet
            stored = {
                row.day: row
                for row in session.scalars(
                    select(EverydayWalkingDay).where(
                        EverydayWalkingDay.person_id == owner, EverydayWalkingDay.source == SOURCE
                    )
                )
            }
            for day in days:
                values = {column: getattr(day, column) for column in MEASURE_COLUMNS}
                row = stored.get(day.day)
                if row is None:
                    session.add(
                        EverydayWalkingDay(
                            person_id=owner, day=day.day, source=SOURCE, imported_at=now, **values
                        )
                    )
                    added += 1
                elif any(getattr(row, column) != value for column, value in values.items()):
                    for column, value in values.items():
                        setattr(row, column, value)
                    row.imported_at = now
                    updated += 1
                else:
                    unchanged += 1
            result = ImportResult(
                file_name=name,
                added=added,
                updated=updated,
                unchanged=unchanged,
                first_day=days[0].day,
                last_day=days[-1].day,
                notes=notes,
            )
            note(
                session,
                "everyday_imported",
                at=now,
                person_id=owner,
                person_label=session.get_one(Person, owner).label,
                detail=result.in_words(),
            )
            keep_idempotency_key(session, sent, "everyday", owner, now, answer=result.to_dict())
        return result

    def count(self) -> int:
        """How many days of everyday walking this person has (what deleting them would take too)."""
        with self.records.db.session() as session:
            owner = self.records.owner_id(session)
            if owner is None:
                return 0
            query = select(func.count()).select_from(EverydayWalkingDay)
            return session.scalar(query.where(EverydayWalkingDay.person_id == owner)) or 0

    def list_days(self, *, start: date | None = None, end: date | None = None) -> list[EverydayDayView]:
        """This person's days, oldest first, optionally within ``[start, end]`` (inclusive)."""
        if start is not None and end is not None and start > end:
            raise InputError(f"start {start} is after end {end}; expected start <= end")
        query = select(EverydayWalkingDay).order_by(EverydayWalkingDay.day, EverydayWalkingDay.source)
        if start is not None:
            query = query.where(EverydayWalkingDay.day >= start)
        if end is not None:
            query = query.where(EverydayWalkingDay.day <= end)
        with self.records.db.session() as session:
            owner = self.records.owner_id(session)
            query = query.where(EverydayWalkingDay.person_id == (owner if owner is not None else -1))
            return [day_view(row) for row in session.scalars(query)]


__all__ = ["Everyday", "EverydayDayView", "ImportResult", "SOURCE", "day_view"]
