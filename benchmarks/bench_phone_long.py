"""Gait: long phone exports (phyphox, Sensor Logger) from disk, end to end, read piece by piece.

The exports are written to a temporary folder (never the repository) by ``write_phyphox`` /
``write_sensor_logger`` from the same hours as ``bench_gait_long`` (each hour: 15 minutes of the six
Mobilise-D lab trials one after the other, then 45 minutes lying and standing still with sensor noise),
sampled at jittered times (5 % of an interval) with the accelerometer and the gyroscope on their own
clocks, as phones deliver them:

* phyphox, iOS simple experiment (``Accelerometer.csv`` with gravity + ``Gyroscope.csv``, ``%.9E``), a
  folder, 1 hour at 200 Hz;
* Sensor Logger, Android (``TotalAcceleration.csv`` + ``Gyroscope.csv``, Unix ns and full-precision
  numbers as the app writes them), a zip, 24 hours at 100 Hz.

Measured: ``backstride gait analyze EXPORT --json`` as a fresh process (wall time, samples/s on the grid,
the child's peak RSS from ``getrusage``), median of ``RUNS`` runs. Targets (task brief): 1 h phyphox
< 300 MB, 24 h Sensor Logger < 400 MB, >= 1 M samples/s.

    .venv/bin/python -m benchmarks phone_long                                   # both, 3 runs each
    .venv/bin/python -m benchmarks.bench_phone_long --app phyphox --hours 1 --rate 200
    .venv/bin/python -m benchmarks.bench_phone_long --app sensor-logger --hours 24 --keep /tmp/sl24.zip
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from benchmarks.bench_gait_long import FS, hours, run_cli

RUNS = 3
CASES = (("phyphox", 1.0, 200.0, "phy1h"), ("sensor-logger", 24.0, 100.0, "sl24h.zip"))


def phone_chunks(n_hours: float, rate_hz: float, seed: int = 5) -> Iterator[tuple[np.ndarray, ...]]:
    """The hours of ``bench_gait_long`` at jittered times on two clocks (the gyroscope 3 ms late), an
    hour at a time: (acc times s, acc m/s^2, gyr times s, gyr deg/s)."""
    rng = np.random.default_rng(seed)
    n = int(3600 * rate_hz)
    k = np.arange(n)
    grid = np.arange(int(3600 * FS)) / FS
    for h, (acc, gyr) in enumerate(hours(n_hours / 24.0)):
        t_a = k / rate_hz + rng.normal(0.0, 0.05 / rate_hz, n) + 0.001
        t_g = k / rate_hz + rng.normal(0.0, 0.05 / rate_hz, n) + 0.004
        a = np.column_stack([np.interp(t_a, grid, acc[:, j]) for j in range(3)])
        g = np.column_stack([np.interp(t_g, grid, gyr[:, j]) for j in range(3)])
        yield h * 3600.0 + t_a, a, h * 3600.0 + t_g, g


def write_export(path: Path, app: str, n_hours: float, rate_hz: float) -> None:
    from backstride.gait.readers.phyphox import write_phyphox
    from backstride.gait.readers.sensor_logger import write_sensor_logger

    if app == "phyphox":
        write_phyphox(path, phone_chunks(n_hours, rate_hz), platform="ios")
    else:
        write_sensor_logger(path, phone_chunks(n_hours, rate_hz), platform="android")


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def bench(app: str, n_hours: float, rate_hz: float, path: Path, runs: int) -> None:
    t0 = time.perf_counter()
    if not path.exists():
        write_export(path, app, n_hours, rate_hz)
    print(f"wrote {path} ({_size_mb(path):.0f} MB) in {time.perf_counter() - t0:.0f} s")
    walls, rss = [], []
    out: dict = {}
    for _ in range(runs):
        wall, peak, out = run_cli(path)
        walls.append(wall)
        rss.append(peak)
        print(f"  run: {wall:.1f} s, peak RSS {peak:.0f} MB, load {os.getloadavg()[0]:.1f}")
    n = int(out["recording"]["n_samples"])
    med = statistics.median(walls)
    target = "< 300 MB" if app == "phyphox" else "< 400 MB"
    kind = "zip" if path.suffix == ".zip" else "folder"
    print(
        f"| gait analyze, {n_hours:g} h {app} export (`bench_phone_long`) | {rate_hz:g} Hz acc+gyr on their "
        f"own jittered clocks, {n:,} grid samples, {_size_mb(path):.0f} MB {kind}, "
        f"{len(out['walking_bouts'])} bouts, "
        f"{out['parameters'].get('long_recording', {}).get('n_windows', 1)} windows | {runs} runs | "
        f"{med:.1f} s = {n / med / 1e6:.2f} M samples/s (runs {', '.join(f'{w:.1f}' for w in walls)}), "
        f"peak RSS {statistics.median(rss):.0f} MB (max {max(rss):.0f}) | RSS {target}, >= 1 M samples/s |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--app", choices=("phyphox", "sensor-logger"), default=None, help="default: both cases"
    )
    parser.add_argument("--hours", type=float, default=None)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--keep", type=Path, default=None, help="write the export here and keep it")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if args.app in (None, c[0])]
    with tempfile.TemporaryDirectory() as tmp:
        for app, n_hours, rate_hz, name in cases:
            n_hours = args.hours or n_hours
            rate_hz = args.rate or rate_hz
            path = args.keep or Path(tmp) / name
            bench(app, n_hours, rate_hz, path, args.runs)


if __name__ == "__main__":
    main(sys.argv[1:])
