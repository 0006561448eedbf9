"""The FHIR Bundle is made from a backstride export of every format a restore reads, the one before this
version's too (review R2, 2026-11-27).

What was found: export format 11 (who sent each walk) made ``export_bundle`` take formats 1 to 9 and 11
only, so a document of format 10, the one the previous version wrote, was refused: "format_version 10
of the export is not supported (expected 1 to 11)".
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.test_fhir_export import _resources, document, records

from backstride.fhir.export import export_bundle
from backstride.services.restore import READABLE_FORMAT_VERSIONS

__all__ = ["document", "records"]  # the fixtures, shared


@pytest.mark.parametrize("version", READABLE_FORMAT_VERSIONS)
def test_a_document_of_every_format_a_restore_reads_makes_a_bundle(
    document: dict[str, Any], version: int
) -> None:
    older = {**document, "format_version": version}
    assert _resources(export_bundle(older), "Patient")  # refused with InputError before (format 10)
