"""Reading a recording piece by piece: bounded memory for week-long files.

``open_recording(path, format="auto")`` returns a :class:`RecordingStream`: what the file says up front
(rate, start time, gyroscope or not) and ``blocks(max_samples)``, the samples on the uniform grid in
consecutive pieces of at most ``max_samples`` rows. Nothing bigger than one piece (plus small per-block
tables) is held, so a week at 100 Hz (60 M samples, 2.9 GB as float64) needs a few tens of megabytes.

* Axivity ``.cwa``: the whole file is checked first, block headers only (sizes, checksums, sessions,
  sample packing, dates, the time grid), so a damaged file is refused before any analysis; then the
  samples are decoded block range by block range. The grid is the one :func:`read_recording` makes.
* ActiGraph ``.gt3x``: the same way: every record of ``log.bin`` is checked first (checksums, record
  sizes, time order), then the samples are decoded 8 MB of ``log.bin`` at a time (``readers.actigraph``).
  An ActiLife CSV export is read whole.
* Generic CSV with a numeric time column (``time_s``, ``timestamp_s/_ms/_us/_ns``): the header and the
  first piece are checked at once; the rest is parsed piece by piece. The time grid is the whole file's,
  as :func:`read_recording` makes it: the median sample interval is measured at 17 places spread over
  the file (``csv_generic.RATE_PROBES`` x ``PROBE_BYTES`` of text, so a phone that starts irregular or
  changes its rate after the first piece is not put on the first piece's grid). When the first piece
  and every place measured are regular (intervals within 5 % of one median), samples are kept at the
  rate measured in the first piece; else everything is resampled at the median rate rounded to whole Hz
  (the median of the places measured: a rate within a few hundredths of a half Hz, 100.5 Hz, could
  round the other way than the whole-file median).
  Later pieces that stay on the grid are taken as they are, a piece whose timing leaves it (a gap,
  jitter, another rate) is put on the grid by linear interpolation; gaps are listed and stretches whose
  rate is more than 10 % off the grid are named in ``notes`` (``_common.RateWatch``, the same notes as the
  whole-file read). A time going backwards, or a bad row, further on is an error naming its sample or
  line when that piece is reached (before any result is written). One difference stays: a regular file
  at a rate that is not a whole number (99.7 Hz) with a gap or jitter only between the places measured
  keeps its measured rate here, where the whole-file read resamples it at 100 Hz.
* phyphox and Sensor Logger exports (zip or folder) whose sensor tables hold ``PHONE_STREAM_MIN_BYTES`` or
  more (about half an hour at 100 Hz; Sensor Logger records a whole day in the background): the
  accelerometer (+ gravity) and gyroscope tables are parsed ``PHONE_PIECE_BYTES`` at a time, a zip member
  unpacked as it is read (``open_phone``). Each sensor is cleaned and put on the grid as the whole-file
  read does (``_common.to_uniform``: the grid starts where both sensors have started, each is
  interpolated at the grid times between the same two samples, so the samples equal the whole read's);
  the rate is measured on the first piece and, where a table can be seeked (a folder, a zip member
  stored unpacked), at 17 places spread over it. The sensors, units and signs are chosen on each table's
  first piece by the whole-file rules. From the second window on each table is read by its own helper
  thread.
* Everything else (shorter phone exports, Excel and JSON exports; ISO time stamps; Mobilise-D) is read
  whole with :func:`read_recording` and handed out in pieces; ``stream.whole`` is that recording.

``notes`` and ``gaps_s`` are complete once the last piece has been read; ``n_samples`` and
``duration_s`` are ``None`` until then when the file does not say them up front (CSV).
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TextIO, TypeVar, cast

import numpy as np

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import (
    GAP_MIN_INTERVALS,
    GAP_MIN_S,
    MAX_FILLED_SAMPLES,
    MIN_DURATION_S,
    REGULAR_JITTER_FRACTION,
    GyroscopeUnitCheck,
    PieceCleaner,
    RateWatch,
    Table,
    check_gravity,
    check_rate_and_length,
    decode_text,
    fail,
    file_errors,
    merge_spans,
    real_time_after,
    split_table,
    start_clock,
    too_much_filled,
    within_jitter,
)
from backstride.gait.readers._container import Container
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording

DEFAULT_BLOCK_SAMPLES = 360_000  # one piece: an hour at 100 Hz, 17 MB of acc + gyr


# What a reader meets when a file's bytes are not what its format promises (a cut-off block, a bad number,
# text that is not UTF-8). Read piece by piece, they surface while the samples are analysed; named here,
# they stay the file's fault (a RecordingError), and anything else raised there is a bug.
DECODE_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    KeyError,
    IndexError,
    EOFError,
    struct.error,
    zipfile.BadZipFile,
    zlib.error,
)


@dataclass(frozen=True)
class SampleBlock:
    """Consecutive samples on the grid: acceleration (k, 3) in m/s^2, angular rate (k, 3) in deg/s or None."""

    acc_mps2: np.ndarray
    gyr_dps: np.ndarray | None

    @property
    def n_samples(self) -> int:
        return int(self.acc_mps2.shape[0])


@dataclass
class RecordingStream:
    """A recording read piece by piece (see the module text). Sample ``i`` (counted over all pieces) is at
    ``start_s + i / sampling_rate_hz`` seconds, like :class:`Recording`."""

    where: str
    source_format: str
    sampling_rate_hz: float
    has_gyroscope: bool
    start_s: float = 0.0
    start_datetime: datetime | None = None
    axes_hint: str | None = None
    n_samples: int | None = None
    notes: list[str] = field(default_factory=list)
    gaps_s: list[tuple[float, float]] = field(default_factory=list)
    body_location: str | None = None  # where the device says it was worn (Recording.body_location)
    body_location_said: bool = False  # ... or the person said (Recording.body_location_said)
    whole: Recording | None = None
    fraction_read: Callable[[], float] | None = None  # how much of the file was read (when n is unknown)
    _pieces: Iterator[SampleBlock] | None = None
    _started: bool = False

    @classmethod
    def from_recording(cls, rec: Recording, where: str = "<memory>") -> RecordingStream:
        """A recording already in memory, handed out in pieces."""
        return cls(
            where=where,
            source_format=rec.source_format,
            sampling_rate_hz=rec.sampling_rate_hz,
            has_gyroscope=rec.gyr_dps is not None,
            start_s=rec.start_s,
            start_datetime=rec.start_datetime,
            axes_hint=rec.axes_hint,
            n_samples=rec.n_samples,
            notes=list(rec.notes),
            gaps_s=list(rec.gaps_s),
            body_location=rec.body_location,
            body_location_said=rec.body_location_said,
            whole=rec,
        )

    @property
    def duration_s(self) -> float | None:
        return None if self.n_samples is None else self.n_samples / self.sampling_rate_hz

    def blocks(self, max_samples: int = DEFAULT_BLOCK_SAMPLES) -> Iterator[SampleBlock]:
        """The samples in order, in pieces of at most ``max_samples`` rows (one pass only)."""
        if self._started:
            raise RuntimeError("a RecordingStream can be read once")
        self._started = True
        max_samples = max(1, int(max_samples))
        if self.whole is not None:
            rec = self.whole
            for a in range(0, rec.n_samples, max_samples):
                gyr = None if rec.gyr_dps is None else rec.gyr_dps[a : a + max_samples]
                yield SampleBlock(rec.acc_mps2[a : a + max_samples], gyr)
            return
        assert self._pieces is not None
        total = 0
        try:
            # the first window (the analyser asks for pieces of a quarter window) is read in this thread:
            # a recording of one window has nothing to overlap its reading with, and a helper thread's
            # own heap (glibc arena) held 70-80 MB more at the peak of a 1-hour 200 Hz phyphox export
            ahead = _read_ahead(self._pieces, start_after=READ_AHEAD_AFTER_PIECES * max_samples)
            for piece in _rechunk(ahead, max_samples):
                total += piece.n_samples
                yield piece
        except RecordingError:
            raise
        except MemoryError:
            raise fail(self.where, "is too large to read into memory") from None
        except OSError as exc:  # the file went away or the disk failed while it was read
            raise fail(self.where, f"cannot be read ({exc})") from None
        except DECODE_ERRORS as exc:  # bytes that are not what the format promises, met piece by piece
            raise fail(self.where, f"could not be read as a recording: {exc}") from exc
        self.n_samples = total

    def recording(self, acc: np.ndarray, gyr: np.ndarray | None, first_sample: int) -> Recording:
        """A :class:`Recording` of samples ``first_sample ...`` of this stream, on the stream's time axis
        (its ``start_s`` is the time of ``first_sample``; gaps are those inside it)."""
        fs = self.sampling_rate_hz
        t0 = self.start_s + first_sample / fs
        t1 = t0 + acc.shape[0] / fs
        gaps = tuple((max(a, t0), min(b, t1)) for a, b in self.gaps_s if b > t0 and a < t1)
        when = None
        if self.start_datetime is not None:  # the wall-clock time of this piece's first sample
            when = real_time_after(self.start_datetime, first_sample / fs)
        return Recording(
            acc_mps2=acc,
            gyr_dps=gyr,
            sampling_rate_hz=fs,
            source_format=self.source_format,
            start_s=t0,
            start_datetime=when,
            axes_hint=self.axes_hint,
            notes=tuple(self.notes),
            gaps_s=gaps,
            body_location=self.body_location,
            body_location_said=self.body_location_said,
        )


READ_AHEAD = 1  # pieces decoded ahead in a second thread while the caller analyses (2 cores)
READ_AHEAD_AFTER_PIECES = 5  # ... once this many pieces have been read (the first window: 4 + its pad)
READ_AHEAD_AFTER_S = 3720.0  # phone tables: each read ahead after the first window (an hour + 2 pads)


def _read_ahead(
    pieces: Iterator[SampleBlock], depth: int = READ_AHEAD, start_after: int = 0
) -> Iterator[SampleBlock]:
    """The same pieces, parsed/decoded by a helper thread up to ``depth`` ahead (pandas' parser and numpy
    release the GIL, so reading and analysing overlap) once ``start_after`` samples have been read in the
    caller's thread. An error in the reader is raised here, in order; stopping early stops the helper."""
    done = 0
    while done < start_after:
        piece = next(pieces, None)
        if piece is None:
            return
        done += piece.n_samples
        yield piece
    yield from prefetch(pieces, depth)


T = TypeVar("T")


def prefetch(items: Iterator[T], depth: int = READ_AHEAD, name: str = "backstride-read-ahead") -> Iterator[T]:
    """The same items, made by a helper thread up to ``depth`` ahead of the caller. An error raised while
    making them is raised here, in order; stopping early stops the helper."""
    import queue
    import threading

    if depth <= 0:
        yield from items
        return
    q: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[str, object]) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False  # the caller stopped reading

    def work() -> None:
        try:
            for item in items:
                if not put(("item", item)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the caller's thread
            put(("error", exc))

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    try:
        while True:
            kind, got = q.get()
            if kind == "end":
                return
            if kind == "error":
                assert isinstance(got, BaseException)
                raise got
            yield cast(T, got)
    finally:
        stop.set()
        thread.join(timeout=5)


def _rechunk(pieces: Iterator[SampleBlock], max_samples: int) -> Iterator[SampleBlock]:
    """Pieces of exactly ``max_samples`` rows (the last one shorter), whatever sizes the decoder made."""
    acc_parts: list[np.ndarray] = []
    gyr_parts: list[np.ndarray] = []
    held = 0
    for p in pieces:
        if p.n_samples == 0:
            continue
        acc_parts.append(p.acc_mps2)
        if p.gyr_dps is not None:
            gyr_parts.append(p.gyr_dps)
        held += p.n_samples
        while held >= max_samples:
            acc = np.concatenate(acc_parts) if len(acc_parts) > 1 else acc_parts[0]
            gyr = (np.concatenate(gyr_parts) if len(gyr_parts) > 1 else gyr_parts[0]) if gyr_parts else None
            yield SampleBlock(acc[:max_samples], None if gyr is None else gyr[:max_samples])
            acc_parts = [acc[max_samples:]]
            gyr_parts = [] if gyr is None else [gyr[max_samples:]]
            held -= max_samples
    if held:
        acc = np.concatenate(acc_parts) if len(acc_parts) > 1 else acc_parts[0]
        gyr = (np.concatenate(gyr_parts) if len(gyr_parts) > 1 else gyr_parts[0]) if gyr_parts else None
        yield SampleBlock(acc, gyr)


# ------------------------------------------------------------------------------------------ the grid


FILL_CHUNK_ROWS = 262_144  # grid rows interpolated at a time (2 MB of times): a long gap's temporaries


class GridFeeder:
    """Puts samples that arrive piece by piece on one uniform grid ``t0 + i / rate_hz``.

    ``regular=True``: a piece whose samples follow the grid (every interval within 5 % of ``1/rate``, the
    first sample where the grid expects the next one) is taken as it is, exactly as the whole-file reader
    keeps regular samples. Anything else is interpolated linearly at the grid times (with the last sample
    of the previous piece, so nothing is lost between pieces); a stretch without samples longer than
    ``max(0.25 s, 5 intervals)`` is listed in ``gaps_s``. A piece that would fill in more than
    ``MAX_FILLED_SAMPLES`` grid rows (one stretch over 28 hours at 100 Hz: a wrong time far ahead) is
    refused before its grid is made; shorter stretches, however many, are filled (a phone off each
    night of a week). The grid is interpolated ``FILL_CHUNK_ROWS`` rows at a time, so a long stretch
    costs its rows and no more.
    """

    def __init__(
        self, t0: float, rate_hz: float, *, regular: bool, median_dt_s: float, where: str = "the recording"
    ) -> None:
        self.t0 = float(t0)
        self.where = where
        self.rate_hz = float(rate_hz)
        self.regular = regular
        self.gap_limit_s = max(GAP_MIN_S, GAP_MIN_INTERVALS * median_dt_s)
        self.next_index = 0
        self.gaps_s: list[tuple[float, float]] = []
        self.n_interpolated = 0
        self._last_t: float | None = None
        self._last_v: np.ndarray | None = None

    def feed(self, t: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Grid rows from the samples ``(t, values)`` (times increasing, after the previous piece's)."""
        parts = list(self.feed_parts(t, values))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def feed_parts(self, t: np.ndarray, values: np.ndarray) -> Iterator[np.ndarray]:
        """``feed``'s rows in parts of at most ``FILL_CHUNK_ROWS`` where they are interpolated: a long
        stretch without samples is handed on a part at a time, never made whole (read them all: the
        grid moves on as the last part is taken)."""
        if t.size == 0:
            yield values[:0]
            return
        dt = 1.0 / self.rate_hz
        if self._last_t is None:
            tt, vv = t, values
        else:
            tt = np.concatenate([[self._last_t], t])
            vv = np.concatenate([self._last_v[None, :], values])  # type: ignore[index]
        d = np.diff(tt)
        for i in np.flatnonzero(d > self.gap_limit_s):
            self.gaps_s.append((float(tt[i]), float(tt[i + 1])))
        expected = self.t0 + self.next_index * dt
        first_index = self.next_index
        self._last_t, self._last_v = float(t[-1]), values[-1].copy()
        if (
            self.regular
            and abs(float(t[0]) - expected) <= REGULAR_JITTER_FRACTION * dt
            and within_jitter(d, dt)
        ):
            self.next_index += values.shape[0]
            yield values
            return
        last = int(math.floor((float(tt[-1]) - self.t0) * self.rate_hz + 1e-9))
        n_rows = max(0, last + 1 - first_index)
        if n_rows - t.size > MAX_FILLED_SAMPLES:  # before a row of it is made
            widest = int(np.argmax(d))
            raise too_much_filled(
                float(tt[widest]), float(tt[widest + 1]), self.rate_hz, self.where, in_all=False
            )
        self.n_interpolated += n_rows - self._rows_in_gaps(tt, d, first_index, last)
        self.next_index += n_rows
        if n_rows == 0:
            yield vv[:0]
            return
        for start in range(0, n_rows, FILL_CHUNK_ROWS):
            stop = min(n_rows, start + FILL_CHUNK_ROWS)
            grid = self.t0 + np.arange(first_index + start, first_index + stop) / self.rate_hz
            yield np.column_stack([np.interp(grid, tt, vv[:, k]) for k in range(vv.shape[1])])

    def _rows_in_gaps(self, tt: np.ndarray, d: np.ndarray, first: int, last: int) -> int:
        """Grid rows ``first`` to ``last`` that lie inside the gaps of ``tt`` (``d``: its steps): a gap is
        said as a gap, not counted among the samples the timing left the grid at (a 2-hour stretch
        without the gyroscope was '714000 samples put on the grid ... where the timing left it')."""
        n = 0
        for i in np.flatnonzero(d > self.gap_limit_s):
            lo = max(first, math.floor((float(tt[i]) - self.t0) * self.rate_hz + 1e-9) + 1)
            hi = min(last, math.ceil((float(tt[i + 1]) - self.t0) * self.rate_hz - 1e-9) - 1)
            n += max(0, hi - lo + 1)
        return n


# ------------------------------------------------------------------------------------- phone exports

PHONE_STREAM_MIN_BYTES = (
    32_000_000  # sensor tables smaller than this (~30 min at 100 Hz acc + gyr) are read whole
)
PHONE_PIECE_BYTES = 4_000_000  # text parsed at a time per sensor table (~50,000 rows)

Piece = tuple[np.ndarray, np.ndarray]  # one sensor's times (s) and values (k, 3), already in final units
PhoneChunk = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # acc times s, m/s^2, gyr times s, deg/s


MAX_LINE_BYTES = 1 << 20  # a row of a sensor table is under 200 bytes; a zip member may unpack 1000-fold


def read_piece(fh: IO[bytes], size: int, where: str = "the table") -> bytes:
    """About ``size`` bytes, ending at a line end (or at the end of the file). A line longer than
    ``MAX_LINE_BYTES`` is refused (a tiny zip may hold gigabytes of one line, never to be held whole)."""
    raw = fh.read(size)
    if raw and not raw.endswith(b"\n"):
        rest = fh.readline(MAX_LINE_BYTES)
        if len(rest) >= MAX_LINE_BYTES and not rest.endswith(b"\n"):
            raise fail(
                where,
                f"has a line longer than {MAX_LINE_BYTES:,} bytes; expected a table of sensor samples, "
                "one short row a line",
            )
        raw += rest
    return raw


class BytesRead:
    """Bytes of text read so far out of ``total`` (progress of a stream whose length is not known)."""

    def __init__(self, total: int) -> None:
        self.total = max(1, int(total))
        self.n = 0

    def fraction(self) -> float:
        return min(1.0, self.n / self.total)


def table_numbers(
    fh: IO[bytes], where: str, piece_bytes: int, usecols: list[int], counter: BytesRead | None = None
) -> Iterator[np.ndarray]:
    """The columns ``usecols`` of a delimited text table read from ``fh`` piece by piece: float64 arrays
    (k, len(usecols)), NaN where a cell is empty. A bad row is named by its line in the file, as the
    whole-file read names it. ``fh`` is closed when the pieces end (or stop being read)."""
    try:
        raw = read_piece(fh, piece_bytes, where)
        table = split_table(decode_text(raw, where), where)
        if counter is not None:
            counter.n += len(raw)
        yield table.numbers(usecols, fast=True)
        line = table.first_data_line + table.body.count("\n")
        while raw := read_piece(fh, piece_bytes, where):
            if counter is not None:
                counter.n += len(raw)
            if not raw.isspace():  # (strip() would copy the piece)
                yield _piece_numbers(raw, table, line, usecols)
            line += count_lines(raw)
    finally:
        fh.close()


def count_lines(raw: bytes) -> int:
    """The line ends in ``raw``: ``raw.count(b"\\n")``, vectorised (bytes.count tests a byte at a time,
    ~2.3 GB/s here, 0.8 s of CPU for the 24-hour Sensor Logger benchmark's 1.7 GB of text; this ~6 GB/s)."""
    return int(np.count_nonzero(np.frombuffer(raw, dtype=np.uint8) == 10))


def _last_line(raw: bytes) -> bytes:
    """The last line of ``raw`` without its line end: ``raw.rstrip(b"\\r\\n").rsplit(b"\\n", 1)[-1]``,
    without copying the rest of the piece."""
    end = len(raw)
    while end and raw[end - 1] in (10, 13):
        end -= 1
    return raw[raw.rfind(b"\n", 0, end) + 1 : end]


def _piece_numbers(raw: bytes, table: Table, line: int, usecols: list[int]) -> np.ndarray:
    """A later piece's numbers: pandas' C parser straight from the bytes (no text copy) for a comma table
    whose last row is whole; anything else, or a cell that is not a number, through ``Table.numbers``,
    which names the problem and its line as the whole-file read does."""
    if table.delimiter == ",":
        if _last_line(raw).count(b",") + 1 >= len(table.header):
            import pandas as pd

            try:
                frame = pd.read_csv(
                    io.BytesIO(raw),
                    sep=",",
                    header=None,
                    usecols=usecols,
                    dtype=np.float64,
                    engine="c",
                    skip_blank_lines=True,
                    low_memory=False,
                )
                return frame[usecols].to_numpy(dtype=np.float64)
            except (ValueError, pd.errors.ParserError):
                pass  # named below
    body = raw.decode("utf-8", "replace")
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return Table(table.where, table.header, body, table.delimiter, line).numbers(usecols, fast=True)


class _Cleaned(PieceCleaner):
    """One sensor's pieces as they come from a reader, each cleaned (:class:`PieceCleaner`)."""

    def __init__(self, name: str, pieces: Iterator[Piece], where: str) -> None:
        super().__init__(name, where)
        self._pieces = pieces
        self._back: list[Piece] = []

    def next(self) -> Piece | None:
        """The next cleaned piece with at least one sample; ``None`` at the end."""
        if self._back:
            return self._back.pop()
        for piece in self._pieces:
            t, v = self.clean(*piece)
            if t.size:
                return t, v
        return None

    def read_ahead(self) -> None:
        """Let a helper thread make the pieces still to come (``prefetch``)."""
        self._pieces = prefetch(self._pieces, name=f"backstride-{self.name}")

    def first(self) -> Piece:
        """The first samples (at least two, else the whole file's message), handed out again by ``next``."""
        parts: list[Piece] = []
        while sum(p[0].size for p in parts) < 2 and (piece := self.next()) is not None:
            parts.append(piece)
        t = np.concatenate([p[0] for p in parts]) if parts else np.empty(0)
        if t.size < 2:
            raise self.too_few(t.size)
        v = np.concatenate([p[1] for p in parts])
        self._back.append((t, v))
        return t, v


def with_gravity(acc: Iterator[Piece], gravity: Iterator[Piece], where: str, name: str) -> Iterator[Piece]:
    """Acceleration without gravity + the gravity sensor at the acceleration's times (linear
    interpolation between the gravity samples around each time, the nearest one beyond the ends), as
    the whole-file readers add them; gravity rows with a missing value are left out."""
    g_t = np.empty(0)
    g_v = np.empty((0, 3))
    g_done = False
    for t, v in acc:
        finite = t[np.isfinite(t)]
        t_max = float(finite.max()) if finite.size else -math.inf
        while not g_done and (g_t.size == 0 or g_t[-1] <= t_max):
            got = next(gravity, None)
            if got is None:
                g_done = True
                break
            gt, gv = got
            good = np.all(np.isfinite(gv), axis=1) & np.isfinite(gt)
            g_t, g_v = np.concatenate([g_t, gt[good]]), np.concatenate([g_v, gv[good]])
        if g_t.size == 0:
            raise fail(where, f"{name}: no rows with numbers; expected time and x, y, z values")
        g_on = np.column_stack([np.interp(t, g_t, g_v[:, k]) for k in range(3)])
        yield t, v + g_on
        # keep the gravity samples from the last one at or before this piece's end: later times need
        # only those (a time that goes back is refused by the time check that follows)
        k = max(0, int(np.searchsorted(g_t, t_max, side="right")) - 1)
        g_t, g_v = g_t[k:], g_v[k:]


PROBES = 16  # places spread over a sensor table where the sampling rate is measured before the grid is set
PROBE_BYTES = 131_072  # text read at each place (~1,500 rows)


def probe_intervals(fh: IO[bytes], size: int, column: int, delimiter: str, to_s: float) -> np.ndarray:
    """Sample intervals (s) at ``PROBES`` places spread evenly over a table (and at its end): about
    ``PROBE_BYTES`` of text at each, only the time column (``to_s``: its unit in seconds), leniently (a
    bad row is skipped here and named when its piece is read). Closes ``fh``."""
    places = {int(size * k / PROBES) for k in range(PROBES)} | {max(0, size - PROBE_BYTES)}
    parts = []
    delim = delimiter.encode()
    try:
        for place in sorted(places):
            fh.seek(place)
            lines = fh.read(PROBE_BYTES).split(b"\n")[1:-1]  # whole lines (or the header) only
            t = np.array([cell_number(line, delim, column) for line in lines], dtype=np.float64) * to_s
            d = np.diff(t[np.isfinite(t)])
            parts.append(d[d > 0])  # repeated times are dropped by the reader; a step back is refused
    finally:
        fh.close()
    return np.concatenate(parts) if parts else np.empty(0)


def cell_number(line: bytes, delimiter: bytes, column: int) -> float:
    """The number in one cell of a line of text (a decimal comma read too), NaN when it holds none."""
    cells = line.split(delimiter)
    if len(cells) <= column:
        return math.nan
    try:
        return float(cells[column].strip().strip(b'"').replace(b",", b"."))
    except ValueError:
        return math.nan


def prober(
    c: Container, member: str, column: int, delimiter: str, to_s: float, piece: int
) -> Callable[[], np.ndarray] | None:
    """The sampling intervals over the whole of ``member`` (``stream.probe_intervals``), when places in it
    can be reached cheaply (not in a packed zip member) and it is longer than its first piece."""
    if not c.seekable(member) or c.size(member) <= piece:
        return None
    return lambda: probe_intervals(c.open(member), c.size(member), column, delimiter, to_s)


@dataclass
class PhoneSensors:
    """What a phone reader hands to :func:`open_phone`: the acceleration (with gravity, m/s^2) and the
    angular rate (deg/s, or none) of one export, each as pieces of ``(times s, values)`` on the export's
    own time axis, and what is known up front."""

    where: str
    source_format: str
    acc_name: str
    acc: Iterator[Piece]
    gyr_name: str | None
    gyr: Iterator[Piece] | None
    notes: list[str]
    start_datetime_at_zero: datetime | None
    bytes_read: BytesRead
    own_zone: bool = False  # start_datetime_at_zero is in the zone the file states (``start_clock``)
    end_notes: Callable[[], list[str]] = list  # notes the reader knows only at the end (dropped samples)
    # notes on the gaps of the whole recording (s from its start), known once the last piece is read: a
    # lone phyphox table's jumps, which cannot be told from its pauses (``phyphox._unseen_pauses_notes``)
    gaps_notes: Callable[[Sequence[tuple[float, float]]], list[str]] = lambda gaps: []
    probe: Callable[[], np.ndarray] | None = None  # acceleration intervals over the whole table (s), if cheap
    close: Callable[[], None] = lambda: None
    # the gyroscope's unit is judged (``GyroscopeUnitCheck``) when a table of one's own gave it, not an
    # app: whether its header said rad/s; None: an app's export, whose one unit is not judged
    gyr_said_rads: bool | None = None


def open_phone(sensors: PhoneSensors) -> RecordingStream:
    """A phone export (separate accelerometer and gyroscope tables on their own irregular clocks) read
    piece by piece onto one uniform grid, by the rules of ``_common.to_uniform``: the grid starts where
    both sensors have started and ends where the first one ends; samples already regular (one sensor,
    or both on the same clock, every interval within 5 % of the median) are kept as they are, else each
    sensor is interpolated linearly at the grid times, at the median rate rounded to whole Hz; gaps are
    listed, rows with a missing value and repeated times dropped, a time that goes back refused.

    The one difference from the whole-file read: the rate (and whether the samples are regular) is
    judged on the first piece (``PHONE_PIECE_BYTES`` of text, minutes of samples), not on the whole
    export; a later change of rate is named in ``notes`` (``RateWatch``) and put on the grid by
    interpolation."""
    where = sensors.where
    try:
        acc = _Cleaned(sensors.acc_name, sensors.acc, where)
        gyr = None if sensors.gyr is None else _Cleaned(sensors.gyr_name or "gyroscope", sensors.gyr, where)
        a_t, _ = acc.first()
        g_t = None if gyr is None else gyr.first()[0]
    except BaseException:
        sensors.close()
        raise
    t0 = float(a_t[0]) if g_t is None else max(float(a_t[0]), float(g_t[0]))
    dts = np.diff(a_t)
    median_dt = float(np.median(dts))
    n = a_t.size if g_t is None else min(a_t.size, g_t.size)
    same_clock = g_t is None or np.array_equal(a_t[:n], g_t[:n])
    regular = bool(same_clock and within_jitter(dts, median_dt))
    # as for a long CSV: the grid is the whole table's where places spread over it can be reached cheaply
    # (a file, a zip member stored as it is), else the first piece's
    spread = sensors.probe() if sensors.probe is not None else np.empty(0)
    if spread.size:
        spread_dt = float(np.median(spread))
        regular = (
            regular and within_jitter(spread, spread_dt) and within_jitter(np.array([median_dt]), spread_dt)
        )
        if not regular:
            median_dt = spread_dt
    notes = list(sensors.notes)
    if regular:
        rate = round((a_t.size - 1) / float(a_t[-1] - a_t[0]), 6)
    else:
        rate = float(max(1, round(1.0 / median_dt)))
        places = ", measured at places spread over the file" if spread.size else ""
        notes.append(
            f"resampled irregular timestamps (median rate {1.0 / median_dt:.6g} Hz{places}) "
            f"to a uniform {rate:.6g} Hz by linear interpolation"
        )
    check_rate_and_length(rate, max(a_t.size, int(MIN_DURATION_S * rate) + 1), where)
    g_dt = median_dt if g_t is None else float(np.median(np.diff(g_t)))
    feeders = [GridFeeder(t0, rate, regular=regular, median_dt_s=median_dt, where=where)]
    if gyr is not None:
        feeders.append(GridFeeder(t0, rate, regular=regular, median_dt_s=g_dt, where=where))
    stream = RecordingStream(
        where=where,
        source_format=sensors.source_format,
        sampling_rate_hz=rate,
        has_gyroscope=gyr is not None,
        start_s=0.0,  # counted from where both sensors have started, as the whole-file read (to_uniform)
        start_datetime=None
        if sensors.start_datetime_at_zero is None
        else start_clock(real_time_after(sensors.start_datetime_at_zero, t0), sensors.own_zone),
        notes=notes,
    )
    stream._pieces = _phone_pieces(stream, sensors, acc, gyr, feeders)
    stream.fraction_read = sensors.bytes_read.fraction
    return stream


def _phone_pieces(
    stream: RecordingStream,
    sensors: PhoneSensors,
    acc: _Cleaned,
    gyr: _Cleaned | None,
    feeders: list[GridFeeder],
) -> Iterator[SampleBlock]:
    """Grid rows of both sensors, emitted as far as both have them (the one behind is read next). A
    piece's grid rows come in parts (``GridFeeder.feed_parts``): a long stretch without samples is handed
    on a part at a time, never made whole."""
    where = stream.where
    sources = [acc] if gyr is None else [acc, gyr]
    held: list[list[np.ndarray]] = [[] for _ in sources]
    rows = [0 for _ in sources]
    pending: list[Iterator[np.ndarray] | None] = [None for _ in sources]  # a piece's parts still to take
    ended = False
    watch = RateWatch(stream.sampling_rate_hz, acc.name)
    seen_gaps = [0 for _ in sources]
    t0 = feeders[0].t0
    total = 0
    units = None  # every piece counts, as for a long generic CSV
    if gyr is not None and sensors.gyr_said_rads is not None:
        units = GyroscopeUnitCheck(where, stream.sampling_rate_hz, said_rads=sensors.gyr_said_rads)
    tables_ahead = False
    first_window = int(READ_AHEAD_AFTER_S * stream.sampling_rate_hz)
    try:
        while not ended:
            k = int(np.argmin(rows))  # the sensor with fewer grid rows is read next
            parts = pending[k]
            out = None if parts is None else next(parts, None)
            if out is None:
                pending[k] = None
                piece = sources[k].next()
                if piece is None:
                    ended = True
                else:
                    t, v = piece
                    if k == 0:
                        watch.feed(t - t0)  # times from the first sample, as the whole-file read
                    pending[k] = parts = feeders[k].feed_parts(t, v)
                    out = next(parts)  # the first part: the piece's gaps are listed by now
                    for a, b in feeders[k].gaps_s[seen_gaps[k] :]:  # on the files' clock: from t0
                        if b > max(a, t0):
                            stream.gaps_s[:] = merge_spans([*stream.gaps_s, (max(a, t0) - t0, b - t0)])
                    seen_gaps[k] = len(feeders[k].gaps_s)
            if out is not None and out.shape[0]:
                held[k].append(out)
                rows[k] += out.shape[0]
            if not tables_ahead and feeders[0].next_index >= first_window:
                # from the second window on, each table is unpacked and parsed by its own helper thread,
                # beside the analysis (zlib and pandas' tokenizer release the GIL)
                for s in sources:
                    s.read_ahead()
                tables_ahead = True
            m = min(rows)
            if m == 0:
                continue
            cut = []
            for j in range(len(sources)):
                arr = np.concatenate(held[j]) if len(held[j]) > 1 else held[j][0]
                cut.append(arr[:m])
                held[j] = [arr[m:]] if arr.shape[0] > m else []
                rows[j] -= m
            block = SampleBlock(
                np.ascontiguousarray(cut[0]), None if gyr is None else np.ascontiguousarray(cut[1])
            )
            if total == 0:
                check_gravity(block.acc_mps2, where)
            if units is not None and block.gyr_dps is not None:
                units.add(block.acc_mps2, block.gyr_dps)
            total += m
            yield block
    finally:
        sensors.close()
    if total == 0:
        names = ", ".join(s.name for s in sources)
        raise fail(where, f"the sensors ({names}) do not overlap in time")
    check_rate_and_length(stream.sampling_rate_hz, total, where)
    if units is not None:  # refused once the last piece is read, as a long generic CSV is
        units.check()
    t1 = min(float(s.last_t) for s in sources if s.last_t is not None) - t0  # where the first one ends
    stream.gaps_s[:] = [(a, min(b, t1)) for a, b in stream.gaps_s if a < t1]
    for s in sources:
        stream.notes.extend(s.notes())
    stream.notes.extend(sensors.end_notes())
    n_interpolated = sum(f.n_interpolated for f in feeders)
    if feeders[0].regular and n_interpolated:
        stream.notes.append(
            f"{n_interpolated} samples put on the {stream.sampling_rate_hz:.6g} Hz grid by "
            "linear interpolation where the timing left it"
        )
    stream.notes.extend(watch.finish())
    for a, b in stream.gaps_s:
        stream.notes.append(
            f"no samples from {a:.2f} s to {b:.2f} s ({b - a:.2f} s): filled by interpolation"
        )
    if gyr is None:
        stream.notes.append(NO_GYROSCOPE_NOTE)
    stream.notes.extend(sensors.gaps_notes(list(stream.gaps_s)))


def write_rows(fh: TextIO, first: np.ndarray, values: np.ndarray, float_format: str | None) -> None:
    """Rows ``first, values...`` as comma-separated text (pandas' writer: ~10x ``np.savetxt``)."""
    import pandas as pd

    frame = pd.DataFrame(values)
    frame.insert(0, "t", first)
    frame.to_csv(fh, header=False, index=False, float_format=float_format, lineterminator="\n")


# ----------------------------------------------------------------------------------------- entry point


def open_recording(
    path: str | Path,
    format: str = "auto",
    *,
    trial: str | None = None,
    acc_unit: str | None = None,
    gyr_unit: str | None = None,
    piece_bytes: int | None = None,
) -> RecordingStream:
    """Open a recording for reading piece by piece (see the module text). Errors as :func:`read_recording`:
    a :class:`RecordingError` naming the file. ``piece_bytes`` sets the CSV parse piece (tests)."""
    from backstride.gait.readers import read_file, resolve_format

    p, fmt = resolve_format(path, format, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    with file_errors(str(p)):
        stream = _open_in_pieces(p, fmt, acc_unit=acc_unit, gyr_unit=gyr_unit, piece_bytes=piece_bytes)
    if stream is not None:
        return stream
    rec = read_file(p, fmt, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    return RecordingStream.from_recording(rec, str(p))


def _open_in_pieces(
    p: Path, fmt: str, *, acc_unit: str | None, gyr_unit: str | None, piece_bytes: int | None
) -> RecordingStream | None:
    """The stream of a format read piece by piece (Axivity, ActiGraph, generic CSV, long phone exports), or
    ``None`` when the file is read whole (other formats, folders of one-file formats, a CSV or phone export
    that its reader leaves to the whole-file read)."""
    if fmt == "phyphox":
        from backstride.gait.readers.phyphox import open_phyphox

        return open_phyphox(p, piece_bytes=piece_bytes)
    if fmt == "sensor-logger":
        from backstride.gait.readers.sensor_logger import open_sensor_logger

        return open_sensor_logger(p, piece_bytes=piece_bytes)
    if not p.is_file():
        return None  # read_recording names a folder given for a one-file format
    if fmt == "axivity":
        from backstride.gait.readers.axivity import open_axivity

        return open_axivity(p)
    if fmt == "actigraph":
        from backstride.gait.readers.actigraph import open_actigraph

        return open_actigraph(p)
    if fmt == "csv":
        from backstride.gait.readers.csv_generic import open_csv

        return open_csv(p, acc_unit=acc_unit, gyr_unit=gyr_unit, piece_bytes=piece_bytes)
    return None


def finish_checks(stream: RecordingStream, first: SampleBlock | None) -> None:
    """Checks the whole-file reader makes, on what a stream has seen: enough samples, gravity present."""
    if first is not None:
        check_gravity(first.acc_mps2, stream.where)
    if stream.n_samples is not None:
        check_rate_and_length(stream.sampling_rate_hz, stream.n_samples, stream.where)


__all__ = ["DEFAULT_BLOCK_SAMPLES", "GridFeeder", "RecordingStream", "SampleBlock", "open_recording"]
