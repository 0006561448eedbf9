"""The web app's CPU per request in process: what ``bench_web``'s server CPU column follows, without the
server, the sockets and the 50 clients, so that two versions of the code can be compared on a machine
whose load moves wall-clock figures.

The ASGI app runs in this process (FastAPI's test client) on a temporary SQLite file, with the data
``bench_web`` builds (the lab walk HA/001 and 10 finished person checks, each result page viewed once);
each request is timed with ``time.process_time`` (every thread of this process: the app's too):

* ``result_page``  GET /check/{id}/result of those checks in turn (a result worked out before).
* ``answer``  POST /api/assessments/{id}/answers (a new check once one is finished).
* ``answer_page``  the HTML form's POST /check/{id}/answer and the GET of the page it leads to.

Medians in ms. To compare two versions, alternate runs of each through ``PYTHONPATH`` (a ``git worktree``
of the old one): ``--profile FILE`` writes a cProfile of the timed requests (the app's threads run inline
then, so the profile sees the endpoints; the figures are then the profiler's, not the app's).

    .venv/bin/python -m benchmarks.bench_server_cpu --requests 150
"""

from __future__ import annotations

import argparse
import cProfile
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_web import WALK, page_form, pick_answer, question_from_page

SCENARIOS = ("result_page", "answer", "answer_page")


class InProcess:
    """The app in this process, with ``bench_web``'s data."""

    def __init__(self, folder: Path, profiler: cProfile.Profile | None = None) -> None:
        from fastapi.testclient import TestClient

        from backstride.storage.db import sqlite_url
        from backstride.web.app import create_app
        from backstride.web.settings import Settings

        app: Any = create_app(Settings(database_url=sqlite_url(folder / "cpu.sqlite3")))
        self.profiling = False
        if profiler is not None:
            app = self._profiled(app, profiler)
        self.client = TestClient(app)
        self.client.__enter__()
        rng = random.Random(7)
        walk = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        self.client.post("/api/walks", files={"file": ("imu.csv", WALK.read_bytes())}, data=walk)
        self.ids = []
        for _ in range(10):
            check = self.client.post("/api/assessments", json={"mode": "person"}).json()
            while check["next_question"] is not None:
                answer = pick_answer(check["next_question"], rng)
                check = self._ok(
                    self.client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answer})
                ).json()
            self._ok(self.client.get(f"/check/{check['id']}/result"))
            self.ids.append(check["id"])

    def _profiled(self, app: Any, profiler: cProfile.Profile) -> Any:
        import anyio.to_thread

        async def inline(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
            return func(*args)

        anyio.to_thread.run_sync = inline  # type: ignore[assignment]  # one thread: one profile

        async def profiled(scope: Any, receive: Any, send: Any) -> None:
            if self.profiling and scope["type"] == "http":
                profiler.enable()
                try:
                    await app(scope, receive, send)
                finally:
                    profiler.disable()
            else:
                await app(scope, receive, send)

        return profiled

    @staticmethod
    def _ok(response: Any, status: int = 200) -> Any:
        if response.status_code != status:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        return response

    def result_page(self, n: int) -> list[float]:
        spent = []
        for i in range(n):
            start = time.process_time()
            self._ok(self.client.get(f"/check/{self.ids[i % len(self.ids)]}/result"))
            spent.append(time.process_time() - start)
        return spent

    def answer(self, n: int, *, page: bool = False) -> list[float]:
        spent: list[float] = []
        rng = random.Random(11)
        check: dict[str, Any] | None = None
        while len(spent) < n:
            if check is None or check["next_question"] is None:
                check = self.client.post("/api/assessments", json={"mode": "person"}).json()
            question = check["next_question"]
            answer = pick_answer(question, rng)
            start = time.process_time()
            if page:
                sent = self._ok(
                    self.client.post(
                        f"/check/{check['id']}/answer",
                        data=page_form(question, answer),
                        follow_redirects=False,
                    ),
                    303,
                )
                shown = self._ok(self.client.get(sent.headers["location"], follow_redirects=True))
                check = {"id": check["id"], "next_question": question_from_page(shown.text)}
            else:
                given = self.client.post(f"/api/assessments/{check['id']}/answers", json={"answers": answer})
                check = self._ok(given).json()
            spent.append(time.process_time() - start)
        return spent

    def run(self, scenario: str, n: int) -> list[float]:
        if scenario == "result_page":
            return self.result_page(n)
        return self.answer(n, page=scenario == "answer_page")

    def close(self) -> None:
        self.client.__exit__(None, None, None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=150, help="timed requests per scenario")
    parser.add_argument("--scenario", action="append", choices=SCENARIOS, help="default: all")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed requests here")
    args = parser.parse_args(argv if argv is not None else [])
    scenarios = args.scenario or list(SCENARIOS)
    profiler = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory(prefix="backstride-cpu-") as tmp:
        app = InProcess(Path(tmp), profiler)
        try:
            for scenario in scenarios:
                app.run(scenario, 20)  # warm: caches, the first result pages' work
            print("| scenario | requests | CPU ms per request, median | p90 |")
            print("|---|---|---|---|")
            for scenario in scenarios:
                app.profiling = profiler is not None
                spent = sorted(1000.0 * s for s in app.run(scenario, args.requests))
                app.profiling = False
                p90 = spent[min(len(spent) - 1, round(0.9 * (len(spent) - 1)))]
                print(f"| {scenario} | {len(spent)} | {statistics.median(spent):.2f} | {p90:.2f} |")
        finally:
            app.close()
    if profiler is not None:
        profiler.dump_stats(args.profile)
        print(f"profile: {args.profile}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
