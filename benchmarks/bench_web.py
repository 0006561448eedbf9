"""Web app latency under load: p95 of answering a question and of rendering a result page.

Three processes on loopback: the real server (``backstride serve`` on a temporary SQLite file), this
process (set-up), and a load process with 50 concurrent asyncio clients (httpx) for 30 s per
scenario. Each client is a person using the app: it sends a request, waits for the answer, then
thinks for a random 0.5-1.5 s (``--think-s``, the mean) before the next one; ``--think-s 0`` turns
the clients into a closed loop that saturates the server (a stress figure, not the target).

Scenarios:

* ``answer``  POST /api/assessments/{id}/answers: the answer to the current question is stored and
  the next question chosen (a new interview starts when one is complete). Target p95 < 50 ms.
* ``answer_page``  the same through the HTML form: POST /check/{id}/answer (303) and the GET of the
  next question page that the browser then makes, timed together.
* ``floor``  GET /api/diary/1 (a 404 from one indexed read): the cost of the stack itself.
* ``result_page``  GET /check/{id}/result, the HTML result page (with a stored walk's gait factors)
  of a completed interview. Target p95 < 150 ms.

Each row also gives the server's CPU time (user + system, from /proc, its workers included) over the
scenario divided by the timed requests (a flow of two for ``answer_page``; the untimed start of each new
check is in it too): what the p95 follows on a busy machine, and less moved by other work than the p95.

    .venv/bin/python -m benchmarks web
    .venv/bin/python -m benchmarks.bench_web --duration-s 30 --clients 50 --think-s 1.0
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

TARGET_P95_MS = {"answer": 50.0, "answer_page": 50.0, "result_page": 150.0, "floor": 50.0}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WALK = SHARED / "data" / "mobilised-lab" / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pick_answer(question: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A plausible answer to a question: no red flags, otherwise varied."""
    codes = list(question["codes"])
    kind = question["kind"]
    if kind == "checklist":
        return {code: False for code in codes}
    if kind == "bool":
        return {codes[0]: rng.random() < 0.5}
    if kind == "number":
        low = float(question.get("min") or 0)
        high = float(question.get("max") or 100)
        return {codes[0]: round(low + (high - low) * rng.uniform(0.1, 0.6))}
    options = [o["value"] for o in question.get("options") or []]
    return {codes[0]: rng.choice(options) if options else None}


def page_form(question: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """The HTML form fields for ``answer`` (see web/pages.py: codes, choice, number, checked)."""
    code = question["codes"][0]
    form: dict[str, Any] = {"codes": ",".join(question["codes"])}
    if question["kind"] == "checklist":
        form["choice"] = "none"
    elif question["kind"] == "number":
        form["number"] = str(answer[code])
    elif question["kind"] == "bool":
        form["choice"] = "yes" if answer[code] else "no"
    else:
        form["choice"] = str(answer[code])
    return form


_CODES = re.compile(r'name="codes" value="([^"]*)"')
_CHOICES = re.compile(r'name="choice" value="([^"]*)"')
_BOUND = re.compile(r'\b(min|max)="([-0-9.]+)"')


def question_from_page(page: str) -> dict[str, Any] | None:
    """The question a question page asks (codes, kind, options or bounds), or None for another page
    (the result page once the interview is complete)."""
    codes = _CODES.search(page)
    if codes is None:
        return None
    question: dict[str, Any] = {"codes": codes.group(1).split(",")}
    choices = [c for c in _CHOICES.findall(page) if c != "unknown"]
    if 'name="checked"' in page:
        question["kind"] = "checklist"
    elif 'name="number"' in page:
        question["kind"] = "number"
        form = page[page.index('name="number"') :]
        question.update({k: float(v) for k, v in _BOUND.findall(form[: form.index(">")])})
    elif choices == ["yes", "no"]:
        question["kind"] = "bool"
    else:
        question["kind"] = "enum"
        question["options"] = [{"value": c} for c in choices]
    return question


# ------------------------------------------------------------------------------------- load process


async def _client(
    client: httpx.AsyncClient,
    scenario: str,
    seed: int,
    deadline: float,
    think_s: float,
    ids: list[int],
    out: list[float],
    errors: list[str],
) -> None:
    rng = random.Random(seed)
    assessment: dict[str, Any] | None = None
    await asyncio.sleep(rng.uniform(0, max(think_s, 0.05)))  # do not all start at once
    while time.monotonic() < deadline:
        try:
            assessment = await _one_request(client, scenario, rng, ids, assessment, out, errors)
        except (httpx.HTTPError, KeyError, ValueError) as exc:  # counted, and the client goes on
            errors.append(f"{scenario}: {type(exc).__name__}: {exc}")
            assessment = None
        if think_s > 0:
            await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))


async def _one_request(
    client: httpx.AsyncClient,
    scenario: str,
    rng: random.Random,
    ids: list[int],
    assessment: dict[str, Any] | None,
    out: list[float],
    errors: list[str],
) -> dict[str, Any] | None:
    if scenario in ("answer", "answer_page"):
        if assessment is None or assessment.get("next_question") is None:
            assessment = (await client.post("/api/assessments", json={"mode": "person"})).json()
        question = assessment["next_question"]
        answer = pick_answer(question, rng)
        start = time.perf_counter()
        if scenario == "answer":
            response = await client.post(
                f"/api/assessments/{assessment['id']}/answers", json={"answers": answer}
            )
            ok = response.status_code == 200
            elapsed = time.perf_counter() - start
            if ok:
                assessment = response.json()
        else:
            response = await client.post(
                f"/check/{assessment['id']}/answer",
                data=page_form(question, answer),
                follow_redirects=False,
            )
            ok = response.status_code == 303
            if ok:
                response = await client.get(response.headers["location"], follow_redirects=True)
                ok = response.status_code == 200
            elapsed = time.perf_counter() - start
            # the next question is read from the page the browser got, as a person reads it (no extra
            # request to the JSON API, which would load the server with work no browser asks for)
            assessment = {"id": assessment["id"], "next_question": question_from_page(response.text)}
    elif scenario == "floor":  # the cheapest endpoint: what the stack itself costs under this load
        start = time.perf_counter()
        response = await client.get("/api/diary/1")
        elapsed = time.perf_counter() - start
        ok = response.status_code == 404
    else:
        start = time.perf_counter()
        response = await client.get(f"/check/{rng.choice(ids)}/result")
        elapsed = time.perf_counter() - start
        ok = response.status_code == 200
    if ok:
        out.append(elapsed * 1000.0)
    else:
        errors.append(f"{scenario}: HTTP {response.status_code} {response.text[:200]}")
    return assessment


def _seed(scenario: str, client: int) -> int:
    """A different stream of answers for every client and scenario: a scenario must not find the
    next questions already chosen (and cached by the server) by the same answers of an earlier one."""
    return (1 + sorted(TARGET_P95_MS).index(scenario)) * 100_000 + client


async def _load(
    scenario: str, url: str, clients: int, duration_s: float, think_s: float, ids: list[int]
) -> tuple[list[float], list[str]]:
    out: list[float] = []
    errors: list[str] = []
    # Every client (one per simulated person, with its own connection) is made and connected before
    # the clock starts: making an httpx client loads TLS certificates, which would otherwise stall
    # this process's event loop and be counted as server latency.
    sessions = [httpx.AsyncClient(base_url=url, timeout=30.0) for _ in range(clients)]
    await asyncio.gather(*(session.get("/api/diary/0") for session in sessions))
    deadline = time.monotonic() + duration_s
    try:
        await asyncio.gather(
            *(
                _client(c, scenario, _seed(scenario, i), deadline, think_s, ids, out, errors)
                for i, c in enumerate(sessions)
            )
        )
    finally:
        await asyncio.gather(*(session.aclose() for session in sessions))
    return out, errors


def _load_process(args: tuple[str, str, int, float, float, list[int]], queue: Any) -> None:
    try:
        queue.put(asyncio.run(_load(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent instead of a silent hang
        queue.put(([], [f"load process failed: {type(exc).__name__}: {exc}"]))


# ------------------------------------------------------------------------------------- set-up


class Server:
    def __init__(self, db_path: Path, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backstride",
                "serve",
                "--no-browser",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--db",
                f"sqlite:///{db_path}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/version", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _complete_interviews(url: str, n: int) -> list[int]:
    rng = random.Random(7)
    ids = []
    with httpx.Client(base_url=url, timeout=60) as client:
        if WALK.is_file():
            client.post(
                "/api/walks",
                files={"file": ("imu.csv", WALK.read_bytes())},
                data={"acc_unit": "m/s^2", "gyr_unit": "deg/s"},
            ).raise_for_status()
        for _ in range(n):
            assessment = client.post("/api/assessments", json={"mode": "person"}).json()
            while assessment["next_question"] is not None:
                answer = pick_answer(assessment["next_question"], rng)
                response = client.post(
                    f"/api/assessments/{assessment['id']}/answers", json={"answers": answer}
                )
                response.raise_for_status()
                assessment = response.json()
            client.get(
                f"/check/{assessment['id']}/result"
            ).raise_for_status()  # computed once, as a person would
            ids.append(assessment["id"])
    return ids


def _wait_for(queue: Any, proc: Any, timeout_s: float) -> tuple[list[float], list[str]]:
    """The load process's result; an error row instead of a hang if it died or stalled."""
    import queue as queue_module

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            latencies, errors = queue.get(timeout=2.0)
            return list(latencies), list(errors)
        except queue_module.Empty:
            if not proc.is_alive():
                return [], [f"load process exited with code {proc.exitcode} without a result"]
    proc.terminate()
    return [], [f"load process gave no result within {timeout_s:.0f} s"]


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its children (the workers of
    ``--workers N``), from /proc; nan where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return float("nan")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks + sum(_cpu_s(int(child)) for child in children)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def run(
    scenarios: list[str], clients: int, duration_s: float, think_s: float, workers: int = 1
) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="backstride-bench-") as tmp:
        server = Server(Path(tmp) / "bench.sqlite3", workers)
        try:
            ids = _complete_interviews(server.url, 10) if "result_page" in scenarios else []
            ctx = multiprocessing.get_context("spawn")
            for scenario in scenarios:
                queue = ctx.Queue()
                proc = ctx.Process(
                    target=_load_process,
                    args=((scenario, server.url, clients, duration_s, think_s, ids), queue),
                )
                cpu_before = _cpu_s(server.proc.pid)
                proc.start()
                latencies, errors = _wait_for(queue, proc, duration_s + 300)
                proc.join()
                cpu_s = _cpu_s(server.proc.pid) - cpu_before  # also the untimed starts of new checks
                rows.append(
                    {
                        "scenario": scenario,
                        "requests": len(latencies),
                        "errors": len(errors),
                        "first_error": errors[0] if errors else "",
                        "rps": len(latencies) / duration_s,
                        "p50_ms": statistics.median(latencies) if latencies else float("nan"),
                        "p95_ms": _percentile(latencies, 95) if latencies else float("nan"),
                        "p99_ms": _percentile(latencies, 99) if latencies else float("nan"),
                        "target_ms": TARGET_P95_MS[scenario],
                        "server_cpu_ms": 1000.0 * cpu_s / len(latencies) if latencies else float("nan"),
                    }
                )
        finally:
            server.stop()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration-s", type=float, default=30.0)
    parser.add_argument("--think-s", type=float, default=1.0, help="mean pause between a client's requests")
    parser.add_argument("--workers", type=int, default=1, help="backstride serve --workers")
    parser.add_argument("--scenario", action="append", choices=sorted(TARGET_P95_MS), help="default: all")
    args = parser.parse_args(argv if argv is not None else [])
    scenarios = args.scenario or ["answer", "answer_page", "result_page"]
    load_before = os.getloadavg()[0]
    rows = run(scenarios, args.clients, args.duration_s, args.think_s, args.workers)
    load_after = os.getloadavg()[0]
    print(
        f"{args.clients} clients, {args.duration_s:.0f} s per scenario, think time {args.think_s} s "
        f"(uniform {0.5 * args.think_s:.2f}-{1.5 * args.think_s:.2f} s), "
        f"server: backstride serve --workers {args.workers}, SQLite; "
        f"1-min load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(
        "| scenario | requests | req/s | errors | p50 ms | p95 ms | p99 ms | target p95 ms | pass "
        "| server CPU ms per timed request |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        passed = r["errors"] == 0 and r["p95_ms"] < r["target_ms"]
        print(
            f"| {r['scenario']} | {r['requests']} | {r['rps']:.1f} | {r['errors']} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['target_ms']:.0f} | {'yes' if passed else 'NO'} "
            f"| {r['server_cpu_ms']:.1f} |"
        )
        if r["first_error"]:
            print(f"first error: {r['first_error']}")


if __name__ == "__main__":
    main(sys.argv[1:])
