"""Gait analysis of recordings too long to hold in memory: hours to a week of free-living data.

``LongRecordingAnalyzer().analyze(stream)`` runs :func:`~backstride.gait.pipeline.analyze_gait` on windows
of a :class:`~backstride.gait.readers.stream.RecordingStream` and joins the results into one
:class:`GaitResult` of the same shape (CONTRACT.md section 2). Memory is bounded by the window, not by the
recording: a week at 100 Hz (60 M samples) needs about what one window needs.

How windows are cut (all positions in samples, aligned to whole seconds and gravity blocks):

* A window is the analysed span ``[start - pad, start + window + pad)``. Its bouts are kept when they
  start in it and end before ``start + window`` (the cut), so every kept bout has at least ``pad_s`` of
  signal on both sides: the contacts, step lengths and bout edges are those of the whole file (the
  contact search itself uses 30 s of context, ``pipeline.CHUNK_PAD_S``).
* A bout that runs across the cut is not split: the next window starts at that bout (minus the pad),
  so it is analysed whole, as in the whole file. A bout longer than the window makes the window grow
  (by ``window_s`` at a time) up to ``max_window_s``; only a continuous walk longer than that (hours
  without a 3 s pause) is joined from windows: its strides are put together at the cut and its
  figures recomputed from them; it is flagged ``merged_across_window_edge``.
* A recording no longer than one window (plus the pad) is one window: exactly ``analyze_gait``.

What is per window and not per recording: the walking direction and the sensor's "up" while walking
(``alignment``), which the side of each step and the pelvis ranges use. For a week this is what one
wants: the sensor is taken off and put back, a phone moves between pockets. The per-window directions
are listed in ``alignment["windows"]``.

The trunk lean is measured against quiet upright standing, and that reference is shared by the windows
of one *mounting*, not looked for in each window alone (an hour boundary must not move the lean of a
walk: with per-window standing it moved by up to 18 degrees on tiled lab trials). Each window hands over
its still seconds (binned by direction, :class:`~backstride.gait.kinematics.StandingPostures`; each
second from the one window whose core holds it) and per kept bout its mean gravity direction and the
"up" at its contacts. Consecutive windows whose walking "up" stays within ``UPRIGHT_WITHIN_DEG`` of the
mounting's are one mounting; a larger jump means the sensor was put on again, and no standing is shared
across it (the still seconds of windows without walking between two mountings are offered to both; the
upright test decides). At the end every bout's lean is recomputed against its mounting's standing and
walking direction (its windows' directions weighted by their contacts): with one mounting this is the
whole-file reference (same still seconds, same walking "up"; the direction averaged instead of
estimated once). A bout whose own window found no standing is flagged
``standing_elsewhere_in_recording``; the mountings are listed in ``alignment["mountings"]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from backstride.core.errors import RecordingError
from backstride.core.units import checked_height
from backstride.gait import constants as C
from backstride.gait import pipeline
from backstride.gait.factors import (
    NOT_A_DIAGNOSIS,
    NOT_AT_LOWER_BACK,
    PLACE_BOUND_QUALITY,
    STANDING_MAYBE_BENT,
    STANDING_MAYBE_RECLINED,
    TIPPED_WARNING_START,
    UNCERTAIN_FORWARD,
    gait_factors,
    placed,
    placement_warning,
    unlike_a_pelvis_deg,
    walking_tolerance,
    without_distances,
)
from backstride.gait.kinematics import (
    StandingPostures,
    bent_forward_of_walk,
    forward_lean_deg,
    lean_axes,
    reclined_in_standing,
)
from backstride.gait.orientation import angle_deg
from backstride.gait.pipeline import (
    NO_WALKING_NOTE,
    UPRIGHT_WITHIN_DEG,
    LeanInputs,
    one_gyroscope_note,
    summarize_bouts,
)
from backstride.gait.readers.stream import RecordingStream
from backstride.gait.result import GaitResult
from backstride.gait.sides import LABELLED_CONTACTS, labelled_contacts

WINDOW_S = 3600.0  # one hour: ~50 MB while analysed at 100 Hz
PAD_S = 60.0  # context on each side: twice the contact search's own 30 s
# A bout longer than this (continuous walking) is joined from windows. Continuous walking costs about
# 1.3 MB of working memory per minute of window (every sample is near a step): 2 hours stay near 200 MB.
MAX_WINDOW_S = 2 * 3600.0


class LongRecordingAnalyzer:
    """``analyze(stream, symptom_at_s=, stop_at_s=, progress=)`` -> ``result_`` (a GaitResult),
    ``windows_`` (analysed spans in seconds), ``max_window_samples_`` (largest span held at once),
    ``mountings_`` (the trunk lean's standing reference per mounting; empty for one window)."""

    def __init__(
        self,
        *,
        window_s: float = WINDOW_S,
        pad_s: float = PAD_S,
        max_window_s: float = MAX_WINDOW_S,
        height_cm: float | None = None,
        sensor_height_m: float | None = None,
    ) -> None:
        self.window_s = window_s
        self.pad_s = pad_s
        self.max_window_s = max_window_s
        # refused as analyze_gait refuses them: a height in metres (1.72) found no walking in a week
        self.height_cm = checked_height(height_cm)
        self.sensor_height_m = pipeline.checked_sensor_height(sensor_height_m)

    def analyze(
        self,
        stream: RecordingStream,
        *,
        symptom_at_s: float | None = None,
        stop_at_s: float | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> LongRecordingAnalyzer:
        symptom_at_s, stop_at_s = pipeline.checked_times(
            stream.start_s, stream.duration_s, symptom_at_s, stop_at_s
        )
        fs = float(stream.sampling_rate_hz)
        align = math.lcm(max(1, int(round(0.1 * fs))), max(1, int(round(fs))))
        win = _aligned(self.window_s * fs, align)
        pad = _aligned(self.pad_s * fs, align)
        max_win = max(win, _aligned(self.max_window_s * fs, align))
        pieces = stream.blocks(max(align, win // 4))
        buf = _Buffer(with_gyr=stream.has_gyroscope)
        exhausted = False
        emit_from = 0  # samples before this index are done
        target = win
        merging: dict[str, Any] | None = None  # a bout split at a cut, waiting for its continuation
        kept: list[dict[str, Any]] = []
        kept_ic: list[list[float]] = []
        kept_lean: list[tuple[np.ndarray, int]] = []  # per kept bout: mean gravity direction, window
        standing = _Mountings()
        covered = 0  # still seconds before this sample were handed over by earlier windows
        windows: list[dict[str, Any]] = []
        first_result: GaitResult | None = None
        self.windows_: list[tuple[float, float]] = []
        self.max_window_samples_ = 0
        t_of = lambda i: stream.start_s + i / fs  # noqa: E731
        done = [0]  # samples finished, for progress
        progress = _never_back(progress)

        while True:
            buf.drop_before(max(0, emit_from - pad))
            while not exhausted and buf.end < emit_from + target + pad:
                piece = next(pieces, None)
                if piece is None:
                    exhausted = True
                else:
                    buf.append(piece.acc_mps2, piece.gyr_dps)
            if buf.end <= buf.start:
                break
            end = min(buf.end, emit_from + target + pad)  # the buffer may hold part of the next piece
            last = exhausted and end == buf.end
            k = end - buf.start
            self.max_window_samples_ = max(self.max_window_samples_, k)
            rec = stream.recording(buf.acc[:k], None if buf.gyr is None else buf.gyr[:k], buf.start)
            res, lean_in = pipeline.analyze_gait_with_lean_inputs(
                rec,
                height_cm=self.height_cm,
                sensor_height_m=self.sensor_height_m,
                symptom_at_s=symptom_at_s,  # used when this window is the whole recording
                stop_at_s=stop_at_s,
                progress=_window_progress(progress, buf.start, end, stream.n_samples, done),
            )
            first_result = first_result or res
            self.windows_.append((rec.start_s, rec.start_s + rec.duration_s))
            bouts = res.walking_bouts
            ics = _split_contacts(res.initial_contacts_s, bouts)
            cut = end if last else end - pad
            cut_s = t_of(cut)
            last_end = kept[-1]["end_s"] if kept else -math.inf
            lo_s = -math.inf if buf.start == 0 else t_of(buf.start + pad // 2)
            carried = merging  # a bout joined at the last cut: its continuation must be in this window
            pending = None
            pending_is_joined = False  # the bout open at the cut is already a join of earlier windows
            n_before = len(kept)
            up_sum = np.zeros(3)
            w_index = len(windows)
            for b, ic, g, u in zip(bouts, ics, lean_in.bout_gravity_up, lean_in.bout_up_sum, strict=True):
                joined = merging is not None and b["start_s"] < merging["cut_s"] <= b["end_s"]
                if joined:
                    assert merging is not None
                    g, u = _joined_posture(merging, b, ic, g, u)
                    b, ic = _join(merging, b, ic)  # the continuation of a bout split at the last cut
                    merging = None
                elif b["start_s"] <= last_end or b["start_s"] < lo_s:
                    continue
                if b["end_s"] >= cut_s and not last:
                    pending = (b, ic, g, u)
                    pending_is_joined = joined
                    break
                kept.append(b)
                kept_ic.append(ic)
                kept_lean.append((g, w_index))
                up_sum += u
            if carried is not None and merging is carried:  # the walk ended right at the cut: keep it
                kept.insert(n_before, carried["bout"])
                kept_ic.insert(n_before, carried["ic"])
                kept_lean.insert(n_before, (carried["g"], w_index))
                merging = None
            still = lean_in.still_idx + buf.start
            own = (still >= covered) & (still < cut)  # each second from one window only
            covered = max(covered, cut)
            mine = kept[n_before:]
            t_still = t_of(still)
            first_s = mine[0]["start_s"] if mine else math.inf
            last_s = mine[-1]["end_s"] if mine else math.inf
            mounting = standing.add_window(
                *(
                    StandingPostures().add(lean_in.still_up[own & part])
                    for part in (
                        t_still < first_s,
                        (t_still >= first_s) & (t_still <= last_s),
                        t_still > last_s,
                    )
                ),
                up_sum=up_sum,
                forward=lean_in.forward,
                n_contacts=sum(len(x) for x in kept_ic[n_before:]),
            )
            windows.append(
                _window_alignment(res, rec.start_s, cut_s, len(kept) - n_before, lean_in, mounting)
            )
            done[0] = max(done[0], cut)
            if progress is not None and not stream.n_samples and stream.fraction_read is not None:
                progress(stream.fraction_read())  # a long CSV: its length is known only at the end
            if last:
                break
            if pending is None:
                emit_from, target = cut, win
                continue
            p_start = int(math.floor((pending[0]["start_s"] - stream.start_s) * fs))
            p_start -= p_start % align
            if p_start > emit_from and not pending_is_joined:
                emit_from, target = p_start, win  # analyse the open bout whole in the next window
            elif target + win <= max_win and not pending_is_joined:
                target += win  # the bout is longer than the window: grow it
            else:  # walking for longer than max_window_s (or a join still walking on): join it at the cut
                merging = {
                    "bout": pending[0],
                    "ic": pending[1],
                    "g": pending[2],
                    "u": pending[3],
                    "cut_s": cut_s,
                }
                emit_from, target = cut, win
        if merging is not None:  # the recording ended inside a joined bout (cannot happen: exhausted)
            kept.append(merging["bout"])
            kept_ic.append(merging["ic"])
            kept_lean.append((merging["g"], len(windows) - 1))
        self.mountings_: list[dict[str, Any]] = []
        if len(windows) > 1:
            self.mountings_ = _lean_against_mounting(
                kept, kept_lean, windows, standing.finish(), standing.postures_
            )
        self.result_ = self._result(stream, kept, kept_ic, windows, first_result, symptom_at_s, stop_at_s)
        if progress is not None:
            progress(1.0)
        return self

    def _result(
        self,
        stream: RecordingStream,
        bouts: list[dict[str, Any]],
        ics: list[list[float]],
        windows: list[dict[str, Any]],
        first: GaitResult | None,
        symptom_at_s: float | None,
        stop_at_s: float | None,
    ) -> GaitResult:
        if first is None:
            raise RecordingError(f"{stream.where}: holds no samples; expected a recording of a walk")
        fs = float(stream.sampling_rate_hz)
        n = int(stream.n_samples or 0)
        if len(windows) == 1:  # one window: the whole-file result as it is
            return first
        for b in bouts:  # a window's own placement flags: the whole file's placement decides (below)
            for key in PLACE_BOUND_QUALITY:
                if key in b["quality"]:
                    b["quality"][key] = [q for q in b["quality"][key] if q != NOT_AT_LOWER_BACK]
        window_lean = [q for w in windows for q in w.pop("_lean_quality")]
        bout_lean = [q for b in bouts for q in b["quality"].get("trunk_flexion_mean_deg", [])]
        lean_quality = list(dict.fromkeys(bout_lean or window_lean))
        summary = summarize_bouts(bouts, lean_quality)
        height_m = first.parameters["height_cm"] / 100.0
        default = bool(first.parameters["height_is_default"])
        where, said = stream.body_location, stream.body_location_said
        unlike = unlike_a_pelvis_deg(summary, where)  # over the whole file, not one window's
        factors = gait_factors(
            summary,
            height_m=height_m,
            height_is_default=default,
            body_location=where,
            body_location_said=said,
        )
        main = max(windows, key=lambda w: w["n_bouts"])
        for key, value in main["_summary"].items():  # the pipeline adds more than summarize_bouts: per window
            summary.setdefault(key, value)
        if isinstance(summary.get("sides"), dict):
            summary["sides"] = _sides_counted_over(bouts, summary["sides"])
        alignment = dict(main.pop("_alignment"))
        placed(alignment, where, unlike, said)
        without_distances(summary, bouts, alignment)  # as the warning says: not judged
        for w in windows:
            for key in ("_alignment", "_summary", "_lean"):
                w.pop(key, None)
        alignment["windows"] = windows
        alignment["mountings"] = self.mountings_
        alignment["per"] = (
            "window: estimated in each window; the fields above are the window with most walking"
        )
        parameters = dict(first.parameters)
        parameters["long_recording"] = {
            "window_s": self.window_s,
            "pad_s": self.pad_s,
            "max_window_s": self.max_window_s,
            "n_windows": len(windows),
            "orientation": "estimated per window; the trunk lean's standing reference per mounting "
            f"(consecutive windows whose walking up stays within {UPRIGHT_WITHIN_DEG:g} deg)",
        }
        # a window's own "tipped more than a pelvis" warning: the whole file's decides (below)
        window_notes = [x for w in windows for x in w.pop("_notes") if not x.startswith(TIPPED_WARNING_START)]
        notes = [x for x in dict.fromkeys([*stream.notes, *window_notes]) if x != NO_WALKING_NOTE]
        notes = one_gyroscope_note(notes)  # the stream's general note, or the walk's own: one of them
        if n and not bouts:
            notes.append(NO_WALKING_NOTE)
        warning = placement_warning(where, unlike, said)
        if warning is not None:  # first, as in a one-window result
            notes = [warning, *(x for x in notes if x != warning)]
        return GaitResult(
            sampling_rate_hz=fs,
            duration_s=round(n / fs, 3),
            walking_bouts=bouts,
            initial_contacts_s=[x for ic in ics for x in ic],
            gait_factors=factors,
            walking_tolerance=walking_tolerance(
                bouts,
                symptom_at_s=symptom_at_s,
                stop_at_s=stop_at_s,
                body_location=where,
                gaps_s=tuple(stream.gaps_s),
                unlike_deg=unlike,
            ),
            summary=summary,
            alignment=alignment,
            parameters=parameters,
            notes=notes,
            disclaimer=first.disclaimer or NOT_A_DIAGNOSIS,
        )


def analyze_long_recording(
    stream: RecordingStream,
    *,
    height_cm: float | None = None,
    symptom_at_s: float | None = None,
    stop_at_s: float | None = None,
    sensor_height_m: float | None = None,
    progress: Callable[[float], None] | None = None,
    window_s: float = WINDOW_S,
) -> GaitResult:
    """Shortcut for ``LongRecordingAnalyzer(...).analyze(stream, ...).result_``."""
    analyzer = LongRecordingAnalyzer(window_s=window_s, height_cm=height_cm, sensor_height_m=sensor_height_m)
    return analyzer.analyze(stream, symptom_at_s=symptom_at_s, stop_at_s=stop_at_s, progress=progress).result_


# ------------------------------------------------------------------------------------------- helpers


def _sides_counted_over(bouts: list[dict[str, Any]], sides: dict[str, Any]) -> dict[str, Any]:
    """The side labelling's because-trail with its count of labelled contacts taken over every bout of
    the recording (the rest of it describes the window with most walking)."""
    counted = labelled_contacts(b.get("contact_sides") or [] for b in bouts)
    because = [counted if str(x).endswith(LABELLED_CONTACTS) else x for x in sides.get("because", [])]
    return {**sides, "because": because}


def _aligned(samples: float, align: int) -> int:
    return max(align, int(round(samples / align)) * align)


class _Buffer:
    """Samples ``[start, end)`` of the stream (global indices), appended piece by piece into arrays that
    are reused from window to window (one allocation while the window keeps its size)."""

    def __init__(self, *, with_gyr: bool) -> None:
        self.start = 0
        self.n = 0
        self._acc = np.empty((0, 3))
        self._gyr: np.ndarray | None = np.empty((0, 3)) if with_gyr else None

    @property
    def end(self) -> int:
        return self.start + self.n

    @property
    def acc(self) -> np.ndarray:
        return self._acc[: self.n]

    @property
    def gyr(self) -> np.ndarray | None:
        return None if self._gyr is None else self._gyr[: self.n]

    def append(self, acc: np.ndarray, gyr: np.ndarray | None) -> None:
        k = acc.shape[0]
        if self.n + k > self._acc.shape[0]:
            cap = self.n + k
            self._acc = _grown(self._acc, self.n, cap)
            if self._gyr is not None:
                self._gyr = _grown(self._gyr, self.n, cap)
        self._acc[self.n : self.n + k] = acc
        if self._gyr is not None and gyr is not None:
            self._gyr[self.n : self.n + k] = gyr
        self.n += k

    def drop_before(self, index: int) -> None:
        k = min(max(0, index - self.start), self.n)
        if k:
            m = self.n - k
            self._acc[:m] = self._acc[k : self.n]  # numpy copies safely when the ranges overlap
            if self._gyr is not None:
                self._gyr[:m] = self._gyr[k : self.n]
            self.n = m
            self.start += k


def _grown(a: np.ndarray, n: int, cap: int) -> np.ndarray:
    out = np.empty((cap, a.shape[1]))
    out[:n] = a[:n]
    return out


def _never_back(progress: Callable[[float], None] | None) -> Callable[[float], None] | None:
    """Progress that never goes backwards (read-ahead, and a CSV's length learnt at its end)."""
    if progress is None:
        return None
    best = [0.0]

    def report(f: float) -> None:
        best[0] = max(best[0], min(1.0, f))
        progress(best[0])

    return report


def _window_progress(
    progress: Callable[[float], None] | None, lo: int, hi: int, n: int | None, done: list[int]
) -> Callable[[float], None] | None:
    """The pipeline's progress inside one window, as a never-decreasing fraction of the recording."""
    if progress is None or not n:
        return None

    def report(f: float) -> None:
        progress(min(1.0, max(done[0], lo + f * (hi - lo)) / n))

    return report


def _split_contacts(contacts: list[float], bouts: list[dict[str, Any]]) -> list[list[float]]:
    """``initial_contacts_s`` is the bouts' contacts one after the other: give each bout its own."""
    out, k = [], 0
    for b in bouts:
        out.append(contacts[k : k + b["n_steps"]])
        k += b["n_steps"]
    return out


def _window_alignment(
    res: GaitResult, start_s: float, cut_s: float, n_bouts: int, lean_in: LeanInputs, mounting: int | None
) -> dict[str, Any]:
    a = res.alignment
    return {
        "start_s": round(start_s, 3),
        "end_s": round(cut_s, 3),
        "n_bouts": n_bouts,
        "up_sensor": a.get("up_sensor"),
        "forward_sensor": a.get("forward_sensor"),
        "quality": a.get("quality"),
        "mounting": mounting,
        "_lean": (lean_in.forward, lean_in.hint, lean_in.had_standing),  # not the still seconds: small
        "_alignment": a,
        "_lean_quality": res.summary.get("trunk_flexion_quality") or [],
        "_summary": res.summary,
        "_notes": res.notes,
    }


@dataclass
class _Mounting:
    """One mounting of the sensor: the sums its lean reference is made of."""

    up_sum: np.ndarray  # "up" at its walking contacts
    forward_sum: np.ndarray  # its windows' walking directions x their contacts, signs made to agree
    postures: StandingPostures  # its still seconds


class _Mountings:
    """Windows grouped into mountings (the sensor not put on again: walking "up" within
    ``UPRIGHT_WITHIN_DEG`` of the mounting's mean), each with the still seconds of its windows.
    ``add_window(before, during, after, up_sum=, forward=, n_contacts=)`` -> the window's mounting (None
    without walking). Still seconds between the last walk of one window and the first walk of the next
    wait for that next walking window: they go to its mounting and, when it starts a new one (the
    sensor was put on again somewhere in between), to the previous mounting as well; the upright test
    against each mounting's walking "up" decides where they count. ``finish()`` -> per mounting:
    walking "up", standing "up" (or None), standing seconds, walking direction (or None); ``postures_``,
    each mounting's still seconds (for ``kinematics.reclined_in_standing``)."""

    def __init__(self) -> None:
        self.mountings: list[_Mounting] = []
        self.waiting = StandingPostures()

    def add_window(
        self,
        before: StandingPostures,
        during: StandingPostures,
        after: StandingPostures,
        *,
        up_sum: np.ndarray,
        forward: np.ndarray | None,
        n_contacts: int,
    ) -> int | None:
        """The window's still seconds before its first kept bout, between its first and last, and
        after its last (all of them ``before`` when it has no walking)."""
        self.waiting.merge(before)
        if not np.any(up_sum):
            self.waiting.merge(during).merge(after)
            return None
        if not self.mountings or angle_deg(up_sum, self.mountings[-1].up_sum) > UPRIGHT_WITHIN_DEG:
            if self.mountings:
                self.mountings[-1].postures.merge(self.waiting)  # the still seconds between the two
            self.mountings.append(_Mounting(np.zeros(3), np.zeros(3), StandingPostures()))
        m = self.mountings[-1]
        m.up_sum += up_sum
        m.postures.merge(self.waiting).merge(during)
        self.waiting = after
        if forward is not None:  # a window's sign is a vote: the mounting's majority wins
            m.forward_sum += n_contacts * forward * (-1.0 if np.dot(forward, m.forward_sum) < 0 else 1.0)
        return len(self.mountings) - 1

    def finish(self) -> list[tuple[np.ndarray, np.ndarray | None, int, np.ndarray | None]]:
        if self.mountings:
            self.mountings[-1].postures.merge(self.waiting)
        out = []
        self.postures_ = [m.postures for m in self.mountings]
        for m in self.mountings:
            walk_up = m.up_sum / np.linalg.norm(m.up_sum)
            stand_up, n = m.postures.upright(walk_up, within_deg=UPRIGHT_WITHIN_DEG)
            f = m.forward_sum - np.dot(m.forward_sum, walk_up) * walk_up
            forward = f / np.linalg.norm(f) if np.linalg.norm(f) > 0 else None
            out.append((walk_up, stand_up, n, forward))
        return out


def _lean_against_mounting(
    bouts: list[dict[str, Any]],
    leans: list[tuple[np.ndarray, int]],
    windows: list[dict[str, Any]],
    mountings: list[tuple[np.ndarray, np.ndarray | None, int, np.ndarray | None]],
    postures: list[StandingPostures],
) -> list[dict[str, Any]]:
    """Every bout's trunk lean again, against the standing and walking direction of its mounting (the
    rules of :func:`pipeline.analyze_gait`); returns the mountings for ``alignment``."""
    reclined: dict[int, bool] = {}  # per mounting: kinematics.reclined_in_standing
    for b, (g, w) in zip(bouts, leans, strict=True):
        window = windows[w]
        stand_up, (forward, hint, had_standing) = None, window["_lean"]
        if window["mounting"] is not None:
            _, stand_up, _, forward = mountings[window["mounting"]]
        body_up, body_fwd, flags = lean_axes(stand_up, forward, hint)
        if "relative_to_standing" in flags and not had_standing:
            flags.append("standing_elsewhere_in_recording")
        if "relative_to_standing" in flags and UNCERTAIN_FORWARD in (window.get("quality") or ()):
            flags.append(UNCERTAIN_FORWARD)  # as in a one-window result: its walking direction is unsure
        elif "relative_to_standing" in flags and body_up is not None and body_fwd is not None:
            walk_up = mountings[window["mounting"]][0]
            if bent_forward_of_walk(walk_up, body_up, body_fwd):  # maybe sitting or bending
                flags.append(STANDING_MAYBE_BENT)
        lean = None if body_up is None or body_fwd is None else forward_lean_deg(g, body_up, body_fwd)
        if lean is not None and lean > C.FORWARD_TRUNK_LEAN_DEG and flags == ["relative_to_standing"]:
            k = window["mounting"]
            if k not in reclined and body_fwd is not None:
                reclined[k] = reclined_in_standing(
                    postures[k], mountings[k][0], body_fwd, within_deg=UPRIGHT_WITHIN_DEG
                )
            if reclined.get(k):  # read past the bar against a seat reclined back as well as standing
                flags.append(STANDING_MAYBE_RECLINED)
        b["trunk_flexion_mean_deg"] = None if lean is None else round(lean, 2)
        b["quality"]["trunk_flexion_mean_deg"] = flags
    out = []
    for k, (walk_up, stand_up, n, forward) in enumerate(mountings):
        mine = [w for w in windows if w["mounting"] == k]
        out.append(
            {
                "start_s": mine[0]["start_s"],
                "end_s": mine[-1]["end_s"],
                "walking_up_sensor": _rounded(walk_up),
                "standing_up_sensor": _rounded(stand_up),
                "forward_sensor": _rounded(forward),
                "standing_s": n,
            }
        )
    return out


def _rounded(v: np.ndarray | None) -> list[float] | None:
    return None if v is None else [round(float(x), 4) for x in v]


def _joined_posture(
    merging: dict[str, Any], b: dict[str, Any], ic: list[float], g: np.ndarray, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean gravity direction and sum of "up" at the contacts of a bout joined at a cut: the two parts'
    (each as seen by its window), weighted by the part of the bout each contributes."""
    cut = merging["cut_s"]
    a_ic = merging["ic"]
    na = sum(t < cut for t in a_ic)
    nb = sum(t >= cut for t in ic)
    g_out = (na * merging["g"] + nb * g) / max(1, na + nb)
    u_out = merging["u"] * na / max(1, len(a_ic)) + u * nb / max(1, len(ic))
    return g_out, u_out


def _join(merging: dict[str, Any], b: dict[str, Any], ic: list[float]) -> tuple[dict[str, Any], list[float]]:
    """One bout from its part before the cut (earlier window) and after it (this window): strides and
    contacts put together at the cut, figures recomputed from the strides; others stride-weighted."""
    a, a_ic, cut = merging["bout"], merging["ic"], merging["cut_s"]
    strides = [s for s in a["strides"] if s["start_s"] < cut] + [
        s for s in b["strides"] if s["start_s"] >= cut
    ]
    contacts = [t for t in a_ic if t < cut] + [t for t in ic if t >= cut]
    if not strides:
        return b, ic

    # each contact keeps the side (and confidence) its own window gave it, like its stride
    def per_contact(key: str) -> list[Any]:
        return [x for t, x in zip(a_ic, a[key], strict=True) if t < cut] + [
            x for t, x in zip(ic, b[key], strict=True) if t >= cut
        ]

    dur = np.array([s["end_s"] - s["start_s"] for s in strides])
    length = np.array([s["length_m"] for s in strides], dtype=float)
    speed = np.array([s["speed_mps"] for s in strides], dtype=float)
    na, nb = len(a["strides"]), len(b["strides"])

    def wmean(x: Any, y: Any) -> Any:
        if x is None or y is None:
            return x if y is None else y
        return round((x * na + y * nb) / max(1, na + nb), 3)

    start, end = contacts[0], contacts[-1]
    out = dict(b)
    out.update(
        start_s=round(start, 3),
        end_s=round(end, 3),
        duration_s=round(end - start, 3),
        n_steps=len(contacts),
        n_strides=len(strides),
        contact_sides=per_contact("contact_sides"),
        contact_side_confidence=per_contact("contact_side_confidence"),
        cadence_spm=round(float(np.mean(120.0 / dur)), 2),
        stride_length_m=round(float(np.nanmean(length)), 3),
        walking_speed_mps=round(float(np.nanmean(speed)), 3),
        distance_m=round(float(np.nanmean(speed)) * (end - start), 2),
        step_time_asymmetry_pct=wmean(a["step_time_asymmetry_pct"], b["step_time_asymmetry_pct"]),
        pelvis={k: wmean(a["pelvis"].get(k), b["pelvis"].get(k)) for k in b["pelvis"]},
        trunk_flexion_mean_deg=wmean(a["trunk_flexion_mean_deg"], b["trunk_flexion_mean_deg"]),
        impact_peak_g=wmean(a["impact_peak_g"], b["impact_peak_g"]),
        strides=strides,
    )
    quality = {k: list(dict.fromkeys([*a["quality"].get(k, []), *v])) for k, v in b["quality"].items()}
    quality["bout"] = ["merged_across_window_edge"]
    out["quality"] = quality
    return out, contacts


__all__ = ["LongRecordingAnalyzer", "analyze_long_recording"]
