"""SQLAlchemy 2.0 tables of backstride (typed ``Mapped[...]`` models).

These are tables only; the request and response shapes of the web API live in
``backstride.web.schemas``. Every change to a table goes with an Alembic migration in
``storage/migrations/versions``; the schema is never created with ``create_all`` in production.

Versions travel with results: an assessment keeps the knowledge version and the package version it
was computed with; a gait recording keeps the package version and the gait algorithm parameters.

Raw upload bytes are *not* kept (a decision, see docs/web-app.md): a recording row stores the
original file name, its size and SHA-256, the format that was read, the parameters and the result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.sql.expression import false

from backstride.core.names import name_key

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# An id is never given twice, also after the newest row was deleted: a clinician's note "check 12" or
# a bookmark to a walk must never show another item. PostgreSQL's sequences never go back; SQLite
# reuses the highest id unless the table is AUTOINCREMENT (then sqlite_sequence keeps the highest).
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


# Ids are INTEGER columns, 32 bits on PostgreSQL, which fails (a 500) comparing one with a bigger number:
# no row has such an id, so the services say "not found" before the database is asked.
ID_LIMIT = 2**31


def stored_time(moment: datetime) -> datetime:
    """A ``DateTime(timezone=True)`` value as read back: SQLite gives it without its zone, and every
    stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base; naming conventions keep constraint names stable across databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# a clinic identifier is one person's: the same number in the same system is never given to two.
# NULLs differ in SQL, so a number without a system has an index of its own (a partial one, SQLite and
# PostgreSQL alike): without it two requests at once could give two people the same number (review R4)
PERSON_MRN_INDEX = "uq_people_mrn_system_mrn"
PERSON_MRN_NO_SYSTEM_INDEX = "uq_people_mrn_no_system"
MRN_WITHOUT_SYSTEM = "mrn_system IS NULL"


class Person(Base):
    """Someone whose records are kept: at home that is one person ("Me"), in a clinic many.

    ``label`` is what the people using the app call them (a name, initials or a clinic number).
    ``height_cm`` is the height last given for a walk. ``label_key`` is the label as
    ``core.names.name_key`` compares it (NFC, case-folded), unique, so two people never differ only in
    case, in any script; it follows ``label`` whenever that is set.

    What a clinic may add to match the record to its own (migration 0014; each optional, checked by
    ``services.people.checked_identity``): ``name`` (the full name), ``birth_date``, ``gender`` (FHIR's
    administrative gender code) and a clinic identifier ``mrn`` (a medical record number) with the
    URI of the system that gives it (``mrn_system``), never two people's alike (the indexes below).
    """

    __tablename__ = "people"
    __table_args__ = (
        Index(PERSON_MRN_INDEX, "mrn_system", "mrn", unique=True),
        Index(
            PERSON_MRN_NO_SYSTEM_INDEX,
            "mrn",
            unique=True,
            sqlite_where=text(MRN_WITHOUT_SYSTEM),
            postgresql_where=text(MRN_WITHOUT_SYSTEM),
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(80), unique=True)
    label_key: Mapped[str] = mapped_column(String(240), unique=True)  # casefold may triple a letter
    height_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    mrn: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mrn_system: Mapped[str | None] = mapped_column(String(255), nullable=True)

    @validates("label")
    def _label_key_follows(self, _attribute: str, label: str) -> str:
        self.label_key = name_key(label)
        return label


def _owner() -> Mapped[int]:
    # every record belongs to one person and goes with them when they are deleted
    return mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class Assessment(Base):
    """One interview and its latest result.

    ``answers`` holds the answers exactly as given, ``{finding_code: value}``, in the order given;
    ``None`` means "don't know". ``result`` is the contract assessment JSON (``None`` until computed).
    ``started_via`` and ``started_by``: who started it (migration 0016, as a walk keeps who sent it:
    ``services.records.starter_words``).
    """

    __tablename__ = "assessments"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _owner()
    mode: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    disposition: Mapped[str | None] = mapped_column(String(20), nullable=True)
    knowledge_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    package_version: Mapped[str] = mapped_column(String(40))
    gait_recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("gait_recordings.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # when the answer that finished it was given (None: not finished, or kept before migration 0011)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # who started it (migration 0016), as a walk keeps who sent it: the interface, and the staff member
    # signed in (copied), None for none named; both None: kept before, not recorded
    started_via: Mapped[str | None] = mapped_column(String(20), nullable=True)
    started_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # a check kept without a finish time found complete once (migration 0018): the SHA-256 of what that
    # depends on (``services.records.complete_mark``: the versions, the kind, the answers), so a listing
    # need not replay it again; never a finish time, never exported, and worth nothing once either moves
    complete_mark: Mapped[str | None] = mapped_column(String(64), nullable=True)


def walk_duplicate_key(sha256: str, algorithm_parameters: Any, height_cm: float | None) -> str | None:
    """What makes a walk the same file sent again (``GaitRecording.duplicate_key``, migration 0013): the
    SHA-256 of the file's SHA-256, the choices it was read with (trial, units: ``reader``), the times
    typed (``walking_test``) and the height, as a 64-character hex text; None when its parameters are
    not a mapping (then it cannot be told). Changing it needs a migration that works every key out again.
    """
    if not isinstance(algorithm_parameters, Mapping):
        return None

    def given(part: Any) -> dict[str, Any]:
        return {k: v for k, v in part.items() if v is not None} if isinstance(part, Mapping) else {}

    same = {
        "sha256": sha256,
        "reader": given(algorithm_parameters.get("reader")),
        "walking_test": given(algorithm_parameters.get("walking_test")),
        "height_cm": None if height_cm is None else float(height_cm),
    }
    text = json.dumps(same, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


DUPLICATE_WALK_INDEX = "uq_gait_recordings_person_id_duplicate_key"


class GaitRecording(Base):
    """One uploaded walk and what the gait pipeline made of it.

    ``duplicate_key`` (migration 0013, ``walk_duplicate_key``) is unique per person, so the same file
    sent twice at the same moment is stored once, whatever the look-up before saw. It is None for a
    walk that repeats one kept before the key existed, or one a restore added beside the same walk
    (many Nones never collide). ``sent_via`` and ``sent_by``: who sent it (migration 0015,
    ``services.records.sender_words``)."""

    __tablename__ = "gait_recordings"
    __table_args__ = (
        Index(DUPLICATE_WALK_INDEX, "person_id", "duplicate_key", unique=True),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _owner()
    original_filename: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(40))
    # 64-bit on PostgreSQL (migration 0003); SQLite's INTEGER is 64-bit already
    size_bytes: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    sha256: Mapped[str] = mapped_column(String(64))
    height_cm: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    findings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    gait_factor_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    algorithm_parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    package_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duplicate_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # who sent it (migration 0015), as the activity list names who acted (``Event``): the interface, and
    # the staff member signed in (copied), None for no staff sign-in; both None: kept before, not recorded
    sent_via: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sent_by: Mapped[str | None] = mapped_column(String(80), nullable=True)


DIARY_FORM_TOKEN_INDEX = "uq_diary_entries_person_id_form_token"


class DiaryEntry(Base):
    """One day's diary: pain 0-10, minutes walked before symptoms, notes, and ``tried``: the relief
    steps tried that day, a list of advice codes (``diary.steps``; migration 0009). ``form_token``: the
    one-time token of the page's form it was sent from (migration 0017), unique per person, so the same
    form sent twice (a double click on Save) is stored once; None for an entry from the API without an
    Idempotency-Key, a restore or a walking test."""

    __tablename__ = "diary_entries"
    __table_args__ = (Index(DIARY_FORM_TOKEN_INDEX, "person_id", "form_token", unique=True), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _owner()
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    pain_0_10: Mapped[int] = mapped_column(Integer)
    walking_tolerance_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    tried: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    form_token: Mapped[str | None] = mapped_column(String(64), nullable=True)


class DiaryEntryVersion(Base):
    """An earlier version of a diary entry, kept when something other than the person's own Edit
    replaced it (migration 0012): ``replaced_by`` "restore", a restore that met a newer version of the
    same entry (the stored one replaced by a backup's, or a backup's older than the stored one;
    ``services.restore``). Its values as they were, ``updated_at`` when that version was last
    changed, ``replaced_at`` when it was replaced (UTC). It goes with its entry when that is deleted.
    The person's own Edit keeps none: they see the old values in the form as they change them."""

    __tablename__ = "diary_entry_versions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entries.id", ondelete="CASCADE"), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    pain_0_10: Mapped[int] = mapped_column(Integer)
    walking_tolerance_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    tried: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_by: Mapped[str] = mapped_column(String(20))


class EverydayWalkingDay(Base):
    """One day of everyday walking measured by a phone or watch and imported (``services.everyday``):
    ``source`` is where it came from (``apple_health``), ``counted_by`` the device or app whose steps
    and distance were kept; a measure is None when nothing measured it that day. One row per person,
    day and source: importing again updates the day, never adds it twice."""

    __tablename__ = "everyday_walking_days"
    __table_args__ = (UniqueConstraint("person_id", "day", "source"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _owner()
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))
    counted_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    steps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    distance_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    walking_speed_mps: Mapped[float | None] = mapped_column(Float, nullable=True)
    step_length_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    asymmetry_fraction: Mapped[float | None] = mapped_column(Float, nullable=True)
    double_support_fraction: Mapped[float | None] = mapped_column(Float, nullable=True)
    six_minute_walk_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Setting(Base):
    """Small key/value store for the whole app, values as JSON (a person's height is in ``people``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


class Event(Base):
    """One thing done to the records that a clinic must be able to account for: a person added,
    changed or deleted, all of someone's records deleted, restored or downloaded, the password set or
    cleared (``services.activity``). What was done, never what the records say.

    ``person_id`` has no foreign key and ``person_label`` is copied, so the line stays after the person
    is deleted. ``via`` is the interface (page, API, command line); ``client`` the network address of
    the browser or program, when there is one; ``staff_name`` the staff member signed in (copied, so it
    stays after they are removed), None for the shared password or no sign-in.
    """

    __tablename__ = "events"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    person_label: Mapped[str | None] = mapped_column(String(80), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    via: Mapped[str] = mapped_column(String(20))
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    staff_name: Mapped[str | None] = mapped_column(String(80), nullable=True)


class Staff(Base):
    """A member of a clinic's staff who signs in to the web app with their own name and password
    (``services.access``; ``backstride staff add``). An app setting: never exported, restored or
    deleted with a person's data.

    ``name`` as typed (trimmed); ``name_key`` the same name case-folded, unique, so two staff never
    differ only in case. ``password_scrypt`` is the scrypt hash with its salt and parameters, as
    ``services.access`` keeps the shared password.
    """

    __tablename__ = "staff"
    __table_args__ = NEVER_REUSE_IDS  # a removed member's id never signs in again as someone new

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(240), unique=True)  # casefold may triple a letter
    password_scrypt: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # may manage the staff on the Staff page (migration 0010); never by upgrading, only when given
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


__all__ = [
    "ID_LIMIT",
    "stored_time",
    "walk_duplicate_key",
    "Assessment",
    "Base",
    "DiaryEntry",
    "DiaryEntryVersion",
    "Event",
    "EverydayWalkingDay",
    "GaitRecording",
    "Person",
    "Setting",
    "Staff",
]
