"""``backstride diary``: the pain and walking diary from the terminal, in the web app's database.

``diary add`` keeps one day's entry (pain 0-10, minutes walked before symptoms, notes, the relief
steps tried with ``--tried``), exactly as the Diary page and ``POST /api/diary`` do (the same checks,
the same database); ``diary edit`` corrects one (what is given changes, the rest is kept) and
``diary remove`` removes one, asking first, by the number ``diary list`` shows; ``diary steps``
lists the steps a day can record; ``diary list`` shows the
entries, the trends and what seems to help (pain on days with and without each step);
``diary walking-test`` times the self-paced walking test (a stopwatch at the terminal, or the times
given) and keeps it as a day, as the Walking test page does (``diary.walking_test``). A wrong value
is named (every problem at once) and nothing is saved.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from backstride.cli.options import DB_HELP, kept_only_if_stored, number_parser, person_option
from backstride.core.dates import day_words
from backstride.core.errors import BackstrideError, InputError

if TYPE_CHECKING:
    from backstride.diary.entries import EntryFieldError

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


# a diary field as its option is typed: "--date '27/11/2026' is not a date", not "entry_date ..."
_OPTION_OF_FIELD = {"entry_date": "--date", "notes": "--notes", "tried": "--tried"}


def _as_typed(problems: Sequence[EntryFieldError]) -> str:
    """Every problem of an entry (``Records.diary_entry_problems``), each named by its option."""
    said = []
    for problem in problems:
        text, option = str(problem), _OPTION_OF_FIELD.get(problem.field)
        typed = option is not None and text.startswith(problem.field)
        said.append(f"{option}{text[len(problem.field) :]}" if typed else text)
    return "; ".join(said)


def _diary_minutes(typed: Any) -> Any:
    """A typer ``parser`` for ``--minutes``: a number, or as the walking test and the check take them
    ("6:20", "6 min 20 s"; ``core.typed.typed_minutes_kept``: to a hundredth), from 0 to 600."""
    import math

    from backstride.core.typed import typed_minutes_kept

    if not isinstance(typed, str):  # the default value
        return typed
    try:
        minutes = typed_minutes_kept(typed)
    except ValueError:
        minutes = math.nan
    if not 0 <= minutes <= 600:  # nan too
        raise typer.BadParameter(
            f"expected a number of minutes from 0 to 600, like 12, or minutes and seconds like 6:20, "
            f"got {typed!r}"
        )
    return minutes


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
        parser=_diary_minutes,
        help="Minutes you could walk before the pain started, like 12 or 6:20 "
        "(leave out if you did not walk).",
    ),
    notes: str = typer.Option("", "--notes", help="What helped, what made it worse (optional)."),
    tried: list[str] | None = typer.Option(
        None,
        "--tried",
        metavar="STEP",
        help="A relief step you tried today, like knee_to_chest; give it once per step "
        "(the steps: backstride diary steps).",
    ),
    day: str | None = typer.Option(None, "--date", help="The day, YYYY-MM-DD (default: today)."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Keep today's (or another day's) diary entry."""
    from backstride.cli.people_cmd import named, records_for
    from backstride.diary.entries import long_ago
    from backstride.diary.steps import diary_steps

    steps = list(tried or ())
    try:
        with kept_only_if_stored(db):  # a refused entry leaves no new database behind
            records, whose = records_for(db, person, create=True)
            day_given = day if day is not None else date.today().isoformat()  # local, as the Diary page
            problems = records.diary_entry_problems(entry_date=day_given, notes=notes, tried=steps)
            if problems:  # every one at once
                raise InputError(_as_typed(problems) + "; nothing was saved")
            entry = records.add_diary_entry(
                entry_date=day_given, pain_0_10=pain, walking_tolerance_min=minutes, notes=notes, tried=steps
            )
    except BackstrideError as exc:
        raise _fail(exc) from exc
    names = diary_steps()
    did = "" if not entry.tried else "; tried: " + ", ".join(names[c].name for c in entry.tried)
    of = "" if whose is None else f" for {named(whose)}"
    typer.echo(f"Saved {day_words(entry.entry_date)}{of}: pain {entry.pain_0_10}{_walked(entry)}{did}.")
    if long_ago(entry.entry_date, date.today()):
        typer.echo(
            f"Is the year right? {day_words(entry.entry_date)} is more than a year ago. If not, change "
            f"it: backstride diary edit {entry.id} --date YYYY-MM-DD"
        )
    _same_day(records, entry)


def _same_day(records: Any, entry: Any) -> None:
    """Say so when the day already had an entry: both are kept, and the day counts once."""
    others = [e.id for e in records.list_diary_entries(start=entry.entry_date, end=entry.entry_date)]
    others = [n for n in others if n != entry.id]
    if not others:
        return
    numbers = ", ".join(str(n) for n in others)
    if len(others) == 1:
        had, kept, change = (
            "an entry",
            "Both",
            f"To change the other one instead: backstride diary edit {others[0]} ...",
        )
    else:  # "the other one" of two or more: which numbers it may be
        which = f"{', '.join(str(n) for n in others[:-1])} or {others[-1]}"
        had, kept, change = (
            "entries",
            "All",
            f"To change one of the others instead: backstride diary edit N ... (N is {which})",
        )
    typer.echo(
        f"This day already had {had} ({numbers}). {kept} are kept; the charts, trends and report count "
        f"the day once, at the mean of its entries. {change}"
    )


def _entry_id(typed: str) -> int:
    """A diary entry's number as ``diary list`` shows it (a positive whole number)."""
    if not typed.strip().isdigit() or int(typed) < 1:
        raise typer.BadParameter(f"expected an entry's number from 'backstride diary list', got {typed!r}")
    return int(typed)


def _walked(entry: Any) -> str:
    """``, 6 min 20 s walked before pain`` ('' without minutes): what ``--minutes`` asks, as the Diary
    page's column says it; "10 minutes walked" read as all the walking of the day."""
    from backstride.services.wording import minutes_words

    minutes = entry.walking_tolerance_min
    return "" if minutes is None else f", {minutes_words(minutes)} walked before pain"


def _entry_words(entry: Any) -> str:
    """``12 Nov 2026: pain 5, 6 min 20 s walked before pain``: a day as the commands say it back."""
    return f"{day_words(entry.entry_date)}: pain {entry.pain_0_10}{_walked(entry)}"


@diary_app.command("edit")
def _edit(
    entry_id: int = typer.Argument(..., metavar="ENTRY", parser=_entry_id, help="Its number (diary list)."),
    pain: int | None = typer.Option(
        None, "--pain", metavar="0-10", parser=number_parser(0, 10, whole=True), help="The pain that day."
    ),
    minutes: float | None = typer.Option(
        None,
        "--minutes",
        metavar="0-600",
        parser=_diary_minutes,
        help="Minutes walked before the pain, like 12 or 6:20.",
    ),
    clear_minutes: bool = typer.Option(False, "--clear-minutes", help="That day had no walk: no minutes."),
    notes: str | None = typer.Option(None, "--notes", help='New notes ("" clears them).'),
    tried: list[str] | None = typer.Option(
        None,
        "--tried",
        metavar="STEP",
        help="The steps tried that day, each once; they replace the old ones.",
    ),
    clear_tried: bool = typer.Option(False, "--clear-tried", help="No steps were tried that day."),
    day: str | None = typer.Option(None, "--date", help="Move it to another day, YYYY-MM-DD."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Correct a diary day: what you give is changed, the rest is kept, as the Diary page's Edit."""
    from backstride.cli.people_cmd import named, records_for
    from backstride.services.records import DiaryEntryChangedError, diary_entry_words

    if (pain, minutes, notes, tried, day) == (None, None, None, None, None) and not (
        clear_minutes or clear_tried
    ):
        # review R5: it said 'Changed entry 1' and changed nothing
        raise _fail(
            InputError(
                "nothing to change: give what is new, e.g. --pain 3, --minutes 20, --notes, --tried, "
                "--date, --clear-minutes or --clear-tried; nothing was changed"
            )
        )
    if minutes is not None and clear_minutes:
        raise _fail(InputError("give --minutes or --clear-minutes, not both; nothing was changed"))
    if tried and clear_tried:
        raise _fail(InputError("give --tried or --clear-tried, not both; nothing was changed"))
    try:
        records, whose = records_for(db, person)
        old = records.get_diary_entry(entry_id)  # unknown or someone else's: refused, named
        kept_minutes = (
            None if clear_minutes else (minutes if minutes is not None else old.walking_tolerance_min)
        )
        steps = [] if clear_tried else (list(tried) if tried else list(old.tried))
        new_day = day if day is not None else old.entry_date.isoformat()
        kept_notes = notes if notes is not None else old.notes
        problems = records.diary_entry_problems(entry_date=new_day, notes=kept_notes, tried=steps)
        if problems:
            raise InputError(_as_typed(problems) + "; nothing was changed")
        entry = records.update_diary_entry(
            entry_id,
            entry_date=new_day,
            pain_0_10=pain if pain is not None else old.pain_0_10,
            walking_tolerance_min=kept_minutes,
            notes=kept_notes,
            tried=steps,
            base_updated_at=old.updated_at,  # what is not given is kept as read: only from that version
        )
    except DiaryEntryChangedError as exc:  # a restore (or the web's Edit) changed it after it was read
        now = exc.entry
        raise _fail(
            InputError(
                f"diary entry {entry_id} was changed while this command ran: it is now "
                f"{day_words(now.entry_date)}, {diary_entry_words(now)}; nothing was changed: "
                "run the command again to change it as it is now"
            )
        ) from exc
    except BackstrideError as exc:
        raise _fail(exc) from exc
    of = "" if whose is None else f" for {named(whose)}"
    typer.echo(f"Changed entry {entry_id}{of}. Was {_entry_words(old)}. Now {_entry_words(entry)}.")
    _earlier_versions(records, entry)


def _earlier_versions(records: Any, entry: Any) -> None:
    """The versions of the entry a restore replaced, kept (as its Edit page shows them)."""
    from backstride.services.records import earlier_version_words

    for version in records.earlier_diary_versions(entry.id):
        typer.echo(earlier_version_words(version, entry.entry_date))


@diary_app.command("remove")
def _remove(
    entry_id: int = typer.Argument(..., metavar="ENTRY", parser=_entry_id, help="Its number (diary list)."),
    yes: bool = typer.Option(False, "--yes", help="Remove without asking first."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Remove a diary day. It asks first; only a copy saved before can bring it back."""
    from backstride.cli.people_cmd import not_asked, records_for, stdin_is_terminal

    try:
        records, _ = records_for(db, person)
        entry = records.get_diary_entry(entry_id)  # unknown or someone else's: refused, named
    except BackstrideError as exc:
        raise _fail(exc) from exc
    if not yes:
        # true: a copy saved before brings it back ("This cannot be undone" was not)
        question = (
            f"Remove {_entry_words(entry)}? It can come back only from a copy saved before "
            "(backstride export json)"
        )
        if not stdin_is_terminal():  # nobody to answer (a script): the question and what to do, not an error
            raise not_asked(question, "Nothing was removed. To remove it, run the command again with --yes.")
        if not typer.confirm(question, default=False):
            typer.echo("Nothing was removed.", err=True)
            raise typer.Exit(code=1)
    try:
        records.delete_diary_entry(entry_id)
    except BackstrideError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Removed {_entry_words(entry)}.")


@diary_app.command("steps")
def _steps() -> None:
    """List the relief steps a diary day can record (for --tried)."""
    from backstride.diary.steps import diary_steps

    for step in diary_steps().values():
        typer.echo(f"{step.code:<22} {step.name}")


def _minutes_option(typed: Any) -> Any:
    """A typer ``parser``: minutes as a stopwatch shows them (``6:20``) or as a number (``6.5``)."""
    from backstride.core.typed import typed_minutes

    if not isinstance(typed, str):  # the default value
        return typed
    try:
        return typed_minutes(typed)
    except ValueError:
        raise typer.BadParameter(f"expected minutes like 6:20 or 6.5, got {typed!r}") from None


def now_s() -> float:
    """The stopwatch's clock (seconds; a test may stand in for it)."""
    import time

    return time.monotonic()


def _stopwatch() -> tuple[float | None, float, str]:
    """Time a walk at the terminal: (minutes to the symptoms or None, minutes in all, why it ended)."""
    from backstride.diary.walking_test import TEST_LIMIT_MIN

    typer.echo("Walk on flat ground at your own pace. Stop at once and get help if you lose control of")
    typer.echo("your bladder or bowels, feel numb between your legs, a leg gets weak, or pain or numbness")
    typer.echo("spreads to both legs [A15, A22, A16].")
    typer.prompt("Press Enter when you start walking", default="", show_default=False)
    started = now_s()
    typed = typer.prompt(
        "Press Enter when your symptoms start (or type 'stop' and Enter to stop without symptoms)",
        default="",
        show_default=False,
    )
    first: float | None = None
    if typed.strip().lower() != "stop":
        first = (now_s() - started) / 60.0
        typed = typer.prompt(
            "Press Enter when the symptoms make you stop (or type 'other' and Enter if you stop for "
            "another reason)",
            default="",
            show_default=False,
        )
    total = (now_s() - started) / 60.0
    if total >= TEST_LIMIT_MIN:  # the test ends at 30 minutes, whatever was pressed after
        return (first if first is not None and first < TEST_LIMIT_MIN else None), TEST_LIMIT_MIN, "time_up"
    reason = "other" if first is None or typed.strip().lower() == "other" else "symptoms"
    return first, total, reason


@diary_app.command("walking-test")
def _walking_test(
    total: float | None = typer.Option(
        None,
        "--total",
        metavar="MIN",
        parser=_minutes_option,
        help="Minutes walked in all, like 9:05 (leave out to use the stopwatch here).",
    ),
    symptoms_at: float | None = typer.Option(
        None,
        "--symptoms-at",
        metavar="MIN",
        parser=_minutes_option,
        help="Minutes from the start when the symptoms began, like 6:20 (leave out if none came).",
    ),
    stopped: str | None = typer.Option(
        None, "--stopped", metavar="WHY", help="Why the walk ended: symptoms, time_up or other."
    ),
    pain: int | None = typer.Option(
        None,
        "--pain",
        metavar="0-10",
        parser=number_parser(0, 10, whole=True),
        help="Pain now, from 0 to 10 (asked when left out at a terminal).",
    ),
    notes: str = typer.Option("", "--notes", help="Where you walked, what you felt (optional)."),
    day: str | None = typer.Option(None, "--date", help="The day, YYYY-MM-DD (default: today)."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Time a self-paced walking test and keep it as a diary day [D7].

    Walk at your own pace until the symptoms stop you, or 30 minutes; without --total, a stopwatch runs."""
    from backstride.cli.people_cmd import named, records_for, stdin_is_terminal
    from backstride.diary.walking_test import WalkingTest, WalkingTestFieldError, check_notes_fit
    from backstride.services.wording import minutes_words

    at_terminal = stdin_is_terminal()
    if total is None and (symptoms_at is not None or stopped is not None):
        raise _fail(
            InputError("--symptoms-at and --stopped go with --total; without it the stopwatch finds them")
        )
    if total is None and not at_terminal:
        raise _fail(InputError("no terminal for the stopwatch; give --total (and --symptoms-at, --stopped)"))
    if pain is None and not at_terminal:
        raise _fail(InputError("--pain is missing: your pain now, from 0 to 10"))
    try:
        with kept_only_if_stored(db):  # a refused or stopped test leaves no new database
            records, whose = records_for(db, person, create=True)
            day_given = day if day is not None else date.today().isoformat()
            problems = records.diary_entry_problems(entry_date=day_given, notes=notes)
            if problems:  # before the walk, not after it
                raise InputError(_as_typed(problems) + "; nothing was saved")
            check_notes_fit(notes)  # with the test's words: before the walk too
            if total is None:
                symptoms_at, total, stopped = _stopwatch()
            test = WalkingTest.checked(
                total_min=total,
                stopped_because=stopped or ("symptoms" if symptoms_at is not None else "other"),
                first_symptoms_min=symptoms_at,
            )
            kept_notes = test.notes_with(notes)
            if pain is None:
                pain = typer.prompt(
                    "Pain now, from 0 (none) to 10 (worst)", value_proc=number_parser(0, 10, whole=True)
                )
            entry = records.add_diary_entry(
                entry_date=day_given,
                pain_0_10=pain,
                walking_tolerance_min=test.walking_tolerance_min,
                notes=kept_notes,
            )
    except WalkingTestFieldError as exc:
        option = {
            "total_min": "--total",
            "first_symptoms_min": "--symptoms-at",
            "stopped_because": "--stopped",
        }
        # said with the option typed, not the stored field's name: "--symptoms-at (10 min 20 s) is after
        # the end of the walk (9 min 05 s)", never "--symptoms-at: first_symptoms_min (10.3333) ..."
        flag, said = option.get(exc.field, "--" + exc.field), str(exc)
        said = f"{flag}{said[len(exc.field) :]}" if said.startswith(exc.field + " ") else f"{flag}: {said}"
        raise _fail(InputError(f"{said}; nothing was saved")) from exc
    except BackstrideError as exc:
        raise _fail(exc) from exc
    of = "" if whose is None else f" for {named(whose)}"
    typer.echo(test.note())
    walked = (
        "no time before symptoms (you stopped for something else before any came)"
        if entry.walking_tolerance_min is None
        else f"{minutes_words(entry.walking_tolerance_min)} walked before symptoms"  # as the Diary page
    )
    typer.echo(f"Saved {day_words(entry.entry_date)}{of}: pain {entry.pain_0_10}, {walked} [D7].")
    _same_day(records, entry)
    typer.echo(notice())


@diary_app.command("list")
def _list(
    as_json: bool = typer.Option(False, "--json", help="Print the entries and trends as JSON."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show the diary and whether pain and walking are changing."""
    from backstride.cli.people_cmd import named, records_for

    try:
        records, whose = records_for(db, person)
        progress: dict[str, Any] = records.progress()
    except BackstrideError as exc:
        raise _fail(exc) from exc
    if as_json:
        keys = ("as_of", "entries", "weekly", "pain_trend", "walking_tolerance_trend", "what_seems_to_help")
        shown = {k: progress[k] for k in keys} | {"notice": notice()}
        typer.echo(json.dumps(shown, indent=1, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from backstride.core.voice import about_them_text
    from backstride.diary.entries import plain_text
    from backstride.diary.steps import CANNOT_SHOW, diary_steps
    from backstride.services.wording import minutes_words

    console = Console()
    # a clinic's list (several people) is read by a clinician: said about the person, as the web's diary
    say = about_them_text if records.people.only()[1] else str
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
    names = diary_steps()
    any_tried = any(e.get("tried") for e in progress["entries"])  # the column only once it says something
    for header, justify in (
        ("#", "right"),  # the number diary edit and diary remove take
        ("Day", "left"),
        ("Pain (0-10)", "right"),
        ("Minutes walked before pain", "right"),
        *(((say("What you tried"), "left"),) if any_tried else ()),
        ("Notes", "left"),
    ):
        # a date on one line ("20 Nov 2026"), as on the pages; a word too long for its column goes on
        # to the next line, never cut to "Knee-to-che…" (the default in a narrow terminal)
        table.add_column(
            header,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=header == "Day",
            overflow="fold",
        )
    for e in reversed(progress["entries"]):
        minutes = e.get("walking_tolerance_min")
        did = ", ".join(say(names[c].name) for c in e.get("tried") or () if c in names)
        table.add_row(
            str(e["id"]),
            day_words(date.fromisoformat(e["entry_date"])),  # as every date is said (core.dates)
            str(e["pain_0_10"]),
            "" if minutes is None else minutes_words(minutes),  # "6 min 20 s", as the walking test said it
            *((did,) if any_tried else ()),
            Text(plain_text(e["notes"])),  # a restored note's ESC never reaches the terminal
        )
    console.print(table)
    whom = "" if whose is None else f" --person {whose.id}"  # the ids are the whole database's, not a row's
    console.print(
        f"# is each entry's number: backstride diary edit N{whom} --pain 3 corrects entry N, "
        f"backstride diary remove N{whom} removes it.",
        markup=False,
        highlight=False,
    )
    for trend in (progress["pain_trend"], progress["walking_tolerance_trend"]):
        console.print(f"• {say(trend['explanation'])}", markup=False, highlight=False)
    helps = progress["what_seems_to_help"]
    if helps:  # nothing is said with too few days
        console.print("What seems to help:", markup=False, highlight=False)
        for comparison in helps:
            console.print(f"• {say(comparison['words'])}", markup=False, highlight=False)
        console.print(say(CANNOT_SHOW), markup=False, highlight=False)
    console.print(say(notice()), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``diary`` command group to the top-level app."""
    app.add_typer(diary_app, name="diary")


__all__ = ["register"]
