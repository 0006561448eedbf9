"""``GET /report.pdf``: the report for a clinician as a PDF file, for a clinic's record system.

It takes what ``GET /report`` takes (``?check=ID``, ``?weeks=N``, ``?person=N``) and says the same
(``backstride.web.report_pdf``), of the person chosen as every list page chooses them
(``backstride.web.whose``): with several people and none chosen, the People page; an unknown person
or check is the "not found" page, a bad number the "something was not right" page. The download is
written in the activity list ("Downloaded the report for a clinician", as PDF).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backstride.core.errors import BackstrideError
from backstride.services.records import Records
from backstride.web.deps import get_records, refuse_cross_site_writes
from backstride.web.pages import _error_page, _file_suffix, _person_page
from backstride.web.whose import Whose

router = APIRouter(include_in_schema=False, dependencies=[Depends(refuse_cross_site_writes)])

PDF_TYPE = "application/pdf"


@router.get("/report.pdf")
def clinician_report_pdf(
    request: Request,
    records: Annotated[Records, Depends(get_records)],
    check: int | None = None,
    weeks: int = 12,
) -> Response:
    """The report for a clinician as a PDF download (A4)."""
    from backstride.web.report_pdf import render_report_pdf

    def draw(whose: Whose) -> Response:
        try:
            pdf = render_report_pdf(whose.records, assessment_id=check, weeks=weeks)
            whose.records.note_download("PDF", action="report_downloaded")
        except BackstrideError as exc:
            return _error_page(exc)
        # as the command line names it: the day, and the person's id when there are several
        name = f"backstride-report-{records.today().isoformat()}{_file_suffix(whose)}.pdf"
        return Response(
            pdf, media_type=PDF_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )

    return _person_page(request, records, draw)


__all__ = ["PDF_TYPE", "router"]
