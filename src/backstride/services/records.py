"""Use cases of the local web app: assessments, walks, diary, history, export and delete-all.

``Records`` is the one service object the web adapters (REST API and HTML pages) call. It owns the
transactions and reads the clock; every write happens inside one transaction, so a crash never
leaves half a record, and answers are stored the moment they are given.

Results keep their provenance: an assessment result stores the knowledge version and the package
version; a walk stores the package version and the gait algorithm parameters.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import json
import re
import struct
import tempfile
import threading
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from backstride import __version__ as PACKAGE_VERSION
from backstride.core.acting import RESTORED_VIA, current_actor
from backstride.core.dates import day_words, local_time, moment_words, walk_moment_words
from backstride.core.dates import walked_on as walk_day
from backstride.core.errors import (
    BackstrideError,
    InputError,
    NotFoundError,
    RecordingError,
    RecordingOptionError,
    StorageError,
)
from backstride.core.export_format import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from backstride.diary.entries import EntryFieldError, entry_problems, validate_entry
from backstride.diary.steps import diary_steps, what_seems_to_help
from backstride.diary.trends import pain_trend, walking_tolerance_trend, weekly_means
from backstride.gait.factors import as_judged, stored_not_at_lower_back
from backstride.gait.result import counted_from_start, recording_start, with_recording_start
from backstride.services.access import ACCESS_KEYS
from backstride.services.activity import VIA_WORDS, Activity, forget_all, note
from backstride.services.check_changes import DISPOSITION_WORDS, level_words
from backstride.services.form_tokens import (
    FORM_TOKEN_PREFIX,
    IDEMPOTENCY_KEPT_FOR,
    IDEMPOTENCY_PREFIX,
    IdempotencyKey,
    added_with_form,
    form_sent_after_delete,
    form_token_of,
    forms_deleted,
    keep_form_token,
    keep_idempotency_key,
    records_deleted,
    reused,
    row_sent_before,
)
from backstride.services.gait_findings import (
    WALKING_TOLERANCE_MAX_MIN,
    findings_now,
    gait_to_inputs,
    not_at_lower_back,
    walk_not_usable,
)
from backstride.services.people import (
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    ID_LIMIT,
    IDENTITY_FIELDS,
    People,
    checked_height,
    first_people,
    get_person,
    identity_of,
    lock_adders,
    lock_walks,
    records_in_words,
    the_one_person,
)
from backstride.services.tolerance_words import duration, walking_time
from backstride.services.wording import humanize, minutes_words
from backstride.storage.db import Database
from backstride.storage.models import (
    Assessment,
    DiaryEntry,
    DiaryEntryVersion,
    Event,
    EverydayWalkingDay,
    GaitRecording,
    Person,
    Setting,
    stored_time,
    walk_duplicate_key,
)

if TYPE_CHECKING:
    from backstride.gait.readers.stream import RecordingStream
    from backstride.gait.result import GaitResult

MODES = ("person", "clinician")
RECORDING_FORMATS = (
    "auto",
    "csv",
    "phyphox",
    "sensor-logger",
    "mobilised",
    "axivity",
    "actigraph",
)  # gait.readers
# An upload may be this big unless the app is told otherwise (``Settings.max_upload_bytes``, or
# BACKSTRIDE_MAX_UPLOAD_MB): a week-long 100 Hz Axivity .cwa is 400-500 MB. It is copied to a temporary
# file in pieces (never held in memory) and read piece by piece while it is analysed.
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024
UPLOAD_PIECE_BYTES = 1024 * 1024  # an upload is copied, counted and hashed this much at a time
# A zip upload may unpack to at most this much in all: a guard against zip bombs, not memory (long phone
# exports are unpacked and read piece by piece). A day of Sensor Logger at 100 Hz unpacks to 1.7 GB;
# recordings compress 3-5 times. Each member also has the readers' own limit (2 GB).
MAX_UNPACKED_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024
QUESTION_CACHE_SIZE = 2048
# What the answers of checks not finished already mean (Home's warnings): a cache of their own, so a
# Home page listing many checks never pushes the next questions of anybody's interview out of the other
WARNING_CACHE_SIZE = 4096
HEIGHT_SETTING = "height_cm"  # the export's settings key of the person's height last used for a walk
NOT_A_DIAGNOSIS = (
    "This is not a diagnosis. backstride helps you and your clinician think; "
    "it never replaces an examination."
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return stored_time(moment).isoformat()


# ---------------------------------------------------------------------------------------- views


# What ``stored_result`` reads of a check
STORED_RESULT_COLUMNS = (
    "id",
    "person_id",
    "mode",
    "answers",
    "result",
    "knowledge_version",
    "package_version",
    "gait_recording_id",
    "updated_at",
    "created_at",
    "finished_at",
)
# How many earlier checks' answers ``checks_before`` reads in one go (the one before is usually finished)
CHECKS_READ_AT_ONCE = 8
# What an interview's state is read from (``Records.get_assessment``): built once, not per request
ASSESSMENT_STATE_COLUMNS = (
    "id",
    "person_id",
    "mode",
    "answers",
    "disposition",
    "created_at",
    "updated_at",
    "finished_at",
    "started_via",
    "started_by",
)
ASSESSMENT_LIST_COLUMNS = (*ASSESSMENT_STATE_COLUMNS, "knowledge_version", "package_version", "complete_mark")
# What ``Records._work_out`` stores of a check's result
WORKED_OUT_COLUMNS = (
    "result",
    "disposition",
    "knowledge_version",
    "package_version",
    "gait_recording_id",
    "updated_at",
)
# What ``Records._work_out`` keeps (``Database.snapshot_kept``) of each result it stored inside a snapshot
WORKED_OUT_IN_SNAPSHOT = "results stored"
# ... and, once a result could not be stored inside one (the database read-only or busy), why
NOT_STORED_IN_SNAPSHOT = "results not stored"


def _check_answers_given(answers: Any) -> None:
    if not isinstance(answers, Mapping) or not answers:
        raise InputError("answers must be a non-empty object of {finding_code: value}")


@lru_cache(maxsize=4)
def _assessment_columns_query(names: tuple[str, ...]) -> Any:
    """Some columns of one assessment (``assessment_id`` bound when run): built once per set."""
    table = Assessment.__table__
    columns = [table.c[name] for name in names]
    return select(*columns).where(table.c.id == bindparam("assessment_id"))


def question_to_dict(question: Any) -> dict[str, Any] | None:
    """A ``services.interview.Question`` as plain JSON-able data (``None`` stays ``None``)."""
    if question is None:
        return None
    to_dict = getattr(question, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    import dataclasses

    if dataclasses.is_dataclass(question) and not isinstance(question, type):
        return dataclasses.asdict(question)
    return {k: v for k, v in vars(question).items() if not k.startswith("_")}


@dataclass(frozen=True)
class AssessmentView:
    """An interview's state: the answers so far and the next question (``None`` when complete)."""

    id: int
    mode: str
    answers: dict[str, Any]
    next_question: dict[str, Any] | None
    complete: bool
    progress: dict[str, Any] | None
    disposition: str | None
    created_at: datetime
    updated_at: datetime
    person_id: int = 0  # whose check it is
    # when the answer that finished it was given (None: not finished, or kept before this was stored)
    finished_at: datetime | None = None
    started_via: str | None = None  # who started it (``starter_words``); None: kept before it was recorded
    started_by: str | None = None  # the staff member signed in, by name; None: none was

    @property
    def checked_at(self) -> datetime:
        """When the check counts from: finished, else started (``checks_before``'s order)."""
        return self.finished_at or self.created_at

    @property
    def finished(self) -> bool:
        """Finished: nothing left to ask, or finished once and no answer taken back or changed since.
        A question added to the interview since (a new warning sign) is asked, but the check stays
        finished, with when it was (its result says the new sign is not asked yet)."""
        return self.complete or self.finished_at is not None

    @property
    def new_question(self) -> bool:
        """Finished, and the interview asks a question added since (``finished``)."""
        return self.finished and not self.complete

    @property
    def started_by_words(self) -> str:
        """Who started it, in a sentence (``starter_words``)."""
        return starter_words(self.started_via, self.started_by)

    @functools.cached_property
    def emergency_now(self) -> dict[str, Any] | None:
        """What to say at once when the answers so far already make this an emergency (as the pages
        and the terminal do), so nobody waits for the result; None otherwise. Worked out when first
        asked for (the red-flag rules only: well under a millisecond)."""
        from backstride.services.interview import emergency_now

        return emergency_now(self.answers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mode": self.mode,
            "answers": dict(self.answers),
            "next_question": self.next_question,
            "complete": self.complete,
            # finished as History and the result page say it (``finished``): also a check finished
            # before a question was added, whose ``complete`` is false while the new one is asked
            "finished": self.finished,
            "finished_at": None if self.finished_at is None else _iso(self.finished_at),
            "progress": self.progress,
            "disposition": self.disposition,
            "emergency_now": copy.deepcopy(self.emergency_now),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "person_id": self.person_id,
            # who started it (migration 0016): the interface and the staff member signed in (null: none)
            "started_via": self.started_via,
            "started_by": self.started_by,
        }


@dataclass(frozen=True)
class UnfinishedCheck:
    """A check with answers and no finish time, as ``Records.unfinished_answers`` read it: its
    ``answers`` (what it already means needs no replay), replayed only when ``view`` is asked for."""

    id: int
    answers: dict[str, Any]
    _records: Any = field(repr=False, compare=False)
    _row: Any = field(repr=False, compare=False)
    # found complete before, with these answers and this version's code and data (its ``complete_mark``,
    # migration 0018): finished before finish times were kept, known without being replayed
    marked_complete: bool = field(default=False, compare=False)

    def view(self, *, unreadable: bool = False, keep: bool = True) -> AssessmentView | None:
        """Its state (the interview replayed), or None when its answers leave nothing to ask (finished
        before finish times were kept: not replayed when its mark says so) or cannot be replayed, unless
        ``unreadable`` (as ``Records.unfinished_checks``). Not ``keep``: its next question is not kept in
        the cache (nobody is about to see it), so it pushes nobody's out."""
        if self.marked_complete:
            return None
        view: AssessmentView | None = self._records._unfinished_view(
            self._row, unreadable=unreadable, keep=keep
        )
        return view


class WalkRef(NamedTuple):
    """A stored walk as a check sees it: its id, when it was stored and, when it cannot speak for the
    person's walking, why (a key of ``services.gait_findings.WALK_NOT_USABLE``), and when it was walked
    (its recording's start, else when it was sent: ``WalkView.walked_at``), as the pages date it."""

    id: int
    created_at: datetime  # when it was stored (sent): what "there when the check was finished" means
    not_usable: str | None = None
    walked_at: datetime | None = None  # when it was recorded, else sent (``WalkView.walked_at``)


@dataclass(frozen=True)
class CheckWalks:
    """Which walk a check's result uses, and the walks it leaves out (``choose_walk``).

    ``used``: of the walks stored at or before ``until``, the one walked most recently that can speak
    for the person's walking (None: no such walk). ``until``: when a finished check was finished (walks
    stored later are not part of it, whenever they were recorded); None for a check not finished, which
    looks at every walk stored now. ``newer``: the walk a new check would use, when it was stored after
    ``until`` (walked after ``used``). ``passed_over``: the walk walked most recently after ``used``
    that cannot speak for walking (with its reason). ``earlier``: the walk stored last before ``until``,
    when it was stored after ``used`` but walked before it (an old recording sent later: not used).
    ``kept_over``: the walk done last of those the check had, when its stored result keeps another
    (``choose_walk``'s ``kept``): what a new check would use, unless ``newer``. ``deleted``: the walk a
    finished check's result used, deleted since (``Records.delete_walk``; its result was worked out again
    without it), when it was; set by ``Records``, not by the rule. ``deleted_before``: the walks it
    used before that one, deleted earlier (a check whose walk was deleted, worked out again with another,
    whose walk was deleted too), oldest first: each deletion's note is kept, never replaced."""

    used: WalkRef | None = None
    until: datetime | None = None
    newer: WalkRef | None = None
    passed_over: WalkRef | None = None
    earlier: WalkRef | None = None
    kept_over: WalkRef | None = None
    deleted: DeletedWalk | None = None
    deleted_before: tuple[DeletedWalk, ...] = ()


WALKING_TOLERANCE = "walking_tolerance_min"  # the finding a walk gives a check (findings.yaml)


class CheckSaid(NamedTuple):
    """What a check's result said, beside its gait factors, that a walk can change: how soon to get help
    (its ``disposition``) and the walking tolerance it went by (``walking_tolerance_min``: the person's
    own answer, else its walk's; None when it had none)."""

    disposition: str
    walking_tolerance_min: float | None

    def to_record(self) -> dict[str, Any]:
        return {"disposition": self.disposition, "walking_tolerance_min": self.walking_tolerance_min}


def check_said(result: Mapping[str, Any], answers: Any, walk_findings: Any) -> CheckSaid:
    """``CheckSaid`` of a check's stored ``result``, its ``answers`` and the findings of the walk that
    result used (None: no walk): the walking tolerance as ``Records._assess`` takes it (answers win)."""
    tolerance = _number_or_none((answers or {}).get(WALKING_TOLERANCE))
    if tolerance is None:
        tolerance = _number_or_none((walk_findings or {}).get(WALKING_TOLERANCE))
    return CheckSaid(str(result.get("disposition")), tolerance)


def _number_or_none(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


class SaidAfter(NamedTuple):
    """What a check's result said right after a deletion (``DeletedWalk.after``): its gait factors and
    how soon to get help and the walking tolerance it went by; both None: not known (an answer was
    changed before its result was worked out again without the walk)."""

    gait_factors: tuple[str, ...] | None
    said: CheckSaid | None

    def to_record(self) -> dict[str, Any]:
        return {
            "gait_factors": None if self.gait_factors is None else list(self.gait_factors),
            "result": None if self.said is None else self.said.to_record(),
        }


def _said_after(kept: Any) -> SaidAfter | None:
    """``SaidAfter`` of a note's ``after`` (``SaidAfter.to_record``); None when it keeps none."""
    if not isinstance(kept, Mapping):
        return None
    factors, said = kept.get("gait_factors"), kept.get("result")
    return SaidAfter(
        None if factors is None else tuple(map(str, factors)),
        None
        if said is None
        else CheckSaid(str(said["disposition"]), _number_or_none(said["walking_tolerance_min"])),
    )


class DeletedWalk(NamedTuple):
    """The walk a finished check's result used, deleted since: its id, when it was walked (recorded,
    else sent: as its page dated it) and when it was deleted. ``before``: the gait factor codes its
    result had when the walk was deleted, ``now``: those its result has (None: not known, deleted
    before this was kept with the check, ``WALK_DELETED_KEY``). ``said_before``: how soon to get help
    and the walking tolerance its result went by when the walk was deleted, ``says_now``: those it goes
    by now (None: not known, deleted before they were kept with the check: export format 8).
    ``after``: what its result said right after this deletion (worked out again without the walk),
    kept when an answer was first changed after it (``_note_of``; export format 11), so a later
    deletion's ``before`` never stands for it with that answer in it; None: not kept (no answer changed
    before the next deletion, or kept before format 11: the next deletion's ``before`` stands for it)."""

    id: int
    walked_at: datetime
    deleted_at: datetime
    before: tuple[str, ...] | None = None
    now: tuple[str, ...] | None = None
    said_before: CheckSaid | None = None
    says_now: CheckSaid | None = None
    after: SaidAfter | None = None

    @property
    def lost(self) -> tuple[str, ...]:
        """The gait factors its result had and no longer has."""
        return tuple(c for c in self.before or () if c not in (self.now or ()))

    @property
    def gained(self) -> tuple[str, ...]:
        """The gait factors its result has now (from the walk it uses instead) and did not have."""
        return tuple(c for c in self.now or () if c not in (self.before or ()))

    def to_record(self) -> dict[str, Any]:
        """What is kept with the check's stored result (``WALK_DELETED_KEY``) and its export."""
        return {
            "walk_id": self.id,
            "walked_at": self.walked_at.isoformat(),
            "deleted_at": _iso(self.deleted_at),
            "gait_factors_before": None if self.before is None else list(self.before),
            "result_before": None if self.said_before is None else self.said_before.to_record(),
            "after": None if self.after is None else self.after.to_record(),
        }

    @property
    def time_zone(self) -> str | None:
        """The name of the zone the walk was recorded in (``Europe/Paris``, as its result kept it), or
        None: not known (only the start's offset was kept)."""
        zone = self.walked_at.tzinfo
        return zone.key if isinstance(zone, ZoneInfo) else None

    def to_stored(self) -> dict[str, Any]:
        """``to_record``, as kept with the check in the database: with the name of the zone the walk
        was recorded in (``time_zone``) when it was known, so the note names that clock ("08:57 Paris
        time") as the walk's page did."""
        zone = self.time_zone
        return {**self.to_record(), **({} if zone is None else {"time_zone": zone})}

    def to_export(self) -> dict[str, Any]:
        """``to_record``, as the export writes it (format 13): with ``time_zone``, the zone's name or
        null (not known), so a restored note names the same clock ("Shanghai time") as before."""
        return {**self.to_record(), "time_zone": self.time_zone}


# the key of a check's stored result (the JSON column) that keeps the walk it used, deleted since
# (``DeletedWalk.to_record``), so it travels with the check (its export: "walk_deleted", format 7);
# never part of the result shown (``ResultView.result``)
WALK_DELETED_KEY = "walk_deleted"


def _kept_notes(result: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The notes of the walks a check's stored ``result`` used, deleted since (``WALK_DELETED_KEY``), oldest
    first: one note (an object) as kept before export format 10, else the list of them."""
    kept = (result or {}).get(WALK_DELETED_KEY)
    if isinstance(kept, Mapping):
        return [dict(kept)]
    return (
        [dict(n) for n in kept]
        if isinstance(kept, list) and all(isinstance(n, Mapping) for n in kept)
        else []
    )


def _one_deleted_walk(kept: Mapping[str, Any]) -> DeletedWalk | None:
    try:
        said = kept.get("result_before")
        walked = datetime.fromisoformat(str(kept["walked_at"]))
        zone = kept.get("time_zone")  # kept since 28 Nov 2026 (``DeletedWalk.to_stored``)
        there = recording_start({"recording": {"start_datetime": walked.isoformat(), "time_zone": zone}})
        return DeletedWalk(
            int(kept["walk_id"]),
            walked if there is None else there,
            stored_time(datetime.fromisoformat(str(kept["deleted_at"]))),
            None if kept["gait_factors_before"] is None else tuple(map(str, kept["gait_factors_before"])),
            None,
            None
            if said is None
            else CheckSaid(str(said["disposition"]), _number_or_none(said["walking_tolerance_min"])),
            after=_said_after(kept.get("after")),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _chained(
    notes: Sequence[DeletedWalk], now: tuple[str, ...] | None, says_now: CheckSaid | None
) -> tuple[DeletedWalk, ...]:
    """The deletions ``notes`` (oldest first), each with what its result had after it: what it said right
    after it when that was kept (``DeletedWalk.after``: an answer was changed since, the last note too),
    else what it had when the next walk was deleted (that note's ``before`` and ``said_before``), the last
    one ``now`` and ``says_now``."""
    chained = []
    for i, gone in enumerate(notes):
        after = notes[i + 1] if i + 1 < len(notes) else None
        if gone.after is not None:  # what it said right after, kept: an answer changed later is not in it
            chained.append(gone._replace(now=gone.after.gait_factors, says_now=gone.after.said))
        elif after is None:
            chained.append(gone._replace(now=now, says_now=says_now))
        else:
            chained.append(gone._replace(now=after.before, says_now=after.said_before))
    return tuple(chained)


def deleted_walks_of(
    result: Mapping[str, Any] | None, says_now: CheckSaid | None = None
) -> tuple[DeletedWalk, ...]:
    """The deleted walks kept with a check's stored ``result`` (``WALK_DELETED_KEY``), oldest first, each
    with what its result had after it (``_chained``: the last, the gait factors that result has now and
    ``says_now``, what it goes by now: ``check_said``); empty when it keeps none (or one this version cannot
    read). Kept before export format 8, a note has no ``result_before``: what it said before is not known."""
    notes = [_one_deleted_walk(n) for n in _kept_notes(result)]
    if not notes or any(n is None for n in notes):
        return ()
    return _chained([n for n in notes if n is not None], result_gait_factors(result), says_now)


def deleted_walk_of(
    result: Mapping[str, Any] | None, says_now: CheckSaid | None = None
) -> DeletedWalk | None:
    """The last deleted walk kept with a check's stored ``result`` (``deleted_walks_of``), or None."""
    kept = deleted_walks_of(result, says_now)
    return kept[-1] if kept else None


def _walks_deleted_record(check: Any, lines: Sequence[DeletedWalk]) -> list[dict[str, Any]]:
    """What a check's export keeps of the walks its result used, deleted since, oldest first: as kept
    with its stored result, else (deleted before they were kept there) from the activity lines ``lines``,
    without the gait factors (not known); empty when it has no result (nothing to say it of). The last
    is its ``walk_deleted`` (format 7), the others its ``walks_deleted_before`` (format 10)."""
    if check.result is None:
        return []
    kept = deleted_walks_of(check.result)  # as this version writes it (a note kept before: no result_before)
    return [gone.to_export() for gone in kept or lines]


def _deleted_fields(notes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"walk_deleted": notes[-1] if notes else None, "walks_deleted_before": notes[:-1]}


def _told(result: Mapping[str, Any] | None) -> bool:
    """Whether a check's stored ``result`` is one worked out, not only the note of the walk it used,
    deleted since (``WALK_DELETED_KEY``), that ``Records.delete_walk`` keeps in its own transaction
    until the result is worked out again (it stays alone when that fails or cannot be done)."""
    return result is not None and any(k != WALK_DELETED_KEY for k in result)


def _note_of(row: Any) -> dict[str, Any] | None:
    """What stays of a check's stored result when its answers change (a new answer, or one taken
    back; ``row``: the Assessment, before they change): the notes of the walks it used, deleted since
    (``WALK_DELETED_KEY``), alone; None when it keeps none. The result is out of date, but what the
    person was told with that walk is not. The first change after the last deletion keeps, in its note,
    what the result said right after it (``DeletedWalk.after``: the result worked out again without the
    walk, with the answers of then; not known when it was not worked out again before this change)."""
    result = row.result
    kept = (result or {}).get(WALK_DELETED_KEY)
    if kept is None:
        return None
    notes = _kept_notes(result)
    if not notes or notes[-1].get("after") is not None:
        return {WALK_DELETED_KEY: kept}  # kept already (or a note this version cannot read: as it is)
    after = SaidAfter(None, None)
    if _told(result):  # worked out again after the deletion, with no answer changed since
        findings = None
        if row.gait_recording_id is not None:
            findings = _stored_findings(object_session(row), row.gait_recording_id)  # type: ignore[arg-type]
        after = SaidAfter(result_gait_factors(result), check_said(result, row.answers, findings))
    notes[-1] = {**notes[-1], "after": after.to_record()}
    return {WALK_DELETED_KEY: notes}


def _check_state(row: Any) -> Any:
    """The columns of a check's row that ``Records._assessment_view`` reads, kept while its session
    is open (``Records.result_and_check``)."""
    from types import SimpleNamespace

    return SimpleNamespace(**{name: getattr(row, name) for name in ASSESSMENT_STATE_COLUMNS})


def _as_stored_meanwhile(row: Assessment, stored_here: Mapping[int, Any] | None) -> Any:
    """A check's row as read in a snapshot, with the result ``Records._work_out`` stored for it while the
    snapshot was open (``stored_here``), which the snapshot's reads do not see: the export then says
    what the report read in the same snapshot said, and what is stored."""
    kept = None if stored_here is None else stored_here.get(row.id)
    if kept is None:
        return row
    from types import SimpleNamespace

    columns = {c.key: getattr(row, c.key) for c in Assessment.__table__.columns}
    return SimpleNamespace(**{**columns, **kept[2]})


def _held(values: Any) -> str:
    """A fingerprint (sha256) of a diary day's values (a stored entry's, or ``validate_entry``'s), to tell
    a form sent again after the day was deleted (``form_tokens.forms_deleted``) from the same page with
    other values. Only the fingerprint is kept after "delete everything", never the day's notes or
    numbers: deleted means deleted."""
    minutes = values.walking_tolerance_min
    said = [
        values.entry_date.isoformat(),
        values.pain_0_10,
        None if minutes is None else float(minutes),  # 6 and 6.0 are the same day
        values.notes,
        sorted(values.tried),
    ]
    return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()


def _same_entry(row: DiaryEntry, values: Any) -> bool:
    """Whether a stored diary entry holds these checked values (``diary.entries.validate_entry``)."""
    return (row.entry_date, row.pain_0_10, row.walking_tolerance_min, row.notes, list(row.tried)) == (
        values.entry_date,
        values.pain_0_10,
        values.walking_tolerance_min,
        values.notes,
        list(values.tried),
    )


def _answers_stamp(check: Any) -> Hashable:
    """What moves when a check's answers change (an answer given or taken back, ``_store_answers``,
    ``Records.back``): its answers in order, when they last changed and when it was finished. Compared by
    ``Records._work_out`` in the transaction that stores a result (``as_listed``)."""
    answers = tuple((code, repr(value)) for code, value in dict(check.answers or {}).items())
    finished = None if check.finished_at is None else stored_time(check.finished_at)
    return answers, stored_time(check.updated_at), finished


# The files whose text decides when an interview has nothing left to ask (``_code_fingerprint``)
MARK_SOURCE_SUFFIXES = (".py", ".yaml", ".yml")


@lru_cache(maxsize=1)
def _code_fingerprint() -> str | None:
    """The SHA-256 of this backstride's own code and data (every .py and .yaml file of the package, by
    name and text): when a check has nothing left to ask is decided by code (the interview, the engine)
    as much as by questions.yaml and knowledge.yaml, and the package's version (0.1.0) does not move
    when that code does. About 30 ms once per process, only when a mark is read or kept. None when the
    files cannot be read (no mark is then kept or trusted)."""
    import backstride

    root = Path(backstride.__file__).resolve().parent
    digest = hashlib.sha256()
    try:
        files = sorted(
            p for p in root.rglob("*") if p.suffix in MARK_SOURCE_SUFFIXES and "__pycache__" not in p.parts
        )
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest() if files else None


@lru_cache(maxsize=1)
def _mark_versions() -> str | None:
    """What a check's being complete depends on besides its kind and answers: this package's version,
    questions.yaml's and knowledge.yaml's, and its code (``_code_fingerprint``: an upgrade that asks more
    without a new version number leaves no mark worth anything); None: no mark (``complete_mark``)."""
    from backstride.knowledge import load_knowledge
    from backstride.knowledge.questions import load_questions

    code = _code_fingerprint()
    if code is None:
        return None
    return f"2|{PACKAGE_VERSION}|{load_questions().version}|{load_knowledge().version}|{code}"


def complete_mark(mode: str, answers: Mapping[str, Any]) -> str | None:
    """``Assessment.complete_mark`` for a check of kind ``mode`` with ``answers`` found complete (nothing
    left to ask; migration 0018): the SHA-256 of the versions it was worked out with, the kind and the
    answers in order. A mark read back is worth something only while it is still this (the same answers,
    the same versions and code); None when the answers cannot be written as JSON or the code cannot be
    read (never marked)."""
    versions = _mark_versions()
    if versions is None:
        return None
    try:
        text = json.dumps([versions, mode, list(answers.items())], separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


# The statements of the result page's path, built once (``ids``, ``person_id``, ``walk_id`` bound when
# run): building one and its cache key cost 0.2-0.4 ms of CPU each time on this VM, its run less
@lru_cache(maxsize=1)
def _earlier_rows_query() -> Any:
    """What ``Records.checks_before`` reads of some checks (``ids``)."""
    columns = ("id", "mode", "answers", "created_at", "updated_at", "finished_at", "complete_mark")
    query = select(*(getattr(Assessment, name) for name in columns))
    return query.where(Assessment.id.in_(bindparam("ids", expanding=True)))


@lru_cache(maxsize=1)
def _check_ids_query() -> Any:
    """The ids of a person's checks (``person_id``), the one done last first (``Records.checks_before``)."""
    ended = func.coalesce(Assessment.finished_at, Assessment.created_at)
    return (
        select(Assessment.id)
        .where(Assessment.person_id == bindparam("person_id"))
        .order_by(ended.desc(), Assessment.id.desc())
    )


@lru_cache(maxsize=1)
def _walks_of_person_query() -> Any:
    """A person's walks (``person_id``), sent last first, with when each was recorded as its result says
    (``Records._walks_until``)."""
    start = GaitRecording.result["recording"]["start_datetime"].as_string()
    zone = GaitRecording.result["recording"]["time_zone"].as_string()  # its name: 'Shanghai time'
    return (
        select(GaitRecording.id, GaitRecording.created_at, start, zone)
        .where(GaitRecording.person_id == bindparam("person_id"))
        .order_by(GaitRecording.created_at.desc(), GaitRecording.id.desc())
    )


@lru_cache(maxsize=1)
def _walk_read_query() -> Any:
    """A walk's factor codes and what a check's page quotes of it (``walk_id``; ``Records._walk_read``)."""
    columns = (GaitRecording.gait_factor_codes, *_WALK_QUOTED_COLUMNS)
    return select(*columns).where(GaitRecording.id == bindparam("walk_id"))


@lru_cache(maxsize=1)
def _walks_deleted_query() -> Any:
    """The activity lines of a person's walks deleted (``person_id``; ``Records._deleted_walks``)."""
    query = select(Event.at, Event.detail).where(Event.action == "walk_deleted")
    return query.where(Event.person_id == bindparam("person_id")).order_by(Event.id)


def _earlier_rows(session: Session, ids: list[int]) -> dict[int, Any]:
    """What ``Records.checks_before`` reads of the checks ``ids``, by id (none: nothing read)."""
    if not ids:
        return {}
    return {r.id: r for r in session.execute(_earlier_rows_query(), {"ids": ids})}


def _checks_read_before(
    session: Session, assessment_id: int | None, person: int | None
) -> tuple[list[int], dict[int, Any]]:
    """The ids of ``person``'s checks before ``assessment_id`` (None: all), newest first, and the first
    few of them read (``Records.checks_before``)."""
    if person is None:  # IS NULL, not "= NULL" as a bound None would say
        ended = func.coalesce(Assessment.finished_at, Assessment.created_at)
        query = select(Assessment.id).where(Assessment.person_id.is_(None))
        before = list(session.scalars(query.order_by(ended.desc(), Assessment.id.desc())).all())
    else:
        before = list(session.scalars(_check_ids_query(), {"person_id": person}).all())
    if assessment_id is not None:
        before = before[before.index(assessment_id) + 1 :] if assessment_id in before else []
    # the first few in the same transaction (the one before is usually finished: one read)
    return before, _earlier_rows(session, before[:CHECKS_READ_AT_ONCE])


def _marked_complete(row: Any) -> bool:
    """Whether the check ``row`` (without a finish time, with its ``complete_mark``) was found complete
    before, by a listing, with the answers it has now and this version's code and data: it need not be
    replayed to know it has nothing left to ask (a mark of other answers or another version: False)."""
    if row.finished_at is not None or row.complete_mark is None or not row.answers:
        return False
    return bool(row.complete_mark == complete_mark(row.mode, dict(row.answers)))


class ChangedMeanwhileError(Exception):
    """The check's answers moved after it was chosen to be worked out (``Records._work_out``'s
    ``as_listed``): nothing was stored. Caught where it is raised for (the export); never shown."""


def _walk_gone(check: Any) -> bool:
    """Whether the check's stored result was worked out with a walk deleted since, its link set to null
    (a check not finished, which ``Records.delete_walk`` does not work out again, or one whose walk was
    deleted before that was done): it names gait factors, which only a walk gives, and links no walk.
    Such a result is worked out again, as a deleted walk is never used again."""
    return check.gait_recording_id is None and bool(result_gait_factors(check.result))


def result_gait_factors(result: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The gait factor codes a check's result names (its plan's)."""
    plan = (result or {}).get("plan")
    factors = plan.get("gait_factors") if isinstance(plan, Mapping) else None
    return tuple(str(c) for c in factors or ())


# the activity line of a walk deleted (``Records.delete_walk``): the walk, its date and the finished
# checks whose result used it (worked out again without it), read back by ``_deleted_walks``
WALK_DELETED_DETAIL = "walk {id}, from {walked}; finished checks that used it: {checks}"
_WALK_DELETED = re.compile(r"^walk (\d+), from (\S+); finished checks that used it: ([\d, ]+|none)$")


# what a finished check whose walk was deleted says (``CheckWalks.deleted``), per voice: "you" a person's
# own check on the result page and in the API, "person" the report and a clinician's check (said about
# the person: ``check_voice``); {now}: the walk it uses now, else none. A deletion before the last says
# "without it": which walk the check used next is not kept (an answer taken back and the check finished
# again in between can have changed it), so no walk is named.
WALK_DELETED_WORDS = {
    "you": (
        "Your walk from {walked}, which this check used, was deleted on {deleted}. So its result was "
        "worked out again {now}, and what it says may have changed.",
        "with your walk from {used}",
    ),
    "person": (
        "The walk from {walked}, which this check used when it was finished, was deleted on {deleted}. "
        "Its result was worked out again {now}, so it may differ from what the person was told.",
        "with the walk from {used}",
    ),
}
WALK_DELETED_EARLIER_NOW = "without it"


def check_voice(mode: str | None) -> str:
    """The voice a check's notes speak in (``WALK_DELETED_WORDS``): a clinician's check speaks about the
    person ("person"), as its result page does; a person's own check to them ("you")."""
    return "person" if mode == "clinician" else "you"


# what changed in it (``DeletedWalk.lost`` and ``gained``, each the gait factors' text in the knowledge
# base, gait_factors.yaml, with their sources), per voice as above
WALK_DELETED_CHANGES = {
    "you": {
        "lost": "It no longer names what that walk showed: {factors}.",
        "gained": "It now names what the walk it uses instead shows: {factors}.",
        "same": "It names the same signs in how you walk as before.",
    },
    "person": {
        "lost": "It no longer names what that walk showed: {factors}.",
        "gained": "It now names what the walk it uses instead shows: {factors}.",
        "same": "It names the same signs in the person's walking as before.",
    },
}


def _said_words(who: str, them: str) -> dict[str, str]:
    """``WALK_DELETED_SAID`` of one voice: ``who`` could walk before the pain made ``them`` stop."""
    pain = f"before the pain came on or made {them} stop"
    return {
        "disposition": "Before, the check said “{then}”; now it says “{now}”.",
        "tolerance": f"Before, the check said {who} could walk for {{then}} {pain}; now it says {{now}} "
        "({sources}).",
        "no_tolerance_then": f"Before, the check did not say how long {who} could walk {pain}; now it says "
        "{now} ({sources}).",
        "no_tolerance_now": f"Before, the check said {who} could walk for {{then}} {pain}; now it does not "
        "say how long ({sources}).",
        "unknown": "What that changed in it is not known: backstride kept no note of what the check said "
        "with that walk.",
        "said_unknown": f"Whether it also changed how soon to get help, or how long {who} could walk before "
        "the pain came on, is not known: the walk was deleted before backstride kept a note of that.",
        "after_unknown": "What it said right after that is not known: an answer was changed before its "
        "result was worked out again without the walk.",
    }


# what changed in how soon to get help and in the walking tolerance it went by (``DeletedWalk.said_before``
# and ``says_now``; the levels as the result page heads them, check_changes.level_words), per voice;
# and what is not known, for a walk deleted before backstride kept it with the check
WALK_DELETED_SAID = {"you": _said_words("you", "you"), "person": _said_words("the person", "them")}
WALKING_TOLERANCE_SOURCES = ("D7",)  # the self-paced walking test (EVIDENCE.md D.5)


def _factors_in_words(codes: Iterable[str]) -> str:
    """Gait factors as their text in the knowledge base, in one sentence ("walking speed is slower
    than usual for adults (D1, C11); ...")."""
    from backstride.knowledge import load_knowledge

    defs = load_knowledge().gait_factors
    said = []
    for code in codes:
        found = defs.get(code)
        text = str(getattr(found, "text", "") or code.replace("_", " ")).strip().rstrip(".")
        sources = ", ".join(getattr(found, "sources", ()) or ())
        said.append(text[:1].lower() + text[1:] + (f" ({sources})" if sources else ""))
    return "; ".join(said)


def walk_deleted_changes(deleted: DeletedWalk, *, voice: str = "you") -> str:
    """What the deletion changed in the check, in words: how soon to get help and the walking tolerance
    it went by, when they changed, and its gait factors; when that is not known (deleted before it was
    kept with the check), that it is not known."""
    said = WALK_DELETED_SAID[voice]
    if deleted.before is None:
        return said["unknown"]
    if deleted.now is None and deleted.after is not None:  # its note kept that this is not known
        return said["after_unknown"]
    then, now = deleted.said_before, deleted.says_now
    parts = []
    if then is not None and now is not None:
        if then.disposition != now.disposition:
            parts.append(
                # the levels as its result page says them, about the person for a clinician's check
                said["disposition"].format(
                    then=level_words(then.disposition, voice), now=level_words(now.disposition, voice)
                )
            )
        if then.walking_tolerance_min != now.walking_tolerance_min:
            parts.append(_tolerance_changed(then.walking_tolerance_min, now.walking_tolerance_min, said))
    words = WALK_DELETED_CHANGES[voice]
    factors = [
        words[k].format(factors=_factors_in_words(c))
        for k, c in (("lost", deleted.lost), ("gained", deleted.gained))
        if c
    ]
    parts += factors or ([] if parts else [words["same"]])
    if then is None:  # kept before what it said was kept (export format 7)
        parts.append(said["said_unknown"])
    return " ".join(parts)


def _tolerance_changed(then: float | None, now: float | None, said: Mapping[str, str]) -> str:
    sources = ", ".join(WALKING_TOLERANCE_SOURCES)
    if then is None:
        return said["no_tolerance_then"].format(now=duration(60 * (now or 0)), sources=sources)
    if now is None:
        return said["no_tolerance_now"].format(then=duration(60 * then), sources=sources)
    return said["tolerance"].format(then=duration(60 * then), now=duration(60 * now), sources=sources)


def _local_time(moment: datetime) -> str:
    """``27 Nov 2026, 01:10`` on the clock here (as the pages write times)."""
    return moment_words(moment)


def walk_deleted_notes(
    walks: CheckWalks | None, *, voice: str = "you", dated: Callable[[datetime], str] = _local_time
) -> list[str]:
    """What a check whose walks were deleted says of each deletion (``WALK_DELETED_WORDS``), oldest
    first; empty when none was. Only the last names the walk the check uses now: which walk it used after
    an earlier deletion is not kept (``WALK_DELETED_EARLIER_NOW``)."""
    if walks is None or walks.deleted is None:
        return []
    sentence, with_walk = WALK_DELETED_WORDS[voice]
    used = walks.used
    # a walk is dated as its page is headed: its start where it was recorded, else when it was sent, here
    now = (
        "without a walk"
        if used is None
        else with_walk.format(used=walk_moment_words(used.walked_at or used.created_at, used.created_at))
    )
    gone = (*walks.deleted_before, walks.deleted)
    said = []
    for i, deleted in enumerate(gone):
        then = now if i + 1 == len(gone) else WALK_DELETED_EARLIER_NOW
        walked = walk_moment_words(deleted.walked_at)
        first = sentence.format(walked=walked, deleted=dated(deleted.deleted_at), now=then)
        said.append(f"{first} {walk_deleted_changes(deleted, voice=voice)}")
    return said


def walk_deleted_words(
    walks: CheckWalks | None, *, voice: str = "you", dated: Callable[[datetime], str] = _local_time
) -> str | None:
    """What a check whose walks were deleted says of them (``walk_deleted_notes``, oldest first, in one
    paragraph), or None (not deleted)."""
    return " ".join(walk_deleted_notes(walks, voice=voice, dated=dated)) or None


# what a finished check whose walk was deleted says when its result cannot be worked out again (answers
# this version cannot replay): what it said with that walk, as kept with it (``Records.delete_walk``),
# per voice as ``WALK_DELETED_WORDS``
def _unworked_words(whose: str, who: str, them: str) -> dict[str, str]:
    return {
        "deleted": f"{whose} walk from {{walked}}, which this check used, was deleted on {{deleted}}, and "
        "its result could not be worked out again without it.",
        "said": "Before, the check said “{then}”.",
        "tolerance": f"It said {who} could walk for {{then}} before the pain came on or made {them} stop "
        "({sources}).",
        "factors": "It named what that walk showed: {factors}.",
        "unknown": "What it said before is not known: the walk was deleted before backstride kept a note of "
        "that.",
    }


WALK_DELETED_UNWORKED = {
    "you": _unworked_words("Your", "you", "you"),
    "person": _unworked_words("The", "the person", "them"),
}


def walk_deleted_unworked_words(
    deleted: DeletedWalk, *, voice: str = "you", dated: Callable[[datetime], str] = _local_time
) -> str:
    """``WALK_DELETED_UNWORKED`` in words for the deleted walk ``deleted`` kept with a check."""
    words = WALK_DELETED_UNWORKED[voice]
    walked = walk_moment_words(deleted.walked_at)  # where it was recorded, as its page was headed
    parts = [words["deleted"].format(walked=walked, deleted=dated(deleted.deleted_at))]
    then = deleted.said_before
    if then is None:
        parts.append(words["unknown"])
    else:
        parts.append(words["said"].format(then=level_words(then.disposition, voice)))
        if then.walking_tolerance_min is not None:
            sources = ", ".join(WALKING_TOLERANCE_SOURCES)
            tolerance = duration(60 * then.walking_tolerance_min)
            parts.append(words["tolerance"].format(then=tolerance, sources=sources))
    if deleted.before:
        parts.append(words["factors"].format(factors=_factors_in_words(deleted.before)))
    return " ".join(parts)


# the level stored with a check this version cannot work out again (Records.stored_level), as
# checks.csv and the FHIR export name it (core.export_format.not_worked_out): never hidden
STORED_LEVEL_WORDS = {
    False: "The level stored with it when it was last worked out: {level} ({code}).",
    True: "The level stored with it, before the walk it used was deleted: {level} ({code}).",
}


def stored_level_words(stored: tuple[str, bool] | None) -> str:
    """``Records.stored_level`` in words: the level as the result page heads it, with its code ("Get
    emergency help now (emergency)"), and that the rest of its result is not shown; or that none was
    stored."""
    if stored is None:
        return "No level was stored with it, so none is shown here."
    code, from_note = stored
    level = STORED_LEVEL_WORDS[from_note].format(level=DISPOSITION_WORDS.get(code, humanize(code)), code=code)
    return f"{level} The rest of its result is not shown here."


def _done_last_order(walked_at: datetime | None, created_at: datetime, walk_id: int) -> tuple[Any, ...]:
    """The order of "the walk done last" (``choose_walk``, ``Records.latest_walk``): when it was walked
    (``_done_at``), a tie to the walk stored later, then to the higher id."""
    return (_done_at(walked_at, created_at), created_at, walk_id)


def _done_at(walked_at: datetime | None, created_at: datetime) -> datetime:
    """When a walk counts as done, to find the walk done last: its recording's start, but never after it
    was sent (a phone whose clock was wrong dated a walk 2030: it stayed the walk done last for years).
    A start without a time zone is a time on the clock here, as the pages show it (taken as UTC, a walk
    at 08:00 in Sydney counted as done at 19:00, after one sent at 10:00)."""
    sent = stored_time(created_at)
    if walked_at is None:
        return sent
    if walked_at.tzinfo is None:
        try:
            walked_at = walked_at.astimezone()
        except (ValueError, OverflowError):  # year 1 or 9999 (a restored file's): off the clock here
            walked_at = walked_at.replace(tzinfo=UTC)
    return min(walked_at, sent)


def choose_walk(
    walks: Iterable[tuple[int, datetime, datetime | None]],
    not_usable: Callable[[int], str | None],
    until: datetime | None,
    kept: int | None = None,
) -> CheckWalks:
    """The walk a check uses (a pure rule): of ``walks`` (id, when stored, when recorded or None when its
    file did not say), those stored at or before ``until`` (all, when None), the one walked most recently
    (recorded, else stored, never after it was stored: ``_done_at``; a tie: stored later) that
    ``not_usable(id)`` finds no fault with. A user expects the walk they did last, not the file they
    sent last: a recording of last month sent today must not replace yesterday's walk. Walks walked
    before the one chosen are looked at only when stored after it (``earlier``).

    ``kept``: the walk a finished check's stored result used (what the person was told). It stays the
    check's walk while it is among those stored by ``until`` and can speak for walking, whichever rule
    chose it: a check finished before this rule (which took the walk sent last) keeps its walk."""
    refs = [WalkRef(i, created, None, recorded or created) for i, created, recorded in walks]
    refs.sort(key=lambda r: _done_last_order(r.walked_at, r.created_at, r.id), reverse=True)

    def in_time(ref: WalkRef) -> bool:
        return until is None or ref.created_at <= until

    if kept is not None:  # only a finished check's, still there in time and able to speak for walking
        told = next((r for r in refs if r.id == kept and in_time(r)), None)
        kept = None if until is None or told is None or not_usable(told.id) is not None else kept
    used = newer = passed_over = kept_over = None
    by_the_rule = True  # the walk used is the one the rule picks (not a kept one walked before another)
    for ref in refs:
        ref = ref._replace(not_usable=not_usable(ref.id))
        if (ref.id == kept) if kept is not None else (ref.not_usable is None and in_time(ref)):
            used = ref
            break
        if ref.not_usable is not None:
            passed_over = passed_over or ref
        elif not in_time(ref):
            # stored after until: a new check would use the first of them, unless it uses one done
            # later that the check had (a kept walk passed it over)
            newer = newer or (ref if by_the_rule else None)
        else:
            by_the_rule = False
            kept_over = kept_over or ref
    earlier = None
    if used is not None and by_the_rule:  # sent after the walk used, in time: usable ones walked before it
        sent_later = [
            r for r in refs if used.created_at < r.created_at and (until is None or r.created_at <= until)
        ]
        for ref in sorted(sent_later, key=lambda r: (r.created_at, r.id), reverse=True):
            ref = ref._replace(not_usable=not_usable(ref.id))
            if ref.not_usable is None:
                earlier = ref
                break
    return CheckWalks(
        used=used, until=until, newer=newer, passed_over=passed_over, earlier=earlier, kept_over=kept_over
    )


# what a check's page quotes of the walk its result used (``Records.walk_quoted``): its findings and its
# walking time only, not its whole result (a day's walk is MBs of JSON)
_WALK_QUOTED_COLUMNS = (GaitRecording.findings, GaitRecording.result["walking_tolerance"])


def _walk_quoted(findings: Any, tolerance: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """``Records.walk_quoted`` of the columns ``_WALK_QUOTED_COLUMNS`` read."""
    tolerance = dict(tolerance) if isinstance(tolerance, Mapping) else {}
    return findings_now(findings, {"walking_tolerance": tolerance}), tolerance


@dataclass(frozen=True)
class ResultView:
    """An assessment's result (the contract JSON) with where it came from."""

    assessment_id: int
    result: dict[str, Any]
    knowledge_version: str
    package_version: str
    gait_recording_id: int | None
    gait_factor_codes: list[str]
    computed_at: datetime
    notice: str = NOT_A_DIAGNOSIS
    # the warning-sign questions not asked yet: while any are, the result is not an all-clear
    unscreened_warning_signs: tuple[str, ...] = ()
    # the warning signs answered "don't know" (the interview's ``WarningSign`` items), most urgent
    # first: never passed over in silence
    uncertain_signs: tuple[Any, ...] = ()
    # warning rules that questions not asked yet could still fire, more urgent than the result
    # (stopped at "Which legs?" after a sudden start): never passed over either
    unasked_rules: tuple[Any, ...] = ()
    person_id: int | None = None  # whose check it is
    # the walk it used and those it left out (``Records.result``; None: not looked at): what is around
    # the result, not part of it (a newer walk does not make it another result)
    walks: CheckWalks | None = field(default=None, compare=False)
    voice: str = field(default="you", compare=False)  # its notes' (``check_voice``): "person", a clinician's
    # ``Records.walk_quoted`` of the walk it used, read with it in its transaction (None: not read; the
    # result page quotes it, ``check_changes.used_walk``): not part of the result either
    walk_quoted: tuple[dict[str, Any], dict[str, Any]] | None = field(default=None, compare=False, repr=False)

    @property
    def disposition(self) -> str:
        return str(self.result.get("disposition", ""))

    @property
    def uncertain_warning_signs(self) -> tuple[str, ...]:
        """The finding codes of ``uncertain_signs``, in their order."""
        return tuple(s.code for s in self.uncertain_signs)

    @property
    def screening_complete(self) -> bool:
        return not self.unscreened_warning_signs

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessment_id": self.assessment_id,
            "person_id": self.person_id,
            "result": self.result,
            "knowledge_version": self.knowledge_version,
            "package_version": self.package_version,
            "gait_recording_id": self.gait_recording_id,
            "gait_factor_codes": list(self.gait_factor_codes),
            "computed_at": _iso(self.computed_at),
            "screening_complete": self.screening_complete,
            "unscreened_warning_signs": list(self.unscreened_warning_signs),
            "uncertain_warning_signs": list(self.uncertain_warning_signs),
            "unasked_warning_rules": [s.code for s in self.unasked_rules],
            "notice": self.notice,
            "walk_deleted": self._walk_deleted(),
        }

    def _walk_deleted(self) -> dict[str, Any] | None:
        deleted = None if self.walks is None else self.walks.deleted
        if deleted is None:
            return None
        return {
            "walk_id": deleted.id,
            "walked_at": deleted.walked_at.isoformat(),  # as its file said it (else when it was sent)
            "deleted_at": _iso(deleted.deleted_at),
            # the gait factors its result had then, lost and gained since (None: not known)
            "gait_factors_before": None if deleted.before is None else list(deleted.before),
            "gait_factors_lost": None if deleted.before is None else list(deleted.lost),
            "gait_factors_gained": None if deleted.before is None else list(deleted.gained),
            # how soon to get help and the walking tolerance it went by then and now (None: not known)
            "result_before": None if deleted.said_before is None else deleted.said_before.to_record(),
            "result_now": None
            if deleted.said_before is None or deleted.says_now is None
            else deleted.says_now.to_record(),
            # the walks it used before, deleted earlier, oldest first (as kept: DeletedWalk.to_record)
            "earlier": [gone.to_record() for gone in self.walks.deleted_before],  # type: ignore[union-attr]
            "message": walk_deleted_words(self.walks, voice=self.voice),  # every deletion, oldest first
        }


class EarlierCheck(NamedTuple):
    """A check made before another (``Records.checks_before``)."""

    id: int
    started: datetime
    finished: bool | None  # None: this version cannot replay its answers
    changed: datetime  # last answered, or its result last stored
    answers: dict[str, Any]
    finished_at: datetime | None = None  # when it was finished, when that is known
    new_question: bool = False  # finished, and a question added since is asked (``AssessmentView``)

    @property
    def checked_at(self) -> datetime:
        """When the check counts from: finished, else started (the order ``checks_before`` gives)."""
        return self.finished_at or self.started


# who sent a walk (``GaitRecording.sent_via`` and ``sent_by``, migration 0015), in the activity list's
# how a check or walk restored from a file (``core.acting.RESTORED_VIA``) was started or sent: the staff
# member it names is kept as written, said to be the file's word, never as if they acted here
RESTORED_HOW = "as the file it was restored from says"
# words for the interface (``services.activity.VIA_WORDS``): a staff member by name; no staff signed in by
# name, never "the person": a clinic's shared password signs in no name, and a clinician may use it
# (docs/clinic.md), so a page or the API says only that no staff member was named; the command line,
# whoever used this computer
SENDER_WORDS = {
    "staff": "Sent by {staff}, {how}.",
    "page": "Sent {how}, with no staff member signed in by name.",
    "API": "Sent {how}, with no staff member signed in by name.",
    "command line": "Sent {how} by the person using this computer.",
    "python": "Sent {how}.",
    RESTORED_VIA: "Restored from a file that names no staff member who sent it.",
    None: "Who sent it was not recorded: it was sent before backstride kept that.",
}
# who started a check (``Assessment.started_via`` and ``started_by``, migration 0016), by the same rule
STARTER_WORDS = {
    "staff": "Started by {staff}, {how}.",
    "page": "Started {how}, with no staff member signed in by name.",
    "API": "Started {how}, with no staff member signed in by name.",
    "command line": "Started {how} by the person using this computer.",
    "python": "Started {how}.",
    RESTORED_VIA: "Restored from a file that names no staff member who started it.",
    None: "Who started it was not recorded: it was started before backstride kept that.",
}


# the same, short, for a table's cell (the report's walks)
SENDER_SHORT = {
    "page": "no staff member named",
    "API": "no staff member named",
    "command line": "the person using this computer",
    "python": "a Python program",
    RESTORED_VIA: "a restored file, no one named",
    None: "not recorded",
}


# a page or the API with no staff member named, where no staff member can sign in by name (a person at
# home: no staff accounts): said without staff, "Sent on a page." (``clinic=False``)
NO_STAFF_VIAS = ("page", "API")


def sender_short(via: str | None, staff: str | None, *, clinic: bool = True) -> str:
    """Who sent a walk in a few words for a table's cell (``SENDER_SHORT``): a staff member's name (one
    a restored file names: said to be the file's). Not ``clinic`` (no staff accounts): a page or the
    API says how it was sent ("on a page"), not that no staff member was named."""
    if staff and via == RESTORED_VIA:
        return f"{staff} (as a restored file says)"
    if not clinic and not staff and via in NO_STAFF_VIAS:
        return VIA_WORDS[via]
    return staff if staff and via is not None else str(SENDER_SHORT.get(via, SENDER_SHORT["python"]))


def sender_words(
    via: str | None,
    staff: str | None,
    words: Mapping[str | None, str] = SENDER_WORDS,
    *,
    clinic: bool = True,
) -> str:
    """Who sent a walk, in one sentence for its page, the report and the tables (``SENDER_WORDS``);
    with ``words=STARTER_WORDS``, who started a check. Not ``clinic`` (no staff accounts, a person at
    home): a page or the API with no staff member named is "Sent on a page.", nothing about staff."""
    if via is None:
        return str(words[None])
    how = RESTORED_HOW if via == RESTORED_VIA else VIA_WORDS.get(via, via)
    home = not clinic and not staff and via in NO_STAFF_VIAS
    said = words["staff"] if staff else words["python"] if home else words.get(via, words["python"])
    return said.format(staff=staff, how=how)


def starter_words(via: str | None, staff: str | None, *, clinic: bool = True) -> str:
    """Who started a check, in one sentence for its result page and the report (``STARTER_WORDS``)."""
    return sender_words(via, staff, STARTER_WORDS, clinic=clinic)


@dataclass(frozen=True)
class WalkView:
    """A stored walk: file facts, the gait JSON, the findings it gave and its provenance."""

    id: int
    original_filename: str
    source_format: str
    size_bytes: int
    sha256: str
    height_cm: float | None
    result: dict[str, Any]
    findings: dict[str, Any]
    gait_factor_codes: list[str]
    algorithm_parameters: dict[str, Any]
    package_version: str
    created_at: datetime
    summary: dict[str, Any] = field(default_factory=dict)
    person_id: int = 0  # whose walk it is
    sent_via: str | None = None  # who sent it (``sender_words``); None: kept before it was recorded
    sent_by: str | None = None  # the staff member signed in, by name; None: none was

    @property
    def sent_by_words(self) -> str:
        """Who sent it, in a sentence (``sender_words``)."""
        return sender_words(self.sent_via, self.sent_by)

    @property
    def recorded_at(self) -> datetime | None:
        """When the recording started, as its file says; None when it does not say (or was stored before
        the start was kept with the result, 27 Nov 2026)."""
        return recording_start(self.result)

    @property
    def walked_at(self) -> datetime:
        """When the walk was: its recording's start, else when it was sent (``created_at``). A walk
        recorded on 5 Nov and sent on 27 Nov belongs to 5 Nov on every page and chart."""
        return self.recorded_at or self.created_at

    @property
    def walked_on(self) -> date:
        """The walk's day on every page, chart and report (``core.dates.walked_on``): its recording's start
        on the clock where it was recorded (a walk at 23:30 in Paris is on that Paris day, on a computer
        in New York too), else the day it was sent, here."""
        return walk_day(self.recorded_at, stored_time(self.created_at))

    def judged(self) -> WalkView:
        """The walk as its page, the report and the exports judge it (the REST API's view, review R19):
        for a walk not worn at the lower back whose stored result still holds numbers and verdicts (a
        pocket walk stored before the tilt check) ``result`` is ``gait.factors.as_judged`` (speed, stride
        length, distances ``None``, each factor not judged) and ``gait_factor_codes`` keeps only the
        factors still found (none). Any other walk: itself. The stored row and the JSON export/backup
        (``to_dict`` of ``_walk_view``) keep the stored result, which restore checks."""
        if not stored_not_at_lower_back(self.result):
            return self
        result = as_judged(self.result)
        found = set(gait_to_inputs(result)[1])  # the factors still found, as a stored walk's are listed
        return replace(
            self, result=result, gait_factor_codes=[c for c in self.gait_factor_codes if c in found]
        )

    def to_dict(self) -> dict[str, Any]:
        recorded = self.recorded_at
        return {
            "id": self.id,
            "original_filename": self.original_filename,
            "source_format": self.source_format,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
            "height_cm": self.height_cm,
            "result": self.result,
            "findings": dict(self.findings),
            "gait_factor_codes": list(self.gait_factor_codes),
            "algorithm_parameters": dict(self.algorithm_parameters),
            "package_version": self.package_version,
            "created_at": _iso(self.created_at),
            "recorded_at": None if recorded is None else recorded.isoformat(),
            "summary": dict(self.summary),
            "person_id": self.person_id,
            # who sent it (export format 11): the interface and the staff member signed in (null: none)
            "sent_via": self.sent_via,
            "sent_by": self.sent_by,
        }


@dataclass(frozen=True)
class DiaryEntryView:
    id: int
    entry_date: date
    pain_0_10: int
    walking_tolerance_min: float | None
    notes: str
    created_at: datetime
    updated_at: datetime
    person_id: int = 0  # whose diary it is
    tried: tuple[str, ...] = ()  # the relief steps tried that day (diary.steps codes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "entry_date": self.entry_date.isoformat(),
            "pain_0_10": self.pain_0_10,
            "walking_tolerance_min": self.walking_tolerance_min,
            "notes": self.notes,
            "tried": list(self.tried),
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
        }


@dataclass(frozen=True)
class EarlierDiaryVersion:
    """An earlier version of a diary entry, kept by ``replaced_by`` at ``replaced_at``: "restore", a
    restore that met a newer version of the entry (the stored one replaced by the file's, or the file's
    older than the stored one); ``updated_at``: when that version was last changed."""

    entry_date: date
    pain_0_10: int
    walking_tolerance_min: float | None
    notes: str
    tried: tuple[str, ...]
    updated_at: datetime
    replaced_at: datetime
    replaced_by: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_date": self.entry_date.isoformat(),
            "pain_0_10": self.pain_0_10,
            "walking_tolerance_min": self.walking_tolerance_min,
            "notes": self.notes,
            "tried": list(self.tried),
            "updated_at": _iso(self.updated_at),
            "replaced_at": _iso(self.replaced_at),
            "replaced_by": self.replaced_by,
        }


def diary_values(row: Any) -> dict[str, Any]:
    """What a person wrote in a diary entry or one of its versions (a row): day, pain, minutes, notes
    and the steps tried (a tuple)."""
    return {
        "entry_date": row.entry_date,
        "pain_0_10": row.pain_0_10,
        "walking_tolerance_min": row.walking_tolerance_min,
        "notes": row.notes,
        "tried": tuple(row.tried or ()),
    }


def _earlier_view(row: DiaryEntryVersion) -> EarlierDiaryVersion:
    return EarlierDiaryVersion(
        **diary_values(row),
        updated_at=stored_time(row.updated_at),
        replaced_at=stored_time(row.replaced_at),
        replaced_by=row.replaced_by,
    )


def _first_symptom_min(result: Mapping[str, Any] | None) -> float | None:
    """Minutes of walking to a walk's first symptom (a walking time: ``tolerance_words.walking_time``),
    to the hundredth like the walk's finding; ``None`` when it has none."""
    tolerance = (result or {}).get("walking_tolerance") or {}
    seconds = walking_time(tolerance, "first_symptom") if isinstance(tolerance, Mapping) else None
    return None if seconds is None else round(min(seconds / 60.0, WALKING_TOLERANCE_MAX_MIN), 2)


def diary_entry_words(e: Any) -> str:
    """A diary entry's values (any version) in a few words: ``pain 7, 12 min 30 s walked before pain, you
    used a cold pack and did the knee-to-chest stretch, notes "stiff"`` (the steps tried as
    ``diary.steps`` says them, so two versions that differ only in their ticks do not read the same)."""
    words = [f"pain {e.pain_0_10}"]
    if e.walking_tolerance_min is not None:
        # as the walking test said it when it saved the day: "6 min 20 s", not "6.33 minutes"
        words.append(f"{minutes_words(e.walking_tolerance_min)} walked before pain")
    if e.tried:
        steps = diary_steps()
        did = [steps[c].words if c in steps else f"tried {humanize(c).lower()}" for c in e.tried]
        words.append("you " + (f"{', '.join(did[:-1])} and {did[-1]}" if len(did) > 1 else did[0]))
    notes = " ".join(str(e.notes or "").split())
    if notes:
        words.append(f'notes "{notes[:60]}{"…" if len(notes) > 60 else ""}"')
    return ", ".join(words)


def earlier_version_words(version: EarlierDiaryVersion, entry_date: date) -> str:
    """An earlier version as the entry's Edit page and ``backstride diary edit`` say it (its day only
    when it is not the entry's): "An earlier version, kept by a restore on 27 Nov 2026: pain 7."."""
    return (
        f"An earlier version, kept by a restore on {day_words(local_time(version.replaced_at))}: "
        + diary_entry_words(version)
        + (f" on {day_words(version.entry_date)}" if version.entry_date != entry_date else "")
        + "."
    )


@lru_cache(maxsize=1)
def _question_of_code() -> dict[str, str]:
    from backstride.knowledge.questions import load_questions

    return {code: q.id for code, q in load_questions().code_to_question().items()}


def questions_answered(answers: Mapping[str, Any]) -> int:
    """How many questions these answers answer: a checklist of five items is one question."""
    asked_by = _question_of_code()
    return len({asked_by.get(code, code) for code in answers})


def summarize_walk(result: Mapping[str, Any]) -> dict[str, Any]:
    """A walk's cadence, speed and stride length over its bouts, for the walk page and the charts.

    The gait engine's own summary when the result has one (the same means its gait factors judge,
    so the page never shows the speed one way in the numbers and another in the factor); else
    step-weighted means over the bouts. A walk not worn at the lower back, by the rule checks use
    (``not_at_lower_back``: also a pocket walk stored before the tilt check, whose summary still has
    them), has no speed or stride length (``None``) and ``not_at_lower_back`` true: the walks list says
    "not judged" and the speed chart leaves it out, as the walk page does.
    """

    bouts = list(result.get("walking_bouts") or [])
    steps = sum(int(b.get("n_steps") or 0) for b in bouts)
    engine = result.get("summary")
    engine = engine if isinstance(engine, Mapping) else {}

    def weighted(key: str) -> float | None:
        if isinstance(engine.get(key), int | float) and not isinstance(engine.get(key), bool):
            return float(engine[key])
        pairs = [(b.get(key), int(b.get("n_steps") or 0)) for b in bouts if b.get(key) is not None]
        weight = sum(w for _, w in pairs)
        if not pairs:
            return None
        if weight == 0:
            return round(sum(float(v) for v, _ in pairs) / len(pairs), 3)
        return round(sum(float(v) * w for v, w in pairs) / weight, 3)

    walking_s = sum(float(b.get("end_s", 0)) - float(b.get("start_s", 0)) for b in bouts)
    away = not_at_lower_back(result)
    tolerance = result.get("walking_tolerance")
    tolerance = tolerance if isinstance(tolerance, Mapping) else {}
    return {
        "n_bouts": len(bouts),
        "n_steps": steps,
        "walking_duration_s": round(walking_s, 2),
        "cadence_spm": weighted("cadence_spm"),
        "walking_speed_mps": None if away else weighted("walking_speed_mps"),
        "stride_length_m": None if away else weighted("stride_length_m"),
        "not_at_lower_back": away,
        # the self-paced walking test [D7], when the person said when symptoms came / they stopped
        **{key: tolerance.get(key) for key in TOLERANCE_KEYS},
    }


TOLERANCE_KEYS = (  # of a gait result's walking_tolerance, kept in a walk's summary
    "time_to_first_symptom_s",
    "distance_to_first_symptom_m",
    "time_to_stop_s",
    "distance_to_stop_m",
)


def _present_gait_factors(walk: GaitRecording) -> list[str | dict[str, Any]]:
    """The walk's present gait factors for the relief plan, with the gait engine's explanations and
    what it measured (``measured_gait_factors``: the plan's reason quotes it)."""
    from backstride.services.gait_findings import measured_gait_factors

    codes = [str(c) for c in (walk.gait_factor_codes or [])]
    result = walk.result if isinstance(walk.result, Mapping) else {}
    return measured_gait_factors(result, codes)


def assess_with_walk(
    answers: Mapping[str, Any], walk: GaitRecording | None, mode: str = "person"
) -> dict[str, Any]:
    """The result (contract JSON) of ``answers`` with ``walk``'s findings and gait factors: what
    ``Records.result`` stores for a check linked to that walk. ``InputError`` if it cannot be made."""
    findings = findings_now(walk.findings, walk.result) if walk is not None else {}
    factors = _present_gait_factors(walk) if walk is not None else []
    return Records._assess(answers, findings, factors, mode)


def _walk_facts(
    result: Mapping[str, Any], findings: Mapping[str, Any] | None
) -> tuple[str | None, datetime | None, bool]:
    """What a check needs of a walk's stored result: why it cannot speak for the person's walking
    (None: it can), when it was recorded (None: the file does not say), and whether its stored
    ``findings`` are older than today's rule (``gait_findings.findings_now``: a walking time taken from
    the first symptom): a check's result stored with such a walk is worked out again on every read."""
    return (
        walk_not_usable(dict(result)),
        recording_start(result),
        findings_now(findings, result) != dict(findings or {}),
    )


def _stored_findings(session: Session, walk_id: int) -> dict[str, Any] | None:
    """The findings of the stored walk ``walk_id`` as a check takes them today (``findings_now``), read
    with its walking tolerance alone, not its whole result (a day's walk is MBs of JSON); None: gone."""
    row = session.execute(
        select(GaitRecording.findings, GaitRecording.result["walking_tolerance"]).where(
            GaitRecording.id == walk_id
        )
    ).first()
    if row is None:
        return None
    return findings_now(row[0], {"walking_tolerance": row[1]})


def _walk_view(row: GaitRecording) -> WalkView:
    # a walk stored before b95a050 may count its times from a CSV's own first time: read from the start
    result = counted_from_start(row.result)
    return WalkView(
        id=row.id,
        original_filename=row.original_filename,
        source_format=row.source_format,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        height_cm=row.height_cm,
        result=result,
        findings=findings_now(row.findings, result),  # today's rule, for walks stored before it too
        gait_factor_codes=[str(c) for c in (row.gait_factor_codes or [])],
        algorithm_parameters=dict(row.algorithm_parameters or {}),
        package_version=row.package_version,
        created_at=stored_time(row.created_at),
        summary=summarize_walk(result),
        person_id=row.person_id,
        sent_via=row.sent_via,
        sent_by=row.sent_by,
    )


def _same_version(stored: datetime, base: datetime) -> bool:
    """Whether a diary entry's version sent back (``base``) is the stored one. A client whose time type
    keeps milliseconds only (a JavaScript Date) sends the stored microseconds cut to milliseconds:
    still the same version (review R4). Two saves in one millisecond are not told apart then."""
    if stored == base:
        return True
    return (
        base.microsecond % 1000 == 0 and stored.replace(microsecond=stored.microsecond // 1000 * 1000) == base
    )


def _diary_view(row: DiaryEntry) -> DiaryEntryView:
    return DiaryEntryView(
        id=row.id,
        **diary_values(row),
        created_at=stored_time(row.created_at),
        updated_at=stored_time(row.updated_at),
        person_id=row.person_id,
    )


MAX_SHOWN_NAME_CHARS = 120
MAX_TEMP_NAME_BYTES = 120  # well under the 255-byte limit of a file name on every file system
_NAME_PUNCTUATION = frozenset(" ._-()+,")


def _bounded_suffix(name: str) -> str:
    """The extension (``.csv``, ``.zip``), letters and digits only, at most 10 characters; or ''."""
    suffix = "".join(c for c in Path(name).suffix[1:] if c.isascii() and c.isalnum())[:10]
    return f".{suffix}" if suffix else ""


def shown_upload_name(filename: str | None) -> str:
    """The name of an uploaded file as the person knows it: no folders or control characters,
    at most ``MAX_SHOWN_NAME_CHARS`` (a long name keeps its start and its extension)."""
    name = Path((filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable()).strip()
    if name in (".", ".."):
        return ""
    if len(name) > MAX_SHOWN_NAME_CHARS:
        suffix = _bounded_suffix(name)
        name = name[: MAX_SHOWN_NAME_CHARS - len(suffix) - 1].rstrip() + "…" + suffix
    return name


def temp_upload_name(name: str) -> str:
    """A safe file name for the upload's temporary copy: the readers look at the name (``.zip``,
    ``Accelerometer.csv``), so keep letters, digits and plain punctuation, bounded in bytes; never
    a path, a dot file or ``..``."""
    suffix = _bounded_suffix(name)
    stem = name[: len(name) - len(Path(name).suffix)] if suffix else name
    stem = "".join(c if c.isalnum() or c in _NAME_PUNCTUATION else "_" for c in stem).strip(" .")
    while len((stem + suffix).encode()) > MAX_TEMP_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


class UploadTooLargeError(RecordingError):
    """An upload bigger than the app's limit (HTTP 413); nothing of it is kept."""


class DiaryEntryChangedError(InputError):
    """A change to a diary entry made from a version that is no longer the stored one: the entry was
    changed after it was read (a backup restored meanwhile put a newer version in its place, or another
    tab or device saved first). Nothing was changed; ``entry`` is the entry as it is now, so each
    interface can show it and let the person choose (the Edit page and the API answer 409)."""

    def __init__(self, entry: DiaryEntryView) -> None:
        self.entry = entry
        super().__init__(
            f"diary entry {entry.id} was changed after you read it: it is now "
            f"{day_words(entry.entry_date)}, {diary_entry_words(entry)}; nothing was changed"
        )


class WalkUsedByChecksError(InputError):
    """A walk that finished checks use, deleted without being told to (``Records.delete_walk`` with
    ``checks_ok=False``): nothing was deleted; ``checks`` are their ids, oldest first (the API answers
    409 naming them). Looked for in the deletion's own transaction, so a check finished meanwhile counts."""

    def __init__(self, walk_id: int, checks: list[int]) -> None:
        self.walk_id = walk_id
        self.checks = checks
        which = ("check " if len(checks) == 1 else "checks ") + ", ".join(map(str, checks))
        result_is, it_says = (
            ("its result is", "it says") if len(checks) == 1 else ("their results are", "they say")
        )
        super().__init__(
            f"Walk {walk_id} is used by {which}. If it is deleted, {result_is} worked out again without it, "
            f"and what {it_says} may change. Nothing was deleted; send confirm=yes to delete it."
        )


@dataclass(frozen=True)
class AnalysedWalk:
    """A walk's analysis the caller has done already (``gait analyze --save``: what the terminal showed),
    for ``Records.upload_walk`` to keep instead of analysing the same file again.

    ``result``: ``analyze_long_recording``'s (or ``LongRecordingAnalyzer``'s) result of ``stream``, the
    file sent read with the same choices (format, trial, units, ``worn_at``, height, times) given to
    ``upload_walk``; ``stream``: the recording as read (its format and start time are kept).
    """

    result: GaitResult
    stream: RecordingStream
    # the SHA-256 of the file as it was when the caller hashed it, before reading it: a file that
    # differs when it is stored (changed meanwhile) is refused, never stored under the wrong hash
    sha256: str | None = None


class WalkStoredAlreadyError(InputError):
    """The same file (same sha256) is stored already for this person as ``walk``, read with the same
    choices and height, and no other times were typed: it is not stored again (it was counted twice in
    the charts and the report). The web answers 409 with the walk's id (``Records._stored_already``)."""

    def __init__(self, walk: WalkView, named: str | None = None, what: str = "file") -> None:
        """``named``: the file as the person gave it, when not the name kept (``gait analyze --save``
        of an export folder: the folder as typed, not the zip made of it); ``what``: "file" or "folder"."""
        self.walk = walk
        super().__init__(
            f"{named or walk.original_filename}: you added this {what} already on "
            # by the clock here, as the Walks page says it (the stored time is UTC: its day may differ)
            f"{moment_words(stored_time(walk.created_at))}: "
            f"walk {walk.id}; it was not stored again"
        )


def size_in_words(n_bytes: int) -> str:
    """``1 GB``, ``500 MB``, ``12 KB``: a size as people say it (1 KB = 1024 bytes)."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n_bytes >= size:
            return f"{n_bytes / size:.3g} {unit}"
    return f"{n_bytes} bytes"


WALK_UPLOAD = ("A walk file", "Please send a shorter recording.")  # what the limit is for; what to do
EVERYDAY_UPLOAD = (
    "An Apple Health export sent to the app",
    "On the computer that runs backstride, 'backstride import-health export.zip' takes an export of "
    "any size.",
)


def upload_too_large_message(
    limit_bytes: int, name: str | None = None, *, kind: tuple[str, str] = WALK_UPLOAD
) -> str:
    """What a person is told when an upload is over the limit (it names the limit); ``kind``: what
    the upload is and what to do instead (``WALK_UPLOAD``, ``EVERYDAY_UPLOAD``)."""
    what = name or "This upload"
    return (
        f"{what} is too big. {kind[0]} can be at most {size_in_words(limit_bytes)} "
        f"({limit_bytes:,} bytes). Nothing was stored. {kind[1]}"
    )


def copy_counting(
    source: IO[bytes],
    target: Path | None,
    name: str,
    limit_bytes: int,
    *,
    kind: tuple[str, str] = WALK_UPLOAD,
) -> tuple[int, str]:
    """Copy ``source`` to ``target`` a piece at a time, counting and hashing as it goes: its size and
    SHA-256 (``target`` None: counted and hashed only, written nowhere). Stops with
    ``UploadTooLargeError`` as soon as more than ``limit_bytes`` have come."""
    digest = hashlib.sha256()
    size = 0
    with nullcontext(None) if target is None else target.open("wb") as out:
        while piece := source.read(UPLOAD_PIECE_BYTES):
            size += len(piece)
            if size > limit_bytes:
                raise UploadTooLargeError(upload_too_large_message(limit_bytes, name, kind=kind))
            digest.update(piece)
            if out is not None:
                out.write(piece)
    return size, digest.hexdigest()


def _walk_to_store(
    gait_result: GaitResult,
    stream: RecordingStream,
    height_cm: float | None,
    options: Mapping[str, str | None],
    times: Mapping[str, str | None] | None,
) -> tuple[dict[str, Any], dict[str, Any], list[str], dict[str, Any], str]:
    """What a walk row keeps of ``stream``'s analysis ``gait_result``: its result (with the recording's
    start), findings, gait factor codes, algorithm parameters and source format; one way for the
    analysis ``upload_walk`` does and for one its caller did (``AnalysedWalk``)."""
    from backstride.services import gait_findings  # looked up when called (a test replaces it)

    found, codes = gait_findings.gait_to_inputs(gait_result)
    source_format = stream.source_format
    parameters = _algorithm_parameters(gait_result, height_cm, source_format)
    parameters.setdefault("reader", {k: v for k, v in options.items() if v is not None})
    marked = {k: v for k, v in (times or {}).items() if v is not None}
    if marked:  # the times as the person gave them, beside where they were placed
        parameters.setdefault("walking_test", marked)
    return (
        _jsonable(with_recording_start(gait_result.to_dict(), stream.start_datetime)),
        _jsonable(dict(found)),
        [str(c) for c in codes],
        parameters,
        source_format,
    )


def _refuse_a_zip_that_unpacks_too_large(name: str, path: Path) -> None:
    """A zip bomb (a small upload that unpacks to gigabytes) is refused before anything is unpacked."""
    with path.open("rb") as fh:
        if fh.read(2) != b"PK":
            return
    from backstride.gait.readers._container import check_zip_directory

    check_zip_directory(path, name)  # millions of listed files: refused before zipfile lists them
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a readable zip: the reader says what is wrong with it
    if unpacked > MAX_UNPACKED_UPLOAD_BYTES:
        raise RecordingError(
            f"{name} unpacks to {unpacked:,} bytes; expected at most {MAX_UNPACKED_UPLOAD_BYTES:,} "
            "(split the recording into shorter files)"
        )


# What a reader raises when a file's bytes are not what its format promises (a cut-off block, a bad
# number, text that is not UTF-8): the file's fault, said as "could not be read" (HTTP 422).
READ_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    OSError,
    EOFError,
    struct.error,
    zipfile.BadZipFile,
)


def _reader_options(
    trial: str | None, acc_unit: str | None, gyr_unit: str | None, worn_at: str | None
) -> dict[str, str | None]:
    """How a walk's file is read, as its row keeps it (``algorithm_parameters.reader``) and its unique key
    counts it: blanks are None, and ``worn_at`` the place it names (None for "unknown", which says no more
    than nothing said: the same walk, the same key); a ``worn_at`` that is no place is a
    ``RecordingOptionError`` naming ``worn_at`` and the allowed values."""
    from backstride.gait.recording import stated_body_location

    try:
        place, body = stated_body_location(worn_at)
        if body is None:
            place = None
    except ValueError as exc:
        said = RecordingOptionError.literal(str(worn_at).strip())
        raise RecordingOptionError(f"{{worn_at}} “{said}”: {exc}") from None
    return {
        "trial": trial or None,
        "acc_unit": acc_unit or None,
        "gyr_unit": gyr_unit or None,
        "worn_at": place,
    }


def _given(text: str | None) -> str | None:
    """A text field as given, or None when it is left blank."""
    return (text.strip() or None) if text is not None else None


def _not_readable(name: str, exc: Exception) -> RecordingError:
    return RecordingError(f"{name} could not be read as a recording: {exc}")


class OtherQuestionsError(InputError, ValueError):
    """A check whose stored answers this version cannot replay: it was made with other questions (by
    an older or a newer version). ``str`` says why in a developer's words (its result page and the
    exports name it); ``PLAIN`` is what a person reads where it would be carried on (the API's check,
    answers and back, and its question page): 422 all the same."""

    PLAIN = (
        "This check was made with other questions (by another version of backstride): it cannot be "
        "carried on. You can start a new check."
    )
    # when the version that kept it stored it as finished (None: not finished then, or not said here)
    finished_at: datetime | None = None

    def of_check(self, row: Any) -> OtherQuestionsError:
        """This error with the finish time stored with the check (``row``): the API says it beside
        ``finished`` false, as the History list and checks.csv do. Nothing is replayed."""
        self.finished_at = None if row.finished_at is None else stored_time(row.finished_at)
        return self


def _as_input_error(exc: Exception, what: str) -> BackstrideError:
    if isinstance(exc, BackstrideError):
        return exc
    message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return InputError(f"{what}: {message}")


def _algorithm_parameters(gait_result: Any, height_cm: float | None, source_format: str) -> dict[str, Any]:
    """The gait algorithm parameters a walk was analysed with, as JSON-able data."""
    params: Any = None
    for name in ("parameters", "algorithm_parameters", "parameters_", "params"):
        value = getattr(gait_result, name, None)
        if value is not None:
            params = value() if callable(value) else value
            break
    if params is None:
        params = {}
    if hasattr(params, "to_dict"):
        params = params.to_dict()
    elif hasattr(params, "model_dump"):
        params = params.model_dump()
    elif not isinstance(params, Mapping):
        import dataclasses

        is_instance = dataclasses.is_dataclass(params) and not isinstance(params, type)
        params = dataclasses.asdict(params) if is_instance else {"value": repr(params)}
    out = {str(k): v for k, v in dict(params).items()}
    out.setdefault("height_cm", height_cm)
    out.setdefault("source_format", source_format)
    return _jsonable(out)


def _jsonable(value: Any) -> Any:
    """Make numpy scalars, tuples, dates and the like storable as JSON."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    item = getattr(value, "item", None)
    if callable(item):
        return _jsonable(item())
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return _jsonable(tolist())
    return str(value)


# ------------------------------------------------------------------------------------- service


#: How soon a second start of the same empty check counts as the first sent again (``start_assessment``).
START_SENT_TWICE_WITHIN = timedelta(minutes=10)


class Records:
    """The use cases of the local app over one ``Database``; ``clock`` is the only source of time.

    Records belong to people (``services.people``). ``for_person(id)`` gives the use cases of one
    person: what it lists, adds, exports or deletes is theirs, and an id of someone else's record is
    "not found". This object itself, not told whose, means the database's one person (made, "Me", when
    something is first stored) and refuses with ``PersonNeededError`` when there are several; a
    record asked for by its id (ids are never given twice) is found whoever it belongs to.
    """

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utc_now,
        max_upload_bytes: int = MAX_UPLOAD_BYTES,
    ) -> None:
        self.db = db
        self.clock = clock
        self.max_upload_bytes = int(max_upload_bytes)
        # next question per (mode, answers): pure, so a page reload or the redirect after an answer
        # does not run the interview's information-gain search again
        # (and a result's warning signs per answers, under keys of their own: ``_warning_signs``)
        self._question_cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._warning_cache: OrderedDict[Hashable, Any] = OrderedDict()  # ``warning_recalled``
        self._cache_lock = threading.Lock()
        self._person_id: int | None = None
        self.people = People(db, clock=clock)
        self.activity = Activity(db)

    def for_person(self, person_id: int) -> Records:
        """The use cases of one person (``NotFoundError`` if there is no such person); it shares the
        database, the clock and the question cache with this object."""
        with self.db.session() as session:
            person = get_person(session, person_id)
        scoped = copy.copy(self)
        scoped._person_id = person.id
        return scoped

    def for_person_gone(self, person_id: int) -> Records:
        """The use cases of ``person_id``, who is not there (deleted since), for a retry with its
        ``Idempotency-Key`` only: each use case looks for its key first (what it added, gone with them:
        ``IdempotencyKeyGoneError``, a 409) and finds nobody when it would store (``NotFoundError``)."""
        scoped = copy.copy(self)
        scoped._person_id = person_id
        return scoped

    @property
    def person_id(self) -> int | None:
        """Whose records these are (None: the database's one person, see the class docstring)."""
        return self._person_id

    def owner_id(self, session: Session, *, create: bool = False) -> int | None:
        """The id of the person this object's lists and new records are for, in ``session``.

        ``create`` makes the first person when the database has none (something is being stored);
        otherwise None means nobody is stored yet (every list is empty).
        """
        if self._person_id is None:
            return the_one_person(session, create=create)
        if create:  # the person may have been deleted since this object was made
            get_person(session, self._person_id)
        return self._person_id

    def _person_gone_meanwhile(self) -> None:
        """After an add's store failed on a unique or foreign key (``IntegrityError``): when this object's
        person was deleted meanwhile (on PostgreSQL a delete can end between the add's look for them, a
        plain read, and its store), the ``NotFoundError`` naming them (404), not the key's error (500);
        else nothing, and the caller goes on with its own answer. Nothing of the add was stored."""
        if self._person_id is not None:
            with self.db.session() as session:
                get_person(session, self._person_id)

    def _mine(self, query: Any, model: Any, owner: int | None) -> Any:
        return query.where(model.person_id == (owner if owner is not None else -1))

    # -- helpers -----------------------------------------------------------------------------

    def _now(self) -> datetime:
        return stored_time(self.clock()).astimezone(UTC)

    def _today(self) -> date:
        return stored_time(self.clock()).astimezone().date()

    def today(self) -> date:
        """Today in local time, by this service's clock (what a diary day is checked against)."""
        return self._today()

    def now(self) -> datetime:
        """This moment in UTC, by this service's clock (when a restore replaced a diary version)."""
        return self._now()

    def _get(self, session: Session, model: Any, row_id: int, what: str, *, lock: bool = False) -> Any:
        if not -ID_LIMIT <= row_id < ID_LIMIT:  # no row has such an id (PostgreSQL cannot compare it)
            raise NotFoundError(f"{what} {row_id} does not exist")
        return self._found(session.get(model, row_id, with_for_update=lock), row_id, what)

    def _found(self, row: Any, row_id: int, what: str) -> Any:
        """``row`` (read by its id), if there is one and it is among this object's records."""
        if row is None:
            raise NotFoundError(f"{what} {row_id} does not exist")
        if self._person_id is not None and row.person_id != self._person_id:
            raise NotFoundError(f"{what} {row_id} is not one of person {self._person_id}'s records")
        return row

    def _assessment_state(
        self, session: Session, assessment_id: int, columns: tuple[str, ...] = ASSESSMENT_STATE_COLUMNS
    ) -> Any:
        """An interview's row as ``_assessment_view`` reads it (or ``columns`` of it): only the columns
        it needs (never the stored result, which may be large, unless asked), without making an ORM
        object; ``NotFoundError`` as ``_get``."""
        if not -ID_LIMIT <= assessment_id < ID_LIMIT:
            raise NotFoundError(f"check {assessment_id} does not exist")
        if "person_id" not in columns:  # ``_found`` needs whose check it is (else a 500 under another person)
            columns = (*columns, "person_id")
        row = session.execute(_assessment_columns_query(columns), {"assessment_id": assessment_id}).first()
        return self._found(row, assessment_id, "check")

    @staticmethod
    def _interview(mode: str, answers: Mapping[str, Any]) -> Any:
        from backstride.services.interview import Interview

        try:
            return Interview(mode, dict(answers))
        except (ValueError, KeyError, TypeError) as exc:
            why = _as_input_error(exc, "the stored answers could not be replayed")
            raise OtherQuestionsError(str(why)) from exc

    @staticmethod
    def _question_key(mode: str, answers: Mapping[str, Any], what: str = "") -> Hashable | None:
        try:
            key: Hashable = (
                (mode, tuple(answers.items())) if not what else (what, mode, tuple(answers.items()))
            )
            hash(key)
        except TypeError:  # an unhashable value (a list) cannot be a key; just compute
            return None
        return key

    def _cached_question(
        self, mode: str, answers: Mapping[str, Any]
    ) -> tuple[dict[str, Any] | None, int] | None:
        """``_next_question`` when it is in the cache, else None (nothing is worked out)."""
        hit: tuple[dict[str, Any] | None, int] | None = self._recalled(self._question_key(mode, answers))
        return hit

    def recalled(self, key: Hashable) -> Any:
        """What ``remember`` kept under ``key`` (a tuple starting with the caller's own word), else
        None: the same bounded cache as the next questions, forgotten with them on delete-all."""
        return self._recalled(("kept", key))

    def remember(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` (immutable: it is shared by every request) under ``key``; see ``recalled``."""
        self._remember(("kept", key), value)

    def warning_recalled(self, key: Hashable) -> Any:
        """As ``recalled``, from a cache of its own (``WARNING_CACHE_SIZE``): what answers not finished
        already mean, which a page listing many checks (Home) looks up for each of them."""
        return self._recalled(key, warnings=True)

    def warning_remember(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` (immutable) under ``key``; see ``warning_recalled``."""
        self._remember(key, value, warnings=True)

    def _recalled(self, key: Hashable | None, *, warnings: bool = False) -> Any:
        """What the cache (the warnings' own, if ``warnings``) keeps under ``key``, else None."""
        if key is None:
            return None
        cache = self._warning_cache if warnings else self._question_cache
        with self._cache_lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
            return hit

    def _remember(self, key: Hashable | None, value: Any, *, warnings: bool = False) -> None:
        if key is None:
            return
        cache, size = (
            (self._warning_cache, WARNING_CACHE_SIZE)
            if warnings
            else (self._question_cache, QUESTION_CACHE_SIZE)
        )
        with self._cache_lock:
            cache[key] = value
            while len(cache) > size:
                cache.popitem(last=False)

    def _next_question(
        self, mode: str, answers: Mapping[str, Any], *, keep: bool = True
    ) -> tuple[dict[str, Any] | None, int]:
        """The next question and how many were answered, for these answers (cached: it is pure; not
        kept when not ``keep``: a question nobody is about to see, which must not push out others)."""
        hit = self._cached_question(mode, answers)
        if hit is not None:
            return hit
        interview = self._interview(mode, answers)
        value = (question_to_dict(interview.next_question()), int(getattr(interview, "questions_asked", 0)))
        if keep:
            self._remember(self._question_key(mode, answers), value)
        return value

    def _warning_signs(
        self, mode: str, answers: Mapping[str, Any]
    ) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[Any, ...]]:
        """A result's warning signs for these answers: not asked yet, answered "don't know", and the
        rules that questions not asked could still fire. Pure (immutable, like the answers), so kept
        with the next questions and forgotten with them: a result page may read them more than once."""
        key = self._question_key(mode, answers, what="warning signs")
        hit = self._recalled(key)
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        interview = self._interview(mode, answers)
        unscreened = interview.unscreened_red_flags
        value = (
            unscreened,
            interview.uncertain_warning_signs(),
            () if unscreened else interview.unasked_warning_rules(),
        )
        self._remember(key, value)
        return value

    def _assessment_view(
        self, row: Any, *, keep: bool = True
    ) -> AssessmentView:  # an Assessment, a state row
        question, answered = self._next_question(row.mode, dict(row.answers or {}), keep=keep)
        progress = {"questions_answered": answered}
        return AssessmentView(
            id=row.id,
            mode=row.mode,
            answers=dict(row.answers or {}),
            next_question=copy.deepcopy(question),
            complete=question is None,
            progress=progress,
            disposition=row.disposition,
            created_at=stored_time(row.created_at),
            updated_at=stored_time(row.updated_at),
            person_id=row.person_id,
            finished_at=None if row.finished_at is None else stored_time(row.finished_at),
            started_via=row.started_via,
            started_by=row.started_by,
        )

    def _note_finished(self, view: AssessmentView, *, changed: bool) -> AssessmentView:
        """Keep when the check was finished (the time of the answer that finished it), or forget it
        when an answer taken back or ``changed`` made it unfinished again: one more small write, only
        when that changes. An answer ``changed`` on a finished check that leaves it finished moves its
        finish time to that moment, as its answers are now those given then (FHIR's ``authored``,
        checks.csv and the walk it uses go by it). A question the interview asks that was added after
        the check was finished (a new warning sign) never unfinishes it, nor does its answer move the
        finish time: the person changed nothing (``AssessmentView.finished``)."""
        if changed:
            if view.finished_at == (view.updated_at if view.complete else None):
                return view
        elif not view.complete or view.finished_at is not None:
            return view
        with self.db.session(write=True) as session:
            row = self._get(session, Assessment, view.id, "check", lock=True)
            if dict(row.answers or {}) != view.answers:  # answered meanwhile: that answer notes it
                return view
            row.finished_at = stored_time(row.updated_at) if view.complete else None
            finished_at = row.finished_at
        return replace(view, finished_at=finished_at)

    # -- assessments -------------------------------------------------------------------------

    def start_assessment(
        self,
        mode: str = "person",
        *,
        once: bool = False,
        form_token: str | None = None,
        idempotency_key: str | None = None,
    ) -> AssessmentView:
        """Create an empty interview in ``mode`` ("person" or "clinician"). ``once`` (the page's Start
        button): when this person's newest check is of that mode, started the same way by the same
        one, unfinished, still without an answer, made by this version and at most
        ``START_SENT_TWICE_WITHIN`` ago, that check is given back and none is made: the
        start sent twice (a double click) left an empty check in the list, and nothing is lost by
        going on with the empty one.

        ``form_token``: the Start form's one-time token (``services.form_tokens``), kept with the check
        it made. With one, ``once`` goes by it alone: the same form sent again within
        ``FORM_SENT_TWICE_WITHIN`` (a double click) gets the check it made while that is still empty
        (a page come back to after the check was answered starts a new one), and another form (a
        second clinician on the same shared password, who loaded the page apart) a check of their own,
        where the newest empty check gave the two of them one check.

        ``idempotency_key``: the API's ``Idempotency-Key`` (``services.form_tokens``, 24 hours): the
        same request (the same mode, for the same person) sent again with it is answered with the check
        it started, as that check is now, and none is made; another request with it is an
        ``IdempotencyKeyReusedError``; the check deleted since, an ``IdempotencyKeyGoneError``."""
        if mode not in MODES:
            raise InputError(f"mode {mode!r} is not known; expected one of {', '.join(MODES)}")
        sent = IdempotencyKey.of(idempotency_key, "check", self._person_id, mode)
        try:
            row = self._start(mode, once, form_token, sent)
        except IntegrityError:
            self._person_gone_meanwhile()  # deleted between the look for them and the store: the 404
            if sent is None:
                raise
            # two sent at the same moment with one key (PostgreSQL): the other kept it first, and
            # nothing of this one was saved; answered with the check the other started
            with self.db.session() as session:
                other = row_sent_before(session, sent, "check", Assessment, self._now())
            if other is None:
                raise
            row = other
        # the next question is chosen after the commit: the write lock is never held while it is
        return self._assessment_view(row)

    def _start(
        self, mode: str, once: bool, form_token: str | None, sent: IdempotencyKey | None
    ) -> Assessment:
        """``start_assessment``'s write transaction: the check it started (or gives back)."""
        now, actor = self._now(), current_actor()
        row: Assessment | None = None
        with self.db.session(write=True) as session:
            row = row_sent_before(session, sent, "check", Assessment, now)
            if row is not None:  # a retry: the check its key started, as it is now
                return row
            owner = self.owner_id(session, create=True)
            token = form_token_of(form_token) if once else None
            if once:
                # the person's row locked (PostgreSQL): two starts at the same moment are one after the
                # other, so the second sees the first (SQLite: the write lock)
                session.get(Person, owner, with_for_update=True)
            if token is not None:
                made = added_with_form(session, token, "check", now)
                found = None if made is None else session.get(Assessment, made)
                if (
                    found is not None
                    and (found.person_id, found.mode) == (owner, mode)
                    and not found.answers
                    and found.finished_at is None
                ):
                    row = found  # the same form sent again: the check it made, still empty
            elif once:
                newest = session.scalars(
                    select(Assessment)
                    .where(Assessment.person_id == owner)
                    .order_by(Assessment.id.desc())
                    .limit(1)
                ).first()
                if (
                    newest is not None
                    and newest.mode == mode
                    and not newest.answers
                    and newest.finished_at is None
                    and (newest.started_via, newest.started_by) == (actor.via, actor.staff)
                    # a start sent twice, not a check left empty days ago (or asked with other
                    # questions): that one would go on under its old start time
                    and newest.package_version == PACKAGE_VERSION
                    and now - stored_time(newest.created_at) <= START_SENT_TWICE_WITHIN
                ):
                    row = newest  # given back, after the commit as a new one is
            if row is None:
                row = Assessment(
                    person_id=owner,
                    mode=mode,
                    answers={},
                    package_version=PACKAGE_VERSION,
                    created_at=now,
                    updated_at=now,
                    # who started it, as a walk keeps who sent it (core.acting)
                    started_via=actor.via,
                    started_by=actor.staff,
                )
                session.add(row)
                session.flush()
                keep_form_token(session, token, "check", row.id, now)
                keep_idempotency_key(session, sent, "check", row.id, now)
        return row

    def keep_check(
        self, mode: str, answers: Mapping[str, Any], *, walk_id: int | None = None
    ) -> AssessmentView:
        """Keep a check answered elsewhere (``backstride assess --save``: the terminal's interview, or an
        answers file) whole, as if it had been answered here: every answer is checked by the interview
        of ``mode`` first, as ``answer`` checks them (one bad answer stores nothing), then the check is
        stored with all its answers in one transaction, finished when the interview has no question
        left (a check stopped early stays unfinished: the web app can go on with it).

        ``walk_id``: a walk of this person's, stored already (``upload_walk``), that the finished check
        uses (``assess --save --walk ID``): its result is worked out with that walk and stored with it
        in the same transaction, so it stays the check's walk as a finished check's told walk does
        (``choose_walk``'s ``kept``), whichever walk the rule would pick. A walk that does not exist,
        is another person's, or cannot speak for walking (``walk_not_usable``) is an ``InputError``
        (``NotFoundError`` for the first two) and nothing is stored. A check left unfinished is kept
        without it: until it is finished it looks at every walk, as any unfinished check does."""
        if mode not in MODES:
            raise InputError(f"mode {mode!r} is not known; expected one of {', '.join(MODES)}")
        interview = self._checked_answers(mode, {}, answers)
        complete = interview.next_question() is None  # chosen before the write lock is taken
        worked_out = None
        if walk_id is not None:
            self.usable_walk(walk_id)
            if complete:  # worked out before the write lock is taken, as the next question is
                with self.db.session() as session:
                    walk = self._get(session, GaitRecording, walk_id, "walk")
                    worked_out = assess_with_walk(answers, walk, mode)  # what ``result`` would store
        now, actor = self._now(), current_actor()
        with self.db.session(write=True) as session:
            if worked_out is not None:  # still there, and still theirs: locked as ``_work_out`` locks it
                owner = self.owner_id(session, create=True)
                still = session.scalar(
                    select(GaitRecording.person_id)
                    .where(GaitRecording.id == walk_id)
                    .with_for_update(key_share=True)
                )
                if still is None or still != owner:
                    raise NotFoundError(f"walk {walk_id} does not exist (it was deleted meanwhile)")
            row = Assessment(
                person_id=self.owner_id(session, create=True),
                mode=mode,
                answers=dict(answers),
                package_version=PACKAGE_VERSION,
                created_at=now,
                updated_at=now,
                finished_at=now if complete else None,
                started_via=actor.via,
                started_by=actor.staff,
            )
            if worked_out is not None:
                row.result = worked_out
                row.disposition = str(worked_out.get("disposition"))
                row.knowledge_version = str(worked_out.get("knowledge_version"))
                row.gait_recording_id = walk_id
            session.add(row)
            session.flush()
        return self._assessment_view(row)

    def usable_walk(self, walk_id: int) -> WalkView:
        """This person's stored walk ``walk_id``, when a check can use it: ``NotFoundError`` when there is
        no such walk or it is another person's, an ``InputError`` saying why when it cannot speak for
        their walking (``walk_not_usable``: not worn at the lower back, too little walking ...)."""
        from backstride.services.gait_findings import WALK_NOT_USABLE, walk_not_usable

        with self.db.session() as session:
            owner = self.owner_id(session)
            row = self._get(session, GaitRecording, walk_id, "walk")
            if row.person_id != owner:  # the database's one person: never a walk of nobody's
                raise NotFoundError(f"walk {walk_id} is not one of this person's records")
            walk = _walk_view(row)
        why = walk_not_usable(walk.result)
        if why is not None:
            raise InputError(f"walk {walk_id} {WALK_NOT_USABLE[why]}, so a check cannot use it")
        return walk

    def get_assessment(self, assessment_id: int) -> AssessmentView:
        with self.db.session() as session:
            row = self._assessment_state(session, assessment_id)
        try:
            return self._assessment_view(row)
        except OtherQuestionsError as exc:
            raise exc.of_check(row) from exc.__cause__

    def get_assessment_and_several(self, assessment_id: int) -> tuple[AssessmentView, bool]:
        """``get_assessment``, and whether the database keeps records for several people (as
        ``People.only`` says), read in one transaction: what a question page needs."""
        with self.db.session() as session:
            row = self._assessment_state(session, assessment_id)
            several = len(first_people(session)) > 1
        return self._assessment_view(row), several

    def checks_before(
        self,
        assessment_id: int | None,
        *,
        person_id: int | None = None,
        read: tuple[list[int], dict[int, Any]] | None = None,
    ) -> Iterator[EarlierCheck]:
        """The checks of the same person as ``assessment_id`` finished before it, newest first: "my
        last check" is the one finished before this one, whenever either was started (one started
        first and finished later is the newer one). A check not finished, or kept before its finish
        was stored, counts from when it was started. None: all this person's checks, in that order.
        ``finished`` is None when this version cannot replay its answers (made with other questions);
        a check finished once stays finished when a question was added since (``new_question``).
        Their answers are read a few at a time, so looking for the last finished check reads little
        however many there are. ``person_id``: the check's person, when the caller has read the check
        from these records already (``get_assessment``), so it is not read again. ``read``: the ids and
        the first few rows, read by the caller with the check (``result_check_and_owner``: the result
        page's transaction), so no transaction of its own is needed for them."""
        before, rows = read if read is not None else self._first_checks_before(assessment_id, person_id)
        for first in range(0, len(before), CHECKS_READ_AT_ONCE):
            batch = before[first : first + CHECKS_READ_AT_ONCE]
            if first:
                with self.db.session() as session:
                    rows = _earlier_rows(session, batch)
            for i in batch:
                if (r := rows.get(i)) is None:
                    continue  # deleted meanwhile
                try:
                    complete: bool | None = (
                        _marked_complete(r) or self._next_question(r.mode, dict(r.answers or {}))[0] is None
                    )
                except InputError:
                    complete = None
                # finished once, and no answer taken back or changed since: still finished when a
                # question was added since (AssessmentView.finished), and still "my last check"
                added = complete is False and r.finished_at is not None
                yield EarlierCheck(
                    i,
                    stored_time(r.created_at),
                    True if added else complete,
                    stored_time(r.updated_at),
                    dict(r.answers or {}),
                    None if r.finished_at is None else stored_time(r.finished_at),
                    added,
                )

    def _first_checks_before(
        self, assessment_id: int | None, person_id: int | None
    ) -> tuple[list[int], dict[int, Any]]:
        """``checks_before``'s first read, in a transaction of its own: the ids, then the first few rows."""
        with self.db.session() as session:
            person: int | None
            if assessment_id is None:
                person = self.owner_id(session)
            elif person_id is not None:  # one person's records never list another's (as _found)
                if self._person_id is not None and person_id != self._person_id:
                    raise NotFoundError(
                        f"check {assessment_id} is not one of person {self._person_id}'s records"
                    )
                person = person_id
            else:  # NotFoundError: unknown, not mine
                person = self._assessment_state(session, assessment_id).person_id
            return _checks_read_before(session, assessment_id, person)

    def _listed_finished(
        self, mode: str, answers: Mapping[str, Any], finished_at: Any, mark: str | None = None
    ) -> tuple[bool, str | None]:
        """Whether a listed check is finished, as ``AssessmentView.finished`` and checks.csv say it:
        answers this version can replay, and a finish time kept or nothing left to ask; never one made
        with other questions. Replayed only as far as needed, and kept per answers (the warnings'
        cache: a long list never pushes out anybody's next question): a check with a finish time
        (most) is only read through (about 0.25 ms, no question chosen); one without is asked for
        its next question (a few ms: those not finished; about 0.1 s for one finished before finish
        times were kept, replayed to its end), from the next questions' cache when History or its page
        chose it already. One without a finish time whose ``mark`` (``complete_mark``, migration 0018)
        is still that of its answers and this version is complete without being replayed. Also the
        mark to keep: that of a check found complete here without a finish time and without a mark
        worth anything (else None)."""
        if not answers:
            return False, None  # nothing answered: never finished (and no finish time is ever kept)
        kept = finished_at is not None
        key = self._question_key(mode, answers, what="listed finished" if kept else "listed complete")
        hit = self._recalled(key, warnings=True)
        if hit is not None:
            return bool(hit), None
        worth = None if kept or mark is None else complete_mark(mode, answers)
        if worth is not None and mark == worth:  # found complete before, with these answers and versions
            self._remember(key, True, warnings=True)
            return True, None
        known = self._cached_question(mode, answers)
        try:
            if known is not None:
                verdict = kept or known[0] is None
            elif kept:
                self._interview(mode, answers)  # raises when it cannot be replayed
                verdict = True
            else:
                verdict = self._next_question(mode, answers)[0] is None
        except InputError:  # made with other questions: not finished, as checks.csv says it
            verdict = False
        self._remember(key, verdict, warnings=True)
        return verdict, (complete_mark(mode, answers) if verdict and not kept else None)

    def _keep_complete_marks(self, marks: dict[int, str]) -> None:
        """Keep the marks of checks a listing found complete without a finish time (``complete_mark``),
        only if the database is free: a read-only user (PostgreSQL's role, a file), a busy database or
        a failure leaves them unwritten and the listing as it is (they are worked out again next time).
        A check answered meanwhile keeps a mark of its old answers: worth nothing, never wrong."""
        if not marks:
            return
        statement = (
            update(Assessment)
            .where(Assessment.id == bindparam("check_id"))
            .values(complete_mark=bindparam("mark"))
            .execution_options(synchronize_session=False)
        )
        try:
            self.db.write_if_free(statement, [{"check_id": i, "mark": m} for i, m in marks.items()])
        except StorageError:
            return

    def list_assessments(self) -> list[dict[str, Any]]:
        """The history: every assessment, newest first, without the full result; ``finished`` as
        ``get_assessment`` says it (``_listed_finished``). Marks the checks it found complete without a
        finish time (``_keep_complete_marks``), so later listings need not replay them."""
        with self.db.session() as session:
            # the columns listed only: never every stored result (tens of kB of JSON each, read and
            # decoded for nothing, on every result page: check_changes looks for the check before)
            columns = [getattr(Assessment, name) for name in ASSESSMENT_LIST_COLUMNS]
            query = select(*columns).order_by(Assessment.created_at.desc(), Assessment.id.desc())
            rows = session.execute(self._mine(query, Assessment, self.owner_id(session)))
            listed = rows.all()
        marks: dict[int, str] = {}
        checks = []
        for r in listed:
            # finished as the check's own page says it (a check kept before finish times were stored
            # is finished with none), and when (None: not finished, or none kept)
            finished, mark = self._listed_finished(
                r.mode, dict(r.answers or {}), r.finished_at, r.complete_mark
            )
            if mark is not None and mark != r.complete_mark:
                marks[r.id] = mark
            checks.append(
                {
                    "id": r.id,
                    "person_id": r.person_id,
                    "mode": r.mode,
                    "n_answers": len(r.answers or {}),
                    "n_questions": questions_answered(r.answers or {}),
                    "disposition": r.disposition,
                    "knowledge_version": r.knowledge_version,
                    "package_version": r.package_version,
                    "created_at": _iso(r.created_at),
                    "updated_at": _iso(r.updated_at),
                    "finished": finished,
                    "finished_at": None if r.finished_at is None else _iso(r.finished_at),
                    # who started it (migration 0016; both None: not recorded)
                    "started_via": r.started_via,
                    "started_by": r.started_by,
                }
            )
        self._keep_complete_marks(marks)
        return checks

    def unfinished_checks(self, *, unreadable: bool = False) -> Iterator[AssessmentView]:
        """The checks answered in part and not finished, newest first (as ``list_assessments``), read
        in one query: what Home offers to carry on. A check without a finish time whose answers leave
        nothing to ask (finished before finish times were kept, or restored from a file made before)
        is left out, and so is one whose answers this version cannot replay (its own page says so),
        unless ``unreadable``: then it comes as not complete with no next question and no progress
        (what it can read of its answers may still carry a warning)."""
        for check in self.unfinished_answers():
            view = check.view(unreadable=unreadable)
            if view is not None:
                yield view

    def newest_with_finish_time(self) -> AssessmentView | None:
        """The check with the latest finish time kept, replayed (one check: Home asks whether a
        question was added since it was finished, ``AssessmentView.new_question``); None: none."""
        columns = [getattr(Assessment, name) for name in ASSESSMENT_STATE_COLUMNS]
        with self.db.session() as session:
            query = select(*columns).where(Assessment.finished_at.is_not(None))
            query = query.order_by(Assessment.finished_at.desc(), Assessment.id.desc()).limit(1)
            row = session.execute(self._mine(query, Assessment, self.owner_id(session))).first()
        return None if row is None else self._assessment_view(row)

    def unfinished_answers(self) -> list[UnfinishedCheck]:
        """The checks with answers and no finish time, newest first, read in one query and not
        replayed yet: a page that needs only some of them replayed (Home) replays just those
        (``UnfinishedCheck.view``); ``unfinished_checks`` replays each."""
        columns = [getattr(Assessment, name) for name in (*ASSESSMENT_STATE_COLUMNS, "complete_mark")]
        with self.db.session() as session:
            query = select(*columns).where(Assessment.finished_at.is_(None))
            query = query.order_by(Assessment.created_at.desc(), Assessment.id.desc())
            rows = session.execute(self._mine(query, Assessment, self.owner_id(session))).all()
        return [
            UnfinishedCheck(row.id, dict(row.answers), self, row, _marked_complete(row))
            for row in rows
            if row.answers
        ]

    def _unfinished_view(self, row: Any, *, unreadable: bool, keep: bool) -> AssessmentView | None:
        """``UnfinishedCheck.view``."""
        try:
            view = self._assessment_view(row, keep=keep)  # the next question: kept for these answers
        except BackstrideError:
            if not unreadable:
                return None
            view = AssessmentView(
                id=row.id,
                mode=row.mode,
                answers=dict(row.answers),
                next_question=None,
                complete=False,
                progress=None,
                disposition=row.disposition,
                created_at=stored_time(row.created_at),
                updated_at=stored_time(row.updated_at),
                person_id=row.person_id,
                started_via=row.started_via,
                started_by=row.started_by,
            )
        return None if view.complete else view

    def answer(
        self, assessment_id: int, answers: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> AssessmentView:
        """Store answers (``{finding_code: value}``, ``None`` = don't know) in one transaction.

        Every answer is checked by the interview first; one bad answer rejects them all and nothing
        is stored.

        ``idempotency_key``: the API's ``Idempotency-Key`` (``services.form_tokens``, 24 hours). The
        same request is the same answers to the same check (for the same person): sent again with the
        key, nothing is stored and the check is answered as it is now, with the question it asks now.
        An answer names its question, so a retry never answers the next one; nor does it put back an
        answer changed since by another request. Another request with the key is an
        ``IdempotencyKeyReusedError``; the check deleted since, an ``IdempotencyKeyGoneError``.
        """
        _check_answers_given(answers)  # before the interview is looked for, as always
        sent = IdempotencyKey.of(idempotency_key, "answers", self._person_id, assessment_id, dict(answers))
        now = self._now()
        with self.db.session(write=True) as session:
            try:
                row = self._get(session, Assessment, assessment_id, "check", lock=True)
            except NotFoundError:
                row_sent_before(session, sent, "answers", Assessment, now)  # deleted since its key: 409
                raise
            # looked for under the check's lock: of two sent at once with one key, the second waits for
            # the first (SQLite: the write lock) and finds its key kept
            retried = row_sent_before(session, sent, "answers", Assessment, now) is not None
            changed = False
            if not retried:
                try:
                    changed = self._store_answers(row, answers)
                except OtherQuestionsError as exc:
                    raise exc.of_check(row) from exc.__cause__
                keep_idempotency_key(session, sent, "answers", row.id, now)
        if retried:  # the check as it is now, as get_assessment gives it
            return self.get_assessment(assessment_id)
        return self._note_finished(self._assessment_view(row), changed=changed)

    def answer_current(
        self,
        assessment_id: int,
        answers_for: Callable[[dict[str, Any] | None], Mapping[str, Any] | None],
    ) -> AssessmentView | None:
        """Answer the question the interview asks now, read and stored in one transaction (a page's
        form: no read of the interview before the write, and no other answer can come between).

        ``answers_for`` gets that question (a copy; None when the interview is complete) and gives
        the answers to store as ``answer`` takes them, or None to store nothing (then this returns
        None); whatever it raises stores nothing. The question is the one chosen when it was shown
        (cached), so the write lock is not held while one is chosen; when it is not known (the
        server started since), it is chosen outside the lock and the interview read again.
        """
        changed = False
        for attempt in range(3):
            with self.db.session(write=True) as session:
                row = self._get(session, Assessment, assessment_id, "check", lock=True)
                stored = dict(row.answers or {})
                if attempt < 2:
                    known = self._cached_question(row.mode, stored)
                else:  # answered meanwhile, twice: chosen here after all
                    known = self._next_question(row.mode, stored)
                if known is not None:
                    answers = answers_for(copy.deepcopy(known[0]))
                    if answers is None:
                        return None
                    changed = self._store_answers(row, answers)
                    break
            self._next_question(row.mode, stored)  # outside the write lock, then read again
        return self._note_finished(self._assessment_view(row), changed=changed)

    def _checked_answers(self, mode: str, stored: Mapping[str, Any], answers: Mapping[str, Any]) -> Any:
        """The interview of ``stored`` with ``answers`` given too, each checked as a new answer of
        ``mode`` (one bad answer raises ``InputError`` naming it)."""
        _check_answers_given(answers)
        interview = self._interview(mode, stored)
        for code, value in answers.items():
            try:
                interview.check_new_answer(code)
                interview.answer(code, value)
            except (ValueError, KeyError, TypeError) as exc:
                raise _as_input_error(exc, f"answer to {code!r} was rejected") from exc
        return interview

    def _store_answers(self, row: Assessment, answers: Mapping[str, Any]) -> bool:
        """Check ``answers`` against the interview of ``row`` (one bad answer rejects them all) and
        put them in ``row``, whose result is then out of date. True when an answer it had is changed
        or gone (not only new ones added)."""
        self._checked_answers(row.mode, row.answers or {}, answers)
        from backstride.assessment import replaced_answer_kept_to_its_signs

        merged = dict(row.answers or {})
        merged.update(answers)  # a changed answer keeps its place, as in the interview's history
        notes = _note_of(row)  # with the answers it had
        # the old answer for all three leg signs never speaks for a sign said to be there only now
        had = dict(row.answers or {})
        row.answers = replaced_answer_kept_to_its_signs(had, merged)
        row.result = notes
        row.disposition = None
        row.knowledge_version = None
        row.updated_at = self._now()
        return any(code not in row.answers or row.answers[code] != value for code, value in had.items())

    def back(self, assessment_id: int, *, idempotency_key: str | None = None) -> AssessmentView:
        """Undo the last question's answers (the interview decides what "last question" means).

        ``idempotency_key``: the API's ``Idempotency-Key``, as ``answer`` takes it. The same request is
        a step back on the same check (for the same person): sent again with the key, nothing more is
        undone and the check is answered as it is now (a retried "back" never undoes two questions).
        Another request with the key is an ``IdempotencyKeyReusedError``; the check deleted since, an
        ``IdempotencyKeyGoneError``.
        """
        sent = IdempotencyKey.of(idempotency_key, "back", self._person_id, assessment_id)
        now = self._now()
        with self.db.session(write=True) as session:
            try:
                row = self._get(session, Assessment, assessment_id, "check", lock=True)
            except NotFoundError:
                row_sent_before(session, sent, "back", Assessment, now)  # deleted since its key: 409
                raise
            # looked for under the check's lock, as for answers: of two sent at once with one key, the
            # second waits for the first and finds its key kept
            retried = row_sent_before(session, sent, "back", Assessment, now) is not None
            if not retried:
                self._step_back(row)
                keep_idempotency_key(session, sent, "back", row.id, now)
        if retried:  # the check as it is now, as get_assessment gives it
            return self.get_assessment(assessment_id)
        return self._assessment_view(row)

    def _step_back(self, row: Assessment) -> None:
        """Take back ``row``'s last question's answers, in the caller's write transaction."""
        try:
            interview = self._interview(row.mode, row.answers or {})
        except OtherQuestionsError as exc:
            raise exc.of_check(row) from exc.__cause__
        interview.back()
        kept = set(dict(interview.answers))
        notes = _note_of(row)  # with the answers it had
        row.answers = {k: v for k, v in (row.answers or {}).items() if k in kept}
        row.finished_at = None  # its last question is asked again
        row.result = notes
        row.disposition = None
        row.knowledge_version = None
        row.updated_at = self._now()

    def result(self, assessment_id: int) -> ResultView:
        return self._work_out(assessment_id)[0]

    def result_and_check(self, assessment_id: int) -> tuple[ResultView, AssessmentView]:
        """``result`` and ``get_assessment`` of one check, read in the transaction that reads its
        result (the result page needs both): the check as its result was worked out from."""
        result, row = self._work_out(assessment_id)
        return result, self._assessment_view(row)

    def result_check_and_owner(
        self, assessment_id: int
    ) -> tuple[
        ResultView, AssessmentView, tuple[bool, str | None] | None, tuple[list[int], dict[int, Any]] | None
    ]:
        """``result_and_check``, and whether the database keeps several people with the label of the
        check's owner when it does (``web.whose.owner_of``), read in the same transaction (the result
        page's: one transaction less a view); None when not read there (a result kept inside a snapshot).
        Last, for a check with a finish time, ``checks_before``'s first read (its ``read``: what changed
        since the last check), read in that transaction too (one transaction less again); else None."""
        owner: list[tuple[bool, str | None]] = []
        before: list[tuple[list[int], dict[int, Any]]] = []

        def read_owner(session: Session, row: Any) -> None:
            several = len(first_people(session)) > 1
            owner[:] = [(several, get_person(session, row.person_id).label if several else None)]
            if row.finished_at is not None:  # only a finished check is compared with the one before
                before[:] = [_checks_read_before(session, row.id, row.person_id)]

        result, row = self._work_out(assessment_id, also=read_owner)
        return result, self._assessment_view(row), owner[0] if owner else None, before[0] if before else None

    def _work_out(
        self,
        assessment_id: int,
        *,
        keep_updated: bool | None = None,
        as_listed: Hashable | None = None,
        also: Callable[[Session, Any], None] | None = None,
    ) -> tuple[ResultView, Any]:
        """The assessment of the answers so far, with the gait factors and findings of the walk it uses.

        A finished check uses the walk that was there when it was finished: of its person's walks
        stored at or before its ``finished_at``, the one recorded most recently that can speak for
        their walking (``services.gait_findings.walk_not_usable``); a check not finished looks at every
        walk stored now (``check_walks``, ``choose_walk``). So a walk stored later never changes a
        finished check's result, whenever it was recorded.
        Recomputed only when the answers, that walk, the knowledge version or the package version
        changed; the stored result keeps the knowledge version and the package version it was
        computed with, and ``gait_recording_id`` the walk it used. A deleted walk it used, kept with its
        stored result (``WALK_DELETED_KEY``, by ``delete_walk``), stays there when it is worked out
        again; when it cannot be (answers this version cannot replay), the ``InputError`` says what the
        check said with that walk. ``keep_updated``: a result stored leaves ``updated_at`` as it was; None
        (the default): when the check has no finish time (left half-way, or finished before finish times
        were kept), whose ``updated_at`` says when its answers were last given (FHIR's ``authored``,
        checks.csv), so opening it never moves that; False: moved all the same (a walk it used deleted:
        another result). ``as_listed``: the check's ``_answers_stamp`` when it
        was chosen to be worked out (the export's finished checks): when its answers moved since (an
        answer given or taken back), nothing is stored and ``ChangedMeanwhileError`` is raised, compared
        in the transaction that would store it, so a half-way result is never stored for it. Inside a
        ``snapshot`` (the report, an export), a result the database refuses to store (read-only, busy,
        full) is given worked out and not stored, and no other write is tried in that snapshot
        (``NOT_STORED_IN_SNAPSHOT``); outside one the ``StorageError`` is raised. ``also``: called with
        the session that reads the check and its row, to read more in that transaction (not called for a
        result kept inside a snapshot).
        """
        from backstride.knowledge import load_knowledge

        # stored already inside this snapshot (the report, an export), whose reads still see the check
        # as it was: that result, not one worked out and stored again
        stored_here = self.db.snapshot_kept(WORKED_OUT_IN_SNAPSHOT)
        if stored_here is not None and assessment_id in stored_here:
            view, state, _columns = stored_here[assessment_id]
            self._found(state, assessment_id, "check")  # still never another person's check
            return view, state
        knowledge_version = str(load_knowledge().version)
        with self.db.session() as session:
            row = read = self._get(session, Assessment, assessment_id, "check")
            if as_listed is not None and _answers_stamp(row) != as_listed:
                raise ChangedMeanwhileError(assessment_id)
            if also is not None:
                also(session, row)
            walks = self._check_walks(session, row)
            chosen = walks.used.id if walks.used is not None else None
            if (
                row.result is not None
                and "examination_note" in row.result  # a result stored before the note: computed again
                and row.gait_recording_id == chosen
                and not _walk_gone(row)
                and row.knowledge_version == knowledge_version
                and row.package_version == PACKAGE_VERSION
                # a walk stored before today's rule for its findings: its result is worked out again
                and not (chosen is not None and self._walk_facts(session, chosen)[2])
            ):
                return self._result_view(row, *self._walk_read(session, chosen), walks), _check_state(row)
            answers, mode = dict(row.answers or {}), row.mode
            walk = session.get(GaitRecording, chosen) if chosen is not None else None
            gait_findings = findings_now(walk.findings, walk.result) if walk is not None else {}
            gait_factors = _present_gait_factors(walk) if walk is not None else []
            # its walk deleted, and its result not worked out again since: the note alone (also when
            # this version cannot tell it was finished: answers it cannot read, no finish time kept)
            noted = walks
            if walks.deleted is None and (notes := deleted_walks_of(row.result)):
                noted = replace(walks, deleted=notes[-1], deleted_before=notes[:-1])
            unworked = None if _told(row.result) else noted.deleted
            # the walks it used before, deleted earlier: what each deletion changed (its next result)
            voice = check_voice(mode)  # a clinician's check: about the person, as its result page
            earlier = walk_deleted_notes(noted, voice=voice)[:-1]
        try:
            result_dict = self._assess(answers, gait_findings, gait_factors, mode)
        except InputError as exc:
            if unworked is None:
                raise
            said = " ".join([*earlier, walk_deleted_unworked_words(unworked, voice=voice)])
            raise InputError(f"{said} Why it could not be: {exc}") from exc
        # a read of many (the report, an export) on a database it cannot write now (read-only, busy): the
        # result is shown as worked out, not stored, and only the first one waits to be refused
        not_stored = self.db.snapshot_kept(NOT_STORED_IN_SNAPSHOT)
        if not_stored:
            return self._unstored_view(read, result_dict, chosen, walks), _check_state(read)
        try:
            with self.db.session(write=True) as session:
                # the walk first, as delete_walk locks it before the checks (PostgreSQL): one being deleted
                # is waited for, then found gone, and the result worked out again without it (linking the
                # check to it failed on the foreign key: an error page)
                gone = chosen is not None and (
                    session.scalar(
                        select(GaitRecording.id)
                        .where(GaitRecording.id == chosen)
                        .with_for_update(key_share=True)
                    )
                    is None
                )
                row = self._get(session, Assessment, assessment_id, "check", lock=True)
                if as_listed is not None and _answers_stamp(row) != as_listed:
                    raise ChangedMeanwhileError(assessment_id)  # nothing stored: not worked out from them
                if gone or dict(row.answers or {}) != answers:  # answered meanwhile, or walk deleted: stale
                    stale = True
                else:
                    stale = False
                    kept = (row.result or {}).get(WALK_DELETED_KEY)
                    row.result = result_dict if kept is None else {**result_dict, WALK_DELETED_KEY: kept}
                    row.disposition = str(result_dict.get("disposition"))
                    row.knowledge_version = str(result_dict.get("knowledge_version") or knowledge_version)
                    row.package_version = PACKAGE_VERSION
                    row.gait_recording_id = chosen
                    if not (row.finished_at is None if keep_updated is None else keep_updated):
                        row.updated_at = self._now()
                    session.flush()
                    walks = replace(walks, **self._deleted_walk(session, row)) if walks.until else walks
                    view = self._result_view(row, *self._walk_read(session, chosen), walks)
                    state = _check_state(row)
                    stored = {c: getattr(row, c) for c in WORKED_OUT_COLUMNS}
        except StorageError as exc:
            if not_stored is None:  # a result opened on its own: its page says the database failed
                raise
            not_stored["why"] = str(exc)
            return self._unstored_view(read, result_dict, chosen, walks), _check_state(read)
        if not stale and stored_here is not None:  # kept once committed: a failed COMMIT stored nothing
            stored_here[assessment_id] = (view, state, stored)
        if stale and self.db.in_snapshot():  # read as of one moment (the report): shown as of it, not
            # stored (a snapshot never sees newer answers, so working them out again would never end)
            return self._unstored_view(read, result_dict, chosen, walks), _check_state(read)
        if stale:  # compute again from the new answers, outside the write transaction
            return self._work_out(assessment_id, keep_updated=keep_updated, as_listed=as_listed, also=also)
        return view, state

    def _unstored_view(
        self, read: Any, result: dict[str, Any], walk_id: int | None, walks: CheckWalks
    ) -> ResultView:
        """The check ``read`` (as read) with the ``result`` worked out from its answers and the walk
        ``walk_id``, as ``_work_out`` would store it, without storing it."""
        from types import SimpleNamespace

        shown = SimpleNamespace(**{name: getattr(read, name) for name in STORED_RESULT_COLUMNS})
        shown.result, shown.gait_recording_id = result, walk_id
        shown.knowledge_version, shown.package_version = result.get("knowledge_version"), PACKAGE_VERSION
        with self.db.session() as session:
            return self._result_view(shown, self._walk_codes(session, walk_id), None, walks)

    @staticmethod
    def _walk_codes(session: Session, walk_id: int | None) -> list[str] | None:
        if walk_id is None:
            return None
        codes: list[str] | None = session.scalar(
            select(GaitRecording.gait_factor_codes).where(GaitRecording.id == walk_id)
        )
        return codes

    def _check_walks(self, session: Session, row: Any) -> CheckWalks:
        """``choose_walk`` for the check ``row`` (an Assessment, or a row of its columns): its person's
        walks up to when it was finished. A check kept before its finish was stored (``finished_at``
        null) that is finished counts from when it was started, as ``checks_before`` orders it. A
        finished check's stored result keeps its walk (``choose_walk``'s ``kept``): the result of a check
        finished before the walk done last was chosen (when the walk sent last was) stays as it was told."""
        until = self._finished_until(row)
        kept = row.gait_recording_id if until is not None and _told(row.result) else None
        walks = self._walks_until(session, row.person_id, None if until is None else stored_time(until), kept)
        if until is None:
            return walks
        return replace(walks, **self._deleted_walk(session, row))

    def _deleted_walk(self, session: Session, row: Any) -> dict[str, Any]:
        """``CheckWalks.deleted`` and ``deleted_before`` of the finished check ``row``: the walks its result
        used, deleted since, as kept with its stored result (``WALK_DELETED_KEY``), else (deleted before
        they were kept there) from the activity lines."""
        gone: Sequence[DeletedWalk] = ()
        if (row.result or {}).get(WALK_DELETED_KEY) is not None:  # what it goes by now, beside it
            findings = None
            if row.gait_recording_id is not None:
                findings = _stored_findings(session, row.gait_recording_id)
            now = check_said(row.result, row.answers, findings) if _told(row.result) else None
            gone = deleted_walks_of(row.result, now)
        gone = gone or self._deleted_walks(session, row.person_id).get(row.id, ())
        return {"deleted": gone[-1] if gone else None, "deleted_before": tuple(gone[:-1])}

    def _finished_until(self, row: Any) -> datetime | None:
        """When the check ``row`` was finished (a finished check kept before its finish was stored: when
        it was started); None when it is not finished."""
        until: datetime | None = row.finished_at
        if until is None and row.answers:
            try:
                if self._next_question(row.mode, dict(row.answers))[0] is None:
                    until = row.created_at
            except InputError:
                pass  # answers this version cannot replay: the result says so when it is worked out
        return until

    @staticmethod
    def _deleted_walks(session: Session, person_id: int | None) -> dict[int, tuple[DeletedWalk, ...]]:
        """check id -> the walks its result used, deleted since (oldest first, each followed by the
        next: ``_chained``), from the activity lines ``delete_walk`` wrote for ``person_id``."""
        if person_id is None:  # IS NULL, not "= NULL" as a bound None would say
            query = select(Event.at, Event.detail).where(Event.action == "walk_deleted")
            lines = session.execute(query.where(Event.person_id.is_(None)).order_by(Event.id)).all()
        else:
            lines = session.execute(_walks_deleted_query(), {"person_id": person_id}).all()
        deleted: dict[int, list[DeletedWalk]] = defaultdict(list)
        for at, detail in lines:
            found = _WALK_DELETED.match(detail or "")
            if found is None:
                continue
            try:
                walk = DeletedWalk(int(found[1]), datetime.fromisoformat(found[2]), stored_time(at))
            except ValueError:
                continue
            for check in found[3].replace(" ", "").split(","):
                if check.isdigit():
                    deleted[int(check)].append(walk)
        return {check: _chained(gone, None, None) for check, gone in deleted.items()}

    def _walks_until(
        self, session: Session, person_id: int | None, until: datetime | None, kept: int | None = None
    ) -> CheckWalks:
        """``choose_walk`` over the walks of ``person_id`` stored at or before ``until`` (all: None). When
        each was recorded is read from its result in the database (``recording.start_datetime``), not
        by loading the result (a day's walk is MBs of JSON)."""
        only_theirs = {"person_id": person_id if person_id is not None else -1}
        walks = session.execute(_walks_of_person_query(), only_theirs).all()
        return choose_walk(
            (
                (
                    w[0],
                    stored_time(w[1]),
                    recording_start({"recording": {"start_datetime": w[2], "time_zone": w[3]}}),
                )
                for w in walks
            ),
            lambda walk_id: self._walk_not_usable(session, walk_id),
            until,
            kept,
        )

    def _walk_not_usable(self, session: Session, walk_id: int) -> str | None:
        """Why this stored walk cannot speak for its person's walking, or None (it can)."""
        return self._walk_facts(session, walk_id)[0]

    def _walk_facts(self, session: Session, walk_id: int) -> tuple[str | None, datetime | None, bool]:
        """``walk_not_usable`` of this stored walk, and when it was recorded (None: its file does not
        say). A walk's result never changes and ids are never given twice, so this is read once per
        walk and kept with the next questions (a day's walk is MBs of JSON)."""
        key = ("walk facts", walk_id)
        hit = self._recalled(key)
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        row = session.execute(
            select(GaitRecording.result, GaitRecording.findings).where(GaitRecording.id == walk_id)
        ).first()
        result, findings = (row[0], row[1]) if row is not None else (None, None)
        facts = _walk_facts(result if isinstance(result, dict) else {}, findings)
        self._remember(key, facts)
        return facts

    def check_walks(self, assessment_id: int | None = None) -> CheckWalks:
        """The walk the check ``assessment_id`` uses and those it leaves out (``result`` has the same,
        as ``ResultView.walks``); None: the walk a new check of this person would use now."""
        with self.db.session() as session:
            if assessment_id is not None:
                return self._check_walks(session, self._get(session, Assessment, assessment_id, "check"))
            return self._walks_until(session, self.owner_id(session), None)

    def walk_not_usable(self, walk_id: int) -> str | None:
        """Why the walk ``walk_id`` cannot speak for its person's walking (a key of
        ``services.gait_findings.WALK_NOT_USABLE``), or None when checks can use it."""
        with self.db.session() as session:
            self._get(session, GaitRecording, walk_id, "walk")
            return self._walk_not_usable(session, walk_id)

    def stored_level(self, assessment_id: int) -> tuple[str, bool] | None:
        """The level stored with this check, read as it is (never worked out again: for a check this
        version cannot read): its disposition, with False; else, its walk deleted and its result not
        worked out since, the one the last deletion's note kept (what it said with that walk), with
        True; None when neither is stored. The exports name the same (``core.export_format``)."""
        with self.db.session() as session:
            row = self._assessment_state(session, assessment_id, ("id", "result", "disposition"))
        if _told(row.result) and row.disposition:
            return str(row.disposition), False
        gone = deleted_walk_of(row.result)
        if gone is not None and gone.said_before is not None:
            return gone.said_before.disposition, True
        return None

    def not_worked_out_words(self, assessment_id: int) -> str | None:
        """For a check whose result could not be worked out again (its page and the API answer 422): the
        level stored with it (``stored_level_words``), so it is never hidden; None when none was, or
        when only its note of a deleted walk kept one (``walk_deleted_unworked_words`` says it) or the
        check is gone."""
        try:
            stored = self.stored_level(assessment_id)
        except NotFoundError:
            return None
        return None if stored is None or stored[1] else stored_level_words(stored)

    def stored_result(self, assessment_id: int) -> ResultView | None:
        """The result last worked out for this check, as it was then (what the person was told), or
        None when none was ever stored, or when it used another walk than the check uses (stored
        before a finished check kept its walk, or its walk was deleted since: ``result`` works it out
        again). Read without working anything out again (``result`` would with today's knowledge, and
        store it): for "what changed since your last check", which reads the check before on every
        result page."""
        with self.db.session() as session:
            row = self._assessment_state(session, assessment_id, STORED_RESULT_COLUMNS)
            if not _told(row.result):
                return None
            walks = self._check_walks(session, row)
            if row.gait_recording_id != (None if walks.used is None else walks.used.id) or _walk_gone(row):
                return None
            codes, quoted = self._walk_read(session, row.gait_recording_id)
        return self._result_view(row, codes, quoted, walks)

    @staticmethod
    def _walk_read(
        session: Session, walk_id: int | None
    ) -> tuple[list[str] | None, tuple[dict[str, Any], dict[str, Any]] | None]:
        """``_walk_codes`` and ``walk_quoted`` of the walk a result used, in one statement of the
        transaction that reads the result: its page quotes the walk too (``check_changes.used_walk``),
        which was a transaction of its own. (None, None): no walk, or none of that id."""
        if walk_id is None:
            return None, None
        row = session.execute(_walk_read_query(), {"walk_id": walk_id}).first()
        return (None, None) if row is None else (row[0], _walk_quoted(row[1], row[2]))

    def _result_view(
        self,
        row: Any,
        gait_factor_codes: list[str] | None,
        walk_quoted: tuple[dict[str, Any], dict[str, Any]] | None = None,
        walks: CheckWalks | None = None,
    ) -> ResultView:
        """``row``: an Assessment, or a row of its columns; ``gait_factor_codes``: its walk's;
        ``walk_quoted``: that walk's ``walk_quoted``, when read with it; ``walks``: the walk it used and
        those it left out, when looked at."""
        unscreened, uncertain, unasked = self._warning_signs(row.mode, dict(row.answers or {}))
        return ResultView(
            unscreened_warning_signs=unscreened,
            uncertain_signs=uncertain,
            unasked_rules=unasked,
            assessment_id=row.id,
            result={k: v for k, v in (row.result or {}).items() if k != WALK_DELETED_KEY},
            knowledge_version=str(row.knowledge_version),
            package_version=row.package_version,
            gait_recording_id=row.gait_recording_id,
            gait_factor_codes=[str(c) for c in (gait_factor_codes or [])],
            computed_at=stored_time(row.updated_at),
            person_id=row.person_id,
            walks=walks,
            voice=check_voice(row.mode),
            walk_quoted=walk_quoted,
        )

    @staticmethod
    def _assess(
        answers: Mapping[str, Any],
        gait_findings: Mapping[str, Any],
        gait_factors: list[str | dict[str, Any]],
        mode: str = "person",
    ) -> dict[str, Any]:
        from backstride.services.assessment import assess
        from backstride.services.gait_findings import answers_over_walk

        findings = answers_over_walk(answers, gait_findings)
        try:
            result = assess(findings, gait_factors=gait_factors or None, mode=mode)
        except (ValueError, KeyError, TypeError) as exc:
            raise _as_input_error(exc, "the answers could not be assessed") from exc
        return _jsonable(result.to_dict())

    def delete_assessment(self, assessment_id: int) -> None:
        with self.db.session(write=True) as session:
            session.delete(self._get(session, Assessment, assessment_id, "check"))

    # -- walks ------------------------------------------------------------------------------

    def upload_walk(
        self,
        filename: str,
        data: bytes | IO[bytes],
        *,
        recording_format: str = "auto",
        height_cm: float | None = None,
        trial: str | None = None,
        acc_unit: str | None = None,
        gyr_unit: str | None = None,
        symptom_at: str | None = None,
        stop_at: str | None = None,
        worn_at: str | None = None,
        form_token: str | None = None,
        idempotency_key: str | None = None,
        analysed: AnalysedWalk | None = None,
    ) -> WalkView:
        """Read, analyse and store one walk. A file that cannot be read stores nothing.

        ``analysed``: the file's analysis done already by the caller, with the same choices (``gait
        analyze --save`` shows it first): kept as it is, not done a second time; the walk stored is the
        one the same file sent without it stores (the same result, findings and parameters). The file
        is still copied, counted and hashed (its size, sha256 and the same-file check).

        ``form_token``: the Walks page's form's one-time token, kept with the walk stored
        (``services.form_tokens``), so the same form sent again, refused as the same file
        (``WalkStoredAlreadyError``), is told from the file sent again on purpose (``walk_sent_with_form``).
        ``idempotency_key``: the API's ``Idempotency-Key``: the same request (the same file, name,
        choices and times, for the same person) sent again with it is answered with the walk it stored,
        not refused as the same file; sent with another request, an ``IdempotencyKeyReusedError``.

        ``worn_at`` is where the person says the phone or sensor was worn (``gait.recording.WORN_AT_CHOICES``,
        as ``gait analyze --worn-at``): it is the recording's place over the file's own and the signal's,
        kept with the walk (``algorithm_parameters.reader.worn_at``). Another value is a
        ``RecordingOptionError`` naming ``worn_at`` and the allowed values, before anything is read.

        A ``height_cm`` given is also kept as the height last used (settings), in the same
        transaction, whichever interface sent the walk.

        ``data`` is the file's bytes, or a binary file open for reading (the web app passes the upload
        as received, on disk): either way it is copied to a temporary file a piece at a time, counted
        and hashed as it goes, refused (``UploadTooLargeError``) as soon as it is bigger than
        ``max_upload_bytes``, and read piece by piece while it is analysed; the copy is deleted after.

        ``trial`` picks a trial of a Mobilise-D ``data.mat``; ``acc_unit``/``gyr_unit`` name the units
        of a generic CSV whose header does not (see ``backstride.gait.readers.read_recording``).

        ``symptom_at`` / ``stop_at`` say when the first symptom came and when the person had to stop,
        as seconds from the start (``95``, ``95s``) or a clock time (``10:32:05``), exactly as
        ``backstride gait analyze --symptom-at/--stop-at`` takes them (``gait.time_points``): they give
        the walk's walking tolerance (self-paced walking test, [D7]). A time that is not a time, lies
        outside the recording, or a stop before the first symptom is a ``TimePointError`` naming
        ``symptom_at`` / ``stop_at`` (each interface may name them its own way), and nothing is stored.
        """
        name = shown_upload_name(filename)
        if not name:
            raise InputError(
                "We could not read the file's name, so nothing was saved. Give the file a name, "
                "like walk.csv or phyphox-export.zip, and send it again."
            )
        height_cm = checked_height(height_cm)
        person_gone: NotFoundError | None = None
        with self.db.session() as session:  # a person deleted meanwhile: said before the analysis
            if self._person_id is not None:
                try:
                    get_person(session, self._person_id)
                except NotFoundError as exc:
                    if idempotency_key is None:
                        raise
                    person_gone = exc  # a retry's key answers first: its walk gone with them, a 409
            else:
                the_one_person(session, create=False)
        options = _reader_options(trial, acc_unit, gyr_unit, worn_at)
        times = {"symptom_at": _given(symptom_at), "stop_at": _given(stop_at)}
        source = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data

        with ExitStack() as copied:
            # analysed already (``gait analyze --save``): counted and hashed only, never copied, so no
            # temporary copy takes room on the disk or stays behind when the command is killed
            path = None
            if analysed is None:
                tmp = copied.enter_context(tempfile.TemporaryDirectory(prefix="backstride-upload-"))
                path = Path(tmp) / temp_upload_name(name)
            size, sha256 = copy_counting(source, path, name, self.max_upload_bytes)
            if size == 0:
                raise RecordingError(f"{name} is empty; expected a recording of a walk")
            if analysed is not None and analysed.sha256 not in (None, sha256):
                raise RecordingError(
                    f"{name} changed while it was read (it is not the file that was analysed); nothing was "
                    "stored. Wait until nothing writes to it any more, then send it again"
                )
            asked = (self._person_id, name, recording_format, height_cm, options, times, sha256)
            sent = IdempotencyKey.of(idempotency_key, "walk", *asked)
            sent_earlier = self._walk_sent_before(sent)
            if sent_earlier is not None:  # a retry: the walk its key stored, as it was answered
                return sent_earlier
            if person_gone is not None:
                raise person_gone
            earlier = self._stored_already(sha256, options, times, height_cm)
            if earlier is not None:  # before the (maybe long) analysis
                raise WalkStoredAlreadyError(earlier)
            with self.db.session() as session:  # the same form sent again after everything was deleted
                form_sent_after_delete(session, form_token, "walk", self._now(), sha256=sha256)
            if analysed is not None:  # read and analysed by the caller: kept as the analysis here keeps it
                gait_dict, findings, codes, params, source_format = _walk_to_store(
                    analysed.result, analysed.stream, height_cm, options, times
                )
            elif path is not None:  # read from the copy
                _refuse_a_zip_that_unpacks_too_large(name, path)
                gait_dict, findings, codes, params, source_format = self._analyse(
                    name, path, recording_format, height_cm, options, times
                )
        now, actor = self._now(), current_actor()
        key = walk_duplicate_key(sha256, params, height_cm)
        try:
            with self.db.session(write=True) as session:
                owner = self.owner_id(session, create=True)
                row = GaitRecording(
                    person_id=owner,
                    original_filename=name,
                    source_format=source_format,
                    size_bytes=size,
                    sha256=sha256,
                    height_cm=float(height_cm) if height_cm is not None else None,
                    result=gait_dict,
                    findings=findings,
                    gait_factor_codes=codes,
                    algorithm_parameters=params,
                    package_version=PACKAGE_VERSION,
                    created_at=now,
                    duplicate_key=key,
                    # who sent it, as the activity list names who acts (core.acting)
                    sent_via=actor.via,
                    sent_by=actor.staff,
                )
                session.add(row)
                if height_cm is not None:  # the height last used, offered for the next walk (page or API)
                    session.get_one(Person, owner).height_cm = float(height_cm)
                session.flush()
                keep_form_token(session, form_token, "walk", row.id, now)
                keep_idempotency_key(session, sent, "walk", row.id, now)
                facts = _walk_facts(gait_dict, findings)
                self._remember(("walk facts", row.id), facts)  # as Records._walk_facts
                return _walk_view(row)
        except IntegrityError:
            # the same walk stored meanwhile (sent twice at once: both passed the look-up above); the
            # unique key (or its Idempotency-Key) kept this one out, and nothing of it was saved
            sent_earlier = self._walk_sent_before(sent)
            if sent_earlier is not None:
                return sent_earlier
            self._person_gone_meanwhile()  # deleted between the look for them and the store: the 404
            earlier = self._walk_of_key(key)
            if earlier is None:
                raise
            raise WalkStoredAlreadyError(earlier) from None

    def _walk_sent_before(self, sent: IdempotencyKey | None) -> WalkView | None:
        """The walk ``sent``'s key stored with the same request (``form_tokens.sent_before``)."""
        if sent is None:
            return None
        with self.db.session() as session:
            row = row_sent_before(session, sent, "walk", GaitRecording, self._now())
            return None if row is None else _walk_view(row)

    def walk_sent_with_form(self, form_token: str | None, walk_id: int) -> bool:
        """Whether the form ``form_token`` stored this person's walk ``walk_id`` a short while ago
        (``services.form_tokens``): the same form sent twice (a double click on Send), to be answered
        as the first was, not with "you added this file already"."""
        with self.db.session() as session:
            if added_with_form(session, form_token, "walk", self._now()) != walk_id:
                return False
            row = session.get(GaitRecording, walk_id)
            return row is not None and row.person_id == self.owner_id(session)

    def _walk_of_key(self, key: str | None) -> WalkView | None:
        """This person's walk whose ``duplicate_key`` is ``key`` (``storage.models.walk_duplicate_key``)."""
        if key is None:
            return None
        with self.db.session() as session:
            query = select(GaitRecording).where(GaitRecording.duplicate_key == key)
            row = session.scalars(self._mine(query, GaitRecording, self.owner_id(session))).first()
            return None if row is None else _walk_view(row)

    def walk_stored_already(self, sha256: str, how: Mapping[str, Any]) -> WalkView | None:
        """This person's walk that a file of this ``sha256`` sent with the choices ``how`` (named as
        ``upload_walk`` takes them: ``height_cm``, ``trial``, ``acc_unit``, ``gyr_unit``, ``symptom_at``,
        ``stop_at``, ``worn_at``; one not given: none) would only repeat (``_stored_already``), or None: for
        a caller that hashes the file itself before it analyses it (``gait analyze --save``), so a file
        stored already is refused before the (maybe long) analysis. A ``worn_at`` that is no place is a
        ``RecordingOptionError``."""
        options = _reader_options(
            how.get("trial"), how.get("acc_unit"), how.get("gyr_unit"), how.get("worn_at")
        )
        times = {"symptom_at": _given(how.get("symptom_at")), "stop_at": _given(how.get("stop_at"))}
        return self._stored_already(sha256, options, times, checked_height(how.get("height_cm")))

    def _stored_already(
        self,
        sha256: str,
        options: Mapping[str, str | None],
        times: Mapping[str, str | None],
        height_cm: float | None,
    ) -> WalkView | None:
        """This person's walk that a new upload would only repeat: the one rule of the unique key
        (``storage.models.walk_duplicate_key``, migration 0013), looked up before the (maybe long)
        analysis. The same bytes, read the same way (trial, units), with the same height (blank: the
        typical one) and exactly the same times typed: none where it had none. Other times, or times
        where it had none or none where it had some, are a walk of their own: another walking test of the
        same recording (a stored walk's times cannot be changed, and what a person typed is never
        dropped). A walk kept without its key (stored twice before the key existed, or added by a
        restore beside the same walk) is found by the same rule."""
        key = walk_duplicate_key(
            sha256,
            {"reader": dict(options), "walking_test": dict(times)},
            None if height_cm is None else float(height_cm),
        )
        with self.db.session() as session:
            owner = self.owner_id(session)
            if owner is None:
                return None
            query = select(GaitRecording).where(GaitRecording.sha256 == sha256).order_by(GaitRecording.id)
            for row in session.scalars(self._mine(query, GaitRecording, owner)):
                if walk_duplicate_key(row.sha256, row.algorithm_parameters, row.height_cm) == key:
                    return _walk_view(row)
        return None

    @staticmethod
    def _analyse(
        name: str,
        path: Path,
        recording_format: str,
        height_cm: float | None,
        options: dict[str, str | None],
        times: Mapping[str, str | None] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any], list[str], dict[str, Any], str]:
        """Read ``path`` piece by piece while it is analysed (as `gait analyze` does): a day-long .cwa
        needs the memory of one analysis window, not of the whole recording.

        A file the reader cannot read is a ``RecordingError`` naming the person's file (HTTP 422). Any
        other error of the analysis is a bug: it is raised as it is (HTTP 500), never dressed up as a
        bad file, and nothing is stored.

        ``times`` (``symptom_at``, ``stop_at``: the texts as given, or None) are placed on the
        recording's time axis by the one parser the command line uses too (``gait.time_points``).
        """
        from backstride.gait.long_recording import analyze_long_recording
        from backstride.gait.readers import open_recording
        from backstride.gait.recording import stated_body_location
        from backstride.gait.time_points import STOP_AT, SYMPTOM_AT, parse_symptom_and_stop

        given = {SYMPTOM_AT: None, STOP_AT: None, **(times or {})}
        field_names = {SYMPTOM_AT: SYMPTOM_AT, STOP_AT: STOP_AT}  # the API's form fields

        def own_name(exc: InputError) -> InputError:
            # the reader names the temporary path; the person knows the file by its own name
            if isinstance(exc, RecordingOptionError):  # keeps the option for the interface to name
                return exc.replaced(str(path), name)
            named = type(exc)(str(exc).replace(str(path), name))
            if isinstance(exc, RecordingError) and isinstance(named, RecordingError):
                named.plain = exc.plain  # what a page says first (a file that is no walk at all)
            return named

        try:
            try:
                stream = open_recording(
                    path,
                    format=recording_format,
                    trial=options.get("trial"),
                    acc_unit=options.get("acc_unit"),
                    gyr_unit=options.get("gyr_unit"),
                )
            except READ_ERRORS as exc:  # the reader's own error, outside its checks
                raise _not_readable(name, exc) from exc
        except InputError as exc:
            raise own_name(exc) from exc
        stated = stated_body_location(options.get("worn_at"))[1]
        if stated is not None:  # the person's word beats the file's and the signal's
            stream.body_location, stream.body_location_said = stated, True
        # the person's times, checked before the (maybe long) analysis; a TimePointError as it is
        symptom_s, stop_s = parse_symptom_and_stop(given[SYMPTOM_AT], given[STOP_AT], stream, field_names)
        length_known = stream.duration_s is not None
        try:
            # a reading error met while the pieces are analysed arrives as a RecordingError (the
            # stream names it where it reads); anything else from the analysis is a bug (HTTP 500)
            gait_result = analyze_long_recording(
                stream, height_cm=height_cm, symptom_at_s=symptom_s, stop_at_s=stop_s
            )
        except InputError as exc:
            raise own_name(exc) from exc
        if not length_known:  # a long CSV: its length is known now, before anything is stored
            parse_symptom_and_stop(given[SYMPTOM_AT], given[STOP_AT], stream, field_names)
        return _walk_to_store(gait_result, stream, height_cm, options, given)

    def get_walk(self, walk_id: int) -> WalkView:
        with self.db.session() as session:
            return _walk_view(self._get(session, GaitRecording, walk_id, "walk"))

    def walk_quoted(self, walk_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a check's page quotes of the stored walk ``walk_id``: the findings it gave the checks and
        its walking tolerance (the result's ``walking_tolerance``), read alone, not its whole result
        (a day's walk is MBs of JSON), on every view. ``NotFoundError`` as ``get_walk``."""
        if not -ID_LIMIT <= walk_id < ID_LIMIT:
            raise NotFoundError(f"walk {walk_id} does not exist")
        with self.db.session() as session:
            row = session.execute(
                select(GaitRecording.person_id, *_WALK_QUOTED_COLUMNS).where(GaitRecording.id == walk_id)
            ).first()
            row = self._found(row, walk_id, "walk")
        return _walk_quoted(row[1], row[2])

    def list_walks(self) -> list[WalkView]:
        with self.db.session() as session:
            query = select(GaitRecording).order_by(GaitRecording.created_at.desc(), GaitRecording.id.desc())
            rows = session.scalars(self._mine(query, GaitRecording, self.owner_id(session)))
            return [_walk_view(r) for r in rows]

    def height_cm(self) -> float | None:
        """The height this person last gave with a walk (offered for the next one), or None."""
        with self.db.session() as session:
            owner = self.owner_id(session)
            return None if owner is None else session.get_one(Person, owner).height_cm

    def latest_walk(self) -> WalkView | None:
        """The walk done last: recorded most recently (else sent; a tie: sent later), as a check picks
        its walk (``choose_walk``), not the file sent last (a recording of last year sent today)."""
        walks = self.list_walks()
        return max(walks, key=lambda w: _done_last_order(w.walked_at, w.created_at, w.id), default=None)

    def checks_using_walk(self, walk_id: int) -> list[int]:
        """The finished checks whose result uses the walk ``walk_id`` (their result is worked out again
        without it when it is deleted: ``delete_walk``), oldest first."""
        with self.db.session() as session:
            self._get(session, GaitRecording, walk_id, "walk")
            return self._checks_using(session, walk_id)

    def _checks_using(self, session: Session, walk_id: int) -> list[int]:
        rows = session.scalars(
            select(Assessment).where(Assessment.gait_recording_id == walk_id).order_by(Assessment.id)
        )
        return [r.id for r in rows if _told(r.result) and self._finished_until(r) is not None]

    def delete_walk(self, walk_id: int, *, checks_ok: bool = True) -> list[int]:
        """Delete the walk ``walk_id``; the finished checks whose result used it (``checks_using_walk``)
        are worked out again without it, with the walk the rule picks of those they had (or none), and
        their result page, the report and the API say so (``CheckWalks.deleted``), so a result the person
        was told never changes in silence. The activity line (``walk_deleted``) remembers which checks;
        it is written in the same transaction. Returns those checks' ids. ``checks_ok=False``: when
        finished checks use it, nothing is deleted (``WalkUsedByChecksError``), looked for in the same
        transaction, so a check finished since the person was asked counts."""
        with self.db.session(write=True) as session:
            # locked first (PostgreSQL): a restore linking a check to it is waited for, so the checks
            # looked for next include it (SQLite: the write lock)
            walk = self._get(session, GaitRecording, walk_id, "walk", lock=True)
            checks = self._checks_using(session, walk_id)
            if checks and not checks_ok:
                raise WalkUsedByChecksError(walk_id, checks)
            # dated as its page dated it: recorded, else sent
            walked = recording_start(walk.result if isinstance(walk.result, dict) else {})
            person = session.get(Person, walk.person_id)
            gone = DeletedWalk(walk_id, walked or stored_time(walk.created_at), self._now())
            note(
                session,
                "walk_deleted",
                at=gone.deleted_at,
                person_id=walk.person_id,
                person_label=None if person is None else person.label,
                detail=WALK_DELETED_DETAIL.format(
                    id=walk_id,
                    walked=gone.walked_at.isoformat(),
                    checks=", ".join(map(str, checks)) or "none",
                ),
            )
            for row in session.scalars(select(Assessment).where(Assessment.id.in_(checks))):
                # never shown again as it was (it used a walk that is gone); what the walk took away is
                # kept in its place, in this transaction, so it is never lost if working it out again
                # below fails or cannot be done: that only adds what it says now
                said = gone._replace(
                    before=result_gait_factors(row.result),
                    said_before=check_said(
                        row.result or {}, row.answers, findings_now(walk.findings, walk.result)
                    ),
                )
                # beside the notes of walks it used before, deleted earlier: each one kept, in order
                row.result = {WALK_DELETED_KEY: [*_kept_notes(row.result), said.to_stored()]}
                row.disposition = None
            session.delete(walk)
        for check in checks:  # worked out again now, so the export and the report have it too
            try:
                self._work_out(check, keep_updated=False)  # another result, at another time
            except InputError:
                pass  # answers this version cannot replay: the result page says so, with the note
        return checks

    # -- diary -------------------------------------------------------------------------------

    def _entry_fields(
        self, entry_date: Any, pain: Any, walking_min: Any, notes: Any, tried: Any
    ) -> dict[str, Any]:
        """The fields of a diary entry as given, with today's date (in local time) to check against."""
        return {
            "entry_date": entry_date,
            "pain_0_10": pain,
            "walking_tolerance_min": walking_min,
            "notes": notes,
            "tried": tried,
            "as_of": self._today(),
        }

    def diary_entry_problems(self, *, entry_date: Any, notes: Any, tried: Any = ()) -> list[EntryFieldError]:
        """Every problem of a diary entry's day, notes and steps tried, at once (empty when all can be
        kept)."""
        return entry_problems(entry_date=entry_date, notes=notes, tried=tried, as_of=self._today())

    def add_diary_entry(
        self,
        *,
        entry_date: Any,
        pain_0_10: Any,
        walking_tolerance_min: Any = None,
        notes: Any = "",
        tried: Any = (),
        form_token: str | None = None,
        idempotency_key: str | None = None,
    ) -> DiaryEntryView:
        """Add a diary day. ``form_token``: the one-time token of the page's form it was sent from (the
        diary page's, the walking test's; migration 0017). When this person's entry already holds it
        with the same values, the form was sent twice (a double click on Save, two at the same
        moment): that entry is given back and none is added. With other values (the form changed and
        sent again after the browser's back button) the day is added without the token: nothing typed
        is lost.

        ``idempotency_key``: the API's ``Idempotency-Key``, kept as people's and walks' are
        (``services.form_tokens.IdempotencyKey``, 24 hours): the same request (the same checked values,
        for the same person) sent again with it is answered with the entry it added; another request
        with it is an ``IdempotencyKeyReusedError`` naming the key; an empty or over-long key an
        ``InputError``; the entry deleted since, an ``IdempotencyKeyGoneError``. Nothing is stored then."""
        values = validate_entry(
            **self._entry_fields(entry_date, pain_0_10, walking_tolerance_min, notes, tried)
        )
        asked = (values.entry_date, values.pain_0_10, values.walking_tolerance_min, values.notes)
        sent = IdempotencyKey.of(idempotency_key, "diary entry", self._person_id, *asked, list(values.tried))
        sent_earlier = self._diary_sent_before(sent, values)
        if sent_earlier is not None:  # a retry: the entry its key added, as it was answered
            return sent_earlier
        token = (form_token or "").strip()[:64] or None
        now = self._now()
        try:
            with self.db.session(write=True) as session:
                # looked again in the write transaction: a day without a unique key of its own, two
                # sent at once with one key both pass the look above (SQLite writes one at a time; on
                # PostgreSQL the key kept second fails at the commit, below)
                sent_earlier = self._diary_of_key(session, sent, values)
                if sent_earlier is not None:
                    return sent_earlier
                owner = self.owner_id(session, create=True)
                # the same form sent again after everything was deleted: told so, not added back
                form_sent_after_delete(session, token, "diary entry", now, held=_held(values))
                if token is not None:
                    mine = select(DiaryEntry).where(DiaryEntry.person_id == owner)
                    earlier = session.scalars(mine.where(DiaryEntry.form_token == token)).first()
                    if earlier is not None and _same_entry(earlier, values):
                        return _diary_view(earlier)
                    if earlier is not None:
                        token = None  # the same form with other values: a day of its own
                row = DiaryEntry(
                    person_id=owner,
                    entry_date=values.entry_date,
                    pain_0_10=values.pain_0_10,
                    walking_tolerance_min=values.walking_tolerance_min,
                    notes=values.notes,
                    tried=list(values.tried),
                    created_at=now,
                    updated_at=now,
                    form_token=token,
                )
                session.add(row)
                session.flush()
                keep_idempotency_key(session, sent, "diary entry", row.id, now)
                return _diary_view(row)
        except IntegrityError:
            # the same key kept meanwhile (sent twice at once: both found it unkept): nothing of this
            # one was saved; answered with the entry the other added
            sent_earlier = self._diary_sent_before(sent, values)
            if sent_earlier is not None:
                return sent_earlier
            self._person_gone_meanwhile()  # deleted between the look for them and the store: the 404
            if token is None:
                raise
            # the same form stored meanwhile (sent twice at once: both found no entry with the token);
            # the unique key kept this one out, and nothing of it was saved: the one stored, when it
            # holds these values, else this day without the token
            return self.add_diary_entry(
                entry_date=entry_date,
                pain_0_10=pain_0_10,
                walking_tolerance_min=walking_tolerance_min,
                notes=notes,
                tried=tried,
                form_token=None if self._diary_of_token(token, values) is None else token,
            )

    def _diary_sent_before(self, sent: IdempotencyKey | None, values: Any) -> DiaryEntryView | None:
        """The diary entry ``sent``'s key added with the same request (``form_tokens.sent_before``):
        the checked ``values``."""
        if sent is None:
            return None
        with self.db.session() as session:
            return self._diary_of_key(session, sent, values)

    def _diary_of_key(
        self, session: Session, sent: IdempotencyKey | None, values: Any
    ) -> DiaryEntryView | None:
        """``_diary_sent_before`` in the caller's ``session``; the entry deleted since: ``added_gone``."""
        row = row_sent_before(session, sent, "diary entry", DiaryEntry, self._now())
        if row is None and sent is not None:
            row = self._diary_of_old_key(session, sent, values)
        return None if row is None else _diary_view(row)

    def _diary_of_old_key(self, session: Session, sent: IdempotencyKey, values: Any) -> DiaryEntry | None:
        """This person's entry that ``sent``'s key added before the key was kept in the settings table
        (3461097a): the API kept it as the entry's form token (``diary_entries.form_token``), so a retry
        within ``IDEMPOTENCY_KEPT_FOR`` of the upgrade finds it there. The same values: that entry;
        others: the key sent with another request (``reused``), as a key kept today is. Read, never
        moved by a migration: that column also holds the pages' one-time tokens, which no migration
        could tell from an API's key."""
        owner = self.owner_id(session)
        token = sent.key.strip()[:64]
        if owner is None or not token:
            return None
        mine = select(DiaryEntry).where(DiaryEntry.person_id == owner, DiaryEntry.form_token == token)
        row = session.scalars(mine).first()
        if row is None or self._now() - stored_time(row.created_at) > IDEMPOTENCY_KEPT_FOR:
            return None
        if not _same_entry(row, values):
            raise reused(sent)
        return row

    def _diary_of_token(self, token: str, values: Any) -> DiaryEntryView | None:
        """This person's diary entry sent with the form ``token`` (``add_diary_entry``) when it holds
        ``values``; else None."""
        with self.db.session() as session:
            owner = self.owner_id(session)
            if owner is None:
                return None
            query = select(DiaryEntry).where(DiaryEntry.person_id == owner, DiaryEntry.form_token == token)
            row = session.scalars(query).first()
            return None if row is None or not _same_entry(row, values) else _diary_view(row)

    def update_diary_entry(
        self,
        entry_id: int,
        *,
        entry_date: Any,
        pain_0_10: Any,
        walking_tolerance_min: Any = None,
        notes: Any = "",
        tried: Any = (),
        base_updated_at: datetime | None = None,
    ) -> DiaryEntryView:
        """Replace a diary entry's values. ``base_updated_at``: the ``updated_at`` of the version the
        change was made from (an aware time, as ``get_diary_entry`` gave it); when the stored entry has
        another, it was changed since (a restore, another tab) and ``DiaryEntryChangedError`` is raised
        with nothing changed. None: replaced whatever its version (as before it was taken)."""
        values = validate_entry(
            **self._entry_fields(entry_date, pain_0_10, walking_tolerance_min, notes, tried)
        )
        with self.db.session(write=True) as session:
            # locked as read (PostgreSQL): a restore that holds the entry is waited for and its version
            # is the one compared, never one read before it wrote (SQLite: the write lock)
            row = self._get(session, DiaryEntry, entry_id, "diary entry", lock=True)
            new = (
                values.entry_date,
                values.pain_0_10,
                values.walking_tolerance_min,
                values.notes,
                list(values.tried),
            )
            if new == (row.entry_date, row.pain_0_10, row.walking_tolerance_min, row.notes, list(row.tried)):
                # saved unchanged: not a newer version (a restore keeps the newer one; review R5)
                return _diary_view(row)
            if base_updated_at is not None and not _same_version(
                stored_time(row.updated_at), base_updated_at
            ):
                raise DiaryEntryChangedError(_diary_view(row))  # changed since it was read: kept
            row.entry_date = values.entry_date
            row.pain_0_10 = values.pain_0_10
            row.walking_tolerance_min = values.walking_tolerance_min
            row.notes = values.notes
            row.tried = list(values.tried)
            row.updated_at = self._now()
            session.flush()
            return _diary_view(row)

    def get_diary_entry(self, entry_id: int) -> DiaryEntryView:
        with self.db.session() as session:
            return _diary_view(self._get(session, DiaryEntry, entry_id, "diary entry"))

    def earlier_diary_versions(self, entry_id: int) -> list[EarlierDiaryVersion]:
        """The earlier versions kept of one diary entry (by a restore), newest first."""
        with self.db.session() as session:
            self._get(session, DiaryEntry, entry_id, "diary entry")  # this person's, or "not found"
            rows = session.scalars(
                select(DiaryEntryVersion)
                .where(DiaryEntryVersion.entry_id == entry_id)
                .order_by(DiaryEntryVersion.replaced_at.desc(), DiaryEntryVersion.id.desc())
            )
            return [_earlier_view(r) for r in rows]

    def list_diary_entries(
        self, *, start: date | None = None, end: date | None = None
    ) -> list[DiaryEntryView]:
        """Entries oldest first, optionally within ``[start, end]`` (inclusive dates)."""
        if start is not None and end is not None and start > end:
            raise InputError(f"start {start} is after end {end}; expected start <= end")
        query = select(DiaryEntry).order_by(DiaryEntry.entry_date, DiaryEntry.id)
        if start is not None:
            query = query.where(DiaryEntry.entry_date >= start)
        if end is not None:
            query = query.where(DiaryEntry.entry_date <= end)
        with self.db.session() as session:
            rows = session.scalars(self._mine(query, DiaryEntry, self.owner_id(session)))
            return [_diary_view(r) for r in rows]

    def delete_diary_entry(self, entry_id: int) -> None:
        with self.db.session(write=True) as session:
            session.delete(self._get(session, DiaryEntry, entry_id, "diary entry"))

    def progress(self, *, weeks: int = 12) -> dict[str, Any]:
        """What the progress charts show: weekly means, trends, and speed and cadence per walk."""
        if not 1 <= weeks <= 520:
            raise InputError(f"weeks must be from 1 to 520, got {weeks}")
        today = self._today()
        entries = self.list_diary_entries()
        walks = [
            {
                "id": w.id,
                "created_at": _iso(w.created_at),
                "walked_at": _iso(w.walked_at),  # when it was recorded, else sent
                # the day a chart puts it on: its start's day where it was recorded, else sent (here)
                "walked_on": w.walked_on.isoformat(),
                "original_filename": w.original_filename,
                **w.summary,
                # the finding a check takes from the walk: minutes to the forced stop (findings.yaml)
                "walking_tolerance_min": w.findings.get("walking_tolerance_min"),
                # minutes to the first symptom, the diary's moment ("before the pain started"): the
                # tolerance chart compares like with like
                "first_symptom_min": _first_symptom_min(w.result),
            }
            for w in reversed(self.list_walks())
        ]
        return {
            "as_of": today.isoformat(),
            "entries": [e.to_dict() for e in entries],
            "weekly": [w.to_dict() for w in weekly_means(entries, as_of=today, weeks=weeks)],
            "pain_trend": pain_trend(entries, as_of=today).to_dict(),
            "walking_tolerance_trend": walking_tolerance_trend(entries, as_of=today).to_dict(),
            # pain on days with and without each step tried ([] when too few days: nothing is said)
            "what_seems_to_help": [c.to_dict() for c in what_seems_to_help(entries)],
            "walks": walks,
        }

    # -- settings ----------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.db.session() as session:
            row = session.get(Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.db.session(write=True) as session:
            self._put_setting(session, key, value)

    @staticmethod
    def _put_setting(session: Session, key: str, value: Any) -> None:
        """Store a setting in the caller's write transaction (added, or its value replaced)."""
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=_jsonable(value)))
        else:
            row.value = _jsonable(value)

    # -- all data ----------------------------------------------------------------------------

    def export_all(
        self, *, as_what: str = "JSON", note_download: bool = True, work_out: bool = True
    ) -> dict[str, Any]:
        """Everything stored for this person, as one JSON-able document (read in one transaction);
        the download is written in the activity list (``as_what``: the kind of file it becomes)
        unless ``note_download`` is False: then the caller writes it (``note_download``) once the
        file is really written, as the command line does.

        First each finished check whose result was never worked out (never opened) is worked out and
        stored, as opening it would (``work_out_unopened``), so every finished check this version can
        work out goes out with its level; then everything is read in one transaction. On a database that
        cannot be written now (read-only, busy) the export is still made, such a check "not worked out
        yet", after one try. ``work_out=False``: the caller did that already in the same read
        (``work_out_unopened`` inside a ``Database.snapshot``): not tried again (a second wait on a
        busy file)."""
        if work_out:
            self.work_out_unopened()
        document = self._document()
        if note_download:
            self.note_download(as_what, person_label=document["person"]["label"])
        return document

    def note_download(
        self, as_what: str, *, person_label: str | None = None, action: str = "records_downloaded"
    ) -> None:
        """Write a download in the activity list: ``action`` "records_downloaded" (an export),
        "table_downloaded" (one CSV table) or "report_downloaded" (the report for a clinician);
        ``as_what``: the kind of file, e.g. "PDF".
        A line says when, whose and as what, never what the file says; with nobody stored yet it
        names no one."""
        with self.db.session(write=True) as session:
            owner = self.owner_id(session)
            if person_label is None and owner is not None:
                person = session.get(Person, owner)
                person_label = person.label if person is not None else None
            note(
                session,
                action,
                at=self._now(),
                person_id=owner,
                person_label=person_label,
                detail=f"as {as_what}",
            )

    def work_out_unopened(self) -> None:
        """Work out and store the result of each finished check of this person that has none (answered
        to the end, its result page never opened), each as ``result`` does when it is opened, in its own
        transaction. A check this version cannot work out (answers made with other questions) is left
        as it is, with its stored level and notes: the export says so (``not_worked_out``); nor does a
        check deleted or answered meanwhile stop the export. A check not finished is not worked out.
        ``export_all`` does this first; an export that reads more in its one read (``Database.snapshot``)
        calls it before that read: the FHIR export with the report (``services.sharing.make_export``),
        whose report then reads these results as the export stored them, never storing them again with
        the moment it was drawn."""
        with self.db.session() as session:
            owner = self.owner_id(session)
            rows = session.execute(
                self._mine(
                    select(
                        Assessment.id,
                        Assessment.mode,
                        Assessment.answers,
                        Assessment.result,
                        Assessment.finished_at,
                        Assessment.created_at,
                        Assessment.updated_at,
                    )
                    .where(Assessment.disposition.is_(None))  # a result worked out keeps its level
                    .order_by(Assessment.id),
                    Assessment,
                    owner,
                )
            ).all()
        for row in rows:
            if _told(row.result) or not row.answers or self._finished_until(row) is None:
                continue
            try:  # no finish time kept: updated_at says when it was answered (FHIR's authored), kept so
                # (``_work_out``); only as it was listed: an answer taken back meanwhile leaves it half-way
                self._work_out(row.id, as_listed=_answers_stamp(row))
            except StorageError:  # cannot be written now (read-only, busy): the export says "not worked
                return  # out yet" for the others too, after one wait, not one for each check
            except (InputError, NotFoundError, ChangedMeanwhileError):
                continue  # cannot be replayed (the export names it), deleted or answered meanwhile
            if self.db.snapshot_kept(NOT_STORED_IN_SNAPSHOT):  # inside a snapshot: the same, not raised
                return

    def _document(self) -> dict[str, Any]:
        from backstride.services.everyday import day_view

        # every table as of one moment: at READ COMMITTED (PostgreSQL) a walk deleted between reading the
        # checks and the walks left a file whose check names a walk it does not hold, which no restore takes
        with self.db.snapshot() as session:
            owner = self.owner_id(session)
            person = session.get(Person, owner) if owner is not None else None
            assessments = [
                _as_stored_meanwhile(a, self.db.snapshot_kept(WORKED_OUT_IN_SNAPSHOT))
                for a in session.scalars(
                    self._mine(select(Assessment).order_by(Assessment.id), Assessment, owner)
                )
            ]
            deleted_walks = {  # checks whose walk was deleted before it was kept with them: their line's
                pid: self._deleted_walks(session, pid) for pid in {a.person_id for a in assessments}
            }
            walks = session.scalars(
                self._mine(select(GaitRecording).order_by(GaitRecording.id), GaitRecording, owner)
            ).all()
            entries = session.scalars(
                self._mine(
                    select(DiaryEntry).order_by(DiaryEntry.entry_date, DiaryEntry.id), DiaryEntry, owner
                )
            ).all()
            earlier: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for version in session.scalars(
                select(DiaryEntryVersion)
                .join(DiaryEntry, DiaryEntry.id == DiaryEntryVersion.entry_id)
                .where(DiaryEntry.person_id == (owner if owner is not None else -1))
                .order_by(DiaryEntryVersion.replaced_at, DiaryEntryVersion.id)
            ):
                earlier[version.entry_id].append(_earlier_view(version).to_dict())
            everyday = session.scalars(
                self._mine(
                    select(EverydayWalkingDay).order_by(EverydayWalkingDay.day, EverydayWalkingDay.source),
                    EverydayWalkingDay,
                    owner,
                )
            ).all()
            height = person.height_cm if person is not None else None
            return {
                "format": EXPORT_FORMAT,
                "format_version": EXPORT_FORMAT_VERSION,
                "exported_at": _iso(self._now()),
                "package_version": PACKAGE_VERSION,
                "notice": NOT_A_DIAGNOSIS,
                "person": {
                    "label": person.label if person is not None else None,
                    "height_cm": height,
                    # what a clinic matches the record by (format 9), null when not given
                    **(dict.fromkeys(IDENTITY_FIELDS) if person is None else identity_of(person)),
                },
                "assessments": [
                    {
                        "id": a.id,
                        "mode": a.mode,
                        "answers": dict(a.answers or {}),
                        "result": None
                        if not _told(a.result)
                        else {k: v for k, v in a.result.items() if k != WALK_DELETED_KEY},
                        # the walk its result used, deleted since (format 7): what it took away; and
                        # those it used before, deleted earlier, oldest first (format 10)
                        **_deleted_fields(_walks_deleted_record(a, deleted_walks[a.person_id].get(a.id, ()))),
                        "disposition": a.disposition,
                        "knowledge_version": a.knowledge_version,
                        "package_version": a.package_version,
                        "gait_recording_id": a.gait_recording_id,
                        "created_at": _iso(a.created_at),
                        "updated_at": _iso(a.updated_at),
                        # when it was finished (format 5): the order of "what changed since my last check"
                        "finished_at": None if a.finished_at is None else _iso(a.finished_at),
                        # who started it (format 12): the interface and the staff member signed in
                        "started_via": a.started_via,
                        "started_by": a.started_by,
                    }
                    for a in assessments
                ],
                "gait_recordings": [
                    # recorded_at is read from the result (recording.start_datetime): not a field of its own
                    {
                        k: v
                        for k, v in _walk_view(w).to_dict().items()
                        if k not in ("summary", "person_id", "recorded_at")
                    }
                    for w in walks
                ],
                "diary_entries": [
                    {k: v for k, v in _diary_view(e).to_dict().items() if k != "person_id"}
                    # the versions a restore replaced, oldest first (format 6)
                    | {"earlier_versions": earlier.get(e.id, [])}
                    for e in entries
                ],
                "everyday_walking": [
                    {k: v for k, v in day_view(d).to_dict().items() if k not in ("id", "person_id")}
                    for d in everyday
                ],
                # the person's settings, as before people were kept (a file older backstrides read)
                "settings": {} if height is None else {HEIGHT_SETTING: height},
            }

    def counts(self) -> dict[str, int]:
        """How many records of each kind this person has ("settings": their height, when kept)."""
        with self.db.session() as session:
            owner = self.owner_id(session)
            counts = {
                name: session.scalar(self._mine(select(func.count()).select_from(model), model, owner)) or 0
                for name, model in (
                    ("assessments", Assessment),
                    ("gait_recordings", GaitRecording),
                    ("diary_entries", DiaryEntry),
                )
            }
            person = session.get(Person, owner) if owner is not None else None
            counts["settings"] = int(person is not None and person.height_cm is not None)
            return counts

    def delete_all(self) -> dict[str, int]:
        """Delete every record of this person in one transaction (the person stays, their height is
        forgotten; with nobody else in the database, the app's settings go too); how many went."""
        with self.db.session(write=True) as session:
            lock_adders(session)  # a restore or an import under way ends first: what it adds goes too
            owner = self.owner_id(session)
            lock_walks(session, owner)  # before the checks, in the order a result locks them
            # the forms that added this person's walks and days are kept, marked: the same form sent
            # again is told it was deleted since, never added back (services.form_tokens.forms_deleted)
            walks = session.execute(
                self._mine(select(GaitRecording.id, GaitRecording.sha256), GaitRecording, owner)
            )
            days = session.scalars(
                self._mine(select(DiaryEntry), DiaryEntry, owner).where(
                    DiaryEntry.form_token.is_not(None),
                    # only those a form could still be sent again for (the rest: no token to keep)
                    DiaryEntry.created_at >= self._now() - IDEMPOTENCY_KEPT_FOR,
                )
            ).all()
            forms_deleted(
                session,
                {walk_id: sha256 for walk_id, sha256 in walks},
                {str(day.form_token): (day.id, stored_time(day.created_at), _held(day)) for day in days},
                self._now(),
            )
            deleted = {}
            for name, model in (
                ("assessments", Assessment),
                ("gait_recordings", GaitRecording),
                ("diary_entries", DiaryEntry),
                ("everyday_days", EverydayWalkingDay),
            ):
                deleted[name] = (
                    session.scalar(self._mine(select(func.count()).select_from(model), model, owner)) or 0
                )
                session.execute(self._mine(delete(model), model, owner))
            person = session.get(Person, owner) if owner is not None else None
            deleted["settings"] = int(person is not None and person.height_cm is not None)
            if person is not None:
                person.height_cm = None
            # a restore's keys into this person are kept, marked: a retry is a 409, never a restore again
            # of what is deleted now (the answer kept with them, which said what was added, goes)
            records_deleted(session, owner, self._now())
            if session.scalar(select(func.count()).select_from(Person).where(Person.id != owner)) == 0:
                # the app's settings go too, but not its sign-in password (not data; services.access),
                # and the list of what was done: at home nothing of the person is kept
                app_settings = select(Setting.key).where(Setting.key.not_in(ACCESS_KEYS))
                # the forms' one-time tokens (services.form_tokens) and the API's Idempotency-Keys
                # stay, not counted: not data (each holds only what its form or request added, by id;
                # kept 24 hours): a late retry of a day, a walk or a check is the 409 "deleted since",
                # and the same page form sent again is told so, never added again
                kept = (
                    Setting.key.not_in(ACCESS_KEYS),
                    Setting.key.not_like(FORM_TOKEN_PREFIX + "%"),
                    Setting.key.not_like(IDEMPOTENCY_PREFIX + "%"),
                )
                deleted["settings"] += len(session.scalars(app_settings.where(*kept)).all())
                session.execute(delete(Setting).where(*kept))
                forget_all(session)
            note(
                session,
                "records_deleted",
                at=self._now(),
                person_id=owner,
                person_label=person.label if person is not None else None,
                detail=records_in_words(deleted),
            )
        with self._cache_lock:  # the cache keys hold answers: they go too
            self._question_cache.clear()
            self._warning_cache.clear()
        if self.db.is_sqlite:
            self.db.vacuum()
        return deleted


__all__ = [
    "AnalysedWalk",
    "AssessmentView",
    "UnfinishedCheck",
    "CheckWalks",
    "DiaryEntryChangedError",
    "DiaryEntryView",
    "EarlierDiaryVersion",
    "HEIGHT_MAX_CM",
    "HEIGHT_MIN_CM",
    "HEIGHT_SETTING",
    "MODES",
    "NOT_A_DIAGNOSIS",
    "RECORDING_FORMATS",
    "Records",
    "ResultView",
    "UploadTooLargeError",
    "WalkRef",
    "WalkUsedByChecksError",
    "WalkView",
    "choose_walk",
    "walk_deleted_words",
    "walk_deleted_notes",
    "check_voice",
    "WALK_DELETED_KEY",
    "SaidAfter",
    "deleted_walk_of",
    "deleted_walks_of",
    "stored_level_words",
    "CheckSaid",
    "check_said",
    "result_gait_factors",
    "question_to_dict",
    "questions_answered",
    "diary_entry_words",
    "diary_values",
    "earlier_version_words",
    "records_in_words",
    "summarize_walk",
    "sender_words",
    "sender_short",
    "starter_words",
]
