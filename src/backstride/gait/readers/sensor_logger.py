"""Sensor Logger exports (Kelvin Choi's app): a zip or folder of CSVs, one CSV, or the JSON export.

Facts (../shared/data/formats/FORMATS.md section 2, from the app's MIT-licensed docs): one file per sensor
with ``time`` (Unix ns, UTC), ``seconds_elapsed`` (s since Start; missing in the 2021 schema) and axes in
the order ``z,y,x``; acceleration m/s^2 except iOS ``AccelerometerUncalibrated`` (g); gyroscope rad/s;
**iOS acceleration and gravity are the negative of Android's** unless ``standardisation`` is true in
Metadata.csv; enabled-but-silent sensors give 0-byte files.

Which acceleration (it must include gravity), in this order:
``TotalAcceleration`` (Android) > ``Accelerometer`` + ``Gravity`` > ``AccelerometerUncalibrated``.
``Accelerometer`` alone has gravity removed on both platforms and is refused with a precise message.
The result follows the Android sign convention (specific force: +9.8 m/s^2 on the axis that points up).
Gyroscope: ``Gyroscope``, else ``GyroscopeUncalibrated``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import numpy as np

from backstride.core.units import RAD_TO_DEG, STANDARD_GRAVITY_MPS2
from backstride.gait.readers._common import Stream, build_recording, decode_text, fail, split_table
from backstride.gait.readers._container import Container, open_container
from backstride.gait.recording import Recording

STALE_BEFORE_START_S = -1.0  # samples buffered long before the Start tap are stale (JSON sample: -328883 s)


@dataclass
class _Meta:
    platform: str | None = None  # "ios" | "android"
    standardised: bool = False
    timezone: str | None = None
    version: str | None = None


@dataclass
class _Sensor:
    name: str
    label: str
    time_ns: np.ndarray  # float64 ns since the Unix epoch (precision ~0.3 us, ample for gait)
    elapsed_s: np.ndarray | None
    xyz: np.ndarray


def read_sensor_logger(path: Path) -> Recording:
    where = str(path)
    if path.suffix.lower() == ".json":
        sensors, meta, skipped = _json_sensors(path)
    else:
        with open_container(path) as c:
            sensors, meta, skipped = _csv_sensors(c)
    return _assemble(sensors, meta, skipped, where)


# ------------------------------------------------------------------------------------------- parsing


def _csv_sensors(c: Container) -> tuple[dict[str, _Sensor], _Meta, list[str]]:
    sensors: dict[str, _Sensor] = {}
    skipped: list[str] = []
    meta = _Meta()
    wanted = {
        "totalacceleration",
        "accelerometer",
        "gravity",
        "accelerometeruncalibrated",
        "gyroscope",
        "gyroscopeuncalibrated",
    }
    for member in c.members:
        p = PurePosixPath(member)
        if p.suffix.lower() != ".csv":
            continue
        stem = p.stem
        label = c.label(member)
        if stem.lower() == "metadata":
            if c.size(member) > 0:
                meta = _parse_meta(decode_text(c.read(member), label), label)
            continue
        if c.kind == "file":
            stem = _guess_single_file_sensor(stem)
        if stem.lower() not in wanted:
            continue
        if c.size(member) == 0:
            skipped.append(f"{p.name} is empty (0 bytes)")
            continue
        table = split_table(decode_text(c.read(member), label), label)
        lower = [h.lower() for h in table.header]
        missing = [col for col in ("time", "x", "y", "z") if col not in lower]
        if missing:
            raise fail(label, f"missing column(s) {missing}; Sensor Logger writes time,seconds_elapsed,z,y,x")
        cols = [lower.index(col) for col in ("time", "x", "y", "z")]
        has_elapsed = "seconds_elapsed" in lower
        if has_elapsed:
            cols.append(lower.index("seconds_elapsed"))
        data = table.numbers(cols)
        sensors[_canonical(stem)] = _Sensor(
            name=_canonical(stem),
            label=label,
            time_ns=data[:, 0],
            elapsed_s=data[:, 4] if has_elapsed else None,
            xyz=data[:, 1:4],
        )
    return sensors, meta, skipped


_CANON = {
    "totalacceleration": "TotalAcceleration",
    "accelerometer": "Accelerometer",
    "gravity": "Gravity",
    "accelerometeruncalibrated": "AccelerometerUncalibrated",
    "gyroscope": "Gyroscope",
    "gyroscopeuncalibrated": "GyroscopeUncalibrated",
}


def _canonical(stem: str) -> str:
    return _CANON.get(stem.lower(), stem)


def _guess_single_file_sensor(stem: str) -> str:
    """A single exported CSV may be renamed (``Accelerometer (1).csv``): match the known sensor prefix."""
    low = stem.lower().replace(" ", "")
    for key in sorted(_CANON, key=len, reverse=True):
        if low.startswith(key):
            return key
    return stem


def _parse_meta(text: str, label: str) -> _Meta:
    lines = [ln for ln in text.replace("\r", "").split("\n") if ln.strip()]
    if len(lines) < 2:
        return _Meta()
    head = [h.strip() for h in lines[0].split(",")]
    vals = [v.strip() for v in lines[1].split(",")]
    row = dict(zip(head, vals, strict=False))
    platform = row.get("platform", "").lower() or None
    if platform not in (None, "ios", "android"):
        platform = None
    return _Meta(
        platform=platform,
        standardised=row.get("standardisation", "false").lower() == "true",
        timezone=row.get("recording timezone") or None,
        version=row.get("version"),
    )


def _json_sensors(path: Path) -> tuple[dict[str, _Sensor], _Meta, list[str]]:
    where = str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise fail(where, "the file is empty (0 bytes)")
    try:
        records = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(where, f"is not valid JSON (cut off or damaged?): {exc}") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, or nesting too deep
        raise fail(
            where, "is not a Sensor Logger JSON export (a number too long or nesting too deep)"
        ) from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise fail(where, "is not a Sensor Logger JSON export (expected a list of records with 'sensor')")
    meta = _Meta()
    by: dict[str, list[dict]] = {}
    for r in records:
        name = str(r.get("sensor", ""))
        if name == "Metadata":
            meta = _Meta(
                platform=(str(r.get("platform", "")).lower() or None),
                standardised=str(r.get("standardisation", "false")).lower() == "true",
                timezone=r.get("recording timezone"),
                version=r.get("version"),
            )
        elif name in _CANON.values():
            by.setdefault(name, []).append(r)
    sensors: dict[str, _Sensor] = {}
    for name, rows in by.items():
        try:
            arr = np.array(
                [[float(r["time"]), float(r["x"]), float(r["y"]), float(r["z"])] for r in rows],
                dtype=np.float64,
            )
            el = np.array([float(r.get("seconds_elapsed", "nan")) for r in rows], dtype=np.float64)
        except (KeyError, ValueError, TypeError, OverflowError) as exc:
            raise fail(where, f"a {name} record lacks a number for time/x/y/z ({exc})") from None
        sensors[name] = _Sensor(
            name, f"{where}:{name}", arr[:, 0], None if np.all(np.isnan(el)) else el, arr[:, 1:]
        )
    return sensors, meta, []


# ------------------------------------------------------------------------------------------ assembly


def _assemble(sensors: dict[str, _Sensor], meta: _Meta, skipped: list[str], where: str) -> Recording:
    notes = list(skipped)
    for s in sensors.values():
        _drop_stale(s, notes)
    platform = meta.platform
    if platform is None:
        platform = _infer_platform(sensors)
        if platform is not None:
            notes.append(f"no Metadata.csv: platform taken as {platform} from the files present")

    if "TotalAcceleration" in sensors:
        total = sensors["TotalAcceleration"]
        acc_t, acc_v = total.time_ns, total.xyz.copy()
        used = "TotalAcceleration (with gravity, m/s^2)"
        is_negated_ios = platform == "ios" and not meta.standardised
    elif "Accelerometer" in sensors and "Gravity" in sensors:
        a, g = sensors["Accelerometer"], sensors["Gravity"]
        good = np.all(np.isfinite(g.xyz), axis=1) & np.isfinite(g.time_ns)
        g_on_a = np.column_stack([np.interp(a.time_ns, g.time_ns[good], g.xyz[good, k]) for k in range(3)])
        acc_t, acc_v = a.time_ns, a.xyz + g_on_a
        used = "Accelerometer + Gravity (m/s^2)"
        if platform is None:
            raise fail(
                where,
                "cannot tell whether this came from an iPhone or Android (Metadata.csv is missing), and the "
                "two use opposite signs for acceleration; export the whole recording as a zip",
            )
        is_negated_ios = platform == "ios" and not meta.standardised
    elif "AccelerometerUncalibrated" in sensors:
        u = sensors["AccelerometerUncalibrated"]
        acc_t, acc_v = u.time_ns, u.xyz.copy()
        if platform is None:
            raise fail(
                where, "cannot tell iPhone from Android (Metadata.csv is missing): units and signs differ"
            )
        in_g = platform == "ios" and not meta.standardised
        if in_g:
            acc_v = acc_v * STANDARD_GRAVITY_MPS2
            notes.append("iOS AccelerometerUncalibrated is in g: converted to m/s^2 (x 9.80665)")
        used = "AccelerometerUncalibrated"
        is_negated_ios = platform == "ios" and not meta.standardised
    elif "Accelerometer" in sensors:
        raise fail(
            where,
            "holds Accelerometer only, which Sensor Logger records with gravity removed; backstride needs "
            "gravity to tell which way is up. Also record Gravity (iPhone), TotalAcceleration (Android) "
            "or AccelerometerUncalibrated",
        )
    else:
        found = ", ".join(sorted(sensors)) or "none"
        extra = f"; {'; '.join(skipped)}" if skipped else ""
        raise fail(
            where,
            f"no accelerometer data (sensors with data: {found}{extra}); expected TotalAcceleration.csv, "
            "Accelerometer.csv + Gravity.csv, or AccelerometerUncalibrated.csv",
        )
    notes.append(f"acceleration from {used}")
    if is_negated_ios:
        acc_v = -acc_v
        notes.append(
            "iOS acceleration sign flipped to the Android convention (+z up when the phone lies flat)"
        )

    gyr_sensor = sensors.get("Gyroscope") or sensors.get("GyroscopeUncalibrated")
    ref_ns = _reference_ns(sensors, acc_t)
    acc = Stream("acceleration", (acc_t - ref_ns) / 1e9, acc_v)
    gyr = None
    if gyr_sensor is not None:
        gyr = Stream(gyr_sensor.name, (gyr_sensor.time_ns - ref_ns) / 1e9, gyr_sensor.xyz * RAD_TO_DEG)
        notes.append(f"angular rate from {gyr_sensor.name}, converted from rad/s to deg/s")
    start = datetime.fromtimestamp(ref_ns / 1e9, tz=UTC)
    if meta.timezone:
        try:
            from zoneinfo import ZoneInfo

            start = start.astimezone(ZoneInfo(meta.timezone))
        except (KeyError, ValueError, OSError):  # unknown zone name: keep UTC
            notes.append(f"unknown time zone {meta.timezone!r}: times shown in UTC")
    return build_recording(
        where=where,
        source_format="sensor-logger",
        acc=acc,
        gyr=gyr,
        notes=notes,
        start_datetime_at_zero=start,
    )


def _drop_stale(s: _Sensor, notes: list[str]) -> None:
    if s.elapsed_s is None:
        return
    stale = s.elapsed_s < STALE_BEFORE_START_S
    if stale.any():
        keep = ~stale
        s.time_ns, s.xyz, s.elapsed_s = s.time_ns[keep], s.xyz[keep], s.elapsed_s[keep]
        notes.append(f"{s.name}: dropped {int(stale.sum())} stale sample(s) from before the Start tap")


def _reference_ns(sensors: dict[str, _Sensor], acc_t: np.ndarray) -> float:
    """Unix ns of the Start tap (time - seconds_elapsed) when known, else of the first sample."""
    for s in sensors.values():
        if s.elapsed_s is not None and s.elapsed_s.size:
            return float(s.time_ns[0] - s.elapsed_s[0] * 1e9)
    return float(np.nanmin(acc_t))


def _infer_platform(sensors: dict[str, _Sensor]) -> str | None:
    if "TotalAcceleration" in sensors:
        return "android"  # only Android writes TotalAcceleration
    u = sensors.get("AccelerometerUncalibrated")
    if u is not None and u.xyz.size:
        norm = float(np.nanmedian(np.linalg.norm(u.xyz, axis=1)))
        if 0.5 < norm < 2.0:
            return "ios"  # in g: only iOS writes the uncalibrated accelerometer in g
        if 5.0 < norm < 15.0:
            return "android"
    return None


__all__ = ["read_sensor_logger"]
