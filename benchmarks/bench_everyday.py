"""Importing an Apple Health export (``services.everyday``): time and peak memory of a fresh process.

A generated ``export.zip`` like a real one of a few years (the iOS 16 DTD, one record a line, a mix
of heart rate, energy and other records the import skips, steps from an iPhone and a Watch, the
walking-quality records) is imported with ``backstride import-health`` into a new SQLite file, the
zip read from inside (never unpacked to disk). Real exports are 0.5-2 GB unpacked.

    .venv/bin/python -m benchmarks everyday
    BACKSTRIDE_BENCH_EVERYDAY_MB=1500 .venv/bin/python -m benchmarks everyday
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path

XML_MB = float(os.environ.get("BACKSTRIDE_BENCH_EVERYDAY_MB", "500"))
RUNS = 3
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
<!ELEMENT Record (MetadataEntry*)>
]>
<HealthData locale="en_GB">
 <ExportDate value="2025-11-20 08:00:00 +0000"/>
"""
T = "HKQuantityTypeIdentifier"
DEVICE = 'device="&lt;&lt;HKDevice: 0x283a&gt;, name:iPhone, model:iPhone, hardware:iPhone14,5&gt;"'


def _record(kind: str, source: str, unit: str, start: str, value: object) -> str:
    return (
        f' <Record type="{T}{kind}" sourceName="{source}" sourceVersion="17.1" {DEVICE} unit="{unit}" '
        f'creationDate="{start}" startDate="{start}" endDate="{start}" value="{value}"/>\n'
    )


def _day(day: date) -> str:
    """One day's records, about 60 kB: many skipped ones, steps from two devices, walking quality."""
    lines = []
    for hour in range(7, 22):
        at = f"{day} {hour:02d}:10:00 +0000"
        lines += [_record("HeartRate", "Jo Watch", "count/min", at, 72)] * 12
        lines += [_record("ActiveEnergyBurned", "Jo Watch", "kcal", at, 1.5)] * 8
        lines += [
            _record("StepCount", "Jo iPhone", "count", at, 310),
            _record("StepCount", "Jo Watch", "count", at, 290),
        ]
        lines += [_record("DistanceWalkingRunning", "Jo iPhone", "km", at, 0.21)]
        lines += [
            _record("WalkingSpeed", "Jo iPhone", "km/hr", at, 4.3),
            _record("WalkingStepLength", "Jo iPhone", "cm", at, 66),
        ]
        lines += [_record("WalkingAsymmetryPercentage", "Jo iPhone", "%", at, 0.04)]
        lines += [_record("WalkingDoubleSupportPercentage", "Jo iPhone", "%", at, 0.29)]
    return "".join(lines)


def _export(folder: Path) -> tuple[Path, int, int]:
    """The zip, its export.xml's size and its number of days."""
    path = folder / "export.zip"
    size, days, first = 0, 0, date(2021, 1, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("apple_health_export/export.xml", "w", force_zip64=True) as xml:
            xml.write(HEAD.encode())
            while size < XML_MB * 1024**2:
                block = _day(first + timedelta(days=days)).encode()
                xml.write(block)
                size += len(block)
                days += 1
            xml.write(b"</HealthData>\n")
        archive.writestr("apple_health_export/export_cda.xml", b"<ClinicalDocument/>")
    return path, size, days


CHILD = """
import json, re, sys, time
t = time.perf_counter()
from backstride.cli.main import run
sys.argv = ["backstride", "import-health", sys.argv[1], "--db", sys.argv[2]]
try:
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
# this process's own peak (VmHWM starts again at exec; ru_maxrss would keep the parent's)
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) / 1024
print(json.dumps({"wall_s": time.perf_counter() - t, "peak_mb": peak}))
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-everyday-") as tmp:
        folder = Path(tmp)
        path, size, days = _export(folder)
        print(
            f"export.zip {path.stat().st_size / 1024**2:.0f} MB, "
            f"export.xml {size / 1024**2:.0f} MB, {days} days"
        )
        results = []
        for run in range(RUNS):
            db = f"sqlite:///{folder}/e{run}.sqlite3"
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), db], capture_output=True, text=True, check=True
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"run {run + 1}: {results[-1]['wall_s']:.1f} s, peak RSS {results[-1]['peak_mb']:.0f} MB")
        wall = statistics.median(r["wall_s"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        print(
            f"| import-health, {size / 1024**2:.0f} MB export.xml in a zip | median {wall:.1f} s "
            f"= {size / 1024**2 / wall:.0f} MB/s, peak RSS {peak:.0f} MB (max of {RUNS}) |"
        )


if __name__ == "__main__":
    main()
