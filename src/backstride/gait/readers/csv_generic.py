"""The generic CSV of the public contract (CONTRACT.md section 2).

A header row, then one row per sample. Columns are found by name, never by position:

* time: ``time_s`` (seconds), or ``timestamp_s`` / ``timestamp_ms`` / ``timestamp_us`` / ``timestamp_ns``
  (Unix time in that unit), or ``timestamp`` holding ISO 8601 date-times (``2024-05-01T10:32:05.120``).
* accelerometer: ``acc_x, acc_y, acc_z`` with the unit in the name (``acc_x_mps2``, ``acc_x_g``,
  ``acc_x (m/s^2)``, ``acc_x [g]``) or given with ``acc_unit=`` (CLI ``--acc-unit``).
* gyroscope (optional): ``gyr_x, gyr_y, gyr_z`` (also ``gyro_x``) with ``_dps``/``_rads`` or ``gyr_unit=``.

A unit is never guessed: a column without a unit and no unit option is an error, and a unit option that
contradicts the header is an error too. Separators ``,``, ``;`` or tab; decimal comma is accepted with
``;`` or tab.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np

from backstride.gait.readers._common import (
    Stream,
    acc_factor,
    build_recording,
    decode_text,
    fail,
    gyr_factor,
    split_table,
    xyz_columns,
)
from backstride.gait.recording import Recording

_UNIT = r"(?:[ _]*[\(\[]?(?P<unit>[^\)\]]+?)[\)\]]?)?"
ACC_RE = re.compile(rf"^acc(?:el)?[ _]?(?P<axis>[xyzXYZ]){_UNIT}$", re.I)
GYR_RE = re.compile(rf"^gyr(?:o)?[ _]?(?P<axis>[xyzXYZ]){_UNIT}$", re.I)
_EPOCH_UNITS = {"timestamp_s": 1.0, "timestamp_ms": 1e-3, "timestamp_us": 1e-6, "timestamp_ns": 1e-9}


def read_csv(
    raw: bytes, where: str, *, acc_unit: str | None = None, gyr_unit: str | None = None
) -> Recording:
    table = split_table(decode_text(raw, where), where)
    lower = [h.lower() for h in table.header]
    acc_cols = xyz_columns(table.header, ACC_RE)
    if acc_cols is None:
        raise fail(
            where,
            f"no accelerometer columns acc_x, acc_y, acc_z in the header {table.header}; "
            "expected e.g. time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps",
        )
    gyr_cols = xyz_columns(table.header, GYR_RE)
    acc_k = _unit_factor(acc_cols, acc_unit, "acc", acc_factor, where)
    gyr_k = None if gyr_cols is None else _unit_factor(gyr_cols, gyr_unit, "gyr", gyr_factor, where)
    if gyr_cols is None and gyr_unit is not None:
        raise fail(where, "a gyroscope unit was given but there are no gyr_x, gyr_y, gyr_z columns")

    notes: list[str] = []
    start_dt_at_zero: datetime | None = None
    if "time_s" in lower:
        time_col = lower.index("time_s")
        time_kind = "seconds"
    else:
        epoch = [c for c in _EPOCH_UNITS if c in lower]
        if epoch:
            time_col, time_kind = lower.index(epoch[0]), epoch[0]
        elif "timestamp" in lower:
            time_col, time_kind = lower.index("timestamp"), "iso"
        else:
            raise fail(
                where,
                "no time column: expected time_s (seconds), timestamp_s/_ms/_us/_ns (Unix time) "
                f"or timestamp (ISO 8601); the header is {table.header}",
            )

    acc_idx = [acc_cols[a][0] for a in "xyz"]
    gyr_idx = [] if gyr_cols is None else [gyr_cols[a][0] for a in "xyz"]
    if time_kind == "iso":
        t_s, start_dt_at_zero = _iso_times(table, time_col, where)
        values = table.numbers(acc_idx + gyr_idx)
    else:
        data = table.numbers([time_col, *acc_idx, *gyr_idx])
        t_s, values = data[:, 0], data[:, 1:]
        if time_kind != "seconds":
            raw_t = t_s * _EPOCH_UNITS[time_kind]
            finite = raw_t[np.isfinite(raw_t)]
            if finite.size == 0:
                raise fail(where, f"the {table.header[time_col]} column has no numbers")
            origin = float(finite[0])
            start_dt_at_zero = datetime.fromtimestamp(origin, tz=UTC)
            t_s = raw_t - origin
    if gyr_k is not None and not np.isfinite(values[:, 3:6]).any():
        # a logger without a gyroscope may still write the columns, all empty: read it like a
        # file without them, not as "no gyroscope samples"
        gyr_k = None
        notes.append("the gyroscope columns are empty: read without a gyroscope")
    acc = Stream("accelerometer", t_s, values[:, :3] * acc_k)
    gyr = None if gyr_k is None else Stream("gyroscope", t_s, values[:, 3:6] * gyr_k)
    if acc_k != 1.0:
        notes.append("accelerometer converted from g to m/s^2 (x 9.80665)")
    if gyr_k is not None and gyr_k != 1.0:
        notes.append("gyroscope converted from rad/s to deg/s")
    return build_recording(
        where=where,
        source_format="csv",
        acc=acc,
        gyr=gyr,
        notes=notes,
        start_datetime_at_zero=start_dt_at_zero,
    )


def _unit_factor(
    cols: dict[str, tuple[int, str]], option: str | None, prefix: str, to_factor, where: str
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
        flag = "--acc-unit m/s^2|g" if prefix == "acc" else "--gyr-unit deg/s|rad/s"
        raise fail(
            where,
            f"the {prefix}_x/y/z columns do not say their unit; name them like {example}, or pass {flag}",
        )
    return float(to_factor(option, where))


def _iso_times(table, time_col: int, where: str) -> tuple[np.ndarray, datetime]:
    lines = table.body.rstrip("\n").split("\n")
    d = table.delimiter
    stamps: list[datetime] = []
    for k, line in enumerate(lines):
        cell = line.split(d)[time_col].strip().strip('"') if line.count(d) >= time_col else ""
        try:
            stamps.append(datetime.fromisoformat(cell.replace("Z", "+00:00")))
        except ValueError:
            raise fail(where, f"line {k + 2}: timestamp {cell!r} is not an ISO 8601 date-time") from None
    first = stamps[0]
    if any((s.tzinfo is None) != (first.tzinfo is None) for s in stamps):
        raise fail(where, "some timestamps have a time zone and some do not")
    t = np.array([(s - first).total_seconds() for s in stamps], dtype=np.float64)
    return t, first
