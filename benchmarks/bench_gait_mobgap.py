"""Side by side with mobgap 1.2.0 (the Mobilise-D pipeline), same data, same evaluation, same run.

mobgap is never a dependency of backstride. Install it in a separate environment and point
``MOBGAP_PYTHON`` at its interpreter (default ``/tmp/mobgap-venv/bin/python``), e.g.

    python3 -m venv /tmp/mobgap-venv && /tmp/mobgap-venv/bin/pip install mobgap==1.2.0
    .venv/bin/python -m benchmarks gait_mobgap

``benchmarks/_mobgap_side.py`` runs ``MobilisedPipelineHealthy`` there on the six lab trials (heights
and sensor heights from participant.json, documented axes) and on a tiled recording; its results are
scored here with backstride.gait.evaluation, exactly like backstride's. Without mobgap the benchmark
says so and stops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LAB = ROOT.parent / "shared" / "data" / "mobilised-lab"
MOBGAP_PYTHON = os.environ.get("MOBGAP_PYTHON", "/tmp/mobgap-venv/bin/python")
TILE_MINUTES = 5.0


def main() -> None:
    from backstride.gait.evaluation import (
        EventScore,
        ValidationSummary,
        compare_bouts,
        load_lab_trials,
        score_initial_contacts,
        validate,
    )

    if not Path(MOBGAP_PYTHON).exists():
        print(f"skipped: no mobgap environment at {MOBGAP_PYTHON} (set MOBGAP_PYTHON)")
        return
    proc = subprocess.run(
        [MOBGAP_PYTHON, str(ROOT / "benchmarks" / "_mobgap_side.py"), str(LAB), str(TILE_MINUTES)],
        capture_output=True,
        text=True,
        check=True,
    )
    mg = json.loads(proc.stdout.strip().splitlines()[-1])
    trials = load_lab_trials(LAB)
    ic = EventScore()
    bouts = []
    for t in trials:
        r = mg["trials"][t.name]
        ic.add(score_initial_contacts(r["initial_contacts_s"], t.reference_bouts))
        bouts.extend(compare_bouts(t.name, r, t.reference_bouts))
    print(f"mobgap 1.2.0 vs INDIP: {ValidationSummary(ic=ic, bouts=bouts).as_row()}")
    print(f"backstride  vs INDIP: {validate(trials).as_row()}")

    from backstride.gait.pipeline import analyze_gait
    from backstride.gait.recording import Recording

    all_trials = load_lab_trials(LAB, with_reference_only=False)
    acc = np.concatenate([t.recording.acc_mps2 for t in all_trials])
    gyr = np.concatenate([t.recording.gyr_dps for t in all_trials])
    n = int(TILE_MINUTES * 60 * 100)
    reps = -(-n // acc.shape[0])
    rec = Recording(np.tile(acc, (reps, 1))[:n], np.tile(gyr, (reps, 1))[:n], 100.0, "tiled-lab")
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        json.dumps(analyze_gait(rec, height_cm=170).to_dict())
        times.append(time.perf_counter() - t0)
    ours = n / float(np.median(times))
    theirs = mg["tiled_samples"] / mg["tiled_seconds"]
    print(
        f"{TILE_MINUTES:.0f}-min tiled recording: backstride {ours:,.0f} samples/s (median of 5), "
        f"mobgap {theirs:,.0f} samples/s (one run, warm) -> {ours / theirs:.0f}x"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
