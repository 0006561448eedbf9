"""Small server-side SVG charts for the web pages: accessible and readable without colour.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``;
series differ by marker shape and line pattern as well as by shade, and carry direct text labels.
Pages show the same numbers in a data table beside each chart (the text alternative). No
JavaScript, no matplotlib in the request path: the markup is built here from plain numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from backstride.core.dates import day_words

# Marker shapes and dash patterns in the order series use them: a chart printed in black and
# white, or read by someone who cannot tell the shades apart, still tells the series apart.
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "8 4", "2 4", "10 4 2 4")
SHADES = ("#1b4f72", "#7b2d26", "#1e5631", "#4a235a")  # all >= 7:1 against white


@dataclass(frozen=True)
class Series:
    """One line on a time chart: ``points`` are (day, value) pairs in time order."""

    label: str
    points: Sequence[tuple[date, float]]


def escape(text: object) -> str:
    """XML-escaped text as a plain ``str`` (never ``Markup``, which would escape what it is added to)."""
    return str(_markup_escape(text))


def _fmt(value: float) -> str:
    """A coordinate with at most one decimal (keeps the markup small)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    value = start
    while True:
        ticks.append(round(value, 10))
        if value >= hi - step * 1e-9:
            return ticks
        value += step


def _marker(shape: str, x: float, y: float, colour: str, size: float = 5.0) -> str:
    if shape == "square":
        return (
            f'<rect x="{_fmt(x - size)}" y="{_fmt(y - size)}" width="{_fmt(2 * size)}" '
            f'height="{_fmt(2 * size)}" fill="{colour}"/>'
        )
    if shape == "triangle":
        pts = f"{_fmt(x)},{_fmt(y - size * 1.2)} {_fmt(x - size * 1.1)},{_fmt(y + size)} "
        pts += f"{_fmt(x + size * 1.1)},{_fmt(y + size)}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{_fmt(x)},{_fmt(y - size * 1.3)} {_fmt(x + size * 1.3)},{_fmt(y)} "
        pts += f"{_fmt(x)},{_fmt(y + size * 1.3)} {_fmt(x - size * 1.3)},{_fmt(y)}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(size)}" fill="{colour}"/>'


LABEL_LINE_CHARS = 12  # letters of a bold label that fit right of a time series' plot (pad_right 130)
LABEL_LINE_PX = 18
TEXT_CHAR_PX = 8.5  # the widest a letter of the 14 px chart text is, on average (digits and "W" included)
LABEL_GAP_PX = 6
NOTE_LINE_PX = 20  # a note under a time chart (``drawn``), in lines of at most NOTE_LINE_CHARS letters
NOTE_LINE_CHARS = 64  # 64 * TEXT_CHAR_PX = 544 px: inside the 640 px chart from the plot's left edge


def _label_lines(label: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """``label`` in lines of at most ``width`` letters, broken between words (a longer word alone)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


# A line joins two values at most this many days apart: across a longer gap (weeks without a diary
# entry) a line would show values nobody gave. A weekly diary stays one line.
GAP_DAYS = 14


def line_runs(
    points: Sequence[tuple[date, float]], coords: Sequence[tuple[float, float]], gap_days: int = GAP_DAYS
) -> list[list[tuple[float, float]]]:
    """``coords`` in runs, a new one wherever the days of ``points`` are more than ``gap_days`` apart."""
    runs: list[list[tuple[float, float]]] = []
    previous: date | None = None
    for (day, _), xy in zip(points, coords, strict=True):
        if previous is None or (day - previous).days > gap_days:
            runs.append([])
        runs[-1].append(xy)
        previous = day
    return runs


SAME_DAY_NOTE = "A day with two or more values is drawn at their mean."
# A line draws at most this many points (each series): 640 px wide, more would be a smudge of markers
# closer than 2 px and a page of megabytes ("Show all" on a diary of 5,000 days: 4.7 MB). Beyond it a
# series is drawn as the means of weeks, else months, else years (the first that fits), and says so;
# the table beside the chart keeps every value. Means of calendar periods are the summary the diary
# already shows (weekly means), so the points mean what the person has read elsewhere.
MAX_DRAWN_POINTS = 200


@dataclass(frozen=True)
class _Period:
    name: str  # "week": "Each point is the mean of a week"
    start: Callable[[date], date]  # the first day of the period a day is in
    gap_days: int  # a line joins two periods' points at most this far apart (one period missing)


PERIODS = (
    _Period("week", lambda d: date.fromordinal(d.toordinal() - d.weekday()), 2 * 7),
    _Period("month", lambda d: d.replace(day=1), 2 * 31),
    _Period("year", lambda d: d.replace(month=1, day=1), 2 * 366),
)


def _means(points: Iterable[tuple[date, float]], start: Callable[[date], date]) -> list[tuple[date, float]]:
    """One point per period (``start`` of its days: the day itself, the Monday, the 1st), at the mean
    of its values, oldest first."""
    values: dict[date, list[float]] = {}
    for day, value in points:
        values.setdefault(start(day), []).append(float(value))
    return [(day, math.fsum(v) / len(v)) for day, v in sorted(values.items())]


def day_means(points: Iterable[tuple[date, float]]) -> list[tuple[date, float]]:
    """One point per day, at the mean of its values, oldest first: what a line draws of a day written
    twice (``drawn``), and what a chart's caption says of it (``views._values_said``)."""
    return _means(points, lambda d: d)


def period_note(period: str, n_values: int) -> str:
    """What a chart drawn as means says under it."""
    return (
        f"Each point is the mean of a {period}: {n_values:,} values are too many to draw one by one. "
        "The table has every value."
    )


def drawn(series: Sequence[Series]) -> tuple[list[Series], list[str], int]:
    """The lines as a chart draws them, the notes that say how they differ from the values given (the
    data table beside a chart keeps every value), and how far apart two points may be and still be
    joined: one point per day (a diary day written twice: its values are two of one day, which a line
    cannot join; ``diary.trends.day_means``); beyond ``MAX_DRAWN_POINTS`` one per week, month or year."""
    days = [Series(s.label, day_means(s.points)) for s in series]
    lines = days
    notes = []
    if any(len(line.points) < len(s.points) for line, s in zip(lines, series, strict=True)):
        notes.append(SAME_DAY_NOTE)
    gap_days = GAP_DAYS
    for period in PERIODS:
        if max((len(line.points) for line in lines), default=0) <= MAX_DRAWN_POINTS:
            break
        # means of the days (a day written twice counts once, as in the diary's weekly means)
        lines = [Series(s.label, _means(s.points, period.start)) for s in days]
        notes = [period_note(period.name, sum(len(s.points) for s in series))]
        gap_days = period.gap_days
    return lines, notes, gap_days


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="inherit" font-size="14">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def time_series_svg(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    desc: str,
    y_label: str,
    y_min: float | None = None,
    y_max: float | None = None,
    width: int = 640,
    height: int = 280,
) -> Markup:
    """A line chart over days, one marker shape and line pattern per series, labels at line ends; a
    line under the plot for each note of ``drawn`` (also said in the description)."""
    series, notes, gap_days = drawn(series)
    marker_px = 5.0 if max((len(s.points) for s in series), default=0) <= MAX_DRAWN_POINTS // 2 else 3.0
    pad_left, pad_right, pad_top, pad_bottom = 56, 130, 36, 44
    plot_w = width - pad_left - pad_right
    plot_h = height - pad_top - pad_bottom
    note_lines = [line for note in notes for line in _label_lines(note, NOTE_LINE_CHARS)]
    height += NOTE_LINE_PX * len(note_lines)
    out = _open(chart_id, title, " ".join([desc, *notes]), width, height)
    all_points = [p for s in series for p in s.points]
    if not all_points:
        out.append(
            f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle">No entries yet</text></svg>'
        )
        return Markup("".join(out))
    days = [p[0].toordinal() for p in all_points]
    values = [float(p[1]) for p in all_points]
    first_day, last_day = min(days), max(days)
    d0, d1 = first_day, last_day
    if d1 == d0:  # room either side of one day (ordinals only: date.max has no day after it)
        d0, d1 = d0 - 1, d1 + 1
    lo = min(values) if y_min is None else y_min
    hi = max(values) if y_max is None else y_max
    spread = max(abs(hi), abs(lo), 1.0) * 0.1
    if hi - lo < spread:  # one value, or values very close: show them with some room around
        lo, hi = (lo - spread if y_min is None else lo), (hi + spread if y_max is None else hi)
    ticks = _nice_ticks(lo, hi)
    tick_step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    tick_digits = max(0, -math.floor(math.log10(tick_step))) if tick_step < 1 else 0
    if any(abs(t * 10**tick_digits - round(t * 10**tick_digits)) > 1e-6 for t in ticks):
        tick_digits += 1  # e.g. steps of 2.5
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)

    def sx(day: int) -> float:
        return pad_left + (day - d0) / (d1 - d0) * plot_w

    def sy(value: float) -> float:
        return pad_top + (1 - (value - lo) / (hi - lo)) * plot_h

    out.append('<g class="axes" stroke="#555" stroke-width="1" aria-hidden="true">')
    for t in ticks:
        y = sy(t)
        out.append(
            f'<line x1="{pad_left}" x2="{pad_left + plot_w}" y1="{_fmt(y)}" y2="{_fmt(y)}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{pad_left - 8}" y="{_fmt(y + 5)}" text-anchor="end" stroke="none" '
            f'fill="#222">{t:.{tick_digits}f}</text>'
        )
    out.append(f'<line x1="{pad_left}" x2="{pad_left}" y1="{pad_top}" y2="{pad_top + plot_h}"/>')
    out.append(
        f'<line x1="{pad_left}" x2="{pad_left + plot_w}" y1="{pad_top + plot_h}" y2="{pad_top + plot_h}"/>'
    )
    data_days = sorted(set(days))
    if len(data_days) <= 6:
        tick_days = data_days  # few points: a tick under each one
    else:
        n_xticks = min(5, d1 - d0 + 1)
        tick_days = [round(d0 + i * (d1 - d0) / max(n_xticks - 1, 1)) for i in range(n_xticks)]
    # the year too when the data cross a new year (a diary kept since 1950 is not all "1 Jun")
    with_year = date.fromordinal(first_day).year != date.fromordinal(last_day).year
    for day in tick_days:
        x = sx(day)
        label = day_words(date.fromordinal(day), year=with_year)
        out.append(
            f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{pad_top + plot_h}" y2="{pad_top + plot_h + 5}"/>'
        )
        out.append(
            f'<text x="{_fmt(x)}" y="{pad_top + plot_h + 22}" text-anchor="middle" stroke="none" '
            f'fill="#222">{label}</text>'
        )
    out.append(f'<text x="{pad_left}" y="{pad_top - 14}" stroke="none" fill="#222">{escape(y_label)}</text>')
    out.append("</g>")
    for i, words in enumerate(note_lines):  # under the day labels, where the eye ends up
        y = pad_top + plot_h + pad_bottom + NOTE_LINE_PX * i + 12
        out.append(f'<text class="chart-note" x="{pad_left}" y="{y}" fill="#222">{escape(words)}</text>')

    for index, s in enumerate(series):
        if not s.points:
            continue
        shape = MARKERS[index % len(MARKERS)]
        dash = DASHES[index % len(DASHES)]
        colour = SHADES[index % len(SHADES)]
        coords = [(sx(d.toordinal()), sy(float(v))) for d, v in s.points]
        out.append(f'<g class="series" data-series="{escape(s.label)}">')
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in line_runs(s.points, coords, gap_days):  # no line across weeks without a value
            if len(run) > 1:
                path = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in run)
                out.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
        for (x, y), (d, v) in zip(coords, s.points, strict=True):
            out.append(
                f'<g class="point" data-date="{d.isoformat()}" data-value="{_fmt(float(v))}">'
                + _marker(shape, x, y, colour, marker_px)
                + "</g>"
            )
        x_end, y_end = coords[-1]
        # a long label on two or more lines: the room right of the plot holds about 12 letters
        lines = _label_lines(s.label)
        y_first = y_end + 5 - (len(lines) - 1) * LABEL_LINE_PX / 2
        spans = "".join(
            f'<tspan x="{_fmt(x_end + 10)}" y="{_fmt(y_first + i * LABEL_LINE_PX)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        out.append(f'<text fill="{colour}" font-weight="bold">{spans}</text>')
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Bout:
    """A walking bout on the recording timeline, in seconds from the start."""

    start_s: float
    end_s: float
    label: str


def _axis_ticks(duration: float, sx: Callable[[float], float], width: int) -> list[tuple[float, float, str]]:
    """The timeline's ticks: (x of the tick, x of its name's centre, name). A name near an end is moved
    inside the picture (centred, '2 h 30 min' at a 2 h 31 min recording's end was cut off), and fewer
    clock steps are taken while two names would touch."""
    from backstride.gait.time_axis import time_ticks

    placed: list[tuple[float, float, str]] = []
    for most in range(6, 1, -1):
        placed = []
        for t, words in time_ticks(0.0, duration, most):
            x, half = sx(t), len(words) * TEXT_CHAR_PX / 2
            placed.append((x, min(max(x, half + 1), width - half - 1), words))  # 1 px inside
        ends = [(c - len(w) * TEXT_CHAR_PX / 2, c + len(w) * TEXT_CHAR_PX / 2) for _, c, w in placed]
        if all(a[1] + LABEL_GAP_PX <= b[0] for a, b in zip(ends, ends[1:], strict=False)):
            break
    return placed


LABEL_ROW_PX = 16  # a second row of walk labels, below the first


def _bout_labels(xs: Sequence[float], labels: Sequence[str]) -> tuple[list[tuple[int, str] | None], int]:
    """Where each walk's label goes (its row, its text; None: not drawn) and how many rows: every
    label in one row when they fit ("Walk 3"), else their numbers ("3", as the table numbers them) in
    one row, then in two; a label never runs over another. ``xs``: where each label starts."""
    short = [label.rsplit(" ", 1)[-1] for label in labels]
    for texts, rows in ((list(labels), 1), (short, 1), (short, 2)):
        free = [-math.inf] * rows  # where each row's last label ends
        placed: list[tuple[int, str] | None] = []
        for x, text in zip(xs, texts, strict=True):
            row = next((r for r in range(rows) if x >= free[r]), None)
            if row is not None:
                free[row] = x + len(text) * TEXT_CHAR_PX + LABEL_GAP_PX
            placed.append(None if row is None else (row, text))
        if all(p is not None for p in placed) or rows == 2:
            return placed, max((p[0] + 1 for p in placed if p is not None), default=1)
    raise AssertionError("unreachable")


def walk_timeline_svg(
    *,
    duration_s: float,
    bouts: Sequence[Bout],
    contacts_s: Sequence[float],
    chart_id: str,
    title: str,
    desc: str,
    width: int = 640,
    height: int = 170,
) -> Markup:
    """The recording as a time line: hatched boxes where the person walked, a tick per foot strike."""
    pad_left, pad_right, pad_top = 20, 20, 30
    plot_w = width - pad_left - pad_right
    duration = max(float(duration_s), 1e-6)

    def sx(t: float) -> float:
        return pad_left + min(max(t, 0.0), duration) / duration * plot_w

    bout_top, bout_h = pad_top + 10, 50
    labels, rows = _bout_labels([sx(b.start_s) + 4 for b in bouts], [b.label for b in bouts])
    shift = (rows - 1) * LABEL_ROW_PX  # a second row of labels pushes the strikes and the axis down
    out = _open(chart_id, title, desc, width, height + shift)
    out.append(
        '<defs><pattern id="' + escape(chart_id) + '-hatch" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#d6e4f0"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#1b4f72" stroke-width="3"/></pattern></defs>'
    )
    # a heading short enough to leave room for the one on the right ("Foot strikes: ...")
    if any(placed is None for placed in labels):
        heading = "Walks (hatched; some too close to number)"
    elif any(
        placed is not None and placed[1] != bout.label for placed, bout in zip(labels, bouts, strict=True)
    ):
        heading = "Walks (hatched; numbers as in the table)"
    else:
        heading = "Walking (hatched boxes)"
    out.append(f'<text x="{pad_left}" y="{pad_top - 10}" fill="#222">{heading}</text>')
    for bout, placed in zip(bouts, labels, strict=True):
        x0, x1 = sx(bout.start_s), sx(bout.end_s)
        label = ""
        if placed is not None:
            label_y = bout_top + bout_h + 16 + placed[0] * LABEL_ROW_PX
            label = f'<text x="{_fmt(x0 + 4)}" y="{label_y}" fill="#222">{escape(placed[1])}</text>'
        out.append(
            f'<g class="bout"><title>{escape(bout.label)}</title>'  # named on hover, labelled or not
            f'<rect x="{_fmt(x0)}" y="{bout_top}" width="{_fmt(max(x1 - x0, 1.5))}" '
            f'height="{bout_h}" fill="url(#{escape(chart_id)}-hatch)" stroke="#1b4f72" stroke-width="2"/>'
            f"{label}</g>"
        )
    tick_top = bout_top + bout_h + 24 + shift
    out.append('<g class="contacts" stroke="#222" stroke-width="1.5" aria-hidden="true">')
    for t in contacts_s:
        x = sx(float(t))
        out.append(f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{tick_top}" y2="{tick_top + 14}"/>')
    out.append("</g>")
    axis_y = tick_top + 22
    out.append(
        f'<g aria-hidden="true"><line x1="{pad_left}" x2="{pad_left + plot_w}" y1="{axis_y}" '
        f'y2="{axis_y}" stroke="#555"/>'
    )
    # clock steps for any length ("1 h 30 min", not "150 min" or "1000 s"): gait.time_axis, as --plot
    for x, centre, words in _axis_ticks(duration, sx, width):
        out.append(
            f'<line x1="{_fmt(x)}" x2="{_fmt(x)}" y1="{axis_y}" y2="{axis_y + 5}" stroke="#555"/>'
            f'<text x="{_fmt(centre)}" y="{axis_y + 19}" text-anchor="middle" fill="#222">'
            f"{escape(words)}</text>"
        )
    out.append("</g>")
    out.append(
        f'<text x="{pad_left + plot_w}" y="{pad_top - 10}" text-anchor="end" fill="#222">'
        "Foot strikes: short lines below</text>"
    )
    out.append("</svg>")
    return Markup("".join(out))


__all__ = [
    "MAX_DRAWN_POINTS",
    "PERIODS",
    "period_note",
    "GAP_DAYS",
    "SAME_DAY_NOTE",
    "Bout",
    "Series",
    "day_means",
    "drawn",
    "line_runs",
    "time_series_svg",
    "walk_timeline_svg",
]
