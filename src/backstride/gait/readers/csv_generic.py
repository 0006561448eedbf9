"""The generic CSV of the public contract (CONTRACT.md section 2).

A header row, then one row per sample. Columns are found by name, never by position:

* time: ``time_s`` or ``time`` (seconds), or ``timestamp_s`` / ``timestamp_ms`` / ``timestamp_us`` /
  ``timestamp_ns`` (Unix time in that unit), or ``timestamp`` holding ISO 8601 date-times
  (``2024-05-01T10:32:05.120``).
  ``time`` is taken only when there is no other time column (beside one it is often a clock time).
  Every kind is counted from the first row, so a result's times are from the start of the recording.
* accelerometer: ``acc_x, acc_y, acc_z`` (or ``ax, ay, az``) with the unit in the name (``acc_x_mps2``,
  ``acc_x_g``, ``acc_x (m/s^2)``, ``acc_x [g]``) or given with ``acc_unit=`` (CLI ``--acc-unit``).
* gyroscope (optional): ``gyr_x, gyr_y, gyr_z`` (also ``gyro_x``, ``gx``) with ``_dps``/``_rads`` or
  ``gyr_unit=``.

A unit is never guessed: a column without a unit and no unit option is an error, and a unit option that
contradicts the header is an error too. Separators ``,``, ``;`` or tab; decimal comma is accepted with
``;`` or tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import (
    GAP_MIN_INTERVALS,
    GAP_MIN_S,
    MAX_ABS_VALUE,
    MIN_DURATION_S,
    MIN_SAMPLING_RATE_HZ,
    MISSING_WORDS,
    NO_MOVEMENT,
    PANDAS_MIN_BYTES,
    READ_AS_CLOCK_HERE,
    FileTimes,
    GyroscopeUnitCheck,
    PieceCleaner,
    RateWatch,
    Stream,
    Table,
    acc_factor,
    axes_missing,
    blank_chars,
    both_offsets_here,
    build_recording,
    check_gravity,
    check_gyroscope,
    check_rate_and_length,
    cut_off,
    decode_text,
    fail,
    fail_option,
    gyr_factor,
    gyroscope_axes_missing,
    is_blank_line,
    merge_spans,
    readings_here,
    split_table,
    within_jitter,
    xyz_columns,
)
from backstride.gait.readers.stream import GridFeeder, RecordingStream, SampleBlock
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording

_UNIT = r"(?:[ _]*[\(\[]?(?P<unit>[^\)\]]+?)[\)\]]?)?"
# the short names many apps and scripts write (ax, ay, az; gx, gy, gz), with a unit after a space, _ or
# bracket only: "axis" is no accelerometer column
_SHORT = r"(?=[xyz](?:$|[ _\(\[]))"
ACC_RE = re.compile(rf"^(?:acc(?:el)?[ _]?|a{_SHORT})(?P<axis>[xyzXYZ]){_UNIT}$", re.I)
GYR_RE = re.compile(rf"^(?:gyr(?:o)?[ _]?|g{_SHORT})(?P<axis>[xyzXYZ]){_UNIT}$", re.I)
MAX_RATE_IN_MS_HZ = 5000.0  # time_s read as milliseconds gives a body sensor's rate (15-5,000 Hz)
_EPOCH_UNITS = {"timestamp_s": 1.0, "timestamp_ms": 1e-3, "timestamp_us": 1e-6, "timestamp_ns": 1e-9}


def _first_rate_hz(t: np.ndarray) -> float | None:
    """The sampling rate in the time column's unit from the median step of its first 100,000 rows
    (repeated times left out), for the unit checks; None without a step forward."""
    steps = np.diff(t[: 1 + 100_000])
    steps = steps[steps > 0]
    return 1.0 / float(np.median(steps)) if steps.size else None


def _check_seconds(t_s: np.ndarray, where: str, column: str = "time_s") -> None:
    """A ``time_s`` column (or ``time``, read as seconds) too slow for gait analysis that would be a
    sensor's rate in milliseconds (0, 10, 20 ...) is refused naming that, not with advice about the
    sensor's rate (checked after this)."""
    rate = _first_rate_hz(t_s[np.isfinite(t_s)])
    if rate is None:
        return
    in_ms = 1000.0 * rate  # the rate if the times were milliseconds
    if rate < MIN_SAMPLING_RATE_HZ <= in_ms <= MAX_RATE_IN_MS_HZ:
        # both told: a real 1 Hz logger in seconds would be 1,000 Hz in milliseconds, and dividing its
        # times by 1000 would make a 1,000 Hz recording of it
        raise fail(
            where,
            f"the sampling rate is {rate:.3g} Hz, too slow for gait analysis: does the time column "
            f"{column} hold milliseconds (a sample every {1.0 / rate:g} ms would be "
            f"{in_ms:,.0f} Hz)? If so, divide them by 1000 ({column} is read as seconds); if they are "
            f"seconds, set the app or sensor to 50-100 Hz",
        )


def gyroscope_unused(gyr: np.ndarray) -> str | None:
    """Why gyroscope columns hold no measurement (the note to read the file without them), or ``None``: a
    logger without a gyroscope may still write the columns, all empty or all one value (0): read as 0 deg/s,
    every walk's pelvis would "turn through 0 degrees". A real gyroscope always varies a little."""
    finite = gyr[np.isfinite(gyr).all(axis=1)]
    if finite.shape[0] == 0:
        return "the gyroscope columns are empty: read without a gyroscope"
    if (finite == finite[0]).all():
        return (
            "the gyroscope columns hold the same value in every row (as a logger without a gyroscope "
            "writes them): read without a gyroscope"
        )
    return None


SENSORS = (("accelerometer", slice(0, 3)), ("gyroscope", slice(3, 6)))  # a row's values: acc, then gyr


class OneSensorMissing:
    """A row where one sensor's values are missing (empty cells, or a value no sensor measures) and the
    other's are there keeps the other's; the missing ones are filled by linear interpolation between that
    sensor's rows before and after it. A file read whole and one read piece by piece (4 MB and over) give
    the same samples: pieces are fed in order, and rows after a piece's last complete row wait for the
    next piece. Rows before the first complete row and after the last are left out (the recording starts
    and ends where both sensors have values). A stretch where one sensor is missing for longer than the
    grid's gap limit is a gap (``spans``, on the file's clock): no walking bout runs across it.

    A stretch of rows with one sensor only that lasts more than ``HOLD_S`` after the complete row before
    it is left out whole (``dropped``): no samples there, a gap either way. Piece by piece it was held
    until the sensor came back or the file ended (a 2-hour file with the gyroscope empty for 118 min
    peaked at 297 MB instead of 155 MB); rows before the first complete row are left out as they come.
    So at most ``HOLD_S`` of rows waits, and a file read whole leaves out the same rows.

    The cleaner (``PieceCleaner(sensors=...)``) has already left out rows where both are missing."""

    HOLD_S = 10.0  # longer than any gap limit (max(0.25 s, 5 intervals) at 0.5 Hz and up): a gap anyway

    def __init__(self) -> None:
        self.filled = [0, 0]  # rows filled in, per sensor of SENSORS
        self.left_out = 0  # rows at the start or end with one sensor only
        self.dropped = 0  # rows in stretches of more than HOLD_S with one sensor only
        self.spans: list[tuple[str, float, float]] = []  # (sensor, from s, to s): one missing in between
        self._last: tuple[float, np.ndarray] | None = None  # the last complete row handed out
        self._held: list[tuple[np.ndarray, np.ndarray]] = []  # rows after it, waiting (pieces)
        self._dropping = False  # in a stretch longer than HOLD_S: rows left out until a complete one

    def feed(self, t: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows up to the last complete one of those fed so far, filled in (values without NaN)."""
        complete = np.isfinite(values).all(axis=1)
        whole = np.flatnonzero(complete)
        if self._last is None or self._dropping:  # no complete row to fill from yet, or a long stretch
            skip = t.size if whole.size == 0 else int(whole[0])
            if self._last is None:
                self.left_out += skip
            else:
                self.dropped += skip
            if whole.size == 0:
                return t[:0], values[:0]
            self._dropping = False
            t, values, complete, whole = t[skip:], values[skip:], complete[skip:], whole - skip
        if self._held:
            t = np.concatenate([*(h[0] for h in self._held), t])
            values = np.concatenate([*(h[1] for h in self._held), values])
            whole = whole + (t.size - complete.size)
            complete = np.isfinite(values).all(axis=1)
            self._held = []
        if not complete.all():
            t, values, complete, whole = self._drop_long(t, values, complete)
        if whole.size == 0:  # a stretch without one sensor goes on: held as it came (copied once)
            if t.size:
                self._held.append((t, values))
            return t[:0], values[:0]
        if complete.all():
            self._last = (float(t[-1]), values[-1])
            return t, values
        end = int(whole[-1]) + 1
        if end < t.size:
            self._held = [(t[end:], values[end:])]
            t, values = t[:end], values[:end]
        values = values.copy()
        for k, (name, cols) in enumerate(SENSORS):
            have = np.isfinite(values[:, cols]).all(axis=1)
            if have.all():
                continue
            at_t, at_v = t[have], values[have][:, cols]
            if self._last is not None:
                at_t = np.concatenate([[self._last[0]], at_t])
                at_v = np.concatenate([self._last[1][None, cols], at_v])
            missing = ~have
            self.filled[k] += int(missing.sum())
            for j in range(at_v.shape[1]):
                values[missing, cols.start + j] = np.interp(t[missing], at_t, at_v[:, j])
            # the sensor's own samples around each stretch without it
            after = np.searchsorted(at_t, t[missing], side="right")
            for i in np.unique(after):
                self.spans.append((name, float(at_t[i - 1]), float(at_t[i])))
        self._last = (float(t[-1]), values[-1])
        return t, values

    def _drop_long(
        self, t: np.ndarray, values: np.ndarray, complete: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``t``, ``values`` (after ``_last``) without the stretches of rows with one sensor only that go
        on for more than ``HOLD_S`` after the complete row before them (the first row is complete when
        there is no ``_last``); a last such stretch that does not end here starts ``_dropping``. Returns
        the rows kept, which rows of them are complete, and the indices of those."""
        at = np.arange(t.size)
        before = np.maximum.accumulate(np.where(complete, at, -1))  # the complete row before (-1: _last)
        last_s = np.nan if self._last is None else self._last[0]
        since = t - np.where(before >= 0, t[np.maximum(before, 0)], last_s)
        too_long = np.unique(before[~complete & (since > self.HOLD_S)])
        if too_long.size:
            drop = ~complete & np.isin(before, too_long)
            self.dropped += int(drop.sum())
            self._dropping = bool(drop[-1])
            t, values, complete = t[~drop], values[~drop], complete[~drop]
        return t, values, complete, np.flatnonzero(complete)

    def finish(self) -> None:
        """The end of the file: rows after the last complete one are left out."""
        self.left_out += sum(h[0].size for h in self._held)
        self._held = []

    def gaps(self, limit_s: float, t0: float) -> list[tuple[str, float, float]]:
        """The stretches longer than ``limit_s`` where one sensor is missing, from ``t0``, in time order
        (a file read whole finds one sensor's stretches, then the other's; piece by piece, both per piece)."""
        spans = sorted(self.spans, key=lambda s: (s[1], s[2], s[0]))
        return [(name, a - t0, b - t0) for name, a, b in spans if b - a > limit_s]

    def notes(self) -> list[str]:
        out = [
            f"{name}: {n} row(s) had no value (an empty cell, or one no sensor measures), filled in from "
            "the rows around them"
            for (name, _), n in zip(SENSORS, self.filled, strict=True)
            if n
        ]
        if self.dropped:
            out.append(
                f"left out {self.dropped} row(s) where one sensor had no values for more than "
                f"{self.HOLD_S:g} s: no samples there (a gap)"
            )
        if self.left_out:
            out.append(
                f"left out {self.left_out} row(s) at the start or end with only one sensor's values: the "
                "recording starts and ends where both have values"
            )
        return out


def _too_few(cleaner: PieceCleaner, fill: OneSensorMissing | None, n_samples: int) -> RecordingError:
    """``cleaner.too_few``, counting the rows left out with one sensor only as rows without values (an
    accelerometer empty in every row, beside a gyroscope), and said of the sensor that has its values in
    no row (a gyroscope of 1e30 in every row named the accelerometer, and said 'NaN')."""
    if fill is None:
        return cleaner.too_few(n_samples)
    fill.finish()
    cleaner.n_dropped += fill.left_out
    never = [k for k, n in enumerate(cleaner.n_sensor_good) if n == 0]
    return cleaner.too_few(n_samples, (SENSORS[never[0]][0], never[0]) if len(never) == 1 else None)


def one_sensor_gap_notes(gaps: list[tuple[str, float, float]]) -> list[str]:
    return [
        f"no {name} values from {a:.2f} s to {b:.2f} s ({b - a:.2f} s): filled by interpolation"
        for name, a, b in gaps
    ]


@dataclass(frozen=True)
class _Layout:
    """Which columns hold what, and the factors to m/s^2 and deg/s (from the header and the options)."""

    time_col: int
    time_kind: str  # "seconds", "iso" or a key of _EPOCH_UNITS
    acc_idx: list[int]
    gyr_idx: list[int]
    acc_k: float
    gyr_k: float | None
    gyr_missing: str | None = None  # a gyroscope without all of x, y, z: the note, read without it


def _refuse_an_axis_twice(header: list[str], where: str) -> None:
    """Two columns for one axis (acc_x_mps2 and acc_x_g): which one holds the signal cannot be told, and the
    first was taken in silence."""
    for sensor, pattern in (("acc", ACC_RE), ("gyr", GYR_RE)):
        for axis in "xyz":
            names = [h for h in header if (m := pattern.match(h)) and m.group("axis").lower() == axis]
            if len(names) > 1:
                raise fail(
                    where,
                    f"{sensor}_{axis} is given twice ({', '.join(names)}); keep one column per axis",
                )


def _layout(header: list[str], where: str, acc_unit: str | None, gyr_unit: str | None) -> _Layout:
    lower = [h.lower() for h in header]
    _refuse_an_axis_twice(header, where)
    acc_cols = xyz_columns(header, ACC_RE)
    if acc_cols is None:
        raise fail(
            where,
            f"no accelerometer columns acc_x, acc_y, acc_z (or ax, ay, az) in the header {header}; "
            "expected e.g. time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps",
            plain=NO_MOVEMENT,
        )
    gyr_cols = xyz_columns(header, GYR_RE)
    if _unit_unsaid(acc_cols, acc_unit) and gyr_cols is not None and _unit_unsaid(gyr_cols, gyr_unit):
        # both said at once: the lab's imu.csv was refused for the first, then again for the second
        called = _called(header, acc_cols, "acc") + _called(header, gyr_cols, "gyr")
        raise fail_option(
            where,
            f"the acc_x/y/z and gyr_x/y/z columns{' (' + ', '.join(called) + ')' if called else ''} do not "
            "say their units; name them like acc_x_mps2 or acc_x_g and gyr_x_dps or gyr_x_rads, or "
            "{give_units}",
        )
    acc_k = _unit_factor(acc_cols, acc_unit, "acc", acc_factor, where, header)
    gyr_k = None if gyr_cols is None else _unit_factor(gyr_cols, gyr_unit, "gyr", gyr_factor, where, header)
    some_gyr = [(h, m) for h in header if (m := GYR_RE.match(h))]
    if gyr_cols is None and gyr_unit is not None:
        has = axes_missing(some_gyr)
        raise fail(
            where,
            "a gyroscope unit was given but "
            + ("there are no gyr_x, gyr_y, gyr_z columns" if has is None else f"the gyroscope has {has}"),
        )
    # 'time' (seconds) last: beside a named timestamp it is often a clock time for people ('10:00:00')
    epoch = [c for c in _EPOCH_UNITS if c in lower]
    if "time_s" in lower:
        time_col, time_kind = lower.index("time_s"), "seconds"
    elif epoch:
        time_col, time_kind = lower.index(epoch[0]), epoch[0]
    elif "timestamp" in lower:
        time_col, time_kind = lower.index("timestamp"), "iso"
    elif "time" in lower:
        time_col, time_kind = lower.index("time"), "seconds"
    else:
        raise fail(
            where,
            "no time column: expected time_s or time (seconds), timestamp_s/_ms/_us/_ns (Unix time) "
            f"or timestamp (ISO 8601); the header is {header}",
        )
    return _Layout(
        time_col=time_col,
        time_kind=time_kind,
        acc_idx=[acc_cols[a][0] for a in "xyz"],
        gyr_idx=[] if gyr_cols is None else [gyr_cols[a][0] for a in "xyz"],
        acc_k=acc_k,
        gyr_k=gyr_k,
        gyr_missing=gyroscope_axes_missing(some_gyr),
    )


def _unit_notes(acc_k: float, gyr_k: float | None) -> list[str]:
    notes = []
    if acc_k != 1.0:
        notes.append("accelerometer converted from g to m/s^2 (x 9.80665)")
    if gyr_k is not None and gyr_k != 1.0:
        notes.append("gyroscope converted from rad/s to deg/s")
    return notes


def read_csv(
    raw: bytes, where: str, *, acc_unit: str | None = None, gyr_unit: str | None = None
) -> Recording:
    table = split_table(decode_text(raw, where), where)
    lay = _layout(table.header, where, acc_unit, gyr_unit)
    notes: list[str] = []
    start_dt_at_zero: datetime | None = None
    own_zone = False  # ISO times with an offset ('+02:00'): read on that clock, as phyphox's offset is
    times: FileTimes | None = None  # the file's own times, quoted if they go backwards
    gyr_k = lay.gyr_k
    if lay.time_kind == "iso":
        t_s, start_dt_at_zero = _iso_times(table, lay.time_col, where)
        # a step back quotes the file's own date-times, read from its text only then
        times = FileTimes(
            table.header[lay.time_col], 0.0, 1.0, table.first_data_line, table, lay.time_col, numeric=False
        )
        if start_dt_at_zero.tzinfo is None:  # no 'Z' or offset: a clock's own time
            notes.append(f"the timestamps give no time zone: {READ_AS_CLOCK_HERE}")
        own_zone = _offset_stated(table, lay.time_col, start_dt_at_zero)
        if own_zone:
            notes.append(
                f"times are the clock where it was recorded: time zone {start_dt_at_zero.tzname()} (the "
                f"timestamps' offset), started {start_dt_at_zero:%H:%M:%S} there"
            )
        values = table.numbers(lay.acc_idx + lay.gyr_idx)
    else:
        data = table.numbers([lay.time_col, *lay.acc_idx, *lay.gyr_idx])
        t_s, values = data[:, 0], data[:, 1:]
        if lay.time_kind != "seconds":
            t_s, origin = _epoch_seconds(t_s, lay, table.header, where, None)
            start_dt_at_zero = _local(origin)
            times = _file_times(lay, table, origin)
        else:
            _check_seconds(t_s, where, table.header[lay.time_col])
            t_s, first_s = _from_first_row(t_s, where)
            notes.extend(_first_row_note(first_s))
            times = _file_times(lay, table, first_s)
    notes.extend([lay.gyr_missing] if lay.gyr_missing else [])
    unused = None if gyr_k is None else gyroscope_unused(values[:, 3:6])
    if unused is not None:
        gyr_k = None
        notes.append(unused)
    notes.extend(_unit_notes(lay.acc_k, gyr_k))
    fill = None
    if gyr_k is not None:  # a row with one sensor's values keeps them, as a file read piece by piece
        t_s, values, fill = _one_sensor_filled(t_s, values, where, notes, times)
    acc = Stream("accelerometer", t_s, values[:, :3] * lay.acc_k, times)
    gyr = None if gyr_k is None else Stream("gyroscope", t_s, values[:, 3:6] * gyr_k)
    rec = build_recording(
        where=where,
        source_format="csv",
        acc=acc,
        gyr=gyr,
        notes=notes,
        start_datetime_at_zero=start_dt_at_zero,
        own_zone=own_zone,
    )
    if fill is not None and fill.spans:
        limit = max(GAP_MIN_S, GAP_MIN_INTERVALS * float(np.median(np.diff(t_s))))
        gaps = fill.gaps(limit, float(t_s[0]))
        rec = replace(
            rec,
            gaps_s=tuple(merge_spans([*rec.gaps_s, *((a, b) for _, a, b in gaps)])),
            notes=(*rec.notes, *one_sensor_gap_notes(gaps)),
        )
    if rec.gyr_dps is not None:
        check_gyroscope(rec.acc_mps2, rec.gyr_dps, where, rec.sampling_rate_hz, said_rads=gyr_k != 1.0)
    return rec


def _one_sensor_filled(
    t_s: np.ndarray, values: np.ndarray, where: str, notes: list[str], times: FileTimes | None = None
) -> tuple[np.ndarray, np.ndarray, OneSensorMissing]:
    """A whole file's rows cleaned as a file read piece by piece cleans them (``OneSensorMissing``)."""
    cleaner = PieceCleaner("accelerometer", where, sensors=[cols for _, cols in SENSORS], times=times)
    fill = OneSensorMissing()
    t_s, values = fill.feed(*cleaner.clean(t_s, values))
    fill.finish()
    if t_s.size < 2:
        raise _too_few(cleaner, fill, t_s.size)
    notes.extend(cleaner.notes())
    notes.extend(fill.notes())
    return t_s, values, fill


def _file_times(lay: _Layout, table: Table, at_zero_s: float) -> FileTimes:
    """The file's own times (``FileTimes``) of a time column read as seconds or Unix time."""
    per_s = 1.0 / _EPOCH_UNITS.get(lay.time_kind, 1.0)
    return FileTimes(
        table.header[lay.time_col], at_zero_s * per_s, per_s, table.first_data_line, table, lay.time_col
    )


def _from_first_row(t_s: np.ndarray, where: str) -> tuple[np.ndarray, float]:
    """``time_s`` counted from its first time: every time in a result is from the start of the recording
    (CONTRACT.md), as ``--symptom-at 95`` reads it. A column from 1000 s gave bouts at '1004.3 s' in a
    2-minute recording, drawn past its end on the walk page and named so on ``--plot``."""
    finite = t_s[np.isfinite(t_s)]
    if finite.size == 0:
        raise fail(where, "the time_s column has no numbers")
    first = float(finite[0])
    return t_s - first, first


def _first_row_note(first_s: float) -> list[str]:
    if abs(first_s) < 1.0:  # a logger's first sample a moment after its start: nothing to say
        return []
    return [f"times counted from the first row (time_s {first_s:g} s there)"]


def _local(unix_s: float) -> datetime:
    """A Unix time as the clock time here (the computer's time zone; TZ sets it, as for the web pages):
    a Unix time says no zone, and in UTC a walk at 12:00 in Paris read '10:00', so --symptom-at 12:00:30
    was outside it, or, in a day-long recording, 2 hours later than meant."""
    return datetime.fromtimestamp(unix_s, tz=UTC).astimezone()


def _epoch_seconds(
    raw_t: np.ndarray, lay: _Layout, header: list[str], where: str, origin: float | None
) -> tuple[np.ndarray, float]:
    """Unix times in the column's unit -> seconds from ``origin`` (the first time, when not given yet)."""
    t = raw_t * _EPOCH_UNITS[lay.time_kind]
    if origin is None:
        finite = t[np.isfinite(t)]
        if finite.size == 0:
            raise fail(where, f"the {header[lay.time_col]} column has no numbers")
        origin = float(finite[0])
        _check_epoch(origin / _EPOCH_UNITS[lay.time_kind], header[lay.time_col], lay.time_kind, where)
        _check_epoch_rate(finite, header[lay.time_col], lay.time_kind, where)
    return t - origin, origin


def _check_epoch_rate(t_s: np.ndarray, column: str, kind: str, where: str) -> None:
    """Unix times whose rate no body sensor has, but would in another of the units (seconds under
    timestamp_ms: 'too few samples: 2000 (0.02 s)'; milliseconds under timestamp_s: advice about the sensor
    only), are refused naming that unit; a too slow one keeps the sensor advice too (a real slow logger)."""
    rate = _first_rate_hz(t_s)
    if rate is None or MIN_SAMPLING_RATE_HZ <= rate <= MAX_RATE_IN_MS_HZ:
        return
    own = _EPOCH_UNITS[kind]
    fits = [
        (k, rate * own / f)
        for k, f in _EPOCH_UNITS.items()
        if MIN_SAMPLING_RATE_HZ <= rate * own / f <= MAX_RATE_IN_MS_HZ
    ]
    if not fits:
        return
    other, other_rate = fits[0]
    unit = kind.removeprefix("timestamp_")
    if rate > MAX_RATE_IN_MS_HZ:
        raise fail(
            where,
            f"the {column} column gives {rate:,.0f} Hz, faster than any body sensor: are its times in "
            f"{other.removeprefix('timestamp_')} ({other_rate:,.0f} Hz)? Name the column {other}",
        )
    raise fail(
        where,
        f"the sampling rate is {rate:.3g} Hz, too slow for gait analysis: are the times in the {column} "
        f"column in {other.removeprefix('timestamp_')} ({other_rate:,.0f} Hz)? If so, name it {other}; if "
        f"they are in {unit}, set the app or sensor to 50-100 Hz",
    )


_YEAR_S = 365.25 * 86400
_YEAR_2000_S, _YEAR_2100_S = 946_684_800.0, 4_102_444_800.0


def _check_epoch(first: float, column: str, kind: str, where: str) -> None:
    """A first Unix time after the year 2100 in the column's unit is a unit mistake (Unix milliseconds under
    timestamp_s gave 'ValueError: year 55840 is out of range' and a traceback): named, with the unit whose
    reading is a date of this century."""
    if first * _EPOCH_UNITS[kind] < _YEAR_2100_S:
        return
    year = 1970 + first * _EPOCH_UNITS[kind] / _YEAR_S
    fits = [k for k, f in _EPOCH_UNITS.items() if _YEAR_2000_S <= first * f < _YEAR_2100_S]
    hint = f"is it {fits[0]}? Name the column {fits[0]}" if fits else "is the unit wrong?"
    unit = kind.removeprefix("timestamp_")
    raise fail(
        where,
        f"the {column} column starts at {first:.15g}, which as Unix time in {unit} would be the year "
        f"{year:.0f}: {hint}",
    )


# ---------------------------------------------------------------------------------- piece by piece

# smaller files are read whole (up to ~10 min at 100 Hz with a gyroscope, parsed by numpy without pandas).
# Read whole, a file was held three times as text (its bytes, the decoded text, the body cut from it, and
# the body encoded again for pandas) beside pandas' parse of all of it at once: a 60-minute 25 MB file
# peaked at 233 MB read whole against 142 MB piece by piece (and took 1.35 s against 0.72 s), with the
# same result. Pieces are parsed by pandas, so a file that would not use it read whole is not streamed.
STREAM_MIN_BYTES = PANDAS_MIN_BYTES
PIECE_BYTES = 4_000_000  # text parsed at a time (~58,000 rows of acc + gyr; pandas C parser)
RATE_PROBES = 16  # places spread over the file where the sampling rate is measured before the grid is set
PROBE_BYTES = 131_072  # text read at each place (~2,000 rows of acc + gyr)


def open_csv(
    path: Path, *, acc_unit: str | None, gyr_unit: str | None, piece_bytes: int | None = None
) -> RecordingStream | None:
    """The generic CSV piece by piece (``readers.stream``), or ``None`` when it is better read whole: a
    file smaller than ``STREAM_MIN_BYTES`` (unless ``piece_bytes`` is given) or with ISO time stamps."""
    where = str(path)
    size = path.stat().st_size
    if piece_bytes is None and size < STREAM_MIN_BYTES:
        return None
    piece = max(4096, int(piece_bytes or PIECE_BYTES))
    fh = path.open("rb")
    try:
        first_raw = _read_piece(fh, piece)
        text = decode_text(first_raw, where)
        table = split_table(text, where)
        table.ends_file = fh.tell() >= size
        lay = _layout(table.header, where, acc_unit, gyr_unit)
        if lay.time_kind == "iso":
            fh.close()
            return None
    except BaseException:
        fh.close()
        raise
    reader = _PieceReader(fh, where, table, lay, piece, size)
    try:
        if not table.ends_file:
            _refuse_a_cut_last_row(fh, size, table)
        first = reader.first_piece()
    except BaseException:  # a bad value or time in the first piece: the file was left open
        fh.close()
        raise
    start_dt = None if reader.origin is None else _local(reader.origin)
    notes = list(reader.early_notes)
    stream = RecordingStream(
        where=where,
        source_format="csv",
        sampling_rate_hz=reader.feeder.rate_hz,
        has_gyroscope=reader.gyr_k is not None,
        start_s=0.0,  # counted from the first complete row, as the whole-file read (to_uniform)
        start_datetime=None if start_dt is None else start_dt + timedelta(seconds=reader.feeder.t0),
        notes=notes,
    )
    stream._pieces = reader.pieces(first, stream)
    stream.fraction_read = lambda: min(1.0, reader.bytes_read / max(1, size))
    return stream


TAIL_BYTES = 65_536  # the end of a file read for its last row (a row is under 200 bytes)


def _refuse_a_cut_last_row(fh, size: int, table: Table) -> None:
    """The check the whole-file read makes before any value (``parse_numbers``): a last row with fewer
    values than the header has columns is a file cut off. Read in pieces it was met last, so a file with a
    bad value further up was refused for that value instead. Its line is counted only then."""
    back_to = fh.tell()
    d = table.delimiter.encode()
    fh.seek(max(0, size - TAIL_BYTES))
    tail = fh.read()
    end = len(tail.rstrip(b"\r\n" + blank_chars(table.delimiter).encode()))
    start = max(tail.rfind(b"\n", 0, end), tail.rfind(b"\r", 0, end)) + 1
    n_values = tail.count(d, start, end) + 1
    if (start == 0 and size > TAIL_BYTES) or n_values >= len(table.header):
        fh.seek(back_to)
        return
    fh.seek(0)
    lines, left, before = 0, size - len(tail) + start, b""  # line ends before the last row
    while left > 0:
        chunk = fh.read(min(left, 8 << 20))
        left -= len(chunk)
        joined = before + chunk
        lines += joined.count(b"\n") + joined.count(b"\r") - joined.count(b"\r\n")
        lines -= before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")
        before = chunk[-1:]  # a \r\n cut in two counts once
    raise cut_off(table.where, 1 + lines, n_values, len(table.header))


def _read_piece(fh, size: int) -> bytes:
    """About ``size`` bytes, ending at a line end (or at the end of the file)."""
    raw = fh.read(size)
    if raw and not raw.endswith(b"\n"):
        rest = fh.readline()
        raw += rest
    return raw


class _PieceReader:
    """Parses a CSV piece by piece onto one grid (``GridFeeder``); notes and gaps go into the stream."""

    def __init__(self, fh, where: str, table: Table, lay: _Layout, piece: int, size: int) -> None:
        self.fh, self.where, self.header, self.lay, self.piece = fh, where, table.header, lay, piece
        self.size = size
        self.delimiter = table.delimiter
        self.first_table = table
        self.line = table.first_data_line
        self.origin: float | None = None
        self.first_s: float | None = None  # time_s of the first row: times are counted from it
        self.gyr_k = lay.gyr_k
        self.early_notes: list[str] = []
        self.cleaner = PieceCleaner("accelerometer", where)
        self.fill: OneSensorMissing | None = None  # with a gyroscope: rows with one sensor's values kept
        self.n_spans = 0  # of fill.spans handed on to the stream
        self.bytes_read = piece
        self.median_dt = 0.0  # the grid's median sample interval (s), measured on the first piece
        self.feeder: GridFeeder
        self.watch: RateWatch

    def _numbers(self, table: Table) -> tuple[np.ndarray, np.ndarray]:
        lay = self.lay
        data = table.numbers([lay.time_col, *lay.acc_idx, *lay.gyr_idx], fast=True)
        t, values = data[:, 0], data[:, 1:]
        if lay.time_kind != "seconds":
            t, self.origin = _epoch_seconds(t, lay, self.header, self.where, self.origin)
        elif self.first_s is None:
            t, self.first_s = _from_first_row(t, self.where)
            self.early_notes.extend(_first_row_note(self.first_s))
        else:
            t = t - self.first_s
        if self.cleaner.times is None:  # a step back is said in the file's own times and lines
            at_zero = self.first_s if lay.time_kind == "seconds" else self.origin
            self.cleaner.times = _file_times(lay, self.first_table, float(at_zero or 0.0))
        # quoted from this piece's text (the rows cleaned so far are before it)
        self.cleaner.times = replace(self.cleaner.times, table=table, rows_before=self.cleaner.n_rows)
        return t, values

    def _clean(self, t: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.gyr_k is None:
            values = values[:, :3]
        t, values = self.cleaner.clean(t, values)
        if self.fill is not None:
            t, values = self.fill.feed(t, values)
        k = np.empty((1, values.shape[1]))
        k[0, :3] = self.lay.acc_k
        if values.shape[1] > 3:
            k[0, 3:] = self.gyr_k
        return t, values * k

    def first_piece(self) -> SampleBlock:
        t, values = self._numbers(self.first_table)
        self.line += self.first_table.body.count("\n")
        self.early_notes.extend([self.lay.gyr_missing] if self.lay.gyr_missing else [])
        unused = None if self.gyr_k is None else gyroscope_unused(values[:, 3:6])
        # one value in the first piece, or none (its cells empty), changing further on: kept, as read whole
        # (the rows before its first value are left out, as read whole)
        if unused is not None and not self._gyroscope_varies_further_on():
            self.gyr_k = None
            self.early_notes.append(unused)
        self.early_notes.extend(_unit_notes(self.lay.acc_k, self.gyr_k))
        if self.gyr_k is not None:
            self.cleaner.sensors = [cols for _, cols in SENSORS]
            self.fill = OneSensorMissing()
        t, values = self._clean(t, values)
        while t.size < 2:  # every row so far left out (a gyroscope that starts later): the next piece
            more = self._next_table()
            if more is None:  # the whole file: the whole-file read's message
                raise _too_few(self.cleaner, self.fill, t.size)
            t_more, v_more = self._clean(*self._numbers(more))
            self.line += more.body.count("\n")
            t, values = np.concatenate([t, t_more]), np.concatenate([values, v_more])
        if self.lay.time_kind == "seconds":
            _check_seconds(t, self.where, self.header[self.lay.time_col])
        dts = np.diff(t)
        median_dt = float(np.median(dts))
        regular = within_jitter(dts, median_dt)
        # the grid is the whole file's, not the first piece's: a phone that starts irregular or changes
        # its rate later would else be put on a wrong grid. The median interval is measured at places
        # spread over the whole file (bounded: RATE_PROBES x PROBE_BYTES of text).
        spread = self._probe_intervals()
        if spread.size:
            spread_dt = float(np.median(spread))
            regular = regular and within_jitter(spread, spread_dt)
            regular = regular and within_jitter(np.array([median_dt]), spread_dt)
            if not regular:
                median_dt = spread_dt
        if regular:
            rate = round((t.size - 1) / float(t[-1] - t[0]), 6)
        else:
            rate = float(max(1, round(1.0 / median_dt)))
        check_rate_and_length(rate, max(t.size, int(MIN_DURATION_S * rate) + 1), self.where)
        self.median_dt = median_dt
        self.feeder = GridFeeder(float(t[0]), rate, regular=regular, median_dt_s=median_dt, where=self.where)
        self.watch = RateWatch(rate, "accelerometer")
        self.watch.feed(t - self.feeder.t0)
        return self._grid(t, values)

    def _next_table(self) -> Table | None:
        """The next piece of the file as a table (its lines counted from ``line``); None at its end."""
        raw = _read_piece(self.fh, self.piece)
        if not raw.strip():
            return None
        self.bytes_read += len(raw)
        body = raw.decode("utf-8", "replace")
        if "\r" in body:
            body = body.replace("\r\n", "\n").replace("\r", "\n")
        return Table(
            where=self.where,
            header=self.header,
            body=body,
            delimiter=self.delimiter,
            first_data_line=self.line,
            ends_file=self.fh.tell() >= self.size,
        )

    def _gyroscope_varies_further_on(self) -> bool:
        """Whether the gyroscope columns change somewhere after the first piece (at ``RATE_PROBES`` places
        spread over the file, as ``_probe_intervals``): a phone lying still at first may read one value
        there (0.00 to two decimals), and the first piece alone must not read the whole file without one."""
        if self.size <= self.piece:
            return False
        back_to = self.fh.tell()
        delim = self.delimiter.encode()
        seen: set[tuple[float, ...]] = set()
        try:
            for place in sorted({int(self.size * k / RATE_PROBES) for k in range(1, RATE_PROBES)}):
                self.fh.seek(place)
                for line in self.fh.read(PROBE_BYTES).split(b"\n")[1:-1]:
                    row = tuple(_lenient_number(line, delim, c) for c in self.lay.gyr_idx)
                    if all(np.isfinite(row)):
                        seen.add(row)
                if len(seen) > 1:
                    return True
        finally:
            self.fh.seek(back_to)
        return False

    def _probe_intervals(self) -> np.ndarray:
        """Sample intervals (s) at ``RATE_PROBES`` places spread evenly over the file (and its end): about
        ``PROBE_BYTES`` of text at each, the times of the rows the reader keeps (``_row_times``), leniently
        (a bad row is skipped here and named when its piece is read); none when the first piece is the
        file. Each line is read once: the places of a small file (pieces forced small) overlapped, and the
        lines read twice or more moved the median, so a file read in pieces was put on a 50 Hz grid where
        read whole it was 51 Hz; where the places touch, their lines are one stretch (the interval between
        them counted as read whole)."""
        if self.size <= self.piece:
            return np.empty(0)
        back_to = self.fh.tell()
        places = sorted(
            {int(self.size * k / RATE_PROBES) for k in range(RATE_PROBES)} | {max(0, self.size - PROBE_BYTES)}
        )
        col, delim = self.lay.time_col, self.delimiter.encode()
        sensors = [self.lay.acc_idx] if self.gyr_k is None else [self.lay.acc_idx, self.lay.gyr_idx]
        factor = _EPOCH_UNITS.get(self.lay.time_kind, 1.0)
        parts, stretch = [], np.empty(0)
        try:
            for place, after in zip(places, [*places[1:], self.size], strict=True):
                self.fh.seek(place)
                # to the end of the line at the next place, whose first (part of a) line is left out there
                raw = self.fh.read(min(PROBE_BYTES, after - place)) + self.fh.readline()
                raw = raw[raw.find(b"\n") + 1 :]  # whole lines only (not the header)
                t = _row_times(raw, delim, col, sensors, first=place == 0, last=after == self.size)
                stretch = np.concatenate([stretch, t[np.isfinite(t)] * factor])
                if place + PROBE_BYTES < after:  # the next place does not go on from here
                    parts.append(np.diff(stretch))
                    stretch = np.empty(0)
            parts.append(np.diff(stretch))
        finally:
            self.fh.seek(back_to)
        d = np.concatenate(parts)
        return d[d > 0]  # repeated times are dropped by the reader; a step back is refused

    def _grid(self, t: np.ndarray, values: np.ndarray) -> SampleBlock:
        return self._block(self.feeder.feed(t, values))

    def _block(self, out: np.ndarray) -> SampleBlock:
        acc = np.ascontiguousarray(out[:, :3])
        gyr = None if self.gyr_k is None else np.ascontiguousarray(out[:, 3:6])
        return SampleBlock(acc, gyr)

    def pieces(self, first: SampleBlock, stream: RecordingStream) -> Iterator[SampleBlock]:
        check_gravity(first.acc_mps2, self.where)
        # the gyroscope's unit is judged on every piece, as the whole-file read judges the whole file: the
        # first piece alone missed a wrong unit everywhere after it. Refused once the last piece is read
        units = None
        if first.gyr_dps is not None:
            units = GyroscopeUnitCheck(self.where, self.feeder.rate_hz, said_rads=self.gyr_k != 1.0)
            units.add(first.acc_mps2, first.gyr_dps)
        n_gaps = 0
        try:
            yield first
            while (table := self._next_table()) is not None:
                t, values = self._clean(*self._numbers(table))
                self.watch.feed(t - self.feeder.t0)  # times from the first complete row
                self.line += table.body.count("\n")
                # a long stretch without samples comes in parts, never made whole (GridFeeder.feed_parts)
                for k, part in enumerate(self.feeder.feed_parts(t, values)):
                    if k == 0:
                        n_gaps = self._hand_on_gaps(stream, n_gaps)
                    block = self._block(part)
                    if units is not None and block.gyr_dps is not None:
                        units.add(block.acc_mps2, block.gyr_dps)
                    yield block
            if self.fill is not None:
                self.fill.finish()
            # a file of one piece: its gaps (found in the first piece) were never handed on, and read
            # as a walk without a pause (bouts run across it)
            self._hand_on_gaps(stream, n_gaps)
            if units is not None:
                units.check()
        finally:
            self.fh.close()
        stream.notes.extend(self.cleaner.notes())
        if self.fill is not None:
            stream.notes.extend(self.fill.notes())
        if not self.feeder.regular or self.feeder.n_interpolated or self.feeder.gaps_s:
            # the whole-file read's words, where it says them: a file whose pieces kept the grid but whose
            # timing left it further on (a gap) is one it resamples (it said 'N samples put on the grid')
            stream.notes.append(
                f"resampled irregular timestamps (median rate {1.0 / self.median_dt:.6g} Hz) to a uniform "
                f"{self.feeder.rate_hz:.6g} Hz by linear interpolation"
            )
        stream.notes.extend(self.watch.finish())
        t0 = self.feeder.t0
        for a, b in self.feeder.gaps_s:
            stream.notes.append(
                f"no samples from {a - t0:.2f} s to {b - t0:.2f} s ({b - a:.2f} s): filled by interpolation"
            )
        if self.fill is not None:
            stream.notes.extend(one_sensor_gap_notes(self.fill.gaps(self.feeder.gap_limit_s, t0)))
        if self.gyr_k is None:
            stream.notes.append(NO_GYROSCOPE_NOTE)

    def _hand_on_gaps(self, stream: RecordingStream, n_gaps: int) -> int:
        """The grid's gaps found since the first ``n_gaps``, and the stretches without one sensor found
        since the last call, into the stream (on its time axis)."""
        t0 = self.feeder.t0
        new = [(a - t0, b - t0) for a, b in self.feeder.gaps_s[n_gaps:]]
        if self.fill is not None:
            spans = self.fill.spans[self.n_spans :]
            self.n_spans = len(self.fill.spans)
            new += [(a - t0, b - t0) for _, a, b in spans if b - a > self.feeder.gap_limit_s]
        if new:
            stream.gaps_s[:] = merge_spans([*stream.gaps_s, *new])
        return len(self.feeder.gaps_s)


def _lenient_number(line: bytes, delimiter: bytes, col: int) -> float:
    """The number in cell ``col`` of a line (decimal comma too), NaN when there is none."""
    return _cell_number(line.split(delimiter), col)


def _cell_number(cells: list[bytes], col: int) -> float:
    """``_lenient_number`` of a line already split into cells (``_row_time`` reads several)."""
    if len(cells) <= col:
        return float("nan")
    cell = cells[col].strip().strip(b'"').replace(b",", b".")
    try:
        return float(cell)
    except ValueError:
        return float("nan")


_PLAIN_NUMBER_BYTES = b"0123456789.,-+\r"  # a row of these only (and the delimiter) holds every value


def _plain_rows(raw: bytes, delimiter: bytes) -> bool:
    """Whether every row of ``raw`` holds only plain numbers, none empty (tested at memory speed)."""
    empty = (delimiter * 2, b"\n" + delimiter, delimiter + b"\n", delimiter + b"\r")
    return not raw.translate(None, _PLAIN_NUMBER_BYTES + delimiter + b"\n") and not any(
        e in raw for e in empty
    )


def _row_times(
    raw: bytes, delimiter: bytes, col: int, sensors: list[list[int]], *, first: bool, last: bool
) -> np.ndarray:
    """The time of each line of ``raw`` whose row the reader keeps, NaN for one it drops: with no time, or
    without all the values of one sensor (``PieceCleaner``), or with one sensor only before the first row
    with both or after the last (``first``/``last``: ``raw`` is the start or the end of the file;
    ``OneSensorMissing``). A row dropped read whole, counted here, moved the median interval (a 50.5 Hz
    phone put on a 51 Hz grid read whole, 50 Hz in pieces). The sensors' cells are read only in a text with
    a cell that may be missing (``_plain_rows``)."""
    lines = raw.split(b"\n")
    if _plain_rows(raw, delimiter):  # every row holds all its values: its time alone
        return np.array([_lenient_number(line, delimiter, col) for line in lines], dtype=np.float64)
    t = np.full(len(lines), np.nan)
    complete = np.zeros(len(lines), dtype=bool)
    for i, line in enumerate(lines):
        cells = line.split(delimiter)
        have = [
            all(abs(_cell_number(cells, c)) <= MAX_ABS_VALUE for c in cols) for cols in sensors
        ]  # NaN: no
        if any(have):
            t[i], complete[i] = _cell_number(cells, col), all(have)
    complete &= np.isfinite(t)
    # a repeated time is dropped (the first row at it kept) before the rows with one sensor only at the
    # start or end are left out, as the reader does (PieceCleaner, then OneSensorMissing): a first row with
    # one sensor and a complete row at its time left both out, where this counted the second and measured
    # two intervals as one, and the file read in pieces was said to be resampled (read whole: not)
    kept = np.flatnonzero(np.isfinite(t))
    repeated = kept[1:][np.diff(t[kept]) == 0]
    t[repeated], complete[repeated] = np.nan, False
    whole = np.flatnonzero(complete)
    if first:
        t[: whole[0] if whole.size else t.size] = np.nan
    if last and whole.size:
        t[whole[-1] + 1 :] = np.nan
    return t


def _unit_unsaid(cols: dict[str, tuple[int, str]], option: str | None) -> bool:
    """Neither the header nor the option says the unit of these x/y/z columns."""
    return option is None and not any(cols[a][1] for a in "xyz")


def _called(header: list[str], cols: dict[str, tuple[int, str]], prefix: str) -> list[str]:
    """The columns' names as the header writes them, when they are not plain ``acc_x`` (or ``gyr_x``)."""
    names = [header[cols[a][0]] for a in "xyz"]
    return names if names[0].lower() != f"{prefix}_x" else []


def _unit_factor(
    cols: dict[str, tuple[int, str]],
    option: str | None,
    prefix: str,
    to_factor,
    where: str,
    header: list[str] | None = None,
) -> float:
    units = {cols[a][1] for a in "xyz"}
    header_units = {u for u in units if u}
    if len(header_units) > 1:
        raise fail(where, f"the {prefix}_x/y/z columns name different units: {sorted(header_units)}")
    if header_units:
        unit = header_units.pop()
        factor = float(to_factor(unit, where))
        if option is not None and float(to_factor(option, where)) != factor:
            raise fail(where, f"the header says {prefix} unit {unit!r} but the option says {option!r}")
        return factor
    if option is None:
        example = "acc_x_mps2 or acc_x_g" if prefix == "acc" else "gyr_x_dps or gyr_x_rads"
        give = "{give_acc_unit}" if prefix == "acc" else "{give_gyr_unit}"
        names = [] if header is None else _called(header, cols, prefix)
        called = f" ({', '.join(names)})" if names else ""
        raise fail_option(
            where,
            f"the {prefix}_x/y/z columns{called} do not say their unit; name them like {example}, or {give}",
        )
    return float(to_factor(option, where))


# ISO times are read as moments here (``clock_here``): a year 1 or 9999 date moved by a day of offsets
# left Python's calendar ('year 0 is out of range' and a traceback)
ISO_YEARS = (2, 9998)


def _iso_times(table, time_col: int, where: str) -> tuple[np.ndarray, datetime]:
    """Seconds from the first time of each row (NaN for a row with no time: an empty cell or a word for a
    missing value, dropped and counted as a ``time_s`` row without one is), and the first time. Blank lines
    are skipped, as the values' parser skips them: they were 'not an ISO 8601 date-time'."""
    lines = table.body.rstrip("\n").split("\n")
    d = table.delimiter
    stamps: list[datetime] = []
    has_time: list[bool] = []
    for k, line in enumerate(lines):
        if is_blank_line(line, d):
            continue
        cell = line.split(d)[time_col].strip().strip('"').strip() if line.count(d) >= time_col else ""
        has_time.append(bool(cell) and cell not in MISSING_WORDS)
        if not has_time[-1]:
            continue
        try:
            stamps.append(datetime.fromisoformat(cell.replace("Z", "+00:00")))
        except ValueError:
            # a number here is Unix time, whose unit (s, ms, us, ns) is never guessed: the name says it
            unix = (
                "; for Unix time, name the column by its unit: timestamp_s, timestamp_ms, timestamp_us "
                "or timestamp_ns"
                if _is_number(cell)
                else ""
            )
            raise fail(
                where,
                f"line {table.first_data_line + k}: timestamp {cell!r} is not an ISO 8601 date-time{unix}",
            ) from None
        if not ISO_YEARS[0] <= stamps[-1].year <= ISO_YEARS[1]:  # moved by an offset: off the calendar
            raise fail(
                where,
                f"line {table.first_data_line + k}: timestamp {cell!r} is too close to the start or end of "
                f"the calendar to be read; expected a year from {ISO_YEARS[0]} to {ISO_YEARS[1]}. "
                "Is the date right?",
            )
    if not stamps:
        raise fail(where, f"the {table.header[time_col]} column has no times")
    t = np.full(len(has_time), np.nan)
    t[np.flatnonzero(has_time)] = _iso_seconds(stamps, where)
    return t, stamps[0]


def _offset_stated(table: Table, time_col: int, first: datetime) -> bool:
    """The first ISO time names the offset of the clock it was written on ('2024-06-17T08:57:00+02:00'):
    the file states its clock, and clock times are read on it (``readers._common.start_clock``), as
    phyphox's 'UTC+02:00'. A time ending in 'Z' is a time in UTC, not a clock where it was recorded: it is
    shown on the clock here, as a Unix time is; so is a time without an offset."""
    if first.tzinfo is None:
        return False
    d = table.delimiter
    for line in table.body.split("\n"):
        if is_blank_line(line, d) or line.count(d) < time_col:
            continue
        cell = line.split(d)[time_col].strip().strip('"').strip()
        if cell and cell not in MISSING_WORDS:  # the first time, as _iso_times reads it
            return not cell.endswith("Z")
    return False


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _iso_seconds(stamps: list[datetime], where: str) -> np.ndarray:
    first = stamps[0]
    if any((s.tzinfo is None) != (first.tzinfo is None) for s in stamps):
        raise fail(where, "some timestamps have a time zone and some do not")
    if first.tzinfo is not None or _one_offset_here(first, stamps[-1]):
        return _seconds_from_first(stamps)
    t = _seconds_from_first(_moments_here(stamps))
    ran_on = _seconds_from_first(stamps)  # a device's clock that does not change with summer time
    if _irregular_steps(ran_on) < _irregular_steps(t):
        # it ran on across the change (01:59:59 then 02:00:00, not 01:00:00 again): read by the clock
        # here, the hour after the change was put an hour later (a 60-minute walk read 2 hours long)
        return ran_on
    return t


def _seconds_from_first(stamps: list[datetime]) -> np.ndarray:
    return np.array([(s - stamps[0]).total_seconds() for s in stamps], dtype=np.float64)


def _irregular_steps(t_s: np.ndarray) -> int:
    """How many steps from one time to the next go back or leave a stretch without samples (the grid's
    rule: longer than max(0.25 s, 5 intervals))."""
    steps = np.diff(t_s)
    forward = steps[steps > 0]
    if forward.size == 0:
        return int(steps.size)
    longest = max(GAP_MIN_S, GAP_MIN_INTERVALS * float(np.median(forward)))
    return int(np.count_nonzero((steps < 0) | (steps > longest)))


def _one_offset_here(first: datetime, last: datetime) -> bool:
    """The clock here kept one offset from ``first`` to ``last`` (no change to or from summer time)."""
    return len({m.utcoffset() for stamp in (first, last) for m in both_offsets_here(stamp)}) == 1


def _moments_here(stamps: list[datetime]) -> list[datetime]:
    """Times without a zone as moments on the clock here, by its rules (as the start is: ``clock_here``).
    Over the change to summer time 01:59 is followed by 03:00 a second later, not an hour (a 20-minute
    walk read 80 minutes long, an hour of samples made up); when the clocks go back, 01:00 after 01:59
    is the second 01:00 (it was refused: 'timestamps go backwards'). Review R5."""
    zones_at: dict[datetime, list[timezone]] = {}  # per minute on the clock: its offsets, earliest first
    out: list[datetime] = []
    for stamp in stamps:
        minute = stamp.replace(second=0, microsecond=0)
        zones = zones_at.get(minute)
        if zones is None:
            shown = readings_here(minute) or both_offsets_here(minute)  # a skipped minute: either
            zones = [timezone(m.utcoffset() or timedelta(0)) for m in shown]
            zones_at[minute] = zones
        options = [stamp.replace(tzinfo=zone) for zone in zones]
        later = [m for m in options if not out or m >= out[-1]]
        out.append((later or options)[0])
    return out
