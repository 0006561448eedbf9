"""REST API: uploads of real Mobilise-D lab walks and an Axivity .cwa; a bad file gets a 4xx naming the
problem, a file over the size limit a 413, a mistake in the analysis a 500; none of them stores anything."""

from __future__ import annotations

import pytest
from tests.conftest import MOBILISED_LAB, SHARED
from tests.integration.conftest import _stored_data

IMU_CSV = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
DATA_MAT = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"
UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}  # stated in mobilised-lab/index.json


@pytest.fixture
def database_url(tmp_path) -> str:
    """SQLite only here: a stored walk on PostgreSQL is covered in test_storage.py."""
    return f"sqlite:///{tmp_path / 'walks.sqlite3'}"


def upload(api, path=IMU_CSV, name=None, data=None, **fields):
    body = path.read_bytes() if data is None else data
    return api.post("/api/walks", files={"file": (name or path.name, body)}, data={**UNITS, **fields})


def test_upload_analyses_and_stores_a_walk_with_its_provenance(api, stored) -> None:
    response = upload(api, height_cm="172")
    assert response.status_code == 201, response.text
    walk = response.json()
    assert walk["original_filename"] == "imu.csv"
    assert walk["source_format"] == "csv"
    assert walk["size_bytes"] == IMU_CSV.stat().st_size and len(walk["sha256"]) == 64
    assert walk["result"]["walking_bouts"], "the lab walk has a walking bout (INDIP reference: 1)"
    assert walk["summary"]["n_steps"] > 0 and walk["summary"]["cadence_spm"] > 40
    params = walk["algorithm_parameters"]
    assert params["height_cm"] == 172.0 and params["reader"] == UNITS
    assert walk["package_version"] and walk["height_cm"] == 172.0
    assert isinstance(walk["gait_factor_codes"], list) and isinstance(walk["findings"], dict)

    assert api.get(f"/api/walks/{walk['id']}").json() == walk
    assert [w["id"] for w in api.get("/api/walks").json()] == [walk["id"]]
    exported = stored()["gait_recordings"]
    assert exported[0]["algorithm_parameters"] == params and exported[0]["result"] == walk["result"]

    assert api.delete(f"/api/walks/{walk['id']}").status_code == 204
    assert api.get(f"/api/walks/{walk['id']}").status_code == 404
    assert api.get("/api/walks").json() == []


def test_a_mobilised_mat_file_with_a_trial(api) -> None:
    response = api.post(
        "/api/walks",
        files={"file": ("data.mat", DATA_MAT.read_bytes())},
        data={"trial": "TimeMeasure1/Test5/Trial1"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["source_format"] == "mobilised"
    assert response.json()["algorithm_parameters"]["reader"] == {"trial": "TimeMeasure1/Test5/Trial1"}


def test_progress_lists_speed_and_cadence_per_walk(api) -> None:
    walk = upload(api).json()
    walks = api.get("/api/diary/progress").json()["walks"]
    assert [w["id"] for w in walks] == [walk["id"]]
    assert walks[0]["cadence_spm"] == walk["summary"]["cadence_spm"]
    assert walks[0]["walking_speed_mps"] == walk["summary"]["walking_speed_mps"]


@pytest.mark.parametrize(
    ("kwargs", "status", "problem"),
    [
        ({"data": b""}, 422, "imu.csv is empty"),
        ({"data": b"\x00\x01\x02 this is not a recording", "name": "walk.csv"}, 422, "walk.csv"),
        ({"data": b"time_s,temperature\n0,20\n0.01,20\n", "name": "weather.csv"}, 422, "weather.csv"),
        ({"name": "photo.jpg", "data": b"\xff\xd8\xff\xe0 JFIF"}, 422, "photo.jpg"),
        ({"acc_unit": "furlongs"}, 422, "furlongs"),
        ({"format": "mp3"}, 422, "mp3"),
        ({"height_cm": "20"}, 422, "height_cm must be from 50 to 250"),
        ({"height_cm": "tall"}, 422, "height_cm"),
        ({"trial": "TimeMeasure1/Test5/Trial1"}, 422, "trial"),
    ],
)
def test_bad_uploads_are_refused_naming_the_problem_and_nothing_stored(
    api, stored, kwargs, status, problem
) -> None:
    before = stored()
    response = upload(api, **kwargs)
    assert response.status_code == status, response.text
    assert problem in response.json()["detail"]
    assert "/tmp" not in response.json()["detail"]  # the message names the person's file, not our temp path
    assert stored() == before


def test_a_csv_without_units_says_which_units_to_give(api, stored) -> None:
    response = api.post("/api/walks", files={"file": ("imu.csv", IMU_CSV.read_bytes())})
    assert response.status_code == 422
    assert "unit" in response.json()["detail"] and "imu.csv" in response.json()["detail"]
    assert stored()["gait_recordings"] == []


def test_a_mat_file_with_several_trials_asks_which(api, stored) -> None:
    response = api.post("/api/walks", files={"file": ("data.mat", DATA_MAT.read_bytes())})
    assert response.status_code == 422 and "trial" in response.json()["detail"]
    assert stored()["gait_recordings"] == []


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({}, "or send the form fields acc_unit (m/s^2 or g) and gyr_unit (deg/s or rad/s)"),
        ({"acc_unit": "g"}, "or send the form field gyr_unit (deg/s or rad/s)"),
        ({**UNITS, "trial": "Test5/Trial1"}, "the form field trial applies to Mobilise-D .mat files only"),
        ({**UNITS, "format": "phyphox"}, "the form fields acc_unit and gyr_unit apply to the generic csv"),
    ],
)
def test_messages_about_units_and_trials_name_the_api_fields_not_command_line_flags(
    api, stored, fields, named
) -> None:
    # the API used to say "pass --acc-unit m/s^2|g" or "--trial applies...": flags of another program
    from tests.conftest import FORMATS

    # units for a real phyphox file (a CSV sent as phyphox is named as not phyphox first)
    phyphox = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk100.xls"
    name, body = ("walk100.xls", phyphox) if fields.get("format") == "phyphox" else ("imu.csv", IMU_CSV)
    response = api.post("/api/walks", files={"file": (name, body.read_bytes())}, data=fields)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert named in detail and "--" not in detail and detail.startswith(f"{name}: ")
    assert stored()["gait_recordings"] == []


def test_a_mat_file_with_several_trials_names_the_trial_field(api) -> None:
    detail = api.post("/api/walks", files={"file": ("data.mat", DATA_MAT.read_bytes())}).json()["detail"]
    assert "choose one with the form field trial (e.g. TimeMeasure1/Test11/Trial1)" in detail
    assert "--trial" not in detail
    wrong = {"trial": "Test99"}
    detail = api.post("/api/walks", files={"file": ("data.mat", DATA_MAT.read_bytes())}, data=wrong).json()
    assert detail["detail"].startswith("data.mat: the form field trial 'Test99' matches no trial")


def test_an_upload_without_a_file_is_refused(api, stored) -> None:
    response = api.post("/api/walks", data={"format": "auto"})
    assert response.status_code == 422 and "file" in response.json()["detail"]
    assert stored()["gait_recordings"] == []


def test_unknown_walk_ids_are_404(api) -> None:
    assert api.get("/api/walks/5").json() == {"detail": "walk 5 does not exist"}
    assert api.delete("/api/walks/5").status_code == 404


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("x" * 296 + ".csv", "x" * 115 + "….csv"),  # longer than a file name may be on disk
        ("ü" * 130, "ü" * 119 + "…"),  # 260 bytes in UTF-8
        ("ü" * 130 + ".csv", "ü" * 115 + "….csv"),
        ("../../etc/imu.csv", "imu.csv"),
    ],
)
def test_an_awkward_file_name_is_kept_shortened_and_the_walk_analysed(api, name, shown) -> None:
    response = upload(api, name=name)
    assert response.status_code == 201, response.text
    assert response.json()["original_filename"] == shown
    assert api.get("/api/walks").json()[0]["original_filename"] == shown


@pytest.mark.parametrize("name", ["..", "."])
def test_a_file_name_that_is_only_dots_is_refused_and_nothing_stored(api, stored, name) -> None:
    before = stored()
    response = upload(api, name=name)
    assert response.status_code == 422, response.text
    # plain words for a person: what happened and what to do (it said "the uploaded file has no name")
    assert response.json()["detail"] == (
        "We could not read the file's name, so nothing was saved. "
        "Give the file a name, like walk.csv or phyphox-export.zip, and send it again."
    )
    assert stored() == before


def test_a_zip_that_unpacks_to_more_than_the_web_limit_is_refused_unread(api, stored, monkeypatch) -> None:
    import io
    import zipfile

    from backstride.services import records

    # a small zip whose member unpacks to 3 MB, against a limit lowered to 2 MB for the test
    monkeypatch.setattr(records, "MAX_UNPACKED_UPLOAD_BYTES", 2 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Accelerometer.csv", b"0" * (3 * 1024 * 1024))
    read: list[object] = []
    monkeypatch.setattr("backstride.gait.readers.read_recording", lambda *a, **k: read.append(a))
    before = stored()
    response = upload(api, name="walk.zip", data=buffer.getvalue())
    assert response.status_code == 422, response.text
    assert "walk.zip unpacks to 3,145,728 bytes; expected at most 2,097,152" in response.json()["detail"]
    assert read == [] and stored() == before


def test_the_unpacked_limit_lets_a_day_long_phone_export_in() -> None:
    from backstride.services import records

    # 24 h of Sensor Logger at 100 Hz unpacks to 1.7 GB and is read piece by piece; a zip bomb's
    # terabytes are still refused
    assert 2 * 1024**3 <= records.MAX_UNPACKED_UPLOAD_BYTES <= 8 * 1024**3


# ---- big uploads: copied a piece at a time, refused (413) as soon as they pass the limit ----------

CWA = (
    SHARED / "data" / "formats" / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
)


def upload_cwa(client, data=None, where="/api/walks", **fields):
    """An AX3 recording of 610 steps (a .cwa names its own units)."""
    body = CWA.read_bytes() if data is None else data
    return client.post(where, files={"file": (CWA.name, body)}, data=fields)


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    """Where the app (and Starlette) put temporary files during the test: to see they are gone."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _client(database_url: str, **settings):
    from fastapi.testclient import TestClient

    from backstride.web.app import create_app
    from backstride.web.settings import Settings

    return TestClient(
        create_app(Settings(database_url=database_url, **settings)), raise_server_exceptions=False
    )


def test_an_upload_one_byte_over_the_limit_is_refused_with_413_and_nothing_kept(
    database_url, temp_dir
) -> None:
    limit = IMU_CSV.stat().st_size
    with _client(database_url, max_upload_bytes=limit) as small:
        before = _stored_data(small)
        exact = upload(small)  # exactly at the limit: taken
        assert exact.status_code == 201, exact.text
        over = upload(small, data=IMU_CSV.read_bytes() + b"\n")
        assert over.status_code == 413, over.text
        assert over.json()["detail"] == (
            f"imu.csv is too big. A walk file can be at most 77.9 KB ({limit:,} bytes). "
            "Nothing was stored. Please send a shorter recording."
        )
        after = _stored_data(small)
    assert [w["sha256"] for w in after["gait_recordings"]] == [exact.json()["sha256"]]
    assert len(before["gait_recordings"]) == 0
    assert list(temp_dir.iterdir()) == []  # the partial copy is deleted


def test_a_request_that_says_it_is_too_big_is_refused_before_it_is_read(database_url, monkeypatch) -> None:
    from backstride.services.records import Records

    called: list[object] = []
    monkeypatch.setattr(Records, "upload_walk", lambda *a, **k: called.append(a))
    with _client(database_url, max_upload_bytes=64 * 1024) as small:
        response = upload(small, name="week.cwa", data=b"\0" * (3 * 1024 * 1024))
        page = small.post("/walks", files={"file": ("week.cwa", b"\0" * (3 * 1024 * 1024))})
        assert _stored_data(small)["gait_recordings"] == []
    assert response.status_code == 413
    assert response.json()["detail"].startswith(
        "This upload is too big. A walk file can be at most 64 KB (65,536"
    )
    assert page.status_code == 413 and "This file is too big" in page.text and "64 KB" in page.text
    assert called == []


def test_a_request_of_unknown_length_is_refused_once_it_passes_the_limit(database_url, temp_dir) -> None:
    sent: list[int] = []

    def body():  # chunked: no Content-Length, so only counting can tell
        boundary = b"--limit\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="week.cwa"\r\n\r\n'
        for _ in range(64):
            sent.append(1)
            yield b"\0" * (256 * 1024)
        yield b"\r\n--limit--\r\n"

    with _client(database_url, max_upload_bytes=2 * 1024 * 1024) as small:
        response = small.post(
            "/api/walks", content=body(), headers={"content-type": "multipart/form-data; boundary=limit"}
        )
        assert _stored_data(small)["gait_recordings"] == []
    assert response.status_code == 413, response.text
    assert "at most 2 MB (2,097,152 bytes)" in response.json()["detail"]
    assert list(temp_dir.iterdir()) == []


def test_a_file_streamed_in_pieces_is_stored_as_its_bytes_would_be(tmp_path, monkeypatch) -> None:
    import hashlib

    from backstride.services import records as records_module
    from backstride.services.records import Records
    from backstride.storage.db import Database

    monkeypatch.setattr(records_module, "UPLOAD_PIECE_BYTES", 4096)  # the 305 KB file in 75 pieces
    data = CWA.read_bytes()
    records = Records(Database(f"sqlite:///{tmp_path / 'pieces.sqlite3'}").migrate())
    from_bytes = records.upload_walk("walk.cwa", data, height_cm=170)
    other = Records(Database(f"sqlite:///{tmp_path / 'other.sqlite3'}").migrate())  # one file is stored once
    with CWA.open("rb") as fh:
        streamed = other.upload_walk("walk.cwa", fh, height_cm=170)
    assert streamed.sha256 == from_bytes.sha256 == hashlib.sha256(data).hexdigest()
    assert streamed.size_bytes == from_bytes.size_bytes == len(data)
    assert streamed.result == from_bytes.result and streamed.result["walking_bouts"]
    assert streamed.findings == from_bytes.findings and streamed.source_format == "axivity"


def test_the_web_upload_stores_the_same_walk_as_the_bytes(api, tmp_path) -> None:
    from backstride.services.records import Records
    from backstride.storage.db import Database

    web = upload_cwa(api, height_cm="170").json()
    records = Records(Database(f"sqlite:///{tmp_path / 'bytes.sqlite3'}").migrate())
    direct = records.upload_walk(CWA.name, CWA.read_bytes(), height_cm=170).to_dict()
    assert web["sha256"] == direct["sha256"] and web["size_bytes"] == direct["size_bytes"]
    assert web["result"] == direct["result"] and web["gait_factor_codes"] == direct["gait_factor_codes"]


def test_copying_stops_as_soon_as_the_limit_is_passed(tmp_path) -> None:
    from backstride.services.records import UPLOAD_PIECE_BYTES, Records, UploadTooLargeError
    from backstride.storage.db import Database

    class Endless:
        """A file that never ends, counting what was read from it."""

        read_bytes = 0

        def read(self, n: int = -1) -> bytes:
            assert n > 0, "read whole"
            self.read_bytes += n
            return b"\0" * n

    source = Endless()
    records = Records(
        Database(f"sqlite:///{tmp_path / 'stop.sqlite3'}").migrate(), max_upload_bytes=5_000_000
    )
    with pytest.raises(
        UploadTooLargeError, match=r"endless.cwa is too big\. .* at most 4.77 MB \(5,000,000 bytes\)"
    ):
        records.upload_walk("endless.cwa", source)  # type: ignore[arg-type]
    assert 5_000_000 < source.read_bytes <= 5_000_000 + UPLOAD_PIECE_BYTES
    assert records.list_walks() == []


# ---- reading errors are the file's (4xx); an error of the analysis is ours (500) ----------------


def test_a_damaged_cwa_is_refused_naming_the_problem_and_nothing_stored(api, stored) -> None:
    before = stored()
    response = upload_cwa(api, data=CWA.read_bytes()[: 1024 + 512 * 40 + 100])
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{CWA.name}: is truncated")
    assert stored() == before


def test_a_decoding_error_met_while_the_pieces_are_read_is_still_the_files(api, stored, monkeypatch) -> None:
    # the samples are decoded piece by piece during the analysis: the reader's error is still "cannot read"
    def broken(*args, **kwargs):
        raise ValueError("buffer size must be a multiple of element size")

    monkeypatch.setattr("backstride.gait.readers.axivity._decode_samples", broken)
    before = stored()
    response = upload_cwa(api)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == (
        f"{CWA.name}: could not be read as a recording: buffer size must be a multiple of element size"
    )
    assert stored() == before


# a bug in the analysis: in each window while the pieces are still being read, or after the analysis
BUGGY = [
    "backstride.gait.readers.stream.RecordingStream.recording",
    "backstride.services.gait_findings.gait_to_inputs",
]


@pytest.mark.parametrize("bug_in", BUGGY)
@pytest.mark.parametrize("where", ["/api/walks", "/walks"])
def test_a_mistake_in_the_analysis_is_a_server_error_logged_and_nothing_stored(
    database_url, monkeypatch, caplog, where, bug_in
) -> None:
    def bug(*args, **kwargs):
        raise ValueError("operands could not be broadcast together")  # a bug, not the file's fault

    monkeypatch.setattr(bug_in, bug)
    with _client(database_url) as client, caplog.at_level("ERROR", logger="backstride.web"):
        before = _stored_data(client)
        response = upload_cwa(client, where=where)
        assert _stored_data(client) == before
    assert response.status_code == 500, response.text
    assert "operands" not in response.text and "could not be read" not in response.text
    assert "It is not your fault" in (
        response.json()["detail"] if where.startswith("/api") else response.text
    )
    logged = [r for r in caplog.records if r.name == "backstride.web"]
    assert len(logged) == 1 and f"POST {where}" in logged[0].getMessage()
    assert logged[0].exc_info is not None and "operands could not be broadcast" in str(logged[0].exc_info[1])


@pytest.mark.parametrize("chosen", ["auto", "actigraph"])
def test_an_actigraph_gt3x_is_read_from_an_upload(api, chosen) -> None:
    gt3x = SHARED / "data" / "formats" / "actigraph_gt3x" / "actigraph__pygt3x" / "ISM_Disabled.gt3x"
    response = api.post("/api/walks", files={"file": (gt3x.name, gt3x.read_bytes())}, data={"format": chosen})
    assert response.status_code == 201, response.text
    walk = response.json()
    assert walk["source_format"] == "actigraph" and walk["result"]["duration_s"] == pytest.approx(300, abs=1)


# ------------------------------------------------------------------ walking tolerance: symptom and stop


def clock_csv(path, start="2024-05-01T10:32:00"):
    """The lab walk with a clock time on every row, so times can be given as clock times too."""
    import numpy as np

    data = np.loadtxt(IMU_CSV, delimiter=",", skiprows=1)
    base = np.datetime64(start)
    rows = ["timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"]
    for row in data:
        when = base + np.timedelta64(int(round(row[0] * 1000)), "ms")
        rows.append(f"{when}," + ",".join(f"{v:.6f}" for v in row[1:]))
    path.write_text("\n".join(rows) + "\n")
    return path


def cli_tolerance(path, *args):
    import json

    from typer.testing import CliRunner

    from backstride.cli.main import app

    done = CliRunner().invoke(app, ["gait", "analyze", str(path), *args, "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["walking_tolerance"]


@pytest.mark.parametrize(
    ("symptom_at", "stop_at"),
    [("5", "11s"), ("10:32:05", "10:32:11"), ("4.5s", None), (None, "10:32:09"), ("0.1 min", "0 min 11 s")],
)
def test_symptom_and_stop_times_give_the_walking_tolerance_of_the_command_line(
    api, tmp_path, symptom_at, stop_at
) -> None:
    path = clock_csv(tmp_path / "clock-walk.csv")
    fields = {k: v for k, v in {"symptom_at": symptom_at, "stop_at": stop_at}.items() if v is not None}
    response = api.post("/api/walks", files={"file": (path.name, path.read_bytes())}, data=fields)
    assert response.status_code == 201, response.text
    walk = response.json()
    flags = [a for k, v in fields.items() for a in (f"--{k.replace('_', '-')}", v)]
    expected = cli_tolerance(path, *flags)
    tolerance = walk["result"]["walking_tolerance"]
    assert tolerance == expected
    assert tolerance["sources"] == ["D7"]
    assert (tolerance["time_to_first_symptom_s"] is not None) == (symptom_at is not None)
    assert (tolerance["time_to_stop_s"] is not None) == (stop_at is not None)
    # the check uses the time to the stop, in minutes (findings.yaml: before symptoms force a stop) [D7];
    # a first symptom alone gives none: it is only a lower bound
    stop = tolerance["time_to_stop_s"]
    if stop is None:
        assert walk["findings"].get("walking_tolerance_min") is None
    else:
        assert walk["findings"]["walking_tolerance_min"] == pytest.approx(round(stop / 60.0, 2))
    assert walk["algorithm_parameters"]["walking_test"] == fields  # as the person gave them
    assert api.get(f"/api/walks/{walk['id']}").json()["result"]["walking_tolerance"] == expected


def test_without_times_there_is_no_tolerance_finding(api) -> None:
    walk = upload(api).json()
    tolerance = walk["result"]["walking_tolerance"]
    assert tolerance["time_to_first_symptom_s"] is None and tolerance["time_to_stop_s"] is None
    assert tolerance["longest_bout_s"] > 0  # the longest bout says how long, not how long one could
    assert "walking_tolerance_min" not in walk["findings"]
    assert "walking_test" not in walk["algorithm_parameters"]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"symptom_at": "soon"}, "symptom_at 'soon': expected a time from the start (e.g. 95, 95s or 1 min"),
        ({"stop_at": "-3"}, "stop_at '-3': expected a time from the start"),
        ({"stop_at": "40"}, "stop_at '40' is outside the recording, which lasts 12.46 s"),
        ({"symptom_at": "10:32:05"}, "symptom_at '10:32:05': this recording does not say when it started"),
        ({"symptom_at": "25:00"}, "symptom_at '25:00'"),
        ({"symptom_at": "8", "stop_at": "5"}, "stop_at '5' comes before symptom_at '8'"),
    ],
)
def test_a_bad_symptom_or_stop_time_is_422_naming_the_field_and_nothing_stored(
    api, stored, fields, problem
) -> None:
    before = stored()
    response = upload(api, **fields)
    assert response.status_code == 422, response.text
    assert problem in response.json()["detail"]
    assert stored() == before


def test_a_time_beyond_a_long_csv_read_piece_by_piece_is_422_once_its_length_is_known(
    api, stored, monkeypatch
) -> None:
    """A big CSV is read while it is analysed, so its length (and whether a time lies inside it) is
    known only at the end: the time is checked again then, and nothing is stored."""
    from backstride.gait.readers import csv_generic

    monkeypatch.setattr(csv_generic, "STREAM_MIN_BYTES", 100_000)  # the lab CSV (~80 kB x 12) streams
    monkeypatch.setattr(csv_generic, "PIECE_BYTES", 200_000)
    body = IMU_CSV.read_bytes()
    header, rows = body.split(b"\n", 1)
    times = [line.split(b",", 1) for line in rows.splitlines() if line]
    n = len(times)
    tiled = [header]
    for k in range(12):  # two minutes of the lab walk, time going on
        tiled += [b"%.2f,%s" % ((k * n + i) / 100.0, rest) for i, (_, rest) in enumerate(times)]
    data = b"\n".join(tiled) + b"\n"
    assert len(data) > 100_000
    before = stored()
    late = upload(api, data=data, name="long.csv", stop_at=str(12 * n / 100.0 + 60))
    assert late.status_code == 422, late.text
    assert "stop_at" in late.json()["detail"] and "outside the recording" in late.json()["detail"]
    assert stored() == before
    inside = upload(api, data=data, name="long.csv", stop_at="100")
    assert inside.status_code == 201, inside.text
    assert inside.json()["result"]["walking_tolerance"]["time_to_stop_s"] is not None


def test_the_diary_progress_lists_each_walks_measured_tolerance(api, tmp_path) -> None:
    untimed = upload(api).json()
    timed = upload(api, symptom_at="5", stop_at="11").json()  # the same file, with times: a walk of its own
    walks = {w["id"]: w for w in api.get("/api/diary/progress").json()["walks"]}
    tolerance = timed["result"]["walking_tolerance"]
    assert walks[timed["id"]]["walking_tolerance_min"] == timed["findings"]["walking_tolerance_min"]
    assert walks[timed["id"]]["time_to_stop_s"] == tolerance["time_to_stop_s"]
    assert walks[untimed["id"]]["walking_tolerance_min"] is None


@pytest.mark.parametrize("timed", [True, False])
def test_a_check_takes_the_walking_tolerance_of_a_timed_walk(api, timed) -> None:
    # a walk with a stop after under 10 minutes is a short walking tolerance a clinician should check;
    # the same walk without times says nothing about it (the longest bout is not a tolerance) [D7]
    walk = (upload(api, symptom_at="5", stop_at="11") if timed else upload(api)).json()
    check = api.post("/api/assessments", json={}).json()
    result = api.get(f"/api/assessments/{check['id']}/result").json()
    assert result["gait_recording_id"] == walk["id"]
    reasons = {r["code"]: r for r in result["result"]["reasons_for_review"]}
    assert ("short_walking_tolerance" in reasons) is timed
    if timed:
        assert reasons["short_walking_tolerance"]["findings"] == ["walking_tolerance_min"]


def test_a_file_field_without_a_file_is_named_in_words(api, stored) -> None:
    # a form whose file field has no file name (nothing chosen) said
    # "file: Value error, Expected UploadFile, received: <class 'str'>"
    before = stored()
    response = api.post("/api/walks", files={"file": ("", b"time_s,acc_x\n0,1\n", "text/csv")})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("file: expected a walk file") and "UploadFile" not in detail
    assert stored() == before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/everyday", "file: expected an Apple Health export (export.zip or export.xml) sent as a file"),
        ("/api/import", "file: expected a backstride export (the JSON file of GET /api/export) sent as"),
    ],
)
def test_a_file_field_without_a_file_names_what_that_endpoint_takes(api, stored, path, expected) -> None:
    before = stored()
    response = api.post(path, files={"file": ("", b"<HealthData/>", "text/xml")})
    assert response.status_code == 422
    assert response.json()["detail"].startswith(expected)
    assert stored() == before
