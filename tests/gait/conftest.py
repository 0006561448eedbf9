"""Fixtures shared by the tests that read the Mobilise-D lab data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import MOBILISED_LAB

from backstride.gait.evaluation import LabTrial, load_lab_trials


@pytest.fixture(scope="session")
def lab_trials() -> list[LabTrial]:
    """The 4 lab trials with an INDIP walking bout (fails, never skips, when the data are missing)."""
    if not MOBILISED_LAB.is_dir():
        pytest.fail(f"lab data not found at {MOBILISED_LAB}")
    out = load_lab_trials(MOBILISED_LAB)
    assert len(out) == 4, "expected the 4 trials with an INDIP walking bout"
    return out


def gait_analyze_text(recording: Path, *options: str) -> str:
    """What `backstride gait analyze RECORDING [OPTIONS]` prints (200 columns wide); fails on a non-zero
    exit."""
    out = subprocess.run(
        [sys.executable, "-m", "backstride", "gait", "analyze", str(recording), *options],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": "src", "COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    return out.stdout
