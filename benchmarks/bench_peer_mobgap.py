"""Peer comparison: backstride against mobgap 1.2.0 (the Mobilise-D pipeline), side by side in one run.

mobgap is never a dependency of backstride. It lives in a benchmark-only venv
(``bash benchmarks/peer/setup_mobgap.sh`` makes ``benchmarks/.venv-mobgap``, git-ignored) and runs
in a subprocess of that venv (``benchmarks/peer/mobgap_worker.py``), which hands its walking bouts,
strides and contacts back as JSON. Without that venv this benchmark prints how to make it and stops.

* Accuracy against the INDIP reference, every Mobilise-D lab trial with a reference: both tools'
  output is scored by the same code, ``backstride.gait.evaluation`` (contacts inside reference bouts
  matched one-to-one within +-0.25 s, bouts found, per-bout cadence / stride length / speed MAE).
  mobgap: ``MobilisedPipelineHealthy`` on the original ``data.mat`` files loaded with mobgap's own
  ``GenericMobilisedDataset``; its contacts are those inside its final walking bouts.
  backstride: ``analyze_gait`` on the converted ``imu.csv`` files (``evaluation.validate``).
* Contact detectors alone, the way mobgap evaluates them (secondary): each of mobgap's three
  detectors run by its ``IcdEmulationPipeline`` on every INDIP walking bout cut out of the trial (it is
  told where walking is; backstride is not: its contacts come from the whole trial), scored by the
  same code; F1 pooled over all contacts (the issue's figure) and the mean of per-trial F1 (the
  aggregation of mobgap's own ``icd_per_datapoint_score`` scorer).
* Throughput: the lab trials tiled to a 100 Hz recording (``MINUTES``, default 60), the same samples for
  both; backstride ``analyze_gait(...).to_dict()`` + ``json.dumps``, mobgap ``MobilisedPipelineHealthy().run``
  (after one untimed warm-up on the first minute); median wall time of several runs, in samples/s.
* Import: wall time of a fresh ``python -c "import backstride.gait.pipeline"`` (backstride's venv) and
  ``python -c "import mobgap.pipeline"`` (mobgap's venv), alternated, median of several runs.

Ratios are backstride / mobgap.

    bash benchmarks/peer/setup_mobgap.sh          # once
    .venv/bin/python -m benchmarks peer_mobgap

Environment: ``BACKSTRIDE_MOBGAP_VENV`` (another venv), ``BENCH_PEER_MINUTES`` (tiled length),
``BENCH_PEER_RUNS`` (timed mobgap runs, default 3; backstride runs at least 5),
``BENCH_PEER_IMPORT_RUNS`` (default 7).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
LAB = HERE.parent.parent / "shared" / "data" / "mobilised-lab"
MOBGAP_VENV = Path(os.environ.get("BACKSTRIDE_MOBGAP_VENV", HERE / ".venv-mobgap"))
MOBGAP_PY = MOBGAP_VENV / "bin" / "python"
WORKER = HERE / "peer" / "mobgap_worker.py"
MINUTES = float(os.environ.get("BENCH_PEER_MINUTES", "60"))
RUNS = int(os.environ.get("BENCH_PEER_RUNS", "3"))
IMPORT_RUNS = int(os.environ.get("BENCH_PEER_IMPORT_RUNS", "7"))
FS = 100.0
HEIGHT_M = 1.70
SENSOR_HEIGHT_M = 0.53 * HEIGHT_M  # only for mobgap's stride-length model; speed does not depend on it


def _mobgap(*args: str, timeout_s: float = 3600) -> None:
    """Run the worker in mobgap's venv; its warnings (sklearn model pickles etc.) only shown on failure."""
    proc = subprocess.run(
        [str(MOBGAP_PY), str(WORKER), *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mobgap worker {args[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")


def _summary(trials: list[Any], results: dict[str, dict[str, Any]], contacts_key: str) -> Any:
    """Score one tool's per-trial output with backstride's evaluation code."""
    from backstride.gait.evaluation import (
        EventScore,
        ValidationSummary,
        compare_bouts,
        score_initial_contacts,
        untimed_contact_intervals,
    )

    ic, excused = EventScore(), EventScore()
    bouts = []
    for t in trials:
        res = results[t.name]
        ic.add(score_initial_contacts(res[contacts_key], t.reference_bouts))
        untimed = untimed_contact_intervals(t.directory)
        excused.add(score_initial_contacts(res[contacts_key], t.reference_bouts, untimed_s=untimed))
        bouts.extend(compare_bouts(t.name, res, t.reference_bouts))
    return ValidationSummary(ic=ic, bouts=bouts, ic_untimed_excused=excused)


BOUT_METRICS = ("cadence_spm", "stride_length_m", "walking_speed_mps")


def own_bout_values_mae(trials: list[Any], results: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Secondary: each tool's own per-bout values (the detected bout overlapping a found reference bout
    the most) against the reference bout, MAE over found reference bouts."""
    from backstride.gait.evaluation import compare_bouts

    errors: dict[str, list[float]] = {m: [] for m in BOUT_METRICS}
    for t in trials:
        detected = results[t.name]["walking_bouts"]
        compared = compare_bouts(t.name, results[t.name], t.reference_bouts)
        for wb, cmp in zip(t.reference_bouts, compared, strict=True):
            if not cmp.found or not detected:
                continue
            lo, hi = float(wb["start_s"]), float(wb["end_s"])
            best = max(detected, key=lambda b: min(hi, b["end_s"]) - max(lo, b["start_s"]))
            for m in BOUT_METRICS:
                if best.get(m) is not None:
                    errors[m].append(abs(float(best[m]) - float(wb[m])))
    return {m: round(float(np.mean(v)), 3) if v else float("nan") for m, v in errors.items()}


def accuracy(tmp: Path) -> tuple[dict[str, dict[str, Any]], list[Any], dict[str, dict[str, Any]]]:
    """Rows per tool: backstride's evaluation figures plus the secondary own-bout-value MAEs; also the
    lab trials and backstride's results on them."""
    from backstride.gait.evaluation import load_lab_trials
    from backstride.gait.pipeline import analyze_gait

    trials = load_lab_trials(LAB)
    bs = {t.name: analyze_gait(t.recording, height_cm=t.height_cm).to_dict() for t in trials}
    out = tmp / "mobgap_accuracy.json"
    _mobgap("accuracy", str(LAB), str(out))
    mg = json.loads(out.read_text())
    rows = {}
    for tool, results in (("backstride", bs), ("mobgap", mg)):
        own = own_bout_values_mae(trials, results)
        rows[tool] = {**_summary(trials, results, "initial_contacts_s").as_row()}
        rows[tool].update({f"own_bout_{m}_mae": v for m, v in own.items()})
    rows["mobgap_raw_ics"] = _summary(trials, mg, "raw_initial_contacts_s").as_row()
    return rows, trials, bs


def contact_detectors_alone(
    tmp: Path, trials: list[Any], bs: dict[str, dict[str, Any]]
) -> list[tuple[str, Any, float]]:
    """(detector, pooled EventScore, mean of per-trial F1): backstride's contacts, then each mobgap
    detector run on the INDIP bouts alone."""
    from backstride.gait.evaluation import EventScore, score_initial_contacts

    out = tmp / "mobgap_icd.json"
    _mobgap("icd", str(LAB), str(out))
    detectors = {"backstride (whole trial)": {t: r["initial_contacts_s"] for t, r in bs.items()}}
    mobgap_runs = json.loads(out.read_text())
    detectors.update({f"mobgap {name} (on INDIP bouts)": res for name, res in mobgap_runs.items()})
    rows = []
    for name, per_trial in detectors.items():
        pooled, f1s = EventScore(), []
        for t in trials:
            score = score_initial_contacts(per_trial.get(t.name, []), t.reference_bouts)
            pooled.add(score)
            f1s.append(score.f1)
        rows.append((name, pooled, float(np.mean(f1s))))
    return rows


def tiled_recording(minutes: float) -> Any:
    """All six lab trials (with and without a reference) end to end, repeated to ``minutes``."""
    from backstride.gait.evaluation import load_lab_trials
    from backstride.gait.recording import Recording

    trials = load_lab_trials(LAB, with_reference_only=False)
    n = int(minutes * 60 * FS)
    data = np.concatenate([np.hstack([t.recording.acc_mps2, t.recording.gyr_dps]) for t in trials])
    tiled = np.tile(data, (-(-n // data.shape[0]), 1))[:n]
    return Recording(
        acc_mps2=np.ascontiguousarray(tiled[:, :3]),
        gyr_dps=np.ascontiguousarray(tiled[:, 3:]),
        sampling_rate_hz=FS,
        source_format="tiled-lab",
        axes_hint=None,
    )


def throughput(tmp: Path) -> tuple[float, float, int, int, int, str]:
    """(backstride samples/s, mobgap samples/s, n_samples, backstride bouts, mobgap bouts, spread note)."""
    from backstride.gait.pipeline import analyze_gait

    rec = tiled_recording(MINUTES)
    npz = tmp / "tiled.npz"
    np.savez(
        npz,
        acc_mps2=rec.acc_mps2,
        gyr_dps=rec.gyr_dps,
        fs=rec.sampling_rate_hz,
        height_m=HEIGHT_M,
        sensor_height_m=SENSOR_HEIGHT_M,
    )
    times = []
    n_bouts = 0
    for _ in range(max(RUNS, 5)):
        t0 = time.perf_counter()
        d = analyze_gait(rec, height_cm=HEIGHT_M * 100).to_dict()
        json.dumps(d)
        times.append(time.perf_counter() - t0)
        n_bouts = len(d["walking_bouts"])
    out = tmp / "mobgap_throughput.json"
    _mobgap("throughput", str(npz), str(RUNS), str(out))
    mg = json.loads(out.read_text())
    mg_med = statistics.median(mg["seconds"])
    return (
        rec.n_samples / statistics.median(times),
        mg["n_samples"] / mg_med,
        rec.n_samples,
        n_bouts,
        int(mg["n_walking_bouts"]),
        f"run times backstride {min(times):.2f}-{max(times):.2f} s, "
        f"mobgap {min(mg['seconds']):.1f}-{max(mg['seconds']):.1f} s",
    )


def import_times() -> tuple[float, float, float, float]:
    """Median wall time (s): backstride import, mobgap import, bare backstride-venv and mobgap-venv python."""

    def timed(python: str, code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0

    cases = {
        "bs": (sys.executable, "import backstride.gait.pipeline"),
        "mg": (str(MOBGAP_PY), "import mobgap.pipeline"),
        "bs0": (sys.executable, "pass"),
        "mg0": (str(MOBGAP_PY), "pass"),
    }
    for python, code in cases.values():  # warm the page cache once
        timed(python, code)
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(IMPORT_RUNS):  # alternated, so load on the shared machine hits both alike
        for k, (python, code) in cases.items():
            samples[k].append(timed(python, code))
    med = {k: statistics.median(v) for k, v in samples.items()}
    return med["bs"], med["mg"], med["bs0"], med["mg0"]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and a == a and b == b else "-"


def main() -> None:
    if not MOBGAP_PY.exists():
        print(f"skipped: no mobgap venv at {MOBGAP_VENV}; make it: bash benchmarks/peer/setup_mobgap.sh")
        return
    version = subprocess.run(
        [str(MOBGAP_PY), "-c", "import importlib.metadata as m; print(m.version('mobgap'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"mobgap {version} in {MOBGAP_VENV} (benchmark only); ratios are backstride / mobgap")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        acc, trials, bs_results = accuracy(tmp)
        bs, mg, mg_raw = acc["backstride"], acc["mobgap"], acc["mobgap_raw_ics"]
        detectors = contact_detectors_alone(tmp, trials, bs_results)
        bs_imp, mg_imp, bs0, mg0 = import_times()
        bs_sps, mg_sps, n, bs_bouts, mg_bouts, spread = throughput(tmp)
    print("| measure | backstride | mobgap | ratio |")
    print("|---|---|---|---|")
    for key, label in (
        ("ic_f1", "IC F1 (+-0.25 s, inside INDIP bouts)"),
        ("ic_f1_untimed_excused", "IC F1, untimed INDIP contacts excused"),
        ("ic_precision", "IC precision"),
        ("ic_recall", "IC recall"),
        ("cadence_mae_spm", "cadence MAE (steps/min)"),
        ("stride_length_mae_m", "stride length MAE (m)"),
        ("walking_speed_mae_mps", "walking speed MAE (m/s)"),
        ("bouts_found", "reference bouts found (fraction)"),
        ("own_bout_cadence_spm_mae", "secondary: own per-bout cadence MAE (steps/min)"),
        ("own_bout_stride_length_m_mae", "secondary: own per-bout stride length MAE (m)"),
        ("own_bout_walking_speed_mps_mae", "secondary: own per-bout walking speed MAE (m/s)"),
    ):
        print(f"| {label} | {bs[key]} | {mg[key]} | {_ratio(bs[key], mg[key])} |")
    print(f"| reference bouts | {bs['n_reference_bouts']} | {mg['n_reference_bouts']} | - |")
    print(
        f"| throughput, {MINUTES:g} min 100 Hz tiled ({n} samples; bouts {bs_bouts} / {mg_bouts}) "
        f"| {bs_sps:,.0f} samples/s | {mg_sps:,.0f} samples/s | {_ratio(bs_sps, mg_sps)} |"
    )
    print(
        f"| import, fresh process (bare python {bs0 * 1000:.0f} / {mg0 * 1000:.0f} ms) "
        f"| {bs_imp * 1000:.0f} ms | {mg_imp * 1000:.0f} ms | {_ratio(bs_imp, mg_imp)} |"
    )
    print(
        f"| import over bare python | {(bs_imp - bs0) * 1000:.0f} ms | {(mg_imp - mg0) * 1000:.0f} ms "
        f"| {_ratio(bs_imp - bs0, mg_imp - mg0)} |"
    )
    print(f"mobgap with all its raw contacts (not only those inside its final bouts): {mg_raw}")
    print()
    print("Contact detectors alone (+-0.25 s, inside INDIP bouts; mobgap's told where the bouts are):")
    print("| detector | F1 pooled (TP/FP/FN) | mean of per-trial F1 |")
    print("|---|---|---|")
    for name, pooled, mean_f1 in detectors:
        print(f"| {name} | {pooled.f1:.3f} ({pooled.tp}/{pooled.fp}/{pooled.fn}) | {mean_f1:.3f} |")
    print(
        f"runs: throughput median of {max(RUNS, 5)} (backstride) / {RUNS} (mobgap), {spread}; "
        f"import median of {IMPORT_RUNS} each"
    )


if __name__ == "__main__":
    main()
