"""``backstride staff``: clinic staff who sign in to the web app with their own name and password.

``staff add NAME`` asks for their password twice (or reads one line from stdin with ``--stdin``, as
``password set`` does); from then on the web app needs a sign-in, and what they do is written down
with their name (``backstride activity``). ``staff list`` shows the names and when each was added
(never a password or its hash); ``staff remove NAME`` (asked first, unless ``--yes``) and
``staff password NAME`` end that member's sessions. ``staff admin NAME`` (``--off`` to undo) lets a
member manage the staff on the web app's Staff page too (``staff add NAME --admin`` at once). See
``backstride.services.access``.
"""

from __future__ import annotations

import json

import typer

from backstride.cli.options import DB_HELP
from backstride.core.dates import moment_words
from backstride.core.errors import BackstrideError, NotFoundError

staff_app = typer.Typer(
    name="staff",
    help="Staff who sign in to the web app with their own name and password (for a clinic).",
    no_args_is_help=True,
)

NAME_HELP = "The staff member's name, as they type it to sign in (capital letters do not matter)."
STDIN_HELP = "Read the password from the first line of stdin."
ADMIN_HELP = "Let them manage the staff on the web app's Staff page."


@staff_app.command("add")
def add(
    name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
    stdin: bool = typer.Option(False, "--stdin", help=STDIN_HELP),
    admin: bool = typer.Option(False, "--admin", help=ADMIN_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add a staff member who signs in with their name and their own password."""
    from backstride.cli.main import fail
    from backstride.cli.password_cmd import open_access, read_new_password
    from backstride.services.access import checked_name, checked_password, name_taken

    try:
        checked_name(name)  # before the password is asked, and before the database: nothing made
        same = open_access(db).staff_member(name)  # a name taken: said before the password is typed
    except NotFoundError:  # nobody has that name yet (or there is no database yet): go on
        same = None
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if same is not None:
        raise fail(str(name_taken(same.name)))
    password = read_new_password(stdin, prompt="Their password")
    try:
        checked_password(password)
        access = open_access(db, create=True)
        first = not access.required
        member = access.add_staff(name, password, admin=admin)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Added {member.name!r}. They sign in with this name and their password.")
    if member.is_admin:
        typer.echo("They are an admin: they can manage the staff on the web app's Staff page.")
    if first:
        typer.echo("The web app now asks everyone to sign in.")


@staff_app.command("list")
def list_staff(
    as_json: bool = typer.Option(False, "--json", help="Print the staff as JSON."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show the staff who may sign in, and when each was added."""
    from backstride.cli.main import fail
    from backstride.cli.password_cmd import open_access

    try:
        members = open_access(db).staff()
    except NotFoundError:  # no database there yet: none is made to say so
        members = []
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps([m.to_dict() for m in members], indent=1, ensure_ascii=False))
        return
    if not members:
        typer.echo("No staff yet. Add someone with: backstride staff add NAME")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Staff who sign in with their own name")
    for header in ("Name", "Admin", "Added"):
        table.add_column(header)
    for m in members:
        table.add_row(
            Text(m.name),
            "yes" if m.is_admin else "no",
            Text(moment_words(m.created_at)),
        )
    Console().print(table)


@staff_app.command("remove")
def remove(
    name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
    yes: bool = typer.Option(False, "--yes", help="Remove without asking first."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Remove a staff member: they can no longer sign in, and their sessions end."""
    from backstride.cli import people_cmd
    from backstride.cli.main import fail
    from backstride.cli.password_cmd import open_access

    try:
        access = open_access(db)
        member = access.staff_member(name)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if not yes:
        question = f"Remove {member.name!r}? They can no longer sign in"
        if not people_cmd.stdin_is_terminal():  # nobody to answer (a script): not an error
            raise people_cmd.not_asked(
                question, "Nothing was removed. To remove them, run the command again with --yes."
            )
        if not typer.confirm(question, default=False):
            typer.echo("Nothing was removed.", err=True)
            raise typer.Exit(code=1)
    try:
        access.remove_staff(member.name)
        left = access.required
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"Removed {member.name!r}. The activity list keeps their name on what they did.")
    if not left:
        typer.echo(
            "No staff and no password are left: a web app started for other computers (serve --host) now "
            "shows nothing until one is added; one on 127.0.0.1 opens without a sign-in."
        )


@staff_app.command("password")
def change_password(
    name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
    stdin: bool = typer.Option(False, "--stdin", help=STDIN_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Change a staff member's password: they must sign in again with the new one."""
    from backstride.cli.main import fail
    from backstride.cli.password_cmd import open_access, read_new_password

    try:
        access = open_access(db)
        member = access.staff_member(name)  # before the password is asked
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    password = read_new_password(stdin, prompt=f"New password for {member.name}")
    try:
        access.set_staff_password(member.name, password)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"The password of {member.name!r} is changed. They must sign in again with it.")


@staff_app.command("admin")
def make_admin(
    name: str = typer.Argument(..., metavar="NAME", help=NAME_HELP),
    off: bool = typer.Option(False, "--off", help="Make them no longer an admin."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Make a staff member an admin, who can manage the staff on the web app's Staff page (--off: undo)."""
    from backstride.cli.main import fail
    from backstride.cli.password_cmd import open_access

    try:
        access = open_access(db)
        before = access.staff_member(name)
        member = access.set_staff_admin(before.name, not off)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if before.is_admin == member.is_admin:
        already = "is an admin" if member.is_admin else "is not an admin"
        typer.echo(f"{member.name!r} {already} already; nothing changed.")
    elif member.is_admin:
        typer.echo(f"{member.name!r} is now an admin: they can manage the staff on the web app's Staff page.")
    else:
        typer.echo(f"{member.name!r} is no longer an admin.")


def register(app: typer.Typer) -> None:
    app.add_typer(staff_app)


__all__ = ["register"]
