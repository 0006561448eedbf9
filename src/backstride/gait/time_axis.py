"""Ticks for a time axis of any length, in the steps a clock has (the walk page's timeline, ``--plot``).

A recording may last 10 seconds or a week. Its axis counts in steps a person reads at a glance: 1, 2, 5,
10, 15, 20 or 30 seconds or minutes, 1, 2, 3, 6 or 12 hours, or days, never "150 min" or "1000 s".
Each tick is named in the largest units that name it exactly: "45 s", "20 min", "1 h 30 min", "2 h",
"1 day 6 h", "3 days". The tick at 0 says the step's unit ("0 min"), so the axis's unit is read there.
"""

from __future__ import annotations

import math

from backstride.gait.factors import shown

MINUTE_S, HOUR_S, DAY_S = 60.0, 3600.0, 86400.0
# the steps, in seconds, from the smallest; a step is chosen to give at most ``max_intervals`` of them
STEPS_S = (
    *(s for s in (1, 2, 5, 10, 15, 20, 30)),
    *(m * MINUTE_S for m in (1, 2, 5, 10, 15, 20, 30)),
    *(h * HOUR_S for h in (1, 2, 3, 6, 12)),
    *(d * DAY_S for d in (1, 2, 5, 10, 20, 50, 100)),
)


def tick_step_s(span_s: float, max_intervals: int = 6) -> float:
    """The smallest clock step that covers ``span_s`` seconds in at most ``max_intervals`` steps; or the
    step before it, when that one gives fewer than 3 and the one before at most one step more (12 min 5 s:
    2-minute steps, 0 to 12 min, not '0 min 5 min 10 min')."""
    before = None
    for step in STEPS_S:
        if span_s / step <= max_intervals + 1e-9:
            if span_s / step < 3 and before is not None and span_s / before <= max_intervals + 1 + 1e-9:
                return float(before)
            return float(step)
        before = step
    return float(STEPS_S[-1]) * math.ceil(span_s / (STEPS_S[-1] * max_intervals))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def tick_label(t_s: float, step_s: float) -> str:
    """``t_s`` (a multiple of ``step_s``) in words: '45 s', '20 min', '1 h 30 min', '1 day 6 h'."""
    t = round(t_s)
    if t == 0:
        unit = "s" if step_s < MINUTE_S else "min" if step_s < HOUR_S else "h" if step_s < DAY_S else "days"
        return f"0 {unit}"
    if step_s < MINUTE_S:  # seconds, as a stopwatch counts them under 2 minutes
        return f"{t} s"
    days, rest = divmod(t, int(DAY_S))
    hours, rest = divmod(rest, int(HOUR_S))
    minutes = rest // int(MINUTE_S)
    # every part that is not 0: a tick after a day keeps its minutes (an axis from 1 day 2 h 2 min in
    # 5-minute steps read '1 day 2 h' six times)
    parts = [
        _plural(days, "day") if days else "",
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes else "",
    ]
    return " ".join(p for p in parts if p)


def time_ticks(lo_s: float, hi_s: float, max_intervals: int = 6) -> list[tuple[float, str]]:
    """The ticks (seconds, words) of an axis from ``lo_s`` to ``hi_s``: every multiple of one clock step
    that lies within it, at least the one at or just after ``lo_s``."""
    span = max(float(hi_s) - float(lo_s), 1e-9)
    step = tick_step_s(span, max_intervals)
    first = math.ceil(float(lo_s) / step - 1e-9)
    last = math.floor(float(hi_s) / step + 1e-9)
    return [(k * step, tick_label(k * step, step)) for k in range(first, max(first, last) + 1)]


def elapsed_words(t_s: float) -> str:
    """``t_s`` seconds from the start to the second, in words the walking test's times are typed in
    ('2 h 1 min 59 s', '7 min 5 s', '45 s'; ``gait.time_points`` reads them back). Not '2:01:59', which
    ``--symptom-at`` would read as a clock time."""
    t = max(0, int(math.floor(float(t_s) + 0.5)))
    hours, rest = divmod(t, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{hours} h" if hours else "",
        # '1 h 0 min 12 s', as the walk page says it: '1 h 12 s' read as a slip
        f"{minutes} min" if minutes or (hours and seconds) else "",
        f"{seconds} s" if seconds else "",
    ]
    return " ".join(p for p in parts if p) or "0 s"


def time_words(t_s: float) -> str:
    """A time in a recording (where a walk starts or ends, how long it lasts) by one rule for the terminal's
    bout table, --plot's bout names and the walk page: under a minute to a tenth of a second ('4.1 s',
    '59.9 s'), from a minute on in the words a time is typed in ('2 min 17 s', ``elapsed_words``). A
    2-minute recording's table read '137.2 s' where the walk page read '2 min 17 s'."""
    if float(t_s) < 59.95:  # would round to '60.0 s'
        text = shown(float(t_s), 1)
        return f"{text.rstrip('0').rstrip('.') if '.' in text else text} s"
    return elapsed_words(t_s)


__all__ = [
    "STEPS_S",
    "elapsed_words",
    "tick_label",
    "tick_step_s",
    "time_ticks",
    "time_words",
]
