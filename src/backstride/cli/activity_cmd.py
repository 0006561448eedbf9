"""``backstride activity``: what was done to the records, newest first (``services.activity``).

People added, changed or deleted; all of someone's records deleted, restored or downloaded; the
password set or cleared; staff added or removed or their password changed: when, what, whose, which
staff member (when one signed in with their own name), through which interface and from which address.
"""

from __future__ import annotations

import json

import typer

from backstride.cli.options import DB_HELP, number_parser
from backstride.core.dates import moment_words
from backstride.core.errors import BackstrideError


def activity(
    limit: int = typer.Option(
        50,
        "--limit",
        metavar="1-1000",
        # ASCII digits, in the service's range (``services.activity``): a wrong one is said naming
        # --limit, as report --weeks is (the service said "limit must be ...")
        parser=number_parser(1, 1000, whole=True),
        help="Show at most this many lines.",
    ),
    before: int | None = typer.Option(
        None,
        "--before",
        metavar="ID",
        # 1 or more (the service said "before must be a whole number from 1 to 9223372036854775807")
        parser=number_parser(1, whole=True),
        help="Only lines older than this id (the next page).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the lines as JSON."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show what was done to the records: people added, changed or deleted; records deleted, restored or downloaded; the password set or cleared; staff added or removed; and who did it."""  # noqa: E501 - one paragraph in --help
    from backstride.cli.data_cmd import open_records
    from backstride.cli.main import fail

    try:
        events = open_records(db).activity.list(limit=limit, before=before)
    except BackstrideError as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps([e.to_dict() for e in events], indent=1, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not events:
        console.print("Nothing was done yet." if before is None else "Nothing older.", markup=False)
        return
    table = Table(title="What was done, newest first")
    for header in ("Id", "When", "What", "Whose", "More", "Who, how and from where"):
        table.add_column(header)
    for e in events:
        whose = "" if e.person_label is None else f"{e.person_label} (person {e.person_id})"
        cells = (str(e.id), moment_words(e.at), e.what, whose, e.detail, e.who)
        table.add_row(*(Text(c) for c in cells))  # as typed: never read as markup
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("activity")(activity)


__all__ = ["register"]
