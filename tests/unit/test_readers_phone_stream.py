"""Long phone exports read piece by piece (readers.stream.open_phone) give what the whole-file read gives.

The exports are written by ``write_phyphox`` / ``write_sensor_logger``: the Mobilise-D lab walking trials
(../shared/data/mobilised-lab) one after the other, sampled at jittered times (accelerometer and gyroscope
on their own clocks, as phones deliver them), in each app's layout for each platform, as a folder or a zip.
Small pieces (``piece_bytes``) make a few minutes of data arrive in dozens of pieces, so every rule that
works across pieces (the grid, gravity added to acceleration, time order, gaps, dropped rows) is used.

Stated tolerance: the grid samples equal the whole-file read's to 1e-9 (the same interpolation between
the same two samples), so the contacts and bouts are the same to the sample.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import open_recording, phyphox, read_recording, sensor_logger
from backstride.gait.readers.phyphox import write_phyphox
from backstride.gait.readers.sensor_logger import write_sensor_logger
from backstride.gait.readers.stream import PhoneChunk, RecordingStream

PIECE = 60_000  # bytes of text a piece: ~700 rows, so 8 minutes arrive in ~70 pieces per table
MINUTES = 8.0


@functools.cache
def _lab() -> tuple[np.ndarray, np.ndarray]:
    """The lab trials one after the other: acceleration (m/s^2, with gravity) and angular rate at 100 Hz."""
    from backstride.gait.evaluation import load_lab_trials

    trials = load_lab_trials(MOBILISED_LAB, with_reference_only=False)
    acc = np.concatenate([t.recording.acc_mps2 for t in trials])
    gyr = np.concatenate([t.recording.gyr_dps for t in trials])
    return acc, gyr


def _at(t_s: np.ndarray, signal: np.ndarray) -> np.ndarray:
    """The tiled 100 Hz signal at times ``t_s`` (linear interpolation, repeating after its end)."""
    period = signal.shape[0] / 100.0
    x = np.mod(t_s, period) * 100.0
    i = np.minimum(np.floor(x).astype(int), signal.shape[0] - 2)
    f = (x - i)[:, None]
    return signal[i] * (1 - f) + signal[i + 1] * f


def chunks(
    minutes: float, rate_hz: float = 100.0, seed: int = 3, gap_at_s: float | None = None
) -> Iterator[PhoneChunk]:
    """Jittered sample times (5 % of an interval) on two clocks, the gyroscope's 3 ms late, a minute at a
    time; with ``gap_at_s`` neither sensor delivers for 2 s there."""
    acc, gyr = _lab()
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * rate_hz)
    for a in range(0, n, int(60 * rate_hz)):
        k = np.arange(a, min(n, a + int(60 * rate_hz)))
        t_a = k / rate_hz + rng.normal(0.0, 0.05 / rate_hz, k.size) + 0.001
        t_g = k / rate_hz + rng.normal(0.0, 0.05 / rate_hz, k.size) + 0.004
        if gap_at_s is not None:
            t_a = t_a[(t_a < gap_at_s) | (t_a > gap_at_s + 2.0)]
            t_g = t_g[(t_g < gap_at_s) | (t_g > gap_at_s + 2.0)]
        yield t_a, _at(t_a, acc), t_g, _at(t_g, gyr)


KINDS = [
    ("phyphox", "ios", "export"),
    ("phyphox", "android", "export.zip"),
    ("sensor-logger", "android", "export.zip"),
    ("sensor-logger", "ios", "export"),
]


def _write(kind: tuple[str, str, str], tmp_path: Path, data: Iterator[PhoneChunk] | None = None) -> Path:
    app_name, platform, name = kind
    path = tmp_path / name
    data = chunks(MINUTES) if data is None else data
    if app_name == "phyphox":
        write_phyphox(path, data, platform=platform)
    else:
        write_sensor_logger(path, data, platform=platform)
    return path


def _samples(stream: RecordingStream) -> tuple[np.ndarray, np.ndarray | None]:
    blocks = list(stream.blocks(10_000))
    acc = np.concatenate([b.acc_mps2 for b in blocks])
    gyr = None if blocks[0].gyr_dps is None else np.concatenate([b.gyr_dps for b in blocks])
    return acc, gyr


@pytest.fixture(autouse=True)
def _tables_read_ahead_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each table gets its own helper thread after the first minute (not the first hour), so that the
    threads' hand-over (pieces and errors in order) is what these exports go through."""
    from backstride.gait.readers import stream

    monkeypatch.setattr(stream, "READ_AHEAD_AFTER_S", 60.0)


@pytest.mark.parametrize("kind", KINDS, ids=["-".join(k) for k in KINDS])
def test_piece_by_piece_gives_the_whole_files_grid_and_steps(kind, tmp_path: Path) -> None:
    path = _write(kind, tmp_path)
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=PIECE)
    assert stream.whole is None  # really read piece by piece
    assert stream.n_samples is None  # its length is known at the end only
    acc, gyr = _samples(stream)
    assert stream.n_samples == whole.n_samples == acc.shape[0]
    assert stream.sampling_rate_hz == whole.sampling_rate_hz == 100.0
    assert stream.start_s == whole.start_s
    assert stream.start_datetime == whole.start_datetime is not None
    assert tuple(stream.gaps_s) == whole.gaps_s == ()
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert gyr is not None and whole.gyr_dps is not None
    np.testing.assert_allclose(gyr, whole.gyr_dps, rtol=0, atol=1e-9)
    # the same walk: gravity up (+9.8 on the lab's vertical axis, Android sign), in m/s^2 and deg/s
    assert 9.0 < float(np.median(np.linalg.norm(acc, axis=1))) < 10.6
    assert set(whole.notes) <= set(stream.notes) | {n for n in whole.notes if n.startswith("resampled")}

    # the steps found piece by piece (the command's analyser, windows of 3 minutes) are the whole file's
    by_pieces = LongRecordingAnalyzer(window_s=180.0).analyze(open_recording(path, piece_bytes=PIECE))
    assert len(by_pieces.windows_) > 1
    in_memory = LongRecordingAnalyzer(window_s=180.0).analyze(RecordingStream.from_recording(whole))
    a, b = by_pieces.result_, in_memory.result_
    assert len(a.initial_contacts_s) == len(b.initial_contacts_s) > 300
    np.testing.assert_allclose(a.initial_contacts_s, b.initial_contacts_s, rtol=0, atol=1.0 / 100.0)
    edges = [[x["start_s"], x["end_s"]] for x in a.walking_bouts]
    np.testing.assert_allclose(edges, [[x["start_s"], x["end_s"]] for x in b.walking_bouts], atol=0.01)
    # and one window (the default hour) is exactly analyze_gait of the whole file
    one = LongRecordingAnalyzer().analyze(open_recording(path, piece_bytes=PIECE)).result_
    ref = analyze_gait(whole)
    np.testing.assert_allclose(one.initial_contacts_s, ref.initial_contacts_s, rtol=0, atol=1.0 / 100.0)
    assert len(one.walking_bouts) == len(ref.walking_bouts) > 0


def test_short_exports_are_read_whole_and_long_ones_piece_by_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(KINDS[2], tmp_path)
    assert open_recording(path).whole is not None  # 8 minutes: well under PHONE_STREAM_MIN_BYTES
    monkeypatch.setattr(sensor_logger, "PHONE_STREAM_MIN_BYTES", path.stat().st_size // 4)
    assert open_recording(path).whole is None  # counted as long: its tables unpack to more than that


def test_a_gap_is_listed_and_noted_as_by_the_whole_read(tmp_path: Path) -> None:
    for kind in (KINDS[0], KINDS[2]):
        path = _write(kind, tmp_path / kind[0], chunks(MINUTES, gap_at_s=200.0))
        whole = read_recording(path)
        stream = open_recording(path, piece_bytes=PIECE)
        acc, _ = _samples(stream)
        assert len(whole.gaps_s) == 1
        np.testing.assert_allclose(stream.gaps_s, whole.gaps_s, rtol=0, atol=1e-9)
        ((a, b),) = stream.gaps_s
        assert 199.9 < a < 200.0 and 201.9 < b < 202.1  # from the first sample, a few ms after the file's 0
        np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
        note = [n for n in whole.notes if n.startswith("no samples from")]
        assert note and note[0] in stream.notes


def test_an_empty_gyroscope_file_is_read_without_it_as_by_the_whole_read(tmp_path: Path) -> None:
    path = _write(KINDS[0], tmp_path)
    (path / "Gyroscope.csv").write_bytes(b"")
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=PIECE)
    acc, gyr = _samples(stream)
    assert whole.gyr_dps is None and gyr is None and not stream.has_gyroscope
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert "no gyroscope in this recording: angles that need one will be flagged" in stream.notes


# ------------------------------------------------------------------------------------------ bad input

runner = CliRunner()


def _last_line_cut(path: Path, member: str) -> str:
    f = path / member
    text = f.read_text().rstrip("\n")
    f.write_text(text[: text.rindex(",")])  # the last row loses its last value
    return "the file looks truncated"


def _time_back(path: Path, member: str) -> str:
    f = path / member
    lines = f.read_text().split("\n")
    k = len(lines) * 3 // 4  # late in the file: found only when its piece is read, during the analysis
    lines[k], lines[k + 1] = lines[k + 1], lines[k]
    f.write_text("\n".join(lines))
    return "timestamps go backwards at sample"


def _in_g(path: Path, member: str) -> str:
    f = path / member
    head, *rows = f.read_text().rstrip("\n").split("\n")
    cells = [r.split(",") for r in rows]
    # the numbers are g, the header (Sensor Logger: the file) says m/s^2
    f.write_text(
        head
        + "\n"
        + "\n".join(",".join([*c[:2], *(f"{float(x) / 9.80665!r}" for x in c[2:])]) for c in cells)
    )
    return "looks like acceleration with gravity removed (or a wrong unit)"


def _acc_empty(path: Path, member: str) -> str:
    (path / member).write_bytes(b"")
    return "no accelerometer data (sensors with data: Gyroscope; TotalAcceleration.csv is empty (0 bytes))"


@pytest.mark.parametrize(
    ("damage", "member"),
    [
        (_last_line_cut, "Gyroscope.csv"),
        (_last_line_cut, "TotalAcceleration.csv"),
        (_time_back, "Accelerometer.csv"),
        (_time_back, "Gyroscope.csv"),
        (_in_g, "TotalAcceleration.csv"),
        (_acc_empty, "TotalAcceleration.csv"),
    ],
)
def test_bad_input_exits_2_naming_the_problem_with_nothing_written(
    damage, member: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (phyphox, sensor_logger):  # read piece by piece, as a long export
        monkeypatch.setattr(module, "PHONE_STREAM_MIN_BYTES", 100_000)
        monkeypatch.setattr(module, "PHONE_PIECE_BYTES", PIECE)
    android = ("sensor-logger", "android", "export")
    path = _write(android if member == "TotalAcceleration.csv" else KINDS[0], tmp_path)
    expected = damage(path, member)
    with pytest.raises(RecordingError, match=re.escape(expected)):
        _samples(open_recording(path))  # the reader names it ...
    result = runner.invoke(app, ["gait", "analyze", str(path), "--json"])  # ... and the command says it
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}")
    assert expected in " ".join(result.stderr.split()), result.stderr
