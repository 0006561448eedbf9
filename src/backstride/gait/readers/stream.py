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
* Everything else (phone exports: minutes, not days; ISO time stamps; Mobilise-D) is read whole with
  :func:`read_recording` and handed out in pieces; ``stream.whole`` is that recording.

``notes`` and ``gaps_s`` are complete once the last piece has been read; ``n_samples`` and
``duration_s`` are ``None`` until then when the file does not say them up front (CSV).
"""

from __future__ import annotations

import math
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import (
    GAP_MIN_INTERVALS,
    GAP_MIN_S,
    REGULAR_JITTER_FRACTION,
    check_gravity,
    check_rate_and_length,
    fail,
    file_errors,
    within_jitter,
)
from backstride.gait.recording import Recording

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
            for piece in _rechunk(_read_ahead(self._pieces), max_samples):
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
            when = self.start_datetime + timedelta(seconds=first_sample / fs)
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
        )


READ_AHEAD = 1  # pieces decoded ahead in a second thread while the caller analyses (2 cores)


def _read_ahead(pieces: Iterator[SampleBlock], depth: int = READ_AHEAD) -> Iterator[SampleBlock]:
    """The same pieces, parsed/decoded by a helper thread up to ``depth`` ahead (pandas' parser and numpy
    release the GIL, so reading and analysing overlap). An error in the reader is raised here, in order;
    stopping early stops the helper."""
    import queue
    import threading

    if depth <= 0:
        yield from pieces
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
            for piece in pieces:
                if not put(("piece", piece)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the caller's thread
            put(("error", exc))

    thread = threading.Thread(target=work, name="backstride-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = q.get()
            if kind == "end":
                return
            if kind == "error":
                assert isinstance(item, BaseException)
                raise item
            assert isinstance(item, SampleBlock)
            yield item
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


class GridFeeder:
    """Puts samples that arrive piece by piece on one uniform grid ``t0 + i / rate_hz``.

    ``regular=True``: a piece whose samples follow the grid (every interval within 5 % of ``1/rate``, the
    first sample where the grid expects the next one) is taken as it is, exactly as the whole-file reader
    keeps regular samples. Anything else is interpolated linearly at the grid times (with the last sample
    of the previous piece, so nothing is lost between pieces); a stretch without samples longer than
    ``max(0.25 s, 5 intervals)`` is listed in ``gaps_s``.
    """

    def __init__(self, t0: float, rate_hz: float, *, regular: bool, median_dt_s: float) -> None:
        self.t0 = float(t0)
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
        if t.size == 0:
            return values[:0]
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
        if (
            self.regular
            and abs(float(t[0]) - expected) <= REGULAR_JITTER_FRACTION * dt
            and within_jitter(d, dt)
        ):
            out = values
        else:
            last = int(math.floor((float(tt[-1]) - self.t0) * self.rate_hz + 1e-9))
            idx = np.arange(self.next_index, last + 1)
            grid = self.t0 + idx / self.rate_hz
            out = np.column_stack([np.interp(grid, tt, vv[:, k]) for k in range(vv.shape[1])])
            self.n_interpolated += idx.size
        self.next_index += out.shape[0]
        self._last_t, self._last_v = float(t[-1]), values[-1].copy()
        return out


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
    from backstride.gait.readers import read_recording, resolve_format

    p, fmt = resolve_format(path, format, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    with file_errors(str(p)):
        stream = _open_in_pieces(p, fmt, acc_unit=acc_unit, gyr_unit=gyr_unit, piece_bytes=piece_bytes)
    if stream is not None:
        return stream
    rec = read_recording(p, fmt, trial=trial, acc_unit=acc_unit, gyr_unit=gyr_unit)
    return RecordingStream.from_recording(rec, str(p))


def _open_in_pieces(
    p: Path, fmt: str, *, acc_unit: str | None, gyr_unit: str | None, piece_bytes: int | None
) -> RecordingStream | None:
    """The stream of a format read piece by piece (Axivity, ActiGraph, generic CSV), or ``None`` when the
    file is read whole (other formats, folders, a CSV that ``open_csv`` leaves to the whole-file read)."""
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
