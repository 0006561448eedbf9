"""``backstride export``, ``import`` and ``report``: the saved data, for the person and their clinician.

Both read the database the web app uses (``--db``, else ``DATABASE_URL``, else the SQLite file in
the user data folder) and never create one: with no saved data they say so. A file is written whole
or not at all (to a temporary file beside it, then renamed), and an existing file is kept unless
``--force`` says to replace it: nothing a person saved is ever lost to a typo in ``--out``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from backstride.cli.options import (
    DB_HELP,
    kept_only_if_stored,
    number_parser,
    person_option,
    refuse_to_replace,
)
from backstride.core.errors import BackstrideError, InputError

if TYPE_CHECKING:
    from backstride.services.people import PersonView
    from backstride.services.records import Records


def _fail(exc: BackstrideError) -> typer.Exit:
    from backstride.cli.main import fail
    from backstride.cli.people_cmd import message

    return fail(message(exc))


def unknown_check(exc: BackstrideError, check: int | None, person: str | None) -> BackstrideError:
    """``exc`` with what to do when it says ``--check N`` is no check: where the checks are listed
    ("check 99 does not exist" alone left the person guessing); any other error as it is."""
    from backstride.core.errors import NotFoundError

    if check is None or not isinstance(exc, NotFoundError) or not str(exc).startswith(f"check {check} "):
        return exc
    whose = f" --person {person}" if person else ""
    return NotFoundError(
        f"{exc}; 'backstride export checks{whose}' lists the checks (give --check a number from its "
        "first column, check_id), and so does the History page of 'backstride serve'"
    )


def open_records(db: str | None, *, create: bool = False) -> Records:
    """The saved data's use cases over ``db`` (else the web app's database). Unless ``create``, a
    SQLite file that does not exist is an error, not a new empty database (``options.database_url``)."""
    from backstride.cli.options import database_url
    from backstride.services.records import Records
    from backstride.storage.db import Database

    return Records(Database(database_url(db, create=create)).migrate())


def write_whole(text: str | bytes, out: str, *, force: bool, name: str | None = None) -> Path | None:
    """Write ``text`` (or bytes: a PDF) to ``out`` in one piece ("-": standard output, returns None);
    ``name``: the file's usual name, for the example when ``out`` is a folder."""
    if not out.strip():  # never the default name, nor the current folder, instead
        raise InputError("--out is empty; give a file name, or '-' to print it; nothing was written")
    if out == "-":
        if isinstance(text, bytes):
            if sys.stdout.isatty():  # a PDF's bytes are no use on a screen, and can upset the terminal
                raise InputError("--out - would print a PDF on the screen; give a file name, or pipe it")
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        return None
    path = Path(out).expanduser()
    if path.is_dir():
        example = path / (name or ("report.pdf" if isinstance(text, bytes) else "report.html"))
        raise InputError(f"--out {out!r} is a folder; nothing was written: give a file name, e.g. {example}")
    # --force replaces a file by renaming over it: over a link it would replace the link (/dev/stdout),
    # over a device or a pipe the device (/dev/full)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        what = "a link" if path.is_symlink() else "a device, pipe or socket"
        raise InputError(
            f"--out {out!r} is not a file ({what}); nothing was written: give a file's own name, "
            "or '-' to print it"
        )
    refuse_to_replace(path, force=force, option="--out")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist; nothing was written")
    try:  # the folder may still refuse a new file (read-only, /proc, full)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"could not write {path}: {exc.strerror or exc}; nothing was written") from exc
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as temp:
                temp.write(text)
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise InputError(f"could not write {path}: {exc.strerror or exc}; nothing was written") from exc
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def check_not_the_database(records: Records, out: str) -> None:
    """Refuse ``--out`` naming the SQLite file ``records`` are read from (or its journal): with
    ``--force`` it would replace every record with the export's text."""
    from sqlalchemy.engine import make_url

    if not records.db.is_sqlite or out.strip() in ("", "-"):
        return
    database = make_url(records.db.url).database
    if not database or database == ":memory:":
        return
    stored = Path(database).expanduser().resolve()
    target = Path(out).expanduser().resolve()
    if target in {stored, *(stored.with_name(stored.name + end) for end in ("-wal", "-shm", "-journal"))}:
        raise InputError(
            f"--out {out!r} is the database these records are read from; nothing was written: give "
            "another file name"
        )


REPORT_FORMATS = ("html", "pdf")


def report_file_name(day: date, person: PersonView | None, extension: str = "html") -> str:
    """The report's default file name: the day, and ``-person-N`` when ``--person`` said whose
    (``services.people.file_suffix``)."""
    from backstride.services.people import file_suffix

    return (
        f"backstride-report-{day.isoformat()}{file_suffix(None if person is None else person.id)}.{extension}"
    )


def _export(
    kind: str = typer.Argument(
        ...,
        metavar="WHAT",
        help="json (everything), fhir (an HL7 FHIR R4 Bundle), or a CSV table: diary, walks, bouts, checks, "
        "everyday.",
    ),
    out: str = typer.Option("-", "--out", "-o", help="File to write; '-' (the default) prints it."),
    force: bool = typer.Option(False, "--force", help="Replace --out if it already exists."),
    with_report: bool = typer.Option(
        False,
        "--with-report",
        help="fhir only: add the report for a clinician as a PDF (a DocumentReference).",
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export the saved checks, walks and diary (JSON, FHIR R4 or CSV). Not a diagnosis."""
    from backstride.cli.people_cmd import records_for
    from backstride.services.sharing import make_export
    from backstride.web.report_pdf import render_report_pdf

    try:
        if with_report and kind != "fhir":  # before anything is read or written
            raise InputError(f"--with-report goes only with fhir, not with {kind!r}; nothing was written")
        records, whose = records_for(db, person)
        check_not_the_database(records, out)
        # the same person's report, read in the export's one read of the records
        pdf = (lambda: render_report_pdf(records)) if with_report else None
        export = make_export(records, kind, report_pdf=pdf, note_download=False)
        path = write_whole(export.text, out, force=force, name=export.filename)
        # only once written: a refused --out writes no line
        records.note_download(export.as_what, action=export.action)
    except BackstrideError as exc:
        raise _fail(exc) from exc
    if path is not None:
        typer.echo(f"Wrote {path} ({_what_was_written(export.kind, whose, with_report)}).", err=True)


# a CSV table in words ("the everyday walking table"), else its name ("the diary table")
TABLE_WORDS = {"everyday": "everyday walking"}


def _what_was_written(kind: str, whose: PersonView | None, with_report: bool) -> str:
    """What ``export`` wrote, in words ("the FHIR R4 Bundle of 'Bob' (person 3)"), not the command's
    argument ("fhir of 'Bob'")."""
    from backstride.cli.people_cmd import named

    of = "" if whose is None else f" of {named(whose)}"
    if kind == "json":
        return f"all the records{of}, as JSON"
    if kind == "fhir":
        report = ", with the report for a clinician" if with_report else ""
        return f"the FHIR R4 Bundle{of}{report}"
    return f"the {TABLE_WORDS.get(kind, kind)} table{of}"


def _report(
    out: str | None = typer.Option(
        None,
        "--out",
        "-o",
        help="File to write (default: backstride-report-YYYY-MM-DD.html or .pdf, today's date, with "
        "-person-ID added when --person is given; '-' prints it).",
    ),
    kind: str = typer.Option(
        "html",
        "--format",
        metavar="html|pdf",
        help="html: one printable page (the default); pdf: an A4 PDF, for a clinic's record system.",
    ),
    check: int | None = typer.Option(
        None,
        "--check",
        metavar="N",
        parser=number_parser(whole=True),
        help="The check to report (its number; default: the newest finished one).",
    ),
    weeks: int = typer.Option(
        12,
        "--weeks",
        metavar="1-520",
        parser=number_parser(1, 520, whole=True),
        help="Weeks of diary to show.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace --out if it already exists."),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Write the report for a clinician: one printable HTML page, or a PDF. Not a diagnosis."""
    from backstride.cli.people_cmd import named, records_for

    try:
        if kind not in REPORT_FORMATS:  # before anything is read or written
            raise InputError(f"--format must be html or pdf, got {kind!r}; nothing was written")
        records, whose = records_for(db, person)
        report = _report_file(records, kind, assessment_id=check, weeks=weeks)
        name = report_file_name(date.today(), whose, kind) if out is None else out
        check_not_the_database(records, name)
        path = write_whole(report, name, force=force)
        records.note_download(kind.upper(), action="report_downloaded")  # once written, as the web app does
    except BackstrideError as exc:
        raise _fail(unknown_check(exc, check, person)) from exc
    if path is not None:
        wrote = "the report for your clinician" if whose is None else f"the report on {named(whose)}"
        how = (
            "in a PDF reader to read or print it, or attach it to a record"
            if kind == "pdf"
            else "in a browser to read or print it"
        )
        # on stderr, as 'export' says it: 'backstride report > report.html' must not put this line there
        typer.echo(f"Wrote {wrote} to {path}. Open it {how}.", err=True)


def _report_file(records: Records, kind: str, *, assessment_id: int | None, weeks: int) -> str | bytes:
    """The report as HTML text or PDF bytes (``web.report``, ``web.report_pdf``: the same view)."""
    if kind == "pdf":
        from backstride.web.report_pdf import render_report_pdf

        return render_report_pdf(records, assessment_id=assessment_id, weeks=weeks)
    from backstride.web.report import render_report

    return render_report(records, assessment_id=assessment_id, weeks=weeks)


def _import(
    typed: str = typer.Argument(  # text: an empty name must not become "." (this folder)
        ..., metavar="FILE", help="A backstride export (the JSON of 'backstride export json')."
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Restore a backup made by 'backstride export json': everything in it is added (nothing twice), or
    nothing at all if any of it is wrong. It goes into the records of --person, else of the one person
    the database keeps."""
    from backstride.cli.inputs import read_bytes, typed_path
    from backstride.cli.people_cmd import named, records_for
    from backstride.services.people import same_label
    from backstride.services.restore import RESTORE_MAX_BYTES, restore_export

    expected = "a backstride export (the JSON of 'backstride export json')"
    try:  # the bytes: restore reads every encoding JSON allows (Notepad saves UTF-16)
        path = typed_path(typed, "FILE", expected) or Path(typed)
        if path.is_file() and path.stat().st_size > RESTORE_MAX_BYTES:  # a 2 GB Health export: never read
            raise InputError(
                f"{path} is bigger than any backstride export (at most {RESTORE_MAX_BYTES // 2**20} MB); "
                "for an Apple Health export use 'backstride import-health FILE'; nothing was saved"
            )
        data = read_bytes(path, expected)
        with kept_only_if_stored(db):  # a file refused leaves no new database behind
            records, whose = records_for(db, person, create=True)
            result = restore_export(records, data, source=str(path))
    except BackstrideError as exc:
        raise _fail(exc) from exc
    into = "" if whose is None else f" into the records of {named(whose)}"
    said = result.in_words("their height" if whose else "the height kept for walks")  # as the Data page says
    typer.echo(f"Restored from {path}{into}: {said}.")
    for said in result.said:  # a diary entry changed on one side: which version was kept
        typer.echo(said)
    made_for = result.made_for  # read by the restore, not parsed again
    if whose is None and made_for is not None:  # the database's one person: name them too
        only, _ = records.people.only()
        whose = records.people.get(only) if only is not None else None
    if whose is not None and made_for is not None:
        if not same_label(made_for, whose.label):  # a typo in --person, or a file into "Me", shows here
            typer.echo(
                f"Note: the file was made for {made_for!r}; it is now in the records of {named(whose)}."
            )


def register(app: typer.Typer) -> None:
    """Add ``export``, ``import`` and ``report`` to the top-level app."""
    app.command("export")(_export)
    app.command("import")(_import)
    app.command("report")(_report)


__all__ = [
    "REPORT_FORMATS",
    "check_not_the_database",
    "open_records",
    "register",
    "report_file_name",
    "write_whole",
]
