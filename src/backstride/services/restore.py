"""Restore a backstride export: the JSON file of ``Records.export_all`` (the Data page's download,
``GET /api/export``, ``backstride export json``) read back into a database, on this computer or
another one.

What it does, so nothing a person saved is lost or doubled:

- **Everything or nothing.** The whole file is checked first: its shape (every problem of it named
  at once), then every value as the app would check it when typed (answers replayed through the
  interview, diary entries through the diary's rules, links between checks and walks; again every
  problem at once). Only a file without problems is written, in one transaction.
- **Into one person's records.** Everything is added to the person the ``Records`` is for (the
  database's one person unless told whose, see ``services.people``), whoever the file was made for:
  the file's own person label is not trusted to pick anyone.
- **Added, never replacing.** Rows are added with new ids beside what is stored; a check's link to
  its walk follows the walk's new id. The height last used is taken only when the person has none,
  had no records before this restore (as for the details a clinic matches by) and the file was made
  for them (the same label; a file without one into a database of one person).
- **Never twice.** An item already stored for this person (the same diary entry, walk file or check,
  made at the same moment) is not added again, so restoring the same file twice changes nothing; items alike
  within the file are each added once.
- **A diary entry changed on one side** (the same entry: the only one on each side first made at that
  moment, with other values) is kept once, in its newer version (``updated_at``): the stored row is
  changed to the file's when the file's is newer. The older version, on whichever side, is kept as an
  earlier version of the entry (``diary_entry_versions``, migration 0012; the entry's Edit page shows
  it), unless the entry has that version already. ``RestoreResult.said`` names the day and what
  the other version held (docs/sharing.md). The earlier versions the file carries (format 6) are
  added to their entry, each once.
- **A walk's duplicate key** (``GaitRecording.duplicate_key``, migration 0013: the same file sent
  twice is stored once) is not in the file: it is worked out again from the walk. A walk whose key
  the person has already (the same file sent at another moment, on either computer) is added without
  one, as before the key existed, so a file is never refused for it.
- **Everyday walking** (days imported from a phone, ``services.everyday``): a day already kept for
  the person from the same source stays as it is; the file's other days are added.
- **Results as they were.** A check keeps the result, knowledge version and package version it was
  worked out with (versions travel with results); the app works it out again with today's knowledge
  when it is next shown, as for any stored check. The pages and exports show a stored result as it
  is, so it is checked too: made by this version with its walk, it must be what its answers and
  walk give; otherwise it must not be less urgent than the warning signs its answers fire (those this
  version can read). A check made by another version whose answers this one cannot replay (other
  questions) is kept as it is, answers, level and warnings, and shown as not readable by this version,
  as one stored here is; ``said`` counts them. A walk
  cannot be measured again: its result must have the shape the app reads, and its findings and
  gait factors must be those its result gives.

A file made by a newer backstride (a higher ``format_version``) is refused, not guessed at; format 1
(made before people were kept) is read without its person, format 2 (before everyday walking) with no
everyday days. Format 3 added ``everyday_walking``, so a backstride that reads format 2 says the file
is newer (update backstride) instead of naming a key it does not know. Format 4 added ``tried`` to each
diary entry (the relief steps tried that day, ``diary.steps``); a file of format 1 to 3 is read with no
steps noted, and a step the diary does not know is refused by name like any other value. Format 5
added each check's ``finished_at`` (when it was finished: "my last check" is the one finished before);
a file of format 1 to 4 has none, and its checks count from when they were started. Format 6 added each
diary entry's ``earlier_versions`` (those a restore replaced); a file of format 1 to 5 has none. Format 7
added each check's ``walk_deleted`` (the walk its result used, deleted since, and the gait factors its
result had then: ``Records.delete_walk``), kept with its result, so a restored check still says what the
deletion took away (alone, with a null result, when the file was made before the result was worked out
again, or its answers were kept by a version with other questions); a file of format 1 to 6 has none
(such a check no longer says its walk was deleted: those files never had it). Format 8 added
``result_before`` to each ``walk_deleted`` (how soon to get help and the walking tolerance the result
went by when the walk was deleted), so a restored check still says when those changed; a file of
format 7 has none, and such a check says that is not known. Format 9 added the person's details a
clinic matches its record by (``name``, ``birth_date``, ``gender``, ``mrn``, ``mrn_system``; checked
as typed): the person restored into takes them only when the file was made for them, they have none
here and they had no records before the restore (a label is used again for someone else), never
another person's clinic number; otherwise ``said`` and the activity list name which details the file
held (never their values) and that they were not taken. A file of format 1 to 8 has none. Format 10
added each check's ``walks_deleted_before``: the walks its result used before its ``walk_deleted``,
deleted earlier, oldest first (up to 9 a second deletion replaced the first note); a file of format 7
to 9 has none, and one that gives them without a ``walk_deleted``, or not oldest first, is refused.
Format 11 added each walk's ``sent_via`` and ``sent_by`` (who sent it: the interface, and the staff
member signed in; migration 0015): the name is kept as the file has it, and the interface becomes
``file`` (``core.acting.RESTORED_VIA``), so the walk says it was sent by that name "as the file it was
restored from says", never as if that staff member acted here (a file may be edited by hand or come from
another clinic); a walk already here keeps its own. A file of format 1 to 10 has neither, and its walks
say who sent them was not recorded. Format 11 also added each deletion note's ``after``:
what the check's result said right after that deletion, kept when an answer was changed before the
next one (so the first note's before and now never hold an answer changed in between); a file of
format 7 to 10 has none, and the next note's ``result_before`` stands for it, as it did.
Format 12 added each check's ``started_via`` and ``started_by`` (who started it, as a walk's sender;
migration 0016), restored the same way (the name as written, the interface ``file``); a file of format
1 to 11 has neither, and its checks say who started them was not recorded.
Format 13 added each deletion note's ``time_zone``: the name of the zone its walk was recorded in
(``Asia/Shanghai``; null: not known), kept with the note as written, so a restored note names that
clock ("00:52 Shanghai time") as it did before the backup; a file of format 7 to 12 has none, and its
notes say "where it was recorded".
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backstride import __version__ as PACKAGE_VERSION
from backstride.core import json_text
from backstride.core.acting import RESTORED_VIA, VIA
from backstride.core.dates import day_words
from backstride.core.errors import InputError
from backstride.core.export_format import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from backstride.diary.apple_health import MOST, WHAT
from backstride.diary.entries import EARLIEST_DATE, FUTURE_SLACK, check_steps, plain_text, validate_entry
from backstride.knowledge import DISPOSITION_RANK
from backstride.services.access import ACCESS_KEYS
from backstride.services.activity import note
from backstride.services.check_changes import DISPOSITION_WORDS
from backstride.services.form_tokens import (
    IdempotencyKey,
    added_gone,
    answer_sent_before,
    keep_idempotency_key,
    row_sent_before,
    sent_before,
)
from backstride.services.gait_findings import GAIT_FACTOR_CODES, WALKING_TOLERANCE_MAX_MIN
from backstride.services.people import (
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    IDENTITY_FIELDS,
    IDENTITY_WORDS,
    SYSTEM_WITHOUT_NUMBER,
    checked_height,
    checked_identity,
    identity_of,
    lock_restores,
    same_label,
    same_mrn,
    system_without_number,
)
from backstride.services.records import (
    HEIGHT_SETTING,
    MODES,
    WALK_DELETED_KEY,
    CheckSaid,
    DeletedWalk,
    Records,
    SaidAfter,
    assess_with_walk,
    diary_entry_words,
    diary_values,
    records_in_words,
)
from backstride.storage.models import (
    Assessment,
    DiaryEntry,
    DiaryEntryVersion,
    EverydayWalkingDay,
    GaitRecording,
    Person,
    Setting,
    walk_duplicate_key,
)

PROBLEMS_SHOWN = 10  # the message names this many problems and counts the rest
KINDS = ("assessments", "gait_recordings", "diary_entries", "everyday_days", "settings")
# Stored times are UTC: SQLite keeps no offset, so 10:00+05:00 would come back as 10:00 UTC (and
# would no longer match itself on a second restore).


def _in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, from 1900 to 9998: the pages show times in local time, which a moment at the
    calendar's ends cannot take (year 0 or 10000: an OverflowError, not a message)."""
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not 1900 <= in_utc.year <= 9998:
        raise ValueError(f"{moment.isoformat()} is too early or too late; expected a time from 1900 to 9998")
    return in_utc


UtcMoment = Annotated[AwareDatetime, AfterValidator(_in_utc)]
MAX_SIZE_BYTES = 2**63 - 1  # the size column is a 64-bit integer (migration 0003)
# 1: before people, read without a person; 2: before everyday walking, read with none; 3: before the
# steps tried, read with none; 4: before checks' finish times, read with none; 5: before diary entries'
# earlier versions, read with none; 6: before checks' walk_deleted, read with none; 7: before what a check
# said when its walk was deleted (walk_deleted.result_before), read as not known; 8: before the
# person's details a clinic matches by, read with none; 9: before a check's earlier deleted walks
# (walks_deleted_before), read with none; 10: before who sent each walk (sent_via, sent_by), read as
# not recorded; 11: before who started each check (started_via, started_by), read as not recorded;
# 12: before the zone's name of a deletion note's walk (time_zone), read as not known
READABLE_FORMAT_VERSIONS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, EXPORT_FORMAT_VERSION)
REPLACED_BY = "restore"  # what replaced a diary version kept in diary_entry_versions


def _no_nul(text: str) -> str:
    if "\x00" in text:  # PostgreSQL text cannot hold it; it is never typed on purpose
        raise ValueError("contains a NUL character (\\x00); expected plain text")
    # the app never keeps one in a name, a label or a version: a BEL as a day's counted_by made every
    # later FHIR export fail (an empty string once dropped)
    kept = plain_text(text)
    if kept != text:
        found = next(c for i, c in enumerate(text) if i >= len(kept) or kept[i] != c)
        raise ValueError(f"contains a control character ({found!r}); expected plain text")
    return text


PlainText = Annotated[str, AfterValidator(_no_nul)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# Who started a check or sent a walk (formats 11, 12): the interface the file names (also ``file``: it
# was restored into the backstride that made the file) becomes ``file``, so its staff member, kept as
# written, is said to be the file's word, never one who acted here (``records.RESTORED_VIA``); a
# record already here keeps its own
FromTheFile = Annotated[
    Literal[(*VIA, RESTORED_VIA)] | None,  # type: ignore[valid-type]
    AfterValidator(lambda via: None if via is None else RESTORED_VIA),
]


# A walk's gait result: the shape the pages, the report and the exports read (numbers are numbers,
# lists are lists), so a damaged file cannot break them. Other keys pass: the result is kept whole.
Number = Annotated[float, Field(allow_inf_nan=False)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class _PelvisIn(_Part):
    tilt_rom_deg: Number | None = None
    obliquity_rom_deg: Number | None = None
    rotation_rom_deg: Number | None = None


class _StrideIn(_Part):
    start_s: Number | None = None
    end_s: Number | None = None
    side: str | None = None
    length_m: Number | None = None
    speed_mps: Number | None = None


class _BoutIn(_Part):
    start_s: Number
    end_s: Number
    duration_s: Number | None = None
    n_steps: Number | None = None
    n_strides: Number | None = None
    cadence_spm: Number | None = None
    stride_length_m: Number | None = None
    walking_speed_mps: Number | None = None
    distance_m: Number | None = None
    step_time_asymmetry_pct: Number | None = None
    trunk_flexion_mean_deg: Number | None = None
    impact_peak_g: Number | None = None
    pelvis: _PelvisIn | None = None
    strides: list[_StrideIn] = []
    quality: dict[str, list[str]] = {}


class _SummaryIn(_BoutIn):
    start_s: Number | None = None  # type: ignore[assignment]  # a summary has no start or end
    end_s: Number | None = None  # type: ignore[assignment]
    n_bouts: Number | None = None
    total_walking_s: Number | None = None
    total_steps: Number | None = None
    total_distance_m: Number | None = None
    trunk_flexion_quality: list[str] = []


class _ToleranceIn(_Part):
    longest_bout_s: Number | None = None
    longest_bout_m: Number | None = None
    time_to_first_symptom_s: Number | None = None
    distance_to_first_symptom_m: Number | None = None
    time_to_stop_s: Number | None = None
    distance_to_stop_m: Number | None = None
    walking_s_to_first_symptom: Number | None = None  # the pages say it: '7 s of it walking'
    walking_s_to_stop: Number | None = None
    sources: list[str] = []
    quality: list[str] = []


class _GaitFactorIn(_Part):
    code: str
    present: bool | None
    value: Number | None = None
    unit: str | None = None
    shown_value: str | None = None
    explanation: str | None = None
    evidence_grade: str | None = None
    sources: list[str] = []
    quality: list[str] = []


def _a_start(said: str | None) -> str | None:
    """A recording's start as the app writes it (``gait.result.with_recording_start``): an ISO 8601
    date-time with its offset, that the pages can show in local time (not at the calendar's very edge)."""
    if said is None:
        return None
    try:
        moment = datetime.fromisoformat(said)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 2 <= moment.year <= 9998:
        raise ValueError(
            f"expected when the recording started, a date and time with its offset such as "
            f"2025-11-05T16:52:00+00:00, or null; got {said!r}"
        )
    return said


class _RecordingIn(_Part):
    start_datetime: Annotated[str | None, AfterValidator(_a_start)] = None
    # the name of the zone the file stated it in (28 Nov 2026), like Europe/Paris; a name this computer
    # does not know is kept and read as the offset alone (``gait.result.recording_start``)
    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None


class _GaitResultIn(_Part):
    recording: _RecordingIn | None = None  # when it was recorded (faa11e0): the walk's date on every page
    sampling_rate_hz: Number | None = None
    duration_s: Number | None = None
    walking_bouts: list[_BoutIn]
    initial_contacts_s: list[Number] = []
    gait_factors: list[_GaitFactorIn]
    walking_tolerance: _ToleranceIn | None = None
    summary: _SummaryIn | None = None
    notes: list[str] = []


class _CheckSaidIn(_Row):  # format 8: ``CheckSaid.to_record``
    disposition: Literal[tuple(DISPOSITION_RANK)]  # type: ignore[valid-type]
    walking_tolerance_min: Number | None = Field(ge=0, le=WALKING_TOLERANCE_MAX_MIN)


class _SaidAfterIn(_Row):  # format 11: ``SaidAfter.to_record``; both None: not known
    gait_factors: list[Literal[GAIT_FACTOR_CODES]] | None  # type: ignore[valid-type]
    result: _CheckSaidIn | None


class _WalkDeletedIn(_Row):  # format 7: ``DeletedWalk.to_record``
    walk_id: int
    walked_at: datetime  # as its file said it: with or without a time zone
    deleted_at: UtcMoment
    # None: not known (deleted before they were kept with the check)
    gait_factors_before: list[Literal[GAIT_FACTOR_CODES]] | None  # type: ignore[valid-type]
    # format 8: how soon to get help and the walking tolerance its result went by then; None: not known
    # (a file of format 7, or deleted before it was kept with the check)
    result_before: _CheckSaidIn | None = None
    # format 11: what its result said right after (``SaidAfter``); None: not kept (the next deletion's
    # result_before stands for it, as in a file of format 10 or older)
    after: _SaidAfterIn | None = None
    # format 13: the name of the zone the walk was recorded in, kept as written (as a walk's
    # recording.time_zone); None: not known (a file of format 12 or older)
    time_zone: PlainText | None = Field(None, min_length=1, max_length=64)


class _AssessmentIn(_Row):
    id: int
    mode: PlainText
    answers: dict[str, Any]
    result: dict[str, Any] | None
    disposition: PlainText | None = Field(max_length=20)
    knowledge_version: PlainText | None = Field(max_length=40)
    package_version: PlainText = Field(max_length=40)
    gait_recording_id: int | None
    created_at: UtcMoment
    updated_at: UtcMoment
    finished_at: UtcMoment | None = None  # format 5; a file made before has none (not known)
    walk_deleted: _WalkDeletedIn | None = None  # format 7; a file made before has none
    walks_deleted_before: list[_WalkDeletedIn] = []  # format 10: those before it, oldest first
    # format 12: who started it (the interface, and the staff member signed in); a file made before has
    # neither, and the check says who started it was not recorded
    started_via: FromTheFile = None
    started_by: PlainText | None = Field(None, max_length=80)

    def deletions(self) -> list[_WalkDeletedIn]:
        """The walks its result used, deleted since, oldest first (format 10; 7 to 9: the last alone)."""
        return [] if self.walk_deleted is None else [*self.walks_deleted_before, self.walk_deleted]


class _WalkIn(_Row):
    id: int
    original_filename: PlainText = Field(max_length=255)
    source_format: PlainText = Field(max_length=40)
    size_bytes: int = Field(ge=0, le=MAX_SIZE_BYTES)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    height_cm: float | None = Field(ge=HEIGHT_MIN_CM, le=HEIGHT_MAX_CM)
    result: dict[str, Any]
    findings: dict[str, Any]
    gait_factor_codes: list[Any]
    algorithm_parameters: dict[str, Any]
    package_version: PlainText = Field(max_length=40)
    created_at: UtcMoment
    # format 11: who sent it (the interface, and the staff member signed in); a file made before has
    # neither, and the walk says who sent it was not recorded
    sent_via: FromTheFile = None
    sent_by: PlainText | None = Field(None, max_length=80)


class _EarlierIn(_Row):  # a version a restore replaced (format 6)
    entry_date: date
    pain_0_10: int
    walking_tolerance_min: float | None
    notes: str
    tried: list[str] = []
    updated_at: UtcMoment
    replaced_at: UtcMoment
    replaced_by: Literal["restore"]


class _DiaryIn(_Row):
    id: int
    entry_date: date
    pain_0_10: int
    walking_tolerance_min: float | None
    notes: str
    tried: list[str] = []  # the relief steps tried (format 4); files made before have none
    created_at: UtcMoment
    updated_at: UtcMoment
    earlier_versions: list[_EarlierIn] = []  # format 6; files made before have none


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _EverydayIn(_Row):  # a day of everyday walking (services.everyday), SI units
    day: date
    source: PlainText = Field(min_length=1, max_length=40)
    counted_by: PlainText | None = Field(default=None, max_length=255)
    steps: int | None = Field(default=None, ge=0, lt=2**31)
    distance_m: Amount | None = None
    walking_speed_mps: Amount | None = None
    step_length_m: Amount | None = None
    asymmetry_fraction: Share | None = None
    double_support_fraction: Share | None = None
    six_minute_walk_m: Amount | None = None
    imported_at: UtcMoment


class _PersonIn(_Row):
    label: PlainText | None = None  # shown, never used to pick whose records these become
    height_cm: float | None = None
    # what a clinic matches the record by (format 9): checked as typed (services.people.checked_identity)
    name: str | None = None
    birth_date: str | None = None
    gender: str | None = None
    mrn: str | None = None
    mrn_system: str | None = None

    def identity(self) -> dict[str, str | None]:
        return {key: getattr(self, key) for key in IDENTITY_FIELDS}


class _ExportIn(_Row):
    format: Literal["backstride-export"]
    format_version: int
    exported_at: UtcMoment
    package_version: str
    notice: str
    person: _PersonIn | None = None
    assessments: list[_AssessmentIn]
    gait_recordings: list[_WalkIn]
    diary_entries: list[_DiaryIn]
    everyday_walking: list[_EverydayIn] = []  # files made before everyday walking have none
    settings: dict[PlainText, Any]


@dataclass(frozen=True)
class RestoreResult:
    """How many items of each kind were added, and how many were already stored; ``made_for``: the
    label of the person the file names (None for a file from before people were kept)."""

    added: dict[str, int] = field(default_factory=dict)
    already_there: dict[str, int] = field(default_factory=dict)
    made_for: str | None = None
    # what the person is told of a diary entry changed on one side only (``_same_entries``): which
    # version was kept, and what the newer one replaced (plain sentences, at most MAX_SAID, then a count)
    said: tuple[str, ...] = ()
    # whether one of the settings added is the person's height (the only one a file of today holds)
    height_added: bool = False
    # whether the person was given the file's details a clinic matches its record by (format 9)
    details_added: bool = False

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"added": dict(self.added), "already_there": dict(self.already_there)}

    def kept(self) -> dict[str, Any]:
        """All of it as JSON, kept with an ``Idempotency-Key`` (``of_kept`` reads it back)."""
        return {
            **self.to_dict(),
            "made_for": self.made_for,
            "said": list(self.said),
            "height_added": self.height_added,
            "details_added": self.details_added,
        }

    @classmethod
    def of_kept(cls, kept: Mapping[str, Any]) -> RestoreResult:
        return cls(
            added=dict(kept["added"]),
            already_there=dict(kept["already_there"]),
            made_for=kept["made_for"],
            said=tuple(kept["said"]),
            height_added=bool(kept["height_added"]),
            details_added=bool(kept["details_added"]),
        )

    def in_words(self, height: str = "their height") -> str:
        """What was added and what was there already, said the same way by every interface: "3 checks,
        1 walk, 4 diary entries and their height added; 2 already there" (``height``: how the person's
        height is named, "your height" to the person themselves)."""
        return restored_in_words(
            self.added,
            sum(self.already_there.values()),
            height_added=self.height_added,
            height=height,
            details_added=self.details_added,
        )


# kind -> (one, many): how a restore names what it added
RESTORED_WORDS = {
    "assessments": ("check", "checks"),
    "gait_recordings": ("walk", "walks"),
    "diary_entries": ("diary entry", "diary entries"),
    "everyday_days": ("day of everyday walking", "days of everyday walking"),
    "settings": ("setting", "settings"),
}


DETAILS_ADDED = "the details a clinic matches its record by"


def restored_in_words(
    added: Mapping[str, int],
    already: int,
    *,
    height_added: bool,
    height: str = "their height",
    details_added: bool = False,
) -> str:
    """``RestoreResult.in_words`` from counts (``added`` by kind of ``KINDS``, ``already``: how many
    in all were there already), as the Data page gets them back after it has sent the browser on."""
    parts = []
    for kind, (one, many) in RESTORED_WORDS.items():
        n = int(added.get(kind, 0))
        if kind == "settings" and height_added:  # a setting with no name a person knows: say which
            n -= 1
            one, many = f"other {one}", f"other {many}"
        if n > 0:
            parts.append(f"{n} {one if n == 1 else many}")
    if height_added:
        parts.append(height)
    if details_added:  # name, birth date, clinic number...: said, so nobody types them in again
        parts.append(DETAILS_ADDED)
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    return f"{listed or 'nothing new'} added" + (f"; {already} already there" if already else "")


def _where(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _said(error: Any) -> str:
    """A pydantic error in plain words (never the name of one of this module's classes)."""
    if error["type"] in ("model_type", "model_attributes_type", "dict_type"):
        return "expected an object ({...})"
    return str(error["msg"])


def _refuse(source: str, problems: list[str]) -> InputError:
    shown = problems[:PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    tail = f" (and {more} more)" if more else ""
    return InputError(f"{source} cannot be restored: " + "; ".join(shown) + tail + "; nothing was saved")


RESTORE_MAX_BYTES = 256 * 1024 * 1024  # a backup is far smaller; the web app refuses bigger bodies too
JSON_BACKUP = "restore the JSON file instead ('backstride export json', or the Data page's download)"


def _wrong_file(source: str, what: str) -> InputError:
    return InputError(f"{source} is not a backstride export: it is {what}; nothing was saved")


def _apple_health(source: str) -> InputError:
    return _wrong_file(
        source,
        "an Apple Health export: bring it in with 'backstride import-health FILE' or on the Everyday "
        "walking page",
    )


def _looks_like(source: str, data: bytes | str) -> None:
    """Name the files people give by mistake (the Apple Health export, a CSV table, the FHIR export)
    with what to do instead; anything else is left to the checks that follow."""
    head = data[:4096]
    if isinstance(head, bytes):
        if head.startswith(b"PK"):  # a zip: the Health app's export.zip, or another
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:  # type: ignore[arg-type]
                    names = archive.namelist()
            except (zipfile.BadZipFile, ValueError):
                names = []
            # export.xml, or a phone's own language's name for it (exportar.xml) in the Apple folder
            if any(
                n.rsplit("/", 1)[-1] == "export.xml" or n.startswith("apple_health_export/") for n in names
            ):
                raise _apple_health(source)
            raise _wrong_file(source, f"a zip file; {JSON_BACKUP}")
        head = head.decode("utf-8", "replace")
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("<") and "<HealthData" in head:  # XML; never a note inside a JSON backup
        raise _apple_health(source)
    first = head.split("\n", 1)[0]
    if re.fullmatch(r"[a-z0-9_]+(,[a-z0-9_]+)+\r?", first):  # a header row of backstride's tables
        raise _wrong_file(source, f"a CSV table, which cannot be restored; {JSON_BACKUP}")


def _json_kind(raw: object) -> str:
    """What a JSON value that is not an export is, in a few words (its "format" quoted, cut short)."""
    if isinstance(raw, dict):
        said = raw.get("format")
        if "format" not in raw:
            return 'a JSON object without a "format"'
        shown = json.dumps(said, ensure_ascii=False)
        return f'a JSON object whose "format" is {shown[:40] + "…" if len(shown) > 40 else shown}'
    if isinstance(raw, list):
        return f"a JSON list ({len(raw)} item{'' if len(raw) == 1 else 's'}), not an object"
    if isinstance(raw, str):
        return "a JSON text (one string), not an object"
    if isinstance(raw, bool) or raw is None:
        return f"the JSON value {json.dumps(raw)}, not an object"
    return "a JSON number, not an object"


def read_export(data: bytes | str, source: str = "the file") -> _ExportIn:
    """The export in ``data``, checked for its shape; an ``InputError`` naming every problem."""
    _looks_like(source, data)
    if isinstance(data, bytes):
        try:  # as JSON allows: UTF-8, 16 or 32, with a byte-order mark or not (Windows Notepad)
            data = data.decode(json.detect_encoding(data))
        except UnicodeDecodeError:
            raise InputError(
                f"{source} is not a backstride export: it is not a text file "
                "(expected the JSON file from the Data page or 'backstride export json')"
            ) from None
    data = data.removeprefix("\ufeff")
    if not data.strip():
        raise InputError(
            f"{source} is empty: expected the JSON file from the Data page or 'backstride export json'"
        )
    try:
        # a number keeps its digits: a check's answers are read from them (``_answers_as_written``)
        raw = json_text.loads(data, parse_float=json_text.Written)
    except json_text.RepeatedKeyError as exc:  # json would keep the last silently: which is meant?
        raise InputError(
            f"{source} cannot be restored: it gives {exc.key!r} twice in one place, so which one is "
            "meant cannot be told; nothing was saved"
        ) from None
    except json.JSONDecodeError as exc:  # where it stops being JSON: a cut-off copy ends early
        raise InputError(
            f"{source} is not a backstride export: it is not JSON text "
            f"(it cannot be read from line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError:  # a whole number of more than 4300 digits, which Python will not read
        raise InputError(
            f"{source} cannot be restored: it holds a number with too many digits; nothing was saved"
        ) from None
    except RecursionError:
        raise InputError(f"{source} is not a backstride export: it is nested too deeply to read") from None
    if isinstance(raw, dict) and raw.get("resourceType") == "Bundle":
        raise _wrong_file(
            source, f"the FHIR export (for a clinic's record system), which cannot be restored; {JSON_BACKUP}"
        )
    if not isinstance(raw, dict) or raw.get("format") != EXPORT_FORMAT:
        raise InputError(
            f"{source} is not a backstride export: it is {_json_kind(raw)}; expected the JSON file from "
            f'the Data page or \'backstride export json\', an object whose "format" is "{EXPORT_FORMAT}"; '
            "nothing was saved"
        )
    version = raw.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_FORMAT_VERSION:
        raise InputError(
            f"{source} was made by a newer backstride (export format {version}; this one reads "
            f"format {EXPORT_FORMAT_VERSION}): update backstride to restore it; nothing was saved"
        )
    try:
        document = _ExportIn.model_validate_json(data)
    except ValidationError as exc:
        raise _refuse(source, [f"{_where(e['loc'])}: {_said(e)}" for e in exc.errors()]) from None
    if document.format_version not in READABLE_FORMAT_VERSIONS:
        raise _refuse(
            source,
            [f"format_version: expected 1 to {EXPORT_FORMAT_VERSION}, got {document.format_version}"],
        )
    return _answers_as_written(document, raw["assessments"])


def _answers_as_written(document: _ExportIn, raw_checks: list[dict[str, Any]]) -> _ExportIn:
    """The export with each check's answers read from their digits, as the answers file, the API and
    the pages read them (``services.interview.read_as_written``): a hand-edited 11.99999999999999999
    weeks is 11.9, under 12 weeks, not the float 12.0 ("12 weeks or more" can lower a warning)."""
    from backstride.services.interview import read_as_written

    checks = [
        check.model_copy(update={"answers": read_as_written(raw["answers"])})
        for check, raw in zip(document.assessments, raw_checks, strict=True)
    ]
    return document.model_copy(update={"assessments": checks})


def _problems(document: _ExportIn, as_of: date) -> list[str]:
    """Every value the app would refuse if it were typed or sent today."""
    from backstride.services.interview import Interview

    problems: list[str] = []
    for kind, rows in (
        ("assessments", document.assessments),
        ("gait_recordings", document.gait_recordings),
        ("diary_entries", document.diary_entries),
    ):
        ids = [r.id for r in rows]
        if len(set(ids)) != len(ids):
            problems.append(f"{kind}: an id is given twice")
    walks = {w.id: w for w in document.gait_recordings}
    walk_problems = [
        _walk_problems(f"gait_recordings[{i}] (id {w.id})", w) for i, w in enumerate(document.gait_recordings)
    ]
    sound_walks = {
        w.id: w for w, found in zip(document.gait_recordings, walk_problems, strict=True) if not found
    }
    for i, a in enumerate(document.assessments):
        where = f"assessments[{i}] (id {a.id})"
        if a.mode not in MODES:
            problems.append(f"{where}.mode: {a.mode!r} is not one of {', '.join(MODES)}")
            continue
        try:
            Interview(a.mode, dict(a.answers))
        except (ValueError, KeyError, TypeError) as exc:
            if not _made_elsewhere(a):  # this version made it: its answers must replay
                said = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)  # a KeyError's
                problems.append(f"{where}.answers: {said}")  # own words, not its repr() (a quote cut in half)
            # else made by another version with other questions: kept as it is, answers, level and
            # warnings, and shown as a check this version cannot read (as one stored here is)
        if a.result is not None and a.result.get("disposition") not in DISPOSITION_RANK:
            problems.append(f"{where}.result: no known disposition")
        elif a.disposition != (None if a.result is None else a.result["disposition"]):
            # the tables show the one, the pages the other: they must never disagree
            problems.append(f"{where}.disposition: {a.disposition!r} is not the result's disposition")
        elif a.result is not None and not any(p.startswith(f"{where}.answers") for p in problems):
            if a.gait_recording_id is None or a.gait_recording_id in sound_walks:  # else named below
                linked = None if a.gait_recording_id is None else sound_walks[a.gait_recording_id]
                problems += _result_problems(where, a, linked)
        if a.result is not None and WALK_DELETED_KEY in a.result:
            problems.append(f"{where}.result: {WALK_DELETED_KEY!r} belongs beside the result, not in it")
        if a.walk_deleted is None and a.walks_deleted_before:
            problems.append(
                f"{where}.walks_deleted_before: expected a walk_deleted too (the last walk deleted; these "
                "are the ones deleted before it)"
            )
        times = [gone.deleted_at for gone in a.deletions()]
        if times != sorted(times):
            problems.append(
                f"{where}.walks_deleted_before: expected the deletions oldest first (by deleted_at), each "
                "before walk_deleted"
            )
        if a.gait_recording_id is not None and a.gait_recording_id not in walks:
            problems.append(f"{where}.gait_recording_id: walk {a.gait_recording_id} is not in the file")
    problems += [p for found in walk_problems for p in found]
    for name in document.settings:
        if not 0 < len(name) <= 80:
            problems.append(f"settings: the name {name[:40]!r} is not 1 to 80 characters long")
    heights = {f"settings.{HEIGHT_SETTING}": document.settings.get(HEIGHT_SETTING)}
    if document.person is not None:
        heights["person.height_cm"] = document.person.height_cm
        try:  # as the People page and 'backstride people' check them when typed
            checked_identity(document.person.identity(), today=as_of)
        except InputError as exc:
            problems.append(f"person: {exc}")
        if system_without_number(document.person.identity()):
            problems.append(f"person: {SYSTEM_WITHOUT_NUMBER}")
    for where, height in heights.items():  # the walk form shows it: a height a person may have
        try:
            checked_height(height)
        except InputError:
            problems.append(f"{where}: expected {HEIGHT_MIN_CM} to {HEIGHT_MAX_CM} cm, got {height!r}")
    for i, e in enumerate(document.diary_entries):
        # said as a person finds it: "Diary entry 2 in the file (3 Nov 2026, id 1)"
        entry = f"Diary entry {i + 1} in the file ({day_words(e.entry_date)}, id {e.id})"
        versions: list[tuple[str, _DiaryIn | _EarlierIn]] = [(entry, e)]
        versions += [(f"{entry}, earlier version {j + 1}", v) for j, v in enumerate(e.earlier_versions)]
        for where, v in versions:  # an earlier version is shown on the entry's Edit page: the same rules
            try:
                validate_entry(**diary_values(v), as_of=as_of)
            except InputError as exc:
                problems.append(f"{where}: {_diary_problem(str(exc), v)}")
    for i, day in enumerate(document.everyday_walking):
        problems += _everyday_problems(f"everyday_walking[{i}]", day, as_of)
    return problems


# a diary entry's fields as the Diary page names them
DIARY_FIELD_WORDS = {
    "entry_date": "the day",
    "walking_tolerance_min": "the walking time",
    "notes": "the notes",
    "tried": "the steps tried",
}


def _diary_problem(message: str, entry: _DiaryIn | _EarlierIn) -> str:
    """``validate_entry``'s message in the Diary page's words: "pain must be a whole number from 0 to
    10; the file has 12", not "pain_0_10 must be from 0 to 10, got 12"."""
    if message.startswith("pain_0_10"):
        return f"pain must be a whole number from 0 to 10; the file has {entry.pain_0_10!r}"
    field, _, rest = message.partition(" ")
    if field.rstrip(":") in DIARY_FIELD_WORDS:  # "tried: 'x' is not a step ..." too
        message = f"{DIARY_FIELD_WORDS[field.rstrip(':')]}{field[len(field.rstrip(':')) :]} {rest}"
    return message.replace(", got ", "; the file has ")


def _everyday_problems(where: str, day: _EverydayIn, as_of: date) -> list[str]:
    """A day of everyday walking the Apple Health import could have made (``diary.apple_health``'s
    limits, a day the diary could keep): the Everyday page, its charts and the report show it as is."""
    problems = []
    if day.day > as_of + FUTURE_SLACK:
        problems.append(f"{where}.day: {day.day} is in the future; expected {as_of} or earlier")
    elif day.day < EARLIEST_DATE:
        problems.append(f"{where}.day: {day.day} is too early; expected {EARLIEST_DATE} or later")
    for measure, most in MOST.items():
        value = getattr(day, measure)
        if value is not None and value > most:
            problems.append(
                f"{where}.{measure}: {value:,.10g} is more than a phone measures ({WHAT[measure]}); "
                f"expected at most {most:,.10g}"
            )
    return problems


def _replays(check: _AssessmentIn) -> bool:
    """Whether this version can replay a check's answers (else another version's, kept as they are)."""
    from backstride.services.interview import Interview

    try:
        Interview(check.mode, dict(check.answers))
    except (ValueError, KeyError, TypeError):
        return False
    return True


def _unreadable_said(count: int) -> str | None:
    """What a restore says of the checks it added that this version cannot read (None: none)."""
    if not count:
        return None
    which = "1 check" if count == 1 else f"{count} checks"
    was = "was" if count == 1 else "were"
    they, them = ("it", "it") if count == 1 else ("they", "them")
    return (
        f"{which} in the file {was} made by another version of backstride that asked other questions: "
        f"kept as {they} {was}, with the answers and what {they} said, but this version cannot work {them} "
        "out again (the check's page says so)."
    )


def _current() -> tuple[str, str]:
    """The knowledge and package versions of this backstride (what a result made here says)."""
    from backstride.knowledge import load_knowledge

    return (str(load_knowledge().version), PACKAGE_VERSION)


def _made_elsewhere(check: _AssessmentIn) -> bool:
    """Whether a check of the file was worked out by another version of backstride (its knowledge or
    package version), so answers this one cannot replay are that version's questions, not damage. A
    check never worked out keeps no knowledge version: its package version alone says who made it."""
    knowledge, package = _current()
    return check.package_version != package or check.knowledge_version not in (None, knowledge)


def _result_problems(where: str, check: _AssessmentIn, walk: _WalkIn | None) -> list[str]:
    """A check's stored result, which the pages, the report and the exports show as it is. Made by
    this version of backstride with its walk, it must be what its answers and walk give (worked out
    again). Otherwise it is kept (versions travel with results; a deleted walk leaves no link), but
    is never less urgent than the warning signs its answers fire."""
    assert check.result is not None
    if not _made_elsewhere(check):
        linked = None if walk is None else GaitRecording(**walk.model_dump(exclude={"id"}))
        try:
            same = check.result == assess_with_walk(check.answers, linked, check.mode)
        except InputError as exc:
            return [f"{where}.answers: {exc}"]
        if same:
            return []
        if walk is not None:
            return [f"{where}.result: is not what its answers and walk give (was the file changed?)"]
    floor, codes = _warning_floor(check)
    if DISPOSITION_RANK[check.result["disposition"]] < DISPOSITION_RANK[floor]:
        return [f"{where}.result: its disposition is less urgent than its answers' warning signs ({codes})"]
    return []


def _warning_floor(check: _AssessmentIn) -> tuple[str, str]:
    """The most urgent level the warning rules fired by a check's answers give (``self_care`` when none
    fires), and those rules' codes with their sources ("cauda_equina_signs [A1, A2]"): the level no
    result or note of it may show lower."""
    from backstride.assessment import triage
    from backstride.services.interview import sent_answers

    try:  # triage reads what the answers already give itself (assessment.read_answers)
        red_flags, escalations = triage(check.answers)
    except (ValueError, TypeError):  # another version's questions: the answers this one can read (a
        # retired code beside "new trouble peeing" still means an emergency)
        red_flags, escalations = triage(sent_answers(check.answers))
    fired = (*red_flags, *escalations)
    floor = max((h.disposition for h in fired), key=DISPOSITION_RANK.__getitem__, default="self_care")
    return floor, ", ".join(dict.fromkeys(f"{h.code} [{', '.join(h.sources)}]" for h in fired))


def _raise_note_level(check: _AssessmentIn, notes: list[dict[str, Any]]) -> str | None:
    """A check this version cannot work out that keeps no result is shown with its last note's level
    (``Records.stored_level``: "before the walk it used was deleted, it said: ..."). When that level is
    less urgent than the warning signs its answers fire (those this version can read), it is raised to
    theirs in ``notes`` (as the restore stores them), so a warning is never shown lower; what was raised,
    in words for the person (None: nothing). Never refused: a note says what the check said then, with
    the answers then, and an honest file may hold a lower one (answers changed since)."""
    said = (notes[-1] if notes else {}).get("result_before")
    if check.result is not None or said is None or _replays(check):
        return None  # its level is its result's, or worked out again from its answers
    floor, codes = _warning_floor(check)
    if DISPOSITION_RANK[said["disposition"]] >= DISPOSITION_RANK[floor]:
        return None
    was = DISPOSITION_WORDS[said["disposition"]]
    notes[-1] = {**notes[-1], "result_before": {**said, "disposition": floor}}
    return (
        f"The note of the deleted walk of check {check.id} in the file said “{was}”, less urgent than the "
        f"warning signs its answers fire ({codes}): it is kept as “{DISPOSITION_WORDS[floor]}”, so a "
        "warning is never shown lower. That check was made by another version, and this one cannot work "
        "it out again."
    )


def _walk_problems(where: str, walk: _WalkIn) -> list[str]:
    """A walk's result in the shape the app reads, and the findings and gait factors the app takes
    from it (``gait_to_inputs``, as when the walk was sent): they feed every later check."""
    from backstride.services.gait_findings import findings_now, gait_to_inputs

    try:
        _GaitResultIn.model_validate(walk.result)
    except ValidationError as exc:
        return [
            f"{where}.result{'.' if e['loc'] else ''}{_where(e['loc'])}: {_said(e)}" for e in exc.errors()
        ]
    try:
        findings, codes = gait_to_inputs(walk.result)
    except InputError as exc:
        return [f"{where}.result: {exc}"]
    problems = []
    # a walking time taken from the first symptom (a backup made before 2026-11-28) is read by today's rule
    if findings_now(walk.findings, walk.result) != findings:
        problems.append(f"{where}.findings: expected what its result gives, {json.dumps(findings)}")
    if walk.gait_factor_codes != codes:
        problems.append(f"{where}.gait_factor_codes: expected what its result gives, {json.dumps(codes)}")
    return problems


def _new_key(walk: _WalkIn, taken: set[str]) -> str | None:
    """The duplicate key of a walk the restore adds (worked out again: the file does not carry it),
    taken from ``taken``; None when the person has that key already: the same walk kept twice (sent at
    two moments, or before the key existed) is added beside, as it was, never refused."""
    key = walk_duplicate_key(walk.sha256, walk.algorithm_parameters, walk.height_cm)
    if key is None or key in taken:
        return None
    taken.add(key)
    return key


def _add_walk(session: Any, walk: _WalkIn, owner: int, key: str | None) -> GaitRecording:
    """The file's ``walk`` added to ``owner``'s, flushed (its new id, for the checks that link to it).
    When the same walk was sent meanwhile (on PostgreSQL an upload may save it while the restore runs),
    its key is taken: the walk is added without one, as a walk kept twice before."""
    row = GaitRecording(**walk.model_dump(exclude={"id"}), person_id=owner, duplicate_key=key)
    if key is None:
        session.add(row)
        session.flush()
        return row
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return _add_walk(session, walk, owner, None)
    return row


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _answers_key(answers: dict[str, Any]) -> str:
    return json.dumps(answers, sort_keys=True)


class _AlreadyStored:
    """The rows stored before the restore, by what makes them the same item (``key``). Each stored
    row answers for one row of the file: the file's second copy of an item is added when only one is
    stored, so items that are alike in the file (two walks of the same file sent at the same moment)
    all arrive, and a second restore of the same file adds nothing."""

    def __init__(self, rows: Iterable[Any], key: Callable[[Any], Hashable]) -> None:
        self._key = key
        self._ids: dict[Hashable, list[int]] = defaultdict(list)
        for row in rows:
            self._ids[key(row)].append(row.id)

    def __bool__(self) -> bool:  # any row left to answer for one of the file's
        return any(self._ids.values())

    def take(self, item: Any) -> int | None:
        """The id of a stored row that is the same item as ``item`` (used up), else None."""
        ids = self._ids.get(self._key(item))
        return ids.pop(0) if ids else None


def _walk_key(w: Any) -> Hashable:
    return (w.sha256, _utc(w.created_at))


def _check_key(a: Any) -> Hashable:
    return (a.mode, _utc(a.created_at), _answers_key(a.answers or {}))


def _entry_key(e: Any) -> Hashable:
    steps = tuple(sorted(set(e.tried or ())))  # each once, as a day keeps them (check_steps)
    return (e.entry_date, e.pain_0_10, e.walking_tolerance_min, e.notes, steps, _utc(e.created_at))


MAX_SAID = 5  # sentences about changed diary entries; more are counted


def _version_key(v: Any) -> Hashable:
    """What makes two earlier versions of one entry the same (kept once)."""
    steps = tuple(sorted(set(v.tried or ())))
    return (v.entry_date, v.pain_0_10, v.walking_tolerance_min, v.notes, steps, _utc(v.updated_at))


def _replaced(version: DiaryEntry | _DiaryIn, entry_id: int, now: datetime) -> DiaryEntryVersion:
    """An older version of the entry ``entry_id`` (the stored row a newer one from the file replaces,
    or the file's own older one), kept as an earlier version by a restore ``now``."""
    values = diary_values(version)
    # a stored row's steps as kept; the file's each once, in the plan's order, as a typed entry's
    tried = values["tried"] if isinstance(version, DiaryEntry) else check_steps(values["tried"])
    return DiaryEntryVersion(
        entry_id=entry_id,
        **values | {"tried": list(tried)},
        updated_at=version.updated_at,
        replaced_at=now,
        replaced_by=REPLACED_BY,
    )


def _keep_earlier(session: Any, entry_id: int, versions: Iterable[Any], kept: set[Hashable]) -> None:
    """Add ``versions`` (the file's earlier versions, or one just replaced) to the entry ``entry_id``,
    each once: ``kept`` holds the keys of those it has already (and takes the new ones)."""
    for v in versions:
        if (key := _version_key(v)) in kept:
            continue
        kept.add(key)
        if isinstance(v, DiaryEntryVersion):
            session.add(v)
        else:
            values = v.model_dump(exclude={"tried"})
            session.add(DiaryEntryVersion(**values, tried=list(check_steps(v.tried)), entry_id=entry_id))


def _same_entries(
    stored: list[Any], entries: list[_DiaryIn], said: list[str], now: datetime
) -> tuple[list[_DiaryIn], list[tuple[Any, _DiaryIn]], list[DiaryEntryVersion]]:
    """Match the file's diary entries to the stored ones; the entries still to add, the pairs (stored
    row, file's entry) that are the same entry (each stored row answers for one of the file's), and
    the older versions of those entries, to keep as earlier versions (made ``now``): a stored one a
    newer one from the file replaced, or the file's own when the stored one is newer.

    The same values made at the same moment: already here. Otherwise one entry is the same entry
    changed on one side (``PUT /api/diary/{id}``, the diary's Edit) when it is the only one left on
    each side first made at that moment and last changed at different moments: the newer version
    (``updated_at``) is kept, the stored row changed to it when the file's is newer, the older version
    (whichever side it was on) kept as an earlier one, and ``said`` names the day and what it held.
    Nothing else is matched (nor two versions changed at the same moment: neither is newer): those are
    added beside.
    """
    same_values = _AlreadyStored(stored, _entry_key)
    by_id = {row.id: row for row in stored}
    matched: set[int] = set()
    pairs: list[tuple[Any, _DiaryIn]] = []
    replaced: list[DiaryEntryVersion] = []
    left: list[_DiaryIn] = []
    for e in entries:
        if (row_id := same_values.take(e)) is not None:
            matched.add(row_id)
            pairs.append((by_id[row_id], e))
        else:
            left.append(e)
    by_moment: dict[datetime, list[Any]] = defaultdict(list)
    for row in stored:
        if row.id not in matched:
            by_moment[_utc(row.created_at)].append(row)
    in_file = Counter(_utc(e.created_at) for e in left)
    new: list[_DiaryIn] = []
    for e in left:
        made = _utc(e.created_at)
        if in_file[made] != 1 or len(by_moment[made]) != 1:
            new.append(e)  # not one entry on each side: added beside, as before
            continue
        row = by_moment[made][0]
        if _utc(e.updated_at) == _utc(row.updated_at):
            new.append(e)  # changed at the same moment: neither is the newer, so both are kept
            continue
        if _utc(e.updated_at) > _utc(row.updated_at):  # the file's version is newer: it replaces
            said.append(
                f"Your diary entry for {day_words(e.entry_date)} was changed after it was stored here: the "
                f"newer version from the file is kept ({diary_entry_words(e)}). "
                f"It replaces {diary_entry_words(row)}"
                + (f" on {day_words(row.entry_date)}." if row.entry_date != e.entry_date else ".")
                + " That earlier version is kept too: you can see it when you change the entry."
            )
            replaced.append(_replaced(row, row.id, now))
            row.entry_date, row.pain_0_10 = e.entry_date, e.pain_0_10
            row.walking_tolerance_min, row.notes = e.walking_tolerance_min, e.notes
            row.tried, row.updated_at = list(check_steps(e.tried)), e.updated_at
        else:  # the one here was changed after the file was made: it stays, the file's is kept beside
            said.append(
                f"Your diary entry for {day_words(row.entry_date)} was changed after this file was made: "
                f"the newer version here is kept ({diary_entry_words(row)}). The file's older version is "
                f"kept as an earlier version ({diary_entry_words(e)}"
                + (f" on {day_words(e.entry_date)})" if row.entry_date != e.entry_date else ")")
                + ": you can see it when you change the entry."
            )
            replaced.append(_replaced(e, row.id, now))
        matched.add(row.id)
        pairs.append((row, e))
    return new, pairs, replaced


def _said_at_most(said: list[str]) -> tuple[str, ...]:
    if len(said) <= MAX_SAID:
        return tuple(said)
    more = len(said) - MAX_SAID
    return (*said[:MAX_SAID], f"And {more} more diary {'entry' if more == 1 else 'entries'} like these.")


def _same_person(session: Any, document: _ExportIn, person: Person) -> bool:
    """Whether the file was made for ``person``: the same label, or, for a file made before people were
    kept (no label), a database of one person. Only then is the file's height theirs."""
    label = document.person.label if document.person is not None else None
    if label is not None:
        return same_label(label, person.label)
    return session.scalar(select(func.count()).select_from(Person)) == 1


def _take_identity(
    session: Any, document: _ExportIn, person: Person, as_of: date, *, had_records: bool
) -> tuple[str | None, str | None, str | None]:
    """Give ``person`` the file's details a clinic matches by (format 9) only when the file was made for
    them (the same label), they have none here and had no records before this restore (just made for
    it, or empty): a label such as "Room 4" or initials is used again for someone else, whose records
    must never get another's name, birth date and clinic number. Otherwise keep theirs and say what
    the file held. Never another person's clinic number: two people's records would be matched as
    one. (What to say, None: nothing; which details were taken, and which were not, for the activity
    list: their names, never their values.)"""
    given = checked_identity(document.person.identity(), today=as_of) if document.person else {}
    given = {key: value for key, value in given.items() if value is not None}
    stored = {key: value for key, value in identity_of(person).items() if value is not None}
    if not given or {k: str(v) for k, v in given.items()} == stored:
        return None, None, None
    named = ", ".join(IDENTITY_WORDS[key] for key in given)
    why = _why_not_taken(
        session, document, person, given, named, stored=bool(stored), had_records=had_records
    )
    return (None, named, None) if why is None else (why, None, named)


def _why_not_taken(
    session: Any,
    document: _ExportIn,
    person: Person,
    given: dict[str, Any],
    named: str,
    *,
    stored: bool,
    had_records: bool,
) -> str | None:
    """Why ``person`` does not take the file's details ``given``, in words; None: they took them."""
    held = f"The file holds details for matching with a clinic's record ({named}); they were not taken: "
    if stored:
        return held + "their own here are kept."
    if not _same_person(session, document, person):
        return held + "the file was made for someone else."
    if had_records:
        return held + (
            f"{person.label!r} had records here before this restore, and a label can be someone else's. "
            "If the details are theirs, add them on their page."
        )
    other = same_mrn(session, given.get("mrn"), given.get("mrn_system"), person.id)
    if other is not None:
        return (
            f"The file's clinic number belongs to {other.label!r} (person {other.id}) here; the file's "
            f"details for matching with a clinic's record ({named}) were not taken."
        )
    session.flush()  # the records first: a refused number below takes back only the details
    try:
        with session.begin_nested():
            for key, value in given.items():
                setattr(person, key, value)
    except IntegrityError:  # the number given to someone else meanwhile (PostgreSQL lets both try)
        return (
            "The file's clinic number was given to someone else here while the file was restored; the "
            f"file's details for matching with a clinic's record ({named}) were not taken."
        )
    return None


def _take_height(
    session: Any,
    document: _ExportIn,
    person: Person,
    added: dict[str, int],
    already: dict[str, int],
    *,
    had_records: bool,
) -> str | None:
    """Give ``person`` the file's height last used only when the file was made for them, they have
    none and had no records before this restore, as for the details a clinic matches by: another
    person's height would set their walks' stride length wrong, and a label such as "Room 4" is used
    again for someone else. What to say when it was not taken for that last reason, else None."""
    height = document.person.height_cm if document.person is not None else None
    height = height if height is not None else document.settings.get(HEIGHT_SETTING)
    if height is None or not _same_person(session, document, person):
        return None  # another person's height would set their walks' stride length wrong
    if person.height_cm is not None:
        already["settings"] += 1
        return None
    if had_records:
        return (
            f"The file holds a height ({float(height):g} cm); it was not taken: {person.label!r} had records "
            "here before this restore, and a label can be someone else's. If the height is theirs, set it "
            "on their page."
        )
    person.height_cm = float(height)
    added["settings"] += 1
    return None


def _deleted(gone: _WalkDeletedIn) -> dict[str, Any]:
    """A walk deleted, as ``Records.delete_walk`` keeps it with the check (``DeletedWalk.to_stored``)."""
    then = gone.result_before  # what it said with the walk (format 8; else not known)
    after = gone.after  # what it said right after (format 11; else not kept)
    kept = DeletedWalk(
        gone.walk_id,
        gone.walked_at,
        gone.deleted_at,
        _codes(gone.gait_factors_before),
        said_before=_check_said(then),
        after=None if after is None else SaidAfter(_codes(after.gait_factors), _check_said(after.result)),
    ).to_record()
    zone = gone.time_zone  # the zone's name as the file wrote it (format 13; else not known)
    return kept if zone is None else {**kept, "time_zone": zone}


def _codes(codes: list[str] | None) -> tuple[str, ...] | None:
    return None if codes is None else tuple(codes)


def _check_said(said: _CheckSaidIn | None) -> CheckSaid | None:
    return None if said is None else CheckSaid(said.disposition, said.walking_tolerance_min)


def _restore_key(
    idempotency_key: str | None, person_id: int | None, data: bytes | str
) -> IdempotencyKey | None:
    """The key of a restore of ``data`` into ``person_id`` (None: the database's one person)."""
    raw = data.encode() if isinstance(data, str) else data
    return IdempotencyKey.of(idempotency_key, "restore", person_id, hashlib.sha256(raw).hexdigest())


def restored_into_deleted(
    records: Records, person_id: int, data: bytes | str, idempotency_key: str | None
) -> None:
    """A restore of ``data`` named ``person_id``, who is not there: when ``idempotency_key`` restored this
    very file into them (its retry, the person deleted since), ``added_gone``'s error (409: "who was
    deleted since", as every retry after what its key added was deleted); when it was kept with another
    request, ``IdempotencyKeyReusedError`` (422, as a day, a walk or a check sent into a person deleted
    since with such a key is: the key is looked at first); else nothing, and the caller says nobody is
    there (404). Nothing is read of the file, nor stored."""
    sent = _restore_key(idempotency_key, person_id, data)
    if sent is None:
        return
    with records.db.session() as session:
        restored_into = sent_before(session, sent, "restore", records.now())
    if restored_into == person_id:
        raise added_gone(sent, "restore", person_id)


def restore_export(
    records: Records, data: bytes | str, *, source: str = "the file", idempotency_key: str | None = None
) -> RestoreResult:
    """Add everything in an export to ``records``' database (see the module's docstring).

    ``idempotency_key``: the API's ``Idempotency-Key`` (``services.form_tokens``, 24 hours), kept in the
    restore's transaction with what it answered: the same request (the same file's bytes, into the same
    ``person_id``) sent again with it gets that first answer, not "already there"; another request with
    it is an ``IdempotencyKeyReusedError``; the person it went into deleted since, an
    ``IdempotencyKeyGoneError``. Nothing is restored then."""
    sent = _restore_key(idempotency_key, records.person_id, data)
    document = read_export(data, source)
    problems = _problems(document, records.today())
    if problems:
        raise _refuse(source, problems)
    added = dict.fromkeys(KINDS, 0)
    already = dict.fromkeys(KINDS, 0)
    with records.db.session(write=True) as session:
        # one restore at a time: a second (a double click) must see what the first added; and a delete
        # of the person's records (or of the person) sent meanwhile waits, then deletes what it added
        lock_restores(session)
        # looked for after the lock: of two sent at once with one key, the second finds the first's
        if row_sent_before(session, sent, "restore", Person, records.now()) is not None:
            first = answer_sent_before(session, sent, "restore", records.now())
            if first is not None:
                return RestoreResult.of_kept(first)
        owner = records.owner_id(session, create=True)
        assert owner is not None  # made when the database has nobody yet
        person = session.get_one(Person, owner)
        # locked as read until the restore ends (PostgreSQL; SQLite's write lock is held already): a walk
        # being deleted is waited for and then not linked to (its check gets the file's walk), and one
        # linked to is deleted only after, when the deletion finds the restored check and says so
        stored_walks = _AlreadyStored(
            session.scalars(
                select(GaitRecording).where(GaitRecording.person_id == owner).with_for_update(read=True)
            ),
            _walk_key,
        )
        stored_checks = _AlreadyStored(
            session.scalars(select(Assessment).where(Assessment.person_id == owner)), _check_key
        )
        # locked until the restore ends (PostgreSQL; SQLite's write lock is held already): an Edit or a
        # removal saved meanwhile waits, so the restore never replaces a version it did not compare
        stored_entries = list(
            session.scalars(select(DiaryEntry).where(DiaryEntry.person_id == owner).with_for_update())
        )
        stored_versions: dict[int, set[Hashable]] = defaultdict(set)  # entry id -> its versions' keys
        for version in session.scalars(
            select(DiaryEntryVersion)
            .join(DiaryEntry, DiaryEntry.id == DiaryEntryVersion.entry_id)
            .where(DiaryEntry.person_id == owner)
        ):
            stored_versions[version.entry_id].add(_version_key(version))
        stored_days = {
            (d.day, d.source)
            for d in session.scalars(select(EverydayWalkingDay).where(EverydayWalkingDay.person_id == owner))
        }
        walk_keys = {  # the walks' duplicate keys the person has (migration 0013)
            key
            for key in session.scalars(
                select(GaitRecording.duplicate_key).where(GaitRecording.person_id == owner)
            )
            if key is not None
        }
        had_records = bool(stored_walks or stored_checks or stored_entries or stored_days)
        walk_ids: dict[int, int] = {}  # the file's walk id -> its id here
        for w in document.gait_recordings:
            stored_id = stored_walks.take(w)
            if stored_id is not None:
                walk_ids[w.id] = stored_id
                already["gait_recordings"] += 1
                continue
            walk = _add_walk(session, w, owner, _new_key(w, walk_keys))
            walk_ids[w.id] = walk.id
            added["gait_recordings"] += 1
        unreadable = 0  # checks added that another version made with other questions
        raised: list[str] = []  # the levels of deletion notes raised to their answers' warning signs
        for a in document.assessments:
            if stored_checks.take(a) is not None:
                already["assessments"] += 1
                continue
            unreadable += not _replays(a)
            linked = None if a.gait_recording_id is None else walk_ids[a.gait_recording_id]
            result = a.result
            if a.deletions():  # kept with it, as delete_walk keeps them (alone: no result)
                notes = [_deleted(gone) for gone in a.deletions()]
                raised += [line for line in [_raise_note_level(a, notes)] if line]
                result = {**(result or {}), WALK_DELETED_KEY: notes}
            session.add(
                Assessment(
                    **a.model_dump(
                        exclude={"id", "gait_recording_id", "result", "walk_deleted", "walks_deleted_before"}
                    ),
                    result=result,
                    gait_recording_id=linked,
                    person_id=owner,
                )
            )
            added["assessments"] += 1
        said: list[str] = []
        new_entries, pairs, replaced = _same_entries(
            stored_entries, document.diary_entries, said, records.now()
        )
        already["diary_entries"] += len(pairs)
        for version in replaced:  # the older versions, on either side: kept, never lost
            _keep_earlier(session, version.entry_id, [version], stored_versions[version.entry_id])
        for row, e in pairs:
            _keep_earlier(session, row.id, e.earlier_versions, stored_versions[row.id])
        for e in new_entries:
            tried = list(check_steps(e.tried))  # each once, in the plan's order, as typed ones are
            entry = DiaryEntry(
                **e.model_dump(exclude={"id", "tried", "earlier_versions"}), tried=tried, person_id=owner
            )
            session.add(entry)
            if e.earlier_versions:  # its new id, for them (a flush per entry: twice as slow)
                session.flush()
                _keep_earlier(session, entry.id, e.earlier_versions, stored_versions[entry.id])
            added["diary_entries"] += 1
        for day in document.everyday_walking:  # a day kept from the same source stays as it is
            if (day.day, day.source) in stored_days:
                already["everyday_days"] += 1
                continue
            stored_days.add((day.day, day.source))
            session.add(EverydayWalkingDay(**day.model_dump(), person_id=owner))
            added["everyday_days"] += 1
        identity_said, taken, kept_out = _take_identity(
            session, document, person, records.today(), had_records=had_records
        )
        settings_before = added["settings"]
        height_said = _take_height(session, document, person, added, already, had_records=had_records)
        height_added = added["settings"] > settings_before
        # first, each said whole: only the diary's sentences are cut ("And N more diary entries"), so
        # no check whose warning level was raised goes unnamed, nor is counted as a diary entry
        said[:] = [
            *(line for line in (identity_said, height_said, _unreadable_said(unreadable), *raised) if line),
            *_said_at_most(said),
        ]
        details_added = bool(taken)
        if taken:
            taken = f"; details for matching with a clinic's record taken: {taken}"
        elif kept_out:  # which ones the file held, never their values
            taken = f"; the file's details for matching with a clinic's record not taken: {kept_out}"
        else:
            taken = ""
        note(
            session,
            "records_restored",
            person_id=owner,
            person_label=person.label,
            detail=f"{records_in_words(added)} added; {records_in_words(already)} already here{taken}"
            + ("; the file's height not taken" if height_said is not None else ""),
        )
        for name, value in document.settings.items():
            if name == HEIGHT_SETTING or name in ACCESS_KEYS:  # a file never sets the sign-in password
                continue
            if session.get(Setting, name) is None:
                session.add(Setting(key=name, value=value))
                added["settings"] += 1
            else:
                already["settings"] += 1
        made_for = document.person.label if document.person is not None else None
        restored = RestoreResult(
            added=added,
            already_there=already,
            made_for=made_for,
            said=tuple(said),
            height_added=height_added,
            details_added=details_added,
        )
        keep_idempotency_key(session, sent, "restore", owner, records.now(), answer=restored.kept())
    return restored


__all__ = [
    "RESTORED_WORDS",
    "RESTORE_MAX_BYTES",
    "RestoreResult",
    "read_export",
    "restore_export",
    "restored_in_words",
    "restored_into_deleted",
]
