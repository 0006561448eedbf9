"""Every text cell of every CSV table is safe in a spreadsheet, not only the ones a person typed: a
backup edited by someone else and restored can hold a walk's format or a check's version like
'=HYPERLINK(...)' (the restore keeps them as text), which Excel would run as a formula."""

from __future__ import annotations

import csv
import io

from backstride.services.tables import csv_table

FORMULA = '=HYPERLINK("http://x","click")'


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_a_walks_format_and_version_from_a_restored_file_are_never_formulas() -> None:
    walk = {
        "id": 1,
        "created_at": "2026-11-20T10:00:00+00:00",
        "original_filename": "walk.csv",
        "source_format": FORMULA,
        "height_cm": None,
        "result": {},
        "gait_factor_codes": [],
        "package_version": "+1+1",
        "sha256": "0" * 64,
    }
    cells = _cells(csv_table({"gait_recordings": [walk], "notice": "Not a diagnosis."}, "walks"))
    assert "'" + FORMULA in cells and "'+1+1" in cells
    assert FORMULA not in cells and "+1+1" not in cells


def test_a_checks_versions_from_a_restored_file_are_never_formulas() -> None:
    check = {
        "id": 1,
        "created_at": "2026-11-20T10:00:00+00:00",
        "updated_at": "2026-11-20T10:00:00+00:00",
        "mode": "person",
        "answers": {},
        "result": None,
        "disposition": None,
        "gait_recording_id": None,
        "knowledge_version": "@SUM(1+1)",
        "package_version": "-2+3",
    }
    cells = _cells(csv_table({"assessments": [check], "notice": "Not a diagnosis."}, "checks"))
    assert "'@SUM(1+1)" in cells and "'-2+3" in cells
