"""How long ``export_bundle`` takes to turn an ``export_all`` document into a checked FHIR R4 Bundle.

Two documents, each built from a temporary SQLite database through ``Records`` (as the web app and
the CLI make them):

* ``small``: one real lab walk (HA/001 TimeMeasure1_Test5_Trial1), two finished assessments (the
  first two dev vignettes) and 7 diary entries, the size of a sample made on 2026-11-26 by a
  scratch script that was not kept;
* ``year``: a year of use: 20 finished assessments (the 40 dev vignettes taken in turn), 10 walks
  of the same recording, 365 diary entries.

Each finished assessment adds a RiskAssessment and a CarePlan of its relief plan (about 20
activities for a routine plan). Per document: the median of RUNS warm calls
(``time.perf_counter``), the time without the R4 check (the mapping alone) and the Bundle's JSON
size; then a fresh process's import of ``backstride.fhir`` plus its first call (fhirclient and the
knowledge base loaded on first use).

    .venv/bin/python -m benchmarks fhir_export
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
VIGNETTES = SHARED / "data" / "vignettes" / "dev.jsonl"
WALK = SHARED / "data" / "mobilised-lab" / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
RUNS = 5


def build(path: Path, assessments: int, walks: int, days: int) -> dict[str, Any]:
    from backstride.services.records import Records
    from backstride.storage.db import Database, sqlite_url

    now = [datetime(2026, 1, 1, 9, tzinfo=UTC)]
    records = Records(Database(sqlite_url(path)).migrate(), clock=lambda: now[0])
    vignettes = [json.loads(line) for line in VIGNETTES.read_text("utf-8").splitlines()]
    data = WALK.read_bytes()
    for i in range(walks):
        records.upload_walk(f"walk{i}.csv", data, height_cm=175, acc_unit="m/s^2", gyr_unit="deg/s")
    for i in range(assessments):
        findings = vignettes[i % len(vignettes)]["findings"]
        a = records.start_assessment(
            "clinician" if any(k.startswith("exam_") for k in findings) else "person"
        )
        records.answer(a.id, findings)
        records.result(a.id)
    for i in range(days):
        now[0] = datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(days=i)
        records.add_diary_entry(
            entry_date=now[0].date().isoformat(),
            pain_0_10=i % 11,
            walking_tolerance_min=None if i % 7 == 0 else 5.0 + i % 30,
            notes="walked to the shop",
        )
    return records.export_all()


def timed(document: dict[str, Any], check: bool) -> tuple[float, int]:
    import backstride.fhir.export as export

    real = export.check_bundle
    if not check:
        export.check_bundle = lambda bundle: None  # type: ignore[assignment]
    try:
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            bundle = export.export_bundle(document)
            times.append(time.perf_counter() - start)
    finally:
        export.check_bundle = real
    return statistics.median(times), len(json.dumps(bundle))


COLD = """
import json, sys, time
start = time.perf_counter()
from backstride.fhir import export_bundle
imported = time.perf_counter()
export_bundle(json.load(open(sys.argv[1])))
print(json.dumps([imported - start, time.perf_counter() - imported]))
"""


def main() -> None:
    from backstride.fhir import export_bundle

    with tempfile.TemporaryDirectory() as tmp:
        cases = {
            "small (2 assessments, 1 walk, 7 diary days)": build(Path(tmp) / "small.sqlite3", 2, 1, 7),
            "year (20 assessments, 10 walks, 365 diary days)": build(Path(tmp) / "year.sqlite3", 20, 10, 365),
        }
        export_bundle(
            next(iter(cases.values()))
        )  # fhirclient and the knowledge base loaded outside the timing
        print("| document | entries | CarePlans | JSON | median ms (checked) | median ms (mapping only) |")
        print("|---|---|---|---|---|---|")
        for name, document in cases.items():
            checked, size = timed(document, check=True)
            mapping, _ = timed(document, check=False)
            kinds = [e["resource"]["resourceType"] for e in export_bundle(document)["entry"]]
            print(
                f"| {name} | {len(kinds)} | {kinds.count('CarePlan')} | {size / 1000:.0f} kB "
                f"| {checked * 1000:.1f} | {mapping * 1000:.1f} |"
            )
        small = Path(tmp) / "small.json"
        small.write_text(json.dumps(next(iter(cases.values()))), "utf-8")
        colds = []
        for _ in range(RUNS):
            out = subprocess.run(
                [sys.executable, "-c", COLD, str(small)], capture_output=True, text=True, check=True
            )
            colds.append(json.loads(out.stdout))
        imports = statistics.median(c[0] for c in colds)
        firsts = statistics.median(c[1] for c in colds)
        print(
            f"\nfresh process, small document: import backstride.fhir {imports * 1000:.0f} ms, "
            f"first export_bundle {firsts * 1000:.0f} ms (median of {RUNS})"
        )


if __name__ == "__main__":
    main()
