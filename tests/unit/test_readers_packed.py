"""A table packed on its own (``.csv.gz``, as ActiLife and loggers export) is named as packed, with what to
do: it read 'this is a binary file, not a text table (is it the right file or format?)'."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path

import pytest

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording

TABLE = b"time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n" + b"".join(
    f"{i / 100:.2f},9.81,0.0,0.0\n".encode() for i in range(500)
)


@pytest.mark.parametrize(
    ("suffix", "pack", "named"),
    [
        (".csv.gz", gzip.compress, "gzip"),
        (".csv.bz2", bz2.compress, "bzip2"),
        (".csv.xz", lzma.compress, "xz"),
    ],
)
def test_a_packed_table_is_named_packed_with_the_way_out(
    tmp_path: Path, suffix: str, pack, named: str
) -> None:
    path = tmp_path / f"walk{suffix}"
    path.write_bytes(pack(TABLE))
    with pytest.raises(
        RecordingError, match=rf"walk\{suffix}: this file is packed with {named}.*unpack it"
    ) as err:
        read_recording(path)
    assert "binary file" not in str(err.value)


def test_the_real_actilife_csv_gz_sample_says_so(tmp_path: Path) -> None:
    from tests.conftest import FORMATS

    path = FORMATS / "actigraph_gt3x/THLfi__read.gt3x/TAS1H30182785_2019-09-17.csv.gz"
    with pytest.raises(RecordingError, match="packed with gzip"):
        read_recording(path)
