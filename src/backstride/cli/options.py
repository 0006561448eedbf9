"""Options that several commands share, so they read the same everywhere: ``--db`` and ``--person``."""

from __future__ import annotations

from typing import Any

import typer

DB_HELP = "Database URL (default: DATABASE_URL, else the app's SQLite file in your user data folder)."
PERSON_HELP = (
    "Whose records: a person's id or label, as 'backstride people list' shows them. "
    "Needed when the database keeps records for several people."
)


def person_option() -> Any:
    """The ``--person`` option of every command that reads or writes stored records (a new one each
    time: typer keeps an option's settings on the object)."""
    return typer.Option(None, "--person", metavar="PERSON", help=PERSON_HELP)


__all__ = ["DB_HELP", "PERSON_HELP", "person_option"]
