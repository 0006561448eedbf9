"""Gait CLI and readers: cold start of ``backstride gait analyze`` and reading speed.

* Cold start: a fresh ``backstride gait analyze ONE_MINUTE.csv --json`` process (and the summary-table
  mode), wall time, median of 5 runs. Target (issue 3): < 1.5 s.
* Reading: ``read_recording`` of a 60-minute 100 Hz generic CSV (the Mobilise-D lab trials tiled,
  acc + gyr, 26 MB), median of 3 runs, in samples/s; the Axivity decoder on the 12-minute AX3 walk.
* End to end from a file: ``backstride gait analyze SIXTY_MINUTES.csv --json`` as a process: wall time,
  samples/s and the child's own peak RSS, VmHWM (target < 300 MB for 60 minutes).

    .venv/bin/python -m benchmarks gait_cli
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LAB_CSV = sorted((SHARED / "mobilised-lab" / "HA").glob("*/*/imu.csv"))
CWA_WALK = SHARED / "formats" / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
FS = 100.0


def write_tiled_csv(path: Path, minutes: float) -> int:
    data = np.concatenate([np.loadtxt(p, delimiter=",", skiprows=1) for p in LAB_CSV])
    n = int(minutes * 60 * FS)
    reps = -(-n // data.shape[0])
    tiled = np.tile(data, (reps, 1))[:n]
    tiled[:, 0] = np.arange(n) / FS
    np.savetxt(path, tiled, delimiter=",", fmt="%.6f", header=HEADER, comments="")
    return n


# The child's own peak (VmHWM of its process image, read as it exits): getrusage's ru_maxrss of a child
# starts at its parent's peak (Linux keeps the peak of the image exec replaces), so it read this
# benchmark's own 268-287 MB, not the CLI's ~160 MB.
_OWN_PEAK = """import atexit, runpy, sys
def peak():
    with open("/proc/self/status") as f:
        kb = [line.split()[1] for line in f if line.startswith("VmHWM:")]
    sys.stderr.write("backstride-peak-kb " + kb[0] + "\\n")
atexit.register(peak)
sys.argv = ["backstride", *sys.argv[1:]]
runpy.run_module("backstride", run_name="__main__")
"""


def cli(args: list[str]) -> tuple[float, int]:
    """Wall time of one fresh CLI process and its exit status."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "backstride", "gait", "analyze", *args], capture_output=True, timeout=600
    )
    return time.perf_counter() - t0, proc.returncode


def cli_peak_mb(args: list[str]) -> tuple[float, int, float]:
    """Wall time, exit status and peak RSS (MB) of one fresh CLI process (Linux: its VmHWM)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _OWN_PEAK, "gait", "analyze", *args], capture_output=True, timeout=600
    )
    wall = time.perf_counter() - t0
    said = proc.stderr.decode().splitlines()
    kb = [line.split()[1] for line in said if line.startswith("backstride-peak-kb")]
    return wall, proc.returncode, float(kb[-1]) / 1024 if kb else float("nan")


def main() -> None:
    from backstride.gait.readers import read_recording

    print("| benchmark | what | cases | median | target |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one_minute.csv"
        write_tiled_csv(one, 1)
        for mode, extra in (("--json", ["--json"]), ("summary table", [])):
            runs = [cli([str(one), *extra]) for _ in range(5)]
            assert all(rc == 0 for _, rc in runs), runs
            median = statistics.median(t for t, _ in runs)
            print(
                f"| gait analyze cold start | 1-minute 100 Hz CSV, {mode} | 5 runs | {median:.2f} s "
                "| < 1.5 s |"
            )

        sixty = Path(tmp) / "sixty_minutes.csv"
        n = write_tiled_csv(sixty, 60)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            rec = read_recording(sixty)
            times.append(time.perf_counter() - t0)
            assert rec.n_samples == n
        median = statistics.median(times)
        print(
            f"| read_recording, generic CSV | 60 min 100 Hz acc+gyr ({sixty.stat().st_size / 1e6:.0f} MB) | "
            f"3 runs | {median:.2f} s = {n / median / 1e6:.2f} M samples/s | - |"
        )
        if CWA_WALK.exists():
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                rec = read_recording(CWA_WALK)
                times.append(time.perf_counter() - t0)
            median = statistics.median(times)
            print(
                f"| read_recording, Axivity AX3 | 12-min walk, {rec.n_samples} samples | 3 runs | "
                f"{median * 1000:.0f} ms = {rec.n_samples / median / 1e6:.1f} M samples/s | - |"
            )
        ends = [cli_peak_mb([str(sixty), "--json"]) for _ in range(3)]
        assert all(rc == 0 for _, rc, _ in ends), ends
        rss_mb = max(mb for _, _, mb in ends)
        median = statistics.median(t for t, _, _ in ends)
        print(
            f"| gait analyze end to end from a file | 60 min 100 Hz CSV, --json, fresh process | 3 runs | "
            f"{median:.2f} s = {n / median / 1e6:.2f} M samples/s, peak RSS {rss_mb:.0f} MB | < 300 MB |"
        )


if __name__ == "__main__":
    main()
