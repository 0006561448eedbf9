"""``backstride password``: a password for a web app that other computers can reach (a clinic).

``password set`` asks for it twice (or reads one line from stdin with ``--stdin``, for scripts);
from then on every page and API call of ``backstride serve`` on that database needs it, within two
seconds also in a server already running. ``password clear`` removes it; ``password status`` says
whether one is set. See ``backstride.services.access`` for how it is kept.
"""

from __future__ import annotations

import sys

import typer

from backstride.cli.options import DB_HELP
from backstride.core.errors import BackstrideError, NotFoundError

password_app = typer.Typer(
    name="password",
    help="A password for the web app, needed when other computers can reach it (for example in a clinic).",
    no_args_is_help=True,
)


def open_access(db: str | None, *, create: bool = False):  # noqa: ANN202 - imported late: starts fast
    """The sign-in of ``db``'s app; only what adds a way in may make a new database
    (``options.database_url``)."""
    from backstride.cli.options import database_url
    from backstride.services.access import Access
    from backstride.storage.db import Database

    return Access(Database(database_url(db, create=create)).migrate())


def read_new_password(stdin: bool, prompt: str = "New password") -> str:
    """A new password: the first line of stdin (``--stdin``), else asked twice at the terminal."""
    from backstride.cli.main import fail

    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise fail("no terminal to type the password in; pipe it with --stdin (one line)")
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt="Type it again"))


@password_app.command("set")
def set_password(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    stdin: bool = typer.Option(False, "--stdin", help="Read the password from the first line of stdin."),
) -> None:
    """Set or change the password (everyone signed in must sign in again)."""
    from backstride.cli.main import fail

    password = read_new_password(stdin)
    try:
        from backstride.services.access import checked_password

        checked_password(password)  # before the database: a refused password makes no new one
        open_access(db, create=True).set_password(password)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    typer.echo("The password is set. Every page and API call now needs it.")
    typer.echo("Anyone signed in before must sign in again.")


@password_app.command("clear")
def clear_password(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Remove the password: without staff, whoever reaches the web app can then open everyone's records."""
    from backstride.cli.main import fail

    try:
        access = open_access(db)
        was_set = access.clear()
        staff_left = access.has_staff
    except NotFoundError:  # no database there yet: nothing to clear, and none is made
        was_set = False
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if not was_set:
        typer.echo("No password was set.")
        return
    typer.echo("The password is removed.")
    if staff_left:
        typer.echo("Staff still sign in with their own names. Anyone signed in before must sign in again.")
        return
    typer.echo(
        "A web app started for other computers (serve --host) now shows nothing until a new one is set; "
        "one on 127.0.0.1 opens without it."
    )


@password_app.command("status")
def password_status(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Say whether the web app needs a password (or staff sign in with their own)."""
    from backstride.cli.main import fail

    try:
        access = open_access(db)
        password_set, staff = access.password_set, len(access.staff())
    except NotFoundError:  # no database there yet: none is made to say so
        password_set, staff = False, 0
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    typer.echo("A password is set: the web app asks for it." if password_set else "No password is set.")
    if staff:
        members = "1 staff member signs" if staff == 1 else f"{staff} staff members sign"
        typer.echo(f"{members} in with their own name and password (see 'backstride staff list').")


def register(app: typer.Typer) -> None:
    app.add_typer(password_app)


__all__ = ["open_access", "read_new_password", "register"]
