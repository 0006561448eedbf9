"""The README's Python example runs as written, on a real lab walk (N10, 2026-11-28).

A researcher new to backstride found only commands in the README: nothing said that
``backstride.read_recording``, ``analyze_gait`` and ``assess`` are the public API (``backstride.__all__``),
how a gait result reaches an assessment, or which exception to catch in a script over many files.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import MOBILISED_LAB, REPO_ROOT

import backstride

LAB = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # time_s, acc_x..z (m/s^2), gyr_x..z (deg/s)


def _example() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) == 1, "the README shows one Python example"
    return blocks[0]


def test_the_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = _example()
    assert '"walk.csv"' in code
    namespace: dict[str, object] = {}
    exec(compile(code.replace('"walk.csv"', repr(str(LAB))), "README.md", "exec"), namespace)  # noqa: S102
    speed, to_symptom = capsys.readouterr().out.split("\n")[0].split()
    assert 0.8 < float(speed) < 1.1 and float(to_symptom) == pytest.approx(8 - 4.06, abs=0.05)
    assert namespace["check"].disposition in {"emergency", "urgent", "routine", "self_care"}  # type: ignore[attr-defined]


def test_the_names_it_uses_are_the_public_ones_and_input_error_is_what_a_script_catches() -> None:
    code = _example()
    for name in ("InputError", "analyze_gait", "assess", "read_recording"):
        assert name in code and name in backstride.__all__
    with pytest.raises(backstride.InputError, match="no such file"):
        backstride.read_recording("no-such-walk.csv")
    recording = backstride.read_recording(LAB, acc_unit="m/s^2", gyr_unit="deg/s")
    with pytest.raises(backstride.InputError, match=r"1\.72 m is 172 cm"):
        backstride.analyze_gait(recording, height_cm=1.72)


def test_the_readme_says_which_arguments_the_readers_messages_mean() -> None:
    # a reader's message called from Python names read_recording's own arguments (n11, 2026-11-28:
    # it named the command line's --acc-unit, which a researcher cannot pass), as the README says
    readme = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "its messages name its own arguments" in readme
    with pytest.raises(backstride.RecordingOptionError, match=r'give read_recording acc_unit \("m/s\^2"'):
        backstride.read_recording(LAB)
