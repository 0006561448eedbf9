"""A picture of a gait analysis for people who would rather look than read (``gait analyze --plot``).

Top: the size of the acceleration over time, walking bouts shaded, each detected step (initial contact)
marked. Bottom: cadence, stride length and walking speed per bout. matplotlib is imported here only,
with the non-interactive Agg backend, so nothing else pays for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from backstride.gait.factors import SAID, SHOWN_DIGITS, placement_warning_of
from backstride.gait.factors import shown as shown_number
from backstride.gait.pipeline import NO_WALKING_NOTE
from backstride.gait.recording import Recording
from backstride.gait.result import longest_bouts
from backstride.gait.time_axis import time_ticks, time_words

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_POINTS = 20_000  # enough for a sharp line at print size; keeps a week-long file quick to draw
MAX_BARS_BOUTS = 30  # the per-bout panel of a long recording shows its longest bouts only
ANNOTATE_UP_TO = 10  # bouts whose bars carry their numbers; beyond, labels turn and numbers go


def plot_gait(
    recording: Recording,
    result: dict[str, Any],
    path: str | Path,
    *,
    symptom_at_s: float | None = None,
    stop_at_s: float | None = None,
) -> Path:
    """Draw ``result`` (a ``GaitResult.to_dict()``) over ``recording`` and save a PNG to ``path``; the
    walking test's times (``--symptom-at`` / ``--stop-at``, on the recording's axis) marked when given."""
    import matplotlib.pyplot as plt

    out = Path(path)
    fig = draw_gait(recording, result, symptom_at_s=symptom_at_s, stop_at_s=stop_at_s)
    try:
        fig.savefig(out, dpi=110)
    finally:
        plt.close(fig)
    return out


def draw_gait(
    recording: Recording,
    result: dict[str, Any],
    *,
    symptom_at_s: float | None = None,
    stop_at_s: float | None = None,
) -> Figure:
    """The figure :func:`plot_gait` saves (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    acc_g = np.linalg.norm(recording.acc_mps2, axis=1) / 9.80665
    t = recording.time_s  # the axis every time in the result is on
    step = max(1, acc_g.size // MAX_POINTS)
    bouts = list(result.get("walking_bouts") or [])
    contacts = np.asarray(result.get("initial_contacts_s") or [], dtype=float)

    fig, (ax_sig, ax_bout) = plt.subplots(
        2, 1, figsize=(11, 6.5), gridspec_kw={"height_ratios": [2, 1.3]}, constrained_layout=True
    )
    ax_sig.plot(t[::step], acc_g[::step], lw=0.6, color="#355c7d", label="acceleration (g)")
    if bouts:  # one shape for all bouts: a week's thousands of separate spans take minutes to draw
        ax_sig.broken_barh(
            [(float(b["start_s"]), float(b["end_s"]) - float(b["start_s"])) for b in bouts],
            (0, 1),
            transform=ax_sig.get_xaxis_transform(),
            color="#f8b195",
            alpha=0.35,
            label="walking bout",
        )
    if contacts.size:
        idx = np.round((contacts - recording.start_s) * recording.sampling_rate_hz).astype(int)
        idx = np.clip(idx, 0, acc_g.size - 1)
        ax_sig.plot(contacts, acc_g[idx], "v", ms=4, color="#c06c84", label=f"steps ({contacts.size})")
    for k, (a, b) in enumerate(recording.gaps_s):
        ax_sig.axvspan(a, b, color="0.8", alpha=0.6, hatch="//", label="no data (filled)" if k == 0 else None)
    if t.size:  # clock steps for any length ("1 h 30 min", not "10000"): gait.time_axis, as the walk page
        ticks = time_ticks(float(t[0]), float(t[-1]))
        ax_sig.set_xticks([at for at, _ in ticks], [words for _, words in ticks])
        ax_sig.set_xlim(float(t[0]), float(t[-1]) if t[-1] > t[0] else float(t[0]) + 1.0)
    ax_sig.set_xlabel("time from the start of the recording")
    # the walking test's times, where the person said them: the picture never showed what they gave
    for at, words, colour in (
        (symptom_at_s, "first symptom", "#e67e22"),
        (stop_at_s, "had to stop", "#8e1b1b"),
    ):
        if at is not None:
            ax_sig.axvline(float(at), color=colour, lw=1.6, ls="--", label=words)
    ax_sig.set_ylabel("acceleration (g)")
    ax_sig.set_title("Your recording: shaded = walking, triangles = steps")
    # room above the signal for a one-row legend, so it never covers a step or a spike
    top = float(np.nanmax(acc_g)) if acc_g.size else 1.0
    ax_sig.set_ylim(0.0, max(top, 1.0) * 1.3)
    ax_sig.legend(loc="upper right", fontsize=8, ncol=len(ax_sig.get_legend_handles_labels()[0]) or 1)

    shown = longest_bouts(bouts, MAX_BARS_BOUTS)
    if shown:
        x = np.arange(len(shown))
        # three quantities share one axis, so its scale has no one unit: each bar's number carries its
        # own ('96/min', '0.79 m', '0.63 m/s', as the terminal's bout table says them) and the axis shows
        # no numbers; the bars read 96, 0.79, 0.63 over a bare scale of 0-1.4 (review 2026-11-28)
        metrics = [
            ("cadence_spm", "cadence (steps/min; bar drawn 100 times shorter)", 1.0 / 100.0, "/min"),
            ("stride_length_m", "stride length (m)", 1.0, " m"),
            ("walking_speed_mps", "speed (m/s)", 1.0, " m/s"),
        ]
        width = 0.27
        for k, (key, label, scale, unit) in enumerate(metrics):
            values = [b.get(key) for b in shown]
            heights = [float(v) * scale if isinstance(v, int | float) else 0.0 for v in values]
            bars = ax_bout.bar(x + (k - 1) * width, heights, width, label=label)
            if len(shown) > ANNOTATE_UP_TO:  # the numbers would overlap; the bars still show them
                continue
            for bar, v in zip(bars, values, strict=True):
                text = "-" if not isinstance(v, int | float) else shown_number(v, SHOWN_DIGITS[key]) + unit
                ax_bout.annotate(
                    text,
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
        ax_bout.set_xticks(
            x,
            [_bout_label(b, float(t[-1] - t[0]) if t.size else 0.0) for b in shown],
            fontsize=8 if len(shown) <= ANNOTATE_UP_TO else 6,
            rotation=0 if len(shown) <= ANNOTATE_UP_TO else 60,
            ha="center" if len(shown) <= ANNOTATE_UP_TO else "right",
        )
        ax_bout.set_xlim(-1.0, max(len(shown), 3))
        ax_bout.set_title(
            "Per walking bout"
            if len(shown) == len(bouts)
            else f"The {len(shown)} longest of {len(bouts)} walking bouts"
        )
        # a band above the tallest bar and its number for a one-row legend: it covers no bar
        tallest = max((p.get_height() for p in ax_bout.patches), default=1.0)
        ax_bout.set_ylim(0.0, max(tallest, 0.1) * 1.45)
        ax_bout.set_yticks([])  # a scale of three units would be no unit's
        ax_bout.legend(fontsize=8, loc="upper center", ncol=3)
    else:
        ax_bout.axis("off")
        ax_bout.text(0.5, 0.5, NO_WALKING_NOTE, ha="center", va="center", fontsize=12)
    footer = "Not a diagnosis."
    alignment = result.get("alignment") or {}
    where = alignment.get("body_location")
    if placement_warning_of(alignment) is not None:
        said = f"Worn on the {str(where).strip().lower()}" if where else "Probably not worn at the lower back"
        if where and alignment.get(SAID) is True:  # the person's word, not the file's
            said = f"You said it was worn on the {str(where).strip().lower()}"
        footer = (
            f"{said}: these numbers are made for a sensor at the lower back, so treat them with care. "
            + footer
        )
    # a figure label, so the layout keeps room for it under the bars' labels
    fig.supxlabel(footer, x=0.01, ha="left", fontsize=8, color="0.4")
    return fig


BOUT_WORDS_FROM_S = 600.0  # from 10 minutes on, a bout is named by its start in words


def _bout_label(bout: dict[str, Any], length_s: float) -> str:
    """A bout's name under its bars, its times in the words of the terminal's bout table and the walk page
    (``time_words``): in a short recording where it starts and ends ('40.1 s' over 'to 2 min 16 s'; it read
    '40-136 s'); in a long one its start and its length ('2 h 1 min 59 s (19 s)'): a day's bouts read
    '7319-7338 s'."""
    start, end = float(bout["start_s"]), float(bout["end_s"])
    if length_s < BOUT_WORDS_FROM_S:
        return f"{time_words(start)}\nto {time_words(end)}"
    return f"{time_words(start)} ({end - start:.0f} s)"


__all__ = ["draw_gait", "plot_gait"]
