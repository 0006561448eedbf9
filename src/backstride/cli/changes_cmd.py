"""``backstride changes``: what changed since the last finished check (``services.check_changes``).

The check finished last (or ``--check N``) against the same person's check finished before it: new
warning signs first, how soon to get help, warning signs gone, the most likely cause, pain, walking,
other answers, each with the answers behind it and its sources. Spoken to the person ("you"), or,
with ``--person``, about them (a clinic). A check not finished, an unknown check or person, and a
database with no finished check are refused (exit 2, one ``error:`` line). Not a diagnosis.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date

import typer

from backstride.cli.options import DB_HELP, number_parser, person_option
from backstride.core.errors import BackstrideError, InputError

WIDTH = 88


def _lines(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def changes_in_words(found: object, today: date | None = None) -> str:
    """``CheckChanges`` as the terminal shows it: plain text, new warning signs first; ``today``:
    the reader's day ("Since your check earlier today, at 09:15"), None for dates only."""
    from backstride.services.check_changes import AnsweredNow, CheckChanges, shown_changes, since_when

    assert isinstance(found, CheckChanges)
    out: list[str] = []
    if found.earlier is None:
        out += _lines(found.headline)
    else:
        when = since_when(found.earlier.checked_at, found.later.checked_at, today)
        whose = "your check" if found.voice == "you" else "the check before,"
        ids = f"(check {found.earlier.assessment_id}), to check {found.later.assessment_id}"
        out.append(f"Since {whose} {when} {ids}:")
        out.append("")
        if found.first:
            out += _lines(found.first.upper())
        for sign in found.new_warning_signs:
            out += _lines(f"!! {sign.text}")
            if sign.because:
                out += _lines(f"From these answers: {'; '.join(sign.because)}.", "   ")
            out += _lines(f"Sources: {', '.join(sign.sources)}.", "   ")
        out += _lines(found.headline)
        if found.mode_note:
            out += _lines(found.mode_note)
        for change in shown_changes(found):  # not how soon to get help: the headline says it
            out += _lines(f"- {change.text}")
            if isinstance(change, AnsweredNow):  # "don't know" answers now given, each named
                out += _lines("; ".join(change.items) + ".", "   ")
                continue
            if change.because and change.kind != "answer":
                out += _lines(f"From these answers: {'; '.join(change.because)}.", "   ")
            if change.sources:
                out += _lines(f"Sources: {', '.join(change.sources)}.", "   ")
        if found.nothing_changed:
            out += _lines(found.nothing_changed)
    out.append("")
    out += _lines(found.notice)
    return "\n".join(out)


def changes(
    check: int | None = typer.Option(
        None,
        "--check",
        metavar="N",
        parser=number_parser(whole=True),
        help="The check to compare with the one finished before it (default: the check finished last).",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the changes as JSON (as the web API gives them)."
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show what changed since the last finished check: warning signs first. Not a diagnosis."""
    from backstride.cli.data_cmd import _fail, unknown_check
    from backstride.cli.people_cmd import records_for
    from backstride.services.check_changes import ChangesSinceLastCheck, latest_finished_check

    try:
        records, whose = records_for(db, person)
        chosen = check if check is not None else latest_finished_check(records)
        if chosen is None:
            raise InputError(
                "there is no finished check yet to compare; finish one first: 'backstride assess --save' "
                "here, or the check in the app ('backstride serve')"
            )
        found = (
            ChangesSinceLastCheck(voice="you" if whose is None else "person")
            .compare(records, chosen)
            .changes_
        )
    except BackstrideError as exc:
        raise _fail(unknown_check(exc, check, person)) from exc
    assert found is not None
    if as_json:
        typer.echo(json.dumps(found.to_dict(), indent=1, ensure_ascii=False))
    else:
        typer.echo(changes_in_words(found, records.today()))


def register(app: typer.Typer) -> None:
    app.command("changes")(changes)


__all__ = ["changes_in_words", "register"]
