"""Evaluation beside the algorithm: load the Mobilise-D lab trials, match events and bouts, per-bout errors.

The same functions run the validation tests (tests/gait) and the gait benchmark, so the figures
in the closing notes and in CI come from one piece of code.

Rules (stated once, used everywhere):

* **Initial contacts** are compared only inside reference walking bouts: the reference contacts of each
  INDIP bout against the detected contacts in ``[start_s - tolerance_s, end_s + tolerance_s]`` (a bout
  starts and ends with a contact, so a detection a few ms before the first one must still count).
  A detected and a reference contact match when they are at most ``tolerance_s`` (0.25 s) apart;
  matching is one-to-one, greedy by smallest time difference (ties by time).
* **Bouts**: a reference bout is *found* when detected walking bouts cover at least
  ``min_overlap`` (50 %) of its duration and at least two detected strides lie inside it.
* **Per-bout errors**: for every found reference bout, the detected strides whose start and end
  lie inside the bout (widened by ``tolerance_s`` at each end) are averaged (cadence from their
  durations, stride length, speed) and compared with the reference bout's values.

This module reads the shared lab data only when asked (tests, benchmarks); the product never does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from backstride.gait.recording import Recording

IC_TOLERANCE_S = 0.25
BOUT_MIN_OVERLAP = 0.5
MOBILISED_AXES_HINT = "mobilised: x up, y right, z forward"


@dataclass(frozen=True)
class LabTrial:
    """One Mobilise-D lab trial: the IMU recording, the INDIP reference and the participant."""

    name: str
    recording: Recording
    reference: dict[str, Any]
    height_cm: float
    sensor_height_m: float | None
    directory: Path | None = None

    @property
    def reference_bouts(self) -> list[dict[str, Any]]:
        return list(self.reference.get("walking_bouts", []))

    @property
    def has_reference(self) -> bool:
        return len(self.reference_bouts) > 0


def load_lab_trial(trial_dir: Path) -> LabTrial:
    """Read ``imu.csv``, ``reference.json`` and the participant's ``participant.json``."""
    data = np.loadtxt(trial_dir / "imu.csv", delimiter=",", skiprows=1, dtype=np.float64)
    reference = json.loads((trial_dir / "reference.json").read_text())
    participant = json.loads((trial_dir.parent / "participant.json").read_text())
    fs = float(reference.get("sampling_rate_hz", 100.0))
    recording = Recording(
        acc_mps2=np.ascontiguousarray(data[:, 1:4]),
        gyr_dps=np.ascontiguousarray(data[:, 4:7]),
        sampling_rate_hz=fs,
        source_format="mobilised-lab-csv",
        axes_hint=MOBILISED_AXES_HINT,
    )
    name = f"{trial_dir.parent.parent.name}/{trial_dir.parent.name}/{trial_dir.name}"
    return LabTrial(
        name=name,
        recording=recording,
        reference=reference,
        height_cm=float(participant["height_m"]) * 100.0,
        sensor_height_m=participant.get("sensor_height_m"),
        directory=trial_dir,
    )


def load_lab_trials(root: Path, *, with_reference_only: bool = True) -> list[LabTrial]:
    """All trials under ``root/HA/*/*/`` (sorted); by default only those with a reference bout."""
    trials = [load_lab_trial(p.parent) for p in sorted(Path(root).glob("HA/*/*/imu.csv"))]
    return [t for t in trials if t.has_reference or not with_reference_only]


def rotation_matrix(rng: np.random.Generator) -> np.ndarray:
    """A uniformly random proper rotation (3x3), from a normalised Gaussian quaternion."""
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def rotated(recording: Recording, rot: np.ndarray) -> Recording:
    """The same recording as seen by a sensor turned by the fixed rotation ``rot``; orientation unknown."""
    gyr = None if recording.gyr_dps is None else recording.gyr_dps @ rot.T
    return Recording(
        acc_mps2=recording.acc_mps2 @ rot.T,
        gyr_dps=gyr,
        sampling_rate_hz=recording.sampling_rate_hz,
        source_format=recording.source_format,
        start_s=recording.start_s,
        axes_hint=None,
        notes=(*recording.notes, "turned by a fixed random rotation for validation"),
    )


# ---------------------------------------------------------------- event matching


def match_events(
    detected_s: Sequence[float] | np.ndarray,
    reference_s: Sequence[float] | np.ndarray,
    *,
    tolerance_s: float = IC_TOLERANCE_S,
) -> list[tuple[int, int]]:
    """One-to-one matches ``(i_detected, i_reference)`` with ``|d - r| <= tolerance_s``, closest first."""
    det = np.asarray(detected_s, dtype=float)
    ref = np.asarray(reference_s, dtype=float)
    if det.size == 0 or ref.size == 0:
        return []
    diff = np.abs(det[:, None] - ref[None, :])
    i_d, i_r = np.nonzero(diff <= tolerance_s)
    order = np.lexsort((det[i_d], diff[i_d, i_r]))
    used_d: set[int] = set()
    used_r: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for k in order:
        d, r = int(i_d[k]), int(i_r[k])
        if d in used_d or r in used_r:
            continue
        used_d.add(d)
        used_r.add(r)
        pairs.append((d, r))
    return sorted(pairs)


@dataclass
class EventScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    abs_errors_s: list[float] = field(default_factory=list)

    def add(self, other: EventScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.abs_errors_s.extend(other.abs_errors_s)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_initial_contacts(
    detected_s: Iterable[float],
    reference_bouts: Sequence[dict[str, Any]],
    *,
    tolerance_s: float = IC_TOLERANCE_S,
    untimed_s: Sequence[tuple[float, float]] = (),
) -> EventScore:
    """Score detected contacts against each reference bout's contacts, only inside reference bouts.

    ``untimed_s`` (optional, for the secondary "untimed contacts excused" figure): intervals between two
    timed reference contacts that hold a contact the reference knows happened but could not time (NaN in
    the source). One unmatched detection inside each such interval is then not a false positive.
    """
    det_all = np.asarray(list(detected_s), dtype=float)
    score = EventScore()
    for wb in reference_bouts:
        ref = np.array([ic["t_s"] for ic in wb.get("initial_contacts", [])], dtype=float)
        ref = ref[np.isfinite(ref)]
        lo, hi = float(wb["start_s"]), float(wb["end_s"])
        det = det_all[(det_all >= lo - tolerance_s) & (det_all <= hi + tolerance_s)]
        pairs = match_events(det, ref, tolerance_s=tolerance_s)
        unmatched = np.delete(det, [d for d, _ in pairs])
        excused = 0
        for a, b in untimed_s:
            if lo <= a and b <= hi and np.any((unmatched > a) & (unmatched < b)):
                excused += 1
        score.tp += len(pairs)
        score.fp += unmatched.size - excused
        score.fn += ref.size - len(pairs)
        score.abs_errors_s.extend(abs(float(det[d] - ref[r])) for d, r in pairs)
    return score


def untimed_contact_intervals(trial_dir: Path) -> list[tuple[float, float]]:
    """Intervals holding an INDIP contact that is NaN in the original ``data.mat`` (see README there).

    Reads ``original/data/lab/HA/<id>/data.mat`` beside the converted trial (scipy, tests only).
    """
    from scipy.io import loadmat

    trial_dir = Path(trial_dir)
    pid = trial_dir.parent.name
    lab = trial_dir.parents[2]
    mat = lab / "original" / "data" / "lab" / "HA" / pid / "data.mat"
    time_measure, test, trial = trial_dir.name.split("_")
    node = loadmat(mat, simplify_cells=True)["data"][time_measure][test][trial]["Standards"]["INDIP"]
    bouts = node["ContinuousWalkingPeriod"]
    bouts = [bouts] if isinstance(bouts, dict) else list(bouts)
    out: list[tuple[float, float]] = []
    for wb in bouts:
        ics = np.atleast_1d(np.asarray(wb["InitialContact_Event"], dtype=float)) - 0.01  # README time base
        for k in np.nonzero(~np.isfinite(ics))[0]:
            before = ics[:k][np.isfinite(ics[:k])]
            after = ics[k + 1 :][np.isfinite(ics[k + 1 :])]
            if before.size and after.size:
                out.append((float(before[-1]), float(after[0])))
    return out


# ---------------------------------------------------------------- bout comparison


@dataclass(frozen=True)
class BoutComparison:
    trial: str
    ref_start_s: float
    ref_end_s: float
    found: bool
    n_detected_strides: int
    cadence_spm: tuple[float, float | None]  # (reference, detected)
    stride_length_m: tuple[float, float | None]
    walking_speed_mps: tuple[float, float | None]


def _coverage(lo: float, hi: float, bouts: Sequence[dict[str, Any]]) -> float:
    covered = 0.0
    for b in bouts:
        covered += max(0.0, min(hi, float(b["end_s"])) - max(lo, float(b["start_s"])))
    return covered / (hi - lo) if hi > lo else 0.0


def compare_bouts(
    trial: str,
    result: dict[str, Any],
    reference_bouts: Sequence[dict[str, Any]],
    *,
    tolerance_s: float = IC_TOLERANCE_S,
    min_overlap: float = BOUT_MIN_OVERLAP,
) -> list[BoutComparison]:
    """Per reference bout: found or not, and the detected strides inside it averaged."""
    bouts = result.get("walking_bouts", [])
    strides = [s for b in bouts for s in b.get("strides", [])]
    out: list[BoutComparison] = []
    for wb in reference_bouts:
        lo, hi = float(wb["start_s"]), float(wb["end_s"])
        inside = [s for s in strides if s["start_s"] >= lo - tolerance_s and s["end_s"] <= hi + tolerance_s]
        found = _coverage(lo, hi, bouts) >= min_overlap and len(inside) >= 2
        cad = sl = sp = None
        if inside:
            durations = np.array([s["end_s"] - s["start_s"] for s in inside], dtype=float)
            cad = float(np.mean(120.0 / durations))
            lengths = [s["length_m"] for s in inside if s.get("length_m") is not None]
            speeds = [s["speed_mps"] for s in inside if s.get("speed_mps") is not None]
            sl = float(np.mean(lengths)) if lengths else None
            sp = float(np.mean(speeds)) if speeds else None
        out.append(
            BoutComparison(
                trial=trial,
                ref_start_s=lo,
                ref_end_s=hi,
                found=found,
                n_detected_strides=len(inside),
                cadence_spm=(float(wb["cadence_spm"]), cad),
                stride_length_m=(float(wb["stride_length_m"]), sl),
                walking_speed_mps=(float(wb["walking_speed_mps"]), sp),
            )
        )
    return out


@dataclass(frozen=True)
class ValidationSummary:
    ic: EventScore
    bouts: list[BoutComparison]
    ic_untimed_excused: EventScore | None = None

    @property
    def n_reference_bouts(self) -> int:
        return len(self.bouts)

    @property
    def fraction_bouts_found(self) -> float:
        return sum(b.found for b in self.bouts) / len(self.bouts) if self.bouts else 0.0

    def mae(self, metric: str) -> float:
        """Mean absolute error over found bouts (cadence_spm, stride_length_m or walking_speed_mps)."""
        errs = []
        for b in self.bouts:
            ref, det = getattr(b, metric)
            if b.found and det is not None:
                errs.append(abs(det - ref))
        return float(np.mean(errs)) if errs else float("nan")

    def as_row(self) -> dict[str, float]:
        extra = {}
        if self.ic_untimed_excused is not None:
            extra = {"ic_f1_untimed_excused": round(self.ic_untimed_excused.f1, 3)}
        return {
            "ic_f1": round(self.ic.f1, 3),
            **extra,
            "ic_precision": round(self.ic.precision, 3),
            "ic_recall": round(self.ic.recall, 3),
            "bouts_found": round(self.fraction_bouts_found, 3),
            "n_reference_bouts": self.n_reference_bouts,
            "cadence_mae_spm": round(self.mae("cadence_spm"), 2),
            "stride_length_mae_m": round(self.mae("stride_length_m"), 3),
            "walking_speed_mae_mps": round(self.mae("walking_speed_mps"), 3),
        }


def validate(
    trials: Sequence[LabTrial],
    *,
    rotations: Sequence[np.ndarray] | None = None,
    analyze: Any = None,
) -> ValidationSummary:
    """Run the pipeline on every trial (optionally under each fixed rotation) and pool the scores."""
    if analyze is None:
        from backstride.gait.pipeline import analyze_gait

        analyze = analyze_gait
    ic = EventScore()
    ic_excused = EventScore()
    bouts: list[BoutComparison] = []
    untimed = {t.name: untimed_contact_intervals(t.directory) for t in trials if t.directory is not None}
    rots: list[np.ndarray | None] = list(rotations) if rotations is not None else [None]
    for rot in rots:
        for t in trials:
            rec = t.recording if rot is None else rotated(t.recording, rot)
            result = analyze(rec, height_cm=t.height_cm).to_dict()
            ic.add(score_initial_contacts(result["initial_contacts_s"], t.reference_bouts))
            ic_excused.add(
                score_initial_contacts(
                    result["initial_contacts_s"], t.reference_bouts, untimed_s=untimed.get(t.name, [])
                )
            )
            bouts.extend(compare_bouts(t.name, result, t.reference_bouts))
    return ValidationSummary(ic=ic, bouts=bouts, ic_untimed_excused=ic_excused if untimed else None)


__all__ = [
    "BOUT_MIN_OVERLAP",
    "IC_TOLERANCE_S",
    "BoutComparison",
    "EventScore",
    "LabTrial",
    "ValidationSummary",
    "compare_bouts",
    "load_lab_trial",
    "load_lab_trials",
    "match_events",
    "rotated",
    "rotation_matrix",
    "score_initial_contacts",
    "untimed_contact_intervals",
    "validate",
]
