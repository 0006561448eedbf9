"""The report for a clinician inside the FHIR export, on request: ``backstride export fhir
--with-report`` and ``GET /api/export/fhir?with_report=1`` add the report's PDF as a DocumentReference.

The attachment is read back: base64 to a PDF whose words (pypdf) say the check's disposition and "Not
a diagnosis", with its size and SHA-1 hash; the Bundle still reads strictly as R4 (fhirclient, the
export's own checks); one person's Bundle holds only their report; without the option the export is
byte for byte what it was before the option existed; a bad value is refused (422, exit 2) and writes
nothing. The data are real (test_sharing's database, test_report_pdf's clinic).
"""

# ruff: noqa: F811 (the fixtures filled, client and clinic are imported below)
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from tests.integration.test_report_pdf import clinic, words  # noqa: F401
from tests.integration.test_sharing import client, filled  # noqa: F401
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.fhir import check_bundle, export_bundle
from backstride.fhir.export import SUMMARY_LOINC
from backstride.web.app import create_app
from backstride.web.settings import Settings

runner = CliRunner()


def _is_report(entry: dict[str, Any]) -> bool:
    return bool(entry["resource"]["resourceType"] == "DocumentReference")


def _reports(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if _is_report(e)]


def _pdf(bundle: dict[str, Any]) -> bytes:
    (report,) = _reports(bundle)
    (content,) = report["content"]
    return base64.b64decode(content["attachment"]["data"], validate=True)


def _without_time(bundle: dict[str, Any]) -> dict[str, Any]:
    """The Bundle without when it was made (two exports a moment apart differ only there)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("timestamp", "date", "creation")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(bundle)


def _activity(client: TestClient) -> list[tuple[str, str]]:
    return [(line["action"], line["detail"]) for line in client.get("/api/activity").json()]


# ------------------------------------------------------------------------------------ the report in it


@pytest.fixture(scope="module")
def with_report(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/export/fhir?with_report=1")
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("application/fhir+json")
    return dict(response.json())


def test_the_bundle_with_the_report_reads_strictly_as_r4(with_report: dict[str, Any]) -> None:
    check_bundle(with_report)  # the export's own checks: no empty value, every reference resolves
    for entry in with_report["entry"]:
        resource = entry["resource"]
        type(FHIRElementFactory.instantiate(resource["resourceType"], None))(resource, strict=True)
    assert len(Bundle(with_report, strict=True).entry) == len(with_report["entry"])


def test_the_report_is_a_current_summary_note_about_the_patient_by_backstride(
    with_report: dict[str, Any],
) -> None:
    (report,) = _reports(with_report)
    urls = {e["resource"]["resourceType"]: e["fullUrl"] for e in with_report["entry"]}
    assert report["status"] == "current"
    assert report["type"]["coding"] == [
        {"system": "http://loinc.org", "code": SUMMARY_LOINC, "display": "Summary of episode note"}
    ]
    assert "not a diagnosis" in report["type"]["text"]
    assert report["subject"] == {"reference": urls["Patient"]}
    assert report["author"] == [{"reference": urls["Device"], "display": "backstride"}]
    assert report["date"] == with_report["timestamp"]
    assert "Not a diagnosis" in report["description"]


def test_the_attachment_is_the_pdf_report_with_its_size_and_hash(
    with_report: dict[str, Any], filled: Any
) -> None:
    _, records, ids = filled
    (report,) = _reports(with_report)
    attachment = report["content"][0]["attachment"]
    pdf = _pdf(with_report)
    assert attachment["contentType"] == "application/pdf" and pdf.startswith(b"%PDF-")
    assert attachment["size"] == len(pdf)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii")
    assert attachment["title"] and attachment["creation"] == with_report["timestamp"]
    text = words(pdf)
    assert records.result(ids["finished"]).result["disposition"] == "routine"
    assert "How soon: Within one to two weeks" in text and f"Check {ids['finished']}," in text
    assert text.count("Not a diagnosis") >= 1 and "Page 1 of" in text


def test_without_the_option_the_export_is_as_before_and_the_report_is_only_added(
    client: TestClient, with_report: dict[str, Any]
) -> None:
    plain = client.get("/api/export/fhir")
    for off in ("0", "false"):
        again = client.get(f"/api/export/fhir?with_report={off}")
        assert again.status_code == 200
        assert _without_time(again.json()) == _without_time(plain.json())
    bundle = plain.json()
    assert _reports(bundle) == []
    kept = {**with_report, "entry": [e for e in with_report["entry"] if not _is_report(e)]}
    assert _without_time(kept) == _without_time(bundle)  # the same ids, resources and order


# The Bundle of a fixed document, as the export wrote it before --with-report existed (its SHA-256,
# taken from the code of f4aaa25): the default export must not change by a byte. A change to the diary,
# Device or Patient mapping that is meant changes this number, said in its commit. Changed by the
# Device's notice said to clinicians (fhir.export.NOTICE, not "helps you"): its only difference.
FIXED_DOCUMENT: dict[str, Any] = {
    "format": "backstride-export",
    "format_version": 2,
    "exported_at": "2026-11-20T09:00:00+00:00",
    "package_version": "0.1.0",
    "notice": (
        "This is not a diagnosis. backstride helps you and your clinician think; it never replaces an "
        "examination."
    ),
    "person": {"label": "Me", "height_cm": None},
    "assessments": [],
    "gait_recordings": [],
    "diary_entries": [
        {
            "id": 1,
            "entry_date": "2026-11-19",
            "pain_0_10": 4,
            "walking_tolerance_min": 12.0,
            "notes": "shop",
            "created_at": "2026-11-20T09:00:00+00:00",
            "updated_at": "2026-11-20T09:00:00+00:00",
        }
    ],
    "everyday_walking": [],
    "settings": {},
}
# 2026-11-28: the diary's walking minutes say their moment (before the pain started)
FIXED_SHA256 = "e2d490595e4064d0f52bcc56d749587d4a3798314cf0dfe2c9a307c68548b577"


def test_the_default_export_is_byte_for_byte_what_it_was() -> None:
    for bundle in (export_bundle(FIXED_DOCUMENT), export_bundle(FIXED_DOCUMENT, report_pdf=None)):
        text = json.dumps(bundle, ensure_ascii=False, indent=1) + "\n"  # as services.sharing writes it
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == FIXED_SHA256


def test_an_export_with_no_records_and_the_report_has_a_patient_for_it(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4 a stand-in: the mapping wraps whatever PDF it is given\n"
    empty = {**FIXED_DOCUMENT, "diary_entries": []}
    bundle = export_bundle(empty, report_pdf=pdf)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == [
        "Device",
        "Patient",
        "DocumentReference",
    ]
    assert _pdf(bundle) == pdf
    assert [e["resource"]["resourceType"] for e in export_bundle(empty)["entry"]] == ["Device"]


# ------------------------------------------------------------------------------------ whose report


def test_one_persons_bundle_holds_only_their_report(clinic: Any) -> None:
    url, _, ids = clinic
    zoe, fang = ids["Zoë Ångström"], ids["王芳 Room 4"]
    with TestClient(create_app(Settings(database_url=url))) as c:
        mine = c.get(f"/api/export/fhir?with_report=1&person_id={zoe}")
        theirs = c.get(f"/api/export/fhir?with_report=1&person_id={fang}")
        assert mine.status_code == theirs.status_code == 200
        own = words(_pdf(mine.json()))
        assert "Report for Zoë Ångström" in own and "only Zoe wrote this" in own
        assert "only Fang wrote this" not in own and "No check yet." in own
        other = words(_pdf(theirs.json()))
        assert "only Fang wrote this" in other and "only Zoe wrote this" not in other
        assert f"Check {ids['fang_check']}," in other
        assert "only Fang" not in json.dumps(mine.json()) and "only Zoe" not in json.dumps(theirs.json())
        nobody = c.get("/api/export/fhir?with_report=1")  # several people and none named: refused
        assert nobody.status_code == 422 and "person_id" in nobody.text
        lines = _activity(c)
    assert lines[:2] == [
        ("records_downloaded", "as FHIR, with the report as PDF"),
        ("records_downloaded", "as FHIR, with the report as PDF"),
    ]


def test_the_command_line_puts_the_persons_report_in_the_file(clinic: Any, tmp_path: Path) -> None:
    url, records, ids = clinic
    out = tmp_path / "zoe.json"
    done = runner.invoke(
        cli_app,
        ["export", "fhir", "--with-report", "--person", "zoë ångström", "--db", url, "--out", str(out)],
    )
    assert done.exit_code == 0, done.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    check_bundle(bundle)
    own = words(_pdf(bundle))
    assert "Report for Zoë Ångström" in own and "only Fang wrote this" not in own
    plain = runner.invoke(cli_app, ["export", "fhir", "--person", "zoë ångström", "--db", url])
    assert plain.exit_code == 0 and "DocumentReference" not in plain.stdout
    kept = {**bundle, "entry": [e for e in bundle["entry"] if not _is_report(e)]}
    assert _without_time(kept) == _without_time(json.loads(plain.stdout))
    (line,) = [e for e in records.activity.list(limit=2) if "with the report" in e.detail]
    assert (line.person_id, line.via) == (ids["Zoë Ångström"], "command line")


# ------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "query",
    [
        "/api/export/fhir?with_report=maybe",
        "/api/export/fhir?with_report=2",
        "/api/export/fhir?with_report=",
        "/api/export/diary.csv?with_report=1",
        "/api/export/checks.csv?with_report=true",
    ],
)
def test_the_api_refuses_a_bad_with_report_and_writes_nothing(client: TestClient, query: str) -> None:
    before = _activity(client)
    response = client.get(query)
    assert response.status_code == 422, response.text[:300]
    assert "with_report" in response.text
    assert _activity(client) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "json", "--with-report"], "--with-report goes only with fhir, not with 'json'"),
        (["export", "diary", "--with-report"], "--with-report goes only with fhir"),
        (["export", "fhir", "--with-report=yes"], "'--with-report' does not take a value"),
    ],
)
def test_the_command_line_refuses_a_bad_with_report_and_writes_nothing(
    filled: Any, tmp_path: Path, args: list[str], said: str
) -> None:
    url, records, _ = filled
    before = len(records.activity.list(limit=1000))
    out = tmp_path / "x.json"
    done = runner.invoke(cli_app, [*args, "--db", url, "--out", str(out)])
    assert done.exit_code == 2 and said in done.output and "Traceback" not in done.output, done.output
    assert not out.exists() and len(records.activity.list(limit=1000)) == before
