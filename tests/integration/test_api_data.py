"""REST API: export all data, delete all data, version, OpenAPI docs, and nothing leaves the machine."""

from __future__ import annotations

import ipaddress
import re
import socket
from datetime import date

import pytest
from tests.conftest import MOBILISED_LAB

WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}

# Every REST endpoint and the test module that covers it; a new endpoint must be added here (and tested).
ENDPOINTS = {
    ("GET", "/api/version"): "test_api_data",
    ("GET", "/api/export"): "test_api_data",
    ("GET", "/api/export/{what}"): "test_sharing",
    ("POST", "/api/import"): "test_restore",
    ("DELETE", "/api/data"): "test_api_data",
    ("POST", "/api/assessments"): "test_api_assessments",
    ("GET", "/api/assessments"): "test_api_assessments",
    ("GET", "/api/assessments/{assessment_id}"): "test_api_assessments",
    ("DELETE", "/api/assessments/{assessment_id}"): "test_api_assessments",
    ("POST", "/api/assessments/{assessment_id}/answers"): "test_api_assessments",
    ("POST", "/api/assessments/{assessment_id}/back"): "test_api_assessments",
    ("GET", "/api/assessments/{assessment_id}/result"): "test_api_assessments",
    ("GET", "/api/assessments/{assessment_id}/plan"): "test_api_assessments",
    ("GET", "/api/assessments/{assessment_id}/changes"): "test_check_changes",
    ("POST", "/api/walks"): "test_api_walks",
    ("GET", "/api/walks"): "test_api_walks",
    ("GET", "/api/walks/{walk_id}"): "test_api_walks",
    ("DELETE", "/api/walks/{walk_id}"): "test_api_walks",
    ("POST", "/api/diary"): "test_api_diary",
    ("GET", "/api/diary"): "test_api_diary",
    ("GET", "/api/diary/progress"): "test_api_diary",
    ("GET", "/api/diary/{entry_id}"): "test_api_diary",
    ("PUT", "/api/diary/{entry_id}"): "test_api_diary",
    ("DELETE", "/api/diary/{entry_id}"): "test_api_diary",
    ("GET", "/api/people"): "test_api_people",
    ("POST", "/api/people"): "test_api_people",
    ("GET", "/api/people/{person_id}"): "test_api_people",
    ("PATCH", "/api/people/{person_id}"): "test_api_people",
    ("DELETE", "/api/people/{person_id}"): "test_api_people",
    ("GET", "/api/activity"): "test_activity",
    ("POST", "/api/everyday"): "test_everyday_interfaces",
    ("GET", "/api/everyday"): "test_everyday_interfaces",
}


def fill(api) -> dict[str, int]:
    """One of everything: an answered assessment with a result, a walk, a diary entry."""
    assessment = api.post("/api/assessments", json={}).json()
    answers = {"answers": {"age_years": 70, "worse_walking": True}}
    api.post(f"/api/assessments/{assessment['id']}/answers", json=answers)
    walk = api.post("/api/walks", files={"file": ("imu.csv", WALK.read_bytes())}, data=UNITS).json()
    assert api.get(f"/api/assessments/{assessment['id']}/result").status_code == 200
    entry = api.post("/api/diary", json={"entry_date": date.today().isoformat(), "pain_0_10": 4}).json()
    return {"assessment": assessment["id"], "walk": walk["id"], "entry": entry["id"]}


def test_every_endpoint_is_in_the_openapi_document_and_listed_here(api) -> None:
    spec = api.get("/api/openapi.json").json()
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == set(ENDPOINTS)
    assert spec["info"]["title"] == "backstride"


def test_the_docs_page_is_local_and_lists_every_endpoint(api) -> None:
    page = api.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for _method, path in ENDPOINTS:
        assert f"<code>{path}</code>" in page.text.replace("&#x27;", "'")
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page.text), "the docs page loads nothing remote"
    assert "<script" not in page.text
    # FastAPI's own docs pages load from a CDN: they are switched off; /docs, where FastAPI apps keep
    # them and where people look (it was a 404), leads to these
    assert api.get("/redoc").status_code == 404
    moved = api.get("/docs", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/api/docs"
    assert api.get("/docs").text == page.text


def test_version_names_the_package_and_knowledge_versions(api) -> None:
    from backstride import __version__
    from backstride.knowledge import load_knowledge

    assert api.get("/api/version").json() == {
        "package_version": __version__,
        "knowledge_version": str(load_knowledge().version),
    }


def test_export_holds_all_data_with_versions(api) -> None:
    ids = fill(api)
    response = api.get("/api/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="backstride-export-')
    data = response.json()
    assert data["format"] == "backstride-export" and data["format_version"] == 13
    assert "not a diagnosis" in data["notice"]
    (assessment,) = data["assessments"]
    assert assessment["id"] == ids["assessment"]
    assert assessment["answers"] == {"age_years": 70, "worse_walking": True}
    assert assessment["result"]["disposition"]
    assert assessment["knowledge_version"] and assessment["package_version"]
    assert assessment["gait_recording_id"] == ids["walk"]
    (walk,) = data["gait_recordings"]
    assert walk["algorithm_parameters"] and walk["package_version"]
    assert walk["result"]["walking_bouts"] is not None
    assert [e["id"] for e in data["diary_entries"]] == [ids["entry"]]


def test_delete_all_needs_confirmation_then_removes_everything(api, stored) -> None:
    fill(api)
    before = stored()
    for query in ("", "?confirm=no", "?confirm=YES please"):
        refused = api.delete(f"/api/data{query}")
        assert refused.status_code == 422 and 'confirm must be "yes"' in refused.json()["detail"]
    assert stored() == before

    done = api.delete("/api/data?confirm=yes")
    assert done.status_code == 200
    counts = {"assessments": 1, "gait_recordings": 1, "diary_entries": 1, "everyday_days": 0, "settings": 0}
    assert done.json() == {"deleted": counts}
    after = stored()
    assert after["assessments"] == [] and after["gait_recordings"] == [] and after["diary_entries"] == []
    assert api.get("/api/assessments").json() == [] and api.get("/api/walks").json() == []


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # unix sockets
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def test_no_request_leaves_the_machine(api, monkeypatch) -> None:
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):  # noqa: ANN001
        host = address[0] if isinstance(address, tuple) else address
        if not _is_loopback(host):
            attempts.append(address)
            raise OSError(f"blocked: connection to {address}")
        return real_connect(self, address)

    def guarded_getaddrinfo(host, *args, **kwargs):  # noqa: ANN001
        if not _is_loopback(host):
            attempts.append(host)
            raise OSError(f"blocked: name lookup of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    ids = fill(api)
    assert api.get(f"/api/assessments/{ids['assessment']}/plan").status_code == 200
    assert api.get("/api/diary/progress").status_code == 200
    assert api.get("/api/export").status_code == 200
    assert api.get("/api/docs").status_code == 200
    assert attempts == []


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/assessments/abc"])
def test_unknown_paths_and_malformed_ids_are_4xx(api, path) -> None:
    response = api.get(path)
    assert 400 <= response.status_code < 500 and response.json()["detail"]


HUGE_ID = "99999999999999999999999"  # above 2**63: no database can hold it


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/assessments/{HUGE_ID}"),
        ("GET", f"/api/assessments/{HUGE_ID}/result"),
        ("GET", f"/api/assessments/{HUGE_ID}/plan"),
        ("POST", f"/api/assessments/{HUGE_ID}/answers"),
        ("POST", f"/api/assessments/{HUGE_ID}/back"),
        ("DELETE", f"/api/assessments/{HUGE_ID}"),
        ("GET", f"/api/walks/{HUGE_ID}"),
        ("DELETE", f"/api/walks/{HUGE_ID}"),
        ("GET", f"/api/diary/{HUGE_ID}"),
        ("PUT", f"/api/diary/{HUGE_ID}"),
        ("DELETE", f"/api/diary/{HUGE_ID}"),
        ("GET", f"/api/assessments/-{HUGE_ID}"),
        ("GET", f"/check/{HUGE_ID}"),
        ("GET", f"/walks/{HUGE_ID}"),
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(api, method, path) -> None:
    body = {"answers": {"age_years": 70}} if path.endswith("/answers") else None
    if method == "PUT":
        body = {"entry_date": date.today().isoformat(), "pain_0_10": 4}
    response = api.request(method, path, json=body)
    assert response.status_code == 404, (path, response.text)
    assert "does not exist" in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_change_sent_by_another_web_site_is_refused_and_changes_nothing(api, stored, headers) -> None:
    ids = fill(api)
    before = stored()
    writes = [
        ("POST", "/api/assessments", {}),
        ("POST", f"/api/assessments/{ids['assessment']}/answers", {"answers": {"age_years": 30}}),
        ("POST", f"/api/assessments/{ids['assessment']}/back", None),
        ("DELETE", f"/api/assessments/{ids['assessment']}", None),
        ("POST", "/api/diary", {"entry_date": date.today().isoformat(), "pain_0_10": 1}),
        ("PUT", f"/api/diary/{ids['entry']}", {"entry_date": date.today().isoformat(), "pain_0_10": 9}),
        ("DELETE", f"/api/diary/{ids['entry']}", None),
        ("DELETE", f"/api/walks/{ids['walk']}", None),
        ("DELETE", "/api/data?confirm=yes", None),
    ]
    for method, path, body in writes:
        response = api.request(method, path, json=body, headers=headers)
        assert response.status_code == 403, (method, path, response.text)
        assert "another web site" in response.json()["detail"]
    upload = api.post(
        "/api/walks", files={"file": ("imu.csv", WALK.read_bytes())}, data=UNITS, headers=headers
    )
    assert upload.status_code == 403
    assert stored() == before
    # the same site (the app's own pages) and reading are still allowed
    assert api.get("/api/export", headers=headers).status_code == 200
    same_site = api.post("/api/assessments", json={}, headers={"Origin": "http://testserver"})
    assert same_site.status_code == 201


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil"]
)
def test_a_request_for_another_site_name_is_refused_dns_rebinding(api, host) -> None:
    fill(api)
    for path in ("/api/export", "/api/assessments", "/", "/diary"):
        response = api.get(path, headers={"Host": host})
        assert response.status_code == 400, (host, path, response.text)
        assert "only on this computer" in response.text and "walking_bouts" not in response.text


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "192.168.1.20:8000", "LOCALHOST", "testserver"]
)
def test_loopback_names_and_ip_addresses_are_answered(api, host) -> None:
    assert api.get("/api/export", headers={"Host": host}).status_code == 200


def test_the_configured_host_name_is_answered(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'h.sqlite3'}", allowed_hosts=("mypc.lan",))
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/version", headers={"Host": "mypc.lan:8000"}).status_code == 200
        assert client.get("/api/version", headers={"Host": "other.lan"}).status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "status", "says"),
    [
        ("GET", "/nope", 404, "There is no page at this address"),
        ("GET", "/check/abc", 422, "This address or form is not right"),
        ("GET", f"/check/{HUGE_ID}", 404, "does not exist"),
        ("PUT", "/", 405, "cannot be used that way"),
    ],
)
def test_a_page_error_is_an_html_page_with_a_link_home(api, method, path, status, says) -> None:
    response = api.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert says in response.text and '<a href="/">' in response.text
    assert "<h1>" in response.text and '"detail"' not in response.text


def test_a_page_error_from_another_site_is_html_and_api_errors_stay_json(api) -> None:
    refused = api.post("/diary", data={"pain_0_10": "3"}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "another web site" in refused.text
    for path in ("/api/nope", "/api/assessments/abc", f"/api/walks/{HUGE_ID}"):
        response = api.get(path)
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == "application/json" and response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/report?weeks=abc", "“weeks” should be a whole number, like 12, not “abc”"),
        ("/check/abc", "the number in the address should be a whole number, like 12, not “abc”"),
    ],
)
def test_a_page_error_names_the_field_and_what_is_expected(api, path, says) -> None:
    response = api.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert says in response.text
    assert "This address or form is not right:" in response.text
