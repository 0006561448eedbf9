"""Shared test fixtures. Real data is read from ../shared (never copied into the repository)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
MOBILISED_LAB = SHARED / "data" / "mobilised-lab"
FORMATS = SHARED / "data" / "formats"
VIGNETTES = SHARED / "data" / "vignettes" / "dev.jsonl"
ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}; tests read the real data from there")
    return SHARED


@contextmanager
def time_zone(name: str) -> Iterator[None]:
    """The computer's time zone set to ``name`` (``TZ``) inside, and put back after: the pages, the
    readers and the walking test times read clock times by it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
