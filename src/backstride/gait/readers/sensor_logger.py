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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import numpy as np

from backstride.core.units import RAD_TO_DEG, STANDARD_GRAVITY_MPS2
from backstride.gait.readers._common import (
    READ_AS_CLOCK_HERE,
    Stream,
    build_recording,
    decode_text,
    fail,
    split_table,
)
from backstride.gait.readers._container import MAX_META_BYTES, Container, open_container, zip_folder
from backstride.gait.readers.stream import (
    PHONE_PIECE_BYTES,
    PHONE_STREAM_MIN_BYTES,
    BytesRead,
    PhoneChunk,
    PhoneSensors,
    Piece,
    RecordingStream,
    open_phone,
    prober,
    read_piece,
    table_numbers,
    with_gravity,
    write_rows,
)
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
    xyz: np.ndarray  # read piece by piece: these three hold the first piece only
    member: str = ""  # where to read it again piece by piece (a CSV member)
    cols: tuple[int, ...] = ()  # time, x, y, z (, seconds_elapsed)
    delimiter: str = ","


def read_sensor_logger(path: Path) -> Recording:
    where = str(path)
    if path.suffix.lower() == ".json":
        sensors, meta, skipped = _json_sensors(path)
    else:
        with open_container(path) as c:
            sensors, meta, skipped = _csv_sensors(c)
    return _assemble(sensors, meta, skipped, where)


def open_sensor_logger(path: Path, *, piece_bytes: int | None = None) -> RecordingStream | None:
    """A long Sensor Logger export (zip, folder or one CSV) read piece by piece
    (``readers.stream.open_phone``), or ``None`` when it is read whole: the JSON export, or sensor
    tables smaller than ``PHONE_STREAM_MIN_BYTES`` together (unless ``piece_bytes`` is given: tests).
    Which sensors, the platform, units and signs are chosen on the first piece of each table, by the
    rules of the whole-file read."""
    if path.suffix.lower() == ".json":
        return None
    piece = max(4096, int(piece_bytes or PHONE_PIECE_BYTES))
    c = open_container(path)
    try:
        if piece_bytes is None and sum(c.size(m) for m in _sensor_members(c)) < PHONE_STREAM_MIN_BYTES:
            c.close()
            return None  # short: read whole, not even its first pieces looked at here
        sensors, meta, skipped = _csv_sensors(c, head_bytes=piece)
        notes = list(skipped)
        for sensor in sensors.values():
            _drop_stale(sensor, [])  # counted again, over every piece, while the tables are read
        plan = _choose(sensors, meta, skipped, c.where, notes)
        used = [sensors[n] for n in (plan.acc, plan.gravity, plan.gyr) if n is not None]
        size = sum(c.size(x.member) for x in used)
        if piece_bytes is None and size < PHONE_STREAM_MIN_BYTES:
            c.close()
            return None
        counter = BytesRead(size)
        a = sensors[plan.acc]
        stale: dict[str, int] = {}
        acc = _sensor_pieces(c, sensors[plan.acc], piece, counter, stale)
        if plan.gravity is not None:
            gravity = _sensor_pieces(c, sensors[plan.gravity], piece, counter, stale)
            acc = with_gravity(acc, gravity, c.where, plan.gravity)
        ref_ns = plan.ref_ns
        gyr = None
        if plan.gyr is not None:
            gyr_raw = _sensor_pieces(c, sensors[plan.gyr], piece, counter, stale)
            gyr = (((t - ref_ns) / 1e9, v * RAD_TO_DEG) for t, v in gyr_raw)

        def stale_notes() -> list[str]:
            return [_stale_note(name, n) for name, n in stale.items() if n]

        phone = PhoneSensors(
            where=c.where,
            source_format="sensor-logger",
            acc_name="acceleration",
            acc=_acc_final(acc, plan),
            gyr_name=plan.gyr,
            gyr=gyr,
            notes=notes,
            start_datetime_at_zero=plan.start,
            own_zone=plan.own_zone,
            bytes_read=counter,
            end_notes=stale_notes,
            close=c.close,
            probe=prober(c, a.member, a.cols[0], a.delimiter, 1e-9, piece),
        )
    except BaseException:
        c.close()
        raise
    return open_phone(phone)


def _sensor_pieces(
    c: Container, s: _Sensor, piece: int, counter: BytesRead, stale: dict[str, int]
) -> Iterator[Piece]:
    """One sensor's ``(Unix ns, x y z as written)`` piece by piece, stale samples dropped (counted)."""
    stale.setdefault(s.name, 0)
    for data in table_numbers(c.open(s.member), s.label, piece, list(s.cols), counter):
        if len(s.cols) > 4:
            old = data[:, 4] < STALE_BEFORE_START_S
            if old.any():
                stale[s.name] += int(old.sum())
                data = data[~old]
        yield data[:, 0], data[:, 1:4]


def _acc_final(pieces: Iterator[Piece], plan: _Plan) -> Iterator[Piece]:
    """Acceleration pieces in seconds from the Start tap, m/s^2 and the Android sign (as ``_assemble``)."""
    for t, v in pieces:
        if plan.in_g:
            v = v * STANDARD_GRAVITY_MPS2
        if plan.negate:
            v = -v
        yield (t - plan.ref_ns) / 1e9, v


# ------------------------------------------------------------------------------------------- parsing


_WANTED = {
    "totalacceleration",
    "accelerometer",
    "gravity",
    "accelerometeruncalibrated",
    "gyroscope",
    "gyroscopeuncalibrated",
}


def _sensor_members(c: Container) -> list[str]:
    """The CSV members that may hold one of the motion sensors read (not Metadata, Magnetometer ...)."""
    out = []
    for member in c.members:
        p = PurePosixPath(member)
        stem = _guess_single_file_sensor(p.stem) if c.kind == "file" else p.stem
        if p.suffix.lower() == ".csv" and stem.lower() in _WANTED:
            out.append(member)
    return out


def _csv_sensors(c: Container, head_bytes: int | None = None) -> tuple[dict[str, _Sensor], _Meta, list[str]]:
    """The sensor tables of an export (with ``head_bytes``: only about that much text of each, enough to
    choose the sensors; the rest is read piece by piece)."""
    sensors: dict[str, _Sensor] = {}
    skipped: list[str] = []
    meta = _Meta()
    for member in c.members:
        p = PurePosixPath(member)
        if p.suffix.lower() != ".csv":
            continue
        stem = p.stem
        label = c.label(member)
        if stem.lower() == "metadata":
            if c.size(member) > 0:
                meta = _parse_meta(decode_text(c.read(member, MAX_META_BYTES), label), label)
            continue
        if c.kind == "file":
            stem = _guess_single_file_sensor(stem)
        if stem.lower() not in _WANTED:
            continue
        if c.size(member) == 0:
            skipped.append(f"{p.name} is empty (0 bytes)")
            continue
        if head_bytes is None:
            raw = c.read(member)
        else:
            with c.open(member) as fh:
                raw = read_piece(fh, head_bytes, label)
        table = split_table(decode_text(raw, label), label)
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
            member=member,
            cols=tuple(cols),
            delimiter=table.delimiter,
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


@dataclass
class _Plan:
    """What makes the recording: the acceleration sensor (and gravity added to it), its unit and sign,
    the gyroscope, the Start tap (Unix ns) and the wall-clock time of it."""

    acc: str
    gravity: str | None
    in_g: bool
    negate: bool
    gyr: str | None
    ref_ns: float
    start: datetime
    own_zone: bool = False  # ``start`` is in the zone Metadata.csv names (``readers._common.start_clock``)


def _choose(
    sensors: dict[str, _Sensor], meta: _Meta, skipped: list[str], where: str, notes: list[str]
) -> _Plan:
    """The plan for these sensors (stale samples already dropped); its notes go into ``notes``."""
    platform = meta.platform
    if platform is None:
        platform = _infer_platform(sensors)
        if platform is not None:
            notes.append(f"no Metadata.csv: platform taken as {platform} from the files present")

    in_g = False
    gravity = None
    if "TotalAcceleration" in sensors:
        acc = "TotalAcceleration"
        used = "TotalAcceleration (with gravity, m/s^2)"
    elif "Accelerometer" in sensors and "Gravity" in sensors:
        acc, gravity = "Accelerometer", "Gravity"
        used = "Accelerometer + Gravity (m/s^2)"
        if platform is None:
            raise fail(
                where,
                "cannot tell whether this came from an iPhone or Android (Metadata.csv is missing), and the "
                "two use opposite signs for acceleration; export the whole recording as a zip",
            )
    elif "AccelerometerUncalibrated" in sensors:
        acc = "AccelerometerUncalibrated"
        if platform is None:
            raise fail(
                where, "cannot tell iPhone from Android (Metadata.csv is missing): units and signs differ"
            )
        in_g = platform == "ios" and not meta.standardised
        if in_g:
            notes.append("iOS AccelerometerUncalibrated is in g: converted to m/s^2 (x 9.80665)")
        used = "AccelerometerUncalibrated"
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
    negate = platform == "ios" and not meta.standardised
    if negate:
        notes.append(
            "iOS acceleration sign flipped to the Android convention (+z up when the phone lies flat)"
        )
    gyr_sensor = sensors.get("Gyroscope") or sensors.get("GyroscopeUncalibrated")
    gyr = None if gyr_sensor is None else gyr_sensor.name
    if gyr_sensor is not None:
        notes.append(f"angular rate from {gyr_sensor.name}, converted from rad/s to deg/s")
    ref_ns = _reference_ns(sensors, sensors[acc].time_ns)
    start = datetime.fromtimestamp(ref_ns / 1e9, tz=UTC)
    own_zone = False
    if meta.timezone:
        try:
            from zoneinfo import ZoneInfo

            there = start.astimezone(ZoneInfo(meta.timezone))
        except (KeyError, ValueError, OSError):  # unknown zone name: the moment is still known (Unix ns)
            notes.append(f"unknown time zone {meta.timezone!r}: times are read on this computer's clock")
        else:
            # clock times are the recording's own (a Paris walk's 08:57 is 08:57 on a computer set to UTC)
            start, own_zone = there, True
            notes.append(
                f"times are the clock where it was recorded: time zone {meta.timezone} (Metadata.csv), "
                f"started {there:%H:%M:%S} there"
            )
    else:
        notes.append(f"Metadata.csv gives no time zone: times are {READ_AS_CLOCK_HERE}")
    return _Plan(acc, gravity, in_g, negate, gyr, ref_ns, start, own_zone)


def _assemble(sensors: dict[str, _Sensor], meta: _Meta, skipped: list[str], where: str) -> Recording:
    notes = list(skipped)
    for s in sensors.values():
        _drop_stale(s, notes)
    plan = _choose(sensors, meta, skipped, where, notes)
    a = sensors[plan.acc]
    acc_t, acc_v = a.time_ns, a.xyz.copy()
    if plan.gravity is not None:
        g = sensors[plan.gravity]
        good = np.all(np.isfinite(g.xyz), axis=1) & np.isfinite(g.time_ns)
        g_on_a = np.column_stack([np.interp(a.time_ns, g.time_ns[good], g.xyz[good, k]) for k in range(3)])
        acc_v = a.xyz + g_on_a
    if plan.in_g:
        acc_v = acc_v * STANDARD_GRAVITY_MPS2
    if plan.negate:
        acc_v = -acc_v
    acc = Stream("acceleration", (acc_t - plan.ref_ns) / 1e9, acc_v)
    gyr = None
    if plan.gyr is not None:
        gs = sensors[plan.gyr]
        gyr = Stream(gs.name, (gs.time_ns - plan.ref_ns) / 1e9, gs.xyz * RAD_TO_DEG)
    return build_recording(
        where=where,
        source_format="sensor-logger",
        acc=acc,
        gyr=gyr,
        notes=notes,
        start_datetime_at_zero=plan.start,
        own_zone=plan.own_zone,
    )


def _drop_stale(s: _Sensor, notes: list[str]) -> None:
    if s.elapsed_s is None:
        return
    stale = s.elapsed_s < STALE_BEFORE_START_S
    if stale.any():
        keep = ~stale
        s.time_ns, s.xyz, s.elapsed_s = s.time_ns[keep], s.xyz[keep], s.elapsed_s[keep]
        notes.append(_stale_note(s.name, int(stale.sum())))


def _stale_note(name: str, n: int) -> str:
    return f"{name}: dropped {n} stale sample(s) from before the Start tap"


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


# ------------------------------------------------------------------------------------------- writing


def write_sensor_logger(
    path: Path,
    chunks: Iterable[PhoneChunk],
    *,
    platform: str = "android",
    start_ns: int = 1_772_438_400_000_000_000,
) -> None:
    """Write a Sensor Logger export chunk by chunk (acceleration with gravity in m/s^2 and angular rate in
    deg/s at their own times, seconds from the Start tap): a folder, or a zip when ``path`` ends in
    ``.zip``. Android: ``TotalAcceleration.csv`` + ``Gyroscope.csv``; iOS: ``Accelerometer.csv`` (gravity
    removed) + ``Gravity.csv`` with the iOS sign, + ``Gyroscope.csv``; ``Metadata.csv`` (no final
    newline) and an empty ``Annotation.csv`` as the app writes them. Not a full app export: what
    :func:`read_sensor_logger` reads (tests and benchmarks write long exports with it)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=path.parent)) if path.suffix.lower() == ".zip" else path
    folder.mkdir(parents=True, exist_ok=True)
    ios = platform == "ios"
    names = ["Accelerometer", "Gravity", "Gyroscope"] if ios else ["TotalAcceleration", "Gyroscope"]
    (folder / "Metadata.csv").write_text(
        "version,device name,recording epoch time,recording time,recording timezone,platform,appVersion,"
        f"device id,sensors,sampleRateMs,standardisation\n3,{'iPhone 15' if ios else 'Pixel 8'},"
        f"{start_ns // 1_000_000},{datetime.fromtimestamp(start_ns / 1e9, tz=UTC):%Y-%m-%d_%H-%M-%S},UTC,"
        f"{platform},1.48,00000000-0000-0000-0000-000000000000,{'|'.join(names)},"
        f"{'|'.join('10' for _ in names)},false"
    )
    (folder / "Annotation.csv").write_bytes(b"")
    files = {n: (folder / f"{n}.csv").open("w") for n in names}
    try:
        for fh in files.values():
            fh.write("time,seconds_elapsed,z,y,x\n")
        for t_acc, acc, t_gyr, gyr in chunks:
            rows: dict[str, tuple[np.ndarray, np.ndarray]] = {"Gyroscope": (t_gyr, gyr / RAD_TO_DEG)}
            if ios:  # gravity: the acceleration's 1-second mean; both with the iOS sign
                k = np.ones(100) / 100.0
                g = np.column_stack([np.convolve(acc[:, j], k, mode="same") for j in range(3)])
                rows["Accelerometer"] = (t_acc, -(acc - g))
                rows["Gravity"] = (t_acc, -g)
            else:
                rows["TotalAcceleration"] = (t_acc, acc)
            for name, (t, v) in rows.items():
                ns = start_ns + np.round(t * 1e9).astype(np.int64)
                frame = np.column_stack([t, v[:, ::-1]])  # seconds_elapsed, z, y, x
                write_rows(files[name], ns, frame, None)
    finally:
        for fh in files.values():
            fh.close()
    if folder != path:
        import shutil

        zip_folder(folder, path)
        shutil.rmtree(folder)


__all__ = ["open_sensor_logger", "read_sensor_logger", "write_sensor_logger"]
