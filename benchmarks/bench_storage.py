"""Start-up and one-off migration time of a large SQLite database.

A database of years of use (default 500 walks with a 200 kB result each, 2,000 assessments linked to
them, 3,000 diary entries: about 110 MB) is made at the first schema (``0001_initial``), then:

* ``upgrade``: ``Database.migrate()`` from 0001 to head, once per copy (the rebuild of the id
  tables for AUTOINCREMENT, with foreign keys off and the link check, migration 0002);
* ``start``: ``Database.migrate()`` on the migrated file, as every start of the app does (the file
  checks: ``PRAGMA quick_check``, which reads the whole file, then nothing to migrate).

    .venv/bin/python -m benchmarks storage
    BACKSTRIDE_BENCH_STORAGE_WALKS=2000 .venv/bin/python -m benchmarks storage
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

WALKS = int(os.environ.get("BACKSTRIDE_BENCH_STORAGE_WALKS", "500"))
RESULT_BYTES = 200_000
RUNS = 3
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _first_schema_database(path: Path) -> None:
    from alembic import command
    from sqlalchemy import insert

    from backstride.storage.db import Database, sqlite_url
    from backstride.storage.migrate import alembic_config
    from backstride.storage.models import Assessment, DiaryEntry, GaitRecording

    db = Database(sqlite_url(path))
    with db.engine.begin() as connection:
        config = alembic_config(db.engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    bouts = [{"start_s": i * 10.0, "steps": 20, "cadence_spm": 101.5} for i in range(RESULT_BYTES // 50)]
    with db.engine.begin() as connection:
        for i in range(WALKS):
            connection.execute(
                insert(GaitRecording).values(
                    original_filename=f"walk{i}.csv",
                    source_format="csv",
                    size_bytes=10,
                    sha256="0" * 64,
                    height_cm=172.0,
                    result={"walking_bouts": bouts},
                    findings={},
                    gait_factor_codes=[],
                    algorithm_parameters={},
                    package_version="0.1.0",
                    created_at=NOW,
                )
            )
        answers = {f"code_{k}": k % 3 == 0 for k in range(60)}
        connection.execute(
            insert(Assessment),
            [
                dict(
                    mode="person",
                    answers=answers,
                    result={"disposition": "routine", "because": ["x" * 40] * 20},
                    package_version="0.1.0",
                    gait_recording_id=1 + i % WALKS,
                    created_at=NOW,
                    updated_at=NOW,
                )
                for i in range(2000)
            ],
        )
        connection.execute(
            insert(DiaryEntry),
            [
                dict(
                    entry_date=date(2026, 1, 1),
                    pain_0_10=i % 11,
                    notes="a walk to the shop " * 5,
                    created_at=NOW,
                    updated_at=NOW,
                )
                for i in range(3000)
            ],
        )
    db.dispose()


def _timed_migrate(path: Path) -> float:
    from backstride.storage.db import Database, sqlite_url

    db = Database(sqlite_url(path))
    start = time.perf_counter()
    db.migrate()
    elapsed = time.perf_counter() - start
    db.dispose()
    return elapsed


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="backstride-bench-storage-"))
    try:
        original = work / "first.sqlite3"
        _first_schema_database(original)
        size_mb = original.stat().st_size / 1e6
        upgrades = []
        for run in range(RUNS):
            copy = work / f"copy{run}.sqlite3"
            shutil.copy(original, copy)
            upgrades.append(_timed_migrate(copy))
        starts = [_timed_migrate(work / "copy0.sqlite3") for _ in range(RUNS)]
        print("| case | database | runs (s) | median |")
        print("|---|---|---|---|")
        for name, times in (("upgrade 0001 -> head", upgrades), ("start (at head)", starts)):
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"| {name} | {WALKS} walks, {size_mb:.0f} MB | {runs} | {statistics.median(times):.2f} s |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
