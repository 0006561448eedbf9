"""REST API: uploads of real Mobilise-D lab walks; a bad file gets a 4xx naming the problem."""

from __future__ import annotations

import pytest
from tests.conftest import MOBILISED_LAB

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
    assert "has no name" in response.json()["detail"]
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
    assert records.MAX_UNPACKED_UPLOAD_BYTES < 2_000_000_000  # tighter than the readers' own limit
