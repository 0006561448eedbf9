"""Gait: a week of free-living data from a file on disk, end to end, with bounded memory.

The recording is an Axivity AX6 ``.cwa`` (100 Hz, acc + gyr) written to a temporary folder (never the
repository) by ``write_axivity``: every hour holds ``WALK_MIN`` minutes of the six Mobilise-D lab trials
(../shared/data/mobilised-lab) one after the other, then quiet stretches (the sensor lying still with
sensor noise, no walking) for the rest of the hour. 7 days = 60,480,000 samples, 774 MB. With
``--format csv`` the same samples go into a generic CSV (`%.6f`, ~25 MB an hour; 24 h = 600 MB).

Measured: ``backstride gait analyze WEEK.cwa --json`` as a fresh process (wall time, samples/s, the
child's peak RSS from ``getrusage``), median of ``RUNS`` runs. Targets (task brief): peak RSS < 300 MB
whatever the length; >= 1 M samples/s.

    .venv/bin/python -m benchmarks gait_long              # 7 days, 3 runs
    .venv/bin/python -m benchmarks.bench_gait_long --days 1 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np

LAB = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mobilised-lab"
FS = 100.0
WALK_MIN = 15.0
RUNS = 3


def hours(days: float, seed: int = 7):
    """The tiled recording (see the module text), one hour of (acc m/s^2, gyr deg/s) at a time."""
    from backstride.gait.evaluation import load_lab_trials

    trials = load_lab_trials(LAB, with_reference_only=False)
    acc = np.concatenate([t.recording.acc_mps2 for t in trials])
    gyr = np.concatenate([t.recording.gyr_dps for t in trials])
    hour = int(3600 * FS)
    walk = int(WALK_MIN * 60 * FS)
    reps = -(-walk // acc.shape[0])
    walk_acc, walk_gyr = np.tile(acc, (reps, 1))[:walk], np.tile(gyr, (reps, 1))[:walk]
    rng = np.random.default_rng(seed)
    lying = np.array([0.0, 9.80665, 0.0])  # another posture than walking: on its back
    for _ in range(int(round(days * 24))):
        still = hour - walk
        quiet_acc = np.where(np.arange(still)[:, None] < still // 2, lying, acc[:100].mean(axis=0))
        quiet_acc = quiet_acc + rng.normal(0.0, 0.02, (still, 3))
        quiet_gyr = rng.normal(0.0, 0.2, (still, 3))
        yield np.concatenate([walk_acc, quiet_acc]), np.concatenate([walk_gyr, quiet_gyr])


def write_week(path: Path, days: float) -> int:
    """The tiled recording as an AX6 .cwa (or a generic CSV when ``path`` ends in .csv); its sample count."""
    from backstride.gait.readers.axivity import write_axivity

    start = datetime(2026, 3, 2, 0, 0, 0)
    hour = int(3600 * FS)
    n = 0
    with path.open("w") as fh:
        if path.suffix == ".csv":
            fh.write("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps\n")
    for h, (acc, gyr) in enumerate(hours(days)):
        if path.suffix == ".csv":
            rows = np.column_stack([(h * hour + np.arange(hour)) / FS, acc, gyr])
            with path.open("a") as fh:
                np.savetxt(fh, rows, delimiter=",", fmt="%.6f")
        else:
            write_axivity(path, acc, gyr, start=start, append=h > 0, first_sample=h * hour)
        n += hour
    return n


def run_cli(path: Path) -> tuple[float, float, dict]:
    """Wall time, peak RSS (MB) and the JSON of one fresh ``backstride gait analyze PATH --json``."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t0 = time.perf_counter()\n"
        "p = subprocess.run([sys.executable, '-m', 'backstride', 'gait', 'analyze', sys.argv[1], '--json'],"
        " capture_output=True)\n"
        "wall = time.perf_counter() - t0\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "assert p.returncode == 0, p.stderr.decode()\n"
        "print(json.dumps({'wall': wall, 'rss': rss, 'out': json.loads(p.stdout)}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, check=True, timeout=3600
    )
    res = json.loads(proc.stdout)
    return res["wall"], res["rss"], res["out"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=float, default=7.0)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--format", choices=("cwa", "csv"), default="cwa")
    parser.add_argument("--keep", type=Path, default=None, help="write the file here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / f"week.{args.format}"
        t0 = time.perf_counter()
        if not path.exists():
            n = write_week(path, args.days)
        else:
            n = int(round(args.days * 24)) * int(3600 * FS)
        print(
            f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB, {n:,} samples) "
            f"in {time.perf_counter() - t0:.0f} s"
        )
        walls, rss = [], []
        out: dict = {}
        for _ in range(args.runs):
            wall, peak, out = run_cli(path)
            walls.append(wall)
            rss.append(peak)
            print(f"  run: {wall:.1f} s, peak RSS {peak:.0f} MB, load {os.getloadavg()[0]:.1f}")
        med = statistics.median(walls)
        print(
            f"| gait analyze, {args.days:g} days from a .{args.format} (`bench_gait_long`) | 100 Hz acc+gyr, "
            f"{n:,} samples, {path.stat().st_size / 1e6:.0f} MB, {len(out['walking_bouts'])} bouts, "
            f"{out['parameters'].get('long_recording', {}).get('n_windows', 1)} windows | {args.runs} runs | "
            f"{med:.1f} s = {n / med / 1e6:.2f} M samples/s (runs {', '.join(f'{w:.1f}' for w in walls)}), "
            f"peak RSS {statistics.median(rss):.0f} MB (max {max(rss):.0f}) "
            "| RSS < 300 MB, >= 1 M samples/s |"
        )
        print(
            f"self: max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
            "(the generator)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
