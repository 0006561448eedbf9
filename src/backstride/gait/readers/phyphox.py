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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import numpy as np

from backstride.core.errors import RecordingError
from backstride.gait.readers._common import (
    ACC_UNITS_TO_MPS2,
    GYR_UNITS_TO_DPS,
    Stream,
    Table,
    acc_factor,
    build_recording,
    check_gyroscope,
    decode_text,
    fail,
    gyr_factor,
    gyroscope_axes_missing,
    split_table,
)
from backstride.gait.readers._container import MAX_META_BYTES, Container, open_container, zip_folder
from backstride.gait.readers.stream import (
    PHONE_PIECE_BYTES,
    PHONE_STREAM_MIN_BYTES,
    PROBE_BYTES,
    PROBES,
    BytesRead,
    PhoneChunk,
    PhoneSensors,
    Piece,
    RecordingStream,
    cell_number,
    open_phone,
    prober,
    read_piece,
    table_numbers,
    with_gravity,
    write_rows,
)
from backstride.gait.recording import Recording

VALUE_RE = re.compile(r"^(?P<name>.*?)(?P<axis>[xyzXYZ])\s*\((?P<unit>[^)]*)\)\s*$")
TIME_RE = re.compile(r"\((s|sec)\)\s*$", re.I)


@dataclass
class _Set:
    name: str  # file stem or sheet name
    label: str  # for messages
    kind: str  # "acc" | "gyr"
    header_names: str
    t_s: np.ndarray
    xyz: np.ndarray  # in m/s^2 or deg/s (read piece by piece: the first piece only)
    member: str = ""  # where to read it again piece by piece (a CSV member)
    time_col: int = 0
    cols: tuple[int, ...] = ()
    factor: float = 1.0
    delimiter: str = ","

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


EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE2 file: what phyphox's Excel export writes


def _is_excel(path: Path) -> bool:
    """An Excel export, by its name or, under any other name, by its first bytes (as ``detect_format``)."""
    if path.suffix.lower() == ".xls":
        return True
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == EXCEL_MAGIC


def read_phyphox(path: Path) -> Recording:
    where = str(path)
    if _is_excel(path):
        (sets, left_out), time_rows = _xls_sets(path)
    else:
        with open_container(path) as c:
            (sets, left_out), time_rows = _csv_sets(c)
    pauses = _pauses_from_rows(time_rows)
    if pauses is not None:
        sets = [replace(x, t_s=pauses.real(x.t_s)) for x in sets]
    rec = _assemble(sets, _start_from_rows(time_rows), where, left_out, pauses)
    if time_rows is None:
        rec = replace(rec, notes=(*rec.notes, *_unseen_pauses_notes(rec.gaps_s)))
    return rec


def _unseen_pauses_notes(gaps_s: Sequence[tuple[float, float]]) -> list[str]:
    """A phyphox table without ``meta/time.csv`` whose times jump: a pause cannot be told from a gap, nor
    its length known (phyphox cuts paused time out of ``Time (s)``; only the START rows say it). Said by
    the whole-file read and by the read piece by piece (``open_phyphox``) alike; none without a jump."""
    if not gaps_s:
        return []
    first = gaps_s[0]
    where = f"at {first[0]:.0f} s" if len(gaps_s) == 1 else f"{len(gaps_s)} times, first at {first[0]:.0f} s"
    return [
        f"the samples stop {where}, and this file has no meta/time.csv (the record of when phyphox was "
        "started and paused), so a pause cannot be shown: if the recording was paused, how long is not "
        "known and clock times after it may be early. The whole export (its zip) keeps that record"
    ]


def open_phyphox(path: Path, *, piece_bytes: int | None = None) -> RecordingStream | None:
    """A long phyphox export (zip, folder or one CSV) read piece by piece (``readers.stream.open_phone``),
    or ``None`` when it is read whole: an Excel file, or sensor tables smaller than
    ``PHONE_STREAM_MIN_BYTES`` together (unless ``piece_bytes`` is given: tests). The sets are told
    apart on their first piece, by the rules of the whole-file read."""
    if _is_excel(path):
        return None
    piece = max(4096, int(piece_bytes or PHONE_PIECE_BYTES))
    c = open_container(path)
    try:
        if piece_bytes is None and sum(c.size(m) for m in _data_members(c)) < PHONE_STREAM_MIN_BYTES:
            c.close()
            return None  # short: read whole, not even its first pieces looked at here
        sets, left_out = _csv_sets_heads(c, piece)
        choice = _choose(sets, c.where, lambda s: _gyroscope_varies_further_on(c, s, piece), left_out)
        used = [x for x in (choice.acc, choice.gravity, choice.gyr) if x is not None]
        size = sum(c.size(x.member) for x in used)
        if piece_bytes is None and size < PHONE_STREAM_MIN_BYTES:
            c.close()
            return None
        counter = BytesRead(size)
        time_rows = _time_rows(c)
        pauses = _pauses_from_rows(time_rows)
        acc = _set_pieces(c, choice.acc, piece, counter, pauses)
        if choice.gravity is not None:
            acc = with_gravity(
                acc, _set_pieces(c, choice.gravity, piece, counter, pauses), c.where, choice.gravity.name
            )
        gyr = None if choice.gyr is None else _set_pieces(c, choice.gyr, piece, counter, pauses)
        sensors = PhoneSensors(
            where=c.where,
            source_format="phyphox",
            acc_name=choice.acc.name,
            acc=acc,
            gyr_name=None if choice.gyr is None else choice.gyr.name,
            gyr=gyr,
            notes=[*choice.notes, *_pause_notes(pauses), *_zone_notes(_start_from_rows(time_rows))],
            start_datetime_at_zero=_start_from_rows(time_rows),
            own_zone=_zone_stated(_start_from_rows(time_rows)),
            bytes_read=counter,
            close=c.close,
            probe=prober(c, choice.acc.member, choice.acc.time_col, choice.acc.delimiter, 1.0, piece),
            gyr_said_rads=_own_table_said_rads(choice),
            gaps_notes=_unseen_pauses_notes if time_rows is None else (lambda gaps: []),
        )
    except BaseException:
        c.close()
        raise
    return open_phone(sensors)


def _set_pieces(
    c: Container, s: _Set, piece: int, counter: BytesRead, pauses: _Pauses | None = None
) -> Iterator[Piece]:
    """One set's ``(time s, x y z in m/s^2 or deg/s)`` piece by piece, parsed as the whole-file read does
    (times with the paused seconds put back, as there)."""
    for data in table_numbers(c.open(s.member), s.label, piece, [s.time_col, *s.cols], counter):
        t = data[:, 0] if pauses is None else pauses.real(data[:, 0])
        yield t, data[:, 1:] * s.factor


def _classify(
    label: str, name: str, header: list[str]
) -> tuple[list[tuple[str, list[int], str, int]], str | None]:
    """Each sensor the table holds: (kind, value column indexes in x,y,z order, unit, time column); none
    for a table we don't use. phyphox writes one sensor a table, but a table of our own with a
    ``Time (s)`` column may hold the accelerometer and the gyroscope side by side: both are read (the
    gyroscope's columns were dropped without a word, and the notes said there was none). And the note
    for a gyroscope without all of x, y, z (``gyr_x (deg/s)``, ``gyr_y (deg/s)``): it is left out."""
    if not header or not TIME_RE.search(header[0]):
        return [], None
    found: dict[str, dict[str, tuple[int, str]]] = {}  # kind -> axis -> (column, unit)
    gyr_columns: list[tuple[str, re.Match[str]]] = []
    for i, h in enumerate(header[1:], start=1):
        m = VALUE_RE.match(h)
        if m is None:
            continue
        unit = m.group("unit").strip()
        key = unit.lower().replace(" ", "")  # the units acc_factor and gyr_factor read (g too: a table of
        # our own; phyphox writes m/s^2 and rad/s)
        kind = "acc" if key in ACC_UNITS_TO_MPS2 else "gyr" if key in GYR_UNITS_TO_DPS else None
        if kind is not None:
            found.setdefault(kind, {}).setdefault(m.group("axis").lower(), (i, unit))
        if kind == "gyr":
            gyr_columns.append((h, m))
    out = []
    for kind, cols in found.items():
        if set(cols) != {"x", "y", "z"}:
            continue
        units = {cols[a][1] for a in "xyz"}
        to_si = ACC_UNITS_TO_MPS2 if kind == "acc" else GYR_UNITS_TO_DPS
        if len({to_si[u.lower().replace(" ", "")] for u in units}) > 1:
            # a table of one's own ('acc_x (g)', 'acc_y (m/s^2)' ...): it read 'holds no accelerometer
            # data (only a gyroscope)'; phyphox writes one unit a table
            sensor = "acceleration" if kind == "acc" else "gyroscope"
            raise fail(
                label,
                f"the {sensor} x, y, z columns name different units: {sorted(units)}; expected one unit "
                "for all three",
            )
        out.append((kind, [cols[a][0] for a in "xyz"], cols["x"][1], 0))
    return out, gyroscope_axes_missing(gyr_columns)


def _csv_sets(c: Container) -> tuple[tuple[list[_Set], list[str]], list[list[str]] | None]:
    return _sets_of(
        c, lambda member, label: split_table(decode_text(c.read(member), label), label)
    ), _time_rows(c)


def _csv_sets_heads(c: Container, piece: int) -> tuple[list[_Set], list[str]]:
    """The sets with only their first piece read (``piece`` bytes of text): enough to tell them apart."""

    def head(member: str, label: str) -> Table:
        fh = c.open(member)
        try:
            return split_table(decode_text(read_piece(fh, piece, label), label), label)
        finally:
            fh.close()

    # parsed by pandas' C parser, as every piece of the stream is (fast=True): the regular expressions and
    # numpy.loadtxt of the small-table parser took 0.5 s of the 1-hour 200 Hz benchmark's 2.3 s. The head's
    # numbers only tell the sets apart (their median size: with gravity, over 4 m/s^2, or not)
    return _sets_of(c, head, fast=True)


def _sets_of(
    c: Container, table_of: Callable[[str, str], Table], *, fast: bool = False
) -> tuple[list[_Set], list[str]]:
    """The sets of the export's tables, and the notes on sensors left out for a missing column."""
    sets: list[_Set] = []
    skipped: list[str] = []
    left_out: list[str] = []
    for member in _data_members(c):
        p = PurePosixPath(member)
        label = c.label(member)
        if c.size(member) == 0:
            skipped.append(f"{p.name} (0 bytes)")
            continue
        table = table_of(member, label)
        got, missing = _classify(label, p.stem, table.header)
        left_out.extend([f"{p.name}: {missing}"] if missing else [])
        if not got:
            skipped.append(p.name)
            continue
        for kind, idx, unit, tcol in got:
            data = table.numbers([tcol, *idx], fast=fast)
            k = acc_factor(unit, label) if kind == "acc" else gyr_factor(unit, label)
            header_names = " ".join(table.header[i] for i in idx)
            sets.append(
                _Set(
                    p.stem,
                    label,
                    kind,
                    header_names,
                    data[:, 0],
                    data[:, 1:] * k,
                    member,
                    tcol,
                    tuple(idx),
                    k,
                    table.delimiter,
                )
            )
    if not sets:
        extra = f" (found: {', '.join(skipped)})" if skipped else ""
        raise fail(
            c.where,
            "no phyphox accelerometer or gyroscope table: expected a CSV whose header starts with "
            f'"Time (s)" and has x, y, z columns in m/s^2 or g (acceleration), or in rad/s or deg/s '
            f"(gyroscope){extra}",
        )
    return sets, left_out


def _data_members(c: Container) -> list[str]:
    """The CSV members that may hold a sensor's table (not ``meta/``)."""
    out = []
    for member in c.members:
        p = PurePosixPath(member)
        if p.suffix.lower() == ".csv" and not (len(p.parts) > 1 and p.parts[-2] == "meta"):
            out.append(member)
    return out


@dataclass(frozen=True)
class _Pauses:
    """phyphox stops its experiment time while paused (``Time (s)`` has the pauses cut out): where each run
    after the first begins (experiment time, s) and how many seconds were paused before it, from the
    START rows of ``meta/time.csv`` (their system times)."""

    starts: np.ndarray
    paused_s: np.ndarray

    def real(self, t: np.ndarray) -> np.ndarray:
        """Experiment times as seconds since the first start, pauses included."""
        k = np.searchsorted(self.starts, t, side="right") - 1
        return t + np.where(k >= 0, self.paused_s[np.clip(k, 0, None)], 0.0)


def _pauses_from_rows(rows: list[list[str]] | None) -> _Pauses | None:
    """The pauses of a recording started more than once (``None``: one run, or START rows not readable)."""
    runs: list[tuple[float, float]] = []
    for r in rows or ():
        if len(r) >= 3 and r[0].upper() == "START":
            try:
                runs.append((float(str(r[1]).replace(",", ".")), float(str(r[2]).replace(",", "."))))
            except ValueError:
                return None
    if len(runs) < 2 or not np.all(np.isfinite(runs)):
        return None
    exp0, sys0 = runs[0]
    paused = np.array([(sys_t - sys0) - (exp_t - exp0) for exp_t, sys_t in runs[1:]])
    # never negative, never less than before (a clock set back must not make time run backwards)
    paused = np.maximum.accumulate(np.maximum(paused, 0.0))
    if not np.any(paused > 0.0):
        return None
    return _Pauses(np.array([exp_t for exp_t, _ in runs[1:]]), paused)


def _pause_notes(pauses: _Pauses | None) -> list[str]:
    if pauses is None:
        return []
    n = int(pauses.starts.size)
    return [
        f"the recording was paused in phyphox {'once' if n == 1 else f'{n} times'} "
        f"({float(pauses.paused_s[-1]):.0f} s in all): the paused time is kept as time without samples, "
        "so times after a pause match the clock"
    ]


def _time_rows(c: Container) -> list[list[str]] | None:
    """The rows of ``meta/time.csv`` (cells unquoted), or ``None`` without a readable one."""
    tm = c.find("time.csv")
    if tm is None or c.size(tm) == 0:
        return None
    try:
        t = split_table(decode_text(c.read(tm, MAX_META_BYTES), c.label(tm)), c.label(tm))
    except RecordingError:  # no usable START row: the wall-clock start stays unknown
        return None
    rows = [r.split(t.delimiter) for r in t.body.strip("\n").split("\n")]
    return [[x.strip().strip('"') for x in r] for r in rows]


def _start_from_rows(rows: list[list[str]] | None) -> datetime | None:
    """Wall-clock time of experiment time 0, from the first START row of meta/time.csv."""
    for r in rows or ():
        if len(r) >= 4 and r[0].upper() == "START":
            try:
                exp_t = float(str(r[1]).replace(",", "."))
                sys_t = float(str(r[2]).replace(",", "."))
            except ValueError:
                return None
            return datetime.fromtimestamp(sys_t - exp_t, tz=_offset_said(str(r[3])))
    return None


def _offset_said(text: str) -> timezone:
    """The offset the 'system time text' names ('2024-01-17 08:14:46.069 UTC+02:00'), or UTC (not stated)
    when it names none. 'UTC+00:00' is a stated offset, a phone set to UTC+0 (London in winter), as is
    'UTCZ' (phyphox for iOS writes 'UTC' then the offset in ISO form, 'Z' at zero): both are named
    'UTC+00:00', so they are not the bare UTC of a text without an offset (``_zone_stated``)."""
    m = re.search(r"UTC(?:([+-])(\d{2}):?(\d{2})|Z)", text)
    if m is None:
        return UTC
    sign = -1 if m.group(1) == "-" else 1
    offset = sign * timedelta(hours=int(m.group(2) or 0), minutes=int(m.group(3) or 0))
    return timezone(offset) if offset else timezone(offset, "UTC+00:00")


def _zone_stated(start: datetime | None) -> bool:
    """``meta/time.csv`` named the offset of the clock it was recorded on ('UTC+02:00'): clock times are
    read on it (``readers._common.start_clock``). Without one the start is a Unix time (UTC)."""
    return start is not None and start.tzinfo is not UTC


def _zone_notes(start: datetime | None) -> list[str]:
    """Which clock the times are read on, as Sensor Logger's reader says it (the walk page says it in
    words): a start on its stated offset ('UTC+02:00') was read so without a word, dated on this
    computer's clock by the pages."""
    if start is None or not _zone_stated(start):
        return []
    return [
        f"times are the clock where it was recorded: time zone {start.tzname()} (meta/time.csv), "
        f"started {start:%H:%M:%S} there"
    ]


def _xls_sets(path: Path) -> tuple[tuple[list[_Set], list[str]], list[list[str]] | None]:
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
    left_out: list[str] = []
    time_rows = None
    for sheet in sheets:
        label = f"{where}:{sheet.name}"
        if sheet.nrows == 0:
            continue
        header = [str(v).strip() for v in sheet.row_values(0)]
        if sheet.name.lower().startswith("metadata time"):
            time_rows = [[str(v).strip() for v in sheet.row_values(r)] for r in range(1, sheet.nrows)]
            continue
        got, missing = _classify(label, sheet.name, header)
        left_out.extend([f"{sheet.name}: {missing}"] if missing else [])
        if got and sheet.nrows < 2:
            raise fail(label, "the sheet has a header but no data rows")
        for kind, idx, unit, tcol in got:
            try:
                data = np.array(
                    [[_num(sheet.cell_value(r, c)) for c in [tcol, *idx]] for r in range(1, sheet.nrows)],
                    dtype=np.float64,
                )
            except ValueError as exc:
                raise fail(label, f"a cell is not a number ({exc})") from None
            k = acc_factor(unit, label) if kind == "acc" else gyr_factor(unit, label)
            names = " ".join(header[i] for i in idx)
            sets.append(_Set(sheet.name, label, kind, names, data[:, 0], data[:, 1:] * k, factor=k))
    if not sets:
        raise fail(where, "no phyphox accelerometer or gyroscope sheet in this Excel file")
    return (sets, left_out), time_rows


def _num(v: object) -> float:
    if v == "" or v is None:
        return float("nan")
    return float(v)  # type: ignore[arg-type]


@dataclass
class _Choice:
    """Which sets make the recording: acceleration with gravity (or linear + gravity), the gyroscope."""

    acc: _Set
    gravity: _Set | None
    gyr: _Set | None
    notes: list[str]


def _choose(
    sets: list[_Set],
    where: str,
    further_on: Callable[[_Set], bool] | None = None,
    left_out: Sequence[str] = (),
) -> _Choice:
    """``further_on``: read piece by piece, whether a set's values change after its first piece (the sets
    hold only that piece). ``left_out``: notes on a gyroscope without all of x, y, z, said when no other
    gyroscope is used."""
    accs = [s for s in sets if s.kind == "acc"]
    gyrs = [s for s in sets if s.kind == "gyr"]
    with_g = [s for s in accs if not s.says_gravity and not s.says_linear and s.median_norm > 4.0]
    gravity = [s for s in accs if s.says_gravity]
    linear = [s for s in accs if s.says_linear or (not s.says_gravity and s.median_norm <= 4.0)]
    gyr = gyrs[0] if gyrs else None
    tail = [
        "phyphox passes the phone's own axes through: orientation is estimated from the data",
        *(left_out if gyr is None else ()),
    ]
    if with_g:
        notes = [f"acceleration with gravity from {with_g[0].name}", *tail]
        return _measured_gyroscope(_Choice(with_g[0], None, gyr, notes), further_on)
    if linear and gravity:
        lin, grav = linear[0], gravity[0]
        return _Choice(lin, grav, gyr, [f"acceleration with gravity = {lin.name} + {grav.name}", *tail])
    if linear:
        names = ", ".join(s.name for s in linear)
        raise fail(
            where,
            f"has only acceleration with gravity removed ({names}), so backstride cannot tell which way "
            "is up. In phyphox, record with the experiment 'Acceleration with g' instead (and "
            "'Gyroscope' too, if you can), or a simple experiment with 'Accelerometer' and "
            "'Gyroscope'; then send that file",
        )
    raise fail(where, "holds no accelerometer data (only a gyroscope); an accelerometer is needed")


def _measured_gyroscope(choice: _Choice, further_on: Callable[[_Set], bool] | None = None) -> _Choice:
    """The choice without a gyroscope that measured nothing in a table of one's own: its columns empty,
    or one value in every row (a logger without a gyroscope writes 0), read without it, with the generic
    CSV's note (``csv_generic.gyroscope_unused``). The empty ones were refused, the zeros read as a
    pelvis turning through 0 degrees. Read piece by piece, the first piece is judged, and places spread
    over the table where they can be reached (``further_on``), as the generic CSV does."""
    from backstride.gait.readers.csv_generic import gyroscope_unused

    if choice.gyr is None or _own_table_said_rads(choice) is None:
        return choice
    unused = gyroscope_unused(choice.gyr.xyz)
    if unused is None or (further_on is not None and further_on(choice.gyr)):
        return choice
    return replace(choice, gyr=None, notes=[*choice.notes, unused])


def _gyroscope_varies_further_on(c: Container, s: _Set, piece: int) -> bool:
    """Whether a gyroscope's columns change after its first piece, at ``PROBES`` places spread over its
    table (``csv_generic`` asks the same of a long generic CSV); False where places cannot be reached
    cheaply (a packed zip member: the first piece is judged alone)."""
    size = c.size(s.member)
    if not c.seekable(s.member) or size <= piece:
        return False
    fh = c.open(s.member)
    delim = s.delimiter.encode()
    seen: set[tuple[float, ...]] = set()
    try:
        for place in sorted({int(size * k / PROBES) for k in range(1, PROBES)}):
            fh.seek(place)
            for line in fh.read(PROBE_BYTES).split(b"\n")[1:-1]:  # whole lines only
                row = tuple(cell_number(line, delim, col) for col in s.cols)
                if all(np.isfinite(row)):
                    seen.add(row)
            if len(seen) > 1:
                return True
    finally:
        fh.close()
    return False


def _own_table_said_rads(choice: _Choice) -> bool | None:
    """Whether the gyroscope's header said rad/s, when the accelerometer and the gyroscope share one
    table: a table of one's own (phyphox writes one sensor a table), whose units its maker wrote, so they
    are judged as the generic CSV's are (``check_gyroscope``: deg/s under a rad/s header was read 57 times
    too fast, where the same file with ``time_s`` was refused). None: an app's tables, not judged."""
    acc, gyr = choice.acc, choice.gyr
    if gyr is None or choice.gravity is not None or (gyr.member, gyr.name) != (acc.member, acc.name):
        return None
    return gyr.factor != 1.0


def _assemble(
    sets: list[_Set],
    start: datetime | None,
    where: str,
    left_out: Sequence[str] = (),
    pauses: _Pauses | None = None,
) -> Recording:
    choice = _choose(sets, where, left_out=left_out)
    a = choice.acc
    if choice.gravity is None:
        acc = Stream(a.name, a.t_s, a.xyz)
    else:
        grav = choice.gravity
        good = np.all(np.isfinite(grav.xyz), axis=1) & np.isfinite(grav.t_s)
        g_on_lin = np.column_stack([np.interp(a.t_s, grav.t_s[good], grav.xyz[good, k]) for k in range(3)])
        acc = Stream(a.name, a.t_s, a.xyz + g_on_lin)
    gyr = None if choice.gyr is None else Stream(choice.gyr.name, choice.gyr.t_s, choice.gyr.xyz)
    rec = build_recording(
        where=where,
        source_format="phyphox",
        acc=acc,
        gyr=gyr,
        notes=[*choice.notes, *_pause_notes(pauses), *_zone_notes(start)],
        start_datetime_at_zero=start,
        own_zone=_zone_stated(start),
    )
    said_rads = _own_table_said_rads(choice)
    if said_rads is not None and rec.gyr_dps is not None:
        check_gyroscope(rec.acc_mps2, rec.gyr_dps, where, rec.sampling_rate_hz, said_rads=said_rads)
    return rec


# ------------------------------------------------------------------------------------------- writing

_PHYPHOX_HEADERS = {
    "ios": (
        '"Time (s)","X (m/s^2)","Y (m/s^2)","Z (m/s^2)"',
        '"Time (s)","X (rad/s)","Y (rad/s)","Z (rad/s)"',
    ),
    "android": (
        '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"',
        '"Time (s)","Gyroscope x (rad/s)","Gyroscope y (rad/s)","Gyroscope z (rad/s)"',
    ),
}


def write_phyphox(
    path: Path, chunks: Iterable[PhoneChunk], *, platform: str = "ios", start: datetime | None = None
) -> None:
    """Write a phyphox simple-experiment export (``Accelerometer.csv`` with gravity, ``Gyroscope.csv``,
    ``meta/time.csv``) chunk by chunk: a folder, or a zip when ``path`` ends in ``.zip``. Headers and line
    ends as the platform writes them (iOS ``X (m/s^2)`` and no final newline; Android
    ``Acceleration x (m/s^2)``). Not a full app export: what :func:`read_phyphox` reads (tests and
    benchmarks write long exports with it)."""
    import tempfile

    from backstride.core.units import RAD_TO_DEG

    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=path.parent)) if path.suffix.lower() == ".zip" else path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta").mkdir(exist_ok=True)
    when = start or datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    (folder / "meta" / "time.csv").write_text(
        '"event","experiment time","system time","system time text"\n'
        f'"START",0.000000000E0,{when.timestamp():.3f},"{when.strftime("%Y-%m-%d %H:%M:%S.000")} UTC+00:00"\n'
    )
    acc_head, gyr_head = _PHYPHOX_HEADERS[platform]
    names = [folder / "Accelerometer.csv", folder / "Gyroscope.csv"]
    with names[0].open("w") as fa, names[1].open("w") as fg:
        fa.write(acc_head + "\n")
        fg.write(gyr_head + "\n")
        for t_acc, acc, t_gyr, gyr in chunks:
            write_rows(fa, t_acc, acc, "%.9E")
            write_rows(fg, t_gyr, gyr / RAD_TO_DEG, "%.9E")
    if platform == "ios":  # iOS ends without a final newline
        for f in names:
            with f.open("rb+") as fh:
                fh.truncate(f.stat().st_size - 1)
    if folder != path:
        import shutil

        zip_folder(folder, path)
        shutil.rmtree(folder)


__all__ = ["open_phyphox", "read_phyphox", "write_phyphox"]
