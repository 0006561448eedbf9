"""A cell holding a missing-value word ("NA" as R writes it, "#N/A" as a spreadsheet, "NULL", "None") or a
quoted cell of spaces is an empty cell, read whole (numpy, a file under 4 MB) or piece by piece (pandas):
read whole such a file was refused ("could not convert string 'NA' to float64"), read in pieces it was
taken, so a file's size decided whether it was read (review R3). Real lab walks (Mobilise-D, ../shared)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pandas._libs.parsers import STR_NA_VALUES
from tests.unit.test_readers_csv_one_sensor_rows import _same, lab, walk_with_cell

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording

__all__ = ["lab"]  # the fixture, shared


def _walk(path: Path, lab: np.ndarray, cell: str) -> Path:
    return walk_with_cell(path, lab, cell, acc_row=900)


def test_the_words_are_those_pandas_reads_as_missing() -> None:
    from backstride.gait.readers._common import MISSING_WORDS  # docs/gait-input.md lists them

    assert set(MISSING_WORDS) == set(STR_NA_VALUES) - {""}
    from backstride.gait.readers._common import _MISSING_HINTS

    for word in MISSING_WORDS:  # the quick test before the expression finds every word numpy cannot read
        assert word.lower() in ("nan", "-nan") or any(hint in word for hint in _MISSING_HINTS), word


@pytest.mark.parametrize("cell", ["NA", "null", "NULL", "N/A", "n/a", "#N/A", "None", "<NA>", '" "', " NA "])
def test_a_missing_value_word_is_an_empty_cell_read_whole_or_in_pieces(
    tmp_path: Path, lab: np.ndarray, cell: str
) -> None:
    path = _walk(tmp_path / "walk.csv", lab, cell)
    notes = "\n".join(read_recording(path).notes)
    assert "gyroscope: 2 row(s) had no value" in notes and "accelerometer: 1 row(s) had no value" in notes
    _same(path, piece_bytes=50_000)


@pytest.mark.parametrize("cell", ["-", "x", "NAN!"])
def test_other_words_are_still_refused_either_way(tmp_path: Path, lab: np.ndarray, cell: str) -> None:
    from backstride.gait.readers.stream import open_recording

    path = _walk(tmp_path / "walk.csv", lab, cell)
    with pytest.raises(RecordingError, match="a value is not a number"):
        read_recording(path)
    with pytest.raises(RecordingError, match="a value is not a number"):
        list(open_recording(path, piece_bytes=50_000).blocks(7_000))
