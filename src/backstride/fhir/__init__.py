"""backstride.fhir: pure mapping of backstride's export to FHIR R4 (4.0.1), checked against R4 models.

``export_bundle(document)`` turns the document ``Records.export_all()`` makes into one FHIR R4 Bundle
(a JSON-able dict); ``FHIR_VERSION`` and ``MEDIA_TYPE`` come from ``fhir.r4``, the one module that
names the FHIR version (see design/ARCHITECTURE.md in docs).
"""

from __future__ import annotations

from backstride.fhir.export import CODE_SYSTEM, RECORD_SYSTEM, export_bundle
from backstride.fhir.r4 import FHIR_VERSION, MEDIA_TYPE, check_bundle, check_resource

__all__ = [
    "CODE_SYSTEM",
    "FHIR_VERSION",
    "MEDIA_TYPE",
    "RECORD_SYSTEM",
    "check_bundle",
    "check_resource",
    "export_bundle",
]
