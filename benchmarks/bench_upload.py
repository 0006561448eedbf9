"""Memory of a walk upload through the services layer (what the web app does with a file).

A 12-hour 100 Hz AX6 ``.cwa`` (the tiled recording of ``bench_gait_long``: each hour 15 min of lab
walking, 45 min still) is uploaded with ``Records.upload_walk`` in a fresh process, and compared with
reading the same file whole and analysing it in one piece (what uploads did before 2026-11-26). Both
hold the uploaded bytes in memory, as the web app does.

    .venv/bin/python -m benchmarks upload
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HOURS = 12
RUNS = 3

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
data = path.read_bytes()
t = time.perf_counter()
if mode == "upload":
    from backstride.services.records import Records
    from backstride.storage.db import Database
    records = Records(Database(f"sqlite:///{tempfile.mkdtemp()}/w.sqlite3").migrate())
    bouts = len(records.upload_walk(path.name, data, height_cm=170).result["walking_bouts"])
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

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.cwa"
        n = write_week(path, HOURS / 24)
        size_mb = path.stat().st_size / 1e6
        rows = {}
        for mode in ("upload", "whole"):
            runs = [_run(mode, path) for _ in range(RUNS)]
            rows[mode] = runs
            print(f"  {mode}: " + ", ".join(f"{r['wall_s']:.1f} s / {r['peak_mb']:.0f} MB" for r in runs))
        up, whole = rows["upload"], rows["whole"]
        print(
            f"| walk upload, {HOURS} h .cwa (`bench_upload`) | Records.upload_walk, fresh process, "
            f"{n:,} samples, {size_mb:.0f} MB, {up[0]['bouts']} bouts | {RUNS} runs | peak RSS "
            f"{statistics.median(r['peak_mb'] for r in up):.0f} MB piece by piece vs "
            f"{statistics.median(r['peak_mb'] for r in whole):.0f} MB read whole; "
            f"{statistics.median(r['wall_s'] for r in up):.1f} s vs "
            f"{statistics.median(r['wall_s'] for r in whole):.1f} s | load {os.getloadavg()[0]:.1f} |"
        )


if __name__ == "__main__":
    main()
