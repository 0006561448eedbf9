"""Crash test: kill -9 the real server (uvicorn on loopback, temporary SQLite file) in the middle of
diary writes and of walk uploads; after a restart the database is consistent and every write that
was acknowledged before the kill is there, complete.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import MOBILISED_LAB

pytestmark = pytest.mark.slow

READY_TIMEOUT_S = 60.0
MOBILISED_IMU_LONG = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test11_Trial1" / "imu.csv"  # 138 s
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}  # mobilised-lab imu.csv (index.json)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m backstride serve`` as a child process we can SIGKILL."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db_path.with_suffix(f".{self.port}.log")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        # a killed server leaves its upload's temporary folder: in the test's folder, not the machine's
        scratch = self.db_path.parent / "tmp"
        scratch.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(scratch)}
        env.pop("DATABASE_URL", None)
        cmd = [sys.executable, "-m", "backstride", "serve", "--no-browser", "--port", str(self.port)]
        cmd += ["--db", f"sqlite:///{self.db_path}"]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited early:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/diary", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server did not start within {READY_TIMEOUT_S} s:\n{self.log.read_text()}")

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crash.sqlite3"


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def _check_consistent(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def _payload(worker: int, i: int) -> dict[str, object]:
    return {
        "entry_date": "2026-11-01",
        "pain_0_10": (worker + i) % 11,
        "walking_tolerance_min": float(i % 600),
        "notes": f"writer {worker} entry {i} " + "x" * 200,
    }


class DiaryWriters:
    """Threads that post diary entries as fast as the server takes them, remembering what was acked."""

    def __init__(self, server: Server, round_no: int, sent: dict, acknowledged: dict) -> None:
        self.server = server
        self.round_no = round_no
        self.sent = sent
        self.acknowledged = acknowledged
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.threads = [threading.Thread(target=self._write, args=(w,)) for w in range(4)]

    def start(self) -> DiaryWriters:
        for t in self.threads:
            t.start()
        return self

    def join(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=15)

    def _write(self, worker: int) -> None:
        with httpx.Client(base_url=self.server.url, timeout=5.0) as client:
            i = 0
            while not self.stop.is_set():
                body = _payload(worker + 10 * self.round_no, i)
                self.sent[str(body["notes"])] = body
                with self.lock:
                    self.in_flight += 1
                try:
                    response = client.post("/api/diary", json=body)
                except httpx.TransportError:
                    return  # the server died under us: this write was never acknowledged
                finally:
                    with self.lock:
                        self.in_flight -= 1
                assert response.status_code == 201, response.text
                self.acknowledged[response.json()["id"]] = body
                i += 1


def test_kill_during_diary_writes_loses_no_acknowledged_entry(db_path: Path, servers: list[Server]) -> None:
    sent: dict[str, dict[str, object]] = {}
    acknowledged: dict[int, dict[str, object]] = {}
    in_flight_at_kill = []
    for round_no in range(3):
        server = Server(db_path).start()
        servers.append(server)
        writers = DiaryWriters(server, round_no, sent, acknowledged).start()
        time.sleep(0.8 + 0.3 * round_no)
        with writers.lock:
            in_flight_at_kill.append(writers.in_flight)
        server.kill()
        writers.join()
        _check_consistent(db_path)

    assert len(acknowledged) > 20, "too few writes were acknowledged to test anything"
    assert sum(in_flight_at_kill) > 0, "no write was in flight at any kill"

    server = Server(db_path).start()
    servers.append(server)
    stored = {e["id"]: e for e in httpx.get(f"{server.url}/api/diary", timeout=10).json()}
    for entry_id, body in acknowledged.items():
        assert entry_id in stored, f"acknowledged diary entry {entry_id} was lost"
        row = stored[entry_id]
        assert (row["pain_0_10"], row["walking_tolerance_min"], row["notes"]) == (
            body["pain_0_10"],
            body["walking_tolerance_min"],
            body["notes"],
        )
    for row in stored.values():  # nothing half-written: every row is exactly one request that was sent
        body = sent[row["notes"]]
        assert row["pain_0_10"] == body["pain_0_10"]
        assert row["walking_tolerance_min"] == body["walking_tolerance_min"]
    # and the server still takes writes after all that
    assert httpx.post(f"{server.url}/api/diary", json=_payload(99, 1), timeout=10).status_code == 201


def _multipart(filename: str, data: bytes, fields: dict[str, str], boundary: str) -> tuple[bytes, bytes]:
    head = b""
    for key, value in fields.items():
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + data, f"\r\n--{boundary}--\r\n".encode()


def _walks(server: Server) -> list[dict[str, object]]:
    response = httpx.get(f"{server.url}/api/walks", timeout=30)
    assert response.status_code == 200
    return list(response.json())


def test_kill_during_uploads_keeps_acknowledged_walks_and_no_half_record(
    db_path: Path, servers: list[Server]
) -> None:
    data = MOBILISED_IMU_LONG.read_bytes()
    server = Server(db_path).start()
    servers.append(server)

    # 1. one upload that completes: acknowledged, so it must survive everything below
    done = httpx.post(
        f"{server.url}/api/walks",
        files={"file": ("first-walk.csv", data, "text/csv")},
        data=UNITS,
        timeout=120,
    )
    assert done.status_code == 201, done.text
    first = done.json()

    # 2. kill while the file is still being sent (the body trickles in, half of it arrives)
    boundary = "backstride-crash-test"
    start, end = _multipart("half-sent.csv", data, UNITS, boundary)

    def trickle() -> Iterator[bytes]:
        half = len(start) // 2
        yield start[:half]
        time.sleep(30)  # the server is killed during this pause
        yield start[half:] + end

    errors: list[BaseException] = []

    def send_slowly() -> None:
        try:
            httpx.post(
                f"{server.url}/api/walks",
                content=trickle(),
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                timeout=60,
            )
        except httpx.TransportError as exc:
            errors.append(exc)

    sender = threading.Thread(target=send_slowly, daemon=True)
    sender.start()
    time.sleep(1.0)
    server.kill()
    _check_consistent(db_path)

    # 3. restart; send a whole file and kill 0.1 s after the last byte left, while the server reads
    #    and analyses it (analysis of this 138 s walk takes far longer), before any answer
    server = Server(db_path).start()
    servers.append(server)
    start, end = _multipart("killed-walk.csv", data, UNITS, boundary)
    body = start + end
    head = (
        f"POST /api/walks HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw:
        raw.sendall(head + body)
        time.sleep(0.1)
        server.kill()
        reply = b""
        try:
            while chunk := raw.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
    assert b"201" not in reply.split(b"\r\n", 1)[0], "the upload was acknowledged before the kill"
    _check_consistent(db_path)

    # 4. after the last restart: the acknowledged walk is there, complete; no half-stored walk
    server = Server(db_path).start()
    servers.append(server)
    walks = _walks(server)
    assert [w["id"] for w in walks] == [first["id"]]
    stored = walks[0]
    assert stored["result"] == first["result"]
    assert stored["algorithm_parameters"] == first["algorithm_parameters"] and stored["algorithm_parameters"]
    assert stored["package_version"] == first["package_version"]
