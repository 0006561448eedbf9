"""``backstride diary``: the pain and walking diary from the terminal, in the web app's database.

``diary add`` keeps one day's entry (pain 0-10, minutes walked before symptoms, notes), exactly as
the Diary page and ``POST /api/diary`` do (the same checks, the same database); ``diary list`` shows
the entries and the trends. A wrong value is named (every problem at once) and nothing is saved.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import typer

from backstride.cli.options import number_parser, person_option
from backstride.core.errors import BackstrideError, InputError

diary_app = typer.Typer(
    name="diary",
    help="Your pain and walking diary (the same one as the web app's). Not a diagnosis.",
    no_args_is_help=True,
)


def notice() -> str:
    """What the table and the JSON both end with (the trends are conclusions), citing the sources of
    the self-care advice to see a clinician when it gets worse."""
    from backstride.knowledge import load_knowledge

    sources = ", ".join(load_knowledge().dispositions["self_care"].sources)
    return (
        f"This is not a diagnosis. If your pain gets worse or you are worried, see a clinician [{sources}]."
    )


def _fail(exc: BackstrideError) -> typer.Exit:
    from backstride.cli.main import fail
    from backstride.cli.people_cmd import message

    return fail(message(exc))


@diary_app.command("add")
def _add(
    pain: int = typer.Option(
        ...,
        "--pain",
        metavar="0-10",
        parser=number_parser(0, 10, whole=True),
        help="Pain today, from 0 (none) to 10 (worst you can imagine).",
    ),
    minutes: float | None = typer.Option(
        None,
        "--minutes",
        metavar="0-600",
        parser=number_parser(0, 600),
        help="Minutes you could walk before the pain started (leave out if you did not walk).",
    ),
    notes: str = typer.Option("", "--notes", help="What helped, what made it worse (optional)."),
    day: str | None = typer.Option(None, "--date", help="The day, YYYY-MM-DD (default: today)."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help="Database URL (default: the web app's)."),
) -> None:
    """Keep today's (or another day's) diary entry."""
    from backstride.cli.people_cmd import named, records_for

    try:
        records, whose = records_for(db, person, create=True)
        day_given = day if day is not None else date.today().isoformat()  # local, as the Diary page
        problems = records.diary_entry_problems(entry_date=day_given, notes=notes)  # both at once
        if problems:
            raise InputError("; ".join(str(p) for p in problems) + "; nothing was saved")
        entry = records.add_diary_entry(
            entry_date=day_given, pain_0_10=pain, walking_tolerance_min=minutes, notes=notes
        )
    except BackstrideError as exc:
        raise _fail(exc) from exc
    walked = (
        "" if entry.walking_tolerance_min is None else f", {entry.walking_tolerance_min:g} minutes walked"
    )
    of = "" if whose is None else f" for {named(whose)}"
    typer.echo(f"Saved {entry.entry_date:%d %b %Y}{of}: pain {entry.pain_0_10}{walked}.")


@diary_app.command("list")
def _list(
    as_json: bool = typer.Option(False, "--json", help="Print the entries and trends as JSON."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help="Database URL (default: the web app's)."),
) -> None:
    """Show the diary and whether pain and walking are changing."""
    from backstride.cli.people_cmd import named, records_for

    try:
        records, whose = records_for(db, person)
        progress: dict[str, Any] = records.progress()
    except BackstrideError as exc:
        raise _fail(exc) from exc
    if as_json:
        keys = ("as_of", "entries", "weekly", "pain_trend", "walking_tolerance_trend")
        shown = {k: progress[k] for k in keys} | {"notice": notice()}
        typer.echo(json.dumps(shown, indent=1, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not progress["entries"]:
        of, add = ("", "") if whose is None else (f" for {named(whose)}", f" --person {whose.id}")
        console.print(
            f"No diary entries yet{of}. Add one with: backstride diary add{add} --pain 4 --minutes 10",
            markup=False,
            highlight=False,
        )
        return
    title = "Your diary" if whose is None else f"Diary of {named(whose)}"
    table = Table(title=Text(f"{title}, newest first"))  # a label as typed: never read as Rich markup
    for header, justify in (
        ("Day", "left"),
        ("Pain (0-10)", "right"),
        ("Minutes walked", "right"),
        ("Notes", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for e in reversed(progress["entries"]):
        minutes = e.get("walking_tolerance_min")
        table.add_row(
            e["entry_date"], str(e["pain_0_10"]), "" if minutes is None else f"{minutes:g}", Text(e["notes"])
        )
    console.print(table)
    for trend in (progress["pain_trend"], progress["walking_tolerance_trend"]):
        console.print(f"• {trend['explanation']}", markup=False, highlight=False)
    console.print(notice(), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``diary`` command group to the top-level app."""
    app.add_typer(diary_app, name="diary")


__all__ = ["register"]
