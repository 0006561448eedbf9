"""``analyze_gait``: a :class:`Recording` in any orientation -> a :class:`GaitResult`.

Steps (each a small algorithm object; see the module named in brackets):

1. gravity per sample, vertical acceleration [orientation.GravityEstimator]
2. initial contacts from the vertical acceleration [events.InitialContactDetector]
3. step length for every candidate step, inverted pendulum [spatial.StepLengthEstimator]
4. strides and walking bouts, Mobilise-D convention [bouts.WalkingBoutAssembler]
5. walking direction from the step-averaged horizontal acceleration [orientation.ForwardEstimator]
6. left/right per stretch of steady alternation [sides.SideLabeller], pelvis ranges, trunk lean,
   impact [kinematics]
7. per-bout metrics with quality flags, summary, gait factors and walking tolerance [factors]

Everything is vectorised with numpy (no scipy: it is slow to import); Python loops run over
bouts, never over samples.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from backstride.core.errors import FieldError, RecordingError, TimePointError
from backstride.core.units import checked_height
from backstride.gait import constants as C
from backstride.gait.bouts import WalkingBoutAssembler
from backstride.gait.events import InitialContactDetector
from backstride.gait.factors import (
    NOT_A_DIAGNOSIS,
    STANDING_MAYBE_BENT,
    STANDING_MAYBE_RECLINED,
    UNCERTAIN_FORWARD,
    gait_factors,
    placed,
    placement_warning,
    unlike_a_pelvis_deg,
    walking_tolerance,
    without_distances,
)
from backstride.gait.kinematics import (
    PelvisRangeEstimator,
    StandingPostures,
    bent_forward_of_walk,
    forward_lean_deg,
    impact_peaks_g,
    lean_axes,
    reclined_in_standing,
)
from backstride.gait.orientation import (
    KNOWN_AXES,
    DynamicAcceleration,
    ForwardEstimator,
    GravityEstimator,
    angle_deg,
)
from backstride.gait.readers._common import MIN_SAMPLING_RATE_HZ as READERS_MIN_RATE_HZ
from backstride.gait.recording import NO_GYROSCOPE_NOTE, Recording
from backstride.gait.result import ALGORITHM_VERSION, GaitResult
from backstride.gait.sides import SideLabeller
from backstride.gait.spatial import StepLengthEstimator, heading_change_deg, turning_factor
from backstride.gait.time_points import STOP_AT, SYMPTOM_AT, stated_length_s

# the readers' floor (a file below it is refused): a Recording made in Python at 12 Hz was analysed here
MIN_SAMPLING_RATE_HZ = READERS_MIN_RATE_HZ
LOW_SAMPLING_RATE_HZ = 50.0  # impacts (~5 ms transients [D9]) are blurred below this (whole Hz)
SLOW_CADENCE_SPM = 70.0  # inverted-pendulum length model is least reliable at very slow walking
STANDING_STD_MPS2 = 0.15  # design: quiet standing = small acceleration spread over 1 s
IRREGULAR_STRIDE_CV = 0.2  # design: stride times varying more than this (CV) = not steady walking
TURNING_STRIDE_DEG = 15.0  # design: a stride that changes heading more than this is a turn
CHUNK_S = 1800.0  # long recordings are searched for contacts in 30-minute chunks (bounded memory)
CHUNK_PAD_S = 30.0  # overlap on each side, far longer than any step or filter transient
NO_WALKING_NOTE = "No walking was found in this recording."
# without a gyroscope turning strides keep the pendulum length (docs/gait.md; flag turns_not_corrected)
TURNS_NOT_CORRECTED_NOTE = (
    "No gyroscope: turns cannot be measured, so stride length, speed and distance "
    "can read too long where you turned."
)
UPRIGHT_WITHIN_DEG = 20.0  # design: standing = still and within this of the walking posture (not sitting)


def one_gyroscope_note(notes: list[str]) -> list[str]:
    """``notes`` with one note on a missing gyroscope, not two: the reader's general one
    (``NO_GYROSCOPE_NOTE``) is left out when the walk's own (``TURNS_NOT_CORRECTED_NOTE``: what it
    changes, for a person) is there. Without walking the reader's note stays, alone."""
    if TURNS_NOT_CORRECTED_NOTE not in notes:
        return notes
    return [x for x in notes if x != NO_GYROSCOPE_NOTE]


def _r(x: float | None, nd: int = 3) -> float | None:
    if x is None or not np.isfinite(x):
        return None
    return round(float(x), nd)


class SparseSignal:
    """Values of a signal at some sample indices only; ``obj[idx]`` for indices that were stored."""

    def __init__(self, keys: np.ndarray, values: np.ndarray, n: int) -> None:
        order = np.argsort(keys, kind="stable")
        k, first = np.unique(keys[order], return_index=True)
        self.keys, self.values, self.shape = k, values[order][first], (n,)

    def __getitem__(self, idx: np.ndarray) -> np.ndarray:
        pos = np.clip(np.searchsorted(self.keys, idx), 0, max(0, self.keys.size - 1))
        return self.values[pos] if self.keys.size else np.zeros(np.shape(idx))


def _contacts_and_steps(
    acc: np.ndarray,
    grav: GravityEstimator,
    fs: float,
    pendulum_m: float,
    *,
    chunk_s: float,
    tick: Callable[[float], None],
    gyr: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, SparseSignal]:
    """Contacts, the length of the step after each (to the next contact), and the band-passed vertical
    acceleration around each contact, found in chunks of ``chunk_s`` with ``CHUNK_PAD_S`` of overlap
    on each side (contacts are kept from the chunk's own core; steps are trusted only when the chunk
    saw the same next contact as the whole list). With a gyroscope (``gyr``, deg/s), the yaw rate
    about the gravity direction lets the detector veto rhythm-recovered steps and take a missing step
    from the pelvic yaw (events module)."""
    n = acc.shape[0]
    chunk = max(1, int(round(chunk_s * fs)))
    pad = int(round(CHUNK_PAD_S * fs))
    half = int(round(ForwardEstimator().half_window_s * fs))
    offsets = np.arange(-half, half + 1)
    ics, steps, nexts, keys, vals = [], [], [], [], []
    starts = list(range(0, n, chunk)) or [0]
    for k, a in enumerate(starts):
        lo, hi = max(0, a - pad), min(n, a + chunk + pad)
        yaw, b, k0 = None, grav.block_, lo // grav.block_
        if gyr is not None:  # yaw rate about gravity, per whole gravity block (the detector needs < 2 Hz)
            g = np.asarray(gyr[k0 * b : hi], dtype=np.float64)
            full = g.shape[0] // b
            yaw = np.einsum("mbj,mj->m", g[: full * b].reshape(-1, b, 3), grav.up_blocks_[k0 : k0 + full]) / b
        icd = InitialContactDetector().detect(
            grav.vertical_between(acc, lo, hi),
            sampling_rate_hz=fs,
            yaw_block_dps=yaw,
            yaw_block=b,
            yaw_block_start=k0 * b - lo,
        )
        loc = icd.ic_idx_
        sle = StepLengthEstimator(band_hz=None).estimate(
            icd.filtered_twice_mps2_, loc, sampling_rate_hz=fs, pendulum_length_m=pendulum_m
        )
        core = (loc + lo >= a) & (loc + lo < min(n, a + chunk))
        ics.append(loc[core] + lo)
        steps.append(np.append(sle.step_length_m_, np.nan)[core])
        nexts.append(np.append(loc[1:] + lo, -1)[core])
        w = np.clip(loc[core][:, None] + offsets[None, :], 0, max(0, hi - lo - 1))
        keys.append((w + lo).ravel())
        vals.append(icd.filtered_mps2_[w].ravel() if hi > lo else np.zeros(w.size))
        tick((k + 1) / len(starts))
    ic = np.concatenate(ics).astype(np.int64)
    step_all = np.concatenate(steps)
    nxt = np.concatenate(nexts)
    step_len = np.where(nxt[:-1] == ic[1:], step_all[:-1], np.nan) if ic.size >= 2 else np.empty(0)
    return ic, step_len, SparseSignal(np.concatenate(keys), np.concatenate(vals), n)


def _gap_mask(recording: Recording) -> np.ndarray | None:
    gaps = getattr(recording, "gaps_s", ()) or ()
    if not gaps:
        return None
    n, fs = recording.n_samples, recording.sampling_rate_hz
    mask = np.zeros(n, dtype=bool)
    for a, b in gaps:
        i0 = max(0, int(np.floor((a - recording.start_s) * fs)))
        i1 = min(n, int(np.ceil((b - recording.start_s) * fs)) + 1)
        if i1 > i0:
            mask[i0:i1] = True
    return mask


def _still_seconds(acc: np.ndarray, grav: GravityEstimator, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """First sample and gravity direction of every still second (1 s windows from sample 0 whose
    acceleration magnitude varies less than ``STANDING_STD_MPS2``): standing, sitting or lying. The
    direction is the second's own mean acceleration (still, it is gravity), not the 2 s moving average
    of ``grav``, which reaches into the seconds around it: the first still second after a posture
    change read half-way between the two (a stretch tipped 30 deg back before a walk gave a still
    second 17 deg back of its standing, which moved the lean of Mobilise-D HA/002 Test5 by 9 deg)."""
    w = int(round(fs))
    m = acc.shape[0] // w
    still = np.zeros(m, dtype=bool)
    means = []
    step = 3600  # windows per piece: bounded memory on long recordings
    for k in range(0, m, step):
        piece = acc[k * w : min(m, k + step) * w]
        mag = np.sqrt(np.einsum("ij,ij->i", piece, piece)).reshape(-1, w)
        here = mag.std(axis=1) < STANDING_STD_MPS2
        still[k : k + mag.shape[0]] = here
        means.append(piece.reshape(-1, w, 3)[here].mean(axis=1))
    idx = np.flatnonzero(still) * w
    up = np.concatenate(means) if means else np.empty((0, 3))
    norm = np.linalg.norm(up, axis=1, keepdims=True)
    return idx, up / np.where(norm > 1e-9, norm, 1.0)


@dataclass(frozen=True)
class LeanInputs:
    """What the trunk lean of a recording's bouts is made of, so that the windows of a long recording
    (gait.long_recording) can share one standing reference: every still second (first sample, gravity
    direction), per bout the mean gravity direction (sum of unit vectors / blocks, as the lean uses it)
    and the sum of "up" at its contacts (the walking "up" is their mean), the walking direction, the
    axis hint, and whether this recording had upright standing of its own."""

    still_idx: np.ndarray
    still_up: np.ndarray
    bout_gravity_up: np.ndarray
    bout_up_sum: np.ndarray
    forward: np.ndarray | None
    hint: dict[str, np.ndarray] | None
    had_standing: bool


def analyze_gait(
    recording: Recording,
    *,
    height_cm: float | None = None,
    symptom_at_s: float | None = None,
    stop_at_s: float | None = None,
    progress: Callable[[float], None] | None = None,
    sensor_height_m: float | None = None,
    chunk_s: float = CHUNK_S,
) -> GaitResult:
    """Walking bouts, strides, spatio-temporal and pelvic metrics, gait factors and walking tolerance.

    ``height_cm`` scales stride length (default 170 cm, flagged); ``sensor_height_m`` (optional) is the
    height of the sensor above the floor and refines it. ``symptom_at_s`` / ``stop_at_s`` are seconds
    from the start of the recording. ``progress(fraction)`` is called as the work advances.
    Recordings longer than ``chunk_s`` are filtered and searched for contacts chunk by chunk.

    Values no walk can have are refused before any work, as the command line refuses them (an
    :class:`~backstride.core.errors.InputError`: ``FieldError`` for a height, ``TimePointError`` for a
    time): a height outside 50-250 cm (1.72 is metres: it found no walking at all), a sensor height
    outside 0.2-2.0 m, a time that is not a number of seconds or lies outside the recording, a stop
    before the first symptom.
    """
    if not isinstance(recording, Recording):  # a path: 'str' object has no attribute 'start_s'
        raise TypeError(
            f"analyze_gait takes a Recording, got {type(recording).__name__}: read the file first, "
            "analyze_gait(read_recording(path))"
        )
    height_cm, sensor_height_m = checked_height(height_cm), checked_sensor_height(sensor_height_m)
    symptom_at_s, stop_at_s = checked_times(recording.start_s, recording.duration_s, symptom_at_s, stop_at_s)
    return analyze_gait_with_lean_inputs(
        recording,
        height_cm=height_cm,
        symptom_at_s=symptom_at_s,
        stop_at_s=stop_at_s,
        progress=progress,
        sensor_height_m=sensor_height_m,
        chunk_s=chunk_s,
    )[0]


SENSOR_HEIGHT_RANGE_M = (0.2, 2.0)  # a sensor worn on the body, above the floor
_API_TIME_NAMES = {SYMPTOM_AT: "symptom_at_s", STOP_AT: "stop_at_s"}


def checked_sensor_height(sensor_height_m: Any) -> float | None:
    """A sensor's height above the floor in metres (or None), else a ``FieldError`` naming it."""
    if sensor_height_m is None:
        return None
    said = FieldError.literal(repr(sensor_height_m))
    if isinstance(sensor_height_m, bool) or not isinstance(sensor_height_m, numbers.Real):
        raise FieldError(f"{{sensor_height_m}} must be a number of metres, got {said}")
    low, high = SENSOR_HEIGHT_RANGE_M
    metres = float(sensor_height_m)
    if not low <= metres <= high:
        cm = f" ({metres:g} cm is {metres / 100:g} m)" if 20 <= metres <= 200 else ""
        raise FieldError(f"{{sensor_height_m}} must be from {low:g} to {high:g} m, got {said}{cm}")
    return metres


def checked_times(
    start_s: float, duration_s: float | None, symptom_at_s: Any, stop_at_s: Any
) -> tuple[float | None, float | None]:
    """The two times as seconds on the recording's time axis (it starts at ``start_s`` and lasts
    ``duration_s``; None: not known yet, a long CSV), else a ``TimePointError`` naming the argument
    (``symptom_at_s``, ``stop_at_s``): the command line's checks, for the Python API."""
    start = float(start_s)
    end = math.inf if duration_s is None else start + stated_length_s(duration_s)
    read: list[float | None] = []
    for value, key in ((symptom_at_s, SYMPTOM_AT), (stop_at_s, STOP_AT)):
        said = TimePointError.literal(repr(value))
        if value is None:
            read.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise TimePointError(
                f"{{{key}}} must be a number of seconds from the start, got {said}", _API_TIME_NAMES
            )
        if not start - 1e-9 <= float(value) <= end + 1e-6:
            raise TimePointError(
                f"{{{key}}} {said} is outside the recording, which "
                + (f"starts at {start:g} s" if duration_s is None else f"runs from {start:g} to {end:g} s"),
                _API_TIME_NAMES,
            )
        read.append(float(value) if duration_s is None else min(float(value), start + duration_s))
    if read[0] is not None and read[1] is not None and read[1] < read[0]:
        raise TimePointError(
            f"{{{STOP_AT}}} {read[1]:g} comes before {{{SYMPTOM_AT}}} {read[0]:g}; "
            "the stop comes at or after the first symptom",
            _API_TIME_NAMES,
        )
    return read[0], read[1]


def analyze_gait_with_lean_inputs(
    recording: Recording,
    *,
    height_cm: float | None = None,
    symptom_at_s: float | None = None,
    stop_at_s: float | None = None,
    progress: Callable[[float], None] | None = None,
    sensor_height_m: float | None = None,
    chunk_s: float = CHUNK_S,
) -> tuple[GaitResult, LeanInputs]:
    """:func:`analyze_gait` and what its trunk lean is made of (:class:`LeanInputs`), for long
    recordings analysed window by window."""

    def tick(f: float) -> None:
        if progress is not None:
            progress(min(1.0, max(0.0, f)))

    fs = float(recording.sampling_rate_hz)
    acc = np.asarray(recording.acc_mps2, dtype=np.float64)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise RecordingError(f"accelerometer data must have 3 columns (x, y, z); got shape {acc.shape}")
    if not np.isfinite(fs) or fs < MIN_SAMPLING_RATE_HZ:
        raise RecordingError(
            f"the sampling rate is {fs:.3g} Hz; gait analysis needs at least {MIN_SAMPLING_RATE_HZ:g} Hz "
            "(set the app or sensor to 50-100 Hz)"
        )
    bad_rows = None
    if not np.isfinite(acc).all():
        # missing samples: hold the typical value (no fake impacts) and treat them like a gap
        bad_rows = np.asarray(~np.isfinite(acc).all(axis=1), dtype=bool)
        fill = np.nanmedian(np.where(np.isfinite(acc), acc, np.nan), axis=0) if (~bad_rows).any() else 0.0
        acc = np.where(np.isfinite(acc), acc, np.nan_to_num(fill, nan=0.0))
    gyr = recording.gyr_dps
    if gyr is not None and not np.isfinite(gyr).all():
        gyr = np.nan_to_num(np.asarray(gyr, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    notes: list[str] = list(recording.notes)
    height_is_default = height_cm is None
    height_m = (C.DEFAULT_HEIGHT_CM if height_cm is None else float(height_cm)) / 100.0
    if height_is_default:
        notes.append(f"No body height given: {C.DEFAULT_HEIGHT_CM:.0f} cm assumed for stride length.")
    pendulum_m = float(sensor_height_m) if sensor_height_m else C.LEG_LENGTH_PER_HEIGHT * height_m
    n = acc.shape[0]
    tick(0.0)

    # 1. gravity (per 0.1 s block; small even for long recordings)
    grav = GravityEstimator().estimate(acc, sampling_rate_hz=fs, keep_vertical=False)
    tick(0.1)
    # 2.-3. contacts and step lengths, chunk by chunk (bounded memory for long recordings)
    invalid = _gap_mask(recording)
    if bad_rows is not None:
        invalid = bad_rows if invalid is None else np.logical_or(invalid, bad_rows)
    ic, step_len, vertical_band = _contacts_and_steps(
        acc, grav, fs, pendulum_m, chunk_s=chunk_s, tick=lambda f: tick(0.1 + 0.4 * f), gyr=gyr
    )
    if invalid is not None and ic.size:
        keep = ~invalid[ic]
        # contacts in a gap go; the step after a kept contact survives only if its next contact does
        step_ok = np.where(keep[:-1] & keep[1:], step_len, np.nan)
        ic, step_len = ic[keep], step_ok[keep[:-1]][: max(0, int(keep.sum()) - 1)]
    stride_len = step_len[:-1] + step_len[1:] if step_len.size >= 2 else np.empty(0)
    tick(0.5)
    # 4. strides and bouts
    wba = WalkingBoutAssembler().assemble(
        ic, sampling_rate_hz=fs, stride_length_m=stride_len, invalid_mask=invalid
    )
    tick(0.6)

    bout_ic: list[np.ndarray] = []
    bout_strides: list[np.ndarray] = []
    for a, b in wba.bouts_:
        s = wba.stride_start_[a:b]
        e = wba.stride_end_[a:b]
        bout_strides.append(s)
        bout_ic.append(np.arange(s.min(), e.max() + 1))
    walk_ic_pos = np.concatenate(bout_ic) if bout_ic else np.empty(0, dtype=np.int64)

    # 5. orientation: walking "up" and forward
    dyn = DynamicAcceleration(acc, grav)
    hint = KNOWN_AXES.get(recording.axes_hint or "")
    bout_up_sum = np.zeros((len(bout_ic), 3))
    if walk_ic_pos.size:
        walk_ups = grav.up_at(ic[walk_ic_pos])
        bout_up_sum = np.add.reduceat(walk_ups, np.cumsum([0] + [p.size for p in bout_ic[:-1]]), axis=0)
        walk_up = walk_ups.mean(axis=0)
        walk_up /= np.linalg.norm(walk_up)
    else:
        walk_up = grav.up_blocks_.mean(axis=0) if n else np.array([0.0, 0.0, 1.0])
        nrm = np.linalg.norm(walk_up)
        walk_up = walk_up / nrm if nrm > 0 else np.array([0.0, 0.0, 1.0])
    fwd = ForwardEstimator().estimate(
        dyn, ic[walk_ic_pos], up=walk_up, vertical_band_mps2=vertical_band, sampling_rate_hz=fs
    )
    alignment: dict[str, Any] = {
        "vertical": "mean gravity direction (2 s moving average of the accelerometer)",
        "forward": "principal horizontal direction of the step-averaged acceleration around contacts; "
        "sign from the inverted pendulum (forward acceleration moves with d(vertical acceleration)/dt)",
        "up_sensor": [round(float(v), 4) for v in walk_up],
        "forward_sensor": None if fwd.forward_ is None else [round(float(v), 4) for v in fwd.forward_],
        "right_sensor": None if fwd.right_ is None else [round(float(v), 4) for v in fwd.right_],
        **fwd.describe(),
        "axes_hint": recording.axes_hint,
        "agreement_deg": None,
        "quality": [],
    }
    if fwd.forward_ is None:
        alignment["quality"].append("too_little_walking")
    elif not fwd.confident_:
        alignment["quality"].append(UNCERTAIN_FORWARD)
    if hint is not None and fwd.forward_ is not None:
        alignment["agreement_deg"] = {
            "up": round(angle_deg(walk_up, hint["up"]), 1),
            # the hint's forward axis seen in the horizontal plane (sensors sit tilted on the back)
            "forward": round(
                angle_deg(fwd.forward_, hint["forward"] - np.dot(hint["forward"], walk_up) * walk_up), 1
            ),
        }
    tick(0.7)

    # 6. sides, pelvis, impact, trunk
    side_labels: list[tuple[list[str | None], np.ndarray, list[str]] | None] = [None] * len(bout_ic)
    sides = SideLabeller()
    if fwd.forward_ is not None and fwd.right_ is not None:
        sides.label(
            acc,
            [ic[p] for p in bout_ic],
            up=walk_up,
            forward=fwd.forward_,
            right=fwd.right_,
            gyr_dps=gyr,
            sampling_rate_hz=fs,
        )
        side_labels = list(
            zip(sides.sides_by_bout_, sides.confidence_by_bout_, sides.quality_by_bout_, strict=True)
        )
    impacts = impact_peaks_g(acc, ic, sampling_rate_hz=fs)
    basis = None
    if gyr is not None and fwd.forward_ is not None and fwd.right_ is not None:
        basis = np.stack([walk_up, fwd.forward_, fwd.right_], axis=1)  # columns: up, forward, right
    # Trunk lean needs the body's long axis: quiet upright standing in the same recording removes the
    # sensor's mounting tilt, so it is preferred; a known axis convention is the fallback.
    still_idx, still_up = _still_seconds(acc, grav, fs)
    postures = StandingPostures().add(still_up)
    stand_up, _ = postures.upright(walk_up, within_deg=UPRIGHT_WITHIN_DEG)
    body_up, body_fwd, lean_quality = lean_axes(stand_up, fwd.forward_, hint)
    if "relative_to_standing" in lean_quality and not fwd.confident_:
        # measured along the walking direction found here: unsure, so is forward or back (or sideways)
        lean_quality.append(UNCERTAIN_FORWARD)
    elif body_up is not None and body_fwd is not None and "relative_to_standing" in lean_quality:
        if bent_forward_of_walk(walk_up, body_up, body_fwd):  # maybe sitting or bending, not standing
            lean_quality.append(STANDING_MAYBE_BENT)
    tick(0.8)

    pelvis_by_bout: list[np.ndarray | None] = [None] * len(bout_ic)
    if gyr is not None and basis is not None:
        gyr64 = np.asarray(gyr, dtype=np.float64)
        pelvis_by_bout = []
        for g0 in range(0, len(bout_ic), 200):  # groups of bouts: bounded memory on long recordings
            pre = PelvisRangeEstimator().estimate_bouts(
                gyr64, [ic[p] for p in bout_ic[g0 : g0 + 200]], sampling_rate_hz=fs, basis=basis
            )
            # pelvis ranges describe straight walking: strides that turn are left out
            pelvis_by_bout.extend(
                rom[np.abs(turn) <= TURNING_STRIDE_DEG]
                for rom, turn in zip(pre.rom_deg_by_bout_, pre.turn_deg_by_bout_, strict=True)
            )
    # heading change of every stride (gyroscope about the gravity direction): turning strides are shortened
    turn_by_bout: list[np.ndarray | None] = [None] * len(bout_ic)
    if gyr is not None and bout_strides:
        all_s = np.concatenate(bout_strides)
        turn_all = heading_change_deg(
            np.asarray(gyr, dtype=np.float64),
            ic[all_s],
            ic[all_s + 2],
            grav.up_at(ic[all_s + 1]),  # the vertical at the stride's middle contact
            sampling_rate_hz=fs,
        )
        turn_by_bout = list(np.split(turn_all, np.cumsum([s.size for s in bout_strides])[:-1]))
    bout_gravity = np.zeros((len(bout_ic), 3))  # mean gravity direction over each bout
    if bout_ic:
        up_cumsum = np.concatenate([np.zeros((1, 3)), np.cumsum(grav.up_blocks_, axis=0)])
        b0 = np.array([ic[p[0]] for p in bout_ic]) // grav.block_
        b1 = np.array([ic[p[-1]] for p in bout_ic]) // grav.block_ + 1
        bout_gravity = (up_cumsum[b1] - up_cumsum[b0]) / (b1 - b0)[:, None]
    t = recording.start_s + ic / fs
    bouts_out: list[dict[str, Any]] = []
    for k, (pos, strides, pelvis_rom, bout_turn) in enumerate(
        zip(bout_ic, bout_strides, pelvis_by_bout, turn_by_bout, strict=True)
    ):
        bouts_out.append(
            _bout_dict(
                pos,
                strides,
                ic=ic,
                t=t,
                fs=fs,
                sides=side_labels[k],
                step_len=step_len,
                turn_deg=bout_turn,
                impacts=impacts,
                gravity_up=bout_gravity[k],
                pelvis_rom=pelvis_rom,
                body_up=body_up,
                body_fwd=body_fwd,
                lean_quality=lean_quality,
                height_is_default=height_is_default,
                # judged at the rate as shown (whole Hz): a phone asked for 50 Hz gives 49.7
                low_rate=round(fs) < LOW_SAMPLING_RATE_HZ,
            )
        )
        if k % 50 == 0:
            tick(0.8 + 0.15 * (k + 1) / max(1, len(bout_ic)))

    if (
        body_fwd is not None
        and lean_quality == ["relative_to_standing"]
        and any((bout["trunk_flexion_mean_deg"] or 0) > C.FORWARD_TRUNK_LEAN_DEG for bout in bouts_out)
        and reclined_in_standing(postures, walk_up, body_fwd, within_deg=UPRIGHT_WITHIN_DEG)
    ):  # a bout read leaned forward past the bar against a seat reclined back as well as standing
        for bout in bouts_out:
            if (bout["trunk_flexion_mean_deg"] or 0) > C.FORWARD_TRUNK_LEAN_DEG:
                bout["quality"]["trunk_flexion_mean_deg"].append(STANDING_MAYBE_RECLINED)
        lean_quality = [*lean_quality, STANDING_MAYBE_RECLINED]
    summary = summarize_bouts(bouts_out, lean_quality)
    summary["sides"] = sides.describe()
    where = recording.body_location
    said = getattr(recording, "body_location_said", False)  # the person's word, not the file's
    unlike = unlike_a_pelvis_deg(summary, where)  # a pocket or a hand, when the file does not say
    factors = gait_factors(
        summary,
        height_m=height_m,
        height_is_default=height_is_default,
        body_location=where,
        body_location_said=said,
    )
    tolerance = walking_tolerance(
        bouts_out,
        symptom_at_s=symptom_at_s,
        stop_at_s=stop_at_s,
        body_location=where,
        gaps_s=getattr(recording, "gaps_s", ()) or (),
        unlike_deg=unlike,
    )
    warning = placement_warning(where, unlike, said)
    if warning is not None:  # first, where a person looks
        notes.insert(0, warning)
    placed(alignment, where, unlike, said)
    without_distances(summary, bouts_out, alignment)  # as the warning says: not judged
    if n and not bouts_out:
        notes.append(NO_WALKING_NOTE)
    if gyr is None and bouts_out:
        notes = one_gyroscope_note([*notes, TURNS_NOT_CORRECTED_NOTE])
    parameters = {
        "algorithm_version": ALGORITHM_VERSION,
        "height_cm": round(height_m * 100, 1),
        "height_is_default": height_is_default,
        "pendulum_length_m": round(pendulum_m, 3),
        "pendulum_length_from": "sensor_height" if sensor_height_m else "0.53 x body height (Winter 2009)",
        "gravity_window_s": GravityEstimator().window_s,
        "initial_contacts": vars(InitialContactDetector()),
        "step_length": {
            **vars(StepLengthEstimator(band_hz=None)),
            "input": "vertical acceleration band-passed twice in the contact detector's band",
            "turning": "stride length x cos(heading change over the stride / 2), heading from the "
            "gyroscope about the gravity direction at the stride (design; none without a gyroscope)",
        },
        "walking_bouts": vars(WalkingBoutAssembler()),
        "forward_direction": vars(ForwardEstimator()),
        "sides": vars(SideLabeller()),
        "design": {
            "turning_stride_deg": TURNING_STRIDE_DEG,
            "irregular_stride_cv": IRREGULAR_STRIDE_CV,
            "slow_cadence_spm": SLOW_CADENCE_SPM,
            "standing_std_mps2": STANDING_STD_MPS2,
            "upright_within_deg": UPRIGHT_WITHIN_DEG,
            "low_sampling_rate_hz": LOW_SAMPLING_RATE_HZ,
        },
        "factor_thresholds": {
            "long_step_per_height": C.LONG_STEP_PER_HEIGHT,
            "high_impact_g": C.HIGH_IMPACT_G,
            "limited_pelvic_rotation_deg": C.LIMITED_PELVIC_ROTATION_DEG,
            "uneven_steps_pct": C.UNEVEN_STEPS_PCT,
            "forward_trunk_lean_deg": C.FORWARD_TRUNK_LEAN_DEG,
            "slow_speed_mps": C.SLOW_SPEED_MPS,
        },
    }
    tick(1.0)
    lean_inputs = LeanInputs(
        still_idx=still_idx,
        still_up=still_up,
        bout_gravity_up=bout_gravity,
        bout_up_sum=bout_up_sum,
        forward=fwd.forward_,
        hint=hint,
        had_standing=stand_up is not None,
    )
    result = GaitResult(
        sampling_rate_hz=fs,
        duration_s=round(n / fs, 3),
        walking_bouts=bouts_out,
        initial_contacts_s=[round(float(x), 3) for b in bouts_out for x in b.pop("_ic_s")],
        gait_factors=factors,
        walking_tolerance=tolerance,
        summary=summary,
        alignment=alignment,
        parameters=parameters,
        notes=notes,
        disclaimer=NOT_A_DIAGNOSIS,
    )
    return result, lean_inputs


def step_time_asymmetry_pct(left_s: np.ndarray, right_s: np.ndarray) -> float | None:
    """|median left - median right| over the mean of the two medians, in % (the symmetry index of
    Robinson et al. 1987 on medians); ``None`` with fewer than 2 step times a side. Over the median of
    all step times it read 33 % or 50 % for the same 0.75 s / 0.5 s steps, by which side had one more."""
    if left_s.size < 2 or right_s.size < 2:
        return None
    m_left, m_right = float(np.median(left_s)), float(np.median(right_s))
    return abs(m_left - m_right) / ((m_left + m_right) / 2.0) * 100.0


def _bout_dict(
    pos: np.ndarray,
    strides: np.ndarray,
    *,
    ic: np.ndarray,
    t: np.ndarray,
    fs: float,
    sides: tuple[list[str | None], np.ndarray, list[str]] | None,
    step_len: np.ndarray,
    turn_deg: np.ndarray | None,
    impacts: np.ndarray,
    gravity_up: np.ndarray,
    pelvis_rom: np.ndarray | None,
    body_up: np.ndarray | None,
    body_fwd: np.ndarray | None,
    lean_quality: list[str],
    height_is_default: bool,
    low_rate: bool,
) -> dict[str, Any]:
    ts = t[pos]
    s_start = t[strides]
    s_end = t[strides + 2]
    s_dur = s_end - s_start
    s_len = step_len[strides] + step_len[strides + 1]
    if turn_deg is not None:
        s_len = s_len * turning_factor(turn_deg)
    s_speed = s_len / s_dur
    quality: dict[str, list[str]] = {}

    # sides: per stretch of steady alternation (sides.SideLabeller), None where unclear
    bside: list[str | None] = [None] * pos.size
    side_conf = np.zeros(pos.size)
    if sides is not None:
        bside, side_conf, side_flags = sides
        if side_flags:
            quality["side"] = list(side_flags)
    else:
        quality["side"] = ["no_walking_direction"]
    side_of = dict(zip(pos.tolist(), bside, strict=True))

    cadence = float(np.mean(120.0 / s_dur))
    stride_length = float(np.mean(s_len))
    speed = float(np.mean(s_speed))
    duration = float(ts[-1] - ts[0])
    irregular = s_dur.size >= 3 and float(np.std(s_dur) / np.mean(s_dur)) > IRREGULAR_STRIDE_CV
    if len(strides) < 3:
        quality.setdefault("cadence_spm", []).append("too_short")
    if irregular:
        quality.setdefault("cadence_spm", []).append("too_noisy")
    sl_q = []
    if height_is_default:
        sl_q.append("default_height")
    if cadence < SLOW_CADENCE_SPM:
        sl_q.append("too_slow")
    if irregular:
        sl_q.append("too_noisy")
    if turn_deg is None:
        sl_q.append("turns_not_corrected")
    if sl_q:
        quality["stride_length_m"] = list(sl_q)
        quality["walking_speed_mps"] = list(sl_q)

    # step-time asymmetry (steps ending with a left vs a right contact), steady state only: the first
    # and last step of a bout (starting, stopping) are left out, medians resist a turn or a stumble;
    # a step counts only when both its contacts have sides and they differ (no missed contact inside)
    step_t = np.diff(ts)[1:-1]
    land = [b if a is not None and a != b else None for a, b in zip(bside[1:-2], bside[2:-1], strict=True)]
    asym = step_time_asymmetry_pct(step_t[[s == "left" for s in land]], step_t[[s == "right" for s in land]])
    quality["step_time_asymmetry_pct"] = ["sides_unknown" if asym is None else "exploratory"]

    pelvis: dict[str, float | None] = {
        "tilt_rom_deg": None,
        "obliquity_rom_deg": None,
        "rotation_rom_deg": None,
    }
    if pelvis_rom is not None and pelvis_rom.shape[0]:
        med = np.median(pelvis_rom, axis=0)
        pelvis = {
            "tilt_rom_deg": _r(float(med[2]), 2),
            "obliquity_rom_deg": _r(float(med[1]), 2),
            "rotation_rom_deg": _r(float(med[0]), 2),
        }
    elif pelvis_rom is None:
        quality["pelvis"] = ["no_gyroscope_or_direction"]
    else:
        quality["pelvis"] = ["only_turning_strides"]

    lean = None
    if body_up is not None and body_fwd is not None:
        lean = forward_lean_deg(gravity_up, body_up, body_fwd)
    quality["trunk_flexion_mean_deg"] = list(lean_quality)

    imp = float(np.median(impacts[pos])) if pos.size else None
    if low_rate:
        quality["impact_peak_g"] = ["low_sampling_rate"]

    stride_side = [side_of.get(i) for i in strides.tolist()]
    stride_list = [
        {"start_s": a, "end_s": b, "side": sd, "length_m": ln, "speed_mps": sp}
        for a, b, sd, ln, sp in zip(
            np.round(s_start, 3).tolist(),
            np.round(s_end, 3).tolist(),
            stride_side,
            np.round(s_len, 3).tolist(),
            np.round(s_speed, 3).tolist(),
            strict=True,
        )
    ]
    return {
        "start_s": _r(ts[0], 3),
        "end_s": _r(ts[-1], 3),
        "duration_s": _r(duration, 3),
        "n_steps": int(pos.size),
        "n_strides": int(strides.size),
        "cadence_spm": _r(cadence, 2),
        "stride_length_m": _r(stride_length, 3),
        "walking_speed_mps": _r(speed, 3),
        "distance_m": _r(speed * duration, 2),
        "step_time_asymmetry_pct": _r(asym, 2),
        "contact_sides": list(bside),
        "contact_side_confidence": np.round(side_conf, 3).tolist(),
        "pelvis": pelvis,
        "trunk_flexion_mean_deg": _r(lean, 2),
        "impact_peak_g": _r(imp, 3),
        "strides": stride_list,
        "quality": quality,
        "_ic_s": ts.tolist(),
    }


def _flags_of_all(flag_lists: Iterable[list[str]]) -> list[str]:
    """The quality flags every one of ``flag_lists`` has, in the first one's order (none when empty)."""
    lists = list(flag_lists)
    if not lists:
        return []
    return [q for q in lists[0] if all(q in other for other in lists[1:])]


def summarize_bouts(bouts: list[dict[str, Any]], lean_quality: list[str]) -> dict[str, Any]:
    """Stride-weighted means over bouts (medians for ranges).

    Trunk lean: where some bouts have it relative to quiet standing and others only against the
    sensor's own upright (a long recording whose mountings differ), only the first kind is averaged,
    with their flags: the two kinds of angle are not the same measure.
    """
    if not bouts:
        return {"n_bouts": 0, "total_walking_s": 0.0, "total_steps": 0, "pelvis": {}}
    lean_key = "trunk_flexion_mean_deg"
    with_lean = [b for b in bouts if b.get(lean_key) is not None]
    to_standing = [b for b in with_lean if "relative_to_standing" in b.get("quality", {}).get(lean_key, [])]
    if to_standing and len(to_standing) < len(with_lean):
        lean_bouts = to_standing
        lean_quality = list(dict.fromkeys(q for b in to_standing for q in b["quality"][lean_key]))
    else:
        lean_bouts = bouts

    def wmean(key: str, among: list[dict[str, Any]] = bouts) -> float | None:
        vals = [(b[key], b["n_strides"]) for b in among if b.get(key) is not None]
        if not vals:
            return None
        v, ww = np.array(vals).T
        return float(np.average(v, weights=ww))

    def med(getter: Callable[[dict[str, Any]], Any]) -> float | None:
        vals = [getter(b) for b in bouts if getter(b) is not None]
        return float(np.median(vals)) if vals else None

    def _flags_of(key: str) -> list[str]:  # a factor built on this mean carries them
        return _flags_of_all(b["quality"].get(key, []) for b in bouts if b.get(key) is not None)

    def pelvis_median(key: str) -> float | None:
        return med(lambda b: b["pelvis"].get(key))

    return {
        "n_bouts": len(bouts),
        "total_walking_s": _r(sum(b["duration_s"] for b in bouts), 2),
        "total_steps": int(sum(b["n_steps"] for b in bouts)),
        "total_distance_m": _r(sum(b["distance_m"] or 0.0 for b in bouts), 1),
        "cadence_spm": _r(wmean("cadence_spm"), 2),
        "stride_length_m": _r(wmean("stride_length_m"), 3),
        "walking_speed_mps": _r(wmean("walking_speed_mps"), 3),
        "step_time_asymmetry_pct": _r(wmean("step_time_asymmetry_pct"), 2),
        "pelvis": {
            k: _r(pelvis_median(k), 2) for k in ("tilt_rom_deg", "obliquity_rom_deg", "rotation_rom_deg")
        },
        "trunk_flexion_mean_deg": _r(wmean(lean_key, lean_bouts), 2),
        "trunk_flexion_quality": lean_quality,
        # the impact's flags every bout with an impact has (low_sampling_rate): the over-striding factor
        # reads them here
        "stride_length_quality": _flags_of("stride_length_m"),
        "walking_speed_quality": _flags_of("walking_speed_mps"),
        "step_time_asymmetry_quality": _flags_of("step_time_asymmetry_pct"),
        "impact_quality": _flags_of_all(
            b["quality"].get("impact_peak_g", []) for b in bouts if b.get("impact_peak_g") is not None
        ),
        "impact_peak_g": _r(med(lambda b: b.get("impact_peak_g")), 3),
    }


__all__ = [
    "ALGORITHM_VERSION",
    "NO_WALKING_NOTE",
    "TURNS_NOT_CORRECTED_NOTE",
    "LeanInputs",
    "analyze_gait",
    "checked_sensor_height",
    "checked_times",
    "analyze_gait_with_lean_inputs",
    "one_gyroscope_note",
    "step_time_asymmetry_pct",
    "summarize_bouts",
]
