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

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl

import numpy as np

from backstride.core.units import STANDARD_GRAVITY_MPS2
from backstride.gait.readers._common import Stream, build_recording, fail
from backstride.gait.recording import Recording

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


def read_axivity(path: Path) -> Recording:
    where = str(path)
    raw = path.read_bytes()
    if not raw:
        raise fail(where, "the file is empty (0 bytes)")
    if raw[:2] != b"MD":
        raise fail(where, "is not an Axivity .cwa file (it does not start with the 'MD' header)")
    if len(raw) < HEADER_BYTES:
        raise fail(where, f"is cut off inside its 1024-byte header ({len(raw)} bytes): the file is truncated")
    body = len(raw) - HEADER_BYTES
    if body == 0:
        raise fail(where, "has a header but no data blocks (the device recorded nothing)")
    if body % BLOCK_BYTES:
        raise fail(
            where,
            f"is truncated: {body % BLOCK_BYTES} bytes of a last 512-byte block are missing "
            f"({len(raw)} bytes is not 1024 + a multiple of 512)",
        )
    hardware = raw[4]
    sensor_config = raw[35]
    annotation = raw[64:512].rstrip(b" \x00\xff").decode("latin-1", "replace")
    blocks = np.frombuffer(raw, dtype=BLOCK_DTYPE, offset=HEADER_BYTES)
    words = np.frombuffer(raw, dtype="<u2", offset=HEADER_BYTES).reshape(-1, BLOCK_BYTES // 2)
    is_data = blocks["magic"] == b"AX"
    checksum_ok = (words.sum(axis=1, dtype=np.uint64) & 0xFFFF) == 0
    notes: list[str] = []
    n_bad = int((is_data & ~checksum_ok).sum())
    if n_bad:
        notes.append(f"skipped {n_bad} data block(s) with a wrong checksum (damaged)")
    good = blocks[is_data & checksum_ok]
    if good.size == 0:
        what = "no data blocks" if not is_data.any() else "no data block with a valid checksum"
        raise fail(where, f"holds {what}: the file is damaged")
    # keep the session of the first block and the order of the sequence counter
    good = good[good["session"] == good["session"][0]]
    good = good[np.argsort(good["sequence"], kind="stable")]
    axes_codes = np.unique(good["axes_bps"])
    if axes_codes.size != 1 or int(axes_codes[0]) not in _SAMPLES_PER_BLOCK:
        codes = ", ".join(hex(int(c)) for c in axes_codes)
        raise fail(where, f"uses sample packing {codes}; supported: 0x30, 0x32 (AX3), 0x62 (AX6)")
    axes_code = int(axes_codes[0])
    rate_codes = np.unique(good["rate_code"])
    if rate_codes.size != 1:
        raise fail(where, "changes its sampling rate between blocks; this is not supported")
    rate_hz = 3200.0 / 2 ** (15 - (int(rate_codes[0]) & 0x0F))
    counts = good["sample_count"].astype(np.int64)
    max_count = _SAMPLES_PER_BLOCK[axes_code]
    if np.any(counts > max_count):
        raise fail(where, f"a block claims more than {max_count} samples: the file is damaged")

    acc_g, gyr_dps = _decode_samples(good, axes_code, sensor_config, max_count)
    keep = np.arange(max_count)[None, :] < counts[:, None]
    acc = acc_g.reshape(len(good), max_count, 3)[keep] * STANDARD_GRAVITY_MPS2
    gyr = None if gyr_dps is None else gyr_dps.reshape(len(good), max_count, 3)[keep]

    block_start = _block_start_s(good, rate_hz)
    t_s = _sample_times(block_start, counts, rate_hz)
    origin = float(block_start[0])
    start = datetime(1970, 1, 1) + _seconds(origin)
    device = "AX6" if hardware == 0x64 else "AX3"
    notes.append(f"Axivity {device}, {rate_hz:g} Hz; times are the device's local clock (no time zone)")
    meta = dict(parse_qsl(annotation.strip(), keep_blank_values=True)) if "=" in annotation else {}
    if meta.get("_p"):
        notes.append(f"body location recorded on the device: {meta['_p']}")
    return build_recording(
        where=where,
        source_format="axivity",
        acc=Stream("accelerometer", t_s - origin, acc),
        gyr=None if gyr is None else Stream("gyroscope", t_s - origin, gyr),
        notes=notes,
        start_datetime_at_zero=start,
    )


def _seconds(s: float):
    from datetime import timedelta

    return timedelta(seconds=s)


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


def _block_start_s(good: np.ndarray, rate_hz: float) -> np.ndarray:
    """Seconds since 1970 (device local time) of each block's first sample."""
    ts = good["timestamp"].astype(np.int64)
    year = (ts >> 26) + 2000
    month = (ts >> 22) & 0xF
    day = (ts >> 17) & 0x1F
    hour = (ts >> 12) & 0x1F
    minute = (ts >> 6) & 0x3F
    second = ts & 0x3F
    if np.any((month < 1) | (month > 12) | (day < 1) | (day > 31)):
        raise fail("", "a block has an impossible date")
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


def _sample_times(block_start: np.ndarray, counts: np.ndarray, rate_hz: float) -> np.ndarray:
    """Per-sample times: spread each block's samples evenly up to the next block's start."""
    n = counts.size
    span = np.empty(n, dtype=np.float64)
    span[:-1] = np.diff(block_start)
    span[-1] = counts[-1] / rate_hz
    nominal = counts / rate_hz
    # a long pause between blocks (device stopped) is a gap, not slow sampling
    bad = (span <= 0) | (span > 2.0 * np.maximum(nominal, 1.0 / rate_hz))
    span = np.where(bad, nominal, span)
    step = np.where(counts > 0, span / np.maximum(counts, 1), 0.0)
    idx = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(block_start, counts) + idx * np.repeat(step, counts)


__all__ = ["read_axivity"]
