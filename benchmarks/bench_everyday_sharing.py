"""How much a year of everyday walking adds to what a clinician receives: the report (HTML and PDF)
and the FHIR export, of one person with and without 365 days from Apple Health.

The person has 30 diary days; the everyday days are imported through ``Everyday.import_file`` from
an export.xml made here (every measure every day, a six-minute walk estimate weekly: 2,242
Observations in the Bundle). Each figure is the median of ``bench_sharing.RUNS`` warm calls; the FHIR
export includes its R4 check (every resource read strictly by fhirclient), as it is served.

    .venv/bin/python -m benchmarks everyday_sharing
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from benchmarks.bench_sharing import median_ms

DAYS = 365


def export_xml(today: date) -> bytes:
    rows = []
    for i in range(DAYS):
        day = f"{today - timedelta(days=i)} 09:00:00 +0000"
        values = [
            ("StepCount", 3000 + (i * 37) % 4000, "count"),
            ("DistanceWalkingRunning", 2.1, "km"),
            ("WalkingSpeed", 3.5 + (i % 9) * 0.1, "km/hr"),
            ("WalkingStepLength", 60, "cm"),
            ("WalkingAsymmetryPercentage", 0.03, "%"),
            ("WalkingDoubleSupportPercentage", 0.29, "%"),
        ]
        if i % 7 == 0:
            values.append(("SixMinuteWalkTestDistance", 420, "m"))
        rows += [
            f'<Record type="HKQuantityTypeIdentifier{kind}" sourceName="Bench iPhone" unit="{unit}" '
            f'startDate="{day}" endDate="{day}" value="{value}"/>'
            for kind, value, unit in values
        ]
    return ("<HealthData>\n" + "\n".join(rows) + "\n</HealthData>\n").encode()


def main() -> None:
    from backstride.services.everyday import Everyday
    from backstride.services.records import Records
    from backstride.services.sharing import make_export
    from backstride.storage.db import Database, sqlite_url
    from backstride.web.report import render_report
    from backstride.web.report_pdf import render_report_pdf

    with tempfile.TemporaryDirectory() as tmp:
        records = Records(Database(sqlite_url(Path(tmp) / "everyday.sqlite3")).migrate())
        today = records.today()
        for i in range(30):
            records.add_diary_entry(entry_date=(today - timedelta(days=i)).isoformat(), pain_0_10=4 + i % 3)
        print("| everyday days | report HTML | report PDF | FHIR export | Bundle size |")
        print("|---|---|---|---|---|")
        for days in (0, DAYS):
            if days:
                Everyday(records).import_file("export.xml", export_xml(today))
            render_report(records)  # templates, knowledge and fonts loaded outside the timing
            html_ms, _ = median_ms(lambda: render_report(records))
            pdf_ms, _ = median_ms(lambda: render_report_pdf(records))
            fhir_ms, export = median_ms(lambda: make_export(records, "fhir", note_download=False))
            size = len(export.text.encode()) / 1e6
            print(f"| {days} | {html_ms:.0f} ms | {pdf_ms:.0f} ms | {fhir_ms:.0f} ms | {size:.2f} MB |")


if __name__ == "__main__":
    main()
