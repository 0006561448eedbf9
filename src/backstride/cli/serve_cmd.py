"""``backstride serve``: the local web app (FastAPI + uvicorn), on 127.0.0.1 by default."""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
import time
import webbrowser
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from backstride.cli.options import DB_HELP, number_parser

LOOPBACK = "127.0.0.1"


class LowerCaseLevel(logging.Formatter):
    """uvicorn's own lines as every backstride command writes its problems: "error: [Errno 98] ...",
    not uvicorn's "ERROR:    [Errno 98] ..." above backstride's "error: port 8000 ... is in use"."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {super().format(record)}"


# uvicorn's logging (its LOGGING_CONFIG, by name so that each worker process builds it too), with the
# level in lower case; the access log stays off at log_level="warning" as before
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"()": "backstride.cli.serve_cmd.LowerCaseLevel", "fmt": "%(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def _serve(
    host: str = typer.Option(
        LOOPBACK, "--host", help="Address to listen on. Keep 127.0.0.1 to stay private."
    ),
    port: int = typer.Option(
        8000,
        "--port",
        metavar="1-65535",
        parser=number_parser(1, 65535, whole=True),
        help="Port to listen on.",
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        help=DB_HELP,
    ),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a browser window."),
    workers: int = typer.Option(
        1,
        "--workers",
        metavar="1-16",
        parser=number_parser(1, 16, whole=True),
        help="Server processes (more serve more people at once).",
    ),
    no_password: bool = typer.Option(
        False,
        "--no-password",
        help="Listen on another address without a password (only behind your own sign-in, e.g. a proxy).",
    ),
) -> None:
    """Start the local web app: questions, result and plan, walk upload and diary. Not a diagnosis."""
    from backstride.cli.options import database_url, kept_only_if_stored
    from backstride.core.errors import BackstrideError
    from backstride.storage.db import DATABASE_URL_ENV
    from backstride.web.app import create_app
    from backstride.web.settings import Settings, allowed_hosts_from_env

    # --host, and the names a clinic reaches the app by (BACKSTRIDE_ALLOWED_HOSTS), for every worker
    allowed = (host, *(name for name in allowed_hosts_from_env() if name != host))
    reachable = host not in (LOOPBACK, "localhost", "::1")
    stopped: KeyboardInterrupt | None = None
    # a refusal to start, or uvicorn failing to start (a port taken since the check), leaves no new
    # database behind; a stop with Ctrl+C once it served is no failure: the database is kept
    with kept_only_if_stored(db):
        try:
            # never the default database for an empty --db, nor one in memory, nor a mistyped folder
            # (of --db or DATABASE_URL)
            if db is not None or os.environ.get(DATABASE_URL_ENV, "").strip():
                db = database_url(db, create=True)  # a plain file path read as a SQLite file
            _check_can_listen(host, port)
            settings = replace(
                Settings(database_url=db) if db else Settings(),
                allowed_hosts=allowed,
                # served to other computers because a password is set: it never opens should it be cleared
                require_password=reachable and not no_password,
            )
            app = create_app(settings, settle=True)  # settles at start-up, in the serving process
        except BackstrideError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=2) from exc
        if reachable and not no_password and not app.state.access.required:
            app.state.db.dispose()
            typer.echo(
                f"error: on {host} other computers could open everyone's records, and no password is set; "
                "set one first with 'backstride password set' or add staff with 'backstride staff add NAME' "
                "(or keep --host 127.0.0.1, or add --no-password if your own sign-in stands in front)",
                err=True,
            )
            raise typer.Exit(code=2)
        try:
            _run(app, settings, allowed, host=host, port=port, workers=workers, no_browser=no_browser)
        except KeyboardInterrupt as exc:  # uvicorn raises the Ctrl+C it caught once it has stopped
            stopped = exc
    if stopped is not None:
        raise stopped


def _run(
    app: Any, settings: Any, allowed: tuple[str, ...], *, host: str, port: int, workers: int, no_browser: bool
) -> None:
    """Say where the app runs and serve it with uvicorn until stopped. uvicorn failing to start (exit 3:
    the port taken since the check, the app's start-up failing) is an error naming the problem, exit 2."""
    import uvicorn

    from backstride.storage.db import DATABASE_URL_ENV
    from backstride.web.settings import ALLOWED_HOSTS_ENV, REQUIRE_PASSWORD_ENV

    reachable = host not in (LOOPBACK, "localhost", "::1")
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{shown_host}:{port}/"
    typer.echo(f"backstride is running at {url}  (press Ctrl+C to stop)")
    typer.echo(f"Database: {_database_shown(settings.database_url)}")
    if reachable:
        typer.echo(f"warning: listening on {host}: other computers on your network may reach it.", err=True)
        typer.echo(_time_zone_note())
    if not no_browser:
        threading.Thread(target=_open_when_listening, args=(shown_host, port, url), daemon=True).start()
    try:
        if workers == 1:
            uvicorn.run(app, host=host, port=port, log_level="warning", log_config=LOG_CONFIG)
            return
        if app.state.db.is_sqlite:
            typer.echo(
                "warning: several workers on SQLite make writes wait on each other; one worker is faster "
                "(use PostgreSQL for several).",
                err=True,
            )
        # Several processes: each builds its own app from the environment (and settles once started);
        # the schema is already migrated above, so their start-up migration finds nothing to do.
        app.state.db.dispose()
        os.environ[DATABASE_URL_ENV] = settings.database_url
        os.environ[ALLOWED_HOSTS_ENV] = ",".join(allowed)
        os.environ[REQUIRE_PASSWORD_ENV] = "1" if settings.require_password else "0"
        uvicorn.run(
            "backstride.web.app:create_serving_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            log_config=LOG_CONFIG,
        )
    except SystemExit as exc:  # uvicorn exits 3 when it cannot start
        if exc.code in (0, None):
            raise
        typer.echo(f"error: {_why_not_started(host, port)}", err=True)
        raise typer.Exit(code=2) from exc


def _why_not_started(host: str, port: int) -> str:
    """Why uvicorn could not start, as far as can be told now: the port taken since the check (by name,
    as the check says it), else uvicorn's own message above."""
    from backstride.core.errors import InputError

    try:
        _check_can_listen(host, port)
    except InputError as exc:
        return str(exc)
    return f"the web app could not start on {host} port {port} (uvicorn's message above says why)"


def _database_shown(url: str) -> str:
    """The database the app uses, for a person: a SQLite file's path, else its URL without password."""
    from sqlalchemy.engine import make_url

    from backstride.storage.db import masked_url, normalise_url

    try:
        parsed = make_url(normalise_url(url))
    except Exception:  # sqlalchemy's ArgumentError: shown as given, password hidden
        return masked_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not parsed.database.startswith("file:"):
        return f"the SQLite file {Path(parsed.database).expanduser().absolute()}"
    return masked_url(normalise_url(url))


def _time_zone_note() -> str:
    """The time zone the pages show every time in, and whose day "today" is: this computer's. A
    clinic's server often runs in UTC, far from the clinic: said at start, with how to change it."""
    from datetime import datetime

    now = datetime.now().astimezone()
    offset = now.strftime("%z")
    return (
        f"Times are shown in this computer's time zone ({now.tzname()}, UTC{offset[:3]}:{offset[3:]}), "
        "and 'today' and 'yesterday' are its days; to show the clinic's, start backstride with TZ "
        "set, e.g. TZ=America/New_York."
    )


def _check_can_listen(host: str, port: int) -> None:
    """Raise ``InputError`` unless a server can listen on ``host``:``port`` (tried, then released).

    Checked before saying "running at", so a taken port or an unknown host is one clear error line,
    not a promise followed by uvicorn's own message.
    """
    from backstride.core.errors import InputError

    try:
        addresses = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            f"cannot listen on host {host!r}: it is not an address of this computer ({exc}); "
            "expected e.g. --host 127.0.0.1"
        ) from exc
    family, kind, proto, _name, address = addresses[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is already in use (is backstride already running there?); "
                "expected a free port, e.g. --port 8001"
            ) from exc
        raise InputError(
            f"cannot listen on {host} port {port}: {exc.strerror or exc}; "
            "expected an address of this computer, e.g. --host 127.0.0.1"
        ) from exc


def _open_when_listening(host: str, port: int, url: str, timeout_s: float = 30.0) -> None:
    """Open the browser once the server accepts connections (not before: no error page first)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    webbrowser.open(url)


def register(app: typer.Typer) -> None:
    """Add ``backstride serve`` to the top-level app."""
    app.command("serve")(_serve)


__all__ = ["register"]
