"""``backstride people`` and ``--person``: whose records a command reads or writes.

A database keeps the records of one person at home ("Me") and of several in a clinic
(``services.people``). ``backstride people`` lists, adds, renames and deletes them. Every command
that reads or writes stored records takes ``--person ID or LABEL``; without it the database's one
person is meant, and with several people the command stops (exit 2) and asks whose: a note in the
wrong person's record is worse than a question. A ``--person`` that could mean two people (the
label "4" of one and the id 4 of another) is refused too, never guessed.
"""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from backstride.cli.options import DB_HELP, centimetres, kept_only_if_stored
from backstride.core.errors import (
    AmbiguousPersonError,
    BackstrideError,
    FieldError,
    InputError,
    NotFoundError,
    PersonNeededError,
    PersonNotFoundError,
)

if TYPE_CHECKING:
    from backstride.services.people import PersonView
    from backstride.services.records import Records

people_app = typer.Typer(
    name="people",
    help="The people whose records this database keeps (one, 'Me', at home; several in a clinic).",
    no_args_is_help=True,
)


def person_needed(count: int | None = None) -> str:
    """What to say when several people's records are kept and the command did not say whose."""
    many = f"{count} people" if count else "several people"
    return (
        f"this database keeps records for {many}; say whose with --person ID or LABEL "
        "(see 'backstride people list')"
    )


def option_of(key: str) -> str:
    """The option a field's key is typed as: ``birth_date`` -> ``--birth-date``."""
    return "--" + key.replace("_", "-")


def message(exc: BackstrideError) -> str:
    """An error's message for the command line: the service's 'person_id' becomes '--person', a
    field's key the option typed ('birth_date' -> '--birth-date')."""
    if isinstance(exc, FieldError):
        return exc.phrased({key: option_of(key) for key in exc.fields})
    text = str(exc)
    if not isinstance(exc, PersonNeededError) or "--person" in text:
        return text
    return person_needed(exc.people)


def _fail(exc: BackstrideError) -> typer.Exit:
    from backstride.cli.main import fail as main_fail

    return main_fail(message(exc))


# How the service's refusals about people name the command line's own commands.
CLI_NAMES = {
    "people_list": "'backstride people list'",
    "rename": "Rename one with 'backstride people rename'",
}


def named(person: PersonView) -> str:
    """How a person is named in what the command prints: ``'Ann' (person 2)``."""
    return f"{person.label!r} (person {person.id})"


def find_person(records: Records, reference: str, *, what: str = "--person") -> PersonView:
    """The one person ``reference`` means (``People.find``: their id, or their label in any case;
    nobody -> ``NotFoundError``; two people, one's id another's label -> ``InputError``), with the
    command line's pointers to ``backstride people``."""
    try:
        return records.people.find(reference, what=what)
    except PersonNotFoundError as exc:
        raise NotFoundError(exc.phrased(CLI_NAMES)) from None
    except AmbiguousPersonError as exc:
        raise InputError(exc.phrased(CLI_NAMES)) from None


def records_with_person(db: str | None, person: str) -> Records:
    """The records of the database that must hold ``person`` (``--person``, as typed); one that does
    not exist is named with that person, not "give the database with --db" when --db was given."""
    from backstride.cli.data_cmd import open_records
    from backstride.cli.options import NoSavedDataError

    try:
        return open_records(db)
    except NoSavedDataError as exc:
        raise NoSavedDataError(exc.path, exc.named, person) from None


def records_for(
    db: str | None, person: str | None, *, create: bool = False
) -> tuple[Records, PersonView | None]:
    """The records a command works on, and whose they are (None: the database's one person).

    With ``person``: that person's records (the database must exist, as the person must). Without:
    the unscoped records, refused with the ``--person`` message when several people are kept.
    ``create``: a missing SQLite file is made (a command that stores something, without ``--person``).
    """
    from backstride.cli.data_cmd import open_records

    if person is None:
        records = open_records(db, create=create)
        count = records.people.count()
        if count > 1:
            raise PersonNeededError(person_needed(count))
        return records, None
    records = records_with_person(db, person)
    view = find_person(records, person)
    return records.for_person(view.id), view


# what a clinic may add to match the record to its own (services.people.IDENTITY_FIELDS), as options
# of 'people add' and 'people edit'; on 'edit' an empty value ("") forgets one
_IDENTITY_HELP = {
    "name": "Their full name, as the clinic's record has it (optional).",
    "birth_date": "Their birth date, as YYYY-MM-DD (optional).",
    "gender": "female, male, other or unknown (FHIR's administrative gender; optional).",
    "mrn": "The clinic's number for them (a medical record number; optional).",
    "mrn_system": "The URI of the system that gives that number, like urn:oid:1.2.36.146.595.217.0.1.",
}


def _identity_option(key: str, metavar: str) -> Any:
    return typer.Option(None, "--" + key.replace("_", "-"), metavar=metavar, help=_IDENTITY_HELP[key])


def _given(**values: str | None) -> dict[str, str | None]:
    """The details an option gave (left out: kept), for ``People.add`` and ``People.update``."""
    return {key: value for key, value in values.items() if value is not None}


def stdin_is_terminal() -> bool:
    """Whether someone can answer a question typed at the terminal (a test may say otherwise)."""
    return sys.stdin.isatty()


@people_app.command("list")
def _list(
    as_json: bool = typer.Option(False, "--json", help="Print the people as JSON."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show everyone whose records are kept, with how many checks, walks and diary entries each has."""
    from backstride.cli.data_cmd import open_records

    try:
        people = open_records(db).people.list()
    except BackstrideError as exc:
        raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps([p.to_dict() for p in people], indent=1, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from backstride.services.people import RECORD_KEYS

    console = Console()
    if not people:
        console.print("Nobody yet. Add someone with: backstride people add LABEL", markup=False)
        return
    table = Table(title="People whose records this database keeps")
    for header, justify in (
        ("Id", "right"),
        ("Label", "left"),
        ("Height (cm)", "right"),
        ("Checks", "right"),
        ("Walks", "right"),
        ("Diary entries", "right"),
        ("Everyday walking days", "right"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for p in people:
        table.add_row(
            str(p.id),
            Text(p.label),  # as typed: never read as Rich markup
            "" if p.height_cm is None else f"{p.height_cm:g}",
            *(str(p.counts.get(key, 0)) for key in RECORD_KEYS),
            str(p.everyday_days),
        )
    console.print(table)
    if len(people) > 1:
        console.print(
            "Say whose records you mean with --person ID or LABEL (backstride assess --save, changes, "
            "gait analyze --save, gait list, diary, report, export, import and import-health).",
            markup=False,
            highlight=False,
        )


@people_app.command("add")
def _add(
    label: str = typer.Argument(
        ..., metavar="LABEL", help="A name, initials or a clinic number (at most 80 characters)."
    ),
    height_cm: float | None = typer.Option(
        None,
        "--height-cm",
        metavar="CM",
        parser=centimetres,  # "170cm" too, as 'gait analyze --height-cm' reads it
        help="Their height in centimetres (optional; used for their walks).",
    ),
    name: str | None = _identity_option("name", "NAME"),
    birth_date: str | None = _identity_option("birth_date", "YYYY-MM-DD"),
    gender: str | None = _identity_option("gender", "CODE"),
    mrn: str | None = _identity_option("mrn", "NUMBER"),
    mrn_system: str | None = _identity_option("mrn_system", "URI"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add a person, so that their checks, walks and diary are kept apart from everyone else's. A
    clinic may add what it matches its own record by (--name, --birth-date, --gender, --mrn with
    --mrn-system): the FHIR export's Patient carries them."""
    from backstride.cli.data_cmd import open_records
    from backstride.services.people import FIRST_PERSON_LABEL, checked_identity

    identity = _given(name=name, birth_date=birth_date, gender=gender, mrn=mrn, mrn_system=mrn_system)
    try:
        checked_identity(identity, today=date.today())  # a bad detail is named before a database is made
        with kept_only_if_stored(db):  # a label refused leaves no new database behind
            records = open_records(db, create=True)
            person = records.people.add(label, height_cm=height_cm, identity=identity)
        others = [p for p in records.people.list() if p.id != person.id]
    except BackstrideError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"Added {named(person)}. Give --person {person.id} (or --person {shlex.quote(person.label)}) "
        "to keep or read their records."
    )
    if len(others) == 1 and others[0].label == FIRST_PERSON_LABEL and not any(others[0].counts.values()):
        # a clinic's first person: the database's own "Me" (made with it) is someone nobody asked for
        typer.echo(
            f"There is also {named(others[0])}, made with the database, with no records. If nobody "
            f"here is 'Me', remove it: backstride people delete {others[0].id} (or rename it)."
        )


@people_app.command("rename")
def _rename(
    person: str = typer.Argument(..., metavar="PERSON", help="Their id or label."),
    new_label: str = typer.Argument(..., metavar="NEW_LABEL", help="The new label (at most 80 characters)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Give a person a new label. Their records stay theirs."""
    from backstride.cli.data_cmd import open_records

    try:
        records = open_records(db)
        before = find_person(records, person, what="PERSON")
        after = records.people.update(before.id, label=new_label)
    except BackstrideError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Renamed person {after.id} from {before.label!r} to {after.label!r}.")


@people_app.command("edit")
def _edit(
    person: str = typer.Argument(..., metavar="PERSON", help="Their id or label."),
    height_cm: str | None = typer.Option(
        None, "--height-cm", metavar="CM", help='Their height in centimetres ("" forgets it).'
    ),
    name: str | None = _identity_option("name", "NAME"),
    birth_date: str | None = _identity_option("birth_date", "YYYY-MM-DD"),
    gender: str | None = _identity_option("gender", "CODE"),
    mrn: str | None = _identity_option("mrn", "NUMBER"),
    mrn_system: str | None = _identity_option("mrn_system", "URI"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Change a person's height or what a clinic matches its own record by (full name, birth date,
    gender, clinic number and its system). An option left out keeps what is there; "" forgets it.
    Nothing is saved when any value is wrong."""
    from backstride.cli.data_cmd import open_records
    from backstride.services.people import IDENTITY_WORDS

    identity = _given(name=name, birth_date=birth_date, gender=gender, mrn=mrn, mrn_system=mrn_system)
    height: object = ...
    try:
        if height_cm is not None:
            height = None if not height_cm.strip() else centimetres(height_cm)
    except typer.BadParameter as exc:
        raise _fail(InputError(f"--height-cm: {exc.message}")) from None
    if height is ... and not identity:
        options = "--height-cm, --name, --birth-date, --gender, --mrn or --mrn-system"
        raise _fail(InputError(f"nothing to change; give {options}"))
    try:
        records = open_records(db)
        before = find_person(records, person, what="PERSON")
        after = records.people.update(before.id, height_cm=height, identity=identity)
    except BackstrideError as exc:
        raise _fail(exc) from exc
    changed = [words for key, words in IDENTITY_WORDS.items() if getattr(before, key) != getattr(after, key)]
    if before.height_cm != after.height_cm:
        changed.insert(0, "height")
    said = ", ".join(changed) if changed else "nothing (the same values are kept already)"
    typer.echo(f"Changed for {named(after)}: {said}.")


# ``people delete`` without --yes and nobody at a keyboard to answer: a notice under its question (exit 2)
NOT_CONFIRMED = "Nothing was deleted. To delete them, run the command again with --yes."


def not_asked(question: str, notice: str) -> typer.Exit:
    """What a command that asks first prints without --yes and nobody at a keyboard to answer (a script):
    its question and what to do instead, not an error; the exit (2) to raise. Nothing was changed."""
    typer.echo(f"{question}.\n{notice}", err=True)
    return typer.Exit(code=2)


@people_app.command("delete")
def _delete(
    person: str = typer.Argument(..., metavar="PERSON", help="Their id or label."),
    yes: bool = typer.Option(False, "--yes", help="Delete without asking first."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Delete a person and all their checks, walks, diary entries and everyday walking. Only a copy
    saved before ('backstride export json --person PERSON') brings them back ('backstride import')."""
    from backstride.cli.data_cmd import open_records
    from backstride.services.people import records_in_words

    try:
        records = open_records(db)
        view = find_person(records, person, what="PERSON")
    except BackstrideError as exc:
        raise _fail(exc) from exc
    going = f"{named(view)} and their {view.records_in_words()}"
    if not yes:
        # true: a copy saved before brings them back ("This cannot be undone" was not), as diary remove
        question = (
            f"Delete {going}? They can come back only from a copy saved before now: save one with "
            f"'backstride export json --person {view.id} --out FILE'; to bring them back, add them again "
            "with 'backstride people add' and restore it with 'backstride import FILE --person NAME'"
        )
        if not stdin_is_terminal():  # nobody to answer (a script): the question and what to do, not an error
            raise not_asked(question, NOT_CONFIRMED)
        if not typer.confirm(question, default=False):
            typer.echo("Nothing was deleted.", err=True)
            raise typer.Exit(code=1)
    try:
        deleted = records.people.delete(view.id)
    except BackstrideError as exc:
        raise _fail(exc) from exc
    gone = records_in_words(deleted)  # with the days of everyday walking that went too
    typer.echo(f"Deleted {named(view)} and their {gone}.")


def register(app: typer.Typer) -> None:
    """Add the ``people`` command group to the top-level app."""
    app.add_typer(people_app, name="people")


__all__ = [
    "find_person",
    "message",
    "named",
    "person_needed",
    "records_for",
    "register",
]
