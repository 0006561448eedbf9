"""``backstride serve`` that fails inside uvicorn leaves no new, empty database behind.

The port is checked before "running at" is said, but another program can take it after the check and
before uvicorn binds it. uvicorn then stops (exit 3), and the database file serve had just made and
migrated stayed behind, empty: a new ``--db`` name became a file holding nothing. Now serve removes
it as every other command does (``cli.options.kept_only_if_stored``), names the problem (the port in
use) and exits with status 2. Here the port is really bound by another socket, after the check, and
the real uvicorn tries it.
"""

from __future__ import annotations

import gc
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backstride.cli import serve_cmd
from backstride.cli.main import app


@pytest.fixture
def taken_after_the_check(monkeypatch: pytest.MonkeyPatch):
    """The serve command's real port check, after which another socket binds and listens on the port."""
    taken = socket.socket()
    real_check = serve_cmd._check_can_listen

    def check_then_taken(host: str, port: int) -> None:
        real_check(host, port)
        if taken.getsockname()[1] == 0:  # the first check: the port was free, now it is taken
            taken.bind((host, port))
            taken.listen()

    monkeypatch.setattr(serve_cmd, "_check_can_listen", check_then_taken)
    monkeypatch.setattr("webbrowser.open", lambda url: None)
    thresholds = gc.get_threshold()
    yield taken
    taken.close()
    # the real uvicorn started the app (its start-up freezes the collector) before it tried the port
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_port_taken_before_uvicorn_binds_it_leaves_no_database(
    taken_after_the_check, tmp_path: Path
) -> None:
    db = tmp_path / "new.sqlite3"
    port = _free_port()
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", str(port), "--db", str(db)])
    assert taken_after_the_check.getsockname()[1] == port  # really bound by someone else
    assert result.exit_code == 2, result.output
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no database, no journal


def test_a_database_that_was_there_before_is_kept(
    taken_after_the_check: socket.socket, tmp_path: Path
) -> None:
    db = tmp_path / "kept.sqlite3"
    made = CliRunner().invoke(app, ["people", "add", "Room 4", "--db", str(db)])
    assert made.exit_code == 0, made.output
    before = db.read_bytes()
    port = _free_port()
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", str(port), "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert db.exists() and len(db.read_bytes()) >= len(before) > 0


def test_a_stop_with_ctrl_c_keeps_the_new_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """uvicorn raises the Ctrl+C it caught once it has stopped serving: no failure, the database it served
    stays (emptied of nothing: a person may have looked at it and will come back)."""

    def served_then_stopped(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("uvicorn.run", served_then_stopped)
    monkeypatch.setattr(serve_cmd, "_check_can_listen", lambda host, port: None)
    db = tmp_path / "served.sqlite3"
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--port", str(_free_port()), "--db", str(db)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert db.exists()
