"""Command-line usage errors (a bad option value, an unknown command or option) print the project's one
line ``error: ...`` on stderr and exit 2, like every other user error: no box, no traceback. Run as a real
process through the console entry point (``backstride.cli.main.run``), which is where they are caught."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"  # this tree's code, not the one installed in the venv


def backstride(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backstride", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": str(SRC)},
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["gait", "analyze", "walk.csv", "--height-cm", "abc"], "'--height-cm'"),
        (["bogus"], "no such command 'bogus'"),
        (["serve", "--port", "99999"], "'--port'"),
        (["gait", "analyze", "walk.csv", "--nope"], "no such option: --nope"),
    ],
)
def test_usage_errors_are_one_error_line_and_exit_2(args: list[str], problem: str) -> None:
    proc = backstride(*args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and problem in lines[0], lines[0]
    assert "--help" in lines[0]  # says where to find what is expected
    for box in "╭│╰─":
        assert box not in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_no_arguments_still_show_the_help() -> None:
    proc = backstride("gait")
    assert proc.returncode == 2
    assert "analyze" in proc.stdout + proc.stderr
    assert "error:" not in proc.stderr


def test_a_good_command_still_exits_0() -> None:
    proc = backstride("knowledge", "--help")
    assert proc.returncode == 0, proc.stderr
