"""Everything stored, in the format the person or their clinician asks for (one place for every
interface: ``GET /api/export/...`` and ``backstride export``).

- ``json``: backstride's own document, everything, exactly as stored (``Records.export_all``);
- ``fhir``: the same as an HL7 FHIR R4 (4.0.1) Bundle, for a clinic's record system
  (``backstride.fhir``; the days of everyday walking too, an Observation per measure and day); on
  request with the report for a clinician as a PDF in it (``report_pdf``: the interface makes it
  with ``backstride.web.report_pdf`` from the same person's records and passes the bytes down, as
  this layer does not draw pages);
- ``diary``, ``walks``, ``bouts``, ``checks``: CSV tables for a spreadsheet or a statistics package
  (``backstride.services.tables``).

Every export is made from one read of the database, so its parts always agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.tables import TABLE_NAMES, csv_table

EXPORT_KINDS = ("json", "fhir", *TABLE_NAMES)
# how each kind is named in the activity list ("Downloaded all records as FHIR", "Downloaded one
# table of the records as a CSV table of diary")
EXPORT_NAMES = {"json": "JSON", "fhir": "FHIR", **{t: f"a CSV table of {t}" for t in TABLE_NAMES}}
# the last part of a download's address (GET /api/export/diary.csv, the Data page's /data/export/...)
EXPORT_PATHS = {"fhir": "fhir", **{f"{t}.csv": t for t in TABLE_NAMES}}


@dataclass(frozen=True)
class Export:
    """One export: its text, its media type, the file name to save it under, and how the activity
    list names it (``as_what``)."""

    kind: str
    text: str
    media_type: str
    filename: str
    as_what: str

    @property
    def action(self) -> str:
        """The activity list's action for it: one table is not all the records."""
        return "table_downloaded" if self.kind in TABLE_NAMES else "records_downloaded"


def _fhir_bundle(document: dict[str, Any], report_pdf: bytes | None) -> tuple[dict[str, Any], str]:
    """The Bundle, each check with how far its answers got (``screening_state``): a result shown
    half-way is stored too, and must not go out as final while a warning sign was not asked."""
    from backstride.fhir import export_bundle
    from backstride.fhir.r4 import MEDIA_TYPE
    from backstride.services.interview import screening_state

    checks = [{**a, "screening": screening_state(a["mode"], a["answers"])} for a in document["assessments"]]
    return export_bundle({**document, "assessments": checks}, report_pdf=report_pdf), MEDIA_TYPE


def make_export(
    records: Records,
    kind: str,
    *,
    report_pdf: bytes | Callable[[], bytes] | None = None,
    note_download: bool = True,
) -> Export:
    """The stored data as ``kind`` (one of ``EXPORT_KINDS``); ``report_pdf``: the report for a
    clinician of the same ``records``, to put in a ``fhir`` export (no other kind): its PDF bytes, or
    what makes them (``lambda: render_report_pdf(records)``), called in the export's one read of the
    database (``Database.snapshot``), so the report and the records beside it say the same (a walk
    deleted meanwhile is in both or in neither). ``note_download=False``: the caller writes the activity
    line (``Records.note_download`` with ``Export.as_what``) once the file is written."""
    if kind not in EXPORT_KINDS:
        raise InputError(f"unknown export {kind!r}; choose one of: {', '.join(EXPORT_KINDS)}")
    if report_pdf is not None and kind != "fhir":
        raise InputError(f"the report can go only into the fhir export, not into {kind!r}")
    as_what = EXPORT_NAMES[kind] if report_pdf is None else f"{EXPORT_NAMES[kind]}, with the report as PDF"
    if callable(report_pdf):
        with records.db.snapshot():
            # the export's own working out first (``export_all``): a check whose finish time was not
            # kept keeps when it was answered (FHIR's authored), not the moment the report opened it;
            # then the report, which reads those results as stored; a result it works out and stores
            # is the export's too (``Records._work_out``)
            records.work_out_unopened()
            report_pdf = report_pdf()
            document = records.export_all(as_what=as_what, note_download=False, work_out=False)
    else:
        document = records.export_all(as_what=as_what, note_download=False)
    stamp = records.today().isoformat()  # the person's day, not UTC's (late evening in America)
    if kind == "json":
        text = json.dumps(document, ensure_ascii=False, indent=1)
        export = Export(kind, text + "\n", "application/json", f"backstride-export-{stamp}.json", as_what)
    elif kind == "fhir":
        bundle, media_type = _fhir_bundle(document, report_pdf)
        text = json.dumps(bundle, ensure_ascii=False, indent=1)
        export = Export(kind, text + "\n", media_type, f"backstride-fhir-{stamp}.json", as_what)
    else:
        text = csv_table(document, kind)
        export = Export(kind, text, "text/csv; charset=utf-8", f"backstride-{kind}-{stamp}.csv", as_what)
    if note_download:  # once the file is made: one that could not be made is not written down
        records.note_download(as_what, person_label=document["person"]["label"], action=export.action)
    return export


__all__ = ["EXPORT_KINDS", "EXPORT_PATHS", "Export", "make_export"]
