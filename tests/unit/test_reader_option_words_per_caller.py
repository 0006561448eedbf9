"""A reader's message about a missing or misplaced option reads well and names what its caller can
type: the command line's flags (``--acc-unit``), the Python API's arguments (``acc_unit=``), the
walk page's boxes and the API's form fields. Both units missing were asked for as "pass --acc-unit
m/s^2|g and pass --gyr-unit deg/s|rad/s", and ``read_recording`` called from Python named the command
line's flags, which a researcher cannot pass. Real files: the Mobilise-D lab's imu.csv (no units in its
header) and data.mat (three trials)."""

from __future__ import annotations

import pytest
from tests.conftest import MOBILISED_LAB
from typer.testing import CliRunner

import backstride
from backstride.core.errors import RecordingOptionError
from backstride.gait.readers import read_file
from backstride.web.api import API_OPTION_NAMES
from backstride.web.pages import PAGE_OPTION_NAMES

LAB = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
MAT = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"
BOTH = "name them like acc_x_mps2 or acc_x_g and gyr_x_dps or gyr_x_rads, or "


def _cli(*args: str) -> str:
    from backstride.cli.main import app

    done = CliRunner().invoke(app, ["gait", "analyze", *args])
    assert done.exit_code == 2, done.output
    return " ".join(done.stderr.split())


def test_both_units_are_asked_for_once_on_the_command_line() -> None:
    said = _cli(str(LAB))
    assert said.endswith(BOTH + "pass --acc-unit m/s^2|g and --gyr-unit deg/s|rad/s")
    assert said.count("pass") == 1


def test_both_units_are_asked_for_by_their_argument_names_from_python() -> None:
    with pytest.raises(backstride.RecordingOptionError) as caught:
        backstride.read_recording(LAB)
    said = str(caught.value)
    assert said.endswith(
        BOTH + 'give read_recording acc_unit ("m/s^2" or "g") and gyr_unit ("deg/s" or "rad/s")'
    )
    assert "--" not in said  # no command-line flag
    # the words given work: the same call with them reads the file
    assert backstride.read_recording(LAB, acc_unit="m/s^2", gyr_unit="deg/s").n_samples > 0


def test_one_unit_and_the_trial_are_named_as_python_arguments() -> None:
    with pytest.raises(
        backstride.RecordingOptionError, match=r'give read_recording gyr_unit="deg/s" or gyr_unit="rad/s"$'
    ):
        backstride.read_recording(LAB, acc_unit="m/s^2")
    with pytest.raises(backstride.RecordingOptionError) as trial:
        backstride.read_recording(MAT)
    assert "holds 3 trials; choose one with the trial argument (e.g. trial=TimeMeasure1/" in str(trial.value)
    assert "--trial" not in str(trial.value)
    with pytest.raises(
        backstride.RecordingOptionError, match="the acc_unit/gyr_unit arguments apply to the generic csv"
    ):
        backstride.read_recording(MAT, acc_unit="g")
    # the command line still names its flags for the same files
    assert "choose one with --trial (e.g. --trial TimeMeasure1/" in _cli(str(MAT))
    assert "--gyr-unit deg/s|rad/s" in _cli(str(LAB), "--acc-unit", "m/s^2")


def test_the_error_keeps_its_options_and_each_interface_its_words() -> None:
    with pytest.raises(RecordingOptionError) as caught:
        read_file(LAB)  # the command line's and the web's reader
    exc = caught.value
    assert exc.options == {"give_units"}
    assert exc.phrased(PAGE_OPTION_NAMES).endswith("or choose both units under “Units” below")
    assert exc.phrased(API_OPTION_NAMES).endswith(
        "or send the form fields acc_unit (m/s^2 or g) and gyr_unit (deg/s or rad/s)"
    )
    python = exc.named(RecordingOptionError.PYTHON_NAMES)
    assert python.options == exc.options and python.phrased(PAGE_OPTION_NAMES) == exc.phrased(
        PAGE_OPTION_NAMES
    )
    # every interface names every option the readers may ask for
    for names in (PAGE_OPTION_NAMES, API_OPTION_NAMES, RecordingOptionError.PYTHON_NAMES):
        assert set(names) == set(RecordingOptionError.CLI_NAMES)
