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
  without a 3 s pause) is joined from two windows: its strides are put together at the cut and its
  figures recomputed from them; it is flagged ``merged_across_window_edge``.
* A recording no longer than one window (plus the pad) is one window: exactly ``analyze_gait``.

What is per window and not per recording: the walking direction and the sensor's "up" while walking and
standing (``alignment``), which the side of each step, the pelvis ranges and the trunk lean use. For a
week this is what one wants: the sensor is taken off and put back, a phone moves between pockets. The
per-window directions are listed in ``alignment["windows"]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from backstride.gait import pipeline
from backstride.gait.factors import NOT_A_DIAGNOSIS, gait_factors, walking_tolerance
from backstride.gait.pipeline import NO_WALKING_NOTE, summarize_bouts
from backstride.gait.readers.stream import RecordingStream
from backstride.gait.result import GaitResult

WINDOW_S = 3600.0  # one hour: ~50 MB while analysed at 100 Hz
PAD_S = 60.0  # context on each side: twice the contact search's own 30 s
MAX_WINDOW_S = 4 * 3600.0  # a bout longer than this (continuous walking) is joined from two windows


class LongRecordingAnalyzer:
    """``analyze(stream, symptom_at_s=, stop_at_s=, progress=)`` -> ``result_`` (a GaitResult),
    ``windows_`` (analysed spans in seconds), ``max_window_samples_`` (largest span held at once)."""

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
        self.height_cm = height_cm
        self.sensor_height_m = sensor_height_m

    def analyze(
        self,
        stream: RecordingStream,
        *,
        symptom_at_s: float | None = None,
        stop_at_s: float | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> LongRecordingAnalyzer:
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
            res = pipeline.analyze_gait(
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
            pending = None
            n_before = len(kept)
            for b, ic in zip(bouts, ics, strict=True):
                if merging is not None and b["start_s"] < merging["cut_s"] <= b["end_s"]:
                    b, ic = _join(merging, b, ic)  # the continuation of a bout split at the last cut
                    merging = None
                elif b["start_s"] <= last_end or b["start_s"] < lo_s:
                    continue
                if b["end_s"] >= cut_s and not last:
                    pending = (b, ic)
                    break
                kept.append(b)
                kept_ic.append(ic)
            windows.append(_window_alignment(res, rec.start_s, cut_s, len(kept) - n_before))
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
            if p_start > emit_from:
                emit_from, target = p_start, win  # analyse the open bout whole in the next window
            elif target + win <= max_win:
                target += win  # the bout is longer than the window: grow it
            else:  # walking for longer than max_window_s: join it at the cut
                merging = {"bout": pending[0], "ic": pending[1], "cut_s": cut_s}
                emit_from, target = cut, win
        if merging is not None:  # the recording ended inside a joined bout (cannot happen: exhausted)
            kept.append(merging["bout"])
            kept_ic.append(merging["ic"])
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
            raise ValueError("the recording has no samples")
        fs = float(stream.sampling_rate_hz)
        n = int(stream.n_samples or 0)
        if len(windows) == 1:  # one window: the whole-file result as it is
            return first
        lean_quality = list(dict.fromkeys(q for w in windows for q in w.pop("_lean_quality")))
        summary = summarize_bouts(bouts, lean_quality)
        height_m = first.parameters["height_cm"] / 100.0
        default = bool(first.parameters["height_is_default"])
        factors = gait_factors(summary, height_m=height_m, height_is_default=default)
        main = max(windows, key=lambda w: w["n_bouts"])
        for key, value in main["_summary"].items():  # the pipeline adds more than summarize_bouts: per window
            summary.setdefault(key, value)
        alignment = dict(main.pop("_alignment"))
        for w in windows:
            w.pop("_alignment", None)
            w.pop("_summary", None)
        alignment["windows"] = windows
        alignment["per"] = (
            "window: estimated in each window; the fields above are the window with most walking"
        )
        parameters = dict(first.parameters)
        parameters["long_recording"] = {
            "window_s": self.window_s,
            "pad_s": self.pad_s,
            "max_window_s": self.max_window_s,
            "n_windows": len(windows),
            "orientation": "estimated per window",
        }
        window_notes = [x for w in windows for x in w.pop("_notes")]
        notes = [x for x in dict.fromkeys([*stream.notes, *window_notes]) if x != NO_WALKING_NOTE]
        if n and not bouts:
            notes.append(NO_WALKING_NOTE)
        return GaitResult(
            sampling_rate_hz=fs,
            duration_s=round(n / fs, 3),
            walking_bouts=bouts,
            initial_contacts_s=[x for ic in ics for x in ic],
            gait_factors=factors,
            walking_tolerance=walking_tolerance(bouts, symptom_at_s=symptom_at_s, stop_at_s=stop_at_s),
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


def _window_alignment(res: GaitResult, start_s: float, cut_s: float, n_bouts: int) -> dict[str, Any]:
    a = res.alignment
    return {
        "start_s": round(start_s, 3),
        "end_s": round(cut_s, 3),
        "n_bouts": n_bouts,
        "up_sensor": a.get("up_sensor"),
        "forward_sensor": a.get("forward_sensor"),
        "quality": a.get("quality"),
        "_alignment": a,
        "_lean_quality": res.summary.get("trunk_flexion_quality") or [],
        "_summary": res.summary,
        "_notes": res.notes,
    }


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
