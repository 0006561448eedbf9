"""A folder of several recordings (a folder of exports, two phyphox exports side by side) is refused
naming a few of them, and says to give one: the readers read one of them and said "missing column(s)
['time', 'x', 'y', 'z']" of one file in it (the folder of samples), or measured one export of the two
without saying which (two phyphox exports)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import FORMATS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording

PHYPHOX = FORMATS / "phyphox"


def test_a_folder_of_two_phyphox_exports_names_them(tmp_path: Path) -> None:
    for name in ("Farmapu__IN00CT09-3008", "sannatikk__walking-data-analysis"):
        shutil.copytree(PHYPHOX / name, tmp_path / name)
    with pytest.raises(RecordingError) as err:
        read_recording(tmp_path)
    said = str(err.value)
    assert "this folder holds 2 different recordings (Farmapu__IN00CT09-3008, sannatikk__walking" in said
    assert "give just one of them" in said and "missing column" not in said
    with pytest.raises(RecordingError, match="gravity removed"):  # each one alone: its own message
        read_recording(tmp_path / "Farmapu__IN00CT09-3008")


def test_gait_analyze_of_the_folder_of_samples_says_it_holds_several() -> None:
    done = CliRunner().invoke(app, ["gait", "analyze", str(FORMATS)])
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert "different recordings (" in said and "and " in said and "more)" in said, said
    assert "give just one of them" in said and "missing column" not in said
    done = CliRunner().invoke(app, ["gait", "analyze", str(PHYPHOX)])  # it measured one of the seven
    assert done.exit_code == 2, done.output
    assert "this folder holds 7 different recordings" in " ".join(done.output.split())
