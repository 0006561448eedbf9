"""Time order: one check (``_common.check_time_order``) for the whole-file readers, the generic CSV read
piece by piece, and the Axivity block times. The same fault gives the same kind of message everywhere:
what went wrong, where (sample or block number, the two times; a CSV's line and its own times), and what
was expected. Files are written
to tmp_path."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers._common import RepeatedTimes, check_time_order
from backstride.gait.readers.axivity import BLOCK_BYTES, BLOCK_DTYPE, HEADER_BYTES, write_axivity

G = 9.80665
HEADER = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
# the kind of message every reader gives for a time that goes back
BACKWARDS = re.compile(
    r"timestamps go backwards at (sample|block) (\d+) \((\S+) s comes after (\S+) s\); "
    r"expected times that never go down from one \1 to the next"
)
# a text file's own times and line, as written in the file (test_readers_csv_input_words.py)
CSV_BACKWARDS = re.compile(
    r"timestamps go backwards at line (\d+) \(time_s (\S+) comes after (\S+)\); "
    r"expected times that never go down from one row to the next"
)


def test_the_check_names_the_first_step_back_with_both_times() -> None:
    t = np.array([0.0, 0.01, 0.02, 0.02, 0.015, 0.03])
    with pytest.raises(RecordingError) as info:
        check_time_order(t, "walk.csv", name="accelerometer")
    assert str(info.value) == (
        "walk.csv: accelerometer: timestamps go backwards at sample 5 (0.015 s comes after 0.02 s); "
        "expected times that never go down from one sample to the next"
    )


def test_the_check_returns_the_repeated_times_and_uses_the_given_numbers() -> None:
    t = np.array([1.0, 1.0, 2.0, 3.0, 3.0, 3.0])
    assert check_time_order(t, "x").tolist() == [1, 4, 5]
    numbers = np.array([10, 11, 13, 14, 15, 16])  # row 12 was dropped (a missing value)
    with pytest.raises(RecordingError, match=r"at sample 13 \(0\.5 s comes after 1 s\)"):
        check_time_order(np.array([0.0, 1.0, 0.5, 2.0, 3.0, 4.0]), "x", numbers=numbers)


def test_a_step_back_between_two_pieces_is_found_with_the_last_time_of_the_piece_before() -> None:
    piece = np.array([4.98, 5.0, 5.01])
    assert check_time_order(piece, "x", previous_s=4.97).size == 0
    with pytest.raises(RecordingError, match=r"at sample 101 \(4\.98 s comes after 4\.99 s\)"):
        check_time_order(piece, "x", previous_s=4.99, numbers=np.array([101, 102, 103]))
    # a first time equal to the previous piece's last one is a repeat: index 0 of this piece
    assert check_time_order(piece, "x", previous_s=4.98).tolist() == [0]


def test_repeated_times_are_counted_over_pieces_and_the_first_is_named() -> None:
    rep = RepeatedTimes("accelerometer")
    rep.add(np.array([0.0, 0.01, 0.01]), np.array([2]), np.array([1, 2, 3]))
    rep.add(np.array([0.02, 0.02]), np.array([1]), np.array([4, 5]))
    assert rep.note() == (
        "accelerometer: dropped 2 sample(s) with a repeated timestamp (the first at sample 3, 0.01 s); "
        "the first sample at each time was kept"
    )


# --------------------------------------------------------------------------------- the three readers


def _walk(n: int, rate: float = 100.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.arange(n) / rate
    acc = np.column_stack([G + 1.5 * np.sin(2 * np.pi * 2 * t), 0.3 * np.sin(2 * np.pi * t), 0 * t])
    gyr = np.column_stack([20 * np.sin(2 * np.pi * t), 0 * t, 5 * np.cos(2 * np.pi * t)])
    return t, acc, gyr


def _write_csv(path: Path, t: np.ndarray, acc: np.ndarray, gyr: np.ndarray) -> list[int]:
    """The CSV, and the byte offset where each data row starts."""
    lines = [HEADER] + [",".join(f"{v:.6f}" for v in row) for row in np.column_stack([t, acc, gyr]).tolist()]
    text = "\n".join(lines) + "\n"
    path.write_text(text)
    starts = np.cumsum([0] + [len(line) + 1 for line in lines])
    return starts[1:-1].tolist()


def _first_row_of_second_piece(starts: list[int], piece: int) -> int:
    """The data row (0-based) a piece of ``piece`` bytes starts the next piece with (see _read_piece)."""
    return next(i for i, s in enumerate(starts) if s >= piece)


PIECE = 60_000


@pytest.fixture
def csv_with_a_step_back(tmp_path: Path) -> tuple[Path, int]:
    """A CSV whose time steps back exactly where the second piece starts (the check carried across)."""
    t, acc, gyr = _walk(6000)
    path = tmp_path / "back.csv"
    starts = _write_csv(path, t, acc, gyr)
    k = _first_row_of_second_piece(starts, PIECE)
    t = t.copy()
    t[k:] -= 0.5  # the whole rest of the file half a second back
    _write_csv(path, t, acc, gyr)
    return path, k


def test_whole_and_piece_by_piece_csv_give_the_same_message(csv_with_a_step_back) -> None:
    path, k = csv_with_a_step_back
    with pytest.raises(RecordingError) as whole:
        read_recording(path)
    stream = open_recording(path, piece_bytes=PIECE)
    with pytest.raises(RecordingError) as pieces:
        list(stream.blocks())
    assert str(pieces.value) == str(whole.value)
    m = CSV_BACKWARDS.search(str(whole.value))
    assert m is not None, str(whole.value)
    assert str(whole.value).startswith(f"{path}: accelerometer: ")
    # sample k + 1 (1-based) is the first of the second piece, on line k + 2; the times are the two rows'
    assert int(m.group(1)) == k + 2
    assert float(m.group(2)) == pytest.approx(k / 100 - 0.5)
    assert float(m.group(3)) == pytest.approx((k - 1) / 100)


def test_a_step_back_inside_a_later_piece_is_named_like_the_whole_file_read(tmp_path: Path) -> None:
    t, acc, gyr = _walk(6000)
    t = t.copy()
    t[4321] = t[4300]
    path = tmp_path / "back.csv"
    _write_csv(path, t, acc, gyr)
    with pytest.raises(RecordingError) as whole:
        read_recording(path)
    with pytest.raises(RecordingError) as pieces:
        list(open_recording(path, piece_bytes=PIECE).blocks())
    assert str(pieces.value) == str(whole.value)
    assert "at line 4323 (time_s 43 comes after 43.2)" in str(whole.value)


def test_missing_rows_do_not_shift_the_sample_number(tmp_path: Path) -> None:
    # a row with an empty cell is dropped; the step back is still named by its place in the file
    t, acc, gyr = _walk(600)
    t = t.copy()
    t[300] = 1.0
    acc = acc.copy()
    acc[100, 1] = np.nan
    path = tmp_path / "holes.csv"
    _write_csv(path, t, acc, gyr)
    with pytest.raises(RecordingError, match=r"at line 302 \(time_s 1 comes after 2\.99\)"):
        read_recording(path)


def _cwa_with_block_start_moved(path: Path, block: int, samples_back: int) -> None:
    """A 100 Hz AX6 file (40 samples, 0.4 s a block) whose block ``block`` claims to start
    ``samples_back`` samples earlier than it does (its timestamp offset changed, checksum fixed)."""
    t, acc, gyr = _walk(40 * 200)
    write_axivity(path, acc, gyr, start=datetime(2026, 3, 1, 9, 0))
    raw = bytearray(path.read_bytes())
    at = HEADER_BYTES + block * BLOCK_BYTES
    rec = np.frombuffer(bytes(raw[at : at + BLOCK_BYTES]), dtype=BLOCK_DTYPE).copy()
    rec["timestamp_offset"] += samples_back
    words = rec.view("<u2")
    words[255] = (-int(words[:255].sum(dtype=np.uint64))) & 0xFFFF
    raw[at : at + BLOCK_BYTES] = rec.tobytes()
    path.write_bytes(bytes(raw))


def test_axivity_block_times_going_back_give_the_same_kind_of_message(tmp_path: Path) -> None:
    path = tmp_path / "back.cwa"
    _cwa_with_block_start_moved(path, 50, 300)  # block 50 starts at 20 s; it says 17 s (after 19.6 s)
    for read in (read_recording, open_recording):
        with pytest.raises(RecordingError) as info:
            read(path)
        message = str(info.value)
        m = BACKWARDS.search(message)
        assert m is not None, message
        assert message.startswith(f"{path}: timestamps go backwards at block 50 ")
        assert (float(m.group(3)), float(m.group(4))) == (pytest.approx(17.0), pytest.approx(19.6))
        assert message.endswith("; the file is damaged")


def test_an_axivity_block_repeating_the_time_of_the_one_before_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "same.cwa"
    _cwa_with_block_start_moved(path, 50, 40)  # block 50 says 19.6 s, like block 49
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    assert str(info.value) == (
        f"{path}: timestamps repeat at block 50 (19.6 s twice); expected each block later than the one "
        "before; the file is damaged"
    )


def test_repeated_csv_times_give_the_same_note_whole_and_piece_by_piece(tmp_path: Path) -> None:
    t, acc, gyr = _walk(6000)
    path = tmp_path / "dup.csv"
    starts = _write_csv(path, t, acc, gyr)
    k = _first_row_of_second_piece(starts, PIECE)
    t = np.insert(t, [k, 5000], [t[k - 1], t[4999]])  # a repeat across the pieces' edge and one inside
    acc = np.insert(acc, [k, 5000], [acc[k - 1] + 1.0, acc[4999] + 1.0], axis=0)  # a repeat is dropped
    gyr = np.insert(gyr, [k, 5000], [gyr[k - 1], gyr[4999]], axis=0)
    _write_csv(path, t, acc, gyr)
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=PIECE)
    got = np.concatenate([p.acc_mps2 for p in stream.blocks()])
    note = next(n for n in whole.notes if "repeated timestamp" in n)
    assert note.startswith(
        f"accelerometer: dropped 2 sample(s) with a repeated timestamp (the first at sample {k + 1}"
    )
    assert note in stream.notes
    assert whole.n_samples == got.shape[0] == 6000
    np.testing.assert_allclose(got, whole.acc_mps2, atol=1e-9)


runner = CliRunner()


def test_cli_refuses_each_with_exit_status_2_and_nothing_on_stdout(
    tmp_path: Path, csv_with_a_step_back, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.gait.readers import csv_generic

    monkeypatch.setattr(csv_generic, "STREAM_MIN_BYTES", 100_000)  # read piece by piece, as a long file
    monkeypatch.setattr(csv_generic, "PIECE_BYTES", PIECE)
    cwa = tmp_path / "back.cwa"
    _cwa_with_block_start_moved(cwa, 50, 300)
    csv_path, _ = csv_with_a_step_back
    for path in (csv_path, cwa):
        result = runner.invoke(app, ["gait", "analyze", str(path), "--json"])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {path}: ")
        said = " ".join(result.stderr.split())
        assert (CSV_BACKWARDS if path == csv_path else BACKWARDS).search(said), result.stderr


@pytest.mark.parametrize("jump_s", [30 * 86400.0, 400 * 86400.0])
def test_a_far_time_read_piece_by_piece_is_refused_before_its_gap_is_made(
    tmp_path: Path, jump_s: float
) -> None:
    # found checking the last note's leftover: one wrong time 30 days ahead in a long (streamed) CSV
    # made the gap's grid (259 million rows) before the 28-hour check; a 68 MB file took 24 GB and
    # was killed. Now it is refused as the whole-file read refuses it, with the memory of one piece.
    import tracemalloc

    t, acc, gyr = _walk(6000)
    t = t.copy()
    t[4000:] += jump_s
    path = tmp_path / "far.csv"
    _write_csv(path, t, acc, gyr)
    with pytest.raises(RecordingError) as whole:
        read_recording(path)
    tracemalloc.start()
    try:
        with pytest.raises(RecordingError) as pieces:
            list(open_recording(path, piece_bytes=PIECE).blocks())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    days = f"from 39.99 s to {40 + jump_s:.2f} s ({jump_s / 86400:.1f} days)"
    assert days in str(whole.value) and "more than 28 hours without samples in all" in str(whole.value)
    assert days in str(pieces.value) and "a stretch of more than 28 hours without samples" in str(
        pieces.value
    )
    assert peak < 50 * 1024**2, f"peak {peak / 1024**2:.0f} MB"


def test_many_shorter_stretches_read_piece_by_piece_are_each_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a week from a phone switched off each night: each stretch is filled in its own piece, so only
    # one stretch too long is refused piece by piece (the limit made small here: 500 grid rows)
    from backstride.gait.readers import _common, stream

    monkeypatch.setattr(_common, "MAX_FILLED_SAMPLES", 500)
    monkeypatch.setattr(stream, "MAX_FILLED_SAMPLES", 500)
    t, acc, gyr = _walk(6000)
    t = t.copy()
    t[2000:] += 4.0  # 400 rows
    t[4000:] += 4.0  # 400 more: 800 in all
    path = tmp_path / "nights.csv"
    _write_csv(path, t, acc, gyr)
    with pytest.raises(RecordingError, match="without samples in all"):
        read_recording(path)  # read whole, its grid is made at once
    blocks = list(open_recording(path, piece_bytes=PIECE).blocks())
    assert sum(b.acc_mps2.shape[0] for b in blocks) == 6000 + 800


def test_a_gap_under_the_limit_read_piece_by_piece_is_filled_as_the_whole_file_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the grid of a long stretch is interpolated in parts (FILL_CHUNK_ROWS) into one array: the same
    # values as the whole-file read, which interpolates it at once
    from backstride.gait.readers import stream

    t, acc, gyr = _walk(6000)
    t = t.copy()
    t[4000:] += 3600.0  # an hour without samples
    path = tmp_path / "hour.csv"
    _write_csv(path, t, acc, gyr)
    whole = read_recording(path)
    monkeypatch.setattr(stream, "FILL_CHUNK_ROWS", 1000)  # many parts
    blocks = list(open_recording(path, piece_bytes=PIECE).blocks())
    acc_pieces = np.concatenate([b.acc_mps2 for b in blocks])
    assert acc_pieces.shape == whole.acc_mps2.shape and acc_pieces.shape[0] > 360_000
    np.testing.assert_allclose(acc_pieces, whole.acc_mps2, rtol=0, atol=1e-9)


def test_a_long_stretch_comes_in_parts_equal_to_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 20-hour gap in a 68 MB CSV peaked at 910 MB while its grid was made whole; in parts, 312 MB
    from backstride.gait.readers import stream

    monkeypatch.setattr(stream, "FILL_CHUNK_ROWS", 1000)
    t = np.concatenate([np.arange(100) / 100.0, 3600.0 + np.arange(100) / 100.0])
    values = np.column_stack([np.sin(t), np.cos(t), t])
    whole = stream.GridFeeder(0.0, 100.0, regular=False, median_dt_s=0.01).feed(t, values)
    parts = list(stream.GridFeeder(0.0, 100.0, regular=False, median_dt_s=0.01).feed_parts(t, values))
    assert len(parts) == 361 and max(p.shape[0] for p in parts) == 1000
    np.testing.assert_array_equal(np.concatenate(parts), whole)
    assert whole.shape == (360_100, 3)
