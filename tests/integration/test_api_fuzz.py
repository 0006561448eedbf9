"""REST API fuzzing from its own OpenAPI document (schemathesis): every operation, with cases that fit
the schema and cases that break it (wrong types, out-of-range values, missing fields, extra fields),
is sent to the in-process app on a fresh SQLite file.

Whatever is sent, the app must never answer 5xx, and each answer must be one the document promises:
a documented status code, its content type and a body matching its schema. Reproducible in CI:
derandomised, a small number of examples per operation.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.web.app import create_app
from backstride.web.settings import Settings

# BACKSTRIDE_FUZZ_EXAMPLES=200 for a deeper run by hand; CI keeps the default.
EXAMPLES = int(os.environ.get("BACKSTRIDE_FUZZ_EXAMPLES", "20"))
# BACKSTRIDE_FUZZ_RANDOM=1: new cases on every run (by hand, to look further); CI always sends the same
SAME_CASES = not os.environ.get("BACKSTRIDE_FUZZ_RANDOM")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _document() -> dict[str, Any]:
    """The app's OpenAPI document; building the app without migrating touches no database file."""
    app = create_app(Settings(database_url="sqlite://", migrate_on_start=False))
    document: dict[str, Any] = app.openapi()
    app.state.db.dispose()
    return document


schema = schemathesis.openapi.from_dict(_document())


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One app on a fresh SQLite file for the whole module: the fuzzer's writes pile up in it, as a
    person's would (people added, checks started, days written, then deleted again)."""
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    yield app
    app.state.db.dispose()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=SAME_CASES,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented_and_never_5xx(case: Any, fuzzed_app: Any) -> None:
    response = case.call(app=fuzzed_app)
    case.validate_response(response, checks=CHECKS)


# ------------------------------------------------------------------------- what the fuzzer found


def test_a_body_that_cannot_be_read_is_a_documented_400(fuzzed_app: Any) -> None:
    """Found by the fuzzer: a JSON body that is not UTF-8 (or a broken multipart form) is answered 400
    naming the problem, which the OpenAPI document did not list (only 422)."""
    from fastapi.testclient import TestClient

    client = TestClient(fuzzed_app)
    before = client.get("/api/people").json()
    response = client.post("/api/people", content=b"\xf5\xff", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["detail"]
    assert client.get("/api/people").json() == before  # nobody added
    document = fuzzed_app.openapi()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert "400" in operation["responses"], f"{method.upper()} {path} does not document 400"


@pytest.mark.parametrize("day", [0, "0", 1700006400, "1700006400", "2025-01-01T00:00:00", "20250102", True])
def test_a_day_not_as_yyyy_mm_dd_is_refused_not_read_as_seconds(api: Any, stored: Any, day: Any) -> None:
    """Found by the fuzzer (GET /api/diary?start=0 answered 200): pydantic read a number, or digits, as
    seconds since 1970, so {"entry_date": 0} stored a day on 1970-01-01 and 1700006400 one on 2023-11-15."""
    before = stored()
    response = api.post("/api/diary", json={"entry_date": day, "pain_0_10": 3})
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("entry_date: expected a day as YYYY-MM-DD text")
    assert stored() == before
    for name in ("start", "end"):
        listed = api.get("/api/diary", params={name: str(day)})
        assert listed.status_code == 422 and name in listed.json()["detail"], listed.text
    assert api.get("/api/diary", params={"start": "2025-01-01", "end": "2025-01-02"}).status_code == 200


@pytest.mark.parametrize("height", ["1_72", "٣", "nan"])
def test_a_walks_height_is_read_as_the_pages_read_a_number(api: Any, stored: Any, height: str) -> None:
    """Found by the pages' fuzzer, the same in the API's form: pydantic took height_cm=1_72 as 172."""
    before = stored()
    response = api.post("/api/walks", files={"file": ("w.csv", b"t\n")}, data={"height_cm": height})
    assert response.status_code == 422 and "height_cm" in response.json()["detail"], response.text
    assert stored() == before


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/api/people", "GET, POST"),
        ("PUT", "/api/people", "GET, POST"),
        ("PATCH", "/api/diary/1", "GET, PUT, DELETE"),
        ("PUT", "/api/walks", "GET, POST"),
        ("DELETE", "/diary", "GET, POST"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_405_naming_all_it_takes(
    fuzzed_app: Any, method: str, path: str, allowed: str
) -> None:
    """Found by schemathesis's Allow-header check: Starlette's 405 named only the methods of the first
    route whose path matched (Allow: GET for PUT /api/people, which also takes POST), and said only
    "Method Not Allowed"."""
    from fastapi.testclient import TestClient

    response = TestClient(fuzzed_app).request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == allowed
    if path.startswith("/api/"):
        assert response.json()["detail"] == f"{method} cannot be used on {path}; it takes {allowed}"
    else:
        assert "This page cannot be used that way" in response.text


def test_the_document_states_the_bounds_the_app_enforces(api: Any, stored: Any) -> None:
    """Found by schemathesis's positive-data check: the document called values valid that are always
    refused (a height of 0, a pain of 11, 2001 characters of notes, no answers at all, a label of null
    in PATCH). The bounds are now in the document (documentation only: the service still says the
    problem in its own words), and a value at a bound is kept while one past it is refused."""
    schemas = api.get("/api/openapi.json").json()["components"]["schemas"]
    diary, person = schemas["DiaryEntryIn"]["properties"], schemas["PersonIn"]["properties"]
    assert (diary["pain_0_10"]["minimum"], diary["pain_0_10"]["maximum"]) == (0, 10)
    assert (diary["walking_tolerance_min"]["minimum"], diary["walking_tolerance_min"]["maximum"]) == (0, 600)
    assert diary["notes"]["maxLength"] == 2000
    assert (person["height_cm"]["minimum"], person["height_cm"]["maximum"]) == (50, 250)
    assert (person["label"]["minLength"], person["label"]["maxLength"]) == (1, 80)
    assert schemas["PersonChange"]["properties"]["label"]["type"] == "string"  # null is refused
    assert schemas["AnswersIn"]["properties"]["answers"]["minProperties"] == 1

    day = (date.today() - timedelta(days=3)).isoformat()
    for entry, kept in [
        ({"entry_date": day, "pain_0_10": 10, "walking_tolerance_min": 600, "notes": "x" * 2000}, True),
        ({"entry_date": day, "pain_0_10": 11}, False),
        ({"entry_date": day, "pain_0_10": 0, "walking_tolerance_min": 600.5}, False),
        ({"entry_date": day, "pain_0_10": 0, "notes": "x" * 2001}, False),
    ]:
        assert (api.post("/api/diary", json=entry).status_code == 201) is kept, entry
    for person, kept in [
        ({"label": "L" * 80, "height_cm": 250}, True),
        ({"label": "M", "height_cm": 49.9}, False),
        ({"label": "N" * 81}, False),
    ]:
        assert (api.post("/api/people", json=person).status_code == 201) is kept, person


# ------------------------------------------------------------------------- damaged walk files

LAB_CSV = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}  # stated in mobilised-lab/index.json
CELLS = ["", "nan", "inf", "-inf", "1e308", "abc", "0", "-0", "1,5", "\x00", "9" * 400]


def _changed(cell: str, change: Any) -> str:
    """``change(number)`` for a cell holding a number; a cell an earlier change broke stays as it is."""
    try:
        return str(change(float(cell)))
    except ValueError:
        return cell


def _damaged(rows: list[list[str]], change: tuple[Any, ...]) -> list[list[str]]:
    """One change a broken export, a wrong setting or a hand edit makes to a table of time + 6 axes."""
    kind, where, what = change
    header, data = rows[0], rows[1:]
    at = int(where * len(data)) if data else 0
    if kind == "keep_rows":
        return [header, *data[:at]]
    if kind == "cell" and data:
        row = list(data[at % len(data)])
        row[int(what) % len(row)] = CELLS[int(what * 7) % len(CELLS)]
        return [header, *data[: at % len(data)], row, *data[at % len(data) + 1 :]]
    if kind == "time_jump":  # every time from a row on moved by what seconds (a wrong clock, a typo)
        moved = [[_changed(r[0], lambda t: f"{t + what:.2f}"), *r[1:]] for r in data[at:]]
        return [header, *data[:at], *moved]
    if kind == "drop_column":
        k = 1 + int(what) % (len(header) - 1)
        return [r[:k] + r[k + 1 :] for r in rows]
    if kind == "scale":
        return [header, *([r[0], *(_changed(v, lambda x: f"{x * what:.6g}") for v in r[1:])] for r in data)]
    if kind == "header":
        return [[str(what)] + header[1:], *data]
    return rows


CHANGES = st.one_of(
    st.tuples(st.just("keep_rows"), st.floats(0, 1), st.none()),
    st.tuples(st.just("cell"), st.floats(0, 1), st.floats(0, 100)),
    st.tuples(st.just("time_jump"), st.floats(0, 1), st.sampled_from([-5.0, 0.3, 1e3, 1e6, 1e9, 1e15])),
    st.tuples(st.just("drop_column"), st.floats(0, 1), st.integers(0, 6)),
    st.tuples(st.just("scale"), st.floats(0, 1), st.sampled_from([0.0, 1e-3, 1 / 9.81, 1e3, -1.0, 1e300])),
    st.tuples(
        st.just("header"), st.floats(0, 1), st.sampled_from(["t", "time_ms", "", "acc_x", "timestamp"])
    ),
)


def _walks(client: Any) -> list[Any]:
    export = client.get("/api/export")
    assert export.status_code == 200, export.text
    return list(export.json()["gait_recordings"])


@pytest.fixture(scope="module")
def walk_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    path = tmp_path_factory.mktemp("walk-fuzz") / "walks.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        yield client


@settings(max_examples=EXAMPLES, deadline=None, derandomize=SAME_CASES, database=None)
@given(changes=st.lists(CHANGES, min_size=1, max_size=3), height=st.sampled_from([None, "172", "49"]))
def test_a_damaged_walk_file_is_refused_naming_it_or_analysed(
    walk_client: Any, changes: list[tuple[Any, ...]], height: str | None
) -> None:
    """A real lab walk (CSV) with one to three things wrong with it: never a 5xx (a bug, or the server
    killed for memory), and a refused file stores nothing. Found: one wrong time (a jump of 11 days)
    in the 80 KB file made the reader fill the gap and take 8.6 GB; now refused at once."""
    rows = [line.split(",") for line in LAB_CSV.read_text().splitlines()]
    for change in changes:
        rows = _damaged(rows, change)
    body = "\n".join(",".join(r) for r in rows).encode()
    before = _walks(walk_client)
    fields = {**UNITS, **({"height_cm": height} if height else {})}
    response = walk_client.post("/api/walks", files={"file": ("imu.csv", body)}, data=fields)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.json()["detail"]
        assert _walks(walk_client) == before


@pytest.mark.parametrize("jump_s", [1e6, 1e9, 1e15])
def test_a_wrong_time_far_ahead_is_refused_at_once_naming_the_gap(walk_client: Any, jump_s: float) -> None:
    rows = [line.split(",") for line in LAB_CSV.read_text().splitlines()]
    rows = _damaged(rows, ("time_jump", 0.5, jump_s))
    body = "\n".join(",".join(r) for r in rows).encode()
    response = walk_client.post("/api/walks", files={"file": ("imu.csv", body)}, data=UNITS)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "no samples from" in detail and "Is a time in the file wrong?" in detail, detail


# ---------------------------------------------------------------------- damaged zipped walk files

ZIPPED = {
    "gt3x": FORMATS / "actigraph_gt3x" / "actigraph__pygt3x" / "ISM_Enabled.gt3x",
    "sensor-logger": FORMATS / "sensor_logger" / "Lynch1206__5ARB0_1_1" / "2022-09-09_13-14-55.zip",
}
LINES = [b"", b"Sample Rate: 0", b"Sample Rate: 1e308", b"Sample Rate: inf", b"Start Date: " + b"9" * 20]
LINES += [b"Acceleration Scale: 0", b"Acceleration Scale: nan", b"x,y,z", b"nan,nan,nan,nan", b"1e400,1,1,1"]


def _rezipped(path: Path, member_at: float, change: tuple[str, float, int]) -> bytes:
    """The zip (a .gt3x is one) with one of its files changed: bytes, a line, cut, or left out."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    name = sorted(members)[int(member_at * len(members)) % len(members)]
    data, (kind, where, what) = bytearray(members[name]), change
    at = int(where * len(data))
    if kind == "bytes" and data:
        data[at % len(data) : at % len(data) + 8] = bytes([what % 256]) * 8
    elif kind == "line":
        lines = bytes(data).split(b"\n")
        lines[int(where * len(lines)) % len(lines)] = LINES[what % len(LINES)]
        data = bytearray(b"\n".join(lines))
    elif kind == "cut":
        data = data[:at]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            if not (kind == "drop" and member == name):
                archive.writestr(member, bytes(data) if member == name else content)
    return out.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=SAME_CASES, database=None)
@given(
    kind=st.sampled_from(sorted(ZIPPED)),
    member_at=st.floats(0, 1),
    change=st.tuples(st.sampled_from(["bytes", "line", "cut", "drop"]), st.floats(0, 1), st.integers(0, 255)),
)
def test_a_damaged_zipped_walk_file_is_refused_naming_it_or_analysed(
    walk_client: Any, kind: str, member_at: float, change: tuple[str, float, int]
) -> None:
    """An ActiGraph .gt3x or a Sensor Logger zip with one file inside changed: never a 5xx, and a
    refused file stores nothing."""
    body = _rezipped(ZIPPED[kind], member_at, change)
    before = _walks(walk_client)
    response = walk_client.post("/api/walks", files={"file": (ZIPPED[kind].name, body)})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert _walks(walk_client) == before


# ------------------------------------------------------------------- damaged Apple Health exports

HEALTH_XML = FORMATS / "apple_health" / "tdda__applehealthdata" / "export6s3sample.xml"


@pytest.fixture(scope="module")
def health_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2016 excerpt as the Health app zips it (with the CDA file beside it)."""
    path = tmp_path_factory.mktemp("health") / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(HEALTH_XML, "apple_health_export/export.xml")
        archive.writestr("apple_health_export/export_cda.xml", b"<ClinicalDocument/>")
    return path


def _everyday(client: Any) -> list[Any]:
    response = client.get("/api/everyday")
    assert response.status_code == 200, response.text
    return list(response.json())


@settings(max_examples=EXAMPLES, deadline=None, derandomize=SAME_CASES, database=None)
@given(
    member_at=st.floats(0, 1),
    change=st.tuples(st.sampled_from(["bytes", "line", "cut", "drop"]), st.floats(0, 1), st.integers(0, 255)),
    flat=st.booleans(),
)
def test_a_damaged_apple_health_export_is_refused_naming_it_or_read(
    walk_client: Any, health_zip: Path, member_at: float, change: tuple[str, float, int], flat: bool
) -> None:
    """The real excerpt with its export.xml or the CDA file beside it changed (bytes, a line, cut, left
    out), sent zipped or as the XML alone: never a 5xx; a refusal names the file and stores nothing."""
    body = _rezipped(health_zip, member_at, change)
    name = "export.zip"
    if flat:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            inside = [n for n in archive.namelist() if n.endswith("/export.xml")]
            body, name = (archive.read(inside[0]), "export.xml") if inside else (body, name)
    before = _everyday(walk_client)
    response = walk_client.post("/api/everyday", files={"file": (name, body)})
    assert response.status_code in (201, 422), response.text
    if response.status_code == 422:
        assert name in response.json()["detail"]
        assert _everyday(walk_client) == before
    else:
        assert {d["day"] for d in _everyday(walk_client)} >= {d["day"] for d in before}


@pytest.mark.parametrize("rate", ["1e308", "inf", "100000"])
def test_an_actigraph_sample_rate_past_any_device_is_refused(walk_client: Any, rate: str) -> None:
    """Found by fuzzing the .gt3x: 'Sample Rate: 1e308' (or inf) in info.txt was a 500 (int() of it
    overflowed); now 422 naming the rate."""
    with zipfile.ZipFile(ZIPPED["gt3x"]) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    info = re.sub(rb"Sample Rate: [^\r\n]*", b"Sample Rate: " + rate.encode(), members["info.txt"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, info if member == "info.txt" else content)
    response = walk_client.post("/api/walks", files={"file": ("walk.gt3x", out.getvalue())})
    assert response.status_code == 422, response.text
    assert f"the sample rate '{rate}' is not a whole number of Hz" in response.json()["detail"]


@pytest.mark.parametrize("value", ["1e308", "-1e300", "1e7"])
@pytest.mark.parametrize("column", [1, 4])  # acc_x, gyr_x
def test_a_value_no_sensor_measures_is_not_used(walk_client: Any, value: str, column: int) -> None:
    """Found by fuzzing damaged walk files: one gyroscope cell of 1e308 overflowed the filters and the
    analysis failed (a 500). Such a value counts as a missing one: since this session's one-sensor rows
    (a row missing one sensor keeps the other), that sensor's value is filled in from the rows around
    it, and the walk's notes say so."""
    rows = [line.split(",") for line in LAB_CSV.read_text().splitlines()]
    rows[500][column] = value
    body = "\n".join(",".join(r) for r in rows).encode()
    response = walk_client.post("/api/walks", files={"file": ("imu.csv", body)}, data=UNITS)
    assert response.status_code == 201, response.text
    sensor = "accelerometer" if column == 1 else "gyroscope"
    said = f"{sensor}: 1 row(s) had no value (an empty cell, or one no sensor measures), filled in"
    assert said in response.text


@pytest.mark.parametrize(
    ("content", "kind", "said"),
    [
        (b'{"label": "Kim"}', "application/x-www-form-urlencoded", "x-www-form-urlencoded, not as JSON"),
        (b'{"label": "Kim"}', "text/plain", "sent as text/plain, not as JSON"),
        (b'{"label": "Kim"}', None, "sent without a Content-Type"),
        (b'["Kim"]', "application/json", "JSON but not an object (it is an array)"),
        (b'"Kim"', "application/json", "JSON but not an object (it is text)"),
    ],
)
def test_a_body_that_is_not_a_json_object_says_why(
    api: Any, stored: Any, content: bytes, kind: str | None, said: str
) -> None:
    """Found probing the API as curl does (curl -d sends application/x-www-form-urlencoded unless told
    otherwise): a JSON body under another Content-Type, or JSON that is not an object, was answered
    'request body: Input should be a valid dictionary or object to extract fields from'."""
    before = stored()
    headers = {"content-type": kind} if kind else {}
    response = api.post("/api/people", content=content, headers=headers)
    assert response.status_code == 422 and said in response.json()["detail"], response.text
    assert stored() == before
