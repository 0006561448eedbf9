"""Memory of a walk upload through the services layer (what the web app does with a file).

A 12-hour 100 Hz AX6 ``.cwa`` (the tiled recording of ``bench_gait_long``: each hour 15 min of lab
walking, 45 min still) is uploaded with ``Records.upload_walk`` in a fresh process, three ways:

* ``stream``: the file handed over open, as the web app hands over an upload (Starlette has it on
  disk): copied to a temporary file 1 MB at a time, counted and hashed as it comes (since 2026-11-26);
* ``bytes``: the file's bytes in memory, as the web app did before (``file.file.read()``) and as the
  Python API still allows;
* ``whole``: the file read whole and analysed in one piece (what uploads did before commit 7538ebb).

    .venv/bin/python -m benchmarks upload
    BACKSTRIDE_BENCH_UPLOAD_HOURS=168 .venv/bin/python -m benchmarks upload   # a week (no ``whole``)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HOURS = float(os.environ.get("BACKSTRIDE_BENCH_UPLOAD_HOURS", "12"))
RUNS = 3

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
data = path.read_bytes() if mode != "stream" else None
t = time.perf_counter()
if mode in ("stream", "bytes"):
    from backstride.services.records import Records
    from backstride.storage.db import Database
    records = Records(Database(f"sqlite:///{tempfile.mkdtemp()}/w.sqlite3").migrate())
    if mode == "stream":
        with path.open("rb") as fh:
            walk = records.upload_walk(path.name, fh, height_cm=170)
    else:
        walk = records.upload_walk(path.name, data, height_cm=170)
    bouts = len(walk.result["walking_bouts"])
else:
    from backstride.gait.pipeline import analyze_gait
    from backstride.gait.readers import read_recording
    bouts = len(analyze_gait(read_recording(path), height_cm=170).to_dict()["walking_bouts"])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall_s": time.perf_counter() - t, "peak_mb": peak, "bouts": bouts}))
"""


def _run(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from benchmarks.bench_gait_long import write_week

    modes = ("stream", "bytes", "whole") if HOURS <= 24 else ("stream", "bytes")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.cwa"
        n = write_week(path, HOURS / 24)
        size_mb = path.stat().st_size / 1e6
        rows = {}
        for mode in modes:
            runs = [_run(mode, path) for _ in range(RUNS)]
            rows[mode] = runs
            print(f"  {mode}: " + ", ".join(f"{r['wall_s']:.1f} s / {r['peak_mb']:.0f} MB" for r in runs))
        peak = {m: statistics.median(r["peak_mb"] for r in runs) for m, runs in rows.items()}
        wall = {m: statistics.median(r["wall_s"] for r in runs) for m, runs in rows.items()}
        print(
            f"| walk upload, {HOURS:g} h .cwa (`bench_upload`) | Records.upload_walk, fresh process, "
            f"{n:,} samples, {size_mb:.0f} MB, {rows['stream'][0]['bouts']} bouts | {RUNS} runs each | "
            + "; ".join(f"{m}: peak RSS {peak[m]:.0f} MB, {wall[m]:.1f} s" for m in modes)
            + f" | load {os.getloadavg()[0]:.1f} |"
        )


if __name__ == "__main__":
    main()
