"""How long sharing takes on a year of use: the report for a clinician and every export.

The database is the ``year`` one of ``bench_fhir_export`` (20 assessments from the dev vignettes,
10 walks of a real lab recording, 365 diary days), built through ``Records`` in a temporary SQLite
file. Measured, each the median of RUNS:

* the report: ``render_report`` warm (the page drawn twice, as it is served), and ``GET /report``
  and ``GET /report.pdf`` through the app (FastAPI's test client, the app's real clock and database);
  the FHIR export with the PDF report in it;
* each export through ``make_export`` (one read of the database, then JSON, FHIR or a CSV table);
* restoring the JSON export into an empty database (every value checked, one transaction; the
  empty database's migration is inside the time);
* a fresh ``backstride report --out`` (HTML and PDF) and ``backstride export fhir --out`` process:
  wall time and peak memory (RSS of the child, from ``resource.getrusage``).

    .venv/bin/python -m benchmarks sharing
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RUNS = 5
END_OF_DATA = datetime(2027, 1, 1, 12, tzinfo=UTC)


def median_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, out


def cold(args: list[str]) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MB) of a fresh ``backstride`` process."""
    times, peaks = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def main() -> None:
    from fastapi.testclient import TestClient

    from backstride.services.records import Records
    from backstride.services.restore import restore_export
    from backstride.services.sharing import EXPORT_KINDS, make_export
    from backstride.storage.db import Database, sqlite_url
    from backstride.web.app import create_app
    from backstride.web.report import render_report
    from backstride.web.report_pdf import render_report_pdf
    from backstride.web.settings import Settings
    from benchmarks.bench_fhir_export import build

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "year.sqlite3"
        build(path, 20, 10, 365)
        url = sqlite_url(path)
        records = Records(Database(url).migrate())
        render_report(records)  # knowledge, templates and results loaded outside the timing
        print("| what | median ms | size |")
        print("|---|---|---|")
        ms, html = median_ms(lambda: render_report(records))
        print(f"| report, render_report | {ms:.0f} | {len(html) / 1000:.0f} kB |")
        with TestClient(create_app(Settings(database_url=url))) as client:
            client.get("/report")
            ms, response = median_ms(lambda: client.get("/report"))
            print(f"| report, GET /report | {ms:.0f} | {len(response.content) / 1000:.0f} kB |")
            client.get("/report.pdf")
            ms, response = median_ms(lambda: client.get("/report.pdf"))
            print(f"| report as PDF, GET /report.pdf | {ms:.0f} | {len(response.content) / 1000:.0f} kB |")
        pdf = render_report_pdf(records)
        ms, export = median_ms(lambda: make_export(records, "fhir", report_pdf=pdf))
        print(f"| export fhir with the PDF report | {ms:.0f} | {len(export.text.encode()) / 1000:.0f} kB |")
        for kind in EXPORT_KINDS:
            make_export(records, kind)
            ms, export = median_ms(lambda kind=kind: make_export(records, kind))
            print(f"| export {kind} | {ms:.0f} | {len(export.text.encode()) / 1000:.0f} kB |")
        backup = make_export(records, "json").text
        fresh = iter(range(RUNS))

        def restore() -> Any:
            db = Database(sqlite_url(Path(tmp) / f"restored{next(fresh)}.sqlite3")).migrate()
            target = Records(db, clock=lambda: END_OF_DATA)  # the year's diary runs to 31 Dec 2026
            return restore_export(target, backup)

        ms, restored = median_ms(restore)
        items = sum(restored.added.values())
        print(f"| restore the json export into an empty database | {ms:.0f} | {items} items |")
        exe = str(Path(sys.executable).with_name("backstride"))
        for name, args in (
            ("backstride report", [exe, "report", "--db", url, "--out", f"{tmp}/r.html", "--force"]),
            (
                "backstride report --format pdf",
                [exe, "report", "--format", "pdf", "--db", url, "--out", f"{tmp}/r.pdf", "--force"],
            ),
            (
                "backstride export fhir",
                [exe, "export", "fhir", "--db", url, "--out", f"{tmp}/f.json", "--force"],
            ),
        ):
            seconds, peak_mb = cold(args)
            print(f"\nfresh process, {name}: {seconds:.2f} s (median of {RUNS}), peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
