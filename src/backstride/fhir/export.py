"""backstride's "all data" export as one FHIR R4 (4.0.1) Bundle: a pure mapping, checked before return.

``export_bundle(document)`` takes the document ``Records.export_all()`` makes (plain JSON data) and
returns a Bundle of type ``collection`` (a JSON-able dict):

- one ``Device``: backstride, with its package version, the knowledge-base version(s) and the gait
  algorithm version(s) the exported results were made with, and the export's notice;
- one ``Patient`` (RiskAssessment needs a subject), left out when nothing was exported. Its
  ``name``: the person's label in the people feature (a name, initials or a clinic number: what
  the app's users call them, as ``text``, ``use`` usual), left out for the automatic "Me" of a home
  install or a file from before people were kept. What a clinic matches it by, each only when it
  was given (format 9, ``services.people.IDENTITY_FIELDS``): the clinic's number as an
  ``identifier`` (type HL7 v2-0203 ``MR``, with its ``system`` when given), the full name (``use``
  official, before the label; the label is not said again when it is the full name), ``gender``
  (R4's administrative gender code) and ``birthDate``;
- per walking recording an ``Observation`` of its summary (SI units, UCUM codes), dated when it was
  recorded (``effectiveDateTime``: the recording's start, else when it was sent; ``issued``: sent),
  with the algorithm parameters, the file's name, size and SHA-256, and its quality flags in notes; an
  ``Observation`` of the walking test (time and distance to the first symptom and to the stop) when it
  has numbers; an
  ``Observation`` per gait factor (present yes/no, the value, the threshold, evidence grade and
  sources). The summary lists the others in ``hasMember``;
- per assessment a ``QuestionnaireResponse`` of its answers ("don't know" is the local code
  ``unknown``; its ``author``, R4's "person who received and recorded the answers", is the staff
  member signed in by name who started the check, as a Reference with a display only, else none) and,
  once it has a result, a ``RiskAssessment``: one prediction per condition with its
  probability and its because-trail (likelihood ratios and source keys) as the rationale, the
  disposition as the mitigation, red flags, reasons for review, conditions that cannot be excluded
  and the examination note in notes; its basis is the answers and the linked walk; and a
  ``CarePlan`` of the relief plan (below);
- per diary entry an ``Observation`` of pain (LOINC 72514-3, 0-10), when given one of walking
  tolerance in minutes, and one per relief step the person ticked that day (format 4, ``tried``;
  below);
- per day of everyday walking (Apple Health, ``everyday_walking``; a document before format 3 has
  none) an ``Observation`` of each measure taken that day, category ``activity``, dated the day
  (``effectiveDateTime``, the person's own day), ``issued`` when it was imported: its steps under
  LOINC 41950-7 "Number of steps in 24 hour Measured" in UCUM ``/d`` (as HL7's Physical Activity
  IG writes a day's steps), with the device whose steps were kept as ``device.display``; its
  distance (m), walking speed (m/s), step length (m), asymmetry and double support (stored as a
  share 0-1, sent in %) and six-minute walk estimate (m) in backstride's own codes. They come after
  everything else, so an export without everyday days is the Bundle it was, byte for byte;
- only when asked (``export_bundle(document, report_pdf=...)``, ``backstride export fhir
  --with-report``), the report for a clinician as a PDF in a ``DocumentReference`` (below).

The report as a DocumentReference. The PDF is made by the caller (``backstride.web.report_pdf``,
from the same person's records) and passed in as bytes; this module only wraps it: ``status``
``current``; ``type`` LOINC 34133-9 "Summary of episode note" (the document type of a summary of
care, as in HL7 US Core's DocumentReference example "episode-summary") with a ``text`` saying what
it is; ``subject`` the Patient (made also for an export with no records); ``author`` the Device;
``date`` the export's time; ``description`` says it is not a diagnosis; one ``content.attachment``
with ``contentType`` ``application/pdf``, ``data`` (base64), ``title``, ``size`` (bytes) and
``hash``: the SHA-1 of the bytes in base64, as R4 defines ``Attachment.hash``. Without it the Bundle
is exactly what it was before the option existed, byte for byte.

The relief steps tried on a diary day. One ``Observation`` per step ticked, next to the entry's pain
and minutes (the same category ``survey``, day, ``issued`` and the Patient as ``performer``): ``code``
backstride's ``relief_step_tried``, ``valueCodeableConcept`` the step (its advice code in
:data:`CODE_SYSTEM` with the plan's title: the code and display the CarePlan's activity for that
advice has, so a system can put the two side by side), and a ``note`` that says what the ticks are
and that a list of days cannot show a step helped. Why this way:

- a "What I tried today" list is a "check all that apply" answer, and HL7 US Core (R4) writes such
  an answer as one survey Observation per choice ticked, with the question as ``code`` and the choice
  as ``valueCodeableConcept`` (its PRAPARE multi-select examples). Each is then a plain code and value
  that a flowsheet shows by day and a search finds (``code`` and ``value-concept``);
- not components of the pain score: R4 gives components for parts of one observation that share its
  meaning (a blood pressure's systolic and diastolic); a step is not part of a pain score, and a
  system that reads 72514-3 would show the steps as part of the score, or drop them. Components of
  a new Observation would be searched only through ``component-value-concept``, which fewer systems
  show;
- not only a ``note``: a note is text a system cannot count or search; several steps are not one
  ``valueCodeableConcept`` either (a CodeableConcept's codings name one concept in several systems);
- not ``Procedure``: R4 allows one done by the patient (its scope names exercise), but a receiving
  system is likely to list it with the procedures of the person's care (operations, therapy), where
  a tick for heat at home would weigh more than it is; the ticks are the person's own report, as the
  pain score is;
- no conclusion: "What seems to help" compares days and cannot show that a step helped, so it stays
  in the report for a clinician with its caveat, and is no resource here.

An entry with no step ticked gives no such Observation, so an export without steps is the Bundle it
was, byte for byte.

How far a check got. A result is stored whenever it is shown, also half-way, so having one does
not make a check finished. ``services.sharing`` adds to each assessment its ``screening``
(``services.interview.screening_state``): whether the interview is complete, and the warning signs
not asked yet and answered "don't know". The QuestionnaireResponse is ``completed`` when the check
is finished as checks.csv and the pages say it: the interview asked everything, or the check was
finished (a finish time kept) before a question was added, which its tag
``finished_before_questions_added`` says was never asked (not when this version cannot replay its
answers); while a warning sign was not asked the RiskAssessment is ``preliminary``, its first
note (after the disposition's, when that is emergency or urgent) says "Not finished" and names
each such sign (its code, how soon to get help if it is true, and its sources), and no CarePlan
is made; a "don't know" sign is named in a note too. Without
``screening`` (a document straight from ``Records.export_all``) a check with a result counts as
finished.

The relief plan as a CarePlan. One per assessment with a result whose warning signs were all asked
(none for a result without a plan):

- ``status`` ``active`` and ``intent`` ``proposal``: R4 defines a proposal as a suggestion made by
  someone or something "that does not have an intention to ensure it occurs and without providing an
  authorization to act". That is what the plan is: advice software gave the person. It is not
  ``plan`` (no one intends to see it carried out) nor ``order`` (nothing is authorised or asked of a
  clinician);
- ``subject`` the Patient, ``created`` the time the result was stored (the assessment's
  ``updated_at``, the RiskAssessment's time), ``author`` and ``contributor`` the Device: no clinician
  wrote or agreed it;
- no ``addresses``: R4 wants a Condition there, and backstride diagnoses none (it ranks possible
  causes in the RiskAssessment), so none is made up. ``supportingInfo`` points to the
  RiskAssessment, the answers and, when linked, the walk's summary;
- ``category`` the local code ``relief_plan`` (no SNOMED code is guessed); a plain ``title`` and
  ``description`` (which says once which article "the article" is: ``knowledge.article``); the
  result's not-a-diagnosis text, the versions it was made with and the gait factors that put items
  first as ``note``;
- one ``activity`` per plan item: each piece of advice (``immediate``, ``home``, ``stretches``, in
  the result's order), each step of the ``timeline`` and the ``see_clinician`` text. Its ``detail``
  has ``status`` ``not-started``, no ``kind`` (R4's kinds are request resources: Appointment,
  ServiceRequest, Task and the like, and advice is none of them), ``code`` the advice's code in
  :data:`CODE_SYSTEM` with its title as display (``timeline_step`` and ``see_clinician`` for the
  others), the Patient as ``performer``, the timing as ``scheduledString``, and for advice the
  walk's gait-factor Observation that put it in the plan as ``reasonReference``. Last, each piece of
  the article's advice an urgent or emergency plan leaves until a clinician has seen the person
  (``relief.plan.held_for_later``): ``status`` ``on-hold`` and ``doNotPerform`` true (not to do
  while this plan stands; R4 reads an activity without it as one to do), its code and title,
  "Not for now: ..." with the reason, its evidence grade and the keys of what made it urgent.

Where the evidence goes. ``detail.description`` is the advice the person got: the text, the
timing, a stretch's numbered steps and "stop if", why it is in this plan, and its source keys, said
about the person ("Tighten their tummy muscles"), as the report says it.
The evidence for it (the grade in words and as backstride's code, the evidence note, which says
where studies disagree with the article, e.g. that a cane did not help people walk further, and the
source keys again) is the activity's ``progress`` Annotation, written by the Device. R4 gives an
activity no other note (``CarePlan.note`` belongs to the whole plan), and a receiving system shows
``progress`` with its activity. The keys are in both texts so that neither, read alone, loses them.
A timeline step cites the keys the result gives it. The see-clinician text, for which the result
gives none, cites those of what relief.plan writes it from: the disposition (its sources in the
knowledge base), the likeliest cause's hint for the clinician (that cause's evidence) and the causes
still to rule out (their sources).

Codes. LOINC 72514-3 (verified in HL7 Europe examples) and 41950-7 (in HL7's US Physical Activity
IG) are the codes taken from a public terminology; HL7's observation-category codes (``survey``,
``activity``) and UCUM units are used as published. For a day's mean walking speed (LOINC's
41956-4 is the day's maximum), step length, asymmetry, double support and distance from a phone no
LOINC code could be verified, and LOINC's six-minute walk codes are for a test done, not Apple's
estimate; HL7's Personal Health Records IG gives these HealthKit measures codes of its own, and so
does backstride. Every other code is backstride's own, in the one code system :data:`CODE_SYSTEM`,
with a display and a ``text``: no LOINC or SNOMED code is guessed.

"Not a diagnosis". R4 has no Bundle-level note, so the export's notice is a note on the Device
(always in the Bundle, even an empty one). Every resource that carries a backstride conclusion says
it too: each RiskAssessment and CarePlan and each gait Observation. A record in a clinic's system is
read by clinicians, so these lines speak about the person (:data:`NOTICE`, :data:`RESULT_NOTICE`,
:data:`GAIT_NOTICE`), not to them as the app's pages and the JSON export do ("helps you and your
clinician think"): the same meaning, not a diagnosis and never in place of an examination. So do
the other texts the knowledge writes to the person, by the report's rule (``core.voice``): the
RiskAssessment's notes ("Give them a copy of this summary"), the gait factors' explanations ("Their steps
were ..."), the CarePlan's activities and a tried step's title. The diary and the answers are the
person's own reports, not conclusions, and keep their words (the questions as the person was asked
them; a QuestionnaireResponse has no note in R4).

Ids. Every entry's fullUrl is ``urn:uuid:`` + a UUID 5 of a namespace made from the document's content
(without ``exported_at``) and a name such as ``diary/3/pain``; the resource's id is the same UUID. The
same data gives the same Bundle, byte for byte, and two people's exports do not share ids (a fixed
namespace would give both the same ``diary/1``). Records keep their backstride ids in ``identifier``
(system :data:`RECORD_SYSTEM`).

Versions travel with results: the RiskAssessment's ``method.text`` names the package and knowledge
versions and the engine parameters; each gait Observation's ``method.text`` the package and gait
algorithm versions, and the summary's notes hold the algorithm parameters.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import fields
from typing import Any

from backstride.core.acting import RESTORED_VIA
from backstride.core.chances import percent
from backstride.core.errors import InputError
from backstride.core.export_format import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, not_worked_out
from backstride.core.names import name_key
from backstride.core.voice import about_them_text
from backstride.diary.apple_health import EverydayDay
from backstride.diary.entries import plain_text
from backstride.diary.steps import DiaryStep, diary_steps
from backstride.fhir.r4 import GENDERS, LOINC, OBSERVATION_CATEGORY, UCUM, check_bundle
from backstride.gait.factors import NOT_JUDGED_AWAY, as_judged, said_now, shown, stored_not_at_lower_back
from backstride.gait.result import recording_start
from backstride.knowledge import KnowledgeBase, load_knowledge
from backstride.knowledge.article import the_article_words
from backstride.knowledge.questions import QuestionBank, load_questions
from backstride.relief.plan import held_for_later, level_means, not_for_now, see_clinician_sources

#: backstride's own code system: finding, condition, gait factor and measurement codes, and
#: ``unknown`` ("don't know"). Its codes are the knowledge base's, or named in this module.
CODE_SYSTEM = "urn:backstride:code"
#: The system of the ``identifier`` that holds a record's backstride id ("diary_entry/3").
RECORD_SYSTEM = "urn:backstride:record"
#: The LOINC code of the report's document type (HL7 US Core's DocumentReference example uses it).
SUMMARY_LOINC = "34133-9"
SUMMARY_LOINC_DISPLAY = "Summary of episode note"
REPORT_TITLE = "backstride report for a clinician (PDF)"
REPORT_DESCRIPTION = (
    "Report for a clinician made by backstride, software, from the person's own answers, diary and "
    "walks: the latest check, how soon to be seen, possible causes with their evidence, advice, the "
    "diary and the walks. Not a diagnosis: it helps the person and their clinician think, and never "
    "replaces an examination."
)
#: The "not a diagnosis" lines, said to the clinicians who read the record (the stored texts say
#: "you" to the person): the Device's, each RiskAssessment's and CarePlan's, each gait Observation's.
NOTICE = (
    "This is not a diagnosis. backstride, software, made this record from the person's own answers, "
    "diary and walks to help them and their clinician think; it never replaces an examination."
)
RESULT_NOTICE = (
    "This is not a diagnosis. It is a guide, worked out by software from the person's answers, to help "
    "them and their clinician think about what may be going on and what to do next; it never replaces "
    "an examination."
)
GAIT_NOTICE = "These numbers describe how the person walked in this recording. They are not a diagnosis."


def _about(text: str | None) -> str | None:
    """A knowledge text written to the person ("Take this summary with you") said about them to the
    clinicians who read the record ("with them"), by the report's rule (``core.voice``)."""
    return about_them_text(text) if text else text


#: The LOINC code of a diary's pain score: "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
PAIN_LOINC = "72514-3"
PAIN_LOINC_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"

#: The LOINC code of a day's step count (as HL7's Physical Activity IG uses it, with UCUM ``/d``).
STEPS_LOINC = "41950-7"
STEPS_LOINC_DISPLAY = "Number of steps in 24 hour Measured"

#: The code of a relief step tried on a diary day (backstride's own; the step is its advice code).
TRIED_CODE = "relief_step_tried"
TRIED_DISPLAY = "Relief step the person tried that day"
TRIED_NOTE = (
    'What the person ticked in their diary under "What I tried today": steps from their relief plan '
    "that they can do on their own. A list of days cannot show that a step helped: other things "
    "change from day to day, and people often try more on bad days."
)

# Fixed namespace of every backstride FHIR id (a random UUID drawn once; never change it).
_NAMESPACE = uuid.UUID("5b0f1d36-8f5e-4c1e-9a8e-3c2d7f4a9b61")

_TOP_KEYS = (
    "format",
    "format_version",
    "exported_at",
    "package_version",
    "notice",
    "assessments",
    "gait_recordings",
    "diary_entries",
)
_RECORD_KEYS: Mapping[str, tuple[str, ...]] = {
    "assessments": (
        "id",
        "mode",
        "answers",
        "result",
        "knowledge_version",
        "package_version",
        "gait_recording_id",
        "created_at",
        "updated_at",
    ),
    "gait_recordings": (
        "id",
        "original_filename",
        "source_format",
        "size_bytes",
        "sha256",
        "result",
        "findings",
        "algorithm_parameters",
        "package_version",
        "created_at",
    ),
    "diary_entries": (
        "id",
        "entry_date",
        "pain_0_10",
        "walking_tolerance_min",
        "notes",
        "created_at",
        "updated_at",
    ),
}
_DICT_KEYS = {"answers", "findings", "algorithm_parameters"}
# a day of everyday walking (format 3 on; an older document has none): the reader's day, where from
# and when it was imported
_EVERYDAY_KEYS = (*(f.name for f in fields(EverydayDay)), "source", "imported_at")

# The numbers of a walk's summary: (path in the gait result's summary, display, (unit shown, UCUM code)).
# A UCUM code of None means a count (valueInteger).
_SUMMARY: tuple[tuple[str, str, tuple[str, str] | None], ...] = (
    ("n_bouts", "Walking bouts", None),
    ("total_steps", "Steps", None),
    ("total_walking_s", "Walking time", ("s", "s")),
    ("total_distance_m", "Distance walked", ("m", "m")),
    ("cadence_spm", "Cadence", ("steps/min", "/min")),
    ("walking_speed_mps", "Walking speed", ("m/s", "m/s")),
    ("stride_length_m", "Stride length", ("m", "m")),
    ("step_time_asymmetry_pct", "Step-time asymmetry (left and right)", ("%", "%")),
    ("pelvis.tilt_rom_deg", "Pelvis tilt range per stride", ("deg", "deg")),
    ("pelvis.obliquity_rom_deg", "Pelvis obliquity range per stride", ("deg", "deg")),
    ("pelvis.rotation_rom_deg", "Pelvis rotation range per stride", ("deg", "deg")),
    (
        "trunk_flexion_mean_deg",
        "Forward lean of the lower back while walking, relative to standing",
        ("deg", "deg"),
    ),
    ("impact_peak_g", "Peak landing jolt", ("g", "[g]")),
)
_TOLERANCE: tuple[tuple[str, str, tuple[str, str]], ...] = (
    ("time_to_first_symptom_s", "Walking time to the first symptom", ("s", "s")),
    ("distance_to_first_symptom_m", "Distance to the first symptom", ("m", "m")),
    ("time_to_stop_s", "Walking time to the stop", ("s", "s")),
    ("distance_to_stop_m", "Distance to the stop", ("m", "m")),
    ("longest_bout_s", "Longest walking bout", ("s", "s")),
    ("longest_bout_m", "Longest walking bout, distance", ("m", "m")),
)
# a gait factor not judged (``present`` null): FHIR's data-absent-reason, with backstride's words
_NOT_JUDGED = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
            "code": "unknown",
            "display": "Unknown",
        }
    ],
    "text": "Not judged",
}

# A gait factor's unit as the gait result writes it -> (unit shown, UCUM code); other units are text only.
_FACTOR_UCUM: Mapping[str, tuple[str, str]] = {"m/s": ("m/s", "m/s"), "deg": ("deg", "deg"), "%": ("%", "%")}


# The measures of a day of everyday walking after its steps: (stored column, backstride code, display,
# (unit shown, UCUM code), factor to the unit shown). No LOINC code fits them: LOINC's walking speed
# of a day is its maximum (41956-4), Apple's the mean of its steady walks; and the six-minute walk
# distance is a test done, Apple's an estimate. So they are backstride's own codes, as HL7's
# Personal Health Records IG gives these HealthKit measures codes of its own.
_EVERYDAY: tuple[tuple[str, str, str, tuple[str, str], int], ...] = (
    ("distance_m", "everyday_distance", "Distance walked and run in the day (phone or watch)", ("m", "m"), 1),
    (
        "walking_speed_mps",
        "everyday_walking_speed",
        "Walking speed: mean of the day's steady walks on flat ground (iPhone)",
        ("m/s", "m/s"),
        1,
    ),
    (
        "step_length_m",
        "everyday_step_length",
        "Step length: mean of the day's steady walks on flat ground (iPhone)",
        ("m", "m"),
        1,
    ),
    (
        "asymmetry_fraction",
        "everyday_walking_asymmetry",
        "Walking asymmetry: share of steps whose timing differs from the next, mean of the day (iPhone)",
        ("%", "%"),
        100,
    ),
    (
        "double_support_fraction",
        "everyday_double_support",
        "Double support: share of the walking cycle on both feet, mean of the day (iPhone)",
        ("%", "%"),
        100,
    ),
    (
        "six_minute_walk_m",
        "everyday_six_minute_walk_estimate",
        "Six-minute walk distance estimated from everyday walking (Apple Watch), not a test done",
        ("m", "m"),
        1,
    ),
)
_SOURCE_NAMES = {"apple_health": "Apple Health"}


# ------------------------------------------------------------------------------------------ input


def _need(record: Mapping[str, Any], keys: Sequence[str], where: str) -> None:
    for key in keys:
        if key not in record:
            raise InputError(f"not a backstride export: {where} has no key {key!r}")


def _checked(document: object) -> Mapping[str, Any]:
    """The export document, after the checks that the mapping relies on (InputError naming the key)."""
    if not isinstance(document, Mapping):
        raise InputError(
            "not a backstride export: expected the JSON object Records.export_all() makes, "
            f"got {type(document).__name__}"
        )
    _need(document, _TOP_KEYS, "the document")
    if document["format"] != EXPORT_FORMAT:
        raise InputError(
            f"not a backstride export: format is {document['format']!r}, expected {EXPORT_FORMAT!r}"
        )
    # format 1 (before people were kept) has the same records, without the document's person
    # 3: everyday walking; 4: the steps tried on a diary day (``tried``; none before); 5: a check's
    # finished_at (the answers' authored time); 6: a diary entry's earlier_versions (not in the Bundle:
    # it carries each entry as it is now)
    # 7: a check's walk_deleted, 8: its result_before (neither in the Bundle); 9: the person's details
    # a clinic matches by (the Patient's); 10: a check's walks_deleted_before (not in the Bundle); 11: who
    # sent each walk and a deletion note's after (neither in the Bundle); 12: who started each check (the
    # answers' author, when a staff member was signed in by name); 13: a deletion note's time_zone (not
    # in the Bundle)
    if document["format_version"] not in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, EXPORT_FORMAT_VERSION):
        raise InputError(
            f"format_version {document['format_version']!r} of the export is not supported "
            f"(expected 1 to {EXPORT_FORMAT_VERSION})"
        )
    for kind, keys in _RECORD_KEYS.items():
        records = document[kind]
        if not isinstance(records, list):
            raise InputError(
                f"not a backstride export: {kind} is a {type(records).__name__}, expected a list"
            )
        for index, record in enumerate(records):
            where = f"{kind}[{index}]"
            if not isinstance(record, Mapping):
                raise InputError(
                    f"not a backstride export: {where} is a {type(record).__name__}, expected an object"
                )
            _need(record, keys, where)
            for key in _DICT_KEYS & set(keys):
                if not isinstance(record[key], Mapping):
                    raise InputError(f"not a backstride export: {where}.{key} is not an object")
            if (
                "result" in keys
                and record["result"] is not None
                and not isinstance(record["result"], Mapping)
            ):
                raise InputError(f"not a backstride export: {where}.result is not an object")
            if "screening" in record and not isinstance(record["screening"], Mapping):
                raise InputError(f"not a backstride export: {where}.screening is not an object")
            tried = record.get("tried") if kind == "diary_entries" else None
            if tried is not None and (
                not isinstance(tried, list) or not all(isinstance(c, str) and c for c in tried)
            ):
                raise InputError(f"not a backstride export: {where}.tried is not a list of step codes")
    everyday = document.get("everyday_walking", [])
    if not isinstance(everyday, list):
        raise InputError(
            f"not a backstride export: everyday_walking is a {type(everyday).__name__}, expected a list"
        )
    for index, day in enumerate(everyday):
        if not isinstance(day, Mapping):
            raise InputError(
                f"not a backstride export: everyday_walking[{index}] is a {type(day).__name__}, "
                "expected an object"
            )
        _need(day, _EVERYDAY_KEYS, f"everyday_walking[{index}]")
    walk_ids = {w["id"] for w in document["gait_recordings"]}
    for index, a in enumerate(document["assessments"]):
        if a["gait_recording_id"] is not None and a["gait_recording_id"] not in walk_ids:
            raise InputError(
                f"not a consistent backstride export: assessments[{index}].gait_recording_id "
                f"{a['gait_recording_id']!r} is not among gait_recordings"
            )
    return document


# ---------------------------------------------------------------------------------------- helpers


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | dict) and not value)


def _clean(value: Any) -> Any:
    """``value`` without None, empty strings, lists and objects (R4 JSON has none of them)."""
    if isinstance(value, Mapping):
        out = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in map(_clean, value) if not _empty(v)]
    return value


DIARY_WALKING_DISPLAY = (
    "Minutes of walking before the pain started, from the diary (not until it forced a stop)"
)


def _local(code: str, display: str, version: str | None = None) -> dict[str, Any]:
    """A CodeableConcept of backstride's own code system (display and text both say what it is)."""
    coding = {"system": CODE_SYSTEM, "version": version, "code": code, "display": display}
    return {"coding": [coding], "text": display}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _quantity(value: float, unit: tuple[str, str] | None) -> dict[str, Any]:
    if unit is None:
        return {"value": value}
    shown, ucum = unit
    return {"value": value, "unit": shown, "system": UCUM, "code": ucum}


def _sources(keys: Sequence[str]) -> str:
    return f"[{', '.join(keys)}]" if keys else ""


def _plain(value: Any) -> Any:
    """``value`` with every string's control characters dropped (tab and line breaks kept): R4 strings
    forbid them, and a note restored from an older backstride may hold a pasted ESC or BEL."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _note(*texts: str | None) -> list[dict[str, str]]:
    kept = (plain_text(t).strip() for t in texts if t)
    return [{"text": t} for t in kept if t]


def _dig(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Ids:
    """Deterministic urn:uuid names: UUID 5 of a namespace made from the document and a local name."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        content = {k: v for k, v in document.items() if k != "exported_at"}
        digest = hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")
        ).hexdigest()
        self.namespace = uuid.uuid5(_NAMESPACE, digest)

    def id(self, name: str) -> str:
        return str(uuid.uuid5(self.namespace, name))

    def url(self, name: str) -> str:
        return f"urn:uuid:{self.id(name)}"

    def ref(self, name: str, display: str | None = None) -> dict[str, str]:
        return _clean({"reference": self.url(name), "display": display})

    def entry(self, name: str, resource: Mapping[str, Any]) -> dict[str, Any]:
        body = {k: v for k, v in resource.items() if k != "resourceType"}
        return {
            "fullUrl": self.url(name),
            "resource": _clean({"resourceType": resource["resourceType"], "id": self.id(name), **body}),
        }


def _identifier(name: str) -> dict[str, str]:
    return {"system": RECORD_SYSTEM, "value": name}


# ----------------------------------------------------------------------------------------- device


def _device(document: Mapping[str, Any], ids: _Ids) -> dict[str, Any]:
    knowledge = sorted(
        {
            v
            for a in document["assessments"]
            for v in (a["knowledge_version"], (a["result"] or {}).get("knowledge_version"))
            if v
        }
    )
    gait = sorted(
        {str(w["algorithm_parameters"].get("algorithm_version") or "") for w in document["gait_recordings"]}
    )
    versions = [
        {
            "type": _local("package_version", "backstride package version"),
            "value": document["package_version"],
        },
        *({"type": _local("knowledge_version", "Knowledge base version"), "value": v} for v in knowledge),
        *(
            {"type": _local("gait_algorithm_version", "Gait algorithm version"), "value": v}
            for v in gait
            if v
        ),
    ]
    return ids.entry(
        "device",
        {
            "resourceType": "Device",
            "status": "active",
            "deviceName": [{"name": "backstride", "type": "model-name"}],
            "type": _local("software", "Software: help for lower back pain when walking (not a diagnosis)"),
            "version": versions,
            "note": _note(NOTICE),
        },
    )


# ------------------------------------------------------------------------------------------- walk


def _walk_method(walk: Mapping[str, Any]) -> dict[str, str]:
    version = walk["algorithm_parameters"].get("algorithm_version") or "unknown gait algorithm"
    return {
        "text": f"backstride {walk['package_version']}, {version}, from a sensor or phone at the lower back"
    }


def _quality(walk_result: Mapping[str, Any]) -> str | None:
    """Every quality flag of a gait result in words (summary, bouts, walking test, alignment, notes)."""
    flags: list[str] = []
    summary = walk_result.get("summary") or {}
    flags += [f"trunk_flexion_mean_deg: {q}" for q in summary.get("trunk_flexion_quality") or ()]
    for index, bout in enumerate(walk_result.get("walking_bouts") or ()):
        for key, values in (bout.get("quality") or {}).items():
            flags += [f"bout {index + 1} {key}: {v}" for v in values]
    flags += [f"walking test: {q}" for q in (walk_result.get("walking_tolerance") or {}).get("quality") or ()]
    flags += [f"sensor alignment: {q}" for q in (walk_result.get("alignment") or {}).get("quality") or ()]
    flags += [said_now(str(n)) for n in walk_result.get("notes") or ()]  # a walk stored before: today's words
    return f"Quality flags: {'; '.join(flags)}." if flags else None


def _walked_at(walk: Mapping[str, Any]) -> str:
    """When the walk was (``effectiveDateTime``): its recording's start, as its file says, else when it
    was sent, as the app's pages date it (``WalkView.walked_at``); ``issued`` stays when it was sent."""
    recorded = recording_start(walk["result"] or {})
    return recorded.isoformat() if recorded is not None and recorded.tzinfo else str(walk["created_at"])


def _walk(walk: Mapping[str, Any], ids: _Ids) -> Iterator[dict[str, Any]]:
    name = f"gait_recording/{walk['id']}"
    # a walk not worn at the lower back (also a pocket walk stored before the tilt check): no speed,
    # stride length or distance, as its page shows them, and the summary's note says why
    away = stored_not_at_lower_back(walk["result"] or {})
    result = as_judged(walk["result"] or {})
    summary = result.get("summary") or {}
    common = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category("activity", "Activity"),
        "subject": ids.ref("patient"),
        "effectiveDateTime": _walked_at(walk),
        "issued": walk["created_at"],
        "device": ids.ref("device", "backstride"),
        "method": _walk_method(walk),
    }
    members: list[dict[str, Any]] = []

    tolerance = result.get("walking_tolerance") or {}
    components = [
        {"code": _local(code, display), "valueQuantity": _quantity(tolerance[code], unit)}
        for code, display, unit in _TOLERANCE
        if _number(tolerance.get(code))
    ]
    if components:
        test = walk["algorithm_parameters"].get("walking_test") or {}
        marks = ", ".join(f"{k} {v}" for k, v in test.items() if v is not None)
        members.append(
            ids.entry(
                f"{name}/walking_test",
                {
                    **common,
                    "identifier": [_identifier(f"{name}/walking_test")],
                    "code": _local(
                        "walking_test", "Walking test: time and distance to the first symptom and to the stop"
                    ),
                    "component": components,
                    "note": _note(
                        f"From the walk and the times the person gave ({marks})." if marks else None,
                        f"Sources: {_sources(tolerance['sources'])}." if tolerance.get("sources") else None,
                        GAIT_NOTICE,
                    ),
                },
            )
        )

    for factor in result.get("gait_factors") or ():
        code = factor["code"]
        known = load_knowledge().gait_factors.get(code)
        unit = str(factor.get("unit") or "")
        value = factor.get("value")
        threshold = "; ".join(f"{k} {v}" for k, v in (factor.get("threshold") or {}).items())
        members.append(
            ids.entry(
                f"{name}/gait_factor/{code}",
                {
                    **common,
                    "identifier": [_identifier(f"{name}/gait_factor/{code}")],
                    "code": _local(code, known.text if known else code),
                    # not judged (present null: a sensor away from the lower back, a lean not read)
                    # is no "false": no value, and why it is absent (the note says it in words)
                    "valueBoolean": None if factor.get("present") is None else bool(factor["present"]),
                    "dataAbsentReason": _NOT_JUDGED if factor.get("present") is None else None,
                    "component": [
                        {
                            "code": _local("gait_factor_value", "Measured value"),
                            "valueQuantity": {
                                **_quantity(value, _FACTOR_UCUM.get(unit)),
                                "unit": unit or None,
                            },
                        }
                    ]
                    if _number(value)
                    else None,
                    "note": _note(
                        _about(factor.get("explanation")),
                        f"Threshold: {threshold}." if threshold else None,
                        f"Evidence: {factor['evidence_grade']}." if factor.get("evidence_grade") else None,
                        f"Sources: {_sources(factor.get('sources') or ())}."
                        if factor.get("sources")
                        else None,
                        f"Quality flags: {'; '.join(factor['quality'])}." if factor.get("quality") else None,
                        GAIT_NOTICE,
                    ),
                },
            )
        )

    components = []
    for path, display, summary_unit in _SUMMARY:
        value = _dig(summary, path)
        if _number(value):
            number = (
                {"valueInteger": value}
                if summary_unit is None
                else {"valueQuantity": _quantity(value, summary_unit)}
            )
            components.append({"code": _local(path.replace(".", "_"), display), **number})
    findings = ", ".join(f"{k} = {json.dumps(v)}" for k, v in walk["findings"].items())
    parameters = json.dumps(walk["algorithm_parameters"], sort_keys=True, separators=(",", ":"))
    rate, duration = result.get("sampling_rate_hz"), result.get("duration_s")
    summary_entry = ids.entry(
        name,
        {
            **common,
            "identifier": [_identifier(name)],
            "code": _local("gait_summary", "Walking recording from a sensor at the lower back: summary"),
            "component": components,
            "hasMember": [{"reference": m["fullUrl"]} for m in members],
            "note": _note(
                GAIT_NOTICE,
                f"{NOT_JUDGED_AWAY[0].upper()}{NOT_JUDGED_AWAY[1:]}." if away else None,
                f"Recording {walk['original_filename']} ({walk['source_format']}, "
                f"{walk['size_bytes']} bytes, SHA-256 {walk['sha256']}), {duration} s at {rate} Hz, "
                f"body height {walk.get('height_cm')} cm.",
                _quality(result),
                f"Findings passed to the assessment: {findings}." if findings else None,
                f"Algorithm parameters (JSON): {parameters}",
            ),
        },
    )
    yield summary_entry
    yield from members


# ------------------------------------------------------------------------------------- assessment


def _answer(code: str, value: Any, kb: KnowledgeBase, labels: Mapping[str, str]) -> dict[str, Any]:
    if value is None:
        return {"valueCoding": {"system": CODE_SYSTEM, "code": "unknown", "display": "Don't know"}}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    finding = kb.findings.get(code)
    if isinstance(value, str) and finding is not None and finding.kind == "enum":
        label = labels.get(value, value)
        return {"valueCoding": {"system": CODE_SYSTEM, "code": f"{code}.{value}", "display": label}}
    return {"valueString": str(value)}


def _item_text(code: str, kb: KnowledgeBase, questions: QuestionBank) -> tuple[str, Mapping[str, str]]:
    """The question a finding was asked by (a checklist's item label after its question), and the
    question's answer labels; else the finding's meaning; else the code."""
    question = questions.code_to_question().get(code)
    if question is not None:
        if len(question.codes) > 1:
            return f"{question.text} {question.labels.get(code, code)}", {}
        return question.text, question.labels
    finding = kb.findings.get(code)
    return (finding.means if finding else code), {}


def _chance(probability: Any) -> str:
    """A cause's probability as the result page says it, with the stored decimal beside it for a
    system that reads numbers: "79% (0.7947)"."""
    return f"{percent(float(probability))} ({probability})" if probability is not None else "not known"


def _lift(ratio: Any) -> str:
    """A floor's lift of the odds (a float the engine worked out: 192.15975719631066) as the result
    page says it ("192.16": two decimals, a half away from zero, no trailing zeros)."""
    text = shown(float(ratio), 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _rules_fired(result: Mapping[str, Any]) -> frozenset[str]:
    """The codes of the rules the stored ``result`` fired (its red flags and reasons for review), as it
    was worked out: a rule renamed or dropped by a later knowledge base is still one."""
    hits = [*(result.get("red_flags") or ()), *(result.get("reasons_for_review") or ())]
    return frozenset(str(h["code"]) for h in hits if isinstance(h, Mapping) and "code" in h)


def _rationale(condition: Mapping[str, Any], n_causes: int, rules: Collection[str]) -> str:
    """How the differential got to a cause's probability, in words a clinician can check: what the
    number is (a share of the causes weighed, which add up to 100%, not a stand-alone post-test
    probability), where it started (the prior), each answer's likelihood ratio with its finding key,
    value and source keys, and a red-flag rule's floor said as the floor it is (not a likelihood ratio).
    Said from the stored result alone (``rules``: the codes of the rules it fired, ``_rules_fired``), as
    it was worked out with its own knowledge version: a floor's step enters the trail under its rule's
    code (``engine._apply_floors``), and the cause it lifted ends at that floor, its probability."""
    parts = []
    for step in condition.get("because") or ():
        if str(step["finding"]) in rules:  # engine._apply_floors
            # the floor's own note says where the floor comes from, in its own words: a share among
            # people referred with the signs (cauda equina), in primary care (cancer), or a judgement
            # (artery signs); said as that, never as this person's chance of the cause on its own
            came_from = f"; the rule takes that floor from “{step['note']}”" if step.get("note") else ""
            parts.append(
                f"rule {step['finding']} fired, so this cause's share was raised to the floor that rule "
                f"sets, {_chance(condition.get('probability'))} (odds multiplied by "
                f"{_lift(step['likelihood_ratio'])}){came_from}; the floor is the lowest this cause's "
                f"share can be among the causes weighed, not its chance on its own "
                f"{_sources(step.get('sources') or ())}".rstrip()
            )
            continue
        how = " (set by judgement)" if step.get("judgement") else ""
        parts.append(
            f"{step.get('note') or step['finding']} ({step['finding']} = {json.dumps(step.get('value'))}): "
            f"likelihood ratio {step['likelihood_ratio']}{how} {_sources(step.get('sources') or ())}".rstrip()
        )
    text = (
        f"Probability {_chance(condition.get('probability'))}: this cause's share among the {n_causes} "
        f"causes backstride weighs, whose probabilities add up to 100%. It ranks the causes against "
        f"each other; it is not the chance of this cause on its own. "
    )
    prior = condition.get("prior")
    if prior is not None:
        text += f"Prior probability (before any answer): {_chance(prior)}. "
    if parts:
        text += (
            "Each answer multiplied its odds by its likelihood ratio; then each cause's odds were "
            "divided by the sum of all the causes' odds, so the probabilities add up to 100%. Because: "
            + "; ".join(parts)
            + "."
        )
    else:  # its odds are its prior's, but not its share: the others' odds move it (prior 5%, share 3%)
        text += (
            "No answer has a likelihood ratio for this cause, so its odds stayed those of its prior; its "
            "share is those odds divided by the sum of all the causes' odds, so it moved as the others' "
            "odds did."
        )
    if condition.get("evidence"):
        text += f" Evidence: {_sources(condition['evidence'])}."
    return text


def _rule(kind: str, hit: Mapping[str, Any]) -> str:
    findings = ", ".join(hit.get("findings") or ()) or "none"
    chronic = " (long-standing)" if hit.get("chronic") else ""
    return (
        f"{kind} {hit['code']} (rule {hit['code']}){chronic}: {hit.get('message')} Findings: {findings}. "
        f"Condition: {hit.get('condition')}. Disposition: {hit.get('disposition')}. "
        f"Sources: {_sources(hit.get('sources') or ()) or 'none'}."
    )


def _signs(signs: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(
        f"{s['text']} ({s['code']}; if true: {s['disposition']}"
        + (f" {_sources(s['sources'])})" if s.get("sources") else ")")
        for s in signs
    )


def _screening_notes(screening: Mapping[str, Any] | None, raised: bool, *, added: bool = False) -> list[str]:
    """What the result page says at the top: warning signs not asked, or not known. ``raised``: a
    warning sign already fired (its disposition comes first and is never lowered). ``added``: the check
    was finished before those signs were asked (``_added_since``): said so, as History says it."""
    if not screening:
        return []
    texts = []
    if screening.get("answers_problem"):  # stored by a version with other questions
        texts.append(f"Not checked by this version: {screening['answers_problem']}.")
    if screening["warning_signs_not_asked"]:
        why = (
            "which can never lower the disposition above" if raised else "so this result is not an all-clear"
        )
        said = (
            "Finished before these warning signs were asked (added since)"
            if added
            else "Not finished: these warning signs were not asked"
        )
        texts.append(f"{said}, {why}: {_signs(screening['warning_signs_not_asked'])}.")
    if screening["warning_signs_dont_know"]:
        texts.append(
            'Warning signs answered "don\'t know" (the result counts them as unknown, not as absent): '
            f"{_signs(screening['warning_signs_dont_know'])}."
        )
    return texts


def _added_since(assessment: Mapping[str, Any], screening: Mapping[str, Any] | None) -> bool:
    """Finished (a finish time kept) before a question the interview now asks was added, as History and
    checks.csv read it (``AssessmentView.new_question``); never one this version cannot replay."""
    return bool(
        screening
        and assessment.get("finished_at")
        and not screening["complete"]
        and not screening["answers_problem"]
    )


def _mitigation(result: Mapping[str, Any], kb: KnowledgeBase, made_with: str) -> str | None:
    """What must be done now, in today's words for the stored level and the rules that set it (a safety
    line: an aneurysm's result stored before knowledge 1.32.0 said the general "Go to an emergency
    department ...", which a person with a leaking aneurysm may read as "drive yourself there"). The
    level is the stored one, never another; when the words have changed, the stored ones follow with the
    knowledge base that said them, so the record keeps them. A level today's knowledge does not know
    keeps its stored words."""
    stored = result.get("disposition_text")
    level = result.get("disposition")
    if not isinstance(level, str) or level not in kb.dispositions:
        return _about(stored)
    today = level_means(level, result.get("disposition_because") or (), kb)
    if not stored or stored == today:
        return _about(today)
    return (
        f"{_about(today)} (In the words of knowledge base {kb.version}. This check was made with "
        f"knowledge base {made_with}, which said: {_about(stored)})"
    )


def _risk_notes(
    result: Mapping[str, Any], screening: Mapping[str, Any] | None, *, added: bool = False
) -> list[dict[str, str]]:
    because = ", ".join(result.get("disposition_because") or ()) or "no rule or condition"
    disposition = (
        f"Disposition: {result['disposition']} (because {because}). "
        f"{result.get('disposition_text') or ''}".strip()
    )
    raised = result["disposition"] in ("emergency", "urgent")
    # as on the result page: an emergency or urgent disposition first, else what was not asked
    texts: list[str | None] = (
        [disposition, *_screening_notes(screening, raised, added=added), RESULT_NOTICE]
        if raised
        else [*_screening_notes(screening, raised, added=added), RESULT_NOTICE, disposition]
    )
    texts += [_rule("Red flag", hit) for hit in result.get("red_flags") or ()]
    texts += [_rule("Reason for review", hit) for hit in result.get("reasons_for_review") or ()]
    texts += [
        f"Cannot exclude {m['code']} (probability {_chance(m.get('probability'))}): {m.get('text')} "
        f"What settles it: {m.get('what_settles_it')} {_sources(m.get('sources') or ())}".strip()
        for m in result.get("cannot_exclude") or ()
    ]
    see = (result.get("plan") or {}).get("see_clinician")
    texts.append(f"When to see a clinician: {see}" if see else None)
    exam = result.get("examination_note")
    if exam:
        tests = ", ".join(e.get("text", e.get("code", "")) for e in exam.get("exams") or ())
        texts.append(
            f"{exam.get('text')} {exam.get('detail')} {tests}. {exam.get('advice')} "
            f"{_sources(exam.get('advice_sources') or exam.get('sources') or ())}".strip()
        )
    return _note(*map(_about, texts))


def _assessment(
    assessment: Mapping[str, Any],
    walks: Mapping[Any, str],
    ids: _Ids,
    kb: KnowledgeBase,
    questions: QuestionBank,
    known: Collection[str],
    made_by: str,
) -> Iterator[dict[str, Any]]:
    """The answers; with a result, the RiskAssessment and the relief plan's CarePlan. ``known``:
    the fullUrls already in the Bundle (the walks' Observations a plan item may point to); ``made_by``:
    the package version that made the export (the one that could not work a check out, if any)."""
    name = f"assessment/{assessment['id']}"
    result = assessment["result"]
    # how far the answers got (services.sharing adds it): a result is stored whenever it is shown,
    # also half-way, so having one does not make a check finished
    screening = assessment.get("screening")
    added = _added_since(assessment, screening)
    # finished as checks.csv and the pages say it: also one finished before a question was added (its
    # person answered all that was asked then; the new question was never asked, as a tag says)
    complete = (bool(screening["complete"]) or added) if screening else result is not None
    unscreened = bool(screening and screening["warning_signs_not_asked"])
    items = []
    for code, value in assessment["answers"].items():
        text, labels = _item_text(code, kb, questions)
        items.append({"linkId": code, "text": text, "answer": [_answer(code, value, kb, labels)]})
    mode = str(assessment["mode"])
    tags = [{"system": CODE_SYSTEM, "code": f"mode_{mode}", "display": f"Answered in {mode} mode"}]
    older = _knowledge_of_now(result, kb, assessment["knowledge_version"])
    if older:  # a check keeps its answers, not the words it asked them in: say whose words these are
        tags.append(
            {
                "system": CODE_SYSTEM,
                "code": "question_words_of_now",
                "display": f"The questions and answer labels here are worded as backstride's questions "
                f"{questions.version} (knowledge base {kb.version}) word them; {older}, whose words may "
                "differ",
            }
        )
    if added:
        tags.append(
            {
                "system": CODE_SYSTEM,
                "code": "finished_before_questions_added",
                "display": f"Finished on {assessment['finished_at']} with the questions of then; a question "
                "added to the check since was never asked (the result's notes name any warning sign "
                "among them)",
            }
        )
    answers = ids.entry(
        f"{name}/answers",
        {
            "resourceType": "QuestionnaireResponse",
            "meta": {"tag": tags},
            "identifier": _identifier(f"{name}/answers"),
            "status": "completed" if complete else "in-progress",
            "subject": ids.ref("patient"),
            # when the answers were last changed: the answer that finished the check (its result may
            # be stored again later, which moves updated_at); else, half-way or older files, updated_at
            "authored": assessment.get("finished_at") or assessment["updated_at"],
            # who started it (format 12), when a staff member was signed in by name: R4's author is the
            # "person who received and recorded the answers"; a name alone, as no Practitioner is kept;
            # none without how it was started, which the report reads as "not recorded" (starter_words)
            **_author(assessment.get("started_by") if assessment.get("started_via") else None, assessment),
            "item": items,
        },
    )
    yield answers
    if result is None:
        unread = not_worked_out(assessment, screening) if screening and screening["answers_problem"] else None
        if unread is not None:  # answers this version cannot replay, no level stored: said, never blank
            yield _unread_risk(name, assessment, answers, unread, ids, made_by)
        return
    knowledge = result.get("knowledge_version") or assessment["knowledge_version"]
    package = result.get("package_version") or assessment["package_version"]
    engine = "; ".join(f"{k}: {v}" for k, v in (result.get("engine_parameters") or {}).items())
    basis = [{"reference": answers["fullUrl"]}]
    if assessment["gait_recording_id"] is not None:
        basis.append({"reference": walks[assessment["gait_recording_id"]]})
    risk = ids.entry(
        f"{name}/result",
        {
            "resourceType": "RiskAssessment",
            "identifier": [_identifier(f"{name}/result")],
            "status": "preliminary" if unscreened else "final",
            "method": {
                **_local("backstride_differential", "backstride red-flag triage and explained differential"),
                "text": f"backstride {package}, knowledge base {knowledge}"
                + (f"; {engine}" if engine else ""),
            },
            "subject": ids.ref("patient"),
            "occurrenceDateTime": assessment["updated_at"],
            "performer": ids.ref("device", "backstride"),
            "basis": basis,
            "prediction": [
                {
                    "outcome": _local(c["code"], c.get("name") or c["code"], knowledge),
                    "probabilityDecimal": c["probability"],
                    "rationale": _rationale(c, len(result.get("conditions") or ()), _rules_fired(result)),
                }
                for c in result.get("conditions") or ()
            ],
            "mitigation": _mitigation(result, kb, knowledge),
            "note": _risk_notes(result, screening, added=added),
        },
    )
    yield risk
    if unscreened:  # no plan of self-care while a warning sign may be present and unasked
        return
    supporting = [risk["fullUrl"], *(b["reference"] for b in basis)]
    plan = _care_plan(assessment, supporting, ids, kb, known)
    if plan is not None:
        yield plan


def _author(staff: Any, assessment: Mapping[str, Any]) -> dict[str, Any]:
    """The QuestionnaireResponse's ``author`` for the staff member who started a check (by name: a
    Reference with its type and display alone); nothing when none was signed in or it was not kept.
    One a restored file names (``started_via`` "file") is said to be named by it."""
    if not isinstance(staff, str) or not staff:
        return {}
    restored = assessment.get("started_via") == RESTORED_VIA
    return {
        "author": {
            "type": "Practitioner",
            "display": f"{staff} (named by a restored file)" if restored else staff,
        }
    }


def _unread_risk(
    name: str, assessment: Mapping[str, Any], answers: Mapping[str, Any], said: str, ids: _Ids, made_by: str
) -> dict[str, Any]:
    """The RiskAssessment of a check this version cannot read and that keeps no level: preliminary,
    with no prediction, its note saying plainly that it could not be worked out (``not_worked_out``,
    with the level its note of a deleted walk kept, if any), so no reader takes it for an all-clear."""
    return ids.entry(
        f"{name}/result",
        {
            "resourceType": "RiskAssessment",
            "identifier": [_identifier(f"{name}/result")],
            "status": "preliminary",
            "method": {
                **_local("backstride_differential", "backstride red-flag triage and explained differential"),
                # the version that could not work it out (not the one that stored the check)
                "text": f"not worked out by backstride {made_by}",
            },
            "subject": ids.ref("patient"),
            "occurrenceDateTime": assessment["updated_at"],
            "performer": ids.ref("device", "backstride"),
            "basis": [{"reference": answers["fullUrl"]}],
            "note": _note(said, RESULT_NOTICE),
        },
    )


# ------------------------------------------------------------------------------------ relief plan

#: An evidence grade in words (knowledge.models.EvidenceGrade; EVIDENCE.md C.1 verdicts).
_GRADES: Mapping[str, str] = {
    "supported": "supported by trials or guidelines",
    "supported_mechanism": "supported for some causes by how it works and by studies",
    "plausible_untested": "plausible and low risk, but not tested in a trial for back pain",
    "insufficient_evidence": "trials cannot yet say whether it helps",
    "not_supported": "a trial or guideline found it does not help",
    "safety": "safety advice, not a treatment",
}


def _grade_words(grade: str, code: str, kb: KnowledgeBase, result: Mapping[str, Any]) -> str:
    """An advice's evidence grade in words with its key: "supported by how it works and by studies
    for ..., codes ... (supported_mechanism)" names the causes it is supported for (the advice's
    ``for_conditions``, with their codes), never "this cause": a record's reader would take it for
    the person's likely cause, which it may not be (advice is given on answers, as leaning forward on
    relief when bending forward, or left for later).

    The grade is the stored ``result``'s, and so is each cause's name where the result weighed that
    cause. Which causes an advice is for the result does not keep: they come from this knowledge base,
    and when the result was made with another one the words say so (``_knowledge_of_now``)."""
    advice = kb.advice.get(code)
    names = {str(c["code"]): str(c["name"]) for c in result.get("conditions") or () if c.get("name")}
    causes = [c for c in (advice.for_conditions if advice else ()) if c in names or c in kb.conditions]
    if grade == "supported_mechanism" and causes:
        named = " and ".join(names.get(c) or kb.conditions[c].name for c in causes)
        codes = " and ".join(causes)
        older = _knowledge_of_now(result, kb)
        lists = f", as knowledge base {kb.version} lists them ({older})" if older else ""
        return f"supported by how it works and by studies for {named}, codes {codes}{lists} ({grade})"
    return f"{_GRADES.get(grade, grade or 'not graded')} ({grade or 'no grade'})"


def _knowledge_of_now(result: Mapping[str, Any] | None, kb: KnowledgeBase, stored: Any = None) -> str:
    """When the stored ``result`` (or a check's ``stored`` version, without one) was worked out with
    another knowledge base than this export's: "this check was made with knowledge base 1.24.0";
    else empty. Words this export takes from its own knowledge base then say which one they are."""
    made = str((result or {}).get("knowledge_version") or stored or "")
    return f"this check was made with knowledge base {made}" if made and made != kb.version else ""


_SECTIONS = (("immediate", "now, during the walk"), ("home", "at home"), ("stretches", "stretches"))


def _sections(plan: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The plan's sections and their words; an emergency that walking does not bring on (the
    aneurysm, EVIDENCE.md A.7: the plan's ``about_walking`` is false) says "now", not "during the walk"."""
    if plan.get("about_walking") is False:
        return (("immediate", "now"), *_SECTIONS[1:])
    return _SECTIONS


def _stop_if(text: str) -> str:
    return text if text.lower().startswith("stop") else f"Stop if: {text}"


def _advice_activity(
    item: Mapping[str, Any],
    section: str,
    knowledge: str,
    reasons: Sequence[dict[str, str]],
    evidence_by: Mapping[str, Any],
    kb: KnowledgeBase,
    result: Mapping[str, Any],
) -> dict[str, Any]:
    """One piece of advice: what to do in ``detail.description``, the evidence for it in ``progress``
    (said from the stored ``result``, ``_grade_words``)."""
    code = str(item.get("code") or "advice")
    sources = _sources(item.get("sources") or ()) or "none"
    grade = str(item.get("evidence_grade") or "")
    timing, stop_if = item.get("timing"), item.get("stop_if")
    description = " ".join(
        t
        for t in (
            str(item.get("text") or "").strip(),
            f"Timing: {timing}." if timing else None,
            f"Steps: {' '.join(item['steps'])}" if item.get("steps") else None,
            _stop_if(str(stop_if)) if stop_if else None,
            f"Why it is in this plan: {item['reason']}" if item.get("reason") else None,
            f"Part of the plan: {section}.",
            f"Sources: {sources}.",
        )
        if t
    )
    seed = (
        "The article backstride started from gives this advice."
        if item.get("from_seed")
        else "backstride added this from the evidence; the article does not give it."
    )
    evidence = (
        f"Evidence: {_grade_words(grade, code, kb, result)}. "
        f"{str(item.get('note') or '').strip()} {seed} Sources: {sources}."
    )
    return {
        "progress": [{**evidence_by, "text": " ".join(evidence.split())}],
        "detail": {
            "code": _local(code, about_them_text(str(item.get("title") or code)), knowledge),
            "status": "not-started",
            "reasonReference": list(reasons),
            "scheduledString": timing,
            "description": about_them_text(description),
        },
    }


def _care_plan(
    assessment: Mapping[str, Any],
    supporting: Sequence[str],
    ids: _Ids,
    kb: KnowledgeBase,
    known: Collection[str],
) -> dict[str, Any] | None:
    """The result's relief plan as a CarePlan (see the module docstring), or None without a plan."""
    name = f"assessment/{assessment['id']}"
    result = assessment["result"]
    plan = result.get("plan") if result is not None else None
    if not isinstance(plan, Mapping):
        return None
    knowledge = str(result.get("knowledge_version") or assessment["knowledge_version"] or "")
    package = result.get("package_version") or assessment["package_version"]
    created = assessment["updated_at"]
    device, patient = ids.ref("device", "backstride"), ids.ref("patient")
    evidence_by = {"authorReference": device, "time": created}
    walk = assessment["gait_recording_id"]
    factors = [str(g) for g in plan.get("gait_factors") or ()]

    def reasons(item: Mapping[str, Any]) -> list[dict[str, str]]:
        """The walk's gait-factor Observation that put ``item`` in the plan (relief.plan's rule: the
        first of the advice's gait factors the walk showed), when the item says why and it is here."""
        advice = kb.advice.get(str(item.get("code")))
        hits = [g for g in (advice.gait_factors if advice else ()) if g in factors]
        url = ids.url(f"gait_recording/{walk}/gait_factor/{hits[0]}") if hits and walk is not None else ""
        return [{"reference": url}] if item.get("reason") and url in known else []

    activities = [
        _advice_activity(item, words, knowledge, reasons(item), evidence_by, kb, result)
        for key, words in _sections(plan)
        for item in plan.get(key) or ()
    ]
    for step in plan.get("timeline") or ():
        sources = _sources(step.get("sources") or ()) or "none"
        when = str(step.get("when") or "")
        activities.append(
            {
                "detail": {
                    "code": _local("timeline_step", "Step of the plan over time"),
                    "status": "not-started",
                    "scheduledString": when,
                    "description": about_them_text(
                        f"{when[:1].upper()}{when[1:]}: {step.get('text')} Sources: {sources}."
                    ),
                }
            }
        )
    see = plan.get("see_clinician")
    if see:
        sources = _sources(see_clinician_sources(result, kb)) or "none"
        activities.append(
            {
                "detail": {
                    "code": _local("see_clinician", "When to see a clinician"),
                    "status": "not-started",
                    "description": about_them_text(f"{see} Sources: {sources}."),
                }
            }
        )
    for group in held_for_later(plan):  # the article's advice left until a clinician has seen them
        sources = _sources(group.get("sources") or ()) or "none"
        grades = group.get("evidence_grades") or [""] * len(group.get("advice") or ())
        for code, title, grade in zip(
            group.get("advice") or (), group.get("titles") or (), grades, strict=False
        ):
            words = _grade_words(str(grade or ""), str(code), kb, result)
            activities.append(
                {
                    "detail": {
                        "code": _local(str(code), about_them_text(str(title)), knowledge),
                        "status": "on-hold",  # not to do now
                        # R4: without it an activity is one "to be engaged in when following the
                        # plan"; while this plan stands (urgent, emergency) these must not be
                        "doNotPerform": True,
                        "description": about_them_text(
                            f"{not_for_now(title)}. {group.get('reason')} Evidence: {words}. "
                            f"Sources: {sources}."
                        ),
                    }
                }
            )
    for activity in activities:
        activity["detail"]["performer"] = [patient]
    shown = [
        f"{g} ({kb.gait_factors[g].text} {_sources(kb.gait_factors[g].sources)})"
        if g in kb.gait_factors
        else g
        for g in factors
    ]
    return ids.entry(
        f"{name}/plan",
        {
            "resourceType": "CarePlan",
            "identifier": [_identifier(f"{name}/plan")],
            "status": "active",
            "intent": "proposal",
            "category": [_local("relief_plan", "Relief plan: self-care advice for back pain when walking")],
            "title": "Relief plan from backstride: advice, not a diagnosis",
            # the first place a plan says "the article": which one, said once (knowledge.article)
            "description": (
                "The advice backstride gave for lower back pain when walking: each activity is one "
                "piece of advice, one step in time, or when to see a clinician. A piece of advice has "
                "a progress note that says how strong the evidence is, and where studies disagree "
                f"with the article. {the_article_words(kb, 'plan')} This is advice from software, not a "
                "diagnosis and not a clinician's order."
            ),
            "subject": patient,
            "created": created,
            "author": device,
            "contributor": [device],
            "supportingInfo": [{"reference": url} for url in supporting],
            "activity": activities,
            "note": _note(
                RESULT_NOTICE,
                f"Made by backstride {package}, knowledge base {knowledge}.",
                f"Put first because the walking recording showed: {'; '.join(shown)}." if shown else None,
                # what the stored result does not keep is said from this knowledge base: which one
                (
                    "Which causes a piece of advice is for, the words of the walk's gait factors and the "
                    "sources of when to see a clinician come from knowledge base "
                    f"{kb.version}, the one this export was made with; {older}. The advice, its evidence "
                    "grade and its notes are the check's own."
                )
                if (older := _knowledge_of_now(result, kb))
                else None,
            ),
        },
    )


# ------------------------------------------------------------------------------------------ diary


def _diary(entry: Mapping[str, Any], ids: _Ids, steps: Mapping[str, DiaryStep]) -> Iterator[dict[str, Any]]:
    """A diary entry as Observations: its pain, its minutes when given, and one per relief step
    tried (the step's advice code as the value)."""
    name = f"diary_entry/{entry['id']}"
    common = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category("survey", "Survey"),
        "subject": ids.ref("patient"),
        "effectiveDateTime": entry["entry_date"],
        "issued": entry["updated_at"],
        "performer": [ids.ref("patient")],
    }
    pain = entry["pain_0_10"]
    yield ids.entry(
        f"{name}/pain",
        {
            **common,
            "identifier": [_identifier(f"{name}/pain")],
            "code": {
                "coding": [{"system": LOINC, "code": PAIN_LOINC, "display": PAIN_LOINC_DISPLAY}],
                "text": "Pain, 0 (none) to 10 (worst), in the person's diary",
            },
            **(
                {"valueInteger": pain}
                if isinstance(pain, int)
                else {"valueQuantity": _quantity(pain, ("score", "{score}"))}
            ),
            "note": _note(entry["notes"]),
        },
    )
    minutes = entry["walking_tolerance_min"]
    if minutes is not None:
        yield ids.entry(
            f"{name}/walking_tolerance",
            {
                **common,
                "identifier": [_identifier(f"{name}/walking_tolerance")],
                # the diary's moment, as its form asks it ("before the pain started"): the first
                # symptom, not the forced stop the check's answer and a walk's finding time
                "code": _local("walking_tolerance_min", DIARY_WALKING_DISPLAY),
                "valueQuantity": _quantity(minutes, ("min", "min")),
            },
        )
    for code in dict.fromkeys(entry.get("tried") or ()):  # each step once, in the entry's order
        title = about_them_text(steps[code].name) if code in steps else code
        yield ids.entry(
            f"{name}/tried/{code}",
            {
                **common,
                "identifier": [_identifier(f"{name}/tried/{code}")],
                "code": _local(TRIED_CODE, TRIED_DISPLAY),
                # the advice's code and title, as the CarePlan's activity for it has them (about the person)
                "valueCodeableConcept": _local(code, title),
                "note": _note(TRIED_NOTE),
            },
        )


# -------------------------------------------------------------------------------- everyday walking


def _everyday(day: Mapping[str, Any], ids: _Ids) -> Iterator[dict[str, Any]]:
    """A day of everyday walking as one Observation per measure taken: its steps (LOINC 41950-7, a
    count per day), then the others in backstride's codes, each in UCUM units."""
    name = f"everyday_walking/{day['day']}/{day['source']}"
    source = _SOURCE_NAMES.get(str(day["source"]), str(day["source"]))
    counted_by = day["counted_by"]
    common = {
        "resourceType": "Observation",
        "status": "final",
        "category": _category("activity", "Activity"),
        "subject": ids.ref("patient"),
        "effectiveDateTime": day["day"],  # the person's own day, as the phone counted it
        "issued": day["imported_at"],
    }
    from_where = f"From {source}: measured by the person's phone or watch as they went about their day."
    if _number(day["steps"]):
        yield ids.entry(
            f"{name}/steps",
            {
                **common,
                "identifier": [_identifier(f"{name}/steps")],
                "code": {
                    "coding": [{"system": LOINC, "code": STEPS_LOINC, "display": STEPS_LOINC_DISPLAY}],
                    "text": "Steps in the day (phone or watch)",
                },
                "valueQuantity": {"value": day["steps"], "unit": "steps/day", "system": UCUM, "code": "/d"},
                "device": {"display": counted_by} if counted_by else None,
                "note": _note(
                    from_where,
                    "When two devices counted steps that day, the one with the most steps was kept, so "
                    "no step is counted twice.",
                ),
            },
        )
    for column, code, display, unit, factor in _EVERYDAY:
        value = day[column]
        if not _number(value):
            continue
        yield ids.entry(
            f"{name}/{code}",
            {
                **common,
                "identifier": [_identifier(f"{name}/{code}")],
                "code": _local(code, display),
                "valueQuantity": _quantity(round(value * factor, 9) if factor != 1 else value, unit),
                # the day's distance is the steps' device's; the other measures are means of all
                "device": {"display": counted_by} if counted_by and column == "distance_m" else None,
                "note": _note(from_where),
            },
        )


# ----------------------------------------------------------------------------------------- report


def _report(pdf: bytes, document: Mapping[str, Any], ids: _Ids) -> dict[str, Any]:
    """The report for a clinician (PDF bytes made by the caller) as a DocumentReference."""
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
        raise InputError("the report to put in the FHIR export must be the bytes of a PDF")
    sha1 = hashlib.sha1(pdf, usedforsecurity=False).digest()  # R4: Attachment.hash is SHA-1, base64
    return ids.entry(
        "report",
        {
            "resourceType": "DocumentReference",
            "status": "current",
            "type": {
                "coding": [{"system": LOINC, "code": SUMMARY_LOINC, "display": SUMMARY_LOINC_DISPLAY}],
                "text": "Report for a clinician (from backstride; not a diagnosis)",
            },
            "subject": ids.ref("patient"),
            "date": document["exported_at"],
            "author": [ids.ref("device", "backstride")],
            "description": REPORT_DESCRIPTION,
            "content": [
                {
                    "attachment": {
                        "contentType": "application/pdf",
                        "language": "en",
                        "data": base64.b64encode(pdf).decode("ascii"),
                        "size": len(pdf),
                        "hash": base64.b64encode(sha1).decode("ascii"),
                        "title": REPORT_TITLE,
                        "creation": document["exported_at"],
                    }
                }
            ],
        },
    )


# ----------------------------------------------------------------------------------------- bundle


# the label the app gives the one person of a home install (services.people.FIRST_PERSON_LABEL, which
# this layer cannot import): not a name anyone gave
AUTOMATIC_LABEL = "Me"


#: The type of the clinic's identifier: HL7 v2 table 0203's "MR", as FHIR R4's Patient examples write
#: a medical record number.
MRN_TYPE = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
            "code": "MR",
            "display": "Medical record number",
        }
    ],
    "text": "Medical record number",
}


def _patient(document: Mapping[str, Any]) -> dict[str, Any]:
    """The Patient: what a clinic matches it by, each only when given (format 9; ``services.people``
    checks them when typed): the clinic's number as an ``identifier`` (type MR, its system), the
    full name (``official``), the person's label when they were given one (``usual``; not the
    automatic "Me", nor a label that is the full name again), ``gender`` and ``birthDate``."""
    person = document.get("person")
    person = person if isinstance(person, Mapping) else {}
    label, full = (person.get(key) for key in ("label", "name"))
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if person.get("mrn"):
        mrn = {"use": "usual", "type": MRN_TYPE, "system": person.get("mrn_system"), "value": person["mrn"]}
        patient["identifier"] = [{key: value for key, value in mrn.items() if value}]
    names = [{"use": "official", "text": full.strip()}] if isinstance(full, str) and full.strip() else []
    if isinstance(label, str) and label.strip() and name_key(label) != name_key(AUTOMATIC_LABEL):
        if not names or name_key(label) != name_key(str(full)):
            names.append({"use": "usual", "text": label.strip()})
    if names:
        patient["name"] = names
    gender, born = person.get("gender"), person.get("birth_date")
    if gender is not None:
        if gender not in GENDERS:
            expected = ", ".join(GENDERS)
            raise InputError(f"person.gender {gender!r} is not a code; expected one of {expected}")
        patient["gender"] = gender
    if born is not None:
        if not isinstance(born, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", born):
            raise InputError(f"person.birth_date {born!r} is not a date as YYYY-MM-DD")
        patient["birthDate"] = born
    return patient


def export_bundle(document: Mapping[str, Any], *, report_pdf: bytes | None = None) -> dict[str, Any]:
    """The export document of ``Records.export_all()`` as one FHIR R4 4.0.1 Bundle (type collection);
    with ``report_pdf`` (the report for a clinician of the same person, as PDF bytes) also a
    DocumentReference holding it.

    Pure: the same document gives the same Bundle. Raises :class:`InputError` naming the key when
    ``document`` is not such an export, and :class:`ExportError` when the Bundle made from it is not
    valid R4 (a bug in this mapping).
    """
    doc = _checked(document)
    ids = _Ids(doc)
    kb, questions = load_knowledge(), load_questions()
    entries = [_device(doc, ids)]
    everyday = doc.get("everyday_walking") or []
    records = doc["assessments"] or doc["gait_recordings"] or doc["diary_entries"] or everyday
    if records or report_pdf is not None:
        entries.append(ids.entry("patient", _patient(doc)))
    walks: dict[Any, str] = {}
    for walk in doc["gait_recordings"]:
        made = list(_walk(walk, ids))
        walks[walk["id"]] = made[0]["fullUrl"]
        entries += made
    known = {e["fullUrl"] for e in entries}
    for assessment in doc["assessments"]:
        entries += _assessment(assessment, walks, ids, kb, questions, known, str(doc["package_version"]))
    steps = diary_steps(kb)
    for entry in doc["diary_entries"]:
        entries += _diary(entry, ids, steps)
    for day in everyday:
        entries += _everyday(day, ids)
    if report_pdf is not None:
        entries.append(_report(report_pdf, doc, ids))
    bundle = {
        "resourceType": "Bundle",
        "id": ids.id("bundle"),
        "identifier": {"system": "urn:ietf:rfc:3986", "value": ids.url("bundle")},
        "type": "collection",
        "timestamp": doc["exported_at"],
        "entry": _plain(entries),
    }
    check_bundle(bundle)
    return bundle


__all__ = [
    "CODE_SYSTEM",
    "EXPORT_FORMAT",
    "MRN_TYPE",
    "EXPORT_FORMAT_VERSION",
    "PAIN_LOINC",
    "RECORD_SYSTEM",
    "STEPS_LOINC",
    "REPORT_TITLE",
    "TRIED_CODE",
    "SUMMARY_LOINC",
    "export_bundle",
    "see_clinician_sources",
]
