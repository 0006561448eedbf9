"""A generic CSV read whole and read piece by piece (``piece_bytes`` forces the pieces) give the same
recording and the same notes:

* a file whose timing is regular until a gap the first piece and the places measured do not see: read whole
  it is resampled ('resampled irregular timestamps ...'), read in pieces it said 'N samples put on the
  100 Hz grid by linear interpolation where the timing left it' for the same samples;
* lines of spaces or tabs: read whole a line of one tab in a comma table was 'not a number', in pieces it
  was skipped; one at the end of a piece was 'the file looks truncated' in pieces only; in a file with ISO
  time stamps a blank line was 'timestamp '' is not an ISO 8601 date-time' (its values' parser skipped it),
  and a row with no time was refused where a ``time_s`` row without one is dropped and counted."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording
from backstride.gait.readers.stream import open_recording

COLUMNS = ["acc_x_mps2", "acc_y_mps2", "acc_z_mps2", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"]
START = datetime(2024, 5, 1, 10, 0, 0)


def _rows(n: int, *, iso: bool = False, gap_at: int | None = None, d: str = ",") -> list[str]:
    """A walk-like signal at 100 Hz (times in seconds or ISO with 'Z'), 1 s without samples at ``gap_at``."""
    lines = [d.join(["timestamp" if iso else "time_s", *COLUMNS])]
    for i in range(n):
        t = i / 100 + (1.0 if gap_at is not None and i >= gap_at else 0.0)
        when = (START + timedelta(seconds=t)).isoformat(timespec="milliseconds") + "Z" if iso else f"{t:.2f}"
        acc = [0.5 * np.sin(6 * t), 0.3 * np.cos(3 * t), 9.81 + np.sin(12 * t)]
        gyr = [20 * np.sin(6 * t), 10 * np.cos(11 * t), 5 * np.sin(2 * t)]
        lines.append(d.join([when, *(f"{v:.4f}" for v in acc), *(f"{v:.3f}" for v in gyr)]))
    return lines


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def _both(path: Path, piece_bytes: int = 4096):
    whole = read_recording(path)
    stream = open_recording(path, piece_bytes=piece_bytes)
    blocks = list(stream.blocks(7_000))
    return whole, stream, np.concatenate([b.acc_mps2 for b in blocks])


def test_a_gap_the_first_piece_does_not_see_gives_the_whole_reads_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backstride.gait.readers import csv_generic

    monkeypatch.setattr(csv_generic, "RATE_PROBES", 4)  # the places measured miss the gap
    monkeypatch.setattr(csv_generic, "PROBE_BYTES", 8_192)
    path = _write(tmp_path / "walk.csv", _rows(30_000, gap_at=5_000))
    whole, stream, acc = _both(path, piece_bytes=50_000)
    assert stream.whole is None
    assert stream.n_samples == whole.n_samples and stream.sampling_rate_hz == whole.sampling_rate_hz == 100.0
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert (
        stream.notes
        == list(whole.notes)
        == [
            "resampled irregular timestamps (median rate 100 Hz) to a uniform 100 Hz by linear interpolation",
            "no samples from 49.99 s to 51.00 s (1.01 s): filled by interpolation",
        ]
    )


def test_a_gap_in_the_first_piece_gives_the_whole_reads_note_too(tmp_path: Path) -> None:
    # it said where the rate was measured ('median rate 100 Hz, measured at 17 places ...'): another note
    path = _write(tmp_path / "walk.csv", _rows(3_000, gap_at=40))
    whole, stream, acc = _both(path)
    assert stream.whole is None
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert stream.notes == list(whole.notes)
    assert whole.notes[0].startswith("resampled irregular timestamps (median rate 100 Hz)")


@pytest.mark.parametrize("blank", ["\t", " \t ", "   ", ""])
@pytest.mark.parametrize("d", [",", ";"])
def test_lines_of_spaces_or_tabs_are_skipped_read_whole_or_in_pieces(
    tmp_path: Path, blank: str, d: str
) -> None:
    lines = _rows(3_000, d=d)
    plain = read_recording(_write(tmp_path / "plain.csv", lines))
    for at in range(2_900, 10, -37):  # many, so that some end a piece
        lines.insert(at, blank)
    path = _write(tmp_path / "walk.csv", lines)
    whole, stream, acc = _both(path)
    assert stream.whole is None
    np.testing.assert_array_equal(whole.acc_mps2, plain.acc_mps2)
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert stream.notes == list(whole.notes) == list(plain.notes)


@pytest.mark.parametrize("blank", ["", "\t", "  ", " \t "])
def test_blank_lines_in_a_file_with_iso_times_are_skipped(tmp_path: Path, blank: str) -> None:
    lines = _rows(1_500, iso=True)
    plain = read_recording(_write(tmp_path / "plain.csv", lines))
    for at in (1_200, 700, 300, 2):
        lines.insert(at, blank)
    path = _write(tmp_path / "walk.csv", [*lines, blank])
    whole, stream, acc = _both(path)
    assert stream.whole is not None  # ISO time stamps are read whole
    np.testing.assert_array_equal(whole.acc_mps2, plain.acc_mps2)
    assert whole.notes == plain.notes


@pytest.mark.parametrize("cell", ["", "NA", " ", '""'])
def test_a_row_with_no_iso_time_is_dropped_as_a_row_with_no_time_s(tmp_path: Path, cell: str) -> None:
    """A tab table's line of one tab (empty cells), or an empty time cell: a ``time_s`` file drops the row
    and counts it; with ISO times it was refused ('timestamp '' is not an ISO 8601 date-time')."""
    read = {}
    for name in ("timestamp", "time_s"):
        lines = _rows(1_500, iso=name == "timestamp", d="\t")
        lines.insert(400, "\t")
        cells = lines[900].split("\t")
        cells[0] = cell
        lines[900] = "\t".join(cells)
        read[name] = read_recording(_write(tmp_path / f"{name}.csv", lines))
        assert f"{name}: dropped 2 row(s) with no time" in read[name].notes
    np.testing.assert_allclose(read["timestamp"].acc_mps2, read["time_s"].acc_mps2, rtol=0, atol=1e-9)


def test_an_iso_file_without_any_time_is_refused_naming_the_column(tmp_path: Path) -> None:
    lines = [
        line.replace(line.split(",")[0], "", 1) if k else line for k, line in enumerate(_rows(300, iso=True))
    ]
    with pytest.raises(RecordingError, match="the timestamp column has no times"):
        read_recording(_write(tmp_path / "walk.csv", lines))
