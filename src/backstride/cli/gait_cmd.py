"""``backstride gait analyze RECORDING``: a walk recording in, gait numbers out (CONTRACT.md section 2).

Default output is a short Rich summary; ``--json`` prints the contract JSON on stdout; ``--plot FILE.png``
also draws the signal with the detected steps and walking bouts. A bad or unreadable file gives
``error: <file>: <problem>`` on stderr and exit status 2, never a traceback.

Import cost matters (a cold run of a 1-minute file should take well under 1.5 s): this module imports
only typer at the top; the reader, the gait pipeline, Rich and matplotlib load when they are used.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from backstride.cli.options import (
    DB_HELP,
    centimetres,
    kept_only_if_stored,
    person_option,
    refuse_to_replace,
    refuse_without_save,
)

if TYPE_CHECKING:
    from backstride.gait.readers.stream import RecordingStream
    from backstride.gait.recording import Recording

PROGRESS_MIN_DURATION_S = 300.0  # show a progress bar for recordings longer than 5 minutes
NOT_A_DIAGNOSIS = (
    "This is a description of how you walked in this recording. It is not a diagnosis. "
    "Talk to a clinician about pain, numbness or weakness."
)

gait_app = typer.Typer(
    help="Gait analysis from a lower-back sensor or a phone worn at the belt. Not a diagnosis.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``backstride gait ...`` to the top-level app."""
    app.add_typer(gait_app, name="gait")


def _fail(message: str) -> typer.Exit:
    from backstride.cli.main import fail

    return fail(message)


def _said_plainly(exc: Exception) -> str:
    """The exact problem, then, for a file that is no walk recording at all (a note, a shopping list),
    the same plain words the Walks page says (``RecordingError.plain``): "README.md: the first line
    '# backstride' is not a header of several columns" alone told a person at home nothing they could do."""
    said = str(exc)
    plain = str(getattr(exc, "plain", "") or "")
    if not plain or plain in said:
        return said
    return f"{said.rstrip('.')}. {plain}"


@gait_app.command("analyze")
def analyze(
    recording_typed: str = typer.Argument(  # text: an empty name must not become "." (this folder)
        ...,
        metavar="RECORDING",
        help="A file or export folder/zip: phyphox, Sensor Logger, CSV, Mobilise-D .mat, Axivity .cwa, "
        "ActiGraph .gt3x or ActiLife .csv.",
    ),
    format: str = typer.Option(
        "auto",
        "--format",
        metavar="FORMAT",
        help="The file format: auto (read the file to decide), csv, phyphox, sensor-logger, mobilised, "
        "axivity or actigraph.",
    ),
    height_cm: float | None = typer.Option(
        None,
        "--height-cm",
        metavar="CM",
        parser=centimetres,  # the height's range is checked with the recording's other inputs, below
        help="Your body height in cm (170 or 170cm); makes stride length and speed more exact.",
    ),
    symptom_at: str | None = typer.Option(
        None,
        "--symptom-at",
        metavar="TIME",
        help="When the first symptom came: time from the start (95, 95s or 1 min 35 s) or clock time "
        "(10:32:05).",
    ),
    stop_at: str | None = typer.Option(
        None,
        "--stop-at",
        metavar="TIME",
        help="When you had to stop: time from the start or clock time.",
    ),
    json_output: bool = typer.Option(
        False, "--json", metavar="", help="Print the result as JSON (contract format)."
    ),
    plot: Path | None = typer.Option(
        None,
        "--plot",
        metavar="FILE.png",
        help="Also save a picture (PNG) of the signal, the steps and the walking bouts.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace the --plot file if it already exists."),
    trial: str | None = typer.Option(
        None,
        "--trial",
        metavar="TEST/TRIAL",
        help="Mobilise-D .mat files hold several trials: which one (e.g. Test5/Trial1).",
    ),
    worn_at: str | None = typer.Option(
        None,
        "--worn-at",
        metavar="PLACE",
        help="Where the phone or sensor was worn: lower-back, belt, pocket, hand, wrist or unknown. "
        "lower-back or belt: judged as a lower-back walk, however much it tipped.",
    ),
    acc_unit: str | None = typer.Option(
        None,
        "--acc-unit",
        metavar="UNIT",
        help="Generic CSV only, when the header does not say: m/s^2 or g.",
    ),
    gyr_unit: str | None = typer.Option(
        None,
        "--gyr-unit",
        metavar="UNIT",
        help="Generic CSV only, when the header does not say: deg/s or rad/s.",
    ),
    save: bool = typer.Option(
        False,
        "--save",
        help="Also keep the walk in the web app's database (the Walks page, the report, the exports); "
        "a saved check can then use it (backstride assess --save --walk ID).",
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=f"With --save. {DB_HELP}"),
) -> None:
    """Analyse how you walked in RECORDING: walking bouts, steps, stride length, speed, pelvis motion."""
    from contextlib import nullcontext

    from backstride.core.errors import BackstrideError

    try:
        refuse_without_save(save, person, db, "the walk")
    except BackstrideError as exc:
        raise _fail(str(exc)) from None
    with (
        kept_only_if_stored(db) if save else nullcontext(),  # a failed --save leaves no new database
        ExitStack() as stack,  # --save: where the walk is kept, opened before the analysis
    ):
        try:
            saved, data = _analyzed_and_kept(
                stack, recording_typed, format, height_cm, symptom_at, stop_at, json_output, plot, force,
                trial, worn_at, acc_unit, gyr_unit, (db, person) if save else None,
            )  # fmt: skip
        except BackstrideError as exc:
            raise _fail(_said_plainly(exc)) from None
    if json_output:
        # indented for a person at a terminal; one line otherwise (json's C encoder: ~5x faster)
        indent = 2 if sys.stdout.isatty() else None
        sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False, default=_json_default) + "\n")
    else:
        _print_summary(data, plot)
    if saved:
        from backstride.cli.gait_save import say_saved

        say_saved(saved, to_stderr=json_output)  # the JSON alone on stdout, as the contract gives it


def _analyzed_and_kept(
    stack: ExitStack,
    recording_typed: str,
    format: str,
    height_cm: float | None,
    symptom_at: str | None,
    stop_at: str | None,
    json_output: bool,
    plot: Path | None,
    force: bool,
    trial: str | None,
    worn_at: str | None,
    acc_unit: str | None,
    gyr_unit: str | None,
    save_in: tuple[str | None, str | None] | None,
) -> tuple[list[str], dict[str, Any]]:
    """``analyze`` once its options are checked: the recording analysed (and kept, with ``save_in``:
    ``(--db, --person)`` with --save), what ``--save`` says
    and the result as the contract's JSON. With --save the file is hashed first (``WalkSaving``), a file
    kept already is refused before the analysis, and what is analysed is what is kept."""
    from backstride.core.errors import BackstrideError

    saved: list[str] = []
    if not recording_typed.strip():
        raise _input_error("RECORDING is empty; expected a recording file, or an export folder or zip")
    recording = Path(recording_typed)
    saving = None
    if save_in is not None:  # before the (maybe long) analysis: a wrong --person is said at once
        from backstride.cli.gait_save import WalkSaving
        from backstride.cli.people_cmd import message

        try:
            saving = stack.enter_context(WalkSaving.opened(*save_in, recording))
        except BackstrideError as exc:
            raise _input_error(message(exc)) from None
    stated = _stated_place(worn_at)  # before the (maybe long) reading: a typo is said at once
    if plot is not None:
        _check_plot_path(plot, force=force)  # before the analysis: a wrong name is said at once
    from backstride.gait.readers.stream import open_recording
    from backstride.gait.time_points import parse_symptom_and_stop

    # read piece by piece: a week of data never has to fit in memory (gait.long_recording)
    # an export folder is read as it lies (with --save, kept as the zip of its files: the same readings)
    rec = open_recording(recording, format, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    if stated is not None:  # the person's word beats the file's and the signal's
        rec.body_location, rec.body_location_said = stated, True
    symptom_s, stop_s = parse_symptom_and_stop(symptom_at, stop_at, rec)  # named as the flags
    if height_cm is not None and not (50.0 <= height_cm <= 250.0):
        metres = 0.5 <= height_cm <= 2.5  # a height in metres: say the number in cm it means
        hint = f" (in metres? {height_cm:g} m is --height-cm {height_cm * 100:g})" if metres else ""
        raise _input_error(f"--height-cm {height_cm:g}: expected a body height between 50 and 250 cm{hint}")
    how = {
        "recording_format": format,
        "height_cm": height_cm,
        "trial": trial,
        "acc_unit": acc_unit,
        "gyr_unit": gyr_unit,
        "symptom_at": symptom_at,
        "stop_at": stop_at,
        "worn_at": worn_at,
    }
    if saving is not None:  # the same file kept already: said before the (maybe long) analysis
        saving.refuse_stored_already(how)
    length_known = rec.duration_s is not None
    result = _run_pipeline(rec, height_cm, symptom_s, stop_s, show_progress=not json_output)
    if not length_known:  # a long CSV: its length is known now, before anything is written
        parse_symptom_and_stop(symptom_at, stop_at, rec)
    data = result.to_dict()
    data.setdefault("recording", _recording_info(rec, recording))
    if saving is not None:  # stored as the Walks page stores it, before anything is written or shown
        saved = saving.keep(recording, data, how, (result, rec))[1]
    if plot is not None:
        picture = _plot_recording(rec, recording, format, trial, acc_unit, gyr_unit)
        _save_plot(picture, data, plot, symptom_s, stop_s, force=force)
    return saved, data


@gait_app.command("list")
def list_command(
    as_json: bool = typer.Option(
        False, "--json", help="Print the walks as JSON, as GET /api/walks gives them."
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show the walks kept for a person (gait analyze --save, or the web's Walks page). Not a diagnosis."""
    from backstride.cli.gait_save import list_walks
    from backstride.cli.people_cmd import message
    from backstride.core.errors import BackstrideError

    try:
        list_walks(db, person, as_json, NOT_A_DIAGNOSIS)
    except BackstrideError as exc:
        raise _fail(message(exc)) from None


def _stated_place(worn_at: str | None) -> str | None:
    """The recording's ``body_location`` for ``--worn-at`` (None: not given, or unknown)."""
    from backstride.gait.recording import stated_body_location

    try:
        return stated_body_location(worn_at)[1]
    except ValueError as exc:
        raise _input_error(f"--worn-at {worn_at}: {exc}") from None


def _input_error(message: str) -> Exception:
    from backstride.core.errors import InputError

    return InputError(message)


# ------------------------------------------------------------------------------------------- pipeline


def _run_pipeline(
    rec: RecordingStream | Recording,
    height_cm: float | None,
    symptom_s: float | None,
    stop_s: float | None,
    *,
    show_progress: bool,
) -> Any:
    try:
        from backstride.gait.long_recording import LongRecordingAnalyzer
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("backstride.gait."):
            raise _input_error(f"gait analysis is not available in this build ({exc.name} missing)") from None
        raise
    from backstride.gait.readers.stream import RecordingStream

    if not isinstance(rec, RecordingStream):
        rec = RecordingStream.from_recording(rec)
    analyzer = LongRecordingAnalyzer(height_cm=height_cm)
    kwargs: dict[str, Any] = {"symptom_at_s": symptom_s, "stop_at_s": stop_s}
    if not wants_progress_bar(rec, show_progress, sys.stderr.isatty()):
        return analyzer.analyze(rec, **kwargs).result_
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("analysing the walk"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
        console=_console(stderr=True),
    ) as progress:
        task = progress.add_task("analyse", total=1.0)

        def report(fraction: float) -> None:
            progress.update(task, completed=max(0.0, min(1.0, float(fraction))))

        return analyzer.analyze(rec, progress=report, **kwargs).result_


def wants_progress_bar(rec: Recording | RecordingStream, show_progress: bool, is_terminal: bool) -> bool:
    """A bar only where a person watches (a terminal, not --json) and the wait is noticeable (a recording
    whose length is not known up front is a long CSV)."""
    duration = rec.duration_s
    return show_progress and is_terminal and (duration is None or duration >= PROGRESS_MIN_DURATION_S)


def _recording_info(rec: RecordingStream, path: Path) -> dict[str, Any]:
    return {
        "file": str(path),
        "source_format": rec.source_format,
        "sampling_rate_hz": rec.sampling_rate_hz,
        "n_samples": rec.n_samples,
        "has_gyroscope": rec.has_gyroscope,
        "start_datetime": rec.start_datetime.isoformat() if rec.start_datetime else None,
        "gaps_s": [list(g) for g in rec.gaps_s],
        "body_location": rec.body_location,  # where the device says it was worn; None: not said
        "reader_notes": list(rec.notes),
    }


PLOT_MAX_POINTS = 200_000  # a picture of a long recording: every k-th sample (a screen has ~2,000 pixels)


def _plot_recording(
    stream: RecordingStream,
    path: Path,
    format: str,
    trial: str | None,
    acc_unit: str | None,
    gyr_unit: str | None,
) -> Recording:
    """The recording to draw: the one in memory, or a long file read again keeping every k-th sample."""
    if stream.whole is not None:
        return stream.whole
    from backstride.gait.readers.stream import open_recording
    from backstride.gait.recording import Recording

    n = max(1, int(stream.n_samples or 1))
    k = max(1, -(-n // PLOT_MAX_POINTS))
    again = open_recording(path, format, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    parts, offset = [], 0
    for piece in again.blocks():
        parts.append(piece.acc_mps2[(-offset) % k :: k].copy())  # a copy: a view would keep the piece
        offset += piece.n_samples
    import numpy as np

    return Recording(
        acc_mps2=np.concatenate(parts),
        gyr_dps=None,
        sampling_rate_hz=stream.sampling_rate_hz / k,
        source_format=stream.source_format,
        start_s=stream.start_s,
        start_datetime=stream.start_datetime,
        gaps_s=tuple(stream.gaps_s),
    )


def _json_default(obj: Any) -> Any:
    try:
        import numpy as np

        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, np.ndarray):
            return obj.tolist()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(obj, datetime):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _check_plot_path(plot: Path, *, force: bool) -> None:
    """Refuse a --plot name the picture cannot be saved under whole, or a file there unless ``force``
    (as ``report`` and ``export`` keep a file: a picture is never saved over a file by a typo)."""
    if plot.suffix.lower() != ".png":
        raise _input_error(f"--plot {plot}: the picture is saved as PNG; give a file name ending in .png")
    if plot.is_symlink() or (plot.exists() and not plot.is_file()):
        # saving would write through a link into the file it points at, or into a device or a pipe
        raise _input_error(f"--plot {plot}: is not a file (a folder, link, device or pipe); give a file name")
    if not plot.parent.is_dir():
        raise _input_error(f"--plot {plot}: the folder {plot.parent} does not exist; nothing was saved")
    refuse_to_replace(plot, force=force, option="--plot")


def _link_unless_there(temp: str, path: Path) -> None:
    """Give the whole picture at ``temp`` the name ``path`` only if no file has it: a hard link fails
    on a name taken, in one step (no moment between a check and the save); where the file system
    has no links, checked just before a rename."""
    import os

    from backstride.cli.options import refuse_to_replace

    try:
        os.link(temp, path)
    except FileExistsError:
        refuse_to_replace(path, force=False, option="--plot")
        raise  # gone again meanwhile: said as a file that cannot be saved
    except OSError:  # no hard links here (FAT, some network shares)
        refuse_to_replace(path, force=False, option="--plot")
        os.replace(temp, path)


def _new_file_mode(path: Path) -> int:
    """The permissions a picture saved as ``path`` gets: those of the file it replaces, else what any new
    file gets here (0666 less the umask, as ``open`` gives)."""
    import os
    import stat

    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _save_plot(
    rec: Recording,
    data: dict[str, Any],
    path: Path,
    symptom_s: float | None = None,
    stop_s: float | None = None,
    *,
    force: bool = False,
) -> None:
    """Save the picture whole or not at all: drawn into a temporary file beside it, then renamed. The
    walking test's times are marked on it. Unless ``force``, a file that came to be at ``path`` while
    the walk was analysed is kept (``refuse_to_replace``'s words)."""
    import os
    import tempfile

    from backstride.gait.plot import plot_gait

    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".png", dir=path.parent)
        os.close(handle)
        plot_gait(rec, data, temp, symptom_at_s=symptom_s, stop_at_s=stop_s)
        os.chmod(temp, _new_file_mode(path))  # mkstemp's file is the owner's only (0600)
        if force:
            os.replace(temp, path)
        else:  # a file saved there during the analysis is kept too: a link is never made over one
            _link_unless_there(temp, path)
    except OSError as exc:
        raise _input_error(f"--plot {path}: the picture cannot be saved ({exc.strerror or exc})") from None
    finally:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)


# -------------------------------------------------------------------------------------------- summary


def _recording_length(seconds: Any) -> str:
    """How long the recording lasts, in the words of the walking tolerance ('24 h', '2 min 18 s'): a day's
    recording read '86400.0 s'. Under a minute, to a tenth of a second as before ('59.4 s')."""
    from backstride.services import tolerance_words as said

    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds >= 60:
        return said.duration(seconds)
    return _fmt(seconds, 1, " s")


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _bout_time(seconds: Any) -> str:
    """Where a bout starts or ends, as the walk page and --plot say it and --stop-at reads back
    (``gait.time_axis.time_words``): '16.2 s' under a minute, then '2 min 17 s', '34 min 34 s'. It read
    '137.2 s' (and '2073.5 s' before ab1ba3e) where the walk page read '2 min 17 s'."""
    from backstride.gait.time_axis import time_words

    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        return time_words(seconds)
    return _fmt(seconds, 1, " s")


def _fmt(value: Any, digits: int = 2, unit: str = "") -> str:
    """A value as a person reads it, by the gait result's one rounding rule (``factors.shown``)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value}{unit}"
    if isinstance(value, float):
        from backstride.gait.factors import shown

        return f"{shown(value, digits)}{unit}"
    return str(value)


def _measure(key: str, value: Any, unit: str) -> str:
    """A measured quantity with the decimals the gait result shows it with everywhere (``SHOWN_DIGITS``)."""
    from backstride.gait.factors import SHOWN_DIGITS

    return _fmt(value, SHOWN_DIGITS[key], unit)


def _duration(seconds: float) -> str:
    from backstride.services.wording import duration_words

    return duration_words(seconds, unknown="-")


def _distance(metres: float | None) -> str:
    from backstride.services.wording import distance_words

    return distance_words(metres)


# summary key -> (plain label, how to show the value: a function, or the unit of a measured quantity,
# shown with its SHOWN_DIGITS); keys not listed are shown with their own name
SUMMARY_ROWS: dict[str, tuple[str, Any]] = {
    "n_bouts": ("walking bouts", _fmt),
    "total_walking_s": ("time walking", lambda v: "-" if v is None else _duration(v)),
    "total_steps": ("steps", _fmt),
    "total_distance_m": ("distance walked (estimated)", lambda v: _distance(v) or "-"),
    "cadence_spm": ("cadence", " steps/min"),
    "stride_length_m": ("stride length (two steps)", " m"),
    "walking_speed_mps": ("walking speed", " m/s"),
    "step_time_asymmetry_pct": ("left/right step-time difference", " %"),
    "impact_peak_g": ("landing jolt", " g"),
}


# summary key -> (its quality flags' key, flag, the words after the value) for each caveat: a number the
# result flags is not printed as a plain one
# without a gyroscope turns are not seen and keep the pendulum's (too long) stride: the phyphox walk
# lucadomene reads 0.63 m/s with its gyroscope and 0.77 m/s from Accelerometer.csv alone, and only a
# note at the end said why (review 2026-11-28); said beside the numbers, as the walk page's flags do
TURNS_UNSEEN = "may read high: no gyroscope"  # the note below says the rest: turns are not seen
SUMMARY_CAVEATS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "impact_peak_g": (("impact_quality", "low_sampling_rate", "blurred: under 50 samples a second"),),
    "total_distance_m": (("walking_speed_quality", "turns_not_corrected", TURNS_UNSEEN),),
    "stride_length_m": (("stride_length_quality", "turns_not_corrected", TURNS_UNSEEN),),
    "walking_speed_mps": (("walking_speed_quality", "turns_not_corrected", TURNS_UNSEEN),),
}


NOT_JUDGED_AWAY_CELL = "not judged: not worn at the lower back"


def _not_judged_here(summary: dict[str, Any], key: str, at_lower_back: bool) -> bool:
    """Whether the summary's ``key`` is not judged because the sensor was not at the lower back: the
    result's placement (``at_lower_back``) or the measure's own ``not_worn_at_lower_back`` flag."""
    from backstride.gait.factors import NOT_AT_LOWER_BACK, PLACE_BOUND_QUALITY

    if key == "total_distance_m":
        return not at_lower_back
    if key not in PLACE_BOUND_QUALITY:
        return False
    return not at_lower_back or NOT_AT_LOWER_BACK in (summary.get(PLACE_BOUND_QUALITY[key]) or ())


def summary_rows(summary: dict[str, Any], *, at_lower_back: bool = True) -> list[tuple[str, str]]:
    """The summary table's rows: plain labels with units, in the result's order; pelvis turning added.
    Not ``at_lower_back`` (the result's placement warning), the distance and every measure a position
    cannot support (``factors.PLACE_BOUND_QUALITY``: speed, stride length, step-time difference, pelvis
    turning, trunk lean, landing jolt; each flagged so in the JSON) read 'not judged', as it says: the
    pocket walk walk50.xls read "left/right step-time difference 40 %" and "pelvis turning 22°"."""
    rows = []
    for key, value in summary.items():
        if isinstance(value, dict | list):
            continue
        if _not_judged_here(summary, key, at_lower_back):
            label = {
                "total_distance_m": "distance walked",
                "trunk_flexion_mean_deg": "trunk lean while walking",
            }.get(key) or SUMMARY_ROWS[key][0]
            rows.append((label, NOT_JUDGED_AWAY_CELL))
            if key == "step_time_asymmetry_pct":
                rows.append(("pelvis turning per stride", NOT_JUDGED_AWAY_CELL))
            continue
        if key == "trunk_flexion_mean_deg":  # its flags change its words (gait.factors.lean_shown)
            from backstride.gait.factors import lean_shown

            rows.append(
                ("trunk lean while walking", lean_shown(value, summary.get("trunk_flexion_quality")) or "-")
            )
            continue
        label, show = SUMMARY_ROWS.get(key, (key.replace("_", " "), _fmt))
        shown = _measure(key, value, show) if isinstance(show, str) else show(value)
        for flags_key, flag, words in SUMMARY_CAVEATS.get(key, ()):
            if value is not None and flag in (summary.get(flags_key) or ()):
                shown += f" ({words})"
        rows.append((label, shown))
        if key == "step_time_asymmetry_pct":
            rot = (summary.get("pelvis") or {}).get("rotation_rom_deg")
            if rot is not None:
                rows.append(("pelvis turning per stride", _measure("rotation_rom_deg", rot, "°")))
    return rows


TOLERANCE_PARTS = (  # (seconds key, metres key, words before the time)
    ("longest_bout_s", "longest_bout_m", "longest walk without a pause:"),
    ("time_to_first_symptom_s", "distance_to_first_symptom_m", "first symptom after"),
    ("time_to_stop_s", "distance_to_stop_m", "had to stop after"),
)


def tolerance_line(tolerance: dict[str, Any], first_step_s: float | None = None) -> str:
    """What is known of the walking tolerance, in words; a hint on --symptom-at/--stop-at when not given.
    ``first_step_s``: where the first walking bout starts, said when a time was counted from it (the
    walk page's "We count from when you started walking"): '1 min 35 s' typed read '1 min 31 s'."""
    from backstride.services import tolerance_words as said

    parts = []
    counted_from_first_step = False
    for seconds_key, metres_key, words in TOLERANCE_PARTS:
        seconds = tolerance.get(seconds_key)
        if seconds is None:
            continue
        event = seconds_key.removeprefix("time_to_").removesuffix("_s")
        came = said.came(tolerance, event)  # before the walking began, or at its first step
        if came is not None:
            counted = ""
            if event == "first_symptom" and said.counted_to_stop(tolerance):
                counted = f", {said.COUNTED_TO_STOP}"
            elif event == "first_symptom" and said.stop_needed(tolerance):
                counted = f" ({said.STOP_NEEDED}: give --stop-at)"
            parts.append(f"{words.removesuffix(' after')} {came}{counted}")
            continue
        distance = said.distance(tolerance.get(metres_key))
        gap = said.nothing_recorded(tolerance, event)
        # a first symptom alone is the time before the pain starts, not how long you could walk
        stop = (
            f"{said.STOP_NEEDED}: give --stop-at"
            if event == "first_symptom" and said.stop_needed(tolerance)
            else ""
        )
        notes = [
            x
            for x in (
                said.walking_part(tolerance, event),
                distance,
                said.NOTHING_RECORDED if gap else "",
                stop,
            )
            if x
        ]
        parts.append(f"{words} {said.duration(seconds)}" + (f" ({'; '.join(notes)})" if notes else ""))
        counted_from_first_step |= seconds_key != "longest_bout_s"
    if said.no_walking_found(tolerance):  # the times were given
        parts.append(said.NO_WALKING)
    elif tolerance.get("time_to_first_symptom_s") is None and tolerance.get("time_to_stop_s") is None:
        parts.append(
            "to measure how long you can walk, give --symptom-at and --stop-at "
            "(when symptoms came, when you had to stop)"
        )
    line = "; ".join(parts)
    if counted_from_first_step and first_step_s is not None:
        line += f" (times counted from your first step, {_bout_time(first_step_s)} into the recording)"
    return line


TABLE_MAX_BOUTS = 30  # a week holds thousands of bouts: the table shows the longest ones


def shown_bouts(bouts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bouts the summary table lists: all of them, or the ``TABLE_MAX_BOUTS`` longest in time order."""
    from backstride.gait.result import longest_bouts

    return longest_bouts(bouts, TABLE_MAX_BOUTS)


# the bout table's columns: (header, how a bout shows in it); a header's two words are on two lines and no
# cell wraps (at 80 columns '1 min 27 s' read '1 min 27' over 's', and '0.90' over 'm/s')
def _bout_pelvis_turn(bout: dict[str, Any]) -> str:
    return _measure("rotation_rom_deg", (bout.get("pelvis") or {}).get("rotation_rom_deg"), "°")


BOUT_COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("from", lambda b: _bout_time(b.get("start_s"))),
    ("to", lambda b: _bout_time(b.get("end_s"))),
    ("steps", lambda b: _fmt(b.get("n_steps"))),
    ("cadence", lambda b: _measure("cadence_spm", b.get("cadence_spm"), "/min")),
    ("stride", lambda b: _measure("stride_length_m", b.get("stride_length_m"), " m")),
    ("speed", lambda b: _measure("walking_speed_mps", b.get("walking_speed_mps"), " m/s")),
    ("uneven steps", lambda b: _measure("step_time_asymmetry_pct", b.get("step_time_asymmetry_pct"), " %")),
    ("pelvis turn", _bout_pelvis_turn),
)
# a bout-table column -> the bout's quality key of its measure: a measure flagged ``not_worn_at_lower_back``
# shows "-" (not its number) and the line under the table says why
BOUT_COLUMN_MEASURE = {
    "stride": "stride_length_m",
    "speed": "walking_speed_mps",
    "uneven steps": "step_time_asymmetry_pct",
    "pelvis turn": "pelvis",
}


def _away_from_lower_back(bout: dict[str, Any], column: str) -> bool:
    from backstride.gait.factors import NOT_AT_LOWER_BACK

    quality = bout.get("quality")
    if not isinstance(quality, dict):
        return False
    return column in BOUT_COLUMN_MEASURE and NOT_AT_LOWER_BACK in (
        quality.get(BOUT_COLUMN_MEASURE[column]) or ()
    )


def not_judged_columns(bouts: list[dict[str, Any]], left_out: list[str]) -> list[str]:
    """The bout table's columns whose measure some bout flags ``not_worn_at_lower_back``."""
    return [
        name
        for name, _ in BOUT_COLUMNS
        if name not in left_out and any(_away_from_lower_back(b, name) for b in bouts)
    ]


# the layouts tried until one fits the terminal, as (outer frame drawn, columns left out): a few minutes'
# bouts fit 80 columns without the outer frame; hours into a day's recording a time reads '5 h 1 min 27 s'
# and a column goes, the exploratory numbers first, the times never
BOUT_TABLE_LAYOUTS: tuple[tuple[bool, tuple[str, ...]], ...] = (
    (True, ()),
    (False, ()),
    (False, ("pelvis turn",)),
    (False, ("pelvis turn", "uneven steps")),
    (False, ("pelvis turn", "uneven steps", "stride")),
)


def bout_table(bouts: list[dict[str, Any]], title: str, console: Any) -> tuple[Any, list[str]]:
    """The bout table that fits ``console``'s width without wrapping a cell, and the columns left out."""
    from rich.table import Table

    for edge, left_out in BOUT_TABLE_LAYOUTS:
        table = Table(title=title, title_justify="left", show_edge=edge, pad_edge=edge)
        columns = [(name, show) for name, show in BOUT_COLUMNS if name not in left_out]
        for name, _ in columns:
            table.add_column(name.replace(" ", "\n"), justify="right", no_wrap=True)
        for b in bouts:
            table.add_row(*("-" if _away_from_lower_back(b, name) else show(b) for name, show in columns))
        # its width unbounded: measured at the console's width it would never exceed it
        if console.measure(table, options=console.options.update_width(10_000)).maximum <= console.width:
            break
    return table, list(left_out)


def _print_summary(data: dict[str, Any], plot: Path | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from backstride.gait.factors import placement_warning_of

    console = _console()
    info = data.get("recording", {})
    bouts = data.get("walking_bouts") or []
    console.print(
        f"[bold]Gait analysis[/bold] of {escape(str(info.get('file', 'the recording')))}: "
        f"{_recording_length(data.get('duration_s'))} at {_fmt(data.get('sampling_rate_hz'), 0, ' Hz')}"
        f" ({info.get('source_format', '?')}"
        f"{'' if info.get('has_gyroscope', True) else ', no gyroscope'})"
    )
    alignment = dict(data.get("alignment") or {})
    alignment.setdefault("body_location", info.get("body_location"))
    warning = placement_warning_of(alignment)
    if warning is not None:  # before any number: the numbers are made for the lower back
        console.print(f"[bold yellow]Please note:[/bold yellow] {escape(warning)}")
    if not bouts:
        console.print("No walking was found in this recording (no stretch of several steps in a row).")
    else:
        shown = shown_bouts(bouts)
        title = f"Walking bouts ({len(bouts)})"
        if len(shown) < len(bouts):
            title = f"Walking bouts: the {len(shown)} longest of {len(bouts)} (--json lists them all)"
        table, left_out = bout_table(shown, title, console)
        console.print(table)
        away = not_judged_columns(shown, left_out)
        if away:  # as the summary says it: the same reason
            console.print(f"Not judged (-): {', '.join(away)}: not worn at the lower back.")
        if left_out:
            console.print(
                f"[dim]Not shown at this width: {', '.join(left_out)} (a wider window, or --json, shows "
                f"{'it' if len(left_out) == 1 else 'them'}).[/dim]"
            )
    summary = data.get("summary") or {}
    from backstride.gait.factors import NOT_AT_LOWER_BACK

    at_lower_back = NOT_AT_LOWER_BACK not in ((data.get("alignment") or {}).get("quality") or ())
    rows = summary_rows(summary, at_lower_back=at_lower_back)
    if rows:
        table = Table(title="Summary", title_justify="left", show_header=False)
        table.add_column("what")
        table.add_column("value", justify="right")
        for label, value in rows:
            table.add_row(label, value)
        console.print(table)
    tolerance = data.get("walking_tolerance") or {}
    if tolerance:
        bouts = data.get("walking_bouts") or []
        first_step = min((b["start_s"] for b in bouts if b.get("start_s") is not None), default=None)
        console.print("[bold]Walking tolerance[/bold]  " + escape(tolerance_line(tolerance, first_step)))
    factors = data.get("gait_factors") or []
    # a walk the checks will not use (too few steps in a row, or too uneven) judges no habit: the walk
    # page says so in these words, and the terminal listed "slow speed: yes" on 6 steps
    from backstride.services.gait_findings import walk_not_judged

    unjudged = walk_not_judged(data)
    if factors:
        from backstride.knowledge import load_knowledge
        from backstride.knowledge.article import article_title

        # the title names the article the factors come from, once, where it helps: a three-line sentence
        # on what "the article" means stood before this table on every run (review 2026-11-28)
        table = Table(
            title=f"Gait factors from the guide “{article_title(load_knowledge())}”, with the evidence "
            "behind them",
            title_justify="left",
        )
        table.add_column("factor")
        table.add_column("present")
        table.add_column("value", justify="right")
        # one reason for all (a phone in a pocket: "Not judged: the sensor tipped ..."), said once below
        # the table, not five times in it
        reasons = {str(f.get("explanation", "")) for f in factors}
        same_reason = (
            reasons.pop() if len(reasons) == 1 and all(f.get("present") is None for f in factors) else ""
        )
        if not unjudged and not same_reason:  # else the words below the table say why not
            table.add_column("what it means")
        for f in factors:
            value = f.get("shown_value") or _fmt(f.get("value"))
            cells = [
                str(f.get("code", "")).replace("_", " "),
                "not judged" if unjudged or f.get("present") is None else _fmt(f.get("present")),
                value,
            ]
            said = () if unjudged or same_reason else (escape(str(f.get("explanation", ""))),)
            table.add_row(*cells, *said)
        console.print(table)
        if same_reason and not unjudged:
            console.print(escape(same_reason))
    if unjudged:
        console.print(escape(unjudged))
    from backstride.gait.pipeline import one_gyroscope_note

    notes = list(dict.fromkeys(list(data.get("notes") or []) + list(info.get("reader_notes") or [])))
    notes = [n for n in one_gyroscope_note(notes) if n != warning]  # the warning: shown above already
    if notes:  # in plain words (services.plain_notes, as the walk page says them); whole in --json
        from backstride.services.plain_notes import plain_notes

        plain = plain_notes([str(n) for n in notes], in_terminal=True)
        more = " (--json has the full notes)" if plain != [str(n) for n in notes] else ""
        if plain or more:
            console.print("[dim]Notes: " + escape(" ".join(plain) + more) + "[/dim]")
    if plot is not None:
        console.print(f"Picture saved to {escape(str(plot))}")
    console.print(data.get("disclaimer") or NOT_A_DIAGNOSIS)
