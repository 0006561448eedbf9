"""An option that takes one value, given twice, is refused in every command (exit 2, the option named):
click kept the last without a word, so ``--symptom-at 10 --symptom-at 20`` read the first symptom at 20 s.
Options that gather several values, and flags, may still be repeated. Run through the console entry point,
where usage errors are printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def backstride(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backstride", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={
            "COLUMNS": "80",
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "PYTHONPATH": SRC,
            "HOME": str(cwd or "/nonexistent"),
        },
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["gait", "analyze", "walk.csv", "--symptom-at", "10", "--symptom-at", "20"], "--symptom-at"),
        (
            ["gait", "analyze", "walk.csv", "--stop-at=30", "--height-cm", "170", "--stop-at", "40"],
            "--stop-at",
        ),
        (["diary", "add", "--db", "d.sqlite3", "--minutes", "3", "--minutes", "4"], "--minutes"),
        (["export", "--db", "d.sqlite3", "-o", "a.json", "--out", "b.json"], "--out"),
    ],
)
def test_a_single_value_option_given_twice_is_refused(args: list[str], option: str, tmp_path: Path) -> None:
    proc = backstride(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {option} was given more than once"), lines[0]
    assert "give it once" in lines[0] and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_flag_given_twice_is_still_read(tmp_path: Path) -> None:
    # not refused as repeated: the file's own problem is what is said
    proc = backstride("gait", "analyze", "no-such-walk.csv", "--json", "--json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "more than once" not in proc.stderr and "no-such-walk.csv" in proc.stderr


def test_an_option_given_once_per_value_may_be_repeated(tmp_path: Path) -> None:
    proc = backstride(
        "diary",
        "add",
        "--db",
        "d.sqlite3",
        "--pain",
        "3",
        "--tried",
        "knee_to_chest",
        "--tried",
        "nope",
        cwd=tmp_path,
    )
    assert "more than once" not in proc.stderr
