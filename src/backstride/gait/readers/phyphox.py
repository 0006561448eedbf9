"""phyphox exports: a zip or folder of CSV files (+ ``meta/``), a single CSV, or an Excel ``.xls``.

Facts (../shared/data/formats/FORMATS.md section 1): every set has its own ``Time (s)`` column (seconds
since the experiment start); value columns end in ``x``/``y``/``z`` and a unit in brackets, in any UI
language (``Acceleration x (m/s^2)``, iOS ``X (m/s^2)``, German ``Lineare Beschleunigung x (m/s^2)``);
five CSV dialects (comma, tab or semicolon; decimal point or comma); empty cells (iOS) or ``NaN``
(Android). Columns are therefore chosen by their unit and axis letter, not their English name.

Which acceleration: backstride needs acceleration *with* gravity (to find which way is up). phyphox's
"Acceleration with g" / simple-experiment ``Accelerometer`` has it; "Linear Acceleration" / "Acceleration
(without g)" has not. If a ``Gravity`` set is present, linear acceleration + gravity is used; otherwise a
linear-only export is refused with a message saying which experiment to record instead. Which kind a set
is, is told by its name and checked against the data (with gravity the median size is ~9.8 m/s^2).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import numpy as np

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import (
    Stream,
    acc_factor,
    build_recording,
    decode_text,
    fail,
    gyr_factor,
    split_table,
)
from backstride.gait.readers._container import Container, open_container
from backstride.gait.recording import Recording

VALUE_RE = re.compile(r"^(?P<name>.*?)(?P<axis>[xyzXYZ])\s*\((?P<unit>[^)]*)\)\s*$")
TIME_RE = re.compile(r"\((s|sec)\)\s*$", re.I)
_ACC_UNITS = {"m/s^2", "m/s²", "m/s2"}
_GYR_UNITS = {"rad/s", "deg/s", "°/s"}


@dataclass
class _Set:
    name: str  # file stem or sheet name
    label: str  # for messages
    kind: str  # "acc" | "gyr"
    header_names: str
    t_s: np.ndarray
    xyz: np.ndarray  # in m/s^2 or deg/s

    @property
    def says_gravity(self) -> bool:
        text = f"{self.name} {self.header_names}".lower()
        return "grav" in text

    @property
    def says_linear(self) -> bool:
        text = f"{self.name} {self.header_names}".lower()
        return "linear" in text or "without g" in text

    @property
    def median_norm(self) -> float:
        good = np.all(np.isfinite(self.xyz), axis=1)
        return float(np.median(np.linalg.norm(self.xyz[good], axis=1))) if good.any() else 0.0


def read_phyphox(path: Path) -> Recording:
    where = str(path)
    if path.suffix.lower() == ".xls":
        sets, start = _xls_sets(path)
    else:
        with open_container(path) as c:
            sets, start = _csv_sets(c)
    return _assemble(sets, start, where)


def _classify(label: str, name: str, header: list[str]) -> tuple[str, list[int], str, int] | None:
    """(kind, value column indexes in x,y,z order, unit, time column) or None for sets we don't use."""
    if not header or not TIME_RE.search(header[0]):
        return None
    cols: dict[str, tuple[int, str]] = {}
    names = []
    for i, h in enumerate(header[1:], start=1):
        m = VALUE_RE.match(h)
        if m and m.group("axis").lower() not in cols:
            cols[m.group("axis").lower()] = (i, m.group("unit").strip())
            names.append(m.group("name"))
    if set(cols) != {"x", "y", "z"}:
        return None
    units = {cols[a][1] for a in "xyz"}
    if len(units) != 1:
        return None
    unit = units.pop()
    kind = "acc" if unit in _ACC_UNITS else "gyr" if unit in _GYR_UNITS else None
    if kind is None:
        return None
    return kind, [cols[a][0] for a in "xyz"], unit, 0


def _csv_sets(c: Container) -> tuple[list[_Set], datetime | None]:
    sets: list[_Set] = []
    skipped: list[str] = []
    for member in c.members:
        p = PurePosixPath(member)
        if p.suffix.lower() != ".csv" or (len(p.parts) > 1 and p.parts[-2] == "meta"):
            continue
        label = c.label(member)
        if c.size(member) == 0:
            skipped.append(f"{p.name} (0 bytes)")
            continue
        table = split_table(decode_text(c.read(member), label), label)
        got = _classify(label, p.stem, table.header)
        if got is None:
            skipped.append(p.name)
            continue
        kind, idx, unit, tcol = got
        data = table.numbers([tcol, *idx])
        k = acc_factor(unit, label) if kind == "acc" else gyr_factor(unit, label)
        header_names = " ".join(table.header[i] for i in idx)
        sets.append(_Set(p.stem, label, kind, header_names, data[:, 0], data[:, 1:] * k))
    if not sets:
        extra = f" (found: {', '.join(skipped)})" if skipped else ""
        raise fail(
            c.where,
            "no phyphox accelerometer or gyroscope table: expected a CSV whose header starts with "
            f'"Time (s)" and has x, y, z columns in m/s^2 or rad/s{extra}',
        )
    start = None
    tm = c.find("time.csv")
    if tm is not None and c.size(tm) > 0:
        try:
            t = split_table(decode_text(c.read(tm), c.label(tm)), c.label(tm))
        except RecordingError:  # no usable START row: the wall-clock start stays unknown
            t = None
        if t is not None:
            rows = [r.split(t.delimiter) for r in t.body.strip("\n").split("\n")]
            start = _start_from_rows([[x.strip().strip('"') for x in r] for r in rows])
    return sets, start


def _start_from_rows(rows: list[list[str]]) -> datetime | None:
    """Wall-clock time of experiment time 0, from the first START row of meta/time.csv."""
    for r in rows:
        if len(r) >= 4 and r[0].upper() == "START":
            try:
                exp_t = float(str(r[1]).replace(",", "."))
                sys_t = float(str(r[2]).replace(",", "."))
            except ValueError:
                return None
            tz = UTC
            m = re.search(r"UTC([+-])(\d{2}):?(\d{2})", str(r[3]))
            if m:
                sign = 1 if m.group(1) == "+" else -1
                tz = timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))
            return datetime.fromtimestamp(sys_t - exp_t, tz=tz)
    return None


def _xls_sets(path: Path) -> tuple[list[_Set], datetime | None]:
    where = str(path)
    try:
        import xlrd  # lazy: only phyphox Excel exports need it
    except ImportError:  # pragma: no cover - xlrd is a declared dependency
        raise fail(where, "reading Excel files needs the package xlrd (pip install xlrd)") from None
    try:
        # xlrd writes its warnings to stdout by default, which would spoil `--json` output
        book = xlrd.open_workbook(str(path), logfile=io.StringIO())
        sheets = book.sheets()
    except Exception as exc:  # xlrd raises XLRDError, struct.error, AssertionError, KeyError... on damage
        raise fail(
            where, f"is not a readable Excel .xls file, or it is damaged ({type(exc).__name__}: {exc})"
        ) from None
    sets: list[_Set] = []
    start = None
    for sheet in sheets:
        label = f"{where}:{sheet.name}"
        if sheet.nrows == 0:
            continue
        header = [str(v).strip() for v in sheet.row_values(0)]
        if sheet.name.lower().startswith("metadata time"):
            start = _start_from_rows([[str(v) for v in sheet.row_values(r)] for r in range(1, sheet.nrows)])
            continue
        got = _classify(label, sheet.name, header)
        if got is None:
            continue
        if sheet.nrows < 2:
            raise fail(label, "the sheet has a header but no data rows")
        kind, idx, unit, tcol = got
        try:
            data = np.array(
                [[_num(sheet.cell_value(r, c)) for c in [tcol, *idx]] for r in range(1, sheet.nrows)],
                dtype=np.float64,
            )
        except ValueError as exc:
            raise fail(label, f"a cell is not a number ({exc})") from None
        k = acc_factor(unit, label) if kind == "acc" else gyr_factor(unit, label)
        names = " ".join(header[i] for i in idx)
        sets.append(_Set(sheet.name, label, kind, names, data[:, 0], data[:, 1:] * k))
    if not sets:
        raise fail(where, "no phyphox accelerometer or gyroscope sheet in this Excel file")
    return sets, start


def _num(v: object) -> float:
    if v == "" or v is None:
        return float("nan")
    return float(v)  # type: ignore[arg-type]


def _assemble(sets: list[_Set], start: datetime | None, where: str) -> Recording:
    notes: list[str] = []
    accs = [s for s in sets if s.kind == "acc"]
    gyrs = [s for s in sets if s.kind == "gyr"]
    with_g = [s for s in accs if not s.says_gravity and not s.says_linear and s.median_norm > 4.0]
    gravity = [s for s in accs if s.says_gravity]
    linear = [s for s in accs if s.says_linear or (not s.says_gravity and s.median_norm <= 4.0)]
    if with_g:
        acc_set = with_g[0]
        acc = Stream(acc_set.name, acc_set.t_s, acc_set.xyz)
        notes.append(f"acceleration with gravity from {acc_set.name}")
    elif linear and gravity:
        lin, grav = linear[0], gravity[0]
        good = np.all(np.isfinite(grav.xyz), axis=1) & np.isfinite(grav.t_s)
        g_on_lin = np.column_stack([np.interp(lin.t_s, grav.t_s[good], grav.xyz[good, k]) for k in range(3)])
        acc = Stream(lin.name, lin.t_s, lin.xyz + g_on_lin)
        notes.append(f"acceleration with gravity = {lin.name} + {grav.name}")
    elif linear:
        names = ", ".join(s.name for s in linear)
        raise fail(
            where,
            f"holds acceleration with gravity removed only ({names}); backstride needs gravity to tell "
            "which way is up. Record with the phyphox experiment 'Acceleration with g' (and 'Gyroscope'), "
            "or a simple experiment with Accelerometer and Gyroscope",
        )
    else:
        raise fail(where, "holds no accelerometer data (only a gyroscope); an accelerometer is needed")
    gyr = None
    if gyrs:
        gyr = Stream(gyrs[0].name, gyrs[0].t_s, gyrs[0].xyz)
    notes.append("phyphox passes the phone's own axes through: orientation is estimated from the data")
    return build_recording(
        where=where,
        source_format="phyphox",
        acc=acc,
        gyr=gyr,
        notes=notes,
        start_datetime_at_zero=start,
    )


__all__ = ["read_phyphox"]
