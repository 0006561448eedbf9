"""Damaged copies of real samples (cut short, bytes overwritten, a chunk deleted; written to tmp_path)
are either read or refused with a RecordingError; never another exception (a traceback for the user)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.core.errors import BackstrideError
from backstride.gait.readers import read_recording

SAMPLES = [
    FORMATS / "phyphox/lucadomene__DFB_Lab04_GaitAnalysis/Accelerometer.csv",
    FORMATS / "phyphox/randyakram__giat_fft/walk50.xls",
    FORMATS / "sensor_logger/Lynch1206__5ARB0_1_1/2022-09-09_13-14-55.zip",
    FORMATS / "sensor_logger/mhaberler__sensorlogger-util/2022-06-14_03-15-05.json",
    FORMATS / "axivity_cwa/wadpac__GGIRread/ax6_testfile.cwa",
    MOBILISED_LAB / "original/data/lab/HA/002/data.mat",
]


def _damage(raw: bytes, rng: random.Random, mode: int) -> bytes:
    b = bytearray(raw)
    if mode == 0:
        return bytes(b[: rng.randrange(1, len(b))])
    if mode == 1:
        for _ in range(rng.randrange(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    i = rng.randrange(len(b))
    del b[i : i + rng.randrange(1, 5000)]
    return bytes(b)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_damaged_copies_never_raise_anything_but_a_recording_error(tmp_path: Path, sample: Path) -> None:
    rng = random.Random(sample.name)
    raw = sample.read_bytes()
    kwargs = {"trial": "Test5/Trial1"} if sample.suffix == ".mat" else {}
    for k in range(9):
        path = tmp_path / sample.name
        path.write_bytes(_damage(raw, rng, k % 3))
        try:
            read_recording(path, **kwargs)
        except BackstrideError as exc:
            assert str(exc).startswith(str(path)), str(exc)


def test_a_zip_member_that_unpacks_too_large_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A zip bomb: a few kilobytes that unpack to far more than memory. The limit existed as a
    # constant but was never checked, so any size was unpacked into memory.
    import zipfile

    from backstride.core.errors import RecordingError
    from backstride.gait.readers import _container

    monkeypatch.setattr(_container, "MAX_MEMBER_BYTES", 1_000_000)
    bomb = tmp_path / "walk.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Accelerometer.csv", "time,seconds_elapsed,z,y,x\n" + "0,0,0,0,9.8\n" * 400_000)
    assert bomb.stat().st_size < 100_000
    with pytest.raises(
        RecordingError, match=r"Accelerometer.csv: unpacks to 4,800,0\d\d bytes; expected at most 1,000,000"
    ):
        read_recording(bomb)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('[{"sensor": "Accelerometer", "time": ' + "1" * 5000 + ', "x": 1, "y": 2, "z": 3}]', "auto"),
        ('[{"sensor": "Accelerometer", "time": 1' + "0" * 400 + ', "x": 1, "y": 2, "z": 3}]', "auto"),
        ("[" * 100_000 + "]" * 100_000, "sensor-logger"),
    ],
    ids=["5000-digit number", "int too large for a float", "nested too deeply"],
)
def test_a_hostile_sensor_logger_json_is_a_recording_error(tmp_path: Path, text: str, fmt: str) -> None:
    # these escaped as ValueError / OverflowError / RecursionError: a traceback, a 500 on upload
    from backstride.core.errors import RecordingError

    path = tmp_path / "walk.json"
    path.write_text(text)
    with pytest.raises(RecordingError, match="walk.json"):
        read_recording(path, fmt)


def test_a_zip_with_a_garbled_member_name_is_a_recording_error(tmp_path: Path) -> None:
    # a damaged name flagged as UTF-8 made zipfile raise UnicodeDecodeError: a traceback
    import zipfile

    from backstride.core.errors import RecordingError

    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.writestr("Accelerométer.csv", "time,seconds_elapsed,z,y,x\n")
    bad = tmp_path / "walk.zip"
    bad.write_bytes(good.read_bytes().replace("é".encode(), b"\xc3\x28"))
    with pytest.raises(RecordingError, match="walk.zip: the zip file is damaged"):
        read_recording(bad)


def test_a_damaged_excel_file_prints_nothing_on_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    # xlrd writes "WARNING *** file size ..." to stdout, which spoiled `gait analyze --json`
    import tempfile

    from backstride.core.errors import RecordingError

    raw = (FORMATS / "phyphox/randyakram__giat_fft/walk50.xls").read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        cut = Path(tmp) / "walk.xls"
        cut.write_bytes(raw[:23748])
        with pytest.raises(RecordingError, match="walk.xls"):
            read_recording(cut)
    assert capfd.readouterr().out == ""
