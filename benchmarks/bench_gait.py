"""Gait: end-to-end throughput and peak memory of ``analyze_gait`` on a 60-minute 100 Hz recording.

The recording is the six Mobilise-D lab trials (../shared/data/mobilised-lab) tiled to 60 minutes
(360,000 samples of acc + gyr). End-to-end = ``analyze_gait(recording).to_dict()`` and
``json.dumps`` of the result (reading the file is the readers' part; see the CLI benchmark).
Peak memory = tracemalloc peak of numpy/Python allocations during one analysis, plus the process
max RSS. Also prints the validation figures against the INDIP reference (same code as the tests).

Targets (issue 3): >= 1,000,000 samples/s on 2 cores; peak memory for 60 minutes < 300 MB.

    .venv/bin/python -m benchmarks gait
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

LAB = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mobilised-lab"
MINUTES = 60
FS = 100.0
RUNS = 5
ROTATION_SEED = 20261125
N_ROTATIONS = 4


def tiled_recording(minutes: float = MINUTES):
    from backstride.gait.evaluation import load_lab_trials
    from backstride.gait.recording import Recording

    trials = load_lab_trials(LAB, with_reference_only=False)
    acc = np.concatenate([t.recording.acc_mps2 for t in trials])
    gyr = np.concatenate([t.recording.gyr_dps for t in trials])
    n = int(minutes * 60 * FS)
    reps = -(-n // acc.shape[0])
    return Recording(
        acc_mps2=np.ascontiguousarray(np.tile(acc, (reps, 1))[:n]),
        gyr_dps=np.ascontiguousarray(np.tile(gyr, (reps, 1))[:n]),
        sampling_rate_hz=FS,
        source_format="tiled-lab",
        axes_hint=None,
    )


def throughput(rec) -> tuple[float, float, float, int]:
    """Median wall time, samples/s from it, median CPU time of this process, bouts found."""
    from backstride.gait.pipeline import analyze_gait

    times = []
    cpu = []
    n_bouts = 0
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        d = analyze_gait(rec, height_cm=170).to_dict()
        json.dumps(d)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        n_bouts = len(d["walking_bouts"])
    med = statistics.median(times)
    return med, rec.n_samples / med, statistics.median(cpu), n_bouts


def peak_memory_mb(rec) -> float:
    from backstride.gait.pipeline import analyze_gait

    peaks = []
    for _ in range(3):
        tracemalloc.start()
        json.dumps(analyze_gait(rec, height_cm=170).to_dict())
        peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
        tracemalloc.stop()
    return statistics.median(peaks)


def validation_rows() -> list[tuple[str, dict]]:
    from backstride.gait.evaluation import load_lab_trials, rotation_matrix, validate

    trials = load_lab_trials(LAB)
    rng = np.random.default_rng(ROTATION_SEED)
    rots = [rotation_matrix(rng) for _ in range(N_ROTATIONS)]
    return [
        ("mounting orientation", validate(trials).as_row()),
        (f"{N_ROTATIONS} random rotations (seed {ROTATION_SEED})", validate(trials, rotations=rots).as_row()),
    ]


def cold_import_s(runs: int = 5) -> float:
    """Median extra time of ``python -c 'import backstride.gait.pipeline'`` over ``python -c pass``."""

    def timed(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0

    bare = statistics.median(timed("pass") for _ in range(runs))
    full = statistics.median(timed("import backstride.gait.pipeline") for _ in range(runs))
    return full - bare


def main() -> None:
    import_s = cold_import_s()
    rec = tiled_recording()
    med_s, sps, cpu_s, n_bouts = throughput(rec)
    load = os.getloadavg()[0]
    mem = peak_memory_mb(rec)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data_mb = (rec.acc_mps2.nbytes + rec.gyr_dps.nbytes) / 1e6
    print(
        f"cold import of backstride.gait.pipeline: {import_s * 1000:.0f} ms (median, over a bare interpreter)"
    )
    print(
        f"60-min 100 Hz ({rec.n_samples} samples, {n_bouts} bouts): median {med_s * 1000:.0f} ms "
        f"over {RUNS} runs = {sps:,.0f} samples/s (target >= 1,000,000); "
        f"CPU time {cpu_s * 1000:.0f} ms = {rec.n_samples / cpu_s:,.0f} samples per CPU-second; "
        f"load average {load:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"peak traced memory during analysis: {mem:.0f} MB (input arrays {data_mb:.0f} MB, "
        f"not counted); process max RSS {rss:.0f} MB (target < 300 MB)"
    )
    for name, row in validation_rows():
        print(f"INDIP validation, {name}: {row}")


if __name__ == "__main__":
    main()
