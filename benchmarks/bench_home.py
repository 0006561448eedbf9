"""Home with many checks not finished: the first visit after a restart works out what the answers of
every one of them already mean (a warning is never hidden, so none can be skipped), and the second
visit finds them in the warnings' own cache. A temporary SQLite file holds ``--checks`` checks, each
answered part of the way at random (a third of them clinician checks; a warning-sign item ticked with
the chance ``--yes``, "don't know" with 5%); each visit is timed in a fresh process (a restart).

    .venv/bin/python -m benchmarks.bench_home                       # 1,000 checks, few warnings
    .venv/bin/python -m benchmarks.bench_home --yes 0.07            # about a third of them warn
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backstride.services.interview import Interview
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings


def _value(question: dict[str, Any], rng: random.Random, yes: float) -> Any:
    if question["kind"] == "number":
        low, high = int(question["min"] or 0), int(min(question["max"] or 90, 90))
        return rng.choice([None, rng.randint(low, high)])
    if question["kind"] == "enum":
        return rng.choice([None, *(o["value"] for o in question["options"])])
    return True if rng.random() < yes else (None if rng.random() < 0.05 else False)


def fill(path: Path, checks: int, yes: float, seed: int = 5) -> None:
    """``checks`` checks not finished, each with 1-10 questions answered."""
    records = Records(Database(sqlite_url(path)).migrate())
    rng = random.Random(seed)
    for _ in range(checks):
        mode = rng.choice(["person", "person", "clinician"])
        check = records.start_assessment(mode).id
        interview = Interview(mode=mode)
        for _ in range(rng.randint(1, 10)):
            question = interview.next_question()
            if question is None:
                break
            shown = question.to_dict()
            answers = {code: _value(shown, rng, yes) for code in question.codes}
            for code, value in answers.items():
                interview.answer(code, value)
            records.answer(check, answers)


def visit(path: Path) -> dict[str, Any]:
    """Two visits of Home by an app just started on ``path``: wall time and this process's CPU."""
    with TestClient(create_app(Settings(database_url=sqlite_url(path)))) as client:
        times = []
        pages = []
        for _ in range(2):
            wall, cpu = time.perf_counter(), time.process_time()
            page = client.get("/")
            times.append((time.perf_counter() - wall, time.process_time() - cpu))
            assert page.status_code == 200
            pages.append(page.text)
    return {
        "first_s": times[0][0],
        "first_cpu_s": times[0][1],
        "second_s": times[1][0],
        "second_cpu_s": times[1][1],
        "offers_warning": pages[0].count('warning-now" role="alert"'),
        "same_page": pages[0] == pages[1],
    }


def main(argv: list[str] | None = None) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--yes", type=float, default=0.002, help="chance of a warning-sign item ticked")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--visit", type=Path, help=argparse.SUPPRESS)  # one restart's visits (a child)
    args = parser.parse_args(argv)
    if args.visit is not None:
        print(json.dumps(visit(args.visit)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "home.sqlite3"
        fill(path, args.checks, args.yes)
        print(f"Home with {args.checks} checks not finished (warning-sign item ticked: {args.yes:.1%})")
        print("| run | first visit s | its CPU s | second visit s | its CPU s | offers with a warning |")
        print("|---|---|---|---|---|---|")
        for run in range(1, args.runs + 1):
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_home", "--visit", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(child.stdout.strip().splitlines()[-1])
            assert r["same_page"], "the second visit drew another page"
            print(
                f"| {run} | {r['first_s']:.3f} | {r['first_cpu_s']:.3f} | {r['second_s']:.3f} | "
                f"{r['second_cpu_s']:.3f} | {r['offers_warning']} |"
            )


if __name__ == "__main__":
    main()
