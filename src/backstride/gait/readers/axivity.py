"""Axivity AX3 / AX6 ``.cwa`` files: a small numpy decoder written from the format facts.

No maintained reader fits: scikit-digital-health is MIT but a large compiled package for one reader,
actipy has an academic-only licence, openmovement on PyPI is a 2021 0.0.1 release. The format
(Open Movement ``cwa.h``, summarised in ../shared/data/formats/axivity_cwa/README.md):

* 1024-byte header ``MD``: hardware type (byte 4; 0x64 = AX6), sensor config (byte 35: low nibble
  n gives the gyro range 8000/2^n deg/s), 448 bytes of URL-encoded annotation from byte 64.
* 512-byte blocks ``AX``, little-endian, 16-bit word sum 0: fractional second (4), session (6),
  sequence (10), packed RTC time (14: year-2000:6 month:4 day:5 hour:5 minute:6 second:6), light and
  scale bits (18: top 3 bits n, accel 1/2^(8+n) g for 16-bit samples; next 3 bits gyro range), rate
  code (24: 3200/2^(15 - low nibble) Hz), axes/packing (25: 0x30 = 3 axes packed in 32 bits with a
  shared 2-bit exponent, 1/256 g; 0x32 = 3 x int16; 0x62 = 6 x int16 gyro x,y,z then accel x,y,z),
  sample index of the timestamp (26), sample count (28), 480 data bytes (30), checksum (510).

Sample times are interpolated between block start times; device time is local without a zone.
Blocks failing the checksum are skipped (noted); a file cut inside a block is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

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
    fail,
    within_jitter,
)
from backstride.gait.readers.stream import GridFeeder, RecordingStream, SampleBlock
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording

HEADER_BYTES = 1024
BLOCK_BYTES = 512
BLOCK_DTYPE = np.dtype(
    [
        ("magic", "S2"),
        ("length", "<u2"),
        ("fractional", "<u2"),
        ("session", "<u4"),
        ("sequence", "<u4"),
        ("timestamp", "<u4"),
        ("light", "<u2"),
        ("temperature", "<u2"),
        ("events", "u1"),
        ("battery", "u1"),
        ("rate_code", "u1"),
        ("axes_bps", "u1"),
        ("timestamp_offset", "<i2"),
        ("sample_count", "<u2"),
        ("data", "V480"),
        ("checksum", "<u2"),
    ]
)
assert BLOCK_DTYPE.itemsize == BLOCK_BYTES
_SAMPLES_PER_BLOCK = {0x30: 120, 0x32: 80, 0x62: 40}


SCAN_BLOCKS = 16_384  # blocks per read while checking the file (8 MB)
DECODE_BLOCKS = 4_096  # blocks per decoded piece (160k-490k samples, 2 MB of file)


@dataclass
class _Blocks:
    """Per-block facts of the blocks kept (one session, sequence order): small even for a week."""

    pos: np.ndarray  # block index in the file
    count: np.ndarray  # samples in the block
    start_s: np.ndarray | None  # time of the block's first sample, s since 1970 (device local time)
    step_s: np.ndarray | None  # interval between the block's samples (both None once found regular)


def read_axivity(path: Path) -> Recording:
    """The whole file as one :class:`Recording` (the pieces of :func:`open_axivity` put together)."""
    stream = open_axivity(path)
    acc, gyr = [], []
    for piece in stream.blocks():
        acc.append(piece.acc_mps2)
        if piece.gyr_dps is not None:
            gyr.append(piece.gyr_dps)
    return stream.recording(np.concatenate(acc), np.concatenate(gyr) if gyr else None, 0)


def open_axivity(path: Path) -> RecordingStream:
    """Check the whole file (block headers and checksums, read 8 MB at a time), then hand out the samples
    piece by piece; see ``readers.stream``. Nothing of the size of the file is held in memory."""
    where = str(path)
    size = path.stat().st_size
    if size == 0:
        raise fail(where, "the file is empty (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(HEADER_BYTES)
    if head[:2] != b"MD":
        raise fail(where, "is not an Axivity .cwa file (it does not start with the 'MD' header)")
    if size < HEADER_BYTES:
        raise fail(where, f"is cut off inside its 1024-byte header ({size} bytes): the file is truncated")
    if size == HEADER_BYTES:
        raise fail(where, "has a header but no data blocks (the device recorded nothing)")
    if (size - HEADER_BYTES) % BLOCK_BYTES:
        raise fail(where, _truncation_problem(path, size))
    hardware = head[4]
    sensor_config = head[35]
    annotation = head[64:512].rstrip(b" \x00\xff").decode("latin-1", "replace")
    notes: list[str] = []
    scan = _scan(path, size, where)
    if scan.n_bad:
        notes.append(f"skipped {scan.n_bad} data block(s) with a wrong checksum (damaged)")
    if scan.pos.size == 0:
        what = "no data blocks" if not scan.n_bad else "no data block with a valid checksum"
        raise fail(where, f"holds {what}: the file is damaged")
    axes_code, rate_hz = scan.axes_code, scan.rate_hz
    max_count = _SAMPLES_PER_BLOCK[axes_code]
    pos, counts, block_start = scan.pos, scan.count, scan.start_s
    if np.any(np.diff(scan.sequence.astype(np.int64)) < 0):  # keep the order of the sequence counter
        order = np.argsort(scan.sequence, kind="stable")
        pos, counts, block_start = pos[order], counts[order], block_start[order]
    has = counts > 0
    if not has.any():
        raise fail(where, "holds no samples: every data block is empty")
    if not has.all():
        pos, counts, block_start = pos[has], counts[has], block_start[has]
    del scan
    origin = float(block_start[0])
    _check_block_times(block_start - origin, pos, where)
    blocks = _timing(pos, counts.astype(np.int64), block_start, rate_hz)
    device = "AX6" if hardware == 0x64 else "AX3"
    notes.append(
        f"Axivity {device}, {rate_hz:g} Hz; times are the device's own clock with no time zone, "
        f"{READ_AS_CLOCK_HERE}"
    )
    meta = dict(parse_qsl(annotation.strip(), keep_blank_values=True)) if "=" in annotation else {}
    if meta.get("_p"):
        notes.append(f"body location recorded on the device: {meta['_p']}")
    grid = _grid(blocks, origin, where, notes)
    if grid.regular:  # samples are kept as they are: their times are not needed any more
        blocks = _Blocks(
            pos=blocks.pos.astype(np.int32), count=blocks.count.astype(np.uint16), start_s=None, step_s=None
        )
    has_gyr = axes_code == 0x62
    if not has_gyr:
        notes.append(NO_GYROSCOPE_NOTE)
    stream = RecordingStream(
        where=where,
        source_format="axivity",
        sampling_rate_hz=grid.rate_hz,
        has_gyroscope=has_gyr,
        start_s=0.0,
        start_datetime=clock_here(datetime(1970, 1, 1) + timedelta(seconds=origin)),
        n_samples=grid.n_samples,
        notes=notes,
        gaps_s=list(grid.gaps_s),
        body_location=meta.get("_p", "").strip() or None,
    )
    stream._pieces = _pieces(path, blocks, grid, origin, axes_code, sensor_config, max_count, where)
    return stream


@dataclass
class _Grid:
    rate_hz: float
    n_samples: int
    regular: bool
    median_dt_s: float
    gaps_s: tuple[tuple[float, float], ...]


@dataclass
class _Scan:
    n_bad: int
    pos: np.ndarray
    sequence: np.ndarray
    count: np.ndarray
    start_s: np.ndarray
    axes_code: int = 0
    rate_hz: float = 0.0


def _scan(path: Path, size: int, where: str) -> _Scan:
    """Every data block with a valid checksum of the first block's session, in file order: its position,
    sequence number, sample count and start time (per-block tables only: ~24 bytes a block).
    Checked on the way: sample packing and rate the same in every block, sample counts, dates."""
    names = ("pos", "sequence", "count", "start_s")
    parts: dict[str, list[np.ndarray]] = {k: [] for k in names}
    n_bad = 0
    session = None
    axes = rate_code = max_count = 0
    rate_hz = 0.0
    n_blocks = (size - HEADER_BYTES) // BLOCK_BYTES
    with path.open("rb") as fh:
        fh.seek(HEADER_BYTES)
        for first in range(0, n_blocks, SCAN_BLOCKS):
            raw = fh.read(min(SCAN_BLOCKS, n_blocks - first) * BLOCK_BYTES)
            blocks = np.frombuffer(raw, dtype=BLOCK_DTYPE)
            words = np.frombuffer(raw, dtype="<u2").reshape(-1, BLOCK_BYTES // 2)
            is_data = blocks["magic"] == b"AX"
            ok = (words.sum(axis=1, dtype=np.uint32) & 0xFFFF) == 0
            n_bad += int((is_data & ~ok).sum())
            good = np.flatnonzero(is_data & ok)
            if good.size == 0:
                continue
            g = blocks[good]
            if session is None:
                session, axes, rate_code = g["session"][0], int(g["axes_bps"][0]), int(g["rate_code"][0])
                if axes not in _SAMPLES_PER_BLOCK:
                    raise fail(
                        where, f"uses sample packing {hex(axes)}; supported: 0x30, 0x32 (AX3), 0x62 (AX6)"
                    )
                max_count = _SAMPLES_PER_BLOCK[axes]
                rate_hz = 3200.0 / 2 ** (15 - (rate_code & 0x0F))
            mine = g["session"] == session
            good, g = good[mine], g[mine]
            other = np.unique(g["axes_bps"][g["axes_bps"] != axes])
            if other.size:
                codes = ", ".join(hex(int(c)) for c in [axes, *other.tolist()])
                raise fail(where, f"uses sample packing {codes}; supported: 0x30, 0x32 (AX3), 0x62 (AX6)")
            if np.any(g["rate_code"] != rate_code):
                raise fail(where, "changes its sampling rate between blocks; this is not supported")
            if np.any(g["sample_count"] > max_count):
                raise fail(where, f"a block claims more than {max_count} samples: the file is damaged")
            parts["pos"].append(good + first)
            parts["sequence"].append(g["sequence"].copy())
            parts["count"].append(g["sample_count"].copy())
            parts["start_s"].append(_block_start_s(g, rate_hz, where))
    if session is None:
        empty = np.empty(0)
        return _Scan(n_bad, empty.astype(np.int64), empty, empty, empty)
    out = {k: np.concatenate(v) for k, v in parts.items()}
    return _Scan(
        n_bad,
        out["pos"],
        out["sequence"],
        out["count"],
        out["start_s"],
        axes_code=axes,
        rate_hz=rate_hz,
    )


def _truncation_problem(path: Path, size: int) -> str:
    """Where a file whose size is not 1024 + k x 512 goes wrong: bytes missing inside it, or a cut-off end."""
    extra = (size - HEADER_BYTES) % BLOCK_BYTES
    n_whole = (size - HEADER_BYTES) // BLOCK_BYTES
    with path.open("rb") as fh:
        for first in range(0, n_whole, SCAN_BLOCKS):
            fh.seek(HEADER_BYTES + first * BLOCK_BYTES)
            raw = fh.read(min(SCAN_BLOCKS, n_whole - first) * BLOCK_BYTES)
            magic = np.frombuffer(raw, dtype=BLOCK_DTYPE)["magic"]
            seen = np.flatnonzero(magic == b"AX")
            off = np.flatnonzero(magic != b"AX")
            if seen.size and off.size and off[-1] > seen[0]:
                k = int(off[off > seen[0]][0]) + first
                return (
                    "is truncated or damaged: bytes are missing inside it, so its 512-byte data blocks go "
                    f"out of step near block {k} (byte {HEADER_BYTES + k * BLOCK_BYTES} of {size}); "
                    "copy the file from the device again"
                )
    return (
        f"is truncated: {extra} bytes of a last 512-byte block are present and {BLOCK_BYTES - extra} are "
        f"missing ({size} bytes is not 1024 + a multiple of 512)"
    )


def _check_block_times(start_s: np.ndarray, pos: np.ndarray, where: str) -> None:
    """Block start times (s from the first block, in sequence order) must go up from block to block: a
    time that goes back or repeats means a damaged file. Blocks are named by their place in the file
    (0 = the first data block after the header)."""
    check_times_increase(start_s, where, unit="block", numbers=pos, advice="; the file is damaged")


def _timing(pos: np.ndarray, counts: np.ndarray, block_start: np.ndarray, rate_hz: float) -> _Blocks:
    """Each block's samples spread evenly up to the next block's start (a long pause is a gap)."""
    n = counts.size
    span = np.empty(n, dtype=np.float64)
    span[:-1] = np.diff(block_start)
    span[-1] = counts[-1] / rate_hz
    nominal = counts / rate_hz
    # a long pause between blocks (device stopped) is a gap, not slow sampling
    bad = (span <= 0) | (span > 2.0 * np.maximum(nominal, 1.0 / rate_hz))
    span = np.where(bad, nominal, span)
    return _Blocks(pos=pos, count=counts, start_s=block_start, step_s=span / counts)


GRID_CHUNK_BLOCKS = 1 << 18  # per-block figures are checked this many blocks at a time (bounded memory)


def _chunks(b: _Blocks) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """``(first block, last sample time of each block, interval to the next block's first sample)``."""
    assert b.start_s is not None and b.step_s is not None
    n = b.count.size
    for c0 in range(0, n, GRID_CHUNK_BLOCKS):
        c1 = min(n, c0 + GRID_CHUNK_BLOCKS)
        last_t = b.start_s[c0:c1] + (b.count[c0:c1] - 1) * b.step_s[c0:c1]
        between = b.start_s[c0 + 1 : c1 + 1] - last_t[: min(c1, n - 1) - c0]
        yield c0, last_t, between


def _grid(b: _Blocks, origin: float, where: str, notes: list[str]) -> _Grid:
    """The uniform grid the whole-file policy (``_common.to_uniform``) gives these sample times, found from
    per-block figures only, a chunk of blocks at a time: regular samples are kept (rate measured end to
    end), else resampled."""
    assert b.start_s is not None and b.step_s is not None
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for c0, last_t, between in _chunks(b):
        # block start times go up (_check_block_times), so ``between`` is > 0 (see _timing)
        # every sample interval: the block's own step (count - 1 times) and the step to the next block
        c1 = c0 + last_t.size
        parts.append(_distinct(b.step_s[c0:c1], b.count[c0:c1] - 1))
        parts.append(_distinct(between, np.ones(between.size)))
    median_dt = _weighted_median(parts)
    if not median_dt > 0:
        raise fail(where, "the block times do not advance; the file is damaged")
    regular = True
    last_of_file = 0.0
    for c0, last_t, between in _chunks(b):
        c1 = c0 + last_t.size
        step, many = b.step_s[c0:c1], b.count[c0:c1] > 1
        regular = regular and within_jitter(step[many], median_dt) and within_jitter(between, median_dt)
        last_of_file = float(last_t[-1])
    n_total = int(b.count.sum())
    t_first, t_last = float(b.start_s[0]), last_of_file
    if regular:
        rate = round((n_total - 1) / (t_last - t_first), 6) if t_last > t_first else 0.0
        check_rate_and_length(rate, n_total, where)
        return _Grid(rate, n_total, True, median_dt, ())
    measured = 1.0 / median_dt
    rate = float(max(1, round(measured)))
    n = int(np.floor((t_last - t_first) * rate + 1e-9)) + 1
    check_rate_and_length(rate, n, where)
    notes.append(
        f"resampled irregular timestamps (median rate {measured:.6g} Hz) to a uniform {rate:.6g} Hz "
        "by linear interpolation"
    )
    limit = max(GAP_MIN_S, GAP_MIN_INTERVALS * median_dt)
    gaps = []
    for c0, last_t, between in _chunks(b):
        for j in np.flatnonzero(between > limit).tolist():
            gaps.append((float(last_t[j] - origin), float(b.start_s[c0 + j + 1] - origin)))
        c1 = c0 + last_t.size
        wide = (b.step_s[c0:c1] > limit) & (b.count[c0:c1] > 1)  # not with sane blocks
        for j in np.flatnonzero(wide).tolist():
            gaps.append((float(b.start_s[c0 + j] - origin), float(last_t[j] - origin)))
    gaps.sort()
    for a, z in gaps:
        notes.append(f"no samples from {a:.2f} s to {z:.2f} s ({z - a:.2f} s): filled by interpolation")
    return _Grid(rate, n, False, median_dt, tuple(gaps))


def _distinct(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and their summed weights."""
    u, inv = np.unique(values, return_inverse=True)
    return u, np.bincount(inv.ravel(), weights=np.asarray(weights, dtype=np.float64), minlength=u.size)


def _weighted_median(parts: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """The median of values repeated by their weights (``np.median`` of the expanded list), from the
    distinct values and their weights (``_distinct``), so no list of every sample interval is made."""
    if not parts:
        return float("nan")
    u, inv = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    w = np.bincount(inv.ravel(), weights=np.concatenate([p[1] for p in parts]), minlength=u.size)
    keep = w > 0
    u, cw = u[keep], np.cumsum(w[keep])
    if cw.size == 0:
        return float("nan")
    total = int(round(cw[-1]))
    lo = u[np.searchsorted(cw, (total - 1) // 2 + 1 - 0.5)]
    hi = u[np.searchsorted(cw, total // 2 + 1 - 0.5)]
    return float((lo + hi) / 2.0)  # np.median's middle pair


def _pieces(
    path: Path,
    b: _Blocks,
    grid: _Grid,
    origin: float,
    axes_code: int,
    sensor_config: int,
    max_count: int,
    where: str,
) -> Iterator[SampleBlock]:
    feeder = None
    if not grid.regular:
        feeder = GridFeeder(0.0, grid.rate_hz, regular=False, median_dt_s=grid.median_dt_s, where=where)
    first = True
    with path.open("rb") as fh:
        for g0 in range(0, b.count.size, DECODE_BLOCKS):
            g1 = min(b.count.size, g0 + DECODE_BLOCKS)
            raw = _read_blocks(fh, b.pos[g0:g1])
            acc_g, gyr = _decode_samples(raw, axes_code, sensor_config, max_count)
            counts = b.count[g0:g1].astype(np.int64)
            keep = (np.arange(max_count)[None, :] < counts[:, None]).ravel()
            acc = acc_g[keep] * STANDARD_GRAVITY_MPS2
            gyr = None if gyr is None else gyr[keep]
            out: Iterable[SampleBlock]
            if feeder is None:
                out = [SampleBlock(acc, gyr)]
            else:
                assert b.start_s is not None and b.step_s is not None
                idx = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
                # absolute first, then from the origin: the same rounding as the whole-file times
                t = np.repeat(b.start_s[g0:g1], counts) + idx * np.repeat(b.step_s[g0:g1], counts)
                t -= origin
                has_gyr = gyr is not None
                both = acc if gyr is None else np.hstack([acc, gyr])
                del acc, gyr
                # a long stretch without samples comes in parts, never made whole (GridFeeder.feed_parts)
                out = (_split(part, has_gyr) for part in feeder.feed_parts(t, both))
            for block in out:
                if first:
                    check_gravity(block.acc_mps2, where)
                    first = False
                yield block


def _split(both: np.ndarray, has_gyr: bool) -> SampleBlock:
    """Grid rows of acceleration (+ angular rate) as a :class:`SampleBlock`."""
    acc = np.ascontiguousarray(both[:, :3])
    return SampleBlock(acc, np.ascontiguousarray(both[:, 3:]) if has_gyr else None)


def _read_blocks(fh, pos: np.ndarray) -> np.ndarray:
    """The blocks at file block indices ``pos`` (usually one run of consecutive blocks: one read)."""
    runs = np.split(pos, np.flatnonzero(np.diff(pos) != 1) + 1)
    parts = []
    for run in runs:
        fh.seek(HEADER_BYTES + int(run[0]) * BLOCK_BYTES)
        parts.append(np.frombuffer(fh.read(run.size * BLOCK_BYTES), dtype=BLOCK_DTYPE))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _decode_samples(
    good: np.ndarray, axes_code: int, sensor_config: int, max_count: int
) -> tuple[np.ndarray, np.ndarray | None]:
    payload = np.frombuffer(good["data"].tobytes(), dtype=np.uint8).reshape(len(good), 480)
    if axes_code == 0x30:
        w = payload.view("<u4").astype(np.int64)  # (blocks, 120)
        exponent = w >> 30
        xyz = np.stack([(w >> shift) & 0x3FF for shift in (0, 10, 20)], axis=-1)
        xyz = np.where(xyz >= 512, xyz - 1024, xyz) << exponent[..., None]
        return xyz.reshape(-1, 3) / 256.0, None
    raw16 = payload.view("<i2").astype(np.float64)
    accel_n = (good["light"].astype(np.int64) >> 13) & 0x7
    accel_scale = (1.0 / 2.0 ** (8 + accel_n))[:, None, None]
    if axes_code == 0x32:
        xyz = raw16[:, : max_count * 3].reshape(len(good), max_count, 3) * accel_scale
        return xyz.reshape(-1, 3), None
    six = raw16[:, : max_count * 6].reshape(len(good), max_count, 6)
    acc = six[:, :, 3:6] * accel_scale
    gyro_n = (good["light"].astype(np.int64) >> 10) & 0x7
    fallback = sensor_config & 0x0F if sensor_config not in (0x00, 0xFF) else 0
    gyro_n = np.where(gyro_n == 0, fallback, gyro_n)
    if np.any(gyro_n == 0):
        gyro_n = np.where(gyro_n == 0, 2, gyro_n)  # 2000 deg/s, the AX6 default
    gyro_range = 8000.0 / 2.0**gyro_n
    gyr = six[:, :, 0:3] * (gyro_range / 32768.0)[:, None, None]
    return acc.reshape(-1, 3), gyr.reshape(-1, 3)


def _block_start_s(good: np.ndarray, rate_hz: float, where: str) -> np.ndarray:
    """Seconds since 1970 (device local time) of each block's first sample."""
    ts = good["timestamp"].astype(np.int64)
    year = (ts >> 26) + 2000
    month = (ts >> 22) & 0xF
    day = (ts >> 17) & 0x1F
    hour = (ts >> 12) & 0x1F
    minute = (ts >> 6) & 0x3F
    second = ts & 0x3F
    if np.any((month < 1) | (month > 12) | (day < 1) | (day > 31)):
        raise fail(where, "a data block has an impossible date: the file is damaged")
    months = (year - 1970) * 12 + (month - 1)
    days = (months.astype("datetime64[M]").astype("datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(
        np.int64
    ) + (day - 1)
    whole = days * 86400 + hour * 3600 + minute * 60 + second
    offset = good["timestamp_offset"].astype(np.float64)
    # The whole-second timestamp belongs to sample ``timestamp_offset`` of the block. Checked on all five
    # sample files: whole second - offset / rate gives evenly spaced blocks (spread 2-5 ms); adding the
    # 15-bit fractional field on top makes the spacing jump by up to a second, so it is not used here.
    return whole.astype(np.float64) - offset / rate_hz


# ------------------------------------------------------------------------------------ writing (tests)

AX6_ACC_LSB_G = 1.0 / 2048.0  # light bits n = 3: 1/2^(8+n) g, +-16 g
AX6_GYR_RANGE_DPS = 2000.0  # light bits n = 2: 8000/2^n deg/s over 32768


def write_axivity(
    path: Path,
    acc_mps2: np.ndarray,
    gyr_dps: np.ndarray,
    *,
    start: datetime,
    append: bool = False,
    first_sample: int = 0,
) -> None:
    """Write (or append) 100 Hz AX6 data blocks (0x62: gyro x,y,z then accel x,y,z, 40 samples a block),
    for tests and benchmarks that need long .cwa files. Samples are quantised like the device does
    (1/2048 g, 2000 deg/s range). ``first_sample`` (a multiple of 40) is the index of ``acc_mps2[0]`` in
    the whole file when appending. Not a full device file: only what :func:`read_axivity` reads."""
    per = _SAMPLES_PER_BLOCK[0x62]
    n = acc_mps2.shape[0] // per * per
    if first_sample % per:
        raise ValueError("first_sample must be a multiple of 40")
    m = n // per
    six = np.empty((n, 6))
    six[:, :3] = np.asarray(gyr_dps[:n]) / (AX6_GYR_RANGE_DPS / 32768.0)
    six[:, 3:] = np.asarray(acc_mps2[:n]) / STANDARD_GRAVITY_MPS2 / AX6_ACC_LSB_G
    raw = np.clip(np.round(six), -32768, 32767).astype("<i2").reshape(m, per * 6)
    blocks = np.zeros(m, dtype=BLOCK_DTYPE)
    blocks["magic"] = b"AX"
    blocks["length"] = 508
    blocks["session"] = 1
    k = first_sample // per + np.arange(m)
    blocks["sequence"] = k
    t = k * per / 100.0  # seconds from the start of the file
    whole = np.floor(t)
    base = np.datetime64(start.replace(microsecond=0), "s")
    stamp = base + whole.astype("timedelta64[s]")
    years = stamp.astype("datetime64[Y]")
    months = stamp.astype("datetime64[M]")
    days = stamp.astype("datetime64[D]")
    secs = (stamp - days).astype(np.int64)
    y = years.astype(np.int64) + 1970 - 2000
    mo = (months - years).astype(np.int64) + 1
    d = (days - months).astype(np.int64) + 1
    blocks["timestamp"] = (
        (y << 26) | (mo << 22) | (d << 17) | ((secs // 3600) << 12) | ((secs // 60 % 60) << 6) | (secs % 60)
    ).astype("<u4")
    blocks["timestamp_offset"] = np.round((whole - t) * 100.0).astype("<i2")
    blocks["light"] = (3 << 13) | (2 << 10)
    blocks["rate_code"] = 0x0A  # 100 Hz, +-16 g
    blocks["axes_bps"] = 0x62
    blocks["sample_count"] = per
    payload = np.zeros((m, 480), dtype=np.uint8)
    payload[:, : per * 12] = raw.view(np.uint8)
    blocks["data"] = payload.view("V480").ravel()
    words = blocks.view("<u2").reshape(m, BLOCK_BYTES // 2)
    words[:, 255] = (-(words[:, :255].sum(axis=1, dtype=np.uint64) & 0xFFFF)).astype(np.uint64) & 0xFFFF
    with path.open("ab" if append else "wb") as fh:
        if not append:
            head = bytearray(HEADER_BYTES)
            head[0:2] = b"MD"
            head[2:4] = (1020).to_bytes(2, "little")
            head[4] = 0x64  # AX6
            head[35] = 0x02  # gyro 2000 deg/s
            head[36] = 0x0A
            fh.write(bytes(head))
        fh.write(blocks.tobytes())


__all__ = ["open_axivity", "read_axivity", "write_axivity"]
