"""Memory of a walk upload through the real server: ``backstride serve`` in a fresh process, one
upload of a 12-hour 100 Hz AX6 ``.cwa`` (``bench_gait_long``'s tiled recording) with httpx, and the
server's peak RSS (``VmHWM`` from ``/proc``, Linux only) once it has answered.

    .venv/bin/python -m benchmarks upload_web
    BACKSTRIDE_BENCH_UPLOAD_HOURS=168 .venv/bin/python -m benchmarks upload_web   # a week, 774 MB
    BACKSTRIDE_BENCH_UPLOAD_FILE=/tmp/sl24h.zip .venv/bin/python -m benchmarks upload_web  # a file of yours,
    # e.g. a day of Sensor Logger from `python -m benchmarks.bench_phone_long --app sensor-logger --keep ...`
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOURS = float(os.environ.get("BACKSTRIDE_BENCH_UPLOAD_HOURS", "12"))
GIVEN_FILE = os.environ.get("BACKSTRIDE_BENCH_UPLOAD_FILE")
RUNS = 3


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(path: Path, tmp: Path) -> dict:
    import httpx

    port = _free_port()
    db = tmp / f"web-{port}.sqlite3"
    command = [sys.executable, "-m", "backstride", "serve", "--no-browser", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--db", f"sqlite:///{db}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/api/version", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("backstride serve did not start") from None
                time.sleep(0.2)
        idle = _peak_rss_mb(server.pid)
        started = time.perf_counter()
        with path.open("rb") as fh:
            reply = httpx.post(
                url + "/api/walks", files={"file": (path.name, fh)}, data={"height_cm": "170"}, timeout=600
            )
        wall = time.perf_counter() - started
        reply.raise_for_status()
        return {
            "wall_s": wall,
            "idle_mb": idle,
            "peak_mb": _peak_rss_mb(server.pid),
            "bouts": len(reply.json()["result"]["walking_bouts"]),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    from benchmarks.bench_gait_long import write_week

    with tempfile.TemporaryDirectory() as tmp:
        if GIVEN_FILE:
            path = Path(GIVEN_FILE)
            what, samples = path.name, ""
        else:
            path = Path(tmp) / "walks.cwa"
            what, samples = f"{HOURS:g} h .cwa", f"{write_week(path, HOURS / 24):,} samples, "
        size_mb = path.stat().st_size / 1e6
        runs = [_run(path, Path(tmp)) for _ in range(RUNS)]
        print("  " + ", ".join(f"{r['wall_s']:.1f} s / {r['peak_mb']:.0f} MB" for r in runs))
        print(
            f"| walk upload through the server, {what} (`bench_upload_web`) | `backstride serve`, "
            f"fresh process, POST /api/walks with httpx, {samples}{size_mb:.0f} MB, "
            f"{runs[0]['bouts']} bouts | {RUNS} runs | server peak RSS "
            f"{statistics.median(r['peak_mb'] for r in runs):.0f} MB "
            f"({min(r['peak_mb'] for r in runs):.0f}-{max(r['peak_mb'] for r in runs):.0f}; idle "
            f"{statistics.median(r['idle_mb'] for r in runs):.0f} MB), "
            f"{statistics.median(r['wall_s'] for r in runs):.1f} s | load {os.getloadavg()[0]:.1f} |"
        )


if __name__ == "__main__":
    main()
