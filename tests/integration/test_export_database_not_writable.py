"""An export needs no write to be made: on a database that cannot be written now (a read-only file,
another program holding the write lock) it is still made, each finished check never opened said to be
"not worked out yet", and it tries to store such a result once, not once for each check.

What was found (review r4, 2026-11-27): an export first works out each finished check never opened and
stores it (``Records.work_out_unopened``), one write each; on a file another program keeps locked,
each of those writes waited the whole busy time (10 s) before the next was tried, so an export of 30
such checks took 5 minutes, the web page timing out long before.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_sharing import finish_check
from tests.integration.test_storage_errors import short_busy_wait, write_lock_held_by_another_process

from backstride.services.records import Records
from backstride.services.sharing import make_export
from backstride.storage.db import Database, sqlite_url

__all__ = ["short_busy_wait"]  # the fixture, shared
NOT_YET = "Finished, but its result was not worked out yet: open the check to see it."


@pytest.fixture
def unopened(tmp_path: Path) -> Path:
    """A SQLite file with three finished checks whose results were never opened."""
    path = tmp_path / "three.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    records = Records(db)
    for vignette in ("dev-012", "dev-005", "dev-012"):
        finish_check(records, vignette)
    db.dispose()
    return path


def _writes_tried(records: Records, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    tried: list[bool] = []
    session = records.db.session

    def counted(*, write: bool = False) -> Any:
        if write:
            tried.append(True)
        return session(write=write)

    monkeypatch.setattr(records.db, "session", counted)
    return tried


def _levels(records: Records) -> list[tuple[str, str]]:
    text = make_export(records, "checks", note_download=False).text
    return [(r["disposition"], r["result_not_worked_out"]) for r in csv.DictReader(io.StringIO(text))]


def test_a_database_another_program_keeps_locked_is_exported_trying_one_write(
    unopened: Path, short_busy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with write_lock_held_by_another_process(unopened):
        records = Records(Database(sqlite_url(unopened)))
        tried = _writes_tried(records, monkeypatch)
        assert _levels(records) == [("", NOT_YET)] * 3
        assert len(tried) == 1  # each write waited the whole busy time: 3 of them
    assert [level for level, _ in _levels(Records(Database(sqlite_url(unopened))))] == [
        "emergency",
        "routine",
        "emergency",
    ]  # once it can be written, the next export works them out


def test_a_read_only_database_is_exported(unopened: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = Records(Database(f"sqlite:///file:{unopened}?mode=ro&uri=true"))
    tried = _writes_tried(records, monkeypatch)
    assert _levels(records) == [("", NOT_YET)] * 3
    assert len(tried) == 1


def test_the_fhir_export_with_the_report_tries_one_write_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the report, the export works out its checks never opened before the report is drawn, in the
    same read: once, not again when the records are read after it (one more wait on a busy file)."""
    from backstride.web.report_pdf import render_report_pdf

    path = tmp_path / "opened.sqlite3"
    db = Database(sqlite_url(path)).migrate()
    writer = Records(db)
    finish_check(writer, "dev-005")  # never opened: the export would work it out
    for vignette in ("dev-012", "dev-005"):  # opened: the report shows the newest, compared with this one
        writer.result(finish_check(writer, vignette))
    db.dispose()
    records = Records(Database(f"sqlite:///file:{path}?mode=ro&uri=true"))
    tried = _writes_tried(records, monkeypatch)
    export = make_export(records, "fhir", report_pdf=lambda: render_report_pdf(records), note_download=False)
    assert "DocumentReference" in export.text  # the report is in it
    assert len(tried) == 1


def _unopened_before_opened(path: Path) -> None:
    """A finished check never opened (dev-005, a routine visit), then one opened (dev-012, an emergency):
    the report shows the newest, compared with the one before, whose result it must work out."""
    db = Database(sqlite_url(path)).migrate()
    writer = Records(db)
    finish_check(writer, "dev-005")
    writer.result(finish_check(writer, "dev-012"))
    db.dispose()


@pytest.mark.parametrize("held", ["read-only", "busy"])
def test_the_fhir_export_with_the_report_works_out_what_it_cannot_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, short_busy_wait: None, held: str
) -> None:
    """With the report, on a database it cannot write now: the report compares the newest check with the
    one before it, never opened, whose result it works out; it stored it, and on a read-only file (or
    one another program keeps locked) that write failed: no export, a StorageError (review R5). Now the
    report shows that result without storing it, the file is made, and only one write is tried (one
    wait on a busy file); nothing is stored."""
    from tests.integration.test_report_everyday import _pdf_words

    from backstride.web.report_pdf import render_report_pdf

    path = tmp_path / "two.sqlite3"
    _unopened_before_opened(path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true" if held == "read-only" else sqlite_url(path)
    with contextlib.ExitStack() as stack:
        if held == "busy":
            stack.enter_context(write_lock_held_by_another_process(path))
        records = Records(Database(url))
        tried = _writes_tried(records, monkeypatch)
        pdfs: list[bytes] = []

        def report() -> bytes:
            pdfs.append(render_report_pdf(records))
            return pdfs[-1]

        export = make_export(records, "fhir", report_pdf=report, note_download=False)
        assert len(tried) == 1  # one write tried, refused: not a second for the report's comparison
    bundle = json.loads(export.text)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert "DocumentReference" in kinds
    words = _pdf_words(pdfs[0])
    # the report for a clinician says the level about the person (check_changes.level_words, 2026-11-28)
    assert "They must get emergency help now" in words and "not a diagnosis" in words.lower()
    assert "sooner than last time" in words  # compared with the check before: its result worked out
    checks = Records(Database(sqlite_url(path)))
    (first, _second) = [c["id"] for c in sorted(checks.list_assessments(), key=lambda c: c["id"])]
    assert checks.stored_result(first) is None  # nothing was stored
