"""phyphox, Sensor Logger and Axivity readers on small exports written in tmp_path (the layouts of
../shared/data/formats/FORMATS.md): dialects, translated headers, empty cells, iOS/Android signs,
0-byte files, packed binary blocks, damaged blocks."""

from __future__ import annotations

import struct
import zipfile
from datetime import timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from backstride.core.errors import RecordingError
from backstride.gait.readers import detect_format, read_recording

G = 9.80665


def _signal(n: int, rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.arange(n) / rate + 0.0031
    acc = np.column_stack([0.5 * np.sin(2 * np.pi * 2 * t), G + np.sin(2 * np.pi * 2 * t), 0.2 + 0 * t])
    gyr_rads = np.column_stack([0.3 * np.sin(2 * np.pi * t), 0.1 + 0 * t, -0.2 + 0 * t])
    return t, acc, gyr_rads


def _phyphox_csv(
    header: list[str], rows: np.ndarray, sep: str = ",", decimal: str = ".", ios: bool = True
) -> str:
    head = sep.join(f'"{h}"' for h in header)
    lines = [head]
    for r in rows:
        cells = ["" if np.isnan(v) else f"{v:.9E}".replace(".", decimal) for v in r]
        lines.append(sep.join(f'"{c}"' if c == "" else c for c in cells))
    return "\n".join(lines) + ("" if ios else "\n")  # iOS: no final newline


def test_phyphox_zip_semicolon_decimal_comma_translated_headers_and_empty_cells(tmp_path: Path) -> None:
    t, acc, gyr = _signal(1000, 100.0)
    acc_rows = np.column_stack([t, acc])
    acc_rows[10, 2] = np.nan  # iOS writes "" for a missing value
    gyr_rows = np.column_stack([t + 0.002, gyr])
    path = tmp_path / "Beschleunigung 2024-01-17 08-15-45.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "Beschleunigung mit g.csv",
            _phyphox_csv(
                [
                    "Zeit (s)",
                    "Beschleunigung x (m/s^2)",
                    "Beschleunigung y (m/s^2)",
                    "Beschleunigung z (m/s^2)",
                ],
                acc_rows,
                sep=";",
                decimal=",",
            ),
        )
        zf.writestr(
            "Gyroskop.csv",
            _phyphox_csv(
                ["Zeit (s)", "Gyroskop x (rad/s)", "Gyroskop y (rad/s)", "Gyroskop z (rad/s)"],
                gyr_rows,
                ";",
                ",",
            ),
        )
        zf.writestr(
            "meta/time.csv",
            '"event";"experiment time";"system time";"system time text"\n'
            '"START";0,000000000E0;1705472086,069;"2024-01-17 08:14:46.069 UTC+02:00"\n',
        )
    assert detect_format(path) == "phyphox"
    rec = read_recording(path)
    assert rec.source_format == "phyphox"
    assert rec.sampling_rate_hz == 100.0
    assert any("dropped 1 row(s) with a missing value" in n for n in rec.notes)
    mid = slice(100, 900)
    assert rec.start_s == 0.0  # counted from where both sensors have started: the gyroscope, 2 ms later
    on_file = rec.time_s + gyr_rows[0, 0]
    expected_acc = np.column_stack([np.interp(on_file, acc_rows[:, 0], acc[:, k]) for k in range(3)])
    np.testing.assert_allclose(rec.acc_mps2[mid], expected_acc[mid], atol=0.05)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(np.median(rec.gyr_dps[:, 1]), np.rad2deg(0.1), rtol=1e-3)  # rad/s -> deg/s
    assert rec.start_datetime is not None
    # 'UTC+02:00' in meta/time.csv: the same moment, on the clock where it was recorded
    there = rec.start_datetime.astimezone(timezone(timedelta(hours=2)))
    assert there.isoformat().startswith("2024-01-17T08:14:46")
    assert rec.start_datetime.isoformat().startswith("2024-01-17T08:14:46")


def test_phyphox_linear_acceleration_plus_gravity_is_used_and_linear_alone_refused(tmp_path: Path) -> None:
    t, acc, _ = _signal(600, 50.0)
    gravity = np.tile([0.0, G, 0.2], (t.size, 1))
    folder = tmp_path / "export"
    (folder / "meta").mkdir(parents=True)
    (folder / "meta" / "time.csv").write_text('"event","experiment time","system time","system time text"\n')
    lin_header = [
        "Time (s)",
        "Linear Acceleration x (m/s^2)",
        "Linear Acceleration y (m/s^2)",
        "Linear Acceleration z (m/s^2)",
    ]
    (folder / "Linear Acceleration.csv").write_text(
        _phyphox_csv(lin_header, np.column_stack([t, acc - gravity]), ios=False)
    )
    with pytest.raises(RecordingError, match="has only acceleration with gravity removed"):
        read_recording(folder)
    (folder / "Gravity.csv").write_text(
        _phyphox_csv(
            ["Time (s)", "Gravity X (m/s^2)", "Gravity Y (m/s^2)", "Gravity Z (m/s^2)"],
            np.column_stack([t, gravity]),
        )
    )
    rec = read_recording(folder)
    np.testing.assert_allclose(rec.acc_mps2, acc[: rec.n_samples], atol=1e-6)
    assert any("Linear Acceleration + Gravity" in n for n in rec.notes)


def _sl_csv(t_ns: np.ndarray, xyz: np.ndarray, elapsed: np.ndarray | None = None) -> str:
    head = "time,seconds_elapsed,z,y,x" if elapsed is not None else "time,z,y,x"
    rows = [head]
    for i in range(t_ns.size):
        e = f"{elapsed[i]}," if elapsed is not None else ""
        rows.append(f"{int(t_ns[i])},{e}{xyz[i, 2]},{xyz[i, 1]},{xyz[i, 0]}")
    return "\n".join(rows)


def _sensor_logger_zip(path: Path, platform: str, with_metadata: bool = True) -> np.ndarray:
    """A phone lying flat, screen up, bouncing a little; returns the specific force (Android convention)."""
    rate = 100.0
    rng = np.random.default_rng(3)
    t = np.arange(1000) / rate + rng.uniform(-0.0005, 0.0005, 1000)
    t_ns = (1_718_607_420.0 + t) * 1e9
    user = np.column_stack([0 * t, 0 * t, 0.8 * np.sin(2 * np.pi * 2 * t)])
    gravity = np.tile([0.0, 0.0, G], (t.size, 1))
    sign = -1.0 if platform == "ios" else 1.0
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Accelerometer.csv", _sl_csv(t_ns, sign * user, t))
        zf.writestr("Gravity.csv", _sl_csv(t_ns, sign * gravity, t))
        zf.writestr("Gyroscope.csv", _sl_csv(t_ns, np.tile([0.01, 0.02, 0.03], (t.size, 1)), t))
        zf.writestr("Annotation.csv", "")  # enabled but silent: 0 bytes
        if with_metadata:
            zf.writestr(
                "Metadata.csv",
                "version,device name,recording epoch time,recording time,recording timezone,platform,"
                "appVersion,device id,sensors,sampleRateMs,standardisation\n"
                f"3,phone,1718607420000,2024-06-17_06-57-00,Europe/Paris,{platform},1.35.0,x,"
                "Accelerometer|Gravity|Gyroscope,10|10|10,false",
            )
    return user + gravity


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_sensor_logger_zip_gives_the_same_specific_force_on_both_platforms(
    tmp_path: Path, platform: str
) -> None:
    path = tmp_path / f"{platform}-2024-06-17_06-57-00.zip"
    truth = _sensor_logger_zip(path, platform)
    assert detect_format(path) == "sensor-logger"
    rec = read_recording(path)
    assert rec.sampling_rate_hz == 100.0
    assert float(np.mean(rec.acc_mps2[:, 2])) == pytest.approx(G, abs=0.05)  # +z up, flat phone
    assert float(np.max(rec.acc_mps2[:, 2])) == pytest.approx(truth[:, 2].max(), abs=0.05)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(rec.gyr_dps.mean(axis=0), np.rad2deg([0.01, 0.02, 0.03]), rtol=1e-6)
    flipped = any("sign flipped" in n for n in rec.notes)
    assert flipped == (platform == "ios")
    assert any("Annotation.csv" not in n for n in rec.notes)
    # recorded in Europe/Paris (Metadata.csv): the same moment, on the clock where it was recorded
    assert rec.start_datetime is not None
    assert rec.start_datetime.tzinfo == ZoneInfo("Europe/Paris")
    assert rec.start_datetime.hour == 8


def test_sensor_logger_without_metadata_cannot_tell_the_sign(tmp_path: Path) -> None:
    path = tmp_path / "2024-06-17_06-57-00.zip"
    _sensor_logger_zip(path, "ios", with_metadata=False)
    with pytest.raises(RecordingError, match="cannot tell whether this came from an iPhone or Android"):
        read_recording(path, "sensor-logger")


def test_sensor_logger_zero_byte_sensor_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    for name in ("Accelerometer.csv", "Gyroscope.csv"):
        (folder / name).write_bytes(b"")
    (folder / "Metadata.csv").write_text("version,device name,recording time,platform\n2,iPhone,x,ios")
    with pytest.raises(
        RecordingError, match=r"no accelerometer data .*Accelerometer\.csv is empty \(0 bytes\)"
    ):
        read_recording(folder)


# ------------------------------------------------------------------------------------------- Axivity


def _cwa(blocks: list[bytes], hardware: int = 0x00, config: int = 0xFF) -> bytes:
    head = bytearray(1024)
    head[0:2] = b"MD"
    struct.pack_into("<H", head, 2, 1020)
    head[4] = hardware
    head[35] = config
    head[36] = 0x4A  # 100 Hz, +-8 g
    head[64:80] = b"_p=lower+back   "
    return bytes(head) + b"".join(blocks)


def _block(seq: int, second: int, samples: np.ndarray, axes: int, light: int = 0) -> bytes:
    b = bytearray(512)
    b[0:2] = b"AX"
    struct.pack_into("<H", b, 2, 508)
    struct.pack_into("<I", b, 6, 1)  # session
    struct.pack_into("<I", b, 10, seq)
    stamp = (24 << 26) | (5 << 22) | (1 << 17) | (10 << 12) | (32 << 6) | second
    struct.pack_into("<I", b, 14, stamp)
    struct.pack_into("<H", b, 18, light)
    b[24] = 0x4A
    b[25] = axes
    struct.pack_into("<h", b, 26, 0)
    struct.pack_into("<H", b, 28, samples.shape[0])
    raw = samples.astype("<i2").tobytes()
    b[30 : 30 + len(raw)] = raw
    total = sum(struct.unpack("<255H", bytes(b[:510]))) & 0xFFFF
    struct.pack_into("<H", b, 510, (-total) & 0xFFFF)
    return bytes(b)


def test_axivity_ax3_int16_blocks(tmp_path: Path) -> None:
    # 0x32: 80 samples x 3 int16; light top bits n = 3 -> 1/2048 g per unit
    blocks = []
    for k in range(5):  # 400 samples at 100 Hz: block k starts at second 2k*0.4... use whole-second stamps
        xyz = np.tile([0, 2048, 0], (80, 1))
        xyz[:, 0] = k
        blocks.append(_block(k, 0, xyz, 0x32, light=3 << 13))
    # timestamps: every block stamped at the same whole second with offset 0 would overlap; give them
    # offsets so that block k starts at k * 0.8 s
    data = bytearray(_cwa(blocks))
    for k in range(5):
        off = 1024 + 512 * k
        struct.pack_into("<h", data, off + 26, -80 * k)
        words = struct.unpack("<255H", bytes(data[off : off + 510]))
        struct.pack_into("<H", data, off + 510, (-sum(words)) & 0xFFFF)
    path = tmp_path / "ax3.cwa"
    path.write_bytes(bytes(data))
    rec = read_recording(path)
    assert rec.source_format == "axivity"
    assert rec.sampling_rate_hz == pytest.approx(100.0)
    assert rec.n_samples == 400
    np.testing.assert_allclose(rec.acc_mps2[:, 1], G)  # 2048 / 2048 g
    assert rec.gyr_dps is None
    assert rec.start_datetime is not None and rec.start_datetime.isoformat().startswith("2024-05-01T10:32:00")
    assert any("lower back" in n for n in rec.notes)

    # one damaged block is skipped with a note; cutting the file inside a block is refused
    damaged = bytearray(data)
    damaged[1024 + 512 * 4 + 100] ^= 0xFF
    path.write_bytes(bytes(damaged))
    rec = read_recording(path)
    assert rec.n_samples == 320
    assert any("wrong checksum" in n for n in rec.notes)
    path.write_bytes(bytes(data[:-7]))
    with pytest.raises(RecordingError, match="is truncated"):
        read_recording(path)


def test_axivity_ax6_gyro_then_accel(tmp_path: Path) -> None:
    blocks = []
    for k in range(6):
        six = np.tile([131, 0, -131, 0, 0, 2048], (40, 1))  # gyro 250 dps range: 131 units = 1.0 deg/s
        blocks.append(_block(k, 0, six, 0x62, light=(3 << 13) | (5 << 10)))
    data = bytearray(_cwa(blocks, hardware=0x64, config=0x05))
    for k in range(6):
        off = 1024 + 512 * k
        struct.pack_into("<h", data, off + 26, -40 * k)
        words = struct.unpack("<255H", bytes(data[off : off + 510]))
        struct.pack_into("<H", data, off + 510, (-sum(words)) & 0xFFFF)
    path = tmp_path / "ax6.cwa"
    path.write_bytes(bytes(data))
    rec = read_recording(path)
    assert rec.n_samples == 240
    np.testing.assert_allclose(rec.acc_mps2[:, 2], G)
    assert rec.gyr_dps is not None
    np.testing.assert_allclose(rec.gyr_dps[:, 0], 131 * 250 / 32768)
    np.testing.assert_allclose(rec.gyr_dps[:, 2], -131 * 250 / 32768)


def test_large_csv_errors_name_the_line(tmp_path: Path) -> None:
    n = 120_000  # > 4 MB of text: parsed by the pandas path
    t = np.arange(n) / 100.0
    rows = ["time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2"] + [f"{v:.2f},9.806650,0.100000,0.200000" for v in t]
    rows[50_001] = "500.00,9.806650,oops,0.200000"
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(
        RecordingError,
        match=r"big\.csv: a value is not a number at line 50002: column acc_y_mps2 holds 'oops'",
    ):
        read_recording(path)
    rows[50_001] = "500.00,9.806650,0.100000,0.200000"
    path.write_text("\n".join(rows) + "\n")
    rec = read_recording(path)
    assert rec.n_samples == n and rec.sampling_rate_hz == 100.0


def test_a_phyphox_excel_file_under_another_name_is_read_by_its_content(tmp_path: Path) -> None:
    # the format is told from the Excel file's first bytes (detect_format), but the reader went by the
    # name: a phyphox .xls saved as walk.csv was read as text, 'this is a binary file, not a text table'
    import shutil

    from tests.conftest import FORMATS

    original = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"
    renamed = tmp_path / "walk.csv"
    shutil.copyfile(original, renamed)
    assert detect_format(renamed) == "phyphox"
    a, b = read_recording(original), read_recording(renamed)
    assert a.n_samples == b.n_samples > 0
    np.testing.assert_array_equal(a.acc_mps2, b.acc_mps2)


def test_phyphox_gyroscope_in_its_own_unit_is_not_refused_as_a_wrong_unit(tmp_path: Path) -> None:
    # phyphox writes the gyroscope in rad/s, always: a ride on a shaking bus (the acceleration leaves 1 g by
    # over 2 m/s^2, the body barely turns) was refused as 'rad/s read as deg/s? Name the columns like
    # gyr_x_rads', advice nobody can follow for an app's export
    rng = np.random.default_rng(4)
    t = np.arange(6000) / 100.0
    acc = np.tile([0.0, G, 0.0], (t.size, 1)) + rng.normal(0, 1.2, (t.size, 3))
    gyr = rng.normal(0, np.radians(0.5), (t.size, 3))
    path = tmp_path / "bus.zip"
    with zipfile.ZipFile(path, "w") as zf:
        head = ["Time (s)", "Acceleration x (m/s^2)", "Acceleration y (m/s^2)", "Acceleration z (m/s^2)"]
        zf.writestr("Accelerometer.csv", _phyphox_csv(head, np.column_stack([t, acc])))
        head = ["Time (s)", "Gyroscope x (rad/s)", "Gyroscope y (rad/s)", "Gyroscope z (rad/s)"]
        zf.writestr("Gyroscope.csv", _phyphox_csv(head, np.column_stack([t, gyr])))
    rec = read_recording(path)
    assert rec.source_format == "phyphox"
    assert rec.gyr_dps is not None
