"""Everyday walking from an Apple Health export, one row per day (pure: no clock, no storage).

An iPhone carried near the waist measures walking as it happens: steps, distance, walking speed,
step length, asymmetry and double support, and an estimated six-minute walk distance. That is
everyday *performance*, not *capacity* (a walking test): the two differ, and in spinal stenosis the
longest daily walking bout, not the daily step total, went with the walking test (EVIDENCE.md D.5,
[D7]). backstride keeps the days beside the diary; it does not judge them.

The file is the Health app's "Export All Health Data": ``export.zip`` (read from inside the zip,
never unpacked to disk) or its ``export.xml``. Real files are 0.5-2 GB, so the XML is streamed
to an XML parser a piece at a time whose target only sees each start tag's attributes (no element
is built): memory stays flat.
The internal DTD (broken in iOS 16 exports) is skipped unread, and control characters that XML
forbids (stray ``\\x0b``) are dropped before parsing.

Kept: steps and walking distance (summed per day), walking speed, step length, asymmetry, double
support and the six-minute walk estimate (means per day). Units are read from each record's ``unit``
and turned into SI (``m/s``, ``m``, a fraction 0-1); a unit not known is refused by name. A day is
the local day of the record's ``startDate`` (at its own offset). When two devices count steps for the
same day (an iPhone and an Apple Watch both in a pocket and on a wrist), adding them up would count
the same steps twice: for each day the source with the most steps is kept (and its distance), and the
notes say on how many days that happened.

    reader = AppleHealthReader().read(path)
    reader.days_   # tuple[EverydayDay, ...], oldest first
    reader.notes_  # what was read, skipped and chosen, in plain words
"""

from __future__ import annotations

import math
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET

from backstride.core.errors import RecordingError

SOURCES = ("D7",)
EXPECTED = "the export.zip (or its export.xml) from the Health app's 'Export All Health Data'"
CHUNK_BYTES = 1024 * 1024
PREAMBLE_MAX_BYTES = 16 * 1024 * 1024  # the XML declaration and the DTD come before the root
PREAMBLE_SNIFF_BYTES = 64 * 1024  # where a localized export's XML names HealthData (its DOCTYPE)
MAX_XML_BYTES = 64 * 1024**3  # a zip that unpacks to more than this is not a phone's export
SOURCE_NAME_MAX = 255  # characters of a source's name kept (the stored day's counted_by)

_TYPE = "HKQuantityTypeIdentifier"
# measure -> (record type, how a day is made of its records, the kind of unit)
MEASURES: dict[str, tuple[str, str, str]] = {
    "steps": (_TYPE + "StepCount", "sum", "count"),
    "distance_m": (_TYPE + "DistanceWalkingRunning", "sum", "length"),
    "walking_speed_mps": (_TYPE + "WalkingSpeed", "mean", "speed"),
    "step_length_m": (_TYPE + "WalkingStepLength", "mean", "length"),
    "asymmetry_fraction": (_TYPE + "WalkingAsymmetryPercentage", "mean", "fraction"),
    "double_support_fraction": (_TYPE + "WalkingDoubleSupportPercentage", "mean", "fraction"),
    "six_minute_walk_m": (_TYPE + "SixMinuteWalkTestDistance", "mean", "length"),
}
_MEASURE_OF_TYPE = {record_type: name for name, (record_type, _, _) in MEASURES.items()}
# unit as Apple writes it -> factor to SI
UNITS: dict[str, dict[str, float]] = {
    "count": {"count": 1.0},
    "length": {"m": 1.0, "cm": 0.01, "mm": 0.001, "km": 1000.0, "in": 0.0254, "ft": 0.3048, "mi": 1609.344},
    "speed": {"m/s": 1.0, "km/hr": 1000.0 / 3600.0, "mi/hr": 1609.344 / 3600.0},
    # Apple writes these percentages as a fraction 0-1 with the unit "%" (FORMATS.md section 5)
    "fraction": {"%": 1.0},
}
# Above these a record (and a day's sum) cannot be right: far more than anyone walks (a 100 km walk is
# about 150,000 steps; a race walker reaches about 4.5 m/s). They also keep every value inside what
# the database holds (a day's steps are a 32-bit integer) and a finite number in the exports.
MOST: dict[str, float] = {
    "steps": 1_000_000,  # in a record, and in a day
    "distance_m": 1_000_000.0,  # 1,000 km, in a record and in a day
    "walking_speed_mps": 10.0,
    "step_length_m": 3.0,
    "asymmetry_fraction": 1.0,
    "double_support_fraction": 1.0,
    "six_minute_walk_m": 5_000.0,
}
WHAT = {  # a measure in plain words (notes, messages)
    "steps": "step count",
    "distance_m": "walking distance",
    "walking_speed_mps": "walking speed",
    "step_length_m": "step length",
    "asymmetry_fraction": "walking asymmetry",
    "double_support_fraction": "double support time",
    "six_minute_walk_m": "six-minute walk estimate",
}

_ROOT = re.compile(rb"<HealthData[\s>/]")
# characters XML 1.0 forbids (iOS 16 wrote stray \x0b), raw or as a character reference
_FORBIDDEN_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))  # all but tab, LF, CR
_FORBIDDEN_REFS = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)


def _allowed(piece: bytes) -> bytes:
    """``piece`` without the characters XML forbids (a byte table in C; the rare references by regex)."""
    piece = piece.translate(None, _FORBIDDEN_BYTES)
    return _FORBIDDEN_REFS.sub(b"", piece) if b"&#" in piece else piece


@dataclass(frozen=True)
class EverydayDay:
    """One day of everyday walking; a measure is None when nothing measured it that day.

    ``counted_by`` names the device or app whose steps (and distance) were kept (see the module).
    """

    day: date
    steps: int | None = None
    distance_m: float | None = None
    walking_speed_mps: float | None = None
    step_length_m: float | None = None
    asymmetry_fraction: float | None = None
    double_support_fraction: float | None = None
    six_minute_walk_m: float | None = None
    counted_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["day"] = self.day.isoformat()
        return out


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@dataclass
class _Tally:
    """What has been read so far: sums per (day, source), [total, count] per day, counts."""

    sums: dict[str, dict[tuple[date, str], float]] = field(
        default_factory=lambda: {"steps": defaultdict(float), "distance_m": defaultdict(float)}
    )
    means: dict[str, dict[date, list[float]]] = field(
        default_factory=lambda: {
            m: defaultdict(lambda: [0.0, 0.0]) for m, (_, how, _) in MEASURES.items() if how == "mean"
        }
    )
    records: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    skipped: dict[str, int] = field(default_factory=lambda: {"other": 0, "bad_date": 0, "bad_value": 0})
    sources: set[str] = field(default_factory=set)


class _Chunks:
    """The bytes of a file a piece at a time, counted (``total``)."""

    def __init__(self, stream: IO[bytes], name: str, limit: int) -> None:
        self.stream, self.name, self.limit, self.total = stream, name, limit, 0

    def __iter__(self) -> Iterator[bytes]:
        while piece := self.stream.read(CHUNK_BYTES):
            self.total += len(piece)
            if self.total > self.limit:
                raise _too_big(self.name, self.limit)
            yield piece


def _too_big(name: str, limit: int) -> RecordingError:
    return RecordingError(
        f"{name} holds more than {limit:,} bytes of XML, more than this import takes; expected {EXPECTED} "
        "(on the computer that runs backstride, 'backstride import-health FILE' takes any real export)"
    )


class _Target:
    """What the XML parser calls: the root's tag, its ``Record`` children (``on_record(attrib)``; not
    the records inside a ``Correlation``, which Apple writes at the top level too) and the export date."""

    def __init__(self, on_record: Callable[[dict[str, str]], None]) -> None:
        self.on_record = on_record
        self.depth = 0
        self.root_tag: str | None = None
        self.export_date: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 2:
            if tag == "Record":
                self.on_record(attrib)
            elif tag == "ExportDate":
                self.export_date = attrib.get("value")
        elif self.depth == 1:
            self.root_tag = tag

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def _localized_member(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """The export's XML when the phone named it in its own language (Spanish ``exportar.xml``,
    Norwegian ``eksport.xml``, Finnish ``vienti.xml``, Chinese ``导出.xml``): an ``.xml`` file that
    starts as a Health export does, not ``export_cda.xml`` (the clinical records, never localized),
    the Apple folder's first."""
    candidates = [n for n in names if n.lower().endswith(".xml") and n.rsplit("/", 1)[-1] != "export_cda.xml"]
    candidates.sort(key=lambda n: not n.startswith("apple_health_export/"))
    for name in candidates:
        with archive.open(name) as member:
            if b"HealthData" in member.read(PREAMBLE_SNIFF_BYTES):
                return name
    return None


class AppleHealthReader:
    """Reads the walking records of an Apple Health export into days (see the module docstring).

    ``read(source, name=)`` takes a path or a binary file open for reading (``name``: how the person
    knows the file, for messages) and sets ``days_``, ``notes_``, ``sources_`` (every source of a
    walking record), ``records_`` (walking records read, per measure), ``export_date_`` (as written
    in the file, or None), then returns ``self``. A file that is empty, cut off, damaged, not an Apple
    Health export or without walking records is a ``RecordingError`` naming the problem.
    """

    def __init__(self, *, max_xml_bytes: int = MAX_XML_BYTES) -> None:
        self.max_xml_bytes = max_xml_bytes

    # -- the action ---------------------------------------------------------------------------

    def read(self, source: str | Path | IO[bytes], *, name: str | None = None) -> AppleHealthReader:
        if isinstance(source, str | Path):
            name = name or Path(source).name
            try:
                with open(source, "rb") as stream:
                    return self._read_stream(stream, name)
            except FileNotFoundError:
                raise RecordingError(f"{name} does not exist; expected {EXPECTED}") from None
            except IsADirectoryError:
                raise RecordingError(f"{name} is a folder; expected {EXPECTED}") from None
        return self._read_stream(source, name or "the file")

    def _read_stream(self, stream: IO[bytes], name: str) -> AppleHealthReader:
        head = stream.read(4)
        if not head:
            raise RecordingError(f"{name} is empty; expected {EXPECTED}")
        stream.seek(0)
        if head.startswith(b"PK"):
            return self._read_zip(stream, name)
        self._parse(_Chunks(stream, name, self.max_xml_bytes), name)
        return self

    def _read_zip(self, stream: IO[bytes], name: str) -> AppleHealthReader:
        try:
            with zipfile.ZipFile(stream) as archive:
                names = [i.filename for i in archive.infolist() if not i.is_dir()]
                member = next((n for n in names if n == "apple_health_export/export.xml"), None)
                member = member or next((n for n in names if n.rsplit("/", 1)[-1] == "export.xml"), None)
                member = member or _localized_member(archive, names)
                if member is None:
                    raise RecordingError(
                        f"{name} is a zip without an export.xml inside; expected {EXPECTED} "
                        "(it holds apple_health_export/export.xml)"
                    )
                where = f"{name} ({member})"
                if archive.getinfo(member).file_size > self.max_xml_bytes:  # said before unpacking
                    raise _too_big(where, self.max_xml_bytes)
                with archive.open(member) as xml:
                    self._parse(_Chunks(xml, where, self.max_xml_bytes), where)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise RecordingError(f"{name} is a damaged or cut-off zip ({exc}); expected {EXPECTED}") from None
        return self

    # -- parsing ------------------------------------------------------------------------------

    def _pieces(self, chunks: _Chunks, name: str) -> Iterator[bytes]:
        """The document from its root element on (the declaration and DTD skipped), in pieces that
        end at a ``>`` (so a character reference is never cut), forbidden characters dropped."""
        buffer = b""
        started = False
        for chunk in chunks:
            buffer += chunk
            if not started:
                found = _ROOT.search(buffer)
                if found is None:
                    if len(buffer) > PREAMBLE_MAX_BYTES:
                        break
                    continue
                buffer = buffer[found.start() :]
                started = True
            cut = buffer.rfind(b">") + 1
            if cut:
                yield _allowed(buffer[:cut])
                buffer = buffer[cut:]
        if not started:
            raise RecordingError(
                f"{name} is not an Apple Health export (it has no <HealthData> element); expected {EXPECTED}"
            )
        if buffer:
            yield _allowed(buffer)

    def _parse(self, chunks: _Chunks, name: str) -> None:
        tally = _Tally()
        target = _Target(lambda attrib: self._take(attrib, name, tally))
        # a parser with a target builds no elements: each start tag's attributes are handed over and
        # forgotten, so memory stays flat whatever the length
        parser = ET.XMLParser(target=target)
        try:
            for piece in self._pieces(chunks, name):
                parser.feed(piece)
            parser.close()
        except ET.ParseError as exc:
            line, column = exc.position
            if "no element found" in str(exc) or "unclosed token" in str(exc):
                raise RecordingError(
                    f"{name} ends too early (cut off after {chunks.total:,} bytes); expected {EXPECTED}, "
                    "whole: export it again or copy it again"
                ) from None
            raise RecordingError(
                f"{name} is damaged: its XML cannot be read near line {line}, column {column} ({exc}); "
                f"expected {EXPECTED}"
            ) from None
        if target.root_tag != "HealthData":
            raise RecordingError(f"{name} is not an Apple Health export; expected {EXPECTED}")
        self.export_date_ = target.export_date
        self._finish(name, tally)

    @staticmethod
    def _take(
        attrib: dict[str, str],
        name: str,
        tally: _Tally,
    ) -> None:
        sums, means, records, skipped = tally.sums, tally.means, tally.records, tally.skipped
        measure = _MEASURE_OF_TYPE.get(attrib.get("type", ""))
        if measure is None:
            skipped["other"] += 1
            return
        _, how, kind = MEASURES[measure]
        unit = attrib.get("unit", "")
        factor = UNITS[kind].get(unit)
        if factor is None:
            raise RecordingError(
                f"{name}: a {WHAT[measure]} record ({MEASURES[measure][0]}) has the unit {unit!r}, which "
                f"backstride does not know; expected one of {', '.join(UNITS[kind])}. Nothing was kept"
            )
        try:
            day = date.fromisoformat(attrib.get("startDate", "")[:10])
        except ValueError:
            skipped["bad_date"] += 1
            return
        try:
            value = float(attrib.get("value", "")) * factor
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or value > MOST[measure]:
            skipped["bad_value"] += 1
            return
        source = " ".join((attrib.get("sourceName") or "").split()) or "an unnamed source"
        if len(source) > SOURCE_NAME_MAX:  # kept as counted_by, a column of that many characters
            source = source[: SOURCE_NAME_MAX - 1] + "…"
        tally.sources.add(source)
        records[measure] += 1
        if how == "sum":
            sums[measure][(day, source)] += value
        else:
            total = means[measure][day]
            total[0] += value
            total[1] += 1

    def _finish(
        self,
        name: str,
        tally: _Tally,
    ) -> None:
        sums, means, records, skipped = tally.sums, tally.means, tally.records, tally.skipped
        if not any(records.values()):
            raise RecordingError(
                f"{name} has no walking records (steps, walking distance, walking speed, step length, "
                "asymmetry, double support or a six-minute walk estimate); expected an export from an "
                "iPhone or Apple Watch that counted walking"
            )
        by_day: dict[date, dict[str, Any]] = defaultdict(dict)
        per_source: dict[str, dict[date, dict[str, float]]] = {}
        for measure, totals in sums.items():
            days: dict[date, dict[str, float]] = defaultdict(dict)
            for (day, source), value in totals.items():
                days[day][source] = value
            per_source[measure] = days
        several = 0
        too_many: set[date] = set()  # days whose steps or distance cannot be right
        for day, steps in per_source["steps"].items():
            source = max(sorted(steps), key=lambda s: steps[s])  # the most steps; ties: first by name
            several += len(steps) > 1
            if steps[source] > MOST["steps"]:
                too_many.add(day)
                continue
            by_day[day].update(steps=int(round(steps[source])), counted_by=source)
        for day, distances in per_source["distance_m"].items():
            chosen = by_day[day].get("counted_by") if day in by_day else None
            source = chosen if chosen in distances else max(sorted(distances), key=lambda s: distances[s])
            if distances[source] > MOST["distance_m"]:
                too_many.add(day)
                continue
            by_day[day]["distance_m"] = distances[source]
            by_day[day].setdefault("counted_by", source)
        for measure, day_means in means.items():
            for day, (total, n) in day_means.items():
                by_day[day][measure] = total / n
        if not by_day:
            raise RecordingError(
                f"{name} has no walking records with values that can be right (the steps or distance "
                "of every day add up to more than anyone walks); expected an export from an iPhone or "
                "Apple Watch that counted walking"
            )
        self.days_ = tuple(EverydayDay(day=day, **values) for day, values in sorted(by_day.items()))
        self.sources_ = tuple(sorted(tally.sources))
        self.records_ = dict(records)
        first, last = self.days_[0].day, self.days_[-1].day
        notes = [
            f"{_plural(len(self.days_), 'day')} of everyday walking, from {first} to {last}.",
            "Read: " + ", ".join(f"{_plural(n, WHAT[m] + ' record')}" for m, n in records.items() if n) + ".",
            # the apps and devices that wrote the records; not "Sources:", which every page keeps
            # for the evidence keys ("Sources: A15, A22.")
            f"Recorded by: {', '.join(self.sources_)}.",
        ]
        if several:
            notes.append(
                f"On {_plural(several, 'day')} more than one device or app counted steps (for example an "
                "iPhone and an Apple Watch). Their steps were not added up, which would count the same "
                "steps twice: each day keeps the one that counted the most, and its distance."
            )
        if skipped["other"]:
            notes.append(
                f"{_plural(skipped['other'], 'other record')} (heart, sleep, workouts...) were not read."
            )
        if skipped["bad_date"] or skipped["bad_value"]:
            notes.append(
                f"{_plural(skipped['bad_date'] + skipped['bad_value'], 'walking record')} with a date or "
                "value that cannot be right (not a number, below zero, a share above 100%, far more than "
                "anyone walks) were left out."
            )
        if too_many:
            notes.append(
                f"On {_plural(len(too_many), 'day')} the steps or the distance added up to more than anyone "
                "walks in a day; they were left out."
            )
        if self.export_date_:
            notes.append(f"The export was made on {self.export_date_[:10]}.")
        self.notes_ = tuple(notes)


__all__ = ["AppleHealthReader", "EverydayDay", "MEASURES", "UNITS", "WHAT"]
