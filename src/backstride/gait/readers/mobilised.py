"""Mobilise-D standardised ``data.mat`` (lower-back McRoberts DynaPort MM+ and others).

Structure (../shared/data/mobilised-lab/README.md): ``data.<TimeMeasure>.<Test>.<Trial>`` with
``StartDateTime``, ``TimeZone`` and ``SU.LowerBack.{Acc (g), Gyr (deg/s), Timestamp (Unix s), Fs}``.
MATLAB v5 files are read with ``scipy.io``; v7.3 (HDF5) files with ``h5py``. One file holds several
trials: pick one with ``trial="TimeMeasure1/Test5/Trial1"`` (or any unique ending such as ``Test5/Trial1``);
``list_trials`` names them. Axes: x up, y right, z forward (the Mobilise-D sensor frame).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from backstride.core.errors import RecordingOptionError
from backstride.core.units import STANDARD_GRAVITY_MPS2
from backstride.gait.readers._common import Stream, build_recording, fail, fail_option
from backstride.gait.recording import Recording

AXES_HINT = "mobilised: x up, y right, z forward"
SENSOR = "LowerBack"
# the recording's first note names the trial read, in full (kept in a walk's stored result)
TRIAL_NOTE = "Mobilise-D trial {key}, sensor {sensor}"


def trial_in_notes(notes: Any) -> str | None:
    """The trial a recording's ``notes`` say it was read from (``TimeMeasure1/Test5/Trial1``), as
    ``read_mobilised`` writes it (``TRIAL_NOTE``); None when they name none (another format)."""
    head, _, tail = TRIAL_NOTE.partition("{key}")
    tail = tail.partition("{sensor}")[0]
    for note in notes if isinstance(notes, list | tuple) else ():
        if isinstance(note, str) and note.startswith(head) and tail in note:
            return note[len(head) :].partition(tail)[0] or None
    return None


def _load(path: Path) -> dict[str, Any]:
    where = str(path)
    head = path.read_bytes()[:512] if path.stat().st_size else b""
    if not head:
        raise fail(where, "the file is empty (0 bytes)")
    if head.startswith(b"\x89HDF") or b"MATLAB 7.3" in head[:128]:
        return _load_h5(path)
    if not head.startswith(b"MATLAB 5.0 MAT-file"):
        raise fail(where, "is not a MATLAB .mat file (no 'MATLAB 5.0 MAT-file' or HDF5 header)")
    import scipy.io  # lazy: only this reader needs SciPy's MAT-file support

    try:
        mat = scipy.io.loadmat(str(path), simplify_cells=True)
    except Exception as exc:  # scipy raises many types on damaged files (ValueError, TypeError, zlib...)
        raise fail(where, f"the MAT-file is damaged or cut off ({type(exc).__name__}: {exc})") from None
    data = mat.get("data")
    if not isinstance(data, dict):
        raise fail(where, "has no 'data' struct: not a Mobilise-D standardised data.mat")
    return data


def _load_h5(path: Path) -> dict[str, Any]:
    import h5py  # lazy

    where = str(path)
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise fail(where, f"the MATLAB 7.3 (HDF5) file is damaged ({exc})") from None
    if "data" not in f:
        raise fail(where, "has no 'data' group: not a Mobilise-D standardised data.mat")

    def walk(node: Any) -> Any:
        if isinstance(node, h5py.Group):
            return {k: walk(node[k]) for k in node.keys() if not k.startswith("#")}
        arr = node[()]
        cls = node.attrs.get("MATLAB_class", b"")
        if (cls.decode() if isinstance(cls, bytes) else str(cls)) == "char":
            return "".join(chr(c) for c in np.asarray(arr).ravel())
        arr = np.asarray(arr)
        return arr.T if arr.ndim == 2 else arr  # MATLAB is column-major

    try:
        return walk(f["data"])
    finally:
        f.close()


def _trials(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for tm, tests in data.items():
        if not isinstance(tests, dict):
            continue
        for test, trials in tests.items():
            if not isinstance(trials, dict):
                continue
            for trial, content in trials.items():
                if isinstance(content, dict) and "SU" in content:
                    out[f"{tm}/{test}/{trial}"] = content
    return out


def list_mobilised_trials(path: Path) -> list[str]:
    return sorted(_trials(_load(path)))


def read_mobilised(path: Path, trial: str | None = None) -> Recording:
    where = str(path)
    trials = _trials(_load(path))
    if not trials:
        raise fail(where, "holds no trials with sensor data (data.<TimeMeasure>.<Test>.<Trial>.SU)")
    if trial is None:
        if len(trials) > 1:
            listed = RecordingOptionError.literal(", ".join(sorted(trials)))
            example = RecordingOptionError.literal(sorted(trials)[0])
            choose = f"choose one with {{trial}} (e.g. {{trial_eg}}{example})"
            raise fail_option(where, f"holds {len(trials)} trials; {choose}: {listed}")
        key = next(iter(trials))
    else:
        want = trial.replace(".", "/").strip("/")
        matches = [k for k in trials if k == want or k.endswith("/" + want)]
        if len(matches) != 1:
            what = "matches no trial" if not matches else f"matches {len(matches)} trials"
            listed = RecordingOptionError.literal(", ".join(sorted(trials)))
            given = RecordingOptionError.literal(repr(trial))
            raise fail_option(where, f"{{trial}} {given} {what}; the trials are: {listed}")
        key = matches[0]
    t = trials[key]
    label = f"{where}:{key}"
    su = t.get("SU") or {}
    if SENSOR not in su:
        raise fail(label, f"has no {SENSOR} sensor (found: {', '.join(su) or 'none'})")
    lb = su[SENSOR]
    if "Acc" not in lb:
        raise fail(label, "the LowerBack sensor has no Acc data")
    acc = np.asarray(lb["Acc"], dtype=np.float64)
    gyr = np.asarray(lb["Gyr"], dtype=np.float64) if "Gyr" in lb else None
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise fail(label, f"Acc has shape {acc.shape}, expected (n, 3)")
    if gyr is not None and gyr.shape != acc.shape:
        raise fail(label, f"Gyr has shape {gyr.shape} but Acc has {acc.shape}")
    fs = lb.get("Fs", {})
    fs_acc = _scalar(fs.get("Acc", 0.0) if isinstance(fs, dict) else fs)
    ts = np.asarray(lb.get("Timestamp", []), dtype=np.float64).ravel()
    notes = [
        TRIAL_NOTE.format(key=key, sensor=SENSOR),
        "accelerometer converted from g to m/s^2 (x 9.80665)",
    ]
    if ts.size == acc.shape[0]:
        t_s = ts - ts[0]
    elif fs_acc > 0:
        t_s = np.arange(acc.shape[0]) / fs_acc
        notes.append("no per-sample timestamps: times from Fs")
    else:
        raise fail(label, "has neither per-sample Timestamp nor a sampling rate Fs")
    start = _start(t.get("StartDateTime"), ts[0] if ts.size else None)
    rate = None
    if fs_acc > 0 and _regular(t_s):
        t_s = np.arange(acc.shape[0]) / fs_acc  # regular: use the exact nominal rate
    elif fs_acc > 0:
        rate = fs_acc  # irregular timestamps: resample onto the nominal rate
    return build_recording(
        where=label,
        source_format="mobilised",
        acc=Stream("Acc", t_s, acc * STANDARD_GRAVITY_MPS2),
        gyr=None if gyr is None else Stream("Gyr", t_s, gyr),
        notes=notes,
        start_datetime_at_zero=start,
        axes_hint=AXES_HINT,
        rate_hz=rate,
    )


def _scalar(value: Any) -> float:
    arr = np.asarray(value, dtype=np.float64).ravel()
    return float(arr[0]) if arr.size else 0.0


def _regular(t_s: np.ndarray) -> bool:
    d = np.diff(t_s)
    return bool(d.size and np.all(np.abs(d - np.median(d)) <= 0.05 * np.median(d)))


def _start(text: Any, first_unix_s: float | None) -> datetime | None:
    tz = None
    if isinstance(text, str) and text:
        try:
            parsed = datetime.fromisoformat(text)
            tz = parsed.tzinfo
            if first_unix_s is None:
                return parsed
        except ValueError:
            pass
    if first_unix_s is not None and np.isfinite(first_unix_s):
        from datetime import UTC

        dt = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=float(first_unix_s))
        return dt.astimezone(tz) if tz is not None else dt
    return None


__all__ = ["TRIAL_NOTE", "list_mobilised_trials", "read_mobilised", "trial_in_notes"]
