"""Run a few lines of Python in a fresh process whose address space is limited (``RLIMIT_AS``) to what it
holds after its imports plus some headroom: a reader that makes a long gap, or a zip bomb, whole does
not fit and fails the test, where a timing or a tracemalloc figure would only warn. Linux only (it reads
``/proc/self/status``), as CI is."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_LIMIT = textwrap.dedent(
    """
    import resource, sys

    def _vm_size() -> int:
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmSize")

    _headroom = int(sys.argv[1]) * 1024**2
    _hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + _headroom, _hard))
    args = sys.argv[2:]
    """
)


def run_limited(imports: str, body: str, *args: str, headroom_mb: int, timeout_s: float = 300) -> str:
    """The standard output of ``imports``, then the limit (imports + ``headroom_mb``), then ``body``,
    which finds ``args`` as ``args``. The process must end well (its stderr is shown if not)."""
    script = textwrap.dedent(imports) + _LIMIT + textwrap.dedent(body)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(headroom_mb), *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


READERS = """
import pandas  # imported before the limit: the readers use it
from backstride.core.errors import RecordingError
from backstride.gait.readers import open_recording
"""
