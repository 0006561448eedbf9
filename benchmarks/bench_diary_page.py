"""The diary page's size and time with many entries: ``GET /diary`` (and ``/diary?all=1``) through
the app (FastAPI TestClient) on a temporary SQLite file with 5,000 diary days (one a day, pain and
minutes every day, notes on every tenth day).

    .venv/bin/python -m benchmarks diary_page
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

N_ENTRIES = 5000


def fill(path: Path, n: int) -> None:
    records = Records(Database(sqlite_url(path)).migrate())
    today = date.today()
    for i in range(n):
        records.add_diary_entry(
            entry_date=(today - timedelta(days=n - 1 - i)).isoformat(),
            pain_0_10=i % 11,
            walking_tolerance_min=5 + i % 30,
            notes="short strides helped" if i % 10 == 0 else "",
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "diary.sqlite3"
        fill(path, N_ENTRIES)
        with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
            for url in ("/diary", "/diary?all=1"):
                times, size = [], 0
                for _ in range(3):
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200
                    size = len(response.content)
                print(
                    f"| GET {url} | {N_ENTRIES} entries | {size / 1e6:.2f} MB "
                    f"({size:,} bytes) | median {statistics.median(times) * 1000:.0f} ms of 3 |"
                )


if __name__ == "__main__":
    main()
