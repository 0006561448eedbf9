"""A clinic's database: does one person's page stay as fast when it keeps 100 people's records?

The ``year`` database of ``bench_fhir_export`` (one person: 20 checks, 10 walks of a real lab
recording, 365 diary days) is copied, row by row in SQL, for 99 more people: 2,000 checks, 1,000
walks and 36,500 diary days in all. Each use case of one person (``Records.for_person``) is timed
on the one-person file and on the clinic file, median of RUNS, warm; the ratio says what the other
99 people cost (the ``person_id`` indexes of migration 0004 should keep it near 1).

    .venv/bin/python -m benchmarks people
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 7
PEOPLE = 100


def median_ms(call: Callable[[], Any]) -> float:
    call()  # warm: knowledge, templates and caches loaded outside the timing
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def copy_for_more_people(path: Path, more: int) -> None:
    """Give ``more`` new people a copy of person 1's records (links between checks and walks kept)."""
    columns = {
        table: [
            row[1] for row in sqlite3.connect(path).execute(f"PRAGMA table_info({table})") if row[1] != "id"
        ]
        for table in ("gait_recordings", "assessments", "diary_entries")
    }
    with sqlite3.connect(path) as connection:
        for n in range(more):
            label = f"Person {n + 2}"
            person = connection.execute(
                "INSERT INTO people (label, created_at) VALUES (?, '2026-01-01 09:00:00')", (label,)
            ).lastrowid
            first_new_walk = 1 + connection.execute("SELECT max(id) FROM gait_recordings").fetchone()[0]
            first_walk = connection.execute(
                "SELECT min(id) FROM gait_recordings WHERE person_id = 1"
            ).fetchone()[0]
            for table, names in columns.items():
                chosen = ", ".join(names)
                taken = ", ".join(
                    "?" if name == "person_id" else
                    ("gait_recording_id + ?" if name == "gait_recording_id" else name)
                    for name in names
                )  # fmt: skip
                params: list[Any] = []
                for name in names:
                    if name == "person_id":
                        params.append(person)
                    elif name == "gait_recording_id":
                        params.append(first_new_walk - first_walk)
                copy = f"INSERT INTO {table} ({chosen}) SELECT {taken} FROM {table} WHERE person_id = 1"
                connection.execute(copy + " ORDER BY id", params)


def main() -> None:
    from backstride.services.records import Records
    from backstride.services.sharing import make_export
    from backstride.storage.db import Database, sqlite_url
    from backstride.web.report import render_report
    from benchmarks.bench_fhir_export import build

    with tempfile.TemporaryDirectory() as tmp:
        alone, clinic = Path(tmp) / "one.sqlite3", Path(tmp) / "clinic.sqlite3"
        build(alone, 20, 10, 365)
        with sqlite3.connect(alone) as source, sqlite3.connect(clinic) as target:
            source.backup(target)  # with what is still in the write-ahead log (a file copy would miss it)
        copy_for_more_people(clinic, PEOPLE - 1)
        databases = {
            name: Database(sqlite_url(path)).migrate() for name, path in (("one", alone), ("clinic", clinic))
        }
        people = {name: Records(db) for name, db in databases.items()}
        counts = people["clinic"].people.list()
        assert len(counts) == PEOPLE and all(p.counts == counts[0].counts for p in counts)
        print(f"clinic file: {PEOPLE} people, each {counts[0].counts}; {clinic.stat().st_size / 1e6:.0f} MB")
        print(f"\n| use case of one person (median of {RUNS}) | 1 person, ms | {PEOPLE} people, ms | ratio |")
        print("|---|---|---|---|")
        cases: dict[str, Callable[[Records], Any]] = {
            "diary list": lambda r: r.list_diary_entries(),
            "progress (diary charts)": lambda r: r.progress(),
            "history (list of checks)": lambda r: r.list_assessments(),
            "walks list": lambda r: r.list_walks(),
            "a check's result (stored)": lambda r: r.result(r.list_assessments()[0]["id"]),
            "export json": lambda r: make_export(r, "json"),
            "report": lambda r: render_report(r),
        }
        for name, case in cases.items():
            one = median_ms(lambda case=case: case(people["one"].for_person(1)))
            # the last person added: their rows are the newest, furthest from person 1's
            many = median_ms(lambda case=case: case(people["clinic"].for_person(PEOPLE)))
            print(f"| {name} | {one:.1f} | {many:.1f} | {many / one:.2f} |")
        ms = median_ms(lambda: people["clinic"].people.list())
        print(f"\nthe list of {PEOPLE} people with their counts: {ms:.1f} ms")
        for db in databases.values():
            db.dispose()


if __name__ == "__main__":
    main()
