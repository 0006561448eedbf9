"""``backstride import-health FILE``: everyday walking from an Apple Health export, beside the diary.

The file is the Health app's ``export.zip`` (or its ``export.xml``), read where it lies, streamed
(``services.everyday``): steps, distance, walking speed, step length, asymmetry, double support and
the six-minute walk estimate, one row per day. Importing the same export again adds nothing twice; a
newer one adds its new days and updates the rest. What was added is said in plain words.
"""

from __future__ import annotations

from pathlib import Path

import typer

from backstride.cli.options import DB_HELP, kept_only_if_stored, person_option
from backstride.core.dates import day_words
from backstride.core.errors import BackstrideError, NotFoundError


def _import_health(
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="The export.zip from the Health app ('Export All Health Data'), or its export.xml.",
        dir_okay=False,
        exists=False,
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Bring in your everyday walking from an Apple Health export (steps, walking speed and more),
    to see beside your diary. Not a diagnosis."""
    from backstride.cli.main import fail
    from backstride.cli.people_cmd import message, named, records_for
    from backstride.services.everyday import Everyday

    try:
        if not file.is_file():  # before a database is made for nothing
            raise NotFoundError(f"{file} does not exist or is not a file; expected export.zip or export.xml")
        with kept_only_if_stored(db):  # an export refused leaves no new database behind
            records, whose = records_for(db, person, create=True)
            result = Everyday(records).import_path(file)
    except BackstrideError as exc:
        raise fail(message(exc)) from exc
    of = "" if whose is None else f" for {named(whose)}"
    typer.echo(f"Everyday walking from {result.file_name}{of}: {result.in_words()}.")
    if result.first_day and result.last_day:  # an import that brings days in has both
        typer.echo(f"The days run from {day_words(result.first_day)} to {day_words(result.last_day)}.")
    for line in result.notes[1:]:
        typer.echo(f"  {line}")
    typer.echo("See them beside your diary on the Everyday walking page. This is not a diagnosis.")


def register(app: typer.Typer) -> None:
    app.command("import-health")(_import_health)


__all__ = ["register"]
