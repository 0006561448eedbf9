"""Everyday walking in the REST API (``/api``, beside ``web/api.py``, with its errors and its refusal
of changes sent by another web site):

    POST /api/everyday?person_id=N   an Apple Health export (export.zip or export.xml) as the form
                                     field ``file``; the days added, updated and already there
    GET  /api/everyday?person_id=N   the person's days, oldest first (``start``/``end`` to narrow)

The upload is taken as a walk's is (``app.UPLOAD_PATHS``: the same limit, on disk, copied a piece at
a time); the reading and storing are ``services.everyday``. The days are also in ``GET /api/export``
and ``GET /api/export/everyday.csv``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile, status

from backstride.services.everyday import Everyday
from backstride.services.records import Records
from backstride.web.api import ERRORS, IDEMPOTENCY_KEY_SENT_BEFORE, idempotency_key_header
from backstride.web.deps import person_records, refuse_cross_site_writes
from backstride.web.schemas import Day, EverydayDayOut, EverydayImportOut

router = APIRouter(prefix="/api", responses=ERRORS, dependencies=[Depends(refuse_cross_site_writes)])


@router.post(
    "/everyday",
    response_model=EverydayImportOut,
    status_code=status.HTTP_201_CREATED,
    tags=["everyday"],
    responses={status.HTTP_409_CONFLICT: IDEMPOTENCY_KEY_SENT_BEFORE},
)
def import_everyday(
    file: UploadFile = File(..., description="The Health app's export.zip, or its export.xml"),
    records: Records = Depends(person_records),
    idempotency_key: str | None = idempotency_key_header(
        "import",
        same="the same file sent again with it into the same person (a retry) gets the first answer, "
        "its counts as they were, not 'already here'",
    ),
) -> Any:
    """Bring in everyday walking from an Apple Health export: steps and distance per day, walking
    speed, step length, asymmetry, double support (fractions 0-1) and the six-minute walk estimate,
    in SI units. The same export twice adds nothing twice; a newer one adds its new days and updates
    the changed ones. A file that cannot be used is a 422 naming the problem and keeps nothing; one
    bigger than the upload limit a 413. With an ``Idempotency-Key`` header, the same file sent again
    into the same person gets the first answer; after the person's records were deleted, a 409."""
    return (
        Everyday(records)
        .import_file(file.filename or "", file.file, idempotency_key=idempotency_key)
        .to_dict()
    )


@router.get("/everyday", response_model=list[EverydayDayOut], tags=["everyday"])
def list_everyday(
    start: Day | None = Query(None, description="First day (YYYY-MM-DD), inclusive"),
    end: Day | None = Query(None, description="Last day (YYYY-MM-DD), inclusive"),
    records: Records = Depends(person_records),
) -> Any:
    """The person's days of everyday walking, oldest first; null: not measured that day."""
    return [d.to_dict() for d in Everyday(records).list_days(start=start, end=end)]


__all__ = ["router"]
