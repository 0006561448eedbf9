"""ActiGraph ``.gt3x`` files and ActiLife raw CSV exports: a small decoder written from the format facts.

The only Python reader, pygt3x, is GPL-3.0, so this is our own (facts: ../shared/data/formats/FORMATS.md
section 4.2 and the README beside the samples; ActiGraph's published description of the file).

``.gt3x`` is a zip archive:

* ``info.txt``: ``Key: Value`` lines. ``Sample Rate`` (Hz), ``Start Date`` (.NET ticks: 100 ns since
  0001-01-01, the device's local time), ``TimeZone`` (``-04:00:00``), ``Acceleration Scale`` (LSB per g;
  older files leave it out: 341 for GT3X+/wGT3X+ ``NEO``/``CLE``/``MRA`` serials, 256 for ``MOS``/``TAS``).
* ``log.bin`` (newer devices): records ``0x1E``, type (1 byte), timestamp (uint32, seconds since 1970 on
  the device's local clock), payload size (uint16), payload, checksum (1 byte: the complement of the XOR of
  the header and payload, so the XOR of the whole record is 0xFF). Zero bytes may sit between records.
  ACTIVITY (0x00): one second of samples, 12-bit two's complement values packed most significant bit
  first in the order y, x, z. ACTIVITY2 (0x1A): one second of little-endian int16 x, y, z; a 1-byte
  ACTIVITY2 record marks a USB connection and holds no samples. EVENT (0x03) payload 0x08 / 0x09: idle
  sleep mode starts / ends. In idle sleep the device stops sampling while it lies still: no records are
  written for those seconds. Other record types are skipped.
* ``activity.bin`` (old GT3X+ "NEO" layout, firmware 2.5.0 and earlier): the 12-bit y, x, z samples as
  one packed stream from the start date, with no time stamps.

Seconds without records are a **gap**: filled with the last sample before it (what ActiLife does, since the
device sleeps when it lies still), listed in ``Recording.gaps_s`` and the notes, so no walking bout runs
across it. A record with a wrong checksum, a cut-off record or a record that does not start with 0x1E is
an error naming the record number and what was expected. ``.gt3x`` files are checked whole first (records
and checksums, 8 MB of ``log.bin`` at a time), then decoded piece by piece: memory stays bounded for a week.

ActiLife raw CSV export: 10 header lines (the first says ``... at 30 Hz ...`` and the date format; then
``Start Time``, ``Start Date`` ...), then ``Accelerometer X,Accelerometer Y,Accelerometer Z`` in g, no time
column: sample ``i`` is at ``start + i / rate``. It is read whole.
"""

from __future__ import annotations

import array
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from backstride.core.units import STANDARD_GRAVITY_MPS2
from backstride.gait.readers._common import (
    GAP_MIN_INTERVALS,
    GAP_MIN_S,
    READ_AS_CLOCK_HERE,
    check_gravity,
    check_rate_and_length,
    check_times_increase,
    clock_here,
    decode_text,
    fail,
    split_table,
)
from backstride.gait.readers._container import MAX_META_BYTES, check_zip_directory, open_member
from backstride.gait.readers.stream import RecordingStream, SampleBlock
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording

SEPARATOR = 0x1E
ACTIVITY = 0x00
ACTIVITY2 = 0x1A
EVENT = 0x03
IDLE_SLEEP_START = 0x08
HEADER = struct.Struct("<BBIH")  # separator, type, timestamp, payload size
RECORD_EXTRA = HEADER.size + 1  # header + checksum
TICKS_PER_SECOND = 10_000_000
SCALE_BY_SERIAL = {"NEO": 341.0, "CLE": 341.0, "MRA": 341.0, "MOS": 256.0, "TAS": 256.0}
SCAN_BYTES = 8 << 20  # log.bin is checked and decoded this much at a time
PIECE_SAMPLES = 120_000  # about this many grid rows are made at once (20 minutes at 100 Hz)
MAX_GAP_NOTES = 10  # gaps named one by one in the notes; more are counted
MAX_RATE_HZ = 1000  # ActiGraph devices record at 30-100 Hz (CentrePoint up to 256); 1e308 or inf: damaged
CSV_HEADER_LINES = 10
CSV_COLUMNS = ("Accelerometer X", "Accelerometer Y", "Accelerometer Z")
_NONZERO = re.compile(b"[^\x00]")


# ------------------------------------------------------------------------------------------ entry points


def read_actigraph(path: Path) -> Recording:
    """A ``.gt3x`` file or an ActiLife raw CSV export as one :class:`Recording`."""
    if is_actilife_csv(path):
        return read_actilife_csv(path)
    stream = open_gt3x(path)
    parts = [piece.acc_mps2 for piece in stream.blocks()]
    return stream.recording(np.concatenate(parts), None, 0)


def open_actigraph(path: Path) -> RecordingStream:
    """Piece by piece: a ``.gt3x`` file is checked whole, then decoded in pieces; an ActiLife CSV is read
    whole and handed out in pieces."""
    if is_actilife_csv(path):
        return RecordingStream.from_recording(read_actilife_csv(path), str(path))
    return open_gt3x(path)


def is_actilife_csv(path: Path) -> bool:
    """A text file (not a zip) whose first line is ActiLife's header or its column names."""
    if path.is_dir() or path.suffix.lower() == ".gt3x" or zipfile.is_zipfile(path):
        return False
    with path.open("rb") as fh:
        first = fh.read(512).split(b"\n", 1)[0].lower()
    return b"actigraph" in first or first.lstrip(b"\xef\xbb\xbf").startswith(b"accelerometer x")


# ----------------------------------------------------------------------------------------------- info.txt


@dataclass
class _Info:
    serial: str
    device: str
    rate_hz: int
    start: datetime  # device local time
    zone: timezone | None
    scale_lsb_per_g: float
    scale_from: str
    limb: str = ""
    side: str = ""

    @property
    def worn_at(self) -> str:
        """Where info.txt says the device was worn (``Side`` + ``Limb``, lower case), or ``""``."""
        return " ".join(w for w in (self.side, self.limb) if w).lower()


def _parse_info(raw: bytes, where: str) -> _Info:
    label = f"{where}:info.txt"
    text = raw.decode("utf-8-sig", "replace")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    expected = "expected a line like 'Sample Rate: 30' (ActiGraph info.txt)"
    if "sample rate" not in fields:
        raise fail(label, f"has no 'Sample Rate' line; {expected}")
    try:
        rate = float(fields["sample rate"])
    except ValueError:
        raise fail(label, f"the sample rate {fields['sample rate']!r} is not a number; {expected}") from None
    if not (0 < rate <= MAX_RATE_HZ and rate == int(rate)):  # the range first: int(inf) fails
        raise fail(
            label,
            f"the sample rate {fields['sample rate']!r} is not a whole number of Hz from 1 to {MAX_RATE_HZ}",
        )
    start = _ticks(fields.get("start date"), label, "Start Date")
    serial = fields.get("serial number", "")
    if "acceleration scale" in fields:
        try:
            scale = float(fields["acceleration scale"])
        except ValueError:
            scale = float("nan")
        if not scale > 0:
            raise fail(
                label, f"the acceleration scale {fields['acceleration scale']!r} is not a number above 0"
            )
        scale_from = "info.txt"
    elif serial[:3].upper() in SCALE_BY_SERIAL:
        scale = SCALE_BY_SERIAL[serial[:3].upper()]
        scale_from = f"the serial number {serial} (info.txt gives no Acceleration Scale)"
    else:
        raise fail(
            label,
            f"gives no 'Acceleration Scale' and the serial number {serial!r} is not one we know, so the size "
            "of 1 g in the file is unknown; expected a line like 'Acceleration Scale: 256.0'",
        )
    return _Info(
        serial=serial,
        device=fields.get("device type", "ActiGraph"),
        rate_hz=int(rate),
        start=start,
        zone=_zone(fields.get("timezone")),
        scale_lsb_per_g=scale,
        scale_from=scale_from,
        limb=fields.get("limb", ""),
        side=fields.get("side", ""),
    )


def _ticks(value: str | None, label: str, name: str) -> datetime:
    """.NET ticks (100 ns since 0001-01-01) as a datetime without a zone."""
    if value is None:
        raise fail(label, f"has no '{name}' line; expected a line like '{name}: 637043424000000000'")
    try:
        ticks = int(value)
        return datetime(1, 1, 1) + timedelta(microseconds=ticks // 10)
    except (ValueError, OverflowError):
        raise fail(
            label,
            f"the {name} {value!r} is not a date in .NET ticks (a whole number like 637043424000000000)",
        ) from None


def _zone(value: str | None) -> timezone | None:
    """``-04:00:00`` -> UTC-4 (None when missing or unreadable)."""
    m = re.fullmatch(r"\s*([+-])?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*", value or "")
    if not m:
        return None
    size = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)), seconds=int(m.group(4) or 0))
    if size >= timedelta(hours=24):
        return None
    return timezone(-size if m.group(1) == "-" else size)


# -------------------------------------------------------------------------------------------- the zip


@dataclass
class _Archive:
    where: str
    zf: zipfile.ZipFile
    info: _Info
    member: str  # log.bin or activity.bin (name inside the zip)
    old_layout: bool


def _open_archive(path: Path) -> _Archive:
    where = str(path)
    if path.stat().st_size == 0:
        raise fail(where, "the file is empty (0 bytes)")
    if zipfile.is_zipfile(path):
        check_zip_directory(path, where)
    try:
        zf = zipfile.ZipFile(path)
        names = [n for n in zf.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, EOFError) as exc:
        raise fail(
            where,
            f"is damaged or cut off: it is not a readable zip archive ({exc}). A .gt3x file is a zip holding "
            "info.txt and log.bin; copy it from the device or ActiLife again",
        ) from None
    by_name = {n.rsplit("/", 1)[-1].lower(): n for n in names}
    if "info.txt" not in by_name:
        zf.close()
        raise fail(where, "holds no info.txt: expected a .gt3x file from ActiLife (info.txt and log.bin)")
    member = by_name.get("log.bin") or by_name.get("activity.bin")
    if member is None:
        zf.close()
        raise fail(
            where,
            "holds no log.bin or activity.bin, so there are no samples in it; expected a .gt3x file with "
            "info.txt and log.bin (or activity.bin from an older GT3X+)",
        )
    info = _parse_info(_read_member(zf, by_name["info.txt"], where), where)
    return _Archive(where, zf, info, member, old_layout=member == by_name.get("activity.bin"))


def _read_member(zf: zipfile.ZipFile, name: str, where: str) -> bytes:
    """info.txt: a few lines (a tiny zip may unpack to gigabytes: refused by its size, unpacked a piece at
    a time, never past it)."""
    size = zf.getinfo(name).file_size
    if size > MAX_META_BYTES:
        raise fail(
            f"{where}:{name}", f"unpacks to {size:,} bytes; expected at most {MAX_META_BYTES:,} (a few lines)"
        )
    try:
        with open_member(Path(str(zf.filename)), zf, name) as fh:
            return fh.read()
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as exc:
        raise fail(f"{where}:{name}", f"is damaged and cannot be unpacked ({exc})") from None


def _chunks(archive: _Archive) -> Iterator[bytes]:
    """The member's bytes, ``SCAN_BYTES`` at a time (a damaged zip member is an error naming it)."""
    label = f"{archive.where}:{archive.member}"
    try:
        # a piece at a time (zipfile unpacks all of a read's packed bytes of bzip2 at once)
        with open_member(Path(str(archive.zf.filename)), archive.zf, archive.member) as fh:
            while True:
                chunk = fh.read(SCAN_BYTES)
                if not chunk:
                    return
                yield chunk
    except (zipfile.BadZipFile, EOFError, zlib.error, RuntimeError, NotImplementedError) as exc:
        raise fail(label, f"is damaged and cannot be unpacked ({exc}); copy the file again") from None


# ------------------------------------------------------------------------------------------- log.bin


@dataclass
class _Records:
    """One row per activity record with samples (small even for a week: ~600k rows)."""

    number: np.ndarray  # the record's place in log.bin, counted from 1 (for messages)
    offset: np.ndarray  # byte offset of its payload in log.bin
    kind: np.ndarray  # ACTIVITY or ACTIVITY2
    ts: np.ndarray  # seconds since 1970, device local clock
    count: np.ndarray  # samples in the record
    n_sleeps: int
    n_usb: int
    n_records: int


def _samples_in(kind: int, size: int) -> int:
    return size // 6 if kind == ACTIVITY2 else size * 8 // 36


def _scan_log(archive: _Archive, rate: int) -> _Records:
    """Every record of log.bin checked (separator, size, checksum); the activity records listed."""
    label = f"{archive.where}:{archive.member}"
    cols: dict[str, array.array[int]] = {
        k: array.array("q") for k in ("number", "offset", "kind", "ts", "count")
    }
    n_sleeps = n_usb = 0
    number = 0  # records seen so far
    buf = b""
    base = 0  # offset of buf[0] in log.bin
    for chunk in _chunks(archive):
        buf = buf + chunk if buf else chunk
        pos, n = 0, len(buf)
        starts: list[int] = []
        while pos < n:
            if buf[pos] != SEPARATOR:
                if buf[pos] == 0:  # zero bytes between records are allowed
                    m = _NONZERO.search(buf, pos)
                    pos = n if m is None else m.start()
                    continue
                raise fail(
                    label,
                    f"record {number + 1} does not start with the separator byte 0x1E (found "
                    f"0x{buf[pos]:02X} at byte {base + pos}); the file is damaged",
                )
            if pos + HEADER.size > n:
                break
            _, kind, ts, size = HEADER.unpack_from(buf, pos)
            if pos + size + RECORD_EXTRA > n:
                break
            number += 1
            starts.append(pos)
            if kind in (ACTIVITY, ACTIVITY2):
                if kind == ACTIVITY2 and size == 1:
                    n_usb += 1
                elif size:
                    count = _samples_in(kind, size)
                    _check_activity_size(kind, size, count, rate, number, label)
                    for key, v in (
                        ("number", number),
                        ("offset", base + pos + HEADER.size),
                        ("kind", kind),
                        ("ts", ts),
                        ("count", count),
                    ):
                        cols[key].append(v)
            elif kind == EVENT and size >= 1 and buf[pos + HEADER.size] == IDLE_SLEEP_START:
                n_sleeps += 1
            pos += size + RECORD_EXTRA
        if starts:
            _check_sums(buf, starts, pos, number - len(starts) + 1, base, label)
        buf = buf[pos:]
        base += pos
    if buf.strip(b"\x00"):
        _truncated(buf, number + 1, base, label)
    out = {k: np.frombuffer(v, dtype=np.int64) if len(v) else np.empty(0, np.int64) for k, v in cols.items()}
    return _Records(
        number=out["number"],
        offset=out["offset"],
        kind=out["kind"],
        ts=out["ts"],
        count=out["count"],
        n_sleeps=n_sleeps,
        n_usb=n_usb,
        n_records=number,
    )


def _check_activity_size(kind: int, size: int, count: int, rate: int, number: int, label: str) -> None:
    if kind == ACTIVITY2 and size % 6:
        raise fail(
            label,
            f"record {number} (ACTIVITY2) has {size} bytes of samples; expected 6 bytes a sample (x, y, z "
            "as 16-bit numbers). The file is damaged",
        )
    if kind == ACTIVITY and size != (count * 36 + 7) // 8:
        raise fail(
            label,
            f"record {number} (ACTIVITY) has {size} bytes of samples; expected 4.5 bytes a sample (x, y, z "
            "as 12-bit numbers). The file is damaged",
        )
    if count > rate:
        raise fail(
            label,
            f"record {number} holds {count} samples; expected at most {rate} (one second at the {rate} Hz "
            "of info.txt). The file is damaged",
        )


def _check_sums(buf: bytes, starts: list[int], end: int, first_number: int, base: int, label: str) -> None:
    """The XOR of each whole record is 0xFF (its checksum is the complement of the rest); zero bytes
    between records do not change it."""
    data = np.frombuffer(buf, dtype=np.uint8, count=end)
    xors = np.bitwise_xor.reduceat(data, np.asarray(starts, dtype=np.intp))
    bad = np.flatnonzero(xors != 0xFF)
    if not bad.size:
        return
    j = int(bad[0])
    pos = starts[j]
    _, kind, _, size = HEADER.unpack_from(buf, pos)
    body = np.frombuffer(buf, dtype=np.uint8, count=HEADER.size + size, offset=pos)
    expected = int(~np.bitwise_xor.reduce(body)) & 0xFF
    found = buf[pos + HEADER.size + size]
    raise fail(
        label,
        f"record {first_number + j} (type 0x{kind:02X}, at byte {base + pos}) has a wrong checksum: expected "
        f"0x{expected:02X}, found 0x{found:02X}. The file is damaged; copy it from the device again",
    )


def _truncated(rest: bytes, number: int, base: int, label: str) -> None:
    if len(rest) < HEADER.size:
        need = f"a record header of {HEADER.size} bytes, only {len(rest)} are there"
    else:
        size = HEADER.unpack_from(rest, 0)[3]
        need = f"{size + RECORD_EXTRA} bytes, only {len(rest)} are there"
    raise fail(
        label,
        f"is cut off inside record {number} (at byte {base}: it needs {need}); the file is truncated. "
        "Copy it from the device or ActiLife again",
    )


# --------------------------------------------------------------------------------------------- samples


def _unpack12(payload: bytes, count: int) -> np.ndarray:
    """``count`` samples of 12-bit two's complement y, x, z (most significant bit first) -> (count, 3) x, y, z
    as integers."""
    n_values = count * 3
    raw = np.frombuffer(payload, dtype=np.uint8)
    n_bytes = (n_values + 1) // 2 * 3  # whole byte triplets (2 values each)
    if raw.size < n_bytes:
        raw = np.concatenate([raw, np.zeros(n_bytes - raw.size, np.uint8)])
    trip = raw[:n_bytes].reshape(-1, 3).astype(np.int16)
    values = np.empty((trip.shape[0], 2), dtype=np.int16)
    values[:, 0] = (trip[:, 0] << 4) | (trip[:, 1] >> 4)
    values[:, 1] = ((trip[:, 1] & 0x0F) << 8) | trip[:, 2]
    flat = values.ravel()[:n_values]
    flat = np.where(flat >= 2048, flat - 4096, flat)
    yxz = flat.reshape(count, 3)
    return yxz[:, [1, 0, 2]]


def _decode(kind: int, payloads: list[bytes], counts: list[int]) -> np.ndarray:
    """Samples of consecutive records of one kind, as integer x, y, z rows."""
    if kind == ACTIVITY2:
        return np.frombuffer(b"".join(payloads), dtype="<i2").reshape(-1, 3)
    if all(c % 2 == 0 for c in counts):  # no unused nibble at the end of a record: one packed stream
        return _unpack12(b"".join(payloads), sum(counts))
    return np.concatenate([_unpack12(p, c) for p, c in zip(payloads, counts, strict=True)])


@dataclass
class _Layout:
    """Where each activity record's samples go on the grid (index 0 = the first record's first sample)."""

    first: np.ndarray  # grid index of the record's first sample
    end: np.ndarray  # one past its last sample
    n_samples: int
    gaps_s: list[tuple[float, float]]
    n_held: int  # grid samples filled with the last value outside the gaps


def _layout(rec: _Records, rate: int, label: str) -> _Layout:
    t = (rec.ts - rec.ts[0]).astype(np.float64)
    advice = "; expected each second's record later than the one before. The file is damaged"
    check_times_increase(t, label, unit="record", numbers=rec.number, advice=advice)
    first = (rec.ts - rec.ts[0]) * rate
    end = first + rec.count
    missing = first[1:] - end[:-1]  # grid samples with no data before each next record
    limit = max(GAP_MIN_S, GAP_MIN_INTERVALS / rate)
    wide = np.flatnonzero((missing + 1) / rate > limit)
    gaps = [(float(end[j] - 1) / rate, float(first[j + 1]) / rate) for j in wide.tolist()]
    n_held = int(missing.sum() - missing[wide].sum())
    return _Layout(first=first, end=end, n_samples=int(end[-1]), gaps_s=gaps, n_held=n_held)


def _log_pieces(archive: _Archive, rec: _Records, lay: _Layout, scale: float) -> Iterator[SampleBlock]:
    """The grid in pieces: the records' samples where they belong, the last value held in between."""
    factor = STANDARD_GRAVITY_MPS2 / scale
    next_index = 0
    last = np.zeros(3)
    j = 0  # next record to place
    m = rec.count.size
    sizes = _payload_sizes(rec)
    payload_end = rec.offset + sizes
    buf = b""
    base = 0
    for chunk in _chunks(archive):
        buf = buf + chunk if buf else chunk
        # records whose payload lies whole in the buffer
        k = int(np.searchsorted(payload_end, base + len(buf), side="right"))
        while j < k:
            while lay.first[j] - next_index > PIECE_SAMPLES:  # a long sleep: hold in bounded pieces
                yield SampleBlock(np.tile(last, (PIECE_SAMPLES, 1)), None)
                next_index += PIECE_SAMPLES
            stop = next_index + PIECE_SAMPLES
            k2 = max(j + 1, int(np.searchsorted(lay.end[j:k], stop, side="right")) + j)
            values = _records_values(buf, base, rec, sizes, j, k2) * factor
            block = _place(values, lay.first[j:k2] - next_index, rec.count[j:k2], last)
            last = block[-1].copy()
            next_index += block.shape[0]
            yield SampleBlock(block, None)
            j = k2
        keep_from = min(int(rec.offset[j]) - base, len(buf)) if j < m else len(buf)
        buf = buf[keep_from:]
        base += keep_from
        if j >= m:
            return


def _payload_sizes(rec: _Records) -> np.ndarray:
    return np.where(rec.kind == ACTIVITY2, rec.count * 6, (rec.count * 36 + 7) // 8)


def _records_values(buf: bytes, base: int, rec: _Records, sizes: np.ndarray, j0: int, j1: int) -> np.ndarray:
    """Samples of records ``j0 .. j1 - 1`` (payload ``sizes`` of every record) as float x, y, z rows."""
    parts: list[np.ndarray] = []
    run_kind = -1
    payloads: list[bytes] = []
    counts: list[int] = []
    for j in range(j0, j1):
        kind = int(rec.kind[j])
        if kind != run_kind and payloads:
            parts.append(_decode(run_kind, payloads, counts))
            payloads, counts = [], []
        run_kind = kind
        a = int(rec.offset[j]) - base
        payloads.append(buf[a : a + int(sizes[j])])
        counts.append(int(rec.count[j]))
    parts.append(_decode(run_kind, payloads, counts))
    return (np.concatenate(parts) if len(parts) > 1 else parts[0]).astype(np.float64)


def _place(values: np.ndarray, first: np.ndarray, counts: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Rows 0 .. (last record's end) with each record's samples at ``first`` and, in between, the value of
    the sample before (``last`` before the first record)."""
    n = int(first[-1] + counts[-1])
    src = np.full(n, -1, dtype=np.int64)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    src[np.repeat(first, counts) + within] = np.arange(values.shape[0])
    src = np.maximum.accumulate(src)
    out = np.empty((n, 3))
    held = src < 0
    out[held] = last
    out[~held] = values[src[~held]]
    return out


# --------------------------------------------------------------------------------------- activity.bin


def _activity_bin_pieces(archive: _Archive, n_samples: int, scale: float) -> Iterator[SampleBlock]:
    """The old layout: one packed 12-bit stream; 9 bytes hold 2 samples."""
    factor = STANDARD_GRAVITY_MPS2 / scale
    buf = b""
    done = 0
    for chunk in _chunks(archive):
        buf = buf + chunk if buf else chunk
        pairs = len(buf) // 9
        count = min(pairs * 2, n_samples - done)
        if count > 0:
            yield SampleBlock(_unpack12(buf[: pairs * 9], count).astype(np.float64) * factor, None)
            done += count
        buf = buf[pairs * 9 :]
    if done < n_samples:  # an odd last sample
        yield SampleBlock(_unpack12(buf, n_samples - done).astype(np.float64) * factor, None)


# ----------------------------------------------------------------------------------------- the stream


def open_gt3x(path: Path) -> RecordingStream:
    """Check the whole ``.gt3x`` (every record of log.bin with its checksum), then hand out the samples
    piece by piece (see ``readers.stream``)."""
    archive = _open_archive(path)
    where, info = archive.where, archive.info
    rate = info.rate_hz
    notes = [
        f"ActiGraph {info.device} {info.serial}, {rate} Hz; acceleration in g "
        f"({info.scale_lsb_per_g:g} steps per g, from {info.scale_from}) converted to m/s^2",
    ]
    zone_note = (
        f"times are the device's local clock (time zone {_zone_label(info.zone)} in info.txt), shown "
        "as the time on this computer's clock"
        if info.zone is not None
        else f"times are the device's local clock with no time zone in info.txt, {READ_AS_CLOCK_HERE}"
    )
    gaps: list[tuple[float, float]] = []
    if archive.old_layout:
        size = archive.zf.getinfo(archive.member).file_size
        n_samples = size * 8 // 36
        if n_samples == 0:
            raise fail(f"{where}:{archive.member}", "holds no samples (the device recorded nothing)")
        start = info.start
        notes.append(
            "old GT3X+ file (activity.bin): it has no time stamps, so the samples are taken as one "
            "unbroken stretch from the start date; a pause in recording cannot be seen"
        )
        pieces = _activity_bin_pieces(archive, n_samples, info.scale_lsb_per_g)
    else:
        rec = _scan_log(archive, rate)
        label = f"{where}:{archive.member}"
        if rec.count.size == 0:
            raise fail(label, f"holds no samples: none of its {rec.n_records} records is an activity record")
        lay = _layout(rec, rate, label)
        n_samples = lay.n_samples
        start = datetime(1970, 1, 1) + timedelta(seconds=int(rec.ts[0]))
        gaps = lay.gaps_s
        if rec.n_sleeps:
            notes.append(
                f"the device went into idle sleep mode {rec.n_sleeps} time(s): it stops measuring while it "
                "lies still, so those seconds have no samples"
            )
        for a, b in gaps[:MAX_GAP_NOTES]:
            notes.append(
                f"no samples from {a:.2f} s to {b:.2f} s ({b - a:.2f} s): filled with the last value before "
                "it, as ActiLife does"
            )
        if len(gaps) > MAX_GAP_NOTES:
            notes.append(f"{len(gaps) - MAX_GAP_NOTES} more stretch(es) without samples, filled the same way")
        if lay.n_held:
            notes.append(f"{lay.n_held} single missing sample(s) filled with the value before")
        if rec.n_usb:
            notes.append(f"{rec.n_usb} USB connection record(s) skipped (they hold no samples)")
        pieces = _log_pieces(archive, rec, lay, info.scale_lsb_per_g)
    check_rate_and_length(float(rate), n_samples, where)
    notes.append(zone_note)
    notes.append(_wear_note(info.worn_at))
    notes.append(NO_GYROSCOPE_NOTE)
    stream = RecordingStream(
        where=where,
        source_format="actigraph",
        sampling_rate_hz=float(rate),
        has_gyroscope=False,
        start_s=0.0,
        start_datetime=clock_here(start if info.zone is None else start.replace(tzinfo=info.zone)),
        n_samples=n_samples,
        notes=notes,
        gaps_s=gaps,
        body_location=info.worn_at or None,
    )
    stream._pieces = _checked(pieces, archive, where)
    return stream


def _checked(pieces: Iterator[SampleBlock], archive: _Archive, where: str) -> Iterator[SampleBlock]:
    """The pieces, the first one checked for gravity; the zip is closed at the end."""
    try:
        first = True
        for piece in pieces:
            if first and piece.n_samples:
                check_gravity(piece.acc_mps2, where)
                first = False
            yield piece
    finally:
        archive.zf.close()


def _wear_note(worn_at: str) -> str:
    """Where the device was worn (info.txt ``Side``/``Limb`` if given); backstride expects the lower back."""
    said = f"worn at the {worn_at} (info.txt)" if worn_at else "usually worn at the hip or wrist"
    return (
        f"this ActiGraph was {said}; backstride's walking numbers assume a sensor at the lower back, "
        "so read them with care"
    )


def _zone_label(zone: timezone) -> str:
    offset = zone.utcoffset(None)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# ------------------------------------------------------------------------------------ ActiLife CSV


def read_actilife_csv(path: Path) -> Recording:
    """An ActiLife raw CSV export (10 header lines, then Accelerometer X/Y/Z in g, no time column)."""
    where = str(path)
    text = decode_text(path.read_bytes(), where)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", CSV_HEADER_LINES)
    first = lines[0]
    expected = (
        f"expected the {CSV_HEADER_LINES} header lines ActiLife writes (the first says '... at 30 Hz ...'), "
        "then the columns Accelerometer X, Accelerometer Y, Accelerometer Z"
    )
    m = re.search(r"\bat\s+(\d+(?:\.\d+)?)\s*Hz", first, flags=re.I)
    if m is None:
        raise fail(where, f"the first line does not say the sampling rate; {expected}")
    if len(lines) <= CSV_HEADER_LINES:
        raise fail(where, f"has only {len(lines)} line(s); {expected}")
    rate = float(m.group(1))
    table = split_table(lines[CSV_HEADER_LINES], where)
    table.first_data_line = CSV_HEADER_LINES + 2
    names = {h.strip().lower(): i for i, h in enumerate(table.header)}
    missing = [c for c in CSV_COLUMNS if c.lower() not in names]
    if missing:
        which = ", ".join(repr(c) for c in missing)
        raise fail(
            where,
            f"line {CSV_HEADER_LINES + 1} has no column {which}; expected the columns Accelerometer X, "
            f"Accelerometer Y, Accelerometer Z (in g). It has: {', '.join(table.header)}",
        )
    data = table.numbers([names[c.lower()] for c in CSV_COLUMNS])
    bad = np.flatnonzero(~np.all(np.isfinite(data), axis=1))
    if bad.size:
        raise fail(
            where,
            f"line {int(bad[0]) + table.first_data_line} has an empty or non-number value; expected three "
            "numbers (g) on every line",
        )
    notes = [
        f"ActiLife CSV export, {rate:g} Hz; acceleration in g converted to m/s^2; the file has no time "
        "column, so sample i is at start + i / rate",
        "ActiLife fills the seconds when the device slept (idle sleep mode) with the last value, so such "
        "stretches cannot be found here; read the .gt3x file to have them listed as gaps",
        _wear_note(""),
    ]
    nonzero = np.flatnonzero(np.any(data != 0.0, axis=1))
    end = int(nonzero[-1]) + 1 if nonzero.size else 0
    if end < data.shape[0]:
        notes.append(
            f"dropped {data.shape[0] - end} row(s) of 0,0,0 at the end: ActiLife writes these after the last "
            "second the device recorded"
        )
        data = data[:end]
    check_rate_and_length(rate, data.shape[0], where)
    acc = np.ascontiguousarray(data * STANDARD_GRAVITY_MPS2)
    check_gravity(acc, where)
    start = _csv_start(lines[:CSV_HEADER_LINES], first)
    if start is None:
        notes.append(
            "the start date or time in the header could not be read: times are seconds from the start"
        )
    else:
        notes.append(
            f"times are the device's local clock with no time zone in the export, {READ_AS_CLOCK_HERE}"
        )
    notes.append(NO_GYROSCOPE_NOTE)
    return Recording(
        acc_mps2=acc,
        gyr_dps=None,
        sampling_rate_hz=rate,
        source_format="actigraph",
        start_s=0.0,
        start_datetime=clock_here(start),
        notes=tuple(notes),
    )


def _csv_start(header: list[str], first: str) -> datetime | None:
    """``Start Date`` in the header's ``date format`` (``M/d/yyyy``, ``d/M/yyyy`` ...) + ``Start Time``."""
    fmt = re.search(r"date format\s+(\S+)", first, flags=re.I)
    date = next((ln.split("Start Date", 1)[1].strip() for ln in header if ln.startswith("Start Date")), None)
    clock = next((ln.split("Start Time", 1)[1].strip() for ln in header if ln.startswith("Start Time")), None)
    if fmt is None or date is None or clock is None:
        return None
    kinds = [k[0].lower() for k in re.findall(r"[A-Za-z]+", fmt.group(1))]
    numbers = re.findall(r"\d+", date)
    hms = re.findall(r"\d+", clock)
    if sorted(kinds) != ["d", "m", "y"] or len(numbers) != 3 or len(hms) not in (2, 3):
        return None
    parts = dict(zip(kinds, (int(v) for v in numbers), strict=True))
    clock_parts = [int(v) for v in hms] + [0]
    try:
        return datetime(parts["y"], parts["m"], parts["d"], clock_parts[0], clock_parts[1], clock_parts[2])
    except ValueError:
        return None


__all__ = ["is_actilife_csv", "open_actigraph", "open_gt3x", "read_actigraph", "read_actilife_csv"]
