"""Request and response shapes of the REST API (pydantic), kept apart from the storage tables."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from backstride.core.typed import NotCentimetres, typed_centimetres
from backstride.diary.entries import DAY_TEXT, NOTES_MAX_CHARS, PAIN_MAX, PAIN_MIN, WALKING_TOLERANCE_MAX_MIN
from backstride.diary.steps import diary_steps
from backstride.gait.factors import NOT_A_DIAGNOSIS as WALK_NOT_A_DIAGNOSIS
from backstride.services.activity import ACTIONS
from backstride.services.assessment import NOT_A_DIAGNOSIS
from backstride.services.people import (
    GENDERS,
    HEIGHT_MAX_CM,
    HEIGHT_MIN_CM,
    IDENTITY_FIELDS,
    LABEL_MAX_CHARS,
    MRN_MAX_CHARS,
    MRN_SYSTEM_MAX_CHARS,
    NAME_MAX_CHARS,
)
from backstride.services.records import NOT_A_DIAGNOSIS as RECORD_NOT_A_DIAGNOSIS
from backstride.web.views import typed_number

StrictNumber = Annotated[float, Field(strict=True)]


def day_text(value: Any) -> Any:
    """A day must come as YYYY-MM-DD text: pydantic alone reads a number, or text of digits, as seconds
    since 1970 (``0`` and ``"0"`` became 1970-01-01, ``1700006400`` 2023-11-15) and a date-time at
    midnight as its day, so a wrong type or unit was stored as some other day."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and DAY_TEXT.fullmatch(value):
        return value
    shown = repr(value) if isinstance(value, str | int | float) else f"a {type(value).__name__}"
    raise ValueError(f"expected a day as YYYY-MM-DD text, like 2026-11-20, got {shown}")


Day = Annotated[date, BeforeValidator(day_text)]


def version_time(value: Any) -> Any:
    """A version sent back (``updated_at``) must be the date-time text GET gave, with its offset:
    pydantic alone also reads a number, or text of digits, as seconds since 1970."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    shown = repr(value) if isinstance(value, str | int | float) else f"a {type(value).__name__}"
    raise ValueError(
        f"expected the entry's updated_at as GET gave it, like 2026-11-27T09:30:00.123456+00:00, got {shown}"
    )


VersionTime = Annotated[datetime, BeforeValidator(version_time)]


def form_number(value: Any) -> Any:
    """A number sent as a form field is read as the pages read one (``views.typed_number``): pydantic
    alone also takes ``1_72`` as 172."""
    return typed_number(value) if isinstance(value, str) else value


FormNumber = Annotated[float, BeforeValidator(form_number)]


def form_centimetres(value: Any) -> Any:
    """A height sent as a form field, read as the command and the walk page read one
    (``core.typed.typed_centimetres``: "168", "168cm", "168 cm"); refused saying centimetres, with a
    height as the example (not "like 172 or 4.5")."""
    if not isinstance(value, str):
        return value
    try:
        return typed_centimetres(value)
    except NotCentimetres:
        raise  # another unit: says centimetres and, for metres, the number meant
    except ValueError:
        raise ValueError(f"expected a height in centimetres (cm), like 170, got {value!r}") from None


FormCentimetres = Annotated[float, BeforeValidator(form_centimetres)]


def json_centimetres(value: Any) -> Any:
    """A height in JSON is a JSON number (the schema this API publishes): text such as "168cm" is
    refused saying what to send (168), not only "Input should be a valid number"."""
    if not isinstance(value, str):
        return value
    try:
        meant: float | None = typed_centimetres(value)
    except ValueError:
        meant = None
    send = f": send {meant:g}" if meant is not None and math.isfinite(meant) else ""
    raise ValueError(f"expected a number of centimetres, like 170, not text{send}, got {value!r}")


JsonCentimetres = Annotated[float, Field(strict=True), BeforeValidator(json_centimetres)]


def whole_json_number(value: Any) -> Any:
    """JSON has one kind of number and JSON Schema counts 2.0 as an integer, so a client (or the schema
    this API publishes) may send a whole number as ``2.0``: take it as 2. ``4.5``, ``true`` and ``"4"``
    stay refused by the strict integer."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


WholeNumber = Annotated[StrictInt, BeforeValidator(whole_json_number)]


def documented(**keywords: Any) -> dict[str, Any]:
    """Bounds for the OpenAPI document only (``json_schema_extra``): the service checks them and says
    the problem in its own words, so pydantic must not refuse first with its own. Without them the
    document called values valid that are always refused (a height of 0, a pain of 11)."""
    return keywords


def _text_only(schema: dict[str, Any]) -> None:
    """A field that may be left out but, when sent, must be text (``null`` is refused by the route)."""
    schema.pop("anyOf", None)
    schema.update(type="string", minLength=1, maxLength=LABEL_MAX_CHARS, pattern=r"\S")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssessmentCreate(_In):
    mode: Literal["person", "clinician"] = Field(
        "person", description='"person" (no examination questions) or "clinician" (adds exam_* questions)'
    )


class AnswersIn(_In):
    answers: dict[str, Any] = Field(
        ...,
        description='Finding code -> value (see findings.yaml); null means "don\'t know". '
        "One bad answer rejects all of them and nothing is stored.",
        examples=[{"age_years": 71, "worse_walking": True, "relief_sitting": None}],
        json_schema_extra=documented(minProperties=1),
    )


class DiaryEntryIn(_In):
    entry_date: Day = Field(..., description="The day the entry is about (YYYY-MM-DD), not in the future")
    pain_0_10: WholeNumber = Field(
        ...,
        description="Pain that day, a whole number from 0 (none) to 10 (worst)",
        json_schema_extra=documented(minimum=PAIN_MIN, maximum=PAIN_MAX),
    )
    walking_tolerance_min: StrictNumber | None = Field(
        None,
        description="Minutes walked before symptoms started (0-600), or null if not walked/unknown",
        json_schema_extra=documented(minimum=0, maximum=WALKING_TOLERANCE_MAX_MIN),
    )
    notes: str = Field(
        "",
        description="Free text, at most 2000 characters",
        json_schema_extra=documented(maxLength=NOTES_MAX_CHARS),
    )
    tried: list[str] = Field(
        [],
        description="The relief steps tried that day: advice codes of the relief plan that a person can do "
        "themselves (knowledge advice items with diary_words), each once. An unknown code is refused "
        "(422, naming it) and nothing is stored. Left out: none (a PUT replaces the steps too)",
        examples=[["knee_to_chest", "heat_after_48h"]],
        json_schema_extra=documented(items={"type": "string", "enum": list(diary_steps())}),
    )


class DiaryEntryChange(DiaryEntryIn):
    updated_at: VersionTime | None = Field(
        None,
        description="The version you changed: the entry's updated_at as GET /api/diary/{id} gave it. "
        "Sent, the change is refused with 409 (nothing changed; `current` holds the entry as it is now) "
        "when the entry was changed since (a restored backup, another tab or device), so a newer "
        "version is never replaced unseen. Left out (or null): the entry is replaced whatever its "
        "version, as before this field existed",
        examples=["2026-11-27T09:30:00.123456+00:00"],
    )


class _Identity(_In):
    """What a clinic may add to match the record to its own (each optional; the FHIR export's Patient
    carries them). Checked by ``services.people.checked_identity``: a problem is a 422 naming it."""

    name: str | None = Field(
        None,
        description="Their full name, as the clinic's record has it (at most 200 characters)",
        json_schema_extra=documented(maxLength=NAME_MAX_CHARS),
    )
    birth_date: str | None = Field(
        None,
        description="Their birth date, YYYY-MM-DD, not in the future and not before 1900",
        examples=["1961-04-23"],
        json_schema_extra=documented(format="date"),
    )
    gender: str | None = Field(
        None,
        description="FHIR R4's administrative gender: female, male, other or unknown",
        json_schema_extra=documented(enum=list(GENDERS)),
    )
    mrn: str | None = Field(
        None,
        description="The clinic's number for them (a medical record number; at most 64 characters), unique "
        "in its system",
        json_schema_extra=documented(maxLength=MRN_MAX_CHARS),
    )
    mrn_system: str | None = Field(
        None,
        description="The URI of the system that gives that number, like urn:oid:1.2.36.146.595.217.0.1; "
        "only with mrn",
        json_schema_extra=documented(maxLength=MRN_SYSTEM_MAX_CHARS),
    )

    def identity(self) -> dict[str, Any]:
        """The details sent (a field left out is not in it; null forgets one on a change)."""
        return {key: getattr(self, key) for key in IDENTITY_FIELDS if key in self.model_fields_set}


class PersonIn(_Identity):
    label: str = Field(
        ...,
        description="What the people using the app call this person: a name, initials or a clinic number "
        "(1-80 characters, unique in any case)",
        examples=["Room 4"],
        json_schema_extra=documented(minLength=1, maxLength=LABEL_MAX_CHARS, pattern=r"\S"),
    )
    height_cm: JsonCentimetres | None = Field(
        None,
        description="Standing height (50-250 cm), offered for their walks; null if not known",
        json_schema_extra=documented(minimum=HEIGHT_MIN_CM, maximum=HEIGHT_MAX_CM),
    )


class PersonChange(_Identity):
    label: str | None = Field(
        None, description="A new label; leave it out to keep the label", json_schema_extra=_text_only
    )
    height_cm: JsonCentimetres | None = Field(
        None,
        description="A new height (50-250 cm); null forgets it; leave it out to keep it",
        json_schema_extra=documented(minimum=HEIGHT_MIN_CM, maximum=HEIGHT_MAX_CM),
    )


class PersonOut(BaseModel):
    id: int
    label: str
    height_cm: float | None
    created_at: str
    counts: dict[str, int] = Field(
        ..., description="How many records they have: assessments, gait_recordings, diary_entries"
    )
    everyday_days: int = Field(0, description="How many days of everyday walking (Apple Health) they have")
    name: str | None = None
    birth_date: str | None = Field(None, description="YYYY-MM-DD")
    gender: str | None = None
    mrn: str | None = None
    mrn_system: str | None = None


class EventOut(BaseModel):
    id: int
    at: str = Field(..., description="When, as an ISO 8601 time with its offset (UTC)")
    action: str = Field(
        ...,
        description=f"{', '.join(list(ACTIONS)[:-1])} or {list(ACTIONS)[-1]}",
    )
    what: str = Field(..., description="The action in plain words")
    person_id: int | None
    person_label: str | None = Field(
        ..., description="The person's label at the time (kept after they are deleted)"
    )
    detail: str
    via: str = Field(..., description="page, API, command line or python")
    client: str | None = Field(..., description="The network address the request came from, if any")
    staff_name: str | None = Field(
        ...,
        description="The staff member signed in with their own name (kept after they are removed); "
        "null for the shared password, the command line or no sign-in",
    )
    who: str = Field(
        ..., description="Who, how and from where, in plain words: 'Dr Lee, on a page, from 10.0.0.5'"
    )


class OptionOut(BaseModel):
    value: Any
    label: str


class QuestionOut(BaseModel):
    id: str
    codes: list[str]
    text: str
    why: str
    kind: str
    options: list[OptionOut] = []
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    screening: bool = False
    sources: list[str] = []


class AssessmentOut(BaseModel):
    id: int
    person_id: int = Field(..., description="Whose record this is (an id of GET /api/people)")
    mode: str
    answers: dict[str, Any]
    next_question: QuestionOut | None = Field(None, description="null once the interview is complete")
    complete: bool = Field(
        ..., description="Nothing left to ask: every question of today's interview is answered"
    )
    finished: bool = Field(
        ...,
        description="Finished, as History and the result page say it: nothing left to ask, or finished once "
        "and no answer taken back or changed since. A check finished before a warning-sign question was "
        "added stays finished while complete is false and next_question asks the new one (its result's "
        "screening_complete is false, the new sign in unscreened_warning_signs: read those before its "
        "disposition)",
    )
    finished_at: str | None = Field(
        None,
        description="When it was finished (the answer that finished it, or the last answer changed since "
        "while it stayed finished); null while it is not finished, or "
        "for a check kept before finish times were stored (then finished says whether it is)",
    )
    progress: dict[str, Any] | None = None
    disposition: str | None = Field(None, description="set once a result has been computed")
    created_at: str
    updated_at: str
    started_via: str | None = Field(
        None,
        description="Who started it: the interface (page, API, command line, python), as the activity list "
        "says it, or file: restored from a file, whose started_by is the file's word, not a staff member "
        "who acted here; null for a check started before backstride kept that (not recorded)",
    )
    started_by: str | None = Field(
        None,
        description="The staff member signed in when it was started, by name; null when none was. With "
        "started_via file: the name a restored file gives, as written, not a staff member who acted here",
    )
    emergency_now: dict[str, Any] | None = Field(
        None,
        description="set as soon as the answers so far make this an emergency: the message to show at once "
        "(go now, do not drive), its sources and the emergency red flags that fired; null otherwise",
    )
    notice: str = Field(NOT_A_DIAGNOSIS, description="That this is not a diagnosis, as the result says")


class AssessmentSummaryOut(BaseModel):
    id: int
    person_id: int = Field(..., description="Whose record this is (an id of GET /api/people)")
    mode: str
    n_answers: int = Field(..., description="Finding codes answered (a checklist item each)")
    n_questions: int = Field(0, description="Questions answered (a checklist counts once)")
    disposition: str | None = Field(
        ...,
        description="The level of care last worked out; of a check not finished, from the answers so far",
    )
    knowledge_version: str | None
    package_version: str
    created_at: str
    updated_at: str
    finished: bool = Field(
        ...,
        description="Finished, as GET /api/assessments/{id}, History and checks.csv say it: nothing left "
        "to ask, or finished once and no answer taken back or changed since (also a check kept before "
        "finish times were stored, whose finished_at is null). While false, its warning signs may not "
        "all have been asked: its disposition is then no all-clear. A check finished before a "
        "warning-sign question was added stays finished: its result's screening_complete is then "
        "false, with the new sign in unscreened_warning_signs. False for a check made with other "
        "questions (by another version), which cannot be carried on",
    )
    finished_at: str | None = Field(
        None,
        description="When the check was finished (the answer that finished it, or the last answer "
        "changed since while it stayed finished); null while it is not finished, and for a check kept "
        "before finish times were stored (finished says whether it is)",
    )
    started_via: str | None = Field(
        None,
        description="Who started it: the interface, as for a check (file: restored from a file, whose "
        "started_by is the file's word); null: not recorded",
    )
    started_by: str | None = Field(
        None,
        description="The staff member signed in when it was started, by name; null when none was. With "
        "started_via file: the name a restored file gives, as written, not a staff member who acted here",
    )
    # The list stays a bare array (clients read it as one), so each check carries the notice itself
    notice: str = Field(NOT_A_DIAGNOSIS, description="That this is not a diagnosis, as the result says")


class ResultOut(BaseModel):
    assessment_id: int
    person_id: int = Field(..., description="Whose check this is (an id of GET /api/people)")
    result: dict[str, Any] = Field(
        ..., description="The assessment JSON of the public contract (with the plan)"
    )
    knowledge_version: str
    package_version: str
    gait_recording_id: int | None = Field(
        None, description="The walk whose gait factors and findings were used"
    )
    gait_factor_codes: list[str]
    computed_at: str = Field(
        ...,
        description="The check's updated_at. A check with a finish time: when its result was last worked out "
        "and stored (or its last answer, if later). A check with no finish time (left half-way, or finished "
        "before finish times were kept): when its last answer was given or taken back, as its result is "
        "worked out from the answers each time it is read (also when a walk it used was deleted)",
    )
    screening_complete: bool = Field(
        ..., description="False while some warning-sign questions are not asked: then this is no all-clear"
    )
    unscreened_warning_signs: list[str] = Field(
        ..., description="Finding codes of the warning signs not asked yet (empty when screening is complete)"
    )
    uncertain_warning_signs: list[str] = Field(
        [],
        description='Finding codes of the warning signs answered "don\'t know" (and the rule code of two '
        'answered "don\'t know" that would fire a more urgent rule together), most urgent first. The '
        "disposition treats them as unknown (never as present): show them with what to do if one is true, "
        "as the result page does",
    )
    unasked_warning_rules: list[str] = Field(
        [],
        description="Codes of the warning rules that questions not asked yet could still fire (more urgent "
        "than the disposition; the warning-sign checklists were all asked), most urgent first: show them "
        "with what to do if one is true, as the result page does",
    )
    notice: str
    walk_deleted: dict[str, Any] | None = Field(
        None,
        description="When the walk this finished check's result used was deleted since (its result was "
        "worked out again without it): walk_id, walked_at, deleted_at, gait_factors_before (the gait "
        "factor codes its result had then), gait_factors_lost and gait_factors_gained (those it no longer "
        "has, and those the walk it uses instead added; all three null when not known: deleted before "
        "they were kept), result_before and result_now (disposition and walking_tolerance_min its result "
        "went by then and now; null when not known), earlier (the walks it used before, deleted earlier, "
        "oldest first: walk_id, walked_at, deleted_at, gait_factors_before, result_before) and message, what "
        "to tell the person of every deletion, oldest first, saying what changed (or that it is not known); "
        "else null",
    )


class PlanOut(BaseModel):
    assessment_id: int
    person_id: int = Field(..., description="Whose check this is (an id of GET /api/people)")
    disposition: str
    plan: dict[str, Any]
    gait_factor_codes: list[str]
    knowledge_version: str
    notice: str


class WalkOut(BaseModel):
    id: int
    person_id: int = Field(..., description="Whose record this is (an id of GET /api/people)")
    original_filename: str
    source_format: str
    size_bytes: int
    sha256: str
    height_cm: float | None
    result: dict[str, Any] = Field(..., description="The gait JSON of the public contract")
    findings: dict[str, Any]
    gait_factor_codes: list[str]
    algorithm_parameters: dict[str, Any]
    package_version: str
    created_at: str
    recorded_at: str | None = Field(
        None,
        description="When the recording started, as its file says (ISO 8601 with its offset); null when "
        "the file does not say. Pages and charts date a walk by it, else by created_at (when it was sent)",
    )
    summary: dict[str, Any]
    sent_via: str | None = Field(
        None,
        description="Who sent it: the interface (page, API, command line, python), as the activity list "
        "says it, or file: restored from a file, whose sent_by is the file's word, not a staff member "
        "who acted here; null for a walk sent before backstride kept that (not recorded)",
    )
    sent_by: str | None = Field(
        None,
        description="The staff member signed in when it was sent, by name; null when none was. With "
        "sent_via file: the name a restored file gives, as written, not a staff member who acted here",
    )
    notice: str = Field(WALK_NOT_A_DIAGNOSIS, description="That these numbers are not a diagnosis")


class DiaryEntryOut(BaseModel):
    id: int
    person_id: int = Field(..., description="Whose record this is (an id of GET /api/people)")
    entry_date: str
    pain_0_10: int
    walking_tolerance_min: float | None
    notes: str
    tried: list[str] = Field(..., description="The relief steps tried that day (advice codes), [] if none")
    created_at: str
    updated_at: str = Field(
        ...,
        description="When it was last changed: its version. Send it back as a PUT's updated_at, so the "
        "change is refused (409) if the entry was changed since",
    )
    notice: str = Field(RECORD_NOT_A_DIAGNOSIS, description="That this is not a diagnosis")


class ProgressOut(BaseModel):
    as_of: str
    entries: list[DiaryEntryOut]
    weekly: list[dict[str, Any]]
    pain_trend: dict[str, Any]
    walking_tolerance_trend: dict[str, Any]
    what_seems_to_help: list[dict[str, Any]] = Field(
        ...,
        description="Per relief step tried on at least 3 days and not on at least 3 others: the median pain "
        "on both kinds of day, in words, with the day counts (because) and the caveat to show with them (it "
        "cannot show that a step helped). [] when there are too few days",
    )
    walks: list[dict[str, Any]]
    notice: str = Field(NOT_A_DIAGNOSIS, description="That this is not a diagnosis, as the result says")


class VersionOut(BaseModel):
    package_version: str
    knowledge_version: str


class DeletedOut(BaseModel):
    deleted: dict[str, int]


class RestoredOut(BaseModel):
    added: dict[str, int]
    already_there: dict[str, int]
    person_id: int | None = Field(description="Whose records the file's contents were added to")
    made_for: str | None = Field(
        description="The label of the person the file was made for (null: a file older than people)"
    )
    note: str | None = Field(
        description="Said when the file was made for someone other than the person it was restored into"
    )
    said: list[str] = Field(
        default_factory=list,
        description="A diary entry changed on one side only (the same entry, first made at the same "
        "moment): which version was kept (the newer) and what the other held",
    )
    height_added: bool = Field(
        default=False, description="The file gave the person their height (counted in added.settings)"
    )
    details_added: bool = Field(
        default=False,
        description="The file gave the person the details a clinic matches its record by (name, birth "
        "date, gender, clinic number)",
    )


class EverydayDayOut(BaseModel):
    """One day of everyday walking from a phone (``services.everyday``); null: not measured that day."""

    id: int
    person_id: int = Field(..., description="Whose record this is (an id of GET /api/people)")
    day: str = Field(..., description="The local day, YYYY-MM-DD")
    source: str = Field(..., description="Where it came from: apple_health")
    counted_by: str | None = Field(description="The device or app whose steps and distance were kept")
    steps: int | None
    distance_m: float | None
    walking_speed_mps: float | None
    step_length_m: float | None
    asymmetry_fraction: float | None = Field(description="Share of steps with uneven timing, 0-1")
    double_support_fraction: float | None = Field(description="Share of the gait cycle on both feet, 0-1")
    six_minute_walk_m: float | None = Field(description="The phone's estimate, not a test")
    imported_at: str
    notice: str = Field(RECORD_NOT_A_DIAGNOSIS, description="That this is not a diagnosis")


class EverydayImportOut(BaseModel):
    """What an import did: days added, updated and already there, and what was read and chosen."""

    file_name: str
    added: int
    updated: int
    unchanged: int
    first_day: str | None
    last_day: str | None
    notes: list[str]


class ErrorOut(BaseModel):
    detail: str


__all__ = [
    "AnswersIn",
    "AssessmentCreate",
    "AssessmentOut",
    "AssessmentSummaryOut",
    "Day",
    "DeletedOut",
    "DiaryEntryIn",
    "DiaryEntryOut",
    "ErrorOut",
    "EverydayDayOut",
    "EverydayImportOut",
    "FormCentimetres",
    "FormNumber",
    "JsonCentimetres",
    "PersonChange",
    "PersonIn",
    "PersonOut",
    "PlanOut",
    "ProgressOut",
    "QuestionOut",
    "RestoredOut",
    "ResultOut",
    "VersionOut",
    "WalkOut",
    "documented",
]
