"""Stored data as CSV tables, for a spreadsheet, a statistics package or a research database.

Each table is made from the "all data" export document (``Records.export_all``), so every
interface (the web, the API, the command line) writes the same bytes. Five tables:

- ``diary``: one row per diary entry (pain 0-10, minutes walked before symptoms, notes, and
  ``tried``: the relief steps tried that day, advice codes joined by ``;``, empty when none noted);
- ``walks``: one row per stored walk, the trial of a Mobilise-D file it was read from, its summary
  numbers in SI units, walking tolerance and the gait factors found, where it was worn and whether
  checks use it (``walk_not_usable``); a walk not worn at the lower back has no speed, stride length or
  distances (empty, as its page shows them, ``gait.factors.as_judged``) and ``not_judged`` says why;
- ``bouts``: one row per walking bout of every walk (what a gait researcher compares);
- ``checks``: one row per check (assessment): the disposition and the most likely cause, whether
  it was finished (as History says it: also one finished before a question was added), and the
  warning signs not asked yet or answered "don't know" (a result shown half-way is stored too, and
  is no all-clear while a warning sign was not asked);
- ``everyday``: one row per day of everyday walking imported from a phone (``services.everyday``):
  steps, distance, walking speed, step length, asymmetry and double support (fractions 0-1) and the
  six-minute walk estimate, as the phone measured them.

The walks and checks tables hold backstride's conclusions (gait factors, how soon to be seen, likely
causes), so each of their rows ends with the export's notice: this is not a diagnosis, and each
conclusion has a column of its EVIDENCE.md source keys (``red_flag_sources``,
``most_likely_cause_sources``, ``gait_factor_sources``).

Columns carry their unit in their name (``cadence_spm``, ``walking_speed_mps``). An empty cell means
"not measured" or "not given", never zero. Every text cell (what a person typed, and any text a
restored file may hold) is written so that a spreadsheet shows it as text and never runs it as a
formula (a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, as OWASP advises for CSV injection); the JSON and FHIR exports keep the text
exactly as typed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from backstride.core.errors import InputError
from backstride.core.export_format import not_worked_out
from backstride.gait.factors import NOT_JUDGED_AWAY, as_judged, stored_not_at_lower_back
from backstride.services.gait_findings import walk_not_usable

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]


def _text(value: Any) -> str:
    """Free text as a safe cell: never run as a formula by a spreadsheet."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: Any) -> Any:
    """A number as is; None, NaN, infinity, booleans and anything else that is not a number: empty."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return "" if isinstance(value, float) and not math.isfinite(value) else value


def _notice(document: Mapping[str, Any]) -> str:
    return str(document.get("notice") or "This is not a diagnosis.")


def _dig(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def _diary_rows(document: Mapping[str, Any]) -> Iterator[Row]:
    for e in document["diary_entries"]:
        yield {
            "entry_id": e["id"],
            "entry_date": e["entry_date"],
            "pain_0_10": _number(e["pain_0_10"]),
            "walking_tolerance_min": _number(e.get("walking_tolerance_min")),
            "notes": _text(e.get("notes")),
            "tried": _text(";".join(str(code) for code in e.get("tried") or ())),
            "created_at": e.get("created_at", ""),
            "updated_at": e.get("updated_at", ""),
        }


SUMMARY_COLUMNS = (  # (column, path in the gait result's summary)
    ("n_bouts", ("n_bouts",)),
    ("total_walking_s", ("total_walking_s",)),
    ("total_steps", ("total_steps",)),
    ("total_distance_m", ("total_distance_m",)),
    ("cadence_spm", ("cadence_spm",)),
    ("stride_length_m", ("stride_length_m",)),
    ("walking_speed_mps", ("walking_speed_mps",)),
    ("step_time_asymmetry_pct", ("step_time_asymmetry_pct",)),
    ("pelvis_tilt_rom_deg", ("pelvis", "tilt_rom_deg")),
    ("pelvis_obliquity_rom_deg", ("pelvis", "obliquity_rom_deg")),
    ("pelvis_rotation_rom_deg", ("pelvis", "rotation_rom_deg")),
    ("trunk_flexion_mean_deg", ("trunk_flexion_mean_deg",)),
    ("impact_peak_g", ("impact_peak_g",)),
)
TOLERANCE_COLUMNS = (
    "longest_bout_s",
    "longest_bout_m",
    "time_to_first_symptom_s",
    "distance_to_first_symptom_m",
    "time_to_stop_s",
    "distance_to_stop_m",
)


def _recorded_at(result: Mapping[str, Any]) -> str:
    from backstride.gait.result import recording_start

    start = recording_start(result)
    return "" if start is None else start.isoformat()


def _trial(walk: Mapping[str, Any], result: Mapping[str, Any]) -> str:
    """The trial of a Mobilise-D file a walk was read from, in full as the reader named it (its note);
    else as it was asked for (a walk restored without the note); empty for a file without trials."""
    from backstride.gait.readers.mobilised import trial_in_notes

    named = trial_in_notes(result.get("notes")) or _dig(walk.get("algorithm_parameters"), "reader", "trial")
    return _text(named) if isinstance(named, str) else ""


def _worn_at(result: Mapping[str, Any]) -> str:
    """Where the walk was worn, as the person said it (``--worn-at``, "Where was it worn?") or else as
    the file states it ("right wrist"); empty when neither says (a guess from the signal is not kept)."""
    where = _dig(result, "alignment", "body_location") or _dig(result, "recording", "body_location")
    return _text(where) if isinstance(where, str) else ""


def _walk_rows(document: Mapping[str, Any]) -> Iterator[Row]:
    # the walks a check's result was worked out with (checks.csv's walk_id), finished or not
    used = {a.get("gait_recording_id") for a in document.get("assessments") or ()} - {None}
    for w in document["gait_recordings"]:
        stored = w.get("result") or {}
        # a walk not worn at the lower back (also one stored before the tilt check): its speed, stride
        # length and distances are empty, as its page shows them (not judged), and not_judged says why
        result = as_judged(stored)
        summary = result.get("summary") or {}
        tolerance = result.get("walking_tolerance") or {}
        row: Row = {
            "walk_id": w["id"],
            "created_at": w.get("created_at", ""),
            # when the recording started, as the file says (the walk's page dates it so); empty: not said
            "recorded_at": _recorded_at(result),
            "original_filename": _text(w.get("original_filename")),
            "source_format": w.get("source_format", ""),
            # which trial of a Mobilise-D data.mat (TimeMeasure1/Test5/Trial1); empty for other files
            "trial": _trial(w, result),
            "height_cm": _number(w.get("height_cm")),
            "sampling_rate_hz": _number(result.get("sampling_rate_hz")),
            "duration_s": _number(result.get("duration_s")),
            # where it was worn, as the person said or the file states it; empty when neither says
            "worn_at": _worn_at(result),
            # whether a check in this export used it (its result worked out with it): "yes" read so for
            # every walk checks may use, one no check used too
            "used_by_checks": "yes" if w["id"] in used else "no",
            # whether a check may use it, by the rule checks use (a pocket walk stored before the tilt
            # check too): "no" means its numbers do not speak for the person's walking
            "usable_by_checks": "no" if walk_not_usable(dict(stored)) else "yes",
            "not_judged": NOT_JUDGED_AWAY if stored_not_at_lower_back(stored) else "",
        }
        row.update({name: _number(_dig(summary, *path)) for name, path in SUMMARY_COLUMNS})
        row.update({name: _number(tolerance.get(name)) for name in TOLERANCE_COLUMNS})
        factors = [f for f in result.get("gait_factors") or () if isinstance(f, Mapping)]
        found = [f for f in factors if f.get("present") is True]
        row["gait_factors_found"] = _codes(found)
        row["gait_factor_sources"] = _sources(found)
        row["package_version"] = w.get("package_version", "")
        row["sha256"] = w.get("sha256", "")
        # who sent it (format 11): the interface and the staff member signed in; empty when not recorded
        row["sent_via"] = _text(w.get("sent_via"))
        row["sent_by"] = _text(w.get("sent_by"))
        row["notice"] = _notice(document)
        yield row


BOUT_COLUMNS = (
    "start_s",
    "end_s",
    "duration_s",
    "n_steps",
    "n_strides",
    "cadence_spm",
    "stride_length_m",
    "walking_speed_mps",
    "distance_m",
    "step_time_asymmetry_pct",
    "trunk_flexion_mean_deg",
    "impact_peak_g",
)


def _flags(quality: Any) -> list[str]:
    """A bout's quality flags: per measure ``{"step_time_asymmetry_pct": ["exploratory"]}``."""
    if isinstance(quality, Mapping):
        return [f"{measure}: {flag}" for measure, flags in quality.items() for flag in flags or ()]
    return [str(flag) for flag in quality or ()] if isinstance(quality, list | tuple) else []


def _bout_rows(document: Mapping[str, Any]) -> Iterator[Row]:
    for w in document["gait_recordings"]:
        for number, bout in enumerate(as_judged(w.get("result") or {}).get("walking_bouts") or (), start=1):
            row: Row = {"walk_id": w["id"], "bout": number}
            row.update({name: _number(bout.get(name)) for name in BOUT_COLUMNS})
            row.update(
                {
                    f"pelvis_{axis}_rom_deg": _number(_dig(bout, "pelvis", f"{axis}_rom_deg"))
                    for axis in ("tilt", "obliquity", "rotation")
                }
            )
            row["quality"] = ";".join(_flags(bout.get("quality")))
            yield row


EVERYDAY_COLUMNS = (
    "day",
    "source",
    "counted_by",
    "steps",
    "distance_m",
    "walking_speed_mps",
    "step_length_m",
    "asymmetry_fraction",
    "double_support_fraction",
    "six_minute_walk_m",
    "imported_at",
)
_EVERYDAY_TEXT = ("day", "source", "counted_by", "imported_at")


def _everyday_rows(document: Mapping[str, Any]) -> Iterator[Row]:
    for d in document.get("everyday_walking") or ():  # files made before everyday walking have none
        yield {c: _text(d.get(c)) if c in _EVERYDAY_TEXT else _number(d.get(c)) for c in EVERYDAY_COLUMNS}


def _codes(items: Any) -> str:
    return ";".join(str(item.get("code")) for item in items or () if isinstance(item, Mapping))


def _sources(items: Any, key: str = "sources") -> str:
    """The EVIDENCE.md source keys of ``items``' conclusions, each once, in order."""
    keys = [str(k) for item in items or () if isinstance(item, Mapping) for k in item.get(key) or ()]
    return ";".join(dict.fromkeys(keys))


def _check_rows(document: Mapping[str, Any]) -> Iterator[Row]:
    from backstride.services.interview import screening_state

    for a in document["assessments"]:
        result = a.get("result") or {}
        conditions = [c for c in result.get("conditions") or () if isinstance(c, Mapping)]
        top = conditions[0] if conditions else {}
        # a result is stored whenever it is shown, also half-way: finished is what the answers say, or
        # a finish time kept (``AssessmentView.finished``, as History and the result page say it): a
        # check finished before a question was added stays finished, the new sign in warning_signs_not_asked;
        # one this version cannot replay counts as not finished, finish time or not (every sign not asked)
        screening = screening_state(a["mode"], a.get("answers") or {})
        finished = screening["complete"] or bool(a.get("finished_at") and not screening["answers_problem"])
        yield {
            "check_id": a["id"],
            "created_at": a.get("created_at", ""),
            "updated_at": a.get("updated_at", ""),
            "mode": a.get("mode", ""),
            "finished": "yes" if finished else "no",
            "finished_at": a.get("finished_at") or "",  # when it was finished (format 5 on)
            # who started it (format 12): the interface and the staff member signed in; empty: not recorded
            "started_via": _text(a.get("started_via")),
            "started_by": _text(a.get("started_by")),
            "n_answers": len(a.get("answers") or {}),
            "disposition": a.get("disposition") or "",
            # why it has no level, or one this version did not work out (never a silent blank)
            "result_not_worked_out": not_worked_out(a, screening) or "",
            "red_flags": _codes(result.get("red_flags")),
            "red_flag_sources": _sources(result.get("red_flags")),
            "warning_signs_not_asked": _codes(screening["warning_signs_not_asked"]),
            "warning_signs_dont_know": _codes(screening["warning_signs_dont_know"]),
            "most_likely_cause": top.get("code", ""),
            "most_likely_probability": _number(top.get("probability")),
            "most_likely_cause_sources": _sources([top], "evidence"),
            "walk_id": _number(a.get("gait_recording_id")),
            "knowledge_version": a.get("knowledge_version") or "",
            "package_version": a.get("package_version") or "",
            "notice": _notice(document),
        }


TABLES: dict[str, tuple[Callable[[Mapping[str, Any]], Iterator[Row]], Sequence[str]]] = {
    "diary": (
        _diary_rows,
        (
            "entry_id",
            "entry_date",
            "pain_0_10",
            "walking_tolerance_min",
            "notes",
            "tried",
            "created_at",
            "updated_at",
        ),
    ),
    "walks": (
        _walk_rows,
        (
            "walk_id",
            "created_at",
            "recorded_at",
            "original_filename",
            "source_format",
            "trial",
            "height_cm",
            "sampling_rate_hz",
            "duration_s",
            "worn_at",
            "used_by_checks",
            "usable_by_checks",
            "not_judged",
            *(name for name, _ in SUMMARY_COLUMNS),
            *TOLERANCE_COLUMNS,
            "gait_factors_found",
            "gait_factor_sources",
            "package_version",
            "sha256",
            "sent_via",
            "sent_by",
            "notice",
        ),
    ),
    "bouts": (
        _bout_rows,
        (
            "walk_id",
            "bout",
            *BOUT_COLUMNS,
            "pelvis_tilt_rom_deg",
            "pelvis_obliquity_rom_deg",
            "pelvis_rotation_rom_deg",
            "quality",
        ),
    ),
    "checks": (
        _check_rows,
        (
            "check_id",
            "created_at",
            "updated_at",
            "mode",
            "finished",
            "finished_at",
            "started_via",
            "started_by",
            "n_answers",
            "disposition",
            "result_not_worked_out",
            "red_flags",
            "red_flag_sources",
            "warning_signs_not_asked",
            "warning_signs_dont_know",
            "most_likely_cause",
            "most_likely_probability",
            "most_likely_cause_sources",
            "walk_id",
            "knowledge_version",
            "package_version",
            "notice",
        ),
    ),
    "everyday": (_everyday_rows, EVERYDAY_COLUMNS),
}
TABLE_NAMES = tuple(TABLES)


def csv_table(document: Mapping[str, Any], table: str) -> str:
    """One table of the export document as CSV text (a header row, then one row per item)."""
    if table not in TABLES:
        raise InputError(f"unknown table {table!r}; choose one of: {', '.join(TABLE_NAMES)}")
    make_rows, columns = TABLES[table]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    # every text cell, not only what a person typed: a restored file may hold '=...' in any of them
    writer.writerows(
        {k: _text(v) if isinstance(v, str) else v for k, v in row.items()} for row in make_rows(document)
    )
    return out.getvalue()


__all__ = ["FORMULA_STARTS", "TABLE_NAMES", "csv_table"]
