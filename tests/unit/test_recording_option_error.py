"""A reader's message about an option (units, trial): the command line's words by default, another
interface's words on request, and a file name with braces in it left as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.core.errors import RecordingError, RecordingOptionError
from backstride.gait.readers import read_file  # the command line's and the web's: options as flags

HEADER = "time_s,acc_x,acc_y,acc_z\n"  # no gyroscope: with one, both units are asked at once


def test_the_command_line_wording_is_the_default_and_other_words_can_be_asked(tmp_path: Path) -> None:
    path = tmp_path / "walk {1}.csv"
    path.write_text(HEADER + "".join(f"{i / 100},0,0,9.8\n" for i in range(400)), encoding="utf-8")
    with pytest.raises(RecordingOptionError) as caught:
        read_file(path)
    exc = caught.value
    assert isinstance(exc, RecordingError)
    assert str(exc) == (
        f"{path}: the acc_x/y/z columns do not say their unit; name them like acc_x_mps2 or acc_x_g, "
        "or pass --acc-unit m/s^2|g"
    )
    assert exc.options == {"give_acc_unit"}
    assert exc.phrased({"give_acc_unit": "pick a unit"}).endswith("acc_x_g, or pick a unit")
    renamed = exc.replaced(str(path), "my {walk}.csv")
    assert str(renamed).startswith("my {walk}.csv: the acc_x/y/z") and renamed.options == {"give_acc_unit"}
