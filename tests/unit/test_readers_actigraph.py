"""ActiGraph ``.gt3x`` and ActiLife CSV: the real samples against ActiLife's own exports of the same
recordings (read in place from ../shared, never copied), and small files written here for the damaged
cases (cut off, no samples, wrong checksum, a missing column), in the reader and through the CLI."""

from __future__ import annotations

import struct
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.readers import actigraph, detect_format, open_recording, read_recording

G = 9.80665
PYGT3X = FORMATS / "actigraph_gt3x" / "actigraph__pygt3x"
THL = FORMATS / "actigraph_gt3x" / "THLfi__read.gt3x" / "TAS1H30182785_2019-09-17.gt3x"
THL_CSV = THL.with_suffix(".csv.gz")


def _export(path: Path) -> np.ndarray:
    """An ActiLife raw CSV export's samples in g (10 header lines, then the column names)."""
    return pd.read_csv(path, skiprows=10).to_numpy(dtype=np.float64)


def _in_g(acc_mps2: np.ndarray) -> np.ndarray:
    return acc_mps2 / G


# ------------------------------------------------------------------------------------- real samples


def test_neo_gt3x_equals_its_actilife_export_sample_for_sample() -> None:
    """Old GT3X+ layout (activity.bin, 12-bit, 341 steps per g): all 18,004 samples equal the export's
    values to its 3 decimals (the difference is at most half of the last printed digit)."""
    rec = read_recording(PYGT3X / "neo.gt3x")
    export = _export(PYGT3X / "neo.csv")
    assert export.shape == (18_004, 3)
    assert rec.n_samples == 18_004
    assert np.abs(_in_g(rec.acc_mps2) - export).max() <= 0.0005 + 1e-12
    assert rec.sampling_rate_hz == 30.0
    # the export's header: Start Time 11:55:00, Start Date 12/20/2021; info.txt TimeZone -06:00:00
    assert rec.start_datetime == datetime(2021, 12, 20, 11, 55, tzinfo=timezone(timedelta(hours=-6)))
    assert rec.gyr_dps is None
    assert rec.gaps_s == ()


def test_thl_link_gt3x_equals_its_actilife_export_idle_sleep_held_at_the_last_value() -> None:
    """GT9X Link, 100 Hz, ACTIVITY2 records with idle sleep mode. ActiLife fills the seconds without records
    with the last value, as we do, so 215,300 of our 215,900 samples (first to last second with records)
    equal the export's rows to its 3 decimals. The other 600 (2141-2147 s) follow a USB connection record
    (a 1-byte ACTIVITY2 record at 2141 s, no samples): ActiLife writes 0,0,0 there, we hold the last value
    (it is a listed gap either way). The export goes on to Last Sample Time (2405 s) with 24,600 rows of
    0,0,0 after the last record (a second USB record at 2159 s): not data, so we stop at the last record."""
    rec = read_recording(THL)
    export = _export(THL_CSV)
    assert export.shape == (240_500, 3)
    assert rec.n_samples == 215_900
    usb = slice(214_100, 214_700)
    same = np.ones(rec.n_samples, dtype=bool)
    same[usb] = False
    assert int(same.sum()) == 215_300
    assert np.abs(_in_g(rec.acc_mps2[same]) - export[: rec.n_samples][same]).max() <= 0.0005 + 1e-12
    assert np.all(export[usb] == 0.0)
    assert np.all(rec.acc_mps2[usb] == rec.acc_mps2[usb.start - 1])
    assert rec.gaps_s[-1] == pytest.approx((2139.99, 2147.0))  # no record for 2140 s either: held by both
    assert np.all(export[rec.n_samples :] == 0.0)
    assert rec.sampling_rate_hz == 100.0
    # export header: Start Time 18:40:00, Start Date 9/17/2019; info.txt TimeZone -04:00:00
    assert rec.start_datetime == datetime(2019, 9, 17, 18, 40, tzinfo=timezone(timedelta(hours=-4)))
    # idle sleep: event 0x08 at 10 s, 0x09 at 14 s; the last record before is second 9
    assert len(rec.gaps_s) == 6
    assert rec.gaps_s[0] == pytest.approx((9.99, 14.0))
    assert any("idle sleep mode 5 time(s)" in n for n in rec.notes)
    assert any(
        "no samples from 9.99 s to 14.00 s (4.01 s): filled with the last value" in n for n in rec.notes
    )
    assert any("2 USB connection record(s) skipped" in n for n in rec.notes)
    sleeping = rec.acc_mps2[1000:1400]  # seconds 10-13: the value of the last sample before
    assert np.all(sleeping == rec.acc_mps2[999])
    assert not np.all(rec.acc_mps2[1400:1500] == rec.acc_mps2[999])


def test_actilife_csv_reads_like_the_gt3x_it_came_from() -> None:
    csv = read_recording(PYGT3X / "neo.csv")
    gt3x = read_recording(PYGT3X / "neo.gt3x")
    assert csv.source_format == gt3x.source_format == "actigraph"
    assert csv.sampling_rate_hz == 30.0
    assert csv.n_samples == gt3x.n_samples
    assert np.abs(csv.acc_mps2 - gt3x.acc_mps2).max() <= 0.0005 * G + 1e-9
    # the export gives no time zone: the device's clock, read as the clock here
    assert csv.start_datetime == datetime(2021, 12, 20, 11, 55).astimezone()
    assert any("no time column" in n for n in csv.notes)


def test_idle_sleep_on_and_off_and_where_the_device_was_worn() -> None:
    on = read_recording(PYGT3X / "ISM_Enabled.gt3x")
    off = read_recording(PYGT3X / "ISM_Disabled.gt3x")
    assert off.gaps_s == () and off.n_samples == 300 * 30
    assert len(on.gaps_s) == 2
    for a, b in on.gaps_s:
        assert b - a > 30.0
    assert any("worn at the right wrist (info.txt)" in n for n in on.notes)
    assert any("worn at the wrist (info.txt)" in n for n in off.notes)


@pytest.mark.parametrize(
    "path", [THL, PYGT3X / "ISM_Enabled.gt3x", PYGT3X / "neo.gt3x"], ids=lambda p: p.name
)
def test_piece_by_piece_equals_the_whole_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny read pieces (log.bin 1000 bytes at a time, so records are cut between pieces; grid pieces of
    500 rows, so a long sleep comes in many pieces) give the same samples, gaps and notes."""
    whole = read_recording(path)
    monkeypatch.setattr(actigraph, "SCAN_BYTES", 1000)
    monkeypatch.setattr(actigraph, "PIECE_SAMPLES", 500)
    stream = open_recording(path)
    assert stream.n_samples == whole.n_samples
    pieces = [p.acc_mps2 for p in stream.blocks(max_samples=7_777)]
    np.testing.assert_array_equal(np.concatenate(pieces), whole.acc_mps2)
    assert stream.gaps_s == list(whole.gaps_s)
    assert tuple(stream.notes) == whole.notes
    assert stream.start_datetime == whole.start_datetime


def test_auto_detection() -> None:
    assert detect_format(THL) == "actigraph"
    assert detect_format(PYGT3X / "neo.gt3x") == "actigraph"
    assert detect_format(PYGT3X / "neo.csv") == "actigraph"


# ---------------------------------------------------------------------------- files written here

INFO = {
    "Serial Number": "TAS1H00000000",
    "Device Type": "Link",
    "Firmware": "1.7.2",
    "Sample Rate": "30",
    "Start Date": "637043424000000000",  # 2019-09-17 18:40:00
    "TimeZone": "+05:30:00",
    "Acceleration Scale": "256.0",
}
T0 = 1_568_745_600  # 2019-09-17 18:40:00 as seconds since 1970 (the device's local clock)


def _record(kind: int, ts: int, payload: bytes) -> bytes:
    body = struct.pack("<BBIH", 0x1E, kind, ts, len(payload)) + payload
    x = 0
    for b in body:
        x ^= b
    return body + bytes([~x & 0xFF])


def _pack12(yxz: np.ndarray) -> bytes:
    """12-bit two's complement values, most significant bit first (a plain bit string, padded with 0)."""
    bits = "".join(format(int(v) & 0xFFF, "012b") for v in yxz.ravel())
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _still(n: int, rng: np.random.Generator) -> np.ndarray:
    """Counts of a device lying still (z up, 256 steps per g) with noise: (n, 3) x, y, z."""
    return np.column_stack([rng.integers(-5, 6, n), rng.integers(10, 20, n), rng.integers(250, 262, n)])


def _write_gt3x(path: Path, log: bytes | None, info: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("info.txt", "\r\n".join(f"{k}: {v}" for k, v in (info or INFO).items()) + "\r\n")
        if log is not None:
            zf.writestr("log.bin", log)
    return path


def _sleepy_log(rng: np.random.Generator) -> tuple[bytes, np.ndarray]:
    """30 Hz: seconds 0-4 and 8-9 with ACTIVITY2 records, idle sleep (events 0x08/0x09) in 5-7."""
    values = _still(300, rng)
    log = _record(0x06, T0 - 10, b'{"MetadataType":"Bio"}')
    for s in range(10):
        if s == 5:
            log += _record(0x03, T0 + 5, b"\x08")
        if s == 8:
            log += _record(0x03, T0 + 8, b"\x09")
        if 5 <= s <= 7:
            continue
        log += _record(0x1A, T0 + s, values[s * 30 : (s + 1) * 30].astype("<i2").tobytes())
        if s == 2:
            log += _record(0x02, T0 + s, b"\x39\x10")  # battery: skipped
    return log, values


def test_activity2_records_with_idle_sleep(tmp_path: Path) -> None:
    log, values = _sleepy_log(np.random.default_rng(1))
    rec = read_recording(_write_gt3x(tmp_path / "sleepy.gt3x", log))
    expected = values.astype(np.float64) / 256.0 * G
    assert rec.n_samples == 300
    np.testing.assert_allclose(rec.acc_mps2[:150], expected[:150], rtol=1e-12)
    np.testing.assert_allclose(rec.acc_mps2[240:], expected[240:], rtol=1e-12)
    assert np.all(rec.acc_mps2[150:240] == rec.acc_mps2[149])
    assert len(rec.gaps_s) == 1
    assert rec.gaps_s[0] == pytest.approx((4 + 29 / 30, 8.0))
    assert rec.start_datetime == datetime(
        2019, 9, 17, 18, 40, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )
    assert any("idle sleep mode 1 time(s)" in n for n in rec.notes)


def test_packed_12_bit_activity_records_odd_sample_count_and_zero_padding(tmp_path: Path) -> None:
    """ACTIVITY (0x00): y, x, z as 12-bit values; 31 Hz gives an odd count (a last unused half byte).
    Zero bytes between records are allowed."""
    rng = np.random.default_rng(2)
    xyz = _still(31 * 4, rng)
    xyz[5] = [-2048, 2047, -1]
    log = b""
    for s in range(4):
        part = xyz[s * 31 : (s + 1) * 31]
        log += _record(0x00, T0 + s, _pack12(part[:, [1, 0, 2]])) + b"\x00" * s
    rec = read_recording(_write_gt3x(tmp_path / "packed.gt3x", log, {**INFO, "Sample Rate": "31"}))
    np.testing.assert_allclose(rec.acc_mps2, xyz / 256.0 * G, rtol=1e-12)
    assert rec.sampling_rate_hz == 31.0


def test_scale_from_the_serial_number_or_refused(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    xyz = _still(90, rng) * 341 // 256
    log = b"".join(
        _record(0x1A, T0 + s, xyz[s * 30 : (s + 1) * 30].astype("<i2").tobytes()) for s in range(3)
    )
    info = {k: v for k, v in INFO.items() if k != "Acceleration Scale"}
    rec = read_recording(_write_gt3x(tmp_path / "cle.gt3x", log, {**info, "Serial Number": "CLE2B00000000"}))
    np.testing.assert_allclose(rec.acc_mps2, xyz / 341.0 * G, rtol=1e-12)
    with pytest.raises(RecordingError, match=r"gives no 'Acceleration Scale' and the serial number 'XYZ1'"):
        read_recording(_write_gt3x(tmp_path / "odd.gt3x", log, {**info, "Serial Number": "XYZ1"}))


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    log, _ = _sleepy_log(np.random.default_rng(4))
    good = _write_gt3x(tmp_path / "good.gt3x", log)
    cut = tmp_path / "cut.gt3x"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    flipped = bytearray(log)
    k = log.index(bytes([0x1E, 0x1A]), len(log) // 2)  # an ACTIVITY2 record in the second half
    flipped[k + 20] ^= 0x01
    n_before = _count_records(log[:k])
    bad_sep = bytearray(log)
    bad_sep[k] = 0x7E
    csv = (PYGT3X / "neo.csv").read_text().splitlines()
    csv[10] = "Accelerometer X,Accelerometer Y"
    csv[11:] = [",".join(line.split(",")[:2]) for line in csv[11:200]]
    no_csv = tmp_path / "no_z.csv"
    no_csv.write_text("\n".join(csv) + "\n")
    return {
        "truncated file": (cut, "cut.gt3x: is damaged or cut off: it is not a readable zip archive"),
        "truncated log.bin": (
            _write_gt3x(tmp_path / "short.gt3x", log[:-40]),
            f"short.gt3x:log.bin: is cut off inside record {_count_records(log)}",
        ),
        "no samples member": (
            _write_gt3x(tmp_path / "empty.gt3x", None),
            "empty.gt3x: holds no log.bin or activity.bin",
        ),
        "corrupt record": (
            _write_gt3x(tmp_path / "flip.gt3x", bytes(flipped)),
            f"flip.gt3x:log.bin: record {n_before + 1} (type 0x1A, at byte {k}) has a wrong checksum: "
            "expected 0x",
        ),
        "bad separator": (
            _write_gt3x(tmp_path / "sep.gt3x", bytes(bad_sep)),
            f"record {n_before + 1} does not start with the separator byte 0x1E (found 0x7E at byte {k})",
        ),
        "csv without a column": (
            no_csv,
            "no_z.csv: line 11 has no column 'Accelerometer Z'; expected the columns Accelerometer X, "
            "Accelerometer Y, Accelerometer Z (in g)",
        ),
    }


def _count_records(log: bytes) -> int:
    n = pos = 0
    while pos < len(log):
        size = struct.unpack_from("<H", log, pos + 6)[0]
        pos += size + 9
        n += 1
    return n


BAD = [
    "truncated file",
    "truncated log.bin",
    "no samples member",
    "corrupt record",
    "bad separator",
    "csv without a column",
]


@pytest.mark.parametrize("case", BAD)
def test_damaged_files_name_the_problem(tmp_path: Path, case: str) -> None:
    path, problem = _bad_files(tmp_path)[case]
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    assert str(info.value).startswith(str(path))
    assert problem in str(info.value)


@pytest.mark.parametrize("case", BAD)
def test_damaged_files_exit_2_from_the_cli(tmp_path: Path, case: str) -> None:
    path, problem = _bad_files(tmp_path)[case]
    result = CliRunner().invoke(app, ["gait", "analyze", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert problem in result.stderr.replace("\n", " ") or problem in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_record_out_of_time_order_is_named(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    xyz = _still(90, rng)
    stamps = [T0, T0 + 2, T0 + 1]
    log = b"".join(
        _record(0x1A, ts, xyz[s * 30 : (s + 1) * 30].astype("<i2").tobytes()) for s, ts in enumerate(stamps)
    )
    with pytest.raises(RecordingError, match=r"timestamps go backwards at record 3 \(1 s comes after 2 s\)"):
        read_recording(_write_gt3x(tmp_path / "back.gt3x", log))


def test_actilife_csv_day_first_dates_and_trailing_zero_rows(tmp_path: Path) -> None:
    lines = (PYGT3X / "neo.csv").read_text().splitlines()
    lines[0] = lines[0].replace("date format M/d/yyyy", "date format d/M/yyyy")
    lines[3] = "Start Date 20/12/2021"
    lines = lines[:611] + ["0,0,0"] * 30
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n")
    rec = read_recording(path)
    assert rec.start_datetime == datetime(2021, 12, 20, 11, 55).astimezone()
    assert rec.n_samples == 600
    assert any("dropped 30 row(s) of 0,0,0 at the end" in n for n in rec.notes)
    path.write_text("\n".join(["Accelerometer X,Accelerometer Y,Accelerometer Z", "0,0,1"] * 2))
    with pytest.raises(RecordingError, match="the first line does not say the sampling rate"):
        read_recording(path)
