"""Pieces every reader shares: errors that name the file, units, text tables, and the uniform time grid.

Time-grid policy (one place, used by every reader):

* Rows with a missing value (``NaN``, empty cell) are dropped; the count goes into ``notes``.
* Timestamps must never go backwards: that is an error naming the sample (or block) and the two times
  (``check_time_order``, the one check every reader uses, whole file or piece by piece). Repeated
  timestamps keep the first sample (count and first place noted, ``RepeatedTimes``).
* If the samples are already regular (every interval within 5 % of the median) they are kept as they
  are, at the measured rate ``(n - 1) / (t_last - t_first)``.
* Otherwise (phone sensors deliver events, not a clock) the signal is resampled by linear
  interpolation onto a uniform grid at the median rate rounded to a whole number of Hz; the note says
  from what to what.
* A stretch with no samples for longer than ``max(0.25 s, 5 median intervals)`` is a *gap*: it is
  filled by interpolation so that the grid stays uniform, reported in ``notes`` and listed in
  ``Recording.gaps_s`` so that gait detection never runs a walking bout across it. A file whose gaps
  would fill more than ``MAX_FILLED_SAMPLES`` grid samples (a wrong time, two recordings in one file)
  is refused before the grid is made, naming the longest stretch without samples.
* Several sensors (accelerometer and gyroscope files on their own clocks) are put on one grid over
  the time span they share.
* A stretch where the samples come more than 10 % faster or slower than the grid (the medians of 256
  intervals at a time, ``RateWatch``) is named in ``notes``: the rate changed there, and those samples
  were put on the grid by interpolation.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import numpy as np

from backstride.core.errors import NotFoundError, RecordingError, RecordingOptionError
from backstride.core.units import RAD_TO_DEG, STANDARD_GRAVITY_MPS2
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording

MIN_DURATION_S = 2.0  # shorter than one stride or two: nothing to analyse
MIN_SAMPLING_RATE_HZ = 15.0  # below this, initial contacts (~0.1 s events) cannot be timed
REGULAR_JITTER_FRACTION = 0.05
GAP_MIN_S = 0.25
GAP_MIN_INTERVALS = 5.0
# Grid samples with no sample of the file in them (gaps filled by interpolation): ~28 h at 100 Hz, about
# 560 MB for the grid and six axes. One wrong time (a jump of 11 days in an 80 KB file) made the
# whole-file read allocate 8.6 GB; a 5 MB file with a jump of 116 days had the server killed for memory.
MAX_FILLED_SAMPLES = 10_000_000
# No sensor measures beyond this in any unit the readers take (1e6 m/s^2 is 100,000 g; 1e6 deg/s): such
# a value is a damaged row, dropped like a missing one. 1e308 in one gyroscope cell overflowed the
# filters and the analysis failed (a 500).
MAX_ABS_VALUE = 1e6
# The gyroscope's unit, checked as the accelerometer's is by gravity (``check_gyroscope``). A body never turns
# faster than 1,000 deg/s for 1 % of a recording (lower-back walks: 99th percentile 74-134 deg/s, a wrist
# 505, a hand-held phone 363): deg/s read as rad/s (57 times too fast) goes far beyond. And while the
# body moves (the acceleration leaves 1 g by 2 m/s^2 or more for 1 % of the time: walking does by 3-9), the
# trunk turns by far more than 3 deg/s: rad/s read as deg/s (57 times too slow) stays below.
GYR_MAX_P99_DPS = 1000.0
# ... and for a second at least: a phone dropped or flung spins faster than that for a fraction of a second,
# which in a 10 s walk is already 2 % of it; a walk read 57 times too fast stays above for most of its time.
GYR_FAST_MIN_S = 1.0
GYR_MIN_MOVING_P99_DPS = 3.0
ACC_MOVING_P99_MPS2 = 2.0
# The movement is the body's: the acceleration's size averaged over 0.1 s, so that the shaking of a bus or
# a wheelchair on rough ground (10 Hz and up, the body still) does not count as moving; a walk's bounce
# (about 2 Hz) stays (the lab walks: 99th percentile 2.3-5.6 m/s^2 averaged, 2.9-9.0 not).
ACC_MOVING_AVERAGE_S = 0.1
PANDAS_MIN_BYTES = 4_000_000  # above ~1 minute of 100 Hz 6-axis text, parse with pandas (C engine)
RATE_BLOCK_INTERVALS = 256  # the sampling rate is watched as the median of this many intervals at a time
RATE_CHANGE_FRACTION = 0.10  # a stretch whose median interval is this much off the grid's is named
RATE_MIN_TAIL_INTERVALS = 64  # a last, shorter block is watched too when it has at least this many
MAX_RATE_NOTES = 5  # stretches named one by one in the notes; more are counted

# unit label (lower case, spaces removed) -> factor to the Recording's unit
ACC_UNITS_TO_MPS2 = {
    "m/s^2": 1.0,
    "m/s²": 1.0,
    "m/s2": 1.0,
    "mps2": 1.0,
    "ms2": 1.0,
    "m/s/s": 1.0,
    "g": STANDARD_GRAVITY_MPS2,
}
GYR_UNITS_TO_DPS = {
    "deg/s": 1.0,
    "°/s": 1.0,
    "dps": 1.0,
    "degps": 1.0,
    "degs": 1.0,
    "rad/s": RAD_TO_DEG,
    "rads": RAD_TO_DEG,
    "radps": RAD_TO_DEG,
}


def fail(where: str, problem: str, *, plain: str = "") -> RecordingError:
    """The one way readers report a problem: ``<file>: <problem>``; ``plain``: the problem in a
    person's words, said first on a page (``RecordingError.plain``), for a file that is not a walk."""
    error = RecordingError(f"{where}: {problem}")
    error.plain = plain
    return error


# What a page says first, after "We could not use this file.", when a file is not a walk recording at
# all (``RecordingError.plain``): the exact problem follows it, as the command line says it.
SEND_THE_WALK = "To measure a walk, send the file that phyphox or Sensor Logger made."
NOT_A_TABLE = (
    f"It is not a walk recording: it is not a table of readings from a motion sensor. {SEND_THE_WALK}"
)
NO_READINGS = "It has the names of its columns but no readings under them: is it cut short?"
NOT_READABLE = f"It is not a walk recording that we can read. {SEND_THE_WALK}"
NO_MOVEMENT = f"Its table has no movement readings, so it is not a walk recording. {SEND_THE_WALK}"
NO_RECORDING = f"We found no walk recording in it. {SEND_THE_WALK}"


@contextmanager
def file_errors(where: str) -> Iterator[None]:
    """Errors met while a file is opened or read, named as the file's (``read_recording``,
    ``open_recording``): memory exhausted, a disk or zip error. Our own errors pass as they are."""
    try:
        yield
    except (RecordingError, NotFoundError):
        raise
    except MemoryError:
        raise fail(where, "is too large to read into memory") from None
    except (OSError, zipfile.BadZipFile, EOFError) as exc:  # EOFError: a zip member cut short
        raise fail(where, f"cannot be read ({exc})") from None
    except zlib.error as exc:  # a zip member's packed data damaged, met on its first piece
        raise fail(where, f"is damaged and cannot be unpacked ({exc})") from None


def fail_option(where: str, problem: str) -> RecordingOptionError:
    """``fail`` for a problem about a reader option: ``problem`` is a template naming the option by
    placeholders (``{trial}``, ``{units}``, ...) so each interface words it (see RecordingOptionError)."""
    return RecordingOptionError(f"{RecordingOptionError.literal(where)}: {problem}")


def acc_factor(unit: str, where: str) -> float:
    key = unit.strip().lower().replace(" ", "")
    if key not in ACC_UNITS_TO_MPS2:
        raise fail(where, f"unknown acceleration unit {unit!r}; expected m/s^2 or g")
    return ACC_UNITS_TO_MPS2[key]


def gyr_factor(unit: str, where: str) -> float:
    key = unit.strip().lower().replace(" ", "")
    if key not in GYR_UNITS_TO_DPS:
        raise fail(where, f"unknown angular-rate unit {unit!r}; expected deg/s or rad/s")
    return GYR_UNITS_TO_DPS[key]


# ---------------------------------------------------------------------------------------------- tables


@dataclass
class Table:
    """A delimited text table: header cells (quotes stripped) and the raw body text."""

    where: str
    header: list[str]
    body: str
    delimiter: str
    first_data_line: int  # 1-based line number of the first body line (for messages)
    # the body ends where the file ends: a short last row is a file cut off. A piece of a long file ends at
    # a line end, so a short row there is a row with missing values, as it is read whole
    ends_file: bool = True

    def column(self, name: str) -> int:
        return self.header.index(name)

    def numbers(self, usecols: Sequence[int], *, fast: bool = False) -> np.ndarray:
        """The chosen columns as float64, shape (n, len(usecols)); NaN where a cell was empty."""
        return parse_numbers(self, usecols, fast=fast)


_PACKED_MAGIC = ((b"\x1f\x8b", "gzip (.gz)"), (b"BZh", "bzip2 (.bz2)"), (b"\xfd7zXZ\x00", "xz (.xz)"))


def decode_text(raw: bytes, where: str) -> str:
    if not raw or raw.isspace():  # isspace scans without copying a large file
        raise fail(where, "the file is empty (0 bytes or only blank space)")
    packed = next((name for magic, name in _PACKED_MAGIC if raw.startswith(magic)), None)
    if packed is not None:  # a table packed on its own ('neo.csv.gz'): 'a binary file' left a person lost
        raise fail(
            where,
            f"this file is packed with {packed}, not a text table: unpack it first (for example by "
            "double-clicking it) and give the table inside",
        )
    if b"\x00" in raw[:4096]:
        raise fail(
            where,
            "this is a binary file, not a text table (is it the right file or format?)",
            plain=NOT_READABLE,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def split_table(text: str, where: str) -> Table:
    """Header + body of a delimited text table; the delimiter is the one the header uses."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    blank_lines = len(text) - len(text.lstrip("\n"))  # before the header: lines of the file all the same
    text = text[blank_lines:]
    first_nl = text.find("\n")
    header_line = text if first_nl < 0 else text[:first_nl]
    body = "" if first_nl < 0 else text[first_nl + 1 :]
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise fail(
            where,
            f"the first line {header_line[:60]!r} is not a header of several columns",
            plain=NOT_A_TABLE,
        )
    header = [clean_header_cell(c) for c in header_line.split(delimiter)]
    if not body.strip():
        raise fail(where, "the file has a header but no data rows", plain=NO_READINGS)
    return Table(where=where, header=header, body=body, delimiter=delimiter, first_data_line=2 + blank_lines)


def clean_header_cell(cell: str) -> str:
    cell = cell.strip().strip('"').strip()
    if cell.startswith("'") and len(cell) > 1 and cell[1] in "=+-@":  # phyphox formula-injection guard
        cell = cell[1:]
    return cell


def blank_chars(delimiter: str) -> str:
    """The characters a blank line may hold besides its end: spaces and tabs, but not the delimiter (a
    line of one tab in a tab-separated table is a row of empty cells). Every parser skips such lines:
    pandas does, numpy after ``parse_numbers`` empties them, ISO times too (``is_blank_line``)."""
    return "".join(c for c in " \t" if c != delimiter)


def is_blank_line(line: str, delimiter: str) -> bool:
    return not line.strip(blank_chars(delimiter))


def line_of_row(table: Table, row: int) -> int:
    """The file's own line (as an editor numbers it) of data row ``row`` (from 0) of ``table``. The parsers
    skip blank lines (``blank_chars``), so a message that added the row to the first data line was off by
    the blank lines above it. Only for a message: it reads the text up to that row."""
    blank = re.compile(rf"^[{re.escape(blank_chars(table.delimiter))}]*\n", re.M)
    body, target, pos, at_line = table.body, row, 0, 0
    for m in blank.finditer(body):
        at_line += body.count("\n", pos, m.start())  # the blank line's index in the body
        pos = m.start()
        if at_line > target:
            break
        target += 1
    return table.first_data_line + target


def cell_as_written(table: Table, row: int, col: int) -> str | None:
    """Cell ``col`` of data row ``row`` (from 0) as the file writes it (quotes around it left out), or
    ``None`` when the row has no such cell: a message quotes what a person finds in the file ('9,8,1'
    of a decimal-comma table, not '9.8.1')."""
    index = line_of_row(table, row) - table.first_data_line
    lines = table.body.split("\n", index + 1)
    if index >= len(lines):
        return None
    cells = lines[index].split(table.delimiter)
    return cells[col].strip('"') if 0 <= col < len(cells) else None


_NUMBERISH = re.compile(r"[0-9]")

# The words a table may write for a missing value (R writes NA, spreadsheets #N/A, databases NULL): a cell
# holding one (or only spaces, or nothing) is an empty cell, read whole or piece by piece. The list is
# pandas' (``STR_NA_VALUES``), which reads the pieces of a big file, so a file's size never decides
# whether it is refused (docs/gait-input.md). "nan" and "NaN" numpy reads as numbers already.
MISSING_WORDS = (
    "NA", "N/A", "n/a", "NULL", "null", "None", "#N/A", "#N/A N/A", "#NA", "<NA>",
    "NaN", "-NaN", "nan", "-nan", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN",
)  # fmt: skip
# characters of which every word numpy does not read holds one: tested before the expression (a test of
# one character runs at memory speed, ~0.05 ms per MB; one of two characters ~1 ms per MB)
_MISSING_HINTS = ("N", "/", "#", "l")
_MISSING_WORD = "|".join(re.escape(w) for w in sorted(MISSING_WORDS, key=len, reverse=True))


def _may_have_empty_cells(body: str, d: str) -> bool:
    """Whether a cell of ``body`` may be empty or only spaces (or a line empty), by substring tests, which
    run at memory speed: the regular expression that finds such cells went at ~35 MB/s and matched every
    table at its last line end, so every table read whole (a phone export under 32 MB, a CSV under 4 MB)
    was scanned twice by it, 140 of the 200 ms of reading the 7-minute Sensor Logger sample. Without
    such a cell the expression changed nothing but the last line ends, which numpy skips."""
    text = body.rstrip("\n")
    return (
        " " in text  # a cell of spaces: the expression tells
        or (d != "\t" and "\t" in text)  # or of tabs, where a tab is not the separator
        or text.startswith(d)
        or text.endswith(d)
        or d + d in text
        or "\n" + d in text
        or d + "\n" in text
        or "\n\n" in text
    )


def cut_off(where: str, line: int, n_values: int, n_cols: int) -> RecordingError:
    """A table whose last row has fewer values than its header has columns."""
    return fail(
        where,
        f"the last row (line {line}) has {n_values} of {n_cols} values: "
        "the file looks truncated (cut off while it was written or copied)",
    )


def parse_numbers(table: Table, usecols: Sequence[int], *, fast: bool = False) -> np.ndarray:
    """``fast``: always pandas' C parser (pieces of a long file), whatever the size."""
    d = table.delimiter
    body = table.body
    n_cols = len(table.header)
    filled = body.rstrip("\n" + blank_chars(d))  # blank lines at the end are no row (a piece's end too)
    last = filled.rsplit("\n", 1)[-1]
    if table.ends_file and last.count(d) + 1 < n_cols:
        raise cut_off(table.where, table.first_data_line + filled.count("\n"), last.count(d) + 1, n_cols)
    decimal_comma = d != "," and re.search(r"\d,\d", body[:100_000]) is not None
    if fast or len(body) > PANDAS_MIN_BYTES:
        return _parse_numbers_pandas(table, body, usecols, decimal_comma)
    space = blank_chars(d)
    if any(body.startswith(c) or "\n" + c in body for c in space):  # a line of spaces or tabs may be blank
        # emptied, so numpy skips it as pandas does (a line of one tab in a comma table was 'not a number'
        # read whole and skipped piece by piece)
        body = re.sub(rf"(?m)^[{re.escape(space)}]+$", "", body)
    if decimal_comma:
        body = body.replace(",", ".")  # decimal comma locale
    if '"' in body:
        body = body.replace('""', "nan").replace('"', "")
    # a cell of spaces, or of tabs where a tab is not the separator, is empty, as pandas reads it in pieces
    # (a cell of one tab in a comma table was 'not a number' read whole)
    sp = f"[{re.escape(space)}]*"
    if any(hint in body for hint in _MISSING_HINTS):  # a missing-value word: an empty cell (pandas')
        body = re.sub(rf"(?m)(^|{re.escape(d)}){sp}(?:{_MISSING_WORD}){sp}(?={re.escape(d)}|$)", r"\1", body)
    if _may_have_empty_cells(body, d) and re.search(
        rf"(^|{re.escape(d)}){sp}({re.escape(d)}|$)", body, flags=re.M
    ):
        body = re.sub(rf"(?m)(^|{re.escape(d)}){sp}(?={re.escape(d)}|$)", r"\1nan", body.rstrip("\n"))
    try:
        data = np.loadtxt(
            io.StringIO(body), delimiter=d, usecols=list(usecols), ndmin=2, dtype=np.float64, comments=None
        )
    except ValueError as exc:
        msg = str(exc)
        if "invalid column index" in msg:
            # a row with fewer cells than the header: missing values, dropped and counted as the
            # large-file parser (pandas) drops them, so a file's size never decides if it is refused
            return _parse_numbers_pandas(table, table.body, usecols, decimal_comma)
        m = re.search(r"string (.*) to float64 at row (\d+), column (\d+)", msg)
        if m:  # numpy counts body rows from 0 (blank lines left out) and columns from 1
            row, col = int(m.group(2)), int(m.group(3)) - 1
            line = line_of_row(table, row)
            cell = cell_as_written(table, row, usecols[col]) if col < len(usecols) else None
            value = m.group(1) if cell is None else repr(cell)
            raise fail(table.where, _not_a_number(table, value, line, col)) from None
        m = re.search(r"at row (\d+)", msg)
        if m:
            line = line_of_row(table, int(m.group(1)))
            msg = re.sub(r"at row (\d+)", f"at line {line}", msg)
        raise fail(table.where, f"a value is not a number ({msg})") from None
    return data


def _parse_numbers_pandas(table: Table, body: str, usecols: Sequence[int], decimal_comma: bool) -> np.ndarray:
    """Large tables: pandas' C parser is ~10x faster than numpy.loadtxt (imported only for them)."""
    import pandas as pd

    try:
        frame = pd.read_csv(
            io.BytesIO(body.encode("utf-8")),  # a StringIO would hold 4 bytes per character
            sep=table.delimiter,
            header=None,
            # as many columns as the header (or the first row, if it has more: a comma after every row): a
            # first row of empty cells (a line of one tab in a tab table) gave 'Usecols do not match
            # columns', where a row further on is dropped
            names=list(
                range(max(len(table.header), _first_row(body, table.delimiter).count(table.delimiter) + 1))
            ),
            usecols=list(usecols),
            engine="c",
            decimal="," if decimal_comma else ".",
            skip_blank_lines=True,
            # a cell of spaces is empty, as read whole (it was "a value is not a number"); ~20% slower,
            # so only for a table with a space (a substring test runs at memory speed)
            skipinitialspace=" " in body,
            low_memory=False,
        )
    except (ValueError, pd.errors.ParserError) as exc:
        # pandas counts the lines of this text from 1; say the line of the file
        shift = table.first_data_line - 1
        msg = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + shift}", str(exc).strip())
        raise fail(table.where, f"the table is malformed ({msg})") from None
    frame = frame[list(usecols)]
    try:
        return frame.to_numpy(dtype=np.float64)
    except (ValueError, TypeError):
        pass
    # a quoted cell of spaces or a missing-value word with spaces (" ", " NA"): empty, as read whole
    missing = {"", *MISSING_WORDS}
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):  # text (pandas 3: str, else object)
            words = frame[col].map(lambda v: isinstance(v, str) and v.strip() in missing).astype(bool)
            frame[col] = frame[col].astype(object).mask(words, np.nan)
    try:
        return frame.to_numpy(dtype=np.float64)
    except (ValueError, TypeError):
        for col in frame.columns:
            text = frame[col]
            if decimal_comma:  # '9,81' is a number: the bad cell is another
                text = text.map(lambda v: v.replace(",", ".") if isinstance(v, str) else v)
            bad = pd.to_numeric(text, errors="coerce").isna() & frame[col].notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                value = frame[col].iloc[row]
                line = line_of_row(table, row)
                raise fail(table.where, _not_a_number(table, repr(value), line, int(col))) from None
        raise


def _first_row(body: str, delimiter: str) -> str:
    """The first line of ``body`` that is not blank (``is_blank_line``), without copying the rest."""
    pos = 0
    while pos < len(body):
        end = body.find("\n", pos)
        end = len(body) if end < 0 else end
        if not is_blank_line(body[pos:end], delimiter):
            return body[pos:end]
        pos = end + 1
    return ""


def _not_a_number(table: Table, value: str, line: int, col: int) -> str:
    """Which line and column hold a value that is not a number, in words (numpy said 'could not convert
    string 'x' to float64 at row 49, column 3')."""
    name = table.header[col] if 0 <= col < len(table.header) else f"number {col + 1}"
    return f"a value is not a number at line {line}: column {name} holds {value}"


# ------------------------------------------------------------------------------------------ time order


@dataclass(frozen=True)
class FileTimes:
    """How a text file writes its times, so that a message quotes them as written ('line 4: time_s 99.99
    comes after 100.01'), not as counted from the start of the file ('-0.01 s comes after 0.01 s'):
    the time column's name, its value at 0 s, its units per second and the line of data row 1. ``table``
    and ``col``: the times are quoted from the table's text itself (ISO date-times; Unix times in ns,
    which a float64 does not hold to the last digit), found only when a message needs them; ``rows_before``:
    the data rows before the table's first (a piece of a large file). ``numeric``: a number's cell is
    quoted only when it holds the time (a blank line is no row: else the time is said as a number)."""

    column: str
    at_zero: float
    per_s: float = 1.0
    first_line: int = 2
    table: Table | None = None
    col: int = 0
    rows_before: int = 0
    numeric: bool = True

    def written(self, t_s: float) -> str:
        value = self.at_zero + t_s * self.per_s
        if self.per_s > 1.0 and (abs(value) > 2.0**53 or abs(value - round(value)) < 1e-6):
            return f"{round(value)}"  # a Unix time in ms, us or ns: '1714559535000123', not '1.71e+15'
        return f"{value:.15g}"

    def line(self, number: int) -> int:
        """The file's own line of data row ``number`` (blank lines above it counted, as an editor does)."""
        row = number - self.rows_before
        if self.table is None or row < 1:
            return number + self.first_line - 1
        return line_of_row(self.table, row - 1)

    def quoted(self, number: int | None, t_s: float) -> str:
        """Data row ``number``'s time as written in the file (``t_s``: the same time in seconds)."""
        row = None if self.table is None or number is None else number - self.rows_before
        # a number is said from its value ('43', as '43.000000' reads), but a Unix time in ns has more
        # digits than a float64 holds: quoted from the text ('...0123000', not '...0122880')
        if self.table is None or row is None or row < 1 or (self.numeric and self.per_s < 1e8):
            return self.written(t_s)
        cell = (cell_as_written(self.table, row - 1, self.col) or "").strip().strip('"')
        if not cell or (self.numeric and not self._holds(cell, t_s)):
            return self.written(t_s)
        return cell

    def _holds(self, cell: str, t_s: float) -> bool:
        try:
            value = float(cell.replace(",", "."))
        except ValueError:
            return False
        return abs(value - (self.at_zero + t_s * self.per_s)) <= 1e-9 * max(abs(value), self.per_s)


def check_time_order(
    t: np.ndarray,
    where: str,
    *,
    name: str = "",
    unit: str = "sample",
    numbers: np.ndarray | None = None,
    previous_s: float | None = None,
    advice: str = "",
    times: FileTimes | None = None,
) -> np.ndarray:
    """The one check of time order, for a whole file or one piece of it.

    ``t``: times in seconds (finite). ``numbers``: the number to call each time by in a message (default
    1, 2, ...). ``previous_s``: the last time of the previous piece, so that a step back between two
    pieces is found too. A time earlier than the one before it raises a :class:`RecordingError` naming
    the first such place (its number and both times) and what was expected. Returns the indices into
    ``t`` of the times equal to the one just before them (repeated timestamps), for the caller to drop
    (or refuse: ``check_times_increase``). ``times``: a text file's own times and lines, quoted instead.
    """
    t = np.asarray(t, dtype=np.float64)
    if t.size == 0:
        return np.empty(0, dtype=np.intp)
    if previous_s is not None:
        d, shift = np.diff(t, prepend=previous_s), 0  # d[i] = t[i] - the time before it
    else:
        d, shift = np.diff(t), 1  # d[i] = t[i + 1] - t[i]
    back = np.flatnonzero(d < 0)
    if back.size:
        j = int(back[0]) + shift  # the index of the later time
        before = float(t[j - 1]) if j >= 1 else float(previous_s)  # type: ignore[arg-type]
        number = int(numbers[j]) if numbers is not None else j + 1
        prefix = f"{name}: " if name else ""
        if times is not None:
            before_number = None if j < 1 else int(numbers[j - 1]) if numbers is not None else j
            raise fail(
                where,
                f"{prefix}timestamps go backwards at line {times.line(number)} ({times.column} "
                f"{times.quoted(number, float(t[j]))} comes after {times.quoted(before_number, before)}); "
                f"expected times that never go down from one row to the next{advice}",
            )
        raise fail(
            where,
            f"{prefix}timestamps go backwards at {unit} {number} ({float(t[j]):.6g} s comes after "
            f"{before:.6g} s); expected times that never go down from one {unit} to the next{advice}",
        )
    return np.flatnonzero(d == 0) + shift


def check_times_increase(
    t: np.ndarray, where: str, *, unit: str, numbers: np.ndarray | None = None, advice: str = ""
) -> None:
    """``check_time_order`` where a repeated time is refused too (the block or record times of a binary
    file: a time that repeats means damage): the first repeat is named with its number and time."""
    repeated = check_time_order(t, where, unit=unit, numbers=numbers, advice=advice)
    if repeated.size:
        j = int(repeated[0])
        number = int(numbers[j]) if numbers is not None else j + 1
        raise fail(
            where,
            f"timestamps repeat at {unit} {number} ({float(t[j]):.6g} s twice); "
            f"expected each {unit} later than the one before{advice}",
        )


@dataclass
class RepeatedTimes:
    """Samples dropped because their timestamp repeats the one before (the first sample at a time is
    kept): counted over all pieces of a file, the first place remembered for the note."""

    name: str
    count: int = 0
    first: tuple[int, float] | None = None

    def add(self, t: np.ndarray, repeated: np.ndarray, numbers: np.ndarray | None = None) -> None:
        if repeated.size == 0:
            return
        if self.first is None:
            j = int(repeated[0])
            self.first = (int(numbers[j]) if numbers is not None else j + 1, float(t[j]))
        self.count += int(repeated.size)

    def note(self) -> str:
        where = "" if self.first is None else f" (the first at sample {self.first[0]}, {self.first[1]:.6g} s)"
        return (
            f"{self.name}: dropped {self.count} sample(s) with a repeated timestamp{where}; "
            "the first sample at each time was kept"
        )


class PieceCleaner:
    """One sensor's samples piece by piece, cleaned as :func:`clean_stream` cleans a whole file: rows
    with a missing value or one no sensor measures dropped (counted), time order checked across pieces
    (a step back names the sample), repeated times dropped (the first kept). Samples keep their numbers
    in the file. Used by the long CSV and the phone streams.

    ``sensors``: the values' columns of each sensor sharing the rows (a generic CSV's accelerometer and
    gyroscope): a row is dropped only when its time, or every sensor, is missing; a sensor missing in a
    row that another has is kept as NaN there (``csv_generic.OneSensorMissing`` fills it in)."""

    def __init__(
        self, name: str, where: str, sensors: Sequence[slice] | None = None, times: FileTimes | None = None
    ) -> None:
        self.name, self.where = name, where
        self.sensors = sensors
        self.times = times  # a text file's own times, for the message of a step back
        self.n_rows = 0  # data rows seen so far: samples are numbered like the whole-file reader's
        self.n_dropped = 0
        self.n_no_time = 0  # of n_dropped: rows whose time cell is empty (said as the time's, not a sensor's)
        self.n_impossible = 0  # rows with a value no sensor measures (MAX_ABS_VALUE), dropped too
        self.n_kept = 0
        # with ``sensors``: rows where each sensor had its values, and rows where it held one no sensor
        # measures (kept for the other sensor): which sensor an unreadable file lacks, and why
        self.n_sensor_good = [0] * len(sensors or ())
        self.n_sensor_impossible = [0] * len(sensors or ())
        self.repeated = RepeatedTimes(name)
        self.last_t: float | None = None

    def clean(self, t: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The piece's samples that are kept (possibly none)."""
        numbers = np.arange(self.n_rows + 1, self.n_rows + 1 + t.size)
        self.n_rows += t.size
        finite = np.isfinite(values)
        possible = np.abs(values) <= MAX_ABS_VALUE  # NaN is not: counted as missing
        ok = np.isfinite(t) & np.all(finite, axis=1)
        good = ok & np.all(possible, axis=1)
        if self.sensors is not None and len(self.n_sensor_good) != len(self.sensors):  # sensors set later
            self.n_sensor_good = [0] * len(self.sensors)
            self.n_sensor_impossible = [0] * len(self.sensors)
        if self.sensors is not None and good.all():
            self.n_sensor_good = [n + t.size for n in self.n_sensor_good]
        elif self.sensors is not None:
            # a row with one sensor's values is kept, the other's made NaN (filled in later)
            each = [np.all(finite[:, c] & possible[:, c], axis=1) for c in self.sensors]
            timed = np.isfinite(t)
            for k, c in enumerate(self.sensors):
                self.n_sensor_good[k] += int(np.count_nonzero(timed & each[k]))
                wrong = np.all(finite[:, c], axis=1) & ~np.all(possible[:, c], axis=1)
                self.n_sensor_impossible[k] += int(np.count_nonzero(timed & wrong))
            partial = np.isfinite(t) & ~good & np.logical_or.reduce(each)
            if partial.any():
                values = values.copy()
                for c, whole in zip(self.sensors, each, strict=True):
                    values[partial & ~whole, c] = np.nan
                ok, good = ok | partial, good | partial
        if not good.all():
            self.n_dropped += int(ok.size - ok.sum())
            self.n_no_time += int(np.count_nonzero(~np.isfinite(t)))
            self.n_impossible += int((ok & ~good).sum())
            t, values, numbers = t[good], values[good], numbers[good]
        if t.size == 0:
            return t, values
        dup = check_time_order(
            t, self.where, name=self.name, numbers=numbers, previous_s=self.last_t, times=self.times
        )
        if dup.size:
            self.repeated.add(t, dup, numbers)
            keep = np.ones(t.size, dtype=bool)
            keep[dup] = False
            t, values = t[keep], values[keep]
        if t.size:
            self.last_t = float(t[-1])
            self.n_kept += t.size
        return t, values

    def too_few(self, n_samples: int, sensor: tuple[str, int] | None = None) -> RecordingError:
        """The error for a sensor with fewer than two samples: all rows unreadable (empty, or a value no
        sensor measures), every time the same, or too short. ``sensor``: the name and index (in
        ``sensors``) of the one sensor that has its values in no row, the other's kept (the rows were left
        out for it): said of that sensor, not of the cleaner's."""
        name, impossible = self.name, self.n_impossible
        if sensor is not None:
            name, impossible = sensor[0], self.n_impossible + self.n_sensor_impossible[sensor[1]]
        if self.n_rows and impossible and self.n_dropped + self.n_impossible == self.n_rows:
            # '1e30' in every row read 'too few samples (0)', the reason left out
            return fail(
                self.where,
                f"{name}: every one of the {self.n_rows} rows has a value no sensor measures (beyond "
                f"±{MAX_ABS_VALUE:g}) or no value; is the file damaged, or are these the wrong columns?",
            )
        if self.n_rows and self.n_dropped + self.n_impossible == self.n_rows:
            return fail(
                self.where,
                f"{name}: every one of the {self.n_rows} rows has an empty or non-number value "
                "(NaN); expected numbers in the time and x, y, z columns",
            )
        if self.repeated.count and n_samples == 1:  # 500 rows at one time read 'too few samples (1)'
            return fail(
                self.where,
                f"{self.name}: the time never goes up: {self.repeated.count + 1} rows all have the same "
                "time; expected times that go up from one row to the next",
            )
        return fail(
            self.where, f"{self.name}: too few samples ({n_samples}); a recording needs many seconds of data"
        )

    def notes(self) -> list[str]:
        out = []
        if self.n_no_time:
            time = self.name if self.times is None else self.times.column  # a phone table: its sensor
            out.append(f"{time}: dropped {self.n_no_time} row(s) with no time")
        if self.n_dropped > self.n_no_time:
            out.append(f"{self.name}: dropped {self.n_dropped - self.n_no_time} row(s) with a missing value")
        if self.n_impossible:
            out.append(
                f"{self.name}: dropped {self.n_impossible} row(s) with a value no sensor measures "
                f"(beyond ±{MAX_ABS_VALUE:g}): a damaged row"
            )
        if self.repeated.count:
            out.append(self.repeated.note())
        return out


# ------------------------------------------------------------------------------------------ time grid


@dataclass
class Stream:
    """One sensor's samples on its own clock: times in seconds, values (n, k) already in final units."""

    name: str
    t_s: np.ndarray
    values: np.ndarray
    times: FileTimes | None = None  # a text file's own times, quoted if they go backwards


def clean_stream(stream: Stream, where: str, notes: list[str]) -> Stream:
    t = np.asarray(stream.t_s, dtype=np.float64)
    v = np.asarray(stream.values, dtype=np.float64)
    if t.shape[0] != v.shape[0]:
        raise fail(where, f"{stream.name}: {t.shape[0]} timestamps but {v.shape[0]} rows of values")
    cleaner = PieceCleaner(stream.name, where, times=stream.times)  # the whole file as one piece
    t, v = cleaner.clean(t, v)
    if cleaner.n_rows - cleaner.n_dropped < 2:
        raise cleaner.too_few(cleaner.n_rows - cleaner.n_dropped)
    notes.extend(cleaner.notes())
    if t.size < 2:
        raise cleaner.too_few(t.size)
    return Stream(stream.name, t, v)


class RateWatch:
    """Finds the stretches of a recording where the samples come more than ``RATE_CHANGE_FRACTION``
    faster or slower than the grid (the rate changed there: a phone that slowed down, a sensor still
    starting up).

    The times are looked at in blocks of ``RATE_BLOCK_INTERVALS`` intervals, counted from the first
    sample, and each block's median interval is compared with the grid's (a median, so a gap or jitter
    does not count). ``feed`` takes the times piece by piece and keeps only the unfinished block, so a
    file read piece by piece gets exactly the stretches of the whole file."""

    def __init__(self, rate_hz: float, name: str) -> None:
        self.rate_hz = float(rate_hz)
        self.name = name
        self.stretches: list[tuple[float, float, float]] = []  # (from s, to s, rate there in Hz)
        self._tail = np.empty(0)
        self._open_from: float | None = None
        self._open_medians: list[np.ndarray] = []
        self._last_end = 0.0

    def feed(self, t: np.ndarray) -> None:
        """The next times (increasing, after those fed before)."""
        tt = np.concatenate([self._tail, t]) if self._tail.size else np.asarray(t, dtype=np.float64)
        k = RATE_BLOCK_INTERVALS
        n_blocks = (tt.size - 1) // k if tt.size else 0
        if n_blocks > 0:
            used = tt[: n_blocks * k + 1]
            medians = np.median(np.diff(used).reshape(n_blocks, k), axis=1)
            self._blocks(used[: n_blocks * k : k], used[k::k], medians)
        self._tail = tt[n_blocks * k :].copy()

    def finish(self) -> list[str]:
        """The notes, once every time has been fed."""
        if self._tail.size - 1 >= RATE_MIN_TAIL_INTERVALS:
            tail = self._tail
            self._blocks(tail[:1], tail[-1:], np.array([np.median(np.diff(tail))]))
        if self._open_from is not None:
            self._close(self._last_end)
        self._tail = np.empty(0)
        notes = []
        for a, b, rate in self.stretches[:MAX_RATE_NOTES]:
            notes.append(
                f"{self.name}: the sampling rate changes: from {a:.2f} s to {b:.2f} s the samples come "
                f"at about {rate:.3g} Hz, not at the {self.rate_hz:.6g} Hz of the grid (expected one steady "
                "rate); they were put on the grid by linear interpolation"
            )
        more = len(self.stretches) - MAX_RATE_NOTES
        if more > 0:
            notes.append(f"{self.name}: the sampling rate also changes in {more} more stretch(es)")
        return notes

    def _blocks(self, starts: np.ndarray, ends: np.ndarray, medians: np.ndarray) -> None:
        dt = 1.0 / self.rate_hz
        off = np.abs(medians - dt) > RATE_CHANGE_FRACTION * dt
        was_open = self._open_from is not None
        flips = np.flatnonzero(off != np.concatenate([[was_open], off[:-1]])).tolist()
        i0 = 0
        for i in [*flips, off.size]:
            if self._open_from is not None and i > i0:
                self._open_medians.append(medians[i0:i])
            if i == off.size:
                break
            if off[i]:
                self._open_from, self._open_medians = float(starts[i]), []
            else:
                self._close(float(ends[i - 1]) if i > 0 else self._last_end)
            i0 = i
        self._last_end = float(ends[-1])

    def _close(self, end: float) -> None:
        assert self._open_from is not None
        rate = 1.0 / float(np.median(np.concatenate(self._open_medians)))
        self.stretches.append((self._open_from, end, rate))
        self._open_from, self._open_medians = None, []


def within_jitter(intervals: np.ndarray, median_dt: float) -> bool:
    """Every interval within ``REGULAR_JITTER_FRACTION`` of ``median_dt``: the one test of samples that
    are already regular (whole file, a CSV read piece by piece, Axivity blocks, the grid feeder)."""
    return bool(np.all(np.abs(intervals - median_dt) <= REGULAR_JITTER_FRACTION * median_dt))


def _rate_label(rate_hz: float) -> str:
    return f"{rate_hz:.6g} Hz"


def to_uniform(
    streams: Sequence[Stream], where: str, notes: list[str], *, rate_hz: float | None = None
) -> tuple[float, float, list[np.ndarray], tuple[tuple[float, float], ...]]:
    """Put the streams on one uniform grid. Returns (origin_s, sampling_rate_hz, values per stream, gaps):
    the grid and the gaps count from 0 at ``origin_s`` on the streams' own clock, where every sensor has
    started (its first sample): every time in a result counts from the recording's first sample, as
    --symptom-at does (CONTRACT.md section 2). A phone export whose gyroscope started 0.5 s after its
    accelerometer put its bouts 0.5 s later than a time typed for them."""
    streams = [clean_stream(s, where, notes) for s in streams]
    origin = max(float(s.t_s[0]) for s in streams)
    streams = [Stream(s.name, s.t_s - origin, s.values) for s in streams]
    t0 = 0.0
    t1 = min(float(s.t_s[-1]) for s in streams)
    if t1 <= t0:
        names = ", ".join(s.name for s in streams)
        raise fail(where, f"the sensors ({names}) do not overlap in time")
    first = streams[0]
    dts = np.diff(first.t_s)
    median_dt = float(np.median(dts))
    same_clock = all(s.t_s.shape == first.t_s.shape and np.array_equal(s.t_s, first.t_s) for s in streams[1:])
    regular = same_clock and within_jitter(dts, median_dt)
    if regular and rate_hz is None:
        rate = round((first.t_s.size - 1) / float(first.t_s[-1] - first.t_s[0]), 6)  # 100.0, not 99.99999999
        _check_rate_and_length(rate, first.t_s.size, where)
        return origin, rate, [s.values for s in streams], ()

    measured = 1.0 / median_dt
    rate = float(rate_hz) if rate_hz is not None else float(max(1, round(measured)))
    n = int(np.floor((t1 - t0) * rate + 1e-9)) + 1
    _check_rate_and_length(rate, n, where)
    _check_filled(n - min(s.t_s.size for s in streams), rate, first.t_s, where)
    grid = t0 + np.arange(n) / rate
    out = []
    for s in streams:
        cols = [np.interp(grid, s.t_s, s.values[:, k]) for k in range(s.values.shape[1])]
        out.append(np.column_stack(cols))
    if rate_hz is None:
        notes.append(
            f"resampled irregular timestamps (median rate {_rate_label(measured)}) "
            f"to a uniform {_rate_label(rate)} by linear interpolation"
        )
    watch = RateWatch(rate, first.name)
    watch.feed(first.t_s)
    notes.extend(watch.finish())
    gaps = _find_gaps(streams, t0, t1)
    for a, b in gaps:
        notes.append(f"no samples from {a:.2f} s to {b:.2f} s ({b - a:.2f} s): filled by interpolation")
    return origin, rate, out, gaps


def _find_gaps(streams: Sequence[Stream], t0: float, t1: float) -> tuple[tuple[float, float], ...]:
    spans: list[tuple[float, float]] = []
    for s in streams:
        dts = np.diff(s.t_s)
        limit = max(GAP_MIN_S, GAP_MIN_INTERVALS * float(np.median(dts)))
        for i in np.flatnonzero(dts > limit):
            a, b = max(float(s.t_s[i]), t0), min(float(s.t_s[i + 1]), t1)
            if b > a:
                spans.append((a, b))
    return tuple(merge_spans(spans))


def merge_spans(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The spans in time order, those that overlap or touch joined into one (gaps of several sensors)."""
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _check_filled(filled: int, rate: float, t_s: np.ndarray, where: str) -> None:
    """Refuse, before any of it is made, a grid that would be mostly filled in (``MAX_FILLED_SAMPLES``):
    a time in the file that is wrong, or two recordings in one file. Names the longest stretch."""
    if filled <= MAX_FILLED_SAMPLES:
        return
    i = int(np.argmax(np.diff(t_s)))
    raise too_much_filled(float(t_s[i]), float(t_s[i + 1]), rate, where)


def too_much_filled(a: float, b: float, rate: float, where: str, *, in_all: bool = True) -> RecordingError:
    """The refusal of a recording with more than ``MAX_FILLED_SAMPLES`` to fill in, naming the
    stretch from ``a`` to ``b`` s: the longest of a file read whole (``in_all``: its whole grid is made
    at once), or the one stretch too long of a file read piece by piece (a long recording may have
    many shorter ones, a phone switched off each night; each costs only its own piece)."""
    hours = MAX_FILLED_SAMPLES / rate / 3600
    span = f"{(b - a) / 86400:.1f} days" if b - a > 2 * 86400 else f"{(b - a) / 3600:.1f} hours"
    limit = (
        f"a recording with more than {hours:.0f} hours without samples in all"
        if in_all
        else f"a stretch of more than {hours:.0f} hours without samples"
    )
    return fail(
        where,
        f"there are no samples from {a:.2f} s to {b:.2f} s ({span}); {limit} cannot be read. Is a time "
        "in the file wrong? If the file holds two recordings, send each on its own",
    )


def _check_rate_and_length(rate: float, n: int, where: str) -> None:
    if rate < MIN_SAMPLING_RATE_HZ:
        raise fail(
            where,
            f"the sampling rate is {rate:.3g} Hz; gait analysis needs at least "
            f"{MIN_SAMPLING_RATE_HZ:g} Hz (set the app or sensor to 50-100 Hz)",
        )
    duration = n / rate
    if duration < MIN_DURATION_S:
        raise fail(
            where,
            f"too few samples: {n} ({duration:.2f} s); a recording needs at least {MIN_DURATION_S:g} s",
        )


def clock_here(moment: datetime | None) -> datetime | None:
    """A recording's start as the clock time here: the computer's time zone (TZ sets it), as the web pages
    show times, so a clock time typed for --symptom-at means what the person read on their watch.

    A time with a zone (Unix times, ISO ending in ``Z`` or an offset, a zone the file names) stays the same
    moment; a time without one (the device's own clock: Axivity, an ActiGraph without ``TimeZone``, ISO
    times without an offset) is taken as the clock here, and its reader says so in a note
    (:data:`READ_AS_CLOCK_HERE`). Shown in UTC, a walk at 12:00 in Paris began at '10:00'.

    A device's clock does not change with summer time: it keeps the offset it was set with, so a reading
    the clock here showed twice (the hour the clocks go back) or never (the hour they skip) has the offset
    from before the change. Python's own rule took summer time's for a skipped one: a device set in winter
    that started at 01:20 on the spring night (02:20 on the clock here) was placed at 00:20."""
    if moment is None or moment.tzinfo is not None:
        return None if moment is None else moment.astimezone()
    if readings_here(moment):  # shown once, or twice: the first (fold 0) has the offset from before
        return moment.astimezone()
    before = (moment - timedelta(hours=3)).astimezone().utcoffset() or timedelta(0)
    return moment.replace(tzinfo=timezone(before)).astimezone()


def both_offsets_here(reading: datetime) -> tuple[datetime, ...]:
    """A clock reading without a zone read with each offset the clock here has around it (fold 0 and 1),
    earliest first: one moment, or two near a change to or from summer time."""
    return tuple(sorted({reading.replace(fold=fold).astimezone() for fold in (0, 1)}))


def readings_here(reading: datetime) -> tuple[datetime, ...]:
    """Every moment a clock reading without a zone names on the clock here, by its rules, earliest
    first: one; two in the hour the clocks go back; none in the hour they skip (summer time)."""
    return tuple(m for m in both_offsets_here(reading) if m.astimezone().replace(tzinfo=None) == reading)


def real_time_after(moment: datetime, seconds: float) -> datetime:
    """``moment`` plus ``seconds`` of real time, on its own clock. Python adds to a time in a named zone
    (the zone a Sensor Logger file states) on its clock face: 3 h after 02:30 in Paris on the night the
    clocks go back read 05:30, not 04:30, an hour off. Added in UTC and shown again in ``moment``'s zone."""
    if moment.tzinfo is None:  # a time without a zone: one clock face, nothing to change
        return moment + timedelta(seconds=seconds)
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def start_clock(moment: datetime | None, own_zone: bool = False) -> datetime | None:
    """A recording's start as its clock times are read: in the time zone the file states for the place it
    was recorded (``own_zone``: Sensor Logger's ``recording timezone``, the offset of phyphox's
    ``meta/time.csv``), so a Paris walk's 08:57 is 08:57 on a computer set to UTC; else on the clock here
    (``clock_here``)."""
    if own_zone and moment is not None and moment.tzinfo is not None:
        return moment
    return clock_here(moment)


# said after what a file's times are when it gives no zone ('the device's own clock with no time zone, ...')
READ_AS_CLOCK_HERE = "read as the time on this computer's clock"


def build_recording(
    *,
    where: str,
    source_format: str,
    acc: Stream,
    gyr: Stream | None,
    notes: list[str],
    start_datetime_at_zero: datetime | None = None,
    axes_hint: str | None = None,
    rate_hz: float | None = None,
    own_zone: bool = False,
) -> Recording:
    """Streams (already in m/s^2 and deg/s) -> a Recording on a uniform grid.

    ``start_datetime_at_zero`` is the wall-clock time of t = 0 on the streams' time axis; the
    Recording's ``start_datetime`` is the wall-clock time of its first sample (t = ``start_s``).
    """
    streams = [acc] if gyr is None else [acc, gyr]
    origin_s, rate, values, gaps = to_uniform(streams, where, notes, rate_hz=rate_hz)
    acc_v = np.ascontiguousarray(values[0], dtype=np.float64)
    gyr_v = None if gyr is None else np.ascontiguousarray(values[1], dtype=np.float64)
    if gyr is None:
        notes.append(NO_GYROSCOPE_NOTE)
    start_dt = None
    if start_datetime_at_zero is not None:
        start_dt = start_clock(real_time_after(start_datetime_at_zero, origin_s), own_zone)
    _check_gravity(acc_v, where)
    return Recording(
        acc_mps2=acc_v,
        gyr_dps=gyr_v,
        sampling_rate_hz=float(rate),
        source_format=source_format,
        start_s=0.0,  # counted from the first sample (to_uniform)
        start_datetime=start_dt,
        axes_hint=axes_hint,
        notes=tuple(notes),
        gaps_s=gaps,
    )


def _check_gravity(acc: np.ndarray, where: str) -> None:
    """Specific force must include gravity: its mean magnitude is ~9.8 m/s^2 over any real recording."""
    mag = float(np.median(np.linalg.norm(acc, axis=1)))
    if mag < 4.0:
        raise fail(
            where,
            f"the acceleration has a median size of {mag:.2f} m/s^2, but with gravity it is about 9.8: "
            "this looks like acceleration with gravity removed (or a wrong unit)",
        )
    if mag > 25.0:
        raise fail(
            where,
            f"the acceleration has a median size of {mag:.1f} m/s^2, but with gravity it is about 9.8: "
            "is the unit wrong (g read as m/s^2, or raw counts)?",
        )


def check_gyroscope(acc: np.ndarray, gyr: np.ndarray, where: str, rate_hz: float, *, said_rads: bool) -> None:
    """The angular rate must be one a body turns at: a wrong unit in a file's header is caught here, as the
    gravity check catches one of the acceleration (the thresholds above). Only for files whose header or
    options give the unit (the generic CSV): an app's export (phyphox, Sensor Logger) has its one unit, and
    a shaking bus ride there was refused with advice to rename columns nobody can rename. ``said_rads``: the
    file (or the option) said rad/s; the advice is for the unit it said, never to name the one it has.
    A recording read piece by piece uses :class:`GyroscopeUnitCheck` itself, one piece at a time."""
    GyroscopeUnitCheck(where, rate_hz, said_rads=said_rads).add(acc, gyr).check()


# The sizes said in GyroscopeUnitCheck's messages: a histogram of log10 sizes, 200 bins a decade (1.2 %
# wide) from 1e-4 to 1e7 deg/s, of the sizes over GYR_MAX_P99_DPS or under GYR_MIN_MOVING_P99_DPS only (the
# 99th percentile is said only when it lies there). The verdicts are exact counts, not read from it.
_SIZE_LOG10_LOW, _SIZE_LOG10_HIGH, _SIZE_BINS_PER_DECADE = -4.0, 7.0, 200
_SIZE_BINS = int((_SIZE_LOG10_HIGH - _SIZE_LOG10_LOW) * _SIZE_BINS_PER_DECADE)


def _size_bins(size_sq: np.ndarray) -> np.ndarray:
    """The histogram of sizes given squared (no square root of every sample)."""
    low = 10.0 ** (2 * _SIZE_LOG10_LOW)
    half = _SIZE_BINS_PER_DECADE / 2.0
    idx = np.floor((np.log10(np.maximum(size_sq, low)) - 2 * _SIZE_LOG10_LOW) * half)
    return np.bincount(np.clip(idx, 0, _SIZE_BINS - 1).astype(np.intp), minlength=_SIZE_BINS)


def _over_1_percent(n_above: int, n: int) -> bool:
    """The 99th percentile of ``n`` values lies above a threshold that ``n_above`` of them exceed (as
    ``np.percentile(..., 99)`` says it, but from counts: a recording read piece by piece gives only those)."""
    return n > 0 and n_above * 100 > n


class GyroscopeUnitCheck:
    """``check_gyroscope``'s rule over a recording that arrives in pieces: every piece counts, not the
    first only (a long generic CSV is read 4 MB at a time; the first piece alone missed a wrong unit
    everywhere after it). ``add(acc, gyr)`` each piece of the grid in order, then ``check()`` raises the
    :class:`RecordingError`. Memory: counts, a histogram of 2,200 bins and the last 0.1 s of the
    acceleration (its average runs across the pieces). The whole-file read is the one-piece case, so both
    reads give the same verdict on the same samples: a dropped phone (over 1,000 deg/s for under 1 s or
    under 1 % of the recording) and a shaking ride (the acceleration averaged over 0.1 s) stay read."""

    def __init__(self, where: str, rate_hz: float, *, said_rads: bool) -> None:
        self.where, self.rate_hz, self.said_rads = where, float(rate_hz), said_rads
        self._k = max(1, round(ACC_MOVING_AVERAGE_S * rate_hz))
        self._acc_tail = np.empty(0)
        self._sizes = np.zeros(_SIZE_BINS, dtype=np.int64)
        self.n_samples_ = 0  # gyroscope samples seen
        self.n_fast_ = 0  # over GYR_MAX_P99_DPS
        self.n_turning_ = 0  # at GYR_MIN_MOVING_P99_DPS or more
        self.n_averaged_ = 0  # acceleration averages (one per sample once 0.1 s is in)
        self.n_moving_ = 0  # averages at ACC_MOVING_P99_MPS2 or more from 1 g

    def add(self, acc: np.ndarray, gyr: np.ndarray) -> GyroscopeUnitCheck:
        size_sq = np.einsum("ij,ij->i", gyr, gyr)
        fast = size_sq > GYR_MAX_P99_DPS**2
        slow = size_sq < GYR_MIN_MOVING_P99_DPS**2
        n_fast, n_slow = int(np.count_nonzero(fast)), int(np.count_nonzero(slow))
        self.n_samples_ += int(size_sq.size)
        self.n_fast_ += n_fast
        self.n_turning_ += int(size_sq.size) - n_slow
        if n_fast:
            self._sizes += _size_bins(size_sq[fast])
        if n_slow:
            self._sizes += _size_bins(size_sq[slow])
        k = self._k
        acc_size = np.concatenate([self._acc_tail, np.sqrt(np.einsum("ij,ij->i", acc, acc))])
        if acc_size.size >= k:
            mean = np.convolve(acc_size, np.ones(k) / k, mode="valid")
            self.n_averaged_ += int(mean.size)
            self.n_moving_ += int(
                np.count_nonzero(np.abs(mean - STANDARD_GRAVITY_MPS2) >= ACC_MOVING_P99_MPS2)
            )
        self._acc_tail = acc_size[max(0, acc_size.size - (k - 1)) :].copy()
        return self

    def _p99_bin(self, *, from_top: bool) -> int:
        """The histogram bin of the gyroscope's 99th percentile size: counted from the top when it lies
        over GYR_MAX_P99_DPS, from the bottom when under GYR_MIN_MOVING_P99_DPS (all of those are in)."""
        rank = int(np.floor(0.99 * (self.n_samples_ - 1)))
        if from_top:
            above = np.cumsum(self._sizes[::-1])
            return _SIZE_BINS - 1 - int(np.searchsorted(above, self.n_samples_ - rank))
        return int(np.searchsorted(np.cumsum(self._sizes), rank + 1))

    def _bin_edge(self, i: int) -> float:
        return float(10.0 ** (_SIZE_LOG10_LOW + i / _SIZE_BINS_PER_DECADE))

    def check(self) -> GyroscopeUnitCheck:
        """Raise the :class:`RecordingError` naming a unit that cannot be right; else nothing."""
        n = self.n_samples_
        if n == 0:
            return self
        other_unit = (
            "are the values raw counts or another unit? Convert them to deg/s (columns like gyr_x_dps) or "
            "rad/s (gyr_x_rads)"
        )
        if _over_1_percent(self.n_fast_, n) and self.n_fast_ >= GYR_FAST_MIN_S * self.rate_hz:
            # the bin's low edge (never more than the percentile): "faster than" stays true
            faster = max(GYR_MAX_P99_DPS, self._bin_edge(self._p99_bin(from_top=True)))
            raise fail(
                self.where,
                f"the gyroscope turns faster than {faster:,.0f} deg/s for 1 % of the recording, but a body "
                "turns at most a few hundred: "
                + (
                    "is the unit wrong (deg/s read as rad/s)? Name the columns like gyr_x_dps when the "
                    "values are in deg/s"
                    if self.said_rads
                    else f"the file says deg/s; {other_unit}"
                ),
            )
        moving = _over_1_percent(self.n_moving_, self.n_averaged_)
        if moving and not _over_1_percent(self.n_turning_, n):
            # the bin's high edge (never less than the percentile): "at most" stays true
            at_most = min(GYR_MIN_MOVING_P99_DPS, self._bin_edge(self._p99_bin(from_top=False) + 1))
            raise fail(
                self.where,
                f"the gyroscope turns at most about {at_most:.2g} deg/s while the accelerometer shows "
                "movement, but a moving trunk turns by tens of degrees per second: "
                + (
                    f"the file says rad/s; {other_unit}"
                    if self.said_rads
                    else "is the unit wrong (rad/s read as deg/s)? Name the columns like gyr_x_rads when "
                    "the values are in rad/s"
                ),
            )
        return self


def xyz_columns(header: Sequence[str], pattern: re.Pattern[str]) -> dict[str, tuple[int, str]] | None:
    """x/y/z columns whose name matches ``pattern`` (groups: axis, unit): axis -> (index, unit)."""
    found: dict[str, tuple[int, str]] = {}
    for i, name in enumerate(header):
        m = pattern.match(name)
        if m:
            axis = m.group("axis").lower()
            if axis not in found:
                found[axis] = (i, (m.group("unit") or "").strip())
    if set(found) == {"x", "y", "z"}:
        return found
    return None


def axes_missing(columns: Sequence[tuple[str, re.Match[str]]]) -> str | None:
    """A sensor with one or two of its x, y, z columns (``columns``: the header's names for it, each with
    its match, whose group ``axis`` is the letter): the columns it lacks and has, in words ("no gyr_z_dps
    column (only gyr_x_dps and gyr_y_dps)"); None with all three or none. A missing column is named as the
    first one found, with its own letter."""
    found: dict[str, str] = {}
    for name, match in columns:
        found.setdefault(match.group("axis").lower(), name)
    if not found or len(found) == 3:
        return None
    name, match = columns[0]
    before, after = name[: match.start("axis")], name[match.end("axis") :]
    upper = match.group("axis").isupper()
    missing = " or ".join(before + (a.upper() if upper else a) + after for a in "xyz" if a not in found)
    return f"no {missing} column (only {' and '.join(found[a] for a in 'xyz' if a in found)})"


def gyroscope_axes_missing(columns: Sequence[tuple[str, re.Match[str]]]) -> str | None:
    """The note for a gyroscope without all of its x, y, z columns, read without it (it was dropped with
    only the general 'no gyroscope' note); None when it has all three or none."""
    missing = axes_missing(columns)
    if missing is None:
        return None
    return f"the gyroscope has {missing}: it needs all three, so the file was read without a gyroscope"


check_gravity = _check_gravity  # public names for the piece-by-piece readers (stream.py)
check_rate_and_length = _check_rate_and_length

__all__ = [
    "MIN_DURATION_S",
    "READ_AS_CLOCK_HERE",
    "MIN_SAMPLING_RATE_HZ",
    "Stream",
    "Table",
    "acc_factor",
    "RateWatch",
    "RepeatedTimes",
    "both_offsets_here",
    "build_recording",
    "clock_here",
    "start_clock",
    "check_gravity",
    "check_gyroscope",
    "GyroscopeUnitCheck",
    "check_rate_and_length",
    "check_time_order",
    "FileTimes",
    "readings_here",
    "check_times_increase",
    "decode_text",
    "fail",
    "file_errors",
    "gyr_factor",
    "merge_spans",
    "split_table",
    "to_uniform",
    "within_jitter",
    "xyz_columns",
    "axes_missing",
    "gyroscope_axes_missing",
]
