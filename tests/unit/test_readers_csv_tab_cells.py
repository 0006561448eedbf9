"""A cell of only tabs (or tabs and spaces) in a comma or semicolon table is an empty cell, read whole as
read piece by piece, as a cell of spaces is.

Read whole the file was refused ("a value is not a number at line 30: column acc_x_mps2 holds '\\t'"),
read piece by piece (a file of 4 MB and over) the same cell was empty and filled in from the rows around
it, so whether the file was taken depended on its size.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.unit.test_readers_csv_reads_agree import _both, _rows, _write


@pytest.mark.parametrize("cell", ["\t", " \t ", "\t\t", " \tNA"])
@pytest.mark.parametrize("d", [",", ";"])
def test_a_cell_of_tabs_is_empty_read_whole_or_in_pieces(tmp_path: Path, d: str, cell: str) -> None:
    lines = _rows(3_000, d=d)
    spaces = list(lines)
    for k, col in ((30, 1), (1_074, 3), (2_321, 5)):
        cells = lines[k].split(d)
        cells[col] = cell
        lines[k] = d.join(cells)
        cells[col] = cell.replace("\t", " ")
        spaces[k] = d.join(cells)
    said = _both(_write(tmp_path / "spaces.csv", spaces))[0]  # the same cells, of spaces
    whole, stream, acc = _both(_write(tmp_path / "walk.csv", lines))
    assert stream.whole is None
    np.testing.assert_array_equal(whole.acc_mps2, said.acc_mps2)
    np.testing.assert_allclose(acc, whole.acc_mps2, rtol=0, atol=1e-9)
    assert list(whole.notes) == list(said.notes) == stream.notes
    assert any("had no value" in n for n in whole.notes), whole.notes
