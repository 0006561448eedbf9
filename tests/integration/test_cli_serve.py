"""``backstride serve``: loopback by default, --port/--db/--no-browser, clean errors."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from backstride.cli.main import app


@pytest.fixture
def fake_uvicorn(monkeypatch) -> dict[str, Any]:
    """Record what ``uvicorn.run`` would serve instead of serving it; and which URL a browser got."""
    seen: dict[str, Any] = {"browser": []}

    def run(asgi_app, **kwargs):  # noqa: ANN001
        seen["app"] = asgi_app
        seen.update(kwargs)

    def open_now(host, port, url, timeout_s=30.0):  # noqa: ANN001 - the real one waits for the port
        seen["browser"].append(url)

    monkeypatch.setattr("uvicorn.run", run)
    monkeypatch.setattr("backstride.cli.serve_cmd._open_when_listening", open_now)
    # the default port 8000 may be taken on a shared machine; the real check is tested below
    monkeypatch.setattr("backstride.cli.serve_cmd._check_can_listen", lambda host, port: None)
    monkeypatch.setattr("webbrowser.open", lambda url: seen["browser"].append(("direct", url)))
    return seen


def test_defaults_to_loopback_and_opens_the_browser(fake_uvicorn, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'default.sqlite3'}")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["host"] == "127.0.0.1" and fake_uvicorn["port"] == 8000
    assert fake_uvicorn["browser"] == ["http://127.0.0.1:8000/"]
    assert "http://127.0.0.1:8000/" in result.output
    assert (tmp_path / "default.sqlite3").exists()  # migrated at start-up


def test_port_db_and_no_browser(fake_uvicorn, tmp_path) -> None:
    db = tmp_path / "chosen.sqlite3"
    result = CliRunner().invoke(app, ["serve", "--port", "8765", "--db", f"sqlite:///{db}", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["port"] == 8765 and fake_uvicorn["browser"] == []
    assert fake_uvicorn["app"].state.db.url == f"sqlite:///{db}"
    assert db.exists()


def test_a_non_loopback_host_needs_a_password_and_then_warns(fake_uvicorn, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    args = ["serve", "--host", "0.0.0.0", "--no-browser", "--db", db]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2 and "app" not in fake_uvicorn
    assert "no password is set; set one first with 'backstride password set'" in refused.output
    with_own_sign_in = CliRunner().invoke(app, [*args, "--no-password"])
    assert with_own_sign_in.exit_code == 0, with_own_sign_in.output
    assert "other computers on your network" in with_own_sign_in.output
    fake_uvicorn.clear()
    password = "a long clinic password\n"
    typed = CliRunner().invoke(app, ["password", "set", "--stdin", "--db", db], input=password)
    assert typed.exit_code == 0, typed.output
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["app"].state.access.check_password("a long clinic password")


def test_a_bad_database_url_is_a_clean_error(fake_uvicorn) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", "not a url", "--no-browser"])
    assert result.exit_code == 2
    assert "error: database URL 'not a url' is not valid" in result.output
    assert "Traceback" not in result.output and "app" not in fake_uvicorn


@pytest.mark.parametrize("via", ["--db", "DATABASE_URL"])
def test_a_database_that_cannot_be_used_is_a_clean_error(fake_uvicorn, tmp_path, monkeypatch, via) -> None:
    from tests.integration.test_storage import _unusable_database_urls

    for url, problem in _unusable_database_urls(tmp_path):
        args = ["serve", "--no-browser"]
        if via == "--db":
            args += ["--db", url]
        else:
            monkeypatch.setenv("DATABASE_URL", url)
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (url, result.output, result.exception)
        assert "Traceback" not in result.output and "app" not in fake_uvicorn
        if url == f"sqlite:///{tmp_path}":  # --db and DATABASE_URL are checked before it is opened
            assert result.output.startswith(f"error: {via} {tmp_path} is a folder; expected"), result.output
            continue
        assert result.output.startswith("error: cannot use the database "), result.output
        assert problem in result.output and "secret" not in result.output


def _serve_with_real_listen_check(monkeypatch, tmp_path, *args: str) -> tuple[Any, list[str]]:
    started: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append("uvicorn"))
    db = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    return CliRunner().invoke(app, ["serve", "--no-browser", "--db", db, *args]), started


def test_a_port_in_use_is_a_clean_error_before_claiming_to_run(monkeypatch, tmp_path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, started = _serve_with_real_listen_check(monkeypatch, tmp_path, "--port", str(port))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: port {port} on 127.0.0.1 is already in use"), result.output
    assert "is running at" not in result.output and started == []


def test_a_host_that_is_not_an_address_is_a_clean_error(monkeypatch, tmp_path) -> None:
    result, started = _serve_with_real_listen_check(monkeypatch, tmp_path, "--host", "not a host")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: cannot listen on host 'not a host'"), result.output
    assert "is running at" not in result.output and started == []


def test_a_free_port_passes_the_check_and_a_late_start_up_failure_is_exit_2(monkeypatch, tmp_path) -> None:
    result, started = _serve_with_real_listen_check(monkeypatch, tmp_path, "--port", "0")
    assert result.exit_code == 2  # port 0 is refused by the option's range, not by the check
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result, started = _serve_with_real_listen_check(monkeypatch, tmp_path, "--port", str(port))
    assert result.exit_code == 0 and started == ["uvicorn"], result.output

    def taken_meanwhile(*_a: Any, **_k: Any) -> None:
        raise SystemExit(3)  # what uvicorn does when it cannot bind

    monkeypatch.setattr("uvicorn.run", taken_meanwhile)
    result = CliRunner().invoke(
        app, ["serve", "--no-browser", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"]
    )
    assert result.exit_code == 2 and "error: the web app could not start" in result.output


def test_a_bad_port_is_refused(fake_uvicorn) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "70000", "--no-browser"])
    assert result.exit_code == 2 and "port" in result.output.lower()


def test_the_readme_first_command_starts_the_app_on_its_sqlite_default(tmp_path) -> None:
    """The README's first command ends in ``backstride serve``; with no settings at all that serves
    the app on 127.0.0.1 from a SQLite file in the user data folder."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx
    from tests.conftest import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text()
    first_command = readme.split("```bash\n", 1)[1].splitlines()[0]
    assert first_command.startswith("python3 -m venv .venv && .venv/bin/pip install -e")
    assert first_command.rstrip().endswith("&& .venv/bin/backstride serve")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # where platformdirs puts the user data folder
    proc = subprocess.Popen(
        [sys.executable, "-m", "backstride", "serve", "--no-browser", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert home.status_code == 200 and "backstride" in home.text
        assert (tmp_path / "data" / "backstride" / "backstride.sqlite3").is_file()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_several_workers_share_the_migrated_database(fake_uvicorn, tmp_path, monkeypatch) -> None:
    # serve sets DATABASE_URL for its workers; monkeypatch puts the variable back as it was afterwards
    monkeypatch.setenv("DATABASE_URL", "sqlite:///overridden-by---db")
    monkeypatch.setenv("BACKSTRIDE_ALLOWED_HOSTS", "")  # put back afterwards too
    db = tmp_path / "shared.sqlite3"
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--no-browser", "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["app"] == "backstride.web.app:create_serving_app" and fake_uvicorn["factory"] is True
    assert fake_uvicorn["workers"] == 2 and fake_uvicorn["host"] == "127.0.0.1"
    assert "several workers on SQLite" in result.output
    import os

    assert os.environ["DATABASE_URL"] == f"sqlite:///{db}"  # what each worker's create_app reads
    assert os.environ["BACKSTRIDE_ALLOWED_HOSTS"] == "127.0.0.1"
    from alembic.script import ScriptDirectory

    from backstride.storage.db import Database
    from backstride.storage.migrate import alembic_config, current_revision

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    # migrated once, up front, to the newest schema (it named 0001 and failed once 0002 came)
    assert current_revision(Database(f"sqlite:///{db}").engine) == head


def _frozen_by_start_up(app: Any) -> tuple[int, int]:
    """How many objects the garbage collector had frozen before and after ``app`` started (its
    lifespan, as uvicorn runs it); the collector is put back as it was."""
    import gc

    from fastapi.testclient import TestClient

    thresholds = gc.get_threshold()
    before = gc.get_freeze_count()
    try:
        with TestClient(app):
            return before, gc.get_freeze_count()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_one_worker_settles_once_the_app_has_started(fake_uvicorn, tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--no-browser", "--db", f"sqlite:///{tmp_path / 'one.sqlite3'}"]
    )
    assert result.exit_code == 0, result.output
    before, after = _frozen_by_start_up(fake_uvicorn["app"])
    assert before == 0 and after > 10_000  # the knowledge base and the libraries, out of the GC's view


def test_each_of_several_workers_settles_once_started(fake_uvicorn, tmp_path, monkeypatch) -> None:
    # what uvicorn does in each worker process: import the factory it was given, call it, start the app
    import importlib

    monkeypatch.setenv("DATABASE_URL", "sqlite:///overridden-by---db")
    monkeypatch.setenv("BACKSTRIDE_ALLOWED_HOSTS", "")
    db = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--no-browser", "--db", db])
    assert result.exit_code == 0, result.output
    module, name = fake_uvicorn["app"].split(":")
    worker_app = getattr(importlib.import_module(module), name)()
    assert worker_app.state.db.url == db
    before, after = _frozen_by_start_up(worker_app)
    assert before == 0 and after > 10_000


def test_the_browser_opens_only_once_the_server_listens(monkeypatch) -> None:
    import socket
    import threading

    from backstride.cli import serve_cmd

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    opener = threading.Thread(target=serve_cmd._open_when_listening, args=("127.0.0.1", port, "u", 10.0))
    opener.start()
    opener.join(timeout=0.6)
    assert opened == []  # bound but not listening yet: no browser
    listener.listen()
    opener.join(timeout=5)
    listener.close()
    assert opened == ["u"]


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_an_upload_limit_that_is_not_a_size_is_a_clean_error(
    fake_uvicorn, tmp_path, monkeypatch, value
) -> None:
    monkeypatch.setenv("BACKSTRIDE_MAX_UPLOAD_MB", value)
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(
        f"error: BACKSTRIDE_MAX_UPLOAD_MB={value!r} is not a size; expected whole megabytes"
    )
    assert "Traceback" not in result.output and "app" not in fake_uvicorn


def test_the_upload_limit_set_in_the_environment_reaches_the_app(fake_uvicorn, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BACKSTRIDE_MAX_UPLOAD_MB", "2048")
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"])
    assert result.exit_code == 0, result.output
    assert fake_uvicorn["app"].state.records.max_upload_bytes == 2048 * 1024 * 1024
    monkeypatch.delenv("BACKSTRIDE_MAX_UPLOAD_MB")
    result = CliRunner().invoke(app, ["serve", "--no-browser", "--db", f"sqlite:///{tmp_path / 'y.sqlite3'}"])
    assert fake_uvicorn["app"].state.records.max_upload_bytes == 1024 * 1024 * 1024  # 1 GB unless told


def test_a_clinic_names_the_app_is_reached_by_in_the_environment(fake_uvicorn, tmp_path, monkeypatch) -> None:
    # a clinic serves on 0.0.0.0 and opens http://backstride.clinic.example/: the name is allowed only
    # when BACKSTRIDE_ALLOWED_HOSTS says so, and serve keeps it besides --host (one worker or several)
    from fastapi.testclient import TestClient

    monkeypatch.setenv("BACKSTRIDE_ALLOWED_HOSTS", "backstride.clinic.example")
    db = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    args = ["serve", "--host", "0.0.0.0", "--no-browser", "--no-password", "--db", db]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with TestClient(fake_uvicorn["app"], base_url="http://backstride.clinic.example") as named:
        assert named.get("/api/version").status_code == 200
    with TestClient(fake_uvicorn["app"], base_url="http://evil.example") as other:
        refused = other.get("/api/version")
        assert refused.status_code == 400 and "BACKSTRIDE_ALLOWED_HOSTS" in refused.json()["detail"]
    result = CliRunner().invoke(app, [*args, "--workers", "2"])
    assert result.exit_code == 0, result.output
    import os

    assert os.environ["BACKSTRIDE_ALLOWED_HOSTS"] == "0.0.0.0,backstride.clinic.example"


def test_served_to_the_network_with_a_password_the_app_requires_one(
    fake_uvicorn, tmp_path, monkeypatch
) -> None:
    from backstride.services.access import Access
    from backstride.storage.db import Database

    monkeypatch.setenv("BACKSTRIDE_REQUIRE_PASSWORD", "")  # put back afterwards (serve sets it for workers)
    db = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    Access(Database(db).migrate()).set_password("correct horse battery staple")
    args = ["serve", "--host", "0.0.0.0", "--no-browser", "--db", db]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert fake_uvicorn["app"].state.settings.require_password is True
    assert CliRunner().invoke(app, [*args, "--no-password"]).exit_code == 0
    assert fake_uvicorn["app"].state.settings.require_password is False
    assert CliRunner().invoke(app, ["serve", "--no-browser", "--db", db]).exit_code == 0  # 127.0.0.1
    assert fake_uvicorn["app"].state.settings.require_password is False
    assert CliRunner().invoke(app, [*args, "--workers", "2"]).exit_code == 0
    import os

    assert os.environ["BACKSTRIDE_REQUIRE_PASSWORD"] == "1"
