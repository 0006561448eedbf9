"""When the first symptom came and when the person had to stop, on a recording's time axis.

The self-paced walking test (EVIDENCE.md D.5 [D7]) needs two moments of a walk: the first symptom and
the forced stop. A person gives them as a time from the start (``95``, ``95s``, ``1 min 35 s``,
``1 min 35``, ``1 h 5 min``) or as a clock time (``10:32:05``, ``10:32``, an ISO date-time). This one
parser serves every interface: the command line (``--symptom-at`` / ``--stop-at``), the REST API and the
walk page (``symptom_at`` / ``stop_at``).

A refused time is a :class:`~backstride.core.errors.TimePointError` (exported here too) whose message
names the option by a placeholder, so each interface can name it in its own words (``phrased``), as
``RecordingOptionError`` does for reader options. ``str()`` uses the names given when it was raised.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from backstride.core.errors import TimePointError
from backstride.gait.readers._common import both_offsets_here, readings_here, real_time_after
from backstride.gait.time_axis import DAY_S, elapsed_words

if TYPE_CHECKING:
    from backstride.gait.readers.stream import RecordingStream
    from backstride.gait.recording import Recording

SYMPTOM_AT = "symptom_at"  # the placeholder (and API field) of the first symptom
STOP_AT = "stop_at"  # the placeholder (and API field) of the forced stop
CLI_NAMES: Mapping[str, str] = {SYMPTOM_AT: "--symptom-at", STOP_AT: "--stop-at"}

# ASCII digits only, as typed on a keyboard: Python's \d, float() and fromisoformat() also read '٣'
# (Arabic-Indic) and full-width digits as numbers
_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?$", re.ASCII)
_SECONDS_RE = re.compile(r"^\+?(\d+(?:\.\d*)?|\.\d+)\s*s?$", re.I | re.ASCII)
# hours and minutes as people write a time from the start: '5 min', '1 min 30 s', '1m30s', '1 h 5 min'
_NUMBER = r"\d+(?:\.\d+)?"
_SPAN_RE = re.compile(
    rf"^(?:(?P<d>{_NUMBER})\s*d(?:ays?)?)?\s*"
    rf"(?:(?P<h>{_NUMBER})\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>{_NUMBER})\s*m(?P<min>in(?:utes?|s)?)?)?\s*"
    rf"(?:(?P<s>{_NUMBER})\s*(?P<sec>s(?:ec(?:onds?|s)?)?)?)?$",
    re.I | re.ASCII,
)


NOT_A_TIME = ": expected a time from the start (e.g. 95, 95s or 1 min 35 s) or a clock time (e.g. 10:32:05)"


def _written_as(raw: str) -> tuple[str, re.Match[str] | datetime] | None:
    """How ``raw`` (stripped) is written as a time: ``("seconds", match)``, ``("span", match)`` ('5 min'),
    ``("clock", match)`` or ``("iso", datetime)``; None when it is no time at all (``banana``). One reading
    for ``parse_time_point`` and ``not_a_time``."""
    if seconds := _SECONDS_RE.match(raw):
        return "seconds", seconds
    span = _SPAN_RE.match(raw)
    # seconds need no unit after minutes written 'min' ('1 min 35', as people say it); else a bare number
    # is no span ('1 h 5' may mean minutes, '1m35' a height of 1.35 m)
    bare = span is not None and span.group("s") and not span.group("sec")
    if span and any(span.group(k) for k in "dhms") and (not bare or span.group("min")):
        return "span", span  # '5 min', '95 sec' were refused
    if clock := _CLOCK_RE.match(raw):
        return "clock", clock
    if raw.isascii():  # see _CLOCK_RE
        try:
            return "iso", datetime.fromisoformat(raw)
        except ValueError:
            pass
    return None


def not_a_time(text: str | None, option: str) -> TimePointError | None:
    """The refusal ``parse_time_point`` gives ``text`` when it is no time at all, whatever the
    recording (``banana``), or None: a form can say it beside a problem of the file itself."""
    if text is None or _written_as(text.strip()) is not None:
        return None
    head = "{" + option + "} " + TimePointError.literal(repr(text))
    return TimePointError(head + TimePointError.literal(NOT_A_TIME), {option: option})


def parse_time_point(
    text: str | None, rec: Recording | RecordingStream, option: str, *, field: str | None = None
) -> float | None:
    """The time point ``95``, ``95.5s`` (seconds after the first sample), ``10:32:05``, ``10:32`` or an ISO
    date-time, on the recording's time axis (``rec.time_s``, which the gait result uses too). Clock times
    need the recording's start time; a clock time before the start is taken as the next day.

    ``option`` is how a message names it (``--symptom-at``); ``field`` is its placeholder in the
    error's template (``option`` itself unless given), so another interface can rename it.
    """
    if text is None:
        return None
    key = field or option
    names = {key: option}
    head = "{" + key + "} " + TimePointError.literal(repr(text))

    def refuse(rest: str) -> TimePointError:
        return TimePointError(head + TimePointError.literal(rest), names)

    written = _written_as(text.strip())
    if written is None:
        raise refuse(NOT_A_TIME)
    kind, found = written
    value: float
    if isinstance(found, re.Match) and kind == "seconds":
        value = float(found.group(1))
    elif isinstance(found, re.Match) and kind == "span":
        value = _span_seconds(found, refuse)
    else:
        clock = found if isinstance(found, re.Match) else None
        iso = found if isinstance(found, datetime) else None
        start = rec.start_datetime
        if start is None:
            raise refuse(  # a stopwatch's '1:35' is a clock time here: say so, and what to type
                f": this recording does not say when it started, and {text!r} is read as a time on the "
                "clock, which cannot be placed; give the time from the start instead, like 95 or 1 min 35 s"
            )
        if iso is not None:
            when = iso
            if when.tzinfo is not None and start.tzinfo is None:
                # its offset was dropped, so '12:00+02:00' meant 12:00 on a clock of unknown zone
                raise refuse(
                    ": this recording does not say its time zone, so a time with an offset cannot be "
                    "placed; give it without the offset (e.g. "
                    f"{when.replace(tzinfo=None).isoformat(timespec='seconds')}) or as a clock time"
                )
            if when.tzinfo is None:  # the clock the recording's start is shown on (the time here)
                when = _one_moment(_on_start_clock(when, start), real_time_after(start, -1.0), rec, refuse)
        else:
            assert clock is not None
            hh, mm = int(clock.group(1)), int(clock.group(2))
            ss = int(clock.group(3) or 0)
            frac = clock.group(4) or "0"
            if hh > 23 or mm > 59 or ss > 59:  # a 30-minute walking test's '25:10' too: say what to type
                raise refuse(
                    ": not a valid clock time (HH:MM:SS)" + _stopwatch_hint(text, written, rec.duration_s)
                )
            micro = int(frac.ljust(6, "0")[:6])
            read = time(hh, mm, ss, micro)
            # the second (or minute, for 10:32) the recording started in holds its start: 10:30:00 typed
            # for a start at 10:30:00.4 (said '10:30:00' in the refusal below) is its start, not outside it
            typed_to_s = 0.0 if clock.group(4) else 1.0 if clock.group(3) else 60.0
            not_before = real_time_after(start, -typed_to_s)
            today = datetime.combine(start.date(), read)
            moments = _on_start_clock(today, start)
            # before the start (a skipped reading: by either offset): the next day
            if all(m < not_before for m in moments or _both_offsets(today, start)):
                moments = _on_start_clock(today + timedelta(days=1), start)
            when = max(_one_moment(moments, not_before, rec, refuse), start)
            _not_both(text, clock, (when - start).total_seconds(), rec.duration_s, refuse)
        value = (when - start).total_seconds()
    duration = rec.duration_s  # None: a long CSV before it has been read; check again afterwards
    if value < 0 or (duration is not None and value > stated_length_s(duration) + 1e-6):
        where = ""
        if rec.start_datetime is not None and duration is not None:
            end = real_time_after(rec.start_datetime, duration)
            if _shown_here(rec.start_datetime):  # on the clock here after a change to summer time too
                end = end.astimezone()
            # a recording over midnight names its days: a day-long one read 'from 11:55:00 to 11:55:00'
            shown = "%H:%M:%S" if end.date() == rec.start_datetime.date() else "%Y-%m-%d %H:%M:%S"
            where = (
                f", from {rec.start_datetime.strftime(shown)} to {end.strftime(shown)} {_which_clock(end)}"
            )
        lasts = "" if duration is None else f", which lasts {_length(duration)}{where}"
        raise refuse(f" is outside the recording{lasts}{_stopwatch_hint(text, written, duration)}")
    if duration is not None:  # its stated length (rounded up to the millisecond) ends at its last sample
        value = min(value, duration)
    return rec.start_s + value  # on the recording's own time axis, like every time in the result


def stated_length_s(duration_s: float) -> float:
    """A recording's length as a result states it (``duration_s``, to the millisecond). A time typed
    equal to it is inside the recording, though the exact length (samples / rate) may be a fraction of a
    millisecond shorter: Comparo_slow's 7,170 samples at 17 Hz last 421.7647 s, stated 421.765."""
    return max(duration_s, round(duration_s, 3))


def _not_both(
    text: str,
    clock: re.Match[str],
    on_clock_s: float,
    duration: float | None,
    refuse: Callable[[str], Exception],
) -> None:
    """Refuse '12:20' (hours and minutes) when it is inside the recording both on the clock and as a
    stopwatch's 12 min 20 s, the way the walking test page writes times: read as the clock alone, it
    gave a walking tolerance minutes off with no word. '06:20' too: a stopwatch shows it so (phones' and
    the walk page's timers pad the minutes), so a leading zero does not say it is the clock's. Three parts
    ('12:20:00') are the clock's."""
    if clock.group(3) is not None:
        return  # '12:20:00' is written as a clock shows it, not as a stopwatch does
    if duration is None or not 0 <= on_clock_s <= duration + 1e-6:
        return
    watch = int(clock.group(1)) * 60 + int(clock.group(2))
    if watch > duration or abs(watch - on_clock_s) < 1.0:
        return
    words = elapsed_words(watch)
    on_clock = f"{int(clock.group(1)):02d}:{clock.group(2)}:00"
    raise refuse(  # the time typed is said just before (``head``): "'12:20': it could be ..."
        f": it could be {words} from the start or {text.strip()} on the clock, and both are in the"
        f" recording; type {words} for the time from the start, or {on_clock} for the clock time"
    )


def _stopwatch_hint(text: str, written: tuple[str, re.Match[str] | datetime], duration: float | None) -> str:
    """For a clock time refused as outside the recording that a stopwatch would show inside it ('0:10'
    typed for 10 s, as the walking test page writes '6:20'): that it was read on the clock, and what to
    type for the time from the start. Empty otherwise."""
    kind, found = written
    if kind != "clock" or not isinstance(found, re.Match) or duration is None:
        return ""
    first, second, third = found.group(1, 2, 3)
    if int(second) > 59 or int(third or 0) > 59:  # '6:75' is no stopwatch's time either
        return ""
    watch = (
        int(first) * 60 + int(second) if third is None else int(first) * 3600 + int(second) * 60 + int(third)
    )
    if watch > duration:
        return ""
    words = elapsed_words(watch)
    return f"; {text.strip()!r} is read as a time on the clock: for {words} from the start, type {words}"


def _which_clock(start: datetime) -> str:
    """Which clock a recording's times are read on, for a refusal: the zone the file states where it was
    recorded (``readers._common.start_clock``), or this computer's."""
    if _shown_here(start):
        return "on this computer's clock"
    zone = getattr(start.tzinfo, "key", None) or start.tzname()
    return f"on the clock where it was recorded ({zone})"


def _shown_here(start: datetime) -> bool:
    """The recording's start is shown on the clock here (the computer's time zone), as every reader
    shows it (``readers._common.clock_here``). A zone the file names (Sensor Logger's) is the clock here
    only by name: an offset that is the same at the start is not the same clock (a Paris walk on a
    computer in Lagos, both an hour ahead of UTC in winter, was read without Paris's summer time)."""
    if start.tzinfo is None:
        return False
    key = getattr(start.tzinfo, "key", None)
    if key is not None:
        return key == _zone_here()
    return start.utcoffset() == start.astimezone().utcoffset()


def _zone_here() -> str | None:
    """The name of the computer's time zone (``TZ``, else the zone ``/etc/localtime`` links to), or None
    when it has none: a zone the file names is then read by its own rules, the same clock times."""
    said = os.environ.get("TZ")
    if said is not None:
        return said.removeprefix(":") or "UTC"
    linked = os.path.realpath("/etc/localtime")
    return linked.split("zoneinfo/", 1)[1] if "zoneinfo/" in linked else None


def _both_offsets(reading: datetime, start: datetime) -> tuple[datetime, ...]:
    """A clock reading without a zone with each offset the recording's clock has around it (fold 0 and
    1), earliest first (``both_offsets_here`` on the clock here)."""
    if start.tzinfo is None or _shown_here(start):
        return both_offsets_here(reading)
    return tuple(sorted({reading.replace(tzinfo=start.tzinfo, fold=fold).astimezone(UTC) for fold in (0, 1)}))


def _on_start_clock(reading: datetime, start: datetime) -> tuple[datetime, ...]:
    """A clock reading without a zone on the clock the recording's start is shown on. On the clock here
    by that zone's own rules: in a recording over the change to summer time, 10:00 the next morning is
    21 h after 12:00, not 22 h (the start's fixed offset read it an hour late, a wrong walking tolerance).
    Every moment it names, earliest first: two in the hour the clocks go back, none in the hour they skip."""
    if start.tzinfo is None:  # a start without a zone: the reading as it is
        return (reading,)
    if not _shown_here(start):  # the zone the file states, by its own rules, each with its fixed offset:
        # Python subtracts two times in one named zone on the clock face, an hour off over a clock change
        there = (m.astimezone(start.tzinfo) for m in _both_offsets(reading, start))
        return tuple(
            m.astimezone(timezone(m.utcoffset() or timedelta()))
            for m in there
            if m.replace(tzinfo=None) == reading
        )
    return readings_here(reading)


def _one_moment(
    moments: tuple[datetime, ...],
    not_before: datetime,
    rec: Recording | RecordingStream,
    refuse: Callable[[str], TimePointError],
) -> datetime:
    """The one moment a clock reading names in the recording; a reading the clock skipped, or one it
    showed twice within the recording (the hour the clocks go back), is refused: review R5 found
    '01:45' refused as 'outside the recording, from 01:40:00 to 01:50:00' after the clocks went back,
    and '01:30' in a recording over both 01:30s read as the first without a word."""
    if not moments:
        raise refuse(
            " never showed on this clock: it was skipped when the clocks went forward (summer time). Give "
            "the time from the start instead (e.g. 95 or 1 min 35 s)"
        )
    start, duration = rec.start_datetime, rec.duration_s
    assert start is not None
    later = [m for m in moments if m >= not_before]
    if duration is None:
        # a long CSV before its last piece: its end is not known, so the first showing is taken and the
        # time is placed again once the recording is read (``parse_symptom_and_stop``), refused then if
        # the second is in it too; refused now, a time the whole read places was refused (its second
        # showing after the recording's end)
        return (later or list(moments))[0]
    inside = [m for m in later if (m - start).total_seconds() <= duration + 1e-6]
    if len(inside) > 1:
        offsets = " or ".join(m.isoformat(timespec="seconds") for m in inside)
        froms = " or ".join(elapsed_words((m - start).total_seconds()) for m in inside)
        raise refuse(
            f" came twice in this recording: the clocks went back an hour. Give the time from the start "
            f"({froms}), or the date and time with its offset ({offsets})"
        )
    return (inside or later or list(moments))[0]


def _length(duration_s: float) -> str:
    """A recording's length in a refusal: '12.5 s'; from a minute on in the words a time is typed in too,
    with the seconds ('2 min 18 s (137.6 s)'): '5 min' typed was refused as past '137.6 s'. The seconds
    are the length the result states (``duration_s``, to the millisecond), never rounded up past a time
    refused: 421.77 typed was refused as past '421.8 s' (stated 421.765)."""
    exact = f"{round(duration_s, 3):.3f}".rstrip("0")
    exact = (exact + "0" if exact.endswith(".") else exact) + " s"
    return exact if duration_s < 60.0 else f"{elapsed_words(duration_s)} ({exact})"


def _span_seconds(span: re.Match[str], refuse: Callable[[str], TimePointError]) -> float:
    """'1 h 5 min', '1m30s', '95 sec', '1 day 6 h' (as a long axis names its ticks) in seconds. A part
    after a larger one stays under the next unit, as on a clock ('1 h 60 min' is refused, not read as 2 h);
    a lone 'm' may be metres ('200 m' walked), so minutes alone are written 'min' ('1m30s' and '1h5m' say
    which they are)."""
    days, hours, minutes, seconds = (span.group(k) for k in "dhms")
    if minutes and not span.group("min") and not (days or hours or seconds):
        raise refuse(f": 'm' may mean metres: write minutes as {minutes} min")
    larger = "days" if days else None
    for part, name, under in ((hours, "hours", 24), (minutes, "minutes", 60), (seconds, "seconds", 60)):
        if part and larger and float(part) >= under:
            raise refuse(f": {name} after {larger} go up to {under - 1}")
        larger = name if part else larger
    return (
        float(days or 0) * DAY_S
        + float(hours or 0) * 3600.0
        + float(minutes or 0) * 60.0
        + float(seconds or 0)
    )


def parse_symptom_and_stop(
    symptom_at: str | None,
    stop_at: str | None,
    rec: Recording | RecordingStream,
    names: Mapping[str, str] = CLI_NAMES,
) -> tuple[float | None, float | None]:
    """Both time points (``None`` for one not given), checked against each other: the stop comes at or
    after the first symptom. ``names`` says how messages name the two (the command line's flags by
    default). For a recording whose length is not known yet (a long CSV), call it again once it is read.
    When both are refused, both are said at once (each field named): the walk page's file is chosen
    again for each try, and the stop waited for the next one.
    """
    read: list[float | None] = []
    refused: list[TimePointError] = []
    for text, key in ((symptom_at, SYMPTOM_AT), (stop_at, STOP_AT)):
        try:
            read.append(parse_time_point(text, rec, names[key], field=key))
        except TimePointError as exc:
            refused.append(exc)
    if len(refused) == 1:
        raise refused[0]
    if refused:
        template = ". ".join(exc.template for exc in refused)
        raise TimePointError(template, {k: v for exc in refused for k, v in exc.names.items()})
    symptom_s, stop_s = read
    if symptom_s is not None and stop_s is not None and stop_s < symptom_s:
        raise TimePointError(
            # the times as typed: '10:31' or '20' said as '(21.0 s)', the seconds on the recording's own
            # axis (it may start at 1 s), read as a different time from the one given
            f"{{{STOP_AT}}} '{str(stop_at).strip()}' comes before "
            f"{{{SYMPTOM_AT}}} '{str(symptom_at).strip()}'; the stop comes at or after the first symptom",
            names,
        )
    return symptom_s, stop_s


__all__ = [
    "CLI_NAMES",
    "STOP_AT",
    "SYMPTOM_AT",
    "TimePointError",
    "parse_symptom_and_stop",
    "parse_time_point",
    "stated_length_s",
]
