"""Readers: one function from a file (or export folder/zip) to a ``Recording``.

``read_recording(path, format="auto")`` picks the reader from the file itself (see ``detect_format``):

=================  ==========================================================================
``csv``            the generic CSV of the public contract (``time_s``, ``acc_x_mps2`` ...)
``phyphox``        phyphox zip/folder/CSV/``.xls`` (``Time (s)`` headers, any language, 5 dialects)
``sensor-logger``  Sensor Logger zip/folder/CSV/JSON (``time,seconds_elapsed,z,y,x``)
``mobilised``      Mobilise-D standardised ``data.mat`` (pick a trial with ``trial=``)
``axivity``        Axivity AX3/AX6 ``.cwa``
``actigraph``      ActiGraph ``.gt3x`` (``log.bin`` or the old ``activity.bin``) and ActiLife raw CSV exports
=================  ==========================================================================

Refused with a message saying why and what to do instead: Apple Health ``export.xml`` (step counts and
summaries, no motion signal), Physics Toolbox g-force CSVs (time of day without a date, bursty sampling),
APDM ``.h5``; and, named in plain words, what people send by mistake: backstride's own backup, FHIR
export and CSV tables, a PDF, a photo.

Every reader returns acceleration *with* gravity in m/s^2 and angular rate in deg/s on a uniform time
grid (policy in ``_common``: regular data kept, irregular phone data resampled at the rounded median rate,
gaps listed in ``Recording.gaps_s``), and writes what it did into ``Recording.notes``.
``Recording.start_datetime`` is the wall-clock time of the first sample (at ``start_s``) when the file
says it. Every problem is a :class:`~backstride.core.errors.RecordingError` whose message starts with the
file name.

``open_recording(path, format="auto")`` (``readers.stream``) reads the same recordings piece by piece for
files too long to hold in memory (a week of Axivity or generic CSV data, a day of phone data);
``gait.long_recording`` analyses such a stream window by window.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from backstride.core.errors import RecordingError, RecordingNotFoundError, RecordingOptionError
from backstride.core.export_format import EXPORT_FORMAT
from backstride.gait.readers._common import NO_RECORDING, NOT_READABLE, fail, fail_option, file_errors
from backstride.gait.readers._container import (
    EXPORT_TABLE_HEADS,
    check_zip_directory,
    export_roots,
    open_member,
    other_tables,
)
from backstride.gait.recording import Recording

FORMATS = ("auto", "csv", "phyphox", "sensor-logger", "mobilised", "axivity", "actigraph")


def read_recording(
    path: str | Path,
    format: str = "auto",
    *,
    trial: str | None = None,
    acc_unit: str | None = None,
    gyr_unit: str | None = None,
) -> Recording:
    """Read a recording. ``acc_unit``/``gyr_unit`` ("m/s^2"/"g", "deg/s"/"rad/s") serve the generic CSV
    when its header does not name the units; ``trial`` picks a trial of a Mobilise-D file.

    The public API's reader: a ``RecordingOptionError`` (a unit or a trial missing, or not fitting the
    file) names these arguments (``acc_unit="g"``), not the command line's flags (``--acc-unit``),
    which ``read_file`` (the command line's and the web's) names."""
    try:
        return read_file(path, format, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    except RecordingOptionError as exc:
        raise exc.named(RecordingOptionError.PYTHON_NAMES) from None


def read_file(path: str | Path, format: str = "auto", **options: str | None) -> Recording:
    """``read_recording`` (``options``: its ``trial``, ``acc_unit``, ``gyr_unit``) whose errors name the
    options as the command line does (``str()``), or as each interface phrases them (``phrased``)."""
    given: dict[str, str | None] = {"trial": None, "acc_unit": None, "gyr_unit": None, **options}
    p, fmt = resolve_format(path, format, **given)
    with file_errors(str(p)):
        return _read(p, fmt, **given)


def resolve_format(
    path: str | Path,
    format: str,  # noqa: A002 - the CLI's name
    *,
    trial: str | None = None,
    acc_unit: str | None = None,
    gyr_unit: str | None = None,
) -> tuple[Path, str]:
    """The path and its format (``auto`` detected from the file); a missing file, an unknown format or a
    reader option the format cannot take (units: generic csv only; trial: Mobilise-D only) is an error
    naming it. ``read_recording`` and ``open_recording`` both start here."""
    p = Path(path)
    if not p.exists():
        raise RecordingNotFoundError(f"{p}: no such file or folder")
    fmt = format.lower().replace("_", "-")
    if fmt not in FORMATS:
        raise RecordingError(f"{p}: unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if p.is_dir():
        _refuse_several_recordings(p)
    if fmt == "auto":
        fmt = detect_format(p)
    elif ((acc_unit or gyr_unit) and fmt != "csv") or (trial is not None and fmt != "mobilised"):
        _refuse_another_format(p, fmt)  # the format is wrong before the option is: said first
    if (acc_unit or gyr_unit) and fmt != "csv":
        raise fail_option(str(p), f"{{units}} apply to the generic csv format only; this is {fmt}")
    if trial is not None and fmt != "mobilised":
        raise fail_option(str(p), f"{{trial}} applies to Mobilise-D .mat files only; this is {fmt}")
    return p, fmt


# A format in the words of a message about a file that is not of it.
FORMAT_WORDS = {
    "csv": "a generic CSV file",
    "phyphox": "a phyphox export",
    "sensor-logger": "a Sensor Logger export",
    "mobilised": "a Mobilise-D .mat file",
    "axivity": "an Axivity .cwa file",
    "actigraph": "an ActiGraph .gt3x file",
}


def _refuse_another_format(p: Path, fmt: str) -> None:
    """A ``RecordingError`` when the file chosen as ``fmt`` is detected as another format: a unit or a
    trial that does not fit ``fmt`` is then not the problem (``imu.csv`` as mobilised with units)."""
    try:
        found = detect_format(p)
    except RecordingError:
        return  # a file of no format known: the option's own message stands
    if found != fmt:
        raise fail(
            str(p),
            f"is not {FORMAT_WORDS[fmt]}: it looks like {FORMAT_WORDS.get(found, found)}; choose the "
            f"format {found} (or auto, to let backstride tell)",
        )


def _read(p: Path, fmt: str, *, trial: str | None, acc_unit: str | None, gyr_unit: str | None) -> Recording:
    if fmt == "csv":
        if p.is_dir():
            raise fail(str(p), "is a folder; the csv format reads one .csv file")
        from backstride.gait.readers.csv_generic import read_csv

        return read_csv(p.read_bytes(), str(p), acc_unit=acc_unit, gyr_unit=gyr_unit)
    if fmt == "phyphox":
        from backstride.gait.readers.phyphox import read_phyphox

        return read_phyphox(p)
    if fmt == "sensor-logger":
        from backstride.gait.readers.sensor_logger import read_sensor_logger

        return read_sensor_logger(p)
    if fmt == "mobilised":
        from backstride.gait.readers.mobilised import read_mobilised

        return read_mobilised(p, trial=trial)
    if fmt == "actigraph":
        if p.is_dir():
            raise fail(
                str(p), "is a folder; the actigraph format reads one .gt3x file or ActiLife .csv export"
            )
        from backstride.gait.readers.actigraph import read_actigraph

        return read_actigraph(p)
    from backstride.gait.readers.axivity import read_axivity

    return read_axivity(p)


def list_trials(path: str | Path) -> list[str]:
    """The trials of a Mobilise-D ``data.mat`` (``TimeMeasure1/Test5/Trial1`` ...); [] for other formats."""
    p = Path(path)
    if not p.exists():
        raise RecordingNotFoundError(f"{p}: no such file or folder")
    if detect_format(p) != "mobilised":
        return []
    from backstride.gait.readers.mobilised import list_mobilised_trials

    return list_mobilised_trials(p)


# ------------------------------------------------------------------------------------------ detection

_SL_HEADERS = EXPORT_TABLE_HEADS[2:]  # Sensor Logger's (new schema, old schema)
_SL_SENSOR_FILES = {
    "accelerometer.csv",
    "totalacceleration.csv",
    "gravity.csv",
    "gyroscope.csv",
    "accelerometeruncalibrated.csv",
    "gyroscopeuncalibrated.csv",
}


def detect_format(p: Path) -> str:
    """The reader for this path, from its content (and name); refuses known unsupported formats."""
    where = str(p)
    if p.is_dir():
        return _detect_members(
            where,
            [q.relative_to(p).as_posix() for q in p.rglob("*") if q.is_file()],
            lambda m: _head_of_file(p / m),
        )
    size = p.stat().st_size
    if size == 0:
        raise fail(where, "the file is empty (0 bytes)")
    with p.open("rb") as fh:
        head = fh.read(4096)
    _refuse_other_files(where, head)
    suffix = p.suffix.lower()
    if head[:2] == b"MD" and (suffix == ".cwa" or head[4:5] in (b"\x00", b"\xff", b"\x17", b"\x64")):
        return "axivity"
    if suffix == ".cwa":
        raise fail(
            where, "is named .cwa but does not start with the Axivity 'MD' header (damaged or another format)"
        )
    if head.startswith(b"MATLAB 5.0 MAT-file") or (suffix == ".mat"):
        return "mobilised"
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        return "phyphox"  # phyphox is the only Excel (.xls) writer we read
    if zipfile.is_zipfile(p):
        check_zip_directory(p, where)  # before zipfile lists its files (millions of them: gigabytes)
    if suffix == ".gt3x" or _is_actigraph_zip(p):
        return "actigraph"  # the reader names the damage of a .gt3x that is not a readable zip
    if suffix in (".h5", ".hdf5") or head.startswith(b"\x89HDF"):
        raise fail(
            where,
            "APDM/HDF5 files are not supported yet; export the lumbar sensor as CSV "
            "(time_s, acc_x_mps2, ...)",
        )
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if suffix == ".xml" or text.startswith("<?xml") or "<HealthData" in text:
        if "HealthData" in text or "HealthKit" in text:
            raise fail(
                where,
                "this is an Apple Health export: it holds step counts and walking summaries, not the motion "
                "signal a walk needs. Bring it in as everyday walking instead (the Everyday walking page, "
                "/everyday, or 'backstride import-health FILE'); to measure one walk, record it with "
                "phyphox or Sensor Logger",
            )
        raise fail(where, "XML files are not a supported recording format")
    if zipfile.is_zipfile(p):
        try:
            with zipfile.ZipFile(p) as zf:
                names = [n for n in zf.namelist() if not n.endswith("/")]
                if any(n.endswith("export.xml") for n in names):
                    raise fail(
                        where,
                        "this is an Apple Health export.zip: it holds step counts and summaries, "
                        "not a motion signal. Bring it in as everyday walking instead (the Everyday "
                        "walking page, /everyday, or 'backstride import-health FILE'); to measure one "
                        "walk, record it with phyphox or Sensor Logger",
                    )

                def head_of(m: str) -> bytes:
                    with open_member(p, zf, m) as fh:  # 512 bytes, not all a bzip2 read unpacks
                        return fh.read(512)

                return _detect_members(where, names, head_of)
        except (zipfile.BadZipFile, UnicodeDecodeError, EOFError, zlib.error) as exc:
            raise fail(where, f"the zip file is damaged ({exc})") from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted; a method zipfile cannot unpack
            raise fail(
                where,
                f"a file in the zip cannot be unpacked ({exc}); expected a zip without a password, "
                "packed as the phone apps pack it",
            ) from None
    if suffix == ".zip":
        raise fail(where, "is named .zip but is not a readable zip archive (damaged or cut off)")
    if suffix == ".json" or text.startswith("["):
        if '"sensor"' in text:
            return "sensor-logger"
        raise fail(
            where,
            "JSON files are read only as Sensor Logger exports (a list of records with 'sensor')",
            plain=NOT_READABLE,
        )
    return _detect_text(where, text, p.name)


# what people send by mistake instead of a walk: backstride's own files and a photo or PDF of something
WALK_FILE = "To measure a walk, send the file that phyphox or Sensor Logger made"
_OTHER_FILES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a picture"),
    (b"\xff\xd8\xff", "a picture"),
)
# the first column of each CSV table `backstride export` writes (services.tables): diary, walks and
# bouts, checks, everyday walking
_OWN_TABLE_STARTS = ("entry_id,", "walk_id,", "check_id,", "day,source,")
_OWN_BACKUP = re.compile(r'^\s*\{\s*"format"\s*:\s*"' + re.escape(EXPORT_FORMAT) + '"')
_OWN_FHIR = re.compile(r'^\s*\{\s*"resourceType"\s*:\s*"Bundle"')


def _refuse_other_files(where: str, head: bytes) -> None:
    """Say in plain words what a file that is no recording is, when it is one people send by mistake."""
    what = next((name for magic, name in _OTHER_FILES if head.startswith(magic)), None)
    if what is None:
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
        if _OWN_BACKUP.match(text):
            raise fail(
                where,
                "this is a backstride backup of your records, not a recording of a walk. To bring the "
                "records back, use Restore on the Data page (or 'backstride import FILE'). " + WALK_FILE,
            )
        if _OWN_FHIR.match(text):
            what = "backstride's FHIR export (for a clinic's record system)"
        elif text.lstrip().startswith(_OWN_TABLE_STARTS):
            what = "a table that backstride wrote (the Data page's CSV files, or 'backstride export')"
    if what is not None:
        raise fail(where, f"this is {what}, not a recording of a walk. {WALK_FILE}")


def _is_actigraph_zip(p: Path) -> bool:
    """A zip holding an ActiGraph ``info.txt`` (``Serial Number:`` and ``Device Type:`` lines)."""
    if not zipfile.is_zipfile(p):
        return False
    try:
        with zipfile.ZipFile(p) as zf:
            info = [n for n in zf.namelist() if n.rsplit("/", 1)[-1].lower() == "info.txt"]
            if not info:
                return False
            with open_member(p, zf, info[0]) as fh:
                text = fh.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, UnicodeDecodeError, EOFError, OSError, zlib.error):  # the reader names it
        return False
    except (RuntimeError, NotImplementedError):  # encrypted, or a method zipfile cannot unpack: likewise
        return False
    return "Serial Number:" in text and "Device Type:" in text


def _head_of_file(f: Path) -> bytes:
    with f.open("rb") as fh:
        return fh.read(512)


def _detect_text(where: str, text: str, name: str) -> str:
    first = text.split("\n", 1)[0].strip().lower()
    if first.startswith('"time (s)"') or first.startswith("time (s)") or '(s)"' in first.split(",")[0]:
        return "phyphox"
    if first.startswith(_SL_HEADERS):
        return "sensor-logger"
    if first.startswith("version,device name"):  # was told to name columns like acc_x_mps2
        raise fail(
            where,
            "this is Sensor Logger's Metadata.csv: it describes a recording but holds no samples. Give the "
            "export's folder or zip (or its TotalAcceleration.csv)",
        )
    if first.startswith("time;gfx") or first.startswith("time,gfx"):
        raise fail(
            where,
            "Physics Toolbox g-force files are not supported: their time column has no date and the app "
            "samples in bursts. Record with phyphox or Sensor Logger instead",
        )
    if "actigraph" in first or first.startswith("accelerometer x"):
        return "actigraph"  # an ActiLife raw CSV export (its reader wants the header lines)
    return "csv"


def _detect_members(where: str, members: list[str], head_of) -> str:
    lower = {m.lower().rsplit("/", 1)[-1]: m for m in members}
    if "metadata.csv" in lower and any(n in lower for n in _SL_SENSOR_FILES):
        return "sensor-logger"
    if any(m.lower().endswith("meta/time.csv") for m in members):
        return "phyphox"
    if "data.mat" in lower:
        raise fail(where, f"is a folder with a Mobilise-D file: give the file itself ({lower['data.mat']})")
    tables = []  # walk tables of the generic CSV (time_s, acc_x ...): read as a single file, not from here
    for m in members:
        if not m.lower().endswith(".csv"):
            continue
        head = head_of(m)
        if not head.strip():
            continue
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
        first = text.split("\n", 1)[0].strip().lower()
        if first.startswith('"time (s)"') or first.startswith("time (s)"):
            return "phyphox"
        if first.startswith(_SL_HEADERS):
            return "sensor-logger"
        if _is_walk_table(first):
            tables.append(m)
    # a Mac's zip adds __MACOSX/._<name> beside each file: the file's Finder details, not a zip to give
    zips = sorted(
        m for m in members if m.lower().endswith(".zip") and not m.rsplit("/", 1)[-1].startswith("._")
    )
    if zips and not tables and not Path(where).is_dir():  # an export zipped again: it read 'no recording'
        one = len(zips) == 1
        shown = ", ".join(zips[:3]) + (f" and {len(zips) - 3} more" if len(zips) > 3 else "")
        raise fail(
            where,
            f"this zip holds {'another zip' if one else 'other zips'} ({shown}), not the recording itself: "
            f"unzip it first, then give {'that zip' if one else 'one of them'}",
        )
    raise fail(
        where,
        'no recording found here: expected a phyphox export (CSV with "Time (s)"), a Sensor Logger export '
        "(Accelerometer.csv, Metadata.csv ...), or give a single file"
        + _files_to_give(where, members, tables),
        plain=NO_RECORDING,
    )


def _is_walk_table(first_line: str) -> bool:
    """Whether a CSV's header is the generic CSV's (an accelerometer's x, y and z columns, as
    ``csv_generic`` finds them): a table backstride reads when it is given as a file."""
    from backstride.gait.readers.csv_generic import ACC_RE

    cells = (cell.strip().strip('"').strip() for cell in re.split(r"[,;\t]", first_line))
    return {m.group("axis").lower() for m in map(ACC_RE.match, cells) if m} == {"x", "y", "z"}


# files a folder may hold that are recordings themselves (an export's zip, a phyphox Excel file ...)
_RECORDING_SUFFIXES = (".zip", ".xls", ".xlsx", ".json", ".cwa", ".gt3x", ".mat", ".csv.gz")


def _files_to_give(where: str, members: list[str], tables: list[str]) -> str:
    """For a folder holding recordings as files (a Sensor Logger zip kept in a folder, a walk table of the
    generic CSV): their names, to give one of them. It read only 'no recording found here', the zip beside
    the words unnamed. A zip's walk tables are named too, to unzip (a zip's other files are not: a file
    inside a zip cannot be given by its name)."""
    if Path(where).is_dir():
        names = sorted({*tables, *(m for m in members if m.lower().endswith(_RECORDING_SUFFIXES))})
        place, give = "This folder holds", "give"
    else:
        names, place, give = sorted(tables), "The zip holds", "unzip it and give"
    if not names:
        return ""
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f". {place} {shown}: {give} {'that file' if len(names) == 1 else 'one of them'}"


def _recordings_in(folder: Path) -> tuple[list[str], set[str]]:
    """The recordings a folder holds, by their paths in it ("" for the folder itself): each phyphox
    export (the folder of its ``meta/``), each Sensor Logger export (the folder of its ``Metadata.csv``),
    any other folder of their CSV files, and each recording kept as a file (a zip, an Excel file, a walk
    table of the generic CSV ...); and which of them are exports' folders (a folder is read as the
    export it holds, where a file in it is not). Hidden files and a Mac's ``._`` files are not
    recordings."""
    files = []
    for q in folder.rglob("*"):
        rel = q.relative_to(folder)
        if q.is_file() and not any(part.startswith(".") for part in rel.parts):
            files.append(rel.as_posix())
    roots = export_roots(files)

    def head(m: str) -> str:
        first = _head_of_file(folder / m).decode("utf-8", "replace").lstrip("\ufeff")
        return first.split("\n", 1)[0].strip().lower()

    # an export's CSV files: their folder (under no export, or in a subfolder of one beside its own tables)
    exports = roots | other_tables(files, roots, head)
    units = set(exports)
    for m in files:
        if any(r == "" or m.startswith(r + "/") for r in roots):
            continue
        low = m.lower()
        if low.endswith(".csv"):
            first = head(m)
            if not first.startswith(EXPORT_TABLE_HEADS) and _is_walk_table(first):
                units.add(m)
        elif low.endswith(_RECORDING_SUFFIXES):
            units.add(m)
    return sorted(units | exports), exports


def _refuse_several_recordings(folder: Path) -> None:
    """A ``RecordingError`` for a folder of several recordings (a folder of exports, two phyphox exports
    side by side), naming a few: one of them was read, and its reader's message about one file ("missing
    column(s) ['time', 'x', 'y', 'z']", from the Sensor Logger reader given a phyphox file) said nothing
    of the folder."""
    units, exports = _recordings_in(folder)
    if len(units) < 2 or not exports:  # recordings kept as files only: no recording found, named
        return
    shown = ", ".join(units[:3]) + (f" and {len(units) - 3} more" if len(units) > 3 else "")
    raise fail(
        str(folder),
        f"this folder holds {len(units)} different recordings ({shown}), and backstride reads one walk at "
        f"a time: give just one of them, like {folder / units[0]}",
    )


from backstride.gait.readers.stream import RecordingStream, open_recording  # noqa: E402

__all__ = ["FORMATS", "RecordingStream", "detect_format", "list_trials", "open_recording", "read_recording"]
