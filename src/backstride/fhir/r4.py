"""FHIR R4 (4.0.1): the one module that names backstride's FHIR version and checks resources against it.

The models are those of ``fhirclient`` 4.x (SMART Health IT, Apache-2.0), generated from FHIR 4.0.1.
(``fhir.resources`` defaults to R5, and its R4 release needs pydantic 1.) A model read with
``strict=True`` rejects a value of the wrong type, a missing required element and an element R4 does
not have. It does not see what R4 forbids in JSON but Python allows, so :func:`check_resource` adds
those checks: no ``null``, no empty string, list or object, no NaN or infinity, ids that match the
R4 id pattern. :func:`check_bundle` also checks that every entry has a unique ``fullUrl`` and that
every reference points to one of them.

fhirclient is imported only when a resource is checked: its package imports ``requests`` (about
0.14 s of its 0.17 s import, measured with ``python -X importtime``), which the rest of backstride
does not need.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from backstride.core.errors import ExportError

#: The FHIR version of every resource backstride emits.
FHIR_VERSION = "4.0.1"
#: The media type to serve the export with (the fhirVersion parameter names the release, R4 = 4.0).
MEDIA_TYPE = "application/fhir+json; fhirVersion=4.0"
#: The code systems backstride uses that R4 defines or HL7 publishes.
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
#: R4's administrative gender codes (http://hl7.org/fhir/administrative-gender, the required binding
#: of Patient.gender): the only genders a person's record keeps (``services.people``).
GENDERS = ("female", "male", "other", "unknown")

# resourceType -> the fhirclient module that holds its model (only the types backstride emits)
_MODULES: Mapping[str, str] = {
    "Bundle": "bundle",
    "CarePlan": "careplan",
    "Device": "device",
    "DocumentReference": "documentreference",
    "Observation": "observation",
    "Patient": "patient",
    "QuestionnaireResponse": "questionnaireresponse",
    "RiskAssessment": "riskassessment",
}
_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _model(resource_type: str) -> Any:
    module = importlib.import_module(f"fhirclient.models.{_MODULES[resource_type]}")
    return getattr(module, resource_type)


def _json_problems(value: object, path: str) -> Iterator[str]:
    """What R4 JSON forbids that a Python dict can hold: null, empty values, NaN, non-string keys."""
    if value is None:
        yield f"{path}: null (leave the element out instead)"
    elif isinstance(value, str):
        if not value.strip():
            yield f"{path}: an empty string"
        elif found := _CONTROL.search(value):  # R4 strings: nothing below 32 but tab, CR and LF
            yield f"{path}: a control character ({found.group()!r})"
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield f"{path}: {value} is not a JSON number"
    elif isinstance(value, Mapping):
        if not value:
            yield f"{path}: an empty object"
        for key, item in value.items():
            if not isinstance(key, str):
                yield f"{path}: a key that is not a string ({key!r})"
            yield from _json_problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        if not value:
            yield f"{path}: an empty list"
        for index, item in enumerate(value):
            yield from _json_problems(item, f"{path}[{index}]")
    elif not isinstance(value, bool | int):
        yield f"{path}: a {type(value).__name__}, not a JSON value"


def check_resource(resource: Mapping[str, Any], where: str = "") -> None:
    """Raise :class:`ExportError` unless ``resource`` is valid FHIR R4 4.0.1 JSON.

    ``where`` names the resource in the message (e.g. its fullUrl); the message also names its
    resourceType and every problem found.
    """
    resource_type = resource.get("resourceType") if isinstance(resource, Mapping) else None
    name = f"{resource_type or 'resource'}{f' {where}' if where else ''}"
    if not isinstance(resource_type, str) or resource_type not in _MODULES:
        raise ExportError(
            f"FHIR R4 {FHIR_VERSION} export: {name}: resourceType {resource_type!r} is not one "
            f"backstride emits (expected one of {', '.join(sorted(_MODULES))})"
        )
    problems = list(_json_problems(resource, resource_type))
    rid = resource.get("id")
    if isinstance(rid, str) and not _ID.fullmatch(rid):
        problems.append(f"{resource_type}.id: {rid!r} does not match the R4 id pattern [A-Za-z0-9-.]{{1,64}}")
    if problems:
        raise ExportError(f"FHIR R4 {FHIR_VERSION} export: {name} is not valid: " + "; ".join(problems))
    from fhirclient.models.fhirabstractbase import FHIRValidationError

    try:
        _model(resource_type)(dict(resource), strict=True)
    except (FHIRValidationError, TypeError, ValueError) as error:
        raise ExportError(
            f"FHIR R4 {FHIR_VERSION} export: {name} is not valid: {' '.join(str(error).split())}"
        ) from error


def _references(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def check_bundle(bundle: Mapping[str, Any]) -> None:
    """Raise :class:`ExportError` unless ``bundle`` is a valid FHIR R4 4.0.1 Bundle whose entries each
    validate, whose fullUrls are unique and whose references all point to an entry's fullUrl.

    Each entry is checked on its own (so the message names it); the Bundle is then checked without
    the entries' resources, so no resource is read twice.
    """
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise ExportError(f"FHIR R4 {FHIR_VERSION} export: Bundle.entry is not a list")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        full_url = entry.get("fullUrl") if isinstance(entry, Mapping) else None
        if not isinstance(full_url, str) or full_url in seen:
            raise ExportError(
                f"FHIR R4 {FHIR_VERSION} export: Bundle.entry[{index}] has "
                f"{'a repeated' if full_url in seen else 'no'} fullUrl ({full_url!r})"
            )
        seen.add(full_url)
        check_resource(entry.get("resource", {}), full_url)
    shell = {**bundle}
    if entries:
        shell["entry"] = [{k: v for k, v in entry.items() if k != "resource"} for entry in entries]
    check_resource(shell, "(without its entries' resources)")
    for entry in entries:
        for reference in _references(entry.get("resource")):
            if reference not in seen:
                raise ExportError(
                    f"FHIR R4 {FHIR_VERSION} export: {entry['resource'].get('resourceType')} "
                    f"{entry['fullUrl']} refers to {reference}, which is not in the Bundle"
                )


__all__ = [
    "FHIR_VERSION",
    "GENDERS",
    "LOINC",
    "MEDIA_TYPE",
    "OBSERVATION_CATEGORY",
    "UCUM",
    "check_bundle",
    "check_resource",
]
