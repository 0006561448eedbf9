"""A download of the report for a clinician, written in the activity list (``services.activity``).

The full exports write their own line (``Records.export_all``); the report is made from the same
records by the web layer (``backstride.web.report_pdf``), so the page and the command line that hand
it out as a file say so here. A line says when, whose and as what; never what the report says.
"""

from __future__ import annotations

from backstride.services.activity import note
from backstride.services.records import Records
from backstride.storage.models import Person, stored_time


def note_report_download(records: Records, *, as_what: str) -> None:
    """Write "Downloaded the report for a clinician" for the person of ``records`` (``as_what``:
    the kind of file, e.g. "PDF"). With nobody stored yet the line names no one."""
    with records.db.session(write=True) as session:
        owner = records.owner_id(session)
        person = session.get(Person, owner) if owner is not None else None
        note(
            session,
            "report_downloaded",
            at=stored_time(records.clock()),
            person_id=owner,
            person_label=person.label if person is not None else None,
            detail=f"as {as_what}",
        )


__all__ = ["note_report_download"]
